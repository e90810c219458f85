/*
 * Internals of the HTML input (html*.c): characters and CommonMark escaping,
 * the inline writer that turns text and styles into paragraphs, and the walk.
 */
#ifndef HX_HTML_MD_H
#define HX_HTML_MD_H

#include <libxml/hash.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/* ---- characters and escaping (html_text.c) ---- */

/* Decodes the code point at s[*i], advancing *i; U+FFFD (one byte) for bad bytes. */
uint32_t hx_html_utf8_next(const char *s, size_t len, size_t *i);
/* The last code point of s; 0 when len is 0. */
uint32_t hx_html_utf8_last(const char *s, size_t len);
/* Whitespace and punctuation as CommonMark's emphasis rules see them (0: a line edge). */
bool hx_html_is_space(uint32_t cp);
bool hx_html_is_punct(uint32_t cp);
/* East Asian wide characters, Hangul excepted: a line break between two of them vanishes. */
bool hx_html_is_wide(uint32_t cp);
/* Appends s with runs of HTML whitespace as one space, trimmed, and no space for a line
 * break between two wide characters (CSS Text 3, segment break transformation). */
enum hx_err hx_html_collapse(struct hx_buf *out, const char *s, size_t len);

/* Appends s with invalid UTF-8 as U+FFFD and without control characters other than keep. */
enum hx_err hx_html_add_clean(struct hx_buf *out, const char *s, size_t len, const char *keep);
/* Appends s without Word's conditional markers (<![if !supportFootnotes]>, <![endif]>). */
enum hx_err hx_html_strip_conditionals(struct hx_buf *out, const char *s, size_t len);

#define HX_HTML_ESC_OPEN_END   1u /* text may follow without a space: guard the end */
#define HX_HTML_ESC_HEADING    2u /* inside an ATX heading: escape every '#' */
#define HX_HTML_ESC_AFTER_NOTE 4u /* right after a footnote reference: guard a leading ':' */

/*
 * Appends s (one line of text) escaped so that CommonMark with the GFM
 * extensions reads it back as literal text in the middle of a line. Control
 * characters are dropped and invalid UTF-8 becomes U+FFFD. The start of a line
 * needs hx_html_escape_line_start as well.
 */
enum hx_err hx_html_escape(struct hx_buf *out, const char *s, size_t len, unsigned flags);
/*
 * Appends line (already escaped by hx_html_escape) with a backslash where its
 * start would otherwise open a block: an ATX heading, a block quote, a list
 * item ("1. ", "2) ", "- ", "+ "), a thematic break or a setext underline.
 */
enum hx_err hx_html_escape_line_start(struct hx_buf *out, const char *line, size_t len);
/* Appends s as one paragraph line: hx_html_escape, then hx_html_escape_line_start. */
enum hx_err hx_html_escape_text(struct hx_buf *out, const char *s, size_t len);
/*
 * Appends the link destination for href to dest when its scheme is http,
 * https or mailto or it has none (relative, fragment); sets *allowed. Tabs and
 * line breaks inside and controls around href are removed first, as browsers do.
 */
enum hx_err hx_html_link_dest(struct hx_buf *dest, const char *href, bool *allowed);
/* Appends code (trimmed, one line) as a code span, or as escaped text when it holds a run of
 * 80 backticks or more; in a table cell '|' is escaped. */
enum hx_err hx_html_code_span(struct hx_buf *out, const char *code, size_t len, bool cell);

/* ---- the inline writer (html_inline.c) ---- */

enum hx_html_mark {
	HX_HTML_MARK_EM,
	HX_HTML_MARK_STRONG,
	HX_HTML_MARK_LINK,
};

#define HX_HTML_STYLE_MAX 16

/* A style that an enclosing element asks for. */
struct hx_html_want {
	enum hx_html_mark mark;
	char *dest; /* links: the escaped destination; owned */
	const void *node;
	uint64_t serial;
	bool suppressed; /* its delimiters could not be placed: the text stays plain */
};

/* A marker opened in the paragraph text. */
struct hx_html_have {
	enum hx_html_mark mark;
	uint64_t serial; /* of the want it was opened for */
	size_t pos;      /* where the opening delimiter is in the text */
};

/*
 * One paragraph being written. Whitespace, line breaks and delimiters are
 * held back until visible text follows, so that emphasis hugs its text,
 * empty elements leave nothing and adjacent ones merge.
 */
