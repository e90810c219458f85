/* fake-mt: command line, settings (shared by the options and POST /_control), port and pid
 * files, and a clean stop on SIGTERM/SIGINT. See tests/support/README.md. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_mt.h"

enum setting_kind { SET_PROB, SET_LONG, SET_SEED, SET_STR };

struct setting {
	const char *name; /* JSON name; the option is --name with '-' for '_' */
	enum setting_kind kind;
	size_t off;
	size_t size;
	long min, max; /* SET_LONG */
	const char *arg, *help;
};

/* clang-format off */
#define SETTING(f, kind, lo, hi, arg, help) \
	{#f, kind, offsetof(struct fake_config, f), sizeof(((struct fake_config *)0)->f), lo, hi, \
	 arg, help}
/* clang-format on */
#define PROB(f, help) SETTING(f, SET_PROB, 0, 0, "P", help)

static const struct setting settings[] = {
	SETTING(latency_ms, SET_LONG, 0, 3600000, "N", "added to every protocol request"),
	SETTING(jitter_ms, SET_LONG, 0, 3600000, "N", "plus a seeded random 0..N ms"),
	SETTING(max_concurrent, SET_LONG, 0, 100000, "N",
		"requests handled at a time, the others wait (0: no cap)"),
	PROB(fail_5xx, "answer 500, 502, 503 or 504"),
	PROB(fail_429, "answer 429, every other one with Retry-After: 1"),
	PROB(fail_timeout, "sleep --timeout-sleep-ms before answering"),
	SETTING(timeout_sleep_ms, SET_LONG, 0, 86400000, "N", "the --fail-timeout sleep (60000)"),
	PROB(fail_malformed, "answer 200 with invalid JSON"),
	PROB(fail_truncated, "cut the JSON in half: a Content-Length lie or a short body"),
	PROB(fail_drop_placeholder, "remove one <x .../> from one text"),
	PROB(fail_dup_placeholder, "duplicate one <x .../> in one text"),
	PROB(fail_reset, "close the connection without an answer"),
	SETTING(huge_response_mb, SET_LONG, 0, 4096, "N", "answer 200 with N MB of JSON padding"),
	SETTING(fail_all_status, SET_LONG, 0, 599, "CODE", "answer CODE, 400 to 599 (0: off)"),
	SETTING(fail_first, SET_LONG, 0, 1000000000, "N", "the first N answer 503"),
	SETTING(apy_truncate_chars, SET_LONG, 0, 1000000000, "N",
		"APy drops q beyond N characters, with 200 (0: off)"),
	SETTING(deepl_quota_chars, SET_LONG, 0, 2000000000, "N",
		"DeepL answers 456 past N characters (0: no quota)"),
	SETTING(seed, SET_SEED, 0, 0, "S", "seed of the fault and jitter draws (1)"),
	SETTING(apy_pairs, SET_STR, 0, 0, "LIST",
		"APy's pairs (eng-spa,spa-eng,fra-spa,spa-fra,eng-cat,cat-eng)"),
	SETTING(api_key, SET_STR, 0, 0, "KEY", "the key LibreTranslate, DeepL and OpenAI want"),
	SETTING(model, SET_STR, 0, 0, "NAME", "the model /v1/models lists (fake-mt)"),
};

#define N_SETTINGS (sizeof(settings) / sizeof(settings[0]))

void fake_config_defaults(struct fake_config *c)
{
	memset(c, 0, sizeof(*c));
	c->timeout_sleep_ms = 60000;
	c->seed = 1;
	snprintf(c->apy_pairs, sizeof(c->apy_pairs), "%s",
		 "eng-spa,spa-eng,fra-spa,spa-fra,eng-cat,cat-eng");
	snprintf(c->model, sizeof(c->model), "%s", "fake-mt");
}

static const struct setting *setting_find(const char *name)
{
	for (size_t i = 0; i < N_SETTINGS; i++)
		if (!strcmp(settings[i].name, name))
			return &settings[i];
	return NULL;
}

