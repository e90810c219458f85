/* Unit tests for XLIFF 1.2: what CAT tools need to find in it, and the way back. */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xliff.h"

/* Text with placeholders: "a", 0 (placeholder 0), "b", ~0 (end mark 0), ... , NULL. */
static char *seq(const char *first, ...)
{
	struct hx_buf t = HX_BUF_INIT(0);
	va_list ap;
	const char *s = first;

	va_start(ap, first);
	while (s) {
		if (s[0] == '\x01')
			hx_placeholder_add(&t, (unsigned)(unsigned char)s[1] - 1);
		else if (s[0] == '\x02')
			hx_placeholder_end_add(&t, (unsigned)(unsigned char)s[1] - 1);
		else
			hx_buf_adds(&t, s);
		s = va_arg(ap, const char *);
	}
	va_end(ap);
	return hx_buf_detach(&t, NULL);
}

/* placeholder 0, 1, 2 and the end mark of 0, for seq() */
#define P1 "\x01\x01"
#define P2 "\x01\x02"
#define P3 "\x01\x03"
#define E1 "\x02\x01"

static void set_target(struct hx_segment *seg, enum hx_lang l, char *text, enum hx_origin o)
{
	seg->target[l].text = text;
	seg->target[l].origin = o;
}

/*
 * Block 1 (anchor 1): segment 0 "The <g>General Assembly</g> adopted <x symbol/> & <more>."
 * with a French target from a human; segment 1 "See **this**." with a machine draft.
 * Block 2 (anchor 2): verbatim, no segments. Block 3 (anchor 3): segment 2, no target.
 */
static void sample(struct hx_segments *segs)
{
	struct hx_block *b;
	struct hx_segment *s;

	b = hx_segments_add_block(segs, HX_BLOCK_PARAGRAPH);
	b->nsegs = 2;
	s = hx_segments_add_segment(segs, 0);
	hx_segment_add_span(s, HX_SPAN_TERM, "General Assembly", 16);
	s->spans[0].encloses = true;
	s->spans[0].target[HX_LANG_FR] = strdup("Assemblée générale");
	hx_segment_add_span(s, HX_SPAN_SYMBOL, "A/RES/67/290", 12);
	s->text = seq("The ", P1, "General Assembly", E1, " adopted ", P2, " & <more>.", NULL);
	s->len = strlen(s->text);
	set_target(s, HX_LANG_FR,
		   seq("L'", P1, "Assemblée générale", E1, " a adopté ", P2, " & <plus>.", NULL),
		   HX_ORIGIN_TM_HUMAN);
	s = hx_segments_add_segment(segs, 0);
	hx_segment_add_span(s, HX_SPAN_MARKUP, "**", 2);
	hx_segment_add_span(s, HX_SPAN_MARKUP, "**", 2);
	hx_segment_add_span(s, HX_SPAN_MARKUP, "\\\n", 2);
	s->text = seq("See ", P1, "this", P2, ".", P3, NULL);
	s->len = strlen(s->text);
	set_target(s, HX_LANG_FR, seq("Voir ", P1, "ceci", P2, ".", P3, NULL), HX_ORIGIN_MT);
	b = hx_segments_add_block(segs, HX_BLOCK_VERBATIM);
	b = hx_segments_add_block(segs, HX_BLOCK_PARAGRAPH);
	b->nsegs = 1;
	s = hx_segments_add_segment(segs, 2);
	s->text = strdup("Nothing in memory for this one.");
	s->len = strlen(s->text);
}

static char *write_sample(struct hx_segments *segs, enum hx_lang tgt)
{
	struct hx_xliff_note notes[] = {
		{1, 1, "[number] 12 is missing"},
		{2, 5, "not in the translation memory: no target"},
	};
	struct hx_xliff_doc d = {"a-79-968.md", NULL, HX_LANG_EN, tgt, segs, notes, 2};
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};

	sample(segs);
	cr_assert_eq(hx_xliff_write(&d, &out, &diag), HX_OK, "%s", hx_diag_message(&diag));
	return hx_buf_detach(&out, NULL);
}

