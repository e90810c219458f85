/*
 * The MT transport's objects: options, the transport and its libcurl multi
 * handle, requests and their queues, endpoints and their circuit messages.
 */
#include "transport_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mem.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result;

static void curl_init_once(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int64_t hx_transport_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void hx_transport_opts_init(struct hx_transport_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_in_flight = 4;
	o->timeout_ms = 30000;
	o->max_retries = 5;
	o->backoff_base_ms = 200;
	o->backoff_max_ms = 10000;
	o->breaker_failures = 8;
	o->breaker_cooldown_ms = 30000;
	o->max_response = (size_t)16 << 20;
	o->retry_after_max_ms = 60000;
}

void hx_http_request_release(struct hx_http_request *req)
{
	if (!req)
		return;
	free(req->url);
	for (char **h = req->headers; h && *h; h++)
		free(*h);
	free(req->headers);
	free(req->body);
	memset(req, 0, sizeof(*req));
}

void hx_xfer_list_append(struct hx_xfer_list *l, struct hx_xfer *x)
{
	x->next = NULL;
	x->prev = l->tail;
	if (l->tail)
		l->tail->next = x;
	else
		l->head = x;
	l->tail = x;
	l->n++;
}

void hx_xfer_list_remove(struct hx_xfer_list *l, struct hx_xfer *x)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		l->head = x->next;
	if (x->next)
		x->next->prev = x->prev;
	else
		l->tail = x->prev;
	x->prev = x->next = NULL;
	l->n--;
}

void hx_xfer_list_insert_timed(struct hx_xfer_list *l, struct hx_xfer *x)
{
	struct hx_xfer *after = l->tail;

	while (after && after->ready_at > x->ready_at)
		after = after->prev;
	if (!after) {
		x->prev = NULL;
		x->next = l->head;
		if (l->head)
			l->head->prev = x;
		else
			l->tail = x;
		l->head = x;
		l->n++;
		return;
	}
	x->prev = after;
	x->next = after->next;
	if (after->next)
		after->next->prev = x;
	else
		l->tail = x;
	after->next = x;
	l->n++;
}

static const char *check_opts(const struct hx_transport_opts *o)
{
	if (o->max_in_flight < 1 || o->max_in_flight > 1024)
		return "max_in_flight must be between 1 and 1024";
	if (o->timeout_ms <= 0)
		return "timeout_ms must be positive";
	if (o->deadline_ms < 0 || o->max_retries < 0 || o->backoff_base_ms < 0 ||
	    o->backoff_max_ms < 0 || o->breaker_cooldown_ms < 0 || o->retry_after_max_ms < 0)
		return "deadline, retries, backoff, cooldown and Retry-After cap must not be "
		       "negative";
	if (!(o->rate_per_s >= 0))
		return "rate_per_s must not be negative";
	if (o->breaker_failures < 1)
		return "breaker_failures must be at least 1";
	return NULL;
}

static bool multi_setup(struct hx_transport *t)
{
	long n = t->o.max_in_flight;

	if (!(t->multi = curl_multi_init()))
		return false;
	/* the connection cache lives in the multi handle: it is what keeps connections alive */
	return !curl_multi_setopt(t->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, n) &&
	       !curl_multi_setopt(t->multi, CURLMOPT_MAX_HOST_CONNECTIONS, n) &&
	       !curl_multi_setopt(t->multi, CURLMOPT_MAXCONNECTS, n + 4);
}

struct hx_transport *hx_transport_new(const struct hx_transport_opts *o, struct hx_diag *diag)
{
	struct hx_transport *t;
	const char *bad;

