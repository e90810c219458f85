/*
 * Unit tests for the MT engines, offline: the requests they build, and canned
 * answers in each service's real shapes (successes, errors, hostile bodies).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../stages/translate/engine.h"
#include "segment.h"

#define BIT(src, tgt) ((uint64_t)1 << ((src)*HX_LANG_COUNT + (tgt)))

static const char *const texts_in[3] = {
	"Read \xF4\x80\x80\x80the report\xF4\x80\x80\x81 (\xF4\x80\x80\x82).",
	"R&D < 5 > 3",
	"Привет, мир",
};

/* The batch in wire form for engine e, as the caller would send it. */
struct batch {
	char *texts[3];
};

static void batch_init(struct batch *b, const struct hx_engine_ops *e)
{
	for (int i = 0; i < 3; i++) {
		struct hx_buf w = HX_BUF_INIT(0);

		cr_assert_eq(hx_wire_encode(texts_in[i], strlen(texts_in[i]), e->escape_xml, &w),
			     HX_OK);
		b->texts[i] = hx_buf_detach(&w, NULL);
	}
}

static void batch_release(struct batch *b)
{
	for (int i = 0; i < 3; i++)
		free(b->texts[i]);
}

static void encode_ok(const struct hx_engine_ops *e, const struct hx_engine_settings *s,
		      enum hx_lang src, enum hx_lang tgt, struct hx_http_request *req)
{
	struct batch b;
	struct hx_diag diag = {0};

	batch_init(&b, e);
	memset(req, 0, sizeof(*req));
	cr_assert_eq(e->encode(s, src, tgt, (const char *const *)b.texts, 3, req, &diag), HX_OK,
		     "%s", diag.msg);
	cr_assert_not_null(req->url);
	batch_release(&b);
}

/* The header line named name ("Name: value"), or NULL. */
static const char *header(const struct hx_http_request *req, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; req->headers && req->headers[i]; i++)
		if (strncasecmp(req->headers[i], name, n) == 0 && req->headers[i][n] == ':')
			return req->headers[i];
	return NULL;
}

static json_t *body_json(const struct hx_http_request *req)
{
	json_error_t je;
	json_t *v = json_loadb(req->body, req->body_len, 0, &je);

	cr_assert_not_null(v, "body is not JSON: %s: %.*s", je.text, (int)req->body_len, req->body);
	return v;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c - 'a' + 10;
}

/* The decoded value of form field key in body, newly allocated, or NULL. */
static char *form_get(const char *body, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = body; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
		struct hx_buf v = HX_BUF_INIT(0);
		const char *q;

		if (strncmp(p, key, klen) != 0 || p[klen] != '=')
			continue;
		for (q = p + klen + 1; *q && *q != '&'; q++) {
			if (*q == '%' && q[1] && q[2]) {
				hx_buf_addc(&v, (char)(hexval(q[1]) * 16 + hexval(q[2])));
				q += 2;
			} else {
				hx_buf_addc(&v, *q == '+' ? ' ' : *q);
			}
		}
		return hx_buf_detach(&v, NULL);
	}
	return NULL;
}

static struct hx_http_response answer(long status, const char *body)
{
	struct hx_http_response r = {status, body, strlen(body), 1, NULL};

	return r;
}

/* Decodes body for n texts, expecting success; out[] must be freed. */
static void decode_ok(const struct hx_engine_ops *e, const struct hx_engine_settings *s,
		      const char *body, size_t n, char **out)
{
	struct hx_diag diag = {0};
	struct hx_http_response res = answer(200, body);

	cr_assert_eq(e->decode(s, &res, n, out, &diag), HX_OK, "%s", diag.msg);
}

/* Decodes body for n texts, expecting HX_E_MT with want in the message. */
static void decode_fails(const struct hx_engine_ops *e, const struct hx_engine_settings *s,
			 long status, const char *body, size_t n, const char *want)
{
	struct hx_diag diag = {0};
	struct hx_http_response res = answer(status, body);
	char *out[4] = {(char *)1, (char *)1, (char *)1, (char *)1};

	cr_assert_eq(e->decode(s, &res, n, out, &diag), HX_E_MT, "%s: '%s' was accepted", e->name,
		     body);
	for (size_t i = 0; i < n; i++)
		cr_expect_null(out[i], "%s: out[%zu] set after a failure", e->name, i);
	cr_expect(strncmp(diag.msg, e->name, strlen(e->name)) == 0, "no engine in '%s'", diag.msg);
	if (want)
		cr_expect(strstr(diag.msg, want), "'%s' not in '%s'", want, diag.msg);
}

