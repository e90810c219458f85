/*
 * Inflected forms through hunspell's stems: each form becomes a path of word
 * stems in a per-language trie ("Генеральная Ассамблея" -> генеральный
 * ассамблея), and the words of a text walk it ("Генеральной Ассамблеи").
 */
#include <hunspell/hunspell.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "mem.h"
#include "terms_int.h"

#define MAX_ALTS  6      /* stems (and the word itself) tried for one word */
#define MAX_WORDS 32     /* words in a form */
#define MAX_PATHS 16     /* stem paths of one form */
#define MAX_WORD  96     /* bytes: longer words are not stemmed */
#define CACHE_MAX 200000 /* words whose stems are remembered */

struct gl_stemmer {
	Hunhandle *h;
	struct gl_strmap ids; /* interned stems and words -> id (1-based) */
	char **strs;          /* the interned strings, owned */
	size_t nstrs;
	struct gl_u64map edges; /* node << 32 | id -> child */
	uint32_t *term;         /* node -> form + 1, 0 none */
	uint32_t *caps;         /* node -> words of that form that start with a capital */
	uint32_t nnodes, alloc;
	struct gl_strmap cache; /* text word -> offset in alts */
	uint32_t *alts;         /* [count, id, id, ...] per cached word */
	size_t nalts, alts_alloc;
	char **cached; /* the cached words, owned */
	size_t ncached;
};

struct word {
	uint32_t s, e; /* code points of the window */
	bool capital;
	bool looked_up;
	uint8_t nalt;
	uint32_t alt[MAX_ALTS];
};

struct words {
	struct word *v;
	size_t n, alloc;
};

static uint32_t intern(struct gl_stemmer *st, const char *s, bool add)
{
	uint32_t id = gl_strmap_get(&st->ids, s, strlen(s));
	char *copy;

	if (id != UINT32_MAX || !add)
		return id == UINT32_MAX ? 0 : id;
	copy = hx_xstrdup(s);
	st->strs = hx_xreallocarray(st->strs, st->nstrs + 1, sizeof(*st->strs));
	st->strs[st->nstrs++] = copy;
	return gl_strmap_put(&st->ids, copy, (uint32_t)st->nstrs);
}

/* The UTF-8 of code points cp[0, n) into buf (size bytes); false if it does not fit. */
static bool utf8_of(const uint32_t *cp, size_t n, char *buf, size_t size)
{
	int32_t at = 0;

	for (size_t i = 0; i < n; i++) {
		UBool bad = false;

		U8_APPEND((uint8_t *)buf, at, (int32_t)size - 1, (UChar32)cp[i], bad);
		if (bad)
			return false;
	}
	buf[at] = '\0';
	return true;
}

