/*
 * XLIFF 1.2 out (libxml2's xmlTextWriter) and back in (libxml2's tree, no
 * network, no entities): segments, their inline codes, targets and notes.
 */
#include "xliff.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#include "cmd.h"
#include "mem.h"

const char *hx_xliff_lang_tag(enum hx_lang lang)
{
	const struct hx_lang_info *li = hx_lang_get(lang);

	if (lang == HX_LANG_ZH)
		return "zh-CN";
	return li ? li->code : "und";
}

const char *hx_xliff_state(enum hx_origin origin)
{
	switch (origin) {
	case HX_ORIGIN_TM_HUMAN:
	case HX_ORIGIN_GLOSSARY:
	case HX_ORIGIN_COPY:
		return "translated";
	case HX_ORIGIN_TM_MT:
	case HX_ORIGIN_MT:
		return "needs-review-translation";
	case HX_ORIGIN_NONE:
	case HX_ORIGIN_SOURCE:
		return "needs-translation";
	}
	return "needs-translation";
}

const char *hx_xliff_state_qualifier(enum hx_origin origin)
{
	switch (origin) {
	case HX_ORIGIN_TM_HUMAN:
		return "leveraged-tm";
	case HX_ORIGIN_TM_MT:
		return "leveraged-mt";
	case HX_ORIGIN_MT:
		return "mt-suggestion";
	case HX_ORIGIN_GLOSSARY:
		return "leveraged-glossary";
	case HX_ORIGIN_NONE:
	case HX_ORIGIN_SOURCE:
	case HX_ORIGIN_COPY:
		return NULL;
	}
	return NULL;
}

/* ---- writing ---- */

struct writer {
	xmlTextWriterPtr w;
	xmlBufferPtr xb;
	bool failed; /* a libxml2 call failed (out of memory) */
};

static void check(struct writer *x, int rc)
{
	if (rc < 0)
		x->failed = true;
}

static void start(struct writer *x, const char *name)
{
	check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void attr(struct writer *x, const char *name, const char *value)
{
	check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value));
}

static void attr_id(struct writer *x, const char *name, unsigned long n)
{
	char v[32];

	snprintf(v, sizeof(v), "%lu", n);
	attr(x, name, v);
}

static void end(struct writer *x)
{
	check(x, xmlTextWriterEndElement(x->w));
}

static void raw(struct writer *x, const char *s)
{
	check(x, xmlTextWriterWriteRaw(x->w, BAD_CAST s));
}

/* The code point at s[*i], or -1 for a malformed sequence (one byte skipped). */
static int32_t next_cp(const char *s, size_t len, size_t *i)
{
	UChar32 c;
	int32_t at = 0, rest = len - *i > 8 ? 8 : (int32_t)(len - *i);

	U8_NEXT((const uint8_t *)s + *i, at, rest, c);
	*i += (size_t)at;
	return c;
}

