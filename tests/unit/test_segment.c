/* Unit tests for the segment model: placeholders, restoring Markdown, checking MT answers. */
#include <criterion/criterion.h>
#include <string.h>

#include "segment.h"

/* "Read *the report* (A/79/968)." with the emphasis and the symbol as spans. */
static struct hx_segment *sample(struct hx_segments *segs)
{
	struct hx_block *b = hx_segments_add_block(segs, HX_BLOCK_PARAGRAPH);
	struct hx_segment *seg;
	struct hx_buf t = HX_BUF_INIT(0);

	b->prefix = strdup("46\\. ");
	b->tail = strdup("\n\n");
	b->nsegs = 1;
	seg = hx_segments_add_segment(segs, 0);
	cr_assert_eq(hx_segment_add_span(seg, HX_SPAN_MARKUP, "*", 1), 0);
	cr_assert_eq(hx_segment_add_span(seg, HX_SPAN_MARKUP, "*", 1), 1);
	cr_assert_eq(hx_segment_add_span(seg, HX_SPAN_SYMBOL, "[A/79/968](https://undocs.org/en/A/79/968)",
					 strlen("[A/79/968](https://undocs.org/en/A/79/968)")),
		     2);
	hx_buf_adds(&t, "Read ");
	hx_placeholder_add(&t, 0);
	hx_buf_adds(&t, "the report");
	hx_placeholder_add(&t, 1);
	hx_buf_adds(&t, " (");
	hx_placeholder_add(&t, 2);
	hx_buf_adds(&t, ").");
	seg->text = hx_buf_detach(&t, &seg->len);
	return seg;
}

static char *target_text(const char *before, int p0, const char *mid, int p1, const char *end)
{
	struct hx_buf t = HX_BUF_INIT(0);

	hx_buf_adds(&t, before);
	if (p0 >= 0)
		hx_placeholder_add(&t, (unsigned)p0);
	hx_buf_adds(&t, mid);
	if (p1 >= 0)
		hx_placeholder_add(&t, (unsigned)p1);
	hx_buf_adds(&t, end);
	return hx_buf_detach(&t, NULL);
}

Test(segment, writes_the_source_back_as_markdown)
{
	struct hx_segments segs = {0};
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};

	sample(&segs);
	cr_assert_eq(hx_segments_write_markdown(&segs, HX_LANG_NONE, &out, &diag), HX_OK);
	cr_assert_str_eq(out.data,
			 "46\\. Read *the report* ([A/79/968](https://undocs.org/en/A/79/968)).\n");
	hx_buf_release(&out);
	hx_segments_release(&segs);
}

Test(segment, escapes_whatever_the_engine_sends_back)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg = sample(&segs);
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	char *t = target_text("<script>x</script> [a](b) ", 0, "*el* informe", 1, " & más");

	cr_assert_eq(hx_segment_restore(seg, t, strlen(t), HX_LANG_ES, &out, &diag), HX_OK);
	cr_assert_str_eq(out.data,
			 "\\<script\\>x\\</script\\> \\[a\\](b) *\\*el\\* informe* \\& más");
	free(t);
	hx_buf_release(&out);
	hx_segments_release(&segs);
}

Test(segment, escapes_a_block_opener_at_the_start_of_a_line)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg;
	struct hx_block *b = hx_segments_add_block(&segs, HX_BLOCK_PARAGRAPH);
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};

	b->nsegs = 1;
	seg = hx_segments_add_segment(&segs, 0);
	seg->text = strdup("x");
	seg->len = 1;
	seg->target[HX_LANG_ES].text = strdup("2015. Fin del # texto");
	cr_assert_eq(hx_segments_write_markdown(&segs, HX_LANG_ES, &out, &diag), HX_OK);
	cr_assert_str_eq(out.data, "2015\\. Fin del # texto");
	hx_buf_reset(&out);
	free(seg->target[HX_LANG_ES].text);
	seg->target[HX_LANG_ES].text = strdup("# no heading");
	cr_assert_eq(hx_segments_write_markdown(&segs, HX_LANG_ES, &out, &diag), HX_OK);
	cr_assert_str_eq(out.data, "\\# no heading");
	hx_buf_release(&out);
	hx_segments_release(&segs);
}

Test(segment, uses_the_target_form_of_a_span_when_there_is_one)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg = sample(&segs);
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	char *t = target_text("Lea ", 0, "el informe", 1, "");

	seg->spans[0].target[HX_LANG_ES] = strdup("**");
	seg->spans[1].target[HX_LANG_ES] = strdup("**");
	cr_assert_eq(hx_segment_restore(seg, t, strlen(t), HX_LANG_ES, &out, &diag), HX_OK);
	cr_assert_str_eq(out.data, "Lea **el informe**");
	free(t);
	hx_buf_release(&out);
	hx_segments_release(&segs);
}

Test(segment, checks_every_placeholder_comes_back_exactly_once)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg = sample(&segs);
	struct hx_diag diag = {0};
	char *ok = NULL, *missing, *twice;
	struct hx_buf t = HX_BUF_INIT(0);

	cr_expect_eq(hx_segment_check_placeholders(seg, seg->text, seg->len, &diag), HX_OK);
	hx_placeholder_add(&t, 2);
	hx_buf_adds(&t, " Lea ");
	hx_placeholder_add(&t, 1);
	hx_placeholder_add(&t, 0);
	ok = hx_buf_detach(&t, NULL);
	cr_expect_eq(hx_segment_check_placeholders(seg, ok, strlen(ok), &diag), HX_OK,
		     "order may change");
	missing = target_text("Lea ", 0, "el informe", 1, "");
	cr_expect_eq(hx_segment_check_placeholders(seg, missing, strlen(missing), &diag), HX_E_MT);
	cr_expect(strstr(diag.msg, "placeholder 3 is missing"), "got: %s", diag.msg);
	twice = target_text("Lea ", 0, "el", 0, "");
	cr_expect_eq(hx_segment_check_placeholders(seg, twice, strlen(twice), &diag), HX_E_MT);
	cr_expect(strstr(diag.msg, "placeholder 1 came back twice"), "got: %s", diag.msg);
	free(ok);
	free(missing);
	free(twice);
	hx_segments_release(&segs);
}

Test(segment, falls_back_to_the_source_where_a_segment_has_no_translation)
{
	struct hx_segments segs = {0};
	struct hx_block *b = hx_segments_add_block(&segs, HX_BLOCK_PARAGRAPH);
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	const char *src[] = {"One.", "Two."};

	b->nsegs = 2;
	b->seps = calloc(1, sizeof(char *));
	b->seps[0] = strdup(" ");
	b->tail = strdup("\n");
	for (int i = 0; i < 2; i++) {
		struct hx_segment *seg = hx_segments_add_segment(&segs, 0);

		seg->text = strdup(src[i]);
		seg->len = strlen(src[i]);
	}
	segs.segs[0].target[HX_LANG_FR].text = strdup("Un.");
	cr_assert_eq(hx_segments_write_markdown(&segs, HX_LANG_FR, &out, &diag), HX_OK);
	cr_assert_str_eq(out.data, "Un. Two.\n");
	hx_buf_release(&out);
	hx_segments_release(&segs);
}
