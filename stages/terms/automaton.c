/*
 * One Aho-Corasick automaton over the normalised forms of all six languages,
 * built once from the sorted keys. States are numbered in preorder, so the
 * first child of n is n + 1 and walking down a key reads memory in sequence;
 * the other children sit in a side table. Failure links skip positions where
 * no key may start (inside a word of a spaced script).
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#include "mem.h"
#include "terms_int.h"

struct key {
	uint32_t off; /* normalised UTF-8 in the key buffer */
	uint32_t len; /* bytes */
	uint32_t form;
};

/* The first 8 bytes of a key as a number that orders like them (zeros past the end). */
static inline uint64_t prefix8(const char *p, uint32_t len)
{
	uint64_t v = 0;

	memcpy(&v, p, len < 8 ? len : 8);
	return __builtin_bswap64(v);
}

/* Radix sort on the 8-byte prefixes, then the keys sharing one sorted in full. */
struct prefixed {
	uint64_t prefix;
	uint32_t key, pad;
};

static int compare_keys(const void *a, const void *b, void *arg);

static void radix_pass(struct prefixed *from, struct prefixed *to, size_t n, int shift)
{
	size_t count[257] = {0};

	for (size_t i = 0; i < n; i++)
		count[(from[i].prefix >> shift & 0xff) + 1]++;
	for (int b = 0; b < 256; b++)
		count[b + 1] += count[b];
	for (size_t i = 0; i < n; i++)
		to[count[from[i].prefix >> shift & 0xff]++] = from[i];
}

static void sort_keys(struct key *keys, size_t n, const char *buf)
{
	struct prefixed *a = hx_xreallocarray(NULL, n ? n : 1, sizeof(*a));
	struct prefixed *b = hx_xreallocarray(NULL, n ? n : 1, sizeof(*b)), *t;
	struct key *sorted = hx_xreallocarray(NULL, n ? n : 1, sizeof(*sorted));

	for (size_t i = 0; i < n; i++)
		a[i] = (struct prefixed){prefix8(buf + keys[i].off, keys[i].len), (uint32_t)i, 0};
	for (int shift = 0; shift < 64; shift += 8) {
		radix_pass(a, b, n, shift); /* stable, so key order breaks ties */
		t = a;
		a = b;
		b = t;
	}
	for (size_t i = 0; i < n; i++)
		sorted[i] = keys[a[i].key];
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && a[j].prefix == a[i].prefix; j++)
			;
		if (j - i > 1)
			qsort_r(sorted + i, j - i, sizeof(*sorted), compare_keys, (void *)buf);
	}
	memcpy(keys, sorted, n * sizeof(*keys));
	free(sorted);
	free(a);
	free(b);
}

static int compare_keys(const void *a, const void *b, void *arg)
{
	const struct key *x = a, *y = b;
	const char *buf = arg;
	uint64_t px = prefix8(buf + x->off, x->len), py = prefix8(buf + y->off, y->len);
	uint32_t n = x->len < y->len ? x->len : y->len;
	int c;

	if (px != py)
		return px < py ? -1 : 1;
	c = n > 8 ? memcmp(buf + x->off + 8, buf + y->off + 8, n - 8) : 0;
	if (c)
		return c; /* UTF-8 byte order is code point order, hence symbol order */
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->form < y->form ? -1 : x->form > y->form;
}

void gl_ac_release(struct gl_ac *ac)
{
	free(ac->node);
	free(ac->extra);
	free(ac->root_next);
	free(ac->symclass);
	free(ac->terms);
	for (size_t p = 0; p < sizeof(ac->page) / sizeof(ac->page[0]); p++)
		free(ac->page[p]);
	memset(ac, 0, sizeof(*ac));
}

static void mark_cp(struct gl_ac *ac, uint32_t cp)
{
	uint32_t **page = &ac->page[cp >> 8];

	if (!*page)
		*page = hx_xcalloc(256, sizeof(**page));
	(*page)[cp & 0xff] = 1;
}

/* The normalised keys of every form as UTF-8 in one buffer; their code points marked. */
static struct key *collect_keys(struct hx_glossary *g, struct hx_buf *buf, size_t *nkeys)
{
	struct gl_norm nm = {0};
	struct key *keys = hx_xcalloc(g->nforms ? g->nforms : 1, sizeof(*keys));
	size_t n = 0;

	for (size_t f = 0; f < g->nforms; f++) {
		const char *s = g->pool + g->forms[f].text;
		size_t at = buf->len;

		gl_normalize(s, strlen(s), false, &nm);
		for (size_t i = 0; i < nm.n; i++) {
			uint32_t cp = nm.cp[i] < 0x110000 ? nm.cp[i] : 0xFFFD;

			hx_buf_add_utf8(buf, cp);
			mark_cp(&g->ac, cp);
		}
		if (buf->len == at || buf->len > UINT32_MAX)
			continue;
		keys[n].off = (uint32_t)at;
		keys[n].len = (uint32_t)(buf->len - at);
		keys[n++].form = (uint32_t)f;
	}
	gl_norm_release(&nm);
	*nkeys = n;
	return keys;
}

