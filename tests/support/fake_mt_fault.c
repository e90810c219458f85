/* fake-mt faults, drawn per request from the seed so that a run is reproducible, and the
 * answers every protocol shares: its error shape and its JSON output. */
#include <stdlib.h>
#include <string.h>

#include "fake_mt.h"

static uint64_t mix64(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Counter-based (splitmix64 of seed, request serial and draw index): the draws of a request
 * do not depend on which faults are switched on. */
double fake_draw(const struct exchange *x, enum fake_draw k)
{
	uint64_t z = mix64(x->cfg.seed);

	z = mix64(z ^ x->serial);
	z = mix64(z ^ (uint64_t)k);
	return (double)(z >> 11) * 0x1.0p-53;
}

bool fake_drawn(const struct exchange *x, enum fake_draw k, double p)
{
	return p > 0 && fake_draw(x, k) < p;
}

const char *fake_reason(int status)
{
	static const struct {
		int status;
		const char *reason;
	} reasons[] = {
		{200, "OK"},
		{400, "Bad Request"},
		{401, "Unauthorized"},
		{403, "Forbidden"},
		{404, "Not Found"},
		{405, "Method Not Allowed"},
		{408, "Request Timeout"},
		{413, "Request Entity Too Large"},
		{429, "Too Many Requests"},
		{500, "Internal Server Error"},
		{502, "Bad Gateway"},
		{503, "Service Unavailable"},
		{504, "Gateway Timeout"},
	};

	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].status == status)
			return reasons[i].reason;
	return "Unknown";
}

/* APy's dump_json escapes "</" as "<\/" (so that the JSON can sit in a <script>). */
static void add_apy_json(struct fake_buf *out, const char *s)
{
	for (const char *p; (p = strstr(s, "</")); s = p + 2) {
		fake_buf_add(out, s, (size_t)(p - s));
		fake_buf_adds(out, "<\\/");
	}
	fake_buf_adds(out, s);
}

void fake_reply_json(struct exchange *x, int status, json_t *v, size_t flags)
{
	char *text = v ? json_dumps(v, flags) : NULL;

	json_decref(v);
	x->out.len = 0;
	x->content_type = "application/json";
	if (!text) {
		x->status = 500;
		fake_buf_adds(&x->out, "{\"error\": \"fake-mt cannot encode its answer\"}");
		return;
	}
	x->status = status;
	if (x->proto == PROTO_APY) {
		x->content_type = "application/json; charset=UTF-8";
		add_apy_json(&x->out, text);
	} else {
		fake_buf_adds(&x->out, text);
	}
	free(text);
}

static json_t *openai_error(int status, const char *message)
{
	const char *type = status >= 500 ? "server_error" : "invalid_request_error";
	json_t *code = json_null();

	if (status == 401) {
		json_decref(code);
		code = json_string("invalid_api_key");
	} else if (status == 429) {
		type = "requests";
		json_decref(code);
		code = json_string("rate_limit_exceeded");
	}
	return json_pack("{s:{s:s, s:s, s:n, s:o}}", "error", "message", message, "type", type,
			 "param", "code", code);
}

void fake_error(struct exchange *x, int status, const char *message)
{
	json_t *v = NULL;

	switch (x->proto) {
	case PROTO_ALL:
	case PROTO_APY:
		v = json_pack("{s:s, s:i, s:s, s:s}", "status", "error", "code", status, "message",
			      fake_reason(status), "explanation", message);
		break;
	case PROTO_LT:
	case PROTO_META:
		v = json_pack("{s:s+}", "error", status == 429 ? "Slowdown: " : "", message);
		break;
	case PROTO_DEEPL:
		v = json_pack("{s:s}", "message", message);
		break;
	case PROTO_OPENAI:
		v = openai_error(status, message);
		break;
	}
	fake_reply_json(x, status, v, x->proto == PROTO_APY ? 0 : JSON_COMPACT);
}

/* 502 and 504 come from the proxy in front, as an HTML page. */
static void proxy_error(struct exchange *x, int status)
{
	const char *reason = fake_reason(status);

	x->status = status;
	x->content_type = "text/html";
	x->out.len = 0;
	fake_buf_addf(&x->out,
		      "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d "
		      "%s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
		      status, reason, status, reason);
}

