/*
 * First pass of the cleanup: the text split into lines, control characters
 * and converter debris ($A_{79/968}$, ^{*}, _{...}) cleaned, '*' marks told apart.
 */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "mem.h"

#define STAR_MARK HX_CV_STAR

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Writes the superscript form of digit d. */
static enum hx_err add_superscript(struct hx_buf *out, char d)
{
	static const unsigned sup[10] = {0x2070, 0xB9,   0xB2,   0xB3,   0x2074,
					 0x2075, 0x2076, 0x2077, 0x2078, 0x2079};

	return hx_buf_add_utf8(out, sup[d - '0']);
}

/* "^{...}" or "_{...}" at s: the braced group's length; its content in in and inlen. */
static size_t braced(const char *s, size_t len, const char **in, size_t *inlen)
{
	size_t i = 2;

	if (len < 3 || (s[0] != '^' && s[0] != '_') || s[1] != '{')
		return 0;
	while (i < len && s[i] != '}' && i < 64)
		i++;
	if (i >= len || s[i] != '}')
		return 0;
	*in = s + 2;
	*inlen = i - 2;
	return i + 1;
}

/* ^{*} -> star mark, ^{12} -> superscript digits, _{x} and other ^{x} -> x. */
static enum hx_err clean_group(char kind, const char *in, size_t n, bool after_upper,
			       struct hx_buf *out)
{
	bool digits = n > 0;
	enum hx_err err = HX_OK;

	for (size_t k = 0; k < n; k++)
		digits &= is_digit(in[k]);
	if (kind == '^' && n == 1 && in[0] == '*')
		return hx_buf_addc(out, STAR_MARK);
	if (kind == '^' && digits) {
		for (size_t k = 0; k < n && !err; k++)
			err = add_superscript(out, in[k]);
		return err;
	}
	/* $A_{79/968}$: the subscript of a series letter is the rest of a symbol */
	if (kind == '_' && after_upper)
		err = hx_buf_addc(out, '/');
	for (size_t k = 0; k < n && !err; k++)
		if (in[k] != '{' && in[k] != '}' && in[k] != '\\')
			err = hx_buf_addc(out, in[k]);
	return err;
}

/* Cleans one line's debris into out. Math spans ($...$) only in Markdown. */
static enum hx_err clean_line(const char *s, size_t len, bool markdown, struct hx_buf *out)
{
	enum hx_err err = HX_OK;
	const char *math;

	/* most lines have no debris at all */
	if (!memchr(s, '^', len) && !memchr(s, '_', len) && !(markdown && memchr(s, '$', len)))
		return hx_buf_add(out, s, len);

	for (size_t i = 0; i < len && !err;) {
		const char *in;
		size_t inlen, n = braced(s + i, len - i, &in, &inlen);

		if (n) {
			bool upper = out->len && out->data[out->len - 1] >= 'A' &&
				     out->data[out->len - 1] <= 'Z';

			err = clean_group(s[i], in, inlen, upper, out);
			i += n;
		} else if (markdown && s[i] == '$' &&
			   (math = memchr(s + i + 1, '$', len - i - 1))) {
			/* $A_{79/968}$: the delimiters go, what they hold is cleaned */
			size_t inner = (size_t)(math - (s + i + 1));

			err = clean_line(s + i + 1, inner, false, out);
			i += inner + 2;
		} else {
			err = hx_buf_addc(out, s[i++]);
		}
	}
	return err;
}

/* Marks '*' footnote calls at the end of a line, and definitions at its start in text. */
static void mark_stars(char *s, size_t n, bool markdown)
{
	if (n >= 2 && s[n - 1] == '*' && s[n - 2] != '*' && s[n - 2] != '\\')
		s[n - 1] = STAR_MARK;
	else if (n == 1 && s[0] == '*')
		s[0] = STAR_MARK;
	if (!markdown && n >= 2 && s[0] == '*' && s[1] == ' ')
		s[0] = STAR_MARK;
}

