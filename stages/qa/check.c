/*
 * The checks of one segment pair: placeholders, numbers, symbols, URLs,
 * inline markup, paragraph numbers, untranslated text and length; spelling
 * and terminology through their own files. Pure: no I/O but the dictionaries.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "mem.h"
#include "qa_int.h"

enum hx_err hx_qa_new(const struct hx_qa_opts *opts, struct hx_qa **out, struct hx_diag *diag)
{
	struct hx_qa *qa = hx_xcalloc(1, sizeof(*qa));

	(void)diag;
	qa->dict_dir = hx_xstrdup(opts && opts->dict_dir ? opts->dict_dir : "/usr/share/hunspell");
	qa->glossary = opts ? opts->glossary : NULL;
	qa->skip = opts ? opts->skip : 0;
	pthread_mutex_init(&qa->lock, NULL);
	*out = qa;
	return HX_OK;
}

void hx_qa_free(struct hx_qa *qa)
{
	if (!qa)
		return;
	qa_spell_release(qa);
	pthread_mutex_destroy(&qa->lock);
	free(qa->dict_dir);
	free(qa);
}

static struct hx_qa_finding *add(struct hx_qa_findings *out, const struct hx_qa_pair *p,
				 enum hx_qa_check check, enum hx_qa_severity sev,
				 const char *suggestion, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static struct hx_qa_finding *add(struct hx_qa_findings *out, const struct hx_qa_pair *p,
				 enum hx_qa_check check, enum hx_qa_severity sev,
				 const char *suggestion, const char *fmt, ...)
{
	struct hx_qa_finding *f;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f = hx_qa_findings_add(out, p->segno, p->anchor, p->tgt_lang, check, sev, suggestion, "%s",
			       msg);
	if (f)
		f->line = p->line;
	return f;
}

/* Every item of kind in the source has its equal in the target; what is left over is reported. */
static void match_items(const struct hx_qa_pair *p, struct qa_items *src, struct qa_items *tgt,
			enum qa_item_kind kind, struct hx_qa_findings *out)
{
	static const enum hx_qa_check checks[] = {HX_QA_URL, HX_QA_SYMBOL, HX_QA_NUMBER,
						  HX_QA_PLACEHOLDER};
	static const char *const names[] = {"URL", "document symbol", "number", "markup"};
	enum hx_qa_check check = checks[kind];

	for (size_t i = 0; i < src->n; i++) {
		struct qa_item *a = &src->v[i];
		const char *at = p->src + a->off;
		bool found = false;

		if (a->kind != kind)
			continue;
		for (size_t j = 0; j < tgt->n && !found; j++) {
			struct qa_item *b = &tgt->v[j];
			const char *bt = p->tgt + b->off;

			if (b->kind != kind || b->used)
				continue;
			if (kind == QA_ITEM_NUMBER)
				found = qa_number_same(a, b);
			else if (kind == QA_ITEM_URL && a->len > 22 && b->len > 22 &&
				 !strncmp(at, "https://undocs.org/", 19) &&
				 !strncmp(bt, "https://undocs.org/", 19)) {
				/* only the language part may change: undocs.org/en/X -> /fr/X */
				const char *ra = memchr(at + 19, '/', a->len - 19);
				const char *rb = memchr(bt + 19, '/', b->len - 19);

				found = ra && rb &&
					(size_t)(at + a->len - ra) == (size_t)(bt + b->len - rb) &&
					!memcmp(ra, rb, (size_t)(at + a->len - ra));
				if (!ra && !rb)
					found = a->len == b->len && !memcmp(at, bt, a->len);
			} else
				found = a->len == b->len && !memcmp(at, bt, a->len);
			if (found)
				b->used = true;
		}
		if (!found) {
			char *sug = hx_xstrndup(at, a->len);

			add(out, p, check, HX_QA_ERROR, sug, "%s '%s' of the source %s",
			    names[kind], sug,
			    kind == QA_ITEM_NUMBER || kind == QA_ITEM_MARKUP
				    ? "missing in the target"
				    : "missing or changed");
			free(sug);
		}
	}
	for (size_t j = 0; j < tgt->n; j++) {
		struct qa_item *b = &tgt->v[j];
		struct hx_qa_finding *f;

		if (b->kind != kind || b->used)
			continue;
		f = add(out, p, check, kind == QA_ITEM_NUMBER ? HX_QA_WARNING : HX_QA_ERROR, NULL,
			"%s '%.*s' is not in the source", names[kind], (int)b->len,
			p->tgt + b->off);
		if (f) {
			f->offset = b->off;
			f->len = b->len;
		}
	}
}

/* The paragraph number of a block prefix ("46\. ", "(a) ", "一. "): its first word, escapes
 * removed. */
static size_t paragraph_number(const char *prefix, char *out, size_t size)
{
	size_t n = 0;

	if (!prefix)
		return 0;
	while (*prefix == ' ' || *prefix == '#' || *prefix == '>')
		prefix++;
	for (; *prefix && *prefix != ' ' && n + 1 < size; prefix++)
		if (*prefix != '\\')
			out[n++] = *prefix;
	out[n] = '\0';
	return n;
}

