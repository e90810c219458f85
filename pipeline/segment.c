/* The segment model: blocks, segments, spans and placeholders, and Markdown out of them. */
#include "segment.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "mem.h"
#include "typography.h"

const char *hx_span_kind_name(enum hx_span_kind kind)
{
	switch (kind) {
	case HX_SPAN_MARKUP:
		return "markup";
	case HX_SPAN_SYMBOL:
		return "symbol";
	case HX_SPAN_URL:
		return "url";
	case HX_SPAN_NUMBER:
		return "number";
	case HX_SPAN_TERM:
		return "term";
	case HX_SPAN_KINDS:
		break;
	}
	return "unknown";
}

const char *hx_origin_name(enum hx_origin origin)
{
	switch (origin) {
	case HX_ORIGIN_NONE:
		return "none";
	case HX_ORIGIN_TM_HUMAN:
		return "tm-human";
	case HX_ORIGIN_TM_MT:
		return "tm-mt";
	case HX_ORIGIN_MT:
		return "mt";
	case HX_ORIGIN_GLOSSARY:
		return "glossary";
	case HX_ORIGIN_SOURCE:
		return "source-fallback";
	case HX_ORIGIN_COPY:
		return "copy";
	}
	return "none";
}

static void segment_release(struct hx_segment *seg)
{
	free(seg->text);
	for (uint32_t i = 0; i < seg->nspans; i++) {
		free(seg->spans[i].text);
		for (int l = 0; l < HX_LANG_COUNT; l++)
			free(seg->spans[i].target[l]);
	}
	free(seg->spans);
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		free(seg->target[l].text);
		free(seg->target[l].engine);
		free(seg->target[l].error);
	}
}

void hx_segments_release(struct hx_segments *segs)
{
	for (size_t i = 0; i < segs->nblocks; i++) {
		struct hx_block *b = &segs->blocks[i];

		free(b->prefix);
		free(b->tail);
		free(b->verbatim);
		for (uint32_t k = 0; b->seps && k + 1 < b->nsegs; k++)
			free(b->seps[k]);
		free(b->seps);
	}
	for (size_t i = 0; i < segs->nsegs; i++)
		segment_release(&segs->segs[i]);
	free(segs->blocks);
	free(segs->segs);
	memset(segs, 0, sizeof(*segs));
}

struct hx_block *hx_segments_add_block(struct hx_segments *segs, enum hx_block_kind kind)
{
	struct hx_block *b;

	if (segs->nblocks == segs->blocks_alloc) {
		segs->blocks_alloc = segs->blocks_alloc ? segs->blocks_alloc * 2 : 64;
		segs->blocks = hx_xreallocarray(segs->blocks, segs->blocks_alloc, sizeof(*b));
	}
	b = &segs->blocks[segs->nblocks];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->anchor = (uint32_t)segs->nblocks + 1;
	b->first = (uint32_t)segs->nsegs;
	segs->nblocks++;
	return b;
}

struct hx_segment *hx_segments_add_segment(struct hx_segments *segs, uint32_t block)
{
	struct hx_segment *seg;

	if (segs->nsegs == segs->segs_alloc) {
		segs->segs_alloc = segs->segs_alloc ? segs->segs_alloc * 2 : 256;
		segs->segs = hx_xreallocarray(segs->segs, segs->segs_alloc, sizeof(*seg));
	}
	seg = &segs->segs[segs->nsegs++];
	memset(seg, 0, sizeof(*seg));
	seg->block = block;
	return seg;
}

int hx_segment_add_span(struct hx_segment *seg, enum hx_span_kind kind, const char *text,
			size_t len)
{
	struct hx_span *sp;

	if (seg->nspans >= HX_SEG_MAX_SPANS)
		return -1;
	/* grow by powers of two: the count is the allocation's state */
	if ((seg->nspans & (seg->nspans - 1)) == 0)
		seg->spans = hx_xreallocarray(seg->spans, seg->nspans ? seg->nspans * 2 : 4,
					      sizeof(*seg->spans));
	sp = &seg->spans[seg->nspans];
	memset(sp, 0, sizeof(*sp));
	sp->kind = kind;
	sp->text = hx_xstrndup(text, len);
	sp->entry = -1;
	return (int)seg->nspans++;
}

