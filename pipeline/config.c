/* Settings: defaults, the INI file hexaglot.conf, and the size parser the command line uses. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "fsio.h"
#include "mem.h"

#define CONFIG_MAX_BYTES ((size_t)1 << 20)

static void engine_defaults(struct hx_engine_config *e, const char *name)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	snprintf(e->type, sizeof(e->type), "%s", name);
	e->pivot = HX_LANG_NONE;
	e->concurrency = 0; /* the engine's own: 2 for apertium, else 4 */
	e->timeout_ms = 30000;
	e->deadline_ms = 0;
	e->retries = 5;
}

void hx_config_init(struct hx_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_input = HX_DEFAULT_MAX_INPUT;
	cfg->from = HX_LANG_NONE;
	cfg->format = HX_FORMAT_AUTO;
	memset(cfg->pair_engine, -1, sizeof(cfg->pair_engine));
	cfg->default_engine = 0;
	/* nothing allocated here: a config that is never released leaks nothing */
	engine_defaults(&cfg->engines[0], "apertium");
	cfg->engines[0].pivot = HX_LANG_ES; /* Debian's APy has eng-spa and fra-spa only */
	cfg->nengines = 1;
	cfg->publish.pdf_engine = HX_PDF_AUTO;
	cfg->publish.pdf_timeout_s = HX_PDF_TIMEOUT_DEFAULT;
}

static void engine_release(struct hx_engine_config *e)
{
	free(e->endpoint);
	free(e->key_env);
	free(e->key_file);
	free(e->model);
	free(e->glossary_id);
}

void hx_config_release(struct hx_config *cfg)
{
	for (size_t i = 0; i < cfg->nengines; i++)
		engine_release(&cfg->engines[i]);
	free(cfg->glossaries);
	free(cfg->tm_path);
	free(cfg->path);
	memset(cfg, 0, sizeof(*cfg));
}

struct hx_engine_config *hx_config_engine(struct hx_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nengines; i++)
		if (!strcmp(cfg->engines[i].name, name))
			return &cfg->engines[i];
	if (cfg->nengines == HX_MAX_ENGINES || strlen(name) >= sizeof(cfg->engines[0].name))
		return NULL;
	engine_defaults(&cfg->engines[cfg->nengines], name);
	return &cfg->engines[cfg->nengines++];
}

static int engine_index(const struct hx_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->nengines; i++)
		if (!strcmp(cfg->engines[i].name, name))
			return (int)i;
	return -1;
}

const struct hx_engine_config *hx_config_engine_for(const struct hx_config *cfg, enum hx_lang src,
						    enum hx_lang tgt)
{
	int i = cfg->default_engine;

	if (src >= 0 && src < HX_LANG_COUNT && tgt >= 0 && tgt < HX_LANG_COUNT &&
	    cfg->pair_engine[src][tgt] >= 0)
		i = cfg->pair_engine[src][tgt];
	return i >= 0 && (size_t)i < cfg->nengines ? &cfg->engines[i] : NULL;
}

bool hx_config_parse_langs(const char *list, uint32_t *out, struct hx_diag *diag)
{
	char item[32];
	const char *p = list;

	*out = 0;
	if (!strcasecmp(list, "all")) {
		*out = (1u << HX_LANG_COUNT) - 1;
		return true;
	}
	while (*p) {
		size_t n = strcspn(p, ", ");
		enum hx_lang l;

		if (n && n < sizeof(item)) {
			memcpy(item, p, n);
			item[n] = '\0';
			l = hx_lang_parse(item);
			if (l == HX_LANG_NONE) {
				hx_fail(diag, HX_E_USAGE, "unknown language '%s'; use %s or all", item,
					hx_lang_list());
				return false;
			}
			*out |= 1u << l;
		}
		p += n;
		p += strspn(p, ", ");
	}
	if (!*out)
		hx_fail(diag, HX_E_USAGE, "no language in '%s'", list);
	return *out != 0;
}

