/* The findings as JSON: <id>.qa.json, and the lines of `hexaglot check --json`. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "mem.h"
#include "qa.h"

/* jansson refuses invalid UTF-8: a message quoting a broken draft must still be written */
static json_t *text_json(const char *s)
{
	json_t *j = json_string(s);

	return j ? j : json_string("(not valid UTF-8)");
}

static json_t *finding_object(const struct hx_qa_finding *f, const char *path)
{
	json_t *o = json_object();
	const struct hx_lang_info *li = hx_lang_get(f->lang);

	if (path)
		json_object_set_new(o, "file", text_json(path));
	if (f->line)
		json_object_set_new(o, "line", json_integer(f->line));
	json_object_set_new(o, "segment",
			    f->seg == HX_QA_NO_SEGMENT ? json_null() : json_integer(f->seg));
	json_object_set_new(o, "anchor",
			    f->seg == HX_QA_NO_SEGMENT ? json_null() : json_integer(f->anchor));
	json_object_set_new(o, "lang", json_string(li ? li->code : "und"));
	json_object_set_new(o, "check", json_string(hx_qa_check_name(f->check)));
	json_object_set_new(o, "severity", json_string(hx_qa_severity_name(f->severity)));
	json_object_set_new(o, "message", text_json(f->message));
	json_object_set_new(o, "suggestion",
			    f->suggestion ? text_json(f->suggestion) : json_null());
	if (f->offset != HX_QA_NO_OFFSET) {
		json_object_set_new(o, "offset", json_integer((json_int_t)f->offset));
		json_object_set_new(o, "length", json_integer((json_int_t)f->len));
	}
	return o;
}

char *hx_qa_finding_json(const struct hx_qa_finding *f, const char *path)
{
	json_t *o = finding_object(f, path);
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(o);
	return s ? s : hx_xstrdup("{}");
}

char *hx_qa_json(const struct hx_doc *doc)
{
	const struct hx_qa_findings *f = &doc->qa;
	json_t *root = json_object(), *langs = json_object(), *list = json_array();
	char *s, *out;
	size_t n;

	json_object_set_new(root, "document", text_json(doc->id));
	json_object_set_new(
		root, "source_lang",
		json_string(hx_lang_get(doc->lang) ? hx_lang_get(doc->lang)->code : "und"));
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		json_t *c;

		if (!(f->checked & (1u << l)))
			continue;
		c = json_object();
		for (int v = 0; v < HX_QA_SEVERITY_COUNT; v++)
			json_object_set_new(c, hx_qa_severity_name((enum hx_qa_severity)v),
					    json_integer((json_int_t)f->counts[l][v]));
		json_object_set_new(c, "spelling_checked",
				    json_boolean(!(f->no_spell & (1u << l))));
		json_object_set_new(langs, hx_lang_get(l)->code, c);
	}
	json_object_set_new(root, "languages", langs);
	json_object_set_new(root, "dropped", json_integer((json_int_t)f->dropped));
	for (size_t i = 0; i < f->n; i++)
		json_array_append_new(list, finding_object(&f->v[i], NULL));
	json_object_set_new(root, "findings", list);
	s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!s)
		return hx_xstrdup("{}\n");
	n = strlen(s);
	out = hx_xrealloc(s, n + 2);
	memcpy(out + n, "\n", 2);
	return out;
}
