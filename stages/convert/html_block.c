/*
 * Blocks of the HTML input: the containers (document, quote, list, item) and
 * the paragraphs, headings and code blocks written into them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_md.h"
#include "mem.h"

enum frame_kind {
	FRAME_ROOT,
	FRAME_QUOTE,
	FRAME_LIST,
	FRAME_ITEM,
};

enum block_kind {
	BLOCK_NONE = 0,
	BLOCK_PARAGRAPH,
	BLOCK_LIST,
	BLOCK_OTHER,
};

/* A container being written: the document, a block quote, a list or a list item. */
struct hx_html_frame {
	enum frame_kind kind;
	const xmlNode *node; /* the element that opened it */
	struct hx_buf out;   /* its blocks so far */
	enum block_kind last;
	char last_marker; /* the marker of the last block, when it is a list */
	char marker;      /* lists: '-' or '+', '.' or ')' */
	bool tight;       /* lists: may follow a paragraph without a blank line */
	long number;      /* ordered lists: the next item's number */
	size_t items;
	size_t width; /* lists: the content indent of the last item */
	bool bare;    /* lists: the last item is a marker alone */
};

enum hx_err hx_html_indent(struct hx_buf *out, const char *text, size_t len, const char *first,
			   const char *rest, const char *blank)
{
	size_t i = 0, end;
	enum hx_err err = HX_OK;

	while (i <= len && !err) {
		const char *nl = memchr(text + i, '\n', len - i);

		end = nl ? (size_t)(nl - text) : len;
		if (i > 0)
			err = hx_buf_addc(out, '\n');
		if (!err)
			err = hx_buf_adds(out, end > i ? (i ? rest : first) : blank);
		if (!err)
			err = hx_buf_add(out, text + i, end - i);
		i = end + 1;
	}
	return err;
}

void hx_html_conv_init(struct hx_html_conv *cv, const char *name, struct hx_diag *diag, size_t max)
{
	memset(cv, 0, sizeof(*cv));
	cv->name = name;
	cv->diag = diag;
	cv->max = max;
	hx_html_inline_init(&cv->in, max);
	hx_buf_init(&cv->block, max);
	cv->frames = hx_xcalloc(HX_HTML_FRAME_MAX, sizeof(*cv->frames));
}

void hx_html_conv_release(struct hx_html_conv *cv)
{
	for (size_t i = 0; cv->frames && i < cv->nframes; i++)
		hx_buf_release(&cv->frames[i].out);
	free(cv->frames);
	hx_html_table_free(cv->table);
	hx_html_inline_release(&cv->in);
	hx_buf_release(&cv->block);
	memset(cv, 0, sizeof(*cv));
}

static struct hx_html_frame *top(struct hx_html_conv *cv)
{
	return &cv->frames[cv->nframes - 1];
}

static struct hx_html_frame *push_frame(struct hx_html_conv *cv, enum frame_kind kind,
					const xmlNode *node)
{
	struct hx_html_frame *f = &cv->frames[cv->nframes++];

	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->node = node;
	hx_buf_init(&f->out, cv->max);
	return f;
}

/* Appends one item with content to list f. */
static enum hx_err add_item(struct hx_html_frame *f, const char *content, size_t len)
{
	char label[16], indent[16];
	enum hx_err err = HX_OK;

	if (f->marker == '.' || f->marker == ')')
		snprintf(label, sizeof(label), "%ld%c", f->number, f->marker);
	else
		snprintf(label, sizeof(label), "%c", f->marker);
	f->width = strlen(label) + 1;
	snprintf(indent, sizeof(indent), "%*s", (int)f->width, "");
	if (f->items)
		err = hx_buf_addc(&f->out, '\n');
	if (!err && !len)
		err = hx_buf_adds(&f->out, label);
	f->bare = !len;
	if (!err && len) {
		label[f->width - 1] = ' ';
		label[f->width] = '\0';
		err = hx_html_indent(&f->out, content, len, label, indent, "");
	}
	f->items++;
	if (f->number < 999999999)
		f->number++;
	return err;
}

/*
 * Whether a list may follow a paragraph without a blank line: a bullet list or
 * one starting at 1 whose first item is not empty (a bare "-" would underline
 * the paragraph as a heading, and only "1." may interrupt a paragraph).
 */
static bool can_interrupt(const char *list, size_t len, bool tight)
{
	const char *nl = memchr(list, '\n', len);

	return tight && memchr(list, ' ', nl ? (size_t)(nl - list) : len);
}

/* A block directly inside a list, outside its items: it joins the last item. */
static enum hx_err add_to_list(struct hx_html_frame *f, const char *text, size_t len,
			       enum block_kind kind, bool tight)
{
	char indent[16];
	enum hx_err err;

	if (!f->items)
		return add_item(f, text, len);
	snprintf(indent, sizeof(indent), "%*s", (int)f->width, "");
	if (f->bare) { /* after a blank line, an item that began empty would have ended */
		f->bare = false;
		err = hx_buf_addc(&f->out, ' ');
		return err ? err : hx_html_indent(&f->out, text, len, "", indent, "");
	}
	err = hx_buf_adds(&f->out,
			  kind == BLOCK_LIST && can_interrupt(text, len, tight) ? "\n" : "\n\n");
	return err ? err : hx_html_indent(&f->out, text, len, indent, indent, "");
}

