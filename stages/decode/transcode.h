/* Inside the decode stage: iconv from any charset to UTF-8, naming the byte offset of what fails.
 */
#ifndef HX_DECODE_TRANSCODE_H
#define HX_DECODE_TRANSCODE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"

struct hx_dec_stats {
	size_t replacements;   /* invalid sequences replaced with U+FFFD */
	size_t first_bad;      /* byte offset of the first one in the input */
	size_t first_bad_line; /* and its 1-based line */
};

/* Whether iconv can convert from charset to UTF-8. */
bool hx_dec_charset_known(const char *charset);

/* Bytes per code unit of charset: 2 for UTF-16, 4 for UTF-32, 1 for the rest. */
size_t hx_dec_unit_width(const char *charset);

/*
 * Appends len bytes of in, converted from charset to UTF-8, to out (whose cap
 * is the output cap: HX_E_LIMIT past it). An invalid or incomplete sequence
 * fails with HX_E_DECODE naming name, charset, its byte offset and line, or
 * with lossy becomes U+FFFD, counted in *st.
 */
enum hx_err hx_dec_transcode(const char *name, const char *charset, const unsigned char *in,
			     size_t len, bool lossy, struct hx_buf *out, struct hx_dec_stats *st,
			     struct hx_diag *diag);

#endif
