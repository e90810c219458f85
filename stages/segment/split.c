/*
 * Sentences: ICU's sentence break iterator for the source language, with the
 * breaks ICU would make after UN abbreviations taken back and the ones it
 * lacks (Chinese ；, over-long sentences) added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "mem.h"
#include "segment_impl.h"

/* Longer sentences are cut at a clause: APy truncates requests over ~1000 characters. */
#define SENTENCE_MAX_BYTES 900
#define MAX_BREAKS_PER_BLOCK 100000

struct breaks {
	size_t *at;
	size_t n, alloc;
};

static void add_break(struct breaks *b, size_t at)
{
	if (b->n && b->at[b->n - 1] >= at)
		return;
	if (b->n == b->alloc) {
		b->alloc = b->alloc ? b->alloc * 2 : 16;
		b->at = hx_xreallocarray(b->at, b->alloc, sizeof(*b->at));
	}
	b->at[b->n++] = at;
}

/* UTF-16 for ICU, and for each UTF-16 index the UTF-8 offset it starts at. */
static UChar *to_utf16(const char *s, size_t len, size_t **map, int32_t *n16)
{
	UChar *u = hx_xreallocarray(NULL, len + 1, sizeof(UChar));
	size_t *m = hx_xreallocarray(NULL, len + 2, sizeof(size_t));
	int32_t o = 0;

	for (size_t i = 0; i < len;) {
		UChar32 c;
		int32_t at = 0, rest = len - i > INT32_MAX ? INT32_MAX : (int32_t)(len - i);

		U8_NEXT((const uint8_t *)s + i, at, rest, c);
		if (c < 0)
			c = 0xFFFD;
		m[o] = i;
		if (c > 0xFFFF)
			m[o + 1] = i;
		U16_APPEND_UNSAFE(u, o, c);
		i += (size_t)at;
	}
	m[o] = len;
	*map = m;
	*n16 = o;
	return u;
}

void hx_sg_breakers_release(struct hx_sg_breakers *b)
{
	for (int l = 0; l < HX_LANG_COUNT; l++)
		if (b->bi[l])
			ubrk_close(b->bi[l]);
	memset(b, 0, sizeof(*b));
}

static UBreakIterator *open_sentences(enum hx_lang lang, const UChar *u, int32_t n16)
{
	const struct hx_lang_info *li = hx_lang_get(lang);
	char locale[64];
	UErrorCode status = U_ZERO_ERROR;
	UBreakIterator *bi;

	/* "@ss=standard": ICU's own list of abbreviations that do not end a sentence */
	snprintf(locale, sizeof(locale), "%s@ss=standard", li ? li->icu_locale : "en");
	bi = ubrk_open(UBRK_SENTENCE, locale, u, n16, &status);
	if (U_FAILURE(status)) {
		status = U_ZERO_ERROR;
		bi = ubrk_open(UBRK_SENTENCE, li ? li->icu_locale : "en", u, n16, &status);
	}
	return U_FAILURE(status) ? NULL : bi;
}

/* The end of the text before at, spaces skipped. */
static size_t trim_end(const char *s, size_t at)
{
	while (at > 0 && (s[at - 1] == ' ' || s[at - 1] == '\t'))
		at--;
	return at;
}

static bool keep_break(const struct hx_sg_text *t, size_t at)
{
	const char *s = t->text.data;

	return !hx_sg_is_abbreviation(s, trim_end(s, at), t->lang);
}

/* ICU's breaks, less those after abbreviations. */
static void icu_breaks(const struct hx_sg_text *t, struct breaks *out)
{
	size_t len = t->text.len, *map;
	int32_t n16;
	UChar *u = to_utf16(t->text.data, len, &map, &n16);
	UBreakIterator *bi = NULL;
	UErrorCode status = U_ZERO_ERROR;
	int l = t->lang >= 0 && t->lang < HX_LANG_COUNT ? t->lang : HX_LANG_EN;

	/* one iterator per language for the whole run: only the text changes */
	if (t->breakers && t->breakers->bi[l]) {
		bi = t->breakers->bi[l];
		ubrk_setText(bi, u, n16, &status);
		if (U_FAILURE(status))
			bi = NULL;
	}
	if (!bi) {
		bi = open_sentences((enum hx_lang)l, u, n16);
		if (bi && t->breakers) {
			if (t->breakers->bi[l])
				ubrk_close(t->breakers->bi[l]);
			t->breakers->bi[l] = bi;
		}
	}

	for (int32_t b = bi ? ubrk_first(bi) : UBRK_DONE; bi && b != UBRK_DONE; b = ubrk_next(bi)) {
		size_t at = map[b];

		if (at > 0 && at < len && out->n < MAX_BREAKS_PER_BLOCK && keep_break(t, at))
			add_break(out, at);
	}
	if (bi && !t->breakers)
		ubrk_close(bi);
	free(u);
	free(map);
}

