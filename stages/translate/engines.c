/*
 * The engine table, and what the engines share: building requests and reading
 * responses that may be hostile, quoting the endpoint's words (never a key).
 */
#include "engine_impl.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/utf8.h>

#include "mem.h"

const struct hx_engine_ops *const hx_engines[] = {
	&hx_engine_apertium, &hx_engine_libretranslate, &hx_engine_deepl,
	&hx_engine_openai,   &hx_engine_none,           NULL,
};

const struct hx_engine_ops *hx_engine_find(const char *name)
{
	for (size_t i = 0; name && hx_engines[i]; i++)
		if (strcmp(hx_engines[i]->name, name) == 0)
			return hx_engines[i];
	return NULL;
}

enum hx_err hx_engine_check_batch(const struct hx_engine_ops *ops, enum hx_lang src,
				  enum hx_lang tgt, const char *const *texts, size_t n,
				  struct hx_diag *diag)
{
	if (n == 0)
		return hx_fail(diag, HX_E_INTERNAL, "%s: a request without texts", ops->name);
	for (size_t i = 0; i < n; i++)
		if (!texts[i])
			return hx_fail(diag, HX_E_INTERNAL, "%s: text %zu is missing", ops->name,
				       i + 1);
	if (!hx_lang_get(src) || !hx_lang_get(tgt) || src == tgt)
		return hx_fail(diag, HX_E_INTERNAL, "%s: no language pair %d -> %d", ops->name,
			       (int)src, (int)tgt);
	return HX_OK;
}

/* The length of path's first part when it is a version ("/v1" of "/v1/chat"), else 0. */
static size_t version_prefix(const char *path)
{
	size_t k = 2;

	if (path[0] != '/' || path[1] != 'v' || path[2] < '0' || path[2] > '9')
		return 0;
	while (path[k] >= '0' && path[k] <= '9')
		k++;
	return path[k] == '/' ? k : 0;
}

enum hx_err hx_engine_url(const char *engine, const char *endpoint, const char *deflt,
			  const char *path, struct hx_http_request *req, struct hx_diag *diag)
{
	const char *base = endpoint && *endpoint ? endpoint : deflt;
	struct hx_buf url = HX_BUF_INIT(0);
	size_t blen, skip;

	if (!base)
		return hx_fail(diag, HX_E_CONFIG, "%s: no endpoint is set", engine);
	if (strncasecmp(base, "http://", 7) != 0 && strncasecmp(base, "https://", 8) != 0)
		return hx_fail(diag, HX_E_CONFIG,
			       "%s: the endpoint '%.200s' is not an http:// or "
			       "https:// URL",
			       engine, base);
	blen = strlen(base);
	while (blen > 0 && base[blen - 1] == '/')
		blen--;
	skip = version_prefix(path);
	if (skip && (blen < skip || strncmp(base + blen - skip, path, skip) != 0))
		skip = 0;
	if (hx_buf_add(&url, base, blen) || hx_buf_adds(&url, path + skip)) {
		hx_buf_release(&url);
		return hx_fail(diag, HX_E_LIMIT, "%s: the endpoint URL is too long", engine);
	}
	free(req->url);
	req->url = hx_buf_detach(&url, NULL);
	return HX_OK;
}

void hx_engine_header(struct hx_http_request *req, const char *name, const char *value)
{
	size_t n = 0;
	struct hx_buf line = HX_BUF_INIT(0);

	while (req->headers && req->headers[n])
		n++;
	req->headers = hx_xreallocarray(req->headers, n + 2, sizeof(*req->headers));
	hx_buf_adds(&line, name);
	hx_buf_adds(&line, ": ");
	hx_buf_adds(&line, value);
	req->headers[n] = hx_buf_detach(&line, NULL);
	req->headers[n + 1] = NULL;
}

enum hx_err hx_engine_encoded(struct hx_http_request *req, enum hx_err err)
{
	if (err)
		hx_http_request_release(req);
	return err;
}

