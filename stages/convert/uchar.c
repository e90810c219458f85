/* Character classes the cleanup rules need, on top of ICU's properties. */
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "convert.h"

uint32_t hx_cv_next(const char *s, size_t len, size_t *i)
{
	UChar32 c;
	int32_t pos = 0;
	const uint8_t *p = (const uint8_t *)s + *i;
	int32_t n = len - *i > INT32_MAX ? INT32_MAX : (int32_t)(len - *i);

	if (p[0] < 0x80) {
		(*i)++;
		return p[0];
	}
	U8_NEXT(p, pos, n, c);
	*i += (size_t)pos;
	return c < 0 ? 0xFFFD : (uint32_t)c;
}

uint32_t hx_cv_prev(const char *s, size_t end, size_t *start)
{
	size_t i = end;
	size_t from;

	if (end == 0) {
		if (start)
			*start = 0;
		return 0;
	}
	i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && end - i < 4)
		i--;
	from = i;
	if (start)
		*start = from;
	return hx_cv_next(s, end, &from);
}

bool hx_cv_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x3007;
}

bool hx_cv_is_cjk_punct(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x303F && cp != 0x3000 && cp != 0x3007) ||
	       (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	       (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
	       (cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE4F) || cp == 0x201C ||
	       cp == 0x201D || cp == 0x2018 || cp == 0x2019 || cp == 0x2026 || cp == 0x2014 ||
	       cp == 0x00B7;
}

bool hx_cv_is_unspaced(uint32_t cp)
{
	if (cp < 0x2E80)
		return false;
	return hx_cv_is_han(cp) || hx_cv_is_cjk_punct(cp) || (cp >= 0x3040 && cp <= 0x30FF) ||
	       (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xFF10 && cp <= 0xFF19) ||
	       (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

bool hx_cv_is_closing(uint32_t cp)
{
	switch (cp) {
	case ')':
	case ']':
	case '"':
	case '\'':
	case 0x00BB: /* » */
	case 0x2019: /* ’ */
	case 0x201D: /* ” */
	case 0x300B: /* 》 */
	case 0x300D: /* 」 */
	case 0x300F: /* 』 */
	case 0x3011: /* 】 */
	case 0x3009: /* 〉 */
	case 0xFF09: /* ） */
	case 0xFF3D: /* ］ */
		return true;
	}
	return false;
}

bool hx_cv_is_opening(uint32_t cp)
{
	switch (cp) {
	case '(':
	case '[':
	case 0x00AB: /* « */
	case 0x2018:
	case 0x201C:
	case 0x300A: /* 《 */
	case 0x300C:
	case 0x300E:
	case 0x3010:
	case 0x3008:
	case 0xFF08: /* （ */
	case 0xFF3B:
		return true;
	}
	return false;
}

bool hx_cv_is_terminal(uint32_t cp)
{
	switch (cp) {
	case '.':
	case '!':
	case '?':
	case ';':
	case ':':
	case 0x3002: /* 。 */
	case 0xFF01: /* ！ */
	case 0xFF1F: /* ？ */
	case 0xFF1B: /* ； */
	case 0xFF1A: /* ： */
	case 0xFF0E: /* ． */
	case 0x061F: /* ؟ */
	case 0x06D4: /* ۔ */
	case 0x2026: /* … */
		return true;
	}
	return false;
}

bool hx_cv_is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	return u_isalpha((UChar32)cp);
}

bool hx_cv_is_lower(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return u_islower((UChar32)cp);
}

bool hx_cv_is_upper(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	return u_isupper((UChar32)cp);
}

int hx_cv_superscript_digit(uint32_t cp)
{
	switch (cp) {
	case 0x2070:
		return 0;
	case 0x00B9:
		return 1;
	case 0x00B2:
		return 2;
	case 0x00B3:
		return 3;
	}
	if (cp >= 0x2074 && cp <= 0x2079)
		return (int)(cp - 0x2070);
	return -1;
}

unsigned hx_cv_width(const char *s, size_t len)
{
	unsigned w = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int eaw;

		if ((unsigned char)s[i] < 0x80) {
			i++, w++;
			continue;
		}
		cp = hx_cv_next(s, len, &i);
		if (cp < 0x1100) {
			w++;
			continue;
		}
		if (hx_cv_is_han(cp) || (cp >= 0x3000 && cp <= 0x303F) ||
		    (cp >= 0xFF01 && cp <= 0xFF60)) {
			w += 2;
			continue;
		}
		eaw = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
		w += (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) ? 2 : 1;
	}
	return w;
}
