/*
 * The translate stage's internal interface: the engines as configured for a
 * run (engine, settings, key, transport, pairs), and one target language's
 * work: unique texts, requests, results.
 */
#ifndef HX_TRANSLATE_IMPL_H
#define HX_TRANSLATE_IMPL_H

#include "config.h"
#include "engine.h"
#include "stage.h"
#include "transport.h"

/* An engine ready to use: what the configuration named, with its key and its transport. */
struct hx_mt_engine {
	const struct hx_engine_config *cfg; /* borrowed from the run's config */
	const struct hx_engine_ops *ops;
	struct hx_engine_settings settings;
	char *api_key; /* owned; never logged */
	struct hx_transport *transport;
	int in_flight;    /* requests the transport keeps in flight */
	uint64_t pairs;   /* bit src*HX_LANG_COUNT+tgt for each pair served */
	bool pairs_known; /* false: the endpoint could not say; every pair is tried */
	bool probed;
	char *probe_error; /* why the pairs could not be read; owned */
};

/* The texts of one document and target language, each sent once. */
struct hx_mt_job {
	struct hx_mt_engine *engine;
	enum hx_lang src, tgt;
	char **texts;     /* unique source texts (placeholders as code points); borrowed */
	size_t ntexts;
	const struct hx_segment **seg_of; /* a segment with that text, for the placeholder check */
	char **result;    /* translations (internal form); owned; NULL if failed */
	char **error;     /* why it failed; owned */
	double *requests; /* per text: its share of the requests that carried it */
	double *retries;  /* per text: its share of their retries */
	size_t requests_failed;
	struct hx_diag *diag;
};

/*
 * Translates texts[i] for every i in idx[0..n) from src to tgt through
 * engine, in as few requests as its limits allow, writing job->result or
 * job->error for each. A batch whose answer is unusable is split and each
 * text sent alone once more.
 */
enum hx_err hx_mt_translate(struct hx_mt_job *job, enum hx_lang src, enum hx_lang tgt,
			    char **inputs, const size_t *idx, size_t n);

/* Whether engine serves src -> tgt (asking the endpoint once, if it can tell). */
bool hx_mt_serves(struct hx_mt_engine *e, enum hx_lang src, enum hx_lang tgt, struct hx_diag *diag);

#endif
