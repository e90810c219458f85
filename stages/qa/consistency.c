/*
 * Consistency: the same source segment translated two ways into one language
 * within a batch (a window of documents, or one document). The segments are
 * sorted by language and source text, so repeats sit side by side.
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "mem.h"
#include "qa_int.h"

struct occurrence {
	const struct hx_segment *seg;
	const char *target;
	struct hx_doc *doc;
	uint32_t segno;
	enum hx_lang lang;
	size_t order;
};

static int by_source(const void *a, const void *b)
{
	const struct occurrence *x = a, *y = b;
	int c;

	if (x->lang != y->lang)
		return x->lang < y->lang ? -1 : 1;
	if (x->seg->len != y->seg->len)
		return x->seg->len < y->seg->len ? -1 : 1;
	c = memcmp(x->seg->text, y->seg->text, x->seg->len);
	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static bool same_source(const struct occurrence *x, const struct occurrence *y)
{
	return x->lang == y->lang && x->seg->len == y->seg->len &&
	       !memcmp(x->seg->text, y->seg->text, x->seg->len);
}

/* Whether a segment is worth comparing: translated this run or from memory, with words in it. */
static bool comparable(const struct hx_segment *seg, const struct hx_seg_target *t)
{
	size_t letters = 0;

	if (!t->text || t->origin == HX_ORIGIN_SOURCE || t->origin == HX_ORIGIN_NONE ||
	    t->origin == HX_ORIGIN_COPY || t->origin == HX_ORIGIN_GLOSSARY)
		return false;
	for (size_t i = 0; i < seg->len && letters < 8; i++)
		letters += ((unsigned char)seg->text[i] | 0x20) >= 'a' &&
			   ((unsigned char)seg->text[i] | 0x20) <= 'z';
	for (size_t i = 0; i < seg->len && letters < 8; i++)
		letters +=
			(unsigned char)seg->text[i] >= 0xC0 && (unsigned char)seg->text[i] < 0xF4;
	return letters >= 8;
}

static void report(struct occurrence *first, struct occurrence *o)
{
	const struct hx_segment *seg = o->seg;
	struct hx_buf want = HX_BUF_INIT(64 << 10), src = HX_BUF_INIT(64 << 10);
	uint32_t anchor = o->doc->segs.blocks[seg->block].anchor;
	struct hx_diag d = {0};

	if (hx_segment_restore(first->seg, first->target, strlen(first->target), o->lang, &want,
			       &d))
		hx_buf_add(&want, first->target, strlen(first->target));
	if (hx_segment_restore(seg, seg->text, seg->len, HX_LANG_NONE, &src, &d))
		hx_buf_add(&src, seg->text, seg->len);
	hx_qa_findings_add(
		&o->doc->qa, o->segno, anchor, o->lang, HX_QA_CONSISTENCY, HX_QA_WARNING,
		hx_buf_str(&want),
		"'%.80s%s' is translated differently from its other occurrence (%s, segment %u)",
		hx_buf_str(&src), src.len > 80 ? "..." : "", first->doc->id, first->segno + 1);
	hx_diag_release(&d);
	hx_buf_release(&want);
	hx_buf_release(&src);
}

enum hx_err hx_qa_consistency(struct hx_doc *const *docs, size_t n, struct hx_diag *diag)
{
	struct occurrence *v = NULL;
	size_t nv = 0, alloc = 0;

	(void)diag;
	for (size_t d = 0; d < n; d++) {
		docs[d]->qa.consistency_done = true;
		for (size_t i = 0; i < docs[d]->segs.nsegs; i++)
			for (int l = 0; l < HX_LANG_COUNT; l++) {
				const struct hx_segment *seg = &docs[d]->segs.segs[i];

				if (l == (int)docs[d]->lang || !comparable(seg, &seg->target[l]))
					continue;
				if (nv == alloc) {
					alloc = alloc ? alloc * 2 : 256;
					v = hx_xreallocarray(v, alloc, sizeof(*v));
				}
				v[nv] = (struct occurrence){
					seg,         seg->target[l].text, docs[d],
					(uint32_t)i, (enum hx_lang)l,     nv};
				nv++;
			}
	}
	if (nv)
		qsort(v, nv, sizeof(*v), by_source);
	for (size_t i = 0, first = 0; i < nv; i++) {
		if (!i || !same_source(&v[first], &v[i]))
			first = i;
		else if (strcmp(v[first].target, v[i].target))
			report(&v[first], &v[i]);
	}
	free(v);
	return HX_OK;
}