/* Symbols 1..nsyms in code point order, and the class of each. */
static void number_symbols(struct gl_ac *ac)
{
	for (uint32_t p = 0; p < sizeof(ac->page) / sizeof(ac->page[0]); p++)
		for (uint32_t j = 0; ac->page[p] && j < 256; j++)
			if (ac->page[p][j])
				ac->page[p][j] = ++ac->nsyms;
	ac->symclass = hx_xcalloc(ac->nsyms + 1, 1);
	for (uint32_t p = 0; p < sizeof(ac->page) / sizeof(ac->page[0]); p++)
		for (uint32_t j = 0; ac->page[p] && j < 256; j++)
			if (ac->page[p][j])
				ac->symclass[ac->page[p][j]] = (uint8_t)gl_class(p << 8 | j);
}

unsigned gl_class(uint32_t cp)
{
	bool clitic = cp == 0x0648 || cp == 0x0641 || cp == 0x0628 || cp == 0x0643 || cp == 0x0644;

	return (gl_is_word(cp) ? GL_CLASS_WORD : 0) |
	       (gl_is_arabic_letter(cp) ? GL_CLASS_ARABIC : 0) | (clitic ? GL_CLASS_CLITIC : 0);
}

/* Drops repeated keys; one mapped to a second concept is a problem at the second's line. */
static size_t dedupe_keys(struct hx_glossary *g, const char *buf, struct key *keys, size_t n)
{
	size_t kept = 0;
	uint32_t reported = UINT32_MAX;

	for (size_t i = 0; i < n; i++) {
		const struct key *prev = kept ? &keys[kept - 1] : NULL;

		if (prev && prev->len == keys[i].len &&
		    !memcmp(buf + prev->off, buf + keys[i].off, prev->len)) {
			const struct gl_form *a = &g->forms[prev->form],
					     *b = &g->forms[keys[i].form];
			const struct hx_gl_entry *ea = &g->entries[a->entry],
						 *eb = &g->entries[b->entry];

			if (a->entry != b->entry && reported != b->entry)
				gl_problem(g, eb->file, eb->line, true,
					   "the same term '%s' is mapped to two concepts: '%s' "
					   "(%s:%u) "
					   "and '%s'; the second is ignored for it",
					   g->pool + b->text, ea->id, g->files[ea->file].name,
					   ea->line, eb->id);
			if (a->entry != b->entry)
				reported = b->entry;
			continue;
		}
		keys[kept++] = keys[i];
	}
	return kept;
}

/* Bytes of a and b in common, cut back to a code point boundary. */
static uint32_t common_bytes(const char *buf, const struct key *a, const struct key *b)
{
	uint32_t m = 0, n = a->len < b->len ? a->len : b->len;

	while (m < n && buf[a->off + m] == buf[b->off + m])
		m++;
	while (m > 0 && m < b->len && ((unsigned char)buf[b->off + m] & 0xC0) == 0x80)
		m--;
	return m;
}

static uint32_t count_cps(const char *s, uint32_t len)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* States: the root and one per code point not shared with the previous key. */
static size_t count_nodes(const char *buf, const struct key *keys, size_t n, uint32_t *maxlen)
{
	size_t nodes = 1;

	*maxlen = 0;
	for (size_t k = 0; k < n; k++) {
		uint32_t m = k ? common_bytes(buf, &keys[k - 1], &keys[k]) : 0;
		uint32_t cps = count_cps(buf + keys[k].off, keys[k].len);

		nodes += count_cps(buf + keys[k].off + m, keys[k].len - m);
		if (cps > *maxlen)
			*maxlen = cps;
	}
	return nodes;
}

struct pair { /* a child that is not its parent's first */
	uint32_t parent, label, target;
};

static int compare_pairs(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return x->label < y->label ? -1 : x->label > y->label;
}

/* Creates the states in preorder; the terminal of each key carries its term (flagged). */
static struct pair *build_trie(struct gl_ac *ac, const char *buf, const struct key *keys,
			       size_t nkeys, size_t *npairs)
{
	struct gl_node *node = ac->node;
	uint32_t *path = hx_xcalloc(ac->maxlen + 2, sizeof(*path)), next = 1;
	/* a key adds at most one child that is not a first one: where it leaves the previous */
	struct pair *pairs = hx_xreallocarray(NULL, nkeys ? nkeys : 1, sizeof(*pairs));
	size_t np = 0;

	for (size_t k = 0; k < nkeys; k++) {
		uint32_t m = k ? common_bytes(buf, &keys[k - 1], &keys[k]) : 0;
		uint32_t depth = count_cps(buf + keys[k].off, m);
		size_t i = keys[k].off + m, end = (size_t)keys[k].off + keys[k].len;

		while (i < end) {
			uint32_t s = gl_ac_symbol(ac, gl_next_cp(buf, end, &i)),
				 parent = path[depth];
			uint32_t id = next++;

			if (id == parent + 1) {
				node[parent].first =
					s; /* preorder: a first child follows its parent */
			} else {
				pairs[np++] = (struct pair){parent, s, id};
			}
			path[++depth] = id;
		}
		node[path[depth]].out = GL_NODE_TERMINAL | ac->nterms;
		ac->terms[ac->nterms].form = keys[k].form;
		ac->terms[ac->nterms++].len = depth;
	}
	free(path);
	*npairs = np;
	return pairs;
}

