/*
 * The six official UN languages: the one table that knows their codes,
 * direction, dictionaries and fonts. Nothing else hard-codes a language.
 */
#ifndef HX_LANG_H
#define HX_LANG_H

#include <stdbool.h>

enum hx_lang {
	HX_LANG_NONE = -1,
	HX_LANG_AR = 0,
	HX_LANG_ZH,
	HX_LANG_EN,
	HX_LANG_FR,
	HX_LANG_RU,
	HX_LANG_ES,
	HX_LANG_COUNT
};

enum hx_dir { HX_DIR_LTR, HX_DIR_RTL };

struct hx_lang_info {
	enum hx_lang lang;
	const char *code;        /* ISO 639-1: "zh" */
	const char *apertium;    /* Apertium APy / ISO 639-3: "zho" */
	const char *undocs;      /* undocs.org path part: "zh" */
	const char *name;        /* English name: "Chinese" */
	const char *native_name; /* "中文" */
	const char *icu_locale;  /* for break iterators and case folding: "zh_Hans" */
	const char *hunspell;    /* dictionary base name in /usr/share/hunspell, "" for none */
	const char *script;      /* ISO 15924: "Hans" */
	enum hx_dir dir;
	bool spaced;            /* words separated by spaces (false for Chinese) */
	const char *font_stack; /* CSS font-family list, Noto from Debian first */
};

/* Returns a borrowed pointer into the static table; NULL for HX_LANG_NONE or out of range. */
const struct hx_lang_info *hx_lang_get(enum hx_lang lang);
/*
 * The language named by s: ISO 639-1 or -3 code, undocs code ("ch" reads as
 * Chinese), BCP 47 tag ("zh-Hans", "fr-CA") or English name, any case.
 * HX_LANG_NONE when unknown.
 */
enum hx_lang hx_lang_parse(const char *s);
/* "ar, zh, en, fr, ru, es": for help texts and error messages. Borrowed, static. */
const char *hx_lang_list(void);

#endif
