/*
 * The walk of the HTML input: visits the parsed tree in document order
 * without recursion and hands each element to its role's handler.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_md.h"
#include "mem.h"

static const struct role_name {
	const char *name;
	enum hx_html_role role;
} roles[] = {
	/* sorted by name for bsearch */
	{"a", HX_HTML_LINK},        {"address", HX_HTML_BLOCK},  {"applet", HX_HTML_DROP},
	{"article", HX_HTML_BLOCK}, {"aside", HX_HTML_BLOCK},    {"audio", HX_HTML_DROP},
	{"b", HX_HTML_STRONG},      {"base", HX_HTML_DROP},      {"blockquote", HX_HTML_QUOTE},
	{"body", HX_HTML_BLOCK},    {"br", HX_HTML_BR},          {"button", HX_HTML_DROP},
	{"canvas", HX_HTML_DROP},   {"caption", HX_HTML_BLOCK},  {"center", HX_HTML_BLOCK},
	{"code", HX_HTML_CODE},     {"col", HX_HTML_DROP},       {"colgroup", HX_HTML_DROP},
	{"datalist", HX_HTML_DROP}, {"dd", HX_HTML_BLOCK},       {"details", HX_HTML_BLOCK},
	{"dialog", HX_HTML_BLOCK},  {"dir", HX_HTML_LIST},       {"div", HX_HTML_BLOCK},
	{"dl", HX_HTML_BLOCK},      {"dt", HX_HTML_BLOCK},       {"em", HX_HTML_EM},
	{"embed", HX_HTML_DROP},    {"fieldset", HX_HTML_BLOCK}, {"figcaption", HX_HTML_BLOCK},
	{"figure", HX_HTML_BLOCK},  {"footer", HX_HTML_BLOCK},   {"form", HX_HTML_BLOCK},
	{"frame", HX_HTML_DROP},    {"frameset", HX_HTML_DROP},  {"h1", HX_HTML_HEADING},
	{"h2", HX_HTML_HEADING},    {"h3", HX_HTML_HEADING},     {"h4", HX_HTML_HEADING},
	{"h5", HX_HTML_HEADING},    {"h6", HX_HTML_HEADING},     {"head", HX_HTML_DROP},
	{"header", HX_HTML_BLOCK},  {"hgroup", HX_HTML_BLOCK},   {"hr", HX_HTML_HR},
	{"html", HX_HTML_BLOCK},    {"i", HX_HTML_EM},           {"iframe", HX_HTML_DROP},
	{"img", HX_HTML_IMG},       {"input", HX_HTML_DROP},     {"kbd", HX_HTML_CODE},
	{"legend", HX_HTML_BLOCK},  {"li", HX_HTML_ITEM},        {"link", HX_HTML_DROP},
	{"listing", HX_HTML_PRE},   {"main", HX_HTML_BLOCK},     {"math", HX_HTML_DROP},
	{"menu", HX_HTML_LIST},     {"meta", HX_HTML_DROP},      {"nav", HX_HTML_BLOCK},
	{"noembed", HX_HTML_DROP},  {"noframes", HX_HTML_DROP},  {"noscript", HX_HTML_DROP},
	{"object", HX_HTML_DROP},   {"ol", HX_HTML_LIST},        {"optgroup", HX_HTML_DROP},
	{"option", HX_HTML_DROP},   {"p", HX_HTML_BLOCK},        {"param", HX_HTML_DROP},
	{"plaintext", HX_HTML_PRE}, {"pre", HX_HTML_PRE},        {"samp", HX_HTML_CODE},
	{"script", HX_HTML_DROP},   {"section", HX_HTML_BLOCK},  {"select", HX_HTML_DROP},
	{"source", HX_HTML_DROP},   {"strong", HX_HTML_STRONG},  {"style", HX_HTML_DROP},
	{"summary", HX_HTML_BLOCK}, {"svg", HX_HTML_DROP},       {"table", HX_HTML_TABLE},
	{"tbody", HX_HTML_BLOCK},   {"td", HX_HTML_CELL},        {"template", HX_HTML_DROP},
	{"textarea", HX_HTML_DROP}, {"tfoot", HX_HTML_BLOCK},    {"th", HX_HTML_CELL},
	{"thead", HX_HTML_BLOCK},   {"title", HX_HTML_DROP},     {"tr", HX_HTML_ROW},
	{"track", HX_HTML_DROP},    {"tt", HX_HTML_CODE},        {"ul", HX_HTML_LIST},
	{"video", HX_HTML_DROP},    {"xmp", HX_HTML_PRE},
};

static int role_name_cmp(const void *key, const void *entry)
{
	return strcmp(key, ((const struct role_name *)entry)->name);
}

enum hx_html_role hx_html_role_of(const xmlNode *node)
{
	const struct role_name *r;

	if (node->type != XML_ELEMENT_NODE || !node->name)
		return HX_HTML_INLINE;
	r = bsearch(node->name, roles, sizeof(roles) / sizeof(roles[0]), sizeof(roles[0]),
		    role_name_cmp);
	return r ? r->role : HX_HTML_INLINE;
}

