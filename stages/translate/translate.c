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
#include "tm.h"
#include "translate_impl.h"

struct translate_state {
	struct hx_mt_engine engines[HX_MAX_ENGINES];
	size_t nengines;
	bool ready;
	struct hx_tm *tm; /* the translation memory, when the configuration names one */
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
	e->in_flight = cfg->concurrency        ? cfg->concurrency
		       : e->ops->concurrency ? e->ops->concurrency
					     : 4;
	o.max_in_flight = e->in_flight;
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
	if (st)
		hx_tm_close(st->tm);
}

/* The translation memory opens with the run, so a bad path stops it before any document. */
static enum hx_err translate_init(struct hx_stage_ctx *ctx)
{
	struct translate_state *st = ctx->priv;

	if (!ctx->cfg->tm_path)
		return HX_OK;
	return hx_tm_open(ctx->cfg->tm_path, &st->tm, ctx->diag);
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

/* A segment of a document of the window. */
struct seg_ref {
	uint32_t doc, seg;
};

struct window {
	struct hx_doc *const *docs;
	size_t n;
};

static struct hx_segment *seg_at(const struct window *win, struct seg_ref r)
{
	return &win->docs[r.doc]->segs.segs[r.seg];
}

static int by_text(const void *a, const void *b, void *arg)
{
	const struct window *win = arg;
	const struct seg_ref *x = a, *y = b;
	int c = strcmp(seg_at(win, *x)->text, seg_at(win, *y)->text);

	/* ties in document and segment order, so the first of each text is the earliest */
	if (c)
		return c;
	return x->doc != y->doc ? (x->doc < y->doc ? -1 : 1) : (x->seg < y->seg ? -1 : x->seg > y->seg);
}

/*
 * The work for one language pair across the window: each distinct text
 * translated once, and which segments share it.
 */
struct target_work {
	struct hx_mt_job job;
	const struct window *win;
	struct seg_ref *order; /* segments to translate, sorted by text */
	size_t norder;
	size_t *text_of;       /* for each entry of order, its unique text */
	size_t *all;           /* 0..ntexts-1 */
	enum hx_origin *origin; /* per text: HX_ORIGIN_MT, or where else it came from */
};

static void work_release(struct target_work *w)
{
	for (size_t i = 0; i < w->job.ntexts; i++) {
		free(w->job.result[i]);
		free(w->job.error[i]);
	}
	free(w->job.texts);
	free(w->job.seg_of);
	free(w->job.result);
	free(w->job.error);
	free(w->job.requests);
	free(w->job.retries);
	free(w->order);
	free(w->text_of);
	free(w->all);
	free(w->origin);
}

/* A segment whose translation is already there (a glossary name, the translation memory). */
static bool settled(const struct hx_segment *seg, enum hx_lang tgt)
{
	return seg->target[tgt].text && seg->target[tgt].origin != HX_ORIGIN_NONE;
}

/* Whether doc goes from src into tgt. */
static bool wants(const struct hx_doc *doc, enum hx_lang src, enum hx_lang tgt)
{
	return doc->lang == src && src != tgt && (doc->targets & (1u << tgt));
}

/*
 * The segments with words in them and no translation yet, of every document
 * of the window going from src to tgt, grouped by identical text.
 */
static void collect(struct target_work *w, enum hx_lang src, enum hx_lang tgt)
{
	const struct window *win = w->win;
	struct hx_mt_job *job = &w->job;
	size_t total = 0;

	for (size_t d = 0; d < win->n; d++)
		if (wants(win->docs[d], src, tgt))
			total += win->docs[d]->segs.nsegs;
	w->order = hx_xreallocarray(NULL, total + 1, sizeof(*w->order));
	for (size_t d = 0; d < win->n; d++) {
		const struct hx_segments *segs = &win->docs[d]->segs;

		if (!wants(win->docs[d], src, tgt))
			continue;
		for (size_t i = 0; i < segs->nsegs; i++)
			if (!settled(&segs->segs[i], tgt) &&
			    has_words(segs->segs[i].text, segs->segs[i].len))
				w->order[w->norder++] = (struct seg_ref){(uint32_t)d, (uint32_t)i};
	}
	qsort_r(w->order, w->norder, sizeof(*w->order), by_text, (void *)win);
	w->text_of = hx_xreallocarray(NULL, w->norder + 1, sizeof(*w->text_of));
	job->texts = hx_xreallocarray(NULL, w->norder + 1, sizeof(*job->texts));
	job->seg_of = hx_xreallocarray(NULL, w->norder + 1, sizeof(*job->seg_of));
	for (size_t k = 0; k < w->norder; k++) {
		const struct hx_segment *seg = seg_at(win, w->order[k]);

		if (!job->ntexts || strcmp(job->texts[job->ntexts - 1], seg->text)) {
			job->texts[job->ntexts] = seg->text;
			job->seg_of[job->ntexts++] = seg;
		}
		w->text_of[k] = job->ntexts - 1;
	}
	job->result = hx_xcalloc(job->ntexts + 1, sizeof(*job->result));
	job->error = hx_xcalloc(job->ntexts + 1, sizeof(*job->error));
	job->requests = hx_xcalloc(job->ntexts + 1, sizeof(*job->requests));
	job->retries = hx_xcalloc(job->ntexts + 1, sizeof(*job->retries));
	w->origin = hx_xcalloc(job->ntexts + 1, sizeof(*w->origin));
	w->all = hx_xreallocarray(NULL, job->ntexts + 1, sizeof(*w->all));
	for (size_t i = 0; i < job->ntexts; i++)
		w->all[i] = i;
}

/* src -> pivot -> tgt for the texts in idx: the second leg takes what the first gave. */
static enum hx_err pivot(struct target_work *w, enum hx_lang via, const size_t *idx, size_t n)
{
	struct hx_mt_job *job = &w->job;
	char **mid = hx_xcalloc(job->ntexts + 1, sizeof(*mid));
	size_t *ok = hx_xreallocarray(NULL, job->ntexts + 1, sizeof(*ok)), nok = 0;
	enum hx_err err = hx_mt_translate(job, job->src, via, job->texts, idx, n);

