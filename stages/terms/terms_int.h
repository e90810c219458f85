/*
 * Inside the glossary: normalised text, forms, the automaton, the stemmer and
 * the small hash tables they share. Only stages/terms/ includes this.
 */
#ifndef HX_TERMS_INT_H
#define HX_TERMS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "terms.h"

/* ---- normalised text (norm.c) ---- */

/*
 * A text as the matcher sees it: NFC, case-folded, Arabic tatweel and harakat
 * dropped, apostrophes and hyphens unified, full-width ASCII made ASCII,
 * whitespace runs one space (none next to Han). Each code point remembers
 * the bytes of the original it came from, [start, end).
 */
struct gl_norm {
	uint32_t *cp;
	uint32_t *start, *end; /* NULL when built without offsets */
	size_t n, alloc;
};

void gl_norm_release(struct gl_norm *nm);
/* Normalises s into nm (emptied first); with offsets false, start/end stay unset. */
void gl_normalize(const char *s, size_t len, bool offsets, struct gl_norm *nm);
/* A letter, digit or mark of a script that separates words with spaces. */
bool gl_is_word(uint32_t cp);
/* Han, kana, hangul, CJK punctuation and full-width forms: no word boundaries needed. */
bool gl_is_unspaced(uint32_t cp);
static inline bool gl_is_arabic_letter(uint32_t cp)
{
	return (cp >= 0x0620 && cp <= 0x064A) || (cp >= 0x066E && cp <= 0x06D3);
}
/* The next code point of s at *i (U+FFFD for an invalid sequence), advancing *i. */
uint32_t gl_next_cp(const char *s, size_t len, size_t *i);
/* Whether s holds only valid UTF-8; *bad is the byte offset of the first error. */
bool gl_valid_utf8(const char *s, size_t len, size_t *bad);

/* ---- hash tables (map.c): open addressing, capped by the entry caps ---- */

struct gl_strmap { /* NUL-terminated strings (borrowed) -> uint32 */
	const char **keys;
	uint32_t *vals;
	size_t n, cap;
};
/* The value of key, or UINT32_MAX. */
uint32_t gl_strmap_get(const struct gl_strmap *m, const char *key, size_t len);
/* Sets key (borrowed: must outlive m) to val unless present; returns the value now stored. */
uint32_t gl_strmap_put(struct gl_strmap *m, const char *key, uint32_t val);
void gl_strmap_release(struct gl_strmap *m);

struct gl_u64map { /* uint64 -> uint32; key UINT64_MAX is reserved */
	uint64_t *keys;
	uint32_t *vals;
	size_t n, cap;
};
uint32_t gl_u64map_get(const struct gl_u64map *m, uint64_t key);
void gl_u64map_put(struct gl_u64map *m, uint64_t key, uint32_t val);
void gl_u64map_release(struct gl_u64map *m);

/* ---- forms (forms.c) ---- */

enum gl_form_kind {
	GL_FORM_PLAIN,      /* as written */
	GL_FORM_BARE,       /* "Netherlands" of "Netherlands (the)" */
	GL_FORM_ARTICLE,    /* "the Netherlands" of "Netherlands (the)" */
	GL_FORM_VERBATIM,   /* "Bolivia (Plurinational State of)" as written */
	GL_FORM_UNINVERTED, /* "Plurinational State of Bolivia" */
};

#define GL_FORM_ACRONYM 1u /* capitals only ("WHO"): matches in capitals only */
#define GL_FORM_CAPITAL 2u /* starts with a capital letter */

struct gl_form {
	uint32_t entry;
	uint32_t text; /* offset of the display text in g->pool */
	uint8_t lang, variant, kind, flags;
};

/* ---- the automaton (automaton.c) ---- */

struct gl_term { /* a node where a key ends; 16 bytes: never across two cache lines */
	uint32_t form;
	uint32_t len;  /* key length in code points */
	uint32_t next; /* next terminal on the suffix chain, +1; 0 none */
	uint8_t flags; /* of the form, kept here: the form would cost a read */
};

/*
 * One state of the double array, 16 bytes: the child of state n along symbol
 * s is the slot t = base + s if state[t].check == n. A transition reads only
 * the record it leads to, so a code point of text costs one cache line (and
 * one more per failure link) whatever the size of the glossary.
 */
struct gl_state {
	uint32_t base;  /* children at base + symbol */
	uint32_t check; /* the parent; GL_FREE in a slot that holds no state */
	uint32_t fail;  /* longest useful proper suffix that is a prefix of some key */
	uint32_t out;   /* nearest terminal on the suffix chain, +1; 0 none */
};

#define GL_FREE UINT32_MAX

struct gl_ac {
	uint32_t nnodes, nterms, nsyms;
	uint32_t nextra; /* slots holding no state, the padding included */
	uint32_t maxlen; /* of the keys, in code points */
	/* nnodes + nextra slots, the root at 0; base + symbol stays inside for every base */
	struct gl_state *state;
	uint8_t *symclass; /* GL_CLASS_* of each symbol */
	struct gl_term *terms;
	uint32_t *page[0x1100]; /* code point -> symbol, 256 code points a page */
};

/*
 * Where a key may start: not inside a word of a spaced script ("ger" in
 * "Nigeria"), except after an Arabic proclitic. Failure links and the root
 * skip those positions, so a long word costs no failure chains.
 */
#define GL_CLASS_WORD   1u
#define GL_CLASS_ARABIC 2u
#define GL_CLASS_CLITIC 4u

