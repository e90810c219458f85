/*
 * Matching: the automaton over a normalised window, word boundaries for
 * spaced scripts (none for Han), then the leftmost-longest hits, none
 * overlapping (in Han, a longer hit starting inside a shorter one wins); windows cut at paragraph breaks keep big texts in bounded memory.
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

#define SYM_START  0x80000000u /* in a symbol read: a key may start here */
#define SYM_WORD   0x40000000u /* the code point is a letter, digit or mark of a spaced script */
#define SYM_SYMBOL 0x3FFFFFFFu

/* gl_is_word() of code point i of nm, or the bit read_symbols() recorded for it. */
static inline bool word_at(const struct gl_norm *nm, const uint32_t *sym, size_t i)
{
	return sym ? sym[i] & SYM_WORD : gl_is_word(nm->cp[i]);
}

static bool is_clitic(uint32_t cp)
{
	return cp == 0x0648 || cp == 0x0641 || cp == 0x0628 || cp == 0x0643 || cp == 0x0644;
}

/* Arabic proclitics: wa-, fa-, bi-, ka-, li- (one or two) glued before a name. */
static bool after_clitics(const struct gl_norm *nm, const uint32_t *sym, size_t s)
{
	size_t k = s, count = 0;

	if (!gl_is_arabic_letter(nm->cp[s]))
		return false;
	while (k > 0 && count < 2 && is_clitic(nm->cp[k - 1])) {
		k--;
		count++;
	}
	return count > 0 && (k == 0 || !word_at(nm, sym, k - 1));
}

/* Whether the characters at a and b = a + 1 belong to one word ("Niger" in "Nigeria",
 * "Niger-Congo"). */
static bool joined(const struct gl_norm *nm, const uint32_t *sym, size_t a, size_t b)
{
	const uint32_t *cp = nm->cp;

	if (word_at(nm, sym, a) && word_at(nm, sym, b))
		return true;
	if (cp[b] == '-' && b + 1 < nm->n && word_at(nm, sym, a) && word_at(nm, sym, b + 1))
		return true;
	return cp[a] == '-' && a > 0 && word_at(nm, sym, a - 1) && word_at(nm, sym, b);
}

/* gl_bounded() in two halves: every key ending at e shares the second. */
static inline bool starts_alone(const struct gl_norm *nm, const uint32_t *sym, size_t s)
{
	return !(s > 0 && word_at(nm, sym, s) && joined(nm, sym, s - 1, s) &&
		 !after_clitics(nm, sym, s));
}

static inline bool ends_alone(const struct gl_norm *nm, const uint32_t *sym, size_t e)
{
	return !(e < nm->n && word_at(nm, sym, e - 1) && joined(nm, sym, e - 1, e));
}

bool gl_bounded(const struct gl_norm *nm, size_t s, size_t e)
{
	return starts_alone(nm, NULL, s) && ends_alone(nm, NULL, e);
}

/* Whether the code point at text[*i] is a lower-case letter, advancing *i. */
static bool next_is_lower(const char *text, size_t to, size_t *i)
{
	unsigned char c = (unsigned char)text[*i];

	if (c < 0x80) {
		++*i;
		return c >= 'a' && c <= 'z';
	}
	return u_islower((UChar32)gl_next_cp(text, to, i));
}

/*
 * Acronyms ("WHO") match only where the text writes no lower-case letter, and
 * a form with a capital only where the text has one too ("Того" the country,
 * not "того" the pronoun); a form in lower case also matches capitalised.
 */
static bool case_agrees(const char *text, size_t from, size_t to, unsigned flags)
{
	size_t i = from;

	if ((flags & GL_FORM_CAPITAL) && from < to && next_is_lower(text, to, &i))
		return false;
	for (i = from; (flags & GL_FORM_ACRONYM) && i < to;)
		if (next_is_lower(text, to, &i))
			return false;
	return true;
}

