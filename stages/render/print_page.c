/*
 * The print page: the screen page's head and masthead, an A4 stylesheet with the symbol
 * as running head and the job number and page x/y as footer, footnotes at the page foot.
 */
#include <stdlib.h>
#include <string.h>

#include "print.h"
#include "render.h"

#define PRINT_PAGE_MAX ((size_t)256 << 20)

/*
 * Paged media for WeasyPrint and Chromium (which since version 131 draws @page margin
 * boxes). Footnotes: WeasyPrint floats each .print-note to the page foot; a renderer
 * without `float: footnote` (every browser) hides them and shows the notes section at
 * the end instead. WeasyPrint 57 ignores @supports blocks, and a future one that
 * understands them would skip this one, as it supports page floats.
 */
const char hx_print_css[] =
	"@page { size: A4; margin: 22mm 20mm 20mm; }\n"
	/* a border on the footnote area makes WeasyPrint 57 push every note a page on */
	"@page { @footnote { margin-top: 10pt; } }\n"
	"html { font-size: 11pt; line-height: 1.35; background: none; }\n"
	"body { max-width: none; margin: 0; padding: 0; }\n"
	"a { color: inherit; text-decoration: none; }\n"
	"nav, .lang-switch, .lang-toggle { display: none !important; }\n"
	"h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid;"
	" break-inside: avoid; page-break-inside: avoid; }\n"
	"p, li, dd, blockquote { orphans: 2; widows: 2; }\n"
	".masthead, .mt-notice, pre, blockquote, figure, img { break-inside: avoid;"
	" page-break-inside: avoid; }\n"
	".masthead { break-after: avoid; }\n"
	"table { display: table; overflow: visible; width: 100%; }\n"
	"thead { display: table-header-group; }\n"
	"tr, th, td { break-inside: avoid; page-break-inside: avoid; }\n"
	"th p, td p { orphans: 2; widows: 2; margin: 0; }\n"
	/* WeasyPrint 57 ignores logical properties (margin-inline-start and the like) */
	".docinfo > * + * { margin-left: 1.5em; }\n"
	"html[dir=rtl] .docinfo > * + * { margin-left: 0; margin-right: 1.5em; }\n"
	".footnote-backref { display: none; }\n"
	".print-note { float: footnote; font-size: 9pt; font-weight: normal; font-style: normal;"
	" line-height: 1.3; text-align: start; }\n"
	"::footnote-call { content: \"\"; }\n"
	"::footnote-marker { content: \"\"; }\n"
	".print-moved { display: none; }\n"
	"@supports not (float: footnote) {\n"
	"  .print-note { display: none; }\n"
	"  .print-moved { display: block; }\n"
	"  li.print-moved { display: list-item; }\n"
	"}\n";

/*
 * The margin boxes: the symbol on the outer side of the head, the job number and
 * "x/y" in the foot, not on the first page, whose masthead carries them.
 */
static enum hx_err put_margin_rules(struct hx_buf *b, const struct hx_doc *doc, enum hx_lang lang)
{
	const char *symbol = doc->meta.symbol, *job = doc->meta.job_number;
	const struct hx_lang_info *li = hx_lang_get(lang);
	const char *font = li ? li->font_stack : "serif";
	const char *sides[2] = {"left", "right"};
	enum hx_err err = HX_OK;

	for (int k = 0; k < 2 && !err; k++) {
		const char *outer = sides[k], *inner = sides[1 - k];

		err = hx_buf_addf(b, "@page :%s {\n", outer);
		if (!err && symbol && *symbol) {
			err = hx_buf_addf(b, "  @top-%s { content: ", outer);
			if (!err)
				err = hx_print_css_string(b, symbol);
			if (!err)
				err = hx_buf_addf(b, "; font-family: %s; font-size: 9pt; }\n",
						  font);
		}
		if (!err && job && *job) {
			err = hx_buf_addf(b, "  @bottom-%s { content: ", inner);
			if (!err)
				err = hx_print_css_string(b, job);
			if (!err)
				err = hx_buf_addf(b, "; font-family: %s; font-size: 8pt; }\n",
						  font);
		}
		if (!err)
			err = hx_buf_addf(
				b,
				"  @bottom-%s { content: counter(page) \"/\" counter(pages);"
				" font-family: %s; font-size: 9pt; }\n}\n",
				outer, font);
	}
	if (!err && symbol && *symbol)
		err = hx_buf_adds(b, "@page :first { @top-left { content: none; }"
				     " @top-right { content: none; } }\n");
	return err;
}

