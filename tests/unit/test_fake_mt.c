/* Tests of the fake MT server (tests/support/fake_mt*.c): each test starts the real binary
 * ($HX_FAKE_MT) on 127.0.0.1, talks to it with libcurl and stops it by its PID file. */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static struct {
	pid_t pid;
	char dir[64];
	char base[64];
	unsigned port;
	CURL *curl;
} srv;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool read_number(const char *name, long *out)
{
	char path[128], text[32] = "";
	FILE *f;
	char *end;

	snprintf(path, sizeof(path), "%s/%s", srv.dir, name);
	if (!(f = fopen(path, "r")))
		return false;
	if (!fgets(text, sizeof(text), f))
		text[0] = '\0';
	fclose(f);
	errno = 0;
	*out = strtol(text, &end, 10);
	return !errno && end != text && *end == '\n';
}

/* posix_spawn rather than fork: the test process has threads (and maybe ASan's locks).
 * Criterion's BXFI_* variables stay behind: a sanitizer build of fake-mt links libcriterion,
 * whose sandbox would take the server for one of its test workers. */
static void spawn(char **argv)
{
	posix_spawn_file_actions_t fa;
	char log[128], *env[256];
	size_t n = 0;
	int err;

	for (char **e = environ; *e && n < 255; e++)
		if (strncmp(*e, "BXFI_", 5))
			env[n++] = *e;
	env[n] = NULL;

	snprintf(log, sizeof(log), "%s/log", srv.dir);
	cr_assert_eq(posix_spawn_file_actions_init(&fa), 0);
	cr_assert_eq(
		posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644),
		0);
	cr_assert_eq(posix_spawn_file_actions_adddup2(&fa, 1, 2), 0);
	err = posix_spawn(&srv.pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	cr_assert_eq(err, 0, "cannot start '%s': %s", argv[0], strerror(err));
}

/* Copies the server's output to stderr, to explain a failed start. */
static void show_log(void)
{
	char path[128], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/log", srv.dir);
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f))
		fprintf(stderr, "fake-mt: %s", line);
	fclose(f);
}