/* Pairs are "src-trg" of lower-case letters, comma separated. */
static bool pairs_valid(const char *s)
{
	size_t len = strlen(s);

	if (!len)
		return true;
	for (const char *p = s; p <= s + len; p++) {
		size_t item = strcspn(p, ","), dash = strcspn(p, "-");

		if (dash == 0 || dash + 1 >= item ||
		    strspn(p, "abcdefghijklmnopqrstuvwxyz-_") < item)
			return false;
		if (memchr(p + dash + 1, '-', item - dash - 1))
			return false;
		p += item;
	}
	return true;
}

static const char *store_string(const struct setting *s, char *field, const char *value)
{
	if (strlen(value) >= s->size)
		return "value too long";
	if (!strcmp(s->name, "apy_pairs") && !pairs_valid(value))
		return "expected pairs like eng-spa,spa-eng";
	snprintf(field, s->size, "%s", value);
	return NULL;
}

const char *fake_config_set_text(struct fake_config *c, const char *name, const char *value)
{
	const struct setting *s = setting_find(name);
	char *field, *end;

	if (!s)
		return "unknown setting";
	field = (char *)c + s->off;
	errno = 0;
	if (s->kind == SET_STR)
		return store_string(s, field, value);
	if (s->kind == SET_PROB) {
		double p = strtod(value, &end);

		if (errno || end == value || *end || !(p >= 0 && p <= 1))
			return "expected a probability from 0 to 1";
		memcpy(field, &p, sizeof(p));
	} else if (s->kind == SET_SEED) {
		unsigned long long v = strtoull(value, &end, 10);

		if (errno || end == value || *end || *value == '-')
			return "expected an unsigned integer";
		memcpy(field, &v, sizeof(v));
	} else {
		long v = strtol(value, &end, 10);

		if (errno || end == value || *end || v < s->min || v > s->max)
			return "integer out of range";
		if (!strcmp(s->name, "fail_all_status") && v && v < 400)
			return "expected 0 or an HTTP status from 400 to 599";
		memcpy(field, &v, sizeof(v));
	}
	return NULL;
}

static const char *set_json_value(struct fake_config *c, const struct setting *s, json_t *v)
{
	char text[64];

	if (s->kind == SET_STR) {
		if (!json_is_string(v))
			return "expected a string";
		return fake_config_set_text(c, s->name, json_string_value(v));
	}
	if (s->kind == SET_PROB && json_is_number(v))
		snprintf(text, sizeof(text), "%.17g", json_number_value(v));
	else if (json_is_integer(v))
		snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else
		return s->kind == SET_PROB ? "expected a number" : "expected an integer";
	return fake_config_set_text(c, s->name, text);
}

bool fake_config_set_json(struct fake_config *c, json_t *obj, char *err, size_t errlen)
{
	const char *key;
	json_t *v;

	if (!json_is_object(obj)) {
		snprintf(err, errlen, "expected a JSON object of settings");
		return false;
	}
	json_object_foreach(obj, key, v)
	{
		const struct setting *s = setting_find(key);
		const char *msg = s ? set_json_value(c, s, v) : "unknown setting";

		if (msg) {
			snprintf(err, errlen, "%s: '%s'", msg, key);
			return false;
		}
	}
	return true;
}

json_t *fake_config_json(const struct fake_config *c)
{
	json_t *obj = json_object();

	if (!obj)
		return NULL;
	for (size_t i = 0; i < N_SETTINGS; i++) {
		const struct setting *s = &settings[i];
		const char *field = (const char *)c + s->off;
		json_t *v;

		if (s->kind == SET_PROB) {
			double p;

			memcpy(&p, field, sizeof(p));
			v = json_real(p);
		} else if (s->kind == SET_LONG) {
			long l;

			memcpy(&l, field, sizeof(l));
			v = json_integer(l);
		} else if (s->kind == SET_SEED) {
			unsigned long long u;

			memcpy(&u, field, sizeof(u));
			v = json_integer((json_int_t)u);
		} else {
			v = json_string(field);
		}
		if (json_object_set_new(obj, s->name, v)) {
			json_decref(obj);
			return NULL;
		}
	}
	return obj;
}

