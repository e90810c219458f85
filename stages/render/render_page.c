/*
 * The standalone page around cmark's HTML: head, stylesheet with the language's
 * fonts, and a masthead from the metadata. Everything taken from the document is escaped.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "render.h"

/* A page being written: the first error sticks and later writes do nothing. */
struct page {
	struct hx_buf *buf;
	enum hx_err err;
};

static void put(struct page *pg, const char *s)
{
	if (!pg->err)
		pg->err = hx_buf_adds(pg->buf, s);
}

/* Escapes the five characters that matter in text and in quoted attribute values. */
static void put_escaped(struct page *pg, const char *s)
{
	const char *run = s;

	for (; *s && !pg->err; s++) {
		const char *entity = NULL;

		switch (*s) {
		case '&':
			entity = "&amp;";
			break;
		case '<':
			entity = "&lt;";
			break;
		case '>':
			entity = "&gt;";
			break;
		case '"':
			entity = "&quot;";
			break;
		case '\'':
			entity = "&#39;";
			break;
		}
		if (!entity)
			continue;
		pg->err = hx_buf_add(pg->buf, run, (size_t)(s - run));
		put(pg, entity);
		run = s + 1;
	}
	if (!pg->err)
		pg->err = hx_buf_add(pg->buf, run, strlen(run));
}

/* One `:lang()` rule per distinct font stack, so mixed-language content gets its fonts too. */
static void put_font_rules(struct page *pg, const struct hx_lang_info *page_lang)
{
	if (page_lang) {
		put(pg, "html { font-family: ");
		put(pg, page_lang->font_stack);
		put(pg, "; }\n");
	}
	for (int i = 0; i < HX_LANG_COUNT; i++) {
		const struct hx_lang_info *li = hx_lang_get((enum hx_lang)i);
		bool seen = false;

		for (int j = 0; j < i && !seen; j++)
			seen = strcmp(hx_lang_get((enum hx_lang)j)->font_stack, li->font_stack) ==
			       0;
		if (seen)
			continue;
		for (int j = i; j < HX_LANG_COUNT; j++) {
			const struct hx_lang_info *lj = hx_lang_get((enum hx_lang)j);

			if (strcmp(lj->font_stack, li->font_stack) != 0)
				continue;
			put(pg, j == i ? ":lang(" : ", :lang(");
			put(pg, lj->code);
			put(pg, ")");
		}
		put(pg, " { font-family: ");
		put(pg, li->font_stack);
		put(pg, "; }\n");
	}
}

static bool has(const char *s)
{
	return s && *s;
}

static const char *page_title(const struct hx_doc *doc)
{
	if (has(doc->meta.title))
		return doc->meta.title;
	if (has(doc->meta.symbol))
		return doc->meta.symbol;
	return doc->id ? doc->id : "";
}

/*
 * The policy repeats what the page already guarantees (no scripts, no outside
 * resources), for viewers that honour it.
 */
static void put_head(struct page *pg, const struct hx_doc *doc, const struct hx_lang_info *li)
{
	put(pg, "<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src 'unsafe-inline'; img-src 'self' data: file:; base-uri 'none'; "
		"form-action 'none'\">\n"
		"<meta name=\"generator\" content=\"hexaglot\">\n");
	if (doc->meta.input_sha256[0]) {
		put(pg, "<meta name=\"hexaglot-source-sha256\" content=\"");
		put_escaped(pg, doc->meta.input_sha256);
		put(pg, "\">\n");
	}
	put(pg, "<title>");
	put_escaped(pg, page_title(doc));
	put(pg, "</title>\n<style>\n");
	put(pg, hx_render_css);
	put_font_rules(pg, li);
	put(pg, "</style>\n</head>\n");
}

