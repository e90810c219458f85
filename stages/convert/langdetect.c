/*
 * Which of the six languages a text is in: the script decides for Chinese,
 * Arabic and Russian; common function words decide among English, French, Spanish.
 */
#include <string.h>
#include <strings.h>

#include "convert.h"

#define DETECT_SAMPLE ((size_t)64 << 10)

/* Function words frequent in one of the three languages and rare in the other two. */
static const char *const en_words[] = {"the",   "of", "and", "to",   "that", "is",  "for", "with",
				       "which", "be", "are", "this", "on",   "its", NULL};
static const char *const fr_words[] = {"le",  "les", "des", "et",  "du",  "qui", "pour", "dans",
				       "une", "sur", "au",  "aux", "est", "ses", NULL};
static const char *const es_words[] = {"el",  "los", "las", "del", "y",  "por", "para",
				       "con", "una", "al",  "es",  "se", "sus", NULL};

static bool in_list(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && strncasecmp(w, *list, n) == 0)
			return true;
	return false;
}

struct script_counts {
	size_t han, arabic, cyrillic, latin;
	size_t en, fr, es;
};

static void count_word(struct script_counts *c, const char *w, size_t n)
{
	if (n == 0 || n > 5)
		return;
	c->en += in_list(w, n, en_words);
	c->fr += in_list(w, n, fr_words);
	c->es += in_list(w, n, es_words);
}

static void count_scripts(const char *s, size_t len, struct script_counts *c)
{
	size_t word = 0;
	bool in_word = false;

	for (size_t i = 0; i < len;) {
		size_t at = i;
		uint32_t cp = hx_cv_next(s, len, &i);
		bool latin = cp < 0x250 && hx_cv_is_letter(cp);

		if (hx_cv_is_han(cp))
			c->han++;
		else if ((cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0xFB50 && cp <= 0xFEFF))
			c->arabic++;
		else if (cp >= 0x0400 && cp <= 0x04FF)
			c->cyrillic++;
		else if (latin)
			c->latin++;
		if (latin && !in_word) {
			word = at;
			in_word = true;
		} else if (!latin && in_word) {
			count_word(c, s + word, at - word);
			in_word = false;
		}
	}
	if (in_word)
		count_word(c, s + word, len - word);
}

enum hx_lang hx_lang_detect(const char *s, size_t len)
{
	struct script_counts c;
	size_t letters;

	memset(&c, 0, sizeof(c));
	count_scripts(s, len > DETECT_SAMPLE ? DETECT_SAMPLE : len, &c);
	letters = c.han + c.arabic + c.cyrillic + c.latin;
	if (letters == 0)
		return HX_LANG_NONE;
	/* a Han character carries a word's worth of text: weigh it against letters */
	if (c.han * 4 >= letters - c.han && c.han >= c.arabic && c.han >= c.cyrillic)
		return HX_LANG_ZH;
	if (c.arabic >= c.cyrillic && c.arabic >= c.latin)
		return HX_LANG_AR;
	if (c.cyrillic >= c.latin)
		return HX_LANG_RU;
	if (c.fr > c.en && c.fr >= c.es)
		return HX_LANG_FR;
	if (c.es > c.en && c.es > c.fr)
		return HX_LANG_ES;
	return HX_LANG_EN;
}
