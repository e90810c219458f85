/*
 * Conversion to UTF-8 with glibc's iconv, into a capped buffer, reporting (or,
 * with --lossy, replacing) each invalid sequence at its byte offset.
 */
#include "transcode.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "detect.h"

#define REPLACEMENT_CHAR "\xEF\xBF\xBD"

bool hx_dec_charset_known(const char *charset)
{
	iconv_t cd = iconv_open("UTF-8", charset);

	if (cd == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

/* Bytes charset takes for s, (size_t)-1 if it cannot encode it. */
static size_t encoded_len(const char *charset, const char *s)
{
	char in[8], out[64], *inp = in, *outp = out;
	size_t inleft = strlen(s), outleft = sizeof(out);
	iconv_t cd = iconv_open(charset, "UTF-8");
	size_t r;

	if (cd == (iconv_t)-1)
		return (size_t)-1;
	memcpy(in, s, inleft);
	r = iconv(cd, &inp, &inleft, &outp, &outleft);
	if (r != (size_t)-1)
		r = iconv(cd, NULL, NULL, &outp, &outleft);
	iconv_close(cd);
	return r == (size_t)-1 ? (size_t)-1 : sizeof(out) - outleft;
}

size_t hx_dec_unit_width(const char *charset)
{
	/* the difference leaves out a BOM that "UTF-16" or "UTF-32" may write */
	size_t one = encoded_len(charset, "A"), two = encoded_len(charset, "AA");

	if (one == (size_t)-1 || two == (size_t)-1 || two <= one || two - one > 4)
		return 1;
	return two - one;
}

static bool is_utf8(const char *charset)
{
	return strcasecmp(charset, "UTF-8") == 0 || strcasecmp(charset, "UTF8") == 0;
}

/*
 * One iconv call into the room left under out's cap. Returns 0 or iconv's
 * errno (E2BIG, EILSEQ, EINVAL), or ENOSPC when the cap stops all progress.
 */
static int convert_some(iconv_t cd, char **inp, size_t *left, struct hx_buf *out)
{
	size_t room = out->max - out->len;
	size_t want = *left < 16384 ? *left * 4 + 16 : 65536;
	size_t outleft, r;
	char *outp;

	if (want > room)
		want = room;
	if (!want || hx_buf_grow(out, want))
		return ENOSPC;
	outp = out->data + out->len;
	outleft = want;
	r = iconv(cd, inp, left, &outp, &outleft);
	out->len = (size_t)(outp - out->data);
	out->data[out->len] = '\0';
	if (r != (size_t)-1)
		return 0;
	if (errno == E2BIG && outleft == want)
		return ENOSPC;
	return errno;
}

/* How many bytes one U+FFFD stands for: Unicode's maximal subpart in UTF-8, else one unit. */
static size_t bad_length(const char *p, size_t left, size_t unit)
{
	unsigned cp;
	size_t n = unit ? unit : hx_dec_utf8_next((const unsigned char *)p, left, &cp);

	return n < left ? n : left;
}

static size_t output_line(const struct hx_buf *out)
{
	return out->data ? hx_dec_line_at((const unsigned char *)out->data, out->len) : 1;
}

static enum hx_err limit_error(const char *name, size_t max, size_t off, struct hx_diag *diag)
{
	return hx_fail(diag, HX_E_LIMIT,
		       "'%s': the decoded text is larger than the output cap of %zu bytes "
		       "(reached at byte %zu of the input)",
		       name, max, off);
}

/* Records or replaces the invalid sequence at *inp; iconv said why in e. */
static enum hx_err handle_invalid(const char *name, const char *charset, int e, size_t off,
				  bool lossy, struct hx_buf *out, struct hx_dec_stats *st,
				  struct hx_diag *diag)
{
	size_t line = output_line(out);

	if (e != EILSEQ && e != EINVAL)
		return hx_fail(diag, HX_E_INTERNAL, "cannot decode '%s' as %s: %s at byte %zu",
			       name, charset, strerror(e), off);
	if (!lossy)
		return hx_fail(
			diag, HX_E_DECODE,
			"cannot decode '%s' as %s: %s sequence at byte %zu (line %zu); give "
			"the right encoding with --encoding, or --lossy to replace bad bytes",
			name, charset, e == EINVAL ? "incomplete" : "invalid", off, line);
	if (hx_buf_add(out, REPLACEMENT_CHAR, 3))
		return limit_error(name, out->max, off, diag);
	if (!st->replacements++) {
		st->first_bad = off;
		st->first_bad_line = line;
	}
	return HX_OK;
}

/* Ends the conversion: stateful charsets (ISO-2022) may still owe output. */
static enum hx_err flush_state(iconv_t cd, const char *name, size_t len, struct hx_buf *out,
			       struct hx_diag *diag)
{
	size_t outleft = 16, r;
	char *outp;

	if (out->max - out->len < outleft || hx_buf_grow(out, outleft))
		outleft = 0;
	outp = out->data ? out->data + out->len : NULL;
	r = iconv(cd, NULL, NULL, outp ? &outp : NULL, &outleft);
	if (outp) {
		out->len = (size_t)(outp - out->data);
		out->data[out->len] = '\0';
	}
	if (r == (size_t)-1 && errno == E2BIG)
		return limit_error(name, out->max, len, diag);
	return HX_OK;
}

enum hx_err hx_dec_transcode(const char *name, const char *charset, const unsigned char *in,
			     size_t len, bool lossy, struct hx_buf *out, struct hx_dec_stats *st,
			     struct hx_diag *diag)
{
	size_t unit = is_utf8(charset) ? 0 : hx_dec_unit_width(charset), left = len, skip;
	char *inp = (char *)in; /* iconv's prototype lacks const; it does not write */
	enum hx_err err = HX_OK;
	iconv_t cd;
	int e;

	memset(st, 0, sizeof(*st));
	cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return hx_fail(diag, HX_E_DECODE,
			       "cannot decode '%s': iconv cannot convert from %s", name, charset);
	while (left && !err) {
		e = convert_some(cd, &inp, &left, out);
		if (e == 0 || e == E2BIG)
			continue;
		if (e == ENOSPC) {
			err = limit_error(name, out->max, (size_t)(inp - (char *)in), diag);
			break;
		}
		err = handle_invalid(name, charset, e, (size_t)(inp - (char *)in), lossy, out, st,
				     diag);
		skip = e == EINVAL ? left : bad_length(inp, left, unit);
		inp += skip;
		left -= skip;
	}
	if (!err)
		err = flush_state(cd, name, len, out, diag);
	iconv_close(cd);
	return err;
}
