/*
 * One Aho-Corasick automaton over the normalised forms of all six languages,
 * a double array built once from the sorted keys, level by level. Failure
 * links skip positions where no key may start (inside a word of a spaced script).
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unicode/utf8.h>

#include "mem.h"
#include "terms_int.h"

struct key {
	uint32_t off; /* normalised UTF-8 in the key buffer */
	uint32_t len; /* bytes */
	uint32_t form;
	uint32_t state; /* building: the state reached, the class of its label in the top bits */
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
	free(ac->state);
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

/* A state placed whose failure link waits for its turn (resolve_links). */
struct link {
	uint32_t state;
	uint32_t from;  /* the parent's failure state, GL_FREE for a child of the root */
	uint32_t sym;   /* the state's label, LINK_START if a key may start there */
	uint32_t probe; /* resolving: the slot of from's child along sym */
	uint32_t form;  /* + 1: a key that ends at the state; 0 none */
};

#define LINK_START 0x80000000u

/*
 * The double array as it fills: a bit per slot says it holds a state. Keys
 * are placed level by level, so the states near the root, read at almost
 * every code point of a text, share the first cache lines.
 */
struct builder {
	struct hx_glossary *g;
	struct gl_ac *ac; /* &g->ac */
	uint64_t *used;
	size_t nslots;      /* of ac->state; a multiple of 64 */
	size_t head;        /* word of used: every slot below head * 64 is taken */
	size_t end;         /* one past the highest slot taken */
	uint32_t *label;    /* the children of one state being placed: symbols */
	uint32_t *first;    /* and where their keys begin */
	struct link *links; /* states placed, their failure links not yet known */
	size_t nlinks;
};

#define SLOTS_MAX   ((size_t)1 << 29) /* slot numbers leave 3 bits for a class */
#define PLACE_TRIES 16                /* first fits tried among the old holes */
#define LOOKAHEAD   16                /* keys or links ahead whose states are fetched */
#define LINKS_BATCH 4096              /* links resolved together */

/*
 * Texts read the states at random: with 4 KiB pages nearly every read of a
 * large automaton also misses the TLB. Asked before the pages are touched.
 */
static void ask_huge_pages(void *p, size_t size)
{
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t from = ((uintptr_t)p + huge - 1) & ~(huge - 1),
		  to = ((uintptr_t)p + size) & ~(huge - 1);

	if (to > from) /* only advice: where it fails, the pages are small */
		madvise((void *)from, to - from, MADV_HUGEPAGE);
}

/* Makes slots [0, need) exist, with room behind them for any symbol from any base. */
static bool reserve_slots(struct builder *b, size_t need)
{
	size_t want = need + b->ac->nsyms + 1, n;

	if (want <= b->nslots)
		return true;
	if (want > SLOTS_MAX)
		return false;
	/* the first call asks for what the states need: growing past it is rare */
	n = ((b->nslots ? want + want / 16 : want) + 63) & ~(size_t)63;
	b->ac->state = hx_xreallocarray(b->ac->state, n, sizeof(*b->ac->state));
	ask_huge_pages(b->ac->state, n * sizeof(*b->ac->state));
	b->used = hx_xreallocarray(b->used, n / 64, sizeof(*b->used));
	for (size_t i = b->nslots; i < n; i++)
		b->ac->state[i] = (struct gl_state){0, GL_FREE, 0, 0};
	memset(b->used + b->nslots / 64, 0, (n - b->nslots) / 8);
	b->nslots = n;
	return true;
}

static inline bool slot_free(const struct builder *b, size_t t)
{
	return !(b->used[t >> 6] >> (t & 63) & 1);
}

/* The first free slot at or after x; SIZE_MAX past the cap. */
static size_t next_free(struct builder *b, size_t x)
{
	size_t w = x >> 6;
	uint64_t bits;

	if (!reserve_slots(b, x + 1))
		return SIZE_MAX;
	bits = ~b->used[w] & (~0ull << (x & 63));
	while (!bits) {
		if (!reserve_slots(b, (++w + 1) * 64))
			return SIZE_MAX;
		bits = ~b->used[w];
	}
	return w * 64 + (size_t)__builtin_ctzll(bits);
}

/*
 * A base where the k children (symbols label[], ascending) all find free
 * slots: first fit among the old holes, then past the slots of the last
 * placements, where wide sets of Han children left room. SIZE_MAX: too many.
 */
