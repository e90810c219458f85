/*
 * The MT transport: HTTP requests through libcurl's multi interface, with
 * keep-alive, a cap on requests in flight, timeouts, retries with backoff and
 * jitter, Retry-After, a circuit breaker per endpoint and a rate limit.
 * Engines never see libcurl: they build a struct hx_http_request and read a
 * struct hx_http_response.
 */
#ifndef HX_TRANSPORT_H
#define HX_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct hx_transport_opts {
	int max_in_flight;        /* requests in flight at once (default 4) */
	long timeout_ms;          /* per attempt (default 30000) */
	long deadline_ms;         /* for the whole hx_transport_run; 0: none */
	int max_retries;          /* retries after the first attempt (default 5) */
	long backoff_base_ms;     /* first backoff (default 200); doubles, with jitter */
	long backoff_max_ms;      /* backoff cap (default 10000) */
	double rate_per_s;        /* request starts a second; 0: unlimited */
	int breaker_failures;     /* consecutive failed attempts that open the circuit (8) */
	long breaker_cooldown_ms; /* open time before one trial request (30000) */
	size_t max_response;      /* response body cap in bytes (default 16 MiB) */
	unsigned seed;            /* for the jitter; 0: from the clock */
	long retry_after_max_ms;  /* cap on a server's Retry-After (default 60000) */
};

/* Fills o with the defaults above. */
void hx_transport_opts_init(struct hx_transport_opts *o);

struct hx_http_request {
	char *url;      /* owned */
	char **headers; /* owned, NULL-terminated "Name: value" lines; may be NULL */
	char *body;     /* owned; POST when non-NULL, GET otherwise */
	size_t body_len;
	bool secret_headers; /* headers carry an API key: never logged, never in messages */
};

/* Frees what req owns and zeroes it. */
void hx_http_request_release(struct hx_http_request *req);

struct hx_http_response {
	long status;      /* HTTP status; 0 when no response arrived */
	const char *body; /* borrowed for the callback; NUL-terminated */
	size_t len;
	int attempts;      /* how many attempts this took */
	const char *error; /* transport-level failure (timeout, reset, too large...), or NULL */
};

/*
 * Called once per submitted request, when it has succeeded (2xx) or failed for
 * good (retries exhausted, a 4xx other than 429, circuit open, deadline). The
 * callback may submit more requests. Returning an error stops the run.
 */
typedef enum hx_err (*hx_transport_done_fn)(void *user, const struct hx_http_response *res);

struct hx_transport;

/*
 * Returns a newly allocated transport; free with hx_transport_free. NULL, with
 * the reason in diag, if libcurl fails or an option is out of range (o NULL:
 * the defaults). The first call initialises libcurl globally (once, guarded
 * by pthread_once); a transport itself belongs to one thread at a time.
 */
struct hx_transport *hx_transport_new(const struct hx_transport_opts *o, struct hx_diag *diag);
/* Frees t (NULL is fine). Requests queued but never run are dropped without their callback. */
void hx_transport_free(struct hx_transport *t);
/*
 * Queues req (takes ownership of its contents, also on failure, and zeroes
 * *req) with its callback, for the current run if called from a callback, for
 * the next hx_transport_run otherwise. A URL that is malformed or not http(s)
 * fails through the callback like any other failure. HX_E_INTERNAL (and no
 * callback) only when t, req or done is NULL.
 */
enum hx_err hx_transport_submit(struct hx_transport *t, struct hx_http_request *req,
				hx_transport_done_fn done, void *user);
/*
 * Runs until every queued request is done. Past the deadline everything still
 * pending fails ("deadline of N s passed with M requests pending") and the run
 * returns HX_E_MT with that in diag. A callback's error stops the run: every
 * other pending request then gets its callback with a "cancelled" error (its
 * result ignored), and the first error is returned as is, diag untouched.
 * Not to be called from a callback (HX_E_INTERNAL).
 */
enum hx_err hx_transport_run(struct hx_transport *t, struct hx_diag *diag);

struct hx_transport_stats {
	size_t requests; /* attempts started */
	size_t retries;  /* attempts after a first one */
	size_t failures; /* requests that failed for good */
	size_t breaker_trips;
	size_t connections; /* new connections opened (the rest reused a kept-alive one) */
};
void hx_transport_get_stats(const struct hx_transport *t, struct hx_transport_stats *s);

#endif