static void check_paragraph_number(const struct hx_qa_pair *p, struct hx_qa_findings *out)
{
	char a[64], b[64];

	if (!p->tgt_prefix || !p->prefix)
		return;
	paragraph_number(p->prefix, a, sizeof(a));
	paragraph_number(p->tgt_prefix, b, sizeof(b));
	if (strcmp(a, b))
		add(out, p, HX_QA_NUMBER, HX_QA_ERROR, a[0] ? a : NULL,
		    "paragraph number '%s' differs from the source's", b);
}

/* Letters of text by script: the source's, the target's, and all. */
static void count_scripts(const char *s, size_t len, UScriptCode a, UScriptCode b, size_t *na,
			  size_t *nb, size_t *letters)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp = qa_next_cp(s, len, &i);
		UErrorCode ec = U_ZERO_ERROR;
		UScriptCode sc;

		if (!u_isalpha((UChar32)cp))
			continue;
		(*letters)++;
		sc = uscript_getScript((UChar32)cp, &ec);
		*na += sc == a;
		*nb += sc == b;
	}
}

static UScriptCode script_of(enum hx_lang lang)
{
	switch (lang) {
	case HX_LANG_AR:
		return USCRIPT_ARABIC;
	case HX_LANG_ZH:
		return USCRIPT_HAN;
	case HX_LANG_RU:
		return USCRIPT_CYRILLIC;
	case HX_LANG_EN:
	case HX_LANG_FR:
	case HX_LANG_ES:
		return USCRIPT_LATIN;
	case HX_LANG_NONE:
	case HX_LANG_COUNT:
		break;
	}
	return USCRIPT_INVALID_CODE;
}

static bool same_trimmed(const char *a, size_t an, const char *b, size_t bn)
{
	while (an && strchr(" \t\n", a[an - 1]))
		an--;
	while (bn && strchr(" \t\n", b[bn - 1]))
		bn--;
	return an == bn && !memcmp(a, b, an);
}

#define SAME_WORDS_MAX 3 /* up to this many words, a target equal to its source is a note */

/* Runs of letters: words, for spaced scripts. */
static size_t count_words(const char *s, size_t len)
{
	size_t words = 0;
	bool in = false;

	for (size_t i = 0; i < len;) {
		bool letter = u_isalpha((UChar32)qa_next_cp(s, len, &i));

		words += letter && !in;
		in = letter;
	}
	return words;
}

static void check_untranslated(const struct hx_qa_pair *p, struct hx_qa_findings *out)
{
	UScriptCode ss = script_of(p->src_lang), ts = script_of(p->tgt_lang);
	size_t na = 0, nb = 0, letters = 0;

	count_scripts(p->src, p->src_len, ss, ts, &na, &nb, &letters);
	if (letters < 8 || p->src_lang == p->tgt_lang)
		return;
	if (same_trimmed(p->src, p->src_len, p->tgt, p->tgt_len)) {
		/* a heading or a name of a few words is often the same ("Introduction") */
		if (count_words(p->src, p->src_len) <= SAME_WORDS_MAX)
			add(out, p, HX_QA_UNTRANSLATED, HX_QA_INFO, NULL,
			    "the same as the source: short texts often are, check it");
		else
			add(out, p, HX_QA_UNTRANSLATED, HX_QA_ERROR, NULL,
			    "not translated: the target is the source");
		return;
	}
	if (ss == ts)
		return;
	na = nb = letters = 0;
	count_scripts(p->tgt, p->tgt_len, ss, ts, &na, &nb, &letters);
	if (na >= 8 && na * 2 > na + nb)
		add(out, p, HX_QA_UNTRANSLATED, HX_QA_ERROR, NULL,
		    "mostly in the source's script (%s): not translated?", uscript_getName(ss));
}

/* Characters of a target per character of English: what a translation usually takes. */
static double length_factor(enum hx_lang lang)
{
	switch (lang) {
	case HX_LANG_AR:
		return 0.95;
	case HX_LANG_ZH:
		return 0.32;
	case HX_LANG_EN:
		return 1.0;
	case HX_LANG_FR:
		return 1.15;
	case HX_LANG_RU:
		return 1.1;
	case HX_LANG_ES:
		return 1.15;
	case HX_LANG_NONE:
	case HX_LANG_COUNT:
		break;
	}
	return 1.0;
}

