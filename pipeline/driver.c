/* Runs stages over documents: allocates private state, calls init/process/uninit. */
#include "driver.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stages/terms/terms.h"
#include "clock.h"

static size_t stage_index(const char *name, size_t fallback)
{
	for (size_t i = 0; hx_stages[i]; i++)
		if (strcmp(hx_stages[i]->name, name) == 0)
			return i;
	return fallback;
}

enum hx_err hx_pipeline_init(struct hx_pipeline *p, const struct hx_config *cfg, const char *first,
			     const char *last)
{
	size_t nall = 0, from, to;

	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->shared = hx_xcalloc(1, sizeof(*p->shared));
	p->shared->refs = 1;
	while (hx_stages[nall])
		nall++;
	from = first ? stage_index(first, nall) : 0;
	to = last ? stage_index(last, nall) : nall - 1;
	if (from >= nall || to >= nall || from > to ||
	    to - from >= sizeof(p->ctx) / sizeof(p->ctx[0]))
		return hx_fail(&p->diag, HX_E_INTERNAL, "no stage range '%s'..'%s'",
			       first ? first : "", last ? last : "");
	for (size_t i = from; i <= to; i++) {
		struct hx_stage_ctx *ctx = &p->ctx[p->nstages++];

		ctx->stage = hx_stages[i];
		ctx->cfg = cfg;
		ctx->diag = &p->diag;
		ctx->shared = p->shared;
		ctx->priv = ctx->stage->priv_size ? hx_xcalloc(1, ctx->stage->priv_size) : NULL;
	}
	for (size_t i = 0; i < p->nstages; i++) {
		struct hx_stage_ctx *ctx = &p->ctx[i];
		enum hx_err err = HX_OK;

		if (ctx->stage->init)
			err = ctx->stage->init(ctx);
		if (err) {
			if (p->diag.err == HX_OK)
				hx_fail(&p->diag, err, "stage '%s' failed to start",
					ctx->stage->name);
			return err;
		}
	}
	return HX_OK;
}

struct warming {
	struct hx_pipeline *p;
	size_t from; /* the stages after the waiting one */
	const struct hx_doc *doc;
	pthread_t thread;
	bool running;
};

static void *warm_later(void *arg)
{
	struct warming *w = arg;

	for (size_t i = w->from; i < w->p->nstages; i++)
		if (w->p->ctx[i].stage->warm)
			w->p->ctx[i].stage->warm(&w->p->ctx[i], w->doc);
	return NULL;
}

/* While stage i waits, the later stages load what they will need (nothing if no thread). */
static void warm_start(struct hx_pipeline *p, size_t i, const struct hx_doc *doc, struct warming *w)
{
	bool any = false;

	w->running = false;
	if (!p->ctx[i].stage->waits)
		return;
	for (size_t j = i + 1; j < p->nstages; j++)
		any |= p->ctx[j].stage->warm != NULL;
	if (!any)
		return;
	w->p = p;
	w->from = i + 1;
	w->doc = doc;
	w->running = pthread_create(&w->thread, NULL, warm_later, w) == 0;
}

enum hx_err hx_pipeline_process(struct hx_pipeline *p, struct hx_doc *doc)
{
	memset(p->doc_seconds, 0, sizeof(p->doc_seconds));
	for (size_t i = 0; i < p->nstages; i++) {
		struct hx_stage_ctx *ctx = &p->ctx[i];
		double t0 = hx_now_seconds();
		struct warming w;
		enum hx_err err;

		p->diag.err = HX_OK;
		p->diag.msg[0] = '\0';
		warm_start(p, i, doc, &w);
		err = ctx->stage->process(ctx, doc);
		if (w.running)
			pthread_join(w.thread, NULL);
		p->doc_seconds[i] = hx_now_seconds() - t0;
		if (err) {
			if (!p->diag.msg[0])
				hx_fail(&p->diag, err, "%s: %s", ctx->stage->name,
					hx_err_message(err));
			p->diag.err = err;
			return err;
		}
	}
	return HX_OK;
}

static void shared_release(struct hx_shared *s)
{
	if (!s || --s->refs)
		return;
	hx_glossary_free(s->glossary);
	free(s);
}

void hx_pipeline_share(struct hx_pipeline *p, struct hx_pipeline *with)
{
	shared_release(p->shared);
	p->shared = with->shared;
	p->shared->refs++;
	for (size_t i = 0; i < p->nstages; i++)
		p->ctx[i].shared = p->shared;
}

void hx_pipeline_timings(const struct hx_pipeline *p, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < p->nstages && len < size; i++) {
		int n = snprintf(out + len, size - len, "%s%s %.0f ms", i ? ", " : "",
				 p->ctx[i].stage->name, p->doc_seconds[i] * 1000);

		if (n < 0)
			break;
		len += (size_t)n;
	}
}

void hx_pipeline_release(struct hx_pipeline *p)
{
	/* every stage, even those whose init never ran: uninit accepts zeroed state */
	for (size_t i = 0; i < p->nstages; i++)
		if (p->ctx[i].stage->uninit)
			p->ctx[i].stage->uninit(&p->ctx[i]);
	for (size_t i = 0; i < p->nstages; i++)
		free(p->ctx[i].priv);
	shared_release(p->shared);
	hx_diag_release(&p->diag);
	memset(p, 0, sizeof(*p));
}
