/*
 * Apertium APy: one form-encoded q per request, each text in its own <p>, and
 * the answer split back on the <p> elements (their count exposes truncation).
 */
#include "engine_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define NAME "apertium"
#define WHAT "an Apertium APy"
/* A longer "<p ...>" is text, not a paragraph tag. */
#define P_TAG_MAX 64

/* Appends s percent-encoded for a form body: all but A-Z a-z 0-9 - . _ ~ as %XX. */
static enum hx_err add_form_value(struct hx_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	enum hx_err err = HX_OK;

	for (size_t i = 0; i < len && !err; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			err = hx_buf_addc(out, (char)c);
		} else {
			char pct[3] = {'%', hex[c >> 4], hex[c & 15]};

			err = hx_buf_add(out, pct, 3);
		}
	}
	return err;
}

/* The form body: langpair, q (texts[i] as <p>text</p>), markUnknown=no, format=html. */
static enum hx_err form_body(enum hx_lang src, enum hx_lang tgt, const char *const *texts, size_t n,
			     size_t max, struct hx_buf *body)
{
	struct hx_buf q = HX_BUF_INIT(max);
	char pair[32];
	enum hx_err err = HX_OK;

	snprintf(pair, sizeof(pair), "%s|%s", hx_lang_get(src)->apertium,
		 hx_lang_get(tgt)->apertium);
	for (size_t i = 0; i < n && !err; i++)
		err = hx_buf_addf(&q, "<p>%s</p>", texts[i]);
	if (!err)
		err = hx_buf_adds(body, "langpair=");
	if (!err)
		err = add_form_value(body, pair, strlen(pair));
	if (!err)
		err = hx_buf_adds(body, "&q=");
	if (!err)
		err = add_form_value(body, q.data, q.len);
	if (!err)
		err = hx_buf_adds(body, "&markUnknown=no&format=html");
	hx_buf_release(&q);
	return err;
}

static enum hx_err apertium_encode(const struct hx_engine_settings *s, enum hx_lang src,
				   enum hx_lang tgt, const char *const *texts, size_t n,
				   struct hx_http_request *req, struct hx_diag *diag)
{
	const struct hx_engine_ops *ops = &hx_engine_apertium;
	struct hx_buf body = HX_BUF_INIT(ops->max_bytes);
	enum hx_err err = hx_engine_check_batch(ops, src, tgt, texts, n, diag);

