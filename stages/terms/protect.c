/*
 * Protection: names and dnt terms in a segment become placeholders bound to
 * their official forms in every target language; terms are only recorded.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "mem.h"
#include "terms_int.h"

enum hx_err hx_terms_escape_md(struct hx_buf *out, const char *s, size_t len)
{
	enum hx_err err = HX_OK;
	bool space = false;

	for (size_t i = 0; i < len && !err; i++) {
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (!space)
				err = hx_buf_addc(out, ' ');
			space = true;
			continue;
		}
		space = false;
		if (c && strchr("\\`*_[]<>&~|", c))
			err = hx_buf_addc(out, '\\');
		if (!err)
			err = hx_buf_addc(out, c);
	}
	return err;
}

static bool cased(int lang)
{
	return lang != HX_LANG_AR && lang != HX_LANG_ZH;
}

/*
 * The target form of a hit, Markdown-escaped, newly allocated; its first
 * letter a capital where the source capitalised a form that has none
 * ("The Netherlands" at the start of a sentence gives "Les Pays-Bas").
 */
static char *target_markdown(const struct hx_glossary *g, const struct hx_term_hit *h,
			     const char *found, uint32_t form, int lang)
{
	const char *s = g->pool + g->forms[form].text;
	struct hx_buf out = HX_BUF_INIT(0);
	size_t i = 0, j = 0, n = strlen(s);
	bool capital = !(g->forms[h->form].flags & GL_FORM_CAPITAL) &&
		       u_isupper((UChar32)gl_next_cp(found, h->len, &i));
	uint32_t c = gl_next_cp(s, n, &j);

	if (capital && cased(lang) && u_islower((UChar32)c)) {
		hx_buf_add_utf8(&out, (unsigned)u_toupper((UChar32)c));
		hx_terms_escape_md(&out, s + j, n - j);
	} else {
		hx_terms_escape_md(&out, s, n);
	}
	return hx_buf_detach(&out, NULL);
}

static bool add_hit(struct hx_term_hits *hits, const struct hx_term_hit *h, uint32_t segno,
		    size_t offset, size_t len, int32_t span)
{
	struct hx_term_hit *x;

	if (!hits)
		return true;
	if (hits->n >= HX_TERM_HITS_MAX)
		return false;
	if (hits->n == hits->alloc) {
		hits->alloc = hits->alloc ? hits->alloc * 2 : 32;
		hits->v = hx_xreallocarray(hits->v, hits->alloc, sizeof(*hits->v));
	}
	x = &hits->v[hits->n++];
	*x = *h;
	x->seg = segno;
	x->offset = offset;
	x->len = len;
	x->span = span;
	return true;
}

/* A new HX_SPAN_TERM span for hit h with its forms in targets; -1 past the span cap. */
static int protect_hit(const struct hx_glossary *g, struct hx_segment *seg,
		       const struct hx_term_hit *h, uint32_t targets, struct hx_diag *diag)
{
	const struct hx_gl_entry *e = &g->entries[h->entry];
	const char *found = seg->text + h->offset;
	struct hx_buf md = HX_BUF_INIT(0);
	struct hx_span *sp;
	int span;

	hx_terms_escape_md(&md, found, h->len);
	span = hx_segment_add_span(seg, HX_SPAN_TERM, md.data ? md.data : "", md.len);
	if (span < 0) {
		hx_warn(diag, "'%.*s' (%s) left unprotected: the segment has %d spans, the cap",
			(int)h->len, found, e->id, HX_SEG_MAX_SPANS);
		hx_buf_release(&md);
		return -1;
	}
	sp = &seg->spans[span];
	sp->entry = (int32_t)h->entry;
	sp->encloses = true; /* the words go to MT too, for agreement; the form replaces them */
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		uint32_t form;

		if (!(targets & (1u << l)))
			continue;
		if (e->type == HX_TERM_DNT) {
			sp->target[l] = hx_xstrdup(md.data ? md.data : "");
			continue;
		}
		form = gl_target_form(g, h->form, (enum hx_lang)l);
		if (form == UINT32_MAX)
			hx_warn(diag,
				"'%.*s' (%s) has no %s form in the glossary; the source form is "
				"kept",
				(int)h->len, found, e->id, hx_lang_get(l)->code);
		else
			sp->target[l] = target_markdown(g, h, found, form, l);
	}
	hx_buf_release(&md);
	return span;
}

