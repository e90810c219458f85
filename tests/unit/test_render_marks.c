/* Unit tests for the renderer's marks: the marked writer and the pass that resolves them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../stages/render/render.h"
#include "mem.h"
#include "segment.h"

/* s with "{Bn}" and "{Sn}" replaced by the marks of block n and segment n. */
static char *marked(const char *s)
{
	struct hx_buf b = HX_BUF_INIT(0);

	while (*s) {
		unsigned n;
		char kind;
		int used = 0;

		if (s[0] == '{' && sscanf(s, "{%c%u}%n", &kind, &n, &used) == 2 && used > 0) {
			cr_assert_eq(hx_mark_add(&b, kind == 'B' ? HX_MARK_BLOCK : HX_MARK_SEG, n),
				     HX_OK);
			s += used;
			continue;
		}
		cr_assert_eq(hx_buf_addc(&b, *s++), HX_OK);
	}
	return hx_buf_detach(&b, NULL);
}

static enum hx_err open_seg(void *arg, uint32_t seg, struct hx_buf *out)
{
	(void)arg;
	return hx_buf_addf(out, "<span data-seg=\"%u\">", (unsigned)seg);
}

/* The pass over html (with marks written as above); returns a newly allocated result. */
static char *resolve(const char *html, bool segs, bool isolate)
{
	struct hx_marks_opts o = {isolate, segs ? open_seg : NULL, NULL};
	struct hx_buf out = HX_BUF_INIT(0);
	char *in = marked(html);

	cr_assert_eq(hx_marks_resolve(&out, in, strlen(in), &o), HX_OK);
	free(in);
	return hx_buf_detach(&out, NULL);
}

#define expect_resolved(html, segs, isolate, want)                                          \
	do {                                                                                \
		char *got_ = resolve(html, segs, isolate);                                  \
		cr_expect_str_eq(got_, want, "%s\n  gave %s\n  want %s", html, got_, want); \
		free(got_);                                                                 \
	} while (0)

Test(marks, round_trip_through_their_code_points)
{
	struct hx_buf b = HX_BUF_INIT(0);
	uint32_t kind = 0, num = 0;

	cr_assert_eq(hx_mark_add(&b, HX_MARK_SEG, 123456), HX_OK);
	cr_assert_eq(b.len, HX_MARK_BYTES);
	cr_assert_eq(hx_mark_at(b.data, b.len, 0, &kind, &num), HX_MARK_BYTES);
	cr_expect_eq(kind, HX_MARK_SEG);
	cr_expect_eq(num, 123456);
	cr_expect_eq(hx_mark_at(b.data, b.len - 1, 0, &kind, &num), 0, "a cut mark is no mark");
	hx_buf_reset(&b);
	cr_assert_eq(hx_mark_add(&b, HX_MARK_BLOCK, HX_MARK_MAX), HX_OK);
	cr_expect_eq(b.len, 0, "a number past the cap gets no mark");
	hx_buf_release(&b);
}

Test(marks, give_a_block_id_to_the_element_it_starts)
{
	expect_resolved("<h2>{B3}Title</h2>\n<p>46. {B4}Text.</p>\n", false, false,
			"<h2 id=\"p-3\">Title</h2>\n<p id=\"p-4\">46. Text.</p>\n");
	expect_resolved(
		"<ul>\n<li>{B5}one</li>\n<li>\n<p>{B6}two</p>\n</li>\n</ul>\n", false, false,
		"<ul>\n<li id=\"p-5\">one</li>\n<li>\n<p id=\"p-6\">two</p>\n</li>\n</ul>\n");
	expect_resolved("<table><tr><td align=\"right\">{B7}71</td></tr></table>", false, false,
			"<table><tr><td align=\"right\" id=\"p-7\">71</td></tr></table>");
}

Test(marks, put_an_empty_anchor_where_the_element_has_an_id_or_is_not_a_block)
{
	expect_resolved("<li id=\"fn-1\">\n{B9}Note.</li>", false, false,
			"<li id=\"fn-1\">\n<span id=\"p-9\"></span>Note.</li>");
	expect_resolved("<p>{B1}a</p><p>b{B2}</p>", false, false,
			"<p id=\"p-1\">a</p><p id=\"p-2\">b</p>");
	expect_resolved("<p>{B1}a {B2}b</p>", false, false,
			"<p id=\"p-1\">a <span id=\"p-2\"></span>b</p>");
	expect_resolved("{B4}bare", false, false, "<span id=\"p-4\"></span>bare");
	/* the id goes in the paragraph even when inline elements came first */
	expect_resolved("<p><strong>(a)</strong> {B8}x</p>", false, false,
			"<p id=\"p-8\"><strong>(a)</strong> x</p>");
}

