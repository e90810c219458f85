/* Unit tests for the UN cleanup: furniture, re-joining, numbering, headings, footnotes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../stages/convert/convert.h"
#include "buf.h"
#include "fsio.h"

static struct hx_doc *doc;

static void teardown(void)
{
	hx_doc_free(doc);
	doc = NULL;
}

/* Converts text as the given format; the result stays in doc until teardown. */
static const char *convert_as(const char *text, enum hx_format format)
{
	struct hx_diag diag = {0};
	enum hx_err err;

	hx_doc_free(doc);
	doc = hx_doc_new("test.txt");
	err = hx_convert_text(doc, text, strlen(text), format, 1 << 20, &diag);
	cr_assert_eq(err, HX_OK, "conversion failed: %s", hx_diag_message(&diag));
	hx_diag_release(&diag);
	return doc->markdown;
}

static const char *convert(const char *text)
{
	return convert_as(text, HX_FORMAT_TEXT);
}

static const char *convert_file(const char *path, enum hx_format format)
{
	struct hx_buf buf;
	struct hx_diag diag = {0};
	const char *md;

	hx_buf_init(&buf, 0);
	cr_assert_eq(hx_file_read(path, 1 << 24, &buf, &diag), HX_OK, "%s", hx_diag_message(&diag));
	md = convert_as(hx_buf_str(&buf), format);
	hx_buf_release(&buf);
	return md;
}

static bool has_furniture(enum hx_furniture_kind kind, const char *text)
{
	for (size_t i = 0; i < doc->meta.nfurniture; i++)
		if (doc->meta.furniture[i].kind == kind &&
		    strstr(doc->meta.furniture[i].text, text))
			return true;
	return false;
}

TestSuite(convert, .fini = teardown);

Test(convert, joins_han_lines_without_space)
{
	const char *md = convert(
		"1. 联合国可持续发展大会的成果文件肯定了民间社会的作用以及让所有民间社会成员积\n"
		"极参与的重要性，并决定论坛向主要群体开放。\n");

	cr_expect(strstr(md, "成员积极参与"), "got: %s", md);
}

Test(convert, joins_latin_lines_with_one_space_across_blank_lines_and_page_breaks)
{
	const char *md = convert(
		"1.\n"
		"The present report was prepared pursuant to Human Rights Council resolutions 5/1\n"
		"and 16/21, taking into consideration the periodicity of the universal periodic\n"
		"\n"
		"25-11131\n"
		"\f\n"
		"review. It is a summary of stakeholders' submissions to the review.\n");

	cr_expect(strstr(md, "resolutions 5/1 and 16/21, taking into consideration the periodicity "
			     "of the universal periodic review. It is"),
		  "got: %s", md);
}

Test(convert, removes_a_line_end_hyphen_before_a_lowercase_continuation)
{
	const char *md =
		convert("1. Consolider les acquis afin d'éviter que les difficultés maté-\n"
			"rielles de la région ne compromettent les progrès Nord-\n"
			"Sud accomplis.\n");

	cr_expect(strstr(md, "difficultés matérielles"), "got: %s", md);
	cr_expect(strstr(md, "Nord- Sud"), "a capital after the hyphen keeps it: %s", md);
}

Test(convert, keeps_paragraph_numbers_verbatim_even_when_they_jump)
{
	const char *md =
		convert("35. 主要群体和其他利益攸关方的意见应作为正式文件分发给会员国。\n\n"
			"46. 参与定期情况通报：会员国应积极参与。\n");

	cr_expect(strstr(md, "35\\. 主要群体"), "got: %s", md);
	cr_expect(strstr(md, "\n46\\. 参与"), "46 must not be renumbered: %s", md);
}

Test(convert, turns_converter_list_items_into_numbered_paragraphs)
{
	const char *md = convert_as("- 1. 联合国各机构之间的协作至关重要。\n"
				    "- 2. 本报告转递了该咨询小组的建议:\n"
				    " - (a) 长期性。确保持久的接触机制;\n",
				    HX_FORMAT_MARKDOWN);

	cr_expect(strstr(md, "1\\. 联合国各机构"), "got: %s", md);
	cr_expect(strstr(md, "\n2\\. 本报告"), "got: %s", md);
	cr_expect(strstr(md, "\n(a) 长期性"), "got: %s", md);
	cr_expect(!strstr(md, "- "), "no list markers left: %s", md);
}

