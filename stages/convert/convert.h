/*
 * The convert stage's internal interface: the UN cleanup of PDF text and
 * converter Markdown, split into passes that can be tested one by one.
 */
#ifndef HX_CONVERT_H
#define HX_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "doc.h"
#include "err.h"
#include "lang.h"
#include "symbol.h"

/* ---- characters (uchar.c) ---- */

/* Decodes the code point at s[*i] (len bytes in all), advancing *i; U+FFFD for bad bytes. */
uint32_t hx_cv_next(const char *s, size_t len, size_t *i);
/* The code point ending just before s[end], and its start in *start; 0 at the beginning. */
uint32_t hx_cv_prev(const char *s, size_t end, size_t *start);
bool hx_cv_is_han(uint32_t cp);
/* CJK punctuation and full-width forms: 。，、；：？！「」《》（）“” ... */
bool hx_cv_is_cjk_punct(uint32_t cp);
/* Han, kana, Hangul or CJK punctuation: joined without spaces. */
bool hx_cv_is_unspaced(uint32_t cp);
/* Closing brackets and quotes, ASCII or CJK. */
bool hx_cv_is_closing(uint32_t cp);
bool hx_cv_is_opening(uint32_t cp);
/* Sentence-final punctuation in any of the six languages. */
bool hx_cv_is_terminal(uint32_t cp);
bool hx_cv_is_letter(uint32_t cp);
bool hx_cv_is_lower(uint32_t cp);
bool hx_cv_is_upper(uint32_t cp);
/* Superscript digit value 0-9, or -1. */
int hx_cv_superscript_digit(uint32_t cp);
/* Display columns of s (wide and full-width characters count 2). */
unsigned hx_cv_width(const char *s, size_t len);

/* ---- dates (date.c) ---- */

/*
 * Finds a full date (day, month, year) in s, in any of the six languages'
 * UN masthead styles ("8 July 2025", "21 janvier 1994", "2013 年 9 月 20 日",
 * "14 августа 2019 года", "14 de agosto de 2019", "14 آب/أغسطس 2019"), and
 * writes it as ISO 8601 into iso. *span receives the bytes it covers.
 */
bool hx_date_find(const char *s, size_t len, char iso[11], size_t *start, size_t *span);

/* ---- language detection (langdetect.c) ---- */

/* The language of s among the six: script first, then common words for Latin script. */
enum hx_lang hx_lang_detect(const char *s, size_t len);

/* ---- the cleanup passes ---- */

#define HX_CV_LABEL_MAX 20 /* "46.", "(xiv)", "*12": with room to spare */

enum hx_cv_line_kind {
	HX_CV_LINE_TEXT = 0,
	HX_CV_LINE_BLANK,
	HX_CV_LINE_FURNITURE, /* removed; recorded in the metadata */
	HX_CV_LINE_CONSUMED,  /* taken by the front matter */
};

struct hx_cv_line {
	char *s; /* cleaned text, trimmed; points into the working copy */
	uint32_t len;
	uint32_t lineno; /* 1-based, in the decoded text */
	uint32_t width;  /* display columns */
	uint16_t indent; /* leading columns before cleanup */
	uint8_t kind;    /* enum hx_cv_line_kind */
	bool page_break; /* a form feed or removed furniture just before this line */
};

enum hx_cv_block_kind {
	HX_CV_BLOCK_PARA = 0,
	HX_CV_BLOCK_HEADING,
	HX_CV_BLOCK_FOOTNOTE, /* a footnote definition: label in block->label */
	HX_CV_BLOCK_ITEM,     /* a bullet list item (Markdown input) */
	HX_CV_BLOCK_VERBATIM, /* Markdown passed through line by line (tables, code) */
	HX_CV_BLOCK_RULE,
};

/*
 * A block's text lives in one of two arenas (body, footnotes) at [at, at+len):
 * only the newest block of each arena is ever added to, so each arena grows at
 * its end and no block needs a buffer of its own.
 */