Test(marks, are_dropped_inside_tags_and_urls)
{
	expect_resolved("<p>{B1}<img src=\"i.png\" alt=\"a{S2}b\" /></p>", true, false,
			"<p id=\"p-1\"><img src=\"i.png\" alt=\"ab\" /></p>");
	/* cmark percent-encodes a mark that an autolink swallowed */
	expect_resolved(
		"<a href=\"http://un.org%E2%B8%B1%F4%8F%BF%B1%F4%8E%80%80%F4%8E%80%81%E2%B8%B1\">"
		"un.org</a>",
		true, false, "<a href=\"http://un.org\">un.org</a>");
	/* a comment is copied as it is, without its marks */
	expect_resolved("<!-- raw {B3}HTML omitted -->", false, false, "<!-- raw HTML omitted -->");
}

Test(marks, split_segments_without_mis_nesting)
{
	expect_resolved("<p>{S0}First <em>one. {S1}Second</em> three.</p>", true, false,
			"<p><span data-seg=\"0\">First <em>one. </em></span><span data-seg=\"1\">"
			"<em>Second</em> three.</span></p>");
	/* a span opened inside an inline element closes with it and goes on after it */
	expect_resolved(
		"<p><a href=\"u\">{S0}A. </a>B.</p>", true, false,
		"<p><a href=\"u\"><span data-seg=\"0\">A. </span></a><span data-seg=\"0\">B."
		"</span></p>");
	/* but not after a block: the next paragraph is not the segment's */
	expect_resolved("<li><p>{S4}A.</p>\n<p>B.</p></li>", true, false,
			"<li><p><span data-seg=\"4\">A.</span></p>\n<p>B.</p></li>");
	/* two segments in a row, the first closes */
	expect_resolved("<p>{S0}A. {S1}B.</p>", true, false,
			"<p><span data-seg=\"0\">A. </span><span data-seg=\"1\">B.</span></p>");
}

/* Spans for odd segments only, as a draft marks only what is left untranslated. */
static enum hx_err open_odd(void *arg, uint32_t seg, struct hx_buf *out)
{
	(void)arg;
	return seg % 2 ? hx_buf_addf(out, "<span data-seg=\"%u\">", (unsigned)seg) : HX_OK;
}

Test(marks, leave_out_the_spans_the_writer_does_not_want)
{
	struct hx_marks_opts o = {false, open_odd, NULL};
	struct hx_buf out = HX_BUF_INIT(0);
	char *in = marked("<p>{S0}A. {S1}B <em>b. {S2}C</em> c. {S3}D.</p>");

	cr_assert_eq(hx_marks_resolve(&out, in, strlen(in), &o), HX_OK);
	cr_expect_str_eq(hx_buf_str(&out),
			 "<p>A. <span data-seg=\"1\">B <em>b. </em></span><em>C</em>"
			 " c. <span data-seg=\"3\">D.</span></p>");
	free(in);
	hx_buf_release(&out);
}

Test(marks, without_a_span_writer_drop_segment_marks)
{
	expect_resolved("<p>{B2}{S0}A. {S1}B.</p>", false, false, "<p id=\"p-2\">A. B.</p>");
}