static void free_out(char **out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(out[i]);
}

static uint64_t pairs_of(const struct hx_engine_ops *e, const char *body)
{
	struct hx_diag diag = {0};
	struct hx_http_response res = answer(200, body);
	uint64_t pairs = 0;

	cr_assert_eq(e->pairs_decode(&res, &pairs, &diag), HX_OK, "%s", diag.msg);
	return pairs;
}

/* ---- the table ---- */

Test(engine, finds_every_engine_by_name_in_a_fixed_order)
{
	const char *names[] = {"apertium", "libretranslate", "deepl", "openai", "none"};

	for (size_t i = 0; i < 5; i++) {
		cr_assert_not_null(hx_engines[i]);
		cr_expect_str_eq(hx_engines[i]->name, names[i]);
		cr_expect_eq(hx_engine_find(names[i]), hx_engines[i]);
		cr_expect(hx_engines[i]->summary && *hx_engines[i]->summary);
	}
	cr_expect_null(hx_engines[5]);
	cr_expect_null(hx_engine_find("google"));
	cr_expect_null(hx_engine_find(NULL));
}

Test(engine, none_never_makes_a_request)
{
	const struct hx_engine_ops *e = hx_engine_find("none");
	struct hx_engine_settings s = {0};
	struct hx_http_request req = {0};
	const char *t = "x";

	cr_expect_eq(e->max_texts, 0);
	cr_expect_null(e->pairs_request);
	cr_expect_eq(e->encode(&s, HX_LANG_EN, HX_LANG_ES, &t, 1, &req, NULL), HX_E_INTERNAL);
	cr_expect_null(req.url);
}

Test(engine, refuses_a_bad_batch_and_leaves_the_request_empty)
{
	const struct hx_engine_ops *e = hx_engine_find("apertium");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:2737"};
	struct hx_http_request req = {0};
	const char *texts[2] = {"x", "x"};
	char *big = malloc(70000);

	memset(big, 'a', 69999);
	big[69999] = '\0';
	cr_expect_eq(e->encode(&s, HX_LANG_EN, HX_LANG_ES, texts, 0, &req, NULL), HX_E_INTERNAL);
	cr_expect_eq(e->encode(&s, HX_LANG_EN, HX_LANG_EN, texts, 1, &req, NULL), HX_E_INTERNAL);
	s.endpoint = NULL;
	cr_expect_eq(e->encode(&s, HX_LANG_EN, HX_LANG_ES, texts, 1, &req, NULL), HX_E_CONFIG);
	s.endpoint = "ftp://example.org";
	cr_expect_eq(e->encode(&s, HX_LANG_EN, HX_LANG_ES, texts, 1, &req, NULL), HX_E_CONFIG);
	s.endpoint = "http://127.0.0.1:2737";
	texts[1] = big;
	cr_expect_eq(e->encode(&s, HX_LANG_EN, HX_LANG_ES, texts, 2, &req, NULL), HX_E_LIMIT);
	free(big);
	cr_expect_null(req.url);
	cr_expect_null(req.body);
	cr_expect_null(req.headers);
}

Test(engine, every_decoder_rejects_hostile_bodies)
{
	static const char *const bodies[] = {
		"",
		"null",
		"[]",
		"{}",
		"\"text\"",
		"42",
		"not json at all",
		"{\"a\":1,\"a\":2}",
		"{\"translatedText\":null}",
		"{\"translatedText\":[1,2,3]}",
		"{\"translatedText\":[\"a\\u0000b\",\"b\",\"c\"]}",
		"{\"translations\":{}}",
		"{\"translations\":[{\"text\":7},{},null]}",
		"{\"choices\":[]}",
		"{\"choices\":[{\"message\":{\"content\":null}}]}",
		"{\"responseData\":{\"translatedText\":42}}",
		"{\"responseData\":null}",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
		"{\"translatedText\":[\"a\",\"b\",\"c\"]} trailing",
	};
	struct hx_engine_settings s = {.api_key = "k"};

	for (size_t e = 0; e < 4; e++)
		for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
			decode_fails(hx_engines[e], &s, 200, bodies[i], 3, NULL);
}

Test(engine, every_decoder_reports_a_missing_answer)
{
	struct hx_engine_settings s = {0};
	struct hx_http_response res = {0, NULL, 0, 6, "timed out after 30000 ms"};

	for (size_t e = 0; e < 4; e++) {
		struct hx_diag diag = {0};
		char *out[3];

		cr_expect_eq(hx_engines[e]->decode(&s, &res, 3, out, &diag), HX_E_MT);
		cr_expect(strstr(diag.msg, "timed out after 30000 ms"), "%s", diag.msg);
	}
}