static size_t count_cps(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static void check_length(const struct hx_qa_pair *p, struct hx_qa_findings *out)
{
	double ns = (double)count_cps(p->src, p->src_len),
	       nt = (double)count_cps(p->tgt, p->tgt_len);
	double expected, ratio;
	char what[96];

	if (ns < 40 || p->src_lang < 0 || p->tgt_lang < 0)
		return;
	expected = ns * length_factor(p->tgt_lang) / length_factor(p->src_lang);
	ratio = nt / expected;
	if (ratio >= 0.4 && ratio <= 2.5)
		return;
	snprintf(what, sizeof(what), "%.0f characters where about %.0f are usual", nt, expected);
	add(out, p, HX_QA_LENGTH, HX_QA_WARNING, NULL, "length: %s", what);
}

/* Where placeholder k sits in text, as a fraction of its code points; -1 if absent. */
static double placeholder_at(const char *text, size_t len, int k)
{
	size_t i = 0, n = 0, at = SIZE_MAX;

	while (i < len) {
		uint32_t cp = qa_next_cp(text, len, &i);

		if (hx_placeholder_index(cp) == k && at == SIZE_MAX)
			at = n;
		n++;
	}
	return at == SIZE_MAX || n < 2 ? -1 : (double)at / (double)(n - 1);
}

/*
 * A placeholder back but far from where the source had it: a footnote call or
 * a symbol moved from the end of a long sentence to its start, or back.
 */
static void check_placement(const struct hx_qa_pair *p, struct hx_qa_findings *out)
{
	if (count_cps(p->seg->text, p->seg->len) < 40)
		return;
	for (uint32_t k = 0; k < p->seg->nspans; k++) {
		double a = placeholder_at(p->seg->text, p->seg->len, (int)k);
		double b = placeholder_at(p->seg_target, p->seg_target_len, (int)k);
		const struct hx_span *sp = &p->seg->spans[k];

		if (a < 0 || b < 0 || sp->kind == HX_SPAN_TERM || sp->kind == HX_SPAN_NUMBER)
			continue;
		if ((a < 0.15 && b > 0.85) || (a > 0.85 && b < 0.15))
			add(out, p, HX_QA_PLACEHOLDER, HX_QA_WARNING, NULL,
			    "%s '%.60s' moved from the %s of the sentence to its %s",
			    hx_span_kind_name(sp->kind), sp->text ? sp->text : "",
			    a < 0.5 ? "start" : "end", a < 0.5 ? "end" : "start");
	}
}

static void check_placeholders(const struct hx_qa_pair *p, struct hx_qa_findings *out)
{
	struct hx_diag d = {0};

	if (!p->seg || !p->seg_target)
		return;
	if (hx_segment_check_placeholders(p->seg, p->seg_target, p->seg_target_len, &d))
		add(out, p, HX_QA_PLACEHOLDER, HX_QA_ERROR, NULL, "%s", d.msg);
	else
		check_placement(p, out);
	hx_diag_release(&d);
}

/* Ranges of the target that spelling skips: URLs, symbols, numbers, markup. */
static void item_ranges(const struct qa_items *items, struct qa_range **r, size_t *n)
{
	*r = hx_xreallocarray(*r, *n + items->n + 1, sizeof(**r));
	for (size_t i = 0; i < items->n; i++)
		(*r)[(*n)++] = (struct qa_range){items->v[i].off, items->v[i].len};
}

static bool run(const struct hx_qa *qa, const struct hx_qa_pair *p, enum hx_qa_check c)
{
	return !((qa->skip | p->skip) & (1u << c));
}

enum hx_err hx_qa_check_pair(struct hx_qa *qa, const struct hx_qa_pair *p,
			     struct hx_qa_findings *out, struct hx_diag *diag)
{
	struct qa_items src = {0}, tgt = {0};
	struct qa_range *ranges = NULL;
	size_t nranges = 0;
	enum hx_err err = HX_OK;

	if (p->tgt_lang < 0 || p->tgt_lang >= HX_LANG_COUNT)
		return hx_fail(diag, HX_E_INTERNAL, "qa: no target language");
	qa_scan(p->src, p->src_len, &src);
	qa_scan(p->tgt, p->tgt_len, &tgt);
	if (run(qa, p, HX_QA_PLACEHOLDER)) {
		check_placeholders(p, out);
		if (!p->seg)
			match_items(p, &src, &tgt, QA_ITEM_MARKUP, out);
	}
	if (run(qa, p, HX_QA_URL))
		match_items(p, &src, &tgt, QA_ITEM_URL, out);
	if (run(qa, p, HX_QA_SYMBOL))
		match_items(p, &src, &tgt, QA_ITEM_SYMBOL, out);
	if (run(qa, p, HX_QA_NUMBER)) {
		match_items(p, &src, &tgt, QA_ITEM_NUMBER, out);
		check_paragraph_number(p, out);
	}
	if (run(qa, p, HX_QA_UNTRANSLATED))
		check_untranslated(p, out);
	if (run(qa, p, HX_QA_LENGTH))
		check_length(p, out);
	item_ranges(&tgt, &ranges, &nranges);
	if (run(qa, p, HX_QA_TERMINOLOGY) || run(qa, p, HX_QA_SPELLING))
		err = qa_check_terms(qa, p, out, &ranges, &nranges, diag);
	if (!err && run(qa, p, HX_QA_SPELLING) && p->src_lang != p->tgt_lang)
		err = qa_spell(qa, p, ranges, nranges, out);
	free(ranges);
	qa_items_release(&src);
	qa_items_release(&tgt);
	return err;
}
