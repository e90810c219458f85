/* fake-mt as LibreTranslate: POST /translate (JSON or form, q a string or a list) and
 * GET /languages, with its {"error": ...} answers and an optional API key. */
#include <stdlib.h>
#include <string.h>

#include "fake_mt.h"

static const char *const lt_langs[][2] = {
	{"en", "English"}, {"ar", "Arabic"},  {"zh", "Chinese"},
	{"fr", "French"},  {"ru", "Russian"}, {"es", "Spanish"},
};

#define N_LT_LANGS (sizeof(lt_langs) / sizeof(lt_langs[0]))

static bool lt_known(const char *code)
{
	for (size_t i = 0; i < N_LT_LANGS; i++)
		if (!strcmp(code, lt_langs[i][0]))
			return true;
	return false;
}

void fake_lt_languages(struct exchange *x)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < N_LT_LANGS; i++) {
		json_t *targets = json_array();

		for (size_t k = 0; targets && k < N_LT_LANGS; k++)
			if (k != i && json_array_append_new(targets, json_string(lt_langs[k][0])))
				break;
		if (json_array_append_new(list,
					  json_pack("{s:s, s:s, s:o*}", "code", lt_langs[i][0],
						    "name", lt_langs[i][1], "targets", targets))) {
			json_decref(list);
			list = NULL;
		}
	}
	fake_reply_json(x, 200, list, JSON_COMPACT | JSON_ENSURE_ASCII);
}

/* A /translate request, from a JSON body or from form fields. */
struct lt_request {
	json_t *root;
	struct fake_form form;
	struct fake_texts texts;
	bool batch;
	const char *source, *target, *format, *api_key; /* borrowed; NULL if absent */
};

static const char *json_field(json_t *root, const char *name)
{
	return json_string_value(json_object_get(root, name));
}

/* Returns NULL, or the message of a 400 answer. */
static const char *lt_parse(struct exchange *x, struct lt_request *r)
{
	json_t *q, *item;
	size_t i;

	if (!fake_body_is_json(x)) {
		const char *text;

		fake_request_form(x, &r->form);
		if ((text = fake_form_get(&r->form, "q")) && *text)
			fake_texts_add(&r->texts, text, strlen(text));
		r->source = fake_form_get(&r->form, "source");
		r->target = fake_form_get(&r->form, "target");
		r->format = fake_form_get(&r->form, "format");
		r->api_key = fake_form_get(&r->form, "api_key");
		return r->form.invalid ? "Invalid request: invalid form data" : NULL;
	}
	r->root = json_loadb(x->body, x->body_len, 0, NULL);
	if (!json_is_object(r->root))
		return "Invalid JSON format";
	q = json_object_get(r->root, "q");
	r->batch = json_is_array(q);
	if (json_is_string(q) && json_string_length(q))
		fake_texts_add(&r->texts, json_string_value(q), json_string_length(q));
	json_array_foreach(r->batch ? q : NULL, i, item)
	{
		if (!json_is_string(item))
			return "Invalid request: q must be a string or a list of strings";
		fake_texts_add(&r->texts, json_string_value(item), json_string_length(item));
	}
	r->source = json_field(r->root, "source");
	r->target = json_field(r->root, "target");
	r->format = json_field(r->root, "format");
	r->api_key = json_field(r->root, "api_key");
	return NULL;
}

/* Returns NULL, or the message of a 400 answer. */
static const char *lt_check(const struct lt_request *r, char *msg, size_t size)
{
	if (!r->texts.n)
		return "Invalid request: missing q parameter";
	if (!r->source || !*r->source)
		return "Invalid request: missing source parameter";
	if (!r->target || !*r->target)
		return "Invalid request: missing target parameter";
	if (strcmp(r->source, "auto") && !lt_known(r->source)) {
		snprintf(msg, size, "%s is not supported", r->source);
		return msg;
	}
	if (!lt_known(r->target)) {
		snprintf(msg, size, "%s is not supported", r->target);
		return msg;
	}
	if (r->format && *r->format && strcmp(r->format, "text") && strcmp(r->format, "html")) {
		snprintf(msg, size, "%s format is not supported", r->format);
		return msg;
	}
	return NULL;
}

/* Like LibreTranslate, which passes every result through Python's html.unescape. */
static json_t *lt_result(struct exchange *x, const struct lt_request *r)
{
	struct fake_buf *outs = calloc(r->texts.n, sizeof(*outs));
	json_t *list = json_array(), *result = NULL;

	if (!outs)
		abort();
	for (size_t i = 0; i < r->texts.n; i++) {
		fake_buf_add(&outs[i], "", 0);
		fake_translate(&outs[i], r->texts.v[i], strlen(r->texts.v[i]), r->target, NULL);
		x->chars_ok += fake_utf8_chars(r->texts.v[i], strlen(r->texts.v[i]));
	}
	fake_placeholder_faults(x, outs, r->texts.n);
	for (size_t i = 0; i < r->texts.n; i++) {
		struct fake_buf plain = {0};

		fake_buf_add(&plain, "", 0);
		fake_html_unescape(&plain, outs[i].data);
		if (list && json_array_append_new(list, json_stringn(plain.data, plain.len))) {
			json_decref(list);
			list = NULL;
		}
		fake_buf_release(&plain);
		fake_buf_release(&outs[i]);
	}
	free(outs);
	if (list && !r->batch)
		result = json_incref(json_array_get(list, 0));
	else if (list)
		result = json_incref(list);
	json_decref(list);
	return result;
}

static json_t *lt_detected(const struct lt_request *r)
{
	json_t *one = json_pack("{s:f, s:s}", "confidence", 90.0, "language", "en"), *list;

	if (!r->batch || !one)
		return one;
	list = json_array();
	for (size_t i = 0; list && i < r->texts.n; i++)
		if (json_array_append(list, one)) {
			json_decref(list);
			list = NULL;
		}
	json_decref(one);
	return list;
}

void fake_lt_translate(struct exchange *x)
{
	struct lt_request r = {0};
	const char *msg = lt_parse(x, &r);
	char buf[300];
	json_t *v;

	if (x->cfg.api_key[0] && r.api_key && strcmp(r.api_key, x->cfg.api_key))
		fake_error(x, 403, "Invalid API key");
	else if (x->cfg.api_key[0] && !r.api_key)
		fake_error(x, 400, "Please contact the server operator to get an API key");
	else if (msg || (msg = lt_check(&r, buf, sizeof(buf))))
		fake_error(x, 400, msg);
	if (x->status)
		goto out;
	fake_note_texts(x, &r.texts);
	v = json_pack("{s:o*}", "translatedText", lt_result(x, &r));
	if (v && !strcmp(r.source, "auto"))
		json_object_set_new(v, "detectedLanguage", lt_detected(&r));
	x->texts_ok = r.texts.n;
	fake_reply_json(x, 200, v, JSON_COMPACT | JSON_ENSURE_ASCII);
out:
	json_decref(r.root);
	fake_form_release(&r.form);
	fake_texts_release(&r.texts);
}