/* ---- apertium ---- */

Test(engine, apertium_posts_one_form_with_paragraphs)
{
	const struct hx_engine_ops *e = hx_engine_find("apertium");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:2737/"};
	struct hx_http_request req;
	char *q, *pair;

	encode_ok(e, &s, HX_LANG_EN, HX_LANG_ES, &req);
	cr_expect_str_eq(req.url, "http://127.0.0.1:2737/translate");
	cr_expect_str_eq(header(&req, "Content-Type"),
			 "Content-Type: application/x-www-form-urlencoded");
	cr_expect_not(req.secret_headers);
	cr_expect_eq(strlen(req.body), req.body_len);
	cr_expect(strstr(req.body, "langpair=eng%7Cspa&"), "%s", req.body);
	cr_expect_null(strpbrk(req.body, " <>\"|"), "unencoded characters in %s", req.body);
	pair = form_get(req.body, "langpair");
	q = form_get(req.body, "q");
	cr_expect_str_eq(pair, "eng|spa");
	cr_expect_str_eq(q, "<p>Read <x id=\"1\"/>the report<x id=\"2\"/> (<x id=\"3\"/>).</p>"
			    "<p>R&amp;D &lt; 5 &gt; 3</p><p>Привет, мир</p>");
	free(pair);
	free(q);
	q = form_get(req.body, "markUnknown");
	cr_expect_str_eq(q, "no");
	free(q);
	q = form_get(req.body, "format");
	cr_expect_str_eq(q, "html");
	free(q);
	hx_http_request_release(&req);
}

Test(engine, apertium_splits_paragraphs_despite_added_whitespace)
{
	const struct hx_engine_ops *e = hx_engine_find("apertium");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:2737"};
	char *out[3];

	decode_ok(e, &s,
		  "{\"responseData\": {\"translatedText\": \"<p>Lea <x id=\\\"1\\\"/>el "
		  "informe<x id=\\\"2\\\"/> (<x id=\\\"3\\\"/>).</p>\\n\\n<p> I&amp;D &lt; 5 "
		  "&gt; 3 </p>\\n<P>\\n  Hola, mundo\\n</P>\\n\"}, \"responseDetails\": null, "
		  "\"responseStatus\": 200}",
		  3, out);
	cr_expect_str_eq(out[0], "Lea <x id=\"1\"/>el informe<x id=\"2\"/> (<x id=\"3\"/>).");
	cr_expect_str_eq(out[1], "I&amp;D &lt; 5 &gt; 3");
	cr_expect_str_eq(out[2], "Hola, mundo");
	free_out(out, 3);
}

Test(engine, apertium_reports_a_truncated_request)
{
	const struct hx_engine_ops *e = hx_engine_find("apertium");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:2737"};

	decode_fails(e, &s, 200,
		     "{\"responseData\":{\"translatedText\":\"<p>uno</p>\\n<p>dos</p>\"},"
		     "\"responseStatus\":200}",
		     3,
		     "apertium: the endpoint returned 2 paragraphs for 3 texts (it may have "
		     "truncated the request)");
	/* a paragraph left open at the end does not count */
	decode_fails(e, &s, 200,
		     "{\"responseData\":{\"translatedText\":\"<p>uno</p><p>dos</p><p>tr\"},"
		     "\"responseStatus\":200}",
		     3, "returned 2 paragraphs for 3 texts");
	decode_fails(e, &s, 200,
		     "{\"responseData\":{\"translatedText\":\"<p>a</p><p>b</p><p>c</p><p>d</p>\"},"
		     "\"responseStatus\":200}",
		     3, "returned 4 paragraphs for 3 texts");
	decode_fails(
		e, &s, 200,
		"{\"responseData\":{\"translatedText\":\"uno dos tres\"},\"responseStatus\":200}",
		3, "returned 0 paragraphs");
}

Test(engine, apertium_quotes_the_apy_error)
{
	const struct hx_engine_ops *e = hx_engine_find("apertium");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:2737"};

	decode_fails(e, &s, 400,
		     "{\"status\": \"error\", \"code\": 400, \"message\": \"Bad Request\", "
		     "\"explanation\": \"That pair is not installed\"}",
		     3, "HTTP 400: \"Bad Request: That pair is not installed\"");
	decode_fails(e, &s, 200,
		     "{\"status\": \"error\", \"code\": 408, \"message\": \"Request Timeout\", "
		     "\"explanation\": \"\"}",
		     3, "\"Request Timeout\"");
}

