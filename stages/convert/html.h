/*
 * HTML input for the convert stage: an HTML document (already UTF-8) to clean
 * CommonMark with GFM tables and footnotes. Pure: no file or network I/O.
 */
#ifndef HX_HTML_H
#define HX_HTML_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

struct hx_html_info {
	char *title; /* from <title>, else the first <h1>; owned, may be NULL */
	char *lang;  /* the lang attribute of <html> (e.g. "fr", "zh-CN"), owned, may be NULL */
};

/*
 * Converts len bytes of UTF-8 HTML from name (for messages) into CommonMark
 * appended to out (an initialised, capped struct hx_buf: HX_E_LIMIT
 * propagates). Fills *info with newly allocated strings; release them with
 * hx_html_info_release (both are NULL on failure). A document without text
 * gives HX_OK and no output; otherwise the output ends with one newline. On
 * failure out is left as it was. Warnings (such as nesting too deep for the
 * parser) go to diag.
 */
enum hx_err hx_html_to_markdown(const char *name, const char *html, size_t len, struct hx_buf *out,
				struct hx_html_info *info, struct hx_diag *diag);
/* Frees the strings in info and sets them to NULL. */
void hx_html_info_release(struct hx_html_info *info);

#endif
