/* Unit tests for the segment stage: blocks, sentences, placeholders, round trips. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "segment.h"

static struct hx_doc *doc;
static struct hx_pipeline pipe_;

static void teardown(void)
{
	hx_doc_free(doc);
	doc = NULL;
	hx_pipeline_release(&pipe_);
}

TestSuite(segmenter, .fini = teardown);

/* Segments md (in lang, for targets es and fr) and returns the document. */
static struct hx_doc *segment(const char *md, enum hx_lang lang)
{
	static struct hx_config cfg;

	teardown(); /* a test may segment several texts */
	hx_config_init(&cfg);
	cr_assert_eq(hx_pipeline_init(&pipe_, &cfg, "segment", "segment"), HX_OK);
	doc = hx_doc_new("test.md");
	doc->lang = lang;
	doc->targets = (1u << HX_LANG_ES) | (1u << HX_LANG_FR);
	hx_doc_take_markdown(doc, strdup(md), strlen(md));
	cr_assert_eq(hx_pipeline_process(&pipe_, doc), HX_OK, "%s", hx_diag_message(&pipe_.diag));
	return doc;
}

/* The segment's text with placeholders shown as {N}, for readable assertions. */
static char *shown(const struct hx_segment *seg)
{
	struct hx_buf out = HX_BUF_INIT(0);

	for (size_t i = 0; i < seg->len;) {
		unsigned char c = (unsigned char)seg->text[i];

		if (c == 0xF4 && i + 3 < seg->len) {
			unsigned cp = ((c & 7u) << 18) | ((seg->text[i + 1] & 0x3Fu) << 12) |
				      ((seg->text[i + 2] & 0x3Fu) << 6) | (seg->text[i + 3] & 0x3Fu);

			if (hx_placeholder_index(cp) >= 0) {
				hx_buf_addf(&out, "{%d}", hx_placeholder_index(cp));
				i += 4;
				continue;
			}
		}
		hx_buf_addc(&out, seg->text[i++]);
	}
	return hx_buf_detach(&out, NULL);
}

static void expect_segment(size_t i, const char *want)
{
	char *got;

	cr_assert_lt(i, doc->segs.nsegs, "only %zu segments", doc->segs.nsegs);
	got = shown(&doc->segs.segs[i]);
	cr_expect_str_eq(got, want, "segment %zu", i);
	free(got);
}

static char *source_markdown(void)
{
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};

	cr_assert_eq(hx_segments_write_markdown(&doc->segs, HX_LANG_NONE, &out, &diag), HX_OK);
	return hx_buf_detach(&out, NULL);
}

Test(segmenter, cuts_a_paragraph_into_sentences_and_keeps_the_number_out)
{
	segment("46\\. The Assembly met. It adopted the report. Mr. Smith spoke.\n", HX_LANG_EN);
	cr_assert_eq(doc->segs.nblocks, 1);
	cr_expect_str_eq(doc->segs.blocks[0].prefix, "46\\. ");
	cr_assert_eq(doc->segs.nsegs, 3);
	expect_segment(0, "The Assembly met.");
	expect_segment(1, "It adopted the report.");
	expect_segment(2, "Mr. Smith spoke.");
	cr_expect_str_eq(doc->segs.blocks[0].seps[0], " ");
}

Test(segmenter, does_not_break_after_un_abbreviations)
{
	segment("See para. 12 of document No. 5 and paras. 3-4, e.g. the annex. Then vote.\n",
		HX_LANG_EN);
	cr_assert_eq(doc->segs.nsegs, 2, "got %zu segments", doc->segs.nsegs);
	expect_segment(1, "Then vote.");
	segment("Voir M. Dupont et Mme Martin, art. 5. Fin.\n", HX_LANG_FR);
	cr_expect_eq(doc->segs.nsegs, 2);
	segment("Véase el Sr. Pérez, núm. 4. Fin.\n", HX_LANG_ES);
	cr_expect_eq(doc->segs.nsegs, 2);
	segment("В 2019 г. Совет принял решение (ст. 5, т.е. пункт 2). Конец.\n", HX_LANG_RU);
	cr_expect_eq(doc->segs.nsegs, 2);
}

