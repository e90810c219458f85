/*
 * LibreTranslate: POST /translate with a JSON array of texts in HTML format,
 * answered by an array of translations; /languages lists the pairs.
 */
#include "engine_impl.h"

#include <string.h>

#define NAME "libretranslate"
#define WHAT "a LibreTranslate server"

static enum hx_err libretranslate_encode(const struct hx_engine_settings *s, enum hx_lang src,
					 enum hx_lang tgt, const char *const *texts, size_t n,
					 struct hx_http_request *req, struct hx_diag *diag)
{
	const struct hx_engine_ops *ops = &hx_engine_libretranslate;
	enum hx_err err = hx_engine_check_batch(ops, src, tgt, texts, n, diag);
	json_t *root, *q;

	if (!err)
		err = hx_engine_url(NAME, s->endpoint, NULL, "/translate", req, diag);
	if (err)
		return hx_engine_encoded(req, err);
	q = hx_engine_json_texts(texts, n);
	root = q ? json_pack("{s:o, s:s, s:s, s:s}", "q", q, "source", hx_lang_get(src)->code,
			     "target", hx_lang_get(tgt)->code, "format", "html")
		 : NULL;
	if (root && s->api_key && *s->api_key) {
		json_object_set_new(root, "api_key", json_string(s->api_key));
		/* the key travels in the body, but the flag keeps the request out of logs */
		req->secret_headers = true;
	}
	return hx_engine_encoded(req, hx_engine_json_body(ops, root, req, diag));
}

static enum hx_err libretranslate_decode(const struct hx_engine_settings *s,
					 const struct hx_http_response *res, size_t n, char **out,
					 struct hx_diag *diag)
{
	json_t *root, *text;
	enum hx_err err;

	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	err = hx_engine_response(NAME, WHAT, s->api_key, res, &root, diag);
	if (err)
		return err;
	text = json_object_get(root, "translatedText");
	if (json_is_string(text) && n == 1)
		err = hx_engine_take_text(NAME, text, 0, &out[0], diag);
	else
		err = hx_engine_take_texts(NAME, text, NULL, n, out, diag);
	json_decref(root);
	return err;
}

static enum hx_err libretranslate_pairs_request(const struct hx_engine_settings *s,
						struct hx_http_request *req, struct hx_diag *diag)
{
	return hx_engine_url(NAME, s->endpoint, NULL, "/languages", req, diag);
}

static void add_language_pairs(json_t *lang, uint64_t *pairs)
{
	enum hx_lang src = hx_engine_lang(json_string_value(json_object_get(lang, "code")));
	json_t *targets = json_object_get(lang, "targets"), *t;
	size_t i;

	if (src == HX_LANG_NONE || !json_is_array(targets))
		return;
	json_array_foreach(targets, i, t)
	{
		if (json_is_string(t))
			hx_engine_pair_set(pairs, src, hx_engine_lang(json_string_value(t)));
	}
}

static enum hx_err libretranslate_pairs_decode(const struct hx_http_response *res, uint64_t *pairs,
					       struct hx_diag *diag)
{
	json_t *root, *lang;
	size_t i;
	enum hx_err err = hx_engine_response(NAME, WHAT, NULL, res, &root, diag);

	if (err)
		return err;
	if (!json_is_array(root)) {
		json_decref(root);
		return hx_fail(diag, HX_E_MT, NAME ": the list of languages is not a JSON array");
	}
	json_array_foreach(root, i, lang)
	{
		add_language_pairs(lang, pairs);
	}
	json_decref(root);
	return HX_OK;
}

const struct hx_engine_ops hx_engine_libretranslate = {
	.name = NAME,
	.summary = "LibreTranslate: JSON POST /translate; self-hosted, all six languages",
	.max_texts = 25,
	.max_chars = 5000,
	.max_bytes = 256 * 1024,
	.escape_xml = true,
	.encode = libretranslate_encode,
	.decode = libretranslate_decode,
	.pairs_request = libretranslate_pairs_request,
	.pairs_decode = libretranslate_pairs_decode,
};
