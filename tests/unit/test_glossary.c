/* Unit tests for the glossary readers: the TSV format, its problems with file:line, TBX in and out.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "../../stages/terms/terms.h"

#define HEADER "id\ttype\tar\tzh\ten\tfr\tru\tes\tstatus\tnote\tsource\n"

static struct hx_glossary *from_tsv(const char *tsv, bool strict, enum hx_err *err)
{
	struct hx_glossary_opts o = {0};
	struct hx_glossary *g;
	struct hx_diag d = {0};

	o.strict = strict;
	g = hx_glossary_new(&o);
	*err = hx_glossary_add_tsv(g, "t.tsv", tsv, strlen(tsv), &d);
	if (!*err)
		*err = hx_glossary_build(g, &d);
	hx_diag_release(&d);
	return g;
}

/* Whether some problem of g is at line with a message containing text. */
static bool has_problem(const struct hx_glossary *g, unsigned line, bool error, const char *text)
{
	for (size_t i = 0; i < hx_glossary_nproblems(g); i++) {
		const struct hx_gl_problem *p = hx_glossary_problem(g, i);

		if (p->line == line && p->error == error && strstr(p->msg, text))
			return true;
	}
	return false;
}

Test(glossary, loads_the_shipped_glossaries_without_errors)
{
	struct hx_glossary *g;
	struct hx_diag d = {0};
	struct hx_glossary_stats st;

	cr_assert_eq(hx_glossary_load("glossaries", NULL, &g, &d), HX_OK, "%s",
		     hx_diag_message(&d));
	cr_assert_eq(hx_glossary_nerrors(g), 0);
	hx_glossary_get_stats(g, &st);
	cr_assert_geq(st.entries, 300);
	cr_assert_geq(st.by_type[HX_TERM_NAME], 200);
	cr_assert_geq(hx_glossary_find_id(g, "country.CIV"), 0);
	cr_assert_geq(hx_glossary_find_id(g, "un.general-assembly"), 0);
	cr_assert_lt(hx_glossary_find_id(g, "sdg.target.1.1"), 0, "optional glossary loaded");
	hx_glossary_free(g);
	hx_diag_release(&d);
}

Test(glossary, loads_the_optional_glossaries_on_request)
{
	struct hx_glossary_opts o = {0};
	struct hx_glossary *g;
	struct hx_diag d = {0};

	o.optional = true;
	cr_assert_eq(hx_glossary_load("glossaries", &o, &g, &d), HX_OK);
	cr_assert_geq(hx_glossary_find_id(g, "sdg.indicator.3.8.1"), 0);
	cr_assert_eq(hx_glossary_nerrors(g), 0);
	hx_glossary_free(g);
}

Test(glossary, reads_every_column_of_a_row)
{
	enum hx_err err;
	struct hx_glossary *g =
		from_tsv("# a comment\n\n" HEADER
			 "x.1\tname\tع\t中\tOne|Uno\tUn\tОдин\tUno\tofficial\tn\ts\n",
			 false, &err);
	const struct hx_gl_entry *e;

	cr_assert_eq(err, HX_OK);
	cr_assert_eq(hx_glossary_size(g), 1);
	e = hx_glossary_entry(g, 0);
	cr_assert_str_eq(e->id, "x.1");
	cr_assert_eq(e->type, HX_TERM_NAME);
	cr_assert_str_eq(e->cell[HX_LANG_EN], "One|Uno");
	cr_assert_str_eq(e->status, "official");
	cr_assert_eq(e->line, 4);
	hx_glossary_free(g);
}

Test(glossary, accepts_crlf_a_bom_and_columns_in_any_order)
{
	enum hx_err err;
	struct hx_glossary *g =
		from_tsv("\xEF\xBB\xBFtype\tid\ten\r\nname\tx.1\tOne\r\n", false, &err);

	cr_assert_eq(err, HX_OK);
	cr_assert_eq(hx_glossary_size(g), 1);
	cr_assert_str_eq(hx_glossary_entry(g, 0)->cell[HX_LANG_EN], "One");
	cr_assert_str_eq(hx_glossary_entry(g, 0)->cell[HX_LANG_FR], "");
	hx_glossary_free(g);
}