Test(engine, apertium_recognises_a_server_that_is_not_an_apy)
{
	const struct hx_engine_ops *e = hx_engine_find("apertium");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:2737"};

	decode_fails(e, &s, 404,
		     "<html><title>404: Not Found</title><body>404: Not Found</body></html>", 3,
		     "apertium: the endpoint is not an Apertium APy: it answered HTTP 404 with an "
		     "HTML page: \"<html><title>404: Not Found</title>");
	decode_fails(e, &s, 404, "\n<!DOCTYPE html>\n<html lang=\"en\">\n<body>nginx</body>", 3,
		     "HTML page: \"<!DOCTYPE html>\"");
	decode_fails(e, &s, 502, "Bad Gateway", 3, "(HTTP 502) is not JSON");
}

Test(engine, apertium_lists_the_pairs_of_our_languages)
{
	const struct hx_engine_ops *e = hx_engine_find("apertium");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:2737"};
	struct hx_http_request req = {0};
	uint64_t pairs;

	cr_assert_eq(e->pairs_request(&s, &req, NULL), HX_OK);
	cr_expect_str_eq(req.url, "http://127.0.0.1:2737/listPairs");
	cr_expect_null(req.body);
	hx_http_request_release(&req);
	pairs = pairs_of(e, "{\"responseData\": [{\"sourceLanguage\": \"eng\", \"targetLanguage\": "
			    "\"spa\"}, {\"sourceLanguage\": \"spa\", \"targetLanguage\": \"eng\"}, "
			    "{\"sourceLanguage\": \"fra\", \"targetLanguage\": \"spa\"}, "
			    "{\"sourceLanguage\": \"cat\", \"targetLanguage\": \"spa\"}, "
			    "{\"sourceLanguage\": \"rus\", \"targetLanguage\": \"ukr\"}, "
			    "{\"sourceLanguage\": 7}, null, \"eng-fra\"], "
			    "\"responseDetails\": null, \"responseStatus\": 200}");
	cr_expect_eq(pairs, BIT(HX_LANG_EN, HX_LANG_ES) | BIT(HX_LANG_ES, HX_LANG_EN) |
				    BIT(HX_LANG_FR, HX_LANG_ES));
}

/* ---- libretranslate ---- */

Test(engine, libretranslate_posts_json_with_the_key_only_when_set)
{
	const struct hx_engine_ops *e = hx_engine_find("libretranslate");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:5000"};
	struct hx_http_request req;
	json_t *body;

	encode_ok(e, &s, HX_LANG_FR, HX_LANG_ZH, &req);
	cr_expect_str_eq(req.url, "http://127.0.0.1:5000/translate");
	cr_expect_str_eq(header(&req, "Content-Type"), "Content-Type: application/json");
	cr_expect_not(req.secret_headers);
	body = body_json(&req);
	cr_expect_str_eq(json_string_value(json_object_get(body, "source")), "fr");
	cr_expect_str_eq(json_string_value(json_object_get(body, "target")), "zh");
	cr_expect_str_eq(json_string_value(json_object_get(body, "format")), "html");
	cr_expect_null(json_object_get(body, "api_key"));
	cr_assert_eq(json_array_size(json_object_get(body, "q")), 3);
	cr_expect_str_eq(json_string_value(json_array_get(json_object_get(body, "q"), 0)),
			 "Read <x id=\"1\"/>the report<x id=\"2\"/> (<x id=\"3\"/>).");
	cr_expect_str_eq(json_string_value(json_array_get(json_object_get(body, "q"), 1)),
			 "R&amp;D &lt; 5 &gt; 3");
	json_decref(body);
	hx_http_request_release(&req);

	s.api_key = "lt-secret";
	encode_ok(e, &s, HX_LANG_EN, HX_LANG_ES, &req);
	body = body_json(&req);
	cr_expect_str_eq(json_string_value(json_object_get(body, "api_key")), "lt-secret");
	cr_expect(req.secret_headers);
	json_decref(body);
	hx_http_request_release(&req);
}

Test(engine, libretranslate_decodes_an_array_or_a_single_string)
{
	const struct hx_engine_ops *e = hx_engine_find("libretranslate");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:5000"};
	char *out[3];

	decode_ok(e, &s,
		  "{\"translatedText\": [\"Lea <x id=\\\"1\\\"></x>el informe\", \"I&amp;D\", "
		  "\"Hola\"]}",
		  3, out);
	cr_expect_str_eq(out[0], "Lea <x id=\"1\"></x>el informe");
	cr_expect_str_eq(out[1], "I&amp;D");
	cr_expect_str_eq(out[2], "Hola");
	free_out(out, 3);
	decode_ok(e, &s, "{\"translatedText\": \"Hola\"}", 1, out);
	cr_expect_str_eq(out[0], "Hola");
	free_out(out, 1);
}