Test(xliff, round_trips_segments_targets_and_placeholders)
{
	struct hx_segments segs = {0};
	char *x = write_sample(&segs, HX_LANG_FR);
	struct hx_xliff_file f;
	struct hx_diag diag = {0};

	cr_assert_eq(hx_xliff_read(x, strlen(x), "t.xlf", &f, &diag), HX_OK, "%s",
		     hx_diag_message(&diag));
	cr_assert_eq(f.src, HX_LANG_EN);
	cr_assert_eq(f.tgt, HX_LANG_FR);
	cr_assert_str_eq(f.original, "a-79-968.md");
	cr_assert_eq(f.n, 3);
	for (size_t i = 0; i < 3; i++) {
		char id[8];

		snprintf(id, sizeof(id), "%zu", i);
		cr_assert_str_eq(f.units[i].id, id);
		cr_assert_str_eq(f.units[i].source, segs.segs[i].text, "unit %zu", i);
	}
	cr_assert_str_eq(f.units[0].group, "p-1");
	cr_assert_str_eq(f.units[2].group, "p-3");
	cr_assert_str_eq(f.units[0].target, segs.segs[0].target[HX_LANG_FR].text);
	cr_assert_str_eq(f.units[1].target, segs.segs[1].target[HX_LANG_FR].text);
	cr_assert_null(f.units[2].target);
	cr_assert_str_eq(f.units[0].state, "translated");
	cr_assert_str_eq(f.units[1].state, "needs-review-translation");
	cr_assert_eq(f.units[1].nnotes, 1);
	cr_assert_str_eq(f.units[1].notes[0], "[number] 12 is missing");
	cr_assert_str_eq(f.units[2].notes[0], "not in the translation memory: no target");
	hx_xliff_file_release(&f);
	hx_segments_release(&segs);
	free(x);
}

Test(xliff, writes_inline_codes_with_ctype_and_equiv_text)
{
	struct hx_segments segs = {0};
	char *x = write_sample(&segs, HX_LANG_FR);

	cr_assert(strstr(x, "<source>The <g id=\"1\" ctype=\"x-term\" equiv-text=\"General "
			    "Assembly\">General Assembly</g> adopted <x id=\"2\" "
			    "ctype=\"x-un-symbol\" equiv-text=\"A/RES/67/290\"/> &amp; "
			    "&lt;more&gt;.</source>"),
		  "%s", x);
	/* the target's equiv-text is the form the draft shows */
	cr_assert(strstr(x, "equiv-text=\"Assemblée générale\""), "%s", x);
	cr_assert(strstr(x, "<x id=\"1\" ctype=\"x-strong\" equiv-text=\"**\"/>"), "%s", x);
	cr_assert(strstr(x, "ctype=\"lb\""), "%s", x);
	cr_assert(strstr(x, "state=\"translated\" state-qualifier=\"leveraged-tm\""), "%s", x);
	cr_assert(strstr(x, "state=\"needs-review-translation\" state-qualifier=\"mt-suggestion\""),
		  "%s", x);
	cr_assert(strstr(x, "<note from=\"hexaglot\" priority=\"1\">[number] 12 is missing</note>"),
		  "%s", x);
	cr_assert(strstr(x, "<group id=\"p-1\" resname=\"p-1\">"), "%s", x);
	cr_assert_null(strstr(x, "p-2"), "a block without segments has no group");
	hx_segments_release(&segs);
	free(x);
}

/* ---- the structure XLIFF 1.2 (OASIS Standard, 1 February 2008) prescribes ---- */

static const char *const states[] = {"final", "needs-adaptation", "needs-l10n",
				     "needs-review-adaptation", "needs-review-l10n",
				     "needs-review-translation", "needs-translation", "new",
				     "signed-off", "translated", NULL};
