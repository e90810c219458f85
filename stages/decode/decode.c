/*
 * The decode stage: refuse what is not text, pick the encoding (given or
 * detected), convert to UTF-8, then strip the BOM, fix line ends and apply NFC.
 */
#include "decode.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "detect.h"
#include "fsio.h"
#include "hash.h"
#include "mem.h"
#include "normalize.h"
#include "stage.h"
#include "transcode.h"

#define MiB ((size_t)1 << 20)

/* The name to report for a given encoding: upper case, common aliases spelt out. */
static char *canonical_name(const char *given)
{
	static const char *const aliases[][2] = {
		{"UTF8", "UTF-8"},          {"UTF16LE", "UTF-16LE"},    {"UTF16BE", "UTF-16BE"},
		{"LATIN1", "ISO-8859-1"},   {"CP936", "GBK"},           {"CP1250", "WINDOWS-1250"},
		{"CP1251", "WINDOWS-1251"}, {"CP1252", "WINDOWS-1252"}, {"CP1256", "WINDOWS-1256"},
	};
	char *up = hx_xstrdup(given);

	for (char *p = up; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		if (strcmp(up, aliases[i][0]) == 0) {
			free(up);
			return hx_xstrdup(aliases[i][1]);
		}
	}
	return up;
}

static enum hx_err choose_encoding(const char *name, const unsigned char *in, size_t len,
				   const struct hx_decode_opts *opts, char **enc,
				   struct hx_diag *diag)
{
	struct hx_dec_guess guess;
	enum hx_err err;

	*enc = NULL;
	if (opts->encoding) {
		/* "//IGNORE" would drop bad bytes silently: --lossy is the way to allow them */
		if (strchr(opts->encoding, '/') || !hx_dec_charset_known(opts->encoding))
			return hx_fail(diag, HX_E_CONFIG,
				       "unknown encoding '%s' for '%s': the name is not known to "
				       "iconv (see 'iconv -l')",
				       opts->encoding, name);
		*enc = canonical_name(opts->encoding);
		return HX_OK;
	}
	err = hx_dec_detect(name, in, len, opts->lossy, &guess, diag);
	if (err)
		return err;
	if (!hx_dec_charset_known(guess.encoding))
		return hx_fail(diag, HX_E_DECODE,
			       "cannot decode '%s': it looks like %s, which iconv cannot convert; "
			       "give the encoding with --encoding",
			       name, guess.encoding);
	*enc = hx_xstrdup(guess.encoding);
	return HX_OK;
}

/* A NUL character (a zero code unit) means binary data whatever the encoding. */
static enum hx_err check_nul_units(const char *name, const unsigned char *in, size_t len,
				   const char *enc, struct hx_diag *diag)
{
	size_t unit = hx_dec_unit_width(enc), i;
	const unsigned char *nul;

	if (unit == 1) {
		nul = memchr(in, 0, len);
		if (!nul)
			return HX_OK;
		i = (size_t)(nul - in);
	} else {
		for (i = 0; i + unit <= len; i += unit)
			if (!memcmp(in + i, "\0\0\0\0", unit))
				break;
		if (i + unit > len)
			return HX_OK;
	}
	return hx_fail(diag, HX_E_FORMAT,
		       "'%s': unsupported format: binary data (a NUL %s at byte %zu); hexaglot "
		       "reads text, Markdown or HTML",
		       name, unit == 1 ? "byte" : "character", i);
}

/* Supersets to try when a detected legacy CJK encoding meets bytes it lacks. */
static const char *const *wider_charsets(const char *enc)
{
	static const char *const wider[][4] = {
		{"BIG5", "CP950", "BIG5-HKSCS", NULL},
		{"EUC-KR", "CP949", NULL},
		{"SHIFT_JIS", "CP932", NULL},
		{"EUC-JP", "EUC-JP-MS", NULL},
	};

	for (size_t i = 0; i < sizeof(wider) / sizeof(wider[0]); i++)
		if (strcasecmp(enc, wider[i][0]) == 0)
			return &wider[i][1];
	return NULL;
}

/*
 * Converts in to UTF-8 as *enc, or as a superset of a detected *enc when only
 * that decodes (then *enc becomes its name). Only the last try may be lossy.
 */
static enum hx_err convert(const char *name, const unsigned char *in, size_t len, bool lossy,
			   bool detected, char **enc, struct hx_buf *text, struct hx_dec_stats *st,
			   struct hx_diag *diag)
{
	const char *const *wider = detected ? wider_charsets(*enc) : NULL;
	const char *charset = *enc;
	struct hx_diag scratch = {0};
	enum hx_err err;

	for (; wider && *wider; charset = *wider++) {
		err = hx_dec_transcode(name, charset, in, len, false, text, st, &scratch);
		if (err != HX_E_DECODE)
			break;
		hx_buf_reset(text);
	}
	if (wider && *wider) { /* stopped early: decoded, or failed for another reason */
		if (err)
			hx_fail(diag, err, "%s", scratch.msg);
	} else {
		err = hx_dec_transcode(name, charset, in, len, lossy, text, st, diag);
	}
	hx_diag_release(&scratch);
	if (err)
		return err;
	if (charset != *enc) {
		free(*enc);
		*enc = hx_xstrdup(charset);
	}
	return HX_OK;
}