const char *hx_html_attr(const xmlNode *node, const char *name)
{
	for (const xmlAttr *a = node->properties; a; a = a->next) {
		if (a->name && !strcasecmp((const char *)a->name, name))
			return a->children && a->children->content
				       ? (const char *)a->children->content
				       : "";
	}
	return NULL;
}

const xmlNode *hx_html_next(const xmlNode *n, const xmlNode *root)
{
	while (n && n != root && !n->next)
		n = n->parent;
	return n && n != root ? n->next : NULL;
}

enum hx_err hx_html_gather(const xmlNode *node, struct hx_buf *out, const char *br)
{
	const xmlNode *n = node->children;
	enum hx_html_role role;
	enum hx_err err = HX_OK;

	while (n && !err) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				err = hx_buf_adds(out, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE && !(hx_html_marks(n) & HX_HTML_SKIP)) {
			role = hx_html_role_of(n);
			if (role == HX_HTML_BR) {
				err = hx_buf_adds(out, br);
			} else if (role != HX_HTML_DROP && n->children) {
				n = n->children;
				continue;
			}
		}
		n = hx_html_next(n, node);
	}
	return err;
}

static enum hx_err on_text(struct hx_html_conv *cv, const xmlNode *node)
{
	const char *s = (const char *)node->content;
	size_t len = s ? strlen(s) : 0;
	enum hx_err err;

	if (!memmem(s ? s : "", len, "<![", 3))
		return hx_html_inline_text(&cv->in, s, len);
	hx_buf_reset(&cv->block);
	err = hx_html_strip_conditionals(&cv->block, s, len);
	return err ? err : hx_html_inline_text(&cv->in, cv->block.data, cv->block.len);
}

/* Whether a link to #fragment goes back to a footnote reference (in a footnote body). */
static bool is_back_link(const xmlNode *link, const char *fragment)
{
	xmlAttr *id = xmlGetID(link->doc, (const xmlChar *)fragment);

	return id && id->type == XML_ATTRIBUTE_NODE && id->parent &&
	       (hx_html_marks(id->parent) & HX_HTML_REF_ANCHOR);
}

static enum hx_err enter_link(struct hx_html_conv *cv, const xmlNode *node, bool *descend)
{
	uintptr_t marks = hx_html_marks(node);
	size_t note = marks >> HX_HTML_NOTE_SHIFT;
	const char *href = hx_html_attr(node, "href");
	struct hx_buf dest = HX_BUF_INIT(cv->max);
	bool allowed;
	enum hx_err err;

	*descend = false;
	if ((marks & HX_HTML_NOTE_REF) && note && note <= cv->nnotes)
		return hx_html_inline_note(&cv->in, cv->notes[note - 1].label);
	if (href && href[0] == '#' && cv->in_note && is_back_link(node, href + 1))
		return HX_OK;
	*descend = true;
	if (!href)
		return HX_OK;
	err = hx_html_link_dest(&dest, href, &allowed);
	if (!err && allowed)
		hx_html_inline_push(&cv->in, HX_HTML_MARK_LINK, hx_buf_detach(&dest, NULL), node);
	hx_buf_release(&dest);
	return err;
}

static enum hx_err enter_table(struct hx_html_conv *cv, const xmlNode *node)
{
	enum hx_err err = hx_html_end_paragraph(cv);

	if (!err && !cv->in.flat && !cv->table && !hx_html_table_is_layout(node))
		cv->table = hx_html_table_new(node, cv->max);
	return err;
}

static enum hx_err leave_table(struct hx_html_conv *cv, const xmlNode *node)
{
	struct hx_buf md = HX_BUF_INIT(cv->max);
	enum hx_err err = hx_html_end_paragraph(cv);

	if (err || !cv->table || cv->table->node != node)
		return err;
	hx_html_table_end_row(cv->table);
	err = hx_html_table_render(cv->table, &md);
	hx_html_table_free(cv->table);
	cv->table = NULL;
	if (!err)
		err = hx_html_add_block(cv, md.data, md.len);
	hx_buf_release(&md);
	return err;
}

static enum hx_err enter_cell(struct hx_html_conv *cv, const xmlNode *node)
{
	enum hx_err err = hx_html_end_paragraph(cv);

	if (err || !cv->table || cv->cell || cv->in.flat)
		return err;
	cv->cell = node;
	cv->in.flat++;
	cv->in.cell = true;
	return HX_OK;
}

static enum hx_err leave_cell(struct hx_html_conv *cv, const xmlNode *node)
{
	size_t off;
	enum hx_err err;

	if (cv->cell != node)
		return hx_html_end_paragraph(cv);
	off = cv->table->text.len;
	err = hx_html_inline_take(&cv->in, &cv->table->text, false);
	hx_html_table_add_cell(cv->table, node, off);
	cv->in.flat--;
	cv->in.cell = false;
	cv->cell = NULL;
	return err;
}

