/* Unit tests for masthead dates in the six languages. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../stages/convert/convert.h"

static void expect_date(const char *s, const char *iso)
{
	char out[11];
	size_t at, span;

	cr_assert(hx_date_find(s, strlen(s), out, &at, &span), "no date found in '%s'", s);
	cr_expect_str_eq(out, iso, "'%s'", s);
}

Test(date, reads_the_six_languages_masthead_styles)
{
	expect_date("8 July 2025", "2025-07-08");
	expect_date("21 janvier 1994", "1994-01-21");
	expect_date("1er mars 2020", "2020-03-01");
	expect_date("14 de agosto de 2019", "2019-08-14");
	expect_date("14 августа 2019 года", "2019-08-14");
	expect_date("2013 年 9 月 20 日", "2013-09-20");
	expect_date("2025年7月8日", "2025-07-08");
	expect_date("14 آب/أغسطس 2019", "2019-08-14");
	expect_date("3 يوليه 2020", "2020-07-03");
}

Test(date, finds_the_date_inside_a_distribution_line)
{
	char out[11];
	size_t at, span;
	const char *s = "Distr.: General 8 July 2025 Chinese";

	cr_assert(hx_date_find(s, strlen(s), out, &at, &span));
	cr_expect_str_eq(out, "2025-07-08");
	cr_expect_eq(at, 16);
	cr_expect_eq(span, strlen("8 July 2025"));
}

Test(date, covers_the_russian_year_word)
{
	char out[11];
	size_t at, span;
	const char *s = "14 августа 2019 года";

	cr_assert(hx_date_find(s, strlen(s), out, &at, &span));
	cr_expect_eq(span, strlen(s));
}

Test(date, refuses_impossible_or_partial_dates)
{
	char out[11];
	size_t at, span;
	static const char *const bad[] = {"32 July 2025",        "8 Julember 2025", "July 2025",
					  "2013 年 13 月 20 日", "8 July 1800",     "Item 40"};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect(!hx_date_find(bad[i], strlen(bad[i]), out, &at, &span), "'%s'", bad[i]);
}
