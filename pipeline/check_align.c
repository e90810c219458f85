/* `hexaglot check`: reading the two files and aligning them (see check_align.h). */
#include "check_align.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "fsio.h"
#include "mem.h"

/* The byte offset of the first invalid UTF-8 sequence in s, or SIZE_MAX. */
static size_t utf8_error_at(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned c = s[i];
		size_t n = c < 0x80                ? 0
			   : c >= 0xC2 && c < 0xE0 ? 1
			   : c >= 0xE0 && c < 0xF0 ? 2
			   : c >= 0xF0 && c < 0xF5 ? 3
						   : 9;
		unsigned cp;

		if (n == 9 || i + n >= len + (n ? 0 : 1))
			return i;
		cp = n ? c & (0x3F >> n) : c;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return i;
		i += n + 1;
	}
	return SIZE_MAX;
}

/* Reads, checks UTF-8, and converts and segments path as the pipeline does. */
static int load(struct hx_config *cfg, const char *path, enum hx_lang lang, struct hx_doc **out,
		char **text)
{
	struct hx_buf raw = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	struct hx_pipeline p;
	struct hx_doc *doc;
	size_t bad;
	enum hx_err err;

	*out = NULL;
	if (hx_file_read(path, cfg->max_input, &raw, &diag)) {
		fprintf(stderr, "hexaglot check: %s\n", hx_diag_message(&diag));
		hx_diag_release(&diag);
		hx_buf_release(&raw);
		return CHECK_BAD_INPUT;
	}
	bad = utf8_error_at((const unsigned char *)hx_buf_str(&raw), raw.len);
	free(*text);
	*text = hx_buf_detach(&raw, NULL);
	if (bad != SIZE_MAX) {
		fprintf(stderr,
			"hexaglot check: '%s' is not UTF-8: invalid byte sequence at byte %zu; "
			"convert it first (hexaglot convert FILE -o FILE.md)\n",
			path, bad);
		return CHECK_BAD_INPUT;
	}
	cfg->from = lang;
	err = hx_pipeline_init(&p, cfg, "decode", "segment");
	doc = hx_doc_new(path);
	doc->targets = (1u << HX_LANG_COUNT) - 1; /* the segment stage cuts only what has targets */
	if (!err)
		err = hx_pipeline_process(&p, doc);
	if (err) {
		fprintf(stderr, "hexaglot check: %s\n", hx_diag_message(&p.diag));
		hx_pipeline_release(&p);
		hx_doc_free(doc);
		return err == HX_E_INTERNAL ? CHECK_INTERNAL : CHECK_BAD_INPUT;
	}
	hx_pipeline_release(&p);
	*out = doc;
	return 0;
}

/* The blocks that carry text (code and raw HTML are copied, not translated). */
static size_t text_blocks(const struct hx_doc *doc, uint32_t **out)
{
	size_t n = 0;

	*out = hx_xreallocarray(NULL, doc->segs.nblocks + 1, sizeof(**out));
	for (size_t b = 0; b < doc->segs.nblocks; b++)
		if (doc->segs.blocks[b].kind != HX_BLOCK_VERBATIM && doc->segs.blocks[b].nsegs)
			(*out)[n++] = (uint32_t)b;
	return n;
}

/* Segment i of doc as Markdown (placeholders back to their text). */
static void seg_text(const struct hx_doc *doc, size_t i, struct hx_buf *out)
{
	const struct hx_segment *seg = &doc->segs.segs[i];
	struct hx_diag d = {0};

	if (hx_segment_restore(seg, seg->text, seg->len, HX_LANG_NONE, out, &d))
		hx_buf_add(out, seg->text, seg->len);
	hx_diag_release(&d);
}

/* Line of each text block in the file: its first word looked for after the previous one. */
static uint32_t *block_lines(const struct hx_doc *doc, const char *text, const uint32_t *blocks,
			     size_t n)
{
	uint32_t *lines = hx_xcalloc(n + 1, sizeof(*lines));
	const char *from = text;
	struct hx_buf b = HX_BUF_INIT(1 << 20);
	uint32_t line = 1;

	for (size_t k = 0; k < n; k++) {
		const char *w, *at;
		size_t wl = 0;

		hx_buf_reset(&b);
		seg_text(doc, doc->segs.blocks[blocks[k]].first, &b);
		for (w = hx_buf_str(&b); *w; w += wl ? wl : 1) {
			wl = strcspn(w, " \t\n\\*_[]()`<>|#");
			if (wl >= 3)
				break;
		}
		if (wl > 40)
			wl = 40;
		if (!*w || !wl)
			continue;
		at = memmem(from, strlen(from), w, wl);
		if (!at)
			continue;
		for (; from < at; from++)
			line += *from == '\n';
		lines[k] = line;
	}
	hx_buf_release(&b);
	return lines;
}

static const char *kind_name(enum hx_block_kind k)
{
	switch (k) {
	case HX_BLOCK_PARAGRAPH:
		return "paragraph";
	case HX_BLOCK_HEADING:
		return "heading";
	case HX_BLOCK_ITEM:
		return "list item";
	case HX_BLOCK_CELL:
		return "table cell";
	case HX_BLOCK_FOOTNOTE:
		return "footnote";
	case HX_BLOCK_VERBATIM:
		return "verbatim block";
	case HX_BLOCK_KINDS:
		break;
	}
	return "block";
}

