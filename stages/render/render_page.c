/*
 * The standalone page around cmark's HTML: head, stylesheet with the language's
 * fonts, and a masthead from the metadata. Everything taken from the document is escaped.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hash.h"
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
	if (!pg->err)
		pg->err = hx_render_escape(pg->buf, s);
}

enum hx_err hx_render_escape(struct hx_buf *buf, const char *s)
{
	struct page pgs = {buf, HX_OK}, *pg = &pgs;
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
	return pg->err;
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

/* The CSP source of script: 'sha256-' and the base64 of its SHA-256. */
static void put_script_source(struct page *pg, const char *script)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char md[33] = {0};
	char hex[65], out[48];
	size_t o = 0;

	hx_sha256_hex(script, strlen(script), hex);
	for (int i = 0; i < 32; i++) {
		int hi = hex[2 * i] <= '9' ? hex[2 * i] - '0' : hex[2 * i] - 'a' + 10;
		int lo = hex[2 * i + 1] <= '9' ? hex[2 * i + 1] - '0' : hex[2 * i + 1] - 'a' + 10;

		md[i] = (unsigned char)(hi << 4 | lo);
	}
	for (int i = 0; i < 33; i += 3) {
		unsigned v = (unsigned)md[i] << 16 | (unsigned)md[i + 1] << 8 | md[i + 2];

		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = i + 1 < 32 ? b64[v >> 6 & 63] : '=';
		out[o++] = i + 2 < 32 ? b64[v & 63] : '=';
	}
	out[o] = '\0';
	put(pg, " script-src 'sha256-");
	put(pg, out);
	put(pg, "';");
}

/*
 * The policy repeats what the page already guarantees (no outside resources, no
 * script but the page's own, allowed by its hash), for viewers that honour it.
 */
