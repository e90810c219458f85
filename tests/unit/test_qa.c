/* Unit tests for the quality checks: each check with planted errors and true negatives. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../stages/qa/qa_int.h"
#include "../../stages/terms/terms.h"
#include "doc.h"
#include "qa.h"

static struct hx_glossary *glossary;
static struct hx_qa *qa;

static void setup(void)
{
	struct hx_glossary_opts gopts = {.stem = true};
	struct hx_qa_opts opts = {0};
	struct hx_diag d = {0};

	cr_assert_eq(hx_glossary_load("glossaries", &gopts, &glossary, &d), HX_OK, "%s", d.msg);
	opts.glossary = glossary;
	cr_assert_eq(hx_qa_new(&opts, &qa, &d), HX_OK);
}

static void teardown(void)
{
	hx_qa_free(qa);
	hx_glossary_free(glossary);
}

/* Runs the checks on src/tgt and returns the findings (caller releases). */
static struct hx_qa_findings run_pair(const char *src, enum hx_lang sl, const char *tgt,
				      enum hx_lang tl)
{
	struct hx_qa_findings f = {0};
	struct hx_qa_pair p = {0};
	struct hx_diag d = {0};

	p.src = src;
	p.src_len = strlen(src);
	p.src_lang = sl;
	p.tgt = tgt;
	p.tgt_len = strlen(tgt);
	p.tgt_lang = tl;
	cr_assert_eq(hx_qa_check_pair(qa, &p, &f, &d), HX_OK, "%s", d.msg);
	return f;
}

static size_t count(const struct hx_qa_findings *f, enum hx_qa_check c)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].check == c;
	return n;
}

static const struct hx_qa_finding *first(const struct hx_qa_findings *f, enum hx_qa_check c)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].check == c)
			return &f->v[i];
	return NULL;
}

static void dump(const struct hx_qa_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		fprintf(stderr, "  %s %s: %s\n", hx_qa_check_name(f->v[i].check),
			hx_qa_severity_name(f->v[i].severity), f->v[i].message);
}

TestSuite(qa, .init = setup, .fini = teardown);

