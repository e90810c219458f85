/* The batch manifest: a sorted array of entries, JSON on disk (jansson). */
#include "manifest.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fsio.h"
#include "mem.h"

#define MANIFEST_VERSION 1
#define MANIFEST_MAX_BYTES ((size_t)512 << 20)

void hx_manifest_entry_release(struct hx_manifest_entry *e)
{
	free(e->id);
	free(e->source);
	free(e->status);
	for (size_t i = 0; i < e->noutputs; i++)
		free(e->outputs[i]);
	free(e->outputs);
	free(e->updated);
	memset(e, 0, sizeof(*e));
}

void hx_manifest_release(struct hx_manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		hx_manifest_entry_release(&m->v[i]);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* Where id is, or where it would go: *found says which. */
static size_t position(const struct hx_manifest *m, const char *id, bool *found)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->v[mid].id, id);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

const struct hx_manifest_entry *hx_manifest_find(const struct hx_manifest *m, const char *id)
{
	bool found;
	size_t i = position(m, id, &found);

	return found ? &m->v[i] : NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? hx_xstrdup(s) : NULL;
}

void hx_manifest_put(struct hx_manifest *m, const struct hx_manifest_entry *e)
{
	bool found;
	size_t i = position(m, e->id, &found);
	struct hx_manifest_entry *x;

	if (found) {
		hx_manifest_entry_release(&m->v[i]);
	} else {
		if (m->n == m->alloc) {
			m->alloc = m->alloc ? m->alloc * 2 : 64;
			m->v = hx_xreallocarray(m->v, m->alloc, sizeof(*m->v));
		}
		memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof(*m->v));
		m->n++;
	}
	x = &m->v[i];
	memset(x, 0, sizeof(*x));
	x->id = hx_xstrdup(e->id);
	x->source = dup_or_null(e->source);
	memcpy(x->input_sha256, e->input_sha256, sizeof(x->input_sha256));
	memcpy(x->fingerprint, e->fingerprint, sizeof(x->fingerprint));
	x->status = dup_or_null(e->status);
	x->updated = dup_or_null(e->updated);
	x->outputs = hx_xreallocarray(NULL, e->noutputs + 1, sizeof(*x->outputs));
	for (size_t k = 0; k < e->noutputs; k++)
		x->outputs[k] = hx_xstrdup(e->outputs[k]);
	x->noutputs = e->noutputs;
}

void hx_manifest_remove(struct hx_manifest *m, const char *id)
{
	bool found;
	size_t i = position(m, id, &found);

	if (!found)
		return;
	hx_manifest_entry_release(&m->v[i]);
	memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof(*m->v));
	m->n--;
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* One entry from JSON; false when it lacks what every entry has. */
static bool entry_from_json(const char *id, json_t *o, struct hx_manifest_entry *e)
{
	json_t *outs = json_object_get(o, "outputs");
	size_t k;
	json_t *v;

	memset(e, 0, sizeof(*e));
	if (!json_is_object(o) || strlen(str(o, "input_sha256")) != 64 ||
	    strlen(str(o, "fingerprint")) != 64)
		return false;
	e->id = (char *)id;
	e->source = (char *)str(o, "source");
	memcpy(e->input_sha256, str(o, "input_sha256"), 65);
	memcpy(e->fingerprint, str(o, "fingerprint"), 65);
	e->status = (char *)str(o, "status");
	e->updated = (char *)str(o, "updated");
	e->noutputs = json_is_array(outs) ? json_array_size(outs) : 0;
	e->outputs = hx_xreallocarray(NULL, e->noutputs + 1, sizeof(*e->outputs));
	json_array_foreach(outs, k, v)
		e->outputs[k] = (char *)(json_string_value(v) ? json_string_value(v) : "");
	return true;
}

enum hx_err hx_manifest_load(struct hx_manifest *m, const char *path, struct hx_diag *diag)
{
	struct hx_buf buf = HX_BUF_INIT(MANIFEST_MAX_BYTES);
	json_error_t jerr;
	json_t *root, *docs, *o;
	const char *id;
	enum hx_err err;
	FILE *f;

	memset(m, 0, sizeof(*m));
	f = fopen(path, "rb");
	if (!f)
		return HX_OK; /* no manifest yet: a first run */
	fclose(f);
	err = hx_file_read(path, MANIFEST_MAX_BYTES, &buf, diag);
	if (err) {
		hx_buf_release(&buf);
		return err;
	}
	root = json_loadb(buf.data ? buf.data : "", buf.len, 0, &jerr);
	hx_buf_release(&buf);
	if (!root || json_integer_value(json_object_get(root, "version")) != MANIFEST_VERSION) {
		/* a manifest we cannot read costs one full run, nothing else */
		hx_warn(diag, "%s%s%s; every document will be done again", path,
			root ? ": another manifest version" : ": unreadable: ",
			root ? "" : jerr.text);
		json_decref(root);
		return HX_OK;
	}
	docs = json_object_get(root, "documents");
	json_object_foreach(docs, id, o) {
		struct hx_manifest_entry e;

		if (entry_from_json(id, o, &e))
			hx_manifest_put(m, &e);
		free(e.outputs);
	}
	json_decref(root);
	return HX_OK;
}

enum hx_err hx_manifest_save(const struct hx_manifest *m, const char *path, struct hx_diag *diag)
{
	json_t *root = json_object(), *docs = json_object();
	char *text;
	enum hx_err err;

	json_object_set_new(root, "version", json_integer(MANIFEST_VERSION));
	for (size_t i = 0; i < m->n; i++) {
		const struct hx_manifest_entry *e = &m->v[i];
		json_t *o = json_object(), *outs = json_array();
		json_t *src = json_string(e->source ? e->source : "");

		/* a file name that is not UTF-8 is shown, not used: the id is the key */
		json_object_set_new(o, "source", src ? src : json_string("(not UTF-8)"));
		json_object_set_new(o, "input_sha256", json_string(e->input_sha256));
		json_object_set_new(o, "fingerprint", json_string(e->fingerprint));
		json_object_set_new(o, "status", json_string(e->status ? e->status : ""));
		json_object_set_new(o, "updated", json_string(e->updated ? e->updated : ""));
		for (size_t k = 0; k < e->noutputs; k++)
			json_array_append_new(outs, json_string(e->outputs[k]));
		json_object_set_new(o, "outputs", outs);
		json_object_set_new(docs, e->id, o);
	}
	json_object_set_new(root, "documents", docs);
	text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		return hx_fail(diag, HX_E_INTERNAL, "cannot write the manifest as JSON");
	err = hx_file_write_atomic(path, text, strlen(text), diag);
	free(text);
	return err;
}
