/*
 * Terminology: each glossary term of the source must come back as its
 * official form in the target (an inflected form found through hunspell's
 * stems counts); flagged or deprecated entries are pointed out. The target's
 * glossary hits are also what spelling leaves alone.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"
#include "qa_int.h"
#include "../terms/terms.h"

static bool deprecated(const struct hx_gl_entry *e)
{
	return e->status && (!strcasecmp(e->status, "flagged") || strstr(e->status, "deprecat") ||
			     strstr(e->status, "supersed") || strstr(e->status, "forbidden"));
}

static bool target_has(const struct hx_term_hits *th, uint32_t entry, enum hx_lang lang)
{
	for (size_t j = 0; j < th->n; j++)
		if (th->v[j].entry == entry && th->v[j].lang == lang)
			return true;
	return false;
}

/* The preferred form of e in lang: its first variant, in a buffer of the caller. */
static const char *preferred(const struct hx_gl_entry *e, enum hx_lang lang, char *buf, size_t size)
{
	const char *cell = e->cell[lang];
	size_t n;

	if (!cell || !*cell)
		return NULL;
	n = strcspn(cell, "|");
	if (n >= size)
		n = size - 1;
	memcpy(buf, cell, n);
	buf[n] = '\0';
	return buf;
}

static void check_hit(const struct hx_qa_pair *p, const struct hx_glossary *g,
		      const struct hx_term_hit *h, const struct hx_term_hits *th,
		      struct hx_qa_findings *out)
{
	const struct hx_gl_entry *e = hx_glossary_entry(g, h->entry);
	char form[512];
	const char *want = preferred(e, p->tgt_lang, form, sizeof(form));
	struct hx_qa_finding *f;

	if (h->lang != p->src_lang || !want || target_has(th, h->entry, p->tgt_lang))
		return;
	if (e->type == HX_TERM_DNT && memmem(p->tgt, p->tgt_len, p->src + h->offset, h->len))
		return;
	f = hx_qa_findings_add(out, p->segno, p->anchor, p->tgt_lang, HX_QA_TERMINOLOGY,
			       e->type == HX_TERM_TERM ? HX_QA_WARNING : HX_QA_ERROR, want,
			       "'%.*s' (%s %s) is not translated by its official form '%s'",
			       (int)h->len, p->src + h->offset, hx_term_type_name(e->type), e->id,
			       want);
	if (f)
		f->line = p->line;
}

static void flag_deprecated(const struct hx_qa_pair *p, const struct hx_glossary *g,
			    const struct hx_term_hits *th, struct hx_qa_findings *out)
{
	for (size_t j = 0; j < th->n; j++) {
		const struct hx_term_hit *h = &th->v[j];
		const struct hx_gl_entry *e = hx_glossary_entry(g, h->entry);
		struct hx_qa_finding *f;

		if (h->lang != p->tgt_lang || !deprecated(e))
			continue;
		f = hx_qa_findings_add(out, p->segno, p->anchor, p->tgt_lang, HX_QA_TERMINOLOGY,
				       HX_QA_WARNING, NULL,
				       "'%.*s' (%s) is marked %s in the glossary: %s", (int)h->len,
				       p->tgt + h->offset, e->id, e->status,
				       e->note && *e->note ? e->note : "check it");
		if (f) {
			f->offset = h->offset;
			f->len = h->len;
			f->line = p->line;
		}
	}
}

enum hx_err qa_check_terms(struct hx_qa *qa, const struct hx_qa_pair *p, struct hx_qa_findings *out,
			   struct qa_range **ranges, size_t *nranges, struct hx_diag *diag)
{
	struct hx_term_hits sh = {0}, th = {0};
	const struct hx_glossary *g = qa->glossary;
	enum hx_err err;

	if (!g)
		return HX_OK;
	pthread_mutex_lock(&qa->lock);
	err = hx_glossary_find(g, p->src, p->src_len, p->src_lang, &sh, diag);
	if (!err)
		err = hx_glossary_find(g, p->tgt, p->tgt_len, p->tgt_lang, &th, diag);
	pthread_mutex_unlock(&qa->lock);
	if (!err && !((qa->skip | p->skip) & (1u << HX_QA_TERMINOLOGY))) {
		for (size_t i = 0; i < sh.n; i++)
			check_hit(p, g, &sh.v[i], &th, out);
		flag_deprecated(p, g, &th, out);
	}
	*ranges = hx_xreallocarray(*ranges, *nranges + th.n + 1, sizeof(**ranges));
	for (size_t j = 0; j < th.n; j++)
		(*ranges)[(*nranges)++] = (struct qa_range){th.v[j].offset, th.v[j].len};
	hx_term_hits_release(&sh);
	hx_term_hits_release(&th);
	return err;
}
