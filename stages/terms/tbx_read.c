/*
 * TBX import, tolerant of what CAT tools and term bases write: TBX-Basic v2
 * (martif/termEntry/langSet/tig or ntig), TBX v3 (tbx/conceptEntry/langSec/
 * termSec), any namespace, language tags in any case ("EN-US", "zh_CN", "eng").
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"
#include "terms_int.h"

#define X(s) ((const xmlChar *)(s))

static bool named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The text of n, whitespace runs as one space, trimmed; newly allocated. */
static char *text_of(const xmlNode *n)
{
	xmlChar *raw = xmlNodeGetContent(n);
	struct hx_buf b = HX_BUF_INIT(0);
	bool space = false;

	for (const char *s = raw ? (const char *)raw : ""; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			hx_buf_addc(&b, ' ');
		space = false;
		hx_buf_addc(&b, *s);
	}
	xmlFree(raw);
	return hx_buf_detach(&b, NULL);
}

static char *attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, X(name));
	char *s = hx_xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

/* xml:lang (or a bare lang attribute) as one of the six; HX_LANG_NONE otherwise. */
static enum hx_lang lang_of(const xmlNode *n, char *tag, size_t size)
{
	xmlChar *v = xmlGetNsProp(n, X("lang"), XML_XML_NAMESPACE);
	enum hx_lang lang;
	char *dash;

	if (!v)
		v = xmlGetProp(n, X("lang"));
	snprintf(tag, size, "%s", v ? (const char *)v : "");
	xmlFree(v);
	lang = hx_lang_parse(tag);
	if (lang == HX_LANG_NONE && (dash = strpbrk(tag, "-_"))) {
		char primary[16];

		snprintf(primary, sizeof(primary), "%.*s", (int)(dash - tag), tag);
		lang = hx_lang_parse(primary);
	}
	return lang;
}

struct tbx_entry {
	struct hx_gl_entry e;
	struct hx_buf cell[HX_LANG_COUNT], note;
	size_t dropped; /* deprecated terms left out */
};

static void append(struct hx_buf *b, const char *sep, const char *s)
{
	if (!s[0])
		return;
	if (b->len)
		hx_buf_adds(b, sep);
	hx_buf_adds(b, s);
}

/* A term as a variant: no '|' or tab can stay in it. */
static void add_variant(struct hx_buf *cell, char *term, bool preferred)
{
	struct hx_buf v = HX_BUF_INIT(0);

	for (char *p = term; *p; p++)
		if (*p == '|' || *p == '\t')
			*p = '/';
	if (!term[0])
		return;
	if (preferred && cell->len) {
		hx_buf_adds(&v, term);
		hx_buf_addc(&v, '|');
		hx_buf_add(&v, cell->data, cell->len);
		hx_buf_reset(cell);
		hx_buf_add(cell, v.data, v.len);
	} else {
		append(cell, "|", term);
	}
	hx_buf_release(&v);
}

/* A tig, ntig or termSec: its term, unless marked deprecated. */
static void read_term_group(struct tbx_entry *t, const xmlNode *grp, struct hx_buf *cell)
{
	const xmlNode *stack[8] = {grp};
	int depth = 1;
	char *term = NULL, *status = NULL;

	while (depth > 0) {
		const xmlNode *n = stack[--depth];

		for (const xmlNode *c = n->children; c; c = c->next) {
			if (named(c, "term") && !term)
				term = text_of(c);
			else if (named(c, "termNote") && !status) {
				char *type = attr(c, "type");

				if (!strcmp(type, "administrativeStatus"))
					status = text_of(c);
				free(type);
			} else if (c->type == XML_ELEMENT_NODE && c->children && depth < 8)
				stack[depth++] = c; /* ntig/termGrp */
		}
	}
	if (term && status &&
	    (strstr(status, "deprecated") || strstr(status, "superseded") ||
	     strstr(status, "notRecommended") || strstr(status, "forbidden")))
		t->dropped++;
	else if (term)
		add_variant(cell, term, status && strstr(status, "preferred"));
	free(term);
	free(status);
}

