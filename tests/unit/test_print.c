/* Unit tests for the print page: footnotes for the page foot, CSS strings, the PDF engine names. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../stages/render/print.h"
#include "../../stages/render/render.h"
#include "pdf.h"

/* hx_render_markdown then hx_print_move_notes; returns a newly allocated string. */
static char *print_body(const char *md)
{
	struct hx_buf html = HX_BUF_INIT(0), out = HX_BUF_INIT(0);

	cr_assert_eq(hx_render_markdown(&html, md, strlen(md), HX_RENDER_CHUNK), HX_OK);
	cr_assert_eq(hx_print_move_notes(&out, html.data, html.len), HX_OK);
	hx_buf_release(&html);
	return hx_buf_detach(&out, NULL);
}

Test(print, copies_a_paragraph_note_after_its_first_call)
{
	char *s = print_body("Text.[^1] Again.[^1]\n\n## Notes\n\n[^1]: The *note*.\n");

	cr_assert(strstr(s, "data-footnote-ref>1</a></sup><span class=\"print-note\"><span "
			    "class=\"footnote-label\">1</span> The <em>note</em>.</span> Again."),
		  "%s", s);
	/* once, at the first call; no back-link in the copy */
	cr_assert_eq(strstr(strstr(s, "print-note") + 1, "print-note\">"), NULL, "%s", s);
	cr_assert(strstr(s, "<li id=\"fn-1\" class=\"print-moved\">"), "%s", s);
	cr_assert(strstr(s, "<h2 class=\"print-moved\">Notes</h2>"), "%s", s);
	cr_assert(strstr(s, "<section class=\"footnotes print-moved\" data-footnotes>"), "%s", s);
	free(s);
}

Test(print, joins_paragraphs_of_a_note_with_a_break)
{
	char *s = print_body("Text.[^a]\n\n[^a]: First.\n\n    Second.\n");

	cr_assert(strstr(s, "First.<br>Second.</span>"), "%s", s);
	free(s);
}

Test(print, leaves_a_note_with_a_list_at_the_end)
{
	char *s = print_body(
		"Text.[^1] More.[^2]\n\n[^1]: A list:\n\n    - one\n    - two\n\n[^2]: Plain.\n");

	cr_assert(strstr(s, "<li id=\"fn-1\">"), "%s", s);
	cr_assert(strstr(s, "<li id=\"fn-2\" class=\"print-moved\">"), "%s", s);
	cr_assert(strstr(s, "<section class=\"footnotes\" data-footnotes>"), "%s", s);
	cr_assert_eq(strstr(s, "<span class=\"print-note\"><span class=\"footnote-label\">1"), NULL,
		     "%s", s);
	free(s);
}

Test(print, keeps_a_page_without_notes_as_it_is)
{
	const char *md = "# Title\n\nText with <b>raw</b> HTML.\n";
	struct hx_buf html = HX_BUF_INIT(0);
	char *s = print_body(md);

	cr_assert_eq(hx_render_markdown(&html, md, strlen(md), HX_RENDER_CHUNK), HX_OK);
	cr_assert_str_eq(s, html.data);
	hx_buf_release(&html);
	free(s);
}

Test(print, a_user_link_to_a_back_reference_is_kept)
{
	char *s = print_body("Text.[^1]\n\n[^1]: See [here](#fnref-1).\n");

	cr_assert(strstr(s, "See <a href=\"#fnref-1\">here</a>.</span>"), "%s", s);
	free(s);
}

Test(print, css_string_escapes_all_but_plain_characters)
{
	struct hx_buf b = HX_BUF_INIT(0);

	cr_assert_eq(hx_print_css_string(&b, "A/79/968 (2025)*"), HX_OK);
	cr_assert_str_eq(b.data, "\"A/79/968 (2025)*\"");
	hx_buf_reset(&b);
	cr_assert_eq(hx_print_css_string(&b, "\"}</style>\\ é中"), HX_OK);
	cr_assert_str_eq(b.data, "\"\\22 \\7d \\3c /style\\3e \\5c  \\e9 \\4e2d \"");
	hx_buf_reset(&b);
	cr_assert_eq(hx_print_css_string(&b, "\xff\xc3"), HX_OK);
	cr_assert_str_eq(b.data, "\"\\fffd \\fffd \"");
	hx_buf_release(&b);
}

Test(print, pdf_engine_names_round_trip)
{
	for (int e = 0; e < HX_PDF_ENGINE_NONE; e++)
		cr_assert_eq(hx_pdf_engine_parse(hx_pdf_engine_name((enum hx_pdf_engine)e)), e);
	cr_assert_eq(hx_pdf_engine_parse("prince"), HX_PDF_ENGINE_NONE);
}

Test(print, auto_sends_arabic_to_chromium_when_both_exist)
{
	struct hx_pdf pdf = {HX_PDF_AUTO, 10, "/w", "/c", false};

	cr_assert_eq(hx_pdf_engine_for(&pdf, HX_LANG_AR), HX_PDF_CHROMIUM);
	cr_assert_eq(hx_pdf_engine_for(&pdf, HX_LANG_ZH), HX_PDF_WEASYPRINT);
	pdf.chromium = NULL;
	cr_assert_eq(hx_pdf_engine_for(&pdf, HX_LANG_AR), HX_PDF_WEASYPRINT);
	pdf.chromium = "/c";
	pdf.weasyprint = NULL;
	cr_assert_eq(hx_pdf_engine_for(&pdf, HX_LANG_EN), HX_PDF_CHROMIUM);
	pdf.engine = HX_PDF_WEASYPRINT;
	cr_assert_eq(hx_pdf_engine_for(&pdf, HX_LANG_AR), HX_PDF_WEASYPRINT);
}
