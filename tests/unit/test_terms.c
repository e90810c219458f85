/*
 * Unit tests for matching and protection on the shipped glossaries: every
 * matching rule in each of the six languages, the seeds' terms, placeholders.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../stages/terms/terms.h"
#include "driver.h"
#include "stage.h"

static struct hx_glossary *g;

static void load(void)
{
	struct hx_glossary_opts o = {0};
	struct hx_diag d = {0};

	o.stem = true;
	cr_assert_eq(hx_glossary_load("glossaries", &o, &g, &d), HX_OK, "%s", hx_diag_message(&d));
	hx_diag_release(&d);
}

static void unload(void)
{
	hx_glossary_free(g);
	g = NULL;
}

TestSuite(terms, .init = load, .fini = unload);

static struct hx_term_hits hits;

/* The hits in text as "found=id" lines ("~" after id when stemmed), for one comparison. */
static const char *find(const char *text, enum hx_lang lang)
{
	static char out[4096];
	size_t n = 0;
	struct hx_diag d = {0};

	hx_term_hits_release(&hits);
	cr_assert_eq(hx_glossary_find(g, text, strlen(text), lang, &hits, &d), HX_OK);
	out[0] = '\0';
	for (size_t i = 0; i < hits.n; i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%.*s=%s%s", i ? "; " : "",
				      (int)hits.v[i].len, text + hits.v[i].offset,
				      hx_glossary_entry(g, hits.v[i].entry)->id,
				      hits.v[i].stemmed ? "~" : "");
	hx_diag_release(&d);
	return out;
}

Test(terms, finds_terms_of_the_chinese_seed)
{
	/* seed 003 (A/79/968), as pdftotext wrote it: spaces inside Han runs */
	cr_assert_str_eq(find("本报告需在大会第 79 "
			      "届会议结束前提交,其内容基于地方和区域政府咨询小组的工 作成果",
			      HX_LANG_ZH),
			 "大会=un.general-assembly");
	cr_assert_str_eq(find("联合国各机构、会员国和包括地方和区域当局在内的其他行为体之间的协作对"
			      "于落实《2030年可持续发展议程》、加快实现可持续发展目标的进展",
			      HX_LANG_ZH),
			 "联合国=un.united-nations; 会员国=un.member-states; "
			 "2030年可持续发展议程=un.agenda-2030; "
			 "可持续发展目标=un.sdgs");
	cr_assert_str_eq(find("联合国人类住区规划署(人居署)担任秘书", HX_LANG_ZH),
			 "联合国人类住区规划署=un.habitat; 人居署=un.habitat");
	cr_assert_str_eq(find("并就加强经济及社会理事会的作用提出建议", HX_LANG_ZH),
			 "经济及社会理事会=un.ecosoc");
	cr_assert_str_eq(find("推进 《2030 年可持续发展议 程》", HX_LANG_ZH),
			 "2030 年可持续发展议 程=un.agenda-2030");
}

Test(terms, needs_no_word_boundaries_in_han)
{
	cr_assert_str_eq(find("联合国安全理事会通过", HX_LANG_ZH),
			 "联合国=un.united-nations; 安全理事会=un.security-council");
	cr_assert_str_eq(find("联合国大会通过", HX_LANG_ZH), "联合国大会=un.general-assembly");
	/* Han has no word boundaries: the longer of two overlapping keys wins */
	cr_assert_str_eq(find("广大会员国应当", HX_LANG_ZH), "会员国=un.member-states");
	cr_assert_str_eq(find("大会会员国", HX_LANG_ZH),
			 "大会=un.general-assembly; 会员国=un.member-states");
	/* a longer name keeps a shorter one from matching inside it */
	cr_assert_str_eq(find("联合国可持续发展大会和人居署大会", HX_LANG_ZH),
			 "联合国可持续发展大会=un.uncsd; 人居署大会=un.habitat-assembly");
	cr_assert_str_eq(
		find("世界卫生大会和缔约方大会", HX_LANG_ZH),
		"世界卫生大会=un.world-health-assembly; 缔约方大会=un.conference-of-the-parties");
}

Test(terms, finds_english_names_and_respects_word_boundaries)
{
	cr_assert_str_eq(find("The General Assembly met.", HX_LANG_EN),
			 "General Assembly=un.general-assembly");
	cr_assert_str_eq(find("Nigeria and the Niger, Niger-Congo", HX_LANG_EN),
			 "Nigeria=country.NGA; the Niger=country.NER");
	cr_assert_str_eq(find("Omani Oman", HX_LANG_EN), "Oman=country.OMN");
}