struct hx_cv_block {
	uint8_t kind;       /* enum hx_cv_block_kind */
	uint8_t level;      /* heading level 1-6 */
	bool title;         /* the document title (front matter) */
	bool native;        /* a footnote defined in Markdown input ("[^1]: ..."), kept as it is */
	bool last_terminal; /* the last line added ended with sentence punctuation */
	uint32_t lineno;
	uint32_t last_width;         /* display width of the last line added */
	char label[HX_CV_LABEL_MAX]; /* paragraph number ("46.", "(a)") or footnote label ("1", "*")
				      */
	size_t at, len;              /* the text in its arena */
};

#define HX_CV_MAX_NOTE 1000
#define HX_CV_STAR     '\x01' /* a '*' footnote mark, once told apart from emphasis */

struct hx_cv_state {
	struct hx_doc *doc;
	struct hx_diag *diag;
	enum hx_format format;
	enum hx_lang lang;
	const char *input; /* the decoded text being converted */
	size_t input_len;
	char *work; /* the cleaned lines, NUL-separated; lines point into it */
	struct hx_cv_line *lines;
	size_t nlines;
	unsigned wrap; /* typical width of a wrapped line, in columns */
	struct hx_cv_block *blocks;
	size_t nblocks, blocks_alloc;
	struct hx_buf body_text; /* the text of every block but footnotes */
	struct hx_buf note_text; /* the text of footnote definitions */
	size_t body_start;       /* index of the first body line (after the front matter) */
	bool blanks_meaningful;  /* blank lines separate paragraphs (not page-layout noise) */
	bool han_spaced;         /* a space between every Han character (an extraction artefact) */
	bool structured;         /* Markdown made from HTML: blocks and headings are given */
	unsigned next_footnote;  /* the number the next numbered footnote definition must have */
	size_t *glued_ref_line;  /* per number < HX_CV_MAX_NOTE: first line index of a glued call */
	size_t star_defs;        /* '*' footnote definitions so far */
	size_t star_marks;       /* '*' calls seen in body blocks so far */
	size_t star_emitted;     /* '*' calls written out so far */
	int *star_map;           /* call ordinal -> definition ordinal (-1: none yet) */
	size_t star_map_alloc;
	uint8_t note_defined[HX_CV_MAX_NOTE]; /* numbered footnotes that have a definition */
	uint8_t note_called[HX_CV_MAX_NOTE];  /* and those already called in the text */
	unsigned last_call;                   /* the last number called */
	size_t max_output;
};

/* lines.c: the input split into cleaned lines (debris out, '*' marks told apart). */
enum hx_err hx_cv_split_lines(struct hx_cv_state *st);
/* furniture.c: page furniture out of the lines and into the metadata. */
void hx_cv_remove_furniture(struct hx_cv_state *st);
/* True when s is a job number, page marker or similar page furniture; sets *kind. */
bool hx_cv_is_furniture(const char *s, size_t len, enum hx_furniture_kind *kind);

/* front.c: masthead (into the metadata) and title block (into blocks). */
enum hx_err hx_cv_front_matter(struct hx_cv_state *st);

/* assemble.c: the body lines into paragraphs, headings and footnotes. */
enum hx_err hx_cv_build_blocks(struct hx_cv_state *st);
/* The display width of a full (wrapped) line of the document. */
unsigned hx_cv_wrap_width(const struct hx_cv_state *st);
/* notes.c: footnote calls and definitions. */
struct hx_cv_note_def {
	char label[16];
	size_t text_at; /* where the note's text starts in the line */
	bool star;
};
/* Records where each number first appears as a call: evidence for "N text" definitions. */
void hx_cv_scan_calls(struct hx_cv_state *st);
/* Whether line li defines a footnote ("¹ text", "* text", "6 text", "1/"); zone: below a rule
 * or in a run of notes, where less evidence is needed. */
