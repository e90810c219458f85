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

static void grow(struct gl_norm *nm, bool offsets)
{
	nm->alloc = nm->alloc ? nm->alloc * 2 : 256;
	nm->cp = hx_xreallocarray(nm->cp, nm->alloc, sizeof(*nm->cp));
	if (offsets || nm->start) { /* kept as long as cp: a later call may want them */
		nm->start = hx_xreallocarray(nm->start, nm->alloc, sizeof(*nm->start));
		nm->end = hx_xreallocarray(nm->end, nm->alloc, sizeof(*nm->end));
	}
}

static inline void push(struct gl_norm *nm, bool offsets, uint32_t cp, uint32_t start, uint32_t end)
{
	if (nm->n == nm->alloc)
		grow(nm, offsets);
	nm->cp[nm->n] = cp;
	if (offsets) {
		nm->start[nm->n] = start;
		nm->end[nm->n] = end;
	}
	nm->n++;
}

static inline void emit(struct norm_state *st, uint32_t c, size_t start, size_t end)
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

/* gl_next_cp() with the valid sequences of one to three bytes decoded inline. */
static inline uint32_t next_cp(const char *s, size_t len, size_t *i)
{
	const uint8_t *p = (const uint8_t *)s + *i;
	size_t left = len - *i;
	uint32_t c;

	if (p[0] < 0x80) {
		*i += 1;
		return p[0];
	}
	if (p[0] >= 0xC2 && p[0] < 0xE0 && left >= 2 && (p[1] & 0xC0) == 0x80) {
		*i += 2;
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	}
	if (p[0] >= 0xE0 && p[0] < 0xF0 && left >= 3 && (p[1] & 0xC0) == 0x80 &&
	    (p[2] & 0xC0) == 0x80) {
		c = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*i += 3;
			return c;
		}
	}
	return gl_next_cp(s, len, i);
}

/* Where the chunk of the base at [at, i) ends: after its combining marks, CHUNK_MAX at most. */
static size_t chunk_end(const struct norm_tables *t, const char *s, size_t len, size_t i)
{
	size_t end = i;

	for (int marks = 0; end < len && marks < CHUNK_MAX; marks++) {
		size_t j = end;

		if (boundary_before(t, gl_next_cp(s, len, &j)))
			break;
		end = j;
	}
	return end;
}

/*
 * emit() for the common case, with the output and the pending space in
 * locals: the state goes back to st only around ICU's chunks.
 */
struct fast_out {
	uint32_t *cp, *start, *end;
	size_t n, alloc;
	bool space;
	uint32_t space_start, space_end;
};

static inline __attribute__((always_inline)) void fast_emit(struct norm_state *st,
							    struct fast_out *o, uint32_t c,
							    size_t start, size_t end, bool offsets)
{
	c = map_char(st->t, c);
	if (c == IGNORED)
		return;
	if (c == ' ') {
		if (!o->space)
			o->space_start = (uint32_t)start;
		o->space = true;
		o->space_end = (uint32_t)end;
		return;
	}
	if (o->n + 2 > o->alloc) { /* rare: grown by push() */
		st->nm->n = o->n;
		grow(st->nm, offsets);
		*o = (struct fast_out){st->nm->cp,    st->nm->start, st->nm->end,    o->n,
				       st->nm->alloc, o->space,      o->space_start, o->space_end};
	}
	/* one space for a run, none at the ends or next to Han (pdftotext spaces) */
	if (o->space && o->n && !unspaced(st->t, o->cp[o->n - 1]) && !unspaced(st->t, c)) {
		o->cp[o->n] = ' ';
		if (offsets) {
			o->start[o->n] = o->space_start;
			o->end[o->n] = o->space_end;
		}
		o->n++;
	}
	o->space = false;
	o->cp[o->n] = c;
	if (offsets) {
		o->start[o->n] = (uint32_t)start;
		o->end[o->n] = (uint32_t)end;
	}
	o->n++;
}

/* A chunk through ICU, with the state handed over to emit() and back. */
static void slow_emit_chunk(struct norm_state *st, struct fast_out *o, const char *s, size_t start,
			    size_t end)
{
	struct gl_norm *nm = st->nm;

	nm->n = o->n;
	st->space = o->space;
	st->space_start = o->space_start;
	st->space_end = o->space_end;
	emit_chunk(st, s, start, end);
	*o = (struct fast_out){nm->cp,    nm->start, nm->end,         nm->n,
			       nm->alloc, st->space, st->space_start, st->space_end};
}

/*
 * Each code point is read once, with the next one in hand: a stable one
 * followed by an NFC boundary needs no normaliser (nearly all text), the
 * rest goes to ICU by chunks. offsets is a constant where this is inlined.
 */
static inline __attribute__((always_inline)) void
normalize_text(struct norm_state *st, const char *s, size_t len, bool offsets)
{
	struct gl_norm *nm = st->nm;
	struct fast_out o = {nm->cp, nm->start, nm->end, 0, nm->alloc, false, 0, 0};
	size_t at = 0, i = 0;
	uint32_t c = len ? next_cp(s, len, &i) : 0;

	st->offsets = offsets;
	while (at < len) {
		size_t after = i;
		uint32_t next = i < len ? next_cp(s, len, &after) : 0;

		if ((i >= len || boundary_before(st->t, next)) && nfc_stable(st->t, c)) {
			fast_emit(st, &o, c, at, i, offsets);
		} else {
			size_t end = chunk_end(st->t, s, len, i);

			slow_emit_chunk(st, &o, s, at, end);
			after = end;
			next = end < len ? next_cp(s, len, &after) : 0;
			i = end;
		}
		at = i;
		i = after;
		c = next;
	}
	nm->n = o.n;
}

void gl_normalize(const char *s, size_t len, bool offsets, struct gl_norm *nm)
{
	struct norm_state st = {get_tables(), nm, offsets, false, 0, 0};

	nm->n = 0;
	if (offsets && nm->alloc && !nm->start) {
		nm->start = hx_xreallocarray(NULL, nm->alloc, sizeof(*nm->start));
		nm->end = hx_xreallocarray(NULL, nm->alloc, sizeof(*nm->end));
	}
	if (offsets)
		normalize_text(&st, s, len, true);
	else
		normalize_text(&st, s, len, false);
}

void gl_norm_release(struct gl_norm *nm)
{
	free(nm->cp);
	free(nm->start);
	free(nm->end);
	memset(nm, 0, sizeof(*nm));
}