/* The next code point of s, or U+FFFD for a broken sequence. */
static uint32_t next_cp(const char *s, size_t len, size_t *i)
{
	UChar32 c;
	int32_t at = 0, n = len - *i > INT32_MAX ? INT32_MAX : (int32_t)(len - *i);

	U8_NEXT((const uint8_t *)s + *i, at, n, c);
	*i += (size_t)at;
	return c < 0 ? 0xFFFD : (uint32_t)c;
}

int hx_placeholder_index(uint32_t cp)
{
	if (cp >= HX_SEG_PLACEHOLDER && cp < HX_SEG_PLACEHOLDER + HX_SEG_MAX_SPANS)
		return (int)(cp - HX_SEG_PLACEHOLDER);
	return -1;
}

int hx_placeholder_end_index(uint32_t cp)
{
	if (cp >= HX_SEG_PLACEHOLDER_END && cp < HX_SEG_PLACEHOLDER_END + HX_SEG_MAX_SPANS)
		return (int)(cp - HX_SEG_PLACEHOLDER_END);
	return -1;
}

enum hx_err hx_placeholder_add(struct hx_buf *out, unsigned n)
{
	return hx_buf_add_utf8(out, HX_SEG_PLACEHOLDER + n);
}

enum hx_err hx_placeholder_end_add(struct hx_buf *out, unsigned n)
{
	return hx_buf_add_utf8(out, HX_SEG_PLACEHOLDER_END + n);
}

/* Where the end mark of span n is in text from *i on: *i just past it; false if none. */
static bool skip_to_end(const char *text, size_t len, unsigned n, size_t *i)
{
	for (size_t j = *i; j < len;)
		if (hx_placeholder_end_index(next_cp(text, len, &j)) == (int)n) {
			*i = j;
			return true;
		}
	return false;
}


/* At the start of a line, what would open a block: "# ", "> ", "- ", "+ ", "1. ", "1) ", "===". */
static size_t block_opener(const char *s, size_t len)
{
	size_t d = 0;

	if (len && strchr("#>=", s[0]) && s[0])
		return 1;
	if (len >= 2 && (s[0] == '-' || s[0] == '+') && s[1] == ' ')
		return 1;
	while (d < len && d < 9 && s[d] >= '0' && s[d] <= '9')
		d++;
	if (d && d < len && (s[d] == '.' || s[d] == ')') && (d + 1 == len || s[d + 1] == ' '))
		return d + 1;
	return 0;
}

/* Text from MT or the source, made literal: nothing in it may open Markdown markup. */
static enum hx_err add_escaped(struct hx_buf *out, const char *s, size_t len)
{
	enum hx_err err = HX_OK;
	size_t open = 0;

	if (out->len == 0 || out->data[out->len - 1] == '\n')
		open = block_opener(s, len);
	for (size_t i = 0; i < len && !err; i++) {
		char c = s[i];

		if (c == '\n' || c == '\r') {
			err = hx_buf_addc(out, ' '); /* one block is one line */
			continue;
		}
		if ((open && i == open - 1) ||
		    (strchr("\\`*_[]<>&~|", c) && c) || (c == '!' && i + 1 < len && s[i + 1] == '['))
			err = hx_buf_addc(out, '\\');
		if (!err)
			err = hx_buf_addc(out, c);
	}
	return err;
}

/* Emphasis opened and closed with nothing between: both placeholders are dropped. */
static bool empty_pair(const struct hx_segment *seg, int n, const char *text, size_t len,
		       size_t *i)
{
	size_t j = *i;
	const char *mark = seg->spans[n].text;
	int m;

	if (seg->spans[n].kind != HX_SPAN_MARKUP ||
	    (strcmp(mark, "*") && strcmp(mark, "**") && strcmp(mark, "~~")) || j >= len)
		return false;
	m = hx_placeholder_index(next_cp(text, len, &j));
	if (m < 0 || m == n || (uint32_t)m >= seg->nspans || strcmp(seg->spans[m].text, mark))
		return false;
	*i = j;
	return true;
}