bool hx_cv_footnote_def(struct hx_cv_state *st, size_t li, bool zone, struct hx_cv_note_def *d);
/* A '*' definition takes every '*' call made since the previous one; sets d's label. */
void hx_cv_bind_star_calls(struct hx_cv_state *st, struct hx_cv_note_def *d);
/* "__________": the rule above the footnotes of a page. */
bool hx_cv_is_footnote_rule(const struct hx_cv_line *l);
/* A footnote call glued to the text at s[at] ("obligations2", "。3然而"): its number and length. */
bool hx_cv_glued_call(const char *s, size_t len, size_t at, unsigned *value, size_t *n);
/* A call set off by a space after a full stop ("in this regard. 4 JS7"): weaker evidence. */
bool hx_cv_spaced_call(const char *s, size_t len, size_t at, unsigned *value, size_t *n);
/* The 1994 style: "signé le 7 août 1987 1/ lors de": digits and a slash after a space. */
bool hx_cv_slash_call(const char *s, size_t len, size_t at, unsigned *value, size_t *n);
struct hx_cv_block *hx_cv_block_new(struct hx_cv_state *st, enum hx_cv_block_kind kind,
				    size_t lineno);
/* Appends a line to a block (the newest of its arena), joining as the scripts require. */
enum hx_err hx_cv_block_append(struct hx_cv_state *st, struct hx_cv_block *b, const char *s,
			       size_t len);
/* Appends bytes to a block as they are (verbatim Markdown). */
enum hx_err hx_cv_block_add_raw(struct hx_cv_state *st, struct hx_cv_block *b, const char *s,
				size_t len);
/* The block's text: a borrowed pointer valid until the next block is added to. */
const char *hx_cv_block_text(const struct hx_cv_state *st, const struct hx_cv_block *b);
/* Length of a paragraph number at s ("12.", "(a)", "- 1.") and the label it carries. */
size_t hx_cv_para_number(const char *s, size_t len, char *label, size_t labelsz);
/* Heading level of a chapter/section line ("I. ...", "一. ...", "A. ..."), or 0. */
int hx_cv_heading_level(const char *s, size_t len, size_t *label_len);
/* True when s[dot] ends a year: "in 2016.30" (a footnote call after it, not a decimal). */
bool hx_cv_after_year(const char *s, size_t dot);
/* True when the line ends a sentence (terminal punctuation before closing quotes). */
bool hx_cv_ends_sentence(const char *s, size_t len);

/* inline.c: footnote calls, symbols, URLs, CJK punctuation, escaping. */
/* calls: turn footnote marks into [^n] (false inside footnote definitions). */
enum hx_err hx_cv_inline(struct hx_cv_state *st, const char *s, size_t len, bool calls,
			 struct hx_buf *out);
/*
 * Rewrites ASCII , ; : between Han characters as full-width and drops spaces
 * between Han characters; footnote marks (and digits numbering a footnote in
 * notes, which may be NULL) are looked through. spaced: the text has a space
 * between every character, so spaces next to Han and CJK punctuation go too.
 */
enum hx_err hx_cv_cjk_punct(const char *s, size_t len, const uint8_t *notes, bool spaced,
			    struct hx_buf *out);

/* emit.c: blocks to CommonMark. */
enum hx_err hx_cv_emit(struct hx_cv_state *st, struct hx_buf *out);

/* Runs every pass over a decoded text: the pure core of the stage. */
enum hx_err hx_convert_text(struct hx_doc *doc, const char *text, size_t len, enum hx_format format,
			    size_t max_output, struct hx_diag *diag);
/* The same for Markdown whose blocks are already right (made from HTML): no re-joining
 * across blank lines, no guessed headings or title block, no '*' footnote marks. */
enum hx_err hx_convert_text_as(struct hx_doc *doc, const char *text, size_t len,
			       enum hx_format format, bool structured, size_t max_output,
			       struct hx_diag *diag);
void hx_cv_state_release(struct hx_cv_state *st);

#endif