/* The word as hunspell wants it: the original bytes without tatweel, harakat or ’. */
static bool hunspell_word(const char *text, size_t from, size_t to, char *buf, size_t size)
{
	int32_t at = 0;

	for (size_t i = from; i < to;) {
		uint32_t c = gl_next_cp(text, to, &i);
		UBool bad = false;

		if (c == 0x0640 || (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x00AD)
			continue;
		if (c == 0x2019 || c == 0x02BC)
			c = '\'';
		U8_APPEND((uint8_t *)buf, at, (int32_t)size - 1, (UChar32)c, bad);
		if (bad)
			return false;
	}
	buf[at] = '\0';
	return at > 0;
}

/* Adds id to w's alternatives once. */
static void add_alt(struct word *w, uint32_t id)
{
	if (!id || w->nalt >= MAX_ALTS)
		return;
	for (int i = 0; i < w->nalt; i++)
		if (w->alt[i] == id)
			return;
	w->alt[w->nalt++] = id;
}

/* The stems of word, normalised, as ids (interned when add). */
static void stem_ids(struct gl_stemmer *st, const char *word, bool add, struct word *w)
{
	char **list = NULL, key[4 * MAX_WORD];
	struct gl_norm nm = {0};
	int n = Hunspell_stem(st->h, &list, word);

	for (int i = 0; i < n; i++) {
		gl_normalize(list[i], strlen(list[i]), false, &nm);
		if (utf8_of(nm.cp, nm.n, key, sizeof(key)))
			add_alt(w, intern(st, key, add));
	}
	if (list)
		Hunspell_free_list(st->h, &list, n);
	gl_norm_release(&nm);
}

static void split_words(const struct gl_norm *nm, struct words *ws)
{
	ws->n = 0;
	for (size_t i = 0; i < nm->n;) {
		size_t s = i;

		if (!gl_is_word(nm->cp[i])) {
			i++;
			continue;
		}
		while (i < nm->n && (gl_is_word(nm->cp[i]) || (nm->cp[i] == '\'' && i + 1 < nm->n &&
							       gl_is_word(nm->cp[i + 1]))))
			i++;
		if (ws->n == ws->alloc) {
			ws->alloc = ws->alloc ? ws->alloc * 2 : 64;
			ws->v = hx_xreallocarray(ws->v, ws->alloc, sizeof(*ws->v));
		}
		memset(&ws->v[ws->n], 0, sizeof(ws->v[0]));
		ws->v[ws->n].s = (uint32_t)s;
		ws->v[ws->n++].e = (uint32_t)i;
	}
}

/* Between two words of one name: spaces, hyphens, a comma; nothing else. */
static bool gap_ok(const struct gl_norm *nm, const struct word *a, const struct word *b)
{
	if (b->s - a->e > 3)
		return false;
	for (uint32_t i = a->e; i < b->s; i++)
		if (nm->cp[i] != ' ' && nm->cp[i] != '-' && nm->cp[i] != ',')
			return false;
	return true;
}

static bool starts_upper(const char *text, size_t from, size_t to)
{
	size_t i = from;

	return from < to && u_isupper((UChar32)gl_next_cp(text, to, &i));
}

static uint32_t new_node(struct gl_stemmer *st)
{
	if (st->nnodes == st->alloc) {
		st->alloc = st->alloc ? st->alloc * 2 : 1024;
		st->term = hx_xreallocarray(st->term, st->alloc, sizeof(*st->term));
		st->caps = hx_xreallocarray(st->caps, st->alloc, sizeof(*st->caps));
	}
	st->term[st->nnodes] = 0;
	st->caps[st->nnodes] = 0;
	return st->nnodes++;
}

/* Inserts every stem path of one form (at most MAX_PATHS). */
static void insert_paths(struct gl_stemmer *st, const struct word *w, size_t n, uint32_t form,
			 uint32_t caps)
{
	size_t paths = 1;

	for (size_t i = 0; i < n && paths * w[i].nalt <= MAX_PATHS; i++)
		paths *= w[i].nalt;
	for (size_t p = 0; p < paths; p++) {
		uint32_t node = 0;
		size_t rest = p;

		for (size_t i = 0; i < n; i++) {
			size_t k = rest % w[i].nalt;
			uint64_t key = (uint64_t)node << 32 | w[i].alt[k];
			uint32_t child = gl_u64map_get(&st->edges, key);

			rest /= w[i].nalt;
			if (child == UINT32_MAX) {
				child = new_node(st);
				gl_u64map_put(&st->edges, key, child);
			}
			node = child;
		}
		if (!st->term[node]) {
			st->term[node] = form + 1;
			st->caps[node] = caps;
		}
	}
}

static void index_form(struct gl_stemmer *st, const char *s, uint32_t form, struct words *ws)
{
	struct gl_norm nm = {0};
	char key[4 * MAX_WORD], word[4 * MAX_WORD];
	uint32_t caps = 0;

	gl_normalize(s, strlen(s), true, &nm);
	split_words(&nm, ws);
	for (size_t i = 0; i < ws->n && ws->n <= MAX_WORDS; i++) {
		struct word *w = &ws->v[i];

		if ((i && !gap_ok(&nm, &ws->v[i - 1], w)) ||
		    !utf8_of(nm.cp + w->s, w->e - w->s, key, sizeof(key)) ||
		    !hunspell_word(s, nm.start[w->s], nm.end[w->e - 1], word, MAX_WORD)) {
			ws->n = 0; /* not a plain run of words: only matched as written */
			break;
		}
		add_alt(w, intern(st, key, true));
		stem_ids(st, word, true, w);
		if (starts_upper(s, nm.start[w->s], nm.end[w->e - 1]))
			caps |= 1u << i;
	}
	if (ws->n && ws->n <= MAX_WORDS)
		insert_paths(st, ws->v, ws->n, form, caps);
	gl_norm_release(&nm);
}

static void stemmer_free(struct gl_stemmer *st);

/*
 * hunspell keeps a reference-counted table shared by every handle, built and
 * freed without a lock: handles are created and destroyed one at a time
 * (`hexaglot run --jobs N` stems on N threads, one glossary each).
 */
static pthread_mutex_t hunspell_lock = PTHREAD_MUTEX_INITIALIZER;

struct Hunhandle *hx_hunspell_create(const char *aff, const char *dic)
{
	Hunhandle *h;

	pthread_mutex_lock(&hunspell_lock);
	h = Hunspell_create(aff, dic);
	pthread_mutex_unlock(&hunspell_lock);
	return h;
}

void hx_hunspell_destroy(struct Hunhandle *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&hunspell_lock);
	Hunspell_destroy(h);
	pthread_mutex_unlock(&hunspell_lock);
}

