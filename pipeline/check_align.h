/*
 * `hexaglot check`, the pair: each file read, refused when it is not UTF-8,
 * converted and segmented as the pipeline does, then aligned block by block
 * into the units the checks run on (pipeline/check_align.c).
 */
#ifndef HX_CHECK_ALIGN_H
#define HX_CHECK_ALIGN_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "doc.h"
#include "qa.h"

/* Exit statuses of `check` (documented in --help, README and the man page). */
enum {
	CHECK_CLEAN = 0,
	CHECK_FOUND = 1,
	CHECK_USAGE = 2,
	CHECK_BAD_INPUT = 4,
	CHECK_INTERNAL = 70
};

/* One file of the pair. */
struct hx_check_side {
	const char *path;
	struct hx_doc *doc;
	char *text; /* the file as read */
	uint32_t *blocks, *lines;
	size_t n;
};

/* What the checks run on: a sentence pair, or a whole block where the sentence counts differ. */
struct hx_check_unit {
	char *src, *tgt;
	uint32_t line, anchor, segno;
};

/*
 * Reads path, converts and segments it; its detected language must be given
 * (opt names the option in messages). Prints why not and returns an exit
 * status; 0 on success, *out then holding the document, its text blocks and
 * their lines. Release with hx_check_side_release, also on failure.
 */
int hx_check_load_side(struct hx_config *cfg, const char *path, enum hx_lang given, const char *opt,
		       struct hx_check_side *out);
void hx_check_side_release(struct hx_check_side *s);
/* 0 when s and t align block by block; else prints where they diverge and returns CHECK_BAD_INPUT.
 */
int hx_check_misaligned(const struct hx_check_side *s, const struct hx_check_side *t);
/* The units of an aligned pair, newly allocated in *out (each text too); returns their number. */
size_t hx_check_make_units(const struct hx_check_side *s, const struct hx_check_side *t,
			   struct hx_check_unit **out);
/* The Markdown of block b of doc: its segments joined by their separators (no prefix). */
void hx_check_block_text(const struct hx_doc *doc, const struct hx_block *b, struct hx_buf *out);
/* Appends a consistency finding for each source sentence translated two ways. */
void hx_check_consistency(const struct hx_check_unit *u, size_t n, enum hx_lang to,
			  struct hx_qa_findings *out);

#endif
