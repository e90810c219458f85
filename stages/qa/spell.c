/*
 * Spelling with hunspell: one dictionary per target language, opened on first
 * need, with every glossary form of that language added at run time so that
 * official names are never "misspelt".
 */
#include <hunspell/hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include "buf.h"
#include "mem.h"
#include "qa_int.h"
#include "../terms/terms.h"

#define MAX_WORD 96 /* bytes: longer "words" are not looked up */

/* Adds each word of every form of the glossary in lang: official names are words too. */
static void add_glossary_words(Hunhandle *h, const struct hx_glossary *g, enum hx_lang lang)
{
	char word[MAX_WORD + 1];

	for (size_t e = 0; g && e < hx_glossary_size(g); e++) {
		const char *cell = hx_glossary_entry(g, e)->cell[lang];
		size_t n = 0;

		for (const char *p = cell; p; p++) {
			bool sep = !*p || *p == ' ' || *p == '|' || *p == '(' || *p == ')' ||
				   *p == ',';

			if (!sep) {
				if (n < MAX_WORD)
					word[n++] = *p;
				continue;
			}
			if (n && n < MAX_WORD) {
				word[n] = '\0';
				Hunspell_add(h, word);
			}
			n = 0;
			if (!*p)
				break;
		}
	}
}

/* The letters hunspell tries in its suggestions (the TRY line of the .aff file). */
static void read_try(struct qa_dict *d, const char *aff)
{
	FILE *fp = fopen(aff, "r");
	char line[4096];

	d->ntry = 0;
	while (fp && fgets(line, sizeof(line), fp)) {
		size_t len, i = 4;

		if (strncmp(line, "TRY", 3) || (line[3] != ' ' && line[3] != '\t'))
			continue;
		len = strcspn(line, "\r\n");
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		while (i < len && d->ntry < QA_TRY_MAX)
			d->try_cps[d->ntry++] = qa_next_cp(line, len, &i);
		break;
	}
	if (fp)
		fclose(fp);
}

/* The language's dictionary, opened once; NULL when it has none or it cannot be read. */
static Hunhandle *dict_for(struct hx_qa *qa, enum hx_lang lang)
{
	struct qa_dict *d = &qa->dict[lang];
	const char *base = hx_lang_get(lang)->hunspell;
	char aff[4096], dic[4096];
	FILE *fp;

	if (d->tried)
		return d->h;
	d->tried = true;
	if (!base[0])
		return NULL;
	snprintf(aff, sizeof(aff), "%s/%s.aff", qa->dict_dir, base);
	snprintf(dic, sizeof(dic), "%s/%s.dic", qa->dict_dir, base);
	if (!(fp = fopen(dic, "r")))
		return NULL;
	fclose(fp);
	d->h = hx_hunspell_create(aff, dic);
	if (d->h && strcmp(Hunspell_get_dic_encoding(d->h), "UTF-8")) {
		hx_hunspell_destroy(d->h);
		d->h = NULL;
	}
	if (d->h) {
		add_glossary_words(d->h, qa->glossary, lang);
		read_try(d, aff);
	}
	return d->h;
}

void qa_spell_release(struct hx_qa *qa)
{
	for (size_t i = 0; i < QA_SUGGEST_CACHE; i++) {
		free(qa->cache[i].word);
		free(qa->cache[i].list);
		qa->cache[i].word = qa->cache[i].list = NULL;
	}
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		hx_hunspell_destroy(qa->dict[l].h);
		qa->dict[l].h = NULL;
		qa->dict[l].tried = false;
	}
}

static bool word_char(uint32_t cp)
{
	return u_isalpha((UChar32)cp) || (U_GET_GC_MASK((UChar32)cp) & U_GC_M_MASK);
}

static bool in_ranges(const struct qa_range *r, size_t n, size_t from, size_t to)
{
	for (size_t k = 0; k < n; k++)
		if (from < r[k].off + r[k].len && to > r[k].off)
			return true;
	return false;
}

/* Words worth looking up: not acronyms, not glued to digits, not one letter. */
static bool worth_checking(const char *w, size_t n, size_t letters, size_t upper)
{
	(void)w;
	if (letters < 2 || n > MAX_WORD)
		return false;
	return upper < 2; /* UNESCO, ECOSOC, iPhone-like mixed forms are names */
}

