/*
 * The prepass of the HTML input: finds the title, the first heading and the
 * footnotes (references, bodies, back-links), and marks them on the tree.
 */
#include <libxml/hash.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_md.h"
#include "mem.h"

/* A label as written ("12", "*"), then "-2" and so on when it is taken. */
#define NOTE_LABEL_MAX 32

/* Links that look like footnote references, and their labels. */
struct candidates {
	struct candidate {
		xmlNode *link;
		char label[16];
	} * v;
	size_t n, alloc;
};

/* Reads the label of a would-be footnote reference: "1", "[12]", "*", "(†)". */
static bool ref_label(const xmlNode *link, char label[16])
{
	struct hx_buf raw = HX_BUF_INIT(128), text = HX_BUF_INIT(128), flat = HX_BUF_INIT(64);
	const char *s;
	size_t len, digits;
	bool ok = false;

	if (!hx_html_gather(link, &raw, " ") &&
	    !hx_html_strip_conditionals(&text, hx_buf_str(&raw), raw.len) &&
	    !hx_html_collapse(&flat, hx_buf_str(&text), text.len)) {
		s = hx_buf_str(&flat);
		len = flat.len;
		if (len > 2 &&
		    ((s[0] == '[' && s[len - 1] == ']') || (s[0] == '(' && s[len - 1] == ')')))
			s++, len -= 2;
		digits = strspn(s, "0123456789");
		ok = (digits == len && len >= 1 && len <= 4) ||
		     (strspn(s, "*") == len && len >= 1 && len <= 3) ||
		     (len > 0 && len < 16 &&
		      (!strncmp(s, "†", len) || !strncmp(s, "‡", len) || !strncmp(s, "††", len)));
		if (ok)
			snprintf(label, 16, "%.*s", (int)len, s);
	}
	hx_buf_release(&raw);
	hx_buf_release(&text);
	hx_buf_release(&flat);
	return ok;
}

static bool attr_mentions(const xmlNode *node, const char *name, const char *const *words)
{
	const char *v = hx_html_attr(node, name);

	for (; v && *words; words++)
		if (strcasestr(v, *words))
			return true;
	return false;
}

/* Whether link sits in a <sup>, holds one, or says it refers to a note. */
static bool ref_context(const xmlNode *link, const char *fragment)
{
	static const char *const hints[] = {"footnote", "noteref", "fnref", "endnote", NULL};
	static const char *const ids[] = {"fn", "ftn", "edn", "note", NULL};
	const xmlNode *p = link->parent;
	int budget = 64;

	for (int up = 0; up < 3 && p && p->type == XML_ELEMENT_NODE; up++, p = p->parent) {
		if (!strcmp((const char *)p->name, "sup"))
			return true;
		if (hx_html_role_of(p) != HX_HTML_INLINE)
			break;
	}
	for (p = link->children; p && budget--; p = hx_html_next(p, link)) {
		while (p->type == XML_ELEMENT_NODE && strcmp((const char *)p->name, "sup") &&
		       p->children)
			p = p->children;
		if (p->type == XML_ELEMENT_NODE && !strcmp((const char *)p->name, "sup"))
			return true;
	}
	for (const char *const *w = ids; *w; w++)
		if (strcasestr(fragment, *w))
			return true;
	return attr_mentions(link, "class", hints) || attr_mentions(link, "role", hints);
}

static void add_candidate(struct candidates *cs, xmlNode *link)
{
	const char *href = hx_html_attr(link, "href");
	char label[16];

	if (!href || href[0] != '#' || !href[1] || !ref_label(link, label) ||
	    !ref_context(link, href + 1))
		return;
	if (cs->n == cs->alloc) {
		cs->alloc = cs->alloc ? 2 * cs->alloc : 16;
		cs->v = hx_xreallocarray(cs->v, cs->alloc, sizeof(*cs->v));
	}
	cs->v[cs->n].link = link;
	memcpy(cs->v[cs->n++].label, label, sizeof(label));
}

/* Finds the title, the first <h1> and the links that may refer to footnotes. */
static void scan(xmlDoc *doc, struct hx_html_scan *sc, struct candidates *cs)
{
	const xmlNode *root = (const xmlNode *)doc, *n = root->children;
	enum hx_html_role role;
	bool down;

	while (n) {
		down = n->type == XML_ELEMENT_NODE;
		role = hx_html_role_of(n);
		if (down && !strcmp((const char *)n->name, "title")) {
			sc->title = sc->title ? sc->title : (xmlNode *)n;
			down = false;
		} else if (role == HX_HTML_DROP && strcmp((const char *)n->name, "head")) {
			down = false;
		} else if (role == HX_HTML_HEADING && !strcmp((const char *)n->name, "h1")) {
			sc->h1 = sc->h1 ? sc->h1 : (xmlNode *)n;
		} else if (role == HX_HTML_LINK) {
			add_candidate(cs, (xmlNode *)n);
		}
		if (down && n->children) {
			n = n->children;
			continue;
		}
		n = hx_html_next(n, root);
	}
}

static bool is_phrasing(const xmlNode *n)
{
	switch (hx_html_role_of(n)) {
	case HX_HTML_INLINE:
	case HX_HTML_LINK:
	case HX_HTML_EM:
	case HX_HTML_STRONG:
	case HX_HTML_CODE:
	case HX_HTML_IMG:
	case HX_HTML_BR:
		return n->type == XML_ELEMENT_NODE;
	case HX_HTML_DROP:
	case HX_HTML_BLOCK:
	case HX_HTML_HEADING:
	case HX_HTML_LIST:
	case HX_HTML_ITEM:
	case HX_HTML_QUOTE:
	case HX_HTML_PRE:
	case HX_HTML_HR:
	case HX_HTML_TABLE:
	case HX_HTML_ROW:
	case HX_HTML_CELL:
		return false;
	}
	return false;
}

