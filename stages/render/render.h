/*
 * The render stage's parts: cmark (render.c), the Markdown in chunks (render_split.c,
 * render_scan.c), footnotes across chunks (render_notes.c), the page (render_page.c, render_css.c).
 */
#ifndef HX_RENDER_H
#define HX_RENDER_H

#include <stdbool.h>

#include "buf.h"
#include "doc.h"
#include "err.h"
#include "lang.h"

/*
 * How much Markdown cmark parses at a time: its tree takes about 4.5 bytes per byte of
 * source, so the whole of a 16 MB document would take 72 MB. A chunk ends at the first
 * safe point past this size, so a long run with no safe point makes a bigger chunk.
 */
#define HX_RENDER_CHUNK ((size_t)64 << 10)

/* The embedded stylesheet without fonts: hx_render_page_start adds those for the language. */
extern const char hx_render_css[];

/*
 * Appends to page the start of the standalone HTML5 page of doc in language lang
 * (HX_LANG_NONE when unknown), up to and including "<main>\n". Copies everything it uses
 * from doc, escaped. HX_E_LIMIT past page's cap.
 */
enum hx_err hx_render_page_start(struct hx_buf *page, const struct hx_doc *doc, enum hx_lang lang);
/* Appends the end of the page, from "</main>". HX_E_LIMIT past page's cap. */
enum hx_err hx_render_page_end(struct hx_buf *page);
/* The notice that a page is a machine-translated draft of doc into lang, with its engine. */
enum hx_err hx_render_draft_notice(struct hx_buf *page, const struct hx_doc *doc, enum hx_lang lang);
/* The same, with the date of the run (ISO 8601; anything else is left out). */
enum hx_err hx_render_draft_notice_dated(struct hx_buf *page, const struct hx_doc *doc,
					 enum hx_lang lang, const char *run_date);
/* Appends s with & < > " ' escaped, for text and quoted attribute values. */
enum hx_err hx_render_escape(struct hx_buf *buf, const char *s);

/* A page of a document with segments (translate, run). */
struct hx_page_opts {
	enum hx_lang lang; /* the page's language; HX_LANG_NONE when unknown */
	bool draft;        /* a machine-translated draft: <main lang="es-x-mtfrom-en"> */
	bool switcher;     /* <nav class="lang-switch">, its script and the script's CSP hash */
};
/* The switcher's stylesheet (it stays in view) and the drafts' (untranslated segments). */
extern const char hx_render_switch_css[];
extern const char hx_render_draft_css[];
/* The inline script of the language switcher, allowed by its hash. */
extern const char hx_render_switch_script[];
/* hx_render_page_start for a page with o's options. HX_E_LIMIT past page's cap. */
enum hx_err hx_render_page_open(struct hx_buf *page, const struct hx_doc *doc,
				const struct hx_page_opts *o);
/* hx_render_page_end for a page with o's options (the script goes before </body>). */
enum hx_err hx_render_page_close(struct hx_buf *page, const struct hx_page_opts *o);
/*
 * Appends the start of a page in English chrome (the parallel view) up to and including
 * the masthead: head with the stylesheet, extra_css, fonts for every language, and a CSP
 * that allows script (when not NULL) by its hash.
 */
enum hx_err hx_render_page_head(struct hx_buf *page, const struct hx_doc *doc, const char *script,
				const char *extra_css);

/*
 * The parallel view of doc (segments and every target): appends the whole page to page.
 * run_date (ISO 8601) goes into the notice. HX_E_LIMIT past page's cap; HX_E_RENDER with
 * a message in diag when a block cannot be rendered.
 */
/* The parallel view's stylesheet (after hx_render_css) and its inline script. */
extern const char hx_render_parallel_css[];
extern const char hx_render_parallel_script[];
enum hx_err hx_render_parallel(struct hx_buf *page, const struct hx_doc *doc,
			       const char *run_date, struct hx_diag *diag);

/*
 * Appends to out the HTML of the Markdown md (len bytes), parsed about chunk_bytes at a
 * time, with footnote calls showing their labels and one footnotes section at the end.
 * HX_E_LIMIT past out's cap, HX_E_RENDER when cmark-gfm fails.
 */
enum hx_err hx_render_markdown(struct hx_buf *out, const char *md, size_t len, size_t chunk_bytes);

/*
 * CommonMark read a line at a time (s, n bytes without the newline), as far as cutting
 * it into chunks needs. A line inside an open block starts nothing.
 */
enum hx_md_open {
	HX_MD_OPEN_NONE,
	HX_MD_OPEN_FENCE,         /* fenced code */
	HX_MD_OPEN_HTML,          /* an HTML block that ends at a marker, such as "-->" */
	HX_MD_OPEN_HTML_TO_BLANK, /* an HTML block that ends at a blank line */
};