static void config_usage(FILE *f)
{
	for (size_t i = 0; i < N_SETTINGS; i++) {
		char option[64];
		int n = snprintf(option, sizeof(option), "--%s %s", settings[i].name,
				 settings[i].arg);

		for (int k = 0; k < n; k++)
			option[k] = option[k] == '_' ? '-' : option[k];
		fprintf(f, "  %-30s %s\n", option, settings[i].help);
	}
}

static void usage(FILE *f)
{
	fputs("usage: fake-mt [--port N] [--port-file F] [--pid-file F] [--protocol-log F]\n"
	      "               [--protocol all|apy|libretranslate|deepl|openai]\n"
	      "               [--max-body-bytes N] [settings]\n"
	      "Listens on 127.0.0.1 only; --port 0 (the default) picks a free port.\n"
	      "Settings (also POST /_control as JSON, with '_' for '-'):\n",
	      f);
	config_usage(f);
}

struct cli {
	long port;
	const char *port_file;
	const char *pid_file;
	const char *log_file;
	const char *protocol;
	long max_body;
};

static bool parse_long(const char *s, long min, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return !errno && end != s && !*end && *out >= min && *out <= max;
}

/* Handles one option that only the command line has; returns false if name is not one. */
static bool cli_option(struct cli *cli, const char *name, const char *value, const char **err)
{
	if (!strcmp(name, "port")) {
		*err = parse_long(value, 0, 65535, &cli->port) ? NULL : "expected a port";
	} else if (!strcmp(name, "max_body_bytes")) {
		*err = parse_long(value, 1, 1L << 30, &cli->max_body) ? NULL : "out of range";
	} else if (!strcmp(name, "port_file")) {
		cli->port_file = value;
	} else if (!strcmp(name, "pid_file")) {
		cli->pid_file = value;
	} else if (!strcmp(name, "protocol_log")) {
		cli->log_file = value;
	} else if (!strcmp(name, "protocol")) {
		cli->protocol = value;
	} else {
		return false;
	}
	return true;
}

/* Returns 0 to go on, or the exit code. */
static int parse_args(int argc, char **argv, struct cli *cli, struct fake_config *cfg)
{
	for (int i = 1; i < argc; i++) {
		char name[64];
		const char *arg = argv[i], *eq, *value, *err = NULL;
		size_t len;

		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			usage(stdout);
			return -1;
		}
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg) : strlen(arg);
		if (strncmp(arg, "--", 2) || len - 2 >= sizeof(name) || (!eq && i + 1 >= argc)) {
			fprintf(stderr, "fake-mt: bad argument '%s'\n", arg);
			return 2;
		}
		for (size_t k = 2; k < len; k++)
			name[k - 2] = arg[k] == '-' ? '_' : arg[k];
		name[len - 2] = '\0';
		value = eq ? eq + 1 : argv[++i];
		if (!cli_option(cli, name, value, &err))
			err = fake_config_set_text(cfg, name, value);
		if (err) {
			fprintf(stderr, "fake-mt: %s: '%s' '%s'\n", err, arg, value);
			return 2;
		}
	}
	return 0;
}

static bool protocol_parse(const char *s, enum fake_proto *out)
{
	static const char *const names[] = {"all", "apy", "libretranslate", "deepl", "openai"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*out = (enum fake_proto)i;
			return true;
		}
	return false;
}