static bool is_page(const xmlNode *n)
{
	return !strcmp((const char *)n->name, "body") || !strcmp((const char *)n->name, "html");
}

/* The element holding a footnote's text: target, or the block around an inline target. */
static xmlNode *note_body(xmlNode *target)
{
	xmlNode *n = target;

	while (n && is_phrasing(n))
		n = n->parent;
	if (!n || n->type != XML_ELEMENT_NODE || is_page(n))
		return target;
	return n;
}

static bool contains(const xmlNode *ancestor, const xmlNode *node)
{
	for (; node; node = node->parent)
		if (node == ancestor)
			return true;
	return false;
}

/* Adds a footnote with a label no other footnote of the document has; returns 1 + its index. */
static size_t add_note(xmlHashTablePtr labels, struct hx_html_scan *sc, xmlNode *body,
		       const char *base)
{
	char label[NOTE_LABEL_MAX];

	snprintf(label, sizeof(label), "%s", base);
	for (unsigned k = 2; xmlHashLookup(labels, (const xmlChar *)label); k++)
		snprintf(label, sizeof(label), "%s-%u", base, k);
	if (xmlHashAddEntry(labels, (const xmlChar *)label, sc) < 0)
		return 0;
	if (sc->nnotes == sc->notes_alloc) {
		sc->notes_alloc = sc->notes_alloc ? 2 * sc->notes_alloc : 16;
		sc->notes = hx_xreallocarray(sc->notes, sc->notes_alloc, sizeof(*sc->notes));
	}
	sc->notes[sc->nnotes].body = body;
	sc->notes[sc->nnotes++].label = hx_xstrdup(label);
	hx_html_set_marks(body, HX_HTML_SKIP | (uintptr_t)sc->nnotes << HX_HTML_NOTE_SHIFT);
	return sc->nnotes;
}

/* Turns the candidates whose target exists into footnote references. */
static void resolve_notes(xmlHashTablePtr labels, xmlDoc *doc, struct hx_html_scan *sc,
			  const struct candidates *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		xmlNode *link = cs->v[i].link, *body, *p;
		xmlAttr *id = xmlGetID(doc, (const xmlChar *)hx_html_attr(link, "href") + 1);
		size_t note;

		/* a link back to a reference met earlier is the note's back-link */
		if (!id || id->type != XML_ATTRIBUTE_NODE || !id->parent ||
		    (hx_html_marks(id->parent) & HX_HTML_REF_ANCHOR))
			continue;
		body = note_body(id->parent);
		if (contains(body, link))
			continue;
		note = hx_html_marks(body) >> HX_HTML_NOTE_SHIFT;
		if (!note && !(note = add_note(labels, sc, body, cs->v[i].label)))
			continue;
		hx_html_set_marks(link, HX_HTML_NOTE_REF | HX_HTML_REF_ANCHOR |
						(uintptr_t)note << HX_HTML_NOTE_SHIFT);
		for (p = link->parent;
		     p && hx_html_role_of(p) == HX_HTML_INLINE && p->type == XML_ELEMENT_NODE;
		     p = p->parent)
			hx_html_set_marks(p, HX_HTML_REF_ANCHOR);
	}
}

/* Hides the element that holds the footnotes (div.footnotes, ...) unless it holds text too. */
static void hide_note_containers(const struct hx_html_scan *sc, const struct candidates *cs)
{
	static const char *const words[] = {"footnote", "endnote", NULL};
	xmlNode *p, *outer;

	for (size_t i = 0; i < cs->n; i++) {
		if (!(hx_html_marks(cs->v[i].link) & HX_HTML_NOTE_REF))
			continue;
		for (p = cs->v[i].link->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
			if (hx_html_marks(p) & (HX_HTML_SKIP | HX_HTML_HAS_REF))
				break;
			hx_html_set_marks(p, HX_HTML_HAS_REF);
		}
	}
	for (size_t i = 0; i < sc->nnotes; i++) {
		outer = NULL;
		for (p = sc->notes[i].body->parent; p && p->type == XML_ELEMENT_NODE && !is_page(p);
		     p = p->parent) {
			if (hx_html_marks(p) & HX_HTML_HAS_REF)
				break;
			if (attr_mentions(p, "class", words) || attr_mentions(p, "id", words) ||
			    attr_mentions(p, "role", words) || attr_mentions(p, "style", words))
				outer = p;
		}
		if (outer)
			hx_html_set_marks(outer, HX_HTML_SKIP);
	}
}

void hx_html_scan(xmlDoc *doc, xmlHashTablePtr labels, struct hx_html_scan *sc)
{
	struct candidates cs = {0};

	memset(sc, 0, sizeof(*sc));
	if (!xmlDocGetRootElement(doc))
		return;
	scan(doc, sc, &cs);
	resolve_notes(labels, doc, sc, &cs);
	hide_note_containers(sc, &cs);
	free(cs.v);
}

void hx_html_scan_release(struct hx_html_scan *sc)
{
	for (size_t i = 0; i < sc->nnotes; i++)
		free(sc->notes[i].label);
	free(sc->notes);
	memset(sc, 0, sizeof(*sc));
}