/* Where a reader is; zeroed at the start of a document. */
struct hx_md_scan {
	enum hx_md_open open;
	bool in_paragraph; /* the last line may have been a paragraph's */
	char fence;        /* '`' or '~' */
	size_t fence_len, indent;
	const char *html_end; /* what closes the HTML block */
};

/* Reads one more line. */
void hx_md_scan_line(struct hx_md_scan *sc, const char *s, size_t n);
/* Appends a line that closes the open block, or a newline when none is open. */
enum hx_err hx_md_scan_close(const struct hx_md_scan *sc, struct hx_buf *buf);
/* Only spaces and tabs. */
bool hx_md_is_blank(const char *s, size_t n);
/* Columns of indentation, counting only up to 4 (a tab reaches 4). */
size_t hx_md_indent(const char *s, size_t n);
/* "- ", "* ", "+ ", "1. ", "1) ": a line that may go on with a list after a blank line. */
bool hx_md_is_list_item(const char *s, size_t n);
/* A footnote definition "[^label]:" as cmark scans it; sets *label_len. */
bool hx_md_is_definition(const char *s, size_t n, size_t *label_len);
/* s, without its indentation, starts a block, so it cannot go on with a paragraph lazily. */
bool hx_md_starts_block(const char *s, size_t n);
/* "[label]:" after list, quote and indentation marks: perhaps a link reference definition. */
bool hx_md_may_define_link(const char *s, size_t n);

/*
 * The Markdown cut into chunks of whole top-level blocks, for the parser. Footnote
 * definitions at the start of a line are taken out first; each chunk gets, after its
 * blocks, the definitions it calls.
 */
struct hx_split;

/*
 * Returns a newly allocated splitter of md (len bytes), which it borrows until freed;
 * free with hx_split_free.
 */
struct hx_split *hx_split_new(const char *md, size_t len, size_t chunk_bytes);
/* Frees sp; accepts NULL. */
void hx_split_free(struct hx_split *sp);
/* Whether every chunk was taken. */
bool hx_split_done(const struct hx_split *sp);
/* Replaces chunk's contents with the next chunk's Markdown. HX_E_LIMIT past chunk's cap. */
enum hx_err hx_split_next(struct hx_split *sp, struct hx_buf *chunk);

/*
 * Footnotes across chunks: each chunk's HTML goes to the page with its calls showing their
 * labels; its footnotes section is kept aside, and written once at the end.
 */
struct hx_notes;

/* Returns a newly allocated collection keeping at most max bytes; free with hx_notes_free. */
struct hx_notes *hx_notes_new(size_t max);
/* Frees notes; accepts NULL. */
void hx_notes_free(struct hx_notes *notes);
/*
 * Appends to out the HTML cmark wrote for one chunk (len bytes), without its footnotes
 * section, whose items not seen before it keeps. HX_E_LIMIT past a cap.
 */
enum hx_err hx_notes_add(struct hx_notes *notes, struct hx_buf *out, const char *html, size_t len);
/* Appends to out the footnotes section of every item kept, in order of first call. */
enum hx_err hx_notes_write(struct hx_notes *notes, struct hx_buf *out);

/*
 * The marks pass (render_marks.c) over cmark's HTML of marked Markdown (pipeline/segment.h):
 * a block's mark becomes id="p-N" on the paragraph, heading, item or cell it starts (an
 * empty <span id="p-N"> where there is none), a segment's mark opens a span through
 * seg_open that lasts until the next segment's mark or the end of the HTML. Spans never
 * mis-nest: an end tag closes the spans opened inside it (reopened after an inline
 * element). Marks inside tags are dropped, also percent-encoded in URLs. Past
 * HX_MARKS_DEPTH_MAX open elements, segment marks are dropped and block marks become
 * empty spans.
 */
#define HX_MARKS_DEPTH_MAX 64

struct hx_marks_opts {
	bool isolate_ltr; /* right-to-left text: Latin-script runs in <bdi dir="ltr"> */
	/*
	 * appends the opening tag of segment seg's span to out, or nothing for no span;
	 * NULL: segment marks dropped
	 */
	enum hx_err (*seg_open)(void *arg, uint32_t seg, struct hx_buf *out);
	void *arg;
};

/* Appends to out the HTML html (len bytes) with its marks resolved. HX_E_LIMIT past out's cap. */
enum hx_err hx_marks_resolve(struct hx_buf *out, const char *html, size_t len,
			     const struct hx_marks_opts *opts);
/* The length of the mark at s[i] (HX_MARK_BYTES), setting its kind and number; 0 if none. */
size_t hx_mark_at(const char *s, size_t len, size_t i, uint32_t *kind, uint32_t *num);

#endif
