/*
 * DeepL API v2: POST /v2/translate with the key in the Authorization header,
 * XML tag handling so that <x id="N"/> and <g id="N">...</g> survive, an optional glossary.
 */
#include "engine_impl.h"

#include <string.h>

#define NAME          "deepl"
#define WHAT          "the DeepL API"
#define FREE_ENDPOINT "https://api-free.deepl.com"
#define PRO_ENDPOINT  "https://api.deepl.com"

/* DeepL's codes: plain EN and ZH are deprecated as targets. */
static const char *const source_code[HX_LANG_COUNT] = {
	[HX_LANG_AR] = "AR", [HX_LANG_ZH] = "ZH", [HX_LANG_EN] = "EN",
	[HX_LANG_FR] = "FR", [HX_LANG_RU] = "RU", [HX_LANG_ES] = "ES",
};
static const char *const target_code[HX_LANG_COUNT] = {
	[HX_LANG_AR] = "AR", [HX_LANG_ZH] = "ZH-HANS", [HX_LANG_EN] = "EN-GB",
	[HX_LANG_FR] = "FR", [HX_LANG_RU] = "RU",      [HX_LANG_ES] = "ES",
};

/*
 * The request's URL and key: DeepL API Free keys end in ":fx" and only work
 * on the free endpoint, other keys only on the Pro one (DeepL's own clients
 * choose the same way); a configured endpoint wins.
 */
static enum hx_err deepl_request(const struct hx_engine_settings *s, const char *path,
				 struct hx_http_request *req, struct hx_diag *diag)
{
	const char *key = s->api_key;
	size_t klen = key ? strlen(key) : 0;
	enum hx_err err;
	struct hx_buf auth = HX_BUF_INIT(0);

	if (klen == 0)
		return hx_fail(diag, HX_E_CONFIG, NAME ": no API key is set");
	err = hx_engine_url(NAME, s->endpoint,
			    klen > 3 && strcmp(key + klen - 3, ":fx") == 0 ? FREE_ENDPOINT
									   : PRO_ENDPOINT,
			    path, req, diag);
	if (err)
		return err;
	hx_buf_adds(&auth, "DeepL-Auth-Key ");
	hx_buf_adds(&auth, key);
	hx_engine_header(req, "Authorization", hx_buf_str(&auth));
	hx_buf_release(&auth);
	req->secret_headers = true;
	return HX_OK;
}

static enum hx_err deepl_encode(const struct hx_engine_settings *s, enum hx_lang src,
				enum hx_lang tgt, const char *const *texts, size_t n,
				struct hx_http_request *req, struct hx_diag *diag)
{
	const struct hx_engine_ops *ops = &hx_engine_deepl;
	enum hx_err err = hx_engine_check_batch(ops, src, tgt, texts, n, diag);
	json_t *root, *text;

	if (!err)
		err = deepl_request(s, "/v2/translate", req, diag);
	if (err)
		return hx_engine_encoded(req, err);
	text = hx_engine_json_texts(texts, n);
	root = text ? json_pack("{s:o, s:s, s:s, s:s, s:[s]}", "text", text, "source_lang",
				source_code[src], "target_lang", target_code[tgt], "tag_handling",
				"xml", "ignore_tags", "x")
		    : NULL;
	if (root && s->glossary && *s->glossary)
		json_object_set_new(root, "glossary_id", json_string(s->glossary));
	return hx_engine_encoded(req, hx_engine_json_body(ops, root, req, diag));
}

static enum hx_err deepl_decode(const struct hx_engine_settings *s,
				const struct hx_http_response *res, size_t n, char **out,
				struct hx_diag *diag)
{
	json_t *root;
	enum hx_err err;

	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	err = hx_engine_response(NAME, WHAT, s->api_key, res, &root, diag);
	if (err)
		return err;
	err = hx_engine_take_texts(NAME, json_object_get(root, "translations"), "text", n, out,
				   diag);
	json_decref(root);
	return err;
}

static enum hx_err deepl_pairs_request(const struct hx_engine_settings *s,
				       struct hx_http_request *req, struct hx_diag *diag)
{
	return deepl_request(s, "/v2/languages?type=target", req, diag);
}

/* Every target DeepL lists is reachable from every source it supports (all six here). */
static enum hx_err deepl_pairs_decode(const struct hx_http_response *res, uint64_t *pairs,
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
		enum hx_lang tgt =
			hx_engine_lang(json_string_value(json_object_get(lang, "language")));

		for (int src = 0; src < HX_LANG_COUNT; src++)
			hx_engine_pair_set(pairs, (enum hx_lang)src, tgt);
	}
	json_decref(root);
	return HX_OK;
}

const struct hx_engine_ops hx_engine_deepl = {
	.name = NAME,
	.summary = "DeepL API v2: needs an API key; XML tag handling, optional glossary id",
	.max_texts = 50,
	.max_chars = 30000,
	.max_bytes = 128 * 1024,
	.escape_xml = true,
	.encode = deepl_encode,
	.decode = deepl_decode,
	.pairs_request = deepl_pairs_request,
	.pairs_decode = deepl_pairs_decode,
};