Test(terms, respects_word_boundaries_in_every_spaced_script)
{
	cr_assert_str_eq(find("la Malienne et le Mali", HX_LANG_FR), "le Mali=country.MLI");
	cr_assert_str_eq(find("los chilenos de Chile", HX_LANG_ES), "Chile=country.CHL");
	cr_assert_str_eq(find("Нигерия и Нигер", HX_LANG_RU),
			 "Нигерия=country.NGA; Нигер=country.NER");
	cr_assert_str_eq(find("الهندسة في الهند", HX_LANG_AR), "الهند=country.IND");
}

Test(terms, reads_full_width_and_ascii_punctuation_alike_in_chinese)
{
	cr_assert_str_eq(find("消除饥饿,实现粮食安全,改善营养状况和促进可持续农业", HX_LANG_ZH),
			 "消除饥饿,实现粮食安全,改善营养状况和促进可持续农业=sdg.goal.2");
	cr_assert_str_eq(hx_glossary_form(g, hits.v[0].form),
			 "消除饥饿，实现粮食安全，改善营养状况和促进可持续农业");
}

Test(terms, prefers_the_longest_leftmost_match)
{
	cr_assert_str_eq(find("the United Nations Development Programme", HX_LANG_EN),
			 "United Nations Development Programme=un.undp");
	cr_assert_str_eq(
		find("Office of the United Nations High Commissioner for Human Rights", HX_LANG_EN),
		"Office of the United Nations High Commissioner for Human Rights=un.ohchr");
	cr_assert_str_eq(find("秘书长办公厅和秘书长", HX_LANG_ZH),
			 "秘书长办公厅=un.eosg; 秘书长=un.secretary-general");
}

Test(terms, matches_at_the_start_of_a_sentence_and_in_capitals)
{
	cr_assert_str_eq(find("High-level political forum on sustainable development", HX_LANG_EN),
			 "High-level political forum on sustainable development=un.hlpf");
	cr_assert_str_eq(find("GENERAL ASSEMBLY", HX_LANG_EN),
			 "GENERAL ASSEMBLY=un.general-assembly");
	cr_assert_str_eq(find("Государства-члены", HX_LANG_RU),
			 "Государства-члены=un.member-states");
}

Test(terms, keeps_capitalised_forms_to_capitalised_text)
{
	cr_assert_str_eq(find("для того чтобы", HX_LANG_RU), "");
	cr_assert_str_eq(find("в Того", HX_LANG_RU), "Того=country.TGO");
	cr_assert_str_eq(find("who said", HX_LANG_EN), "");
	cr_assert_str_eq(find("WHO said", HX_LANG_EN), "WHO=un.who");
	cr_assert_str_eq(find("Who said", HX_LANG_EN), "");
}

Test(terms, finds_french_names_with_articles_and_elision)
{
	cr_assert_str_eq(find("Les Pays-Bas et l'Assemblée générale", HX_LANG_FR),
			 "Les Pays-Bas=country.NLD; Assemblée générale=un.general-assembly");
	cr_assert_str_eq(find("en Afghanistan, l'Afghanistan", HX_LANG_FR),
			 "Afghanistan=country.AFG; l'Afghanistan=country.AFG");
	cr_assert_str_eq(find("le Royaume des Pays-Bas", HX_LANG_FR),
			 "le Royaume des Pays-Bas=country.NLD");
}

Test(terms, finds_spanish_names_with_articles)
{
	cr_assert_str_eq(find("los Países Bajos y la Asamblea General", HX_LANG_ES),
			 "los Países Bajos=country.NLD; Asamblea General=un.general-assembly");
	cr_assert_str_eq(find("el Afganistán", HX_LANG_ES), "el Afganistán=country.AFG");
}

Test(terms, matches_english_article_forms)
{
	cr_assert_str_eq(
		find("the Netherlands, Netherlands and the Kingdom of the Netherlands", HX_LANG_EN),
		"the Netherlands=country.NLD; Netherlands=country.NLD; the Kingdom of the "
		"Netherlands=country.NLD");
}