static bool css_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr(" ./-()*", c));
}

/* The code point of the UTF-8 sequence at *p, moving *p to its last byte; U+FFFD if broken. */
static unsigned utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	int more = *s >= 0xf0 ? 3 : *s >= 0xe0 ? 2 : *s >= 0xc0 ? 1 : 0;
	unsigned cp = *s & (0x3fu >> more);

	if (!more)
		return 0xfffd;
	for (; more; more--) {
		if ((s[1] & 0xc0) != 0x80)
			return 0xfffd;
		cp = (cp << 6) | (*++s & 0x3f);
		*p = s;
	}
	return cp ? cp : 0xfffd;
}

enum hx_err hx_print_css_string(struct hx_buf *out, const char *s)
{
	enum hx_err err = hx_buf_addc(out, '"');

	for (const unsigned char *p = (const unsigned char *)s; *p && !err; p++) {
		if (css_plain(*p))
			err = hx_buf_addc(out, (char)*p);
		else if (*p < 0x80)
			err = hx_buf_addf(out, "\\%x ", *p);
		else
			err = hx_buf_addf(out, "\\%x ", utf8_next(&p));
	}
	return err ? err : hx_buf_addc(out, '"');
}

/* The screen page's start with the print stylesheet added at the end of its head. */
static enum hx_err put_start(struct hx_buf *page, const struct hx_doc *doc, enum hx_lang lang)
{
	struct hx_buf start = HX_BUF_INIT(PRINT_PAGE_MAX);
	enum hx_err err = hx_render_page_start(&start, doc, lang);
	const char *head_end = err ? NULL : strstr(hx_buf_str(&start), "</head>");
	size_t at = head_end ? (size_t)(head_end - start.data) : 0;

	if (!err && !head_end)
		err = HX_E_INTERNAL;
	if (!err)
		err = hx_buf_add(page, start.data, at);
	if (!err)
		err = hx_buf_adds(page, "<style>\n");
	if (!err)
		err = hx_buf_adds(page, hx_print_css);
	if (!err)
		err = put_margin_rules(page, doc, lang);
	if (!err)
		err = hx_buf_adds(page, "</style>\n");
	if (!err)
		err = hx_buf_add(page, start.data + at, start.len - at);
	hx_buf_release(&start);
	return err;
}

enum hx_err hx_render_print(struct hx_diag *diag, const struct hx_doc *doc, const char *md,
			    size_t len, enum hx_lang lang, bool draft, char **html,
			    size_t *html_len)
{
	struct hx_buf page = HX_BUF_INIT(PRINT_PAGE_MAX), body = HX_BUF_INIT(PRINT_PAGE_MAX);
	enum hx_err err = put_start(&page, doc, lang);

	*html = NULL;
	*html_len = 0;
	if (!err && draft)
		err = hx_render_draft_notice(&page, doc, lang);
	if (!err)
		err = hx_render_markdown(&body, md, len, HX_RENDER_CHUNK);
	if (!err) /* the print page has no marks: any there came from the document or MT */
		hx_marks_scrub(&body, 0);
	if (!err)
		err = hx_print_move_notes(&page, body.data ? body.data : "", body.len);
	if (!err)
		err = hx_render_page_end(&page);
	hx_buf_release(&body);
	if (err) {
		hx_buf_release(&page);
		if (err == HX_E_LIMIT)
			return hx_fail(
				diag, err,
				"cannot render the print page of '%s': it would exceed %zu bytes",
				doc->path, PRINT_PAGE_MAX);
		return hx_fail(
			diag, err == HX_E_INTERNAL ? err : HX_E_RENDER,
			"cannot render the print page of '%s': cmark-gfm failed on the Markdown",
			doc->path);
	}
	*html = hx_buf_detach(&page, html_len);
	return HX_OK;
}