Test(engine, libretranslate_quotes_its_errors)
{
	const struct hx_engine_ops *e = hx_engine_find("libretranslate");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:5000"};

	decode_fails(e, &s, 400, "{\"error\": \"zh is not supported\"}", 3,
		     "libretranslate: the endpoint answered HTTP 400: \"zh is not supported\"");
	decode_fails(e, &s, 403, "{\"error\": \"Invalid API key\"}", 3, "\"Invalid API key\"");
	decode_fails(e, &s, 429, "{\"error\": \"Too many request limits violations\"}", 3,
		     "HTTP 429");
	decode_fails(e, &s, 200, "{\"translatedText\": [\"uno\", \"dos\"]}", 3,
		     "returned 2 translations for 3 texts");
	decode_fails(e, &s, 200, "{\"translatedText\": \"uno\"}", 3, NULL);
}

Test(engine, libretranslate_lists_pairs_from_languages)
{
	const struct hx_engine_ops *e = hx_engine_find("libretranslate");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:5000"};
	struct hx_http_request req = {0};

	cr_assert_eq(e->pairs_request(&s, &req, NULL), HX_OK);
	cr_expect_str_eq(req.url, "http://127.0.0.1:5000/languages");
	hx_http_request_release(&req);
	cr_expect_eq(pairs_of(e,
			      "[{\"code\": \"en\", \"name\": \"English\", \"targets\": "
			      "[\"ar\", \"de\", \"en\", \"es\", \"zh-Hans\", \"zt\"]}, "
			      "{\"code\": \"zh\", \"name\": \"Chinese\", \"targets\": [\"en\"]}, "
			      "{\"code\": \"zt\", \"targets\": [\"en\"]}, "
			      "{\"code\": \"de\", \"targets\": [\"en\"]}, "
			      "{\"code\": \"ru\", \"targets\": \"en\"}, 5]"),
		     BIT(HX_LANG_EN, HX_LANG_AR) | BIT(HX_LANG_EN, HX_LANG_ES) |
			     BIT(HX_LANG_EN, HX_LANG_ZH) | BIT(HX_LANG_ZH, HX_LANG_EN));
}

/* ---- deepl ---- */

Test(engine, deepl_sends_the_key_in_a_secret_header)
{
	const struct hx_engine_ops *e = hx_engine_find("deepl");
	struct hx_engine_settings s = {.api_key = "0123-abcd:fx", .glossary = "def3a26b"};
	struct hx_http_request req;
	json_t *body, *tags;

	encode_ok(e, &s, HX_LANG_EN, HX_LANG_ES, &req);
	cr_expect_str_eq(req.url, "https://api-free.deepl.com/v2/translate");
	cr_expect_str_eq(header(&req, "Authorization"),
			 "Authorization: DeepL-Auth-Key 0123-abcd:fx");
	cr_expect_str_eq(header(&req, "Content-Type"), "Content-Type: application/json");
	cr_expect(req.secret_headers);
	body = body_json(&req);
	cr_expect_str_eq(json_string_value(json_object_get(body, "source_lang")), "EN");
	cr_expect_str_eq(json_string_value(json_object_get(body, "target_lang")), "ES");
	cr_expect_str_eq(json_string_value(json_object_get(body, "tag_handling")), "xml");
	tags = json_object_get(body, "ignore_tags");
	cr_expect_eq(json_array_size(tags), 1);
	cr_expect_str_eq(json_string_value(json_array_get(tags, 0)), "x");
	cr_expect_str_eq(json_string_value(json_object_get(body, "glossary_id")), "def3a26b");
	cr_assert_eq(json_array_size(json_object_get(body, "text")), 3);
	cr_expect_str_eq(json_string_value(json_array_get(json_object_get(body, "text"), 0)),
			 "Read <x id=\"1\"/>the report<x id=\"2\"/> (<x id=\"3\"/>).");
	cr_expect_str_eq(json_string_value(json_array_get(json_object_get(body, "text"), 1)),
			 "R&amp;D &lt; 5 &gt; 3");
	cr_expect_null(strstr(req.body, "0123-abcd"), "the key is in the body");
	json_decref(body);
	hx_http_request_release(&req);
}