static size_t place(struct builder *b, size_t k)
{
	const uint32_t *label = b->label;
	size_t span = label[k - 1] - label[0];
	size_t recent = b->end > span + label[0] ? b->end - span : label[0];
	size_t x = next_free(b, b->head * 64 > label[0] ? b->head * 64 : label[0]);

	for (unsigned tries = 0; x != SIZE_MAX; x = next_free(b, x + 1)) {
		size_t base = x - label[0], i = 1;

		if (!reserve_slots(b, base + label[k - 1] + 1))
			return SIZE_MAX;
		while (i < k && slot_free(b, base + label[i]))
			i++;
		if (i == k)
			return base;
		if (++tries == PLACE_TRIES && x + 1 < recent)
			x = recent - 1;
	}
	return SIZE_MAX;
}

static void take_slot(struct builder *b, size_t t, uint32_t parent)
{
	b->used[t >> 6] |= 1ull << (t & 63);
	b->ac->state[t].check = parent;
	if (t >= b->end)
		b->end = t + 1;
	while (b->used[b->head] == ~0ull)
		b->head++;
}

/* Key form, depth code points long, ends at state t: first on its output chain. */
static void add_term(struct hx_glossary *g, uint32_t t, uint32_t form, uint32_t depth)
{
	struct gl_ac *ac = &g->ac;

	ac->terms[ac->nterms] =
		(struct gl_term){form, depth, ac->state[t].out, g->forms[form].flags};
	ac->state[t].out = ++ac->nterms;
}

/* The failure link and output of the state of l, its first probe fetched; a key may end there. */
static void link_state(struct builder *b, const struct link *l, uint32_t depth)
{
	struct gl_ac *ac = b->ac;
	struct gl_state *st = ac->state;
	uint32_t s = l->sym & ~LINK_START, m = l->from, fail = 0;
	bool start = l->sym & LINK_START;

	if (m != GL_FREE) {
		if (st[l->probe].check == m && (m || start))
			fail = l->probe;
		else if (m)
			fail = gl_ac_step(ac, st[m].fail, s, start);
	}
	st[l->state].fail = fail;
	st[l->state].out = st[fail].out;
	if (l->form)
		add_term(b->g, l->state, l->form - 1, depth);
}

/*
 * The links waiting, in a pipeline: each needs the record of its parent's
 * failure state and then that of its child, both far apart in a large
 * automaton, so both are fetched LOOKAHEAD links ahead.
 */
static void resolve_links(struct builder *b, uint32_t depth)
{
	struct gl_state *st = b->ac->state;
	struct link *l = b->links;
	size_t n = b->nlinks;

	for (size_t i = 0; i < n + 2 * LOOKAHEAD; i++) {
		if (i < n && l[i].from != GL_FREE)
			__builtin_prefetch(&st[l[i].from]);
		if (i >= LOOKAHEAD && i - LOOKAHEAD < n && l[i - LOOKAHEAD].from != GL_FREE) {
			struct link *x = &l[i - LOOKAHEAD];

			x->probe = st[x->from].base + (x->sym & ~LINK_START);
			__builtin_prefetch(&st[x->probe]);
		}
		if (i >= 2 * LOOKAHEAD)
			link_state(b, &l[i - 2 * LOOKAHEAD], depth);
	}
	b->nlinks = 0;
}