static struct gl_stemmer *stemmer_new(const struct hx_glossary *g, enum hx_lang lang)
{
	const char *dict = hx_lang_get(lang)->hunspell;
	char aff[4096], dic[4096];
	struct gl_stemmer *st;
	struct words ws = {0};
	FILE *fp;

	snprintf(aff, sizeof(aff), "%s/%s.aff", g->dict_dir, dict);
	snprintf(dic, sizeof(dic), "%s/%s.dic", g->dict_dir, dict);
	if (!dict[0] || !(fp = fopen(dic, "r")))
		return NULL;
	fclose(fp);
	st = hx_xcalloc(1, sizeof(*st));
	st->h = hx_hunspell_create(aff, dic);
	if (!st->h || strcmp(Hunspell_get_dic_encoding(st->h), "UTF-8")) {
		stemmer_free(st);
		return NULL;
	}
	new_node(st); /* the root */
	for (size_t f = 0; f < g->nforms; f++)
		if (g->forms[f].lang == lang && !(g->forms[f].flags & GL_FORM_ACRONYM) &&
		    g->forms[f].kind != GL_FORM_VERBATIM)
			index_form(st, g->pool + g->forms[f].text, (uint32_t)f, &ws);
	free(ws.v);
	return st;
}

static void stemmer_free(struct gl_stemmer *st)
{
	if (!st)
		return;
	hx_hunspell_destroy(st->h);
	for (size_t i = 0; i < st->nstrs; i++)
		free(st->strs[i]);
	free(st->strs);
	gl_strmap_release(&st->ids);
	gl_u64map_release(&st->edges);
	free(st->term);
	free(st->caps);
	gl_strmap_release(&st->cache);
	free(st->alts);
	for (size_t i = 0; i < st->ncached; i++)
		free(st->cached[i]);
	free(st->cached);
	free(st);
}

void gl_stemmers_free(struct gl_stemmers *s)
{
	if (!s)
		return;
	for (int l = 0; l < HX_LANG_COUNT; l++)
		stemmer_free(s->lang[l]);
	free(s);
}

static struct gl_stemmer *stemmer_for(const struct hx_glossary *g, enum hx_lang lang)
{
	struct gl_stemmers *s = g->stemmers;

	if (!s->tried[lang]) {
		s->tried[lang] = true;
		s->lang[lang] = stemmer_new(g, lang);
	}
	return s->lang[lang];
}

void hx_glossary_warm(const struct hx_glossary *g, enum hx_lang lang)
{
	if (g && g->stemmers && lang >= 0 && lang < HX_LANG_COUNT)
		stemmer_for(g, lang);
}

/* A text word's alternatives: itself and its stems, remembered by the word as written. */
static void lookup_word(struct gl_stemmer *st, const char *text, const struct gl_norm *nm,
			struct word *w)
{
	char key[4 * MAX_WORD], word[4 * MAX_WORD];
	struct word found = {0};
	uint32_t off;