static bool fail_with(struct exchange *x, int status, enum fake_outcome outcome)
{
	x->outcome = outcome;
	if (status == 429) {
		pthread_mutex_lock(&x->fake->lock);
		x->retry_after = ++x->fake->n429 % 2 == 1;
		x->fake->stats.retry_after += x->retry_after;
		pthread_mutex_unlock(&x->fake->lock);
	}
	if (status == 502 || status == 504)
		proxy_error(x, status);
	else if (status == 429)
		fake_error(x, status,
			   x->proto == PROTO_LT ? "Too many request limits violations"
						: "Too many requests");
	else if (status == 503)
		fake_error(x, status,
			   x->proto == PROTO_APY ? "internal error" : "Service unavailable");
	else if (status == 456)
		fake_error(x, status, "Quota exceeded. The character limit has been reached.");
	else
		fake_error(x, status, fake_reason(status));
	return true;
}

bool fake_faults_before(struct exchange *x)
{
	static const int codes_5xx[] = {500, 502, 503, 504};
	const struct fake_config *c = &x->cfg;

	if (fake_drawn(x, DRAW_RESET, c->fail_reset)) {
		x->delivery = DELIVER_RESET;
		x->outcome = OUT_FAIL_RESET;
		return true;
	}
	if (fake_drawn(x, DRAW_TIMEOUT, c->fail_timeout)) {
		pthread_mutex_lock(&x->fake->lock);
		x->fake->stats.timeouts++;
		pthread_mutex_unlock(&x->fake->lock);
		if (!fake_nap(x->fake, c->timeout_sleep_ms)) {
			x->delivery = DELIVER_RESET;
			return true;
		}
	}
	if (c->fail_first > 0 && x->translate_no <= (unsigned long)c->fail_first)
		return fail_with(x, 503, OUT_FAIL_FIRST);
	if (c->fail_all_status)
		return fail_with(x, (int)c->fail_all_status, OUT_FAIL_ALL_STATUS);
	if (fake_drawn(x, DRAW_5XX, c->fail_5xx))
		return fail_with(x, codes_5xx[(int)(fake_draw(x, DRAW_5XX_WHICH) * 4)],
				 OUT_FAIL_5XX);
	if (fake_drawn(x, DRAW_429, c->fail_429))
		return fail_with(x, 429, OUT_FAIL_429);
	if (c->huge_response_mb > 0) {
		x->status = 200;
		x->content_type = "application/json";
		x->delivery = DELIVER_HUGE;
		x->outcome = OUT_HUGE;
		return true;
	}
	return false;
}

void fake_faults_after(struct exchange *x)
{
	const struct fake_config *c = &x->cfg;
	bool lie;

	if (x->status != 200 || x->delivery != DELIVER_NORMAL)
		return;
	if (fake_drawn(x, DRAW_MALFORMED, c->fail_malformed)) {
		x->out.len = 0;
		fake_buf_adds(&x->out, "{\"fake-mt\": malformed JSON, \"status\": 200,,");
		x->outcome = OUT_MALFORMED;
	} else if (fake_drawn(x, DRAW_TRUNCATED, c->fail_truncated)) {
		pthread_mutex_lock(&x->fake->lock);
		lie = ++x->fake->n_truncated % 2 == 1;
		pthread_mutex_unlock(&x->fake->lock);
		if (lie) {
			x->delivery = DELIVER_LIE;
		} else {
			x->out.len /= 2;
			x->out.data[x->out.len] = '\0';
		}
		x->outcome = OUT_TRUNCATED;
	}
}

static void mangle_first(struct exchange *x, struct fake_buf *outs, size_t n, bool dup,
			 enum fake_outcome outcome)
{
	for (size_t i = 0; i < n; i++)
		if (fake_mangle_placeholder(&outs[i], dup)) {
			x->outcome = outcome;
			return;
		}
}

void fake_placeholder_faults(struct exchange *x, struct fake_buf *outs, size_t n)
{
	if (fake_drawn(x, DRAW_DROP, x->cfg.fail_drop_placeholder))
		mangle_first(x, outs, n, false, OUT_DROP_PLACEHOLDER);
	if (fake_drawn(x, DRAW_DUP, x->cfg.fail_dup_placeholder))
		mangle_first(x, outs, n, true, OUT_DUP_PLACEHOLDER);
}