static bool xml_char(int32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Plain text; what XML 1.0 cannot carry (or malformed UTF-8) becomes U+FFFD. */
static void text(struct writer *x, const char *s, size_t len)
{
	struct hx_buf b = HX_BUF_INIT(0);

	for (size_t i = 0; i < len;) {
		size_t from = i;
		int32_t c = next_cp(s, len, &i);

		if (c >= 0 && xml_char(c))
			hx_buf_add(&b, s + from, i - from);
		else
			hx_buf_adds(&b, "\xEF\xBF\xBD");
	}
	if (b.len)
		check(x, xmlTextWriterWriteString(x->w, BAD_CAST b.data));
	hx_buf_release(&b);
}

/* A ctype for the inline code of span sp: XLIFF's "lb", else a user-defined "x-" one. */
static const char *span_ctype(const struct hx_span *sp)
{
	const char *t = sp->text ? sp->text : "";

	switch (sp->kind) {
	case HX_SPAN_MARKUP:
		if (!strcmp(t, "\\\n"))
			return "lb";
		if (!strcmp(t, "*") || !strcmp(t, "_"))
			return "x-emphasis";
		if (!strcmp(t, "**") || !strcmp(t, "__"))
			return "x-strong";
		if (!strcmp(t, "~~"))
			return "x-strikethrough";
		if (t[0] == '`')
			return "x-code";
		if (!strncmp(t, "[^", 2))
			return "x-footnote";
		if (t[0] == '[' || !strncmp(t, "](", 2))
			return "x-link";
		if (t[0] == '<')
			return "x-html";
		return "x-markup";
	case HX_SPAN_SYMBOL:
		return "x-un-symbol";
	case HX_SPAN_URL:
		return "x-url";
	case HX_SPAN_NUMBER:
		return "x-number";
	case HX_SPAN_TERM:
	case HX_SPAN_KINDS:
		return "x-term";
	}
	return "x-markup";
}

/*
 * Whether the enclosing spans of text nest properly (each end mark closes
 * the innermost open one, and none stays open): then they can be <g>.
 */
static bool nests(const struct hx_segment *seg, const char *s, size_t len)
{
	int stack[64];
	size_t depth = 0;

	for (size_t i = 0; i < len;) {
		int32_t c = next_cp(s, len, &i);
		int n = c < 0 ? -1 : hx_placeholder_index((uint32_t)c);
		int e = c < 0 ? -1 : hx_placeholder_end_index((uint32_t)c);

		if (n >= 0 && (uint32_t)n < seg->nspans && seg->spans[n].encloses) {
			if (depth == sizeof(stack) / sizeof(stack[0]))
				return false;
			stack[depth++] = n;
		} else if (e >= 0) {
			if (!depth || stack[depth - 1] != e)
				return false;
			depth--;
		}
	}
	return depth == 0;
}

/* The Markdown span n stands for in lang (HX_LANG_NONE: the source's). */
static const char *span_form(const struct hx_segment *seg, int n, enum hx_lang lang)
{
	const struct hx_span *sp = &seg->spans[n];

	if (lang != HX_LANG_NONE && sp->target[lang])
		return sp->target[lang];
	return sp->text ? sp->text : "";
}

static void code(struct writer *x, const struct hx_segment *seg, int n, int e, bool use_g,
		 enum hx_lang lang)
{
	bool known = n >= 0 && (uint32_t)n < seg->nspans;

	if (e >= 0) {
		if (use_g) {
			end(x);
			return;
		}
		start(x, "ex");
		attr_id(x, "id", (unsigned long)e + 1);
		end(x);
		return;
	}
	start(x, known && seg->spans[n].encloses ? (use_g ? "g" : "bx") : "x");
	attr_id(x, "id", (unsigned long)n + 1);
	if (known) {
		attr(x, "ctype", span_ctype(&seg->spans[n]));
		attr(x, "equiv-text", span_form(seg, n, lang));
	}
	if (!(known && seg->spans[n].encloses && use_g))
		end(x);
}

/* A segment's text (source, or a target in lang) with its placeholders as inline codes. */
static void inline_text(struct writer *x, const struct hx_segment *seg, const char *s, size_t len,
			enum hx_lang lang)
{
	bool use_g = nests(seg, s, len);
	size_t run = 0;

	for (size_t i = 0; i < len;) {
		size_t from = i;
		int32_t c = next_cp(s, len, &i);
		int n = c < 0 ? -1 : hx_placeholder_index((uint32_t)c);
		int e = c < 0 ? -1 : hx_placeholder_end_index((uint32_t)c);

		if (n < 0 && e < 0)
			continue;
		text(x, s + run, from - run);
		run = i;
		code(x, seg, n, e, use_g, lang);
	}
	text(x, s + run, len - run);
}

static void note(struct writer *x, const struct hx_xliff_note *nt)
{
	int p = nt->priority < 1 ? 1 : nt->priority > 10 ? 10 : nt->priority;

	raw(x, "\n          ");
	start(x, "note");
	attr(x, "from", "hexaglot");
	attr_id(x, "priority", (unsigned long)p);
	text(x, nt->text ? nt->text : "", nt->text ? strlen(nt->text) : 0);
	end(x);
}

static void unit(struct writer *x, const struct hx_xliff_doc *d, uint32_t i)
{
	const struct hx_segment *seg = &d->segs->segs[i];
	const struct hx_seg_target *t = &seg->target[d->tgt];
	const char *q;

	raw(x, "\n        ");
	start(x, "trans-unit");
	attr_id(x, "id", i);
	attr(x, "xml:space", "preserve");
	raw(x, "\n          ");
	start(x, "source");
	inline_text(x, seg, seg->text, seg->len, HX_LANG_NONE);
	end(x);
	if (t->text && t->origin != HX_ORIGIN_SOURCE && t->origin != HX_ORIGIN_NONE) {
		raw(x, "\n          ");
		start(x, "target");
		attr(x, "state", hx_xliff_state(t->origin));
		if ((q = hx_xliff_state_qualifier(t->origin)))
			attr(x, "state-qualifier", q);
		inline_text(x, seg, t->text, strlen(t->text), d->tgt);
		end(x);
	}
	for (size_t k = 0; k < d->nnotes; k++)
		if (d->notes[k].seg == i)
			note(x, &d->notes[k]);
	raw(x, "\n        ");
	end(x);
}

static void block(struct writer *x, const struct hx_xliff_doc *d, const struct hx_block *b)
{
	char id[32];

	snprintf(id, sizeof(id), "p-%lu", (unsigned long)b->anchor);
	raw(x, "\n      ");
	start(x, "group");
	attr(x, "id", id);
	attr(x, "resname", id);
	for (uint32_t k = 0; k < b->nsegs; k++)
		if ((size_t)b->first + k < d->segs->nsegs)
			unit(x, d, b->first + k);
	raw(x, "\n      ");
	end(x);
}

static void header(struct writer *x, const struct hx_xliff_doc *d)
{
	start(x, "xliff");
	attr(x, "version", "1.2");
	attr(x, "xmlns", HX_XLIFF_NS);
	raw(x, "\n  ");
	start(x, "file");
	attr(x, "original", d->original ? d->original : "document");
	attr(x, "source-language", hx_xliff_lang_tag(d->src));
	attr(x, "target-language", hx_xliff_lang_tag(d->tgt));
	attr(x, "datatype", d->datatype ? d->datatype : "x-markdown");
	attr(x, "tool-id", "hexaglot");
	raw(x, "\n    ");
	start(x, "header");
	raw(x, "\n      ");
	start(x, "tool");
	attr(x, "tool-id", "hexaglot");
	attr(x, "tool-name", "hexaglot");
	attr(x, "tool-version", HX_VERSION);
	end(x);
	raw(x, "\n    ");
	end(x);
	raw(x, "\n    ");
	start(x, "body");
}

enum hx_err hx_xliff_write(const struct hx_xliff_doc *d, struct hx_buf *out, struct hx_diag *diag)
{
	struct writer x = {0};
	enum hx_err err = HX_OK;

	if (!hx_lang_get(d->src) || !hx_lang_get(d->tgt) || d->src == d->tgt)
		return hx_fail(diag, HX_E_USAGE, "XLIFF needs two different languages");
	x.xb = xmlBufferCreate();
	x.w = x.xb ? xmlNewTextWriterMemory(x.xb, 0) : NULL;
	if (!x.w) {
		xmlBufferFree(x.xb);
		return hx_fail(diag, HX_E_INTERNAL, "cannot start an XLIFF writer");
	}
	check(&x, xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL));
	header(&x, d);
	for (size_t b = 0; b < d->segs->nblocks && !x.failed; b++) {
		if (!d->segs->blocks[b].nsegs)
			continue;
		block(&x, d, &d->segs->blocks[b]);
		if ((size_t)xmlBufferLength(x.xb) > out->max - out->len) {
			err = hx_fail(diag, HX_E_LIMIT, "the XLIFF of '%s' would pass %zu bytes",
				      d->original ? d->original : "document", out->max);
			break;
		}
	}
	raw(&x, "\n    ");
	end(&x); /* body */
	raw(&x, "\n  ");
	end(&x); /* file */
	raw(&x, "\n");
	end(&x); /* xliff */
	raw(&x, "\n");
	check(&x, xmlTextWriterEndDocument(x.w));
	check(&x, xmlTextWriterFlush(x.w));
	xmlFreeTextWriter(x.w);
	if (!err && x.failed)
		err = hx_fail(diag, HX_E_INTERNAL, "libxml2 could not write the XLIFF of '%s'",
			      d->original ? d->original : "document");
	if (!err && (err = hx_buf_add(out, xmlBufferContent(x.xb), (size_t)xmlBufferLength(x.xb))))
		hx_fail(diag, err, "the XLIFF of '%s' would pass %zu bytes",
			d->original ? d->original : "document", out->max);
	xmlBufferFree(x.xb);
	return err;
}

