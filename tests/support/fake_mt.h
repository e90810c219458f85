/* fake-mt: a fake machine-translation server for tests and benchmarks (APy, LibreTranslate,
 * DeepL, OpenAI-compatible), with deterministic "translation" and seeded fault injection.
 * Declarations shared by tests/support/fake_mt*.c. */
#ifndef FAKE_MT_H
#define FAKE_MT_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>
#include <microhttpd.h>

/* A growable byte buffer, always NUL-terminated; allocation failure aborts. */
struct fake_buf {
	char *data;
	size_t len;
	size_t cap;
};

void fake_buf_add(struct fake_buf *b, const void *p, size_t n);
void fake_buf_adds(struct fake_buf *b, const char *s);
void fake_buf_addf(struct fake_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees the contents; the buffer is empty and reusable afterwards. */
void fake_buf_release(struct fake_buf *b);
/* Returns the newly allocated contents (never NULL); free with free(). */
char *fake_buf_detach(struct fake_buf *b, size_t *len);
void *fake_xmalloc(size_t n);
char *fake_xstrdup(const char *s);

/* A list of owned NUL-terminated strings. */
struct fake_texts {
	char **v;
	size_t n;
	size_t cap;
};

/* Copies n bytes of s as a new entry. */
void fake_texts_add(struct fake_texts *t, const char *s, size_t n);
void fake_texts_release(struct fake_texts *t);

/* Decoded application/x-www-form-urlencoded fields, in order, repeats kept. */
struct fake_form {
	struct fake_texts keys;
	struct fake_texts values;
	bool invalid; /* a value or key is not UTF-8 or holds a NUL */
};

void fake_form_parse(struct fake_form *f, const char *s, size_t n);
/* Returns a borrowed pointer to the first value of key, or NULL. */
const char *fake_form_get(const struct fake_form *f, const char *key);
void fake_form_release(struct fake_form *f);

bool fake_utf8_valid(const char *s, size_t n);
size_t fake_utf8_chars(const char *s, size_t n);
/* Returns the byte length of the first max_chars code points of s. */
size_t fake_utf8_prefix(const char *s, size_t n, size_t max_chars);

/* Appends "[target] " (target lower-cased) and s with every ASCII letter's case swapped;
 * tags <...>, entities &...; and the content of elements named in ignore_tags (a comma
 * separated list, may be NULL) are copied unchanged. */
void fake_translate(struct fake_buf *out, const char *s, size_t n, const char *target,
		    const char *ignore_tags);
/* Removes (dup false) or duplicates (dup true) the first <x .../> placeholder of b;
 * returns whether there was one. */
bool fake_mangle_placeholder(struct fake_buf *b, bool dup);
/* Appends s with &amp; &lt; &gt; &quot; &#39; &apos; &nbsp; and numeric references decoded,
 * as Python's html.unescape does for them. */
void fake_html_unescape(struct fake_buf *out, const char *s);

/* Everything /_control can change; plain values so a request can take a snapshot. */
struct fake_config {
	long latency_ms;
	long jitter_ms;
	long max_concurrent; /* 0: unlimited */
	double fail_5xx;
	double fail_429;
	double fail_timeout;
	long timeout_sleep_ms;
	double fail_malformed;
	double fail_truncated;
	double fail_drop_placeholder;
	double fail_dup_placeholder;
	double fail_reset;
	long huge_response_mb;
	long fail_all_status; /* 0: off */
	long fail_first;
	long apy_truncate_chars; /* 0: off */
	long deepl_quota_chars;  /* 0: unlimited */
	unsigned long long seed;
	char apy_pairs[1024]; /* "eng-spa,spa-eng,..." */
	char api_key[256];    /* empty: no key required (DeepL still needs one) */
	char model[128];
};

/* Applies one setting by name from its text form (command line); returns NULL on success
 * or a static error message. */
const char *fake_config_set_text(struct fake_config *c, const char *name, const char *value);
/* Applies a JSON object of settings; on failure writes a message to err and leaves c
 * partly changed (callers work on a copy). */
bool fake_config_set_json(struct fake_config *c, json_t *obj, char *err, size_t errlen);
/* Returns a new JSON object of every setting; free with json_decref. */
json_t *fake_config_json(const struct fake_config *c);
void fake_config_defaults(struct fake_config *c);

enum fake_proto { PROTO_ALL, PROTO_APY, PROTO_LT, PROTO_DEEPL, PROTO_OPENAI, PROTO_META };

enum fake_route {
	ROUTE_APY_TRANSLATE,
	ROUTE_APY_LIST_PAIRS,
	ROUTE_LT_TRANSLATE,
	ROUTE_LT_LANGUAGES,
	ROUTE_DEEPL_TRANSLATE,
	ROUTE_DEEPL_LANGUAGES,
	ROUTE_DEEPL_USAGE,
	ROUTE_OPENAI_CHAT,
	ROUTE_OPENAI_MODELS,
	ROUTE_NOT_FOUND,
	ROUTE_META,
	ROUTE_COUNT
};

enum fake_outcome {
	OUT_OK,
	OUT_REJECTED,
	OUT_TOO_LARGE,
	OUT_FAIL_FIRST,
	OUT_FAIL_ALL_STATUS,
	OUT_FAIL_5XX,
	OUT_FAIL_429,
	OUT_FAIL_RESET,
	OUT_HUGE,
	OUT_MALFORMED,
	OUT_TRUNCATED,
	OUT_DROP_PLACEHOLDER,
	OUT_DUP_PLACEHOLDER,
	OUT_APY_TRUNCATED,
	OUT_COUNT
};

struct fake_stats {
	unsigned long requests;
	unsigned long by_route[ROUTE_COUNT];
	unsigned long by_outcome[OUT_COUNT];
	unsigned long by_status[600];
	unsigned long timeouts;
	unsigned long retry_after;
	unsigned long texts_received;
	unsigned long texts_translated;
	unsigned long chars_translated;
	unsigned long deepl_chars;
	long in_flight;
	long max_concurrent;
	json_t *distinct;      /* object used as a set of texts */
	json_t *distinct_list; /* the same texts, in the order first received */
	bool distinct_capped;
};

/* The server: configuration, counters and the request slots, all under lock. */
struct fake {
	pthread_mutex_t lock;
	pthread_cond_t wake; /* slots freed, settings changed, or stopping */
	struct fake_config cfg;
	struct fake_stats stats;
	enum fake_proto protocol;
	size_t max_body;
	uint64_t serial;           /* protocol requests seen since start or reseed */
	unsigned long translates;  /* translate requests since start or fail_first set */
	unsigned long n429;        /* 429 answers given, to alternate Retry-After */
	unsigned long n_truncated; /* truncated answers, to alternate the two kinds */
	bool stopping;
	FILE *protocol_log;
};

enum fake_delivery { DELIVER_NORMAL, DELIVER_LIE, DELIVER_HUGE, DELIVER_RESET };

/* One request being answered. */
struct exchange {
	struct fake *fake;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	const char *query; /* raw query string without '?', never NULL */
	const char *body;  /* NUL-terminated */
	size_t body_len;
	struct fake_config cfg; /* snapshot taken when the request started */
	uint64_t serial;
	unsigned long translate_no; /* 1 for the first translate request (for fail_first) */
	enum fake_route route;
	enum fake_proto proto;
	/* the answer */
	int status;
	struct fake_buf out;
	const char *content_type;
	bool retry_after;
	enum fake_delivery delivery;
	enum fake_outcome outcome;
	size_t texts_ok; /* texts translated in a 200 answer */
	size_t chars_ok;
};

/* Draw k (see enum fake_draw) of a request, uniform in [0, 1). */
enum fake_draw {
	DRAW_RESET,
	DRAW_TIMEOUT,
	DRAW_5XX,
	DRAW_5XX_WHICH,
	DRAW_429,
	DRAW_MALFORMED,
	DRAW_TRUNCATED,
	DRAW_DROP,
	DRAW_DUP,
	DRAW_JITTER
};
double fake_draw(const struct exchange *x, enum fake_draw k);
bool fake_drawn(const struct exchange *x, enum fake_draw k, double p);

/* Faults decided before the protocol handler runs; returns true if x is answered. */
bool fake_faults_before(struct exchange *x);
/* Faults on a finished 200 answer (malformed, truncated). */
void fake_faults_after(struct exchange *x);
/* Sleeps ms or until the server stops; returns false if it is stopping. */
bool fake_nap(struct fake *f, long ms);

/* Answers with the protocol's error shape. */
void fake_error(struct exchange *x, int status, const char *message);
const char *fake_reason(int status);
/* Sets a 200 (or status) JSON answer from v, dumped with flags; takes ownership of v. */
void fake_reply_json(struct exchange *x, int status, json_t *v, size_t flags);
/* Counts texts received (and distinct ones) for /_stats. */
void fake_note_texts(struct exchange *x, const struct fake_texts *t);
/* Applies the placeholder faults to one of n translated texts. */
void fake_placeholder_faults(struct exchange *x, struct fake_buf *outs, size_t n);
/* Returns the request header's value, a borrowed pointer, or NULL. */
const char *fake_header(const struct exchange *x, const char *name);
bool fake_body_is_json(const struct exchange *x);
/* Parses the query string and, if it is a form, the body into f. */
void fake_request_form(const struct exchange *x, struct fake_form *f);

void fake_apy_translate(struct exchange *x);
void fake_apy_list_pairs(struct exchange *x);
void fake_lt_translate(struct exchange *x);
void fake_lt_languages(struct exchange *x);
void fake_deepl_translate(struct exchange *x);
void fake_deepl_languages(struct exchange *x);
void fake_deepl_usage(struct exchange *x);
void fake_openai_chat(struct exchange *x);
void fake_openai_models(struct exchange *x);
/* Whether a /translate request looks like APy's (langpair, form) rather than
 * LibreTranslate's (JSON, or source/target). */
bool fake_translate_is_apy(const struct exchange *x);

void fake_stats_init(struct fake_stats *s);
void fake_stats_release(struct fake_stats *s);
void fake_stats_reset(struct fake_stats *s);
/* Returns a new JSON object of the counters; call under lock; free with json_decref. */
json_t *fake_stats_json(const struct fake_stats *s);
extern const char *const fake_route_names[ROUTE_COUNT];

/* Answers /_stats, /_stats/reset and /_control. */
void fake_serve_meta(struct exchange *x);

/* Starts the HTTP daemon on 127.0.0.1:port; returns NULL on failure. */
struct MHD_Daemon *fake_http_start(struct fake *f, unsigned port);

#endif