bool hx_parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return false;
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	default:
		return false;
	}
	if (shift && end[1] != '\0' && !(end[1] == 'i' && end[2] == 'B' && end[3] == '\0') &&
	    !(end[1] == 'B' && end[2] == '\0'))
		return false;
	if (v == 0 || v > (SIZE_MAX >> shift))
		return false;
	*out = (size_t)(v << shift);
	return true;
}

/* A whole number in [lo, hi]; false otherwise. */
static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static void set_string(char **field, const char *value)
{
	free(*field);
	*field = *value ? hx_xstrdup(value) : NULL;
}

/* "en-fr", "*-ar", "en-*", "default": which pairs an engine serves. */
static enum hx_err set_pair(struct hx_config *cfg, const char *key, const char *value,
			    struct hx_diag *diag)
{
	int e = engine_index(cfg, value);
	char a[16] = "", b[16] = "";
	const char *dash = strchr(key, '-');
	enum hx_lang src = HX_LANG_NONE, tgt = HX_LANG_NONE;

	if (e < 0)
		return hx_fail(diag, HX_E_CONFIG, "no engine '%s' (define [engine %s] first)", value,
			       value);
	if (!strcmp(key, "default")) {
		cfg->default_engine = e;
		return HX_OK;
	}
	if (!dash || dash == key || (size_t)(dash - key) >= sizeof(a) || strlen(dash + 1) >= sizeof(b))
		return hx_fail(diag, HX_E_CONFIG, "'%s' is not a pair: write en-fr, *-ar or default",
			       key);
	memcpy(a, key, (size_t)(dash - key));
	memcpy(b, dash + 1, strlen(dash + 1));
	if ((strcmp(a, "*") && (src = hx_lang_parse(a)) == HX_LANG_NONE) ||
	    (strcmp(b, "*") && (tgt = hx_lang_parse(b)) == HX_LANG_NONE))
		return hx_fail(diag, HX_E_CONFIG, "unknown language in pair '%s'", key);
	for (int s = 0; s < HX_LANG_COUNT; s++)
		for (int t = 0; t < HX_LANG_COUNT; t++)
			if ((src == HX_LANG_NONE || s == (int)src) && (tgt == HX_LANG_NONE || t == (int)tgt))
				cfg->pair_engine[s][t] = (int8_t)e;
	return HX_OK;
}

static enum hx_err set_engine_number(struct hx_engine_config *e, const char *key,
				     const char *value, bool *known)
{
	long v;

	*known = true;
	if (!strcmp(key, "concurrency") && parse_long(value, 1, 64, &v))
		e->concurrency = (int)v;
	else if (!strcmp(key, "timeout") && parse_long(value, 1, 3600, &v))
		e->timeout_ms = v * 1000;
	else if (!strcmp(key, "deadline") && parse_long(value, 0, 86400, &v))
		e->deadline_ms = v * 1000;
	else if (!strcmp(key, "retries") && parse_long(value, 0, 20, &v))
		e->retries = (int)v;
	else if (!strcmp(key, "max_chars") && parse_long(value, 0, 1000000, &v))
		e->max_chars = (size_t)v;
	else if (!strcmp(key, "max_texts") && parse_long(value, 0, 10000, &v))
		e->max_texts = (size_t)v;
	else if (!strcmp(key, "rate")) {
		char *end;

		errno = 0;
		e->rate = strtod(value, &end);
		if (errno || *end || e->rate < 0)
			return HX_E_CONFIG;
	} else if (!strcmp(key, "concurrency") || !strcmp(key, "timeout") ||
		   !strcmp(key, "deadline") || !strcmp(key, "retries") ||
		   !strcmp(key, "max_chars") || !strcmp(key, "max_texts")) {
		return HX_E_CONFIG;
	} else {
		*known = false;
	}
	return HX_OK;
}

static enum hx_err set_engine(struct hx_engine_config *e, const char *key, const char *value,
			      struct hx_diag *diag)
{
	bool known;

