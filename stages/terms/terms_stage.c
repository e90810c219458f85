/*
 * The terms stage: loads the glossaries once per run, then protects the names
 * of every segment of a document; and the hits of a plain text as JSON.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stage.h"
#include "terms_int.h"

enum hx_err hx_terms_glossary(struct hx_stage_ctx *ctx, bool warn)
{
	struct hx_shared *sh = ctx->shared;
	struct hx_glossary_opts opts = {.stem = true};
	struct hx_diag quiet = {0};
	bool chosen;
	const char *dir = hx_config_glossary_dir(ctx->cfg, &chosen);
	enum hx_err err;

	if (sh->glossary_tried)
		return HX_OK;
	sh->glossary_tried = true;
	if (!dir) {
		if (warn)
			hx_warn(ctx->diag,
				"no glossaries found (./glossaries, %s); names and terms "
				"are left to MT: give --glossaries DIR or set HEXAGLOT_GLOSSARIES",
				HX_DATADIR "/glossaries");
		return HX_OK;
	}
	err = hx_glossary_load(dir, &opts, &sh->glossary, warn ? ctx->diag : &quiet);
	hx_diag_release(&quiet);
	if (err) {
		sh->glossary = NULL;
		return warn ? err : HX_OK;
	}
	for (size_t i = 0; warn && i < hx_glossary_nproblems(sh->glossary); i++) {
		const struct hx_gl_problem *pr = hx_glossary_problem(sh->glossary, i);

		if (pr->error)
			hx_warn(ctx->diag,
				"%s:%u: %s (line skipped; `hexaglot glossary check` lists "
				"every problem)",
				hx_glossary_file_name(sh->glossary, pr->file), pr->line, pr->msg);
	}
	return HX_OK;
}

static enum hx_err terms_init(struct hx_stage_ctx *ctx)
{
	bool chosen;
	const char *dir = hx_config_glossary_dir(ctx->cfg, &chosen);

	/* a folder the user named must be there: say so before any document */
	if (chosen && access(dir, R_OK | X_OK) != 0)
		return hx_fail(ctx->diag, HX_E_CONFIG,
			       "cannot read the glossary folder '%s' (from %s): %s", dir,
			       ctx->cfg->glossaries ? "--glossaries or hexaglot.conf"
						    : "HEXAGLOT_GLOSSARIES",
			       strerror(errno));
	return HX_OK;
}

static enum hx_err terms_process(struct hx_stage_ctx *ctx, struct hx_doc *doc)
{
	const struct hx_glossary *g;
	enum hx_err err = HX_OK;

	if (!doc->targets && !ctx->cfg->terms)
		return HX_OK;
	if ((err = hx_terms_glossary(ctx, true)))
		return err;
	if (!(g = ctx->shared->glossary))
		return HX_OK;
	for (size_t i = 0; i < doc->segs.nsegs && !err; i++) {
		struct hx_segment *seg = &doc->segs.segs[i];

		/*
		 * NEEDSWORK: the qa stage matches the (shared) glossary again on each pair, and
		 * hx_terms_hits_json below on the whole Markdown; keeping these hits per
		 * segment would spare both.
		 */
		err = hx_terms_protect_collect(g, seg, (uint32_t)i, doc->lang, doc->targets, NULL,
					       NULL, ctx->diag);
	}
	if (!err && doc->markdown) {
		free(doc->terms_json);
		doc->terms_json = NULL;
		err = hx_terms_hits_json(g, doc->markdown, doc->markdown_len, doc->lang,
					 &doc->terms_json, ctx->diag);
	}
	if (!err && doc->terms_json) {
		size_t len = strlen(doc->terms_json);

		doc->terms_json = hx_xrealloc(doc->terms_json, len + 2);
		memcpy(doc->terms_json + len, "\n", 2);
		doc->terms_json_len = len + 1;
	}
	return err;
}

const struct hx_stage hx_stage_terms = {
	"terms",
	"find glossary terms in six languages; protect names as placeholders",
	0,
	terms_init,
	terms_process,
	NULL,
};

/* A JSON string of s, invalid UTF-8 replaced by U+FFFD (jansson refuses it otherwise). */
static json_t *safe_string(const char *s, size_t len)
{
	struct hx_buf b = HX_BUF_INIT(0);
	json_t *j;

	for (size_t i = 0; i < len;)
		hx_buf_add_utf8(&b, gl_next_cp(s, len, &i));
	j = json_stringn(b.data ? b.data : "", b.len);
	hx_buf_release(&b);
	return j ? j : json_string("");
}

static json_t *hit_object(const struct hx_glossary *g, const char *text,
			  const struct hx_term_hit *h)
{
	const struct hx_gl_entry *e = &g->entries[h->entry];
	const char *form = hx_glossary_form(g, h->form);
	json_t *o = json_object();

	json_object_set_new(o, "offset", json_integer((json_int_t)h->offset));
	json_object_set_new(o, "length", json_integer((json_int_t)h->len));
	json_object_set_new(o, "id", safe_string(e->id, strlen(e->id)));
	json_object_set_new(o, "type", json_string(hx_term_type_name(e->type)));
	json_object_set_new(o, "status", safe_string(e->status, strlen(e->status)));
	json_object_set_new(o, "lang", json_string(hx_lang_get(h->lang)->code));
	json_object_set_new(o, "found", safe_string(text + h->offset, h->len));
	json_object_set_new(o, "form", safe_string(form, strlen(form)));
	json_object_set_new(o, "stemmed", json_boolean(h->stemmed));
	return o;
}

enum hx_err hx_terms_hits_json(const struct hx_glossary *g, const char *text, size_t len,
			       enum hx_lang lang, char **json, struct hx_diag *diag)
{
	struct hx_term_hits hits = {0};
	json_t *arr;
	enum hx_err err;

	*json = NULL;
	err = hx_glossary_find(g, text, len, lang, &hits, diag);
	if (err) {
		hx_term_hits_release(&hits);
		return err;
	}
	arr = json_array();
	for (size_t i = 0; i < hits.n; i++)
		json_array_append_new(arr, hit_object(g, text, &hits.v[i]));
	*json = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(arr);
	hx_term_hits_release(&hits);
	if (!*json)
		return hx_fail(diag, HX_E_INTERNAL, "cannot write the glossary hits as JSON");
	return HX_OK;
}