static void read_lang_set(struct hx_glossary *g, struct tbx_entry *t, const xmlNode *ls)
{
	char tag[64];
	enum hx_lang lang = lang_of(ls, tag, sizeof(tag));

	if (lang == HX_LANG_NONE) {
		gl_problem(g, t->e.file, t->e.line, false,
			   "language '%s' is not one of ar zh en fr ru es; its terms are skipped",
			   tag);
		return;
	}
	for (const xmlNode *c = ls->children; c; c = c->next) {
		if (named(c, "tig") || named(c, "ntig") || named(c, "termSec"))
			read_term_group(t, c, &t->cell[lang]);
		else if (named(c, "term")) {
			char *term = text_of(c);

			add_variant(&t->cell[lang], term, false);
			free(term);
		}
	}
}

/* A note, descrip or admin of the concept: hexaglot's type and status, or a note, or the source. */
static void read_concept_info(struct tbx_entry *t, const xmlNode *c)
{
	char *type = attr(c, "type"), *text = text_of(c);

	if (named(c, "note") && !strncmp(text, "hexaglot-type: ", 15))
		gl_parse_type(text + 15, &t->e.type);
	else if (named(c, "note") && !strncmp(text, "hexaglot-status: ", 17)) {
		free(t->e.status);
		t->e.status = hx_xstrdup(text + 17);
	} else if (!strcasecmp(type, "source") || named(c, "xref")) {
		free(t->e.source);
		t->e.source = hx_xstrdup(text);
	} else if (named(c, "note")) {
		append(&t->note, "; ", text);
	} else if (type[0] && text[0]) {
		struct hx_buf b = HX_BUF_INIT(0);

		hx_buf_addf(&b, "%s: %s", type, text);
		append(&t->note, "; ", b.data);
		hx_buf_release(&b);
	}
	free(type);
	free(text);
}

static void read_concept_children(struct hx_glossary *g, struct tbx_entry *t, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (named(c, "langSet") || named(c, "langSec"))
			read_lang_set(g, t, c);
		else if (named(c, "descripGrp") || named(c, "adminGrp"))
			read_concept_children(g, t, c);
		else if (named(c, "note") || named(c, "descrip") || named(c, "admin") ||
			 named(c, "xref"))
			read_concept_info(t, c);
	}
}

/* Turns the collected parts into an entry, as the TSV reader would have read it. */
static enum hx_err finish_entry(struct hx_glossary *g, struct tbx_entry *t, struct hx_diag *diag)
{
	for (int l = 0; l < HX_LANG_COUNT; l++)
		t->e.cell[l] = hx_buf_detach(&t->cell[l], NULL);
	free(t->e.note);
	t->e.note = hx_buf_detach(&t->note, NULL);
	for (char *s = t->e.id; *s; s++)
		if (*s == ' ' || *s == '\t' || *s == '|')
			*s = '_';
	if (t->dropped)
		gl_problem(g, t->e.file, t->e.line, false,
			   "'%s': %zu deprecated or forbidden terms left out", t->e.id, t->dropped);
	if (!gl_check_entry(g, &t->e)) {
		gl_entry_release(&t->e);
		return HX_OK;
	}
	return gl_add_entry(g, &t->e, true, diag);
}

static enum hx_err read_concept(struct hx_glossary *g, uint32_t file, const xmlNode *n,
				struct hx_diag *diag)
{
	struct tbx_entry t;
	long line = xmlGetLineNo(n);
	char *id = attr(n, "id");

