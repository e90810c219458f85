/*
 * translate stage: every segment of the document into every target language,
 * through the engine configured for the pair (or a pivot language), each text
 * sent once. A segment that cannot be translated keeps its source and says why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "mem.h"
#include "translate_impl.h"

struct translate_state {
	struct hx_mt_engine engines[HX_MAX_ENGINES];
	size_t nengines;
	bool ready;
};

static void engine_release(struct hx_mt_engine *e)
{
	if (e->api_key)
		memset(e->api_key, 0, strlen(e->api_key));
	free(e->api_key);
	free(e->probe_error);
	hx_transport_free(e->transport);
	memset(e, 0, sizeof(*e));
}

static enum hx_err engine_setup(struct hx_mt_engine *e, const struct hx_engine_config *cfg,
				struct hx_diag *diag)
{
	struct hx_transport_opts o;
	enum hx_err err;

	e->cfg = cfg;
	e->ops = hx_engine_find(cfg->type);
	if (!e->ops)
		return hx_fail(diag, HX_E_CONFIG,
			       "engine '%s' has an unknown type '%s'; use apertium, libretranslate, "
			       "deepl, openai or none",
			       cfg->name, cfg->type);
	err = hx_config_api_key(cfg, &e->api_key, diag);
	if (err)
		return err;
	e->settings.endpoint = cfg->endpoint ? cfg->endpoint : hx_config_default_endpoint(cfg->type);
	e->settings.api_key = e->api_key;
	e->settings.model = cfg->model;
	e->settings.glossary = cfg->glossary_id;
	if (!strcmp(e->ops->name, "none"))
		return HX_OK;
	if (!e->settings.endpoint)
		return hx_fail(diag, HX_E_CONFIG, "engine '%s' has no endpoint", cfg->name);
	hx_transport_opts_init(&o);
	o.max_in_flight = cfg->concurrency;
	o.timeout_ms = cfg->timeout_ms;
	o.deadline_ms = cfg->deadline_ms;
	o.max_retries = cfg->retries;
	o.rate_per_s = cfg->rate;
	e->transport = hx_transport_new(&o, diag);
	return e->transport ? HX_OK : HX_E_INTERNAL;
}

static enum hx_err setup(struct translate_state *st, const struct hx_config *cfg,
			 struct hx_diag *diag)
{
	enum hx_err err = HX_OK;

	st->ready = true;
	for (size_t i = 0; i < cfg->nengines && !err; i++) {
		err = engine_setup(&st->engines[i], &cfg->engines[i], diag);
		st->nengines = i + 1;
	}
	return err;
}

static void translate_uninit(struct hx_stage_ctx *ctx)
{
	struct translate_state *st = ctx->priv;

	for (size_t i = 0; st && i < st->nengines; i++)
		engine_release(&st->engines[i]);
}

/* Whether a text has anything to translate: a letter or ideograph outside the placeholders. */
static bool has_words(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		UChar32 c;
		int32_t at = 0, rest = len - i > 8 ? 8 : (int32_t)(len - i);

		U8_NEXT((const uint8_t *)s + i, at, rest, c);
		i += (size_t)at;
		if (c >= 0 && hx_placeholder_index((uint32_t)c) < 0 && u_isalpha(c))
			return true;
	}
	return false;
}

static int by_text(const void *a, const void *b, void *segs)
{
	const struct hx_segments *sg = segs;

	return strcmp(sg->segs[*(const uint32_t *)a].text, sg->segs[*(const uint32_t *)b].text);
}

/* The work for one target: each distinct text to translate once, and which segments share it. */
struct target_work {
	struct hx_mt_job job;
	uint32_t *order;   /* segments to translate, sorted by text */
	size_t norder;
	size_t *text_of;   /* for each entry of order, its unique text */
	size_t *all;       /* 0..ntexts-1 */
};

static void work_release(struct target_work *w)
{
	for (size_t i = 0; i < w->job.ntexts; i++) {
		free(w->job.result[i]);
		free(w->job.error[i]);
	}
	free(w->job.texts);
	free(w->job.first_seg);
	free(w->job.result);
	free(w->job.error);
	free(w->order);
	free(w->text_of);
	free(w->all);
}

