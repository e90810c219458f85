/*
 * The parallel view (<id>.parallel.html): the source and every target side by side, a
 * table row per block, a span per segment carrying its index and origin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "qa.h"
#include "render.h"

/* Columns: the source first, then the targets in the language table's order. */
static int parallel_columns(const struct hx_doc *doc, enum hx_lang cols[HX_LANG_COUNT])
{
	int n = 0;

	cols[n++] = doc->lang;
	for (int l = 0; l < HX_LANG_COUNT; l++)
		if (l != (int)doc->lang && (doc->targets & (1u << l)))
			cols[n++] = (enum hx_lang)l;
	return n;
}

/* The document's QA findings about segments, in order of language and segment. */
struct qa_index {
	const struct hx_qa_findings *qa;
	uint32_t *v; /* indexes into qa->v */
	size_t n;
};

/* What a segment shows in a column. */
struct cell {
	const struct hx_doc *doc;
	enum hx_lang lang;
	bool source;
	const struct qa_index *qa;
};

static int compare_findings(const void *a, const void *b, void *arg)
{
	const struct hx_qa_finding *v = arg, *x = &v[*(const uint32_t *)a],
				   *y = &v[*(const uint32_t *)b];

	if (x->lang != y->lang)
		return x->lang < y->lang ? -1 : 1;
	if (x->seg != y->seg)
		return x->seg < y->seg ? -1 : 1;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

static void qa_index_build(struct qa_index *ix, const struct hx_qa_findings *qa)
{
	ix->qa = qa;
	ix->v = hx_xmalloc((qa->n ? qa->n : 1) * sizeof(*ix->v));
	ix->n = 0;
	for (size_t i = 0; i < qa->n; i++)
		if (qa->v[i].seg != HX_QA_NO_SEGMENT)
			ix->v[ix->n++] = (uint32_t)i;
	qsort_r(ix->v, ix->n, sizeof(*ix->v), compare_findings, qa->v);
}

/* The first of the findings about segment k in lang (*count of them). */
static const uint32_t *qa_find(const struct qa_index *ix, enum hx_lang lang, uint32_t k,
			       size_t *count)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct hx_qa_finding *f = &ix->qa->v[ix->v[mid]];

		if (f->lang < lang || (f->lang == lang && f->seg < k))
			lo = mid + 1;
		else
			hi = mid;
	}
	*count = 0;
	while (lo + *count < ix->n && ix->qa->v[ix->v[lo + *count]].lang == lang &&
	       ix->qa->v[ix->v[lo + *count]].seg == k)
		(*count)++;
	return ix->v + lo;
}

/* The origin of segment seg in c's column: the source column's text is nobody's translation. */
static enum hx_origin cell_origin(const struct cell *c, const struct hx_segment *seg)
{
	const struct hx_seg_target *t = &seg->target[c->lang];

	if (c->source)
		return HX_ORIGIN_NONE;
	if (t->origin == HX_ORIGIN_NONE && !t->text)
		return HX_ORIGIN_SOURCE; /* the draft shows the source there */
	return t->origin;
}

static const char *origin_label(enum hx_origin o)
{
	switch (o) {
	case HX_ORIGIN_NONE:
		return "source text";
	case HX_ORIGIN_TM_HUMAN:
		return "translation memory, human translation";
	case HX_ORIGIN_TM_MT:
		return "translation memory, earlier machine translation";
	case HX_ORIGIN_MT:
		return "machine translation, this run";
	case HX_ORIGIN_GLOSSARY:
		return "glossary term";
	case HX_ORIGIN_SOURCE:
		return "untranslated: left in the source language";
	case HX_ORIGIN_COPY:
		return "nothing to translate: copied";
	}
	return "unknown";
}

#define QA_IN_TITLE 5 /* findings spelled out in a segment's tooltip; qa.json has them all */