Test(qa, finds_a_misspelling_in_each_language_with_a_dictionary)
{
	static const struct {
		enum hx_lang lang;
		const char *good, *bad, *word;
	} cases[] = {
		{HX_LANG_EN, "The committee received the report.",
		 "The committee recieved the report.", "recieved"},
		{HX_LANG_FR, "Le comité a reçu le rapport.", "Le comité a reçu le raport.",
		 "raport"},
		{HX_LANG_ES, "El comité recibió el informe.", "El comité recibió el imforme.",
		 "imforme"},
		{HX_LANG_RU, "Комитет получил доклад.", "Комитет получил доклат.", "доклат"},
		{HX_LANG_AR, "تلقت اللجنة التقرير.", "تلقت اللجنة التقريرزز.", "التقريرزز"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum hx_lang src = cases[i].lang == HX_LANG_EN ? HX_LANG_FR : HX_LANG_EN;
		struct hx_qa_findings ok = run_pair("The committee received the report.", src,
						    cases[i].good, cases[i].lang);
		struct hx_qa_findings bad = run_pair("The committee received the report.", src,
						     cases[i].bad, cases[i].lang);
		const struct hx_qa_finding *f = first(&bad, HX_QA_SPELLING);

		if (count(&ok, HX_QA_SPELLING))
			dump(&ok);
		cr_expect_eq(count(&ok, HX_QA_SPELLING), 0, "%s: a correct sentence",
			     hx_lang_get(cases[i].lang)->code);
		cr_expect_not_null(f, "%s: '%s' found", hx_lang_get(cases[i].lang)->code,
				   cases[i].word);
		if (f)
			cr_expect(strstr(f->message, cases[i].word), "%s", f->message);
		hx_qa_findings_release(&ok);
		hx_qa_findings_release(&bad);
	}
}

Test(qa, suggests_at_most_three_corrections)
{
	struct hx_qa_findings f =
		run_pair("x", HX_LANG_FR, "The goverment recieved it.", HX_LANG_EN);
	const struct hx_qa_finding *s = first(&f, HX_QA_SPELLING);

	cr_assert_not_null(s);
	cr_assert_not_null(s->suggestion);
	cr_expect(strstr(s->suggestion, "government"), "%s", s->suggestion);
	cr_expect_leq(strlen(s->suggestion) - strlen(strchr(s->suggestion, ',') ? "" : ""), 200);
	cr_expect_eq(count(&f, HX_QA_SPELLING), 2);
	hx_qa_findings_release(&f);
}

Test(qa, skips_urls_symbols_numbers_and_glossary_names_in_spelling)
{
	struct hx_qa_findings f = run_pair(
		"See A/79/968 at https://undocs.org/en/A/79/968 on Côte d'Ivoire.", HX_LANG_EN,
		"Voir A/79/968 à https://undocs.org/fr/A/79/968 sur la Côte d'Ivoire, "
		"la Bosnie-Herzégovine et le Kirghizistan, 12th.",
		HX_LANG_FR);

	if (count(&f, HX_QA_SPELLING))
		dump(&f);
	cr_expect_eq(count(&f, HX_QA_SPELLING), 0);
	cr_expect_eq(count(&f, HX_QA_URL), 0, "undocs may change its language part");
	hx_qa_findings_release(&f);
}

Test(qa, notes_chinese_spelling_once_not_per_word)
{
	struct hx_qa_findings f = {0};
	struct hx_qa_pair p = {.src = "The report.",
			       .src_len = 11,
			       .src_lang = HX_LANG_EN,
			       .tgt = "报告。",
			       .tgt_len = strlen("报告。"),
			       .tgt_lang = HX_LANG_ZH};
	struct hx_diag d = {0};

	cr_assert_eq(hx_qa_check_pair(qa, &p, &f, &d), HX_OK);
	cr_assert_eq(hx_qa_check_pair(qa, &p, &f, &d), HX_OK);
	cr_expect_eq(count(&f, HX_QA_DICTIONARY), 1);
	cr_expect(f.no_spell & (1u << HX_LANG_ZH));
	hx_qa_findings_release(&f);
}

Test(qa, reports_a_missing_dictionary_once)
{
	struct hx_qa_opts opts = {.dict_dir = "/nonexistent"};
	struct hx_qa *q2;
	struct hx_qa_findings f = {0};
	struct hx_qa_pair p = {.src = "x",
			       .src_len = 1,
			       .src_lang = HX_LANG_EN,
			       .tgt = "Le raport du comitte.",
			       .tgt_len = 21,
			       .tgt_lang = HX_LANG_FR};
	struct hx_diag d = {0};

	cr_assert_eq(hx_qa_new(&opts, &q2, &d), HX_OK);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(hx_qa_check_pair(q2, &p, &f, &d), HX_OK);
	cr_expect_eq(count(&f, HX_QA_DICTIONARY), 1);
	cr_expect_eq(count(&f, HX_QA_SPELLING), 0);
	hx_qa_free(q2);
	hx_qa_findings_release(&f);
}

Test(qa, accepts_numbers_in_every_convention)
{
	static const struct {
		const char *src, *tgt;
		enum hx_lang tl;
	} ok[] = {
		{"It cost 2,400,000 dollars.", "Il a coûté 2 400 000 dollars.", HX_LANG_FR},
		{"It cost 2,400,000 dollars.", "Costó 2.400.000 dólares.", HX_LANG_ES},
		{"It cost 2,400,000 dollars.", "Это стоило 2 400 000 долларов.", HX_LANG_RU},
		{"It cost 2,400,000 dollars.", "كلف ٢٬٤٠٠٬٠٠٠ دولار.", HX_LANG_AR},
		{"It cost 2.4 billion dollars.", "耗资24亿美元。", HX_LANG_ZH},
		{"It cost 2.4 billion dollars.", "Il a coûté 2,4 milliards de dollars.",
		 HX_LANG_FR},
		{"It cost 2.4 billion dollars.", "Это стоило 2,4 млрд долларов.", HX_LANG_RU},
		{"Rate: 3.5 per cent.", "Taux : 3,5 pour cent.", HX_LANG_FR},
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct hx_qa_findings f = run_pair(ok[i].src, HX_LANG_EN, ok[i].tgt, ok[i].tl);

		if (count(&f, HX_QA_NUMBER))
			dump(&f);
		cr_expect_eq(count(&f, HX_QA_NUMBER), 0, "'%s' ~ '%s'", ok[i].src, ok[i].tgt);
		hx_qa_findings_release(&f);
	}
}

Test(qa, finds_wrong_and_missing_numbers)
{
	static const struct {
		const char *src, *tgt;
		enum hx_lang tl;
	} bad[] = {
		{"It cost 2,400,000 dollars.", "Il a coûté 2 500 000 dollars.", HX_LANG_FR},
		{"It cost 2,400,000 dollars.", "Costó 24.000 dólares.", HX_LANG_ES},
		{"It cost 2.4 billion dollars.", "耗资2.4亿美元。", HX_LANG_ZH},
		{"It cost 2.4 billion dollars.", "Это стоило 2,4 млн долларов.", HX_LANG_RU},
		{"In 2024 and 2025.", "En 2024.", HX_LANG_FR},
		{"It cost 2,400,000 dollars.", "كلف ٢٬٤٠٠ دولار.", HX_LANG_AR},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hx_qa_findings f = run_pair(bad[i].src, HX_LANG_EN, bad[i].tgt, bad[i].tl);
		const struct hx_qa_finding *x = first(&f, HX_QA_NUMBER);

		cr_expect_not_null(x, "'%s' vs '%s'", bad[i].src, bad[i].tgt);
		if (x)
			cr_expect_eq(x->severity, HX_QA_ERROR);
		hx_qa_findings_release(&f);
	}
}

Test(qa, checks_paragraph_numbers_exactly)
{
	struct hx_qa_findings f = {0};
	struct hx_qa_pair p = {.src = "Text here.",
			       .src_len = 10,
			       .src_lang = HX_LANG_EN,
			       .tgt = "Texte ici.",
			       .tgt_len = 10,
			       .tgt_lang = HX_LANG_FR,
			       .prefix = "46\\. ",
			       .tgt_prefix = "47\\. "};
	struct hx_diag d = {0};

	cr_assert_eq(hx_qa_check_pair(qa, &p, &f, &d), HX_OK);
	cr_expect_eq(count(&f, HX_QA_NUMBER), 1);
	hx_qa_findings_release(&f);
	p.tgt_prefix = "46\\. ";
	cr_assert_eq(hx_qa_check_pair(qa, &p, &f, &d), HX_OK);
	cr_expect_eq(count(&f, HX_QA_NUMBER), 0);
	hx_qa_findings_release(&f);
}

Test(qa, finds_changed_or_lost_symbols_and_urls)
{
	struct hx_qa_findings ok = run_pair(
		"See A/RES/67/290 and S/RES/2273 (2016) at https://www.un.org/en/ga.", HX_LANG_EN,
		"Voir A/RES/67/290 et S/RES/2273 (2016) sur https://www.un.org/en/ga.", HX_LANG_FR);
	struct hx_qa_findings bad = run_pair(
		"See A/RES/67/290 and S/RES/2273 (2016) at https://www.un.org/en/ga.", HX_LANG_EN,
		"Voir A/RES/67/209 et S/RES/2273 (2016) sur le site.", HX_LANG_FR);
	struct hx_qa_findings undocs = run_pair("See https://undocs.org/en/A/79/968.", HX_LANG_EN,
						"Voir https://undocs.org/fr/A/79/969.", HX_LANG_FR);

	cr_expect_eq(count(&ok, HX_QA_SYMBOL) + count(&ok, HX_QA_URL), 0);
	cr_expect_geq(count(&bad, HX_QA_SYMBOL), 1, "A/RES/67/290 became A/RES/67/209");
	cr_expect_eq(count(&bad, HX_QA_URL), 1, "the URL was lost");
	cr_expect_eq(count(&undocs, HX_QA_URL), 2, "more than the language part changed");
	hx_qa_findings_release(&ok);
	hx_qa_findings_release(&bad);
	hx_qa_findings_release(&undocs);
}

Test(qa, accepts_inflected_russian_terms_and_flags_wrong_ones)
{
	struct hx_qa_findings ok = run_pair("The report of the Secretary-General.", HX_LANG_EN,
					    "Доклад Генерального секретаря.", HX_LANG_RU);
	struct hx_qa_findings bad = run_pair("The report of the Secretary-General.", HX_LANG_EN,
					     "Доклад Главного директора.", HX_LANG_RU);
	const struct hx_qa_finding *x = first(&bad, HX_QA_TERMINOLOGY);

	if (count(&ok, HX_QA_TERMINOLOGY))
		dump(&ok);
	cr_expect_eq(count(&ok, HX_QA_TERMINOLOGY), 0,
		     "Генерального секретаря is an inflected form");
	cr_assert_not_null(x);
	cr_expect_str_eq(x->suggestion, "Генеральный секретарь");
	hx_qa_findings_release(&ok);
	hx_qa_findings_release(&bad);
}

Test(qa, finds_untranslated_text)
{
	struct hx_qa_findings same =
		run_pair("The committee received the report today.", HX_LANG_EN,
			 "The committee received the report today.", HX_LANG_FR);
	struct hx_qa_findings script =
		run_pair("The committee received the report today.", HX_LANG_EN,
			 "The committee received the report сегодня.", HX_LANG_RU);
	struct hx_qa_findings ok = run_pair("The committee received the report today.", HX_LANG_EN,
					    "Комитет получил доклад сегодня.", HX_LANG_RU);

	struct hx_qa_findings heading =
		run_pair("Introduction", HX_LANG_EN, "Introduction", HX_LANG_FR);

	cr_expect_eq(count(&same, HX_QA_UNTRANSLATED), 1);
	for (size_t i = 0; i < same.n; i++)
		if (same.v[i].check == HX_QA_UNTRANSLATED)
			cr_expect_eq(same.v[i].severity, HX_QA_ERROR);
	/* a heading of one word may well be the same in both languages: a note, not an error */
	cr_assert_eq(count(&heading, HX_QA_UNTRANSLATED), 1);
	for (size_t i = 0; i < heading.n; i++)
		if (heading.v[i].check == HX_QA_UNTRANSLATED)
			cr_expect_eq(heading.v[i].severity, HX_QA_INFO);
	hx_qa_findings_release(&heading);
	cr_expect_eq(count(&script, HX_QA_UNTRANSLATED), 1);
	cr_expect_eq(count(&ok, HX_QA_UNTRANSLATED), 0);
	hx_qa_findings_release(&same);
	hx_qa_findings_release(&script);
	hx_qa_findings_release(&ok);
}

Test(qa, finds_a_target_far_too_short)
{
	struct hx_qa_findings f = run_pair(
		"The committee received the report of the Secretary-General on the situation.",
		HX_LANG_EN, "Rapport.", HX_LANG_FR);
	struct hx_qa_findings ok = run_pair(
		"The committee received the report of the Secretary-General on the situation.",
		HX_LANG_EN, "Le comité a reçu le rapport du Secrétaire général sur la situation.",
		HX_LANG_FR);

	cr_expect_eq(count(&f, HX_QA_LENGTH), 1);
	cr_expect_eq(count(&ok, HX_QA_LENGTH), 0);
	hx_qa_findings_release(&f);
	hx_qa_findings_release(&ok);
}

Test(qa, finds_lost_markup_in_plain_text)
{
	struct hx_qa_findings f = run_pair("See **this** [report](https://x.org/r) and note[^1].",
					   HX_LANG_EN, "Voir ce rapport et la note.", HX_LANG_FR);

	cr_expect_geq(count(&f, HX_QA_PLACEHOLDER), 3);
	hx_qa_findings_release(&f);
}

Test(qa, caps_the_findings_but_keeps_counting)
{
	struct hx_qa_findings f = {0};

	for (int i = 0; i < HX_QA_MAX_FINDINGS + 5; i++)
		hx_qa_findings_add(&f, 0, 0, HX_LANG_FR, HX_QA_SPELLING, HX_QA_WARNING, NULL, "w%d",
				   i);
	cr_expect_eq(f.n, HX_QA_MAX_FINDINGS);
	cr_expect_eq(f.dropped, 5);
	cr_expect_eq(hx_qa_findings_count(&f, HX_LANG_FR, HX_QA_WARNING), HX_QA_MAX_FINDINGS + 5);
	cr_expect_eq(hx_qa_findings_count(&f, HX_LANG_FR, HX_QA_ERROR), 0);
	hx_qa_findings_release(&f);
}

Test(qa_number, reads_conventions_and_scales)
{
	static const struct {
		const char *s;
		double v;
	} cases[] = {
		{"2,400,000", 2400000}, {"2 400 000", 2400000}, {"2.400.000", 2400000},
		{"٢٬٤٠٠٬٠٠٠", 2400000}, {"24亿", 2.4e9},        {"2.4 billion", 2.4e9},
		{"3,5", 3.5},           {"１２", 12},           {"2,4 milliards", 2.4e9},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct qa_item it = {0}, want = {.nvalues = 1, .value = {cases[i].v}};
		size_t n = qa_number_read(cases[i].s, strlen(cases[i].s), &it);

		cr_expect_eq(n, strlen(cases[i].s), "'%s' read whole (%zu)", cases[i].s, n);
		cr_expect(qa_number_same(&it, &want), "'%s' = %g", cases[i].s, cases[i].v);
	}
}

Test(qa_number, survives_hostile_input)
{
	char buf[4096];
	struct qa_items items = {0};

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i % 7 == 0 ? ',' : i % 5 == 0 ? '\xd9' : '0' + (char)(i % 10));
	qa_scan(buf, sizeof(buf), &items);
	cr_expect_leq(items.n, QA_ITEMS_MAX);
	qa_items_release(&items);
	cr_expect_eq(qa_number_read("\xef\xbc", 2, &(struct qa_item){0}), 0);
}

