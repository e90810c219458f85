/*
 * Unit tests for the MT transport: its pure decisions, then the whole of it
 * against a libmicrohttpd server on 127.0.0.1 whose answers each test scripts.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../stages/translate/transport.h"
#include "../../stages/translate/transport_policy.h"
#include "buf.h"
#include "mem.h"

static int64_t clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* ---- the pure parts ---- */

Test(transport, backoff_doubles_with_jitter_up_to_the_cap)
{
	uint64_t rng = hx_rng_seed(7);
	long lo[] = {50, 100, 200, 400, 500, 500}, hi[] = {100, 200, 400, 800, 1000, 1000};
	int retries[] = {1, 2, 3, 4, 5, 60};

	for (int round = 0; round < 50; round++) {
		for (size_t i = 0; i < 6; i++) {
			long d = hx_backoff_delay_ms(100, 1000, retries[i], &rng);

			cr_assert(d >= lo[i] && d <= hi[i], "retry %d: %ld ms not in [%ld, %ld]",
				  retries[i], d, lo[i], hi[i]);
		}
	}
}

Test(transport, backoff_jitter_repeats_for_a_seed_and_varies_across_seeds)
{
	uint64_t a = hx_rng_seed(42), b = hx_rng_seed(42), c = hx_rng_seed(43);
	bool differs = false;

	for (int i = 0; i < 20; i++) {
		long da = hx_backoff_delay_ms(1000, 100000, 5, &a);
		long db = hx_backoff_delay_ms(1000, 100000, 5, &b);
		long dc = hx_backoff_delay_ms(1000, 100000, 5, &c);

		cr_assert_eq(da, db);
		differs |= da != dc;
	}
	cr_assert(differs);
}

