/*
 * The qa stage, after restore: every translated segment of every target
 * language through the checks, the findings kept on the document for
 * <id>.qa.json and the report.
 */
#include <stdlib.h>
#include <string.h>

#include "qa_int.h"
#include "stage.h"
#include "../terms/terms.h"

struct qa_priv {
	struct hx_qa *qa;
	bool tried;
};

/*
 * The checker, once, with the glossaries (for terminology, and as words
 * spelling accepts) the terms stage loaded, or loaded here if it did not.
 */
static enum hx_err qa_load(struct hx_stage_ctx *ctx, struct qa_priv *p, struct hx_diag *diag)
{
	struct hx_qa_opts opts = {0};
	enum hx_err err;

	hx_terms_glossary(ctx, false);
	opts.glossary = ctx->shared->glossary;
	err = hx_qa_new(&opts, &p->qa, diag);
	p->tried = !err;
	return err;
}

/* Opens the dictionaries and stems doc's languages need while MT runs. */
static void qa_warm(struct hx_stage_ctx *ctx, const struct hx_doc *doc)
{
	struct qa_priv *p = ctx->priv;
	struct hx_diag d = {0};

	if (!doc->targets || doc->lang == HX_LANG_NONE)
		return;
	if (!p->tried && qa_load(ctx, p, &d)) {
		hx_diag_release(&d);
		return; /* process tries again, and says why */
	}
	hx_glossary_warm(ctx->shared->glossary, doc->lang);
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		if (!(doc->targets & (1u << l)) || l == (int)doc->lang)
			continue;
		qa_spell_warm(p->qa, (enum hx_lang)l);
		hx_glossary_warm(ctx->shared->glossary, (enum hx_lang)l);
	}
}

/* One segment of one language: its restored texts through hx_qa_check_pair. */
static enum hx_err check_segment(struct qa_priv *p, struct hx_doc *doc, uint32_t i, enum hx_lang l,
				 struct hx_buf *sb, struct hx_buf *tb, struct hx_diag *diag)
{
	const struct hx_segment *seg = &doc->segs.segs[i];
	const struct hx_seg_target *t = &seg->target[l];
	const struct hx_block *b = &doc->segs.blocks[seg->block];
	struct hx_qa_pair pair = {0};
	struct hx_diag d = {0};
	size_t tlen = strlen(t->text);

	hx_buf_reset(sb);
	hx_buf_reset(tb);
	if (hx_segment_restore(seg, seg->text, seg->len, HX_LANG_NONE, sb, &d))
		hx_buf_add(sb, seg->text, seg->len);
	/* a draft whose placeholders are wrong: checked as it came, the placeholder check says why
	 */
	if (hx_segment_restore(seg, t->text, tlen, l, tb, &d))
		hx_buf_add(tb, t->text, tlen);
	hx_diag_release(&d);
	pair.src = hx_buf_str(sb);
	pair.src_len = sb->len;
	pair.src_lang = doc->lang;
	pair.tgt = hx_buf_str(tb);
	pair.tgt_len = tb->len;
	pair.tgt_lang = l;
	pair.seg = seg;
	pair.seg_target = t->text;
	pair.seg_target_len = tlen;
	pair.prefix = b->prefix;
	pair.segno = i;
	pair.anchor = b->anchor;
	/* the source kept where MT failed: untranslated says so; its words are not misspelt */
	if (t->origin == HX_ORIGIN_SOURCE)
		pair.skip = 1u << HX_QA_SPELLING | 1u << HX_QA_LENGTH | 1u << HX_QA_TERMINOLOGY;
	if (t->origin == HX_ORIGIN_GLOSSARY || t->origin == HX_ORIGIN_COPY)
		pair.skip = 1u << HX_QA_UNTRANSLATED | 1u << HX_QA_LENGTH;
	return hx_qa_check_pair(p->qa, &pair, &doc->qa, diag);
}

static enum hx_err qa_process(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	struct qa_priv *p = ctx->priv;
	struct hx_buf sb = HX_BUF_INIT(1 << 20), tb = HX_BUF_INIT(1 << 20);
	enum hx_err err = HX_OK;

	if (!doc->targets || doc->lang == HX_LANG_NONE)
		return HX_OK;
	if (!p->tried && (err = qa_load(ctx, p, ctx->diag)))
		return err;
	for (int l = 0; l < HX_LANG_COUNT && !err; l++) {
		if (!(doc->targets & (1u << l)) || l == (int)doc->lang)
			continue;
		doc->qa.checked |= 1u << l;
		qa_spell_ready(p->qa, (enum hx_lang)l, &doc->qa);
		for (uint32_t i = 0; i < doc->segs.nsegs && !err; i++) {
			const struct hx_segment *seg = &doc->segs.segs[i];

			if (seg->target[l].text)
				err = check_segment(p, doc, i, (enum hx_lang)l, &sb, &tb,
						    ctx->diag);
			else if (seg->target[l].origin == HX_ORIGIN_SOURCE)
				hx_qa_findings_add(&doc->qa, i, doc->segs.blocks[seg->block].anchor,
						   (enum hx_lang)l, HX_QA_UNTRANSLATED, HX_QA_ERROR,
						   NULL, "left in the source language: %s",
						   seg->target[l].error ? seg->target[l].error
									: "no translation");
		}
	}
	if (!err && !doc->qa.consistency_done)
		err = hx_qa_consistency(&doc, 1, ctx->diag);
	hx_buf_release(&sb);
	hx_buf_release(&tb);
	return err;
}

static void qa_uninit(struct hx_stage_ctx *ctx)
{
	struct qa_priv *p = ctx->priv;

	hx_qa_free(p->qa);
	p->qa = NULL;
}

const struct hx_stage hx_stage_qa = {
	.name = "qa",
	.summary = "check the drafts: spelling, placeholders, numbers, symbols, URLs, terms",
	.priv_size = sizeof(struct qa_priv),
	.process = qa_process,
	.uninit = qa_uninit,
	.warm = qa_warm,
};