char *hx_xliff_finding_note(const struct hx_qa_finding *f, int *priority)
{
	struct hx_buf b = HX_BUF_INIT(0);

	*priority = f->severity == HX_QA_ERROR ? 1 : f->severity == HX_QA_WARNING ? 5 : 9;
	hx_buf_addf(&b, "[%s] %s: %s", hx_qa_check_name(f->check), hx_qa_severity_name(f->severity),
		    f->message ? f->message : "");
	if (f->suggestion)
		hx_buf_addf(&b, " (suggestion: %s)", f->suggestion);
	return hx_buf_detach(&b, NULL);
}

enum hx_err hx_xliff_write_pairs(const char *original, enum hx_lang src, enum hx_lang tgt,
				 const struct hx_xliff_pair *v, size_t n,
				 const struct hx_xliff_note *notes, size_t nnotes,
				 struct hx_buf *out, struct hx_diag *diag)
{
	struct hx_segments segs = {0};
	struct hx_xliff_doc d = {original, NULL, src, tgt, &segs, notes, nnotes};
	enum hx_err err;

	for (size_t i = 0; i < n && hx_lang_get(tgt); i++) {
		struct hx_block *b = hx_segments_add_block(&segs, HX_BLOCK_PARAGRAPH);
		struct hx_segment *seg;

		b->anchor = v[i].anchor;
		b->nsegs = 1;
		seg = hx_segments_add_segment(&segs, (uint32_t)i);
		seg->text = hx_xstrdup(v[i].src);
		seg->len = strlen(seg->text);
		seg->target[tgt].text = hx_xstrdup(v[i].tgt);
		/* "translated" with no state-qualifier: a translation from outside, not the memory */
		seg->target[tgt].origin = HX_ORIGIN_COPY;
	}
	err = hx_xliff_write(&d, out, diag);
	hx_segments_release(&segs);
	return err;
}