Test(transport, parses_retry_after_seconds_and_http_dates)
{
	time_t now = 1700000000;
	char date[64];
	time_t later = now + 30;
	struct tm tm;
	long ms = -1;

	cr_assert(hx_retry_after_parse("1", now, &ms));
	cr_assert_eq(ms, 1000);
	cr_assert(hx_retry_after_parse(" 120 ", now, &ms));
	cr_assert_eq(ms, 120000);
	cr_assert(hx_retry_after_parse("0", now, &ms));
	cr_assert_eq(ms, 0);
	cr_assert(hx_retry_after_parse("99999999999999999999999", now, &ms));
	cr_assert_eq(ms, LONG_MAX, "absurd values saturate; the caller caps them");
	gmtime_r(&later, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	cr_assert(hx_retry_after_parse(date, now, &ms), "%s", date);
	cr_assert_eq(ms, 30000);
	strftime(date, sizeof(date), "%A, %d-%b-", &tm); /* RFC 850: a two-digit year */
	snprintf(date + strlen(date), sizeof(date) - strlen(date), "%02d ", tm.tm_year % 100);
	strftime(date + strlen(date), sizeof(date) - strlen(date), "%H:%M:%S GMT", &tm);
	cr_assert(hx_retry_after_parse(date, now, &ms), "%s", date);
	cr_assert_eq(ms, 30000);
	strftime(date, sizeof(date), "%a %b %e %H:%M:%S %Y", &tm);
	cr_assert(hx_retry_after_parse(date, now, &ms), "%s", date);
	cr_assert_eq(ms, 30000);
	cr_assert(hx_retry_after_parse("Wed, 21 Oct 2015 07:28:00 GMT", now, &ms));
	cr_assert_eq(ms, 0, "a date in the past means now");
}

Test(transport, rejects_retry_after_garbage)
{
	const char *bad[] = {"",
			     " ",
			     "soon",
			     "-5",
			     "1.5",
			     "12abc",
			     "0x10",
			     "Oct 2015",
			     "Wed, 99 Oct 2015 07:28:00 GMT",
			     "tomorrow at noon"};
	long ms = 12345;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert(!hx_retry_after_parse(bad[i], 1700000000, &ms), "'%s'", bad[i]);
	cr_assert(!hx_retry_after_parse(NULL, 1700000000, &ms));
	cr_assert_eq(ms, 12345, "a rejected value leaves the output alone");
}

Test(transport, retries_only_the_statuses_that_may_pass)
{
	long yes[] = {429, 500, 502, 503, 504},
	     no[] = {200, 204, 301, 400, 401, 403, 404, 501, 505};

	for (size_t i = 0; i < 5; i++)
		cr_assert(hx_http_status_retryable(yes[i]), "%ld", yes[i]);
	for (size_t i = 0; i < 9; i++)
		cr_assert(!hx_http_status_retryable(no[i]), "%ld", no[i]);
}

Test(transport, breaker_opens_after_n_failures_and_half_opens_after_the_cooldown)
{
	struct hx_breaker b;

	hx_breaker_init(&b, 3, 1000);
	cr_assert(!hx_breaker_record(&b, false, false, 0));
	cr_assert(!hx_breaker_record(&b, false, false, 10));
	cr_assert(!hx_breaker_record(&b, true, false, 20), "a success resets the count");
	cr_assert(!hx_breaker_record(&b, false, false, 30));
	cr_assert(!hx_breaker_record(&b, false, false, 40));
	cr_assert_eq(hx_breaker_admit(&b, 45), HX_BREAKER_PASS);
	cr_assert(hx_breaker_record(&b, false, false, 50), "the third failure in a row opens it");
	cr_assert_eq(b.state, HX_BREAKER_OPEN);
	cr_assert_eq(b.trips, 1);
	cr_assert_eq(hx_breaker_admit(&b, 60), HX_BREAKER_REJECT);
	cr_assert_eq(hx_breaker_reopen_in_ms(&b, 60), 990);
	cr_assert(!hx_breaker_record(&b, false, false, 70), "late failures do not trip it again");
	cr_assert_eq(hx_breaker_admit(&b, 1049), HX_BREAKER_REJECT);
	cr_assert_eq(hx_breaker_admit(&b, 1050), HX_BREAKER_TRIAL);
	cr_assert_eq(hx_breaker_admit(&b, 1051), HX_BREAKER_WAIT, "one trial at a time");
	cr_assert(!hx_breaker_record(&b, true, true, 1100));
	cr_assert_eq(b.state, HX_BREAKER_CLOSED);
	cr_assert_eq(b.failures, 0);
	cr_assert_eq(hx_breaker_admit(&b, 1101), HX_BREAKER_PASS);
}

Test(transport, breaker_reopens_when_the_trial_fails)
{
	struct hx_breaker b;

	hx_breaker_init(&b, 1, 500);
	cr_assert(hx_breaker_record(&b, false, false, 0));
	cr_assert_eq(hx_breaker_admit(&b, 600), HX_BREAKER_TRIAL);
	cr_assert(hx_breaker_record(&b, false, true, 700), "a failed trial reopens it");
	cr_assert_eq(b.trips, 2);
	cr_assert_eq(hx_breaker_admit(&b, 800), HX_BREAKER_REJECT);
	cr_assert_eq(hx_breaker_reopen_in_ms(&b, 800), 400, "the cooldown starts again");
	cr_assert_eq(hx_breaker_admit(&b, 1200), HX_BREAKER_TRIAL);
	hx_breaker_abandon_trial(&b);
	cr_assert_eq(hx_breaker_admit(&b, 1201), HX_BREAKER_TRIAL,
		     "a cancelled trial frees the slot");
}

Test(transport, token_bucket_spaces_starts_at_the_rate)
{
	struct hx_token_bucket tb;

	hx_token_bucket_init(&tb, 10, 1, 0);
	cr_assert(hx_token_bucket_take(&tb, 0));
	cr_assert(!hx_token_bucket_take(&tb, 0));
	cr_assert(hx_token_bucket_wait_ms(&tb, 0) >= 100 && hx_token_bucket_wait_ms(&tb, 0) <= 101);
	cr_assert(hx_token_bucket_wait_ms(&tb, 50) >= 50 && hx_token_bucket_wait_ms(&tb, 50) <= 51);
	cr_assert_eq(hx_token_bucket_wait_ms(&tb, 100), 0);
	cr_assert(hx_token_bucket_take(&tb, 100));
	cr_assert(hx_token_bucket_take(&tb, 5000));
	cr_assert(!hx_token_bucket_take(&tb, 5000), "idle time does not pile up past the burst");

	hx_token_bucket_init(&tb, 2, 3, 0);
	for (int i = 0; i < 3; i++)
		cr_assert(hx_token_bucket_take(&tb, 0), "burst of 3, start %d", i);
	cr_assert(!hx_token_bucket_take(&tb, 0));
	cr_assert(hx_token_bucket_take(&tb, 500));

	hx_token_bucket_init(&tb, 0, 1, 0);
	for (int i = 0; i < 1000; i++)
		cr_assert(hx_token_bucket_take(&tb, 0), "rate 0 is unlimited");
}

Test(transport, describes_urls_without_credentials_or_query)
{
	char *display, *endpoint;
	struct hx_diag diag = {0};

	cr_assert_eq(hx_url_describe("http://user:pw@Example.org:8080/a/b?key=SECRET#frag",
				     &display, &endpoint, &diag),
		     HX_OK);
	cr_assert_str_eq(display, "http://example.org:8080/a/b");
	cr_assert_str_eq(endpoint, "http://example.org:8080");
	free(display);
	free(endpoint);
	cr_assert_eq(
		hx_url_describe("https://api.deepl.com/v2/translate", &display, &endpoint, &diag),
		HX_OK);
	cr_assert_str_eq(display, "https://api.deepl.com/v2/translate");
	cr_assert_str_eq(endpoint, "https://api.deepl.com:443");
	free(display);
	free(endpoint);
	cr_assert_eq(hx_url_describe("ftp://u:pw@host/file?k=SECRET", &display, &endpoint, &diag),
		     HX_E_MT);
	cr_assert_null(endpoint);
	cr_assert_str_eq(display, "ftp://host/file");
	cr_assert(strstr(diag.msg, "unsupported scheme 'ftp'"), "%s", diag.msg);
	cr_assert(!strstr(diag.msg, "SECRET") && !strstr(diag.msg, "pw"), "%s", diag.msg);
	free(display);
}

Test(transport, redacts_every_occurrence_of_a_secret)
{
	char msg[] = "key sk-123456 rejected (sk-123456)";

	hx_redact(msg, "sk-123456");
	cr_assert_str_eq(msg, "key *** rejected (***)");
	hx_redact(msg, "ab"); /* too short to be a secret: left alone */
	cr_assert_str_eq(msg, "key *** rejected (***)");
}

/* ---- against a local server ---- */

/* What the server does with one request. */
struct reply {
	unsigned status;
	char body[256];
	size_t big;              /* send this many bytes of 'x' instead of body */
	bool chunked;            /* ... without a Content-Length */
	long delay_ms;           /* before answering */
	const char *retry_after; /* header value */
	bool hang_up;            /* close the connection without an answer */
	bool echo_auth;          /* the body quotes the Authorization header */
};

struct server {
	struct MHD_Daemon *d;
	int port;
	void (*script)(int n, const char *url, const char *upload, struct reply *r);
	pthread_mutex_t lock;
	int requests, connections, active, max_active;
	volatile int mode; /* for scripts that change their mind mid-test */
	volatile bool stopping;
};

static struct server srv = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void nap(long ms)
{
	for (int64_t end = clock_ms() + ms; !srv.stopping && clock_ms() < end;)
		sleep_ms(5);
}

static ssize_t fill_x(void *cls, uint64_t pos, char *buf, size_t max)
{
	uint64_t total = (uintptr_t)cls;

	if (pos >= total)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (max > total - pos)
		max = (size_t)(total - pos);
	memset(buf, 'x', max);
	return (ssize_t)max;
}

static enum MHD_Result respond(struct MHD_Connection *c, struct reply *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (r->echo_auth) {
		const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");

		snprintf(r->body, sizeof(r->body), "{\"error\":\"invalid credentials: %s\"}",
			 auth ? auth : "");
	}
	if (r->big)
		resp = MHD_create_response_from_callback(r->chunked ? MHD_SIZE_UNKNOWN : r->big,
							 65536, fill_x, (void *)(uintptr_t)r->big,
							 NULL);
	else
		resp = MHD_create_response_from_buffer(strlen(r->body), r->body,
						       MHD_RESPMEM_MUST_COPY);
	if (r->retry_after)
		MHD_add_response_header(resp, "Retry-After", r->retry_after);
	ret = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **state)
{
	struct hx_buf *body = *state;
	struct reply r = {200, "ok"};
	enum MHD_Result ret;
	int n;

	(void)cls, (void)method, (void)version;
	if (!body) {
		*state = body = hx_xcalloc(1, sizeof(*body));
		hx_buf_init(body, 1 << 20);
		return MHD_YES;
	}
	if (*upload_size) {
		hx_buf_add(body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	pthread_mutex_lock(&srv.lock);
	n = ++srv.requests;
	if (++srv.active > srv.max_active)
		srv.max_active = srv.active;
	pthread_mutex_unlock(&srv.lock);
	if (srv.script)
		srv.script(n, url, hx_buf_str(body), &r);
	nap(r.delay_ms);
	ret = r.hang_up ? MHD_NO : respond(c, &r);
	pthread_mutex_lock(&srv.lock);
	srv.active--;
	pthread_mutex_unlock(&srv.lock);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
			 enum MHD_RequestTerminationCode toe)
{
	struct hx_buf *body = *state;

	(void)cls, (void)c, (void)toe;
	if (body)
		hx_buf_release(body);
	free(body);
	*state = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_state,
			  enum MHD_ConnectionNotificationCode toe)
{
	(void)cls, (void)c, (void)socket_state;
	if (toe != MHD_CONNECTION_NOTIFY_STARTED)
		return;
	pthread_mutex_lock(&srv.lock);
	srv.connections++;
	pthread_mutex_unlock(&srv.lock);
}

static void server_start(void (*script)(int n, const char *url, const char *upload,
					struct reply *r))
{
	struct sockaddr_in sa = {0};
	const union MHD_DaemonInfo *info;

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv.script = script;
	srv.d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
				 NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &sa,
				 MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
				 MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL, MHD_OPTION_END);
	cr_assert_not_null(srv.d, "cannot start the test server");
	info = MHD_get_daemon_info(srv.d, MHD_DAEMON_INFO_BIND_PORT);
	cr_assert(info && info->port);
	srv.port = info->port;
}

static void server_stop(void)
{
	srv.stopping = true;
	MHD_stop_daemon(srv.d);
	srv.d = NULL;
}

static int server_requests(void)
{
	int n;

	pthread_mutex_lock(&srv.lock);
	n = srv.requests;
	pthread_mutex_unlock(&srv.lock);
	return n;
}

/* What a callback saw. */
struct outcome {
	int calls;
	long status;
	int attempts;
	size_t len;
	char body[256];
	char error[1024];
	bool terminated;
	int64_t at_ms;
};

static enum hx_err record(void *user, const struct hx_http_response *res)
{
	struct outcome *o = user;

	o->calls++;
	o->status = res->status;
	o->attempts = res->attempts;
	o->len = res->len;
	o->terminated = res->body && res->body[res->len] == '\0';
	snprintf(o->body, sizeof(o->body), "%s", res->body ? res->body : "(null)");
	snprintf(o->error, sizeof(o->error), "%s", res->error ? res->error : "");
	o->at_ms = clock_ms();
	return HX_OK;
}

/* Options that keep the tests fast: short backoff, a fixed seed. */
static void fast_opts(struct hx_transport_opts *o)
{
	hx_transport_opts_init(o);
	o->backoff_base_ms = 10;
	o->backoff_max_ms = 40;
	o->timeout_ms = 5000;
	o->seed = 1;
}

static struct hx_transport *transport(const struct hx_transport_opts *o)
{
	struct hx_diag diag = {0};
	struct hx_transport *t = hx_transport_new(o, &diag);

	cr_assert_not_null(t, "%s", diag.msg);
	return t;
}

static void submit(struct hx_transport *t, const char *path, const char *body, struct outcome *o)
{
	struct hx_http_request req = {0};
	char url[256];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", srv.port, path);
	req.url = hx_xstrdup(url);
	if (body) {
		req.body = hx_xstrdup(body);
		req.body_len = strlen(body);
	}
	cr_assert_eq(hx_transport_submit(t, &req, record, o), HX_OK);
	cr_assert_null(req.url, "submit takes the request");
}

static void run_ok(struct hx_transport *t)
{
	struct hx_diag diag = {0};

	cr_assert_eq(hx_transport_run(t, &diag), HX_OK, "%s", diag.msg);
}

static void echo_upload(int n, const char *url, const char *upload, struct reply *r)
{
	(void)n;
	snprintf(r->body, sizeof(r->body), "%s got %s", url, upload);
}

Test(transport, passes_a_successful_body_through)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome a = {0}, b = {0};
	struct hx_transport_stats st;

	server_start(echo_upload);
	fast_opts(&o);
	t = transport(&o);
	submit(t, "/translate", "q=hello", &a);
	submit(t, "/languages", NULL, &b);
	run_ok(t);
	cr_assert_eq(a.calls, 1);
	cr_assert_eq(a.status, 200);
	cr_assert_str_eq(a.body, "/translate got q=hello");
	cr_assert_eq(a.len, strlen("/translate got q=hello"));
	cr_assert(a.terminated, "the body is NUL-terminated");
	cr_assert_str_eq(a.error, "");
	cr_assert_eq(a.attempts, 1);
	cr_assert_str_eq(b.body, "/languages got ");
	hx_transport_get_stats(t, &st);
	cr_assert_eq(st.requests, 2);
	cr_assert_eq(st.retries, 0);
	cr_assert_eq(st.failures, 0);
	hx_transport_free(t);
	server_stop();
}

Test(transport, keeps_connections_alive_across_sequential_requests)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome out[100] = {0};
	struct hx_transport_stats st;

	server_start(NULL);
	fast_opts(&o);
	o.max_in_flight = 1;
	t = transport(&o);
	for (int round = 0; round < 2; round++) { /* two runs: the cache outlives a run */
		for (int i = round * 50; i < round * 50 + 50; i++)
			submit(t, "/translate", "q=x", &out[i]);
		run_ok(t);
	}
	for (int i = 0; i < 100; i++)
		cr_assert_eq(out[i].status, 200);
	hx_transport_get_stats(t, &st);
	cr_assert_eq(server_requests(), 100);
	cr_assert_eq(srv.connections, 1, "100 requests took %d connections", srv.connections);
	cr_assert_eq(st.connections, (size_t)srv.connections);
	hx_transport_free(t);
	server_stop();
}

