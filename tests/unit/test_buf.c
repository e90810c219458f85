/* Unit tests for the capped buffer. */
#include <criterion/criterion.h>
#include <string.h>

#include "buf.h"

Test(buf, appends_and_stays_nul_terminated)
{
	struct hx_buf b;

	hx_buf_init(&b, 0);
	cr_assert_eq(hx_buf_adds(&b, "abc"), HX_OK);
	cr_assert_eq(hx_buf_addf(&b, "-%d-", 42), HX_OK);
	cr_assert_eq(hx_buf_addc(&b, 'z'), HX_OK);
	cr_assert_str_eq(b.data, "abc-42-z");
	cr_assert_eq(b.len, 8);
	hx_buf_release(&b);
}

Test(buf, refuses_to_grow_past_its_cap)
{
	struct hx_buf b;

	hx_buf_init(&b, 5);
	cr_assert_eq(hx_buf_adds(&b, "12345"), HX_OK);
	cr_assert_eq(hx_buf_adds(&b, "6"), HX_E_LIMIT);
	cr_assert_eq(hx_buf_addf(&b, "%s", "long"), HX_E_LIMIT);
	cr_assert_str_eq(b.data, "12345", "a refused append leaves the buffer unchanged");
	hx_buf_release(&b);
}

Test(buf, encodes_code_points_as_utf8)
{
	struct hx_buf b;

	hx_buf_init(&b, 0);
	hx_buf_add_utf8(&b, 0x41);
	hx_buf_add_utf8(&b, 0xE9);
	hx_buf_add_utf8(&b, 0x4E2D);
	hx_buf_add_utf8(&b, 0x1F600);
	cr_assert_str_eq(b.data, "A\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");
	hx_buf_release(&b);
}

Test(buf, detach_hands_over_an_empty_string_when_unused)
{
	struct hx_buf b;
	size_t len = 99;
	char *s;

	hx_buf_init(&b, 0);
	s = hx_buf_detach(&b, &len);
	cr_assert_str_eq(s, "");
	cr_assert_eq(len, 0);
	free(s);
}

Test(buf, rtrim_removes_only_the_given_bytes)
{
	struct hx_buf b;

	hx_buf_init(&b, 0);
	hx_buf_adds(&b, "text \t \n");
	hx_buf_rtrim(&b, " \t");
	cr_assert_str_eq(b.data, "text \t \n");
	hx_buf_rtrim(&b, " \t\n");
	cr_assert_str_eq(b.data, "text");
	hx_buf_release(&b);
}
