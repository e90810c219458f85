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
};

/* Fills o with the defaults above. */
void hx_transport_opts_init(struct hx_transport_opts *o);

struct hx_http_request {
	char *url;         /* owned */
	char **headers;    /* owned, NULL-terminated "Name: value" lines; may be NULL */
	char *body;        /* owned; POST when non-NULL, GET otherwise */
	size_t body_len;
	bool secret_headers; /* headers carry an API key: never logged, never in messages */
};

/* Frees what req owns and zeroes it. */
void hx_http_request_release(struct hx_http_request *req);

struct hx_http_response {
	long status;       /* HTTP status; 0 when no response arrived */
	const char *body;  /* borrowed for the callback; NUL-terminated */
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

/* Returns a newly allocated transport; free with hx_transport_free. NULL if libcurl fails. */
struct hx_transport *hx_transport_new(const struct hx_transport_opts *o, struct hx_diag *diag);
void hx_transport_free(struct hx_transport *t);
/* Queues req (takes ownership of its contents, also on failure) with its callback. */
enum hx_err hx_transport_submit(struct hx_transport *t, struct hx_http_request *req,
				hx_transport_done_fn done, void *user);
/* Runs until every queued request is done (or the deadline passes: the rest fail). */
enum hx_err hx_transport_run(struct hx_transport *t, struct hx_diag *diag);

struct hx_transport_stats {
	size_t requests;  /* attempts started */
	size_t retries;   /* attempts after a first one */
	size_t failures;  /* requests that failed for good */
	size_t breaker_trips;
};
void hx_transport_get_stats(const struct hx_transport *t, struct hx_transport_stats *s);

#endif
