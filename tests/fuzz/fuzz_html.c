/*
 * libFuzzer target for the HTML input: any bytes must convert without a crash,
 * and the Markdown, rendered safely by cmark-gfm, must hold no tag we did not mean.
 */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
		free(html);
	}
	hx_html_info_release(&info);
	hx_buf_release(&out);
	hx_diag_release(&diag);
	return 0;
}
