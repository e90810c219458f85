/*
 * libFuzzer target for the HTML input: any bytes must convert without a crash,
 * and the Markdown, rendered safely by cmark-gfm, must hold no tag we did not mean.
 */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../stages/convert/html.h"
#include "buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *render(const char *md, size_t len)
{
	cmark_parser *parser;
	cmark_node *doc;
	char *html;

	cmark_gfm_core_extensions_ensure_registered();
	parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES);
	cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension("table"));
	cmark_parser_feed(parser, md, len);
	doc = cmark_parser_finish(parser);
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES,
				 cmark_parser_get_syntax_extensions(parser));
	cmark_node_free(doc);
	cmark_parser_free(parser);
	return html;
}

/* How often needle occurs in s (len bytes), ignoring case. */
static size_t count(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), k = 0;

	for (size_t i = 0; i + n <= len; i++)
		k += !strncasecmp(s + i, needle, n);
	return k;
}

static size_t count_any(const char *s, size_t len, const char *const *needles)
{
	size_t k = 0;

	for (; *needles; needles++)
		k += count(s, len, *needles);
	return k;
}

/*
 * Every block in the rendered page must come from an element of the input,
 * never from text; emphasis and links may repeat in each paragraph they span.
 */
static bool structure_comes_from_tags(const char *in, size_t len, const char *html)
{
	/* element names without "<": the parser also reads "<x:hr" as <hr> */
	static const char *const headings[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
	static const char *const lists[] = {"ol", "ul", "dir", "menu", "li", NULL};
	static const char *const pres[] = {"pre", "xmp", "listing", "plaintext", NULL};
	static const char *const codes[] = {"code", "tt",      "kbd",       "samp", "pre",
					    "xmp",  "listing", "plaintext", NULL};
	size_t hl = strlen(html);

	return count(html, hl, "<h") - count(html, hl, "<hr") <= count_any(in, len, headings) &&
	       count(html, hl, "<hr") <= count(in, len, "hr") &&
	       count(html, hl, "<br") <= count(in, len, "br") &&
	       count(html, hl, "<blockquote") <= count(in, len, "blockquote") &&
	       count(html, hl, "<table") <= count(in, len, "table") &&
	       count(html, hl, "<pre") <= count_any(in, len, pres) &&
	       count(html, hl, "<code") <= count_any(in, len, codes) &&
	       count(html, hl, "<ol") + count(html, hl, "<ul") <=
		       count_any(in, len, lists) + (strstr(html, "data-footnotes") != NULL) &&
	       (count(html, hl, "<em>") + count(html, hl, "<strong>") == 0 ||
		count(in, len, "<em") + count(in, len, "<i") + count(in, len, "<b") +
				count(in, len, "<strong") >
			0) &&
	       (count(html, hl, "<a ") == 0 || count(in, len, "<a") > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hx_buf out = HX_BUF_INIT(1 << 24);
	struct hx_html_info info;
	struct hx_diag diag = {0};
	char *html;
	int n;

	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		abort();
	if (hx_html_to_markdown("fuzz.html", (const char *)data, size, &out, &info, &diag) ==
		    HX_OK &&
	    out.len) {
		if (out.data[out.len - 1] != '\n')
			abort();
		html = render(out.data, out.len);
		/* invalid UTF-8 would break every later stage (ICU, JSON, XML) */
		for (size_t i = 0; i < out.len; i += (size_t)n)
			if ((n = mblen(out.data + i, out.len - i)) <= 0)
				abort();
		if (strstr(html, "<script") || strstr(html, "<img") || strstr(html, "<iframe") ||
		    strstr(html, "<!-- raw HTML omitted -->") || strstr(html, "href=\"javascript:"))
			abort();
		if (!structure_comes_from_tags((const char *)data, size, html))
			abort();
		free(html);
	}
	hx_html_info_release(&info);
	hx_buf_release(&out);
	hx_diag_release(&diag);
	return 0;
}