struct hx_html_inline {
	struct hx_buf text;    /* the paragraph's Markdown so far */
	struct hx_buf scratch; /* the next piece, escaped */
	struct hx_html_want want[HX_HTML_STYLE_MAX];
	size_t nwant;
	struct hx_html_have have[HX_HTML_STYLE_MAX];
	size_t nhave;
	uint64_t serial;
	unsigned breaks;  /* <br> waiting: one is a hard break, two a new paragraph */
	bool space;       /* collapsed whitespace waiting */
	bool space_nl;    /* ... which held a line break */
	bool after_note;  /* the text ends with a footnote reference */
	bool heading;     /* inside an ATX heading */
	bool cell;        /* inside a table cell */
	unsigned flat;    /* > 0: line breaks and block edges become spaces */
	uint32_t last_cp; /* the last text character written; 0 at a line start */
};

/* Prepares caller-provided storage; max caps each buffer. */
void hx_html_inline_init(struct hx_html_inline *in, size_t max);
/* Frees the contents. */
void hx_html_inline_release(struct hx_html_inline *in);
/* Adds text from the document: whitespace collapses, everything else is escaped. */
enum hx_err hx_html_inline_text(struct hx_html_inline *in, const char *s, size_t len);
/* Adds a code span (code collapsed and trimmed) or a footnote reference [^label]. */
enum hx_err hx_html_inline_code(struct hx_html_inline *in, const char *code, size_t len);
enum hx_err hx_html_inline_note(struct hx_html_inline *in, const char *label);
/* A <br>: a hard line break (a space when flat). */
void hx_html_inline_break(struct hx_html_inline *in);
/* A word boundary, as collapsed whitespace. */
void hx_html_inline_space(struct hx_html_inline *in);
/* Asks for a style until node is popped; takes ownership of dest, also on failure. */
void hx_html_inline_push(struct hx_html_inline *in, enum hx_html_mark mark, char *dest,
			 const void *node);
/* Ends the style node pushed, if it was the last one. */
enum hx_err hx_html_inline_pop(struct hx_html_inline *in, const void *node);
/* Closes the open markers and moves the paragraph to dst (escaping line starts if asked). */
enum hx_err hx_html_inline_take(struct hx_html_inline *in, struct hx_buf *dst, bool line_starts);

/* ---- the walk (html_walk.c) ---- */

enum hx_html_role {
	HX_HTML_INLINE = 0, /* transparent: span, font, sup, unknown elements */
	HX_HTML_DROP,       /* dropped with its content: script, style, head, ... */
	HX_HTML_BLOCK,      /* transparent, but ends the paragraph: p, div, section, ... */
	HX_HTML_HEADING,
	HX_HTML_LIST,
	HX_HTML_ITEM,
	HX_HTML_QUOTE,
	HX_HTML_PRE,
	HX_HTML_CODE,
	HX_HTML_EM,
	HX_HTML_STRONG,
	HX_HTML_LINK,
	HX_HTML_IMG,
	HX_HTML_BR,
	HX_HTML_HR,
	HX_HTML_TABLE,
	HX_HTML_ROW,
	HX_HTML_CELL,
};

/* The role of an element (HX_HTML_INLINE for anything else). */
enum hx_html_role hx_html_role_of(const xmlNode *node);
/* Returns a borrowed pointer to the value of attribute name of node ("" when it has none),
 * valid while the document lives; NULL when node has no such attribute. */
const char *hx_html_attr(const xmlNode *node, const char *name);
/* The node after n in document order, not entering n, within root; NULL at the end. */
const xmlNode *hx_html_next(const xmlNode *n, const xmlNode *root);
/* Appends the text of the subtree of node, without dropped elements; a <br> adds br. */
enum hx_err hx_html_gather(const xmlNode *node, struct hx_buf *out, const char *br);

/* Marks the prepass leaves on nodes, in their _private field (unused by the HTML parser). */
#define HX_HTML_SKIP       1u /* not rendered in place: a footnote body or its container */
#define HX_HTML_NOTE_REF   2u /* an <a> that refers to a footnote */
#define HX_HTML_REF_ANCHOR 4u /* a footnote reference or its wrapper: back-links point here */
#define HX_HTML_HAS_REF    8u /* contains a footnote reference outside footnote bodies */
#define HX_HTML_NOTE_SHIFT 4  /* above the flags: 1 + the index of the footnote */

static inline uintptr_t hx_html_marks(const xmlNode *node)
{
	return (uintptr_t)node->_private;
}

static inline void hx_html_set_marks(xmlNode *node, uintptr_t marks)
{
	node->_private = (void *)((uintptr_t)node->_private | marks);
}

struct hx_html_note {
	xmlNode *body; /* the element holding its text */
	char *label;   /* owned */
};

/* What the prepass found in one parsed document. */
struct hx_html_scan {
	xmlNode *title, *h1;
	struct hx_html_note *notes; /* in the order of their first reference */
	size_t nnotes, notes_alloc;
};