/* Where two documents stop aligning: the first block whose kind differs, else the shorter's end. */
int hx_check_misaligned(const struct hx_check_side *s, const struct hx_check_side *t)
{
	size_t i = 0, m = s->n < t->n ? s->n : t->n;

	for (; i < m; i++) {
		const struct hx_block *a = &s->doc->segs.blocks[s->blocks[i]];
		const struct hx_block *b = &t->doc->segs.blocks[t->blocks[i]];

		if (a->kind != b->kind || a->level != b->level)
			break;
	}
	if (i == m && s->n == t->n)
		return 0;
	fprintf(stderr, "hexaglot check: '%s' and '%s' do not align: %zu blocks against %zu; ",
		s->path, t->path, s->n, t->n);
	if (i < m)
		fprintf(stderr, "they diverge at block %zu: a %s at %s:%u, a %s at %s:%u\n", i + 1,
			kind_name(s->doc->segs.blocks[s->blocks[i]].kind), s->path, s->lines[i],
			kind_name(t->doc->segs.blocks[t->blocks[i]].kind), t->path, t->lines[i]);
	else {
		const struct hx_check_side *l = s->n > t->n ? s : t;

		fprintf(stderr, "block %zu (%s:%u) has no counterpart in '%s'\n", i + 1, l->path,
			l->lines[i], l == s ? t->path : s->path);
	}
	return CHECK_BAD_INPUT;
}

void hx_check_block_text(const struct hx_doc *doc, const struct hx_block *b, struct hx_buf *out)
{
	for (uint32_t k = 0; k < b->nsegs; k++) {
		if (k)
			hx_buf_adds(out, b->seps && b->seps[k - 1] ? b->seps[k - 1] : " ");
		seg_text(doc, b->first + k, out);
	}
}

/* The units to check: sentence pairs where the counts agree, else whole blocks. */
size_t hx_check_make_units(const struct hx_check_side *s, const struct hx_check_side *t,
			   struct hx_check_unit **out)
{
	struct hx_buf a = HX_BUF_INIT(1 << 20), b = HX_BUF_INIT(1 << 20);
	struct hx_check_unit *v = NULL;
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct hx_block *sb = &s->doc->segs.blocks[s->blocks[i]];
		const struct hx_block *tb = &t->doc->segs.blocks[t->blocks[i]];
		bool by_seg = sb->nsegs == tb->nsegs;
		uint32_t k, parts = by_seg ? sb->nsegs : 1;

		v = hx_xreallocarray(v, n + parts, sizeof(*v));
		for (k = 0; k < parts; k++) {
			hx_buf_reset(&a);
			hx_buf_reset(&b);
			if (by_seg) {
				seg_text(s->doc, sb->first + k, &a);
				seg_text(t->doc, tb->first + k, &b);
			} else {
				hx_check_block_text(s->doc, sb, &a);
				hx_check_block_text(t->doc, tb, &b);
			}
			v[n] = (struct hx_check_unit){hx_xstrdup(hx_buf_str(&a)),
						      hx_xstrdup(hx_buf_str(&b)), t->lines[i],
						      sb->anchor, (uint32_t)i};
			n++;
		}
	}
	hx_buf_release(&a);
	hx_buf_release(&b);
	*out = v;
	return n;
}

static int by_src(const void *x, const void *y, void *units)
{
	const size_t *a = x, *b = y;
	const struct hx_check_unit *u = units;
	int c = strcmp(u[*a].src, u[*b].src);

	return c ? c : (*a > *b) - (*a < *b);
}

/* The same source sentence translated two ways within the pair. */
void hx_check_consistency(const struct hx_check_unit *u, size_t n, enum hx_lang to,
			  struct hx_qa_findings *out)
{
	size_t *idx = hx_xreallocarray(NULL, n + 1, sizeof(*idx));

	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	qsort_r(idx, n, sizeof(*idx), by_src, (void *)u);
	for (size_t i = 1, first = 0; i < n; i++) {
		const struct hx_check_unit *a = &u[idx[first]], *b = &u[idx[i]];
		struct hx_qa_finding *f;

		if (strcmp(a->src, b->src)) {
			first = i;
			continue;
		}
		if (strlen(a->src) < 12 || !strcmp(a->tgt, b->tgt))
			continue;
		f = hx_qa_findings_add(
			out, b->segno, b->anchor, to, HX_QA_CONSISTENCY, HX_QA_WARNING, a->tgt,
			"'%.80s' is translated differently from line %u", b->src, a->line);
		if (f)
			f->line = b->line;
	}
	free(idx);
}

/* Detects the language of path, or checks it against the one given. */
int hx_check_load_side(struct hx_config *cfg, const char *path, enum hx_lang given, const char *opt,
		       struct hx_check_side *out)
{
	int st = load(cfg, path, HX_LANG_NONE, &out->doc, &out->text);

	out->path = path;
	if (st)
		return st;
	if (given != HX_LANG_NONE && out->doc->lang != HX_LANG_NONE && out->doc->lang != given) {
		fprintf(stderr,
			"hexaglot check: '%s' looks %s, not %s as %s says; check the file "
			"or the option\n",
			path, hx_lang_get(out->doc->lang)->name, hx_lang_get(given)->name, opt);
		return CHECK_BAD_INPUT;
	}
	if (out->doc->lang == HX_LANG_NONE && given == HX_LANG_NONE) {
		fprintf(stderr, "hexaglot check: cannot tell the language of '%s': give %s\n", path,
			opt);
		return CHECK_BAD_INPUT;
	}
	if (out->doc->lang == HX_LANG_NONE) {
		hx_doc_free(out->doc);
		if ((st = load(cfg, path, given, &out->doc, &out->text)))
			return st;
	}
	out->n = text_blocks(out->doc, &out->blocks);
	out->lines = block_lines(out->doc, out->text, out->blocks, out->n);
	return 0;
}

void hx_check_side_release(struct hx_check_side *s)
{
	hx_doc_free(s->doc);
	free(s->text);
	free(s->blocks);
	free(s->lines);
}
