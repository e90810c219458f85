/*
 * The normaliser: what makes "General  Assembly", "GENERAL ASSEMBLY" and
 * "general assembly" one key, and remembers where each code point came from.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "mem.h"
#include "terms_int.h"

#define IGNORED   0xFFFFFFFFu
#define CHUNK_MAX 32 /* code points normalised together (a base and its marks) */

/* What ICU says of each BMP code point, asked once: the matcher's inner loop reads tables. */
#define F_STABLE   1u /* NFC quick check yes */
#define F_BOUNDARY 2u /* an NFC boundary before it */
#define F_WORD     4u
#define F_UNSPACED 8u

struct norm_tables {
	uint32_t map[0x10000];
	uint8_t flags[0x10000];
};

static struct norm_tables *tables;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

struct norm_state {
	const struct norm_tables *t;
	struct gl_norm *nm;
	bool offsets;
	bool space; /* a whitespace run is pending */
	uint32_t space_start, space_end;
};

static const UNormalizer2 *nfc(void)
{
	static const UNormalizer2 *n;
	UErrorCode e = U_ZERO_ERROR;

	if (!n)
		n = unorm2_getNFCInstance(&e);
	return U_SUCCESS(e) ? n : NULL;
}

uint32_t gl_next_cp(const char *s, size_t len, size_t *i)
{
	UChar32 c;
	int32_t at = 0, n = len - *i > INT32_MAX ? INT32_MAX : (int32_t)(len - *i);

	U8_NEXT((const uint8_t *)s + *i, at, n, c);
	*i += (size_t)at;
	return c < 0 ? 0xFFFD : (uint32_t)c;
}

bool gl_valid_utf8(const char *s, size_t len, size_t *bad)
{
	for (size_t i = 0; i < len;) {
		UChar32 c;
		int32_t at = 0, n = len - i > INT32_MAX ? INT32_MAX : (int32_t)(len - i);

		U8_NEXT((const uint8_t *)s + i, at, n, c);
		if (c < 0) {
			*bad = i;
			return false;
		}
		i += (size_t)at;
	}
	return true;
}