Test(terms, matches_inverted_names_both_ways)
{
	cr_assert_str_eq(
		find("Bolivia (Plurinational State of) and the Plurinational State of Bolivia",
		     HX_LANG_EN),
		"Bolivia (Plurinational State of)=country.BOL; the Plurinational State of "
		"Bolivia=country.BOL");
	cr_assert_str_eq(find("Многонациональное Государство Боливия", HX_LANG_RU),
			 "Многонациональное Государство Боливия=country.BOL");
	cr_assert_str_eq(find("دولة بوليفيا المتعددة القوميات", HX_LANG_AR),
			 "دولة بوليفيا المتعددة القوميات=country.BOL");
	cr_assert_str_eq(find("République islamique d'Iran", HX_LANG_FR),
			 "République islamique d'Iran=country.IRN");
}

Test(terms, treats_typographic_and_ascii_apostrophes_alike)
{
	cr_assert_str_eq(find("Côte d’Ivoire and Côte d'Ivoire", HX_LANG_EN),
			 "Côte d’Ivoire=country.CIV; Côte d'Ivoire=country.CIV");
}

Test(terms, finds_arabic_names_ignoring_tatweel_diacritics_and_proclitics)
{
	cr_assert_str_eq(find("قررت الجمعية العامة", HX_LANG_AR),
			 "الجمعية العامة=un.general-assembly");
	cr_assert_str_eq(find("قررت الجمعيـــة العامّة", HX_LANG_AR),
			 "الجمعيـــة العامّة=un.general-assembly");
	cr_assert_str_eq(find("ومجلس الأمن", HX_LANG_AR), "مجلس الأمن=un.security-council");
	cr_assert_str_eq(find("أيرلندا وآيرلندا", HX_LANG_AR),
			 "أيرلندا=country.IRL; آيرلندا=country.IRL");
}

Test(terms, finds_russian_names_across_line_breaks)
{
	cr_assert_str_eq(
		find("Генеральная Ассамблея и Организация\nОбъединенных  Наций", HX_LANG_RU),
		"Генеральная Ассамблея=un.general-assembly; Организация\nОбъединенных  "
		"Наций=un.united-nations");
}

Test(terms, stems_inflected_russian_names_and_says_so)
{
	cr_assert_str_eq(
		find("резолюция Генеральной Ассамблеи и доклад Совета Безопасности", HX_LANG_RU),
		"Генеральной Ассамблеи=un.general-assembly~; Совета "
		"Безопасности=un.security-council~");
	cr_assert_str_eq(find("в Италии, с Италией, Италию", HX_LANG_RU),
			 "Италии=country.ITA~; Италией=country.ITA~; Италию=country.ITA~");
	cr_assert_str_eq(hx_glossary_form(g, hits.v[0].form), "Италия");
	cr_assert_str_eq(find("Управления Верховного комиссара Организации Объединенных Наций по "
			      "правам человека",
			      HX_LANG_RU),
			 "Управления Верховного комиссара Организации Объединенных Наций по правам "
			 "человека=un.ohchr~");
	cr_assert_str_eq(find("мнения государств-членов", HX_LANG_RU),
			 "государств-членов=un.member-states~");
}

Test(terms, stems_other_languages_with_their_dictionaries)
{
	cr_assert_str_eq(find("para los Estados Miembros", HX_LANG_ES),
			 "Estados Miembros=un.member-states");
	cr_assert_str_eq(find("las Asambleas Generales", HX_LANG_ES),
			 "Asambleas Generales=un.general-assembly~");
	cr_assert_str_eq(find("les Assemblées générales", HX_LANG_FR),
			 "Assemblées générales=un.general-assembly~");
	cr_assert_str_eq(find("قرارات للجمعية العامة", HX_LANG_AR),
			 "للجمعية العامة=un.general-assembly~");
}

Test(terms, does_not_stem_without_the_option)
{
	struct hx_glossary *plain;
	struct hx_diag d = {0};
	struct hx_term_hits h = {0};
	const char *t = "Генеральной Ассамблеи";

	cr_assert_eq(hx_glossary_load("glossaries", NULL, &plain, &d), HX_OK);
	cr_assert_eq(hx_glossary_find(plain, t, strlen(t), HX_LANG_RU, &h, &d), HX_OK);
	cr_assert_eq(h.n, 0);
	hx_term_hits_release(&h);
	hx_glossary_free(plain);
}

