/*
 * The decode stage's pure part: bytes in any common encoding to UTF-8 NFC
 * with LF line ends and no BOM. No file I/O here, so tests can call it directly.
 */
#ifndef HX_DECODE_H
#define HX_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct hx_decode_opts {
	const char *encoding; /* iconv name to use instead of detecting; NULL to detect */
	bool lossy;           /* replace invalid sequences with U+FFFD instead of failing */
	size_t max_output;    /* cap on the decoded text in bytes; 0 for 4x the input + 1 MiB */
};

struct hx_decode_result {
	char *text; /* UTF-8, NFC, '\n' line ends, NUL-terminated; owned */
	size_t len;
	char *encoding; /* canonical name of the source encoding ("UTF-8", "GB18030"); owned */
	bool detected;  /* true when the encoding was detected rather than given */
	size_t replacements; /* invalid sequences replaced with U+FFFD (lossy only) */
};

/*
 * Decodes len bytes of in, which came from name (used only in messages).
 * Fails with a message naming name and the byte offset: HX_E_EMPTY for empty
 * (or whitespace-only) input, HX_E_FORMAT for binary data (NUL bytes, PDF, ZIP,
 * PNG... magic), HX_E_DECODE for bytes invalid in the encoding (unless lossy).
 * On success fills *out; release it with hx_decode_result_release. On failure
 * *out is zeroed.
 */
enum hx_err hx_decode_bytes(const char *name, const unsigned char *in, size_t len,
			    const struct hx_decode_opts *opts, struct hx_decode_result *out,
			    struct hx_diag *diag);
/* Frees what *r owns and zeroes it. */
void hx_decode_result_release(struct hx_decode_result *r);

#endif