/* The QA findings about a segment, for its tooltip: ". QA: [number] error: ...". */
static enum hx_err qa_title(struct hx_buf *out, const struct hx_qa_findings *qa,
			    const uint32_t *first, size_t n)
{
	enum hx_err err = HX_OK;

	for (size_t i = 0; i < n && i < QA_IN_TITLE && !err; i++) {
		const struct hx_qa_finding *f = &qa->v[first[i]];
		char head[96];

		snprintf(head, sizeof(head), "%s[%s] %s: ", i ? "; " : ". QA: ",
			 hx_qa_check_name(f->check), hx_qa_severity_name(f->severity));
		err = hx_render_escape(out, head);
		if (!err && f->message)
			err = hx_render_escape(out, f->message);
		if (!err && f->suggestion && *f->suggestion) {
			err = hx_render_escape(out, " (suggestion: ");
			if (!err)
				err = hx_render_escape(out, f->suggestion);
			if (!err)
				err = hx_render_escape(out, ")");
		}
	}
	if (!err && n > QA_IN_TITLE)
		err = hx_buf_addf(out, "; and %zu more in the .qa.json", n - QA_IN_TITLE);
	return err;
}

/*
 * A segment's span: its index and origin, and in a draft's column the QA findings about
 * it, as the classes "qa qa-SEVERITY" (the worst), data-qa="N" and the tooltip.
 */
static enum hx_err seg_open(void *arg, uint32_t k, struct hx_buf *out)
{
	const struct cell *c = arg;
	const struct hx_segment *seg;
	const uint32_t *qa_first = NULL;
	size_t nqa = 0;
	enum hx_qa_severity worst = HX_QA_INFO;
	enum hx_origin o;
	enum hx_err err;
	char title[256];

	if (k >= c->doc->segs.nsegs)
		return HX_OK;
	seg = &c->doc->segs.segs[k];
	o = cell_origin(c, seg);
	if (!c->source && c->qa)
		qa_first = qa_find(c->qa, c->lang, k, &nqa);
	for (size_t i = 0; i < nqa; i++)
		if (c->qa->qa->v[qa_first[i]].severity > worst)
			worst = c->qa->qa->v[qa_first[i]].severity;
	err = hx_buf_addf(
		out, "<span class=\"seg%s%s%s\" data-seg=\"%u\" data-origin=\"%s\" tabindex=\"0\"",
		o == HX_ORIGIN_SOURCE ? " untranslated" : "", nqa ? " qa qa-" : "",
		nqa ? hx_qa_severity_name(worst) : "", (unsigned)k, hx_origin_name(o));
	if (!err && nqa)
		err = hx_buf_addf(out, " data-qa=\"%zu\"", nqa);
	/* left in the source language: say which, for fonts and screen readers */
	if (!err && o == HX_ORIGIN_SOURCE)
		err = hx_buf_addf(out, " lang=\"%s\" dir=\"auto\"",
				  hx_lang_get(c->doc->lang)->code);
	if (!err)
		err = hx_buf_adds(out, " title=\"");
	snprintf(title, sizeof(title), "Segment %u: %s%s%s%s", (unsigned)k + 1, origin_label(o),
		 !c->source && seg->target[c->lang].engine ? " (" : "",
		 !c->source && seg->target[c->lang].engine ? seg->target[c->lang].engine : "",
		 !c->source && seg->target[c->lang].engine ? ")" : "");
	if (!err)
		err = hx_render_escape(out, title);
	if (!err && o == HX_ORIGIN_SOURCE && seg->target[c->lang].error) {
		err = hx_buf_adds(out, ". The endpoint said: ");
		if (!err)
			err = hx_render_escape(out, seg->target[c->lang].error);
	}
	if (!err && nqa)
		err = qa_title(out, c->qa->qa, qa_first, nqa);
	return err ? err : hx_buf_adds(out, "\">");
}

#define NOTE_LABELS_MAX 32
#define NOTE_LABEL_MAX  100

/*
 * A cell is one block, without the footnote definitions it calls: each call "[^1]" gets
 * a definition of its own after the block, so that cmark renders the call (an escaped
 * "\[^1]" in the text is not a call).
 */