static bool unspaced_slow(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x31FF) ||
	       (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

bool gl_is_arabic_letter(uint32_t cp)
{
	return (cp >= 0x0620 && cp <= 0x064A) || (cp >= 0x066E && cp <= 0x06D3);
}

static bool word_slow(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	if (unspaced_slow(cp) || cp >= 0xF0000 || (cp >= 0xE000 && cp <= 0xF8FF))
		return false; /* placeholders live in the private-use planes */
	return (U_MASK(u_charType((UChar32)cp)) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

/* What cp becomes in a key: itself folded, a unified variant, ' ' for space, or IGNORED. */
static uint32_t map_slow(uint32_t c)
{
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return c + 32;
		return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ? ' ' : c;
	}
	if (c == 0x0640 || (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x00AD ||
	    (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF)
		return IGNORED; /* tatweel, harakat, soft hyphen, zero-width characters */
	if (c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0xFF07)
		return '\'';
	if (c == 0x2010 || c == 0x2011)
		return '-';
	if (c >= 0xFF01 && c <= 0xFF5E)
		return map_slow(c - 0xFEE0); /* full-width ASCII: （，） as (,) */
	if (c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671)
		return 0x0627; /* alef with hamza or madda as bare alef */
	if (u_isUWhiteSpace((UChar32)c))
		return ' ';
	return (uint32_t)u_foldCase((UChar32)c, U_FOLD_CASE_DEFAULT);
}

static bool boundary_slow(uint32_t c)
{
	const UNormalizer2 *n = nfc();

	return c < 0x300 || !n || unorm2_hasBoundaryBefore(n, (UChar32)c);
}

static bool stable_slow(uint32_t c)
{
	return c < 0x300 || u_getIntPropertyValue((UChar32)c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES;
}

static void build_tables(void)
{
	struct norm_tables *t = hx_xmalloc(sizeof(*t));

	for (uint32_t c = 0; c < 0x10000; c++) {
		t->map[c] = map_slow(c);
		t->flags[c] = (uint8_t)((stable_slow(c) ? F_STABLE : 0) |
					(boundary_slow(c) ? F_BOUNDARY : 0) |
					(word_slow(c) ? F_WORD : 0) |
					(unspaced_slow(c) ? F_UNSPACED : 0));
	}
	tables = t;
}

static inline const struct norm_tables *get_tables(void)
{
	pthread_once(&tables_once, build_tables);
	return tables;
}

static inline uint32_t map_char(const struct norm_tables *t, uint32_t c)
{
	return c < 0x10000 ? t->map[c] : map_slow(c);
}

static inline bool boundary_before(const struct norm_tables *t, uint32_t c)
{
	return c < 0x10000 ? t->flags[c] & F_BOUNDARY : boundary_slow(c);
}

static inline bool nfc_stable(const struct norm_tables *t, uint32_t c)
{
	return c < 0x10000 ? t->flags[c] & F_STABLE : stable_slow(c);
}

static inline bool unspaced(const struct norm_tables *t, uint32_t c)
{
	return c < 0x10000 ? t->flags[c] & F_UNSPACED : unspaced_slow(c);
}

bool gl_is_word(uint32_t cp)
{
	return cp < 0x10000 ? get_tables()->flags[cp] & F_WORD : word_slow(cp);
}

bool gl_is_unspaced(uint32_t cp)
{
	return cp < 0x10000 ? get_tables()->flags[cp] & F_UNSPACED : unspaced_slow(cp);
}

static void push(struct gl_norm *nm, bool offsets, uint32_t cp, uint32_t start, uint32_t end)
{
	if (nm->n == nm->alloc) {
		nm->alloc = nm->alloc ? nm->alloc * 2 : 256;
		nm->cp = hx_xreallocarray(nm->cp, nm->alloc, sizeof(*nm->cp));
		if (offsets) {
			nm->start = hx_xreallocarray(nm->start, nm->alloc, sizeof(*nm->start));
			nm->end = hx_xreallocarray(nm->end, nm->alloc, sizeof(*nm->end));
		}
	}
	nm->cp[nm->n] = cp;
	if (offsets) {
		nm->start[nm->n] = start;
		nm->end[nm->n] = end;
	}
	nm->n++;
}

static void emit(struct norm_state *st, uint32_t c, size_t start, size_t end)
{
	struct gl_norm *nm = st->nm;

	c = map_char(st->t, c);
	if (c == IGNORED)
		return;
	if (c == ' ') {
		if (!st->space)
			st->space_start = (uint32_t)start;
		st->space = true;
		st->space_end = (uint32_t)end;
		return;
	}
	/* one space for a run, none at the ends or next to Han (pdftotext spaces) */
	if (st->space && nm->n && !unspaced(st->t, nm->cp[nm->n - 1]) && !unspaced(st->t, c))
		push(nm, st->offsets, ' ', st->space_start, st->space_end);
	st->space = false;
	push(nm, st->offsets, c, (uint32_t)start, (uint32_t)end);
}

/* A base and its combining marks, s[start, end): composed, each result mapped to the chunk. */
static void emit_chunk(struct norm_state *st, const char *s, size_t start, size_t end)
{
	UChar src[2 * CHUNK_MAX + 2], dst[4 * CHUNK_MAX];
	int32_t n = 0, m;
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nf = nfc();

	for (size_t i = start; i < end;) {
		UBool bad = false;
		UChar32 c = (UChar32)gl_next_cp(s, end, &i); /* U16_APPEND evaluates it twice */

		U16_APPEND((UChar *)src, n, (int32_t)(sizeof(src) / sizeof(src[0])), c, bad);
		if (bad)
			break;
	}
	m = nf ? unorm2_normalize(nf, src, n, dst, (int32_t)(sizeof(dst) / sizeof(dst[0])), &e) : 0;
	if (!nf || U_FAILURE(e)) {
		for (size_t i = start; i < end;) {
			size_t at = i;

			emit(st, gl_next_cp(s, end, &i), at, i);
		}
		return;
	}
	for (int32_t k = 0; k < m;) {
		UChar32 c;

		U16_NEXT(dst, k, m, c);
		emit(st, (uint32_t)c, start, end);
	}
}

void gl_normalize(const char *s, size_t len, bool offsets, struct gl_norm *nm)
{
	struct norm_state st = {get_tables(), nm, offsets, false, 0, 0};
	size_t i = 0;

	nm->n = 0;
	if (offsets && nm->alloc && !nm->start) {
		nm->start = hx_xreallocarray(NULL, nm->alloc, sizeof(*nm->start));
		nm->end = hx_xreallocarray(NULL, nm->alloc, sizeof(*nm->end));
	}
	while (i < len) {
		size_t at = i, end;
		uint32_t c = gl_next_cp(s, len, &i);
		int marks = 0;

		/* the common case: the next byte starts a code point below U+0300 */
		if (c < 0x300 && (i >= len || (uint8_t)s[i] < 0xCC)) {
			emit(&st, c, at, i);
			continue;
		}
		for (end = i; end < len && marks < CHUNK_MAX; marks++) {
			size_t j = end;

			if (boundary_before(st.t, gl_next_cp(s, len, &j)))
				break;
			end = j;
		}
		if (end == i && nfc_stable(st.t, c))
			emit(&st, c, at, i);
		else
			emit_chunk(&st, s, at, end);
		i = end;
	}
}

void gl_norm_release(struct gl_norm *nm)
{
	free(nm->cp);
	free(nm->start);
	free(nm->end);
	memset(nm, 0, sizeof(*nm));
}
