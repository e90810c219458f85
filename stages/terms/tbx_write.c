/*
 * TBX-Basic export (ISO 30042): a termEntry per concept, a langSet per
 * language, a tig per variant; hexaglot's type and status travel as notes.
 */
#include <libxml/xmlwriter.h>
#include <string.h>

#include "mem.h"
#include "terms_int.h"

#define X(s) ((const xmlChar *)(s))

/* "WHO", "UNDP": written as termType acronym, the rest carries no termType. */
static bool acronym(const char *s, size_t len)
{
	size_t upper = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			return false;
		upper += s[i] >= 'A' && s[i] <= 'Z';
	}
	return upper >= 2 && upper == len;
}

static int write_term(xmlTextWriterPtr w, const char *s, size_t len, bool preferred)
{
	int rc = xmlTextWriterStartElement(w, X("tig"));
	char *term = hx_xstrndup(s, len);

	rc = rc < 0 ? rc : xmlTextWriterWriteElement(w, X("term"), X(term));
	if (rc >= 0 && acronym(s, len)) {
		rc = xmlTextWriterStartElement(w, X("termNote"));
		rc = rc < 0 ? rc : xmlTextWriterWriteAttribute(w, X("type"), X("termType"));
		rc = rc < 0 ? rc : xmlTextWriterWriteString(w, X("acronym"));
		rc = rc < 0 ? rc : xmlTextWriterEndElement(w);
	}
	rc = rc < 0 ? rc : xmlTextWriterStartElement(w, X("termNote"));
	rc = rc < 0 ? rc : xmlTextWriterWriteAttribute(w, X("type"), X("administrativeStatus"));
	rc = rc < 0 ? rc
		    : xmlTextWriterWriteString(
			      w, X(preferred ? "preferredTerm-admn-sts" : "admittedTerm-admn-sts"));
	rc = rc < 0 ? rc : xmlTextWriterEndElement(w);
	free(term);
	return rc < 0 ? rc : xmlTextWriterEndElement(w);
}

static int write_lang(xmlTextWriterPtr w, int lang, const char *cell)
{
	int rc = 0;
	bool first = true;

	if (!cell[0])
		return 0;
	rc = xmlTextWriterStartElement(w, X("langSet"));
	rc = rc < 0 ? rc
		    : xmlTextWriterWriteAttribute(w, X("xml:lang"), X(hx_lang_get(lang)->code));
	while (rc >= 0 && *cell) {
		const char *bar = strchr(cell, '|'), *end = bar ? bar : cell + strlen(cell);
		const char *s = cell;

		while (s < end && *s == ' ')
			s++;
		while (end > s && end[-1] == ' ')
			end--;
		if (end > s) {
			rc = write_term(w, s, (size_t)(end - s), first);
			first = false;
		}
		if (!bar)
			break;
		cell = bar + 1;
	}
	return rc < 0 ? rc : xmlTextWriterEndElement(w);
}

static int write_note(xmlTextWriterPtr w, const char *prefix, const char *text)
{
	if (!text[0])
		return 0;
	return xmlTextWriterWriteFormatElement(w, X("note"), "%s%s", prefix, text);
}

static int write_entry(xmlTextWriterPtr w, const struct hx_gl_entry *e)
{
	int rc = xmlTextWriterStartElement(w, X("termEntry"));

	rc = rc < 0 ? rc : xmlTextWriterWriteAttribute(w, X("id"), X(e->id));
	rc = rc < 0 ? rc : write_note(w, "hexaglot-type: ", hx_term_type_name(e->type));
	rc = rc < 0 ? rc : write_note(w, "hexaglot-status: ", e->status);
	rc = rc < 0 ? rc : write_note(w, "", e->note);
	if (rc >= 0 && e->source[0]) {
		rc = xmlTextWriterStartElement(w, X("admin"));
		rc = rc < 0 ? rc : xmlTextWriterWriteAttribute(w, X("type"), X("source"));
		rc = rc < 0 ? rc : xmlTextWriterWriteString(w, X(e->source));
		rc = rc < 0 ? rc : xmlTextWriterEndElement(w);
	}
	for (int l = 0; l < HX_LANG_COUNT && rc >= 0; l++)
		rc = write_lang(w, l, e->cell[l]);
	return rc < 0 ? rc : xmlTextWriterEndElement(w);
}