/* The other children, grouped by parent: those of n are extra[node[n].extra, node[n + 1].extra). */
static void build_extras(struct gl_ac *ac, struct pair *pairs, size_t np)
{
	size_t k = 0;

	qsort(pairs, np, sizeof(*pairs), compare_pairs);
	ac->extra = hx_xcalloc(np ? np : 1, sizeof(*ac->extra));
	for (uint32_t n = 0; n <= ac->nnodes; n++) {
		ac->node[n].extra = (uint32_t)k;
		while (k < np && pairs[k].parent == n) {
			ac->extra[k].label = pairs[k].label;
			ac->extra[k].target = pairs[k].target;
			k++;
		}
	}
}

/* The failure link and the output chain of child c (label s) of n, whose label had class prev. */
static void link_child(struct gl_ac *ac, uint32_t n, uint32_t c, uint32_t s, unsigned prev)
{
	struct gl_node *node = ac->node;
	uint32_t out = node[c].out;

	node[c].fail = n ? gl_ac_step(ac, node[n].fail, s, gl_may_start(prev, ac->symclass[s])) : 0;
	if (out & GL_NODE_TERMINAL) {
		ac->terms[out & ~GL_NODE_TERMINAL].next = node[node[c].fail].out;
		node[c].out = (out & ~GL_NODE_TERMINAL) + 1;
	} else {
		node[c].out = node[node[c].fail].out;
	}
}

/* Links child c of n and queues it with the class of its label in the top bits. */
static void visit(struct gl_ac *ac, uint32_t *queue, uint32_t *tail, uint32_t n, uint32_t c,
		  uint32_t s, unsigned prev)
{
	if (!n)
		ac->root_next[s] = c;
	link_child(ac, n, c, s, prev);
	queue[(*tail)++] = c | (uint32_t)ac->symclass[s] << 29;
}

/* Failure links breadth first: a link goes to a shallower state, linked before. */
static void link_states(struct gl_ac *ac)
{
	struct gl_node *node = ac->node;
	uint32_t *queue = hx_xreallocarray(NULL, ac->nnodes, sizeof(*queue)), head = 0, tail = 0;

	ac->root_next = hx_xcalloc(ac->nsyms + 1, sizeof(*ac->root_next));
	queue[tail++] = 0;
	while (head < tail) {
		uint32_t n = queue[head] & 0x1FFFFFFF, prev = queue[head++] >> 29;

		/* breadth first over states numbered depth first: fetch ahead */
		if (head + 16 < tail)
			__builtin_prefetch(&node[queue[head + 16] & 0x1FFFFFFF]);

		if (node[n].first)
			visit(ac, queue, &tail, n, n + 1, node[n].first, prev);
		for (uint32_t e = node[n].extra; e < node[n + 1].extra; e++)
			visit(ac, queue, &tail, n, ac->extra[e].target, ac->extra[e].label, prev);
	}
	free(queue);
}

enum hx_err gl_build_automaton(struct hx_glossary *g, struct hx_diag *diag)
{
	struct gl_ac *ac = &g->ac;
	struct hx_buf buf = HX_BUF_INIT((size_t)UINT32_MAX);
	size_t nkeys, nodes, npairs;
	struct key *keys = collect_keys(g, &buf, &nkeys);
	struct pair *pairs;

	buf.data = hx_xrealloc(buf.data, buf.len + 1); /* the doubling slack, before the states */
	buf.alloc = buf.len + 1;
	number_symbols(ac);
	sort_keys(keys, nkeys, buf.data);
	nkeys = dedupe_keys(g, buf.data, keys, nkeys);
	nodes = count_nodes(buf.data, keys, nkeys, &ac->maxlen);
	malloc_trim(0); /* the sort's arrays, given back before the states take their place */
	if (nodes >= (1u << 29)) {
		free(keys);
		hx_buf_release(&buf);
		return hx_fail(diag, HX_E_LIMIT,
			       "the glossaries need %zu automaton states, too many", nodes);
	}
	ac->nnodes = (uint32_t)nodes;
	ac->node = hx_xcalloc(nodes + 1, sizeof(*ac->node));
	ac->terms = hx_xcalloc(nkeys ? nkeys : 1, sizeof(*ac->terms));
	pairs = build_trie(ac, buf.data, keys, nkeys, &npairs);
	free(keys);
	hx_buf_release(&buf);
	build_extras(ac, pairs, npairs);
	free(pairs);
	ac->nextra = (uint32_t)npairs;
	link_states(ac);
	g->nkeys = nkeys;
	return HX_OK;
}
