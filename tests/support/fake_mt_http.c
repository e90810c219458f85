/* fake-mt HTTP layer (libmicrohttpd, a thread per connection, 127.0.0.1 only): body
 * collection with a cap, routing, request slots and latency, delivery of normal, truncated,
 * huge and reset answers, and the protocol log. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "fake_mt.h"

/* One HTTP request as MHD hands it over: its raw URI and its body. */
struct request {
	char *uri;
	struct fake_buf body;
	bool started;
	bool too_large;
};

enum { M_GET = 1, M_POST = 2 };

struct route_entry {
	const char *path;
	unsigned methods;
	enum fake_proto proto;
	enum fake_route route;
	void (*handle)(struct exchange *x);
};

static const struct route_entry routes[] = {
	{"/translate", M_GET | M_POST, PROTO_APY, ROUTE_APY_TRANSLATE, fake_apy_translate},
	{"/listPairs", M_GET | M_POST, PROTO_APY, ROUTE_APY_LIST_PAIRS, fake_apy_list_pairs},
	{"/translate", M_POST, PROTO_LT, ROUTE_LT_TRANSLATE, fake_lt_translate},
	{"/languages", M_GET | M_POST, PROTO_LT, ROUTE_LT_LANGUAGES, fake_lt_languages},
	{"/v2/translate", M_POST, PROTO_DEEPL, ROUTE_DEEPL_TRANSLATE, fake_deepl_translate},
	{"/v2/languages", M_GET | M_POST, PROTO_DEEPL, ROUTE_DEEPL_LANGUAGES, fake_deepl_languages},
	{"/v2/usage", M_GET | M_POST, PROTO_DEEPL, ROUTE_DEEPL_USAGE, fake_deepl_usage},
	{"/v1/chat/completions", M_POST, PROTO_OPENAI, ROUTE_OPENAI_CHAT, fake_openai_chat},
	{"/v1/models", M_GET, PROTO_OPENAI, ROUTE_OPENAI_MODELS, fake_openai_models},
};

#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

static const struct route_entry *route_find(const struct fake *f, const char *method,
					    const char *path)
{
	unsigned m = !strcmp(method, "GET") ? M_GET : !strcmp(method, "POST") ? M_POST : 0;

	for (size_t i = 0; i < N_ROUTES; i++)
		if ((routes[i].methods & m) && !strcmp(routes[i].path, path) &&
		    (f->protocol == PROTO_ALL || f->protocol == routes[i].proto))
			return &routes[i];
	return NULL;
}

static const struct route_entry *route_of(enum fake_route r)
{
	for (size_t i = 0; i < N_ROUTES; i++)
		if (routes[i].route == r)
			return &routes[i];
	return NULL;
}

static bool is_translate(enum fake_route r)
{
	return r == ROUTE_APY_TRANSLATE || r == ROUTE_LT_TRANSLATE || r == ROUTE_DEEPL_TRANSLATE ||
	       r == ROUTE_OPENAI_CHAT;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct request *r = fake_xmalloc(sizeof(*r));

	(void)cls;
	(void)conn;
	memset(r, 0, sizeof(*r));
	r->uri = fake_xstrdup(uri);
	return r;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct request *r = *req_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (!r)
		return;
	free(r->uri);
	fake_buf_release(&r->body);
	free(r);
	*req_cls = NULL;
}

/* Takes a slot under --max-concurrent; returns false if the server is stopping. */
static bool slot_acquire(struct fake *f)
{
	bool ok;

	pthread_mutex_lock(&f->lock);
	while (!f->stopping && f->cfg.max_concurrent > 0 &&
	       f->stats.in_flight >= f->cfg.max_concurrent)
		pthread_cond_wait(&f->wake, &f->lock);
	ok = !f->stopping;
	if (ok && ++f->stats.in_flight > f->stats.max_concurrent)
		f->stats.max_concurrent = f->stats.in_flight;
	pthread_mutex_unlock(&f->lock);
	return ok;
}

static void slot_release(struct fake *f)
{
	pthread_mutex_lock(&f->lock);
	if (f->stats.in_flight > 0)
		f->stats.in_flight--;
	pthread_cond_broadcast(&f->wake);
	pthread_mutex_unlock(&f->lock);
}

bool fake_nap(struct fake *f, long ms)
{
	struct timespec until;
	bool ok;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&f->lock);
	while (!f->stopping && ms > 0 &&
	       pthread_cond_timedwait(&f->wake, &f->lock, &until) != ETIMEDOUT)
		;
	ok = !f->stopping;
	pthread_mutex_unlock(&f->lock);
	return ok;
}

static void exchange_begin(struct exchange *x)
{
	struct fake *f = x->fake;

	pthread_mutex_lock(&f->lock);
	x->cfg = f->cfg;
	x->serial = f->serial++;
	if (is_translate(x->route))
		x->translate_no = ++f->translates;
	f->stats.requests++;
	pthread_mutex_unlock(&f->lock);
}