/* Starts fake-mt with the given options (a NULL-terminated list) and waits for its port. */
static void start(const char *opt, ...)
{
	const char *bin = getenv("HX_FAKE_MT");
	char *argv[64], port_file[128], pid_file[128];
	size_t n = 0;
	long port = 0;
	va_list ap;

	cr_assert_not_null(bin, "HX_FAKE_MT names the fake-mt binary");
	snprintf(srv.dir, sizeof(srv.dir), "/tmp/hx-fake-mt-XXXXXX");
	cr_assert_not_null(mkdtemp(srv.dir));
	snprintf(port_file, sizeof(port_file), "%s/port", srv.dir);
	snprintf(pid_file, sizeof(pid_file), "%s/pid", srv.dir);
	argv[n++] = (char *)bin;
	argv[n++] = "--port";
	argv[n++] = "0";
	argv[n++] = "--port-file";
	argv[n++] = port_file;
	argv[n++] = "--pid-file";
	argv[n++] = pid_file;
	va_start(ap, opt);
	for (const char *a = opt; a && n < 63; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	spawn(argv);
	for (double until = now() + 10; !read_number("port", &port) && now() < until;)
		usleep(10000);
	if (port <= 0)
		show_log();
	cr_assert_gt(port, 0, "fake-mt wrote its port within 10 s");
	srv.port = (unsigned)port;
	snprintf(srv.base, sizeof(srv.base), "http://127.0.0.1:%ld", port);
}

/* Stops the server by the PID in its PID file; returns its exit status, or -1. */
static int stop(void)
{
	long pid = 0;
	int status = 0;
	pid_t got = 0;

	cr_expect(read_number("pid", &pid) && pid == srv.pid, "the PID file names the server");
	kill(srv.pid, SIGTERM);
	for (double until = now() + 10; (got = waitpid(srv.pid, &status, WNOHANG)) == 0;) {
		if (now() > until) {
			kill(srv.pid, SIGKILL);
			waitpid(srv.pid, &status, 0);
			break;
		}
		usleep(10000);
	}
	srv.pid = 0;
	return got > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void remove_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", srv.dir);
	cr_expect_eq(system(cmd), 0);
}

static void teardown(void)
{
	if (srv.curl)
		curl_easy_cleanup(srv.curl);
	srv.curl = NULL;
	if (srv.pid > 0)
		cr_expect_eq(stop(), 0, "fake-mt stops cleanly on SIGTERM (exit 0, no leaks)");
	if (srv.dir[0])
		remove_dir();
}

TestSuite(fake_mt, .fini = teardown);

struct reply {
	long status;
	CURLcode rc;
	char *body;
	size_t len;
	bool retry_after;
	double seconds;
	long connects;
};

static size_t on_body(char *p, size_t size, size_t n, void *cls)
{
	struct reply *r = cls;

	r->body = realloc(r->body, r->len + size * n + 1);
	cr_assert_not_null(r->body);
	memcpy(r->body + r->len, p, size * n);
	r->len += size * n;
	r->body[r->len] = '\0';
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *cls)
{
	struct reply *r = cls;

	if (size * n >= 12 && !strncasecmp(p, "Retry-After:", 12))
		r->retry_after = true;
	return size * n;
}

/* One request on a kept-alive handle; body NULL means GET. headers: NULL-terminated. */
static struct reply http(const char *path, const char *body, const char *const *headers)
{
	struct reply r = {0};
	struct curl_slist *list = NULL;
	char url[512];
	double t0 = now();

	if (!srv.curl)
		srv.curl = curl_easy_init();
	cr_assert_not_null(srv.curl);
	curl_easy_reset(srv.curl);
	snprintf(url, sizeof(url), "%s%s", srv.base, path);
	for (size_t i = 0; headers && headers[i]; i++)
		list = curl_slist_append(list, headers[i]);
	list = curl_slist_append(list, "Expect:");
	curl_easy_setopt(srv.curl, CURLOPT_URL, url);
	curl_easy_setopt(srv.curl, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(srv.curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(srv.curl, CURLOPT_WRITEDATA, &r);
	curl_easy_setopt(srv.curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(srv.curl, CURLOPT_HEADERDATA, &r);
	curl_easy_setopt(srv.curl, CURLOPT_TIMEOUT, 20L);
	if (body)
		curl_easy_setopt(srv.curl, CURLOPT_POSTFIELDS, body);
	r.rc = curl_easy_perform(srv.curl);
	curl_easy_getinfo(srv.curl, CURLINFO_RESPONSE_CODE, &r.status);
	curl_easy_getinfo(srv.curl, CURLINFO_NUM_CONNECTS, &r.connects);
	curl_slist_free_all(list);
	r.seconds = now() - t0;
	if (!r.body)
		r.body = calloc(1, 1);
	return r;
}

static const char *const json_headers[] = {"Content-Type: application/json", NULL};

static struct reply post_json(const char *path, const char *body)
{
	return http(path, body, json_headers);
}

static json_t *parse(const struct reply *r)
{
	json_t *v = json_loadb(r->body, r->len, 0, NULL);

	cr_assert_not_null(v, "valid JSON: %s", r->body);
	return v;
}

static const char *str_at(json_t *v, const char *path)
{
	json_t *cur = v;
	char key[64];

	for (const char *p = path; cur && *p;) {
		size_t len = strcspn(p, ".");

		snprintf(key, sizeof(key), "%.*s", (int)len, p);
		if (key[0] >= '0' && key[0] <= '9')
			cur = json_array_get(cur, strtoul(key, NULL, 10));
		else
			cur = json_object_get(cur, key);
		p += len + (p[len] == '.');
	}
	return json_string_value(cur);
}

static long stat_of(const char *group, const char *name)
{
	struct reply r = http("/_stats", NULL, NULL);
	json_t *v = parse(&r);
	json_t *g = group ? json_object_get(v, group) : v;
	long n = (long)json_integer_value(json_object_get(g, name));

	json_decref(v);
	free(r.body);
	return n;
}

static void control(const char *settings)
{
	struct reply r = post_json("/_control", settings);

	cr_assert_eq(r.status, 200, "/_control accepts %s: %s", settings, r.body);
	free(r.body);
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

#define APY_FORM(q) "langpair=eng%7Cspa&markUnknown=no&format=html&q=" q
/* <p>Hello <x id="2"/> world &amp; Co</p><p>Two</p> */
#define APY_Q                                                                         \
	"%3Cp%3EHello%20%3Cx%20id%3D%222%22%2F%3E%20world%20%26amp%3B%20Co%3C%2Fp%3E" \
	"%3Cp%3ETwo%3C%2Fp%3E"
#define LT_BODY \
	"{\"q\": [\"Hello <x id=\\\"1\\\"/> world\"], \"source\": \"en\", \"target\": \"es\"}"

Test(fake_mt, apy_translates_each_paragraph_keeping_tags_and_entities)
{
	start(NULL);
	struct reply r = http("/translate", APY_FORM(APY_Q), NULL);
	json_t *v = parse(&r);

	cr_assert_eq(r.status, 200);
	cr_assert_str_eq(str_at(v, "responseData.translatedText"),
			 "<p>[spa] hELLO <x id=\"2\"/> WORLD &amp; cO</p><p>[spa] tWO</p>");
	cr_assert(json_is_null(json_object_get(v, "responseDetails")));
	cr_assert_eq(json_integer_value(json_object_get(v, "responseStatus")), 200);
	cr_assert_not_null(strstr(r.body, "<\\/p>"), "APy escapes </ as <\\/");
	json_decref(v);
	free(r.body);
}

Test(fake_mt, apy_accepts_get_with_a_query_string)
{
	start(NULL);
	struct reply r = http("/translate?langpair=spa%7Ceng&q=Hola%20Mundo", NULL, NULL);
	json_t *v = parse(&r);

	cr_assert_str_eq(str_at(v, "responseData.translatedText"), "[eng] hOLA mUNDO");
	json_decref(v);
	free(r.body);
}

Test(fake_mt, apy_rejects_a_pair_it_lacks_with_its_400)
{
	start(NULL);
	struct reply r = http("/translate", "langpair=eng%7Cfra&q=Hello", NULL);
	json_t *v = parse(&r);

	cr_assert_eq(r.status, 400);
	cr_assert_str_eq(str_at(v, "status"), "error");
	cr_assert_eq(json_integer_value(json_object_get(v, "code")), 400);
	cr_assert_str_eq(str_at(v, "explanation"), "That pair is not installed");
	json_decref(v);
	free(r.body);
}

Test(fake_mt, apy_lists_its_configurable_pairs)
{
	start("--apy-pairs", "eng-spa,eng-fra", NULL);
	struct reply r = http("/listPairs", NULL, NULL);
	json_t *v = parse(&r);

	cr_assert_eq(json_array_size(json_object_get(v, "responseData")), 2);
	cr_assert_str_eq(str_at(v, "responseData.1.sourceLanguage"), "eng");
	cr_assert_str_eq(str_at(v, "responseData.1.targetLanguage"), "fra");
	json_decref(v);
	free(r.body);
	r = http("/translate", "langpair=eng%7Cfra&q=Hi", NULL);
	cr_assert_eq(r.status, 200, "the configured eng-fra pair translates");
	free(r.body);
}

Test(fake_mt, apy_answers_unknown_routes_with_an_html_404)
{
	start(NULL);
	struct reply r = http("/no/such/route", NULL, NULL);

	cr_assert_eq(r.status, 404);
	cr_assert_not_null(strstr(r.body, "<html><title>404: Not Found</title>"));
	free(r.body);
}

Test(fake_mt, apy_silently_truncates_long_input)
{
	start("--apy-truncate-chars", "12", NULL);
	struct reply r =
		http("/translate", "langpair=eng%7Cspa&q=%3Cp%3Eabc%3C%2Fp%3E%3Cp%3Edef%3C%2Fp%3E",
		     NULL);
	json_t *v = parse(&r);

	cr_assert_eq(r.status, 200);
	cr_assert_str_eq(str_at(v, "responseData.translatedText"), "<p>[spa] ABC</p><p");
	json_decref(v);
	free(r.body);
}

Test(fake_mt, libretranslate_answers_in_the_shape_of_q)
{
	start(NULL);
	struct reply r = post_json("/translate", "{\"q\": \"Hello\", \"source\": \"en\", "
						 "\"target\": \"fr\", \"format\": \"text\"}");
	json_t *v = parse(&r);

	cr_assert_str_eq(str_at(v, "translatedText"), "[fr] hELLO");
	json_decref(v);
	free(r.body);
	r = post_json("/translate",
		      "{\"q\": [\"A <b>b</b>\", \"\xc3\xa9t\xc3\xa9 &amp; C\"], "
		      "\"source\": \"en\", \"target\": \"es\", \"format\": \"html\"}");
	v = parse(&r);
	cr_assert_str_eq(str_at(v, "translatedText.0"), "[es] a <b>B</b>");
	cr_assert_str_eq(str_at(v, "translatedText.1"), "[es] \xc3\xa9T\xc3\xa9 & c",
			 "non-ASCII kept; entities unescaped as LibreTranslate does");
	json_decref(v);
	free(r.body);
	r = post_json("/translate", "{\"q\": \"x\", \"source\": \"en\", \"target\": \"xx\"}");
	v = parse(&r);
	cr_assert_eq(r.status, 400);
	cr_assert_str_eq(str_at(v, "error"), "xx is not supported");
	json_decref(v);
	free(r.body);
}

Test(fake_mt, libretranslate_lists_languages_with_targets)
{
	start(NULL);
	struct reply r = http("/languages", NULL, NULL);
	json_t *v = parse(&r);

	cr_assert_eq(json_array_size(v), 6);
	cr_assert_str_eq(str_at(v, "0.code"), "en");
	cr_assert_str_eq(str_at(v, "0.name"), "English");
	cr_assert_str_eq(str_at(v, "0.targets.0"), "ar");
	cr_assert_eq(json_array_size(json_object_get(json_array_get(v, 0), "targets")), 5);
	json_decref(v);
	free(r.body);
}

Test(fake_mt, libretranslate_checks_the_api_key)
{
	start("--api-key", "sekrit", NULL);
	struct reply r = post_json("/translate", "{\"q\": \"x\", \"source\": \"en\", \"target\": "
						 "\"es\", \"api_key\": \"wrong\"}");
	json_t *v = parse(&r);

	cr_assert_eq(r.status, 403);
	cr_assert_str_eq(str_at(v, "error"), "Invalid API key");
	json_decref(v);
	free(r.body);
	r = post_json("/translate", "{\"q\": \"x\", \"source\": \"en\", \"target\": \"es\"}");
	cr_assert_eq(r.status, 400, "a missing key is refused as LibreTranslate does");
	free(r.body);
	r = post_json("/translate", "{\"q\": \"x\", \"source\": \"en\", \"target\": \"es\", "
				    "\"api_key\": \"sekrit\"}");
	cr_assert_eq(r.status, 200);
	free(r.body);
}

static const char *const deepl_form[] = {"Authorization: DeepL-Auth-Key k:fx", NULL};
static const char *const deepl_json[] = {"Authorization: DeepL-Auth-Key k:fx",
					 "Content-Type: application/json", NULL};

Test(fake_mt, deepl_translates_repeated_text_fields_and_json)
{
	start(NULL);
	struct reply r = http("/v2/translate",
			      "text=Hello&text=%3Cx%20id%3D%221%22%2F%3E%20World&source_lang=EN&"
			      "target_lang=ES&tag_handling=xml&ignore_tags=x",
			      deepl_form);
	json_t *v = parse(&r);

	cr_assert_eq(r.status, 200, "%s", r.body);
	cr_assert_str_eq(str_at(v, "translations.0.detected_source_language"), "EN");
	cr_assert_str_eq(str_at(v, "translations.0.text"), "[es] hELLO");
	cr_assert_str_eq(str_at(v, "translations.1.text"), "[es] <x id=\"1\"/> wORLD");
	json_decref(v);
	free(r.body);
	r = http("/v2/translate", "{\"text\": [\"Ab\"], \"target_lang\": \"EN-GB\"}", deepl_json);
	v = parse(&r);
	cr_assert_str_eq(str_at(v, "translations.0.text"), "[en-gb] aB");
	json_decref(v);
	free(r.body);
}

Test(fake_mt, deepl_refuses_a_missing_key_too_many_texts_and_big_bodies)
{
	struct reply r;
	char *body = malloc(140 * 1024);
	size_t len = 0;

	start("--api-key", "k:fx", NULL);
	r = http("/v2/translate", "text=a&target_lang=ES", NULL);
	cr_assert_eq(r.status, 403);
	cr_assert_not_null(strstr(r.body, "\"message\""));
	free(r.body);
	for (int i = 0; i < 51; i++)
		len += (size_t)snprintf(body + len, 20, "text=t%d&", i);
	snprintf(body + len, 20, "target_lang=ES");
	r = http("/v2/translate", body, deepl_form);
	cr_assert_eq(r.status, 400, "51 texts are too many");
	free(r.body);
	memset(body, 'a', 140 * 1024 - 1);
	memcpy(body, "target_lang=ES&text=", 20);
	body[140 * 1024 - 1] = '\0';
	r = http("/v2/translate", body, deepl_form);
	cr_assert_eq(r.status, 413, "a body over 128 KiB");
	free(r.body);
	free(body);
}

Test(fake_mt, deepl_answers_456_when_the_quota_is_spent)
{
	start("--deepl-quota-chars", "10", NULL);
	for (int i = 0; i < 3; i++) {
		struct reply r = http("/v2/translate", "text=Hello&target_lang=FR", deepl_form);

		cr_assert_eq(r.status, i < 2 ? 200 : 456, "request %d: %s", i, r.body);
		free(r.body);
	}
}

Test(fake_mt, deepl_lists_target_languages)
{
	start(NULL);
	struct reply r = http("/v2/languages?type=target", NULL, deepl_form);
	json_t *v = parse(&r), *item;
	size_t i;
	bool es = false;

	json_array_foreach(v, i, item) es =
		es || !strcmp(json_string_value(json_object_get(item, "language")), "ES");
	cr_assert(es, "ES is a target: %s", r.body);
	json_decref(v);
	free(r.body);
}

static const char *chat_content(json_t *v)
{
	return str_at(v, "choices.0.message.content");
}

Test(fake_mt, openai_translates_the_batch_in_the_last_user_message)
{
	start(NULL);
	struct reply r = post_json(
		"/v1/chat/completions",
		"{\"model\": \"m\", \"messages\": [{\"role\": \"system\", \"content\": "
		"\"Translate.\"}, "
		"{\"role\": \"user\", \"content\": \"{\\\"source\\\": \\\"en\\\", \\\"target\\\": "
		"\\\"es\\\", \\\"texts\\\": [\\\"One <x id=\\\\\\\"1\\\\\\\"/>\\\", "
		"\\\"Two\\\"]}\"}]}");
	json_t *v = parse(&r), *texts;

	cr_assert_eq(r.status, 200, "%s", r.body);
	cr_assert_str_eq(str_at(v, "object"), "chat.completion");
	cr_assert_str_eq(str_at(v, "choices.0.message.role"), "assistant");
	cr_assert_str_eq(str_at(v, "choices.0.finish_reason"), "stop");
	cr_assert_not_null(json_object_get(v, "usage"));
	texts = json_loads(chat_content(v), 0, NULL);
	cr_assert_eq(json_array_size(texts), 2, "content is a JSON array: %s", chat_content(v));
	cr_assert_str_eq(json_string_value(json_array_get(texts, 0)), "[es] oNE <x id=\"1\"/>");
	cr_assert_str_eq(json_string_value(json_array_get(texts, 1)), "[es] tWO");
	json_decref(texts);
	json_decref(v);
	free(r.body);
	r = post_json("/v1/chat/completions",
		      "{\"messages\": [{\"role\": \"user\", \"content\": \"Plain Text\"}]}");
	v = parse(&r);
	cr_assert_str_eq(chat_content(v), "[und] pLAIN tEXT");
	json_decref(v);
	free(r.body);
}

Test(fake_mt, openai_checks_the_bearer_key_and_lists_a_model)
{
	static const char *const bearer[] = {"Authorization: Bearer sk-1",
					     "Content-Type: application/json", NULL};
	start("--api-key", "sk-1", NULL);
	struct reply r = post_json("/v1/chat/completions",
				   "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}");
	json_t *v = parse(&r);

	cr_assert_eq(r.status, 401);
	cr_assert_not_null(str_at(v, "error.message"));
	cr_assert_str_eq(str_at(v, "error.type"), "invalid_request_error");
	json_decref(v);
	free(r.body);
	r = http("/v1/models", NULL, bearer);
	v = parse(&r);
	cr_assert_str_eq(str_at(v, "object"), "list");
	cr_assert_str_eq(str_at(v, "data.0.id"), "fake-mt");
	json_decref(v);
	free(r.body);
}

/* Sends the LibreTranslate request n times; returns the statuses, newly allocated. */
static long *statuses(int n)
{
	long *s = calloc((size_t)n, sizeof(*s));

	for (int i = 0; i < n; i++) {
		struct reply r = post_json("/translate", LT_BODY);

		s[i] = r.rc == CURLE_OK ? r.status : -(long)r.rc;
		free(r.body);
	}
	return s;
}

static void expect_ok_after(const char *off)
{
	struct reply r;

	control(off);
	r = post_json("/translate", LT_BODY);
	cr_assert_eq(r.status, 200, "after %s: %s", off, r.body);
	cr_assert_eq(count(r.body, "<x id="), 1);
	free(r.body);
}

Test(fake_mt, fail_5xx_answers_server_errors_until_switched_off)
{
	start("--fail-5xx", "1", NULL);
	long *s = statuses(12);

	for (int i = 0; i < 12; i++)
		cr_assert(s[i] == 500 || s[i] == 502 || s[i] == 503 || s[i] == 504, "got %ld",
			  s[i]);
	free(s);
	expect_ok_after("{\"fail_5xx\": 0}");
}

Test(fake_mt, fail_429_sends_retry_after_on_half_of_them)
{
	int with = 0;

	start("--fail-429", "1", NULL);
	for (int i = 0; i < 20; i++) {
		struct reply r = post_json("/translate", LT_BODY);

		cr_assert_eq(r.status, 429);
		with += r.retry_after;
		free(r.body);
	}
	cr_assert_eq(with, 10);
	cr_assert_eq(stat_of(NULL, "retry_after"), 10);
	expect_ok_after("{\"fail_429\": 0}");
}

Test(fake_mt, fail_timeout_sleeps_before_answering)
{
	start("--fail-timeout", "1", "--timeout-sleep-ms", "400", NULL);
	struct reply r = post_json("/translate", LT_BODY);

	cr_assert_eq(r.status, 200);
	cr_assert_geq(r.seconds, 0.39, "slept %.3f s", r.seconds);
	free(r.body);
	expect_ok_after("{\"fail_timeout\": 0}");
}

Test(fake_mt, fail_malformed_answers_200_with_invalid_json)
{
	start("--fail-malformed", "1", NULL);
	struct reply r = post_json("/translate", LT_BODY);

	cr_assert_eq(r.status, 200);
	cr_assert_null(json_loadb(r.body, r.len, 0, NULL));
	free(r.body);
	expect_ok_after("{\"fail_malformed\": 0}");
}

Test(fake_mt, fail_truncated_cuts_the_json_both_ways)
{
	start("--fail-truncated", "1", NULL);
	struct reply lie = post_json("/translate", LT_BODY),
		     shrt = post_json("/translate", LT_BODY);

	cr_assert_eq(lie.rc, CURLE_PARTIAL_FILE, "Content-Length promised more: rc %d", lie.rc);
	cr_assert_eq(shrt.rc, CURLE_OK);
	cr_assert_eq(shrt.status, 200);
	cr_assert_null(json_loadb(shrt.body, shrt.len, 0, NULL), "cut JSON: %s", shrt.body);
	cr_assert_eq(strncmp(shrt.body, "{\"translatedText\":", 18), 0, "a valid start");
	free(lie.body);
	free(shrt.body);
	expect_ok_after("{\"fail_truncated\": 0}");
}

Test(fake_mt, fail_placeholder_drops_or_duplicates_one)
{
	start("--fail-drop-placeholder", "1", NULL);
	struct reply r = post_json("/translate", LT_BODY);

	cr_assert_eq(count(r.body, "<x id="), 0, "%s", r.body);
	free(r.body);
	control("{\"fail_drop_placeholder\": 0, \"fail_dup_placeholder\": 1}");
	r = post_json("/translate", LT_BODY);
	cr_assert_eq(count(r.body, "<x id="), 2, "%s", r.body);
	free(r.body);
	expect_ok_after("{\"fail_dup_placeholder\": 0}");
}

Test(fake_mt, fail_reset_closes_without_an_answer)
{
	start("--fail-reset", "1", NULL);
	struct reply r = post_json("/translate", LT_BODY);

	cr_assert_eq(r.rc, CURLE_GOT_NOTHING, "rc %d", r.rc);
	free(r.body);
	expect_ok_after("{\"fail_reset\": 0}");
}

Test(fake_mt, huge_response_sends_megabytes_of_valid_json)
{
	start("--huge-response-mb", "2", NULL);
	struct reply r = post_json("/translate", LT_BODY);
	json_t *v = parse(&r);

	cr_assert_eq(r.status, 200);
	cr_assert_eq(r.len, (size_t)2 << 20);
	cr_assert_not_null(json_object_get(v, "padding"));
	json_decref(v);
	free(r.body);
	expect_ok_after("{\"huge_response_mb\": 0}");
}

Test(fake_mt, fail_all_status_and_fail_first)
{
	start("--fail-all-status", "500", NULL);
	long *s = statuses(3);

	cr_assert(s[0] == 500 && s[1] == 500 && s[2] == 500);
	free(s);
	control("{\"fail_all_status\": 0, \"fail_first\": 2}");
	s = statuses(4);
	cr_assert(s[0] == 503 && s[1] == 503 && s[2] == 200 && s[3] == 200, "%ld %ld %ld %ld", s[0],
		  s[1], s[2], s[3]);
	free(s);
}

Test(fake_mt, control_refuses_unknown_or_bad_settings)
{
	start(NULL);
	struct reply r = post_json("/_control", "{\"fail_everything\": 1}");

	cr_assert_eq(r.status, 400);
	free(r.body);
	r = post_json("/_control", "{\"fail_5xx\": 1.5}");
	cr_assert_eq(r.status, 400);
	free(r.body);
}

static long *statuses_of_a_run(const char *seed)
{
	long *s;

	start("--seed", seed, "--fail-5xx", "0.3", "--fail-429", "0.3", NULL);
	s = statuses(40);
	cr_assert_eq(stop(), 0);
	remove_dir();
	return s;
}

Test(fake_mt, the_seed_makes_two_runs_identical)
{
	long *a = statuses_of_a_run("7"), *b = statuses_of_a_run("7"), *c = statuses_of_a_run("8");
	int ok = 0, same_as_c = 0;

	for (int i = 0; i < 40; i++) {
		cr_assert_eq(a[i], b[i], "request %d: %ld then %ld", i, a[i], b[i]);
		ok += a[i] == 200;
		same_as_c += a[i] == c[i];
	}
	cr_assert(ok > 5 && ok < 35, "a mix of faults and answers: %d ok", ok);
	cr_assert_lt(same_as_c, 40, "another seed, another run");
	free(a);
	free(b);
	free(c);
	srv.dir[0] = '\0';
}

Test(fake_mt, max_concurrent_makes_requests_wait_for_a_slot)
{
	CURLM *multi;
	CURL *h[16];
	struct reply replies[16] = {0};
	int running = 1;
	double t0, elapsed;

	start("--latency-ms", "200", "--max-concurrent", "8", NULL);
	multi = curl_multi_init();
	for (int i = 0; i < 16; i++) {
		char url[128];

		snprintf(url, sizeof(url), "%s/translate?langpair=eng%%7Cspa&q=t%d", srv.base, i);
		h[i] = curl_easy_init();
		curl_easy_setopt(h[i], CURLOPT_URL, url);
		curl_easy_setopt(h[i], CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(h[i], CURLOPT_WRITEDATA, &replies[i]);
		curl_multi_add_handle(multi, h[i]);
	}
	t0 = now();
	while (running) {
		cr_assert_eq(curl_multi_perform(multi, &running), CURLM_OK);
		if (running)
			curl_multi_poll(multi, NULL, 0, 100, NULL);
	}
	elapsed = now() - t0;
	for (int i = 0; i < 16; i++) {
		long status = 0;

		curl_easy_getinfo(h[i], CURLINFO_RESPONSE_CODE, &status);
		cr_expect_eq(status, 200);
		curl_multi_remove_handle(multi, h[i]);
		curl_easy_cleanup(h[i]);
		free(replies[i].body);
	}
	curl_multi_cleanup(multi);
	cr_assert_eq(stat_of(NULL, "max_concurrent"), 8);
	cr_assert(elapsed >= 0.39 && elapsed < 1.5, "16 requests, 8 at a time: %.3f s", elapsed);
}

Test(fake_mt, stats_count_routes_outcomes_and_distinct_texts)
{
	start(NULL);
	for (int i = 0; i < 2; i++)
		free(post_json("/translate", LT_BODY).body);
	free(http("/translate", "langpair=eng%7Cxxx&q=a", NULL).body);
	cr_assert_eq(stat_of("by_route", "libretranslate_translate"), 2);
	cr_assert_eq(stat_of("by_route", "apy_translate"), 1);
	cr_assert_eq(stat_of("by_outcome", "ok"), 2);
	cr_assert_eq(stat_of("by_outcome", "rejected"), 1);
	cr_assert_eq(stat_of("by_status", "400"), 1);
	cr_assert_eq(stat_of(NULL, "texts_received"), 2);
	cr_assert_eq(stat_of(NULL, "texts_translated"), 2);
	cr_assert_eq(stat_of(NULL, "distinct_texts"), 1);
	free(http("/_stats/reset", "", NULL).body);
	cr_assert_eq(stat_of(NULL, "requests"), 0);
	cr_assert_eq(stat_of(NULL, "distinct_texts"), 0);
}

Test(fake_mt, caps_request_bodies_and_keeps_connections_alive)
{
	char body[3000];
	struct reply r;

	start("--max-body-bytes", "1000", NULL);
	r = http("/languages", NULL, NULL);
	cr_assert_eq(r.connects, 1);
	free(r.body);
	r = http("/languages", NULL, NULL);
	cr_assert_eq(r.connects, 0, "the second request reuses the connection");
	free(r.body);
	memset(body, 'a', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	r = http("/translate", body, NULL);
	cr_assert_eq(r.status, 413);
	free(r.body);
}

/* Whether /proc/net/<file> has a listening socket on port, and on which address. */
static int listeners(const char *file, unsigned port, bool *loopback_only)
{
	char path[64], line[512];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/net/%s", file);
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char addr[64];
		unsigned p, state;

		if (sscanf(line, " %*d: %63[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %x", addr, &p,
			   &state) != 3 ||
		    p != port || state != 0x0A)
			continue;
		n++;
		if (strcmp(addr, "0100007F"))
			*loopback_only = false;
	}
	fclose(f);
	return n;
}

Test(fake_mt, binds_only_127_0_0_1)
{
	bool loopback_only = true;

	start(NULL);
	cr_assert_eq(listeners("tcp", srv.port, &loopback_only), 1);
	cr_assert(loopback_only, "listens on 127.0.0.1 only");
	cr_assert_eq(listeners("tcp6", srv.port, &loopback_only), 0, "no IPv6 socket");
}

Test(fake_mt, protocol_restricts_the_routes)
{
	start("--protocol", "deepl", NULL);
	struct reply r = http("/translate", "langpair=eng%7Cspa&q=a", NULL);

	cr_assert_eq(r.status, 404);
	free(r.body);
	r = http("/v2/translate", "text=a&target_lang=ES", deepl_form);
	cr_assert_eq(r.status, 200);
	free(r.body);
}

Test(fake_mt, protocol_log_has_a_json_line_per_request)
{
	char path[128], line[4096];
	FILE *f;
	json_t *v;

	snprintf(path, sizeof(path), "/tmp/hx-fake-mt-log-%ld", (long)getpid());
	start("--protocol-log", path, NULL);
	free(http("/translate", "langpair=eng%7Cspa&q=Hi", NULL).body);
	free(http("/_stats", NULL, NULL).body);
	cr_assert_eq(stop(), 0);
	f = fopen(path, "r");
	cr_assert_not_null(f);
	cr_assert_not_null(fgets(line, sizeof(line), f));
	v = json_loads(line, 0, NULL);
	cr_assert_not_null(v, "%s", line);
	cr_assert_str_eq(str_at(v, "path"), "/translate");
	cr_assert_eq(json_integer_value(json_object_get(v, "status")), 200);
	cr_assert_null(fgets(line, sizeof(line), f), "/_stats is not logged");
	json_decref(v);
	fclose(f);
	unlink(path);
}
