/*
 * segment stage: the document's CommonMark as blocks (headings, paragraphs,
 * list items, table cells, footnotes) and the blocks as sentences to translate.
 */
#include <cmark-gfm-core-extensions.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmark_finish.h"
#include "segment_impl.h"
#include "stage.h"

/* Deeper nesting than this is kept as it is (copied, not translated): no unbounded recursion. */
#define MAX_NESTING 24

struct walker {
	struct hx_doc *doc;
	struct hx_diag *diag;
	int depth;
	struct hx_sg_breakers *breakers;
};

static enum hx_err walk(struct walker *w, cmark_node *container, const char *first,
			const char *rest);

static char *join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = hx_xmalloc(na + nb + 1);

	memcpy(s, a, na);
	memcpy(s + na, b, nb + 1);
	return s;
}

/* "46." as Markdown text that cannot start a list: "46\. "; "(a)" as it is. */
static void add_label(struct hx_buf *prefix, const char *label)
{
	size_t n = strlen(label);

	if (!n)
		return;
	if (label[0] >= '0' && label[0] <= '9' && (label[n - 1] == '.' || label[n - 1] == ')')) {
		hx_buf_add(prefix, label, n - 1);
		hx_buf_addc(prefix, '\\');
		hx_buf_addc(prefix, label[n - 1]);
	} else {
		hx_buf_adds(prefix, label);
	}
	hx_buf_addc(prefix, ' ');
}

/* A block whose content is inlines: a paragraph, heading, cell or the start of a footnote. */
static enum hx_err text_block(struct walker *w, cmark_node *node, enum hx_block_kind kind,
			      const char *prefix, const char *tail)
{
	struct hx_segments *segs = &w->doc->segs;
	struct hx_sg_text t;
	struct hx_buf pre = HX_BUF_INIT(0);
	uint32_t index = (uint32_t)segs->nblocks;
	struct hx_block *b;
	enum hx_err err;

	hx_sg_text_init(&t, w->doc->lang, w->doc->targets);
	t.breakers = w->breakers;
	err = hx_sg_inlines(&t, node, kind == HX_BLOCK_PARAGRAPH || kind == HX_BLOCK_HEADING ||
					      kind == HX_BLOCK_ITEM,
			    w->diag);
	hx_buf_adds(&pre, prefix);
	add_label(&pre, t.label);
	b = hx_segments_add_block(segs, kind);
	b->level = kind == HX_BLOCK_HEADING ? cmark_node_get_heading_level(node) : 0;
	b->prefix = hx_buf_detach(&pre, NULL);
	b->tail = hx_xstrdup(tail);
	if (!err)
		err = hx_sg_split(segs, index, &t, w->diag);
	hx_sg_text_release(&t);
	return err;
}

/* Markdown copied as it is (code, raw HTML, what is nested too deep), each line prefixed. */
static enum hx_err verbatim(struct walker *w, const char *md, const char *first,
			    const char *rest, const char *tail)
{
	struct hx_block *b = hx_segments_add_block(&w->doc->segs, HX_BLOCK_VERBATIM);
	struct hx_buf out = HX_BUF_INIT(0);
	size_t len = strlen(md);
	enum hx_err err = HX_OK;

	while (len && md[len - 1] == '\n')
		len--;
	for (size_t i = 0; i < len && !err;) {
		const char *nl = memchr(md + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - md) : len;

		err = hx_buf_adds(&out, i ? rest : first);
		if (!err)
			err = hx_buf_add(&out, md + i, end - i);
		if (!err && end < len)
			err = hx_buf_addc(&out, '\n');
		i = end + 1;
	}
	b->verbatim = hx_buf_detach(&out, NULL);
	b->tail = hx_xstrdup(tail);
	return err ? hx_fail(w->diag, err, "'%s': a block is over the size cap", w->doc->path)
		   : HX_OK;
}

static enum hx_err verbatim_node(struct walker *w, cmark_node *node, const char *first,
				 const char *rest)
{
	char *md = cmark_render_commonmark(node, CMARK_OPT_DEFAULT, 0);
	enum hx_err err = verbatim(w, md ? md : "", first, rest, "\n\n");

	free(md);
	return err;
}

static enum hx_err list(struct walker *w, cmark_node *node, const char *first, const char *rest)
{
	bool ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
	int number = cmark_node_get_list_start(node);
	enum hx_err err = HX_OK;

