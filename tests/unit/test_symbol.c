/* Unit tests for UN document symbol recognition. */
#include <criterion/criterion.h>
#include <string.h>

#include "symbol.h"

static size_t match(const char *s)
{
	return hx_symbol_match(s, strlen(s));
}

Test(symbol, matches_the_common_series)
{
	static const char *const symbols[] = {
		"A/79/968",        "E/CN.17/2003/2",      "A/RES/67/290", "ST/SGB/2024/1",
		"A/48/L.21/Rev.1", "A/HRC/WG.6/34/ITA/3", "E/2003/29",    "E/ESCAP/RES/81/2",
		"A/79/968/Add.1",  "A/C.2/79/L.5",        "S/PV.9000",    "A/79/968/Corr.1",
		"S/19085",
	};

	for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++)
		cr_expect_eq(match(symbols[i]), strlen(symbols[i]), "'%s' is a symbol", symbols[i]);
}

Test(symbol, includes_the_year_of_a_security_council_resolution)
{
	cr_expect_eq(match("S/RES/2273 (2016) was adopted"), strlen("S/RES/2273 (2016)"));
	cr_expect_eq(match("A/RES/217 (III) A"), strlen("A/RES/217 (III)"));
	cr_expect_eq(match("A/79/968 (2016)"), strlen("A/79/968"), "only resolutions take a year");
}

Test(symbol, stops_before_punctuation_that_ends_the_sentence)
{
	cr_expect_eq(match("A/79/968."), 8);
	cr_expect_eq(match("E/CN.17/2003/2,"), 14);
	cr_expect_eq(match("A/48/L.21/Rev.1)]"), 15);
	cr_expect_eq(match("A/75/982号"), 8, "a Han character ends a symbol");
}

Test(symbol, rejects_things_that_only_look_like_symbols)
{
	static const char *const not_symbols[] = {"N/A",      "TCP/IP",  "HIV/AIDS", "A/B testing",
						  "a/79/968", "A/79",    "79/1",     "A/79/968x",
						  "km/h",     "COVID/19"};

	for (size_t i = 0; i < sizeof(not_symbols) / sizeof(not_symbols[0]); i++)
		cr_expect_eq(match(not_symbols[i]), 0, "'%s' is not a symbol", not_symbols[i]);
}

Test(symbol, recognises_a_whole_line_symbol_with_a_reissue_star)
{
	cr_expect(hx_symbol_is_whole("A/79/968*", 9));
	cr_expect(hx_symbol_is_whole("  A/HRC/WG.6/34/ITA/3 ", 22));
	cr_expect(!hx_symbol_is_whole("see A/79/968", 12));
}