static const char *const qualifiers[] = {
	"exact-match",  "fuzzy-match",   "id-match",         "leveraged-glossary",
	"leveraged-inherited", "leveraged-mt", "leveraged-repository", "leveraged-tm",
	"mt-suggestion", "rejected-grammar", "rejected-inaccurate", "rejected-length",
	"rejected-spelling", "tm-suggestion", NULL};

static bool listed(const char *const *v, const char *s)
{
	for (; *v; v++)
		if (!strcmp(*v, s))
			return true;
	return false;
}

static bool named(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name) && n->ns &&
	       !strcmp((const char *)n->ns->href, HX_XLIFF_NS);
}

static const xmlNode *next_el(const xmlNode *n)
{
	while (n && n->type != XML_ELEMENT_NODE) {
		cr_assert(n->type != XML_TEXT_NODE || xmlIsBlankNode((xmlNode *)n),
			  "text where only elements may be");
		n = n->next;
	}
	return n;
}

static void has_attr(const xmlNode *n, const char *a)
{
	cr_assert(xmlHasProp((xmlNode *)n, BAD_CAST a), "<%s> lacks %s", n->name, a);
}

static void check_inline(const xmlNode *parent)
{
	for (const xmlNode *k = parent->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE)
			continue;
		cr_assert(named(k, "x") || named(k, "g") || named(k, "bx") || named(k, "ex"),
			  "<%s> inside <%s>", k->name, parent->name);
		has_attr(k, "id");
		if (!named(k, "g"))
			cr_assert_null(k->children, "<%s> must be empty", k->name);
		else
			check_inline(k);
	}
}

/* trans-unit: source, target?, then notes (no other content). */
static void check_unit(const xmlNode *tu)
{
	const xmlNode *k = next_el(tu->children);

	has_attr(tu, "id");
	cr_assert(named(k, "source"), "a trans-unit starts with <source>");
	check_inline(k);
	k = next_el(k->next);
	if (named(k, "target")) {
		xmlChar *st = xmlGetProp((xmlNode *)k, BAD_CAST "state");
		xmlChar *q = xmlGetProp((xmlNode *)k, BAD_CAST "state-qualifier");

		cr_assert(st && listed(states, (const char *)st), "state %s", st);
		cr_assert(!q || listed(qualifiers, (const char *)q), "state-qualifier %s", q);
		xmlFree(st);
		xmlFree(q);
		check_inline(k);
		k = next_el(k->next);
	}
	for (; k; k = next_el(k->next)) {
		xmlChar *p = xmlGetProp((xmlNode *)k, BAD_CAST "priority");
		long v = p ? strtol((const char *)p, NULL, 10) : 1;

		cr_assert(named(k, "note"), "<%s> after the target", k->name);
		cr_assert(v >= 1 && v <= 10, "note priority %ld", v);
		xmlFree(p);
	}
}

static void check_structure(const char *x, size_t ngroups)
{
	xmlDocPtr doc = xmlReadMemory(x, (int)strlen(x), "t.xlf", NULL, XML_PARSE_NONET);
	const xmlNode *root, *file, *k;
	size_t groups = 0;

	cr_assert_not_null(doc, "not well-formed");
	root = xmlDocGetRootElement(doc);
	cr_assert(named(root, "xliff"));
	{
		xmlChar *v = xmlGetProp((xmlNode *)root, BAD_CAST "version");

		cr_assert_str_eq((char *)v, "1.2");
		xmlFree(v);
	}
	file = next_el(root->children);
	cr_assert(named(file, "file"));
	cr_assert_null(next_el(file->next), "one <file>");
	for (const char *const *a = (const char *const[]){"original", "source-language", "datatype",
							  "target-language", NULL};
	     *a; a++)
		has_attr(file, *a);
	k = next_el(file->children);
	cr_assert(named(k, "header"));
	cr_assert(named(next_el(k->children), "tool"));
	has_attr(next_el(k->children), "tool-id");
	has_attr(next_el(k->children), "tool-name");
	k = next_el(k->next);
	cr_assert(named(k, "body"));
	cr_assert_null(next_el(k->next), "nothing after <body>");
	for (const xmlNode *g = next_el(k->children); g; g = next_el(g->next), groups++) {
		cr_assert(named(g, "group"));
		cr_assert_not_null(next_el(g->children), "a group holds at least one unit");
		for (const xmlNode *tu = next_el(g->children); tu; tu = next_el(tu->next)) {
			cr_assert(named(tu, "trans-unit"));
			check_unit(tu);
		}
	}
	cr_assert_eq(groups, ngroups);
	xmlFreeDoc(doc);
}