	if (!strcmp(key, "type"))
		snprintf(e->type, sizeof(e->type), "%s", value);
	else if (!strcmp(key, "endpoint"))
		set_string(&e->endpoint, value);
	else if (!strcmp(key, "key_env"))
		set_string(&e->key_env, value);
	else if (!strcmp(key, "key_file"))
		set_string(&e->key_file, value);
	else if (!strcmp(key, "model"))
		set_string(&e->model, value);
	else if (!strcmp(key, "glossary_id"))
		set_string(&e->glossary_id, value);
	else if (!strcmp(key, "pivot"))
		e->pivot = *value ? hx_lang_parse(value) : HX_LANG_NONE;
	else if (set_engine_number(e, key, value, &known))
		return hx_fail(diag, HX_E_CONFIG, "invalid value '%s' for '%s'", value, key);
	else if (!known)
		return hx_fail(diag, HX_E_CONFIG, "unknown key '%s' in [engine %s]", key, e->name);
	if (!strcmp(key, "pivot") && *value && e->pivot == HX_LANG_NONE)
		return hx_fail(diag, HX_E_CONFIG, "unknown pivot language '%s'", value);
	return HX_OK;
}

/* [publish]: pdf = yes|no, pdf-engine = auto|weasyprint|chromium, pdf-timeout = seconds. */
static enum hx_err set_publish(struct hx_config *cfg, const char *key, const char *value,
			       struct hx_diag *diag)
{
	long v;

	if (!strcmp(key, "pdf")) {
		if (!strcmp(value, "yes") || !strcmp(value, "true") || !strcmp(value, "1"))
			cfg->publish.pdf = true;
		else if (!strcmp(value, "no") || !strcmp(value, "false") || !strcmp(value, "0"))
			cfg->publish.pdf = false;
		else
			return hx_fail(diag, HX_E_CONFIG, "invalid value '%s' for 'pdf': yes or no",
				       value);
		return HX_OK;
	}
	if (!strcmp(key, "pdf-engine") || !strcmp(key, "pdf_engine")) {
		cfg->publish.pdf_engine = hx_pdf_engine_parse(value);
		return cfg->publish.pdf_engine == HX_PDF_ENGINE_NONE
			       ? hx_fail(diag, HX_E_CONFIG,
					 "unknown PDF engine '%s': auto, weasyprint or chromium", value)
			       : HX_OK;
	}
	if (!strcmp(key, "pdf-timeout") || !strcmp(key, "pdf_timeout")) {
		if (!parse_long(value, 1, 3600, &v))
			return hx_fail(diag, HX_E_CONFIG,
				       "invalid pdf-timeout '%s' (1 to 3600 seconds)", value);
		cfg->publish.pdf_timeout_s = v;
		return HX_OK;
	}
	return hx_fail(diag, HX_E_CONFIG, "unknown key '%s' in [publish]", key);
}

