/*
 * One attempt of a transport request through libcurl: the easy handle's
 * options, the capped body and Retry-After callbacks, and what the outcome means.
 */
#include "transport_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"

#define EXCERPT_MAX 200 /* bytes of an error response's body quoted in the message */

static size_t on_body(char *p, size_t size, size_t n, void *userdata)
{
	struct hx_xfer *x = userdata;

	(void)size; /* always 1 */
	if (hx_buf_add(&x->body, p, n)) {
		x->too_large = true;
		return CURL_WRITEFUNC_ERROR;
	}
	return n;
}

static size_t on_header(char *p, size_t size, size_t n, void *userdata)
{
	static const char name[] = "retry-after:";
	struct hx_xfer *x = userdata;
	size_t len = n, skip = sizeof(name) - 1;

	(void)size;
	if (len >= 5 && !memcmp(p, "HTTP/", 5)) {
		x->retry_after[0] = '\0'; /* a new response (after a 100, say) */
		return n;
	}
	if (len < skip || strncasecmp(p, name, skip))
		return n;
	while (skip < len && (p[skip] == ' ' || p[skip] == '\t'))
		skip++;
	while (len > skip && isspace((unsigned char)p[len - 1]))
		len--;
	if (len - skip < sizeof(x->retry_after)) {
		memcpy(x->retry_after, p + skip, len - skip);
		x->retry_after[len - skip] = '\0';
	}
	return n;
}

static struct curl_slist *request_headers(const struct hx_http_request *req, bool *ok)
{
	struct curl_slist *list = NULL, *next;

	*ok = true;
	for (char **h = req->headers; h && *h; h++) {
		if (!(next = curl_slist_append(list, *h)))
			goto fail;
		list = next;
	}
	/* no "Expect: 100-continue" round trip before big bodies */
	if (req->body) {
		if (!(next = curl_slist_append(list, "Expect:")))
			goto fail;
		list = next;
	}
	return list;
fail:
	curl_slist_free_all(list);
	*ok = false;
	return NULL;
}

static CURLcode xfer_setopts(const struct hx_transport *t, struct hx_xfer *x)
{
	CURL *e = x->easy;
	CURLcode rc = CURLE_OK;

#define SET(opt, val)                                       \
	do {                                                \
		if (!rc)                                    \
			rc = curl_easy_setopt(e, opt, val); \
	} while (0)
	SET(CURLOPT_URL, x->req.url);
	SET(CURLOPT_PRIVATE, (void *)x);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, 0L);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_TIMEOUT_MS, t->o.timeout_ms);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->o.max_response);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, (void *)x);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, (void *)x);
	SET(CURLOPT_ERRORBUFFER, x->curl_error);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	SET(CURLOPT_USERAGENT, "hexaglot");
	SET(CURLOPT_HTTPHEADER, x->headers);
	if (x->req.body) {
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->req.body_len);
		SET(CURLOPT_POSTFIELDS, x->req.body);
	} else {
		SET(CURLOPT_HTTPGET, 1L);
	}
#undef SET
	return rc;
}

static CURL *easy_take(struct hx_transport *t)
{
	if (t->nidle)
		return t->idle[--t->nidle];
	return curl_easy_init();
}

static void easy_give_back(struct hx_transport *t, CURL *e)
{
	if (t->nidle < (size_t)t->o.max_in_flight) {
		curl_easy_reset(e);
		t->idle[t->nidle++] = e;
	} else {
		curl_easy_cleanup(e);
	}
}

enum hx_err hx_xfer_start(struct hx_transport *t, struct hx_xfer *x)
{
	bool ok;
	CURLcode rc;
	CURLMcode mc;

	hx_buf_reset(&x->body);
	x->status = 0;
	x->too_large = false;
	x->retry_after[0] = x->curl_error[0] = '\0';
	if (!x->headers && (x->req.headers || x->req.body)) {
		x->headers = request_headers(&x->req, &ok);
		if (!ok)
			goto nomem;
	}
	if (!(x->easy = easy_take(t)))
		goto nomem;
	if ((rc = xfer_setopts(t, x))) {
		hx_msgf(x->msg, sizeof(x->msg), "cannot set up the request: %s",
			curl_easy_strerror(rc));
		goto fail;
	}
	if ((mc = curl_multi_add_handle(t->multi, x->easy))) {
		hx_msgf(x->msg, sizeof(x->msg), "cannot start the request: %s",
			curl_multi_strerror(mc));
		goto fail;
	}
	x->attempts++;
	t->stats.requests++;
	if (x->attempts > 1)
		t->stats.retries++;
	return HX_OK;
nomem:
	hx_msgf(x->msg, sizeof(x->msg), "cannot start the request: out of memory");
fail:
	if (x->easy)
		easy_give_back(t, x->easy);
	x->easy = NULL;
	return HX_E_MT;
}

