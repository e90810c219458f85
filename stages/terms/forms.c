/*
 * From the variants as written to the forms the automaton matches: UNTERM's
 * "Netherlands (the)" is also "the Netherlands" and "Netherlands", its
 * "Bolivia (Plurinational State of)" also "Plurinational State of Bolivia".
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "mem.h"
#include "terms_int.h"

#define MAX_VARIANTS 255

static uint32_t pool_add(struct hx_glossary *g, const char *s, size_t len)
{
	uint32_t at;

	if (g->pool_len + len + 1 > g->pool_alloc) {
		while (g->pool_len + len + 1 > g->pool_alloc)
			g->pool_alloc = g->pool_alloc ? g->pool_alloc * 2 : 65536;
		g->pool = hx_xrealloc(g->pool, g->pool_alloc);
	}
	at = (uint32_t)g->pool_len;
	memcpy(g->pool + at, s, len);
	g->pool[at + len] = '\0';
	g->pool_len += len + 1;
	return at;
}

/* GL_FORM_ACRONYM for "WHO", "UNDP", "ООН"; GL_FORM_CAPITAL when the first letter is one. */
static uint8_t form_flags(const char *s, size_t len)
{
	size_t upper = 0, i = 0;
	bool first = true, capital = false;

	while (i < len) {
		UChar32 c = (UChar32)(unsigned char)s[i];

		if (c >= 'a' && c <= 'z')
			return capital ? GL_FORM_CAPITAL : 0; /* a lower-case letter: no acronym */
		if (c < 0x80)
			i++;
		else
			c = (UChar32)gl_next_cp(s, len, &i);
		if (c < 0x80 ? !((c >= 'A' && c <= 'Z')) : !u_isalpha(c))
			continue;
		if (u_islower(c))
			return capital ? GL_FORM_CAPITAL : 0;
		if (first)
			capital = u_isupper(c) || u_istitle(c);
		first = false;
		upper += u_isupper(c) != 0;
	}
	return (uint8_t)((upper >= 2 ? GL_FORM_ACRONYM : 0) | (capital ? GL_FORM_CAPITAL : 0));
}

static void add_form(struct hx_glossary *g, uint32_t entry, int lang, int variant,
		     enum gl_form_kind kind, const char *s, size_t len)
{
	struct gl_form *f;

	if (g->nforms == g->forms_alloc) {
		g->forms_alloc = g->forms_alloc ? g->forms_alloc * 2 : 1024;
		g->forms = hx_xreallocarray(g->forms, g->forms_alloc, sizeof(*g->forms));
	}
	f = &g->forms[g->nforms++];
	f->entry = entry;
	f->text = pool_add(g, s, len);
	f->lang = (uint8_t)lang;
	f->variant = (uint8_t)variant;
	f->kind = (uint8_t)kind;
	f->flags = form_flags(s, len);
}

static bool is_article(int lang, const char *p)
{
	static const char *const en[] = {"the", NULL},
				 *const fr[] = {"le", "la", "les", "l'", NULL},
				 *const es[] = {"el", "la", "los", "las", NULL};
	const char *const *list = lang == HX_LANG_EN   ? en
				  : lang == HX_LANG_FR ? fr
				  : lang == HX_LANG_ES ? es
						       : NULL;

	for (; list && *list; list++)
		if (!strcmp(p, *list))
			return true;
	return false;
}

static bool ends_with_word(const char *p, const char *word)
{
	size_t n = strlen(p), w = strlen(word);

	return n > w && p[n - w - 1] == ' ' && !strcmp(p + n - w, word);
}

/* UNTERM's inverted names: "(Plurinational State of)", "(République islamique d')", ... */
static bool is_inversion(int lang, const char *p)
{
	size_t n = strlen(p);

	switch ((enum hx_lang)lang) {
	case HX_LANG_EN:
		return ends_with_word(p, "of");
	case HX_LANG_FR:
		return ends_with_word(p, "de") || ends_with_word(p, "du") ||
		       ends_with_word(p, "des") || (n > 2 && !strcmp(p + n - 2, "d'"));
	case HX_LANG_ES:
		return ends_with_word(p, "de") || ends_with_word(p, "del");
	case HX_LANG_RU:
		for (size_t i = 0; i < n;) {
			size_t at = i;
			UChar32 c = (UChar32)gl_next_cp(p, n, &i);

			if ((at == 0 || p[at - 1] == ' ') && !u_isupper(c))
				return false;
		}
		return n > 0;
	case HX_LANG_AR:
		return strstr(p, " - ") || strchr(p, '_');
	case HX_LANG_ZH:
	case HX_LANG_COUNT:
	case HX_LANG_NONE:
		break;
	}
	return false;
}

