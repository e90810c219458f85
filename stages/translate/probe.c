/* For `hexaglot engines`: the engine types, and each configured engine asked what it serves. */
#include "probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translate_impl.h"

bool hx_translate_engine_type(size_t i, const char **name, const char **summary)
{
	for (size_t k = 0; hx_engines[k]; k++)
		if (k == i) {
			*name = hx_engines[k]->name;
			*summary = hx_engines[k]->summary;
			return true;
		}
	return false;
}

static enum hx_err probe_done(void *user, const struct hx_http_response *res)
{
	struct hx_probe_result *r = user;
	const struct hx_engine_ops *ops = hx_engine_find(r->type);
	struct hx_diag d = {0};

	r->reachable = res->status > 0;
	if (res->error || res->status != 200) {
		snprintf(r->error, sizeof(r->error), "%s",
			 res->error ? res->error : "the endpoint refused the request");
		return HX_OK;
	}
	if (ops->pairs_decode(res, &r->pairs, &d) == HX_OK)
		r->known = true;
	else
		snprintf(r->error, sizeof(r->error), "%s", hx_diag_message(&d));
	hx_diag_release(&d);
	return HX_OK;
}

static void probe_one(const struct hx_engine_config *ec, struct hx_probe_result *r)
{
	const struct hx_engine_ops *ops = hx_engine_find(ec->type);
	struct hx_engine_settings s = {
		ec->endpoint ? ec->endpoint : hx_config_default_endpoint(ec->type), NULL, ec->model,
		ec->glossary_id};
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct hx_http_request req = {0};
	struct hx_diag d = {0};
	char *key = NULL;

	snprintf(r->name, sizeof(r->name), "%s", ec->name);
	snprintf(r->type, sizeof(r->type), "%s", ec->type);
	r->endpoint = s.endpoint;
	if (!ops || !ops->pairs_request || !s.endpoint) {
		snprintf(r->error, sizeof(r->error), "%s",
			 !ops ? "unknown engine type" : !s.endpoint ? "no endpoint configured"
								   : "cannot list its pairs");
		return;
	}
	if (hx_config_api_key(ec, &key, &d)) {
		snprintf(r->error, sizeof(r->error), "%s", hx_diag_message(&d));
		return;
	}
	s.api_key = key;
	hx_transport_opts_init(&o);
	o.max_retries = 1;
	o.timeout_ms = ec->timeout_ms;
	t = hx_transport_new(&o, &d);
	if (t && ops->pairs_request(&s, &req, &d) == HX_OK &&
	    hx_transport_submit(t, &req, probe_done, r) == HX_OK)
		hx_transport_run(t, &d);
	else
		snprintf(r->error, sizeof(r->error), "%s", hx_diag_message(&d));
	hx_transport_free(t);
	free(key);
}

enum hx_err hx_translate_probe(const struct hx_config *cfg, struct hx_probe_result *results,
			       struct hx_diag *diag)
{
	(void)diag;
	for (size_t i = 0; i < cfg->nengines; i++) {
		memset(&results[i], 0, sizeof(results[i]));
		probe_one(&cfg->engines[i], &results[i]);
	}
	return HX_OK;
}
