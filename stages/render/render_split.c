/*
 * The Markdown cut into chunks of whole top-level blocks, so that cmark never holds the
 * whole document; footnote definitions are taken out first and each chunk gets those it calls.
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "render.h"

/* A footnote definition: its lines [start, end) and its label, in the Markdown. */
struct def {
	size_t start, end;
	const char *label;
	size_t label_len;
};

struct hx_split {
	const char *md;
	size_t len, chunk_bytes;
	bool one_piece;   /* link reference definitions: every link must see them */
	struct def *defs; /* in document order */
	size_t ndefs, defs_alloc;
	struct def **by_label; /* defs by label, ASCII case-insensitively */
	size_t main_end;       /* end of the last non-blank line outside the definitions */
	size_t pos, next_def;  /* where the next chunk starts; the first definition after it */
	struct hx_md_scan scan;
	size_t serial; /* of the chunk being made */
	size_t *stamp; /* per definition: the serial of the last chunk it went into */
	size_t *pick;  /* the definitions going into this chunk */
	size_t npick;
};

/*
 * Never callable (cmark reads "[^[]" as text), so cmark drops it: where a definition was
 * taken out, it still ends the block before it, as the definition did.
 */
#define DEF_STUB "[^[]:\n"

static size_t line_end(const struct hx_split *sp, size_t pos)
{
	const char *nl = memchr(sp->md + pos, '\n', sp->len - pos);

	return nl ? (size_t)(nl - sp->md) : sp->len;
}

static size_t next_line(const struct hx_split *sp, size_t eol)
{
	return eol < sp->len ? eol + 1 : eol;
}

/* Where the definition starting at start ends: its indented lines and lazy continuations. */
static size_t definition_end(struct hx_split *sp, size_t start, size_t label_len)
{
	size_t eol = line_end(sp, start), end = next_line(sp, eol), pos = end;
	size_t rest = start + label_len + 4;
	bool para, after_blank = false;

	while (rest < eol && (sp->md[rest] == ' ' || sp->md[rest] == '\t'))
		rest++;
	para = !hx_md_is_blank(sp->md + rest, eol - rest) &&
	       !hx_md_starts_block(sp->md + rest, eol - rest);
	sp->one_piece |= hx_md_may_define_link(sp->md + rest, eol - rest);
	while (pos < sp->len) {
		const char *s = sp->md + pos;
		size_t n = (eol = line_end(sp, pos)) - pos, ind = hx_md_indent(s, n);

		if (hx_md_is_blank(s, n)) {
			after_blank = true;
			pos = next_line(sp, eol);
			continue;
		}
		if (ind < 4 && (after_blank || !para || hx_md_starts_block(s + ind, n - ind)))
			break;
		sp->one_piece |= hx_md_may_define_link(s, n);
		para = true;
		after_blank = false;
		pos = end = next_line(sp, eol);
	}
	return end;
}

static void add_definition(struct hx_split *sp, size_t start, size_t label_len)
{
	struct def *d;

	if (sp->ndefs == sp->defs_alloc) {
		sp->defs_alloc = sp->defs_alloc ? 2 * sp->defs_alloc : 16;
		sp->defs = hx_xreallocarray(sp->defs, sp->defs_alloc, sizeof(*sp->defs));
	}
	d = &sp->defs[sp->ndefs++];
	d->start = start;
	d->label = sp->md + start + 2;
	d->label_len = label_len;
	d->end = definition_end(sp, start, label_len);
}

/* The first pass: the definitions, whether links need one piece, where the text ends. */
static void find_definitions(struct hx_split *sp)
{
	size_t pos = 0;

	while (pos < sp->len) {
		const char *s = sp->md + pos;
		size_t eol = line_end(sp, pos), n = eol - pos, label_len;

		if (sp->scan.open == HX_MD_OPEN_NONE && hx_md_is_definition(s, n, &label_len)) {
			add_definition(sp, pos, label_len);
			pos = sp->defs[sp->ndefs - 1].end;
			continue;
		}
		if (sp->scan.open == HX_MD_OPEN_NONE && hx_md_may_define_link(s, n))
			sp->one_piece = true;
		hx_md_scan_line(&sp->scan, s, n);
		if (!hx_md_is_blank(s, n))
			sp->main_end = eol;
		pos = next_line(sp, eol);
	}
	memset(&sp->scan, 0, sizeof(sp->scan));
}

static int ascii_lower(char c)
{
	unsigned char u = (unsigned char)c;

	return u >= 'A' && u <= 'Z' ? u + ('a' - 'A') : u;
}

/*
 * Orders labels so that those cmark may take for the same (it folds Unicode case) are
 * equal: ASCII letters without case, and any run of other characters like any other.
 */
static int label_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;

	while (i < an && j < bn) {
		bool wide_a = (unsigned char)a[i] >= 0x80, wide_b = (unsigned char)b[j] >= 0x80;
		int ca = wide_a ? 0x100 : ascii_lower(a[i]),
		    cb = wide_b ? 0x100 : ascii_lower(b[j]);

		if (ca != cb)
			return ca - cb;
		while (wide_a && i < an && (unsigned char)a[i] >= 0x80)
			i++;
		while (wide_b && j < bn && (unsigned char)b[j] >= 0x80)
			j++;
		i += !wide_a;
		j += !wide_b;
	}
	return (i < an) - (j < bn);
}

/* By label, then in document order: cmark takes the first of two definitions of a label. */
static int by_label_order(const void *a, const void *b)
{
	const struct def *x = *(const struct def *const *)a, *y = *(const struct def *const *)b;
	int c = label_cmp(x->label, x->label_len, y->label, y->label_len);

	return c ? c : (x > y) - (x < y);
}

