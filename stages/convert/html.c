/*
 * HTML input for the convert stage: parses with libxml2's tolerant parser
 * (never fetching anything), resolves footnotes, then walks the tree to CommonMark.
 */
#include <libxml/HTMLparser.h>
#include <libxml/hash.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "html_md.h"
#include "mem.h"

#define PARSE_OPTIONS                                                                        \
	(HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
	 HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT)
/* Below libxml2's own limit (256, unless XML_PARSE_HUGE), where it stops for good. */
#define PARSE_DEPTH_MAX 250
/* Each chunk parses the rest of the document again: a bound on quadratic time. */
#define PARSE_CHUNKS_MAX 100

struct parse_state {
	startElementSAXFunc start; /* libxml2's own handler */
	long stop;                 /* the byte where parsing was stopped, or -1 */
	char name[16];             /* the element that was too deep */
};

/* One conversion, over the one or more chunks the document is parsed in. */
struct run {
	const char *name;
	struct hx_diag *diag;
	struct hx_html_info *info;
	struct hx_html_conv cv;
	struct hx_buf body;  /* the blocks */
	struct hx_buf notes; /* the footnote definitions */
	xmlHashTablePtr labels;
	bool first;
};

static void start_element(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse_state *st = ctxt->_private;

	if (ctxt->nodeNr < PARSE_DEPTH_MAX) {
		st->start(ctx, name, atts);
		return;
	}
	/* not xmlByteConsumed: with an encoder it is off by 32000-byte steps in libxml2 2.9 */
	st->stop = (long)ctxt->input->consumed + (long)(ctxt->input->cur - ctxt->input->base);
	snprintf(st->name, sizeof(st->name), "%s", (const char *)name);
	xmlStopParser(ctxt);
}

/* Returns a newly allocated document (NULL when there is nothing); free with xmlFreeDoc. */
static xmlDoc *parse_chunk(const char *html, size_t len, struct parse_state *st)
{
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	xmlDoc *doc;

	st->stop = -1;
	if (!ctxt)
		return NULL;
	st->start = ctxt->sax->startElement;
	ctxt->sax->startElement = start_element;
	ctxt->_private = st;
	doc = htmlCtxtReadMemory(ctxt, html, (int)len, NULL, "UTF-8", PARSE_OPTIONS);
	htmlFreeParserCtxt(ctxt);
	return doc;
}

static bool is_raw_text(const char *name, size_t n)
{
	static const char *const raw[] = {"script", "style",   "textarea", "title",    "xmp",
					  "iframe", "noembed", "noframes", "noscript", "plaintext"};

	for (size_t i = 0; i < sizeof(raw) / sizeof(raw[0]); i++)
		if (strlen(raw[i]) == n && !strncasecmp(name, raw[i], n))
			return true;
	return false;
}

/* The end of the start tag at html[pos] ("<name ...>"), or 0 when there is none. */
static size_t start_tag_end(const char *html, size_t len, size_t pos)
{
	char quote = 0;

	if (pos + 1 >= len || html[pos] != '<' ||
	    !((html[pos + 1] | 0x20) >= 'a' && (html[pos + 1] | 0x20) <= 'z'))
		return 0;
	for (pos++; pos < len; pos++) {
		if (quote && html[pos] == quote)
			quote = 0;
		else if (!quote && (html[pos] == '"' || html[pos] == '\''))
			quote = html[pos];
		else if (!quote && html[pos] == '>')
			return pos + 1;
	}
	return 0;
}

/* Skips the end of raw text (script, style...) named name from pos; len when unterminated. */
static size_t skip_raw_text(const char *html, size_t len, size_t pos, const char *name)
{
	size_t n = strlen(name);
	const char *p = html + pos;

	while ((p = memmem(p, len - (size_t)(p - html), "</", 2)) &&
	       (len - (size_t)(p + 2 - html) < n || strncasecmp(p + 2, name, n)))
		p += 2;
	p = p ? memchr(p, '>', len - (size_t)(p - html)) : NULL;
	return p ? (size_t)(p - html) + 1 : len;
}

/*
 * Where to go on after the parser stopped at a start tag nested too deep: past
 * that tag (and its raw text) and the start tags right after it, which would
 * only nest deeper without text; 0 to give up.
 */
static size_t resume_offset(const char *html, size_t len, const struct parse_state *st)
{
	size_t pos = (size_t)st->stop, tag, end, name;
	const char *p;

	if (st->stop <= 0 || pos >= len)
		return 0;
	if (html[pos] != '>') {
		p = memchr(html + pos, '>', len - pos);
		pos = p ? (size_t)(p - html) : len - 1;
	}
	pos++;
	if (is_raw_text(st->name, strlen(st->name)))
		return skip_raw_text(html, len, pos, st->name);
	for (;;) {
		for (tag = pos; tag < len && html[tag] && strchr(" \t\n\r\f", html[tag]); tag++)
			;
		if (!(end = start_tag_end(html, len, tag)))
			return pos;
		for (name = tag + 1; name < end && !strchr(" \t\n\r\f/>", html[name]); name++)
			;
		if (is_raw_text(html + tag + 1, name - tag - 1))
			return pos;
		pos = end;
	}
}

/* Returns a newly allocated copy of the text of node, collapsed; NULL when empty. */
static char *plain_text(const xmlNode *node, size_t max)
{
	struct hx_buf text = HX_BUF_INIT(max), flat = HX_BUF_INIT(max);
	char *s = NULL;

	if (!hx_html_gather(node, &text, " ") &&
	    !hx_html_collapse(&flat, hx_buf_str(&text), text.len) && flat.len)
		s = hx_buf_detach(&flat, NULL);
	hx_buf_release(&text);
	hx_buf_release(&flat);
	return s;
}

