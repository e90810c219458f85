/*
 * Inside the decode stage: what the bytes say about themselves (magic numbers,
 * BOMs, the zero bytes of UTF-16, UTF-8 validity) and uchardet for the rest.
 */
#ifndef HX_DECODE_DETECT_H
#define HX_DECODE_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* A code point that hx_dec_utf8_next could not decode. */
#define HX_DEC_UTF8_BAD 0xFFFFFFFFu

/*
 * Decodes the UTF-8 sequence at s (n > 0 bytes left): returns its length and
 * sets *cp. If it is ill-formed (overlong, surrogate, past U+10FFFF, cut
 * short), returns the length of its maximal subpart (at least 1, the unit
 * Unicode recommends replacing with one U+FFFD) and sets *cp to HX_DEC_UTF8_BAD.
 */
size_t hx_dec_utf8_next(const unsigned char *s, size_t n, unsigned *cp);

/*
 * Returns a borrowed static description of the binary format whose magic number
 * starts in ("a PDF file"), or NULL; *hint gets a borrowed static next step.
 */
const char *hx_dec_find_magic(const unsigned char *in, size_t len, const char **hint);

/*
 * The encoding detected for in: a borrowed static name (or one in name_buf),
 * usable with iconv. Fails with HX_E_FORMAT for NUL bytes that are not UTF-16
 * and HX_E_DECODE when nothing fits; with lossy, undetectable input is UTF-8.
 */
struct hx_dec_guess {
	const char *encoding;
	char name_buf[48];
};

enum hx_err hx_dec_detect(const char *name, const unsigned char *in, size_t len, bool lossy,
			  struct hx_dec_guess *guess, struct hx_diag *diag);

/* The 1-based line of byte offset off in ASCII-compatible text (LF, CRLF or CR ends lines). */
size_t hx_dec_line_at(const unsigned char *s, size_t off);

#endif