static size_t hash_word(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

#define MAX_CPS 48

struct edits {
	Hunhandle *h;
	struct hx_buf *out;
	int found;
	char seen[3][MAX_WORD * 2];
};

/* Tries one candidate (n code points); true once three were found. */
static bool try_candidate(struct edits *e, const uint32_t *cp, size_t n)
{
	char word[MAX_WORD * 2];
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t c = cp[i];

		if (len + 4 >= sizeof(word))
			return false;
		if (c < 0x80)
			word[len++] = (char)c;
		else if (c < 0x800) {
			word[len++] = (char)(0xC0 | c >> 6);
			word[len++] = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			word[len++] = (char)(0xE0 | c >> 12);
			word[len++] = (char)(0x80 | ((c >> 6) & 0x3F));
			word[len++] = (char)(0x80 | (c & 0x3F));
		} else {
			word[len++] = (char)(0xF0 | c >> 18);
			word[len++] = (char)(0x80 | ((c >> 12) & 0x3F));
			word[len++] = (char)(0x80 | ((c >> 6) & 0x3F));
			word[len++] = (char)(0x80 | (c & 0x3F));
		}
	}
	word[len] = '\0';
	for (int k = 0; k < e->found; k++)
		if (!strcmp(e->seen[k], word))
			return false;
	if (!Hunspell_spell(e->h, word))
		return false;
	snprintf(e->seen[e->found], sizeof(e->seen[0]), "%s", word);
	hx_buf_addf(e->out, "%s%s", e->found ? ", " : "", word);
	return ++e->found == 3;
}

/* The letter without its accents, lower case: é, È, e -> e. */
static uint32_t base_letter(uint32_t cp)
{
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&ec);
	UChar d[8];
	int32_t n;

	if (U_FAILURE(ec))
		return cp;
	n = unorm2_getDecomposition(nfd, (UChar32)cp, d, 8, &ec);
	if (n > 0 && U_SUCCESS(ec) && !U16_IS_SURROGATE(d[0]))
		cp = d[0];
	return (uint32_t)u_tolower((UChar32)cp);
}

/*
 * Up to three words one edit away that the dictionary knows: a swap of two
 * neighbours, a letter dropped, replaced or added (from the TRY letters), in
 * that order. Deterministic and quick, where Hunspell_suggest takes up to a
 * second a word and cuts its search by the clock, so that a busy machine
 * suggests other words.
 */
static void edits1(const struct qa_dict *d, const char *word, struct hx_buf *out)
{
	uint32_t cp[MAX_CPS + 1], c[MAX_CPS + 2];
	size_t n = 0, len = strlen(word);
	struct edits e = {d->h, out, 0, {{0}}};

	for (size_t i = 0; i < len && n < MAX_CPS;)
		cp[n++] = qa_next_cp(word, len, &i);
	/* the same letter with another accent first: trés -> très */
	for (size_t i = 0; i < n; i++)
		for (size_t t = 0; t < d->ntry; t++) {
			if (d->try_cps[t] == cp[i] ||
			    base_letter(d->try_cps[t]) != base_letter(cp[i]))
				continue;
			memcpy(c, cp, n * sizeof(*c));
			c[i] = d->try_cps[t];
			if (try_candidate(&e, c, n))
				return;
		}
	for (size_t i = 0; i + 1 < n; i++) {
		memcpy(c, cp, n * sizeof(*c));
		c[i] = cp[i + 1];
		c[i + 1] = cp[i];
		if (try_candidate(&e, c, n))
			return;
	}
	for (size_t i = 0; i < n; i++) {
		memcpy(c, cp, i * sizeof(*c));
		memcpy(c + i, cp + i + 1, (n - i - 1) * sizeof(*c));
		if (try_candidate(&e, c, n - 1))
			return;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t t = 0; t < d->ntry; t++) {
			if (d->try_cps[t] == cp[i])
				continue;
			memcpy(c, cp, n * sizeof(*c));
			c[i] = d->try_cps[t];
			if (try_candidate(&e, c, n))
				return;
		}
	for (size_t i = 0; i <= n; i++)
		for (size_t t = 0; t < d->ntry; t++) {
			memcpy(c, cp, i * sizeof(*c));
			c[i] = d->try_cps[t];
			memcpy(c + i + 1, cp + i, (n - i) * sizeof(*c));
			if (try_candidate(&e, c, n + 1))
				return;
		}
}

/* Up to three suggestions for word in lang ("" for none), remembered. Borrowed until the slot is
 * reused. */
static const char *suggestions(struct hx_qa *qa, const struct qa_dict *d, enum hx_lang lang,
			       const char *word)
{
	char key[MAX_WORD + 4];
	struct qa_suggestion *slot;
	struct hx_buf sug = HX_BUF_INIT(1024);

	snprintf(key, sizeof(key), "%c%s", 'a' + (int)lang, word);
	slot = &qa->cache[hash_word(key) % QA_SUGGEST_CACHE];
	if (slot->word && !strcmp(slot->word, key))
		return slot->list;
	edits1(d, word, &sug);
	free(slot->word);
	free(slot->list);
	slot->word = hx_xstrdup(key);
	slot->list = hx_buf_detach(&sug, NULL);
	return slot->list;
}