Test(terms, treats_placeholders_and_punctuation_as_boundaries)
{
	char text[64];

	/* U+100000, the first placeholder, glued to the name */
	snprintf(text, sizeof(text), "\xF4\x80\x80\x80General Assembly\xF4\x80\x80\x81.");
	cr_assert_str_eq(find(text, HX_LANG_EN), "General Assembly=un.general-assembly");
	cr_assert_eq(hits.v[0].offset, 4);
	cr_assert_str_eq(find("(UNDP),UNEP;", HX_LANG_EN), "UNDP=un.undp; UNEP=un.unep");
}

Test(terms, writes_the_hits_as_json)
{
	char *json = NULL;
	struct hx_diag d = {0};
	const char *t = "Доклад Генеральной Ассамблеи";

	cr_assert_eq(hx_terms_hits_json(g, t, strlen(t), HX_LANG_RU, &json, &d), HX_OK);
	cr_assert(strstr(json, "\"offset\": 13"));
	cr_assert(strstr(json, "\"length\": 41"));
	cr_assert(strstr(json, "\"id\": \"un.general-assembly\""));
	cr_assert(strstr(json, "\"type\": \"name\""));
	cr_assert(strstr(json, "\"found\": \"Генеральной Ассамблеи\""));
	cr_assert(strstr(json, "\"form\": \"Генеральная Ассамблея\""));
	cr_assert(strstr(json, "\"stemmed\": true"));
	free(json);
}

/* ---- protection ---- */

/* placeholder n, as UTF-8: U+100000 + n */
#define PH0     "\xF4\x80\x80\x80"
#define PH1     "\xF4\x80\x80\x81"
#define PH2     "\xF4\x80\x80\x82"
#define PH3     "\xF4\x80\x80\x83"
#define END0    "\xF4\x81\x80\x80" /* end marks of enclosing spans */
#define END1    "\xF4\x81\x80\x81"
#define END2    "\xF4\x81\x80\x82"
#define END3    "\xF4\x81\x80\x83"
#define TARGETS (1u << HX_LANG_FR | 1u << HX_LANG_ZH | 1u << HX_LANG_RU | 1u << HX_LANG_EN)

static struct hx_segment *segment(struct hx_segments *segs, const char *text)
{
	struct hx_segment *seg;

	hx_segments_add_block(segs, HX_BLOCK_PARAGRAPH)->nsegs = 1;
	seg = hx_segments_add_segment(segs, 0);
	seg->text = strdup(text);
	seg->len = strlen(text);
	return seg;
}

/* The segment restored as Markdown in lang. */
static const char *restored(const struct hx_segment *seg, enum hx_lang lang)
{
	static char out[1024];
	struct hx_buf b = HX_BUF_INIT(0);
	struct hx_diag d = {0};
	const char *t =
		lang != HX_LANG_NONE && seg->target[lang].text ? seg->target[lang].text : seg->text;

	cr_assert_eq(hx_segment_restore(seg, t, strlen(t), lang, &b, &d), HX_OK);
	snprintf(out, sizeof(out), "%s", b.data ? b.data : "");
	hx_buf_release(&b);
	return out;
}

Test(terms, protects_names_with_their_forms_in_every_target)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg = segment(&segs, "The General Assembly asked the Netherlands.");
	struct hx_diag d = {0};
	const struct hx_span *sp;

	cr_assert_eq(hx_terms_protect(g, seg, HX_LANG_EN, TARGETS, &d), HX_OK);
	cr_assert_str_eq(seg->text,
			 "The " PH0 "General Assembly" END0 " asked " PH1 "the Netherlands" END1 ".");
	cr_assert_eq(seg->nspans, 2);
	sp = &seg->spans[0];
	cr_assert_eq(sp->kind, HX_SPAN_TERM);
	cr_assert(sp->encloses);
	cr_assert_eq(sp->entry, hx_glossary_find_id(g, "un.general-assembly"));
	cr_assert_str_eq(sp->text, "General Assembly");
	cr_assert_str_eq(sp->target[HX_LANG_FR], "Assemblée générale");
	cr_assert_str_eq(sp->target[HX_LANG_ZH], "大会");
	cr_assert_str_eq(sp->target[HX_LANG_RU], "Генеральная Ассамблея");
	cr_assert_null(sp->target[HX_LANG_AR], "not a target");
	cr_assert_str_eq(seg->spans[1].target[HX_LANG_FR], "les Pays-Bas");
	cr_assert_str_eq(seg->spans[1].target[HX_LANG_RU], "Нидерланды");
	cr_assert_str_eq(restored(seg, HX_LANG_FR), "The Assemblée générale asked les Pays-Bas.");
	/* what MT made of the words inside the tags gives way to the official form */
	{
		const char *mt = "L'" PH0 "Assemblée Générale" END0 " a interrogé " PH1 "les Pays Bas" END1 ".";
		struct hx_buf b = HX_BUF_INIT(0);

		cr_assert_eq(hx_segment_check_placeholders(seg, mt, strlen(mt), &d), HX_OK);
		cr_assert_eq(hx_segment_restore(seg, mt, strlen(mt), HX_LANG_FR, &b, &d), HX_OK);
		cr_assert_str_eq(b.data, "L'Assemblée générale a interrogé les Pays-Bas.");
		hx_buf_release(&b);
	}
	cr_assert_str_eq(restored(seg, HX_LANG_NONE),
			 "The General Assembly asked the Netherlands.");
	cr_assert_eq(d.nwarnings, 0);
	hx_diag_release(&d);
	hx_segments_release(&segs);
}