	if (!err)
		err = hx_engine_url(NAME, s->endpoint, NULL, "/translate", req, diag);
	if (!err && form_body(src, tgt, texts, n, ops->max_bytes, &body))
		err = hx_fail(diag, HX_E_LIMIT, NAME ": the request is over %zu bytes",
			      ops->max_bytes);
	if (!err) {
		req->body = hx_buf_detach(&body, &req->body_len);
		hx_engine_header(req, "Content-Type", "application/x-www-form-urlencoded");
	}
	hx_buf_release(&body);
	return hx_engine_encoded(req, err);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The length of a <p ...> or </p> tag at s, any case, or 0 if there is none. */
static size_t p_tag(const char *s, size_t left, bool *closing)
{
	size_t j = 1;

	*closing = left > 1 && s[1] == '/';
	j += *closing;
	if (j + 1 >= left || (s[j] != 'p' && s[j] != 'P') ||
	    (s[j + 1] != '>' && !is_space(s[j + 1])))
		return 0;
	for (j++; j < left && j < P_TAG_MAX; j++) {
		if (s[j] == '>')
			return j + 1;
		if (s[j] == '<')
			return 0;
	}
	return 0;
}

/* A copy of s[0..len) without surrounding whitespace. */
static char *trimmed_copy(const char *s, size_t len)
{
	while (len > 0 && is_space(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	return hx_xstrndup(s, len);
}

/*
 * Splits the complete <p>...</p> elements of t into out[0..n); returns how
 * many there were. Whitespace and stray text between them are ignored: an
 * element missing or left open (a truncated request) shows in the count.
 */
static size_t split_paragraphs(const char *t, size_t len, size_t n, char **out)
{
	const char *start = NULL;
	size_t count = 0;
	bool closing;

	for (size_t i = 0; i < len; i++) {
		size_t k = t[i] == '<' ? p_tag(t + i, len - i, &closing) : 0;

		if (!k)
			continue;
		if (!closing) {
			start = t + i + k;
		} else if (start) {
			if (count < n)
				out[count] = trimmed_copy(start, (size_t)(t + i - start));
			count++;
			start = NULL;
		}
		i += k - 1;
	}
	return count;
}

static enum hx_err apertium_decode(const struct hx_engine_settings *s,
				   const struct hx_http_response *res, size_t n, char **out,
				   struct hx_diag *diag)
{
	json_t *root, *text;
	const char *t;
	size_t count;
	enum hx_err err;

	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	err = hx_engine_response(NAME, WHAT, s->api_key, res, &root, diag);
	if (err)
		return err;
	text = json_object_get(json_object_get(root, "responseData"), "translatedText");
	t = json_string_value(text);
	if (!t || memchr(t, '\0', json_string_length(text))) {
		json_decref(root);
		return hx_fail(diag, HX_E_MT, NAME ": the answer has no translatedText string%s",
			       t ? " (it holds a NUL byte)" : "");
	}
	count = split_paragraphs(t, json_string_length(text), n, out);
	json_decref(root);
	if (count != n) {
		hx_engine_free_texts(out, n);
		return hx_fail(diag, HX_E_MT,
			       NAME ": the endpoint returned %zu paragraphs for %zu "
				    "texts (it may have truncated the request)",
			       count, n);
	}
	return HX_OK;
}

static enum hx_err apertium_pairs_request(const struct hx_engine_settings *s,
					  struct hx_http_request *req, struct hx_diag *diag)
{
	return hx_engine_url(NAME, s->endpoint, NULL, "/listPairs", req, diag);
}

static enum hx_err apertium_pairs_decode(const struct hx_http_response *res, uint64_t *pairs,
					 struct hx_diag *diag)
{
	json_t *root, *list, *pair;
	size_t i;
	enum hx_err err = hx_engine_response(NAME, WHAT, NULL, res, &root, diag);

	if (err)
		return err;
	list = json_object_get(root, "responseData");
	if (!json_is_array(list)) {
		json_decref(root);
		return hx_fail(diag, HX_E_MT, NAME ": the list of pairs has no responseData array");
	}
	json_array_foreach(list, i, pair)
	{
		const char *from = json_string_value(json_object_get(pair, "sourceLanguage"));
		const char *to = json_string_value(json_object_get(pair, "targetLanguage"));

		if (from && to)
			hx_engine_pair_set(pairs, hx_engine_lang(from), hx_engine_lang(to));
	}
	json_decref(root);
	return HX_OK;
}

const struct hx_engine_ops hx_engine_apertium = {
	.name = NAME,
	.summary = "Apertium APy: form POST /translate, eng|spa codes; the local default",
	/*
	 * APy 0.11 cuts q into at most ten chunks, at a '.' or a space, translates
	 * each alone and silently drops what is past the tenth (HTTP 200). A chunk
	 * is PIPE_BUF (4096) bytes while at most two requests share a pipeline,
	 * 1000 characters once more do (tests/support/APY.md). A sentence cut
	 * across two chunks comes back translated in halves, so a request stays
	 * within one chunk: 4096 bytes with two in flight (the default), 1000
	 * characters with more.
	 */
	.max_texts = 100,
	.chunk_bytes = 4096,
	.chunk_chars = 1000,
	.calm_in_flight = 2,
	.concurrency = 2,
	.max_bytes = 64 * 1024,
	.escape_xml = true,
	.encode = apertium_encode,
	.decode = apertium_decode,
	.pairs_request = apertium_pairs_request,
	.pairs_decode = apertium_pairs_decode,
};