static enum hx_err define_note_calls(struct hx_buf *md)
{
	size_t end = md->len, found = 0;
	enum hx_err err = HX_OK;

	for (size_t i = 0; i + 2 < end && found < NOTE_LABELS_MAX && !err; i++) {
		size_t j = i + 2;
		char label[NOTE_LABEL_MAX + 2];

		if (md->data[i] == '\\') {
			i++;
			continue;
		}
		if (md->data[i] != '[' || md->data[i + 1] != '^')
			continue;
		while (j < end && j - i < NOTE_LABEL_MAX && !strchr(" \t\n[]\\", md->data[j]))
			j++;
		if (j >= end || md->data[j] != ']' || j == i + 2)
			continue;
		/* copied first: adding to md may move its data */
		memcpy(label, md->data + i, j - i + 1);
		err = hx_buf_adds(md, "\n");
		if (!err)
			err = hx_buf_add(md, label, j - i + 1);
		if (!err)
			err = hx_buf_adds(md, ": -\n");
		found++;
		i = j;
	}
	return err;
}

/*
 * Without the footnotes section and with the calls as plain superscripts: the notes
 * have rows of their own, and ids repeated in every cell would clash.
 */
static enum hx_err strip_notes(struct hx_buf *html)
{
	static const char call[] = "<sup class=\"footnote-ref\"><a ";
	const char *section = strstr(hx_buf_str(html), "<section class=\"footnotes\"");
	struct hx_buf out = HX_BUF_INIT(html->max);
	const char *s, *p;
	enum hx_err err = HX_OK;

	if (section)
		hx_buf_truncate(html, (size_t)(section - html->data));
	s = hx_buf_str(html);
	while (!err && (p = strstr(s, call))) {
		const char *gt = strchr(p + sizeof(call) - 1, '>'), *close;

		if (!gt || !(close = strstr(gt, "</a></sup>")))
			break;
		err = hx_buf_add(&out, s, (size_t)(p - s));
		if (!err)
			err = hx_buf_adds(&out, "<sup class=\"footnote-ref\">");
		if (!err)
			err = hx_buf_add(&out, gt + 1, (size_t)(close - gt - 1));
		if (!err)
			err = hx_buf_adds(&out, "</sup>");
		s = close + strlen("</a></sup>");
	}
	if (!err)
		err = hx_buf_adds(&out, s);
	if (!err) {
		hx_buf_reset(html);
		err = hx_buf_add(html, out.data, out.len);
	}
	hx_buf_release(&out);
	return err;
}

/* One cell: block i in c's language, rendered alone, its segment marks turned into spans. */
static enum hx_err put_cell(struct hx_buf *page, const struct cell *c, size_t i, struct hx_buf *md,
			    struct hx_buf *html, struct hx_diag *diag)
{
	const struct hx_lang_info *li = hx_lang_get(c->lang);
	struct hx_marks_opts mo = {li->dir == HX_DIR_RTL, seg_open, (void *)c};
	enum hx_err err;

	hx_buf_reset(md);
	hx_buf_reset(html);
	err = hx_buf_addf(page, "<td data-lang=\"%s\" lang=\"%s\" dir=\"%s\">", li->code, li->code,
			  li->dir == HX_DIR_RTL ? "rtl" : "ltr");
	if (!err)
		err = hx_segments_write_block(&c->doc->segs, i, c->source ? HX_LANG_NONE : c->lang,
					      md, diag);
	if (!err)
		err = define_note_calls(md);
	if (!err)
		err = hx_render_markdown(html, hx_buf_str(md), md->len, HX_RENDER_CHUNK);
	if (!err)
		err = strip_notes(html);
	if (!err)
		err = hx_marks_resolve(page, hx_buf_str(html), html->len, &mo);
	if (!err && hx_buf_last(page) == '\n')
		hx_buf_truncate(page, page->len - 1);
	return err ? err : hx_buf_adds(page, "</td>");
}