Test(engine, deepl_picks_endpoint_and_target_codes)
{
	const struct hx_engine_ops *e = hx_engine_find("deepl");
	struct hx_engine_settings s = {.api_key = "0123-abcd"};
	struct hx_http_request req;
	json_t *body;

	encode_ok(e, &s, HX_LANG_ES, HX_LANG_EN, &req);
	cr_expect_str_eq(req.url, "https://api.deepl.com/v2/translate");
	body = body_json(&req);
	cr_expect_str_eq(json_string_value(json_object_get(body, "source_lang")), "ES");
	cr_expect_str_eq(json_string_value(json_object_get(body, "target_lang")), "EN-GB");
	cr_expect_null(json_object_get(body, "glossary_id"));
	json_decref(body);
	hx_http_request_release(&req);

	s.endpoint = "http://127.0.0.1:8081/v2/";
	encode_ok(e, &s, HX_LANG_AR, HX_LANG_ZH, &req);
	cr_expect_str_eq(req.url, "http://127.0.0.1:8081/v2/translate");
	body = body_json(&req);
	cr_expect_str_eq(json_string_value(json_object_get(body, "source_lang")), "AR");
	cr_expect_str_eq(json_string_value(json_object_get(body, "target_lang")), "ZH-HANS");
	json_decref(body);
	hx_http_request_release(&req);
}

Test(engine, deepl_needs_a_key_and_keeps_under_128_kib)
{
	const struct hx_engine_ops *e = hx_engine_find("deepl");
	struct hx_engine_settings s = {0};
	struct hx_http_request req = {0};
	struct hx_diag diag = {0};
	const char *texts[50];
	char *big = malloc(3000);

	memset(big, 'a', 2999);
	big[2999] = '\0';
	for (int i = 0; i < 50; i++)
		texts[i] = big;
	cr_expect_eq(e->encode(&s, HX_LANG_EN, HX_LANG_ES, texts, 1, &req, &diag), HX_E_CONFIG);
	cr_expect(strstr(diag.msg, "no API key"), "%s", diag.msg);
	s.api_key = "k:fx";
	cr_expect_eq(e->encode(&s, HX_LANG_EN, HX_LANG_ES, texts, 50, &req, &diag), HX_E_LIMIT);
	cr_expect_null(req.url);
	cr_expect_null(req.headers);
	free(big);
}

Test(engine, deepl_decodes_translations)
{
	const struct hx_engine_ops *e = hx_engine_find("deepl");
	struct hx_engine_settings s = {.api_key = "k:fx"};
	char *out[3];

	decode_ok(e, &s,
		  "{\"translations\": [{\"detected_source_language\": \"EN\", \"text\": \"Lea "
		  "<x id=\\\"1\\\"/>el informe\"}, {\"detected_source_language\": \"EN\", "
		  "\"text\": \"I&amp;D\"}, {\"detected_source_language\": \"EN\", \"text\": "
		  "\"Hola\"}]}",
		  3, out);
	cr_expect_str_eq(out[0], "Lea <x id=\"1\"/>el informe");
	cr_expect_str_eq(out[1], "I&amp;D");
	cr_expect_str_eq(out[2], "Hola");
	free_out(out, 3);
}

Test(engine, deepl_quotes_its_errors_without_the_key)
{
	const struct hx_engine_ops *e = hx_engine_find("deepl");
	struct hx_engine_settings s = {.api_key = "0123-abcd:fx"};

	decode_fails(e, &s, 456, "{\"message\": \"Quota Exceeded\"}", 3,
		     "deepl: the endpoint answered HTTP 456: \"Quota Exceeded\"");
	decode_fails(e, &s, 403, "", 3, "HTTP 403 with an empty body");
	decode_fails(e, &s, 403, "{\"message\": \"Wrong endpoint. Use https://api.deepl.com\"}", 3,
		     "Wrong endpoint");
	decode_fails(e, &s, 400, "{\"message\": \"Value for 'target_lang' not supported.\"}", 3,
		     "target_lang");
	decode_fails(e, &s, 403, "{\"message\": \"Invalid key 0123-abcd:fx\"}", 3,
		     "\"Invalid key [api key]\"");
	decode_fails(e, &s, 200, "{\"translations\": [{\"text\": \"uno\"}]}", 3,
		     "returned 1 translations for 3 texts");
}

