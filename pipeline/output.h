/* A document's outputs in the DESIGN.md layout: DIR/<id>/<id>.<lang>.md, .html, <id>.meta.json. */
#ifndef HX_OUTPUT_H
#define HX_OUTPUT_H

#include "doc.h"
#include "err.h"

/*
 * Writes doc's source Markdown, metadata and page, and every target draft
 * (Markdown and page) it has, into dir/<id>/, each through a temporary file
 * renamed into place. The id is a slug, so nothing lands outside dir.
 */
enum hx_err hx_output_write(const char *dir, const struct hx_doc *doc, struct hx_diag *diag);

#endif