/*
 * Finds the title, the first <h1> and the footnotes of doc, and marks the
 * references, bodies and containers on its nodes. labels holds the footnote
 * labels used so far (also in earlier chunks); new ones are added.
 */
void hx_html_scan(xmlDoc *doc, xmlHashTablePtr labels, struct hx_html_scan *sc);
/* Frees the contents. */
void hx_html_scan_release(struct hx_html_scan *sc);

#define HX_HTML_FRAME_MAX 32

struct hx_html_frame;
struct hx_html_table;

/* The state of one conversion; it walks a document's body, then each footnote. */
struct hx_html_conv {
	struct hx_diag *diag;
	const char *name;
	size_t max; /* cap on every buffer */
	struct hx_html_inline in;
	struct hx_buf block; /* scratch for one block */
	struct hx_html_frame *frames;
	size_t nframes;
	struct hx_html_table *table; /* the table being read */
	const xmlNode *heading;      /* the heading being read */
	int level;
	const xmlNode *cell; /* the table cell being read */
	bool in_note;        /* in a footnote body: back-links are dropped */
	const struct hx_html_note *notes;
	size_t nnotes;
};

/* Prepares caller-provided storage. */
void hx_html_conv_init(struct hx_html_conv *cv, const char *name, struct hx_diag *diag, size_t max);
/* Frees the contents. */
void hx_html_conv_release(struct hx_html_conv *cv);
/* Appends the Markdown of the children of root to md: blocks separated by blank lines. */
enum hx_err hx_html_walk(struct hx_html_conv *cv, const xmlNode *root, struct hx_buf *md);

/* ---- containers and blocks (html_block.c) ---- */

/* Starts a walk with the document as the only container. */
void hx_html_begin(struct hx_html_conv *cv);
/* Closes every container and appends the document's blocks to md (after a blank line). */
enum hx_err hx_html_end(struct hx_html_conv *cv, struct hx_buf *md);
/* Ends the paragraph being written; in a heading or a table cell, adds a space instead. */
enum hx_err hx_html_end_paragraph(struct hx_html_conv *cv);
/* Opens a block quote, list or list item for node (unless nested too deep or flat). */
enum hx_err hx_html_enter_container(struct hx_html_conv *cv, const xmlNode *node,
				    enum hx_html_role role);
/* Closes the container node opened, if it did. */
enum hx_err hx_html_leave_container(struct hx_html_conv *cv, const xmlNode *node);
enum hx_err hx_html_start_heading(struct hx_html_conv *cv, const xmlNode *node);
enum hx_err hx_html_end_heading(struct hx_html_conv *cv);
/* A <pre> as a fenced code block, a <code> as a code span. */
enum hx_err hx_html_add_pre(struct hx_html_conv *cv, const xmlNode *node);
enum hx_err hx_html_add_code(struct hx_html_conv *cv, const xmlNode *node);
/* Adds a finished block (a thematic break, a table) to the innermost container, after
 * hx_html_end_paragraph; text must not be cv->block. Nothing when flat. */
enum hx_err hx_html_add_block(struct hx_html_conv *cv, const char *text, size_t len);
/* Appends text with first before its first line, rest before the others, blank for empty lines. */
enum hx_err hx_html_indent(struct hx_buf *out, const char *text, size_t len, const char *first,
			   const char *rest, const char *blank);

/* ---- tables (html_table.c) ---- */

struct hx_html_cell {
	size_t off, len; /* in the table's text */
	unsigned colspan, rowspan;
};

struct hx_html_table {
	const xmlNode *node;
	const xmlNode *row; /* the <tr> being read; NULL for an implied row */
	bool in_row;
	struct hx_buf text; /* the cells' Markdown, one after the other */
	struct hx_html_cell *cells;
	size_t ncells, cells_alloc;
	size_t *row_end; /* for each row, the index of the cell after its last */
	size_t nrows, rows_alloc;
};

/* Whether table lays out a page (one column, or tables or headings inside) rather than data. */
bool hx_html_table_is_layout(const xmlNode *table);
/* Returns a newly allocated table for node; free with hx_html_table_free (accepts NULL). */
struct hx_html_table *hx_html_table_new(const xmlNode *node, size_t max);
void hx_html_table_free(struct hx_html_table *t);
void hx_html_table_start_row(struct hx_html_table *t, const xmlNode *row);
void hx_html_table_end_row(struct hx_html_table *t);
/* Records the text added to t->text since off as the next cell, with the spans of cell. */
void hx_html_table_add_cell(struct hx_html_table *t, const xmlNode *cell, size_t off);
/* Appends the GFM table (nothing when it has no cells), without a final newline. */
enum hx_err hx_html_table_render(const struct hx_html_table *t, struct hx_buf *out);

#endif