static void exchange_end(struct exchange *x)
{
	struct fake_stats *s = &x->fake->stats;

	pthread_mutex_lock(&x->fake->lock);
	s->by_route[x->route]++;
	s->by_outcome[x->outcome]++;
	if (x->delivery != DELIVER_RESET && x->status >= 100 && x->status < 600)
		s->by_status[x->status]++;
	if (x->status == 200 && x->outcome != OUT_MALFORMED && x->outcome != OUT_TRUNCATED &&
	    x->outcome != OUT_HUGE) {
		s->texts_translated += x->texts_ok;
		s->chars_translated += x->chars_ok;
	}
	pthread_mutex_unlock(&x->fake->lock);
}

static void not_found(struct exchange *x)
{
	fake_buf_adds(&x->out, "<html><title>404: Not Found</title>"
			       "<body>404: Not Found</body></html>");
	x->status = 404;
	x->content_type = "text/html; charset=UTF-8";
	x->outcome = OUT_REJECTED;
}

static void serve_protocol(struct exchange *x, const struct route_entry *e, bool too_large)
{
	long delay;

	exchange_begin(x);
	if (!slot_acquire(x->fake)) {
		x->delivery = DELIVER_RESET;
		return;
	}
	delay = x->cfg.latency_ms + (long)(fake_draw(x, DRAW_JITTER) * (double)x->cfg.jitter_ms);
	if (!fake_nap(x->fake, delay))
		x->delivery = DELIVER_RESET;
	else if (!e)
		not_found(x);
	else if (too_large)
		fake_error(x, 413, "request body too large");
	else if (!is_translate(x->route) || !fake_faults_before(x))
		e->handle(x);
	if (x->delivery == DELIVER_NORMAL && is_translate(x->route))
		fake_faults_after(x);
	if (x->delivery == DELIVER_NORMAL && x->status >= 400 && x->outcome == OUT_OK)
		x->outcome = too_large ? OUT_TOO_LARGE : OUT_REJECTED;
	slot_release(x->fake);
	exchange_end(x);
}

static bool is_meta(const char *method, const char *path)
{
	bool get = !strcmp(method, "GET"), post = !strcmp(method, "POST");

	return ((get || post) && !strcmp(path, "/_control")) || (get && !strcmp(path, "/_stats")) ||
	       (post && !strcmp(path, "/_stats/reset"));
}

/* Builds the answer of one complete request into x. */
static void serve(struct exchange *x, bool too_large)
{
	const struct route_entry *e;

	if (is_meta(x->method, x->path)) {
		fake_serve_meta(x);
		return;
	}
	e = route_find(x->fake, x->method, x->path);
	x->route = e ? e->route : ROUTE_NOT_FOUND;
	x->proto = e ? e->proto : PROTO_APY;
	if (e && e->route == ROUTE_APY_TRANSLATE && x->fake->protocol == PROTO_ALL &&
	    !fake_translate_is_apy(x)) {
		e = route_of(ROUTE_LT_TRANSLATE);
		x->route = e->route;
		x->proto = e->proto;
	}
	serve_protocol(x, e, too_large);
}

const char *fake_header(const struct exchange *x, const char *name)
{
	return MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, name);
}

bool fake_body_is_json(const struct exchange *x)
{
	const char *ct = fake_header(x, MHD_HTTP_HEADER_CONTENT_TYPE);

	return ct && !strncasecmp(ct, "application/json", 16);
}

void fake_request_form(const struct exchange *x, struct fake_form *f)
{
	const char *ct = fake_header(x, MHD_HTTP_HEADER_CONTENT_TYPE);

	fake_form_parse(f, x->query, strlen(x->query));
	if (!ct || !strncasecmp(ct, "application/x-www-form-urlencoded", 33))
		fake_form_parse(f, x->body, x->body_len);
}

/* Streams N MB of valid JSON padding without holding it in memory. */
static ssize_t huge_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	static const char head[] = "{\"padding\": \"", tail[] = "\"}";
	uint64_t total = *(const uint64_t *)cls;
	size_t n = 0;

	if (pos >= total)
		return MHD_CONTENT_READER_END_OF_STREAM;
	for (; n < max && pos + n < total; n++) {
		uint64_t at = pos + n;

		if (at < sizeof(head) - 1)
			buf[n] = head[at];
		else if (at >= total - (sizeof(tail) - 1))
			buf[n] = tail[at - (total - (sizeof(tail) - 1))];
		else
			buf[n] = 'x';
	}
	return (ssize_t)n;
}

/* A body of which only the first half is sent, though Content-Length promises it all. */
struct lie {
	char *data;
	size_t len;
};

static ssize_t lie_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	const struct lie *l = cls;
	size_t half = l->len / 2, n;

	if (pos >= half)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	n = half - (size_t)pos < max ? half - (size_t)pos : max;
	memcpy(buf, l->data + pos, n);
	return (ssize_t)n;
}

static void lie_free(void *cls)
{
	struct lie *l = cls;

	free(l->data);
	free(l);
}