Test(segmenter, ends_chinese_sentences_at_full_width_marks)
{
	segment("决定允许代表出席会议；提交文件。这是第二句！第三句？\n", HX_LANG_ZH);
	cr_assert_eq(doc->segs.nsegs, 4, "got %zu", doc->segs.nsegs);
	expect_segment(0, "决定允许代表出席会议；");
	expect_segment(3, "第三句？");
	cr_expect_str_eq(doc->segs.blocks[0].seps[0], "");
}

Test(segmenter, ends_arabic_questions)
{
	segment("هل اعتمدت الجمعية القرار؟ نعم، اعتمدته.\n", HX_LANG_AR);
	cr_expect_eq(doc->segs.nsegs, 2);
}

Test(segmenter, keeps_a_sentence_with_a_link_as_one_segment)
{
	segment("Read *the* [report of the Secretary-General](https://example.org/r) now.\n",
		HX_LANG_EN);
	cr_assert_eq(doc->segs.nsegs, 1);
	expect_segment(0, "Read {0}the{1} {2}report of the Secretary-General{3} now.");
	cr_expect_str_eq(doc->segs.segs[0].spans[3].text, "](https://example.org/r)");
}

Test(segmenter, protects_symbols_urls_numbers_and_footnote_calls)
{
	segment("Resolution [A/RES/67/290](https://undocs.org/en/A/RES/67/290) of 9 July 2013, "
		"see <https://www.un.org/x> or write to info@un.org, 2,400,000 people.[^1]\n\n"
		"[^1]: A note.\n",
		HX_LANG_EN);
	expect_segment(0, "Resolution {0} of 9 July 2013, see {1} or write to {2}, {3} people.{4}");
	cr_expect_eq(doc->segs.segs[0].spans[0].kind, HX_SPAN_SYMBOL);
	cr_expect_str_eq(doc->segs.segs[0].spans[0].target[HX_LANG_ES],
			 "[A/RES/67/290](https://undocs.org/es/A/RES/67/290)");
	cr_expect_str_eq(doc->segs.segs[0].spans[3].text, "2,400,000");
	cr_expect_eq(doc->segs.segs[0].spans[3].kind, HX_SPAN_NUMBER);
	cr_expect_str_eq(doc->segs.segs[0].spans[4].text, "[^1]");
	cr_expect_str_eq(doc->segs.blocks[1].prefix, "[^1]: ");
	cr_expect_eq(doc->segs.blocks[1].kind, HX_BLOCK_FOOTNOTE);
}

Test(segmenter, writes_the_source_back_equivalently)
{
	static const char *const md =
		"# I. Introduction\n\n"
		"1\\. The *Assembly* met on 3 May. It adopted [A/79/968](https://undocs.org/en/A/79/968).\n\n"
		"(a) First item;\n\n"
		"- one\n- two\n\n"
		"| Region | 2024 |\n| --- | ---: |\n| Africa | 1 234 |\n\n"
		"```\ncode *kept*\n```\n\n"
		"Text with a call.[^1]\n\n"
		"[^1]: The note.\n";
	char *out;

	segment(md, HX_LANG_EN);
	out = source_markdown();
	cr_expect_str_eq(out, md);
	free(out);
}

Test(segmenter, cuts_an_over_long_sentence_at_a_clause)
{
	struct hx_buf md = HX_BUF_INIT(0);

	for (int i = 0; i < 60; i++)
		hx_buf_adds(&md, "the Assembly considered the item at length, ");
	hx_buf_adds(&md, "and adjourned.\n");
	segment(md.data, HX_LANG_EN);
	cr_expect_gt(doc->segs.nsegs, 2);
	for (size_t i = 0; i < doc->segs.nsegs; i++)
		cr_expect_leq(doc->segs.segs[i].len, 900);
	hx_buf_release(&md);
}

Test(segmenter, does_nothing_without_target_languages)
{
	static struct hx_config cfg;

	hx_config_init(&cfg);
	cr_assert_eq(hx_pipeline_init(&pipe_, &cfg, "segment", "segment"), HX_OK);
	doc = hx_doc_new("x.md");
	hx_doc_take_markdown(doc, strdup("Text.\n"), 6);
	cr_assert_eq(hx_pipeline_process(&pipe_, doc), HX_OK);
	cr_expect_eq(doc->segs.nsegs, 0);
}