json_t *hx_engine_json_texts(const char *const *texts, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < n; i++) {
		if (json_array_append_new(arr, json_stringn(texts[i], strlen(texts[i])))) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

enum hx_err hx_engine_json_body(const struct hx_engine_ops *ops, json_t *root,
				struct hx_http_request *req, struct hx_diag *diag)
{
	char *body = root ? json_dumps(root, JSON_COMPACT) : NULL;
	size_t len = body ? strlen(body) : 0;

	json_decref(root);
	if (!body)
		return hx_fail(diag, HX_E_INTERNAL,
			       "%s: cannot write the request (a text is not "
			       "valid UTF-8)",
			       ops->name);
	if (len > ops->max_bytes) {
		free(body);
		return hx_fail(diag, HX_E_LIMIT,
			       "%s: the request is %zu bytes, over the %zu allowed", ops->name, len,
			       ops->max_bytes);
	}
	free(req->body);
	req->body = body;
	req->body_len = len;
	hx_engine_header(req, "Content-Type", "application/json");
	return HX_OK;
}

/* The endpoint's own error message in root, or NULL: APy, LibreTranslate, DeepL, OpenAI, vLLM. */
static const char *error_message(json_t *root, const char **detail)
{
	json_t *e = json_object_get(root, "error");

	*detail = json_string_value(json_object_get(root, "explanation"));
	if (json_is_string(e))
		return json_string_value(e);
	if (json_is_object(e) && json_is_string(json_object_get(e, "message")))
		return json_string_value(json_object_get(e, "message"));
	return json_string_value(json_object_get(root, "message"));
}

static bool is_error_body(json_t *root)
{
	json_t *status = json_object_get(root, "status"), *e = json_object_get(root, "error");

	return (e && !json_is_null(e) && !json_is_false(e)) ||
	       (json_is_string(status) && strcmp(json_string_value(status), "error") == 0);
}

/* HX_E_MT for an error answer in JSON, quoting its message (and APy's explanation). */
static enum hx_err fail_json_error(const char *engine, const char *secret, long status,
				   json_t *root, struct hx_diag *diag)
{
	const char *detail, *msg = error_message(root, &detail);
	char q[HX_ENGINE_QUOTE_MAX + 8], qd[HX_ENGINE_QUOTE_MAX + 8];

	if (!msg)
		return hx_fail(diag, HX_E_MT, "%s: the endpoint answered HTTP %ld with no message",
			       engine, status);
	hx_engine_quote(q, sizeof(q), msg, strlen(msg), secret);
	if (!detail || !*detail)
		return hx_fail(diag, HX_E_MT, "%s: the endpoint answered HTTP %ld: \"%s\"", engine,
			       status, q);
	hx_engine_quote(qd, sizeof(qd), detail, strlen(detail), secret);
	return hx_fail(diag, HX_E_MT, "%s: the endpoint answered HTTP %ld: \"%s: %s\"", engine,
		       status, q, qd);
}

/* HX_E_MT for a body that is not JSON: an HTML page, or something else. */
static enum hx_err fail_not_json(const char *engine, const char *what, const char *secret,
				 const struct hx_http_response *res, const json_error_t *je,
				 struct hx_diag *diag)
{
	const char *body = res->body ? res->body : "", *line;
	size_t len = res->body ? res->len : 0, n = 0;
	char q[HX_ENGINE_QUOTE_MAX + 8];

	while (len > 0 && (*body == ' ' || *body == '\t' || *body == '\r' || *body == '\n'))
		body++, len--;
	line = body;
	while (n < len && line[n] != '\n')
		n++;
	hx_engine_quote(q, sizeof(q), line, n, secret);
	if (len == 0)
		return hx_fail(diag, HX_E_MT,
			       "%s: the endpoint answered HTTP %ld with an empty body", engine,
			       res->status);
	if (*body == '<')
		return hx_fail(diag, HX_E_MT,
			       "%s: the endpoint is not %s: it answered HTTP %ld "
			       "with an HTML page: \"%s\"",
			       engine, what, res->status, q);
	return hx_fail(diag, HX_E_MT,
		       "%s: the endpoint's answer (HTTP %ld) is not JSON (%s at "
		       "byte %d): \"%s\"",
		       engine, res->status, je->text, je->position, q);
}

enum hx_err hx_engine_response(const char *engine, const char *what, const char *secret,
			       const struct hx_http_response *res, json_t **root,
			       struct hx_diag *diag)
{
	json_error_t je;
	char q[HX_ENGINE_QUOTE_MAX + 8];
	enum hx_err err = HX_OK;

	*root = NULL;
	if (res->error || res->status == 0) {
		const char *e = res->error ? res->error : "no response";

		hx_engine_quote(q, sizeof(q), e, strlen(e), secret);
		return hx_fail(diag, HX_E_MT, "%s: no answer from the endpoint: %s", engine, q);
	}
	*root = json_loadb(res->body ? res->body : "", res->body ? res->len : 0,
			   JSON_REJECT_DUPLICATES, &je);
	if (!*root)
		return fail_not_json(engine, what, secret, res, &je, diag);
	if (res->status < 200 || res->status > 299 || is_error_body(*root))
		err = fail_json_error(engine, secret, res->status, *root, diag);
	if (err) {
		json_decref(*root);
		*root = NULL;
	}
	return err;
}

enum hx_err hx_engine_take_text(const char *engine, json_t *v, size_t i, char **out,
				struct hx_diag *diag)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);

	*out = NULL;
	if (!s)
		return hx_fail(diag, HX_E_MT, "%s: translation %zu in the answer is not a string",
			       engine, i + 1);
	if (memchr(s, '\0', len))
		return hx_fail(diag, HX_E_MT, "%s: translation %zu in the answer holds a NUL byte",
			       engine, i + 1);
	*out = hx_xstrndup(s, len);
	return HX_OK;
}

