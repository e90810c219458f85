/*
 * The last steps of decoding, on well-formed UTF-8: drop the BOM, make every
 * line end LF, and normalise to NFC with ICU, chunk by chunk to bound memory.
 */
#include "normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "detect.h"
#include "mem.h"

/* UTF-8 bytes normalised per ICU call: the UTF-16 copies stay small whatever the input. */
#define NFC_CHUNK ((size_t)64 << 10)

void hx_dec_fix_line_ends(struct hx_buf *text)
{
	char *s = text->data;
	size_t r = 0, w = 0, n = text->len;

	if (!s)
		return;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		r = 3;
	for (; r < n; r++) {
		if (s[r] != '\r') {
			s[w++] = s[r];
			continue;
		}
		s[w++] = '\n';
		if (r + 1 < n && s[r + 1] == '\n')
			r++;
	}
	text->len = w;
	s[w] = '\0';
}

bool hx_dec_is_blank(const char *s, size_t n)
{
	unsigned cp;

	for (size_t i = 0; i < n;) {
		i += hx_dec_utf8_next((const unsigned char *)s + i, n - i, &cp);
		if (cp == HX_DEC_UTF8_BAD)
			return false;
		/* ZWSP and U+FEFF are invisible but not White_Space in Unicode */
		if (!u_isUWhiteSpace((UChar32)cp) && cp != 0x200B && cp != 0xFEFF)
			return false;
	}
	return true;
}

struct nfc_work {
	const char *name;
	struct hx_diag *diag;
	const UNormalizer2 *nfc;
	UChar *src, *dst;
	int32_t src_cap, dst_cap;
	struct hx_buf out; /* started at the first chunk that NFC changes */
	bool changed;
};

static void reserve(UChar **p, int32_t *cap, int32_t need)
{
	if (*cap >= need)
		return;
	*p = hx_xreallocarray(*p, (size_t)need, sizeof(UChar));
	*cap = need;
}

/*
 * Where the chunk from pos ends: NFC_CHUNK bytes on, moved forward to a code
 * point with an NFC boundary before it, so no composition spans two chunks.
 */
static size_t chunk_end(const UNormalizer2 *nfc, const unsigned char *s, size_t n, size_t pos)
{
	size_t end = n - pos > NFC_CHUNK ? pos + NFC_CHUNK : n;
	unsigned cp;
	size_t len;

	while (end < n) {
		len = hx_dec_utf8_next(s + end, n - end, &cp);
		if (cp != HX_DEC_UTF8_BAD && unorm2_hasBoundaryBefore(nfc, (UChar32)cp))
			break;
		end += len;
	}
	return end;
}

static enum hx_err icu_error(struct nfc_work *w, UErrorCode status)
{
	return hx_fail(w->diag, HX_E_INTERNAL, "'%s': ICU cannot normalise the text: %s", w->name,
		       u_errorName(status));
}

static enum hx_err limit_error(struct nfc_work *w)
{
	return hx_fail(w->diag, HX_E_LIMIT,
		       "'%s': the decoded text is larger than the output cap of %zu bytes", w->name,
		       w->out.max);
}

static enum hx_err out_add(struct nfc_work *w, const char *p, size_t n)
{
	return hx_buf_add(&w->out, p, n) ? limit_error(w) : HX_OK;
}

/* Appends the NFC form of the UTF-16 in w->src to w->out. */
static enum hx_err append_normalized(struct nfc_work *w, int32_t ulen)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t nlen, blen;

	nlen = unorm2_normalize(w->nfc, w->src, ulen, w->dst, w->dst_cap, &status);
	if (status == U_BUFFER_OVERFLOW_ERROR) {
		reserve(&w->dst, &w->dst_cap, nlen);
		status = U_ZERO_ERROR;
		nlen = unorm2_normalize(w->nfc, w->src, ulen, w->dst, w->dst_cap, &status);
	}
	if (U_FAILURE(status))
		return icu_error(w, status);
	u_strToUTF8(NULL, 0, &blen, w->dst, nlen, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		return icu_error(w, status);
	if (hx_buf_grow(&w->out, (size_t)blen))
		return limit_error(w);
	status = U_ZERO_ERROR;
	u_strToUTF8(w->out.data + w->out.len, blen, &blen, w->dst, nlen, &status);
	if (U_FAILURE(status))
		return icu_error(w, status);
	w->out.len += (size_t)blen;
	w->out.data[w->out.len] = '\0';
	return HX_OK;
}

static enum hx_err nfc_chunk(struct nfc_work *w, const struct hx_buf *text, size_t pos, size_t end)
{
	UErrorCode status = U_ZERO_ERROR;
	int32_t n, ulen, span;

	/* ICU counts in int32_t; only a pathological run without boundaries gets here */
	if (end - pos > INT32_MAX / 2)
		return hx_fail(w->diag, HX_E_LIMIT, "'%s': %zu bytes without a break for NFC",
			       w->name, end - pos);
	n = (int32_t)(end - pos);
	reserve(&w->src, &w->src_cap, n + 1);
	u_strFromUTF8(w->src, w->src_cap, &ulen, text->data + pos, n, &status);
	if (U_FAILURE(status))
		return icu_error(w, status);
	span = unorm2_spanQuickCheckYes(w->nfc, w->src, ulen, &status);
	if (U_FAILURE(status))
		return icu_error(w, status);
	if (span == ulen)
		return w->changed ? out_add(w, text->data + pos, (size_t)n) : HX_OK;
	if (!w->changed) {
		hx_buf_init(&w->out, text->max);
		w->changed = true;
		if (out_add(w, text->data, pos))
			return HX_E_LIMIT;
	}
	return append_normalized(w, ulen);
}

enum hx_err hx_dec_nfc(const char *name, struct hx_buf *text, struct hx_diag *diag)
{
	UErrorCode status = U_ZERO_ERROR;
	struct nfc_work w = {.name = name, .diag = diag};
	enum hx_err err = HX_OK;
	size_t end;

	w.nfc = unorm2_getNFCInstance(&status);
	if (U_FAILURE(status))
		return icu_error(&w, status);
	for (size_t pos = 0; pos < text->len && !err; pos = end) {
		end = chunk_end(w.nfc, (const unsigned char *)text->data, text->len, pos);
		err = nfc_chunk(&w, text, pos, end);
	}
	free(w.src);
	free(w.dst);
	if (err || !w.changed) {
		hx_buf_release(&w.out);
		return err;
	}
	hx_buf_release(text);
	*text = w.out;
	return HX_OK;
}