	pthread_once(&curl_once, curl_init_once);
	if (curl_init_result) {
		hx_fail(diag, HX_E_INTERNAL, "cannot initialise libcurl: %s",
			curl_easy_strerror(curl_init_result));
		return NULL;
	}
	t = hx_xcalloc(1, sizeof(*t));
	if (o)
		t->o = *o;
	else
		hx_transport_opts_init(&t->o);
	if (!t->o.max_response)
		t->o.max_response = (size_t)16 << 20;
	if ((bad = check_opts(&t->o))) {
		hx_fail(diag, HX_E_CONFIG, "invalid transport options: %s", bad);
		free(t);
		return NULL;
	}
	if (!multi_setup(t)) {
		hx_fail(diag, HX_E_INTERNAL, "cannot set up libcurl's multi handle");
		hx_transport_free(t);
		return NULL;
	}
	t->idle = hx_xcalloc((size_t)t->o.max_in_flight, sizeof(*t->idle));
	t->rng = hx_rng_seed(t->o.seed);
	hx_token_bucket_init(&t->bucket, t->o.rate_per_s, 1, hx_transport_now_ms());
	return t;
}

static void list_free(struct hx_xfer_list *l)
{
	struct hx_xfer *x;

	while ((x = l->head)) {
		hx_xfer_list_remove(l, x);
		hx_xfer_free(x);
	}
}

void hx_transport_free(struct hx_transport *t)
{
	struct hx_endpoint *ep;

	if (!t)
		return;
	list_free(&t->fresh);
	list_free(&t->waiting);
	list_free(&t->doomed);
	list_free(&t->in_flight); /* empty outside a run */
	while (t->nidle)
		curl_easy_cleanup(t->idle[--t->nidle]);
	free(t->idle);
	if (t->multi)
		curl_multi_cleanup(t->multi);
	while ((ep = t->endpoints)) {
		t->endpoints = ep->next;
		free(ep->key);
		free(ep);
	}
	free(t);
}

static struct hx_endpoint *endpoint_get(struct hx_transport *t, char *key)
{
	struct hx_endpoint *ep;

	for (ep = t->endpoints; ep; ep = ep->next) {
		if (!strcmp(ep->key, key)) {
			free(key);
			return ep;
		}
	}
	ep = hx_xcalloc(1, sizeof(*ep));
	ep->key = key;
	hx_breaker_init(&ep->breaker, t->o.breaker_failures, t->o.breaker_cooldown_ms);
	ep->next = t->endpoints;
	t->endpoints = ep;
	return ep;
}

void hx_endpoint_circuit_message(struct hx_xfer *x, int64_t now)
{
	const struct hx_breaker *b = &x->ep->breaker;
	char in[32];

	hx_format_seconds(in, sizeof(in), hx_breaker_reopen_in_ms(b, now));
	/* the last error cut short, so that "retrying in" always fits */
	hx_msgf(x->msg, sizeof(x->msg),
		"circuit open for %s after %d consecutive failures; last error: %.320s; retrying "
		"in %s",
		x->ep->key, b->failures, x->ep->last_error, in);
	hx_xfer_redact(x);
}

bool hx_endpoint_is_open(const struct hx_endpoint *ep, int64_t now)
{
	return ep->breaker.state == HX_BREAKER_OPEN && hx_breaker_reopen_in_ms(&ep->breaker, now);
}

enum hx_err hx_transport_submit(struct hx_transport *t, struct hx_http_request *req,
				hx_transport_done_fn done, void *user)
{
	struct hx_xfer *x;
	struct hx_diag diag = {0};
	char *key;
	int64_t now;

	if (!t || !req || !done) {
		hx_http_request_release(req);
		return HX_E_INTERNAL;
	}
	x = hx_xcalloc(1, sizeof(*x));
	x->req = *req;
	memset(req, 0, sizeof(*req));
	x->done = done;
	x->user = user;
	hx_buf_init(&x->body, t->o.max_response);
	if (hx_url_describe(x->req.url, &x->where, &key, &diag)) {
		hx_msgf(x->msg, sizeof(x->msg), "%s", diag.msg);
		hx_xfer_list_append(&t->doomed, x);
		return HX_OK;
	}
	x->ep = endpoint_get(t, key);
	now = hx_transport_now_ms();
	if (hx_endpoint_is_open(x->ep, now)) {
		hx_endpoint_circuit_message(x, now);
		hx_xfer_list_append(&t->doomed, x);
		return HX_OK;
	}
	hx_xfer_list_append(&t->fresh, x);
	return HX_OK;
}

void hx_transport_get_stats(const struct hx_transport *t, struct hx_transport_stats *s)
{
	*s = t->stats;
}