static void report_word(struct hx_qa *qa, const struct hx_qa_pair *pair, const char *word,
			size_t off, size_t n, bool capital, struct hx_qa_findings *out)
{
	const char *sug = suggestions(qa, &qa->dict[pair->tgt_lang], pair->tgt_lang, word);
	struct hx_qa_finding *f;

	f = hx_qa_findings_add(out, pair->segno, pair->anchor, pair->tgt_lang, HX_QA_SPELLING,
			       capital ? HX_QA_INFO : HX_QA_WARNING, sug && *sug ? sug : NULL,
			       "unknown word '%s'", word);
	if (f) {
		f->offset = off;
		f->len = n;
		f->line = pair->line;
	}
}

static void note_unchecked(enum hx_lang lang, struct hx_qa_findings *out, const char *why)
{
	uint32_t bit = 1u << lang;

	if (out->no_spell & bit)
		return;
	out->no_spell |= bit;
	hx_qa_findings_add(out, HX_QA_NO_SEGMENT, 0, lang, HX_QA_DICTIONARY, HX_QA_INFO, NULL,
			   "%s spelling not checked: %s", hx_lang_get(lang)->name, why);
}

#define WHY_NO_HUNSPELL "hunspell has no dictionary for it (words are not spaced)"
#define WHY_NO_DICT     "no hunspell dictionary in the dictionary folder (install hunspell-* for it)"

bool qa_spell_ready(struct hx_qa *qa, enum hx_lang lang, struct hx_qa_findings *out)
{
	bool ok = hx_lang_get(lang)->hunspell[0];

	if (!ok) {
		note_unchecked(lang, out, WHY_NO_HUNSPELL);
		return false;
	}
	pthread_mutex_lock(&qa->lock);
	ok = dict_for(qa, lang) != NULL;
	pthread_mutex_unlock(&qa->lock);
	if (!ok)
		note_unchecked(lang, out, WHY_NO_DICT);
	return ok;
}

void qa_spell_warm(struct hx_qa *qa, enum hx_lang lang)
{
	if (!hx_lang_get(lang)->hunspell[0])
		return;
	pthread_mutex_lock(&qa->lock);
	dict_for(qa, lang);
	pthread_mutex_unlock(&qa->lock);
}

enum hx_err qa_spell(struct hx_qa *qa, const struct hx_qa_pair *pair, const struct qa_range *ranges,
		     size_t nranges, struct hx_qa_findings *out)
{
	const struct hx_lang_info *li = hx_lang_get(pair->tgt_lang);
	const char *s = pair->tgt;
	size_t i = 0, len = pair->tgt_len;
	Hunhandle *h;

	if (!li->hunspell[0]) {
		note_unchecked(pair->tgt_lang, out, WHY_NO_HUNSPELL);
		return HX_OK;
	}
	pthread_mutex_lock(&qa->lock);
	h = dict_for(qa, pair->tgt_lang);
	if (!h) {
		pthread_mutex_unlock(&qa->lock);
		note_unchecked(pair->tgt_lang, out, WHY_NO_DICT);
		return HX_OK;
	}
	while (i < len) {
		size_t start = i, end, letters = 0, upper = 0, prev;
		uint32_t cp = qa_next_cp(s, len, &i);
		bool glued = false;
		char word[MAX_WORD + 1];

		if (!word_char(cp))
			continue;
		glued = start > 0 && ((s[start - 1] >= '0' && s[start - 1] <= '9') ||
				      s[start - 1] == '&' || s[start - 1] == '\\');
		end = i;
		letters = 1;
		upper = u_isupper((UChar32)cp) ? 1 : 0;
		for (prev = i; i < len; prev = i) {
			uint32_t c = qa_next_cp(s, len, &i);
			bool joiner = (c == '\'' || c == 0x2019 || c == '-') && i < len;

			if (word_char(c)) {
				letters++;
				upper += u_isupper((UChar32)c) ? 1 : 0;
				end = i;
			} else if (joiner && word_char(qa_next_cp(s, len, &(size_t){i}))) {
				continue;
			} else {
				i = prev;
				break;
			}
		}
		glued |= end < len && s[end] >= '0' && s[end] <= '9';
		if (glued || !worth_checking(s + start, end - start, letters, upper) ||
		    in_ranges(ranges, nranges, start, end))
			continue;
		memcpy(word, s + start, end - start);
		word[end - start] = '\0';
		if (!Hunspell_spell(h, word))
			report_word(qa, pair, word, start, end - start, upper > 0, out);
	}
	pthread_mutex_unlock(&qa->lock);
	return HX_OK;
}