/* ICU's breaks merged with the ones it lacks: Chinese ；ends a sentence too. */
static void find_breaks(const struct hx_sg_text *t, struct breaks *out)
{
	struct breaks icu = {0};
	const char *s = t->text.data;
	size_t k = 0, i = 0;

	icu_breaks(t, &icu);
	for (size_t at = 0; t->lang == HX_LANG_ZH && at + 3 < t->text.len; at++) {
		if (memcmp(s + at, "；", 3))
			continue;
		while (i < icu.n && icu.at[i] <= at + 3)
			add_break(out, icu.at[i++]);
		add_break(out, at + 3);
	}
	for (k = i; k < icu.n; k++)
		add_break(out, icu.at[k]);
	free(icu.at);
}

/* Where to cut a sentence that is too long: after the last clause mark or space in reach. */
static size_t long_cut(const char *s, size_t from, size_t to)
{
	static const char *const marks[] = {"; ", "；", "，", ", ", "、", ": ", "：", " ", NULL};

	for (const char *const *m = marks; *m; m++) {
		size_t n = strlen(*m);

		for (size_t k = to; k >= from + n && k > from + SENTENCE_MAX_BYTES / 3; k--)
			if (!memcmp(s + k - n, *m, n) && (s[k - 1] != ' ' || n > 1 || **m == ' '))
				return k;
	}
	/* no clause in reach: cut at a character boundary */
	while (to > from && ((unsigned char)s[to] & 0xC0) == 0x80)
		to--;
	return to;
}

