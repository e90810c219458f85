/*
 * convert stage: PDF text, converter Markdown or HTML into clean CommonMark
 * plus metadata. The passes live in the other files of this folder.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert.h"
#include "hash.h"
#include "html.h"
#include "stage.h"

void hx_cv_state_release(struct hx_cv_state *st)
{
	hx_buf_release(&st->body_text);
	hx_buf_release(&st->note_text);
	free(st->blocks);
	free(st->lines);
	free(st->work);
	free(st->glued_ref_line);
	free(st->star_map);
	memset(st, 0, sizeof(*st));
}

/* Counts the lines that only Markdown (or a PDF-to-Markdown converter) writes. */
static size_t markdown_signals(const char *s, size_t len)
{
	size_t signals = 0, lines = 0;

	for (size_t i = 0; i < len && lines < 2000; lines++) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len, n = end - i;
		const char *l = s + i;

		if ((n > 2 && l[0] == '#' && (l[1] == ' ' || l[1] == '#')) ||
		    (n > 3 && (l[0] == '-' || l[0] == '*') && l[1] == ' ') || (n && l[0] == '|') ||
		    (n >= 3 && !memcmp(l, "```", 3)) || memmem(l, n, "^{", 2) ||
		    memmem(l, n, "_{", 2) || memmem(l, n, "**", 2) || memmem(l, n, "](", 2))
			signals++;
		i = end + 1;
	}
	return signals;
}

static bool looks_like_html(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
		i++;
	if (len - i >= 5 && (!strncasecmp(s + i, "<!doc", 5) || !strncasecmp(s + i, "<html", 5) ||
			     !strncasecmp(s + i, "<!--", 4)))
		return true;
	return memmem(s, len < 4096 ? len : 4096, "<body", 5) ||
	       memmem(s, len < 4096 ? len : 4096, "<p>", 3);
}

static enum hx_format sniff_format(const struct hx_doc *doc)
{
	const char *dot = strrchr(doc->path, '.');

	if (dot && strchr(dot, '/') == NULL) {
		if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") ||
		    !strcasecmp(dot, ".xhtml"))
			return HX_FORMAT_HTML;
		if (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown"))
			return HX_FORMAT_MARKDOWN;
	}
	if (looks_like_html(doc->text, doc->text_len))
		return HX_FORMAT_HTML;
	return markdown_signals(doc->text, doc->text_len) >= 3 ? HX_FORMAT_MARKDOWN
							       : HX_FORMAT_TEXT;
}

/* "联 合 国 大 会": most Han characters followed by a space and another Han character. */
static bool han_spaced(const char *s, size_t len)
{
	size_t han = 0, spaced = 0;

	for (size_t i = 0; i < len && han < 20000;) {
		uint32_t cp = hx_cv_next(s, len, &i);
		size_t k = i + 1;

		if (!hx_cv_is_han(cp))
			continue;
		han++;
		if (i < len && s[i] == ' ' && k < len && hx_cv_is_unspaced(hx_cv_next(s, len, &k)))
			spaced++;
	}
	return han >= 20 && spaced * 2 >= han;
}

/* Without a title block, the first heading names the document. */
static void title_from_headings(struct hx_cv_state *st)
{
	for (size_t i = 0; i < st->nblocks && !st->doc->meta.title; i++)
		if (st->blocks[i].kind == HX_CV_BLOCK_HEADING && st->blocks[i].len)
			hx_meta_set(&st->doc->meta.title, hx_cv_block_text(st, &st->blocks[i]),
				    st->blocks[i].len);
}

enum hx_err hx_convert_text(struct hx_doc *doc, const char *text, size_t len, enum hx_format format,
			    size_t max_output, struct hx_diag *diag)
{
	return hx_convert_text_as(doc, text, len, format, false, max_output, diag);
}

enum hx_err hx_convert_text_as(struct hx_doc *doc, const char *text, size_t len,
			       enum hx_format format, bool structured, size_t max_output,
			       struct hx_diag *diag)
{
	struct hx_cv_state st = {0};
	struct hx_buf md, despaced;
	enum hx_err err = HX_OK;