Test(qa, names_checks_and_severities)
{
	enum hx_qa_severity s;

	cr_expect_str_eq(hx_qa_check_name(HX_QA_TERMINOLOGY), "terminology");
	cr_expect_str_eq(hx_qa_severity_name(HX_QA_WARNING), "warning");
	cr_expect(hx_qa_severity_parse("error", &s));
	cr_expect_eq(s, HX_QA_ERROR);
	cr_expect_not(hx_qa_severity_parse("fatal", &s));
}

/* A segment whose text ends with the placeholder of a footnote call. */
static struct hx_segment *footnote_segment(struct hx_segments *segs, struct hx_buf *text)
{
	static const char words[] = "The Assembly adopted the resolution on the situation today.";
	struct hx_segment *seg;

	hx_segments_add_block(segs, HX_BLOCK_PARAGRAPH);
	seg = hx_segments_add_segment(segs, 0);
	cr_assert_eq(hx_segment_add_span(seg, HX_SPAN_MARKUP, "[^1]", 4), 0);
	hx_buf_adds(text, words);
	hx_placeholder_add(text, 0);
	free(seg->text);
	seg->text = hx_buf_detach(text, &seg->len);
	return seg;
}

static size_t check_segment_target(const struct hx_segment *seg, const char *tgt,
				   enum hx_qa_severity *sev)
{
	struct hx_qa_findings f = {0};
	struct hx_qa_pair p = {.src = "x",
			       .src_len = 1,
			       .src_lang = HX_LANG_EN,
			       .tgt = "y",
			       .tgt_len = 1,
			       .tgt_lang = HX_LANG_FR,
			       .seg = seg,
			       .seg_target = tgt,
			       .seg_target_len = strlen(tgt),
			       .skip = 1u << HX_QA_SPELLING | 1u << HX_QA_UNTRANSLATED};
	struct hx_diag d = {0};
	size_t n;