Test(terms, appends_new_spans_after_the_segment_placeholders)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg = segment(&segs, PH0 "UNICEF" PH1 " and UNDP");
	struct hx_diag d = {0};

	hx_segment_add_span(seg, HX_SPAN_MARKUP, "**", 2);
	hx_segment_add_span(seg, HX_SPAN_MARKUP, "**", 2);
	cr_assert_eq(hx_terms_protect(g, seg, HX_LANG_EN, TARGETS, &d), HX_OK);
	cr_assert_str_eq(seg->text, PH0 PH2 "UNICEF" END2 PH1 " and " PH3 "UNDP" END3);
	cr_assert_str_eq(seg->spans[3].target[HX_LANG_FR], "PNUD");
	cr_assert_str_eq(restored(seg, HX_LANG_RU), "**ЮНИСЕФ** and ПРООН");
	hx_diag_release(&d);
	hx_segments_release(&segs);
}

Test(terms, records_terms_without_protecting_them)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg = segment(&segs, "Member States and the Secretariat");
	struct hx_term_hits h = {0};
	struct hx_diag d = {0};
	bool whole = true;

	cr_assert_eq(hx_terms_protect_collect(g, seg, 7, HX_LANG_EN, TARGETS, &h, &whole, &d),
		     HX_OK);
	cr_assert_str_eq(seg->text, "Member States and the Secretariat");
	cr_assert_eq(seg->nspans, 0);
	cr_assert_not(whole);
	cr_assert_eq(h.n, 2);
	cr_assert_eq(h.v[0].seg, 7);
	cr_assert_eq(h.v[0].span, -1);
	cr_assert_eq(h.v[1].offset, 22);
	cr_assert_eq(h.v[1].entry, hx_glossary_find_id(g, "un.secretariat"));
	hx_term_hits_release(&h);
	hx_diag_release(&d);
	hx_segments_release(&segs);
}

Test(terms, keeps_dnt_terms_verbatim_in_every_target)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg = segment(&segs, "Look it up in UNTERM.");
	struct hx_diag d = {0};

	cr_assert_eq(hx_terms_protect(g, seg, HX_LANG_EN, TARGETS, &d), HX_OK);
	cr_assert_str_eq(seg->text, "Look it up in " PH0 "UNTERM" END0 ".");
	cr_assert_str_eq(seg->spans[0].target[HX_LANG_ZH], "UNTERM");
	cr_assert_str_eq(seg->spans[0].target[HX_LANG_RU], "UNTERM");
	hx_diag_release(&d);
	hx_segments_release(&segs);
}

Test(terms, translates_a_segment_that_is_only_a_name)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg = segment(&segs, "Security Council");
	struct hx_diag d = {0};
	bool whole = false;

	cr_assert_eq(hx_terms_protect_collect(g, seg, 0, HX_LANG_EN, TARGETS, NULL, &whole, &d),
		     HX_OK);
	cr_assert(whole);
	cr_assert_str_eq(seg->text, PH0 "Security Council" END0);
	cr_assert_str_eq(seg->target[HX_LANG_FR].text, PH0 END0);
	cr_assert_eq(seg->target[HX_LANG_FR].origin, HX_ORIGIN_GLOSSARY);
	cr_assert_null(seg->target[HX_LANG_AR].text);
	cr_assert_str_eq(restored(seg, HX_LANG_FR), "Conseil de sécurité");
	cr_assert_str_eq(restored(seg, HX_LANG_ZH), "安全理事会");
	hx_diag_release(&d);
	hx_segments_release(&segs);
}