/* Words an engine moved out of a name's tags ("L'Assemblée <g>générale</g>") are compared
 * with the name's form this many at most. */
#define ECHO_WORDS_MAX 4

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether a and b are the same text once case-folded. */
static bool same_folded(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	while (i < alen && j < blen)
		if (u_foldCase((UChar32)next_cp(a, alen, &i), U_FOLD_CASE_DEFAULT) !=
		    u_foldCase((UChar32)next_cp(b, blen, &j), U_FOLD_CASE_DEFAULT))
			return false;
	return i == alen && j == blen;
}

struct word {
	size_t at, len;
};

/* Up to max words of s (blank-separated), from the start or, with from_end, the end. */
static size_t words_of(const char *s, size_t len, bool from_end, struct word *w, size_t max)
{
	size_t n = 0;

	if (!from_end) {
		for (size_t i = 0; i < len && n < max;) {
			while (i < len && is_blank(s[i]))
				i++;
			if (i == len)
				break;
			w[n].at = i;
			while (i < len && !is_blank(s[i]))
				i++;
			w[n].len = i - w[n].at;
			n++;
		}
		return n;
	}
	for (size_t e = len; e > 0 && n < max;) {
		size_t b;

		while (e > 0 && is_blank(s[e - 1]))
			e--;
		if (e == 0)
			break;
		for (b = e; b > 0 && !is_blank(s[b - 1]);)
			b--;
		w[n].at = b;
		w[n].len = e - b;
		n++;
		e = b;
	}
	return n;
}

/* Where a word glued to an elided article starts: "L'Assemblée" -> "Assemblée" (0: none). */
static size_t after_elision(const char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len && i < 4; i++) {
		if (s[i] == '\'')
			return i + 1;
		if (i + 3 < len && !memcmp(s + i, "\xE2\x80\x99", 3)) /* ’ */
			return i + 3;
	}
	return 0;
}

/*
 * How many bytes at the end of before (ending just ahead of a name's tag) repeat
 * the first words of the name's form: the engine moved them out of the tag.
 */
static size_t echo_before(const char *before, size_t len, const char *form)
{
	struct word bw[ECHO_WORDS_MAX], fw[ECHO_WORDS_MAX];
	size_t nb = words_of(before, len, true, bw, ECHO_WORDS_MAX);
	size_t nf = words_of(form, strlen(form), false, fw, ECHO_WORDS_MAX);

	for (size_t k = nb < nf ? nb : nf; k > 0; k--) {
		bool same = true;

		/* before's last k words, left to right, against the form's first k */
		for (size_t m = 0; m < k && same; m++) {
			const struct word *b = &bw[k - 1 - m], *f = &fw[m];
			size_t skip = m == 0 ? after_elision(before + b->at, b->len) : 0;

			same = same_folded(before + b->at + skip, b->len - skip, form + f->at, f->len);
		}
		if (same)
			return len - (bw[k - 1].at + after_elision(before + bw[k - 1].at, bw[k - 1].len));
	}
	return 0;
}

/* How many bytes at the start of after (just past a name's end mark) repeat the form's last
 * words. */
static size_t echo_after(const char *after, size_t len, const char *form)
{
	struct word aw[ECHO_WORDS_MAX], fw[ECHO_WORDS_MAX];
	size_t na = words_of(after, len, false, aw, ECHO_WORDS_MAX);
	size_t nf = words_of(form, strlen(form), true, fw, ECHO_WORDS_MAX);

	for (size_t k = na < nf ? na : nf; k > 0; k--) {
		bool same = true;

		for (size_t m = 0; m < k && same; m++) {
			const struct word *a = &aw[m], *f = &fw[k - 1 - m];

			same = same_folded(after + a->at, a->len, form + f->at, f->len);
		}
		if (same)
			return aw[k - 1].at + aw[k - 1].len;
	}
	return 0;
}

/* The end of the text before the next placeholder or end mark, from i. */
static size_t plain_run(const char *text, size_t len, size_t i)
{
	while (i < len) {
		size_t at = i;
		uint32_t cp = next_cp(text, len, &i);

		if (hx_placeholder_index(cp) >= 0 || hx_placeholder_end_index(cp) >= 0)
			return at;
	}
	return len;
}

