/*
 * Segments: the sentences sent to machine translation, each with the spans it
 * protects (inline markup, symbols, URLs, numbers, glossary terms), and the
 * blocks that put them back together as Markdown in any language.
 */
#ifndef HX_SEGMENT_H
#define HX_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "lang.h"

/*
 * Inside a segment's text, span N (0-based) stands as one code point,
 * HX_SEG_PLACEHOLDER + N, from Unicode's supplementary private-use area B,
 * which no input reaches (decode refuses nothing, but convert never emits
 * it and segment checks for it). On the wire each engine writes them as it
 * must: `<x id="N+1"/>` for every engine here.
 */
#define HX_SEG_PLACEHOLDER 0x100000u
#define HX_SEG_MAX_SPANS 4096
/*
 * A span may enclose words: a glossary name goes to MT with its words between
 * the span's placeholder and its end mark, HX_SEG_PLACEHOLDER_END + N (on the
 * wire <g id="N+1">words</g>), so that the engine makes articles and verbs
 * agree with it (measured on Apertium: "La <g>Asamblea general</g> adoptó",
 * against "El <x/> adoptado" for a bare placeholder). Restore writes the
 * span's form in place of the placeholder, the words and the end mark.
 */
#define HX_SEG_PLACEHOLDER_END (HX_SEG_PLACEHOLDER + HX_SEG_MAX_SPANS)

enum hx_span_kind {
	HX_SPAN_MARKUP,  /* inline Markdown: emphasis, link, code, footnote call, hard break */
	HX_SPAN_SYMBOL,  /* UN document symbol, as a link or not */
	HX_SPAN_URL,     /* URL or e-mail address */
	HX_SPAN_NUMBER,  /* a number: kept exactly, whatever the target */
	HX_SPAN_TERM,    /* a glossary hit (issue 3): forms per language in target[] */
	HX_SPAN_KINDS
};

/* Returns a borrowed static name: "markup", "symbol", "url", "number", "term". */
const char *hx_span_kind_name(enum hx_span_kind kind);

struct hx_span {
	enum hx_span_kind kind;
	char *text;                     /* the Markdown it stands for in the source; owned */
	int32_t entry;                  /* glossary entry, or -1 */
	char *target[HX_LANG_COUNT];    /* Markdown to write in a target language; NULL: text */
	bool encloses;                  /* followed by words and its end mark (see above) */
};

enum hx_origin {
	HX_ORIGIN_NONE = 0,    /* not translated (yet) */
	HX_ORIGIN_TM_HUMAN,    /* translation memory, human translation */
	HX_ORIGIN_TM_MT,       /* translation memory, earlier machine translation */
	HX_ORIGIN_MT,          /* machine translation, this run */
	HX_ORIGIN_GLOSSARY,    /* the whole segment is a glossary term */
	HX_ORIGIN_SOURCE,      /* source-language fallback: MT failed or unavailable */
	HX_ORIGIN_COPY,        /* nothing to translate (only placeholders, numbers) */
};

/* Returns a borrowed static name: "tm-human", "tm-mt", "mt", "glossary", "source-fallback"... */
const char *hx_origin_name(enum hx_origin origin);

struct hx_seg_target {
	char *text; /* with placeholders, as the source; owned; NULL until translated */
	enum hx_origin origin;
	bool pivoted;     /* went through a pivot language */
	char *engine;     /* which engine produced it ("apertium"); owned */
	char *error;      /* why it fell back to the source (the endpoint's own message); owned */
};

struct hx_segment {
	uint32_t block;       /* index of the block it belongs to */
	char *text;           /* source text, UTF-8 with placeholder code points; owned */
	size_t len;
	struct hx_span *spans;
	uint32_t nspans;
	struct hx_seg_target target[HX_LANG_COUNT];
};

enum hx_block_kind {
	HX_BLOCK_PARAGRAPH,
	HX_BLOCK_HEADING,
	HX_BLOCK_ITEM,     /* list item */
	HX_BLOCK_CELL,     /* table cell */
	HX_BLOCK_FOOTNOTE, /* footnote definition */
	HX_BLOCK_VERBATIM, /* code, raw HTML, table delimiter row, thematic break: copied */
	HX_BLOCK_KINDS
};

/*
 * A block is written as prefix, its segments joined by their separators,
 * then tail: "## " + "Title" + "\n\n"; "46\. " + "S1" + " " + "S2" + "\n\n";
 * "| " + "cell" + "" for a table cell. Paragraph numbers and list markers
 * live in the prefix, so they are never translated.
 */
struct hx_block {
	enum hx_block_kind kind;
	int level;       /* heading level */
	uint32_t anchor; /* stable number for #p-N anchors, shared by all languages */
	char *prefix;    /* owned */
	char *tail;      /* owned */
	uint32_t first;  /* first segment */
	uint32_t nsegs;
	char **seps;     /* nsegs-1 separators between segments (" ", ""); owned */
	char *verbatim;  /* HX_BLOCK_VERBATIM only: the Markdown to copy; owned */
};