/* A segment whose translation is already there (a glossary name, the translation memory). */
static bool settled(const struct hx_segment *seg, enum hx_lang tgt)
{
	return seg->target[tgt].text && seg->target[tgt].origin != HX_ORIGIN_NONE;
}

/* The segments with words in them and no translation yet, grouped by identical text. */
static void collect(struct target_work *w, const struct hx_segments *segs, enum hx_lang tgt)
{
	struct hx_mt_job *job = &w->job;

	w->order = hx_xreallocarray(NULL, segs->nsegs + 1, sizeof(*w->order));
	for (size_t i = 0; i < segs->nsegs; i++)
		if (!settled(&segs->segs[i], tgt) && has_words(segs->segs[i].text, segs->segs[i].len))
			w->order[w->norder++] = (uint32_t)i;
	qsort_r(w->order, w->norder, sizeof(*w->order), by_text, (void *)segs);
	w->text_of = hx_xreallocarray(NULL, w->norder + 1, sizeof(*w->text_of));
	job->texts = hx_xreallocarray(NULL, w->norder + 1, sizeof(*job->texts));
	job->first_seg = hx_xreallocarray(NULL, w->norder + 1, sizeof(*job->first_seg));
	for (size_t k = 0; k < w->norder; k++) {
		const char *t = segs->segs[w->order[k]].text;

		if (!job->ntexts || strcmp(job->texts[job->ntexts - 1], t)) {
			job->texts[job->ntexts] = (char *)t;
			job->first_seg[job->ntexts++] = w->order[k];
		}
		w->text_of[k] = job->ntexts - 1;
	}
	job->result = hx_xcalloc(job->ntexts + 1, sizeof(*job->result));
	job->error = hx_xcalloc(job->ntexts + 1, sizeof(*job->error));
	w->all = hx_xreallocarray(NULL, job->ntexts + 1, sizeof(*w->all));
	for (size_t i = 0; i < job->ntexts; i++)
		w->all[i] = i;
}

/* src -> pivot -> tgt: the second leg takes what the first gave. */
static enum hx_err pivot(struct target_work *w, enum hx_lang via)
{
	struct hx_mt_job *job = &w->job;
	char **mid = hx_xcalloc(job->ntexts + 1, sizeof(*mid));
	size_t *ok = hx_xreallocarray(NULL, job->ntexts + 1, sizeof(*ok)), nok = 0;
	enum hx_err err = hx_mt_translate(job, job->src, via, job->texts, w->all, job->ntexts);

	for (size_t i = 0; i < job->ntexts && !err; i++) {
		mid[i] = job->result[i];
		job->result[i] = NULL;
		if (mid[i])
			ok[nok++] = i;
	}
	if (!err)
		err = hx_mt_translate(job, via, job->tgt, mid, ok, nok);
	for (size_t i = 0; i < job->ntexts; i++)
		free(mid[i]);
	free(mid);
	free(ok);
	return err;
}

static void set_target(struct hx_segment *seg, enum hx_lang tgt, const char *text,
		       enum hx_origin origin, const char *engine, const char *error, bool pivoted)
{
	struct hx_seg_target *t = &seg->target[tgt];

	free(t->text);
	free(t->engine);
	free(t->error);
	t->text = text ? hx_xstrdup(text) : NULL;
	t->origin = origin;
	t->engine = engine ? hx_xstrdup(engine) : NULL;
	t->error = error ? hx_xstrdup(error) : NULL;
	t->pivoted = pivoted;
}

/* Results into the segments and the counts into the document's target. */
static void assign(struct target_work *w, struct hx_doc *doc, const char *engine, bool pivoted)
{
	struct hx_doc_target *dt = &doc->target[w->job.tgt];
	struct hx_segments *segs = &doc->segs;

	for (size_t i = 0; i < segs->nsegs; i++) {
		if (settled(&segs->segs[i], w->job.tgt)) {
			dt->glossary += segs->segs[i].target[w->job.tgt].origin == HX_ORIGIN_GLOSSARY;
			continue;
		}
		set_target(&segs->segs[i], w->job.tgt, segs->segs[i].text, HX_ORIGIN_COPY, NULL, NULL,
			   false);
	}
	for (size_t k = 0; k < w->norder; k++) {
		size_t t = w->text_of[k];
		struct hx_segment *seg = &segs->segs[w->order[k]];

		if (w->job.result[t]) {
			set_target(seg, w->job.tgt, w->job.result[t], HX_ORIGIN_MT, engine, NULL, pivoted);
			dt->translated++;
		} else {
			set_target(seg, w->job.tgt, NULL, HX_ORIGIN_SOURCE, engine, w->job.error[t],
				   false);
			dt->failed++;
			if (!dt->first_error && w->job.error[t])
				dt->first_error = hx_xstrdup(w->job.error[t]);
		}
	}
	dt->segments = segs->nsegs;
	dt->pivoted = pivoted && dt->translated;
	free(dt->engine);
	dt->engine = engine ? hx_xstrdup(engine) : NULL;
}

