/*
 * The MT transport's run loop on libcurl's multi interface: queues, retry
 * timers, circuit breakers per endpoint, the rate limit and the deadline.
 */
#include "transport_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mem.h"

#define POLL_MAX_MS 1000 /* the loop looks at the clock at least this often */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result;

static void curl_init_once(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int64_t now_ms(void)
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

static void list_append(struct hx_xfer_list *l, struct hx_xfer *x)
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

static void list_remove(struct hx_xfer_list *l, struct hx_xfer *x)
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

/* Keeps the waiting list ordered by ready_at, equal times in arrival order. */
static void list_insert_timed(struct hx_xfer_list *l, struct hx_xfer *x)
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
	hx_token_bucket_init(&t->bucket, t->o.rate_per_s, 1, now_ms());
	return t;
}

static void list_free(struct hx_xfer_list *l)
{
	struct hx_xfer *x;

	while ((x = l->head)) {
		list_remove(l, x);
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

static void circuit_message(struct hx_xfer *x, int64_t now)
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

static bool circuit_open(const struct hx_endpoint *ep, int64_t now)
{
	return ep->breaker.state == HX_BREAKER_OPEN && hx_breaker_reopen_in_ms(&ep->breaker, now);
}

enum hx_err hx_transport_submit(struct hx_transport *t, struct hx_http_request *req,
				hx_transport_done_fn done, void *user)
{
	struct hx_xfer *x;
	struct hx_diag diag = {0};
	char *key;

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
		list_append(&t->doomed, x);
		return HX_OK;
	}
	x->ep = endpoint_get(t, key);
	if (circuit_open(x->ep, now_ms())) {
		circuit_message(x, now_ms());
		list_append(&t->doomed, x);
		return HX_OK;
	}
	list_append(&t->fresh, x);
	return HX_OK;
}

void hx_transport_get_stats(const struct hx_transport *t, struct hx_transport_stats *s)
{
	*s = t->stats;
}

/* Hands x (already out of every list) to its callback and frees it. */
static void finish(struct hx_transport *t, struct hx_xfer *x, bool ok)
{
	struct hx_http_response res = {0};
	enum hx_err err;

	res.status = x->status;
	res.body = hx_buf_str(&x->body);
	res.len = x->body.len;
	res.attempts = x->attempts;
	res.error = ok ? NULL : x->msg;
	if (!ok)
		t->stats.failures++;
	if (x->trial)
		hx_breaker_abandon_trial(&x->ep->breaker);
	err = x->done(x->user, &res);
	if (err && !t->stop_err)
		t->stop_err = err;
	hx_xfer_free(x);
}

/* Why fail_all ends requests early. */
enum fail_reason {
	FAIL_DOOMED,    /* the message is there already (circuit open, unusable URL) */
	FAIL_DEADLINE,  /* the run's deadline passed */
	FAIL_CANCELLED, /* a callback's error (or libcurl's) stopped the run */
};

static void early_message(struct hx_transport *t, struct hx_xfer *x, enum fail_reason why,
			  size_t npending)
{
	char last[HX_XFER_MSG_MAX], limit[32];
	size_t len;

	memcpy(last, x->msg, sizeof(last));
	switch (why) {
	case FAIL_DOOMED:
		return;
	case FAIL_DEADLINE:
		hx_format_seconds(limit, sizeof(limit), t->o.deadline_ms);
		hx_msgf(x->msg, sizeof(x->msg),
			"%s: deadline of %s passed with %zu requests pending", x->where, limit,
			npending);
		break;
	case FAIL_CANCELLED:
		hx_msgf(x->msg, sizeof(x->msg),
			"%s: cancelled, the run stopped on an earlier error", x->where);
		break;
	}
	len = strlen(x->msg);
	if (x->attempts && *last)
		hx_msgf(x->msg + len, sizeof(x->msg) - len, "; last error: %s", last);
	hx_xfer_redact(x);
}

/* Ends every request of l now, through its callback. */
static void fail_all(struct hx_transport *t, struct hx_xfer_list *l, enum fail_reason why,
		     size_t npending)
{
	struct hx_xfer *x;

	while ((x = l->head)) {
		list_remove(l, x);
		if (x->easy) {
			curl_multi_remove_handle(t->multi, x->easy);
			curl_easy_cleanup(x->easy);
			x->easy = NULL;
		}
		early_message(t, x, why, npending);
		finish(t, x, false);
	}
}

static size_t pending(const struct hx_transport *t)
{
	return t->fresh.n + t->waiting.n + t->doomed.n + t->in_flight.n;
}

static void fail_everything(struct hx_transport *t, enum fail_reason why, size_t npending)
{
	fail_all(t, &t->doomed, FAIL_DOOMED, 0);
	fail_all(t, &t->in_flight, why, npending);
	fail_all(t, &t->waiting, why, npending);
	fail_all(t, &t->fresh, why, npending);
}

/* The circuit of ep just opened: what waits for it fails at once, on the next turn. */
static void doom_endpoint(struct hx_transport *t, struct hx_endpoint *ep, int64_t now)
{
	struct hx_xfer_list *lists[] = {&t->waiting, &t->fresh};

	for (size_t i = 0; i < 2; i++) {
		struct hx_xfer *x = lists[i]->head, *next;

		for (; x; x = next) {
			next = x->next;
			if (x->ep != ep)
				continue;
			list_remove(lists[i], x);
			circuit_message(x, now);
			list_append(&t->doomed, x);
		}
	}
}

static void schedule_retry(struct hx_transport *t, struct hx_xfer *x, int64_t now)
{
	long delay = hx_backoff_delay_ms(t->o.backoff_base_ms, t->o.backoff_max_ms, x->attempts,
					 &t->rng);
	long server;

	if (hx_retry_after_parse(x->retry_after, time(NULL), &server)) {
		if (server > t->o.retry_after_max_ms)
			server = t->o.retry_after_max_ms;
		if (server > delay)
			delay = server;
	}
	x->ready_at = now + delay;
	list_insert_timed(&t->waiting, x);
}

/* x's attempt is over (x is out of in_flight): retry it, or hand it to its callback. */
static void attempt_done(struct hx_transport *t, struct hx_xfer *x, CURLcode rc)
{
	enum hx_attempt how = hx_xfer_end(t, x, rc);
	bool ok = how == HX_ATTEMPT_OK || how == HX_ATTEMPT_REFUSED;
	bool was_trial = x->trial;
	int64_t now = now_ms();

	x->trial = false;
	hx_xfer_redact(x); /* before the endpoint keeps it for other requests' messages */
	if (!ok)
		hx_msgf(x->ep->last_error, sizeof(x->ep->last_error), "%s", x->msg);
	if (hx_breaker_record(&x->ep->breaker, ok, was_trial, now)) {
		t->stats.breaker_trips++;
		doom_endpoint(t, x->ep, now);
	}
	switch (how) {
	case HX_ATTEMPT_OK:
		finish(t, x, true);
		return;
	case HX_ATTEMPT_REFUSED:
	case HX_ATTEMPT_BROKEN:
		break;
	case HX_ATTEMPT_RETRY:
		if (x->attempts > t->o.max_retries)
			break;
		if (circuit_open(x->ep, now)) {
			circuit_message(x, now);
			finish(t, x, false);
			return;
		}
		schedule_retry(t, x, now);
		return;
	}
	hx_xfer_fail_message(t, x);
	finish(t, x, false);
}

enum start_result { STARTED, SKIPPED, BLOCKED };

static void wait_at_most(long *wait_ms, int64_t ms)
{
	if (ms < 0)
		ms = 0;
	if (*wait_ms < 0 || ms < *wait_ms)
		*wait_ms = (long)ms;
}

/* Starts x (in list from) if the limits let it; *wait_ms learns when the rate limit will. */
static enum start_result try_start(struct hx_transport *t, struct hx_xfer_list *from,
				   struct hx_xfer *x, int64_t now, long *wait_ms)
{
	long rate_wait;

	if (t->in_flight.n >= (size_t)t->o.max_in_flight)
		return BLOCKED;
	if ((rate_wait = hx_token_bucket_wait_ms(&t->bucket, now)) > 0) {
		wait_at_most(wait_ms, rate_wait);
		return BLOCKED;
	}
	switch (hx_breaker_admit(&x->ep->breaker, now)) {
	case HX_BREAKER_PASS:
		break;
	case HX_BREAKER_TRIAL:
		x->trial = true;
		break;
	case HX_BREAKER_REJECT:
		list_remove(from, x);
		circuit_message(x, now);
		list_append(&t->doomed, x);
		return SKIPPED;
	case HX_BREAKER_WAIT:
		return SKIPPED;
	}
	list_remove(from, x);
	hx_token_bucket_take(&t->bucket, now);
	if (hx_xfer_start(t, x)) {
		if (x->trial)
			hx_breaker_abandon_trial(&x->ep->breaker);
		x->trial = false;
		hx_xfer_fail_message(t, x);
		list_append(&t->doomed, x);
		return SKIPPED;
	}
	list_append(&t->in_flight, x);
	return STARTED;
}

/* Starts what may start: retries whose time has come first, then new requests. */
static long start_ready(struct hx_transport *t, int64_t now)
{
	long wait = -1;
	struct hx_xfer *x, *next;

	for (x = t->waiting.head; x; x = next) {
		next = x->next;
		if (x->ready_at > now) {
			wait_at_most(&wait, x->ready_at - now);
			break;
		}
		if (try_start(t, &t->waiting, x, now, &wait) == BLOCKED)
			return wait;
	}
	for (x = t->fresh.head; x; x = next) {
		next = x->next;
		if (try_start(t, &t->fresh, x, now, &wait) == BLOCKED)
			return wait;
	}
	return wait;
}

/* Lets libcurl move, hands finished attempts on, and sleeps until something happens. */
static enum hx_err multi_pump(struct hx_transport *t, long wait_ms, struct hx_diag *diag)
{
	int running, left;
	bool any = false;
	CURLMsg *m;
	CURLMcode mc;

	if ((mc = curl_multi_perform(t->multi, &running)))
		return hx_fail(diag, HX_E_MT, "libcurl failed: %s", curl_multi_strerror(mc));
	while ((m = curl_multi_info_read(t->multi, &left))) {
		CURLcode rc = m->data.result;
		struct hx_xfer *x = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		list_remove(&t->in_flight, x);
		attempt_done(t, x, rc); /* m is invalid from here */
		any = true;
	}
	if (any)
		return HX_OK;
	if ((mc = curl_multi_poll(t->multi, NULL, 0, (int)wait_ms, NULL)))
		return hx_fail(diag, HX_E_MT, "libcurl failed: %s", curl_multi_strerror(mc));
	return HX_OK;
}

/* One turn of the run loop; *late is set to the number pending when the deadline passed. */
static enum hx_err run_turn(struct hx_transport *t, int64_t deadline, size_t *late,
			    struct hx_diag *diag)
{
	int64_t now = now_ms();
	long wait;

	if (t->stop_err) {
		fail_everything(t, FAIL_CANCELLED, 0);
		return HX_OK;
	}
	if (deadline && now >= deadline) {
		if (!*late)
			*late = pending(t);
		fail_everything(t, FAIL_DEADLINE, *late);
		return HX_OK;
	}
	fail_all(t, &t->doomed, FAIL_DOOMED, 0);
	if (!pending(t))
		return HX_OK;
	wait = start_ready(t, now);
	if (t->doomed.n || t->stop_err)
		wait = 0;
	if (wait < 0 || wait > POLL_MAX_MS)
		wait = POLL_MAX_MS;
	if (deadline)
		wait_at_most(&wait, deadline - now);
	return multi_pump(t, wait, diag);
}

enum hx_err hx_transport_run(struct hx_transport *t, struct hx_diag *diag)
{
	int64_t deadline;
	size_t late = 0;
	enum hx_err err = HX_OK;
	char limit[32];

	if (t->running)
		return hx_fail(diag, HX_E_INTERNAL, "hx_transport_run called from a callback");
	t->running = true;
	t->stop_err = HX_OK;
	deadline = t->o.deadline_ms ? now_ms() + t->o.deadline_ms : 0;
	while (!err && pending(t))
		err = run_turn(t, deadline, &late, diag);
	if (err)
		fail_everything(t, FAIL_CANCELLED, 0);
	t->running = false;
	if (t->stop_err)
		return t->stop_err;
	if (err || !late)
		return err;
	hx_format_seconds(limit, sizeof(limit), t->o.deadline_ms);
	return hx_fail(diag, HX_E_MT, "deadline of %s passed with %zu requests pending", limit,
		       late);
}
