/*
 * The MT transport's run loop on libcurl's multi interface: retry timers, the
 * circuit breakers, the rate limit, the deadline, and the callbacks.
 */
#include "transport_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define POLL_MAX_MS 1000 /* the loop looks at the clock at least this often */

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
		hx_xfer_list_remove(l, x);
		if (x->easy) {
			curl_multi_remove_handle(t->multi, x->easy);
			curl_easy_cleanup(x->easy);
			x->easy = NULL;
			hx_buf_reset(&x->body); /* a partial body is no answer */
			x->status = 0;
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
			hx_xfer_list_remove(lists[i], x);
			hx_endpoint_circuit_message(x, now);
			hx_xfer_list_append(&t->doomed, x);
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
	hx_xfer_list_insert_timed(&t->waiting, x);
}

/* x's attempt is over (x is out of in_flight): retry it, or hand it to its callback. */
static void attempt_done(struct hx_transport *t, struct hx_xfer *x, CURLcode rc)
{
	enum hx_attempt how = hx_xfer_end(t, x, rc);
	bool ok = how == HX_ATTEMPT_OK || how == HX_ATTEMPT_REFUSED;
	bool was_trial = x->trial;
	int64_t now = hx_transport_now_ms();

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
		if (hx_endpoint_is_open(x->ep, now)) {
			hx_endpoint_circuit_message(x, now);
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
		hx_xfer_list_remove(from, x);
		hx_endpoint_circuit_message(x, now);
		hx_xfer_list_append(&t->doomed, x);
		return SKIPPED;
	case HX_BREAKER_WAIT:
		return SKIPPED;
	}
	hx_xfer_list_remove(from, x);
	hx_token_bucket_take(&t->bucket, now);
	if (hx_xfer_start(t, x)) {
		if (x->trial)
			hx_breaker_abandon_trial(&x->ep->breaker);
		x->trial = false;
		hx_xfer_fail_message(t, x);
		hx_xfer_list_append(&t->doomed, x);
		return SKIPPED;
	}
	hx_xfer_list_append(&t->in_flight, x);
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
		hx_xfer_list_remove(&t->in_flight, x);
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
	int64_t now = hx_transport_now_ms();
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
	deadline = t->o.deadline_ms ? hx_transport_now_ms() + t->o.deadline_ms : 0;
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