Test(marks, stop_tracking_past_the_depth_cap_and_stay_well_formed)
{
	struct hx_buf in = HX_BUF_INIT(0), want = HX_BUF_INIT(0);
	size_t depth = HX_MARKS_DEPTH_MAX + 6;
	char *got;

	for (size_t i = 0; i < depth; i++) {
		cr_assert_eq(hx_buf_adds(&in, "<em>"), HX_OK);
		cr_assert_eq(hx_buf_adds(&want, "<em>"), HX_OK);
	}
	cr_assert_eq(hx_buf_adds(&in, "{B1}{S0}x"), HX_OK);
	cr_assert_eq(hx_buf_adds(&want, "<span id=\"p-1\"></span>x"), HX_OK);
	for (size_t i = 0; i < depth; i++) {
		cr_assert_eq(hx_buf_adds(&in, "</em>"), HX_OK);
		cr_assert_eq(hx_buf_adds(&want, "</em>"), HX_OK);
	}
	cr_assert_eq(hx_buf_adds(&in, "{S1}y"), HX_OK);
	cr_assert_eq(hx_buf_adds(&want, "<span data-seg=\"1\">y</span>"), HX_OK);
	got = resolve(hx_buf_str(&in), true, false);
	cr_expect_str_eq(got, hx_buf_str(&want));
	free(got);
	hx_buf_release(&in);
	hx_buf_release(&want);
}

Test(marks, fail_with_limit_past_the_output_cap)
{
	struct hx_marks_opts o = {false, open_seg, NULL};
	struct hx_buf out = HX_BUF_INIT(16);
	char *in = marked("<p>{S0}some text that is longer than the cap</p>");

	cr_expect_eq(hx_marks_resolve(&out, in, strlen(in), &o), HX_E_LIMIT);
	free(in);
	hx_buf_release(&out);
}

Test(marks, isolate_latin_runs_in_right_to_left_text)
{
	expect_resolved("<p>القرار A/RES/67/290 بشأن UN-Water &amp; Co.</p>", false, true,
			"<p>القرار <bdi dir=\"ltr\">A/RES/67/290</bdi> بشأن <bdi dir=\"ltr\">"
			"UN-Water &amp; Co</bdi>.</p>");
	expect_resolved("<p>انظر S/RES/2273 (2016) و(a) &quot;نص&quot;</p>", false, true,
			"<p>انظر <bdi dir=\"ltr\">S/RES/2273 (2016)</bdi> و(a) &quot;نص&quot;</p>");
	expect_resolved(
		"<a href=\"https://undocs.org/ar/A/79/968\">A/79/968</a>", false, true,
		"<a href=\"https://undocs.org/ar/A/79/968\"><bdi dir=\"ltr\">A/79/968</bdi></a>");
	/* not asked: nothing changes */
	expect_resolved("<p>القرار A/RES/67/290</p>", false, false, "<p>القرار A/RES/67/290</p>");
}

Test(marks, writer_scrubs_forged_marks_from_the_text)
{
	struct hx_segments segs = {0};
	struct hx_block *b = hx_segments_add_block(&segs, HX_BLOCK_PARAGRAPH);
	struct hx_segment *seg;
	struct hx_buf md = HX_BUF_INIT(0), forged = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	uint32_t kind, num;
	size_t marks = 0;

	b->prefix = hx_xstrdup("");
	b->tail = hx_xstrdup("\n");
	b->nsegs = 1;
	seg = hx_segments_add_segment(&segs, 0);
	cr_assert_eq(hx_buf_adds(&forged, "Text "), HX_OK);
	cr_assert_eq(hx_mark_add(&forged, HX_MARK_BLOCK, 99), HX_OK);
	cr_assert_eq(hx_buf_adds(&forged, " end."), HX_OK);
	seg->text = hx_buf_detach(&forged, &seg->len);
	cr_assert_eq(hx_segments_write_marked(&segs, HX_LANG_NONE, HX_MARKS_BLOCKS | HX_MARKS_SEGS,
					      &md, &diag),
		     HX_OK);
	for (size_t i = 0; i < md.len; i++)
		if (hx_mark_at(md.data, md.len, i, &kind, &num)) {
			cr_expect_neq(num, 99, "a forged mark survived");
			marks++;
		}
	cr_expect_eq(marks, 2, "one block mark and one segment mark");
	cr_expect(strstr(hx_buf_str(&md), "\xEF\xBF\xBD"), "the forged code points became U+FFFD");
	/* without marks, the Markdown is as before */
	hx_buf_reset(&md);
	cr_assert_eq(hx_segments_write_markdown(&segs, HX_LANG_NONE, &md, &diag), HX_OK);
	cr_expect_eq(strstr(hx_buf_str(&md), "\xEF\xBF\xBD"), NULL);
	hx_buf_release(&md);
	hx_diag_release(&diag);
	hx_segments_release(&segs);
}
