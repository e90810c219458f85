/*
 * The decode stage's pure part: bytes in any common encoding to UTF-8 NFC
 * with LF line ends and no BOM. No file I/O here, so tests can call it directly.
 */
#ifndef HX_DECODE_H
#define HX_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/*
 * Detection, in order: a BOM; UTF-16 by the zero bytes of its ASCII characters;
 * UTF-8 when the bytes are valid UTF-8 (pure ASCII is reported as "UTF-8": it
 * is valid UTF-8, and any ASCII-compatible encoding would decode it the same);
 * otherwise uchardet, whose ISO-8859-N answer becomes the Windows code page of
 * the same script when C1 bytes (0x80-0x9F) occur, and whose GB2312 or GBK
 * answer becomes GB18030. A detected BIG5, EUC-KR, SHIFT_JIS or EUC-JP that
 * does not decode is retried as its Windows or HKSCS superset.
 */
struct hx_decode_opts {
	const char *encoding; /* iconv name to use instead of detecting; NULL to detect */
	bool lossy;           /* replace invalid sequences with U+FFFD instead of failing */
	size_t max_output;    /* cap on the decoded text in bytes; 0 for 4x the input + 1 MiB */
};

struct hx_decode_result {
	char *text; /* UTF-8, NFC, '\n' line ends, NUL-terminated; owned */
	size_t len;
	char *encoding;      /* canonical name of the source encoding ("UTF-8", "GB18030"); owned */
	bool detected;       /* true when the encoding was detected rather than given */
	size_t replacements; /* invalid sequences replaced with U+FFFD (lossy only) */
	size_t first_replacement;      /* byte offset in the input of the first one */
	size_t first_replacement_line; /* and its 1-based line */
};

/*
 * Decodes len bytes of in, which came from name (used only in messages).
 * Fails with a message naming name and the byte offset: HX_E_EMPTY for empty
 * (or whitespace-only) input, HX_E_FORMAT for binary data (NUL bytes, PDF, ZIP,
 * PNG... magic), HX_E_DECODE for bytes invalid in the encoding (unless lossy)
 * or an encoding that cannot be detected, HX_E_CONFIG for an opts->encoding
 * unknown to iconv, HX_E_LIMIT past opts->max_output. opts may be NULL.
 * On success fills *out; release it with hx_decode_result_release. On failure
 * *out is zeroed.
 */
enum hx_err hx_decode_bytes(const char *name, const unsigned char *in, size_t len,
			    const struct hx_decode_opts *opts, struct hx_decode_result *out,
			    struct hx_diag *diag);
/* Frees what *r owns and zeroes it. */
void hx_decode_result_release(struct hx_decode_result *r);

#endif