static void slow(int n, const char *url, const char *upload, struct reply *r)
{
	(void)n, (void)url, (void)upload;
	r->delay_ms = 40;
}

Test(transport, never_has_more_than_max_in_flight_requests_at_once)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome out[12] = {0};

	server_start(slow);
	fast_opts(&o);
	o.max_in_flight = 3;
	t = transport(&o);
	for (int i = 0; i < 12; i++)
		submit(t, "/translate", "q=x", &out[i]);
	run_ok(t);
	for (int i = 0; i < 12; i++)
		cr_assert_eq(out[i].status, 200);
	cr_assert_eq(srv.max_active, 3, "at most 3 at once, and 3 were used");
	cr_assert_leq(srv.connections, 3);
	hx_transport_free(t);
	server_stop();
}

static void first_hangs(int n, const char *url, const char *upload, struct reply *r)
{
	(void)url, (void)upload;
	if (n == 1)
		r->delay_ms = 2000;
}

Test(transport, retries_after_a_per_attempt_timeout)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome a = {0};
	int64_t start;

	server_start(first_hangs);
	fast_opts(&o);
	o.timeout_ms = 300;
	t = transport(&o);
	submit(t, "/translate", "q=x", &a);
	start = clock_ms();
	run_ok(t);
	cr_assert_eq(a.status, 200);
	cr_assert_eq(a.attempts, 2);
	cr_assert_geq(a.at_ms - start, 290);
	cr_assert_lt(a.at_ms - start, 1500, "took %lld ms", (long long)(a.at_ms - start));
	hx_transport_free(t);
	server_stop();
}