/* Returns a newly allocated copy of the language tag of the page, if it looks like one. */
static char *page_lang(const xmlNode *root)
{
	const char *v = hx_html_attr(root, "lang");
	size_t n;

	if (!v || !*v)
		v = hx_html_attr(root, "xml:lang");
	if (!v)
		return NULL;
	v += strspn(v, " \t\n\r\f");
	n = strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
	if (!n || n > 35 || v[n + strspn(v + n, " \t\n\r\f")])
		return NULL;
	return hx_xstrndup(v, n);
}

static void set_info(struct run *run, xmlDoc *doc, const struct hx_html_scan *sc)
{
	run->info->lang = page_lang(xmlDocGetRootElement(doc));
	if (sc->title)
		run->info->title = plain_text(sc->title, run->cv.max);
	if (!run->info->title && sc->h1)
		run->info->title = plain_text(sc->h1, run->cv.max);
}

/* Appends the definitions [^label]: text of the footnotes found in this chunk. */
static enum hx_err write_notes(struct run *run, const struct hx_html_scan *sc)
{
	struct hx_buf text = HX_BUF_INIT(run->cv.max);
	char first[48];
	enum hx_err err = HX_OK;

	run->cv.in_note = true;
	for (size_t i = 0; i < sc->nnotes && !err; i++) {
		hx_buf_reset(&text);
		err = hx_html_walk(&run->cv, sc->notes[i].body, &text);
		snprintf(first, sizeof(first), "[^%s]:%s", sc->notes[i].label, text.len ? " " : "");
		if (!err && run->notes.len)
			err = hx_buf_adds(&run->notes, "\n\n");
		if (!err && !text.len)
			err = hx_buf_adds(&run->notes, first);
		if (!err && text.len)
			err = hx_html_indent(&run->notes, text.data, text.len, first, "    ", "");
	}
	run->cv.in_note = false;
	hx_buf_release(&text);
	return err;
}

static enum hx_err convert_doc(struct run *run, xmlDoc *doc)
{
	struct hx_html_scan sc;
	enum hx_err err;

	if (!xmlDocGetRootElement(doc))
		return HX_OK;
	hx_html_scan(doc, run->labels, &sc);
	if (run->first)
		set_info(run, doc, &sc);
	run->cv.notes = sc.notes;
	run->cv.nnotes = sc.nnotes;
	err = hx_html_walk(&run->cv, (const xmlNode *)doc, &run->body);
	if (!err)
		err = write_notes(run, &sc);
	run->cv.notes = NULL;
	run->cv.nnotes = 0;
	hx_html_scan_release(&sc);
	return err;
}

/* Parses and converts html, in several chunks when it nests deeper than the parser allows. */
static enum hx_err convert_chunks(struct run *run, const char *html, size_t len)
{
	struct parse_state st;
	size_t off = 0, next;
	xmlDoc *doc;
	enum hx_err err = HX_OK;

	for (unsigned chunk = 0; off < len && !err; chunk++) {
		if (chunk == PARSE_CHUNKS_MAX) {
			hx_warn(run->diag,
				"'%s': nested too deep; the text after byte %zu is dropped",
				run->name, off);
			break;
		}
		doc = parse_chunk(html + off, len - off, &st);
		if (doc)
			err = convert_doc(run, doc);
		xmlFreeDoc(doc);
		run->first = false;
		if (err || st.stop < 0)
			break;
		next = resume_offset(html + off, len - off, &st);
		if (!next) {
			hx_warn(run->diag,
				"'%s': nested too deep; the text after byte %zu is dropped",
				run->name, off);
			break;
		}
		if (!chunk)
			hx_warn(run->diag,
				"'%s': elements nested deeper than %d at byte %zu; the text after "
				"it is kept without its enclosing structure",
				run->name, PARSE_DEPTH_MAX, off + (size_t)st.stop);
		off += next;
	}
	return err;
}

enum hx_err hx_html_to_markdown(const char *name, const char *html, size_t len, struct hx_buf *out,
				struct hx_html_info *info, struct hx_diag *diag)
{
	struct run run = {.name = name, .diag = diag, .info = info};
	size_t start = out->len;
	enum hx_err err;

	info->title = info->lang = NULL;
	if (len > INT_MAX)
		return hx_fail(diag, HX_E_LIMIT, "'%s' is too large for the HTML parser: %zu bytes",
			       name, len);
	hx_html_conv_init(&run.cv, name, diag, out->max);
	hx_buf_init(&run.body, out->max);
	hx_buf_init(&run.notes, out->max);
	run.labels = xmlHashCreate(0);
	run.first = true;
	err = convert_chunks(&run, html, len);
	if (!err && run.body.len && run.notes.len)
		err = hx_buf_adds(&run.body, "\n\n");
	if (!err)
		err = hx_buf_add(&run.body, run.notes.data, run.notes.len);
	if (!err && run.body.len)
		err = hx_buf_addc(&run.body, '\n');
	if (!err)
		err = hx_buf_add(out, run.body.data, run.body.len);
	xmlHashFree(run.labels, NULL);
	hx_buf_release(&run.notes);
	hx_buf_release(&run.body);
	hx_html_conv_release(&run.cv);
	if (!err)
		return HX_OK;
	hx_buf_truncate(out, start);
	hx_html_info_release(info);
	if (err == HX_E_LIMIT)
		return hx_fail(diag, HX_E_LIMIT, "the Markdown of '%s' would exceed %zu bytes",
			       name, out->max);
	return hx_fail(diag, err, "cannot convert the HTML of '%s'", name);
}

void hx_html_info_release(struct hx_html_info *info)
{
	free(info->title);
	free(info->lang);
	info->title = info->lang = NULL;
}
