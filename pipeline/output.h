/*
 * A document's outputs in the DESIGN.md layout: DIR/<id>/<id>.<lang>.md, .html,
 * <id>.parallel.html (when rendered), <id>.terms.json, <id>.meta.json.
 */
#ifndef HX_OUTPUT_H
#define HX_OUTPUT_H

#include "doc.h"
#include "err.h"

/*
 * Writes doc's source Markdown, metadata and page, and every target draft
 * (Markdown and page) it has, and its parallel view, into dir/<id>/, each through a temporary file
 * renamed into place. The id is a slug, so nothing lands outside dir.
 */
enum hx_err hx_output_write(const char *dir, const struct hx_doc *doc, struct hx_diag *diag);

/* The files hx_output_write writes, relative to dir ("<id>/<id>.en.md"), newly allocated. */
struct hx_output_files {
	char **names;
	size_t n;
};
/* The same as hx_output_write, listing into files (zeroed) what it wrote. */
enum hx_err hx_output_write_files(const char *dir, const struct hx_doc *doc,
				  struct hx_output_files *files, struct hx_diag *diag);
void hx_output_files_release(struct hx_output_files *files);

#endif