static void fails_twice(int n, const char *url, const char *upload, struct reply *r)
{
	(void)url, (void)upload;
	if (n <= 2) {
		r->status = 503;
		snprintf(r->body, sizeof(r->body), "restarting");
	}
}

Test(transport, retries_503_twice_then_succeeds)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome a = {0};
	struct hx_transport_stats st;

	server_start(fails_twice);
	fast_opts(&o);
	t = transport(&o);
	submit(t, "/translate", "q=x", &a);
	run_ok(t);
	cr_assert_eq(a.calls, 1);
	cr_assert_eq(a.status, 200);
	cr_assert_eq(a.attempts, 3);
	cr_assert_str_eq(a.error, "");
	hx_transport_get_stats(t, &st);
	cr_assert_eq(st.requests, 3);
	cr_assert_eq(st.retries, 2);
	cr_assert_eq(st.failures, 0);
	hx_transport_free(t);
	server_stop();
}

static void too_many(int n, const char *url, const char *upload, struct reply *r)
{
	(void)url, (void)upload;
	if (n == 1) {
		r->status = 429;
		r->retry_after = "1";
	}
}

Test(transport, waits_as_long_as_retry_after_asks_without_holding_up_others)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome a = {0}, b = {0};
	int64_t start, took;

	server_start(too_many);
	fast_opts(&o);
	o.max_in_flight = 1;
	t = transport(&o);
	submit(t, "/translate", "q=x", &a);
	submit(t, "/other", "q=y", &b);
	start = clock_ms();
	run_ok(t);
	took = a.at_ms - start;
	cr_assert_eq(a.status, 200);
	cr_assert_eq(a.attempts, 2);
	cr_assert(took >= 950 && took < 1800, "took %lld ms", (long long)took);
	cr_assert_eq(b.status, 200);
	cr_assert_lt(b.at_ms - start, 300, "the other request went on while the first waited");
	hx_transport_free(t);
	server_stop();
}