Test(glossary, reports_a_wrong_column_count_with_its_line_and_skips_it)
{
	enum hx_err err;
	struct hx_glossary *g = from_tsv(HEADER "a\tname\t\t\tA\t\t\t\t\t\t\n"
						"b\tname\tB\n"
						"c\tname\t\t\tC\t\t\t\t\t\t\n",
					 false, &err);

	cr_assert_eq(err, HX_OK);
	cr_assert_eq(hx_glossary_size(g), 2);
	cr_assert(has_problem(g, 3, true, "wrong column count: 3 columns, the header has 11"));
	hx_glossary_free(g);
}

Test(glossary, reports_invalid_utf8_with_its_line)
{
	enum hx_err err;
	struct hx_glossary *g = from_tsv(HEADER "a\tname\t\t\tA\xff\t\t\t\t\t\t\n", false, &err);

	cr_assert_eq(hx_glossary_size(g), 0);
	cr_assert(has_problem(g, 2, true, "invalid UTF-8 at byte 11"));
	hx_glossary_free(g);
}

Test(glossary, reports_duplicate_ids_with_the_first_line)
{
	enum hx_err err;
	struct hx_glossary *g = from_tsv(HEADER "a\tname\t\t\tA\t\t\t\t\t\t\n"
						"a\tname\t\t\tB\t\t\t\t\t\t\n",
					 false, &err);

	cr_assert_eq(hx_glossary_size(g), 1);
	cr_assert(has_problem(g, 3, true, "duplicate id 'a' (first at t.tsv:2)"));
	hx_glossary_free(g);
}

Test(glossary, reports_the_same_term_mapped_to_two_concepts)
{
	enum hx_err err;
	struct hx_glossary *g = from_tsv(HEADER "a\tname\t\t\tGuinea\t\t\t\t\t\t\n"
						"b\tterm\t\t\tguinea\t\t\t\t\t\t\n",
					 false, &err);

	cr_assert_eq(err, HX_OK);
	cr_assert(has_problem(g, 3, true, "the same term 'guinea' is mapped to two concepts"));
	hx_glossary_free(g);
}

Test(glossary, reports_unknown_types_and_rows_without_terms)
{
	enum hx_err err;
	struct hx_glossary *g = from_tsv(HEADER "a\tthing\t\t\tA\t\t\t\t\t\t\n"
						"b\tname\t\t\t\t\t\t\t\t\t\n",
					 false, &err);

	cr_assert_eq(hx_glossary_size(g), 0);
	cr_assert(has_problem(g, 2, true, "unknown type 'thing'"));
	cr_assert(has_problem(g, 3, true, "no term in any language"));
	hx_glossary_free(g);
}

Test(glossary, warns_about_missing_languages)
{
	enum hx_err err;
	struct hx_glossary *g = from_tsv(HEADER "a\tname\t\t中\tA\tA\tА\tA\t\t\t\n", false, &err);

	cr_assert_eq(hx_glossary_size(g), 1);
	cr_assert(has_problem(g, 2, false, "'a' has no form in ar"));
	cr_assert_eq(hx_glossary_nerrors(g), 0);
	hx_glossary_free(g);
}

Test(glossary, strict_mode_rejects_the_whole_file)
{
	enum hx_err err;
	struct hx_glossary *g = from_tsv(HEADER "a\tname\t\t\tA\t\t\t\t\t\t\n"
						"b\tname\tB\n",
					 true, &err);

	cr_assert_eq(err, HX_E_FORMAT);
	cr_assert_eq(hx_glossary_size(g), 0);
	hx_glossary_free(g);
}

Test(glossary, refuses_a_file_without_a_usable_header)
{
	enum hx_err err;
	struct hx_glossary *g = from_tsv("id\ttype\tklingon\nx\tname\tQapla'\n", false, &err);

	cr_assert_eq(err, HX_E_FORMAT);
	cr_assert(has_problem(g, 1, true, "unknown column 'klingon'"));
	hx_glossary_free(g);
}

Test(glossary, refuses_a_file_over_the_size_cap)
{
	struct hx_glossary_opts o = {0};
	struct hx_glossary *g;
	struct hx_diag d = {0};
	const char *tsv = HEADER "a\tname\t\t\tA\t\t\t\t\t\t\n";

	o.max_bytes = 32;
	g = hx_glossary_new(&o);
	cr_assert_eq(hx_glossary_add_tsv(g, "big.tsv", tsv, strlen(tsv), &d), HX_E_LIMIT);
	cr_assert(strstr(hx_diag_message(&d), "glossary 'big.tsv' is"));
	cr_assert(strstr(hx_diag_message(&d),
			 "over the size cap of 32 bytes; raise it with --max-size"));
	hx_glossary_free(g);
	hx_diag_release(&d);
}

