/*
 * restore stage: each target language's draft as CommonMark, block by block,
 * placeholders back to markup, symbols (with undocs.org links in the target
 * language), URLs, numbers and glossary forms; MT text escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "stage.h"

static enum hx_err restore_process(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		struct hx_doc_target *t = &doc->target[l];
		struct hx_buf md = HX_BUF_INIT(0);
		enum hx_err err;

		if (!(doc->targets & (1u << l)))
			continue;
		if (l == (int)doc->lang)
			err = hx_buf_add(&md, doc->markdown, doc->markdown_len);
		else
			err = hx_segments_write_markdown(&doc->segs, (enum hx_lang)l, &md, ctx->diag);
		if (err) {
			hx_buf_release(&md);
			return hx_fail(ctx->diag, err, "'%s': cannot write the %s draft: %s", doc->path,
				       hx_lang_get(l)->name, hx_diag_message(ctx->diag));
		}
		free(t->markdown);
		t->markdown = hx_buf_detach(&md, &t->markdown_len);
	}
	return HX_OK;
}

const struct hx_stage hx_stage_restore = {
	.name = "restore",
	.summary = "write each draft as CommonMark: placeholders back to markup, symbols, terms",
	.process = restore_process,
};