static inline bool gl_may_start(unsigned prev, unsigned cur)
{
	return !(prev & GL_CLASS_WORD) || !(cur & GL_CLASS_WORD) ||
	       ((cur & GL_CLASS_ARABIC) && (prev & GL_CLASS_CLITIC));
}

/* The GL_CLASS_* of a code point. */
unsigned gl_class(uint32_t cp);

void gl_ac_release(struct gl_ac *ac);
/* The symbol of cp, 0 when no key holds it. */
static inline uint32_t gl_ac_symbol(const struct gl_ac *ac, uint32_t cp)
{
	const uint32_t *p = cp < 0x110000 ? ac->page[cp >> 8] : NULL;

	return p ? p[cp & 0xff] : 0;
}

/* The state after reading symbol s (not 0) in state n; start: a key may start at s. */
static inline uint32_t gl_ac_step(const struct gl_ac *ac, uint32_t n, uint32_t s, bool start)
{
	for (;;) {
		uint32_t t = ac->state[n].base + s;

		if (ac->state[t].check == n && (n || start))
			return t;
		if (n == 0)
			return 0;
		n = ac->state[n].fail;
	}
}

/* ---- the stemmer (stem.c) ---- */

struct gl_stemmer; /* one per language with a hunspell dictionary */

/* Built on first use, so they change behind a const glossary: not thread-safe. */
struct gl_stemmers {
	struct gl_stemmer *lang[HX_LANG_COUNT];
	bool tried[HX_LANG_COUNT];
};
void gl_stemmers_free(struct gl_stemmers *s);

/* ---- the glossary ---- */

struct gl_file {
	char *name;
	uint32_t first_entry;
};

struct hx_glossary {
	struct hx_glossary_opts opts;
	char *dict_dir; /* owned; opts.dict_dir points here */
	struct hx_gl_entry *entries;
	size_t nentries, entries_alloc;
	struct gl_strmap ids;
	struct gl_file *files;
	size_t nfiles;
	struct hx_gl_problem *problems;
	size_t nproblems, nerrors, problems_dropped;
	/* after hx_glossary_build */
	bool built;
	char *pool; /* display texts of the forms */
	size_t pool_len, pool_alloc;
	struct gl_form *forms;
	size_t nforms, forms_alloc;
	uint32_t (*eforms)[HX_LANG_COUNT + 1]; /* forms of entry e in lang l: [e][l], [e][l + 1]) */
	size_t nkeys;
	struct gl_ac ac;
	struct gl_stemmers *stemmers; /* owned */
};

#define GL_PROBLEMS_MAX 100000

/* Records a problem at file:line (line 0: the file). */
void gl_problem(struct hx_glossary *g, uint32_t file, uint32_t line, bool error, const char *fmt,
		...) __attribute__((format(printf, 5, 6)));
/* Adds a file name; returns its index. */
uint32_t gl_add_file(struct hx_glossary *g, const char *name);
/*
 * Adds e to g, copying its strings into one block (NULL reads as ""); with
 * owned, takes ownership of them (also on failure). HX_E_LIMIT past max_entries.
 */
enum hx_err gl_add_entry(struct hx_glossary *g, struct hx_gl_entry *e, bool owned,
			 struct hx_diag *diag);
/* Frees the entries added since first (a file rejected with --strict). */
void gl_drop_entries(struct hx_glossary *g, size_t first);
void gl_entry_release(struct hx_gl_entry *e);
/* Checks an entry read from a file; records problems; false when it must be skipped. */
bool gl_check_entry(struct hx_glossary *g, const struct hx_gl_entry *e);
/* Parses "name", "term", "dnt"; false when unknown. */
bool gl_parse_type(const char *s, enum hx_term_type *type);

/* Expands every variant into the forms the automaton matches (forms.c). */
void gl_build_forms(struct hx_glossary *g);
/* The form to write in lang for a hit of form found, or UINT32_MAX when lang has none. */
uint32_t gl_target_form(const struct hx_glossary *g, uint32_t found, enum hx_lang lang);
/* Builds g->ac over the forms; records conflicts as problems (automaton.c). */
enum hx_err gl_build_automaton(struct hx_glossary *g, struct hx_diag *diag);

/* A match in a normalised window: code points [start, start + len). */
struct gl_match {
	uint32_t start, len, form;
	bool stemmed;
};

struct gl_matches {
	struct gl_match *v;
	size_t n, alloc;
};

/*
 * The buffers gl_match_window reuses from one window to the next, sized to
 * the largest: zeroed to start; free with gl_window_release.
 */
struct gl_window {
	uint32_t *sym, *best;
	struct gl_candidate *found;
	size_t alloc;
};
void gl_window_release(struct gl_window *w);

/*
 * The leftmost-longest exact matches in nm (text is the original, for the
 * capitals check of acronyms), then, where nothing matched, the stemmed
 * matches in lang. Appends to out in text order (match.c). nm is one window:
 * its code points are counted in 32 bits.
 */
void gl_match_window(const struct hx_glossary *g, const char *text, const struct gl_norm *nm,
		     enum hx_lang lang, struct gl_window *w, struct gl_matches *out);
/* Stemmed matches in the gaps between the exact matches out->v[first..] (stem.c). */
void gl_stem_window(const struct hx_glossary *g, const char *text, const struct gl_norm *nm,
		    enum hx_lang lang, size_t first, struct gl_matches *out);
/* Whether code points [s, e) of nm stand alone: word boundaries (or Han, or Arabic proclitics). */
bool gl_bounded(const struct gl_norm *nm, size_t s, size_t e);
void gl_matches_add(struct gl_matches *m, uint32_t start, uint32_t len, uint32_t form,
		    bool stemmed);

#endif