Test(engine, deepl_lists_every_target_for_every_source)
{
	const struct hx_engine_ops *e = hx_engine_find("deepl");
	struct hx_engine_settings s = {.api_key = "0123-abcd:fx"};
	struct hx_http_request req = {0};
	uint64_t want = 0;

	cr_assert_eq(e->pairs_request(&s, &req, NULL), HX_OK);
	cr_expect_str_eq(req.url, "https://api-free.deepl.com/v2/languages?type=target");
	cr_expect_str_eq(header(&req, "Authorization"),
			 "Authorization: DeepL-Auth-Key 0123-abcd:fx");
	cr_expect(req.secret_headers);
	cr_expect_null(req.body);
	hx_http_request_release(&req);
	for (int src = 0; src < HX_LANG_COUNT; src++) {
		if (src != HX_LANG_ES)
			want |= BIT(src, HX_LANG_ES);
		if (src != HX_LANG_EN)
			want |= BIT(src, HX_LANG_EN);
	}
	cr_expect_eq(pairs_of(e,
			      "[{\"language\": \"ES\", \"name\": \"Spanish\", "
			      "\"supports_formality\": true}, {\"language\": \"EN-GB\", \"name\": "
			      "\"English (British)\"}, {\"language\": \"EN-US\"}, {\"language\": "
			      "\"ZH-HANT\"}, {\"language\": \"DE\"}, {\"language\": null}, 3]"),
		     want);
}

/* ---- openai ---- */

Test(engine, openai_sends_a_chat_with_the_texts_as_json)
{
	const struct hx_engine_ops *e = hx_engine_find("openai");
	struct hx_engine_settings s = {0};
	struct hx_http_request req;
	json_t *body, *msgs, *user;
	const char *system;

	encode_ok(e, &s, HX_LANG_EN, HX_LANG_ES, &req);
	cr_expect_str_eq(req.url, "https://api.openai.com/v1/chat/completions");
	cr_expect_null(header(&req, "Authorization"));
	cr_expect_not(req.secret_headers);
	body = body_json(&req);
	cr_expect_str_eq(json_string_value(json_object_get(body, "model")), "gpt-4o-mini");
	cr_expect(json_is_number(json_object_get(body, "temperature")));
	cr_expect_eq(json_number_value(json_object_get(body, "temperature")), 0);
	msgs = json_object_get(body, "messages");
	cr_assert_eq(json_array_size(msgs), 2);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(msgs, 0), "role")),
			 "system");
	system = json_string_value(json_object_get(json_array_get(msgs, 0), "content"));
	cr_assert_not_null(system);
	cr_expect(strstr(system, "from English") || strstr(system, "in English"), "%s", system);
	cr_expect(strstr(system, "into Spanish"), "%s", system);
	cr_expect(strstr(system, "<x id=\"N\"/>"), "%s", system);
	cr_expect(strstr(system, "JSON array of 3 strings"), "%s", system);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(msgs, 1), "role")),
			 "user");
	user = json_loads(json_string_value(json_object_get(json_array_get(msgs, 1), "content")), 0,
			  NULL);
	cr_assert_not_null(user);
	cr_expect_str_eq(json_string_value(json_object_get(user, "source")), "en");
	cr_expect_str_eq(json_string_value(json_object_get(user, "target")), "es");
	cr_expect_str_eq(json_string_value(json_array_get(json_object_get(user, "texts"), 0)),
			 "Read <x id=\"1\"/>the report<x id=\"2\"/> (<x id=\"3\"/>).");
	cr_expect_str_eq(json_string_value(json_array_get(json_object_get(user, "texts"), 1)),
			 "R&D < 5 > 3");
	json_decref(user);
	json_decref(body);
	hx_http_request_release(&req);
}

Test(engine, openai_uses_the_configured_server_model_and_key)
{
	const struct hx_engine_ops *e = hx_engine_find("openai");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:8080/v1",
				       .api_key = "sk-test",
				       .model = "qwen2.5:7b"};
	struct hx_http_request req;
	json_t *body;

	encode_ok(e, &s, HX_LANG_RU, HX_LANG_AR, &req);
	cr_expect_str_eq(req.url, "http://127.0.0.1:8080/v1/chat/completions");
	cr_expect_str_eq(header(&req, "Authorization"), "Authorization: Bearer sk-test");
	cr_expect(req.secret_headers);
	body = body_json(&req);
	cr_expect_str_eq(json_string_value(json_object_get(body, "model")), "qwen2.5:7b");
	json_decref(body);
	hx_http_request_release(&req);
}

/* What models answer, as the message content itself (not JSON-escaped). */
static const char *const chat_answers[] = {
	"[\"Lea <x id=\\\"1\\\"/>el informe\", \"I&D < 5\", \"Hola\"]",
	"```json\n[\"Lea <x id=\\\"1\\\"/>el informe\", \"I&D < 5\", \"Hola\"]\n```",
	"```\n[\"Lea <x id=\\\"1\\\"/>el informe\", \"I&D < 5\", \"Hola\"]\n```\n",
	"Here are the translations:\n[\"Lea <x id=\\\"1\\\"/>el informe\", \"I&D < 5\", "
	"\"Hola\"]",
	"{\"texts\": [\"Lea <x id='1'/>el informe\", \"I&D < 5\", \"Hola\"]}",
};