/* The first bytes of an error response, on one line, cut at a character boundary. */
static void body_excerpt(const struct hx_buf *body, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)hx_buf_str(body);
	size_t n = body->len < EXCERPT_MAX ? body->len : EXCERPT_MAX, o = 0;

	while (n < body->len && n > 0 && (s[n] & 0xC0) == 0x80)
		n--;
	for (size_t i = 0; i < n && o + 4 < size; i++) {
		char c = s[i] < 0x20 || s[i] == 0x7F ? ' ' : (char)s[i];

		if (c == ' ' && (o == 0 || out[o - 1] == ' '))
			continue;
		out[o++] = c;
	}
	while (o && out[o - 1] == ' ')
		o--;
	if (n < body->len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

static enum hx_attempt http_outcome(struct hx_xfer *x)
{
	char excerpt[EXCERPT_MAX + 8];
	const char *note =
		x->status >= 300 && x->status < 400 ? " (redirects are not followed)" : "";

	if (x->status >= 200 && x->status < 300)
		return HX_ATTEMPT_OK;
	body_excerpt(&x->body, excerpt, sizeof(excerpt));
	hx_msgf(x->msg, sizeof(x->msg), "HTTP %ld%s%s%s", x->status, note, *excerpt ? ": " : "",
		excerpt);
	if (hx_http_status_retryable(x->status))
		return HX_ATTEMPT_RETRY;
	return x->status >= 500 ? HX_ATTEMPT_BROKEN : HX_ATTEMPT_REFUSED;
}

static bool curl_retryable(CURLcode rc)
{
	static const CURLcode codes[] = {
		CURLE_COULDNT_RESOLVE_HOST,
		CURLE_COULDNT_CONNECT,
		CURLE_OPERATION_TIMEDOUT,
		CURLE_SEND_ERROR,
		CURLE_RECV_ERROR,
		CURLE_GOT_NOTHING,
		CURLE_PARTIAL_FILE,
		CURLE_SSL_CONNECT_ERROR,
		CURLE_HTTP2,
		CURLE_HTTP2_STREAM,
		CURLE_HTTP3,
		CURLE_QUIC_CONNECT_ERROR,
	};

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		if (rc == codes[i])
			return true;
	}
	return false;
}

enum hx_attempt hx_xfer_end(struct hx_transport *t, struct hx_xfer *x, CURLcode rc)
{
	long connects = 0;
	char cap[32];

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->status);
	if (!curl_easy_getinfo(x->easy, CURLINFO_NUM_CONNECTS, &connects) && connects > 0)
		t->stats.connections += (size_t)connects;
	curl_multi_remove_handle(t->multi, x->easy);
	easy_give_back(t, x->easy);
	x->easy = NULL;
	if (x->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
		x->too_large = true;
		hx_format_bytes(cap, sizeof(cap), t->o.max_response);
		hx_msgf(x->msg, sizeof(x->msg), "response exceeds the %s cap", cap);
		return HX_ATTEMPT_REFUSED;
	}
	if (rc == CURLE_OK)
		return http_outcome(x);
	x->status = 0;
	if (rc == CURLE_OPERATION_TIMEDOUT)
		hx_msgf(x->msg, sizeof(x->msg), "timed out after %ld ms", t->o.timeout_ms);
	else
		hx_msgf(x->msg, sizeof(x->msg), "%s",
			*x->curl_error ? x->curl_error : curl_easy_strerror(rc));
	return curl_retryable(rc) ? HX_ATTEMPT_RETRY : HX_ATTEMPT_BROKEN;
}

void hx_xfer_fail_message(const struct hx_transport *t, struct hx_xfer *x)
{
	char what[HX_XFER_MSG_MAX], cap[32];

	if (x->too_large) {
		hx_format_bytes(cap, sizeof(cap), t->o.max_response);
		hx_msgf(x->msg, sizeof(x->msg), "response from %s exceeds the %s cap", x->where,
			cap);
	} else {
		memcpy(what, x->msg, sizeof(what));
		if (x->attempts > 1)
			hx_msgf(x->msg, sizeof(x->msg), "%s: %s (%d attempts)", x->where, what,
				x->attempts);
		else
			hx_msgf(x->msg, sizeof(x->msg), "%s: %s", x->where, what);
	}
	hx_xfer_redact(x);
}

void hx_xfer_redact(struct hx_xfer *x)
{
	char word[256];

	if (!x->req.secret_headers)
		return;
	for (char **h = x->req.headers; h && *h; h++) {
		const char *v = strchr(*h, ':');

		if (!v)
			continue;
		v += strspn(v + 1, " \t") + 1;
		hx_redact(x->msg, v);
		/* the credential alone, e.g. the key of "Bearer <key>" echoed by a server */
		while (*v) {
			size_t n = strcspn(v, " \t");

			if (n >= 8 && n < sizeof(word)) {
				memcpy(word, v, n);
				word[n] = '\0';
				hx_redact(x->msg, word);
			}
			v += n;
			v += strspn(v, " \t");
		}
	}
}

void hx_xfer_free(struct hx_xfer *x)
{
	if (!x)
		return;
	hx_http_request_release(&x->req);
	curl_slist_free_all(x->headers);
	hx_buf_release(&x->body);
	free(x->where);
	free(x);
}

void hx_msgf(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out, size, fmt, ap);
	va_end(ap);
}

void hx_format_bytes(char *out, size_t size, size_t n)
{
	if (n && n % ((size_t)1 << 20) == 0)
		snprintf(out, size, "%zu MiB", n >> 20);
	else if (n && n % 1024 == 0)
		snprintf(out, size, "%zu KiB", n >> 10);
	else
		snprintf(out, size, "%zu bytes", n);
}

void hx_format_seconds(char *out, size_t size, long ms)
{
	if (ms >= 1000 && ms % 1000 == 0)
		snprintf(out, size, "%ld s", ms / 1000);
	else if (ms >= 10000)
		snprintf(out, size, "%ld s", (ms + 999) / 1000);
	else
		snprintf(out, size, "%.1f s", (double)((ms + 99) / 100) / 10.0);
}