static struct MHD_Response *make_response(struct exchange *x)
{
	if (x->delivery == DELIVER_HUGE) {
		uint64_t *total = fake_xmalloc(sizeof(*total));
		struct MHD_Response *r;

		*total = (uint64_t)x->cfg.huge_response_mb << 20;
		r = MHD_create_response_from_callback(*total, 65536, huge_reader, total, free);
		if (!r)
			free(total);
		return r;
	}
	if (x->delivery == DELIVER_LIE) {
		struct lie *l = fake_xmalloc(sizeof(*l));
		struct MHD_Response *r;

		l->data = fake_buf_detach(&x->out, &l->len);
		r = MHD_create_response_from_callback(l->len, 65536, lie_reader, l, lie_free);
		if (!r)
			lie_free(l);
		return r;
	}
	size_t len;
	char *data = fake_buf_detach(&x->out, &len);
	struct MHD_Response *r =
		MHD_create_response_from_buffer_with_free_callback(len, data, free);

	if (!r)
		free(data);
	return r;
}

static enum MHD_Result deliver(struct exchange *x)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (x->delivery == DELIVER_RESET)
		return MHD_NO;
	if (!(r = make_response(x)))
		return MHD_NO;
	if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				    x->content_type ? x->content_type : "application/json") !=
		    MHD_YES ||
	    (x->retry_after && MHD_add_response_header(r, "Retry-After", "1") != MHD_YES) ||
	    (x->proto == PROTO_APY &&
	     MHD_add_response_header(r, "Access-Control-Allow-Origin", "*") != MHD_YES)) {
		MHD_destroy_response(r);
		return MHD_NO;
	}
	ret = MHD_queue_response(x->conn, (unsigned)x->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* A JSON string of s with invalid UTF-8 bytes as '?', at most cap bytes of it. */
static json_t *lossy_string(const char *s, size_t n, size_t cap)
{
	struct fake_buf b = {0};
	json_t *v;

	fake_buf_add(&b, "", 0);
	for (size_t i = 0, len; i < n && i < cap; i += len) {
		len = fake_utf8_prefix(s + i, n - i, 1);
		if (fake_utf8_valid(s + i, len))
			fake_buf_add(&b, s + i, len);
		else
			fake_buf_adds(&b, "?");
	}
	v = json_stringn(b.data, b.len);
	fake_buf_release(&b);
	return v;
}

static void protocol_log(const struct exchange *x)
{
	FILE *log = x->fake->protocol_log;
	static const char *const kinds[] = {"normal", "truncated", "huge", "reset"};
	json_t *line;
	char *text;

	if (!log || x->proto == PROTO_META)
		return;
	line = json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:o, s:o}", "serial",
			 (json_int_t)x->serial, "method", x->method, "path", x->path, "query",
			 x->query, "status", x->status, "delivery", kinds[x->delivery], "request",
			 lossy_string(x->body, x->body_len, 65536), "response",
			 lossy_string(x->out.data ? x->out.data : "", x->out.len, 65536));
	text = line ? json_dumps(line, JSON_COMPACT) : NULL;
	if (text) {
		pthread_mutex_lock(&x->fake->lock);
		fprintf(log, "%s\n", text);
		fflush(log);
		pthread_mutex_unlock(&x->fake->lock);
	}
	free(text);
	json_decref(line);
}

static enum MHD_Result answer(struct fake *f, struct MHD_Connection *conn, struct request *r,
			      const char *url, const char *method)
{
	struct exchange x = {.fake = f, .conn = conn, .method = method, .path = url};
	const char *q = strchr(r->uri, '?');
	enum MHD_Result ret;

	x.query = q ? q + 1 : "";
	fake_buf_add(&r->body, "", 0);
	x.body = r->body.data;
	x.body_len = r->body.len;
	serve(&x, r->too_large);
	protocol_log(&x);
	ret = deliver(&x);
	fake_buf_release(&x.out);
	return ret;
}

static uint64_t declared_length(struct MHD_Connection *conn)
{
	const char *v =
		MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;

	if (!v)
		return 0;
	errno = 0;
	n = strtoull(v, &end, 10);
	return errno || end == v ? UINT64_MAX : n;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **req_cls)
{
	struct fake *f = cls;
	struct request *r = *req_cls;

	(void)version;
	if (!r)
		return MHD_NO;
	if (!r->started) {
		r->started = true;
		if (declared_length(conn) <= f->max_body)
			return MHD_YES;
		r->too_large = true;
		return answer(f, conn, r, url, method);
	}
	if (*upload_size) {
		if (!r->too_large && *upload_size <= f->max_body - r->body.len)
			fake_buf_add(&r->body, upload, *upload_size);
		else
			r->too_large = true;
		*upload_size = 0;
		return MHD_YES;
	}
	return answer(f, conn, r, url, method);
}

struct MHD_Daemon *fake_http_start(struct fake *f, unsigned port)
{
	struct sockaddr_in addr;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD |
					MHD_USE_ERROR_LOG,
				(uint16_t)port, NULL, NULL, on_request, f, MHD_OPTION_SOCK_ADDR,
				(struct sockaddr *)&addr, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000, MHD_OPTION_END);
}