static void cut_long(const struct hx_sg_text *t, const struct breaks *in, struct breaks *out)
{
	size_t from = 0;

	for (size_t i = 0; i <= in->n; i++) {
		size_t end = i < in->n ? in->at[i] : t->text.len;

		while (end - from > SENTENCE_MAX_BYTES) {
			size_t cut = long_cut(t->text.data, from, from + SENTENCE_MAX_BYTES);

			add_break(out, cut);
			from = cut;
		}
		if (i < in->n)
			add_break(out, end);
		from = end;
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The placeholder index at s[i], or -1. */
static int placeholder_at(const char *s, size_t len, size_t i, size_t *n)
{
	UChar32 c;
	int32_t at = 0, rest = len - i > 8 ? 8 : (int32_t)(len - i);

	U8_NEXT((const uint8_t *)s + i, at, rest, c);
	*n = (size_t)at;
	return c < 0 ? -1 : hx_placeholder_index((uint32_t)c);
}

/* Closing markup at the start of a sentence belongs to the one before: "*B.*| C." */
static size_t pull_closers(const struct hx_sg_text *t, size_t at)
{
	size_t n;
	int p;

	while (at < t->text.len && (p = placeholder_at(t->text.data, t->text.len, at, &n)) >= 0 &&
	       t->closing[p])
		at += n;
	return at;
}

/* One sentence [a, b) of the block text as a segment with its own spans. */
static enum hx_err add_sentence(struct hx_segments *segs, uint32_t block,
				const struct hx_sg_text *t, size_t a, size_t b)
{
	struct hx_segment *seg = hx_segments_add_segment(segs, block);
	struct hx_buf text = HX_BUF_INIT(0);
	enum hx_err err = HX_OK;

	for (size_t i = a; i < b && !err;) {
		size_t n;
		int p = placeholder_at(t->text.data, b, i, &n);

		if (p < 0) {
			err = hx_buf_add(&text, t->text.data + i, n ? n : 1);
			i += n ? n : 1;
			continue;
		}
		int q = hx_segment_add_span(seg, t->spans[p].kind, t->spans[p].text,
					    strlen(t->spans[p].text));

		for (int l = 0; l < HX_LANG_COUNT && q >= 0; l++)
			if (t->spans[p].target[l])
				seg->spans[q].target[l] = hx_xstrdup(t->spans[p].target[l]);
		err = q < 0 ? HX_E_LIMIT : hx_placeholder_add(&text, (unsigned)q);
		i += n;
	}
	seg->text = hx_buf_detach(&text, &seg->len);
	return err;
}

enum hx_err hx_sg_split(struct hx_segments *segs, uint32_t block, struct hx_sg_text *t,
			struct hx_diag *diag)
{
	struct breaks raw = {0}, cuts = {0};
	const char *s = t->text.data;
	size_t len = t->text.len, a = 0;
	char **seps = NULL;
	uint32_t nsegs = 0;
	enum hx_err err = HX_OK;

	if (len == 0)
		return HX_OK;
	find_breaks(t, &raw);
	cut_long(t, &raw, &cuts);
	seps = hx_xcalloc(cuts.n + 1, sizeof(*seps));
	for (size_t i = 0; i <= cuts.n && !err; i++) {
		size_t b = i < cuts.n ? pull_closers(t, cuts.at[i]) : len, start = a, end;

		while (start < b && is_space(s[start]))
			start++;
		end = b;
		while (end > start && is_space(s[end - 1]))
			end--;
		if (end == start)
			continue;
		if (nsegs)
			seps[nsegs - 1] = hx_xstrndup(s + a, start - a);
		err = add_sentence(segs, block, t, start, end);
		nsegs++;
		a = end;
	}
	free(raw.at);
	free(cuts.at);
	segs->blocks[block].nsegs = nsegs;
	segs->blocks[block].seps = seps;
	return err ? hx_fail(diag, err, "a sentence has more than %d protected items",
			     HX_SEG_MAX_SPANS)
		   : HX_OK;
}

/* Abbreviations after which a full stop does not end the sentence, by language. */
static const char *const abbreviations[HX_LANG_COUNT][40] = {
	[HX_LANG_EN] = {"para.", "paras.", "art.", "arts.", "No.", "Nos.", "p.",
			"pp.", "Mr.", "Ms.", "Mrs.", "Dr.", "e.g.", "i.e.", "cf.", "vol.", "ch.",
			"sect.", "Corr.", "Rev.", "Add.", "Suppl.", "approx.", "St.", "v.", "vs.",
			"Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.", "Prof.", "Amb.", NULL},
	[HX_LANG_FR] = {"M.", "MM.", "Mme", "Mmes", "Mlle", "al.", "art.", "p.", "par.", "cf.",
			"no", "nos", "vol.", "chap.", "Corr.", "Rev.", "Add.", "Suppl.", "S. E.",
			"Dr", "Pr", "éd.", "janv.", "févr.", "sept.", "oct.", "nov.", "déc.", NULL},
	[HX_LANG_ES] = {"Sr.", "Sra.", "Sres.", "Srta.", "núm.", "núms.", "art.", "arts.",
			"párr.", "párrs.", "p.", "pág.", "págs.", "cf.", "vol.", "cap.", "Excmo.",
			"Excma.", "Dr.", "Dra.", "Corr.", "Rev.", "Add.", "Supl.", "etc.", NULL},
	[HX_LANG_RU] = {"г.", "гг.", "ст.", "т.е.", "т. е.", "т.д.", "т. д.", "п.", "пп.",
			"см.", "др.", "им.", "стр.", "рез.", "с.", "гл.", "ч.", "вып.", "напр.",
			"Corr.", "Rev.", "Add.", NULL},
};

bool hx_sg_is_abbreviation(const char *s, size_t end, enum hx_lang lang)
{
	size_t start = end;

	if (lang < 0 || lang >= HX_LANG_COUNT || end == 0)
		return false;
	/* the last word: back to a space, an opening bracket or the start */
	while (start > 0 && !is_space(s[start - 1]) && s[start - 1] != '(')
		start--;
	/* "J. Smith": an initial is not the end of a sentence */
	if (end - start == 2 && s[start] >= 'A' && s[start] <= 'Z' && s[start + 1] == '.')
		return true;
	for (const char *const *a = abbreviations[lang]; *a; a++) {
		size_t n = strlen(*a);

		if (n <= end && !memcmp(s + end - n, *a, n) &&
		    (end == n || is_space(s[end - n - 1]) || s[end - n - 1] == '('))
			return true;
	}
	return false;
}