static size_t default_max_output(size_t len)
{
	if (len > (SIZE_MAX / 2 - MiB) / 4)
		return SIZE_MAX / 2;
	return 4 * len + MiB;
}

/* Everything after the encoding is known: convert, then normalise. */
static enum hx_err decode_text(const char *name, const unsigned char *in, size_t len,
			       const struct hx_decode_opts *opts, char **enc,
			       struct hx_decode_result *out, struct hx_diag *diag)
{
	struct hx_buf text;
	struct hx_dec_stats st;
	enum hx_err err;

	hx_buf_init(&text, opts->max_output ? opts->max_output : default_max_output(len));
	err = check_nul_units(name, in, len, *enc, diag);
	if (!err)
		err = convert(name, in, len, opts->lossy, !opts->encoding, enc, &text, &st, diag);
	if (!err) {
		hx_dec_fix_line_ends(&text);
		err = hx_dec_nfc(name, &text, diag);
	}
	if (!err && hx_dec_is_blank(hx_buf_str(&text), text.len))
		err = hx_fail(diag, HX_E_EMPTY,
			      "'%s' is empty: its %zu bytes hold only white space", name, len);
	if (err) {
		hx_buf_release(&text);
		return err;
	}
	out->text = hx_buf_detach(&text, &out->len);
	out->replacements = st.replacements;
	out->first_replacement = st.first_bad;
	out->first_replacement_line = st.first_bad_line;
	return HX_OK;
}

enum hx_err hx_decode_bytes(const char *name, const unsigned char *in, size_t len,
			    const struct hx_decode_opts *opts, struct hx_decode_result *out,
			    struct hx_diag *diag)
{
	static const struct hx_decode_opts defaults = {NULL, false, 0};
	const char *kind, *hint;
	char *enc;
	enum hx_err err;

	memset(out, 0, sizeof(*out));
	if (!name)
		name = "input";
	if (!opts)
		opts = &defaults;
	if (!len)
		return hx_fail(diag, HX_E_EMPTY, "'%s' is empty (0 bytes)", name);
	kind = hx_dec_find_magic(in, len, &hint);
	if (kind)
		return hx_fail(diag, HX_E_FORMAT, "'%s': unsupported format: %s (byte 0); %s", name,
			       kind, hint);
	err = choose_encoding(name, in, len, opts, &enc, diag);
	if (!err)
		err = decode_text(name, in, len, opts, &enc, out, diag);
	if (err) {
		free(enc);
		memset(out, 0, sizeof(*out));
		return err;
	}
	out->encoding = enc;
	out->detected = !opts->encoding;
	return HX_OK;
}

void hx_decode_result_release(struct hx_decode_result *r)
{
	free(r->text);
	free(r->encoding);
	memset(r, 0, sizeof(*r));
}

static enum hx_err read_input(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	struct hx_buf buf;
	enum hx_err err;

	hx_buf_init(&buf, ctx->cfg->max_input);
	err = hx_file_read(doc->path, ctx->cfg->max_input, &buf, ctx->diag);
	if (err) {
		hx_buf_release(&buf);
		return err;
	}
	doc->raw = (unsigned char *)hx_buf_detach(&buf, &doc->raw_len);
	return HX_OK;
}

static enum hx_err decode_process(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	struct hx_decode_opts opts = {ctx->cfg->encoding, ctx->cfg->lossy, 0};
	const char *name = strcmp(doc->path, "-") == 0 ? "standard input" : doc->path;
	struct hx_decode_result res;
	enum hx_err err;

	if (!doc->raw) {
		err = read_input(ctx, doc);
		if (err)
			return err;
	}
	hx_sha256_hex(doc->raw, doc->raw_len, doc->meta.input_sha256);
	err = hx_decode_bytes(name, doc->raw, doc->raw_len, &opts, &res, ctx->diag);
	if (err)
		return err;
	hx_doc_take_text(doc, res.text, res.len);
	free(doc->meta.encoding);
	doc->meta.encoding = res.encoding;
	doc->meta.encoding_detected = res.detected;
	doc->meta.lossy_replacements = res.replacements;
	if (res.replacements)
		hx_warn(ctx->diag,
			"'%s': replaced %zu invalid sequence%s in %s with U+FFFD (the first "
			"at byte %zu, line %zu)",
			name, res.replacements, res.replacements == 1 ? "" : "s", res.encoding,
			res.first_replacement, res.first_replacement_line);
	return HX_OK;
}

const struct hx_stage hx_stage_decode = {
	.name = "decode",
	.summary = "detect the encoding, convert to UTF-8, normalise to NFC and LF line ends",
	.process = decode_process,
};