Test(convert, removes_page_furniture_and_records_it)
{
	const char *md = convert_as("7. 基于对人民的关心，地方和区域政府将能源作为\n\n"
				    "25-11131 **5/13**\n\n"
				    "可持续发展的核心。\n\n"
				    "GE.19-13879 (R) 210819 230819\n"
				    "07-39924 (E) 050907 *0739924*\n"
				    "\xee\x80\xaa\xee\x80\xb1\xee\x80\xb9\n"
				    "3/13\n",
				    HX_FORMAT_MARKDOWN);

	cr_expect(strstr(md, "将能源作为可持续发展的核心。"), "got: %s", md);
	cr_expect(!strstr(md, "25-11131") && !strstr(md, "5/13") && !strstr(md, "GE.19"), "got: %s",
		  md);
	cr_expect(has_furniture(HX_FURN_JOB_NUMBER, "25-11131"));
	cr_expect(has_furniture(HX_FURN_JOB_NUMBER, "GE.19-13879"));
	cr_expect(has_furniture(HX_FURN_JOB_NUMBER, "*0739924*"));
	cr_expect(has_furniture(HX_FURN_BARCODE, ""));
	cr_expect(has_furniture(HX_FURN_PAGE_MARKER, "3/13"));
	cr_expect_str_eq(doc->meta.job_number, "25-11131");
}

Test(convert, removes_running_heads_link_annotations_and_form_feeds)
{
	const char *md = convert("A/HRC/WG.6/34/ITA/3\n\n"
				 "1. The report was prepared pursuant to resolution 5/1 (see\n"
				 "http://undocs.org/ch/E/2003/29\n"
				 "E/2003/29) and it is a summary of submissions.\n\f"
				 "A/HRC/WG.6/34/ITA/3\n\n"
				 "2. Second paragraph.\n");

	cr_expect(strstr(md, "(see [E/2003/29](https://undocs.org/en/E/2003/29)) and it"),
		  "got: %s", md);
	cr_expect(!strstr(md, "undocs.org/ch"), "got: %s", md);
	cr_expect(has_furniture(HX_FURN_LINK_ANNOTATION, "undocs.org/ch/E/2003/29"));
	cr_expect(has_furniture(HX_FURN_RUNNING_HEAD, "A/HRC/WG.6/34/ITA/3"));
	cr_expect(has_furniture(HX_FURN_FORM_FEED, "\f"));
	cr_expect_str_eq(doc->meta.symbol, "A/HRC/WG.6/34/ITA/3");
}

Test(convert, reads_the_masthead_into_the_metadata)
{
	convert("A/HRC/WG.6/34/ITA/3\n\nUnited Nations\n\nGeneral Assembly\n\n"
		"Distr.: General\n14 August 2019\nRussian\nOriginal: English\n\n"
		"Human Rights Council\nThirty-fourth session\n\n"
		"Summary of Stakeholders' submissions on Italy*\n"
		"Report of the Office of the United Nations High Commissioner for\n"
		"Human Rights\n\n"
		"I. Background\n"
		"1. The present report was prepared pursuant to resolutions.\n"
		"* The present document was not edited.\n");

	cr_expect_str_eq(doc->meta.symbol, "A/HRC/WG.6/34/ITA/3");
	cr_expect_str_eq(doc->meta.organ, "General Assembly");
	cr_expect_str_eq(doc->meta.distribution, "General");
	cr_expect_str_eq(doc->meta.date, "2019-08-14");
	cr_expect_eq(doc->meta.original_lang, HX_LANG_EN);
	cr_expect_str_eq(doc->meta.title, "Summary of Stakeholders' submissions on Italy");
	cr_expect(strstr(doc->markdown, "# Summary of Stakeholders' submissions on Italy[^*]"),
		  "got: %s", doc->markdown);
	cr_expect(strstr(doc->markdown, "\nReport of the Office of the United Nations High "
					"Commissioner for Human Rights\n"),
		  "the wrapped subtitle is one line: %s", doc->markdown);
	cr_expect(!strstr(doc->markdown, "Distr") && !strstr(doc->markdown, "Original"));
}