/* Adds a block to the innermost container; marker and tight describe a list. */
static enum hx_err add_block(struct hx_html_conv *cv, const char *text, size_t len,
			     enum block_kind kind, char marker, bool tight)
{
	struct hx_html_frame *f = top(cv);
	const char *sep = f->out.len ? "\n\n" : "";
	enum hx_err err;

	if (!len)
		return HX_OK;
	switch (f->kind) {
	case FRAME_LIST:
		err = add_to_list(f, text, len, kind, tight);
		f->last = kind;
		f->last_marker = marker;
		return err;
	case FRAME_ITEM:
		if (f->out.len && kind == BLOCK_LIST && f->last == BLOCK_PARAGRAPH &&
		    can_interrupt(text, len, tight))
			sep = "\n";
		break;
	case FRAME_ROOT:
	case FRAME_QUOTE:
		break;
	}
	err = hx_buf_adds(&f->out, sep);
	if (!err)
		err = hx_buf_add(&f->out, text, len);
	f->last = kind;
	f->last_marker = marker;
	return err;
}

/* Ends the paragraph being written (in a heading or a cell: a word boundary). */
enum hx_err hx_html_end_paragraph(struct hx_html_conv *cv)
{
	enum hx_err err;

	if (cv->in.flat) {
		hx_html_inline_space(&cv->in);
		return HX_OK;
	}
	hx_buf_reset(&cv->block);
	err = hx_html_inline_take(&cv->in, &cv->block, true);
	if (!err)
		err = add_block(cv, cv->block.data, cv->block.len, BLOCK_PARAGRAPH, 0, false);
	return err;
}

/* Closes the innermost container into the one around it. */
static enum hx_err close_frame(struct hx_html_conv *cv)
{
	struct hx_html_frame f = *top(cv);
	enum hx_err err = HX_OK;

	cv->nframes--;
	switch (f.kind) {
	case FRAME_ROOT:
		break;
	case FRAME_QUOTE:
		hx_buf_reset(&cv->block);
		if (f.out.len)
			err = hx_html_indent(&cv->block, f.out.data, f.out.len, "> ", "> ", ">");
		if (!err)
			err = add_block(cv, cv->block.data, cv->block.len, BLOCK_OTHER, 0, false);
		break;
	case FRAME_LIST:
		err = add_block(cv, f.out.data, f.items ? f.out.len : 0, BLOCK_LIST, f.marker,
				f.tight);
		break;
	case FRAME_ITEM:
		err = add_item(top(cv), f.out.data, f.out.len);
		break;
	}
	hx_buf_release(&f.out);
	return err;
}

/* The start attribute of an ordered list, as CommonMark can write it. */
static long list_start(const xmlNode *node)
{
	const char *s = hx_html_attr(node, "start");
	char *end;
	long n;

	if (!s)
		return 1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s)
		return 1;
	return n < 0 ? 0 : n > 999999999 ? 999999999 : n;
}

enum hx_err hx_html_enter_container(struct hx_html_conv *cv, const xmlNode *node,
				    enum hx_html_role role)
{
	struct hx_html_frame *f, *parent;
	enum hx_err err = hx_html_end_paragraph(cv);
	bool ordered;

	if (err || cv->in.flat || cv->nframes == HX_HTML_FRAME_MAX)
		return err;
	parent = top(cv);
	if (role == HX_HTML_QUOTE) {
		push_frame(cv, FRAME_QUOTE, node);
	} else if (role == HX_HTML_ITEM) {
		if (parent->kind == FRAME_LIST)
			push_frame(cv, FRAME_ITEM, node);
	} else {
		ordered = !strcmp((const char *)node->name, "ol");
		f = push_frame(cv, FRAME_LIST, node);
		f->marker = ordered ? '.' : '-';
		/* two lists in a row need different markers, or CommonMark joins them */
		if (parent->last == BLOCK_LIST && parent->last_marker == f->marker)
			f->marker = ordered ? ')' : '+';
		f->number = ordered ? list_start(node) : 1;
		f->tight = f->number == 1;
	}
	return HX_OK;
}

enum hx_err hx_html_leave_container(struct hx_html_conv *cv, const xmlNode *node)
{
	enum hx_err err = hx_html_end_paragraph(cv);

	if (!err && cv->nframes > 1 && top(cv)->node == node)
		err = close_frame(cv);
	return err;
}

enum hx_err hx_html_start_heading(struct hx_html_conv *cv, const xmlNode *node)
{
	enum hx_err err = hx_html_end_paragraph(cv);

	if (err || cv->in.flat)
		return err;
	cv->heading = node;
	cv->level = node->name[1] - '0';
	cv->in.flat++;
	cv->in.heading = true;
	return HX_OK;
}

enum hx_err hx_html_end_heading(struct hx_html_conv *cv)
{
	size_t prefix;
	enum hx_err err;