Test(glossary, refuses_more_entries_than_the_cap)
{
	struct hx_glossary_opts o = {0};
	struct hx_glossary *g;
	struct hx_diag d = {0};
	const char *tsv = HEADER "a\tname\t\t\tA\t\t\t\t\t\t\nb\tname\t\t\tB\t\t\t\t\t\t\n";

	o.max_entries = 1;
	g = hx_glossary_new(&o);
	cr_assert_eq(hx_glossary_add_tsv(g, "t.tsv", tsv, strlen(tsv), &d), HX_E_LIMIT);
	cr_assert(strstr(hx_diag_message(&d), "more than 1 entries"));
	hx_glossary_free(g);
	hx_diag_release(&d);
}

Test(glossary, writes_what_it_read_as_tsv)
{
	const char *tsv = HEADER "a\tname\tع\t中\tA|B (the)\tA\tА\tA\tofficial\tnote\tsrc\n";
	enum hx_err err;
	struct hx_glossary *g = from_tsv(tsv, false, &err);
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag d = {0};

	cr_assert_eq(hx_glossary_write_tsv(g, &out, &d), HX_OK);
	cr_assert_str_eq(out.data, tsv);
	hx_buf_release(&out);
	hx_glossary_free(g);
}

/* ---- TBX ---- */

static struct hx_glossary *from_tbx(const char *tbx, enum hx_err *err, struct hx_diag *d)
{
	struct hx_glossary *g = hx_glossary_new(NULL);

	*err = hx_glossary_add_tbx(g, "t.tbx", tbx, strlen(tbx), d);
	return g;
}

static void assert_same_entries(const struct hx_glossary *a, const struct hx_glossary *b)
{
	cr_assert_eq(hx_glossary_size(a), hx_glossary_size(b));
	for (size_t i = 0; i < hx_glossary_size(a); i++) {
		const struct hx_gl_entry *x = hx_glossary_entry(a, i), *y = hx_glossary_entry(b, i);

		cr_assert_str_eq(x->id, y->id);
		cr_assert_eq(x->type, y->type, "%s", x->id);
		for (int l = 0; l < HX_LANG_COUNT; l++)
			cr_assert_str_eq(x->cell[l], y->cell[l], "%s", x->id);
		cr_assert_str_eq(x->status, y->status, "%s", x->id);
		cr_assert_str_eq(x->note, y->note, "%s", x->id);
		cr_assert_str_eq(x->source, y->source, "%s", x->id);
	}
}

Test(glossary, exports_tbx_basic_and_reads_it_back_unchanged)
{
	struct hx_glossary_opts o = {0};
	struct hx_glossary *g, *back;
	struct hx_buf tbx = HX_BUF_INIT(0);
	struct hx_diag d = {0};
	enum hx_err err;

	o.optional = true;
	cr_assert_eq(hx_glossary_load("glossaries", &o, &g, &d), HX_OK);
	cr_assert_eq(hx_tbx_export(g, &tbx, &d), HX_OK);
	cr_assert(strstr(tbx.data, "<martif type=\"TBX-Basic\" xml:lang=\"en\">"));
	cr_assert(strstr(tbx.data, "<termEntry id=\"country.NLD\">"));
	cr_assert(strstr(tbx.data, "<langSet xml:lang=\"zh\">"));
	cr_assert(strstr(tbx.data, "<term>Netherlands (the)</term>"));
	cr_assert(strstr(tbx.data, "preferredTerm-admn-sts"));
	cr_assert(strstr(tbx.data, "<note>hexaglot-type: name</note>"));
	back = from_tbx(tbx.data, &err, &d);
	cr_assert_eq(err, HX_OK, "%s", hx_diag_message(&d));
	assert_same_entries(g, back);
	hx_buf_release(&tbx);
	hx_glossary_free(back);
	hx_glossary_free(g);
	hx_diag_release(&d);
}

Test(glossary, refuses_tbx_that_is_not_well_formed_naming_the_line)
{
	struct hx_diag d = {0};
	enum hx_err err;
	struct hx_glossary *g = from_tbx("<?xml version=\"1.0\"?>\n<martif>\n<text>\n<body>\n"
					 "<termEntry id=\"a\">\n</text>\n",
					 &err, &d);

	cr_assert_eq(err, HX_E_FORMAT);
	cr_assert(strstr(hx_diag_message(&d), "t.tbx:6: not well-formed XML"), "%s",
		  hx_diag_message(&d));
	cr_assert_eq(hx_glossary_size(g), 0);
	hx_glossary_free(g);
	hx_diag_release(&d);
}