Test(convert, recognises_chapter_and_section_headings)
{
	const char *md = convert(
		"I. Background\n"
		"1. The present report was prepared pursuant to resolutions.\n"
		"II. Information provided by stakeholders\n"
		"A.\n\n"
		"Scope of international obligations and cooperation with international\n"
		"human rights mechanisms and bodies\n"
		"2. Joint Submission 7 noted that Italy had not yet ratified the Convention.\n");

	cr_expect(strstr(md, "# I. Background\n"), "got: %s", md);
	cr_expect(strstr(md, "\n# II. Information provided by stakeholders\n"), "got: %s", md);
	cr_expect(strstr(md, "\n## A. Scope of international obligations and cooperation with "
			     "international human rights mechanisms and bodies\n"),
		  "got: %s", md);
	md = convert_as(
		"一. 导言\n\n- 1. 联合国各机构之间的协作至关重要。\n\nA. 地方领导力促进转型变革\n\n"
		"7. 基于对人民的关心。\n",
		HX_FORMAT_MARKDOWN);
	cr_expect(strstr(md, "# 一. 导言\n"), "got: %s", md);
	cr_expect(strstr(md, "\n## A. 地方领导力促进转型变革\n"), "got: %s", md);
}

Test(convert, takes_a_short_unpunctuated_line_between_paragraphs_as_a_heading)
{
	const char *md =
		convert("18. 适用由组织伙伴且为组织伙伴制定的准则可帮助确保在任何主要群体采取\n"
			"任何行动之前都与所有群体适当协商。\n"
			" 主要群体 \n\n"
			"19. 在主要群体治理中加强结构治理：适用组织伙伴制定的准则。\n");

	cr_expect(strstr(md, "\n## 主要群体\n"), "got: %s", md);
}

Test(convert, moves_a_footnote_out_of_the_paragraph_it_interrupts)
{
	const char *md = convert_as(
		"19. 此外，参与者表示需要加强与国家工作队的接触。考虑到这一点，联合国各\n\n"
		"25-11131 **5/13**\n\n"
		"³ E/ESCAP/RES/81/2.\n\n"
		"实体的代表强调了有系统地纳入关键专题进程的重要性。\n\n"
		"18. 亚太可持续发展论坛。3然而，在各区域，每个机制都有不同的地位。\n",
		HX_FORMAT_MARKDOWN);

	cr_expect(strstr(md, "联合国各实体的代表强调了"), "got: %s", md);
	cr_expect(strstr(md, "论坛。[^3]然而"), "a plain digit glued after 。 is the call: %s", md);
	cr_expect(
		strstr(md, "\n[^3]: [E/ESCAP/RES/81/2](https://undocs.org/zh/E/ESCAP/RES/81/2).\n"),
		"got: %s", md);
}

Test(convert, turns_star_and_superscript_marks_into_footnotes)
{
	const char *md = convert_as("秘书长的报告^{*}\n\n"
				    "摘要\n\n"
				    "根据《未来契约》¹ 行动 55(e), 本报告提出建议。\n\n"
				    "^{*} 本报告是在截止日期之后提交的。\n\n"
				    "¹ 大会第 79/1 号决议。\n",
				    HX_FORMAT_MARKDOWN);

	cr_expect(strstr(md, "秘书长的报告[^*]"), "got: %s", md);
	cr_expect(strstr(md, "《未来契约》[^1]行动 55(e)，本报告"), "got: %s", md);
	cr_expect(strstr(md, "[^*]: 本报告是在截止日期之后提交的。"), "got: %s", md);
	cr_expect(strstr(md, "[^1]: 大会第 79/1 号决议。"), "got: %s", md);
}

Test(convert, takes_footnotes_under_a_rule_in_pdf_text)
{
	const char *md = convert(
		"1. 分析和建议有助于带来更多的支持者。\n"
		"建议摘要 *\n\n"
		"1. 就新的主要群体的标准进行协商。\n"
		"__________________\n\n"
		" * 报告全文可查阅：http://sustainabledevelopment.un.org/index.php?menu=1564。\n"
		" 9. 承认并借鉴主要群体的专门知识。\n");

	cr_expect(strstr(md, "\n## 建议摘要[^*]\n"), "got: %s", md);
	cr_expect(strstr(md, "[^*]: 报告全文可查阅：<http://sustainabledevelopment.un.org/"
			     "index.php?menu=1564>。"),
		  "got: %s", md);
	cr_expect(strstr(md, "\n9\\. 承认"), "got: %s", md);
}

