/* Unit tests for the wire form: placeholders as <x id="N"/>, XML escaping, and hostile answers. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#include "../../stages/translate/engine.h"
#include "segment.h"

/* Builds text from pieces: a string, or "\x01N" for placeholder N (0-based). */
static char *with_placeholders(const char *const *parts, size_t n)
{
	struct hx_buf b = HX_BUF_INIT(0);

	for (size_t i = 0; i < n; i++) {
		if (parts[i][0] == '\x01')
			hx_placeholder_add(&b, (unsigned)strtoul(parts[i] + 1, NULL, 10));
		else
			hx_buf_adds(&b, parts[i]);
	}
	return hx_buf_detach(&b, NULL);
}

static char *encode(const char *s, size_t len, bool escape)
{
	struct hx_buf b = HX_BUF_INIT(0);

	cr_assert_eq(hx_wire_encode(s, len, escape, &b), HX_OK);
	return hx_buf_detach(&b, NULL);
}

static char *decode_n(const char *s, size_t len, bool escape)
{
	struct hx_buf b = HX_BUF_INIT(0);

	cr_assert_eq(hx_wire_decode(s, len, escape, &b), HX_OK);
	return hx_buf_detach(&b, NULL);
}

static char *decode(const char *s, bool escape)
{
	return decode_n(s, strlen(s), escape);
}

static void expect_decoded(const char *wire, bool escape, const char *want)
{
	char *got = decode(wire, escape);

	cr_expect_str_eq(got, want, "decoding '%s'", wire);
	free(got);
}

