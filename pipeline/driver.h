/* The driver: runs a range of the stage table over documents, one at a time. */
#ifndef HX_DRIVER_H
#define HX_DRIVER_H

#include "stage.h"

struct hx_pipeline {
	const struct hx_config *cfg;
	struct hx_stage_ctx ctx[16];
	size_t nstages;
	struct hx_diag diag;
	struct hx_shared *shared; /* refcounted: see hx_pipeline_share */
	double doc_seconds[16];  /* each stage on the last document, wall clock */
};

/*
 * Prepares p to run the stages from first to last (names; NULL for the ends of
 * the table) with cfg, which p borrows. Runs each stage's init; on failure the
 * message is in p->diag and hx_pipeline_release must still be called.
 */
enum hx_err hx_pipeline_init(struct hx_pipeline *p, const struct hx_config *cfg, const char *first,
			     const char *last);
/* Runs the stages over doc, stopping at the first failure (message in p->diag). */
enum hx_err hx_pipeline_process(struct hx_pipeline *p, struct hx_doc *doc);
/*
 * Makes p's stages share with's glossary rather than load their own: for
 * pipelines that one thread runs in turn (the batch's before and after
 * translate). Call before either processes a document.
 */
void hx_pipeline_share(struct hx_pipeline *p, struct hx_pipeline *with);
/*
 * Writes "decode 2 ms, convert 11 ms, ..." for the last document into out
 * (size bytes): what -v prints.
 */
void hx_pipeline_timings(const struct hx_pipeline *p, char *out, size_t size);
/* Runs every stage's uninit and frees the private state. */
void hx_pipeline_release(struct hx_pipeline *p);

#endif