Test(engine, openai_decodes_the_array_in_the_message)
{
	const struct hx_engine_ops *e = hx_engine_find("openai");
	struct hx_engine_settings s = {0};

	for (size_t i = 0; i < sizeof(chat_answers) / sizeof(chat_answers[0]); i++) {
		json_t *v = json_pack("{s:s, s:s, s:[{s:i, s:{s:s, s:s}, s:s}], s:{s:i}}", "id",
				      "chatcmpl-1", "object", "chat.completion", "choices", "index",
				      0, "message", "role", "assistant", "content", chat_answers[i],
				      "finish_reason", "stop", "usage", "total_tokens", 9);
		char *body = json_dumps(v, 0), *out[3];

		decode_ok(e, &s, body, 3, out);
		cr_expect(strncmp(out[0], "Lea <x id=", 10) == 0, "answer %zu: %s", i, out[0]);
		cr_expect_str_eq(out[1], "I&D < 5");
		cr_expect_str_eq(out[2], "Hola");
		free_out(out, 3);
		free(body);
		json_decref(v);
	}
}

Test(engine, openai_quotes_errors_and_bad_answers)
{
	const struct hx_engine_ops *e = hx_engine_find("openai");
	struct hx_engine_settings s = {.api_key = "sk-test"};

	decode_fails(e, &s, 404,
		     "{\"error\": {\"message\": \"The model `gpt-5` does not exist\", \"type\": "
		     "\"invalid_request_error\", \"code\": \"model_not_found\"}}",
		     3, "HTTP 404: \"The model `gpt-5` does not exist\"");
	decode_fails(e, &s, 401,
		     "{\"error\": {\"message\": \"Incorrect API key provided: sk-test\"}}", 3,
		     "provided: [api key]");
	decode_fails(e, &s, 400,
		     "{\"object\": \"error\", \"message\": \"maximum context length is 4096\", "
		     "\"type\": \"BadRequestError\", \"code\": 400}",
		     3, "\"maximum context length is 4096\"");
	decode_fails(e, &s, 500, "{\"error\": \"model runner has unexpectedly stopped\"}", 3,
		     "\"model runner has unexpectedly stopped\"");
	decode_fails(
		e, &s, 200,
		"{\"choices\": [{\"message\": {\"content\": \"[\\\"uno\\\", \\\"dos\\\"]\"}}]}", 3,
		"returned 2 translations for 3 texts");
	decode_fails(e, &s, 200,
		     "{\"choices\": [{\"message\": {\"content\": \"Lo siento, no puedo.\"}}]}", 3,
		     "not a JSON array of strings: \"Lo siento, no puedo.\"");
	decode_fails(e, &s, 200,
		     "{\"choices\": [{\"message\": {\"content\": \"[\\\"uno\\\", \\\"do\"}, "
		     "\"finish_reason\": \"length\"}]}",
		     3, "output token limit");
	decode_fails(e, &s, 200, "{\"choices\": [{\"message\": {\"content\": \"[1, 2, 3]\"}}]}", 3,
		     "translation 1 in the answer is not a string");
	decode_fails(
		e, &s, 200,
		"{\"choices\": [{\"message\": {\"content\": null, \"refusal\": \"I can't.\"}}]}", 3,
		"refused: \"I can't.\"");
}

Test(engine, quotes_at_most_200_bytes_of_a_message)
{
	const struct hx_engine_ops *e = hx_engine_find("libretranslate");
	struct hx_engine_settings s = {.endpoint = "http://127.0.0.1:5000"};
	struct hx_buf body = HX_BUF_INIT(0);
	struct hx_http_response res;
	struct hx_diag diag = {0};
	char *out[1];

	hx_buf_adds(&body, "{\"error\": \"");
	for (int i = 0; i < 1000; i++)
		hx_buf_adds(&body, "é\\n");
	hx_buf_adds(&body, "\"}");
	res = answer(500, hx_buf_str(&body));
	cr_assert_eq(e->decode(&s, &res, 1, out, &diag), HX_E_MT);
	cr_expect_lt(strlen(diag.msg), 300);
	cr_expect(strstr(diag.msg, "é é"), "%s", diag.msg);
	cr_expect(strstr(diag.msg, "...\""), "%s", diag.msg);
	cr_expect_null(strchr(diag.msg, '\n'));
	hx_buf_release(&body);
}