Test(convert, numbers_separate_star_footnotes_by_the_definition_that_follows)
{
	const char *md =
		convert_as("报告^{*}\n\n1. 正文。\n\n^{*} 第一注。\n\n附件^{*}\n\n2. 正文。\n\n"
			   "^{*} 第二注。\n",
			   HX_FORMAT_MARKDOWN);

	cr_expect(strstr(md, "报告[^*]"), "got: %s", md);
	cr_expect(strstr(md, "附件[^*2]"), "got: %s", md);
	cr_expect(strstr(md, "[^*2]: 第二注。"), "got: %s", md);
}

Test(convert, removes_converter_debris)
{
	const char *md =
		convert_as("联合国 $A_{79/968}$\n\nDistr.: General 8 July 2025 Chinese\n\n"
			   "Original: English\n\n"
			   "第七十九届会议\n\n关于地方和区域当局的建议\n\n秘书长的报告\n\n摘要\n\n"
			   "本报告就如何协力推进提出建议。\n",
			   HX_FORMAT_MARKDOWN);

	cr_expect(!strchr(md, '$') && !strstr(md, "_{") && !strstr(md, "^{"), "got: %s", md);
	cr_expect_str_eq(doc->meta.symbol, "A/79/968");
	cr_expect_str_eq(doc->meta.date, "2025-07-08");
	cr_expect_eq(doc->meta.original_lang, HX_LANG_EN);
	cr_expect_str_eq(doc->meta.title, "关于地方和区域当局的建议");
}

Test(convert, uses_full_width_punctuation_between_han_characters)
{
	const char *md = convert(
		"1. 根据《未来契约》行动 55(e), 本报告就如何与地方当局协力推进,特别是实现目标"
		"本地化提出建议; 咨询小组的建议: 可行。数字 1,000 和 10:30 不变。\n");

	cr_expect(strstr(md, "行动 55(e)，本报告"), "got: %s", md);
	cr_expect(strstr(md, "推进，特别是"), "got: %s", md);
	cr_expect(strstr(md, "建议；咨询小组的建议：可行"), "got: %s", md);
	cr_expect(strstr(md, "1,000 和 10:30"), "numbers keep ASCII punctuation: %s", md);
}

Test(convert, never_leaves_a_space_between_two_han_characters)
{
	const char *md = convert(
		"1. 1948 年 12 月 10 日， 联 合 国 大 会 通 过 并 颁 布《 世 界 人 权 宣 言》。\n");

	cr_expect(strstr(md, "1948 年 12 月 10 日，联合国大会通过并颁布《世界人权宣言》。"),
		  "got: %s", md);
}

Test(convert, links_symbols_to_undocs_in_the_document_language)
{
	const char *md =
		convert("1. Voir les documents A/42/521-S/19085 et S/RES/2273 (2016), ainsi que "
			"la résolution A/RES/67/290 de l'Assemblée générale et ses annexes.\n");

	cr_expect(strstr(md, "[A/42/521](https://undocs.org/fr/A/42/521)"), "got: %s", md);
	cr_expect(strstr(md, "[S/RES/2273 (2016)](https://undocs.org/fr/S/RES/2273(2016))"),
		  "got: %s", md);
	cr_expect(strstr(md, "[A/RES/67/290](https://undocs.org/fr/A/RES/67/290)"), "got: %s", md);
}

Test(convert, escapes_markdown_and_html_in_plain_text)
{
	const char *md =
		convert("1. A <script>alert(1)</script> and *stars* and _under_ and [x](y) and "
			"&amp; stay text.\n# not a heading\n");

	cr_expect(strstr(md, "\\<script\\>"), "got: %s", md);
	cr_expect(strstr(md, "\\*stars\\*") && strstr(md, "\\_under\\_") && strstr(md, "\\[x\\]"),
		  "got: %s", md);
	cr_expect(strstr(md, "\\&amp;"), "got: %s", md);
	cr_expect(!strstr(md, "\n# not"), "got: %s", md);
}

