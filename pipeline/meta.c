/* Serialises struct hx_meta with jansson. */
#include "meta.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static void set_str(json_t *obj, const char *key, const char *value)
{
	json_object_set_new(obj, key, value ? json_string(value) : json_null());
}

static void set_lang(json_t *obj, const char *key, enum hx_lang lang)
{
	const struct hx_lang_info *li = hx_lang_get(lang);

	set_str(obj, key, li ? li->code : NULL);
}

static json_t *furniture_json(const struct hx_meta *meta)
{
	json_t *f = json_object();
	json_t *counts = json_object();
	json_t *items = json_array();

	for (int k = 0; k < HX_FURN_COUNT; k++)
		if (meta->counts[k])
			json_object_set_new(counts, hx_furniture_name((enum hx_furniture_kind)k),
					    json_integer((json_int_t)meta->counts[k]));
	for (size_t i = 0; i < meta->nfurniture; i++) {
		const struct hx_furniture *it = &meta->furniture[i];

		json_array_append_new(items, json_pack("{s:s, s:I, s:s}", "kind",
						       hx_furniture_name(it->kind), "line",
						       (json_int_t)it->line, "text", it->text));
	}
	json_object_set_new(f, "counts", counts);
	json_object_set_new(f, "items", items);
	if (meta->furniture_dropped)
		json_object_set_new(f, "items_not_listed",
				    json_integer((json_int_t)meta->furniture_dropped));
	return f;
}

static json_int_t count(size_t n)
{
	return (json_int_t)n;
}

/*
 * Per target language: the engine, whether through a pivot, and what is not
 * machine translation. How each segment was obtained this time (MT or the
 * memory) and the requests it took belong to the run, not the document: they
 * are in the summary and in report.json, so that two runs that produce the
 * same drafts write the same metadata.
 */
static json_t *translations_json(const struct hx_doc *doc)
{
	json_t *all = json_object();

	for (int l = 0; l < HX_LANG_COUNT; l++) {
		const struct hx_doc_target *t = &doc->target[l];
		json_t *one;

		if (!(doc->targets & (1u << l)) || l == (int)doc->lang)
			continue;
		one = json_object();
		set_str(one, "engine", t->engine);
		json_object_set_new(one, "pivoted", json_boolean(t->pivoted));
		json_object_set_new(one, "segments", json_integer(count(t->segments)));
		json_object_set_new(one, "from_glossary", json_integer(count(t->glossary)));
		json_object_set_new(one, "untranslated", json_integer(count(t->failed)));
		set_str(one, "error", t->first_error);
		json_object_set_new(all, hx_lang_get((enum hx_lang)l)->code, one);
	}
	return all;
}

char *hx_meta_to_json(const struct hx_doc *doc)
{
	const struct hx_meta *meta = &doc->meta;
	json_t *root = json_object();
	char *text, *out;
	size_t len;

	set_str(root, "id", doc->id);
	set_str(root, "source", doc->path);
	set_str(root, "format", hx_format_name(doc->format));
	set_lang(root, "language", doc->lang);
	json_object_set_new(root, "language_given", json_boolean(doc->lang_given));
	set_str(root, "symbol", meta->symbol);
	set_str(root, "job_number", meta->job_number);
	set_str(root, "date", meta->date);
	set_str(root, "title", meta->title);
	set_str(root, "organ", meta->organ);
	set_str(root, "distribution", meta->distribution);
	set_lang(root, "original_language", meta->original_lang);
	set_str(root, "encoding", meta->encoding);
	json_object_set_new(root, "encoding_detected", json_boolean(meta->encoding_detected));
	if (meta->lossy_replacements)
		json_object_set_new(root, "lossy_replacements",
				    json_integer((json_int_t)meta->lossy_replacements));
	json_object_set_new(root, "hashes",
			    json_pack("{s:s, s:s}", "input_sha256", meta->input_sha256,
				      "markdown_sha256", meta->markdown_sha256));
	json_object_set_new(root, "furniture", furniture_json(meta));
	if (doc->targets)
		json_object_set_new(root, "translations", translations_json(doc));

	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		abort();
	len = strlen(text);
	out = hx_xmalloc(len + 2);
	memcpy(out, text, len);
	out[len] = '\n';
	out[len + 1] = '\0';
	free(text);
	return out;
}