enum hx_err hx_config_set(struct hx_config *cfg, const char *section, const char *key,
			  const char *value, struct hx_diag *diag)
{
	if (!strcmp(section, "publish"))
		return set_publish(cfg, key, value, diag);
	if (!strncmp(section, "engine ", 7)) {
		struct hx_engine_config *e = hx_config_engine(cfg, section + 7);

		if (!e)
			return hx_fail(diag, HX_E_CONFIG, "too many engines (at most %d)",
				       HX_MAX_ENGINES);
		return set_engine(e, key, value, diag);
	}
	if (!strcmp(section, "pairs"))
		return set_pair(cfg, key, value, diag);
	if (!strcmp(section, "run")) {
		if (!strcmp(key, "languages"))
			return hx_config_parse_langs(value, &cfg->targets, diag) ? HX_OK : HX_E_CONFIG;
		if (!strcmp(key, "glossaries")) {
			set_string(&cfg->glossaries, value);
			return HX_OK;
		}
		if (!strcmp(key, "tm")) {
			set_string(&cfg->tm_path, value);
			return HX_OK;
		}
		if (!strcmp(key, "max_input"))
			return hx_parse_size(value, &cfg->max_input)
				       ? HX_OK
				       : hx_fail(diag, HX_E_CONFIG, "invalid size '%s'", value);
	}
	return hx_fail(diag, HX_E_CONFIG, "unknown key '%s' in [%s]", key, section);
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* One line of the file: a [section], a key = value, a comment or nothing. */
static enum hx_err config_line(struct hx_config *cfg, char *line, char *section, size_t secsz,
			       struct hx_diag *diag)
{
	char *s = trim(line), *eq, *key, *value;

	if (!*s || *s == '#' || *s == ';')
		return HX_OK;
	if (*s == '[') {
		char *end = strchr(s, ']');

		if (!end || end[1])
			return hx_fail(diag, HX_E_CONFIG, "a section is written [name]");
		*end = '\0';
		snprintf(section, secsz, "%s", trim(s + 1));
		return HX_OK;
	}
	eq = strchr(s, '=');
	if (!eq)
		return hx_fail(diag, HX_E_CONFIG, "expected key = value, got '%.40s'", s);
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	/* a comment after the value: " ; ..." or " # ..." */
	for (char *c = value; *c; c++)
		if ((*c == ';' || *c == '#') && c > value && isspace((unsigned char)c[-1])) {
			*c = '\0';
			value = trim(value);
			break;
		}
	if (!*section)
		return hx_fail(diag, HX_E_CONFIG, "'%s' is outside any [section]", key);
	return hx_config_set(cfg, section, key, value, diag);
}

/* A relative path read from the file at conf is relative to conf's folder: "glossaries" in
 * /etc/hexaglot/hexaglot.conf is /etc/hexaglot/glossaries. */
static void relative_to(const char *conf, char **path)
{
	const char *slash = strrchr(conf, '/');
	struct hx_buf b = HX_BUF_INIT(0);

	if (!*path || !**path || **path == '/' || !slash)
		return;
	if (hx_buf_add(&b, conf, (size_t)(slash - conf) + 1) || hx_buf_adds(&b, *path)) {
		hx_buf_release(&b);
		return;
	}
	free(*path);
	*path = hx_buf_detach(&b, NULL);
}

enum hx_err hx_config_load(struct hx_config *cfg, const char *path, struct hx_diag *diag)
{
	/* the paths a file may set, relative to the file */
	char **paths[2 + HX_MAX_ENGINES] = {&cfg->glossaries, &cfg->tm_path};
	char *before[2 + HX_MAX_ENGINES] = {0};
	size_t npaths = 2;
	struct hx_buf buf = HX_BUF_INIT(CONFIG_MAX_BYTES);
	char section[64] = "";
	size_t lineno = 0;
	enum hx_err err = hx_file_read(path, CONFIG_MAX_BYTES, &buf, diag);

	for (size_t i = 0; i < HX_MAX_ENGINES; i++)
		paths[npaths++] = &cfg->engines[i].key_file;
	/* set aside, to tell which paths this file sets */
	for (size_t i = 0; i < npaths; i++) {
		before[i] = *paths[i];
		*paths[i] = NULL;
	}
	for (char *p = buf.data; !err && p && *p;) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		lineno++;
		err = config_line(cfg, p, section, sizeof(section), diag);
		if (err) {
			char msg[HX_DIAG_MSG_MAX];

			snprintf(msg, sizeof(msg), "%s", hx_diag_message(diag));
			hx_fail(diag, HX_E_CONFIG, "%s:%zu: %s", path, lineno, msg);
		}
		p = nl ? nl + 1 : NULL;
	}
	if (!err) {
		free(cfg->path);
		cfg->path = hx_xstrdup(path);
	}
	for (size_t i = 0; i < npaths; i++) {
		if (*paths[i] && !err)
			relative_to(path, paths[i]);
		if (*paths[i])
			free(before[i]);
		else
			*paths[i] = before[i]; /* what the file did not set keeps its value */
	}
	hx_buf_release(&buf);
	return err == HX_E_IO ? hx_fail(diag, HX_E_CONFIG, "%s", hx_diag_message(diag)) : err;
}