Test(terms, capitalises_a_target_at_the_start_of_a_sentence)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg = segment(&segs, "The Netherlands voted. Les Pays-Bas");
	struct hx_diag d = {0};

	cr_assert_eq(hx_terms_protect(g, seg, HX_LANG_EN, TARGETS, &d), HX_OK);
	cr_assert_str_eq(seg->spans[0].target[HX_LANG_FR], "Les Pays-Bas");
	cr_assert_str_eq(seg->spans[0].target[HX_LANG_RU], "Нидерланды");
	cr_assert_str_eq(seg->spans[1].target[HX_LANG_EN], "The Netherlands");
	hx_diag_release(&d);
	hx_segments_release(&segs);
}

Test(terms, gives_inflected_names_their_citation_form)
{
	struct hx_segments segs = {0};
	struct hx_segment *seg = segment(&segs, "решение Генеральной Ассамблеи");
	struct hx_diag d = {0};

	cr_assert_eq(hx_terms_protect(g, seg, HX_LANG_RU, TARGETS, &d), HX_OK);
	cr_assert_str_eq(seg->spans[0].text, "Генеральной Ассамблеи");
	cr_assert_str_eq(seg->spans[0].target[HX_LANG_EN], "General Assembly");
	hx_diag_release(&d);
	hx_segments_release(&segs);
}

static struct hx_glossary *small(const char *tsv)
{
	struct hx_glossary *s = hx_glossary_new(NULL);
	struct hx_diag d = {0};

	cr_assert_eq(hx_glossary_add_tsv(s, "s.tsv", tsv, strlen(tsv), &d), HX_OK);
	cr_assert_eq(hx_glossary_build(s, &d), HX_OK);
	return s;
}

Test(terms, escapes_markdown_in_spans_and_targets)
{
	struct hx_glossary *s = small("id\ttype\ten\tfr\nx\tname\tA*B_C\tX [y] <z>\n");
	struct hx_segments segs = {0};
	struct hx_segment *seg = segment(&segs, "see A*B_C");
	struct hx_diag d = {0};

	cr_assert_eq(hx_terms_protect(s, seg, HX_LANG_EN, TARGETS, &d), HX_OK);
	cr_assert_str_eq(seg->spans[0].text, "A\\*B\\_C");
	cr_assert_str_eq(seg->spans[0].target[HX_LANG_FR], "X \\[y\\] \\<z\\>");
	cr_assert_str_eq(restored(seg, HX_LANG_NONE), "see A\\*B\\_C");
	hx_diag_release(&d);
	hx_segments_release(&segs);
	hx_glossary_free(s);
}

Test(terms, keeps_the_source_form_where_a_target_has_none)
{
	struct hx_glossary *s = small("id\ttype\ten\tfr\nx\tname\tBlue Line\tLigne bleue\n");
	struct hx_segments segs = {0};
	struct hx_segment *seg = segment(&segs, "the Blue Line");
	struct hx_diag d = {0};

	cr_assert_eq(hx_terms_protect(s, seg, HX_LANG_EN, TARGETS, &d), HX_OK);
	cr_assert_str_eq(seg->spans[0].target[HX_LANG_FR], "Ligne bleue");
	cr_assert_null(seg->spans[0].target[HX_LANG_RU]);
	cr_assert_str_eq(restored(seg, HX_LANG_RU), "the Blue Line");
	cr_assert_geq(d.nwarnings, 2);
	cr_assert(strstr(d.warnings[0], "'Blue Line' (x) has no zh form in the glossary"));
	hx_diag_release(&d);
	hx_segments_release(&segs);
	hx_glossary_free(s);
}