/* Nothing can translate this pair: every segment with words keeps its source, with the reason. */
static void fall_back(struct target_work *w, const char *why)
{
	for (size_t i = 0; i < w->job.ntexts; i++)
		w->job.error[i] = hx_xstrdup(why);
}

static struct hx_mt_engine *engine_for(struct translate_state *st, const struct hx_config *cfg,
				       enum hx_lang src, enum hx_lang tgt)
{
	const struct hx_engine_config *ec = hx_config_engine_for(cfg, src, tgt);

	for (size_t i = 0; ec && i < st->nengines; i++)
		if (st->engines[i].cfg == ec)
			return &st->engines[i];
	return NULL;
}

static enum hx_err translate_target(struct translate_state *st, struct hx_stage_ctx *ctx,
				    struct hx_doc *doc, enum hx_lang tgt)
{
	struct target_work w = {0};
	struct hx_mt_engine *e = engine_for(st, ctx->cfg, doc->lang, tgt);
	struct hx_transport_stats before = {0}, after = {0};
	char why[256];
	bool pivoted = false;
	enum hx_err err = HX_OK;

	w.job.src = doc->lang;
	w.job.tgt = tgt;
	w.job.segs = &doc->segs;
	w.job.engine = e;
	w.job.diag = ctx->diag;
	collect(&w, &doc->segs, tgt);
	if (e && e->transport)
		hx_transport_get_stats(e->transport, &before);
	if (!e || !e->transport) {
		snprintf(why, sizeof(why), "%s", !e ? "no MT engine is configured for this pair"
						    : "engine 'none' leaves the source as it is");
		fall_back(&w, why);
	} else if (hx_mt_serves(e, doc->lang, tgt, ctx->diag)) {
		err = hx_mt_translate(&w.job, doc->lang, tgt, w.job.texts, w.all, w.job.ntexts);
	} else if (e->cfg->pivot != HX_LANG_NONE && hx_mt_serves(e, doc->lang, e->cfg->pivot, ctx->diag) &&
		   hx_mt_serves(e, e->cfg->pivot, tgt, ctx->diag)) {
		pivoted = true;
		err = pivot(&w, e->cfg->pivot);
	} else {
		snprintf(why, sizeof(why), "%s serves neither %s->%s nor a pivot for it", e->cfg->name,
			 hx_lang_get(doc->lang)->code, hx_lang_get(tgt)->code);
		fall_back(&w, why);
	}
	if (e && e->transport)
		hx_transport_get_stats(e->transport, &after);
	doc->target[tgt].requests = after.requests - before.requests;
	doc->target[tgt].retries = after.retries - before.retries;
	if (!err)
		assign(&w, doc, e ? e->cfg->name : NULL, pivoted);
	work_release(&w);
	return err;
}

static enum hx_err translate_process(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	struct translate_state *st = ctx->priv;
	enum hx_err err = HX_OK;

	if (!doc->targets)
		return HX_OK;
	if (doc->lang == HX_LANG_NONE)
		return hx_fail(ctx->diag, HX_E_MT,
			       "'%s': the source language is unknown; give it with --from", doc->path);
	if (!st->ready)
		err = setup(st, ctx->cfg, ctx->diag);
	for (int l = 0; l < HX_LANG_COUNT && !err; l++)
		if ((doc->targets & (1u << l)) && l != (int)doc->lang)
			err = translate_target(st, ctx, doc, (enum hx_lang)l);
	return err;
}

const struct hx_stage hx_stage_translate = {
	.name = "translate",
	.summary = "translate every segment into the target languages (MT engines, pivots)",
	.priv_size = sizeof(struct translate_state),
	.process = translate_process,
	.uninit = translate_uninit,
};