	cr_assert_eq(hx_qa_check_pair(qa, &p, &f, &d), HX_OK);
	n = count(&f, HX_QA_PLACEHOLDER);
	if (n)
		*sev = first(&f, HX_QA_PLACEHOLDER)->severity;
	hx_qa_findings_release(&f);
	return n;
}

Test(qa, checks_each_placeholder_back_once_and_in_its_place)
{
	struct hx_segments segs = {0};
	struct hx_buf t = HX_BUF_INIT(0);
	struct hx_segment *seg;
	enum hx_qa_severity sev = HX_QA_INFO;
	static const char fr[] = "L'Assemblée a adopté la résolution sur la situation aujourd'hui.";

	seg = footnote_segment(&segs, &t);
	hx_buf_adds(&t, fr);
	hx_placeholder_add(&t, 0);
	cr_expect_eq(check_segment_target(seg, hx_buf_str(&t), &sev), 0, "in its place");
	hx_buf_reset(&t);
	hx_buf_adds(&t, fr);
	cr_expect_eq(check_segment_target(seg, hx_buf_str(&t), &sev), 1, "missing");
	cr_expect_eq(sev, HX_QA_ERROR);
	hx_placeholder_add(&t, 0);
	hx_placeholder_add(&t, 0);
	cr_expect_eq(check_segment_target(seg, hx_buf_str(&t), &sev), 1, "twice");
	cr_expect_eq(sev, HX_QA_ERROR);
	hx_buf_reset(&t);
	hx_placeholder_add(&t, 0);
	hx_buf_adds(&t, fr);
	cr_expect_eq(check_segment_target(seg, hx_buf_str(&t), &sev), 1, "moved to the start");
	cr_expect_eq(sev, HX_QA_WARNING);
	hx_buf_release(&t);
	hx_segments_release(&segs);
}