	memset(&t, 0, sizeof(t));
	for (int l = 0; l < HX_LANG_COUNT; l++)
		hx_buf_init(&t.cell[l], 0);
	hx_buf_init(&t.note, 0);
	t.e.file = file;
	t.e.line = line > 0 && line < UINT32_MAX ? (uint32_t)line : 0;
	t.e.type = HX_TERM_TERM; /* from a CAT tool: checked, not forced, unless it says so */
	t.e.status = hx_xstrdup("imported");
	t.e.source = hx_xstrdup(hx_glossary_file_name(g, file));
	if (!id[0]) {
		free(id);
		id = hx_xmalloc(32);
		snprintf(id, 32, "tbx.%u", t.e.line);
	}
	t.e.id = id;
	read_concept_children(g, &t, n);
	return finish_entry(g, &t, diag);
}

static enum hx_err read_concepts(struct hx_glossary *g, uint32_t file, const xmlNode *n,
				 struct hx_diag *diag)
{
	enum hx_err err = HX_OK;

	for (const xmlNode *c = n; c && !err; c = c->next) {
		if (named(c, "termEntry") || named(c, "conceptEntry"))
			err = read_concept(g, file, c, diag);
		else if (c->type == XML_ELEMENT_NODE)
			err = read_concepts(g, file, c->children, diag);
	}
	return err;
}

struct first_error {
	bool set;
	int line;
	char msg[256];
};

/* libxml2 reports every error after the first; the first is the one to fix. */
static void keep_first_error(void *ctx, xmlErrorPtr e)
{
	struct first_error *f = ctx;

	if (f->set || !e || e->level < XML_ERR_ERROR)
		return;
	f->set = true;
	f->line = e->line;
	snprintf(f->msg, sizeof(f->msg), "%s", e->message ? e->message : "unknown error");
	f->msg[strcspn(f->msg, "\n")] = '\0';
}

static xmlDocPtr parse(const char *name, const char *data, size_t len, struct hx_diag *diag)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	struct first_error first = {false, 0, ""};
	xmlDocPtr doc;

	if (!ctxt) {
		hx_fail(diag, HX_E_INTERNAL, "%s: cannot start the XML parser", name);
		return NULL;
	}
	xmlSetStructuredErrorFunc(&first, keep_first_error);
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc) { /* namespace errors alone do not make a document unreadable */
		hx_fail(diag, HX_E_FORMAT, "%s:%d: not well-formed XML: %s; the file is refused",
			name, first.line, first.set ? first.msg : "no document");
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}

enum hx_err hx_glossary_add_tbx(struct hx_glossary *g, const char *name, const char *data,
				size_t len, struct hx_diag *diag)
{
	xmlDocPtr doc;
	xmlNodePtr root;
	size_t first = g->nentries, errors = g->nerrors;
	enum hx_err err;
	uint32_t file;

	if (g->built)
		return hx_fail(diag, HX_E_INTERNAL, "glossary '%s' added after the build", name);
	if (len > g->opts.max_bytes || len > INT_MAX)
		return hx_fail(
			diag, HX_E_LIMIT,
			"glossary '%s' is %zu bytes, over the size cap of %zu bytes; raise it "
			"with --max-size",
			name, len, g->opts.max_bytes);
	doc = parse(name, data, len, diag);
	if (!doc)
		return HX_E_FORMAT;
	root = xmlDocGetRootElement(doc);
	if (!root || !(named(root, "martif") || named(root, "tbx"))) {
		hx_fail(diag, HX_E_FORMAT, "%s: not TBX: the root element is <%s>", name,
			root ? (const char *)root->name : "nothing");
		xmlFreeDoc(doc);
		return HX_E_FORMAT;
	}
	file = gl_add_file(g, name);
	err = read_concepts(g, file, root->children, diag);
	xmlFreeDoc(doc);
	if (!err && g->opts.strict && g->nerrors > errors) {
		gl_drop_entries(g, first);
		return hx_fail(diag, HX_E_FORMAT,
			       "%s: %zu malformed entries; the whole file is rejected (--strict)",
			       name, g->nerrors - errors);
	}
	return err;
}
