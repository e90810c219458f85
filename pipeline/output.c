/* Writing a document's outputs into the output folder, each file atomically. */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fsio.h"
#include "mem.h"
#include "meta.h"

/* Where a document's files go and, when asked, the list of what was written. */
struct out {
	struct hx_buf path; /* dir/<id>, then each file */
	size_t base;        /* length of dir/<id> */
	size_t dir_len;     /* length of dir/ */
	struct hx_output_files *files;
};

static enum hx_err write_file(struct out *o, const char *name, const char *data, size_t len,
			      struct hx_diag *diag)
{
	enum hx_err err;

	hx_buf_truncate(&o->path, o->base);
	err = hx_buf_addf(&o->path, "/%s", name);
	if (err)
		return hx_fail(diag, err, "output path '%s...' is too long", hx_buf_str(&o->path));
	err = hx_file_write_atomic(o->path.data, data, len, diag);
	if (!err && o->files) {
		o->files->names = hx_xreallocarray(o->files->names, o->files->n + 1,
						   sizeof(*o->files->names));
		o->files->names[o->files->n++] = hx_xstrdup(o->path.data + o->dir_len);
	}
	return err;
}

static enum hx_err write_pair(struct out *o, const struct hx_doc *doc,
			      enum hx_lang lang, const char *md, size_t md_len, const char *html,
			      size_t html_len, struct hx_diag *diag)
{
	const struct hx_lang_info *li = hx_lang_get(lang);
	struct hx_buf name = HX_BUF_INIT(4096);
	enum hx_err err = hx_buf_addf(&name, "%s.%s.md", doc->id, li ? li->code : "und");

	if (!err && md)
		err = write_file(o, name.data, md, md_len, diag);
	hx_buf_reset(&name);
	if (!err)
		err = hx_buf_addf(&name, "%s.%s.html", doc->id, li ? li->code : "und");
	if (!err && html)
		err = write_file(o, name.data, html, html_len, diag);
	hx_buf_release(&name);
	return err;
}

enum hx_err hx_output_write_files(const char *dir, const struct hx_doc *doc,
				  struct hx_output_files *files, struct hx_diag *diag)
{
	struct out o = {HX_BUF_INIT(4096), 0, 0, files};
	struct hx_buf name = HX_BUF_INIT(4096);
	char *json = hx_meta_to_json(doc);
	enum hx_err err = hx_buf_addf(&o.path, "%s/", dir);

	o.dir_len = o.path.len;
	if (!err)
		err = hx_buf_adds(&o.path, doc->id);
	if (!err)
		err = hx_mkdir_p(o.path.data, diag);
	o.base = o.path.len;
	if (!err)
		err = write_pair(&o, doc, doc->lang, doc->markdown, doc->markdown_len, doc->html,
				 doc->html_len, diag);
	for (int l = 0; l < HX_LANG_COUNT && !err; l++)
		if ((doc->targets & (1u << l)) && l != (int)doc->lang && doc->target[l].markdown)
			err = write_pair(&o, doc, (enum hx_lang)l, doc->target[l].markdown,
					 doc->target[l].markdown_len, doc->target[l].html,
					 doc->target[l].html_len, diag);
	if (!err && doc->parallel_html &&
	    !(err = hx_buf_addf(&name, "%s.parallel.html", doc->id)))
		err = write_file(&o, name.data, doc->parallel_html, doc->parallel_html_len, diag);
	hx_buf_reset(&name);
	if (!err && doc->terms_json && !(err = hx_buf_addf(&name, "%s.terms.json", doc->id)))
		err = write_file(&o, name.data, doc->terms_json, doc->terms_json_len, diag);
	hx_buf_reset(&name);
	if (!err && !(err = hx_buf_addf(&name, "%s.meta.json", doc->id)))
		err = write_file(&o, name.data, json, strlen(json), diag);
	free(json);
	hx_buf_release(&o.path);
	hx_buf_release(&name);
	return err;
}

enum hx_err hx_output_write(const char *dir, const struct hx_doc *doc, struct hx_diag *diag)
{
	return hx_output_write_files(dir, doc, NULL, diag);
}

void hx_output_files_release(struct hx_output_files *files)
{
	for (size_t i = 0; i < files->n; i++)
		free(files->names[i]);
	free(files->names);
	files->names = NULL;
	files->n = 0;
}
