/*
 * Matching: the automaton over a normalised window, word boundaries for
 * spaced scripts (none for Han), then the leftmost-longest hits, none
 * overlapping; windows cut at paragraph breaks keep big texts in bounded memory.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "mem.h"
#include "terms_int.h"

#define WINDOW ((size_t)256 << 10)

void gl_matches_add(struct gl_matches *m, uint32_t start, uint32_t len, uint32_t form, bool stemmed)
{
	if (m->n == m->alloc) {
		m->alloc = m->alloc ? m->alloc * 2 : 64;
		m->v = hx_xreallocarray(m->v, m->alloc, sizeof(*m->v));
	}
	m->v[m->n++] = (struct gl_match){start, len, form, stemmed};
}

static bool is_clitic(uint32_t cp)
{
	return cp == 0x0648 || cp == 0x0641 || cp == 0x0628 || cp == 0x0643 || cp == 0x0644;
}

/* Arabic proclitics: wa-, fa-, bi-, ka-, li- (one or two) glued before a name. */
static bool after_clitics(const uint32_t *cp, size_t s)
{
	size_t k = s, count = 0;

	if (!gl_is_arabic_letter(cp[s]))
		return false;
	while (k > 0 && count < 2 && is_clitic(cp[k - 1])) {
		k--;
		count++;
	}
	return count > 0 && (k == 0 || !gl_is_word(cp[k - 1]));
}

/* Whether the characters at a and b = a + 1 belong to one word ("Niger" in "Nigeria",
 * "Niger-Congo"). */
static bool joined(const uint32_t *cp, size_t n, size_t a, size_t b)
{
	if (gl_is_word(cp[a]) && gl_is_word(cp[b]))
		return true;
	if (cp[b] == '-' && b + 1 < n && gl_is_word(cp[a]) && gl_is_word(cp[b + 1]))
		return true;
	return cp[a] == '-' && a > 0 && gl_is_word(cp[a - 1]) && gl_is_word(cp[b]);
}

bool gl_bounded(const struct gl_norm *nm, size_t s, size_t e)
{
	if (s > 0 && gl_is_word(nm->cp[s]) && joined(nm->cp, nm->n, s - 1, s) &&
	    !after_clitics(nm->cp, s))
		return false;
	return !(e < nm->n && gl_is_word(nm->cp[e - 1]) && joined(nm->cp, nm->n, e - 1, e));
}

/*
 * Acronyms ("WHO") match only where the text writes no lower-case letter, and
 * a form with a capital only where the text has one too ("Того" the country,
 * not "того" the pronoun); a form in lower case also matches capitalised.
 */
static bool case_agrees(const char *text, size_t from, size_t to, unsigned flags)
{
	size_t i = from;

	if ((flags & GL_FORM_CAPITAL) && from < to && u_islower((UChar32)gl_next_cp(text, to, &i)))
		return false;
	for (i = from; (flags & GL_FORM_ACRONYM) && i < to;)
		if (u_islower((UChar32)gl_next_cp(text, to, &i)))
			return false;
	return true;
}