/* The code point at buf[*at] of a key, advancing *at: the keys are valid UTF-8, written here. */
static inline uint32_t key_cp(const char *buf, size_t *at)
{
	const uint8_t *p = (const uint8_t *)buf + *at;

	if (p[0] < 0x80) {
		*at += 1;
		return p[0];
	}
	if (p[0] < 0xE0) {
		*at += 2;
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	}
	if (p[0] < 0xF0) {
		*at += 3;
		return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	}
	*at += 4;
	return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
	       (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

/*
 * Places the children of the state that keys[from, to) have reached, reading
 * one code point of each; the keys that go on are kept, compacted to *kept.
 * A key that ends here is the first of its child (sorted, it is the shortest).
 */
static bool place_children(struct builder *b, const char *buf, struct key *keys, size_t from,
			   size_t to, size_t *kept)
{
	struct gl_ac *ac = b->ac;
	uint32_t parent = keys[from].state & (SLOTS_MAX - 1);
	unsigned prev = keys[from].state >> 29;
	size_t k = 0, base;

	for (size_t j = from; j < to; j++) {
		size_t at = keys[j].off;
		uint32_t s = gl_ac_symbol(ac, key_cp(buf, &at));

		keys[j].len -= (uint32_t)(at - keys[j].off);
		keys[j].off = (uint32_t)at;
		if (!k || b->label[k - 1] != s) {
			b->label[k] = s;
			b->first[k++] = (uint32_t)j;
		}
	}
	b->first[k] = (uint32_t)to;
	base = place(b, k);
	if (base == SIZE_MAX)
		return false;
	ac->state[parent].base = (uint32_t)base;
	for (size_t c = 0; c < k; c++)
		take_slot(b, base + b->label[c], parent);
	for (size_t c = 0; c < k; c++) {
		uint32_t s = b->label[c], t = (uint32_t)(base + s), j = b->first[c];
		struct link *l = &b->links[b->nlinks++];

		l->state = t;
		l->from = parent ? ac->state[parent].fail : GL_FREE;
		l->sym = s | (gl_may_start(prev, ac->symclass[s]) ? LINK_START : 0);
		l->form = keys[j].len ? 0 : keys[j++].form + 1;
		for (; j < b->first[c + 1]; j++) {
			keys[*kept] = keys[j];
			keys[(*kept)++].state = t | (uint32_t)ac->symclass[s] << 29;
		}
	}
	return true;
}

/* The states, level by level: each pass reads one more code point of every key still going. */
static bool build_levels(struct builder *b, const char *buf, struct key *keys, size_t n)
{
	for (uint32_t depth = 1; n; depth++) {
		size_t kept = 0;

		for (size_t i = 0, j; i < n; i = j) {
			if (i + LOOKAHEAD < n) /* the parents ahead, whose bases are set */
				__builtin_prefetch(
					&b->ac->state[keys[i + LOOKAHEAD].state & (SLOTS_MAX - 1)]);
			for (j = i + 1; j < n && keys[j].state == keys[i].state; j++)
				;
			if (!place_children(b, buf, keys, i, j, &kept))
				return false;
			if (b->nlinks >= LINKS_BATCH)
				resolve_links(b, depth);
		}
		resolve_links(b, depth); /* the next level's links read this one's */
		n = kept;
	}
	return true;
}

/* The keys' text rewritten in their sorted order, so that each level reads it in sequence. */
static void pack_keys(struct hx_buf *buf, struct key *keys, size_t n)
{
	char *packed = hx_xmalloc(buf->len + 1);
	size_t at = 0;

	for (size_t i = 0; i < n; i++) {
		memcpy(packed + at, buf->data + keys[i].off, keys[i].len);
		keys[i].off = (uint32_t)at;
		at += keys[i].len;
	}
	packed[at] = '\0';
	free(buf->data);
	buf->data = packed;
	buf->len = at;
	buf->alloc = buf->len + 1;
}

enum hx_err gl_build_automaton(struct hx_glossary *g, struct hx_diag *diag)
{
	struct gl_ac *ac = &g->ac;
	struct hx_buf buf = HX_BUF_INIT((size_t)UINT32_MAX);
	size_t nkeys, nodes;
	struct key *keys = collect_keys(g, &buf, &nkeys);
	struct builder b = {g, ac};
	bool ok;

	buf.data = hx_xrealloc(buf.data, buf.len + 1); /* the doubling slack, before the states */
	buf.alloc = buf.len + 1;
	number_symbols(ac);
	sort_keys(keys, nkeys, buf.data);
	pack_keys(&buf, keys, nkeys);
	nkeys = dedupe_keys(g, buf.data, keys, nkeys);
	nodes = count_nodes(buf.data, keys, nkeys, &ac->maxlen);
#ifndef __SANITIZE_ADDRESS__ /* ASan's allocator is not glibc's: its malloc_trim can crash */
	malloc_trim(0); /* the sort's arrays, given back before the states take their place */
#endif
	ac->terms = hx_xcalloc(nkeys ? nkeys : 1, sizeof(*ac->terms));
	b.label = hx_xreallocarray(NULL, ac->nsyms + 2, sizeof(*b.label));
	b.first = hx_xreallocarray(NULL, ac->nsyms + 2, sizeof(*b.first));
	b.links = hx_xreallocarray(NULL, LINKS_BATCH + ac->nsyms + 1, sizeof(*b.links));
	ok = nodes < SLOTS_MAX && reserve_slots(&b, nodes + nodes / 256 + 64);
	if (ok) {
		take_slot(&b, 0, GL_FREE); /* the root, nobody's child */
		ok = build_levels(&b, buf.data, keys, nkeys);
	}
	free(keys);
	hx_buf_release(&buf);
	free(b.used);
	free(b.label);
	free(b.first);
	free(b.links);
	if (!ok)
		return hx_fail(diag, HX_E_LIMIT,
			       "the glossaries need %zu automaton states, too many", nodes);
	/* trimmed to the states and the room behind the last for any symbol */
	ac->state = hx_xreallocarray(ac->state, b.end + ac->nsyms + 1, sizeof(*ac->state));
	ac->nnodes = (uint32_t)nodes;
	ac->nextra = (uint32_t)(b.end + ac->nsyms + 1 - nodes);
	g->nkeys = nkeys;
	return HX_OK;
}