static int index_order(const void *a, const void *b)
{
	const size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

static void pick(struct hx_split *sp, size_t i)
{
	if (sp->stamp[i] == sp->serial)
		return;
	sp->stamp[i] = sp->serial;
	sp->pick[sp->npick++] = i;
}

/* The definitions of a label, and of those cmark may take for the same. */
static void pick_label(struct hx_split *sp, const char *label, size_t n)
{
	size_t lo = 0, hi = sp->ndefs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct def *d = sp->by_label[mid];

		if (label_cmp(d->label, d->label_len, label, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < sp->ndefs; lo++) {
		const struct def *d = sp->by_label[lo];

		if (label_cmp(d->label, d->label_len, label, n) != 0)
			break;
		pick(sp, (size_t)(d - sp->defs));
	}
}

/* Every "[^label]" in s: over-picking costs only time, cmark drops what is not called. */
static void pick_calls(struct hx_split *sp, const char *s, size_t n)
{
	const char *end = s + n, *p = s;

	while (p < end && (p = memchr(p, '[', (size_t)(end - p)))) {
		const char *label = p + 2;
		size_t k = 0;

		p++;
		if (p >= end || *p != '^')
			continue;
		while (label + k < end && label[k] != '\0' && !strchr("] \t\r\n", label[k]))
			k++;
		if (k > 0 && label + k < end && label[k] == ']')
			pick_label(sp, label, k);
	}
}

/* The definitions the chunk calls, and those they call, after a blank line, in document order. */
static enum hx_err add_definitions(struct hx_split *sp, struct hx_buf *chunk)
{
	enum hx_err err = HX_OK;

	pick_calls(sp, hx_buf_str(chunk), chunk->len);
	for (size_t i = 0; i < sp->npick; i++)
		pick_calls(sp, sp->defs[sp->pick[i]].label - 2,
			   sp->defs[sp->pick[i]].end - sp->defs[sp->pick[i]].start);
	if (!sp->npick)
		return HX_OK;
	qsort(sp->pick, sp->npick, sizeof(*sp->pick), index_order);
	if (chunk->len && hx_buf_last(chunk) != '\n')
		err = hx_buf_addc(chunk, '\n');
	/* only the last chunk can end inside a block, which would swallow the definitions */
	if (!err)
		err = hx_md_scan_close(&sp->scan, chunk);
	if (!err)
		err = hx_buf_addc(chunk, '\n');
	for (size_t i = 0; i < sp->npick && !err; i++) {
		const struct def *d = &sp->defs[sp->pick[i]];

		err = hx_buf_add(chunk, sp->md + d->start, d->end - d->start);
		if (!err && hx_buf_last(chunk) != '\n')
			err = hx_buf_addc(chunk, '\n');
	}
	return err;
}

/* A cut before s keeps lists, indented continuations and tables whole. */
static bool may_cut_before(const char *s, size_t n)
{
	return n && !strchr(" \t\r|", s[0]) && !hx_md_is_list_item(s, n);
}

/* The chunk's own lines: whole lines up to the first safe point past chunk_bytes. */
static enum hx_err take_blocks(struct hx_split *sp, struct hx_buf *chunk)
{
	size_t taken = 0;
	bool after_blank = false;
	enum hx_err err = HX_OK;

	while (sp->pos < sp->len && !err) {
		const char *s = sp->md + sp->pos;
		size_t eol, next;

		if (sp->next_def < sp->ndefs && sp->defs[sp->next_def].start == sp->pos) {
			sp->pos = sp->defs[sp->next_def++].end;
			if (sp->pos <= sp->main_end)
				err = hx_buf_adds(chunk, DEF_STUB);
			after_blank = false;
			continue;
		}
		eol = line_end(sp, sp->pos);
		if (after_blank && taken >= sp->chunk_bytes && !sp->one_piece &&
		    may_cut_before(s, eol - sp->pos))
			break;
		next = next_line(sp, eol);
		err = hx_buf_add(chunk, s, next - sp->pos);
		taken += next - sp->pos;
		hx_md_scan_line(&sp->scan, s, eol - sp->pos);
		after_blank = sp->scan.open == HX_MD_OPEN_NONE && hx_md_is_blank(s, eol - sp->pos);
		sp->pos = next;
	}
	return err;
}

struct hx_split *hx_split_new(const char *md, size_t len, size_t chunk_bytes)
{
	struct hx_split *sp = hx_xcalloc(1, sizeof(*sp));

	sp->md = md;
	sp->len = len;
	sp->chunk_bytes = chunk_bytes;
	find_definitions(sp);
	sp->by_label = hx_xreallocarray(NULL, sp->ndefs + 1, sizeof(*sp->by_label));
	for (size_t i = 0; i < sp->ndefs; i++)
		sp->by_label[i] = &sp->defs[i];
	qsort(sp->by_label, sp->ndefs, sizeof(*sp->by_label), by_label_order);
	sp->stamp = hx_xcalloc(sp->ndefs + 1, sizeof(*sp->stamp));
	sp->pick = hx_xreallocarray(NULL, sp->ndefs + 1, sizeof(*sp->pick));
	return sp;
}

void hx_split_free(struct hx_split *sp)
{
	if (!sp)
		return;
	free(sp->defs);
	free(sp->by_label);
	free(sp->stamp);
	free(sp->pick);
	free(sp);
}

bool hx_split_done(const struct hx_split *sp)
{
	return sp->pos >= sp->len;
}

enum hx_err hx_split_next(struct hx_split *sp, struct hx_buf *chunk)
{
	enum hx_err err;

	hx_buf_reset(chunk);
	sp->serial++;
	sp->npick = 0;
	err = take_blocks(sp, chunk);
	return err ? err : add_definitions(sp, chunk);
}