struct hx_segments {
	struct hx_block *blocks;
	size_t nblocks, blocks_alloc;
	struct hx_segment *segs;
	size_t nsegs, segs_alloc;
};

/* Frees what segs owns and zeroes it. */
void hx_segments_release(struct hx_segments *segs);
/* Appends a block / a segment; returns a borrowed pointer valid until the next append. */
struct hx_block *hx_segments_add_block(struct hx_segments *segs, enum hx_block_kind kind);
struct hx_segment *hx_segments_add_segment(struct hx_segments *segs, uint32_t block);
/* Adds a span to seg, copying text; returns its index, or -1 past HX_SEG_MAX_SPANS. */
int hx_segment_add_span(struct hx_segment *seg, enum hx_span_kind kind, const char *text,
			size_t len);

/* The placeholder index of the code point cp, or -1 if cp is not a placeholder. */
int hx_placeholder_index(uint32_t cp);
/* The span index whose end mark cp is, or -1. */
int hx_placeholder_end_index(uint32_t cp);
/* Appends the placeholder for span index n (UTF-8, 4 bytes). */
enum hx_err hx_placeholder_add(struct hx_buf *out, unsigned n);
/* Appends the end mark of span n (UTF-8, 4 bytes). */
enum hx_err hx_placeholder_end_add(struct hx_buf *out, unsigned n);

/*
 * Writes text (a segment's, or a translation of it) as CommonMark: the plain
 * text escaped so that no MT output can become markup, each placeholder
 * replaced by its span's Markdown in language lang (the source's when lang
 * is HX_LANG_NONE). Returns HX_E_CONVERT, with a message, if text names a
 * placeholder the segment does not have.
 */
enum hx_err hx_segment_restore(const struct hx_segment *seg, const char *text, size_t len,
			       enum hx_lang lang, struct hx_buf *out, struct hx_diag *diag);

/*
 * Checks that text holds every placeholder of seg exactly once (an MT answer),
 * and the end mark of each enclosing span once, after its placeholder.
 * On failure, writes what is wrong ("placeholder 3 missing", "placeholder 2
 * twice") into diag and returns HX_E_MT.
 */
enum hx_err hx_segment_check_placeholders(const struct hx_segment *seg, const char *text,
					  size_t len, struct hx_diag *diag);

/*
 * Marks for the renderer: a block's start (its anchor) or a segment's start (its index),
 * written into Markdown that cmark then renders, and turned into ids and spans in the HTML
 * (stages/render/render_marks.c). A mark is five code points: HX_MARK_WRAP, the kind
 * (HX_MARK_BLOCK or HX_MARK_SEG, plane 16's private-use area, which decode and convert
 * pass through but the marked writer scrubs from the text it copies), two digits
 * HX_MARK_DIGIT + 12 bits (high, low), HX_MARK_WRAP. The wrapper is punctuation, so
 * emphasis next to a mark opens and closes as it would at a word boundary.
 */
#define HX_MARK_WRAP 0x2E31u /* WORD SEPARATOR MIDDLE DOT */
#define HX_MARK_BLOCK 0x10FFF0u
#define HX_MARK_SEG 0x10FFF1u
#define HX_MARK_DIGIT 0x10E000u
#define HX_MARK_MAX ((uint32_t)1 << 24) /* numbers from 0 to HX_MARK_MAX - 1 */
#define HX_MARK_BYTES 18                /* in UTF-8 */
/* The plane-16 code points a document's text may not carry into marked Markdown. */
#define HX_MARK_RESERVED_FIRST HX_MARK_DIGIT
#define HX_MARK_RESERVED_LAST 0x10FFFFu

/* Appends the mark of kind (HX_MARK_BLOCK or HX_MARK_SEG) for n; nothing when n is too big. */
enum hx_err hx_mark_add(struct hx_buf *out, uint32_t kind, uint32_t n);

/* What the marked writers put in. */
enum hx_mark_flags {
	HX_MARKS_BLOCKS = 1, /* a mark at each non-verbatim block's start, after its prefix */
	HX_MARKS_SEGS = 2,   /* a mark at each segment's start */
};

/*
 * hx_segments_write_markdown with marks (flags), and any reserved code point in the
 * document's text replaced by U+FFFD, so that only the writer's marks are marks.
 */
enum hx_err hx_segments_write_marked(const struct hx_segments *segs, enum hx_lang lang,
				     unsigned flags, struct hx_buf *out, struct hx_diag *diag);

/*
 * Block i alone in lang, for a cell of the parallel view: headings and paragraphs with
 * their prefix (heading marks, paragraph numbers), other blocks their segments only,
 * each segment after its mark (HX_MARKS_SEGS), reserved code points scrubbed.
 */
enum hx_err hx_segments_write_block(const struct hx_segments *segs, size_t i, enum hx_lang lang,
				    struct hx_buf *out, struct hx_diag *diag);

/*
 * The document's Markdown in lang, block by block: every segment's target
 * text (or its source where there is none). lang HX_LANG_NONE writes the source.
 */
enum hx_err hx_segments_write_markdown(const struct hx_segments *segs, enum hx_lang lang,
				       struct hx_buf *out, struct hx_diag *diag);

#endif