	w->looked_up = true;
	w->capital = starts_upper(text, nm->start[w->s], nm->end[w->e - 1]);
	if (utf8_of(nm->cp + w->s, w->e - w->s, key, sizeof(key)))
		add_alt(w, intern(st, key, false));
	if (!hunspell_word(text, nm->start[w->s], nm->end[w->e - 1], word, MAX_WORD))
		return;
	off = gl_strmap_get(&st->cache, word, strlen(word));
	if (off != UINT32_MAX) {
		for (uint32_t k = 0; k < st->alts[off]; k++)
			add_alt(w, st->alts[off + 1 + k]);
		return;
	}
	stem_ids(st, word, false, &found);
	for (int k = 0; k < found.nalt; k++)
		add_alt(w, found.alt[k]);
	if (st->ncached >= CACHE_MAX)
		return;
	if (st->nalts + MAX_ALTS + 1 > st->alts_alloc) {
		st->alts_alloc = st->alts_alloc ? st->alts_alloc * 2 : 4096;
		st->alts = hx_xreallocarray(st->alts, st->alts_alloc, sizeof(*st->alts));
	}
	off = (uint32_t)st->nalts;
	st->alts[st->nalts++] = found.nalt;
	for (int k = 0; k < found.nalt; k++)
		st->alts[st->nalts++] = found.alt[k];
	st->cached = hx_xreallocarray(st->cached, st->ncached + 1, sizeof(*st->cached));
	st->cached[st->ncached] = hx_xstrdup(word);
	gl_strmap_put(&st->cache, st->cached[st->ncached++], off);
}

struct walk {
	struct gl_stemmer *st;
	const char *text;
	const struct gl_norm *nm;
	struct word *w;
	size_t n, first; /* words; where the walk started */
	size_t best_end; /* one past the last word of the longest match, 0 none */
	uint32_t best_form;
};

/* Every word the form writes with a capital must be one in the text ("Мали", not "мали"). */
static bool capitals_agree(const struct walk *k, uint32_t caps, size_t last)
{
	for (size_t i = k->first; i <= last; i++)
		if ((caps >> (i - k->first) & 1) && !k->w[i].capital)
			return false;
	return true;
}

static void walk(struct walk *k, size_t i, uint32_t node)
{
	struct word *w = &k->w[i];

	if (!w->looked_up)
		lookup_word(k->st, k->text, k->nm, w);
	for (int a = 0; a < w->nalt; a++) {
		uint32_t child = gl_u64map_get(&k->st->edges, (uint64_t)node << 32 | w->alt[a]);

		if (child == UINT32_MAX)
			continue;
		if (k->st->term[child] && i + 1 > k->best_end &&
		    capitals_agree(k, k->st->caps[child], i)) {
			k->best_end = i + 1;
			k->best_form = k->st->term[child] - 1;
		}
		if (i + 1 < k->n && i + 1 - k->first < MAX_WORDS && gap_ok(k->nm, w, &k->w[i + 1]))
			walk(k, i + 1, child);
	}
}

/* Drops the words that overlap an exact match: those are taken already. */
static void drop_matched(struct words *ws, const struct gl_matches *out, size_t first)
{
	size_t kept = 0, m = first;

	for (size_t i = 0; i < ws->n; i++) {
		const struct word *w = &ws->v[i];

		while (m < out->n && out->v[m].start + out->v[m].len <= w->s)
			m++;
		if (m < out->n && out->v[m].start < w->e)
			continue;
		ws->v[kept++] = *w;
	}
	ws->n = kept;
}

void gl_stem_window(const struct hx_glossary *g, const char *text, const struct gl_norm *nm,
		    enum hx_lang lang, size_t first, struct gl_matches *out)
{
	struct gl_stemmer *st = stemmer_for(g, lang);
	struct words ws = {0};

	if (!st || st->nnodes <= 1)
		return;
	split_words(nm, &ws);
	drop_matched(&ws, out, first);
	for (size_t i = 0; i < ws.n;) {
		struct walk k = {st, text, nm, ws.v, ws.n, i, 0, 0};

		walk(&k, i, 0);
		if (!k.best_end || !gl_bounded(nm, ws.v[i].s, ws.v[k.best_end - 1].e)) {
			i++;
			continue;
		}
		gl_matches_add(out, ws.v[i].s, ws.v[k.best_end - 1].e - ws.v[i].s, k.best_form,
			       true);
		i = k.best_end;
	}
	free(ws.v);
}
