/* convert stage (placeholder). */
#include "stage.h"

static enum hx_err convert_process(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	(void)ctx;
	hx_doc_take_markdown(doc, hx_xstrndup(doc->text, doc->text_len), doc->text_len);
	return HX_OK;
}

const struct hx_stage hx_stage_convert = {
	.name = "convert",
	.summary = "clean up PDF text, converter Markdown or HTML into CommonMark and metadata",
	.process = convert_process,
};
