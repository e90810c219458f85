/* Unit tests for the document model, errors, metadata JSON and size parsing. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "doc.h"
#include "err.h"
#include "meta.h"

Test(doc, makes_ids_that_are_safe_file_names)
{
	static const char *const cases[][2] = {
		{"docs-in/A-79-968.txt", "a-79-968"},
		{"/x/000_b89d3f7492e82945.txt", "000-b89d3f7492e82945"},
		{"Rapport du Secrétaire général.md", "rapport-du-secr-taire-g-n-ral"},
		{"../../etc/passwd", "passwd"},
		{"...txt", "document"},
		{"报告.txt", "document"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *id = hx_doc_id_from_path(cases[i][0]);

		cr_expect_str_eq(id, cases[i][1], "'%s'", cases[i][0]);
		cr_expect(!strchr(id, '/') && strcmp(id, "..") != 0);
		free(id);
	}
}

Test(doc, errors_have_names_messages_and_exit_statuses)
{
	cr_expect_str_eq(hx_err_name(HX_E_DECODE), "HX_E_DECODE");
	cr_expect_eq(hx_err_exit_status(HX_OK), 0);
	cr_expect_eq(hx_err_exit_status(HX_E_USAGE), 2);
	cr_expect_eq(hx_err_exit_status(HX_E_LIMIT), 1);
	cr_expect_eq(hx_err_exit_status(HX_E_UNTRANSLATED), 3);
	cr_expect_eq(hx_err_exit_status(HX_E_LOCKED), 75);
	for (int e = 0; e < HX_ERR_COUNT; e++)
		cr_expect(hx_err_message((enum hx_err)e)[0], "error %d has a message", e);
}

Test(doc, keeps_the_first_sixty_four_warnings_and_counts_the_rest)
{
	struct hx_diag diag = {0};

	for (int i = 0; i < 70; i++)
		hx_warn(&diag, "warning %d", i);
	cr_expect_eq(diag.nwarnings, HX_DIAG_WARN_MAX);
	cr_expect_eq(diag.warnings_dropped, 70 - HX_DIAG_WARN_MAX);
	cr_expect_str_eq(diag.warnings[0], "warning 0");
	hx_diag_release(&diag);
	cr_expect_eq(diag.nwarnings, 0);
}

Test(doc, writes_the_metadata_as_json)
{
	struct hx_doc *doc = hx_doc_new("docs-in/A-79-968.txt");
	json_t *root;
	json_error_t jerr;
	char *text;

	doc->lang = HX_LANG_ZH;
	doc->format = HX_FORMAT_MARKDOWN;
	hx_meta_set(&doc->meta.symbol, "A/79/968", 8);
	hx_meta_set(&doc->meta.title, "报告 \"quoted\"", strlen("报告 \"quoted\""));
	doc->meta.original_lang = HX_LANG_EN;
	hx_doc_add_furniture(doc, HX_FURN_PAGE_MARKER, 12, "3/13", 4);
	text = hx_meta_to_json(doc);
	root = json_loads(text, 0, &jerr);
	cr_assert_not_null(root, "invalid JSON: %s", jerr.text);
	cr_expect_str_eq(json_string_value(json_object_get(root, "symbol")), "A/79/968");
	cr_expect_str_eq(json_string_value(json_object_get(root, "title")), "报告 \"quoted\"");
	cr_expect_str_eq(json_string_value(json_object_get(root, "language")), "zh");
	cr_expect_str_eq(json_string_value(json_object_get(root, "original_language")), "en");
	cr_expect(json_is_null(json_object_get(root, "date")));
	cr_expect_eq(json_integer_value(json_object_get(
			     json_object_get(json_object_get(root, "furniture"), "counts"),
			     "page-marker")),
		     1);
	json_decref(root);
	free(text);
	hx_doc_free(doc);
}

Test(doc, parses_sizes_with_binary_units)
{
	size_t v = 0;

	cr_expect(hx_parse_size("65536", &v) && v == 65536);
	cr_expect(hx_parse_size("64M", &v) && v == (size_t)64 << 20);
	cr_expect(hx_parse_size("1G", &v) && v == (size_t)1 << 30);
	cr_expect(hx_parse_size("2KiB", &v) && v == 2048);
	cr_expect(!hx_parse_size("-1", &v));
	cr_expect(!hx_parse_size("0", &v));
	cr_expect(!hx_parse_size("12X", &v));
	cr_expect(!hx_parse_size("", &v));
}