Test(glossary, refuses_xml_that_is_not_tbx)
{
	struct hx_diag d = {0};
	enum hx_err err;
	struct hx_glossary *g = from_tbx("<html><body/></html>", &err, &d);

	cr_assert_eq(err, HX_E_FORMAT);
	cr_assert(strstr(hx_diag_message(&d), "not TBX: the root element is <html>"));
	hx_glossary_free(g);
	hx_diag_release(&d);
}

Test(glossary, reads_what_cat_tools_and_term_bases_write)
{
	/* memoQ/Trados-like v2 (tags in any case, ntig, deprecated terms), then TBX v3 */
	const char *v2 =
		"<martif type=\"TBX\" xml:lang=\"en-us\"><text><body>\n"
		"<termEntry id=\"c 1\"><descrip type=\"definition\">principal organ</descrip>\n"
		"<langSet xml:lang=\"EN-US\"><tig><term>GA</term></tig>"
		"<tig><term>General Assembly</term><termNote type=\"administrativeStatus\">"
		"preferredTerm-admn-sts</termNote></tig></langSet>\n"
		"<langSet "
		"xml:lang=\"zh_CN\"><ntig><termGrp><term>大会</term></termGrp></ntig></langSet>\n"
		"<langSet xml:lang=\"fra\"><tig><term>AG</term><termNote "
		"type=\"administrativeStatus\">"
		"deprecatedTerm-admn-sts</termNote></tig><tig><term>Assemblée générale</term></tig>"
		"</langSet>\n"
		"<langSet xml:lang=\"de\"><tig><term>Generalversammlung</term></tig></langSet>\n"
		"</termEntry></body></text></martif>";
	const char *v3 =
		"<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\" type=\"TBX-Basic\"><text><body>"
		"<conceptEntry id=\"x\"><langSec xml:lang=\"ru\"><termSec><term>Совет "
		"Безопасности</term></termSec></langSec></conceptEntry></body></text></tbx>";
	struct hx_diag d = {0};
	enum hx_err err;
	struct hx_glossary *g = from_tbx(v2, &err, &d);
	const struct hx_gl_entry *e;

	cr_assert_eq(err, HX_OK, "%s", hx_diag_message(&d));
	e = hx_glossary_entry(g, 0);
	cr_assert_str_eq(e->id, "c_1");
	cr_assert_eq(e->type, HX_TERM_TERM);
	cr_assert_str_eq(e->cell[HX_LANG_EN], "General Assembly|GA");
	cr_assert_str_eq(e->cell[HX_LANG_ZH], "大会");
	cr_assert_str_eq(e->cell[HX_LANG_FR], "Assemblée générale");
	cr_assert_str_eq(e->note, "definition: principal organ");
	cr_assert(has_problem(g, 2, false, "language 'de' is not one of ar zh en fr ru es"));
	cr_assert(has_problem(g, 2, false, "1 deprecated or forbidden terms left out"));
	cr_assert_eq(hx_glossary_add_tbx(g, "v3.tbx", v3, strlen(v3), &d), HX_OK);
	cr_assert_str_eq(hx_glossary_entry(g, 1)->cell[HX_LANG_RU], "Совет Безопасности");
	hx_glossary_free(g);
	hx_diag_release(&d);
}

Test(glossary, imports_tbx_as_tsv)
{
	const char *tbx = "<martif><text><body><termEntry id=\"a\"><note>hexaglot-type: dnt</note>"
			  "<langSet xml:lang=\"en\"><tig><term>eLUNa</term></tig></langSet>"
			  "</termEntry></body></text></martif>";
	struct hx_diag d = {0};
	struct hx_buf out = HX_BUF_INIT(0);
	enum hx_err err;
	struct hx_glossary *g = from_tbx(tbx, &err, &d);

	cr_assert_eq(err, HX_OK);
	cr_assert_eq(hx_glossary_write_tsv(g, &out, &d), HX_OK);
	cr_assert_str_eq(out.data, HEADER "a\tdnt\t\t\teLUNa\t\t\t\timported\t\tt.tbx\n");
	hx_buf_release(&out);
	hx_glossary_free(g);
}