static bool is_iso_date(const char *s)
{
	static const char pattern[] = "dddd-dd-dd";

	for (size_t i = 0; i < sizeof(pattern) - 1; i++)
		if (pattern[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pattern[i])
			return false;
	return s[sizeof(pattern) - 1] == '\0';
}

/* One item of the small line; dir="ltr" isolates it, so it stays LTR on RTL pages. */
static void put_docinfo_item(struct page *pg, const char *cls, const char *label, const char *value)
{
	put(pg, "<span class=\"");
	put(pg, cls);
	put(pg, "\" lang=\"en\" dir=\"ltr\">");
	put(pg, label);
	put_escaped(pg, value);
	put(pg, "</span>");
}

/* The labels are English, as in the English masthead. */
static void put_docinfo(struct page *pg, const struct hx_meta *m)
{
	const struct hx_lang_info *orig = hx_lang_get(m->original_lang);

	put(pg, "<p class=\"docinfo\">");
	if (has(m->distribution))
		put_docinfo_item(pg, "distribution", "Distr.: ", m->distribution);
	if (has(m->date) && is_iso_date(m->date)) {
		put(pg, "<time class=\"date\" dir=\"ltr\" datetime=\"");
		put_escaped(pg, m->date);
		put(pg, "\">");
		put_escaped(pg, m->date);
		put(pg, "</time>");
	} else if (has(m->date)) {
		put_docinfo_item(pg, "date", "", m->date);
	}
	if (orig)
		put_docinfo_item(pg, "original", "Original: ", orig->name);
	if (has(m->job_number))
		put_docinfo_item(pg, "job-number", "", m->job_number);
	put(pg, "</p>\n");
}

static void put_masthead(struct page *pg, const struct hx_meta *m)
{
	bool info = has(m->distribution) || has(m->date) || hx_lang_get(m->original_lang) ||
		    has(m->job_number);

	if (!has(m->organ) && !has(m->symbol) && !info)
		return;
	put(pg, "<header class=\"masthead\">\n");
	if (has(m->organ)) {
		put(pg, "<p class=\"organ\">");
		put_escaped(pg, m->organ);
		put(pg, "</p>\n");
	}
	if (has(m->symbol)) {
		put(pg, "<p class=\"symbol\"><bdi dir=\"ltr\">");
		put_escaped(pg, m->symbol);
		put(pg, "</bdi></p>\n");
	}
	if (info)
		put_docinfo(pg, m);
	put(pg, "</header>\n");
}

enum hx_err hx_render_page_start(struct hx_buf *page, const struct hx_doc *doc, enum hx_lang lang)
{
	const struct hx_lang_info *li = hx_lang_get(lang);
	struct page pg = {page, HX_OK};

	put(&pg, "<!DOCTYPE html>\n<html lang=\"");
	/* an unknown language gets no font preference, and the browser finds the direction */
	put(&pg, li ? li->code : "und");
	put(&pg, "\" dir=\"");
	put(&pg, !li ? "auto" : li->dir == HX_DIR_RTL ? "rtl" : "ltr");
	put(&pg, "\">\n");
	put_head(&pg, doc, li);
	put(&pg, "<body>\n");
	put_masthead(&pg, &doc->meta);
	put(&pg, "<main>\n");
	return pg.err;
}

enum hx_err hx_render_draft_notice(struct hx_buf *page, const struct hx_doc *doc, enum hx_lang lang)
{
	const struct hx_doc_target *t = &doc->target[lang];
	const struct hx_lang_info *src = hx_lang_get(doc->lang), *li = hx_lang_get(lang);
	struct page pg = {page, HX_OK};
	char line[512];

	snprintf(line, sizeof(line),
		 "Machine-translated draft: %s from %s%s, by %s. Not an official translation.",
		 li ? li->name : "?", src ? src->name : "?", t->pivoted ? " through a pivot" : "",
		 t->engine ? t->engine : "no engine");
	put(&pg, "<p class=\"mt-notice\" lang=\"en\" dir=\"ltr\">");
	put_escaped(&pg, line);
	if (t->failed) {
		snprintf(line, sizeof(line), " %zu of %zu segments are left in %s (marked).", t->failed,
			 t->segments, src ? src->name : "the source language");
		put_escaped(&pg, line);
	}
	put(&pg, "</p>\n");
	return pg.err;
}

enum hx_err hx_render_page_end(struct hx_buf *page)
{
	struct page pg = {page, HX_OK};

	if (hx_buf_last(page) != '\n')
		put(&pg, "\n");
	put(&pg, "</main>\n</body>\n</html>\n");
	return pg.err;
}