/* A placeholder as UTF-8, for building expected strings. */
static const char *ph(unsigned n)
{
	static char s[8][5];
	uint32_t cp = HX_SEG_PLACEHOLDER + n;
	char *p = s[n % 8];

	p[0] = (char)(0xF0 | (cp >> 18));
	p[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	p[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	p[3] = (char)(0x80 | (cp & 0x3F));
	p[4] = '\0';
	return p;
}

static bool valid_utf8_without_nul(const char *s, size_t len)
{
	for (int32_t i = 0; (size_t)i < len;) {
		UChar32 c;

		U8_NEXT((const uint8_t *)s, i, (int32_t)len, c);
		if (c <= 0)
			return false;
	}
	return true;
}

Test(wire, encodes_placeholders_as_one_based_x_tags)
{
	const char *parts[] = {"Read ",
			       "\x01"
			       "0",
			       "the report",
			       "\x01"
			       "1",
			       " (",
			       "\x01"
			       "2",
			       ")."};
	char *text = with_placeholders(parts, 7);
	char *wire = encode(text, strlen(text), true);

	cr_expect_str_eq(wire, "Read <x id=\"1\"/>the report<x id=\"2\"/> (<x id=\"3\"/>).");
	free(wire);
	free(text);
}

Test(wire, escapes_only_amp_lt_gt)
{
	char *wire = encode("a & b < c > d \"q\" 'é' ©", strlen("a & b < c > d \"q\" 'é' ©"), true);

	cr_expect_str_eq(wire, "a &amp; b &lt; c &gt; d \"q\" 'é' ©");
	free(wire);
	wire = encode("a & b < c", 9, false);
	cr_expect_str_eq(wire, "a & b < c");
	free(wire);
}

Test(wire, keeps_private_use_code_points_outside_the_placeholder_range)
{
	/* U+102000 (one past the last end mark) and U+10FFFF are text */
	const char *s = "\xF4\x82\x80\x80 \xF4\x8F\xBF\xBF";
	char *wire = encode(s, strlen(s), true);

	cr_expect_str_eq(wire, s);
	free(wire);
	wire = encode(ph(4095), 4, true);
	cr_expect_str_eq(wire, "<x id=\"4096\"/>");
	free(wire);
}

Test(wire, round_trips_placeholders_and_escapes)
{
	const char *parts[] = {"\x01"
			       "0",
			       "R&D < 5 > 3 ",
			       "\x01"
			       "11",
			       " l'été ",
			       "\x01"
			       "4095",
			       "<x id=\"2\"/> as text",
			       "\x01"
			       "3"};
	char *text = with_placeholders(parts, 7);
	char *wire = encode(text, strlen(text), true);
	char *back = decode(wire, true);

	cr_expect_str_eq(back, text);
	free(back);
	free(wire);
	free(text);
}

Test(wire, round_trips_without_escaping)
{
	const char *parts[] = {"\x01"
			       "0",
			       "A & B: 5 > 3, «ok» ",
			       "\x01"
			       "1",
			       "."};
	char *text = with_placeholders(parts, 4);
	char *wire = encode(text, strlen(text), false);
	char *back = decode(wire, false);

	cr_expect_str_eq(wire, "<x id=\"1\"/>A & B: 5 > 3, «ok» <x id=\"2\"/>.");
	cr_expect_str_eq(back, text);
	free(back);
	free(wire);
	free(text);
}

Test(wire, accepts_every_placeholder_tag_form)
{
	const char *forms[] = {
		"<x id=\"3\"/>",        "<x id=\"3\" />",
		"<x id='3'/>",          "<x id=\"3\"></x>",
		"<X ID=\"3\"/>",        "<x id=3/>",
		"<x  id = \"3\"  />",   "<x id=\"3\">",
		"<x\nid=\"3\"/>",       "<x class=\"notranslate\" id=\"3\" translate=\"no\"/>",
		"<x hidden id=\"3\"/>", "<x id=\"3\" hidden>"};
	char want[128];

	snprintf(want, sizeof(want), "a%sb", ph(2));
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char wire[128];

		snprintf(wire, sizeof(wire), "a%sb", forms[i]);
		expect_decoded(wire, true, want);
		expect_decoded(wire, false, want);
	}
}

Test(wire, decodes_entities)
{
	expect_decoded("&amp; &lt; &gt; &quot; &apos;", true, "& < > \" '");
	expect_decoded("&#65;&#x42;&#X43;&#233;&#x4E2D;&#x1F600;", true, "ABCé中😀");
	expect_decoded("&amp;lt;", true, "&lt;");
	expect_decoded("&amp; &#65;", false, "&amp; &#65;");
}

Test(wire, keeps_invalid_entities_as_text)
{
	expect_decoded("&eacute; &nbsp; & alone &amp", true, "&eacute; &nbsp; & alone &amp");
	expect_decoded("&#xD800; &#xDFFF; &#x110000; &#0; &#x0;", true,
		       "&#xD800; &#xDFFF; &#x110000; &#0; &#x0;");
	expect_decoded("&#99999999999999999999; &#x; &#; &#12a; &#xZZ;", true,
		       "&#99999999999999999999; &#x; &#; &#12a; &#xZZ;");
	/* a reference to a placeholder code point is not a placeholder */
	expect_decoded("&#x100000; &#1048576;", true, "&#x100000; &#1048576;");
}

Test(wire, drops_other_tags_but_keeps_their_text)
{
	expect_decoded("<span class=\"notranslate\">Hola</span> <b>mundo</b><br/><br>!", true,
		       "Hola mundo!");
	expect_decoded("a<!-- note -->b<?xml version=\"1.0\"?>c<!DOCTYPE html>d", true, "abcd");
	expect_decoded("<p>uno</p>", true, "uno");
}

Test(wire, keeps_other_tags_as_text_without_escaping)
{
	char want[128];

	snprintf(want, sizeof(want), "<b>bold</b> %s", ph(0));
	expect_decoded("<b>bold</b> <x id=\"1\"/>", false, want);
}

Test(wire, drops_x_tags_with_bad_ids)
{
	char want[128];

	expect_decoded("a<x id=\"0\"/>b<x id=\"4097\"/>c<x id=\"-1\"/>d<x id=\"1a\"/>e", true,
		       "abcde");
	expect_decoded("a<x/>b<x id=\"\"/>c<x id=\"99999999999999999999\"/>d</x>e", true, "abcde");
	snprintf(want, sizeof(want), "a%sb", ph(4095));
	expect_decoded("a<x id=\"4096\"/>b", true, want);
	snprintf(want, sizeof(want), "a%sb", ph(6));
	expect_decoded("a<x id=\"007\"/>b", true, want);
}

Test(wire, keeps_broken_tags_as_text)
{
	expect_decoded("a <x id=\"1\"", true, "a <x id=\"1\"");
	expect_decoded("a < b and c > d", true, "a < b and c > d");
	expect_decoded("<", true, "<");
	expect_decoded("x <x id=\"1 />", true, "x <x id=\"1 />");
	expect_decoded("<1> <> </> < x>", true, "<1> <> </> < x>");
	expect_decoded("</x id=\"1\">", true, "</x id=\"1\">");
}

Test(wire, never_lets_raw_placeholders_nul_or_broken_utf8_through)
{
	const char raw[] = "a\xF4\x80\x80\x80"
			   "b\0c\xFF"
			   "d\xE4\xB8"
			   "e\xED\xA0\x80";
	char *got = decode_n(raw, sizeof(raw) - 1, true);

	cr_expect_str_eq(got, "a\xEF\xBF\xBD"
			      "b\xEF\xBF\xBD"
			      "c\xEF\xBF\xBD"
			      "d\xEF\xBF\xBD"
			      "e\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	cr_expect(valid_utf8_without_nul(got, strlen(got)));
	free(got);
}

Test(wire, treats_an_overlong_tag_as_text)
{
	struct hx_buf in = HX_BUF_INIT(0);
	char *got;

	hx_buf_adds(&in, "<x id=\"1\"");
	for (int i = 0; i < 300; i++)
		hx_buf_adds(&in, " ");
	hx_buf_adds(&in, "/>");
	got = decode(hx_buf_str(&in), true);
	cr_expect_str_eq(got, hx_buf_str(&in));
	free(got);
	hx_buf_release(&in);
}

Test(wire, survives_a_megabyte_of_unterminated_tags, .timeout = 10)
{
	size_t len = 1 << 20;
	char *in = malloc(len);
	char *got;

	for (size_t i = 0; i < len; i++)
		in[i] = "<a b=\"&#"[i % 8];
	got = decode_n(in, len, true);
	cr_expect_eq(strlen(got), len);
	free(got);
	free(in);
}

Test(wire, decodes_random_bytes_into_valid_utf8)
{
	uint64_t state = 0x9E3779B97F4A7C15u;
	const char alphabet[] = "<>&#;x=\"'/ idX0123456789abcdef\xF4\x80\xC3\xA9\xFF";

	for (int round = 0; round < 2000; round++) {
		char in[64];
		char *got;

		for (size_t i = 0; i < sizeof(in); i++) {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			in[i] = alphabet[state % (sizeof(alphabet) - 1)];
		}
		got = decode_n(in, sizeof(in), round % 2 == 0);
		cr_assert(valid_utf8_without_nul(got, strlen(got)), "round %d", round);
		free(got);
	}
}

/* The end mark of span n as UTF-8. */
#define END(n) "\xF4\x81\x80" n

Test(wire, sends_the_words_of_an_enclosing_span_inside_g)
{
	struct hx_buf b = HX_BUF_INIT(0);
	char *wire;

	hx_placeholder_add(&b, 0);
	hx_buf_adds(&b, "The ");
	hx_placeholder_add(&b, 1);
	hx_buf_adds(&b, "General Assembly");
	hx_placeholder_end_add(&b, 1);
	hx_buf_adds(&b, " met & voted.");
	wire = encode(b.data, b.len, true);
	cr_expect_str_eq(wire, "<x id=\"1\"/>The <g id=\"2\">General Assembly</g> met &amp; voted.");
	free(wire);
	hx_buf_release(&b);
}

Test(wire, reads_g_back_as_placeholder_and_end_mark)
{
	char want[128];

	snprintf(want, sizeof(want), "La %sAsamblea General" END("\x81") " votó.", ph(1));
	expect_decoded("La <g id=\"2\">Asamblea General</g> votó.", true, want);
	expect_decoded("La <g id=\"2\">Asamblea General</g> votó.", false, want);
	/* nested: each </g> closes the innermost */
	snprintf(want, sizeof(want), "%sa %sb" END("\x82") " c" END("\x80"), ph(0), ph(2));
	expect_decoded("<g id=\"1\">a <g id=\"3\">b</g> c</g>", true, want);
	/* a </g> that opened nothing, and a <g> with a bad id with its </g>, are dropped */
	expect_decoded("x</g> <g id=\"zz\">y</g>", true, "x y");
	/* end marks typed into an answer are not ours: U+FFFD */
	expect_decoded("a " END("\x80") " b", true, "a \xEF\xBF\xBD b");
}

Test(wire, survives_deeply_nested_g)
{
	struct hx_buf b = HX_BUF_INIT(0);
	char *got;

	for (int i = 0; i < 200; i++)
		hx_buf_adds(&b, "<g id=\"1\">");
	hx_buf_adds(&b, "w");
	for (int i = 0; i < 200; i++)
		hx_buf_adds(&b, "</g>");
	got = decode_n(b.data, b.len, true);
	cr_expect(strstr(got, "w") != NULL);
	free(got);
	hx_buf_release(&b);
}
