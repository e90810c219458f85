/* fake-mt as DeepL API v2: POST /v2/translate (form with repeated text= or JSON), GET
 * /v2/languages and /v2/usage, the DeepL-Auth-Key header, its limits and its 456 quota. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fake_mt.h"

#define DEEPL_MAX_TEXTS 50
#define DEEPL_MAX_BODY  (128 * 1024)

static const char *const deepl_sources[][2] = {
	{"AR", "Arabic"}, {"EN", "English"}, {"ES", "Spanish"},
	{"FR", "French"}, {"RU", "Russian"}, {"ZH", "Chinese"},
};

static const char *const deepl_targets[][2] = {
	{"AR", "Arabic"},
	{"EN-GB", "English (British)"},
	{"EN-US", "English (American)"},
	{"ES", "Spanish"},
	{"FR", "French"},
	{"RU", "Russian"},
	{"ZH", "Chinese (simplified)"},
	{"ZH-HANS", "Chinese (simplified)"},
	{"ZH-HANT", "Chinese (traditional)"},
};

static bool deepl_known(const char *const (*langs)[2], size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(code, langs[i][0]))
			return true;
	return false;
}

#define N_SOURCES (sizeof(deepl_sources) / sizeof(deepl_sources[0]))
#define N_TARGETS (sizeof(deepl_targets) / sizeof(deepl_targets[0]))

static bool formality(const char *lang)
{
	return !strcmp(lang, "ES") || !strcmp(lang, "FR") || !strcmp(lang, "RU");
}

/* Checks the DeepL-Auth-Key header; answers 403 and returns false if it is wrong. */
static bool deepl_auth(struct exchange *x)
{
	const char *h = fake_header(x, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *key = h && !strncmp(h, "DeepL-Auth-Key ", 15) ? h + 15 : NULL;

	if (!key || !*key)
		fake_error(x, 403, "Forbidden");
	else if (x->cfg.api_key[0] && strcmp(key, x->cfg.api_key))
		fake_error(x, 403, "Wrong endpoint");
	return x->status == 0;
}

void fake_deepl_languages(struct exchange *x)
{
	struct fake_form f = {0};
	const char *type;
	bool target;
	json_t *list;

	fake_request_form(x, &f);
	type = fake_form_get(&f, "type");
	target = type && !strcmp(type, "target");
	list = json_array();
	for (size_t i = 0; list && i < (target ? N_TARGETS : N_SOURCES); i++) {
		const char *const *lang = target ? deepl_targets[i] : deepl_sources[i];
		json_t *v = target ? json_pack("{s:s, s:s, s:b}", "language", lang[0], "name",
					       lang[1], "supports_formality", formality(lang[0]))
				   : json_pack("{s:s, s:s}", "language", lang[0], "name", lang[1]);

		if (json_array_append_new(list, v)) {
			json_decref(list);
			list = NULL;
		}
	}
	if (deepl_auth(x))
		fake_reply_json(x, 200, list, JSON_COMPACT);
	else
		json_decref(list);
	fake_form_release(&f);
}

void fake_deepl_usage(struct exchange *x)
{
	unsigned long used;

	if (!deepl_auth(x))
		return;
	pthread_mutex_lock(&x->fake->lock);
	used = x->fake->stats.deepl_chars;
	pthread_mutex_unlock(&x->fake->lock);
	fake_reply_json(x, 200,
			json_pack("{s:I, s:I}", "character_count", (json_int_t)used,
				  "character_limit",
				  (json_int_t)(x->cfg.deepl_quota_chars ? x->cfg.deepl_quota_chars
									: 1000000000000LL)),
			JSON_COMPACT);
}

/* A /v2/translate request; every string is owned. */
struct deepl_request {
	struct fake_texts texts;
	char *source, *target, *tag_handling, *glossary;
	struct fake_buf ignore_tags; /* comma separated */
	bool invalid, text_not_list;
};

static char *dup_or_null(const char *s)
{
	return s ? fake_xstrdup(s) : NULL;
}

static void add_ignore_tag(struct deepl_request *r, const char *s)
{
	if (r->ignore_tags.len)
		fake_buf_adds(&r->ignore_tags, ",");
	fake_buf_adds(&r->ignore_tags, s);
}

static void deepl_parse_form(struct exchange *x, struct deepl_request *r)
{
	struct fake_form f = {0};

	fake_request_form(x, &f);
	for (size_t i = 0; i < f.keys.n; i++) {
		if (!strcmp(f.keys.v[i], "text"))
			fake_texts_add(&r->texts, f.values.v[i], strlen(f.values.v[i]));
		else if (!strcmp(f.keys.v[i], "ignore_tags"))
			add_ignore_tag(r, f.values.v[i]);
	}
	r->source = dup_or_null(fake_form_get(&f, "source_lang"));
	r->target = dup_or_null(fake_form_get(&f, "target_lang"));
	r->tag_handling = dup_or_null(fake_form_get(&f, "tag_handling"));
	r->glossary = dup_or_null(fake_form_get(&f, "glossary_id"));
	r->invalid = f.invalid;
	fake_form_release(&f);
}

static void deepl_parse_json(struct exchange *x, struct deepl_request *r)
{
	json_t *root = json_loadb(x->body, x->body_len, 0, NULL), *text, *tags, *item;
	size_t i;

	r->invalid = !json_is_object(root);
	text = json_object_get(root, "text");
	r->text_not_list = text && !json_is_array(text);
	json_array_foreach(text, i, item)
	{
		if (json_is_string(item))
			fake_texts_add(&r->texts, json_string_value(item),
				       json_string_length(item));
		else
			r->text_not_list = true;
	}
	tags = json_object_get(root, "ignore_tags");
	if (json_is_string(tags))
		add_ignore_tag(r, json_string_value(tags));
	json_array_foreach(tags, i, item) if (json_is_string(item))
		add_ignore_tag(r, json_string_value(item));
	r->source = dup_or_null(json_string_value(json_object_get(root, "source_lang")));
	r->target = dup_or_null(json_string_value(json_object_get(root, "target_lang")));
	r->tag_handling = dup_or_null(json_string_value(json_object_get(root, "tag_handling")));
	r->glossary = dup_or_null(json_string_value(json_object_get(root, "glossary_id")));
	json_decref(root);
}

/* Returns NULL, or the message of a 400 answer. */
static const char *deepl_check(const struct deepl_request *r)
{
	if (r->invalid)
		return "Invalid request body";
	if (r->text_not_list)
		return "Invalid value for 'text': expected a list of strings";
	if (!r->texts.n)
		return "Parameter 'text' not specified.";
	if (r->texts.n > DEEPL_MAX_TEXTS)
		return "Too many texts: at most 50 per request.";
	if (!r->target || !*r->target)
		return "Parameter 'target_lang' not specified.";
	if (!deepl_known(deepl_targets, N_TARGETS, r->target) && strcasecmp(r->target, "EN"))
		return "Value for 'target_lang' not supported.";
	if (r->source && !deepl_known(deepl_sources, N_SOURCES, r->source))
		return "Value for 'source_lang' not supported.";
	if (r->tag_handling && strcmp(r->tag_handling, "xml") && strcmp(r->tag_handling, "html"))
		return "Value for 'tag_handling' not supported.";
	if (r->glossary && !r->source)
		return "Use of a glossary requires the source_lang parameter to be set.";
	return NULL;
}

/* Counts the request against --deepl-quota-chars; returns false if it is spent. */
static bool deepl_quota(struct exchange *x, size_t chars)
{
	unsigned long *used = &x->fake->stats.deepl_chars;
	bool ok;

	pthread_mutex_lock(&x->fake->lock);
	ok = !x->cfg.deepl_quota_chars || *used + chars <= (unsigned long)x->cfg.deepl_quota_chars;
	if (ok)
		*used += chars;
	pthread_mutex_unlock(&x->fake->lock);
	return ok;
}

static void deepl_answer(struct exchange *x, const struct deepl_request *r)
{
	struct fake_buf *outs = calloc(r->texts.n, sizeof(*outs));
	json_t *list = json_array();
	char detected[16];

	if (!outs)
		abort();
	snprintf(detected, sizeof(detected), "%s", r->source ? r->source : "EN");
	for (char *p = detected; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	for (size_t i = 0; i < r->texts.n; i++) {
		fake_buf_add(&outs[i], "", 0);
		fake_translate(&outs[i], r->texts.v[i], strlen(r->texts.v[i]), r->target,
			       r->ignore_tags.data);
	}
	fake_placeholder_faults(x, outs, r->texts.n);
	for (size_t i = 0; i < r->texts.n; i++) {
		if (list && json_array_append_new(
				    list, json_pack("{s:s, s:s%}", "detected_source_language",
						    detected, "text", outs[i].data, outs[i].len))) {
			json_decref(list);
			list = NULL;
		}
		fake_buf_release(&outs[i]);
	}
	free(outs);
	x->texts_ok = r->texts.n;
	fake_reply_json(x, 200, json_pack("{s:o*}", "translations", list), JSON_COMPACT);
}

void fake_deepl_translate(struct exchange *x)
{
	struct deepl_request r = {0};
	const char *msg;
	size_t chars = 0;

	if (x->body_len > DEEPL_MAX_BODY) {
		fake_error(x, 413, "Request Entity Too Large");
		return;
	}
	if (!deepl_auth(x))
		return;
	if (fake_body_is_json(x))
		deepl_parse_json(x, &r);
	else
		deepl_parse_form(x, &r);
	for (size_t i = 0; i < r.texts.n; i++)
		chars += fake_utf8_chars(r.texts.v[i], strlen(r.texts.v[i]));
	if ((msg = deepl_check(&r))) {
		fake_error(x, 400, msg);
	} else {
		fake_note_texts(x, &r.texts);
		x->chars_ok = chars;
		if (deepl_quota(x, chars))
			deepl_answer(x, &r);
		else
			fake_error(x, 456, "Quota exceeded. The character limit has been reached.");
	}
	fake_texts_release(&r.texts);
	fake_buf_release(&r.ignore_tags);
	free(r.source);
	free(r.target);
	free(r.tag_handling);
	free(r.glossary);
}