	for (size_t k = 0; k < n && !err; k++) {
		size_t i = idx[k];

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

/* Results into the segments and the counts into each document's target; sent: MT was asked. */
static void assign(struct target_work *w, const char *engine, bool pivoted, bool sent)
{
	const struct window *win = w->win;
	enum hx_lang src = w->job.src, tgt = w->job.tgt;
	bool *claimed = hx_xcalloc(w->job.ntexts + 1, sizeof(*claimed));

	for (size_t d = 0; d < win->n; d++) {
		struct hx_doc *doc = win->docs[d];
		struct hx_doc_target *dt = &doc->target[tgt];

		if (!wants(doc, src, tgt))
			continue;
		for (size_t i = 0; i < doc->segs.nsegs; i++) {
			struct hx_segment *seg = &doc->segs.segs[i];

			if (settled(seg, tgt)) {
				dt->glossary += seg->target[tgt].origin == HX_ORIGIN_GLOSSARY;
				continue;
			}
			set_target(seg, tgt, seg->text, HX_ORIGIN_COPY, NULL, NULL, false);
		}
		dt->segments = doc->segs.nsegs;
		free(dt->engine);
		dt->engine = engine ? hx_xstrdup(engine) : NULL;
	}
	for (size_t k = 0; k < w->norder; k++) {
		size_t t = w->text_of[k];
		struct hx_doc *doc = win->docs[w->order[k].doc];
		struct hx_doc_target *dt = &doc->target[tgt];
		struct hx_segment *seg = seg_at(win, w->order[k]);

		if (w->job.result[t] && w->origin[t] != HX_ORIGIN_MT) {
			set_target(seg, tgt, w->job.result[t], w->origin[t], NULL, NULL, false);
			dt->from_tm++;
		} else if (w->job.result[t]) {
			set_target(seg, tgt, w->job.result[t], HX_ORIGIN_MT, engine, NULL, pivoted);
			dt->translated++;
			dt->pivoted |= pivoted;
		} else {
			set_target(seg, tgt, NULL, HX_ORIGIN_SOURCE, engine, w->job.error[t], false);
			dt->failed++;
			if (!dt->first_error && w->job.error[t])
				dt->first_error = hx_xstrdup(w->job.error[t]);
		}
		/* the first segment of each text sent to MT carries its share of the requests */
		if (sent && !claimed[t] && w->origin[t] == HX_ORIGIN_MT) {
			claimed[t] = true;
			dt->mt_texts++;
			dt->requests_share += w->job.requests[t];
			dt->retries_share += w->job.retries[t];
		}
	}
	for (size_t d = 0; d < win->n; d++) {
		struct hx_doc_target *dt = &win->docs[d]->target[tgt];

		if (wants(win->docs[d], src, tgt)) {
			dt->requests = (size_t)(dt->requests_share + 0.5);
			dt->retries = (size_t)(dt->retries_share + 0.5);
		}
	}
	free(claimed);
}

/* Nothing can translate this pair: every text keeps its source, with the reason. */
static void fall_back(struct target_work *w, const size_t *idx, size_t n, const char *why)
{
	for (size_t k = 0; k < n; k++)
		w->job.error[idx[k]] = hx_xstrdup(why);
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

/*
 * The texts the memory does not have, into idx; the others get their
 * translation and origin. One short transaction: the uses it counts.
 */
static enum hx_err misses(struct translate_state *st, struct target_work *w, size_t *idx,
			  size_t *n, struct hx_diag *diag)
{
	struct hx_mt_job *job = &w->job;
	enum hx_err err = st->tm ? hx_tm_begin(st->tm, diag) : HX_OK;

	*n = 0;
	for (size_t i = 0; i < job->ntexts && !err; i++) {
		struct hx_tm_unit unit = {0};
		struct hx_diag check = {0};
		bool found = false;

		w->origin[i] = HX_ORIGIN_MT;
		if (st->tm)
			err = hx_tm_lookup(st->tm, job->src, job->tgt, job->texts[i],
					   strlen(job->texts[i]), &unit, &found, diag);
		/* a unit whose placeholders do not fit this segment is not used */
		if (found && hx_segment_check_placeholders(job->seg_of[i], unit.target,
							    unit.target_len, &check) == HX_OK) {
			job->result[i] = unit.target;
			unit.target = NULL;
			w->origin[i] = unit.origin == HX_TM_HUMAN ? HX_ORIGIN_TM_HUMAN
								  : HX_ORIGIN_TM_MT;
		} else if (!err) {
			idx[(*n)++] = i;
		}
		hx_tm_unit_release(&unit);
		hx_diag_release(&check);
	}
	if (st->tm)
		err = err ? (hx_tm_rollback(st->tm, NULL), err) : hx_tm_commit(st->tm, diag);
	return err;
}

/* What MT translated goes into the memory, in one transaction. */
static enum hx_err remember(struct translate_state *st, struct target_work *w, const size_t *idx,
			    size_t n, const char *engine, struct hx_diag *diag)
{
	struct hx_mt_job *job = &w->job;
	enum hx_err err;

	if (!st->tm || !n)
		return HX_OK;
	err = hx_tm_begin(st->tm, diag);
	for (size_t k = 0; k < n && !err; k++) {
		size_t i = idx[k];

		if (job->result[i])
			err = hx_tm_store(st->tm, job->src, job->tgt, job->texts[i],
					  strlen(job->texts[i]), job->result[i],
					  strlen(job->result[i]), HX_TM_MT, engine, diag);
	}
	return err ? (hx_tm_rollback(st->tm, NULL), err) : hx_tm_commit(st->tm, diag);
}

/* Every document of the window going from src to tgt, through the engine for the pair. */
static enum hx_err translate_pair(struct translate_state *st, struct hx_stage_ctx *ctx,
				  const struct window *win, enum hx_lang src, enum hx_lang tgt)
{
	struct target_work w = {0};
	struct hx_mt_engine *e = engine_for(st, ctx->cfg, src, tgt);
	char why[256];
	bool pivoted = false, sent = false;
	size_t *idx, n;
	enum hx_err err = HX_OK;

	w.win = win;
	w.job.src = src;
	w.job.tgt = tgt;
	w.job.engine = e;
	w.job.diag = ctx->diag;
	collect(&w, src, tgt);
	idx = hx_xreallocarray(NULL, w.job.ntexts + 1, sizeof(*idx));
	/* a memory that fails (locked past its timeout, a full disk) stops the window */
	err = misses(st, &w, idx, &n, ctx->diag);
	if (err || !n) {
		/* nothing to send */
	} else if (!e || !e->transport) {
		snprintf(why, sizeof(why), "%s", !e ? "no MT engine is configured for this pair"
						    : "engine 'none' leaves the source as it is");
		fall_back(&w, idx, n, why);
	} else if (hx_mt_serves(e, src, tgt, ctx->diag)) {
		sent = true;
		err = hx_mt_translate(&w.job, src, tgt, w.job.texts, idx, n);
	} else if (e->cfg->pivot != HX_LANG_NONE &&
		   hx_mt_serves(e, src, e->cfg->pivot, ctx->diag) &&
		   hx_mt_serves(e, e->cfg->pivot, tgt, ctx->diag)) {
		pivoted = sent = true;
		err = pivot(&w, e->cfg->pivot, idx, n);
	} else {
		snprintf(why, sizeof(why), "%s serves neither %s->%s nor a pivot for it", e->cfg->name,
			 hx_lang_get(src)->code, hx_lang_get(tgt)->code);
		fall_back(&w, idx, n, why);
	}
	if (!err)
		err = remember(st, &w, idx, n, e ? e->cfg->name : NULL, ctx->diag);
	if (!err)
		assign(&w, e ? e->cfg->name : NULL, pivoted, sent);
	free(idx);
	work_release(&w);
	return err;
}

/* The batch barrier: every segment of a window of documents, each pair's texts sent once. */
static enum hx_err translate_window(struct hx_stage_ctx *ctx, struct hx_doc *const *docs, size_t n)
{
	struct translate_state *st = ctx->priv;
	struct window win = {docs, n};
	uint32_t pairs[HX_LANG_COUNT] = {0}; /* per source, a bit per target */
	enum hx_err err = HX_OK;

	for (size_t d = 0; d < n; d++) {
		if (!docs[d]->targets)
			continue;
		if (docs[d]->lang == HX_LANG_NONE)
			return hx_fail(ctx->diag, HX_E_MT,
				       "'%s': the source language is unknown; give it with --from",
				       docs[d]->path);
		pairs[docs[d]->lang] |= docs[d]->targets & ~(1u << docs[d]->lang);
	}
	for (int s = 0; s < HX_LANG_COUNT && !err; s++)
		for (int t = 0; t < HX_LANG_COUNT && !err; t++) {
			if (!(pairs[s] & (1u << t)))
				continue;
			if (!st->ready)
				err = setup(st, ctx->cfg, ctx->diag);
			if (!err)
				err = translate_pair(st, ctx, &win, (enum hx_lang)s, (enum hx_lang)t);
		}
	return err;
}

static enum hx_err translate_process(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	return translate_window(ctx, &doc, 1);
}

const struct hx_stage hx_stage_translate = {
	.name = "translate",
	.summary = "translate every segment into the target languages (MT engines, pivots)",
	.priv_size = sizeof(struct translate_state),
	.init = translate_init,
	.process = translate_process,
	.uninit = translate_uninit,
	.process_window = translate_window,
	.waits = true,
};