/* A document with one block of the given sentences, each translated into French as given. */
static struct hx_doc *doc_with(const char *id, const char *const *src, const char *const *fr,
			       size_t n)
{
	struct hx_doc *doc = hx_doc_new(id);

	free(doc->id);
	doc->id = strdup(id);
	doc->lang = HX_LANG_EN;
	doc->targets = 1u << HX_LANG_FR;
	hx_segments_add_block(&doc->segs, HX_BLOCK_PARAGRAPH)->anchor = 7;
	for (size_t i = 0; i < n; i++) {
		struct hx_segment *seg = hx_segments_add_segment(&doc->segs, 0);

		free(seg->text);
		seg->text = strdup(src[i]);
		seg->len = strlen(src[i]);
		seg->target[HX_LANG_FR].text = strdup(fr[i]);
		seg->target[HX_LANG_FR].origin = HX_ORIGIN_MT;
	}
	return doc;
}

Test(qa, finds_one_sentence_translated_two_ways_across_a_batch)
{
	static const char *const src[] = {"The meeting rose at 1 p.m.",
					  "Thanks to all delegations."};
	static const char *const fr1[] = {"La séance est levée à 13 heures.", "Merci à toutes."};
	static const char *const fr2[] = {"La réunion se termine à 13 heures.", "Merci à toutes."};
	struct hx_doc *docs[2] = {doc_with("a", src, fr1, 2), doc_with("b", src, fr2, 2)};
	const struct hx_qa_finding *f;

	cr_assert_eq(hx_qa_consistency(docs, 2, NULL), HX_OK);
	cr_expect_eq(docs[0]->qa.n, 0, "the first occurrence is the reference");
	cr_expect(docs[0]->qa.consistency_done && docs[1]->qa.consistency_done);
	cr_assert_eq(docs[1]->qa.n, 1, "one sentence differs, the other agrees");
	f = &docs[1]->qa.v[0];
	cr_expect_eq(f->check, HX_QA_CONSISTENCY);
	cr_expect_eq(f->seg, 0);
	cr_expect_eq(f->anchor, 7);
	cr_expect_str_eq(f->suggestion, "La séance est levée à 13 heures.");
	cr_expect(strstr(f->message, "(a, segment 1)"), "%s", f->message);
	hx_doc_free(docs[0]);
	hx_doc_free(docs[1]);
}

Test(qa, points_out_a_term_the_glossary_flags)
{
	/* sdg.goal.9.short is flagged: its Chinese form has a known defect */
	struct hx_qa_findings f = run_pair("Goal 9: Industry, innovation and infrastructure.",
					   HX_LANG_EN, "目标9：创业、创新和基础设施。", HX_LANG_ZH);
	const struct hx_qa_finding *x = NULL;

	for (size_t i = 0; i < f.n; i++)
		if (f.v[i].check == HX_QA_TERMINOLOGY && strstr(f.v[i].message, "flagged"))
			x = &f.v[i];
	cr_assert_not_null(x);
	cr_expect(strstr(x->message, "sdg.goal.9.short"), "%s", x->message);
	cr_expect_eq(x->severity, HX_QA_WARNING);
	hx_qa_findings_release(&f);
}
