/* Unit tests for the language table. */
#include <criterion/criterion.h>
#include <string.h>

#include "lang.h"

Test(lang, parses_codes_names_and_undocs_alias)
{
	cr_assert_eq(hx_lang_parse("zh"), HX_LANG_ZH);
	cr_assert_eq(hx_lang_parse("ch"), HX_LANG_ZH, "undocs.org writes Chinese as 'ch'");
	cr_assert_eq(hx_lang_parse("zh-Hans"), HX_LANG_ZH);
	cr_assert_eq(hx_lang_parse("ARA"), HX_LANG_AR);
	cr_assert_eq(hx_lang_parse("French"), HX_LANG_FR);
	cr_assert_eq(hx_lang_parse("es-419"), HX_LANG_ES);
	cr_assert_eq(hx_lang_parse("rus"), HX_LANG_RU);
	cr_assert_eq(hx_lang_parse("de"), HX_LANG_NONE);
	cr_assert_eq(hx_lang_parse(""), HX_LANG_NONE);
	cr_assert_eq(hx_lang_parse("e"), HX_LANG_NONE, "job-number letters are not language codes");
}

Test(lang, table_is_complete_for_the_six_languages)
{
	for (int i = 0; i < HX_LANG_COUNT; i++) {
		const struct hx_lang_info *li = hx_lang_get((enum hx_lang)i);

		cr_assert_not_null(li);
		cr_assert_eq(li->lang, (enum hx_lang)i);
		cr_assert_eq(strlen(li->code), 2);
		cr_assert_eq(strlen(li->apertium), 3);
		cr_assert_not_null(li->font_stack);
		cr_assert_eq(hx_lang_parse(li->code), li->lang);
		cr_assert_eq(hx_lang_parse(li->apertium), li->lang);
	}
	cr_assert_eq(hx_lang_get(HX_LANG_AR)->dir, HX_DIR_RTL);
	cr_assert_eq(hx_lang_get(HX_LANG_EN)->dir, HX_DIR_LTR);
	cr_assert(!hx_lang_get(HX_LANG_ZH)->spaced);
	cr_assert_null(hx_lang_get(HX_LANG_NONE));
}