Test(terms, the_stage_protects_every_segment_of_a_document)
{
	struct hx_doc *doc = hx_doc_new("a.txt");
	struct hx_config cfg;
	struct hx_pipeline p;
	struct hx_segment *seg;

	hx_config_init(&cfg);
	setenv("HEXAGLOT_GLOSSARIES", "glossaries", 1);
	cr_assert_eq(hx_pipeline_init(&p, &cfg, "terms", "terms"), HX_OK, "%s",
		     hx_diag_message(&p.diag));
	doc->lang = HX_LANG_RU;
	doc->targets = 1u << HX_LANG_EN | 1u << HX_LANG_ZH;
	seg = segment(&doc->segs, "Доклад Генеральной Ассамблеи");
	cr_assert_eq(hx_pipeline_process(&p, doc), HX_OK);
	cr_assert_str_eq(seg->text, "Доклад " PH0 "Генеральной Ассамблеи" END0);
	cr_assert_str_eq(seg->spans[0].target[HX_LANG_ZH], "大会");
	/* the hits in the source Markdown, for the terminology check and `--terms` */
	cr_assert_null(doc->terms_json, "no Markdown, no list");
	hx_pipeline_release(&p);
	hx_doc_free(doc);
}

/* The batch's pipelines before and after translate: one glossary for terms and qa. */
Test(terms, pipelines_that_share_load_the_glossaries_once)
{
	struct hx_doc *doc = hx_doc_new("a.txt");
	struct hx_config cfg;
	struct hx_pipeline pre, post;

	hx_config_init(&cfg);
	setenv("HEXAGLOT_GLOSSARIES", "glossaries", 1);
	cr_assert_eq(hx_pipeline_init(&pre, &cfg, "terms", "terms"), HX_OK);
	cr_assert_eq(hx_pipeline_init(&post, &cfg, "qa", "qa"), HX_OK);
	cr_assert_neq(pre.shared, post.shared);
	hx_pipeline_share(&post, &pre);
	cr_assert_eq(pre.shared, post.shared);
	cr_assert_eq(post.ctx[0].shared, pre.shared);
	cr_assert_eq(pre.shared->refs, 2);
	doc->lang = HX_LANG_EN;
	doc->targets = 1u << HX_LANG_FR;
	segment(&doc->segs, "The General Assembly met.");
	cr_assert_eq(hx_pipeline_process(&pre, doc), HX_OK);
	cr_assert(pre.shared->glossary_tried);
	cr_assert_not_null(pre.shared->glossary);
	{
		const struct hx_glossary *loaded = pre.shared->glossary;

		cr_assert_eq(hx_pipeline_process(&post, doc), HX_OK, "%s",
			     hx_diag_message(&post.diag));
		cr_assert_eq(post.shared->glossary, loaded, "qa loaded a second copy");
	}
	/* either order of release frees it once (ASan sees a double free or a leak) */
	hx_pipeline_release(&pre);
	cr_assert_not_null(post.shared->glossary);
	hx_pipeline_release(&post);
	hx_doc_free(doc);
}

/* A pipeline that starts after terms: qa loads the glossaries itself, and says nothing. */
Test(terms, qa_without_terms_loads_the_glossaries_quietly)
{
	struct hx_doc *doc = hx_doc_new("a.txt");
	struct hx_config cfg;
	struct hx_pipeline post;

	hx_config_init(&cfg);
	setenv("HEXAGLOT_GLOSSARIES", "glossaries", 1);
	cr_assert_eq(hx_pipeline_init(&post, &cfg, "qa", "qa"), HX_OK);
	doc->lang = HX_LANG_EN;
	doc->targets = 1u << HX_LANG_FR;
	segment(&doc->segs, "The General Assembly met.");
	cr_assert_eq(hx_pipeline_process(&post, doc), HX_OK, "%s", hx_diag_message(&post.diag));
	cr_assert(post.shared->glossary_tried);
	cr_assert_not_null(post.shared->glossary);
	cr_assert_eq(post.diag.nwarnings, 0);
	hx_pipeline_release(&post);
	hx_doc_free(doc);
}

/* The hits of text, searched whole, or paragraph by paragraph with their offsets added. */
static void find_all(const struct hx_glossary *gl, const char *text, size_t len, bool by_paragraph,
		     struct hx_term_hits *out)
{
	struct hx_diag d = {0};

