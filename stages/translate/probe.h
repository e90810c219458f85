/* What `hexaglot engines` asks of the translate stage: engine types, and a probe of each engine. */
#ifndef HX_PROBE_H
#define HX_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

struct hx_probe_result {
	char name[32];        /* the engine's name in the configuration */
	char type[32];
	const char *endpoint; /* borrowed from the configuration */
	uint64_t pairs;       /* bit src*HX_LANG_COUNT+tgt per pair served */
	bool known;           /* the endpoint said which pairs it serves */
	bool reachable;
	char error[512];      /* why not, in the endpoint's words */
};

/* The i-th engine type and its one-line summary; false past the last. */
bool hx_translate_engine_type(size_t i, const char **name, const char **summary);
/* Asks every configured engine which pairs it serves: results[0..cfg->nengines). */
enum hx_err hx_translate_probe(const struct hx_config *cfg, struct hx_probe_result *results,
			       struct hx_diag *diag);

#endif
