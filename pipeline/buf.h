/*
 * Growable byte buffers with a hard cap (curl's dynbuf): a runaway input ends
 * in HX_E_LIMIT, never in exhausted memory. The data is always NUL-terminated.
 */
#ifndef HX_BUF_H
#define HX_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define HX_BUF_DEFAULT_MAX ((size_t)256 << 20)

struct hx_buf {
	char *data; /* NUL-terminated once anything was added; NULL before */
	size_t len;
	size_t alloc;
	size_t max; /* len never exceeds max */
};

/* Static initialiser; maxbytes 0 means HX_BUF_DEFAULT_MAX, as for hx_buf_init. */
#define HX_BUF_INIT(maxbytes) {NULL, 0, 0, (maxbytes) ? (size_t)(maxbytes) : HX_BUF_DEFAULT_MAX}

/* Prepares caller-provided storage; max is the cap on len (0: HX_BUF_DEFAULT_MAX). */
void hx_buf_init(struct hx_buf *buf, size_t max);
/* Frees the contents; buf can be used again after hx_buf_init. */
void hx_buf_release(struct hx_buf *buf);
/* Hands the data to the caller ("" if empty); free with free(). Leaves buf empty. */
char *hx_buf_detach(struct hx_buf *buf, size_t *len);
/* Empties buf, keeping its allocation. */
void hx_buf_reset(struct hx_buf *buf);
/* Ensures room for extra more bytes; HX_E_LIMIT past the cap. */
enum hx_err hx_buf_grow(struct hx_buf *buf, size_t extra);

/* Each copies its argument to the end of buf; HX_E_LIMIT past the cap, buf unchanged. */
enum hx_err hx_buf_add(struct hx_buf *buf, const void *p, size_t n);
enum hx_err hx_buf_adds(struct hx_buf *buf, const char *s);
static inline enum hx_err hx_buf_addc(struct hx_buf *buf, char c)
{
	/* the common case inline: room for the byte and the terminating NUL */
	if (buf->len + 1 < buf->alloc) {
		buf->data[buf->len++] = c;
		buf->data[buf->len] = '\0';
		return HX_OK;
	}
	return hx_buf_add(buf, &c, 1);
}
enum hx_err hx_buf_addf(struct hx_buf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
enum hx_err hx_buf_vaddf(struct hx_buf *buf, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Appends code point cp encoded as UTF-8 (cp must be a valid scalar value). */
enum hx_err hx_buf_add_utf8(struct hx_buf *buf, unsigned cp);

/* Shortens buf to len bytes (no-op if already shorter). */
void hx_buf_truncate(struct hx_buf *buf, size_t len);
/* Removes trailing bytes in set (e.g. " \t"). */
void hx_buf_rtrim(struct hx_buf *buf, const char *set);
/* The last byte, or '\0' when empty. */
char hx_buf_last(const struct hx_buf *buf);
/* The contents, or "" when nothing was added yet. Borrowed until the next change. */
const char *hx_buf_str(const struct hx_buf *buf);

#endif
