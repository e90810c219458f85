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

/* "Report of the Security Council" with the name as an enclosing span (a glossary name). */
static struct hx_segment *named(struct hx_segments *segs)
{
	struct hx_segment *seg;
	struct hx_buf t = HX_BUF_INIT(0);

	hx_segments_add_block(segs, HX_BLOCK_PARAGRAPH)->nsegs = 1;
	seg = hx_segments_add_segment(segs, 0);
	cr_assert_eq(hx_segment_add_span(seg, HX_SPAN_TERM, "Security Council", 16), 0);
	seg->spans[0].encloses = true;
	seg->spans[0].target[HX_LANG_ES] = strdup("Consejo de Seguridad");
	hx_buf_adds(&t, "Report of the ");
	hx_placeholder_add(&t, 0);
	hx_buf_adds(&t, "Security Council");
	hx_placeholder_end_add(&t, 0);
	seg->text = hx_buf_detach(&t, &seg->len);
	return seg;
}

/* text with "<N" for placeholder N and ">N" for its end mark */
static char *marked(const char *s)
{
	struct hx_buf t = HX_BUF_INIT(0);

	for (; *s; s++) {
		if ((*s == '<' || *s == '>') && s[1] >= '0' && s[1] <= '9') {
			if (*s == '<')
				hx_placeholder_add(&t, (unsigned)(s[1] - '0'));
			else
				hx_placeholder_end_add(&t, (unsigned)(s[1] - '0'));
			s++;
		} else {
			hx_buf_addc(&t, *s);
		}
	}
	return hx_buf_detach(&t, NULL);
}

Test(segment, an_enclosing_span_gives_way_to_its_form)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg = named(&segs);
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	char *mt = marked("Informe del <0consejo de seguridad>0");

	cr_assert_eq(hx_segment_check_placeholders(seg, mt, strlen(mt), &diag), HX_OK);
	cr_assert_eq(hx_segment_restore(seg, mt, strlen(mt), HX_LANG_ES, &out, &diag), HX_OK);
	cr_expect_str_eq(out.data, "Informe del Consejo de Seguridad");
	hx_buf_reset(&out);
	free(mt);
	/* words the engine moved out of the tags are not written twice (measured on Apertium) */
	mt = marked("El Consejo <0de Seguridad>0 Seguridad decidió");
	cr_assert_eq(hx_segment_restore(seg, mt, strlen(mt), HX_LANG_ES, &out, &diag), HX_OK);
	cr_expect_str_eq(out.data, "El Consejo de Seguridad decidió");
	hx_buf_reset(&out);
	free(mt);
	seg->spans[0].target[HX_LANG_FR] = strdup("Conseil de sécurité");
	mt = marked("Le rapport du conseil <0de sécurité>0");
	cr_assert_eq(hx_segment_restore(seg, mt, strlen(mt), HX_LANG_FR, &out, &diag), HX_OK);
	cr_expect_str_eq(out.data, "Le rapport du Conseil de sécurité");
	hx_buf_reset(&out);
	free(mt);
	mt = marked("L’Conseil <0Conseil de sécurité>0 et le conseil");
	cr_assert_eq(hx_segment_restore(seg, mt, strlen(mt), HX_LANG_FR, &out, &diag), HX_OK);
	cr_expect_str_eq(out.data, "L’Conseil de sécurité et le conseil", "an elided article stays");
	hx_buf_reset(&out);
	/* the source fallback in Spanish still carries the Spanish name */
	cr_assert_eq(hx_segment_restore(seg, seg->text, seg->len, HX_LANG_ES, &out, &diag), HX_OK);
	cr_expect_str_eq(out.data, "Report of the Consejo de Seguridad");
	hx_buf_reset(&out);
	cr_assert_eq(hx_segment_restore(seg, seg->text, seg->len, HX_LANG_NONE, &out, &diag), HX_OK);
	cr_expect_str_eq(out.data, "Report of the Security Council");
	hx_buf_release(&out);
	free(mt);
	hx_segments_release(&segs);
}

Test(segment, checks_the_end_mark_of_an_enclosing_span)
{
	static const char *const bad[][2] = {
		{"Informe del <0consejo", "the end of tag 1 is missing"},
		{"Informe >0del <0consejo", "out of place"},
		{"Informe <0del >0consejo>0", "the end of tag 1 came back twice"},
		{"Informe <0del >1consejo", "out of place"},
	};
	struct hx_segments segs = {0};
	struct hx_segment *seg = named(&segs);
	struct hx_diag diag = {0};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *mt = marked(bad[i][0]);

		cr_expect_eq(hx_segment_check_placeholders(seg, mt, strlen(mt), &diag), HX_E_MT,
			     "%s", bad[i][0]);
		cr_expect(strstr(diag.msg, bad[i][1]), "%s: got %s", bad[i][0], diag.msg);
		free(mt);
	}
	hx_segments_release(&segs);
}

Test(segment, drops_emphasis_around_nothing_without_a_double_space)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg = sample(&segs);
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	char *mt = marked("Lea <0<1 el informe (<2).");

	cr_assert_eq(hx_segment_restore(seg, mt, strlen(mt), HX_LANG_ES, &out, &diag), HX_OK);
	cr_expect_str_eq(out.data, "Lea el informe ([A/79/968](https://undocs.org/en/A/79/968)).");
	hx_buf_release(&out);
	free(mt);
	hx_segments_release(&segs);
}