enum hx_err hx_engine_take_texts(const char *engine, json_t *arr, const char *key, size_t n,
				 char **out, struct hx_diag *diag)
{
	enum hx_err err = HX_OK;

	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	if (!json_is_array(arr))
		return hx_fail(diag, HX_E_MT, "%s: the answer holds no list of translations",
			       engine);
	if (json_array_size(arr) != n)
		return hx_fail(diag, HX_E_MT,
			       "%s: the endpoint returned %zu translations for %zu "
			       "texts",
			       engine, json_array_size(arr), n);
	for (size_t i = 0; i < n && !err; i++) {
		json_t *v = json_array_get(arr, i);

		err = hx_engine_take_text(engine, key ? json_object_get(v, key) : v, i, &out[i],
					  diag);
	}
	if (err)
		hx_engine_free_texts(out, n);
	return err;
}

void hx_engine_free_texts(char **out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(out[i]);
		out[i] = NULL;
	}
}

/* Appends msg's code point at msg[*i] to dst[*w]; false when it would pass max. */
static bool quote_char(char *dst, size_t *w, size_t max, const char *msg, size_t len, size_t *i)
{
	UChar32 c;
	int32_t at = 0, n = len - *i > INT32_MAX ? INT32_MAX : (int32_t)(len - *i);
	const uint8_t *p = (const uint8_t *)msg + *i;

	U8_NEXT(p, at, n, c);
	if (*w + (c < 0x20 || c == 0x7F ? 1 : (size_t)at) > max)
		return false;
	if (c < 0)
		dst[(*w)++] = '?';
	else if (c < 0x20 || c == 0x7F)
		dst[(*w)++] = ' ';
	else
		for (int32_t k = 0; k < at; k++)
			dst[(*w)++] = (char)p[k];
	*i += (size_t)at;
	return true;
}

void hx_engine_quote(char *dst, size_t cap, const char *msg, size_t len, const char *secret)
{
	static const char redacted[] = "[api key]";
	size_t slen = secret ? strlen(secret) : 0, w = 0, i = 0;
	size_t max = cap > 4 ? cap - 4 : 0;

	if (max > HX_ENGINE_QUOTE_MAX)
		max = HX_ENGINE_QUOTE_MAX;
	while (i < len) {
		if (slen && len - i >= slen && memcmp(msg + i, secret, slen) == 0) {
			if (w + sizeof(redacted) - 1 > max)
				break;
			memcpy(dst + w, redacted, sizeof(redacted) - 1);
			w += sizeof(redacted) - 1;
			i += slen;
		} else if (!quote_char(dst, &w, max, msg, len, &i)) {
			break;
		}
	}
	if (i < len && cap >= 4) {
		memcpy(dst + w, "...", 3);
		w += 3;
	}
	if (cap > 0)
		dst[w < cap ? w : cap - 1] = '\0';
}

enum hx_lang hx_engine_lang(const char *code)
{
	static const char *const traditional[] = {"zt",    "zh-tw", "zh_tw", "zh-hk",
						  "zh_hk", "zh-mo", "zh_mo"};

	if (!code || strcasestr(code, "hant"))
		return HX_LANG_NONE;
	for (size_t i = 0; i < sizeof(traditional) / sizeof(traditional[0]); i++)
		if (strcasecmp(code, traditional[i]) == 0)
			return HX_LANG_NONE;
	return hx_lang_parse(code);
}

void hx_engine_pair_set(uint64_t *pairs, enum hx_lang src, enum hx_lang tgt)
{
	if (hx_lang_get(src) && hx_lang_get(tgt) && src != tgt)
		*pairs |= (uint64_t)1 << (src * HX_LANG_COUNT + tgt);
}