	hx_buf_reset(&cv->block);
	err = hx_buf_addf(&cv->block, "%.*s ", cv->level, "######");
	prefix = cv->block.len;
	if (!err)
		err = hx_html_inline_take(&cv->in, &cv->block, false);
	cv->in.flat--;
	cv->in.heading = false;
	cv->heading = NULL;
	if (err || cv->block.len == prefix)
		return err;
	return add_block(cv, cv->block.data, cv->block.len, BLOCK_OTHER, 0, false);
}

/* The language named by the class of the <code> in a <pre>, or "". */
static void pre_language(const xmlNode *pre, char *lang, size_t size)
{
	const char *cls = NULL, *p;
	size_t n = 0;

	for (const xmlNode *c = pre->children; c && !cls; c = c->next)
		if (hx_html_role_of(c) == HX_HTML_CODE)
			cls = hx_html_attr(c, "class");
	p = cls ? strstr(cls, "language-") : NULL;
	if (p)
		p += strlen("language-");
	while (p && n + 1 < size &&
	       (p[n] == '-' || p[n] == '+' || p[n] == '_' || p[n] == '.' ||
		(p[n] >= '0' && p[n] <= '9') || ((p[n] | 0x20) >= 'a' && (p[n] | 0x20) <= 'z'))) {
		lang[n] = p[n];
		n++;
	}
	lang[n] = '\0';
}

/* Writes the fenced code block for code (trailing blank lines removed). */
static enum hx_err add_fence(struct hx_html_conv *cv, const char *code, size_t len,
			     const char *lang)
{
	size_t run = 0, fence = 3, i;
	enum hx_err err = HX_OK;

	while (len && (code[len - 1] == '\n' || code[len - 1] == ' ' || code[len - 1] == '\t'))
		len--;
	for (i = 0; i < len; i++) {
		run = code[i] == '`' ? run + 1 : 0;
		if (run >= fence)
			fence = run + 1;
	}
	hx_buf_reset(&cv->block);
	for (i = 0; i < fence && !err; i++)
		err = hx_buf_addc(&cv->block, '`');
	if (!err)
		err = hx_buf_addf(&cv->block, "%s\n", lang);
	if (!err)
		err = hx_html_add_clean(&cv->block, code, len, "\n\t");
	if (!err)
		err = hx_buf_addc(&cv->block, '\n');
	for (i = 0; i < fence && !err; i++)
		err = hx_buf_addc(&cv->block, '`');
	return err ? err : add_block(cv, cv->block.data, cv->block.len, BLOCK_OTHER, 0, false);
}

enum hx_err hx_html_add_pre(struct hx_html_conv *cv, const xmlNode *node)
{
	struct hx_buf code = HX_BUF_INIT(cv->max);
	const char *s;
	char lang[32];
	size_t len, i;
	enum hx_err err = hx_html_gather(node, &code, "\n");

	s = hx_buf_str(&code);
	len = code.len;
	if (len && s[0] == '\n') /* HTML drops the line break right after <pre> */
		s++, len--;
	for (i = 0; i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'); i++)
		;
	if (!err && i < len && cv->in.flat) {
		hx_buf_reset(&cv->block);
		err = hx_html_collapse(&cv->block, s, len);
		if (!err)
			err = hx_html_inline_code(&cv->in, cv->block.data, cv->block.len);
	} else if (!err && i < len) {
		pre_language(node, lang, sizeof(lang));
		err = hx_html_end_paragraph(cv);
		if (!err)
			err = add_fence(cv, s, len, lang);
	}
	hx_buf_release(&code);
	return err;
}

enum hx_err hx_html_add_code(struct hx_html_conv *cv, const xmlNode *node)
{
	struct hx_buf code = HX_BUF_INIT(cv->max);
	enum hx_err err = hx_html_gather(node, &code, " ");

	hx_buf_reset(&cv->block);
	if (!err)
		err = hx_html_collapse(&cv->block, hx_buf_str(&code), code.len);
	if (!err)
		err = hx_html_inline_code(&cv->in, cv->block.data, cv->block.len);
	hx_buf_release(&code);
	return err;
}

enum hx_err hx_html_add_block(struct hx_html_conv *cv, const char *text, size_t len)
{
	if (cv->in.flat)
		return HX_OK;
	return add_block(cv, text, len, BLOCK_OTHER, 0, false);
}

void hx_html_begin(struct hx_html_conv *cv)
{
	cv->nframes = 0;
	push_frame(cv, FRAME_ROOT, NULL);
}

enum hx_err hx_html_end(struct hx_html_conv *cv, struct hx_buf *md)
{
	const struct hx_buf *root = &cv->frames[0].out;
	enum hx_err err = hx_html_end_paragraph(cv);

	while (!err && cv->nframes > 1)
		err = close_frame(cv);
	if (!err && root->len && md->len)
		err = hx_buf_adds(md, "\n\n");
	if (!err)
		err = hx_buf_add(md, root->data, root->len);
	while (cv->nframes)
		hx_buf_release(&cv->frames[--cv->nframes].out);
	return err;
}