static const char *block_class(enum hx_block_kind kind)
{
	switch (kind) {
	case HX_BLOCK_PARAGRAPH:
		return "blk-paragraph";
	case HX_BLOCK_HEADING:
		return "blk-heading";
	case HX_BLOCK_ITEM:
		return "blk-item";
	case HX_BLOCK_CELL:
		return "blk-cell";
	case HX_BLOCK_FOOTNOTE:
		return "blk-footnote";
	case HX_BLOCK_VERBATIM:
	case HX_BLOCK_KINDS:
		break;
	}
	return "blk";
}

/* A row per block; verbatim blocks (code, breaks, a table's delimiter row) have none. */
static enum hx_err put_rows(struct hx_buf *page, const struct hx_doc *doc, const enum hx_lang *cols,
			    int ncols, const struct qa_index *qa, struct hx_diag *diag)
{
	struct hx_buf md = HX_BUF_INIT(page->max), html = HX_BUF_INIT(page->max);
	enum hx_err err = hx_buf_adds(page, "<tbody>\n");

	for (size_t i = 0; i < doc->segs.nblocks && !err; i++) {
		const struct hx_block *b = &doc->segs.blocks[i];

		if (b->kind == HX_BLOCK_VERBATIM)
			continue;
		err = hx_buf_addf(page, "<tr id=\"p-%u\" class=\"%s\">", (unsigned)b->anchor,
				  block_class(b->kind));
		for (int c = 0; c < ncols && !err; c++) {
			struct cell cell = {doc, cols[c], c == 0, qa};

			err = put_cell(page, &cell, i, &md, &html, diag);
		}
		if (!err)
			err = hx_buf_adds(page, "</tr>\n");
	}
	hx_buf_release(&md);
	hx_buf_release(&html);
	return err ? err : hx_buf_adds(page, "</tbody>\n");
}

static enum hx_err put_head_row(struct hx_buf *page, const struct hx_doc *doc,
				const enum hx_lang *cols, int ncols)
{
	enum hx_err err = hx_buf_adds(page, "<table class=\"parallel\">\n<thead><tr>");

	for (int c = 0; c < ncols && !err; c++) {
		const struct hx_lang_info *li = hx_lang_get(cols[c]);

		err = hx_buf_addf(page,
				  "<th data-lang=\"%s\" lang=\"%s\" dir=\"%s\" scope=\"col\">%s"
				  " <small lang=\"en\" dir=\"ltr\">%s</small></th>",
				  li->code, li->code, li->dir == HX_DIR_RTL ? "rtl" : "ltr",
				  li->native_name, c == 0 ? "source" : "draft");
	}
	(void)doc;
	return err ? err : hx_buf_adds(page, "</tr></thead>\n");
}

static enum hx_err put_toggles(struct hx_buf *page, const enum hx_lang *cols, int ncols)
{
	/* hidden until the script, which makes the boxes work, shows them */
	enum hx_err err =
		hx_buf_adds(page, "<nav class=\"lang-toggle\" aria-label=\"Columns\" hidden>"
				  "<span>Show:</span>");

	for (int c = 0; c < ncols && !err; c++) {
		const struct hx_lang_info *li = hx_lang_get(cols[c]);

		err = hx_buf_addf(
			page,
			"<label><input type=\"checkbox\" data-lang=\"%s\" checked> %s</label>",
			li->code, li->name);
	}
	return err ? err : hx_buf_adds(page, "</nav>\n");
}

static enum hx_err put_legend(struct hx_buf *page)
{
	static const enum hx_origin shown[] = {HX_ORIGIN_TM_HUMAN, HX_ORIGIN_TM_MT,
					       HX_ORIGIN_MT,       HX_ORIGIN_GLOSSARY,
					       HX_ORIGIN_SOURCE,   HX_ORIGIN_COPY};
	enum hx_err err =
		hx_buf_adds(page, "<details class=\"legend\" open><summary>Origin of each "
				  "segment (also in its tooltip)</summary><ul>");

	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]) && !err; i++)
		err = hx_buf_addf(
			page, "<li><span class=\"seg-key%s\" data-origin=\"%s\">%s</span> %s</li>",
			shown[i] == HX_ORIGIN_SOURCE ? " untranslated" : "",
			hx_origin_name(shown[i]), hx_origin_name(shown[i]), origin_label(shown[i]));
	if (!err)
		err = hx_buf_adds(page, "<li><span class=\"seg-key qa qa-error\">qa</span> a QA "
					"finding (dotted: warning or note, red: error); its tooltip "
					"says which, and the .qa.json has them all</li>");
	return err ? err : hx_buf_adds(page, "</ul></details>\n");
}

