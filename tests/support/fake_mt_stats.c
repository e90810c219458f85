/* fake-mt's own endpoints: GET /_stats (requests by route, outcome and status, texts received
 * and which distinct ones, texts translated, the most requests handled at once),
 * POST /_stats/reset, and GET or POST /_control (the settings, changed at run time). */
#include <stdlib.h>
#include <string.h>

#include "fake_mt.h"

#define MAX_DISTINCT 100000

const char *const fake_route_names[ROUTE_COUNT] = {
	[ROUTE_APY_TRANSLATE] = "apy_translate",
	[ROUTE_APY_LIST_PAIRS] = "apy_list_pairs",
	[ROUTE_LT_TRANSLATE] = "libretranslate_translate",
	[ROUTE_LT_LANGUAGES] = "libretranslate_languages",
	[ROUTE_DEEPL_TRANSLATE] = "deepl_translate",
	[ROUTE_DEEPL_LANGUAGES] = "deepl_languages",
	[ROUTE_DEEPL_USAGE] = "deepl_usage",
	[ROUTE_OPENAI_CHAT] = "openai_chat_completions",
	[ROUTE_OPENAI_MODELS] = "openai_models",
	[ROUTE_NOT_FOUND] = "not_found",
	[ROUTE_META] = "meta",
};

static const char *const outcome_names[OUT_COUNT] = {
	[OUT_OK] = "ok",
	[OUT_REJECTED] = "rejected",
	[OUT_TOO_LARGE] = "too_large",
	[OUT_FAIL_FIRST] = "fail_first",
	[OUT_FAIL_ALL_STATUS] = "fail_all_status",
	[OUT_FAIL_5XX] = "fail_5xx",
	[OUT_FAIL_429] = "fail_429",
	[OUT_FAIL_RESET] = "fail_reset",
	[OUT_HUGE] = "huge_response",
	[OUT_MALFORMED] = "fail_malformed",
	[OUT_TRUNCATED] = "fail_truncated",
	[OUT_DROP_PLACEHOLDER] = "fail_drop_placeholder",
	[OUT_DUP_PLACEHOLDER] = "fail_dup_placeholder",
	[OUT_APY_TRUNCATED] = "apy_truncated",
};

void fake_stats_init(struct fake_stats *s)
{
	memset(s, 0, sizeof(*s));
	s->distinct = json_object();
	s->distinct_list = json_array();
	if (!s->distinct || !s->distinct_list)
		abort();
}

void fake_stats_release(struct fake_stats *s)
{
	json_decref(s->distinct);
	json_decref(s->distinct_list);
	s->distinct = s->distinct_list = NULL;
}

void fake_stats_reset(struct fake_stats *s)
{
	json_t *distinct = s->distinct, *list = s->distinct_list;
	long in_flight = s->in_flight;

	json_object_clear(distinct);
	json_array_clear(list);
	memset(s, 0, sizeof(*s));
	s->distinct = distinct;
	s->distinct_list = list;
	s->in_flight = in_flight;
	s->max_concurrent = in_flight;
}

void fake_note_texts(struct exchange *x, const struct fake_texts *t)
{
	struct fake_stats *s = &x->fake->stats;

	pthread_mutex_lock(&x->fake->lock);
	s->texts_received += t->n;
	for (size_t i = 0; i < t->n; i++) {
		if (json_object_get(s->distinct, t->v[i]))
			continue;
		if (json_object_size(s->distinct) >= MAX_DISTINCT) {
			s->distinct_capped = true;
			continue;
		}
		if (json_object_set_new(s->distinct, t->v[i], json_true()) ||
		    json_array_append_new(s->distinct_list, json_string(t->v[i])))
			s->distinct_capped = true;
	}
	pthread_mutex_unlock(&x->fake->lock);
}

static json_t *counters(const char *const *names, const unsigned long *v, size_t n)
{
	json_t *obj = json_object();

	for (size_t i = 0; obj && i < n; i++)
		if (names[i] &&
		    json_object_set_new(obj, names[i], json_integer((json_int_t)v[i]))) {
			json_decref(obj);
			return NULL;
		}
	return obj;
}

static json_t *status_counters(const unsigned long *v, size_t n)
{
	json_t *obj = json_object();

	for (size_t i = 0; obj && i < n; i++) {
		char key[8];

		if (!v[i])
			continue;
		snprintf(key, sizeof(key), "%zu", i);
		if (json_object_set_new(obj, key, json_integer((json_int_t)v[i]))) {
			json_decref(obj);
			return NULL;
		}
	}
	return obj;
}

json_t *fake_stats_json(const struct fake_stats *s)
{
	return json_pack("{s:I, s:o*, s:o*, s:o*, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
			 "s:b, s:o*}",
			 "requests", (json_int_t)s->requests, "by_route",
			 counters(fake_route_names, s->by_route, ROUTE_META), "by_outcome",
			 counters(outcome_names, s->by_outcome, OUT_COUNT), "by_status",
			 status_counters(s->by_status, 600), "timeouts", (json_int_t)s->timeouts,
			 "retry_after", (json_int_t)s->retry_after, "texts_received",
			 (json_int_t)s->texts_received, "texts_translated",
			 (json_int_t)s->texts_translated, "chars_translated",
			 (json_int_t)s->chars_translated, "deepl_chars", (json_int_t)s->deepl_chars,
			 "in_flight", (json_int_t)s->in_flight, "max_concurrent",
			 (json_int_t)s->max_concurrent, "distinct_texts",
			 (json_int_t)json_object_size(s->distinct), "distinct_capped",
			 s->distinct_capped, "texts", json_deep_copy(s->distinct_list));
}

static void serve_control(struct exchange *x)
{
	struct fake *f = x->fake;
	struct fake_config cfg;
	json_error_t jerr;
	char err[256];
	json_t *in = NULL;

	pthread_mutex_lock(&f->lock);
	cfg = f->cfg;
	pthread_mutex_unlock(&f->lock);
	if (!strcmp(x->method, "POST")) {
		in = json_loadb(x->body, x->body_len, 0, &jerr);
		if (!in || !fake_config_set_json(&cfg, in, err, sizeof(err))) {
			fake_error(x, 400, in ? err : "body is not a JSON object");
			json_decref(in);
			return;
		}
		pthread_mutex_lock(&f->lock);
		if (json_object_get(in, "seed"))
			f->serial = 0;
		if (json_object_get(in, "fail_first"))
			f->translates = 0;
		f->cfg = cfg;
		pthread_cond_broadcast(&f->wake);
		pthread_mutex_unlock(&f->lock);
		json_decref(in);
	}
	fake_reply_json(x, 200, fake_config_json(&cfg), JSON_INDENT(1));
}

void fake_serve_meta(struct exchange *x)
{
	struct fake *f = x->fake;
	json_t *v;

	x->proto = PROTO_META;
	if (!strcmp(x->path, "/_control")) {
		serve_control(x);
		return;
	}
	pthread_mutex_lock(&f->lock);
	if (!strcmp(x->path, "/_stats/reset"))
		fake_stats_reset(&f->stats);
	v = fake_stats_json(&f->stats);
	pthread_mutex_unlock(&f->lock);
	fake_reply_json(x, 200, v, JSON_INDENT(1));
}