/* Inline raw HTML ("<script>", "</b>", "<!-- -->"), as a Markdown source may have it. */
static bool is_raw_html(const char *form)
{
	char c = form[0] == '<' ? form[1] : '\0';
	size_t scheme, other;

	if (c == '/' || c == '!' || c == '?')
		return true;
	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		return false;
	/* "<https://...>" and "<name@host>" are autolinks, not HTML: a scheme or an
	 * address before any space, quote, "=" or "/" */
	scheme = strcspn(form, ":@");
	other = strcspn(form, " =\"'/");

	return form[scheme] == '\0' || other < scheme;
}

/* A link destination a page must not follow: cmark's own list of unsafe schemes. */
static bool unsafe_destination(const char *d)
{
	static const char *const schemes[] = {"javascript:", "vbscript:", "file:", "data:"};

	while (*d == '<' || *d == ' ' || *d == '\t')
		d++;
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncasecmp(d, schemes[i], strlen(schemes[i])) == 0)
			return !(i == 3 && (strncasecmp(d, "data:image/png", 14) == 0 ||
					    strncasecmp(d, "data:image/gif", 14) == 0 ||
					    strncasecmp(d, "data:image/jpeg", 15) == 0 ||
					    strncasecmp(d, "data:image/webp", 15) == 0));
	return false;
}

/*
 * A span's Markdown in a draft. A draft is ours to write, so what a source's Markdown
 * may carry but no page should show raw goes out disarmed: raw HTML as literal text,
 * a link to a script as a link to nothing.
 */
static enum hx_err add_form(struct hx_buf *out, const struct hx_span *sp, const char *form)
{
	if (sp->kind != HX_SPAN_MARKUP)
		return hx_buf_adds(out, form);
	if (is_raw_html(form) || (form[0] == '<' && unsafe_destination(form + 1)))
		return add_escaped(out, form, strlen(form));
	/* "](dest)", the end of a link, or a whole image "![alt](dest)" */
	const char *dest = form[0] == ']' ? form : form[0] == '!' ? strstr(form, "](") : NULL;

	if (dest && dest[1] == '(' && unsafe_destination(dest + 2)) {
		enum hx_err err = hx_buf_add(out, form, (size_t)(dest - form));

		return err ? err : hx_buf_adds(out, "]()");
	}
	return hx_buf_adds(out, form);
}

enum hx_err hx_segment_restore(const struct hx_segment *seg, const char *text, size_t len,
			       enum hx_lang lang, struct hx_buf *out, struct hx_diag *diag)
{
	size_t run = 0;
	enum hx_err err = HX_OK;

	for (size_t i = 0; i < len && !err;) {
		size_t at = i, echo;
		uint32_t cp = next_cp(text, len, &i);
		int n = hx_placeholder_index(cp);
		const struct hx_span *sp;
		const char *form;

		if (n < 0 && hx_placeholder_end_index(cp) >= 0) {
			err = add_escaped(out, text + run, at - run); /* a stray end mark: dropped */
			run = i;
			continue;
		}
		if (n < 0)
			continue;
		if ((uint32_t)n >= seg->nspans)
			return hx_fail(diag, HX_E_CONVERT, "placeholder %d is not in the segment", n + 1);
		sp = &seg->spans[n];
		form = lang >= 0 && lang < HX_LANG_COUNT && sp->target[lang] ? sp->target[lang]
									  : sp->text;
		echo = sp->encloses ? echo_before(text + run, at - run, form) : 0;
		err = add_escaped(out, text + run, at - run - echo);
		if (sp->encloses && skip_to_end(text, len, (unsigned)n, &i)) {
			/* the form replaces the words, and any the engine moved out of the tags */
			i += echo_after(text + i, plain_run(text, len, i) - i, form);
		}
		run = i;
		if (!err && empty_pair(seg, n, text, len, &i)) {
			/* "**" around nothing, after MT moved the words out; no double space left */
			if (i < len && text[i] == ' ' && out->len && out->data[out->len - 1] == ' ')
				i++;
			run = i;
			continue;
		}
		if (!err)
			err = add_form(out, sp, form);
	}
	if (!err)
		err = add_escaped(out, text + run, len - run);
	return err ? hx_fail(diag, err, "a restored segment is over the size cap") : HX_OK;
}