static int write_header(xmlTextWriterPtr w, const struct hx_glossary *g)
{
	int rc = xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);

	rc = rc < 0 ? rc
		    : xmlTextWriterWriteDTD(w, X("martif"), NULL, X("TBXBasiccoreStructV02.dtd"),
					    NULL);
	rc = rc < 0 ? rc : xmlTextWriterStartElement(w, X("martif"));
	rc = rc < 0 ? rc : xmlTextWriterWriteAttribute(w, X("type"), X("TBX-Basic"));
	rc = rc < 0 ? rc : xmlTextWriterWriteAttribute(w, X("xml:lang"), X("en"));
	rc = rc < 0 ? rc : xmlTextWriterStartElement(w, X("martifHeader"));
	rc = rc < 0 ? rc : xmlTextWriterStartElement(w, X("fileDesc"));
	rc = rc < 0 ? rc : xmlTextWriterStartElement(w, X("titleStmt"));
	rc = rc < 0 ? rc : xmlTextWriterWriteElement(w, X("title"), X("hexaglot glossary"));
	rc = rc < 0 ? rc : xmlTextWriterEndElement(w);
	rc = rc < 0 ? rc : xmlTextWriterStartElement(w, X("sourceDesc"));
	rc = rc < 0 ? rc
		    : xmlTextWriterWriteFormatElement(w, X("p"),
						      "Exported by hexaglot: %zu concepts in six "
						      "languages from %zu files.",
						      g->nentries, g->nfiles);
	rc = rc < 0 ? rc : xmlTextWriterEndElement(w);
	rc = rc < 0 ? rc : xmlTextWriterEndElement(w);
	rc = rc < 0 ? rc : xmlTextWriterStartElement(w, X("encodingDesc"));
	rc = rc < 0 ? rc : xmlTextWriterStartElement(w, X("p"));
	rc = rc < 0 ? rc : xmlTextWriterWriteAttribute(w, X("type"), X("XCSURI"));
	rc = rc < 0 ? rc : xmlTextWriterWriteString(w, X("TBXBasicXCSV02.xcs"));
	rc = rc < 0 ? rc : xmlTextWriterEndElement(w);
	rc = rc < 0 ? rc : xmlTextWriterEndElement(w);
	rc = rc < 0 ? rc : xmlTextWriterEndElement(w);
	rc = rc < 0 ? rc : xmlTextWriterStartElement(w, X("text"));
	return rc < 0 ? rc : xmlTextWriterStartElement(w, X("body"));
}

enum hx_err hx_tbx_export(const struct hx_glossary *g, struct hx_buf *out, struct hx_diag *diag)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
	enum hx_err err = HX_OK;
	int rc = w ? 0 : -1;

	if (w) {
		xmlTextWriterSetIndent(w, 1);
		xmlTextWriterSetIndentString(w, X("  "));
		rc = write_header(w, g);
	}
	for (size_t i = 0; i < g->nentries && rc >= 0; i++)
		rc = write_entry(w, &g->entries[i]);
	rc = rc < 0 ? rc : xmlTextWriterEndDocument(w);
	if (w)
		xmlFreeTextWriter(w); /* flushes into xb */
	if (rc < 0)
		err = hx_fail(diag, HX_E_INTERNAL, "cannot write the glossary as TBX");
	else if (hx_buf_add(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb)))
		err = hx_fail(diag, HX_E_LIMIT, "the TBX export is over the size cap");
	if (xb)
		xmlBufferFree(xb);
	return err;
}
