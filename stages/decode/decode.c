/* decode stage (placeholder until the real one lands): UTF-8 only. */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fsio.h"
#include "hash.h"
#include "mem.h"
#include "stage.h"

enum hx_err hx_decode_bytes(const char *name, const unsigned char *in, size_t len,
			    const struct hx_decode_opts *opts, struct hx_decode_result *out,
			    struct hx_diag *diag)
{
	(void)opts;
	memset(out, 0, sizeof(*out));
	if (!len)
		return hx_fail(diag, HX_E_EMPTY, "'%s' is empty", name);
	out->text = hx_xstrndup((const char *)in, len);
	out->len = len;
	out->encoding = hx_xstrdup("UTF-8");
	out->detected = true;
	return HX_OK;
}

void hx_decode_result_release(struct hx_decode_result *r)
{
	free(r->text);
	free(r->encoding);
	memset(r, 0, sizeof(*r));
}

static enum hx_err decode_process(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	struct hx_decode_opts opts = {ctx->cfg->encoding, ctx->cfg->lossy, 0};
	struct hx_decode_result res;
	enum hx_err err;

	if (!doc->raw) {
		struct hx_buf buf;

		hx_buf_init(&buf, ctx->cfg->max_input);
		err = hx_file_read(doc->path, ctx->cfg->max_input, &buf, ctx->diag);
		if (err) {
			hx_buf_release(&buf);
			return err;
		}
		doc->raw = (unsigned char *)hx_buf_detach(&buf, &doc->raw_len);
	}
	hx_sha256_hex(doc->raw, doc->raw_len, doc->meta.input_sha256);
	err = hx_decode_bytes(doc->path, doc->raw, doc->raw_len, &opts, &res, ctx->diag);
	if (err)
		return err;
	hx_doc_take_text(doc, res.text, res.len);
	doc->meta.encoding = res.encoding;
	doc->meta.encoding_detected = res.detected;
	return HX_OK;
}

const struct hx_stage hx_stage_decode = {
	.name = "decode",
	.summary = "detect the encoding, convert to UTF-8, normalise to NFC and LF line ends",
	.process = decode_process,
};