static int compare_matches(const void *a, const void *b)
{
	const struct gl_match *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * Records key t, ending at code point i where a word ends, if it starts one
 * and beats what starts where it does.
 */
static void consider(const char *text, const struct gl_norm *nm, const uint32_t *sym,
		     uint32_t *best, const struct gl_term *t, size_t i)
{
	size_t start = i + 1 - t->len;

	if (t->len <= best[2 * start] || !starts_alone(nm, sym, start))
		return;
	if (t->flags && !case_agrees(text, nm->start[start], nm->end[i], t->flags))
		return;
	best[2 * start] = t->len;
	best[2 * start + 1] = t->form;
}

/* Keys end on reading code point pos: out is the first of them, + 1. */
struct gl_candidate {
	uint32_t pos, out;
};

/* The symbol of each code point of nm, flagged where a key may start; one more, 0, at the end. */
static void read_symbols(const struct gl_ac *ac, const struct gl_norm *nm, uint32_t *sym)
{
	uint32_t prev = 0;

	for (size_t i = 0; i < nm->n; i++) {
		uint32_t cp = nm->cp[i], s = gl_ac_symbol(ac, cp);
		uint32_t cur = s ? ac->symclass[s] : gl_class(cp);
		/* gl_may_start() in bits: its branches would guess at every letter */
		uint32_t start = ((~prev | ~cur) & GL_CLASS_WORD) |
				 (cur / GL_CLASS_ARABIC & prev / GL_CLASS_CLITIC & 1);

		sym[i] = s | (start ? SYM_START : 0) | (cur & GL_CLASS_WORD ? SYM_WORD : 0);
		prev = cur;
	}
	sym[nm->n] = 0;
}

/*
 * The automaton over sym in up to LANES interleaved runs, so that the memory
 * latency of one run overlaps the others'. Each round a run probes the record
 * it fetched the round before and fetches the next, with no branch on what it
 * read. Each run but the first starts maxlen code points early, from the
 * root: every key ending in its part is found there. Returns how many
 * candidates it left at the start of found, in text order.
 */
#define LANES 32

struct lane {
	uint32_t pos, from, end;
	uint32_t state, probe; /* probe: base + symbol of the state, fetched */
	uint32_t found;        /* candidates kept, from found[from] on */
};

static size_t run_lanes(const struct gl_ac *ac, const uint32_t *sym, size_t n,
			struct gl_candidate *found)
{
	const struct gl_state *st = ac->state;
	struct lane lane[LANES];
	size_t nlanes = n / (8 * (size_t)ac->maxlen + 64), nfound = 0;
	uint32_t live = 1;

	nlanes = nlanes < 1 ? 1 : nlanes > LANES ? LANES : nlanes;
	for (size_t j = 0; j < nlanes; j++) {
		struct lane *l = &lane[j];

		l->from = (uint32_t)(j * (n / nlanes));
		l->end = j == nlanes - 1 ? (uint32_t)n : (uint32_t)((j + 1) * (n / nlanes));
		l->pos = j ? l->from - ac->maxlen : 0;
		l->state = 0;
		l->probe = st[0].base + (sym[l->pos] & SYM_SYMBOL);
		l->found = 0;
	}
	while (live) {
		live = 0;
		for (size_t j = 0; j < nlanes; j++) {
			struct lane *l = &lane[j];
			uint32_t x = sym[l->pos], s = x & SYM_SYMBOL, m = l->state, t = l->probe;
			/* each 0 or 1, joined by & and |: a branch would wait for memory */
			uint32_t hit = (st[t].check == m) & (s != 0) & ((m != 0) | x >> 31);
			uint32_t retry = (m != 0) & (s != 0) & !hit;
			uint32_t next = (t & -hit) | (st[m].fail & -retry);
			uint32_t keep = hit & (st[t].out != 0) & (l->pos >= l->from);
			/* one at most a code point: a run fills its own part of found; done, n */
			uint32_t at = l->pos < l->end ? l->from + l->found : (uint32_t)n;

			found[at] = (struct gl_candidate){l->pos, st[t].out};
			l->found += keep & (l->pos < l->end);
			l->pos += !retry & (l->pos < l->end);
			l->state = next;
			l->probe = st[next].base + (sym[l->pos] & SYM_SYMBOL);
			__builtin_prefetch(&st[l->probe]);
			live |= l->pos < l->end;
		}
	}
	for (size_t j = 0; j < nlanes; j++) {
		memmove(found + nfound, found + lane[j].from, lane[j].found * sizeof(*found));
		nfound += lane[j].found;
	}
	return nfound;
}

void gl_window_release(struct gl_window *w)
{
	free(w->sym);
	free(w->best);
	free(w->found);
	memset(w, 0, sizeof(*w));
}

/* Room for n code points; the buffers are kept, so windows after the first fault in no pages. */
static void window_reserve(struct gl_window *w, size_t n)
{
	if (n <= w->alloc)
		return;
	w->alloc = n;
	w->sym = hx_xreallocarray(w->sym, n + 1, sizeof(*w->sym));
	w->best = hx_xreallocarray(w->best, n, 2 * sizeof(*w->best));
	/* + 1: where the lanes that are done write what they do not keep */
	w->found = hx_xreallocarray(w->found, n + 1, sizeof(*w->found));
}

/*
 * The keys that end at each candidate that ends a word: its term, then the
 * next on the suffix chain, and so on. The terms lie at random in a large
 * array, so CHAINS candidates are walked in turn, each term fetched a round
 * before it is read.
 */
#define CHAINS 16

static void consider_all(const struct hx_glossary *g, const char *text, const struct gl_norm *nm,
			 const uint32_t *sym, const struct gl_candidate *found, size_t n,
			 uint32_t *best)
{
	const struct gl_term *terms = g->ac.terms;
	struct gl_candidate walk[CHAINS] = {{0}}; /* out: the next term to read, + 1; 0: idle */
	size_t next = 0, busy = 0;

	do {
		busy = 0;
		for (size_t j = 0; j < CHAINS; j++) {
			if (!walk[j].out && next < n) {
				walk[j] = found[next++];
				if (!ends_alone(nm, sym, walk[j].pos + 1))
					walk[j].out = 0;
			} else if (walk[j].out) {
				consider(text, nm, sym, best, &terms[walk[j].out - 1], walk[j].pos);
				walk[j].out = terms[walk[j].out - 1].next;
			}
			if (walk[j].out) {
				__builtin_prefetch(&terms[walk[j].out - 1]);
				busy++;
			}
		}
	} while (busy || next < n);
}

void gl_match_window(const struct hx_glossary *g, const char *text, const struct gl_norm *nm,
		     enum hx_lang lang, struct gl_window *w, struct gl_matches *out)
{
	size_t first = out->n, nfound;

	if (g->ac.nnodes <= 1 || !nm->n)
		return;
	window_reserve(w, nm->n);
	memset(w->best, 0, 2 * nm->n * sizeof(*w->best));
	read_symbols(&g->ac, nm, w->sym);
	nfound = run_lanes(&g->ac, w->sym, nm->n, w->found);
	consider_all(g, text, nm, w->sym, w->found, nfound, w->best);
	for (size_t i = 0; i < nm->n;) {
		uint32_t len = w->best[2 * i];
		size_t j = i + 1;

		if (!len) {
			i++;
			continue;
		}
		/*
		 * Han has no word boundaries: a longer key that starts inside this one
		 * and reaches past it wins ("广大会员国" is 广大 + 会员国, not 大会).
		 */
		while (!(w->sym[i] & SYM_WORD) && j < i + len &&
		       !(w->best[2 * j] > len && j + w->best[2 * j] > i + len))
			j++;
		if (!(w->sym[i] & SYM_WORD) && j < i + len) {
			i = j;
			continue;
		}
		gl_matches_add(out, (uint32_t)i, len, w->best[2 * i + 1], false);
		i += len;
	}
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
	struct gl_window w = {0};
	struct gl_matches m = {0};
	enum hx_err err = HX_OK;

	if (!g->built)
		return hx_fail(diag, HX_E_INTERNAL, "glossary used before it was built");
	for (size_t from = 0; from < len && !err;) {
		size_t end = window_end(text, len, from);

		gl_normalize(text + from, end - from, true, &nm);
		m.n = 0;
		gl_match_window(g, text + from, &nm, lang, &w, &m);
		err = add_hits(g, &nm, &m, from, hits, diag);
		from = end;
	}
	gl_norm_release(&nm);
	gl_window_release(&w);
	free(m.v);
	return err;
}