static void status_from_path(int n, const char *url, const char *upload, struct reply *r)
{
	(void)n, (void)upload;
	r->status = (unsigned)strtoul(url + 1, NULL, 10);
	snprintf(r->body, sizeof(r->body), "{\"error\":\"status %u\"}", r->status);
}

Test(transport, does_not_retry_other_4xx)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome out[4] = {0};
	const char *paths[] = {"/400", "/401", "/404", "/301"};
	char want[64];

	server_start(status_from_path);
	fast_opts(&o);
	t = transport(&o);
	for (int i = 0; i < 4; i++)
		submit(t, paths[i], "q=x", &out[i]);
	run_ok(t);
	cr_assert_eq(server_requests(), 4, "one attempt each");
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(out[i].calls, 1);
		cr_assert_eq(out[i].attempts, 1);
		cr_assert_eq(out[i].status, strtol(paths[i] + 1, NULL, 10));
		snprintf(want, sizeof(want), "HTTP %s", paths[i] + 1);
		cr_assert(strstr(out[i].error, want), "%s", out[i].error);
		cr_assert(strstr(out[i].body, "error"), "the body reaches the callback");
	}
	cr_assert(strstr(out[3].error, "redirects are not followed"), "%s", out[3].error);
	hx_transport_free(t);
	server_stop();
}

static void always_503(int n, const char *url, const char *upload, struct reply *r)
{
	(void)n, (void)url, (void)upload;
	r->status = 503;
	snprintf(r->body, sizeof(r->body),
		 "<html>\n<body>The translation pipeline is restarting, come back later. %0150d "
		 "END</body></html>",
		 0);
}

Test(transport, reports_status_and_body_excerpt_once_retries_run_out)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome a = {0};
	struct hx_http_request req = {0};
	struct hx_transport_stats st;
	char want[128];

	server_start(always_503);
	fast_opts(&o);
	o.max_retries = 2;
	t = transport(&o);
	snprintf(want, sizeof(want), "http://user:pw@127.0.0.1:%d/translate?key=QUERYSECRET",
		 srv.port);
	req.url = hx_xstrdup(want);
	hx_transport_submit(t, &req, record, &a);
	run_ok(t);
	cr_assert_eq(a.calls, 1, "one callback for all attempts");
	cr_assert_eq(a.attempts, 3);
	cr_assert_eq(a.status, 503);
	snprintf(want, sizeof(want), "http://127.0.0.1:%d/translate: HTTP 503: ", srv.port);
	cr_assert(!strncmp(a.error, want, strlen(want)), "%s", a.error);
	cr_assert(strstr(a.error, "<html> <body>The translation pipeline is restarting"), "%s",
		  a.error);
	cr_assert(strstr(a.error, "... (3 attempts)"), "the excerpt is cut: %s", a.error);
	cr_assert(!strstr(a.error, "END"), "%s", a.error);
	cr_assert(!strstr(a.error, "QUERYSECRET") && !strstr(a.error, "pw@"), "%s", a.error);
	cr_assert_eq(server_requests(), 3);
	hx_transport_get_stats(t, &st);
	cr_assert_eq(st.failures, 1);
	hx_transport_free(t);
	server_stop();
}