/* Which engine made each draft, and when. */
static enum hx_err put_notice(struct hx_buf *page, const struct hx_doc *doc,
			      const enum hx_lang *cols, int ncols, const char *run_date)
{
	struct hx_buf line = HX_BUF_INIT(8192);
	enum hx_err err = hx_buf_addf(&line,
				      "Parallel view of the %s source and machine-translated "
				      "drafts:",
				      hx_lang_get(doc->lang)->name);

	for (int c = 1; c < ncols && !err; c++) {
		const struct hx_doc_target *t = &doc->target[cols[c]];

		err = hx_buf_addf(&line, "%s %s by %s%s", c > 1 ? "," : "",
				  hx_lang_get(cols[c])->name, t->engine ? t->engine : "no engine",
				  t->pivoted ? " through a pivot" : "");
	}
	if (!err && run_date && *run_date)
		err = hx_buf_addf(&line, "; run of %s", run_date);
	if (!err && doc->qa.checked) {
		size_t n[HX_QA_SEVERITY_COUNT] = {0};

		for (int l = 0; l < HX_LANG_COUNT; l++)
			for (int v = 0; v < HX_QA_SEVERITY_COUNT; v++)
				n[v] += doc->qa.counts[l][v];
		err = hx_buf_addf(&line, ". Quality checks: %zu error%s, %zu warning%s, %zu note%s",
				  n[HX_QA_ERROR], n[HX_QA_ERROR] == 1 ? "" : "s", n[HX_QA_WARNING],
				  n[HX_QA_WARNING] == 1 ? "" : "s", n[HX_QA_INFO],
				  n[HX_QA_INFO] == 1 ? "" : "s");
	}
	if (!err)
		err = hx_buf_adds(&line, ". Not official translations.");
	if (!err)
		err = hx_buf_adds(page, "<p class=\"mt-notice\" role=\"note\">");
	if (!err)
		err = hx_render_escape(page, hx_buf_str(&line));
	hx_buf_release(&line);
	return err ? err : hx_buf_adds(page, "</p>\n");
}

enum hx_err hx_render_parallel(struct hx_buf *page, const struct hx_doc *doc, const char *run_date,
			       struct hx_diag *diag)
{
	enum hx_lang cols[HX_LANG_COUNT];
	struct qa_index qa;
	int ncols;
	enum hx_err err;

	if (!hx_lang_get(doc->lang))
		return hx_fail(diag, HX_E_RENDER,
			       "no parallel view of '%s': its language is unknown", doc->path);
	ncols = parallel_columns(doc, cols);
	qa_index_build(&qa, &doc->qa);
	err = hx_render_page_head(page, doc, hx_render_parallel_script, hx_render_parallel_css);
	if (!err)
		err = hx_buf_adds(page, "<main class=\"parallel-view\">\n");
	if (!err)
		err = put_notice(page, doc, cols, ncols, run_date);
	if (!err)
		err = put_toggles(page, cols, ncols);
	if (!err)
		err = put_legend(page);
	if (!err)
		err = put_head_row(page, doc, cols, ncols);
	if (!err)
		err = put_rows(page, doc, cols, ncols, &qa, diag);
	if (!err)
		err = hx_buf_adds(page, "</table>\n</main>\n<script>");
	if (!err)
		err = hx_buf_adds(page, hx_render_parallel_script);
	free(qa.v);
	return err ? err : hx_buf_adds(page, "</script>\n</body>\n</html>\n");
}
