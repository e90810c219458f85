/* Runs stages over documents: allocates private state, calls init/process/uninit. */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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
	double t0 = now_seconds();

	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
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
	p->init_seconds = now_seconds() - t0;
	return HX_OK;
}

enum hx_err hx_pipeline_process(struct hx_pipeline *p, struct hx_doc *doc)
{
	memset(p->doc_seconds, 0, sizeof(p->doc_seconds));
	for (size_t i = 0; i < p->nstages; i++) {
		struct hx_stage_ctx *ctx = &p->ctx[i];
		double t0 = now_seconds();
		enum hx_err err;

		p->diag.err = HX_OK;
		p->diag.msg[0] = '\0';
		err = ctx->stage->process(ctx, doc);
		p->doc_seconds[i] = now_seconds() - t0;
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
	hx_diag_release(&p->diag);
	memset(p, 0, sizeof(*p));
}