	for (cmark_node *item = cmark_node_first_child(node); item && !err;
	     item = cmark_node_next(item), number++) {
		char marker[32];
		char *f, *r, indent[32];
		size_t at;

		if (ordered)
			snprintf(marker, sizeof(marker), "%d. ", number);
		else
			snprintf(marker, sizeof(marker), "- ");
		snprintf(indent, sizeof(indent), "%*s", (int)strlen(marker), "");
		f = join(item == cmark_node_first_child(node) ? first : rest, marker);
		r = join(rest, indent);
		at = w->doc->segs.nblocks;
		err = walk(w, item, f, r);
		if (!err && at < w->doc->segs.nblocks &&
		    w->doc->segs.blocks[at].kind == HX_BLOCK_PARAGRAPH)
			w->doc->segs.blocks[at].kind = HX_BLOCK_ITEM;
		free(f);
		free(r);
		/* a tight list: items on consecutive lines */
		if (!err && cmark_node_get_list_tight(node) && cmark_node_next(item) &&
		    w->doc->segs.nblocks) {
			struct hx_block *last = &w->doc->segs.blocks[w->doc->segs.nblocks - 1];

			free(last->tail);
			last->tail = hx_xstrdup("\n");
		}
	}
	return err;
}

/* The delimiter row of a table: "| --- | :---: |" with the column alignments. */
static enum hx_err table_delimiter(struct walker *w, cmark_node *table, const char *prefix)
{
	int cols = (int)cmark_gfm_extensions_get_table_columns(table);
	uint8_t *align = cmark_gfm_extensions_get_table_alignments(table);
	struct hx_buf row = HX_BUF_INIT(0);
	enum hx_err err = hx_buf_adds(&row, "|");

	for (int c = 0; c < cols && !err; c++)
		err = hx_buf_adds(&row, !align ? " --- |"
				  : align[c] == 'l' ? " :--- |"
				  : align[c] == 'c' ? " :---: |"
				  : align[c] == 'r' ? " ---: |"
						     : " --- |");
	if (!err)
		err = verbatim(w, hx_buf_str(&row), prefix, prefix, "\n");
	hx_buf_release(&row);
	return err;
}

static enum hx_err table(struct walker *w, cmark_node *node, const char *first, const char *rest)
{
	enum hx_err err = HX_OK;

	for (cmark_node *row = cmark_node_first_child(node); row && !err; row = cmark_node_next(row)) {
		for (cmark_node *cell = cmark_node_first_child(row); cell && !err;
		     cell = cmark_node_next(cell)) {
			bool head = cell == cmark_node_first_child(row);
			char *pre = join(row == cmark_node_first_child(node) ? first : rest,
					 head ? "| " : "");

			err = text_block(w, cell, HX_BLOCK_CELL, head ? pre : " | ",
					 cmark_node_next(cell) ? "" : cmark_node_next(row) ? " |\n"
											    : " |\n\n");
			free(pre);
		}
		if (!err && row == cmark_node_first_child(node))
			err = table_delimiter(w, node, rest);
	}
	return err;
}

static enum hx_err footnote(struct walker *w, cmark_node *node, const char *rest)
{
	size_t n;
	const char *label = hx_sg_footnote_label(node, &n);
	struct hx_buf first = HX_BUF_INIT(0);
	char *indent = join(rest, "    ");
	enum hx_err err = hx_buf_addf(&first, "%s[^%.*s]: ", rest, (int)n, label);

	size_t at = w->doc->segs.nblocks;

	if (!err)
		err = walk(w, node, hx_buf_str(&first), indent);
	if (!err && at < w->doc->segs.nblocks)
		w->doc->segs.blocks[at].kind = HX_BLOCK_FOOTNOTE;
	hx_buf_release(&first);
	free(indent);
	return err;
}

static enum hx_err code_block(struct walker *w, cmark_node *node, const char *first,
			      const char *rest)
{
	const char *code = cmark_node_get_literal(node), *info = cmark_node_get_fence_info(node);
	size_t fence = 3;
	struct hx_buf md = HX_BUF_INIT(0);
	enum hx_err err;

	for (size_t run = 0, i = 0; code && code[i]; i++) {
		run = code[i] == '`' ? run + 1 : 0;
		if (run >= fence)
			fence = run + 1;
	}
	err = hx_buf_addf(&md, "%.*s%s\n%s%.*s", (int)fence, "````````````````````````````````",
			  info ? info : "", code ? code : "", (int)fence,
			  "````````````````````````````````");
	if (!err)
		err = verbatim(w, md.data, first, rest, "\n\n");
	hx_buf_release(&md);
	return err;
}

