/* The document model's lifecycle and small helpers. */
#include "doc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

const char *hx_format_name(enum hx_format format)
{
	switch (format) {
	case HX_FORMAT_AUTO:
		return "auto";
	case HX_FORMAT_TEXT:
		return "text";
	case HX_FORMAT_MARKDOWN:
		return "markdown";
	case HX_FORMAT_HTML:
		return "html";
	}
	return "auto";
}

enum hx_format hx_format_parse(const char *name)
{
	static const struct {
		const char *name;
		enum hx_format format;
	} names[] = {
		{"text", HX_FORMAT_TEXT},         {"txt", HX_FORMAT_TEXT},
		{"markdown", HX_FORMAT_MARKDOWN}, {"md", HX_FORMAT_MARKDOWN},
		{"html", HX_FORMAT_HTML},         {"htm", HX_FORMAT_HTML},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0)
			return names[i].format;
	return HX_FORMAT_AUTO;
}

const char *hx_furniture_name(enum hx_furniture_kind kind)
{
	static const char *const names[] = {
#define HX_FURN_NAME(k, name) [k] = name,
		HX_FURNITURE_KINDS(HX_FURN_NAME)
#undef HX_FURN_NAME
	};

	if ((unsigned)kind >= HX_FURN_COUNT)
		return "unknown";
	return names[kind];
}

char *hx_doc_id_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *dot;
	size_t n, o = 0;
	char *id;
	bool dash = false;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	id = hx_xmalloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)base[i];

		if (isalnum(c) && c < 0x80) {
			if (dash && o)
				id[o++] = '-';
			id[o++] = (char)tolower(c);
			dash = false;
		} else {
			dash = true;
		}
	}
	if (!o) {
		free(id);
		return hx_xstrdup("document");
	}
	id[o] = '\0';
	return id;
}

struct hx_doc *hx_doc_new(const char *path)
{
	struct hx_doc *doc = hx_xcalloc(1, sizeof(*doc));

	doc->path = hx_xstrdup(path);
	doc->id = strcmp(path, "-") ? hx_doc_id_from_path(path) : hx_xstrdup("stdin");
	doc->lang = HX_LANG_NONE;
	doc->meta.original_lang = HX_LANG_NONE;
	return doc;
}

static void meta_release(struct hx_meta *meta)
{
	free(meta->symbol);
	free(meta->job_number);
	free(meta->date);
	free(meta->title);
	free(meta->organ);
	free(meta->distribution);
	free(meta->encoding);
	for (size_t i = 0; i < meta->nfurniture; i++)
		free(meta->furniture[i].text);
	free(meta->furniture);
}

void hx_doc_free(struct hx_doc *doc)
{
	if (!doc)
		return;
	free(doc->id);
	free(doc->path);
	free(doc->raw);
	free(doc->text);
	free(doc->markdown);
	free(doc->html);
	free(doc->parallel_html);
	free(doc->terms_json);
	hx_segments_release(&doc->segs);
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		free(doc->target[l].markdown);
		free(doc->target[l].html);
		free(doc->target[l].engine);
		free(doc->target[l].first_error);
	}
	meta_release(&doc->meta);
	free(doc);
}

void hx_doc_take_text(struct hx_doc *doc, char *text, size_t len)
{
	free(doc->text);
	doc->text = text;
	doc->text_len = len;
}

void hx_doc_take_markdown(struct hx_doc *doc, char *markdown, size_t len)
{
	free(doc->markdown);
	doc->markdown = markdown;
	doc->markdown_len = len;
}

void hx_doc_take_html(struct hx_doc *doc, char *html, size_t len)
{
	free(doc->html);
	doc->html = html;
	doc->html_len = len;
}

void hx_doc_add_furniture(struct hx_doc *doc, enum hx_furniture_kind kind, size_t line,
			  const char *text, size_t len)
{
	struct hx_meta *meta = &doc->meta;

	meta->counts[kind]++;
	if (meta->nfurniture == HX_FURNITURE_MAX) {
		meta->furniture_dropped++;
		return;
	}
	if (meta->nfurniture == meta->furniture_alloc) {
		meta->furniture_alloc = meta->furniture_alloc ? meta->furniture_alloc * 2 : 16;
		meta->furniture = hx_xreallocarray(meta->furniture, meta->furniture_alloc,
						   sizeof(*meta->furniture));
	}
	meta->furniture[meta->nfurniture].kind = kind;
	meta->furniture[meta->nfurniture].line = line;
	meta->furniture[meta->nfurniture].text = hx_xstrndup(text, len);
	meta->nfurniture++;
}

void hx_meta_set(char **field, const char *value, size_t len)
{
	free(*field);
	*field = hx_xstrndup(value, len);
}
