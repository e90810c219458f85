/*
 * libFuzzer target for the decode stage: any bytes, detected or in a given
 * encoding, lossy or strict, capped or not, must give a clean result or error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "../../stages/decode/decode.h"
#include "../../stages/decode/detect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first byte picks the options, so the fuzzer explores them along with the text. */
static const char *const encodings[] = {
	NULL,          NULL,      NULL,      NULL,           "UTF-8",  "UTF-16LE",
	"UTF-16",      "GB18030", "BIG5",    "WINDOWS-1251", "KOI8-R", "ISO-8859-6",
	"ISO-2022-JP", "UTF-32",  "no-such", "CP932",
};

/* The text is well-formed UTF-8 in NFC (checked on short texts, to keep the fuzzer fast). */
static void check_utf8_nfc(const char *s, size_t n)
{
	UErrorCode status = U_ZERO_ERROR;
	UChar u[4096];
	int32_t ulen;
	unsigned cp;

	for (size_t i = 0; i < n;) {
		i += hx_dec_utf8_next((const unsigned char *)s + i, n - i, &cp);
		if (cp == HX_DEC_UTF8_BAD)
			abort();
	}
	if (n >= sizeof(u) / sizeof(u[0]))
		return;
	u_strFromUTF8(u, (int32_t)(sizeof(u) / sizeof(u[0])), &ulen, s, (int32_t)n, &status);
	if (U_FAILURE(status) ||
	    !unorm2_isNormalized(unorm2_getNFCInstance(&status), u, ulen, &status))
		abort();
}

static void check_result(const struct hx_decode_result *r, const struct hx_decode_opts *opts)
{
	if (!r->text || !r->encoding || r->text[r->len] != '\0' || memchr(r->text, '\r', r->len))
		abort();
	check_utf8_nfc(r->text, r->len);
	if (opts->max_output && r->len > opts->max_output)
		abort();
	if (!opts->lossy && r->replacements)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hx_decode_opts opts = {NULL, false, 0};
	struct hx_decode_result r;
	struct hx_diag diag = {0};
	enum hx_err err;

	if (size < 1)
		return 0;
	opts.encoding = encodings[data[0] & 15];
	opts.lossy = data[0] & 16;
	opts.max_output = data[0] & 32 ? size / 2 + 16 : 0;
	err = hx_decode_bytes("fuzz", data + 1, size - 1, &opts, &r, &diag);
	if (err == HX_OK)
		check_result(&r, &opts);
	else if (r.text || r.encoding || !diag.msg[0] || !strstr(diag.msg, "fuzz"))
		abort(); /* failures leave the result zeroed and name the input */
	hx_decode_result_release(&r);
	hx_diag_release(&diag);
	return 0;
}