static enum hx_err enter_row(struct hx_html_conv *cv, const xmlNode *node)
{
	enum hx_err err = hx_html_end_paragraph(cv);

	if (!err && cv->table && !cv->cell)
		hx_html_table_start_row(cv->table, node);
	return err;
}

static enum hx_err leave_row(struct hx_html_conv *cv, const xmlNode *node)
{
	enum hx_err err = hx_html_end_paragraph(cv);

	if (!err && cv->table && !cv->cell && cv->table->row == node)
		hx_html_table_end_row(cv->table);
	return err;
}

static enum hx_err enter_element(struct hx_html_conv *cv, const xmlNode *node, bool *descend)
{
	enum hx_html_role role = hx_html_role_of(node);
	const char *alt;
	enum hx_err err;

	*descend = role != HX_HTML_DROP;
	switch (role) {
	case HX_HTML_INLINE:
	case HX_HTML_DROP:
		return HX_OK;
	case HX_HTML_BLOCK:
		return hx_html_end_paragraph(cv);
	case HX_HTML_HEADING:
		return hx_html_start_heading(cv, node);
	case HX_HTML_LIST:
	case HX_HTML_ITEM:
	case HX_HTML_QUOTE:
		return hx_html_enter_container(cv, node, role);
	case HX_HTML_PRE:
		*descend = false;
		return hx_html_add_pre(cv, node);
	case HX_HTML_CODE:
		*descend = false;
		return hx_html_add_code(cv, node);
	case HX_HTML_EM:
	case HX_HTML_STRONG:
		hx_html_inline_push(&cv->in,
				    role == HX_HTML_EM ? HX_HTML_MARK_EM : HX_HTML_MARK_STRONG,
				    NULL, node);
		return HX_OK;
	case HX_HTML_LINK:
		return enter_link(cv, node, descend);
	case HX_HTML_IMG:
		alt = hx_html_attr(node, "alt");
		return alt ? hx_html_inline_text(&cv->in, alt, strlen(alt)) : HX_OK;
	case HX_HTML_BR:
		hx_html_inline_break(&cv->in);
		return HX_OK;
	case HX_HTML_HR:
		err = hx_html_end_paragraph(cv);
		return err ? err : hx_html_add_block(cv, "***", 3);
	case HX_HTML_TABLE:
		return enter_table(cv, node);
	case HX_HTML_ROW:
		return enter_row(cv, node);
	case HX_HTML_CELL:
		return enter_cell(cv, node);
	}
	return HX_OK;
}

static enum hx_err leave_element(struct hx_html_conv *cv, const xmlNode *node)
{
	switch (hx_html_role_of(node)) {
	case HX_HTML_INLINE:
	case HX_HTML_DROP:
	case HX_HTML_PRE:
	case HX_HTML_CODE:
	case HX_HTML_IMG:
	case HX_HTML_BR:
	case HX_HTML_HR:
		return HX_OK;
	case HX_HTML_BLOCK:
		return hx_html_end_paragraph(cv);
	case HX_HTML_HEADING:
		return cv->heading == node ? hx_html_end_heading(cv) : hx_html_end_paragraph(cv);
	case HX_HTML_LIST:
	case HX_HTML_ITEM:
	case HX_HTML_QUOTE:
		return hx_html_leave_container(cv, node);
	case HX_HTML_EM:
	case HX_HTML_STRONG:
	case HX_HTML_LINK:
		return hx_html_inline_pop(&cv->in, node);
	case HX_HTML_TABLE:
		return leave_table(cv, node);
	case HX_HTML_ROW:
		return leave_row(cv, node);
	case HX_HTML_CELL:
		return leave_cell(cv, node);
	}
	return HX_OK;
}

static enum hx_err enter(struct hx_html_conv *cv, const xmlNode *node, bool *descend)
{
	*descend = false;
	if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
		return on_text(cv, node);
	if (node->type != XML_ELEMENT_NODE || (hx_html_marks(node) & HX_HTML_SKIP))
		return HX_OK;
	return enter_element(cv, node, descend);
}

static enum hx_err leave(struct hx_html_conv *cv, const xmlNode *node)
{
	if (node->type != XML_ELEMENT_NODE || (hx_html_marks(node) & HX_HTML_SKIP))
		return HX_OK;
	return leave_element(cv, node);
}

enum hx_err hx_html_walk(struct hx_html_conv *cv, const xmlNode *root, struct hx_buf *md)
{
	const xmlNode *n = root->children;
	bool descend;
	enum hx_err err = HX_OK;

	hx_html_begin(cv);
	while (n && !err) {
		err = enter(cv, n, &descend);
		if (!err && descend && n->children) {
			n = n->children;
			continue;
		}
		/* leave n, then every ancestor whose last child it was */
		while (!err) {
			err = leave(cv, n);
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (n == root) {
				n = NULL;
				break;
			}
		}
	}
	if (!err)
		return hx_html_end(cv, md);
	hx_html_end(cv, &cv->block);
	return err;
}