/* Leading whitespace in columns (tabs to 8, U+3000 as 2). */
static size_t leading_space(const char *s, size_t len, unsigned *cols)
{
	size_t i = 0;

	*cols = 0;
	for (;;) {
		if (i < len && s[i] == ' ') {
			i++, (*cols)++;
		} else if (i < len && s[i] == '\t') {
			i++, *cols = (*cols + 8) & ~7u;
		} else if (i + 1 < len && (unsigned char)s[i] == 0xC2 &&
			   (unsigned char)s[i + 1] == 0xA0) {
			i += 2, (*cols)++;
		} else if (i + 2 < len && memcmp(s + i, "\xE3\x80\x80", 3) == 0) {
			i += 3, *cols += 2;
		} else {
			return i;
		}
	}
}

static size_t trailing_space(const char *s, size_t len)
{
	for (;;) {
		if (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		else if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 &&
			 (unsigned char)s[len - 1] == 0xA0)
			len -= 2;
		else if (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0)
			len -= 3;
		else
			return len;
	}
}

/* Copies the raw line without control characters (form feeds counted, tabs as spaces). */
static void strip_controls(const char *s, size_t len, struct hx_buf *out, size_t *form_feeds)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != 0x7F)
			continue;
		hx_buf_add(out, s + run, i - run);
		run = i + 1;
		if (c == '\f')
			(*form_feeds)++;
		else if (c == '\t')
			hx_buf_addc(out, ' ');
	}
	hx_buf_add(out, s + run, len - run);
}

static struct hx_cv_line *push_line(struct hx_cv_state *st, size_t *alloc)
{
	if (st->nlines == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 256;
		st->lines = hx_xreallocarray(st->lines, *alloc, sizeof(*st->lines));
	}
	memset(&st->lines[st->nlines], 0, sizeof(st->lines[0]));
	return &st->lines[st->nlines++];
}

enum hx_err hx_cv_split_lines(struct hx_cv_state *st)
{
	const char *text = st->input;
	size_t len = st->input_len, alloc = 0, lineno = 0;
	bool markdown = st->format == HX_FORMAT_MARKDOWN;
	struct hx_buf arena, raw;
	enum hx_err err = HX_OK;
	bool pending_break = false;

	hx_buf_init(&arena, st->max_output);
	hx_buf_init(&raw, 0);
	/* one line struct per line, counted first: no doubling slack on large inputs */
	for (const char *p = text; p && (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
		alloc++;
	alloc++;
	st->lines = hx_xreallocarray(NULL, alloc, sizeof(*st->lines));
	hx_buf_grow(&arena, len);
	for (size_t pos = 0; pos < len && !err;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, ff = 0, lead, n, at;
		struct hx_cv_line *line;
		unsigned cols;

		lineno++;
		hx_buf_reset(&raw);
		strip_controls(text + pos, end - pos, &raw, &ff);
		pos = end + 1;
		if (ff) {
			hx_doc_add_furniture(st->doc, HX_FURN_FORM_FEED, lineno, "\f", 1);
			pending_break = true;
		}
		lead = leading_space(hx_buf_str(&raw), raw.len, &cols);
		n = trailing_space(hx_buf_str(&raw), raw.len);
		at = arena.len;
		err = clean_line(hx_buf_str(&raw) + lead, n > lead ? n - lead : 0, markdown,
				 &arena);
		if (err)
			break;
		line = push_line(st, &alloc);
		line->lineno = lineno;
		line->indent = cols;
		line->s = (char *)(uintptr_t)at; /* an offset until the arena stops moving */
		line->len = trailing_space(arena.data ? arena.data + at : "", arena.len - at);
		err = hx_buf_addc(&arena, '\0');
		line->kind = line->len ? HX_CV_LINE_TEXT : HX_CV_LINE_BLANK;
		if (line->kind == HX_CV_LINE_TEXT) {
			line->page_break = pending_break;
			pending_break = false;
		}
	}
	hx_buf_release(&raw);
	if (err) {
		hx_buf_release(&arena);
		return hx_fail(st->diag, err, "'%s' is too large to convert", st->doc->path);
	}
	st->work = hx_buf_detach(&arena, NULL);
	for (size_t i = 0; i < st->nlines; i++) {
		struct hx_cv_line *line = &st->lines[i];

		line->s = st->work + (uintptr_t)line->s;
		if (!st->structured) /* Markdown from HTML marks its footnotes itself */
			mark_stars(line->s, line->len, markdown);
		line->width = hx_cv_width(line->s, line->len);
	}
	return HX_OK;
}