/*
 * A segment that is one name and nothing else is translated already: its
 * placeholder and end mark, which restore turns into the target form.
 */
static bool translate_whole(struct hx_segment *seg, int span, uint32_t targets)
{
	size_t s = 0, e = seg->len;
	struct hx_buf b = HX_BUF_INIT(16), end = HX_BUF_INIT(8);
	const struct hx_span *sp = &seg->spans[span];

	while (s < e && strchr(" \t", seg->text[s]))
		s++;
	while (e > s && strchr(" \t", seg->text[e - 1]))
		e--;
	hx_placeholder_add(&b, (unsigned)span);
	hx_placeholder_end_add(&end, (unsigned)span);
	/* placeholder, the name's words, end mark: nothing else */
	if (e - s < b.len + end.len || memcmp(seg->text + s, b.data, b.len) ||
	    memcmp(seg->text + e - end.len, end.data, end.len)) {
		hx_buf_release(&b);
		hx_buf_release(&end);
		return false;
	}
	hx_buf_add(&b, end.data, end.len);
	hx_buf_release(&end);
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		if (!(targets & (1u << l)) || !sp->target[l])
			continue;
		free(seg->target[l].text);
		seg->target[l].text = hx_xstrndup(b.data, b.len);
		seg->target[l].origin = HX_ORIGIN_GLOSSARY;
	}
	hx_buf_release(&b);
	return true;
}

enum hx_err hx_terms_protect_collect(const struct hx_glossary *g, struct hx_segment *seg,
				     uint32_t segno, enum hx_lang src, uint32_t targets,
				     struct hx_term_hits *hits, bool *whole, struct hx_diag *diag)
{
	struct hx_term_hits found = {0};
	struct hx_buf text = HX_BUF_INIT(0);
	size_t pos = 0, protected = 0;
	int last = -1;
	enum hx_err err;

	if (whole)
		*whole = false;
	err = hx_glossary_find(g, seg->text ? seg->text : "", seg->len, src, &found, diag);
	if (err) {
		hx_term_hits_release(&found);
		return err;
	}
	for (size_t i = 0; i < found.n && !err; i++) {
		const struct hx_term_hit *h = &found.v[i];
		int span = -1;

		err = hx_buf_add(&text, seg->text + pos, h->offset - pos);
		if (!err && g->entries[h->entry].type != HX_TERM_TERM)
			span = protect_hit(g, seg, h, targets, diag);
		if (!err && !add_hit(hits, h, segno, text.len, span < 0 ? h->len : h->len + 8, span))
			err = hx_fail(diag, HX_E_LIMIT, "more than %zu glossary hits",
				      HX_TERM_HITS_MAX);
		if (!err && span >= 0)
			err = hx_placeholder_add(&text, (unsigned)span);
		if (!err)
			err = hx_buf_add(&text, seg->text + h->offset, h->len);
		if (!err && span >= 0)
			err = hx_placeholder_end_add(&text, (unsigned)span);
		protected += span >= 0;
		last = span >= 0 ? span : last;
		pos = h->offset + h->len;
	}
	if (!err)
		err = hx_buf_add(&text, seg->text + pos, seg->len - pos);
	hx_term_hits_release(&found);
	if (err) { /* a buffer over its cap says nothing by itself */
		hx_buf_release(&text);
		return diag && diag->err == err
			       ? err
			       : hx_fail(diag, err, "a protected segment is over the cap");
	}
	free(seg->text);
	seg->text = hx_buf_detach(&text, &seg->len);
	if (protected == 1 && translate_whole(seg, last, targets) && whole)
		*whole = true;
	return HX_OK;
}

enum hx_err hx_terms_protect(const struct hx_glossary *g, struct hx_segment *seg, enum hx_lang src,
			     uint32_t targets, struct hx_diag *diag)
{
	return hx_terms_protect_collect(g, seg, 0, src, targets, NULL, NULL, diag);
}