/* Writes text to path through a temporary file and a rename. */
static bool write_atomic(const char *path, const char *text)
{
	char tmp[4096];
	FILE *f;
	int n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());

	if (n < 0 || (size_t)n >= sizeof(tmp) || !(f = fopen(tmp, "w")))
		return false;
	if (fputs(text, f) == EOF || fclose(f) == EOF || rename(tmp, path)) {
		unlink(tmp);
		return false;
	}
	return true;
}

static bool write_number_file(const char *path, long v)
{
	char text[32];

	snprintf(text, sizeof(text), "%ld\n", v);
	if (!path || write_atomic(path, text))
		return true;
	fprintf(stderr, "fake-mt: cannot write '%s': %s\n", path, strerror(errno));
	return false;
}

static bool fake_init(struct fake *f, const struct cli *cli)
{
	pthread_condattr_t attr;

	if (cli->log_file && !(f->protocol_log = fopen(cli->log_file, "a"))) {
		fprintf(stderr, "fake-mt: cannot open '%s': %s\n", cli->log_file, strerror(errno));
		return false;
	}
	if (pthread_mutex_init(&f->lock, NULL))
		goto fail_log;
	if (pthread_condattr_init(&attr))
		goto fail_lock;
	if (pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) ||
	    pthread_cond_init(&f->wake, &attr)) {
		pthread_condattr_destroy(&attr);
		goto fail_lock;
	}
	pthread_condattr_destroy(&attr);
	fake_stats_init(&f->stats);
	f->max_body = (size_t)cli->max_body;
	return true;
fail_lock:
	pthread_mutex_destroy(&f->lock);
fail_log:
	if (f->protocol_log)
		fclose(f->protocol_log);
	fprintf(stderr, "fake-mt: cannot set up threads\n");
	return false;
}

static void fake_release(struct fake *f)
{
	fake_stats_release(&f->stats);
	if (f->protocol_log)
		fclose(f->protocol_log);
	pthread_cond_destroy(&f->wake);
	pthread_mutex_destroy(&f->lock);
}

/* Blocks until SIGTERM or SIGINT, then wakes every sleeping request and stops. */
static void serve_until_signal(struct fake *f, struct MHD_Daemon *d, const sigset_t *set)
{
	int sig = 0;

	while (sigwait(set, &sig) == 0 && sig != SIGTERM && sig != SIGINT)
		;
	pthread_mutex_lock(&f->lock);
	f->stopping = true;
	pthread_cond_broadcast(&f->wake);
	pthread_mutex_unlock(&f->lock);
	MHD_stop_daemon(d);
}

static int run(struct fake *f, const struct cli *cli, const sigset_t *set)
{
	const union MHD_DaemonInfo *info;
	struct MHD_Daemon *d = fake_http_start(f, (unsigned)cli->port);

	if (!d) {
		fprintf(stderr, "fake-mt: cannot listen on 127.0.0.1:%ld\n", cli->port);
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (!info || !write_number_file(cli->pid_file, (long)getpid()) ||
	    !write_number_file(cli->port_file, (long)info->port)) {
		MHD_stop_daemon(d);
		return 1;
	}
	serve_until_signal(f, d, set);
	if (cli->port_file)
		unlink(cli->port_file);
	if (cli->pid_file)
		unlink(cli->pid_file);
	return 0;
}

int main(int argc, char **argv)
{
	struct cli cli = {.max_body = 8L << 20, .protocol = "all"};
	struct fake f = {0};
	sigset_t set;
	int rc;

	fake_config_defaults(&f.cfg);
	rc = parse_args(argc, argv, &cli, &f.cfg);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (!protocol_parse(cli.protocol, &f.protocol)) {
		fprintf(stderr, "fake-mt: unknown protocol '%s'\n", cli.protocol);
		return 2;
	}
	/* Block the stop signals in every thread; the main thread takes them with sigwait. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	signal(SIGPIPE, SIG_IGN);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) || !fake_init(&f, &cli))
		return 1;
	rc = run(&f, &cli, &set);
	fake_release(&f);
	return rc;
}
