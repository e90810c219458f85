/*
 * Target-language typography on a segment's translation, before restore: French
 * no-break spaces and « », Chinese full-width punctuation, Russian « », Arabic ، ؛ ؟,
 * and no doubled spaces in any language.
 */
#ifndef HX_TYPOGRAPHY_H
#define HX_TYPOGRAPHY_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "lang.h"
#include "segment.h"

/*
 * Appends text (a translation of seg into lang: UTF-8 with seg's placeholder
 * code points) to out with lang's typography applied. Placeholders and end
 * marks are copied unchanged and in order; the spans of seg say what each
 * stands for (a URL is never glued to a full-width mark, a number's digits
 * keep "10:30" and "2,400" whole). seg may be NULL: every placeholder is then
 * taken for a URL, the most cautious reading. Broken UTF-8 becomes U+FFFD.
 * Returns HX_E_LIMIT, out unchanged, past out's cap.
 */
enum hx_err hx_typography_apply(const struct hx_segment *seg, enum hx_lang lang, const char *text,
				size_t len, struct hx_buf *out);

#endif
