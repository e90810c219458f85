/*
 * The print page (<id>.<lang>.print.html): the same content as the screen page, with an
 * A4 stylesheet in the UN manner and footnotes a paged renderer can put at the page foot.
 */
#ifndef HX_RENDER_PRINT_H
#define HX_RENDER_PRINT_H

#include <stdbool.h>

#include "buf.h"
#include "doc.h"
#include "err.h"
#include "lang.h"

/* The stylesheet for A4 pages, without the running head and footer (print_page.c adds those). */
extern const char hx_print_css[];

/*
 * Renders the print page of doc in lang from the Markdown md (len bytes); draft adds the
 * machine-translation notice. On success *html is a newly allocated page (free with
 * free()) of *html_len bytes; on failure it is NULL and diag names the document.
 */
enum hx_err hx_render_print(struct hx_diag *diag, const struct hx_doc *doc, const char *md,
			    size_t len, enum hx_lang lang, bool draft, char **html,
			    size_t *html_len);

/*
 * Appends to out the body HTML that hx_render_markdown wrote (len bytes), each footnote
 * it can move also copied, as an inline note, after its first call; the footnotes
 * section stays for renderers without page floats, its moved items marked. HX_E_LIMIT
 * past out's cap.
 */
enum hx_err hx_print_move_notes(struct hx_buf *out, const char *html, size_t len);

/*
 * Appends to out the CSS string literal (with its quotes) of s: anything but letters,
 * digits, space and . / - ( ) * is written as a hex escape, so nothing in s can end
 * the string or the style element.
 */
enum hx_err hx_print_css_string(struct hx_buf *out, const char *s);

#endif