/* ---- reading ---- */

void hx_xliff_file_release(struct hx_xliff_file *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct hx_xliff_unit *u = &f->units[i];

		free(u->id);
		free(u->group);
		free(u->source);
		free(u->target);
		free(u->state);
		for (size_t k = 0; k < u->nnotes; k++)
			free(u->notes[k]);
		free(u->notes);
	}
	free(f->units);
	free(f->original);
	memset(f, 0, sizeof(*f));
	f->src = f->tgt = HX_LANG_NONE;
}

/* Inline codes of one unit: ids that are not "1".."4096" numbered by first appearance. */
struct codes {
	char **names;
	size_t n;
};

static void codes_release(struct codes *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
	memset(c, 0, sizeof(*c));
}

static bool is(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && !strcmp((const char *)node->name, name);
}

static char *prop(const xmlNode *node, const char *name)
{
	xmlChar *v = xmlGetProp(node, BAD_CAST name);
	char *s = v ? hx_xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static int code_index(struct codes *c, const xmlNode *node, const char *attr_name)
{
	char *id = prop(node, attr_name), *end;
	long v;
	int n = -1;

	if (!id)
		return -1;
	v = strtol(id, &end, 10);
	if (end != id && !*end && v >= 1 && v <= HX_SEG_MAX_SPANS) {
		free(id);
		return (int)v - 1;
	}
	for (size_t i = 0; i < c->n && n < 0; i++)
		if (!strcmp(c->names[i], id))
			n = (int)i;
	if (n < 0 && c->n < HX_SEG_MAX_SPANS) {
		c->names = hx_xreallocarray(c->names, c->n + 1, sizeof(*c->names));
		c->names[c->n] = id;
		id = NULL;
		n = (int)c->n++;
	}
	free(id);
	return n;
}

/* The content of an inline element back to text with placeholders and end marks. */
static enum hx_err read_inline(const xmlNode *parent, struct codes *c, struct hx_buf *out,
			       int depth)
{
	enum hx_err err = HX_OK;

	if (depth > 64)
		return HX_E_LIMIT;
	for (const xmlNode *k = parent->children; k && !err; k = k->next) {
		int n;

		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			err = hx_buf_adds(out, k->content ? (const char *)k->content : "");
		} else if (is(k, "x") || is(k, "ph") || is(k, "it") || is(k, "bpt") ||
			   is(k, "bx")) {
			if ((n = code_index(c, k, "id")) >= 0)
				err = hx_placeholder_add(out, (unsigned)n);
		} else if (is(k, "ex") || is(k, "ept")) {
			n = code_index(c, k, xmlHasProp(k, BAD_CAST "rid") ? "rid" : "id");
			if (n >= 0)
				err = hx_placeholder_end_add(out, (unsigned)n);
		} else if (is(k, "g")) {
			n = code_index(c, k, "id");
			if (n >= 0)
				err = hx_placeholder_add(out, (unsigned)n);
			if (!err)
				err = read_inline(k, c, out, depth + 1);
			if (!err && n >= 0)
				err = hx_placeholder_end_add(out, (unsigned)n);
		} else if (k->type == XML_ELEMENT_NODE) {
			err = read_inline(k, c, out, depth + 1); /* <mrk> and the like: their text */
		}
	}
	return err;
}

