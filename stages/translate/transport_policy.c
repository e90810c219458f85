/* The transport's pure decisions: backoff, Retry-After, breaker, token bucket, safe URLs. */
#include "transport_policy.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

uint64_t hx_rng_next(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

uint64_t hx_rng_seed(unsigned seed)
{
	uint64_t s = seed;
	struct timespec ts;

	if (!seed) {
		clock_gettime(CLOCK_REALTIME, &ts);
		s = (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec;
	}
	/* splitmix64 once, so that nearby seeds give unrelated sequences */
	s += 0x9E3779B97F4A7C15ULL;
	s = (s ^ (s >> 30)) * 0xBF58476D1CE4E5B9ULL;
	s = (s ^ (s >> 27)) * 0x94D049BB133111EBULL;
	s ^= s >> 31;
	return s ? s : 1;
}

long hx_backoff_delay_ms(long base_ms, long max_ms, int retry, uint64_t *rng)
{
	long d = base_ms > 0 ? base_ms : 0;
	long half;

	if (max_ms < 0)
		max_ms = 0;
	for (int i = 1; i < retry && d < max_ms; i++)
		d = d > max_ms / 2 ? max_ms : d * 2;
	if (d > max_ms)
		d = max_ms;
	half = d / 2;
	return d - half + (long)(hx_rng_next(rng) % (uint64_t)(half + 1));
}

static bool parse_delta_seconds(const char *s, long *delay_ms)
{
	long long secs = 0;

	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++) {
		if (secs < LONG_MAX / 1000)
			secs = secs * 10 + (*s - '0');
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s)
		return false;
	*delay_ms = secs >= LONG_MAX / 1000 ? LONG_MAX : (long)(secs * 1000);
	return true;
}

/* curl_getdate is lenient ("Oct 2015" is a date to it): insist on the shape of a full date. */
static bool looks_like_http_date(const char *s)
{
	size_t len = strlen(s), digits = 0, alphas = 0;

	for (const char *p = s; *p; p++) {
		digits += isdigit((unsigned char)*p) != 0;
		alphas += isalpha((unsigned char)*p) != 0;
	}
	return len >= 20 && len <= 64 && digits >= 10 && alphas >= 6 && strchr(s, ':');
}

bool hx_retry_after_parse(const char *value, time_t now, long *delay_ms)
{
	char buf[80];
	size_t len;
	time_t when;

	if (!value)
		return false;
	while (*value == ' ' || *value == '\t')
		value++;
	len = strlen(value);
	while (len && (value[len - 1] == ' ' || value[len - 1] == '\t' || value[len - 1] == '\r' ||
		       value[len - 1] == '\n'))
		len--;
	if (!len || len >= sizeof(buf))
		return false;
	memcpy(buf, value, len);
	buf[len] = '\0';
	if (isdigit((unsigned char)buf[0]))
		return parse_delta_seconds(buf, delay_ms);
	if (!looks_like_http_date(buf))
		return false;
	when = curl_getdate(buf, NULL);
	if (when == -1)
		return false;
	if (when <= now)
		*delay_ms = 0;
	else if (when - now >= LONG_MAX / 1000)
		*delay_ms = LONG_MAX;
	else
		*delay_ms = (long)(when - now) * 1000;
	return true;
}

bool hx_http_status_retryable(long status)
{
	return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

void hx_breaker_init(struct hx_breaker *b, int threshold, long cooldown_ms)
{
	memset(b, 0, sizeof(*b));
	b->state = HX_BREAKER_CLOSED;
	b->threshold = threshold > 0 ? threshold : 1;
	b->cooldown_ms = cooldown_ms > 0 ? cooldown_ms : 0;
}

enum hx_breaker_verdict hx_breaker_admit(struct hx_breaker *b, int64_t now_ms)
{
	switch (b->state) {
	case HX_BREAKER_CLOSED:
		return HX_BREAKER_PASS;
	case HX_BREAKER_OPEN:
		if (now_ms - b->opened_at < b->cooldown_ms)
			return HX_BREAKER_REJECT;
		b->state = HX_BREAKER_HALF_OPEN;
		b->trial_in_flight = true;
		return HX_BREAKER_TRIAL;
	case HX_BREAKER_HALF_OPEN:
		if (b->trial_in_flight)
			return HX_BREAKER_WAIT;
		b->trial_in_flight = true;
		return HX_BREAKER_TRIAL;
	}
	return HX_BREAKER_REJECT;
}

static void breaker_open(struct hx_breaker *b, int64_t now_ms)
{
	b->state = HX_BREAKER_OPEN;
	b->opened_at = now_ms;
	b->trial_in_flight = false;
	b->trips++;
}

bool hx_breaker_record(struct hx_breaker *b, bool ok, bool was_trial, int64_t now_ms)
{
	if (was_trial)
		b->trial_in_flight = false;
	if (ok) {
		b->state = HX_BREAKER_CLOSED;
		b->failures = 0;
		return false;
	}
	if (b->failures < INT_MAX)
		b->failures++;
	switch (b->state) {
	case HX_BREAKER_CLOSED:
		if (b->failures < b->threshold)
			return false;
		breaker_open(b, now_ms);
		return true;
	case HX_BREAKER_OPEN:
		return false; /* an attempt started before it opened: already counted out */
	case HX_BREAKER_HALF_OPEN:
		breaker_open(b, now_ms);
		return true;
	}
	return false;
}

void hx_breaker_abandon_trial(struct hx_breaker *b)
{
	b->trial_in_flight = false;
}

long hx_breaker_reopen_in_ms(const struct hx_breaker *b, int64_t now_ms)
{
	int64_t left = b->opened_at + b->cooldown_ms - now_ms;

	if (b->state != HX_BREAKER_OPEN || left <= 0)
		return 0;
	return left > LONG_MAX ? LONG_MAX : (long)left;
}

void hx_token_bucket_init(struct hx_token_bucket *tb, double rate_per_s, double burst,
			  int64_t now_ms)
{
	tb->rate_per_s = rate_per_s > 0 ? rate_per_s : 0;
	tb->burst = burst >= 1 ? burst : 1;
	tb->tokens = tb->burst;
	tb->last_ms = now_ms;
}

static void token_bucket_refill(struct hx_token_bucket *tb, int64_t now_ms)
{
	if (now_ms <= tb->last_ms)
		return;
	tb->tokens += (double)(now_ms - tb->last_ms) * tb->rate_per_s / 1000.0;
	if (tb->tokens > tb->burst)
		tb->tokens = tb->burst;
	tb->last_ms = now_ms;
}

long hx_token_bucket_wait_ms(struct hx_token_bucket *tb, int64_t now_ms)
{
	double ms;

	if (tb->rate_per_s <= 0)
		return 0;
	token_bucket_refill(tb, now_ms);
	if (tb->tokens >= 1.0)
		return 0;
	ms = (1.0 - tb->tokens) * 1000.0 / tb->rate_per_s;
	return ms >= (double)LONG_MAX ? LONG_MAX : (long)ms + 1;
}

bool hx_token_bucket_take(struct hx_token_bucket *tb, int64_t now_ms)
{
	if (tb->rate_per_s <= 0)
		return true;
	token_bucket_refill(tb, now_ms);
	if (tb->tokens < 1.0)
		return false;
	tb->tokens -= 1.0;
	return true;
}

/* The raw URL cut before its query or fragment, with any user:password@ taken out. */
static char *url_strip_secrets(const char *url)
{
	size_t end = strcspn(url, "?#");
	const char *auth = strstr(url, "://");
	struct hx_buf out = HX_BUF_INIT(0);
	size_t from = 0;

	if (auth && (size_t)(auth - url) < end) {
		size_t host = (size_t)(auth - url) + 3;
		size_t slash = host + strcspn(url + host, "/?#");

		hx_buf_add(&out, url, host);
		from = host;
		for (size_t i = host; i < slash; i++) {
			if (url[i] == '@')
				from = i + 1;
		}
	}
	hx_buf_add(&out, url + from, end - from);
	return hx_buf_detach(&out, NULL);
}

struct url_parts {
	char *scheme, *host, *port, *explicit_port, *path;
};

static bool url_parts_get(CURLU *u, struct url_parts *p)
{
	if (curl_url_get(u, CURLUPART_SCHEME, &p->scheme, 0) ||
	    curl_url_get(u, CURLUPART_HOST, &p->host, 0) ||
	    curl_url_get(u, CURLUPART_PORT, &p->port, CURLU_DEFAULT_PORT) ||
	    curl_url_get(u, CURLUPART_PATH, &p->path, 0))
		return false;
	curl_url_get(u, CURLUPART_PORT, &p->explicit_port, 0);
	return true;
}

static void url_parts_release(struct url_parts *p)
{
	curl_free(p->scheme);
	curl_free(p->host);
	curl_free(p->port);
	curl_free(p->explicit_port);
	curl_free(p->path);
}

static void url_parts_describe(struct url_parts *p, char **display, char **endpoint)
{
	struct hx_buf b = HX_BUF_INIT(0);

	for (char *h = p->host; *h; h++)
		*h = (char)tolower((unsigned char)*h);
	hx_buf_addf(&b, "%s://%s:%s", p->scheme, p->host, p->port);
	*endpoint = hx_buf_detach(&b, NULL);
	hx_buf_addf(&b, "%s://%s%s%s%s", p->scheme, p->host, p->explicit_port ? ":" : "",
		    p->explicit_port ? p->explicit_port : "", p->path);
	*display = hx_buf_detach(&b, NULL);
}

enum hx_err hx_url_describe(const char *url, char **display, char **endpoint, struct hx_diag *diag)
{
	CURLU *u = curl_url();
	struct url_parts p = {0};
	CURLUcode uc;
	enum hx_err err = HX_OK;

	*display = url_strip_secrets(url ? url : "");
	*endpoint = NULL;
	if (!u)
		return hx_fail(diag, HX_E_INTERNAL, "cannot parse URL '%s': out of memory",
			       *display);
	uc = curl_url_set(u, CURLUPART_URL, url ? url : "", CURLU_NON_SUPPORT_SCHEME);
	if (uc) {
		err = hx_fail(diag, HX_E_MT, "invalid URL '%s': %s", *display,
			      curl_url_strerror(uc));
	} else if (!url_parts_get(u, &p)) {
		err = hx_fail(diag, HX_E_MT, "invalid URL '%s': no host or port", *display);
	} else if (strcmp(p.scheme, "http") && strcmp(p.scheme, "https")) {
		err = hx_fail(diag, HX_E_MT, "unsupported scheme '%s' in '%s': only http and https",
			      p.scheme, *display);
	} else {
		free(*display);
		url_parts_describe(&p, display, endpoint);
	}
	url_parts_release(&p);
	curl_url_cleanup(u);
	return err;
}

void hx_redact(char *msg, const char *secret)
{
	size_t n = secret ? strlen(secret) : 0;
	char *p;

	if (n < 4)
		return;
	while ((p = strstr(msg, secret))) {
		memcpy(p, "***", 3);
		memmove(p + 3, p + n, strlen(p + n) + 1);
	}
}