static void first_hangs_up(int n, const char *url, const char *upload, struct reply *r)
{
	(void)url, (void)upload;
	r->hang_up = n == 1;
}

Test(transport, retries_when_the_server_closes_the_connection)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome a = {0};

	server_start(first_hangs_up);
	fast_opts(&o);
	t = transport(&o);
	submit(t, "/translate", "q=x", &a);
	run_ok(t);
	cr_assert_eq(a.status, 200, "%s", a.error);
	cr_assert_eq(a.attempts, 2);
	cr_assert_eq(server_requests(), 2);
	hx_transport_free(t);
	server_stop();
}

Test(transport, retries_connection_refused_and_names_the_error)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome a = {0};

	server_start(NULL);
	server_stop(); /* the port is now closed */
	fast_opts(&o);
	o.max_retries = 1;
	t = transport(&o);
	submit(t, "/translate", "q=x", &a);
	run_ok(t);
	cr_assert_eq(a.status, 0);
	cr_assert_eq(a.attempts, 2);
	cr_assert(strstr(a.error, "/translate: ") && strstr(a.error, "(2 attempts)"), "%s",
		  a.error);
	cr_assert(strstr(a.error, "onnect"), "curl's own words: %s", a.error);
	hx_transport_free(t);
}

static void breaker_script(int n, const char *url, const char *upload, struct reply *r)
{
	(void)n, (void)url, (void)upload;
	if (srv.mode == 0) {
		r->status = 503;
		snprintf(r->body, sizeof(r->body), "overloaded");
	}
}

/* Trips the breaker of a transport with threshold 3: 4 requests, 3 attempts. */
static struct hx_transport *tripped_transport(long cooldown_ms)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome out[4] = {0};
	char want[160];

	server_start(breaker_script);
	fast_opts(&o);
	o.max_in_flight = 1;
	o.max_retries = 10;
	o.breaker_failures = 3;
	o.breaker_cooldown_ms = cooldown_ms;
	t = transport(&o);
	for (int i = 0; i < 4; i++)
		submit(t, "/translate", "q=x", &out[i]);
	run_ok(t);
	cr_assert_eq(server_requests(), 3, "the circuit opened after the third failure");
	snprintf(want, sizeof(want),
		 "circuit open for http://127.0.0.1:%d after 3 consecutive failures; "
		 "last error: HTTP 503: overloaded; retrying in ",
		 srv.port);
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(out[i].calls, 1);
		cr_assert(!strncmp(out[i].error, want, strlen(want)), "%s", out[i].error);
	}
	return t;
}

Test(transport, opens_the_circuit_after_consecutive_failures_and_fails_fast)
{
	struct hx_transport *t = tripped_transport(30000);
	struct hx_transport_stats st;
	struct outcome late = {0};
	int64_t start;

	submit(t, "/other", "q=x", &late);
	start = clock_ms();
	run_ok(t);
	cr_assert_lt(clock_ms() - start, 100, "fails at once, took %lld ms",
		     (long long)(clock_ms() - start));
	cr_assert_eq(server_requests(), 3, "nothing reached the server");
	cr_assert(strstr(late.error, "circuit open for") && strstr(late.error, "retrying in 30 s"),
		  "%s", late.error);
	cr_assert_eq(late.attempts, 0);
	hx_transport_get_stats(t, &st);
	cr_assert_eq(st.breaker_trips, 1);
	cr_assert_eq(st.failures, 5);
	hx_transport_free(t);
	server_stop();
}

/* A transport (3 in flight, threshold 1) whose circuit opened and whose cooldown is over. */
static struct hx_transport *half_open_transport(void)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome first = {0};

	server_start(breaker_script);
	fast_opts(&o);
	o.max_in_flight = 3;
	o.breaker_failures = 1;
	o.breaker_cooldown_ms = 300;
	t = transport(&o);
	submit(t, "/translate", "q=x", &first);
	run_ok(t);
	cr_assert(strstr(first.error, "circuit open for") &&
			  strstr(first.error, "after 1 consecutive failures"),
		  "%s", first.error);
	sleep_ms(350);
	return t;
}

static void back_and_slow(int n, const char *url, const char *upload, struct reply *r)
{
	(void)n, (void)url, (void)upload;
	r->delay_ms = 30;
}

Test(transport, closes_the_circuit_when_the_half_open_trial_succeeds)
{
	struct hx_transport *t = half_open_transport();
	struct outcome out[3] = {0};
	struct hx_transport_stats st;

	srv.script = back_and_slow;
	srv.max_active = 0;
	for (int i = 0; i < 3; i++)
		submit(t, "/translate", "q=x", &out[i]);
	run_ok(t);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(out[i].status, 200, "%s", out[i].error);
	cr_assert_eq(server_requests(), 4);
	cr_assert_eq(srv.max_active, 2, "the trial went alone, then the other two together");
	hx_transport_get_stats(t, &st);
	cr_assert_eq(st.breaker_trips, 1);
	hx_transport_free(t);
	server_stop();
}