Test(convert, keeps_markdown_markup_in_markdown_input)
{
	const char *md = convert_as(
		"(a) **界定关键优先事项**。第一份报告见[链接](https://example.org/a_b)。\n",
		HX_FORMAT_MARKDOWN);

	cr_expect(strstr(md, "(a) **界定关键优先事项**。"), "got: %s", md);
	cr_expect(strstr(md, "[链接](https://example.org/a_b)"), "got: %s", md);
}

Test(convert, starts_a_new_preambular_paragraph_after_a_comma)
{
	const char *md = convert(
		"L'Assemblée générale,\n"
		"Rappelant les résolutions pertinentes du Conseil de sécurité ainsi que\n"
		"ses propres résolutions, en particulier la résolution 47/118 du 18 décembre\n"
		"1992, dans laquelle elle a reconnu les progrès accomplis,\n"
		"Consciente de l'importance et de la validité des engagements pris par\n"
		"les présidents des pays d'Amérique centrale,\n");

	cr_expect(strstr(md, "accomplis,\n\nConsciente de"), "got: %s", md);
}

Test(convert, accepts_seed_000_as_the_acceptance_test)
{
	const char *md = convert_file("tests/golden/seed-000-csd-note/input.txt", HX_FORMAT_TEXT);

	cr_expect(strstr(md, "的执行工作"));
	cr_expect(strstr(md, "更多地参与，以便更好地利用其专门知识"));
	cr_expect(strstr(md, "\n35\\. ") && strstr(md, "\n46\\. "));
	cr_expect(strstr(md, "\n## 主要群体\n") && strstr(md, "\n## 会员国\n"));
	cr_expect(!strstr(md, "undocs.org/ch"));
	cr_expect_eq(doc->lang, HX_LANG_ZH);
	cr_expect_str_eq(doc->meta.date, "2013-09-20");
}

Test(convert, accepts_seed_003_as_the_acceptance_test)
{
	const char *md =
		convert_file("tests/golden/seed-003-a-79-968/input.txt", HX_FORMAT_MARKDOWN);

	cr_expect(strstr(md, "联合国各实体的代表强调了"));
	cr_expect(strstr(md, "\n[^1]: 大会第 79/1 号决议。\n"));
	cr_expect(strstr(md, "行动 55(e)，本报告"));
	cr_expect(strstr(md, "\n# 一. 导言\n") && strstr(md, "\n## A. 地方领导力促进转型变革\n"));
	cr_expect(strstr(md, "问题。会员国还可以考虑"), "a footnote splitting 会|员国 moves out");
	cr_expect(!strstr(md, "25-11131") && !strstr(md, "13/13"));
	cr_expect_str_eq(doc->meta.symbol, "A/79/968");
	cr_expect_str_eq(doc->meta.job_number, "25-11131");
	cr_expect_str_eq(doc->meta.date, "2025-07-08");
}

Test(convert, reads_undocs_ch_links_as_chinese)
{
	const char *md = convert(
		"1. 见 http://undocs.org/ch/E/2003/29 和 https://undocs.org/en/A/79/968。\n");

	cr_expect(strstr(md, "<http://undocs.org/zh/E/2003/29>"), "got: %s", md);
	cr_expect(strstr(md, "<https://undocs.org/en/A/79/968>"), "got: %s", md);
}

Test(convert, joins_a_resolution_number_with_its_title_across_a_colon)
{
	convert("A\n\nUNITED\nNATIONS\n\nGeneral Assembly\nDistr.\nGENERAL\nA/RES/48/161\n"
		"21 January 1994\n\nForty-eighth session\nAgenda item 40\n"
		"RESOLUTION ADOPTED BY THE GENERAL ASSEMBLY\n48/161.\n\n"
		"The situation in Central America:\nprocedures for the establishment of a firm\n"
		"and lasting peace\n\nThe General Assembly,\n"
		"Recalling the relevant resolutions of the Security Council and its own "
		"resolutions,\n");

	cr_expect_str_eq(doc->meta.title,
			 "48/161. The situation in Central America: procedures for "
			 "the establishment of a firm and lasting peace");
	cr_expect_str_eq(doc->meta.organ, "General Assembly");
	cr_expect_str_eq(doc->meta.distribution, "GENERAL");
	cr_expect(!strstr(doc->markdown, "UNITED"), "got: %s", doc->markdown);
}
