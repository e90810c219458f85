/* Capped growable buffers. */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void hx_buf_init(struct hx_buf *buf, size_t max)
{
	buf->data = NULL;
	buf->len = 0;
	buf->alloc = 0;
	buf->max = max ? max : HX_BUF_DEFAULT_MAX;
}

void hx_buf_release(struct hx_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
	buf->alloc = 0;
}

char *hx_buf_detach(struct hx_buf *buf, size_t *len)
{
	char *p = buf->data;

	if (len)
		*len = buf->len;
	if (!p)
		p = hx_xstrdup("");
	buf->data = NULL;
	buf->len = 0;
	buf->alloc = 0;
	return p;
}

void hx_buf_reset(struct hx_buf *buf)
{
	buf->len = 0;
	if (buf->data)
		buf->data[0] = '\0';
}

enum hx_err hx_buf_grow(struct hx_buf *buf, size_t extra)
{
	size_t need, alloc;

	if (extra > buf->max - buf->len)
		return HX_E_LIMIT;
	need = buf->len + extra + 1;
	if (need <= buf->alloc)
		return HX_OK;
	alloc = buf->alloc ? buf->alloc : 64;
	while (alloc < need)
		alloc = alloc > SIZE_MAX / 2 ? need : alloc * 2;
	buf->data = hx_xrealloc(buf->data, alloc);
	buf->alloc = alloc;
	return HX_OK;
}

enum hx_err hx_buf_add(struct hx_buf *buf, const void *p, size_t n)
{
	enum hx_err err = hx_buf_grow(buf, n);

	if (err)
		return err;
	if (n)
		memcpy(buf->data + buf->len, p, n);
	buf->len += n;
	buf->data[buf->len] = '\0';
	return HX_OK;
}

enum hx_err hx_buf_adds(struct hx_buf *buf, const char *s)
{
	return hx_buf_add(buf, s, strlen(s));
}

enum hx_err hx_buf_vaddf(struct hx_buf *buf, const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	enum hx_err err;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return HX_E_INTERNAL;
	err = hx_buf_grow(buf, (size_t)n);
	if (err)
		return err;
	vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
	buf->len += (size_t)n;
	return HX_OK;
}

enum hx_err hx_buf_addf(struct hx_buf *buf, const char *fmt, ...)
{
	va_list ap;
	enum hx_err err;

	va_start(ap, fmt);
	err = hx_buf_vaddf(buf, fmt, ap);
	va_end(ap);
	return err;
}

enum hx_err hx_buf_add_utf8(struct hx_buf *buf, unsigned cp)
{
	char out[4];
	size_t n;

	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return hx_buf_add(buf, out, n);
}

void hx_buf_truncate(struct hx_buf *buf, size_t len)
{
	if (len >= buf->len)
		return;
	buf->len = len;
	buf->data[len] = '\0';
}

void hx_buf_rtrim(struct hx_buf *buf, const char *set)
{
	while (buf->len && buf->data[buf->len - 1] && strchr(set, buf->data[buf->len - 1]))
		buf->len--;
	if (buf->data)
		buf->data[buf->len] = '\0';
}

char hx_buf_last(const struct hx_buf *buf)
{
	return buf->len ? buf->data[buf->len - 1] : '\0';
}

const char *hx_buf_str(const struct hx_buf *buf)
{
	return buf->data ? buf->data : "";
}
