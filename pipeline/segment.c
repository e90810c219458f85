/* The segment model: blocks, segments, spans and placeholders, and Markdown out of them. */
#include "segment.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#include "mem.h"

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

int hx_placeholder_index(uint32_t cp)
{
	if (cp >= HX_SEG_PLACEHOLDER && cp < HX_SEG_PLACEHOLDER + HX_SEG_MAX_SPANS)
		return (int)(cp - HX_SEG_PLACEHOLDER);
	return -1;
}

enum hx_err hx_placeholder_add(struct hx_buf *out, unsigned n)
{
	return hx_buf_add_utf8(out, HX_SEG_PLACEHOLDER + n);
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

enum hx_err hx_segment_restore(const struct hx_segment *seg, const char *text, size_t len,
			       enum hx_lang lang, struct hx_buf *out, struct hx_diag *diag)
{
	size_t run = 0;
	enum hx_err err = HX_OK;

	for (size_t i = 0; i < len && !err;) {
		size_t at = i;
		int n = hx_placeholder_index(next_cp(text, len, &i));
		const struct hx_span *sp;

		if (n < 0)
			continue;
		if ((uint32_t)n >= seg->nspans)
			return hx_fail(diag, HX_E_CONVERT, "placeholder %d is not in the segment", n + 1);
		err = add_escaped(out, text + run, at - run);
		sp = &seg->spans[n];
		run = i;
		if (!err && empty_pair(seg, n, text, len, &i)) {
			run = i; /* "**" around nothing, after MT moved the words out */
			continue;
		}
		if (!err)
			err = hx_buf_adds(out, lang >= 0 && lang < HX_LANG_COUNT && sp->target[lang]
						       ? sp->target[lang]
						       : sp->text);
	}
	if (!err)
		err = add_escaped(out, text + run, len - run);
	return err ? hx_fail(diag, err, "a restored segment is over the size cap") : HX_OK;
}

enum hx_err hx_segment_check_placeholders(const struct hx_segment *seg, const char *text,
					  size_t len, struct hx_diag *diag)
{
	uint8_t seen[HX_SEG_MAX_SPANS] = {0};

	for (size_t i = 0; i < len;) {
		int n = hx_placeholder_index(next_cp(text, len, &i));

		if (n < 0)
			continue;
		if ((uint32_t)n >= seg->nspans)
			return hx_fail(diag, HX_E_MT, "placeholder %d came back but was never sent",
				       n + 1);
		if (seen[n]++)
			return hx_fail(diag, HX_E_MT, "placeholder %d came back twice", n + 1);
	}
	for (uint32_t n = 0; n < seg->nspans; n++)
		if (!seen[n])
			return hx_fail(diag, HX_E_MT, "placeholder %u is missing", n + 1);
	return HX_OK;
}

/* The segment in lang: its target text if there is one, else its source. */
static enum hx_err write_segment(const struct hx_segment *seg, enum hx_lang lang,
				 struct hx_buf *out, struct hx_diag *diag)
{
	const struct hx_seg_target *t =
		lang >= 0 && lang < HX_LANG_COUNT && seg->target[lang].text ? &seg->target[lang] : NULL;

	if (t)
		return hx_segment_restore(seg, t->text, strlen(t->text), lang, out, diag);
	return hx_segment_restore(seg, seg->text, seg->len, lang, out, diag);
}

enum hx_err hx_segments_write_markdown(const struct hx_segments *segs, enum hx_lang lang,
				       struct hx_buf *out, struct hx_diag *diag)
{
	enum hx_err err = HX_OK;

	for (size_t i = 0; i < segs->nblocks && !err; i++) {
		const struct hx_block *b = &segs->blocks[i];

		if (b->prefix)
			err = hx_buf_adds(out, b->prefix);
		if (!err && b->verbatim)
			err = hx_buf_adds(out, b->verbatim);
		for (uint32_t k = 0; k < b->nsegs && !err; k++) {
			if (k && b->seps && b->seps[k - 1])
				err = hx_buf_adds(out, b->seps[k - 1]);
			if (!err)
				err = write_segment(&segs->segs[b->first + k], lang, out, diag);
		}
		if (!err && b->tail)
			err = hx_buf_adds(out, b->tail);
	}
	/* one newline at the end, whatever the last block's tail */
	while (!err && out->len >= 2 && out->data[out->len - 1] == '\n' &&
	       out->data[out->len - 2] == '\n')
		hx_buf_truncate(out, out->len - 1);
	if (err == HX_E_LIMIT)
		return hx_fail(diag, err, "the translated Markdown is over the size cap");
	return err;
}