static enum hx_err child(struct walker *w, cmark_node *c, const char *first, const char *rest)
{
	char *quote;
	enum hx_err err;

	switch (cmark_node_get_type(c)) {
	case CMARK_NODE_PARAGRAPH:
		return text_block(w, c, HX_BLOCK_PARAGRAPH, first, "\n\n");
	case CMARK_NODE_HEADING: {
		char *pre = join(first, "###### " + 6 - cmark_node_get_heading_level(c));

		err = text_block(w, c, HX_BLOCK_HEADING, pre, "\n\n");
		free(pre);
		return err;
	}
	case CMARK_NODE_LIST:
		return list(w, c, first, rest);
	case CMARK_NODE_BLOCK_QUOTE:
		quote = join(rest, "> ");
		err = walk(w, c, quote, quote);
		free(quote);
		return err;
	case CMARK_NODE_CODE_BLOCK:
		return code_block(w, c, first, rest);
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		return footnote(w, c, rest);
	case CMARK_NODE_THEMATIC_BREAK:
		return verbatim(w, "---", first, rest, "\n\n");
	default:
		break;
	}
	if (!strcmp(cmark_node_get_type_string(c), "table"))
		return table(w, c, first, rest);
	return verbatim_node(w, c, first, rest);
}

static enum hx_err walk(struct walker *w, cmark_node *container, const char *first,
			const char *rest)
{
	enum hx_err err = HX_OK;

	if (++w->depth > MAX_NESTING) {
		err = verbatim_node(w, container, first, rest);
		w->depth--;
		return err;
	}
	for (cmark_node *c = cmark_node_first_child(container); c && !err; c = cmark_node_next(c)) {
		err = child(w, c, c == cmark_node_first_child(container) ? first : rest, rest);
		/* the item's marker goes on its first block only */
	}
	w->depth--;
	return err;
}

struct segment_state {
	cmark_syntax_extension *ext[3];
	struct hx_sg_breakers breakers;
};

static enum hx_err segment_init(struct hx_stage_ctx *ctx)
{
	struct segment_state *st = ctx->priv;
	static const char *const names[] = {"table", "strikethrough", "autolink"};

	cmark_gfm_core_extensions_ensure_registered();
	for (int i = 0; i < 3; i++) {
		st->ext[i] = cmark_find_syntax_extension(names[i]);
		if (!st->ext[i])
			return hx_fail(ctx->diag, HX_E_INTERNAL, "cmark-gfm lacks the %s extension",
				       names[i]);
	}
	return HX_OK;
}

static enum hx_err segment_process(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	struct segment_state *st = ctx->priv;
	struct walker w = {doc, ctx->diag, 0, &st->breakers};
	cmark_parser *parser;
	cmark_node *root;
	enum hx_err err;

	if (!doc->targets)
		return HX_OK; /* nothing to translate: `hexaglot convert` */
	if (!doc->markdown)
		return hx_fail(ctx->diag, HX_E_INTERNAL, "'%s' has no Markdown to segment", doc->path);
	hx_segments_release(&doc->segs);
	parser = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8);
	for (int i = 0; i < 3; i++)
		cmark_parser_attach_syntax_extension(parser, st->ext[i]);
	cmark_parser_feed(parser, doc->markdown, doc->markdown_len);
	root = hx_cmark_finish(parser);
	err = root ? walk(&w, root, "", "") : hx_fail(ctx->diag, HX_E_CONVERT,
						       "cannot parse the Markdown of '%s'", doc->path);
	cmark_node_free(root);
	cmark_parser_free(parser);
	return err;
}

static void segment_uninit(struct hx_stage_ctx *ctx)
{
	struct segment_state *st = ctx->priv;

	if (st)
		hx_sg_breakers_release(&st->breakers);
}

const struct hx_stage hx_stage_segment = {
	.name = "segment",
	.summary = "cut the CommonMark into blocks and sentences; protect markup, symbols, URLs, numbers",
	.priv_size = sizeof(struct segment_state),
	.init = segment_init,
	.process = segment_process,
	.uninit = segment_uninit,
};
