/*
 * The segment stage's internal interface: a block's inline content becomes
 * text with placeholders (inline.c), then sentences (split.c).
 */
#ifndef HX_SEGMENT_IMPL_H
#define HX_SEGMENT_IMPL_H

#include <cmark-gfm.h>
#include <unicode/ubrk.h>
#include <stdbool.h>

#include "buf.h"
#include "lang.h"
#include "segment.h"

/* A block's content before it is cut into sentences: text and block-level spans. */
/* Sentence break iterators, one per language, built once: building one costs milliseconds. */
struct hx_sg_breakers {
	struct UBreakIterator *bi[HX_LANG_COUNT];
};

void hx_sg_breakers_release(struct hx_sg_breakers *b);

struct hx_sg_text {
	struct hx_buf text;   /* UTF-8, placeholders HX_SEG_PLACEHOLDER + span index */
	struct hx_span *spans; /* block-level spans */
	size_t nspans, alloc;
	bool *closing;        /* span closes markup opened earlier ("*", "](url)") */
	enum hx_lang lang;
	uint32_t targets;     /* for symbol links rewritten to each target language */
	struct hx_sg_breakers *breakers; /* borrowed from the stage */
	bool first_text;      /* the paragraph-number check has not been done yet */
	char label[24];       /* a paragraph number found at the start ("46.", "(a)") */
};

void hx_sg_text_init(struct hx_sg_text *t, enum hx_lang lang, uint32_t targets);
void hx_sg_text_release(struct hx_sg_text *t);

/*
 * Appends the inline children of node (a paragraph, heading, cell...) to t:
 * text as it is, markup and protected items (symbols, URLs, e-mail addresses,
 * numbers) as placeholders. take_label: look for a paragraph number at the start.
 */
enum hx_err hx_sg_inlines(struct hx_sg_text *t, cmark_node *node, bool take_label,
			  struct hx_diag *diag);

/*
 * Cuts t into sentences for language lang (ICU's sentence rules, plus UN
 * abbreviations, Chinese ；) and appends them to segs as segments of block,
 * with their own spans and the separators between them in the block.
 */
enum hx_err hx_sg_split(struct hx_segments *segs, uint32_t block, struct hx_sg_text *t,
			struct hx_diag *diag);

/* The label of a footnote call or definition ("1", "*"), borrowed from cmark's node. */
const char *hx_sg_footnote_label(cmark_node *node, size_t *len);

/* True when the text after a sentence break ends with a UN abbreviation ("para.", "No."). */
bool hx_sg_is_abbreviation(const char *s, size_t end, enum hx_lang lang);

#endif
