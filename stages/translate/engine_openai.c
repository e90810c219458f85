/*
 * OpenAI-compatible chat completions (OpenAI, vLLM, llama.cpp, Ollama): the
 * texts go as a JSON array in the user message, and come back as one.
 */
#include "engine_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME          "openai"
#define WHAT          "an OpenAI-compatible server"
#define DEFAULT_URL   "https://api.openai.com"
#define DEFAULT_MODEL "gpt-4o-mini"

static const char prompt_format[] =
	"You are a translator at the United Nations. The user's message is a JSON object "
	"whose \"texts\" array holds %zu strings in %s. Translate each string into %s, in the "
	"formal style and with the terminology of United Nations documents. Translate every "
	"string on its own: never merge, split, drop or reorder strings. A tag <x id=\"N\"/> "
	"stands for protected content (a document symbol, a link, a number, formatting); "
	"<g id=\"N\">...</g> encloses an official name: translate the words inside it, keep "
	"them inside it. Keep each tag exactly once, unchanged, in the translation of the "
	"string that contains it, placed where it belongs in the %s sentence, and add no "
	"other tags. Reply with only a "
	"JSON array of %zu strings, the translations in the original order, with no "
	"explanation and no code fence.";

/* The user message: {"source":"en","target":"es","texts":[...]} as a string. */
static char *user_message(enum hx_lang src, enum hx_lang tgt, const char *const *texts, size_t n)
{
	json_t *arr = hx_engine_json_texts(texts, n);
	json_t *msg = arr ? json_pack("{s:s, s:s, s:o}", "source", hx_lang_get(src)->code, "target",
				      hx_lang_get(tgt)->code, "texts", arr)
			  : NULL;
	char *s = msg ? json_dumps(msg, JSON_COMPACT) : NULL;

	json_decref(msg);
	return s;
}

static json_t *chat_request(const struct hx_engine_settings *s, enum hx_lang src, enum hx_lang tgt,
			    const char *const *texts, size_t n)
{
	const char *from = hx_lang_get(src)->name, *to = hx_lang_get(tgt)->name;
	char *user = user_message(src, tgt, texts, n);
	char prompt[sizeof(prompt_format) + 128];
	json_t *root;

	if (!user)
		return NULL;
	snprintf(prompt, sizeof(prompt), prompt_format, n, from, to, to, n);
	root = json_pack("{s:s, s:i, s:[{s:s, s:s}, {s:s, s:s}]}", "model",
			 s->model && *s->model ? s->model : DEFAULT_MODEL, "temperature", 0,
			 "messages", "role", "system", "content", prompt, "role", "user", "content",
			 user);
	free(user);
	return root;
}

static enum hx_err openai_encode(const struct hx_engine_settings *s, enum hx_lang src,
				 enum hx_lang tgt, const char *const *texts, size_t n,
				 struct hx_http_request *req, struct hx_diag *diag)
{
	const struct hx_engine_ops *ops = &hx_engine_openai;
	enum hx_err err = hx_engine_check_batch(ops, src, tgt, texts, n, diag);

	if (!err)
		err = hx_engine_url(NAME, s->endpoint, DEFAULT_URL, "/v1/chat/completions", req,
				    diag);
	if (err)
		return hx_engine_encoded(req, err);
	if (s->api_key && *s->api_key) {
		struct hx_buf auth = HX_BUF_INIT(0);

		hx_buf_adds(&auth, "Bearer ");
		hx_buf_adds(&auth, s->api_key);
		hx_engine_header(req, "Authorization", hx_buf_str(&auth));
		hx_buf_release(&auth);
		req->secret_headers = true;
	}
	return hx_engine_encoded(
		req, hx_engine_json_body(ops, chat_request(s, src, tgt, texts, n), req, diag));
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void trim(const char **s, size_t *len)
{
	while (*len > 0 && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*s)[*len - 1]))
		(*len)--;
}

/* The JSON in a model's answer: a ```json fence and words around the array removed. */
static json_t *content_json(const char *s, size_t len)
{
	json_t *v;
	const char *open, *close;

	trim(&s, &len);
	if (len >= 3 && memcmp(s, "```", 3) == 0) {
		size_t k = 3;

		while (k < len && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
			k++;
		s += k;
		len -= k;
		trim(&s, &len);
		if (len >= 3 && memcmp(s + len - 3, "```", 3) == 0)
			len -= 3;
		trim(&s, &len);
	}
	v = json_loadb(s, len, JSON_REJECT_DUPLICATES, NULL);
	if (v || len == 0 || *s == '[' || *s == '{')
		return v;
	/* "Here are the translations: [...]" */
	open = memchr(s, '[', len);
	close = s + len;
	while (open && close > open && close[-1] != ']')
		close--;
	return open && close > open ? json_loadb(open, (size_t)(close - open), 0, NULL) : NULL;
}

/* HX_E_MT for an answer that holds no JSON array, saying why when the server did. */
static enum hx_err fail_content(const struct hx_engine_settings *s, json_t *choice,
				const char *content, size_t len, struct hx_diag *diag)
{
	const char *finish = json_string_value(json_object_get(choice, "finish_reason"));
	const char *refusal =
		json_string_value(json_object_get(json_object_get(choice, "message"), "refusal"));
	char q[HX_ENGINE_QUOTE_MAX + 8];

	if (finish && strcmp(finish, "length") == 0)
		return hx_fail(diag, HX_E_MT,
			       NAME ": the model stopped at its output token "
				    "limit before the end of the JSON array");
	if (!content && refusal) {
		hx_engine_quote(q, sizeof(q), refusal, strlen(refusal), s->api_key);
		return hx_fail(diag, HX_E_MT, NAME ": the model refused: \"%s\"", q);
	}
	if (!content)
		return hx_fail(diag, HX_E_MT,
			       NAME ": the answer has no choices[0].message.content "
				    "string");
	hx_engine_quote(q, sizeof(q), content, len, s->api_key);
	return hx_fail(diag, HX_E_MT,
		       NAME ": the model's answer is not a JSON array of strings: "
			    "\"%s\"",
		       q);
}

static enum hx_err openai_decode(const struct hx_engine_settings *s,
				 const struct hx_http_response *res, size_t n, char **out,
				 struct hx_diag *diag)
{
	json_t *root, *choice, *content, *v, *arr;
	enum hx_err err;

	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	err = hx_engine_response(NAME, WHAT, s->api_key, res, &root, diag);
	if (err)
		return err;
	choice = json_array_get(json_object_get(root, "choices"), 0);
	content = json_object_get(json_object_get(choice, "message"), "content");
	v = json_is_string(content)
		    ? content_json(json_string_value(content), json_string_length(content))
		    : NULL;
	arr = json_is_object(v) ? json_object_get(v, "texts") : v;
	if (json_is_object(v) && !arr)
		arr = json_object_get(v, "translations");
	if (json_is_array(arr))
		err = hx_engine_take_texts(NAME, arr, NULL, n, out, diag);
	else
		err = fail_content(s, choice, json_string_value(content),
				   json_string_length(content), diag);
	json_decref(v);
	json_decref(root);
	return err;
}

const struct hx_engine_ops hx_engine_openai = {
	.name = NAME,
	.summary = "OpenAI-compatible chat completions (OpenAI, vLLM, llama.cpp, Ollama)",
	.max_texts = 20,
	.max_chars = 6000,
	.max_bytes = 256 * 1024,
	.escape_xml = false,
	.encode = openai_encode,
	.decode = openai_decode,
	.pairs_request = NULL, /* a model can be asked for any pair */
	.pairs_decode = NULL,
};