	for (size_t from = 0; from < len;) {
		const char *brk = by_paragraph ? strstr(text + from, "\n\n") : NULL;
		size_t end = brk ? (size_t)(brk - text) + 2 : len;
		struct hx_term_hits h = {0};

		cr_assert_eq(hx_glossary_find(gl, text + from, end - from, HX_LANG_NONE, &h, &d),
			     HX_OK);
		for (size_t i = 0; i < h.n; i++) {
			if (out->n == out->alloc) {
				out->alloc = out->alloc ? 2 * out->alloc : 256;
				out->v = realloc(out->v, out->alloc * sizeof(*out->v));
			}
			out->v[out->n] = h.v[i];
			out->v[out->n++].offset += from;
		}
		hx_term_hits_release(&h);
		from = end;
	}
	hx_diag_release(&d);
}

Test(terms, finds_the_same_in_a_long_text_as_in_its_paragraphs)
{
	/* a text of many windows, each read by interleaved runs: names across every seam */
	static const char *const para[] = {
		"The General Assembly and the Security Council. ",
		"Нигерия и Нигер, Генеральной Ассамблеи ",
		"联合国大会和安全理事会",
		"الهندسة في الهند ",
		"le Mali et la Malienne, los chilenos de Chile ",
		"UNDP UNEP Niger-Congo Omani Oman ",
	};
	size_t len = 0, cap = (size_t)3 << 20;
	char *text = malloc(cap + 1024);
	struct hx_term_hits whole = {0}, parts = {0};

	for (unsigned k = 0; len < cap; k++) {
		for (unsigned pad = k % 13; pad; pad--)
			text[len++] = "abc, "[pad % 5];
		for (unsigned p = 0; p < 1 + k % 5; p++) {
			size_t n = strlen(para[(k + p) % 6]);

			memcpy(text + len, para[(k + p) % 6], n);
			len += n;
		}
		if (k % 3 == 0) {
			memcpy(text + len, "\n\n", 2);
			len += 2;
		}
	}
	memcpy(text + len, "\n\n", 3);
	len += 2;
	find_all(g, text, len, false, &whole);
	find_all(g, text, len, true, &parts);
	cr_assert_gt(whole.n, 100000);
	cr_assert_eq(whole.n, parts.n);
	for (size_t i = 0; i < whole.n; i++) {
		cr_assert_eq(whole.v[i].offset, parts.v[i].offset, "hit %zu", i);
		cr_assert_eq(whole.v[i].len, parts.v[i].len, "hit %zu", i);
		cr_assert_eq(whole.v[i].form, parts.v[i].form, "hit %zu", i);
	}
	hx_term_hits_release(&whole);
	hx_term_hits_release(&parts);
	free(text);
}

Test(terms, finds_keys_whose_next_characters_lie_far_apart)
{
	/* Han terms sharing a first character, their second ones spread over the block:
	 * room for them is hard to find, and the automaton grows past its first guess */
	struct hx_buf tsv = HX_BUF_INIT(0), text = HX_BUF_INIT(0);
	struct hx_glossary *own = hx_glossary_new(NULL);
	struct hx_diag d = {0};
	struct hx_term_hits h = {0};
	unsigned n = 0;

	hx_buf_adds(&tsv, "id\ttype\tar\tzh\ten\tfr\tru\tes\tstatus\tnote\tsource\n");
	for (unsigned first = 0; first < 200; first++)
		for (unsigned second = 0; second < 100; second++, n++) {
			hx_buf_addf(&tsv, "t%u\tterm\t\t", n);
			hx_buf_add_utf8(&tsv, 0x4E00 + first);
			hx_buf_add_utf8(&tsv, 0x4E00 + 37 * second + first);
			hx_buf_adds(&tsv, "\t\t\t\t\t\t\t\n");
			hx_buf_add_utf8(&text, 0x4E00 + first);
			hx_buf_add_utf8(&text, 0x4E00 + 37 * second + first);
			hx_buf_adds(&text, "。");
		}
	cr_assert_eq(hx_glossary_add_tsv(own, "t.tsv", tsv.data, tsv.len, &d), HX_OK);
	cr_assert_eq(hx_glossary_build(own, &d), HX_OK, "%s", hx_diag_message(&d));
	cr_assert_eq(hx_glossary_find(own, text.data, text.len, HX_LANG_ZH, &h, &d), HX_OK);
	cr_assert_eq(h.n, n);
	for (size_t i = 0; i < h.n; i++)
		cr_assert_eq(h.v[i].entry, i);
	hx_term_hits_release(&h);
	hx_buf_release(&tsv);
	hx_buf_release(&text);
	hx_glossary_free(own);
	hx_diag_release(&d);
}