Test(transport, reopens_the_circuit_when_the_half_open_trial_fails)
{
	struct hx_transport *t = half_open_transport();
	struct outcome out[3] = {0};
	struct hx_transport_stats st;

	for (int i = 0; i < 3; i++)
		submit(t, "/translate", "q=x", &out[i]);
	run_ok(t);
	cr_assert_eq(server_requests(), 2, "one trial; the others waited for it, then failed");
	for (int i = 0; i < 3; i++) {
		cr_assert(
			strstr(out[i].error, "after 2 consecutive failures; last error: HTTP 503"),
			"%s", out[i].error);
		cr_assert(strstr(out[i].error, "retrying in 0.3 s"), "%s", out[i].error);
	}
	hx_transport_get_stats(t, &st);
	cr_assert_eq(st.breaker_trips, 2);
	hx_transport_free(t);
	server_stop();
}

Test(transport, limits_the_request_rate)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome out[20] = {0};
	int64_t start, took;

	server_start(NULL);
	fast_opts(&o);
	o.rate_per_s = 20;
	t = transport(&o);
	for (int i = 0; i < 20; i++)
		submit(t, "/translate", "q=x", &out[i]);
	start = clock_ms();
	run_ok(t);
	took = clock_ms() - start;
	cr_assert(took >= 900 && took < 1500, "20 requests at 20/s took %lld ms", (long long)took);
	for (int i = 0; i < 20; i++)
		cr_assert_eq(out[i].status, 200);
	hx_transport_free(t);
	server_stop();
}

static void big_bodies(int n, const char *url, const char *upload, struct reply *r)
{
	(void)n, (void)upload;
	r->big = strstr(url, "exact") ? (size_t)1 << 20 : (size_t)3 << 20;
	r->chunked = strstr(url, "chunked") != NULL;
}

Test(transport, fails_a_response_over_the_cap_without_retrying)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome sized = {0}, chunked = {0}, exact = {0};
	char want[128];

	server_start(big_bodies);
	fast_opts(&o);
	o.max_response = (size_t)1 << 20;
	t = transport(&o);
	submit(t, "/sized", NULL, &sized);
	submit(t, "/chunked", NULL, &chunked);
	submit(t, "/exact", NULL, &exact);
	run_ok(t);
	snprintf(want, sizeof(want),
		 "response from http://127.0.0.1:%d/sized exceeds the 1 MiB cap", srv.port);
	cr_assert_str_eq(sized.error, want);
	snprintf(want, sizeof(want),
		 "response from http://127.0.0.1:%d/chunked exceeds the 1 MiB cap", srv.port);
	cr_assert_str_eq(chunked.error, want);
	cr_assert_eq(sized.attempts, 1);
	cr_assert_eq(chunked.attempts, 1);
	cr_assert_str_eq(exact.error, "", "exactly the cap is allowed");
	cr_assert_eq(exact.len, (size_t)1 << 20);
	cr_assert_eq(server_requests(), 3);
	hx_transport_free(t);
	server_stop();
}

static void very_slow(int n, const char *url, const char *upload, struct reply *r)
{
	(void)n, (void)url, (void)upload;
	r->delay_ms = 5000;
}

Test(transport, fails_everything_pending_when_the_deadline_passes)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome out[4] = {0};
	struct hx_diag diag = {0};
	int64_t start, took;

	server_start(very_slow);
	fast_opts(&o);
	o.max_in_flight = 2;
	o.deadline_ms = 500;
	t = transport(&o);
	for (int i = 0; i < 4; i++)
		submit(t, "/translate", "q=x", &out[i]);
	start = clock_ms();
	cr_assert_eq(hx_transport_run(t, &diag), HX_E_MT);
	took = clock_ms() - start;
	cr_assert(took >= 490 && took < 1000, "took %lld ms", (long long)took);
	cr_assert_str_eq(diag.msg, "deadline of 0.5 s passed with 4 requests pending");
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(out[i].calls, 1);
		cr_assert(strstr(out[i].error, "/translate: deadline of 0.5 s passed with 4 "
					       "requests pending"),
			  "%s", out[i].error);
	}
	hx_transport_free(t);
	server_stop();
}

struct chain {
	struct hx_transport *t;
	int calls;
	int stop_at; /* return an error from this call on (0: never) */
	int cancelled;
	long statuses[8];
};

static enum hx_err chain_next(void *user, const struct hx_http_response *res)
{
	struct chain *c = user;
	struct hx_http_request req = {0};
	char url[128];

	c->statuses[c->calls++ % 8] = res->status;
	if (res->error && strstr(res->error, "cancelled"))
		c->cancelled++;
	if (c->stop_at && c->calls >= c->stop_at)
		return HX_E_MT;
	if (c->stop_at || c->calls >= 5)
		return HX_OK;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/again/%d", srv.port, c->calls);
	req.url = hx_xstrdup(url);
	return hx_transport_submit(c->t, &req, chain_next, c);
}