enum hx_err hx_config_api_key(const struct hx_engine_config *e, char **key, struct hx_diag *diag)
{
	struct hx_buf buf = HX_BUF_INIT(4096);
	const char *env = e->key_env ? getenv(e->key_env) : NULL;
	enum hx_err err;

	*key = NULL;
	if (env && *env) {
		*key = hx_xstrdup(env);
		return HX_OK;
	}
	if (!e->key_file)
		return HX_OK;
	err = hx_file_read(e->key_file, 4096, &buf, diag);
	if (err) {
		hx_buf_release(&buf);
		return hx_fail(diag, HX_E_CONFIG, "cannot read the API key file '%s' of engine '%s'",
			       e->key_file, e->name);
	}
	*key = hx_xstrdup(trim(buf.data ? buf.data : (char *)""));
	hx_buf_release(&buf);
	if (!**key) {
		free(*key);
		*key = NULL;
		return hx_fail(diag, HX_E_CONFIG, "the API key file '%s' is empty", e->key_file);
	}
	return HX_OK;
}

const char *hx_config_default_endpoint(const char *type)
{
	if (!strcmp(type, "apertium"))
		return "http://127.0.0.1:2737";
	if (!strcmp(type, "deepl"))
		return "https://api-free.deepl.com";
	return NULL;
}

enum hx_err hx_config_override(struct hx_config *cfg, const struct hx_engine_override *o,
			       struct hx_diag *diag)
{
	struct hx_engine_config *e = &cfg->engines[cfg->default_engine];

	if (o->engine && strcmp(o->engine, e->name)) {
		e = hx_config_engine(cfg, o->engine);
		if (!e)
			return hx_fail(diag, HX_E_USAGE, "too many engines");
		cfg->default_engine = (int)(e - cfg->engines);
		memset(cfg->pair_engine, -1, sizeof(cfg->pair_engine)); /* one engine for all */
		if (!e->endpoint && hx_config_default_endpoint(e->type))
			e->endpoint = hx_xstrdup(hx_config_default_endpoint(e->type));
	}
	if (o->endpoint) {
		free(e->endpoint);
		e->endpoint = hx_xstrdup(o->endpoint);
	}
	if (o->key_file) {
		free(e->key_file);
		e->key_file = hx_xstrdup(o->key_file);
	}
	if (!e->key_env)
		e->key_env = hx_xstrdup("HEXAGLOT_API_KEY");
	if (o->pivot && (e->pivot = hx_lang_parse(o->pivot)) == HX_LANG_NONE)
		return hx_fail(diag, HX_E_USAGE, "unknown pivot language '%s'", o->pivot);
	if (o->timeout_s > 0)
		e->timeout_ms = o->timeout_s * 1000;
	if (o->concurrency > 0)
		e->concurrency = (int)o->concurrency;
	if (o->retries >= 0)
		e->retries = (int)o->retries;
	return HX_OK;
}

const char *hx_config_glossary_dir(const struct hx_config *cfg, bool *chosen)
{
	const char *env = getenv("HEXAGLOT_GLOSSARIES");

	*chosen = true;
	if (cfg->glossaries && *cfg->glossaries)
		return cfg->glossaries;
	if (env && *env)
		return env;
	*chosen = false;
	if (access("glossaries", R_OK | X_OK) == 0)
		return "glossaries";
	if (access(HX_DATADIR "/glossaries", R_OK | X_OK) == 0)
		return HX_DATADIR "/glossaries";
	return NULL;
}

enum hx_err hx_config_load_default(struct hx_config *cfg, const char *path, struct hx_diag *diag)
{
	if (!path && access("hexaglot.conf", R_OK) == 0)
		path = "hexaglot.conf";
	return path ? hx_config_load(cfg, path, diag) : HX_OK;
}

