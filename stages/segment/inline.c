/*
 * A block's inline content as text with placeholders: markup (emphasis, links,
 * code, footnote calls) and what must come back unchanged (symbols, URLs,
 * e-mail addresses, numbers) each become one placeholder code point.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cmark-gfm/node.h>

#include "mem.h"
#include "segment_impl.h"
#include "symbol.h"

void hx_sg_text_init(struct hx_sg_text *t, enum hx_lang lang, uint32_t targets)
{
	memset(t, 0, sizeof(*t));
	hx_buf_init(&t->text, 0);
	t->lang = lang;
	t->targets = targets;
	t->first_text = true;
}

void hx_sg_text_release(struct hx_sg_text *t)
{
	for (size_t i = 0; i < t->nspans; i++) {
		free(t->spans[i].text);
		for (int l = 0; l < HX_LANG_COUNT; l++)
			free(t->spans[i].target[l]);
	}
	free(t->spans);
	free(t->closing);
	hx_buf_release(&t->text);
	memset(t, 0, sizeof(*t));
}

/* Adds a span and its placeholder; returns the span (borrowed until the next add). */
static struct hx_span *add_span(struct hx_sg_text *t, enum hx_span_kind kind, const char *md,
				size_t len, bool closing, enum hx_err *err)
{
	struct hx_span *sp;

	if (t->nspans >= HX_SEG_MAX_SPANS) {
		*err = HX_E_LIMIT;
		return NULL;
	}
	if (t->nspans == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 16;
		t->spans = hx_xreallocarray(t->spans, t->alloc, sizeof(*t->spans));
		t->closing = hx_xreallocarray(t->closing, t->alloc, sizeof(*t->closing));
	}
	sp = &t->spans[t->nspans];
	memset(sp, 0, sizeof(*sp));
	sp->kind = kind;
	sp->text = hx_xstrndup(md, len);
	sp->entry = -1;
	t->closing[t->nspans] = closing;
	*err = hx_placeholder_add(&t->text, (unsigned)t->nspans);
	t->nspans++;
	return sp;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ascii_alnum(char c)
{
	return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* "2,400,000", "1.5", "67/290", "2025-07-08": digits joined by one separator each. */
static size_t number_at(const char *s, size_t len, size_t i)
{
	size_t j = i;

	if (i > 0 && (is_ascii_alnum(s[i - 1]) || s[i - 1] == '_'))
		return 0;
	while (j < len && is_digit(s[j])) {
		while (j < len && is_digit(s[j]))
			j++;
		if (j + 1 < len && strchr(".,/:-", s[j]) && s[j] && is_digit(s[j + 1]))
			j++;
	}
	if (j < len && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z'))
		return 0; /* "2nd", "3D": part of a word */
	return j - i;
}

/* "2,400,000", "67/290", "1.5": a number MT could rewrite; plain digits it copies. */
static bool has_separator(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return true;
	return false;
}

/* "https://...", "www...": up to a space or non-ASCII; trailing punctuation left out. */
static size_t url_at(const char *s, size_t len, size_t i)
{
	size_t j = i;

	if (!(len - i > 8 && (!strncmp(s + i, "http://", 7) || !strncmp(s + i, "https://", 8) ||
			       !strncmp(s + i, "www.", 4))))
		return 0;
	if (i > 0 && is_ascii_alnum(s[i - 1]))
		return 0;
	while (j < len && (unsigned char)s[j] > 0x20 && (unsigned char)s[j] < 0x7F && s[j] != '<' &&
	       s[j] != '>' && s[j] != '"')
		j++;
	while (j > i && strchr(".,;:!?)'", s[j - 1]))
		j--;
	return j - i > 4 ? j - i : 0;
}

/* "name@example.org". */
static size_t email_at(const char *s, size_t len, size_t i)
{
	size_t at = i, j;

	if (i > 0 && (is_ascii_alnum(s[i - 1]) || strchr("._%+-", s[i - 1])))
		return 0;
	while (at < len && (is_ascii_alnum(s[at]) || strchr("._%+-", s[at])) && s[at])
		at++;
	if (at == i || at >= len || s[at] != '@')
		return 0;
	j = at + 1;
	while (j < len && (is_ascii_alnum(s[j]) || s[j] == '-' || s[j] == '.'))
		j++;
	while (j > at && s[j - 1] == '.')
		j--;
	return memchr(s + at, '.', j - at) && j > at + 3 ? j - i : 0;
}

/* A UN symbol at s[i] with a boundary before it. */
static size_t symbol_at(const char *s, size_t len, size_t i)
{
	if (i > 0 && (is_ascii_alnum(s[i - 1]) || s[i - 1] == '/' || s[i - 1] == '.'))
		return 0;
	return hx_symbol_match(s + i, len - i);
}

/* Markdown for text that stands alone in a span (a symbol or URL written as it was). */
static enum hx_err add_protected(struct hx_sg_text *t, enum hx_span_kind kind, const char *s,
				 size_t n)
{
	struct hx_buf md = HX_BUF_INIT(0);
	enum hx_err err = HX_OK;

	for (size_t k = 0; k < n && !err; k++) {
		if (strchr("\\`*_[]<>&~|", s[k]) && s[k])
			err = hx_buf_addc(&md, '\\');
		if (!err)
			err = hx_buf_addc(&md, s[k]);
	}
	if (!err)
		add_span(t, kind, hx_buf_str(&md), md.len, false, &err);
	hx_buf_release(&md);
	return err;
}

/* Plain text: protected items become spans, the rest is copied. */
static enum hx_err add_text(struct hx_sg_text *t, const char *s, size_t len)
{
	enum hx_err err = HX_OK;
	size_t run = 0;

	for (size_t i = 0; i < len && !err;) {
		size_t n = 0;
		enum hx_span_kind kind = HX_SPAN_NUMBER;

		if (s[i] >= 'A' && s[i] <= 'Z' && (n = symbol_at(s, len, i)))
			kind = HX_SPAN_SYMBOL;
		else if ((s[i] == 'h' || s[i] == 'w') && (n = url_at(s, len, i)))
			kind = HX_SPAN_URL;
		else if (is_ascii_alnum(s[i]) && (n = email_at(s, len, i)))
			kind = HX_SPAN_URL;
		else if (is_digit(s[i]) && (n = number_at(s, len, i)) && !has_separator(s + i, n))
			n = 0; /* "9 July 2013": plain digits stay text, so MT can build the date */
		if (!n) {
			i++;
			continue;
		}
		err = hx_buf_add(&t->text, s + run, i - run);
		if (!err)
			err = add_protected(t, kind, s + i, n);
		i += n;
		run = i;
	}
	return err ? err : hx_buf_add(&t->text, s + run, len - run);
}

/* "46. ", "(a) ", "a) ", "I. ", "A. ", "一. ": a label at the start, kept out of the text. */
static size_t label_at(const char *s, size_t len)
{
	size_t i = 0;

	if (len && s[0] == '(') {
		for (i = 1; i < len && i < 6 && (is_ascii_alnum(s[i])); i++)
			;
		if (i == 1 || i >= len || s[i] != ')')
			return 0;
		i++;
	} else {
		while (i < len && i < 4 && is_digit(s[i]))
			i++;
		if (i == 0)
			while (i < len && i < 6 && strchr("IVXL", s[i]) && s[i])
				i++;
		if (i == 0 && len > 1 && s[0] >= 'A' && s[0] <= 'Z')
			i = 1;
		if (i == 0 || i >= len || (s[i] != '.' && s[i] != ')'))
			return 0;
		i++;
	}
	if (i < len && s[i] != ' ')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	return i < len ? i : 0;
}

/* Chapter numbers written with Han numerals: "一. ", "二、". */
static size_t han_label_at(const char *s, size_t len)
{
	static const char numerals[] = "一二三四五六七八九十";
	size_t i = 0;

	while (i + 3 <= len && i < 9 && memmem(numerals, sizeof(numerals) - 1, s + i, 3))
		i += 3;
	if (i == 0 || i >= len)
		return 0;
	if (s[i] == '.')
		i++;
	else if (i + 3 <= len && (!memcmp(s + i, "、", 3) || !memcmp(s + i, "．", 3)))
		i += 3;
	else
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	return i < len ? i : 0;
}

static enum hx_err add_first_text(struct hx_sg_text *t, const char *s, size_t len, bool take)
{
	size_t n = 0;

	t->first_text = false;
	if (take && t->text.len == 0 && !(n = label_at(s, len)))
		n = han_label_at(s, len);
	if (n) {
		size_t k = n;

		while (k > 0 && s[k - 1] == ' ')
			k--;
		snprintf(t->label, sizeof(t->label), "%.*s", (int)(k < 23 ? k : 23), s);
	}
	return add_text(t, s + n, len - n);
}

/* A link destination as Markdown writes it: (<...>) when it holds spaces or brackets. */
static enum hx_err add_destination(struct hx_buf *md, const char *url)
{
	bool angle = strpbrk(url, " ()") != NULL;
	enum hx_err err = hx_buf_adds(md, angle ? "(<" : "(");

	for (const char *p = url; *p && !err; p++) {
		if (*p == '<' || *p == '>' || (unsigned char)*p < 0x20)
			err = hx_buf_addf(md, "%%%02X", (unsigned char)*p);
		else if (*p == '\\' || (!angle && (*p == '(' || *p == ')')))
			err = hx_buf_addf(md, "\\%c", *p);
		else
			err = hx_buf_addc(md, *p);
	}
	return err ? err : hx_buf_adds(md, angle ? ">)" : ")");
}

/* The label a footnote call points to: its definition's, from cmark-gfm's own node. */
const char *hx_sg_footnote_label(cmark_node *node, size_t *len)
{
	const cmark_node *def = node->type == CMARK_NODE_FOOTNOTE_DEFINITION
					? node
					: node->parent_footnote_def;

	if (!def || !def->as.literal.data) {
		*len = 0;
		return "";
	}
	*len = (size_t)def->as.literal.len;
	return (const char *)def->as.literal.data;
}

static size_t longest_run(const char *s, char c)
{
	size_t best = 0, run = 0;

	for (; *s; s++) {
		run = *s == c ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/* `code`, fenced by one more backtick than the longest run inside. */
static enum hx_err add_code(struct hx_sg_text *t, const char *code)
{
	struct hx_buf md = HX_BUF_INIT(0);
	size_t n = longest_run(code, '`') + 1;
	bool pad = code[0] == '`' || (*code && code[strlen(code) - 1] == '`');
	enum hx_err err = HX_OK;

	for (size_t i = 0; i < n && !err; i++)
		err = hx_buf_addc(&md, '`');
	if (!err && pad)
		err = hx_buf_addc(&md, ' ');
	if (!err)
		err = hx_buf_adds(&md, code);
	if (!err && pad)
		err = hx_buf_addc(&md, ' ');
	for (size_t i = 0; i < n && !err; i++)
		err = hx_buf_addc(&md, '`');
	if (!err)
		add_span(t, HX_SPAN_MARKUP, hx_buf_str(&md), md.len, false, &err);
	hx_buf_release(&md);
	return err;
}

/* The text of a link's children, when it is a single text node. */
static const char *single_text(cmark_node *node)
{
	cmark_node *c = cmark_node_first_child(node);

	if (!c || cmark_node_next(c) || cmark_node_get_type(c) != CMARK_NODE_TEXT)
		return NULL;
	return cmark_node_get_literal(c);
}

/* [A/79/968](https://undocs.org/zh/A/79/968): one symbol span, its link in each target language. */
static enum hx_err add_symbol_link(struct hx_sg_text *t, const char *sym, const char *url)
{
	struct hx_buf md = HX_BUF_INIT(0);
	const char *rest = url + strlen("https://undocs.org/");
	const char *slash = strchr(rest, '/');
	enum hx_err err = hx_buf_addf(&md, "[%s](%s)", sym, url);
	struct hx_span *sp = err ? NULL : add_span(t, HX_SPAN_SYMBOL, md.data, md.len, false, &err);

	for (int l = 0; l < HX_LANG_COUNT && sp && !err && slash; l++) {
		if (!(t->targets & (1u << l)))
			continue;
		hx_buf_reset(&md);
		err = hx_buf_addf(&md, "[%s](https://undocs.org/%s%s)", sym, hx_lang_get(l)->undocs,
				  slash);
		if (!err)
			sp->target[l] = hx_xstrndup(md.data, md.len);
	}
	hx_buf_release(&md);
	return err;
}

/* A link: undocs symbol links and autolinks whole; others as [ ... ](url) around their text. */
static enum hx_err enter_link(struct hx_sg_text *t, cmark_node *node, bool *skip)
{
	const char *url = cmark_node_get_url(node), *text = single_text(node);
	enum hx_err err = HX_OK;

	*skip = true;
	if (text && !strncmp(url, "https://undocs.org/", 19) && hx_symbol_is_whole(text, strlen(text)))
		return add_symbol_link(t, text, url);
	if (text && (!strcmp(text, url) || (!strncmp(url, "mailto:", 7) && !strcmp(url + 7, text)))) {
		struct hx_buf md = HX_BUF_INIT(0);

		err = hx_buf_addf(&md, "<%s>", url);
		if (!err && !strpbrk(url, "<> "))
			add_span(t, HX_SPAN_URL, md.data, md.len, false, &err);
		else if (!err)
			err = add_protected(t, HX_SPAN_URL, url, strlen(url));
		hx_buf_release(&md);
		return err;
	}
	*skip = false;
	add_span(t, HX_SPAN_MARKUP, "[", 1, false, &err);
	return err;
}

static enum hx_err exit_link(struct hx_sg_text *t, cmark_node *node)
{
	struct hx_buf md = HX_BUF_INIT(0);
	const char *title = cmark_node_get_title(node);
	enum hx_err err = hx_buf_addc(&md, ']');

	if (!err)
		err = add_destination(&md, cmark_node_get_url(node));
	if (!err && title && *title) {
		hx_buf_truncate(&md, md.len - 1);
		err = hx_buf_adds(&md, " \"");
		for (const char *p = title; *p && !err; p++)
			err = *p == '"' || *p == '\\' ? hx_buf_addf(&md, "\\%c", *p) : hx_buf_addc(&md, *p);
		if (!err)
			err = hx_buf_adds(&md, "\")");
	}
	if (!err)
		add_span(t, HX_SPAN_MARKUP, md.data, md.len, true, &err);
	hx_buf_release(&md);
	return err;
}

/* An inline hexaglot does not take apart (image, unknown extension): its own Markdown, whole. */
static enum hx_err add_whole(struct hx_sg_text *t, cmark_node *node)
{
	char *md = cmark_render_commonmark(node, CMARK_OPT_DEFAULT, 0);
	size_t n = md ? strlen(md) : 0;
	enum hx_err err = HX_OK;

	while (n && (md[n - 1] == '\n' || md[n - 1] == ' '))
		n--;
	if (n)
		add_span(t, HX_SPAN_MARKUP, md, n, false, &err);
	free(md);
	return err;
}

static bool last_is_han(const struct hx_sg_text *t)
{
	UChar32 c;
	int32_t i = (int32_t)t->text.len;

	if (!i)
		return false;
	U8_PREV((const uint8_t *)t->text.data, 0, i, c);
	return c >= 0 && u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC);
}

/* What an ENTER event adds; *skip when the node was taken whole. */
static enum hx_err enter(struct hx_sg_text *t, cmark_node *node, bool take_label, bool *skip)
{
	const char *lit = cmark_node_get_literal(node);
	enum hx_err err = HX_OK;
	size_t n;

	*skip = false;
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_TEXT:
		return t->first_text ? add_first_text(t, lit, strlen(lit), take_label)
				     : add_text(t, lit, strlen(lit));
	case CMARK_NODE_SOFTBREAK:
		return last_is_han(t) ? HX_OK : hx_buf_addc(&t->text, ' ');
	case CMARK_NODE_LINEBREAK:
		add_span(t, HX_SPAN_MARKUP, "\\\n", 2, false, &err);
		return err;
	case CMARK_NODE_CODE:
		return add_code(t, lit);
	case CMARK_NODE_HTML_INLINE:
		add_span(t, HX_SPAN_MARKUP, lit, strlen(lit), false, &err);
		return err;
	case CMARK_NODE_EMPH:
		add_span(t, HX_SPAN_MARKUP, "*", 1, false, &err);
		return err;
	case CMARK_NODE_STRONG:
		add_span(t, HX_SPAN_MARKUP, "**", 2, false, &err);
		return err;
	case CMARK_NODE_LINK:
		return enter_link(t, node, skip);
	case CMARK_NODE_FOOTNOTE_REFERENCE: {
		const char *label = hx_sg_footnote_label(node, &n);
		struct hx_buf md = HX_BUF_INIT(0);

		err = hx_buf_addf(&md, "[^%.*s]", (int)n, label);
		/* a call hangs on the sentence before it: "... in 2016.[^30] The" */
		if (!err)
			add_span(t, HX_SPAN_MARKUP, md.data, md.len, true, &err);
		hx_buf_release(&md);
		return err;
	}
	default:
		break;
	}
	if (!strcmp(cmark_node_get_type_string(node), "strikethrough")) {
		add_span(t, HX_SPAN_MARKUP, "~~", 2, false, &err);
		return err;
	}
	*skip = true;
	return add_whole(t, node);
}

static enum hx_err leave(struct hx_sg_text *t, cmark_node *node)
{
	enum hx_err err = HX_OK;

	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_EMPH:
		add_span(t, HX_SPAN_MARKUP, "*", 1, true, &err);
		return err;
	case CMARK_NODE_STRONG:
		add_span(t, HX_SPAN_MARKUP, "**", 2, true, &err);
		return err;
	case CMARK_NODE_LINK:
		return exit_link(t, node);
	default:
		break;
	}
	if (!strcmp(cmark_node_get_type_string(node), "strikethrough"))
		add_span(t, HX_SPAN_MARKUP, "~~", 2, true, &err);
	return err;
}

enum hx_err hx_sg_inlines(struct hx_sg_text *t, cmark_node *node, bool take_label,
			  struct hx_diag *diag)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	enum hx_err err = HX_OK;

	while (!err && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *cur = cmark_iter_get_node(it);
		bool skip = false;

		if (cur == node)
			continue;
		if (ev == CMARK_EVENT_ENTER)
			err = enter(t, cur, take_label, &skip);
		else
			err = leave(t, cur);
		if (!err && skip && ev == CMARK_EVENT_ENTER)
			cmark_iter_reset(it, cur, CMARK_EVENT_EXIT); /* its children are in the span */
	}
	cmark_iter_free(it);
	if (err == HX_E_LIMIT)
		return hx_fail(diag, err, "a block has more than %d protected items or is too long",
			       HX_SEG_MAX_SPANS);
	return err;
}