Test(transport, lets_a_callback_submit_more_requests)
{
	struct hx_transport_opts o;
	struct chain c = {0};
	struct hx_http_request req = {0};
	char url[128];

	server_start(NULL);
	fast_opts(&o);
	c.t = transport(&o);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/first", srv.port);
	req.url = hx_xstrdup(url);
	hx_transport_submit(c.t, &req, chain_next, &c);
	run_ok(c.t);
	cr_assert_eq(c.calls, 5);
	cr_assert_eq(server_requests(), 5);
	for (int i = 0; i < 5; i++)
		cr_assert_eq(c.statuses[i], 200);
	hx_transport_free(c.t);
	server_stop();
}

Test(transport, stops_the_run_on_a_callback_error_and_still_calls_every_callback)
{
	struct hx_transport_opts o;
	struct chain c = {0};
	struct hx_http_request req = {0};
	struct hx_diag diag = {0};
	char url[128];

	server_start(NULL);
	fast_opts(&o);
	o.max_in_flight = 1;
	c.t = transport(&o);
	c.stop_at = 2;
	for (int i = 0; i < 6; i++) {
		snprintf(url, sizeof(url), "http://127.0.0.1:%d/n/%d", srv.port, i);
		req.url = hx_xstrdup(url);
		hx_transport_submit(c.t, &req, chain_next, &c);
	}
	cr_assert_eq(hx_transport_run(c.t, &diag), HX_E_MT);
	cr_assert_eq(c.calls, 6, "every request had its callback");
	cr_assert_eq(c.cancelled, 4);
	cr_assert_eq(server_requests(), 2);
	hx_transport_free(c.t);
	server_stop();
}

static void rejects_key(int n, const char *url, const char *upload, struct reply *r)
{
	(void)n, (void)upload;
	r->status = strstr(url, "flaky") ? 503 : 401;
	r->echo_auth = true;
}

Test(transport, never_puts_an_api_key_in_a_message)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome out[3] = {0};
	const char *paths[] = {"/v2/translate?auth_key=QKEY-77", "/flaky", "/flaky"};
	struct hx_diag diag = {0};

	server_start(rejects_key);
	fast_opts(&o);
	o.breaker_failures = 2;
	o.max_in_flight = 1;
	t = transport(&o);
	for (int i = 0; i < 3; i++) {
		struct hx_http_request req = {0};
		char url[128];

		snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", srv.port, paths[i]);
		req.url = hx_xstrdup(url);
		req.headers = hx_xcalloc(3, sizeof(*req.headers));
		req.headers[0] = hx_xstrdup("Authorization: DeepL-Auth-Key 0123abcd-SECRET-9f:fx");
		req.headers[1] = hx_xstrdup("Content-Type: application/x-www-form-urlencoded");
		req.secret_headers = true;
		cr_assert_eq(hx_transport_submit(t, &req, record, &out[i]), HX_OK);
	}
	cr_assert_eq(hx_transport_run(t, &diag), HX_OK);
	cr_assert(strstr(out[0].body, "SECRET"), "the server did echo the key");
	cr_assert(strstr(out[0].error, "HTTP 401"), "%s", out[0].error);
	cr_assert(strstr(out[2].error, "circuit open"), "%s", out[2].error);
	for (int i = 0; i < 3; i++) {
		cr_assert(!strstr(out[i].error, "SECRET"), "%s", out[i].error);
		cr_assert(!strstr(out[i].error, "QKEY"), "%s", out[i].error);
	}
	cr_assert(!strstr(diag.msg, "SECRET"));
	hx_transport_free(t);
	server_stop();
}

Test(transport, fails_urls_other_than_http_and_https_through_the_callback)
{
	struct hx_transport_opts o;
	struct hx_transport *t;
	struct outcome ftp = {0}, junk = {0};
	struct hx_http_request req = {0};

	fast_opts(&o);
	t = transport(&o);
	req.url = hx_xstrdup("ftp://user:pw@127.0.0.1/file");
	cr_assert_eq(hx_transport_submit(t, &req, record, &ftp), HX_OK);
	req.url = hx_xstrdup("http://");
	cr_assert_eq(hx_transport_submit(t, &req, record, &junk), HX_OK);
	run_ok(t);
	cr_assert_eq(ftp.calls, 1);
	cr_assert_eq(ftp.attempts, 0);
	cr_assert(strstr(ftp.error, "unsupported scheme 'ftp' in 'ftp://127.0.0.1/file'"), "%s",
		  ftp.error);
	cr_assert_eq(junk.calls, 1);
	cr_assert(strstr(junk.error, "invalid URL"), "%s", junk.error);
	hx_transport_free(t);
}

Test(transport, refuses_options_out_of_range)
{
	struct hx_transport_opts o;
	struct hx_diag diag = {0};

	hx_transport_opts_init(&o);
	o.max_in_flight = 0;
	cr_assert_null(hx_transport_new(&o, &diag));
	cr_assert_eq(diag.err, HX_E_CONFIG);
	cr_assert(strstr(diag.msg, "max_in_flight"), "%s", diag.msg);
}