Test(xliff, has_the_structure_of_xliff_1_2)
{
	struct hx_segments segs = {0};
	char *x = write_sample(&segs, HX_LANG_FR);

	cr_assert(strstr(x, "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">"));
	cr_assert(strstr(x, "source-language=\"en\" target-language=\"fr\" datatype=\"x-markdown\""));
	check_structure(x, 2);
	hx_segments_release(&segs);
	free(x);
}

Test(xliff, names_chinese_as_zh_cn_and_gives_no_target_without_a_translation)
{
	struct hx_segments segs = {0};
	char *x = write_sample(&segs, HX_LANG_ZH);

	cr_assert(strstr(x, "target-language=\"zh-CN\""));
	cr_assert_null(strstr(x, "<target"), "no Chinese translations in the sample");
	check_structure(x, 2);
	hx_segments_release(&segs);
	free(x);
}

Test(xliff, uses_bx_and_ex_where_a_target_breaks_the_nesting)
{
	struct hx_segments segs = {0};
	struct hx_xliff_doc d = {"x", NULL, HX_LANG_EN, HX_LANG_ES, &segs, NULL, 0};
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	struct hx_xliff_file f;
	struct hx_segment *s;

	hx_segments_add_block(&segs, HX_BLOCK_PARAGRAPH)->nsegs = 1;
	s = hx_segments_add_segment(&segs, 0);
	hx_segment_add_span(s, HX_SPAN_TERM, "Security Council", 16);
	s->spans[0].encloses = true;
	s->text = seq(P1, "Security Council", E1, " met.", NULL);
	s->len = strlen(s->text);
	/* the end mark before its placeholder: no <g> can say that */
	set_target(s, HX_LANG_ES, seq("Se reunió", E1, " el ", P1, "Consejo.", NULL), HX_ORIGIN_MT);
	cr_assert_eq(hx_xliff_write(&d, &out, &diag), HX_OK);
	cr_assert(strstr(out.data, "<ex id=\"1\"/> el <bx id=\"1\""), "%s", out.data);
	cr_assert_eq(hx_xliff_read(out.data, out.len, "t.xlf", &f, &diag), HX_OK);
	cr_assert_str_eq(f.units[0].target, s->target[HX_LANG_ES].text);
	cr_assert_str_eq(f.units[0].source, s->text);
	check_structure(out.data, 1);
	hx_xliff_file_release(&f);
	hx_buf_release(&out);
	hx_segments_release(&segs);
}

Test(xliff, replaces_what_xml_cannot_carry)
{
	struct hx_segments segs = {0};
	struct hx_xliff_doc d = {"x", NULL, HX_LANG_EN, HX_LANG_ES, &segs, NULL, 0};
	struct hx_buf out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	struct hx_segment *s;

	hx_segments_add_block(&segs, HX_BLOCK_PARAGRAPH)->nsegs = 1;
	s = hx_segments_add_segment(&segs, 0);
	s->text = strdup("bell\a and \xff byte");
	s->len = strlen(s->text);
	cr_assert_eq(hx_xliff_write(&d, &out, &diag), HX_OK);
	cr_assert(strstr(out.data, "bell\xEF\xBF\xBD and \xEF\xBF\xBD byte"), "%s", out.data);
	check_structure(out.data, 1);
	hx_buf_release(&out);
	hx_segments_release(&segs);
}

Test(xliff, refuses_past_the_cap)
{
	struct hx_segments segs = {0};
	struct hx_xliff_doc d = {"big.md", NULL, HX_LANG_EN, HX_LANG_FR, &segs, NULL, 0};
	struct hx_buf out = HX_BUF_INIT(300);
	struct hx_diag diag = {0};

	sample(&segs);
	cr_assert_eq(hx_xliff_write(&d, &out, &diag), HX_E_LIMIT);
	cr_assert(strstr(hx_diag_message(&diag), "big.md"));
	hx_buf_release(&out);
	hx_segments_release(&segs);
}

Test(xliff, reads_other_tools_ids_by_order_of_appearance)
{
	const char *x = "<?xml version=\"1.0\"?>\n"
			"<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n"
			"<file original=\"o\" source-language=\"en-US\" target-language=\"es-ES\" "
			"datatype=\"html\"><body>\n"
			"<trans-unit id=\"a\"><source>Go <g id=\"b1\">here</g> <ph id=\"img\">&lt;img/&gt;</ph>"
			"</source><target>Ir <mrk mtype=\"x\">a</mrk> <ph id=\"img\"/> <g id=\"b1\">aquí</g>"
			"</target></trans-unit>\n</body></file></xliff>\n";
	struct hx_xliff_file f;
	struct hx_diag diag = {0};
	char *src = seq("Go ", P1, "here", E1, " ", P2, NULL);
	char *tgt = seq("Ir a ", P2, " ", P1, "aquí", E1, NULL);

	cr_assert_eq(hx_xliff_read(x, strlen(x), "o.xlf", &f, &diag), HX_OK, "%s",
		     hx_diag_message(&diag));
	cr_assert_eq(f.src, HX_LANG_EN);
	cr_assert_eq(f.tgt, HX_LANG_ES);
	cr_assert_null(f.units[0].group);
	cr_assert_str_eq(f.units[0].source, src);
	cr_assert_str_eq(f.units[0].target, tgt);
	hx_xliff_file_release(&f);
	free(src);
	free(tgt);
}

Test(xliff, refuses_malformed_xml_and_other_roots_with_the_line)
{
	struct hx_xliff_file f;
	struct hx_diag diag = {0};
	const char *bad = "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n"
			  "<file>\n<body></file>";
	const char *tmx = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"/>\n";
	const char *nosrc = "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">"
			    "<file original=\"o\" source-language=\"en\" datatype=\"x\"><body>\n\n"
			    "<trans-unit id=\"7\"><target>x</target></trans-unit></body></file></xliff>";

	cr_assert_eq(hx_xliff_read(bad, strlen(bad), "bad.xlf", &f, &diag), HX_E_FORMAT);
	cr_assert(strstr(hx_diag_message(&diag), "bad.xlf:3:"), "%s", hx_diag_message(&diag));
	hx_xliff_file_release(&f);
	hx_diag_release(&diag);
	cr_assert_eq(hx_xliff_read(tmx, strlen(tmx), "t.tmx", &f, &diag), HX_E_FORMAT);
	cr_assert(strstr(hx_diag_message(&diag), "t.tmx:2: not XLIFF 1.2"), "%s",
		  hx_diag_message(&diag));
	hx_xliff_file_release(&f);
	hx_diag_release(&diag);
	cr_assert_eq(hx_xliff_read(nosrc, strlen(nosrc), "n.xlf", &f, &diag), HX_E_FORMAT);
	cr_assert(strstr(hx_diag_message(&diag), "n.xlf:3: trans-unit '7' has no <source>"), "%s",
		  hx_diag_message(&diag));
	hx_xliff_file_release(&f);
}