enum hx_err hx_segment_check_placeholders(const struct hx_segment *seg, const char *text,
					  size_t len, struct hx_diag *diag)
{
	uint8_t seen[HX_SEG_MAX_SPANS] = {0}, ended[HX_SEG_MAX_SPANS] = {0};

	for (size_t i = 0; i < len;) {
		uint32_t cp = next_cp(text, len, &i);
		int n = hx_placeholder_index(cp), e = hx_placeholder_end_index(cp);

		if (e >= 0) {
			if ((uint32_t)e >= seg->nspans || !seg->spans[e].encloses || !seen[e])
				return hx_fail(diag, HX_E_MT, "the end of tag %d came back out of place",
					       e + 1);
			if (ended[e]++)
				return hx_fail(diag, HX_E_MT, "the end of tag %d came back twice", e + 1);
		}
		if (n < 0)
			continue;
		if ((uint32_t)n >= seg->nspans)
			return hx_fail(diag, HX_E_MT, "placeholder %d came back but was never sent",
				       n + 1);
		if (seen[n]++)
			return hx_fail(diag, HX_E_MT, "placeholder %d came back twice", n + 1);
	}
	for (uint32_t n = 0; n < seg->nspans; n++) {
		if (!seen[n])
			return hx_fail(diag, HX_E_MT, "placeholder %u is missing", n + 1);
		if (seg->spans[n].encloses && !ended[n])
			return hx_fail(diag, HX_E_MT, "the end of tag %u is missing", n + 1);
	}
	return HX_OK;
}

/* The segment in lang: its target text if there is one, else its source. */
static enum hx_err write_segment(const struct hx_segment *seg, enum hx_lang lang,
				 struct hx_buf *out, struct hx_diag *diag)
{
	const struct hx_seg_target *t =
		lang >= 0 && lang < HX_LANG_COUNT && seg->target[lang].text ? &seg->target[lang] : NULL;

	if (t) {
		/* the target's typography on output only: the TM keeps the engine's text */
		struct hx_buf typo = HX_BUF_INIT(out->max);
		enum hx_err err = hx_typography_apply(seg, lang, t->text, strlen(t->text), &typo);

		if (!err)
			err = hx_segment_restore(seg, hx_buf_str(&typo), typo.len, lang, out, diag);
		hx_buf_release(&typo);
		return err;
	}
	return hx_segment_restore(seg, seg->text, seg->len, lang, out, diag);
}

enum hx_err hx_mark_add(struct hx_buf *out, uint32_t kind, uint32_t n)
{
	enum hx_err err;

	if (n >= HX_MARK_MAX)
		return HX_OK;
	err = hx_buf_add_utf8(out, HX_MARK_WRAP);
	if (!err)
		err = hx_buf_add_utf8(out, kind);
	if (!err)
		err = hx_buf_add_utf8(out, HX_MARK_DIGIT + (n >> 12));
	if (!err)
		err = hx_buf_add_utf8(out, HX_MARK_DIGIT + (n & 0xFFFu));
	if (!err)
		err = hx_buf_add_utf8(out, HX_MARK_WRAP);
	return err;
}

/*
 * Replaces each reserved code point in out from byte from on by U+FFFD, so that a
 * document cannot forge a mark. Reserved code points are four bytes F4 8E.. or F4 8F..,
 * and U+FFFD is three, so the text only shrinks.
 */
void hx_marks_scrub(struct hx_buf *out, size_t from)
{
	size_t w = from;

	for (size_t r = from; r < out->len;) {
		unsigned char c = (unsigned char)out->data[r];

		if (c == 0xF4 && r + 3 < out->len && ((unsigned char)out->data[r + 1] & 0xFE) == 0x8E) {
			memcpy(out->data + w, "\xEF\xBF\xBD", 3);
			w += 3;
			r += 4;
			continue;
		}
		out->data[w++] = out->data[r++];
	}
	hx_buf_truncate(out, w);
}