static enum hx_err read_unit(struct hx_xliff_file *f, const xmlNode *tu, const char *group,
			     const char *name, struct hx_diag *diag)
{
	struct hx_xliff_unit *u;
	struct codes c = {0};
	const xmlNode *src = NULL, *tgt = NULL;
	struct hx_buf b = HX_BUF_INIT(HX_XLIFF_MAX_BYTES);
	enum hx_err err = HX_OK;

	f->units = hx_xreallocarray(f->units, f->n + 1, sizeof(*f->units));
	u = &f->units[f->n++];
	memset(u, 0, sizeof(*u));
	u->id = prop(tu, "id");
	u->group = group ? hx_xstrdup(group) : NULL;
	u->line = (uint32_t)xmlGetLineNo(tu);
	for (const xmlNode *k = tu->children; k; k = k->next) {
		if (is(k, "source") && !src)
			src = k;
		else if (is(k, "target") && !tgt)
			tgt = k;
		else if (is(k, "note")) {
			xmlChar *v = xmlNodeGetContent(k);

			u->notes = hx_xreallocarray(u->notes, u->nnotes + 1, sizeof(*u->notes));
			u->notes[u->nnotes++] = hx_xstrdup(v ? (const char *)v : "");
			xmlFree(v);
		}
	}
	if (!src)
		return hx_fail(diag, HX_E_FORMAT, "%s:%u: trans-unit '%s' has no <source>", name,
			       u->line, u->id ? u->id : "");
	err = read_inline(src, &c, &b, 0);
	u->source = hx_buf_detach(&b, &u->source_len);
	if (!err && tgt) {
		hx_buf_init(&b, HX_XLIFF_MAX_BYTES);
		err = read_inline(tgt, &c, &b, 0);
		u->target = hx_buf_detach(&b, &u->target_len);
		u->state = prop(tgt, "state");
	}
	codes_release(&c);
	if (err)
		return hx_fail(diag, err, "%s:%u: trans-unit '%s' is too large or too deep", name,
			       u->line, u->id ? u->id : "");
	return HX_OK;
}