static int compare_matches(const void *a, const void *b)
{
	const struct gl_match *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Records the keys that end at code point i in state, where they beat what starts there. */
static void consider(const struct hx_glossary *g, const char *text, const struct gl_norm *nm,
		     uint32_t *best, uint32_t state, size_t i)
{
	const struct gl_ac *ac = &g->ac;

	for (uint32_t k = ac->node[state].out; k; k = ac->terms[k - 1].next) {
		const struct gl_term *t = &ac->terms[k - 1];
		size_t start = i + 1 - t->len;

		if (t->len <= best[2 * start] || !gl_bounded(nm, start, i + 1))
			continue;
		if (g->forms[t->form].flags &&
		    !case_agrees(text, nm->start[start], nm->end[i], g->forms[t->form].flags))
			continue;
		best[2 * start] = t->len;
		best[2 * start + 1] = t->form;
	}
}

/*
 * The automaton over nm in LANES interleaved runs, so that the memory latency
 * of one run overlaps the others'. Each run but the first starts maxlen code
 * points early, from the root: every key ending in its part is found there.
 */
#define LANES 8

struct lane {
	size_t i, from, end, begin;
	uint32_t state;
	unsigned prev; /* GL_CLASS_* of the code point before i */
};

static void run_automaton(const struct hx_glossary *g, const char *text, const struct gl_norm *nm,
			  uint32_t *best)
{
	const struct gl_ac *ac = &g->ac;
	struct lane lane[LANES];
	int nlanes = nm->n > 8 * (size_t)ac->maxlen + 4096 ? LANES : 1, active = nlanes;
	size_t part = nm->n / (size_t)nlanes;

	for (int j = 0; j < nlanes; j++) {
		lane[j].from = (size_t)j * part;
		lane[j].end = j == nlanes - 1 ? nm->n : (size_t)(j + 1) * part;
		lane[j].i = lane[j].begin = j ? lane[j].from - ac->maxlen : 0;
		lane[j].state = 0;
		lane[j].prev = lane[j].i ? gl_class(nm->cp[lane[j].i - 1]) : 0;
	}
	while (active) {
		active = 0;
		for (int j = 0; j < nlanes; j++) {
			struct lane *l = &lane[j];
			uint32_t cp, s;
			unsigned cur;

			if (l->i >= l->end) {
				if (l->i == l->end && ac->node[l->state].out && l->i - 1 >= l->from)
					consider(g, text, nm, best, l->state, l->i - 1);
				l->i = l->end + 1; /* done, its last outputs taken */
				continue;
			}
			active++;
			/* the outputs of the state reached last round, fetched meanwhile */
			if (l->i > l->begin && ac->node[l->state].out && l->i - 1 >= l->from)
				consider(g, text, nm, best, l->state, l->i - 1);
			cp = nm->cp[l->i];
			s = gl_ac_symbol(ac, cp);
			cur = s ? ac->symclass[s] : gl_class(cp);
			l->state = s ? gl_ac_step(ac, l->state, s, gl_may_start(l->prev, cur)) : 0;
			__builtin_prefetch(&ac->node[l->state]);
			l->prev = cur;
			l->i++;
		}
	}
}

void gl_match_window(const struct hx_glossary *g, const char *text, const struct gl_norm *nm,
		     enum hx_lang lang, struct gl_matches *out)
{
	uint32_t *best;
	size_t first = out->n;

	if (g->ac.nnodes <= 1 || !nm->n)
		return;
	best = hx_xcalloc(2 * nm->n, sizeof(*best));
	run_automaton(g, text, nm, best);
	for (size_t i = 0; i < nm->n;) {
		if (!best[2 * i]) {
			i++;
			continue;
		}
		gl_matches_add(out, (uint32_t)i, best[2 * i], best[2 * i + 1], false);
		i += best[2 * i];
	}
	free(best);
	if (g->opts.stem && lang >= 0 && lang < HX_LANG_COUNT) {
		gl_stem_window(g, text, nm, lang, first, out);
		if (out->n - first > 1)
			qsort(out->v + first, out->n - first, sizeof(*out->v), compare_matches);
	}
}

void hx_term_hits_release(struct hx_term_hits *hits)
{
	free(hits->v);
	memset(hits, 0, sizeof(*hits));
}

/* Where the window starting at from ends: at a blank line, a line end or a space if it can. */
static size_t window_end(const char *text, size_t len, size_t from)
{
	size_t end = from + WINDOW, cut;

	if (len - from <= WINDOW)
		return len;
	for (const char *seps[] = {"\n\n", "\n", " "}, **sep = seps; sep < seps + 3; sep++)
		for (cut = end; cut > from + WINDOW / 2; cut--)
			if (!strncmp(text + cut - strlen(*sep), *sep, strlen(*sep)))
				return cut;
	for (cut = end; cut > from && ((unsigned char)text[cut] & 0xC0) == 0x80; cut--)
		;
	return cut > from ? cut : end;
}

static enum hx_err add_hits(const struct hx_glossary *g, const struct gl_norm *nm,
			    const struct gl_matches *m, size_t base, struct hx_term_hits *hits,
			    struct hx_diag *diag)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct gl_match *x = &m->v[i];
		const struct gl_form *f = &g->forms[x->form];
		struct hx_term_hit *h;

		if (hits->n >= HX_TERM_HITS_MAX)
			return hx_fail(diag, HX_E_LIMIT, "more than %zu glossary hits in one text",
				       HX_TERM_HITS_MAX);
		if (hits->n == hits->alloc) {
			hits->alloc = hits->alloc ? hits->alloc * 2 : 32;
			hits->v = hx_xreallocarray(hits->v, hits->alloc, sizeof(*hits->v));
		}
		h = &hits->v[hits->n++];
		memset(h, 0, sizeof(*h));
		h->offset = base + nm->start[x->start];
		h->len = nm->end[x->start + x->len - 1] - nm->start[x->start];
		h->entry = f->entry;
		h->form = x->form;
		h->lang = (enum hx_lang)f->lang;
		h->stemmed = x->stemmed;
		h->span = -1;
	}
	return HX_OK;
}

enum hx_err hx_glossary_find(const struct hx_glossary *g, const char *text, size_t len,
			     enum hx_lang lang, struct hx_term_hits *hits, struct hx_diag *diag)
{
	struct gl_norm nm = {0};
	struct gl_matches m = {0};
	enum hx_err err = HX_OK;

	if (!g->built)
		return hx_fail(diag, HX_E_INTERNAL, "glossary used before it was built");
	for (size_t from = 0; from < len && !err;) {
		size_t end = window_end(text, len, from);

		gl_normalize(text + from, end - from, true, &nm);
		m.n = 0;
		gl_match_window(g, text + from, &nm, lang, &m);
		err = add_hits(g, &nm, &m, from, hits, diag);
		from = end;
	}
	gl_norm_release(&nm);
	free(m.v);
	return err;
}