/* "P X", "P'X" for an elided article or preposition, "A X B" for Arabic's "A - B" or "A _ B". */
static void put_before(struct hx_buf *out, int lang, const char *x, size_t xlen, const char *p)
{
	const char *dash = lang == HX_LANG_AR ? strstr(p, " - ") : NULL;
	const char *hole = lang == HX_LANG_AR && !dash ? strchr(p, '_') : NULL;
	size_t plen = strlen(p);

	if (dash || hole) {
		const char *a_end = dash ? dash : hole, *rest = dash ? dash + 3 : hole + 1;

		while (a_end > p && a_end[-1] == ' ')
			a_end--;
		while (*rest == ' ')
			rest++;
		hx_buf_add(out, p, (size_t)(a_end - p));
		if (a_end > p)
			hx_buf_addc(out, ' ');
		hx_buf_add(out, x, xlen);
		if (*rest) {
			hx_buf_addc(out, ' ');
			hx_buf_adds(out, rest);
		}
		return;
	}
	hx_buf_add(out, p, plen);
	if (!(plen && p[plen - 1] == '\''))
		hx_buf_addc(out, ' ');
	hx_buf_add(out, x, xlen);
}

static void expand_variant(struct hx_glossary *g, uint32_t entry, int lang, int variant,
			   const char *v, size_t len)
{
	const char *open = NULL;
	struct hx_buf b = HX_BUF_INIT(0);
	char *p;
	size_t xlen;

	for (size_t i = 0; i + 1 < len; i++)
		if (v[i] == ' ' && v[i + 1] == '(')
			open = v + i;
	if (!open || v[len - 1] != ')' || memchr(open + 2, '(', (size_t)(v + len - open - 2)) ||
	    memchr(open + 2, ')', (size_t)(v + len - 1 - open - 2))) {
		add_form(g, entry, lang, variant, GL_FORM_PLAIN, v, len);
		return;
	}
	xlen = (size_t)(open - v);
	p = hx_xstrndup(open + 2, (size_t)(v + len - 1 - open - 2));
	if (is_article(lang, p)) {
		add_form(g, entry, lang, variant, GL_FORM_BARE, v, xlen);
		put_before(&b, lang, v, xlen, p);
		add_form(g, entry, lang, variant, GL_FORM_ARTICLE, b.data, b.len);
	} else if (is_inversion(lang, p)) {
		add_form(g, entry, lang, variant, GL_FORM_VERBATIM, v, len);
		put_before(&b, lang, v, xlen, p);
		add_form(g, entry, lang, variant, GL_FORM_UNINVERTED, b.data, b.len);
	} else {
		add_form(g, entry, lang, variant, GL_FORM_PLAIN, v, len);
	}
	hx_buf_release(&b);
	free(p);
}

/* Splits a cell at '|' into its variants, trimmed, empty ones skipped. */
static void expand_cell(struct hx_glossary *g, uint32_t entry, int lang, const char *cell)
{
	int variant = 0;

	while (*cell && variant < MAX_VARIANTS) {
		const char *bar = strchr(cell, '|'), *end = bar ? bar : cell + strlen(cell);
		const char *s = cell;

		while (s < end && *s == ' ')
			s++;
		while (end > s && end[-1] == ' ')
			end--;
		if (end > s)
			expand_variant(g, entry, lang, variant++, s, (size_t)(end - s));
		if (!bar)
			break;
		cell = bar + 1;
	}
}

void gl_build_forms(struct hx_glossary *g)
{
	g->eforms = hx_xcalloc(g->nentries ? g->nentries : 1, sizeof(*g->eforms));
	for (size_t e = 0; e < g->nentries; e++) {
		for (int l = 0; l < HX_LANG_COUNT; l++) {
			g->eforms[e][l] = (uint32_t)g->nforms;
			expand_cell(g, (uint32_t)e, l, g->entries[e].cell[l]);
		}
		g->eforms[e][HX_LANG_COUNT] = (uint32_t)g->nforms;
	}
	/* what grew by doubling, trimmed before the automaton needs the memory */
	g->forms = hx_xreallocarray(g->forms, g->nforms ? g->nforms : 1, sizeof(*g->forms));
	g->forms_alloc = g->nforms;
	g->pool = hx_xrealloc(g->pool, g->pool_len ? g->pool_len : 1);
	g->pool_alloc = g->pool_len;
	g->entries =
		hx_xreallocarray(g->entries, g->nentries ? g->nentries : 1, sizeof(*g->entries));
	g->entries_alloc = g->nentries;
}

static bool kind_fits(enum gl_form_kind want, enum gl_form_kind have)
{
	if (want == GL_FORM_PLAIN || want == GL_FORM_BARE)
		return have == GL_FORM_PLAIN || have == GL_FORM_BARE;
	return want == have;
}

uint32_t gl_target_form(const struct hx_glossary *g, uint32_t found, enum hx_lang lang)
{
	const struct gl_form *f = &g->forms[found];
	uint32_t lo = g->eforms[f->entry][lang], hi = g->eforms[f->entry][lang + 1];
	uint32_t first = UINT32_MAX;
	int variant = 0;

	for (uint32_t i = lo; i < hi; i++)
		if (g->forms[i].variant == f->variant)
			variant = f->variant;
	for (uint32_t i = lo; i < hi; i++) {
		if (g->forms[i].variant != variant)
			continue;
		if (first == UINT32_MAX)
			first = i;
		if (kind_fits(f->kind, g->forms[i].kind))
			return i;
	}
	return first;
}
