/* render stage (placeholder until the real one lands). */
#include "stage.h"

static enum hx_err render_process(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	(void)ctx;
	hx_doc_take_html(doc, hx_xstrdup("<!DOCTYPE html>\n"), 16);
	return HX_OK;
}

const struct hx_stage hx_stage_render = {
	.name = "render",
	.summary = "render the CommonMark as a standalone HTML5 page",
	.process = render_process,
};
