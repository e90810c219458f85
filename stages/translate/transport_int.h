/*
 * Inside the transport: the state shared by transport.c (objects, queues),
 * transport_run.c (the loop) and transport_xfer.c (one attempt through libcurl).
 */
#ifndef HX_TRANSPORT_INT_H
#define HX_TRANSPORT_INT_H

#include <curl/curl.h>
#include <stdint.h>

#include "buf.h"
#include "transport.h"
#include "transport_policy.h"

#define HX_XFER_MSG_MAX 640 /* an attempt's or a request's message */

struct hx_endpoint {
	char *key; /* scheme://host:port */
	struct hx_breaker breaker;
	char last_error[HX_XFER_MSG_MAX]; /* the last failed attempt, for the circuit message */
	struct hx_endpoint *next;
};

/* One submitted request, from hx_transport_submit to its callback. */
struct hx_xfer {
	struct hx_http_request req;
	hx_transport_done_fn done;
	void *user;
	char *where;               /* the URL as messages may show it */
	struct hx_endpoint *ep;    /* NULL when the URL is unusable */
	char msg[HX_XFER_MSG_MAX]; /* why the last attempt failed, then the final message */
	CURL *easy;                /* while in flight */
	struct curl_slist *headers;
	struct hx_buf body;
	long status; /* of the last attempt; 0 when no response arrived */
	int attempts;
	int64_t ready_at;     /* when a retry may start */
	char retry_after[80]; /* the last response's Retry-After value */
	bool too_large;
	bool trial; /* the breaker's half-open trial */
	char curl_error[CURL_ERROR_SIZE];
	struct hx_xfer *prev, *next;
};

struct hx_xfer_list {
	struct hx_xfer *head, *tail;
	size_t n;
};

struct hx_transport {
	struct hx_transport_opts o;
	CURLM *multi;
	CURL **idle; /* easy handles kept for reuse */
	size_t nidle;
	struct hx_endpoint *endpoints;
	struct hx_xfer_list fresh;   /* submitted, not started yet */
	struct hx_xfer_list waiting; /* for a retry, by ready_at */
	struct hx_xfer_list doomed;  /* to fail at once, msg set */
	struct hx_xfer_list in_flight;
	struct hx_token_bucket bucket;
	uint64_t rng;
	struct hx_transport_stats stats;
	bool running;
	enum hx_err stop_err; /* a callback's error: the run is over */
};

/* How an attempt ended, for the retry decision and the circuit breaker. */
enum hx_attempt {
	HX_ATTEMPT_OK,      /* 2xx */
	HX_ATTEMPT_RETRY,   /* connection error, timeout, 429, 500, 502-504: the endpoint's fault */
	HX_ATTEMPT_REFUSED, /* 3xx, other 4xx, too large: final, but the endpoint works */
	HX_ATTEMPT_BROKEN,  /* other 5xx, TLS failure...: final, and the endpoint's fault */
};

/* Milliseconds on the monotonic clock. */
int64_t hx_transport_now_ms(void);

void hx_xfer_list_append(struct hx_xfer_list *l, struct hx_xfer *x);
void hx_xfer_list_remove(struct hx_xfer_list *l, struct hx_xfer *x);
/* Keeps the waiting list ordered by ready_at, equal times in arrival order. */
void hx_xfer_list_insert_timed(struct hx_xfer_list *l, struct hx_xfer *x);

/* Whether ep's circuit is open and not yet ready for a trial. */
bool hx_endpoint_is_open(const struct hx_endpoint *ep, int64_t now);
/* x->msg says that x's endpoint has its circuit open, since when and until when. */
void hx_endpoint_circuit_message(struct hx_xfer *x, int64_t now);

/* Starts x's next attempt on an easy handle in t->multi; HX_E_MT with x->msg set on failure. */
enum hx_err hx_xfer_start(struct hx_transport *t, struct hx_xfer *x);
/* Takes x's finished attempt out of t->multi, keeps its handle, says how it went (x->msg). */
enum hx_attempt hx_xfer_end(struct hx_transport *t, struct hx_xfer *x, CURLcode rc);
/* The final message for a failed x, in x->msg: what happened, to which URL, after how many tries.
 */
void hx_xfer_fail_message(const struct hx_transport *t, struct hx_xfer *x);
/* Takes every header value of a secret_headers request out of x->msg. */
void hx_xfer_redact(struct hx_xfer *x);
/* Frees x and what it owns (x must be out of the multi handle). */
void hx_xfer_free(struct hx_xfer *x);
/* snprintf into a message buffer, cutting what does not fit (a long URL, a long excerpt). */
void hx_msgf(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "16 MiB", "512 KiB", "1000 bytes" */
void hx_format_bytes(char *out, size_t size, size_t n);
/* "30 s", "1.5 s", "0.3 s" */
void hx_format_seconds(char *out, size_t size, long ms);

#endif
