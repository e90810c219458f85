/* Inside the decode stage: BOM, line ends and Unicode NFC (ICU) on well-formed UTF-8. */
#ifndef HX_DECODE_NORMALIZE_H
#define HX_DECODE_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Removes a leading U+FEFF and turns CRLF and lone CR into LF, in place. */
void hx_dec_fix_line_ends(struct hx_buf *text);

/*
 * Normalises the UTF-8 in text to NFC. Leaves text alone when it already is
 * NFC; otherwise replaces its contents, keeping its cap (HX_E_LIMIT past it).
 * HX_E_INTERNAL, with a message, if ICU fails.
 */
enum hx_err hx_dec_nfc(const char *name, struct hx_buf *text, struct hx_diag *diag);

/* Whether the UTF-8 s holds only white space (including NBSP, ZWSP and BOMs). */
bool hx_dec_is_blank(const char *s, size_t n);

#endif
