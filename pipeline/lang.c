/* The language table and the parser for the names users and documents give languages. */
#include "lang.h"

#include <stddef.h>
#include <strings.h>

#define FONT_LATIN "\"Noto Serif\", \"DejaVu Serif\", Georgia, serif"

static const struct hx_lang_info lang_table[HX_LANG_COUNT] = {
	[HX_LANG_AR] = {HX_LANG_AR, "ar", "ara", "ar", "Arabic", "العربية", "ar", "ar", "Arab",
			HX_DIR_RTL, true,
			"\"Noto Naskh Arabic\", \"Noto Sans Arabic\", \"Amiri\", \"DejaVu Sans\", "
			"serif"},
	[HX_LANG_ZH] = {HX_LANG_ZH, "zh", "zho", "zh", "Chinese", "中文", "zh_Hans", "", "Hans",
			HX_DIR_LTR, false,
			"\"Noto Serif CJK SC\", \"Noto Sans CJK SC\", \"Source Han Serif SC\", "
			"\"WenQuanYi Micro Hei\", serif"},
	[HX_LANG_EN] = {HX_LANG_EN, "en", "eng", "en", "English", "English", "en", "en_US", "Latn",
			HX_DIR_LTR, true, FONT_LATIN},
	[HX_LANG_FR] = {HX_LANG_FR, "fr", "fra", "fr", "French", "Français", "fr", "fr_FR", "Latn",
			HX_DIR_LTR, true, FONT_LATIN},
	[HX_LANG_RU] = {HX_LANG_RU, "ru", "rus", "ru", "Russian", "Русский", "ru", "ru_RU", "Cyrl",
			HX_DIR_LTR, true, FONT_LATIN},
	[HX_LANG_ES] = {HX_LANG_ES, "es", "spa", "es", "Spanish", "Español", "es", "es_ES", "Latn",
			HX_DIR_LTR, true, FONT_LATIN},
};

const struct hx_lang_info *hx_lang_get(enum hx_lang lang)
{
	if (lang < 0 || lang >= HX_LANG_COUNT)
		return NULL;
	return &lang_table[lang];
}

/* Aliases the table does not hold: undocs' "ch", old ISO 639-2/B codes, script tags. */
static const struct {
	const char *alias;
	enum hx_lang lang;
} lang_aliases[] = {
	{"ch", HX_LANG_ZH},      {"chi", HX_LANG_ZH},      {"zh-hans", HX_LANG_ZH},
	{"zh-cn", HX_LANG_ZH},   {"zh_cn", HX_LANG_ZH},    {"zh_hans", HX_LANG_ZH},
	{"cmn", HX_LANG_ZH},     {"fre", HX_LANG_FR},      {"arb", HX_LANG_AR},
	{"español", HX_LANG_ES}, {"français", HX_LANG_FR}, {"русский", HX_LANG_RU},
	{"中文", HX_LANG_ZH},    {"العربية", HX_LANG_AR},
};

static bool same_primary_tag(const char *s, const char *code)
{
	size_t n = 0;

	while (code[n])
		n++;
	return strncasecmp(s, code, n) == 0 && (s[n] == '-' || s[n] == '_');
}

enum hx_lang hx_lang_parse(const char *s)
{
	if (!s || !*s)
		return HX_LANG_NONE;
	for (size_t i = 0; i < sizeof(lang_aliases) / sizeof(lang_aliases[0]); i++)
		if (strcasecmp(s, lang_aliases[i].alias) == 0)
			return lang_aliases[i].lang;
	for (int i = 0; i < HX_LANG_COUNT; i++) {
		const struct hx_lang_info *li = &lang_table[i];

		if (!strcasecmp(s, li->code) || !strcasecmp(s, li->apertium) ||
		    !strcasecmp(s, li->name) || !strcasecmp(s, li->native_name))
			return li->lang;
	}
	for (int i = 0; i < HX_LANG_COUNT; i++)
		if (same_primary_tag(s, lang_table[i].code))
			return lang_table[i].lang;
	return HX_LANG_NONE;
}

const char *hx_lang_list(void)
{
	return "ar, zh, en, fr, ru, es";
}
