/*
 * UN document symbols: A/79/968, E/CN.17/2003/2, A/RES/67/290, S/RES/2273 (2016),
 * ST/SGB/2024/1, A/48/L.21/Rev.1. The same in every language; never translated.
 */
#include <string.h>

#include "symbol.h"

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_upper(c) || is_digit(c) || (c >= 'a' && c <= 'z');
}

/* "CN.17", "Rev.1", "RES", "2003", "L.21", "WG.6": returns its length, sets *digits. */
static size_t component(const char *s, size_t len, bool *digits)
{
	size_t i = 0;

	*digits = false;
	if (i < len && is_upper(s[i])) {
		while (i < len && i < 16 && (is_upper(s[i]) || (s[i] >= 'a' && s[i] <= 'z')))
			i++;
	} else if (i < len && is_digit(s[i])) {
		while (i < len && is_digit(s[i]))
			i++;
		*digits = true;
	} else {
		return 0;
	}
	/* dotted numbers: CN.17, Rev.1, 145.25 */
	while (i + 1 < len && s[i] == '.' && is_digit(s[i + 1])) {
		i++;
		while (i < len && is_digit(s[i]))
			i++;
		*digits = true;
	}
	return i;
}

/* " (2016)" or " (III)" after a resolution symbol. */
static size_t year_suffix(const char *s, size_t len)
{
	size_t i = 0, n = 0;

	if (len < 4 || s[0] != ' ' || s[1] != '(')
		return 0;
	i = 2;
	while (i < len && (is_digit(s[i]) || strchr("IVXL", s[i]) != NULL) && s[i])
		i++, n++;
	if (n == 0 || n > 5 || i >= len || s[i] != ')')
		return 0;
	return i + 1;
}

size_t hx_symbol_match(const char *s, size_t len)
{
	size_t i = 0, parts = 1, series_len;
	bool any_digits = false, last_digits = false, res = false;

	while (i < len && i < 8 && is_upper(s[i]))
		i++;
	series_len = i;
	if (series_len == 0 || i >= len || s[i] != '/')
		return 0;
	while (i + 1 < len && s[i] == '/') {
		bool digits;
		size_t n = component(s + i + 1, len - i - 1, &digits);

		if (n == 0)
			break;
		if (n == 3 && memcmp(s + i + 1, "RES", 3) == 0)
			res = true;
		i += 1 + n;
		parts++;
		any_digits |= digits;
		last_digits = digits;
	}
	if (!any_digits || parts < 2)
		return 0;
	/* two parts only for the old numbering of the main organs: S/19085, A/1234 */
	if (parts == 2 && !(series_len == 1 && strchr("AES", s[0]) && last_digits && i >= 5))
		return 0;
	if (i < len && (is_alnum(s[i]) || s[i] == '/'))
		return 0;
	if (res)
		i += year_suffix(s + i, len - i);
	return i;
}

bool hx_symbol_is_whole(const char *s, size_t len)
{
	size_t n;

	while (len && (s[0] == ' ' || s[0] == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len && s[len - 1] == '*')
		len--;
	n = hx_symbol_match(s, len);
	return n && n == len;
}
