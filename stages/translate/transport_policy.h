/*
 * The transport's pure decisions, apart from libcurl's I/O so they can be tested
 * without a network: backoff with jitter, Retry-After, the circuit breaker, the
 * token bucket, and what a URL may show of itself in a message.
 */
#ifndef HX_TRANSPORT_POLICY_H
#define HX_TRANSPORT_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "err.h"

/* The next number of a seeded xorshift64* sequence; *state must not be 0. */
uint64_t hx_rng_next(uint64_t *state);
/* A non-zero generator state from seed (0: from the clock). */
uint64_t hx_rng_seed(unsigned seed);

/*
 * The wait before retry number retry (1 for the first): base_ms doubled per
 * retry, capped at max_ms, then "equal jitter": uniform in [d/2, d].
 */
long hx_backoff_delay_ms(long base_ms, long max_ms, int retry, uint64_t *rng);

/*
 * A Retry-After value, delta-seconds or an HTTP date (IMF-fixdate, RFC 850,
 * asctime), as milliseconds from now (0 for a date in the past). False for
 * anything else, including negative or fractional seconds.
 */
bool hx_retry_after_parse(const char *value, time_t now, long *delay_ms);

/* Whether an HTTP status is worth another attempt: 429, 500, 502, 503, 504. */
bool hx_http_status_retryable(long status);

enum hx_breaker_state { HX_BREAKER_CLOSED, HX_BREAKER_OPEN, HX_BREAKER_HALF_OPEN };

/* What the breaker says to an attempt that wants to start. */
enum hx_breaker_verdict {
	HX_BREAKER_PASS,   /* closed: go */
	HX_BREAKER_TRIAL,  /* half-open: go, as the one trial */
	HX_BREAKER_REJECT, /* open: fail at once */
	HX_BREAKER_WAIT,   /* half-open with the trial in flight: wait for its outcome */
};

/*
 * Per endpoint: threshold consecutive failed attempts open it; after
 * cooldown_ms one trial goes through; its success closes it, its failure
 * reopens it. Any success closes it (a late answer proves the endpoint works).
 */
struct hx_breaker {
	enum hx_breaker_state state;
	int threshold;
	long cooldown_ms;
	int failures; /* consecutive failed attempts */
	int64_t opened_at;
	bool trial_in_flight;
	size_t trips; /* times it opened, reopenings included */
};

void hx_breaker_init(struct hx_breaker *b, int threshold, long cooldown_ms);
/* Decides for an attempt at now_ms; HX_BREAKER_TRIAL marks the trial as started. */
enum hx_breaker_verdict hx_breaker_admit(struct hx_breaker *b, int64_t now_ms);
/* Records an attempt's outcome; true when this failure opened the circuit. */
bool hx_breaker_record(struct hx_breaker *b, bool ok, bool was_trial, int64_t now_ms);
/* A trial that ended without an outcome (cancelled): the next attempt may try again. */
void hx_breaker_abandon_trial(struct hx_breaker *b);
/* Milliseconds until an open breaker lets a trial through (0 when it would now). */
long hx_breaker_reopen_in_ms(const struct hx_breaker *b, int64_t now_ms);

/*
 * Request starts a second, with room for a burst of burst starts (at least 1).
 * rate_per_s 0 means unlimited.
 */
struct hx_token_bucket {
	double rate_per_s;
	double burst;
	double tokens;
	int64_t last_ms;
};

void hx_token_bucket_init(struct hx_token_bucket *tb, double rate_per_s, double burst,
			  int64_t now_ms);
/* Milliseconds until a token is there (0: one is there now). */
long hx_token_bucket_wait_ms(struct hx_token_bucket *tb, int64_t now_ms);
/* Takes a token; true if there was one. */
bool hx_token_bucket_take(struct hx_token_bucket *tb, int64_t now_ms);

/*
 * What a message may show of url: scheme://host[:port]/path, without
 * credentials, query or fragment. *endpoint is scheme://host:port, the key of
 * the circuit breaker. Both newly allocated; free with free(). On failure (a
 * malformed URL, a scheme other than http and https) *display is still set,
 * as much of the URL as is safe to show, *endpoint is NULL, and HX_E_MT comes
 * with the reason in diag.
 */
enum hx_err hx_url_describe(const char *url, char **display, char **endpoint, struct hx_diag *diag);

/* Replaces every occurrence of secret (if at least 4 bytes) in msg by "***", in place. */
void hx_redact(char *msg, const char *secret);

#endif