static void put_head(struct page *pg, const struct hx_doc *doc, const struct hx_lang_info *li,
		     const char *script, const char *extra_css, const char *more_css)
{
	put(pg, "<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
	if (script)
		put_script_source(pg, script);
	put(pg, " style-src 'unsafe-inline'; img-src 'self' data: file:; base-uri 'none'; "
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
	if (extra_css)
		put(pg, extra_css);
	if (more_css)
		put(pg, more_css);
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

static void put_root(struct page *pg, const struct hx_lang_info *li)
{
	put(pg, "<!DOCTYPE html>\n<html lang=\"");
	/* an unknown language gets no font preference, and the browser finds the direction */
	put(pg, li ? li->code : "und");
	put(pg, "\" dir=\"");
	put(pg, !li ? "auto" : li->dir == HX_DIR_RTL ? "rtl" : "ltr");
	put(pg, "\">\n");
}

enum hx_err hx_render_page_start(struct hx_buf *page, const struct hx_doc *doc, enum hx_lang lang)
{
	const struct hx_lang_info *li = hx_lang_get(lang);
	struct page pg = {page, HX_OK};

	put_root(&pg, li);
	put_head(&pg, doc, li, NULL, NULL, NULL);
	put(&pg, "<body>\n");
	put_masthead(&pg, &doc->meta);
	put(&pg, "<main>\n");
	return pg.err;
}

/*
 * The switcher's script: a click (or a focus, for keyboards and "copy link") sets the
 * link's fragment to the block the reader is at: the one location.hash names while it
 * is in view, else the first whose bottom is below the top of the viewport.
 */
const char hx_render_switch_script[] =
	"(function () {\n"
	"var nav = document.querySelector('nav.lang-switch');\n"
	"if (!nav) return;\n"
	"function here() {\n"
	"  var h = location.hash.slice(1), e = /^p-[0-9]+$/.test(h) ? document.getElementById(h) : null;\n"
	"  if (e) {\n"
	"    var r = e.getBoundingClientRect();\n"
	"    if (r.bottom > nav.getBoundingClientRect().bottom && r.top < window.innerHeight) return h;\n"
	"  }\n"
	"  var b = document.querySelectorAll('main [id^=\"p-\"]'), below = nav.getBoundingClientRect().bottom;\n"
	"  for (var i = 0; i < b.length; i++)\n"
	"    if (/^p-[0-9]+$/.test(b[i].id) && b[i].getBoundingClientRect().bottom > below) return b[i].id;\n"
	"  return '';\n"
	"}\n"
	"function keep(e) {\n"
	"  var a = e.target.closest ? e.target.closest('a[hreflang]') : null;\n"
	"  if (!a) return;\n"
	"  var id = here();\n"
	"  a.setAttribute('href', a.getAttribute('href').split('#')[0] + (id ? '#' + id : ''));\n"
	"}\n"
	"['click', 'auxclick', 'contextmenu', 'focusin', 'mouseover'].forEach(function (t) {\n"
	"  nav.addEventListener(t, keep);\n"
	"});\n"
	"})();\n";

/*
 * The switcher stays in view, so that reaching it does not scroll the reader away from
 * the paragraph it is to keep; anchors land below it.
 */
const char hx_render_switch_css[] =
	".lang-switch { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap;"
	" gap: 0.3em 1em; justify-content: flex-end; padding: 0.3em 0; background: #fff;"
	" border-bottom: 1px solid #ddd; font-size: 0.9em; }\n"
	".lang-switch a[aria-current] { font-weight: bold; color: inherit; text-decoration: none; }\n"
	"main [id^=\"p-\"] { scroll-margin-top: 3em; }\n"
	"@media print { .lang-switch { display: none; } }\n";

/* A draft's segments left in the source language: marked, not by colour alone. */
const char hx_render_draft_css[] =
	".untranslated { background: #fde2dc; text-decoration: underline dashed #b3261e; }\n"
	".untranslated::before { content: \"\\26A0\\FE0E \"; color: #b3261e; font-weight: bold; }\n"
	"@media print { .untranslated { background: none; } }\n";

/* Source first, then the targets in the language table's order. */
static void put_switcher(struct page *pg, const struct hx_doc *doc, enum hx_lang current)
{
	put(pg, "<nav class=\"lang-switch\" aria-label=\"Languages\">");
	for (int k = -1; k < HX_LANG_COUNT; k++) {
		enum hx_lang l = k < 0 ? doc->lang : (enum hx_lang)k;
		const struct hx_lang_info *li = hx_lang_get(l);

		if (!li || (k >= 0 && (l == doc->lang || !(doc->targets & (1u << l)))))
			continue;
		put(pg, "<a hreflang=\"");
		put(pg, li->code);
		put(pg, "\" lang=\"");
		put(pg, li->code);
		put(pg, "\" href=\"");
		put_escaped(pg, doc->id ? doc->id : "");
		put(pg, ".");
		put(pg, li->code);
		put(pg, ".html\"");
		if (l == current)
			put(pg, " aria-current=\"page\"");
		put(pg, ">");
		put(pg, li->native_name);
		put(pg, "</a>");
	}
	put(pg, "</nav>\n");
}

enum hx_err hx_render_page_open(struct hx_buf *page, const struct hx_doc *doc,
				const struct hx_page_opts *o)
{
	const struct hx_lang_info *li = hx_lang_get(o->lang), *src = hx_lang_get(doc->lang);
	struct page pg = {page, HX_OK};

	put_root(&pg, li);
	put_head(&pg, doc, li, o->switcher ? hx_render_switch_script : NULL,
		 o->switcher ? hx_render_switch_css : NULL, o->draft ? hx_render_draft_css : NULL);
	put(&pg, "<body>\n");
	if (o->switcher)
		put_switcher(&pg, doc, o->lang);
	put_masthead(&pg, &doc->meta);
	if (o->draft && li && src) {
		/* BCP 47 private use: "es-x-mtfrom-en", Spanish machine-translated from English */
		put(&pg, "<main lang=\"");
		put(&pg, li->code);
		put(&pg, "-x-mtfrom-");
		put(&pg, src->code);
		put(&pg, "\">\n");
	} else {
		put(&pg, "<main>\n");
	}
	return pg.err;
}

enum hx_err hx_render_page_close(struct hx_buf *page, const struct hx_page_opts *o)
{
	struct page pg = {page, HX_OK};

	if (hx_buf_last(page) != '\n')
		put(&pg, "\n");
	put(&pg, "</main>\n");
	if (o->switcher) {
		put(&pg, "<script>");
		put(&pg, hx_render_switch_script);
		put(&pg, "</script>\n");
	}
	put(&pg, "</body>\n</html>\n");
	return pg.err;
}

enum hx_err hx_render_page_head(struct hx_buf *page, const struct hx_doc *doc, const char *script,
				const char *extra_css)
{
	struct page pg = {page, HX_OK};

	put(&pg, "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n");
	put_head(&pg, doc, NULL, script, extra_css, NULL);
	put(&pg, "<body>\n");
	put_masthead(&pg, &doc->meta);
	return pg.err;
}

enum hx_err hx_render_draft_notice(struct hx_buf *page, const struct hx_doc *doc, enum hx_lang lang)
{
	return hx_render_draft_notice_dated(page, doc, lang, NULL);
}

enum hx_err hx_render_draft_notice_dated(struct hx_buf *page, const struct hx_doc *doc,
					 enum hx_lang lang, const char *run_date)
{
	const struct hx_doc_target *t = &doc->target[lang];
	const struct hx_lang_info *src = hx_lang_get(doc->lang), *li = hx_lang_get(lang);
	struct page pg = {page, HX_OK};
	char line[512];

	snprintf(line, sizeof(line),
		 "Machine-translated draft: %s from %s%s, by %s", li ? li->name : "?",
		 src ? src->name : "?", t->pivoted ? " through a pivot" : "",
		 t->engine ? t->engine : "no engine");
	put(&pg, "<p class=\"mt-notice\" role=\"note\" lang=\"en\" dir=\"ltr\">");
	put_escaped(&pg, line);
	if (run_date && is_iso_date(run_date)) {
		put(&pg, ", on <time datetime=\"");
		put(&pg, run_date);
		put(&pg, "\">");
		put(&pg, run_date);
		put(&pg, "</time>");
	}
	put(&pg, ". Not an official translation.");
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