	st.doc = doc;
	st.diag = diag;
	st.format = format;
	st.structured = structured;
	st.input = text;
	st.input_len = len;
	st.max_output = max_output;
	hx_buf_init(&st.body_text, max_output);
	hx_buf_init(&st.note_text, max_output);
	if (doc->lang == HX_LANG_NONE)
		doc->lang = hx_lang_detect(text, len);
	st.lang = doc->lang;
	st.han_spaced = st.lang == HX_LANG_ZH && han_spaced(text, len);
	hx_buf_init(&md, max_output);
	hx_buf_init(&despaced, max_output);
	if (st.han_spaced) {
		/* take the artefact out first, so that "第 一 条" reads as "第一条" everywhere */
		err = hx_cv_cjk_punct(text, len, NULL, true, &despaced);
		st.input = hx_buf_str(&despaced);
		st.input_len = despaced.len;
	}
	if (!err)
		err = hx_cv_split_lines(&st);
	/* the lines hold their own cleaned copy: the decoded text can go */
	if (!err && text == doc->text)
		hx_doc_take_text(doc, NULL, 0);
	if (!err) {
		hx_cv_remove_furniture(&st);
		st.wrap = hx_cv_wrap_width(&st);
		err = hx_cv_front_matter(&st);
	}
	if (!err)
		err = hx_cv_build_blocks(&st);
	/* the blocks hold the text now: let the lines go before the Markdown is written */
	free(st.work);
	free(st.lines);
	st.work = NULL;
	st.lines = NULL;
	st.nlines = 0;
	hx_buf_release(&despaced);
	if (!err)
		err = hx_cv_emit(&st, &md);
	if (!err) {
		title_from_headings(&st);
		hx_doc_take_markdown(doc, hx_buf_detach(&md, NULL), md.len);
	}
	hx_buf_release(&md);
	hx_buf_release(&despaced);
	hx_cv_state_release(&st);
	return err;
}

/* "A/RES/79/321 - Strengthening ...": a page title that starts with the symbol. */
static void symbol_from_title(struct hx_doc *doc)
{
	const char *t = doc->meta.title;
	size_t n;

	if (!t || doc->meta.symbol)
		return;
	n = hx_symbol_match(t, strlen(t));
	if (n)
		hx_meta_set(&doc->meta.symbol, t, n);
}

static enum hx_err convert_html(struct hx_doc *doc, size_t cap, struct hx_diag *diag)
{
	struct hx_buf md;
	struct hx_html_info info = {0};
	enum hx_err err;

	hx_buf_init(&md, cap);
	err = hx_html_to_markdown(doc->path, doc->text, doc->text_len, &md, &info, diag);
	if (!err) {
		if (doc->lang == HX_LANG_NONE && info.lang)
			doc->lang = hx_lang_parse(info.lang);
		if (info.title && !doc->meta.title)
			hx_meta_set(&doc->meta.title, info.title, strlen(info.title));
		symbol_from_title(doc);
		err = hx_convert_text_as(doc, hx_buf_str(&md), md.len, HX_FORMAT_MARKDOWN, true,
					 cap, diag);
	}
	hx_html_info_release(&info);
	hx_buf_release(&md);
	return err;
}

static enum hx_err convert_process(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	size_t cap = ctx->cfg->max_input * 4 + ((size_t)1 << 20);
	enum hx_err err;

	if (!doc->text)
		return hx_fail(ctx->diag, HX_E_INTERNAL, "'%s' was not decoded", doc->path);
	free(doc->raw); /* hashed and decoded: the bytes are not needed again */
	doc->raw = NULL;
	doc->raw_len = 0;
	if (ctx->cfg->from != HX_LANG_NONE) {
		doc->lang = ctx->cfg->from;
		doc->lang_given = true;
	}
	doc->format = ctx->cfg->format != HX_FORMAT_AUTO ? ctx->cfg->format : sniff_format(doc);
	if (doc->format == HX_FORMAT_HTML)
		err = convert_html(doc, cap, ctx->diag);
	else
		err = hx_convert_text(doc, doc->text, doc->text_len, doc->format, cap, ctx->diag);
	if (err)
		return err;
	if (doc->markdown_len == 0)
		return hx_fail(ctx->diag, HX_E_CONVERT,
			       "'%s' has no text left once page furniture is removed", doc->path);
	hx_sha256_hex(doc->markdown, doc->markdown_len, doc->meta.markdown_sha256);
	/* from here on the document is its Markdown: memory stays near one copy of it */
	free(doc->raw);
	doc->raw = NULL;
	doc->raw_len = 0;
	hx_doc_take_text(doc, NULL, 0);
	return HX_OK;
}

const struct hx_stage hx_stage_convert = {
	.name = "convert",
	.summary = "clean up PDF text, converter Markdown or HTML into CommonMark and metadata",
	.process = convert_process,
};