static enum hx_err read_units(struct hx_xliff_file *f, const xmlNode *parent, const char *group,
			      const char *name, int depth, struct hx_diag *diag)
{
	enum hx_err err = HX_OK;

	if (depth > 64)
		return hx_fail(diag, HX_E_LIMIT, "%s:%ld: groups nested too deep", name,
			       xmlGetLineNo(parent));
	for (const xmlNode *k = parent->children; k && !err; k = k->next) {
		if (is(k, "trans-unit")) {
			err = read_unit(f, k, group, name, diag);
		} else if (is(k, "group") || is(k, "body")) {
			char *id = is(k, "group") ? prop(k, "id") : NULL;

			err = read_units(f, k, id ? id : group, name, depth + 1, diag);
			free(id);
		}
	}
	return err;
}

static enum hx_err parse_failure(const char *name, struct hx_diag *diag)
{
	const xmlError *e = xmlGetLastError();

	if (!e)
		return hx_fail(diag, HX_E_FORMAT, "%s: not well-formed XML", name);
	return hx_fail(diag, HX_E_FORMAT, "%s:%d: not well-formed XML: %s", name, e->line,
		       e->message ? e->message : "?");
}

enum hx_err hx_xliff_read(const char *data, size_t len, const char *name,
			  struct hx_xliff_file *out, struct hx_diag *diag)
{
	xmlDocPtr doc;
	xmlNodePtr root, file = NULL;
	enum hx_err err = HX_OK;
	char *v;

	memset(out, 0, sizeof(*out));
	out->src = out->tgt = HX_LANG_NONE;
	if (len > HX_XLIFF_MAX_BYTES || len > (size_t)INT32_MAX)
		return hx_fail(diag, HX_E_LIMIT, "%s: larger than %zu bytes", name,
			       (size_t)HX_XLIFF_MAX_BYTES);
	xmlResetLastError();
	doc = xmlReadMemory(data, (int)len, name, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		return parse_failure(name, diag);
	root = xmlDocGetRootElement(doc);
	if (!root || !is(root, "xliff") || !root->ns ||
	    strcmp((const char *)root->ns->href, HX_XLIFF_NS))
		err = hx_fail(diag, HX_E_FORMAT,
			      "%s:%ld: not XLIFF 1.2 (the root must be <xliff> in the namespace %s)",
			      name, root ? xmlGetLineNo(root) : 1L, HX_XLIFF_NS);
	for (xmlNodePtr k = root && !err ? root->children : NULL; k && !file; k = k->next)
		if (is(k, "file"))
			file = k;
	if (!err && !file)
		err = hx_fail(diag, HX_E_FORMAT, "%s: the XLIFF has no <file>", name);
	if (!err) {
		out->original = prop(file, "original");
		if ((v = prop(file, "source-language")))
			out->src = hx_lang_parse(v);
		free(v);
		if ((v = prop(file, "target-language")))
			out->tgt = hx_lang_parse(v);
		free(v);
		err = read_units(out, file, NULL, name, 0, diag);
	}
	xmlFreeDoc(doc);
	return err;
}