static enum hx_err write_segment_scrubbed(const struct hx_segment *seg, enum hx_lang lang,
					  struct hx_buf *out, struct hx_diag *diag)
{
	size_t at = out->len;
	enum hx_err err = write_segment(seg, lang, out, diag);

	if (!err)
		hx_marks_scrub(out, at);
	return err;
}

static enum hx_err add_scrubbed(struct hx_buf *out, const char *s)
{
	size_t at = out->len;
	enum hx_err err = hx_buf_adds(out, s);

	if (!err)
		hx_marks_scrub(out, at);
	return err;
}

/* The segments of block b, each after its mark when flags ask for them. */
static enum hx_err write_block_segments(const struct hx_segments *segs, const struct hx_block *b,
					enum hx_lang lang, unsigned flags, struct hx_buf *out,
					struct hx_diag *diag)
{
	enum hx_err err = HX_OK;

	for (uint32_t k = 0; k < b->nsegs && !err; k++) {
		if (k && b->seps && b->seps[k - 1])
			err = flags ? add_scrubbed(out, b->seps[k - 1]) : hx_buf_adds(out, b->seps[k - 1]);
		if (!err && (flags & HX_MARKS_SEGS))
			err = hx_mark_add(out, HX_MARK_SEG, b->first + k);
		if (!err)
			err = flags ? write_segment_scrubbed(&segs->segs[b->first + k], lang, out, diag)
				    : write_segment(&segs->segs[b->first + k], lang, out, diag);
	}
	return err;
}

static enum hx_err write_blocks(const struct hx_segments *segs, enum hx_lang lang, unsigned flags,
				struct hx_buf *out, struct hx_diag *diag)
{
	enum hx_err err = HX_OK;

	for (size_t i = 0; i < segs->nblocks && !err; i++) {
		const struct hx_block *b = &segs->blocks[i];

		if (b->prefix)
			err = flags ? add_scrubbed(out, b->prefix) : hx_buf_adds(out, b->prefix);
		if (!err && b->verbatim)
			err = flags ? add_scrubbed(out, b->verbatim) : hx_buf_adds(out, b->verbatim);
		if (!err && (flags & HX_MARKS_BLOCKS) && b->kind != HX_BLOCK_VERBATIM)
			err = hx_mark_add(out, HX_MARK_BLOCK, b->anchor);
		if (!err)
			err = write_block_segments(segs, b, lang, flags, out, diag);
		if (!err && b->tail)
			err = flags ? add_scrubbed(out, b->tail) : hx_buf_adds(out, b->tail);
	}
	/* one newline at the end, whatever the last block's tail */
	while (!err && out->len >= 2 && out->data[out->len - 1] == '\n' &&
	       out->data[out->len - 2] == '\n')
		hx_buf_truncate(out, out->len - 1);
	if (err == HX_E_LIMIT)
		return hx_fail(diag, err, "the translated Markdown is over the size cap");
	return err;
}

enum hx_err hx_segments_write_markdown(const struct hx_segments *segs, enum hx_lang lang,
				       struct hx_buf *out, struct hx_diag *diag)
{
	return write_blocks(segs, lang, 0, out, diag);
}

enum hx_err hx_segments_write_marked(const struct hx_segments *segs, enum hx_lang lang,
				     unsigned flags, struct hx_buf *out, struct hx_diag *diag)
{
	return write_blocks(segs, lang, flags ? flags : HX_MARKS_BLOCKS, out, diag);
}

enum hx_err hx_segments_write_block(const struct hx_segments *segs, size_t i, enum hx_lang lang,
				    struct hx_buf *out, struct hx_diag *diag)
{
	const struct hx_block *b = &segs->blocks[i];
	bool whole = b->kind == HX_BLOCK_PARAGRAPH || b->kind == HX_BLOCK_HEADING;
	enum hx_err err = HX_OK;

	if (whole && b->prefix)
		err = add_scrubbed(out, b->prefix);
	if (!err)
		err = write_block_segments(segs, b, lang, HX_MARKS_SEGS, out, diag);
	if (!err)
		err = hx_buf_addc(out, '\n');
	if (err == HX_E_LIMIT)
		return hx_fail(diag, err, "a block of the parallel view is over the size cap");
	return err;
}
