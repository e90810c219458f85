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
#include <unicode/uscript.h>

#include "buf.h"
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
			bool sep = !*p || *p == ' ' || *p == '|' || *p == '(' || *p == ')' || *p == ',';

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
	if (d->h)
		add_glossary_words(d->h, qa->glossary, lang);
	return d->h;
}

void qa_spell_release(struct hx_qa *qa)
{
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

static void report_word(Hunhandle *h, const struct hx_qa_pair *pair, const char *word,
			size_t off, size_t n, bool capital, struct hx_qa_findings *out)
{
	char **list = NULL;
	int ns = Hunspell_suggest(h, &list, word);
	struct hx_buf sug = HX_BUF_INIT(1024);
	struct hx_qa_finding *f;

	for (int k = 0; k < ns && k < 3; k++)
		hx_buf_addf(&sug, "%s%s", k ? ", " : "", list[k]);
	if (list)
		Hunspell_free_list(h, &list, ns);
	f = hx_qa_findings_add(out, pair->segno, pair->anchor, pair->tgt_lang, HX_QA_SPELLING,
			       capital ? HX_QA_INFO : HX_QA_WARNING, sug.len ? sug.data : NULL,
			       "unknown word '%s'", word);
	if (f) {
		f->offset = off;
		f->len = n;
		f->line = pair->line;
	}
	hx_buf_release(&sug);
}

static void note_unchecked(const struct hx_qa_pair *pair, struct hx_qa_findings *out,
			   const char *why)
{
	uint32_t bit = 1u << pair->tgt_lang;

	if (out->no_spell & bit)
		return;
	out->no_spell |= bit;
	hx_qa_findings_add(out, HX_QA_NO_SEGMENT, 0, pair->tgt_lang, HX_QA_DICTIONARY, HX_QA_INFO,
			   NULL, "%s spelling not checked: %s", hx_lang_get(pair->tgt_lang)->name,
			   why);
}

enum hx_err qa_spell(struct hx_qa *qa, const struct hx_qa_pair *pair, const struct qa_range *ranges,
		     size_t nranges, struct hx_qa_findings *out)
{
	const struct hx_lang_info *li = hx_lang_get(pair->tgt_lang);
	const char *s = pair->tgt;
	size_t i = 0, len = pair->tgt_len;
	Hunhandle *h;

	if (!li->hunspell[0]) {
		note_unchecked(pair, out, "hunspell has no dictionary for it (words are not spaced)");
		return HX_OK;
	}
	pthread_mutex_lock(&qa->lock);
	h = dict_for(qa, pair->tgt_lang);
	if (!h) {
		pthread_mutex_unlock(&qa->lock);
		note_unchecked(pair, out, "no hunspell dictionary in the dictionary folder "
					  "(install hunspell-* for it)");
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
			report_word(h, pair, word, start, end - start, upper > 0, out);
	}
	pthread_mutex_unlock(&qa->lock);
	return HX_OK;
}
