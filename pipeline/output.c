/* Writing a document's outputs into the output folder, each file atomically. */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fsio.h"
#include "meta.h"

static enum hx_err write_file(struct hx_buf *path, size_t base, const char *name,
			      const char *data, size_t len, struct hx_diag *diag)
{
	enum hx_err err;

	hx_buf_truncate(path, base);
	err = hx_buf_addf(path, "/%s", name);
	if (err)
		return hx_fail(diag, err, "output path '%s...' is too long", hx_buf_str(path));
	return hx_file_write_atomic(path->data, data, len, diag);
}

static enum hx_err write_pair(struct hx_buf *path, size_t base, const struct hx_doc *doc,
			      enum hx_lang lang, const char *md, size_t md_len, const char *html,
			      size_t html_len, struct hx_diag *diag)
{
	const struct hx_lang_info *li = hx_lang_get(lang);
	struct hx_buf name = HX_BUF_INIT(4096);
	enum hx_err err = hx_buf_addf(&name, "%s.%s.md", doc->id, li ? li->code : "und");

	if (!err && md)
		err = write_file(path, base, name.data, md, md_len, diag);
	hx_buf_reset(&name);
	if (!err)
		err = hx_buf_addf(&name, "%s.%s.html", doc->id, li ? li->code : "und");
	if (!err && html)
		err = write_file(path, base, name.data, html, html_len, diag);
	hx_buf_release(&name);
	return err;
}

enum hx_err hx_output_write(const char *dir, const struct hx_doc *doc, struct hx_diag *diag)
{
	struct hx_buf path = HX_BUF_INIT(4096), name = HX_BUF_INIT(4096);
	char *json = hx_meta_to_json(doc);
	size_t base;
	enum hx_err err = hx_buf_addf(&path, "%s/%s", dir, doc->id);

	if (!err)
		err = hx_mkdir_p(path.data, diag);
	base = path.len;
	if (!err)
		err = write_pair(&path, base, doc, doc->lang, doc->markdown, doc->markdown_len,
				 doc->html, doc->html_len, diag);
	for (int l = 0; l < HX_LANG_COUNT && !err; l++)
		if ((doc->targets & (1u << l)) && l != (int)doc->lang && doc->target[l].markdown)
			err = write_pair(&path, base, doc, (enum hx_lang)l, doc->target[l].markdown,
					 doc->target[l].markdown_len, doc->target[l].html,
					 doc->target[l].html_len, diag);
	if (!err && doc->terms_json && !(err = hx_buf_addf(&name, "%s.terms.json", doc->id)))
		err = write_file(&path, base, name.data, doc->terms_json, doc->terms_json_len, diag);
	hx_buf_reset(&name);
	if (!err && !(err = hx_buf_addf(&name, "%s.meta.json", doc->id)))
		err = write_file(&path, base, name.data, json, strlen(json), diag);
	free(json);
	hx_buf_release(&path);
	hx_buf_release(&name);
	return err;
}
