/*
 * First passes of the cleanup: split the text into lines, clean converter
 * debris, and remove page furniture (job numbers, page markers, running heads,
 * barcodes, form feeds, link annotations), recording it in the metadata.
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
	static const unsigned sup[10] = {0x2070, 0xB9, 0xB2, 0xB3, 0x2074,
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
		} else if (markdown && s[i] == '$' && (math = memchr(s + i + 1, '$', len - i - 1))) {
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

static struct cv_line *push_line(struct cv_state *st, size_t *alloc)
{
	if (st->nlines == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 256;
		st->lines = hx_xreallocarray(st->lines, *alloc, sizeof(*st->lines));
	}
	memset(&st->lines[st->nlines], 0, sizeof(st->lines[0]));
	return &st->lines[st->nlines++];
}

enum hx_err hx_cv_split_lines(struct cv_state *st)
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
		struct cv_line *line;
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
		err = clean_line(hx_buf_str(&raw) + lead, n > lead ? n - lead : 0, markdown, &arena);
		if (err)
			break;
		line = push_line(st, &alloc);
		line->lineno = lineno;
		line->indent = cols;
		line->s = (char *)(uintptr_t)at; /* an offset until the arena stops moving */
		line->len = trailing_space(arena.data ? arena.data + at : "", arena.len - at);
		err = hx_buf_addc(&arena, '\0');
		line->kind = line->len ? CV_LINE_TEXT : CV_LINE_BLANK;
		if (line->kind == CV_LINE_TEXT) {
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
		struct cv_line *line = &st->lines[i];

		line->s = st->work + (uintptr_t)line->s;
		mark_stars(line->s, line->len, markdown);
		line->width = hx_cv_width(line->s, line->len);
	}
	return HX_OK;
}

/* ---- page furniture ---- */

enum token_kind { TOK_OTHER, TOK_JOB, TOK_LANG, TOK_DATECODE, TOK_BARCODE, TOK_PAGE };

static size_t count_digits(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && is_digit(s[n]))
		n++;
	return n;
}

/* "25-11131", "GE.19-13879", "07-39924" */
static bool is_job_token(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && i < 3 && s[i] >= 'A' && s[i] <= 'Z')
		i++;
	if (i > 0 && (i >= len || s[i++] != '.'))
		return false;
	if (count_digits(s + i, len - i) != 2 || i + 2 >= len || s[i + 2] != '-')
		return false;
	i += 3;
	if (count_digits(s + i, len - i) < 4 || count_digits(s + i, len - i) > 6)
		return false;
	i += count_digits(s + i, len - i);
	/* "GE.19-13879(E)": the language letter glued on */
	if (i + 3 == len && s[i] == '(' && s[i + 1] >= 'A' && s[i + 1] <= 'Z' && s[i + 2] == ')')
		return true;
	return i == len;
}

static bool is_star(char c)
{
	return c == '*' || c == STAR_MARK;
}

static enum token_kind classify_token(const char *s, size_t len)
{
	size_t d;

	if (is_job_token(s, len))
		return TOK_JOB;
	if (len == 3 && s[0] == '(' && s[1] >= 'A' && s[1] <= 'Z' && s[2] == ')')
		return TOK_LANG;
	if (len == 6 && count_digits(s, len) == 6)
		return TOK_DATECODE;
	if (len >= 8 && is_star(s[0]) && is_star(s[len - 1]) && count_digits(s + 1, len - 2) == len - 2)
		return TOK_BARCODE;
	/* 3/13 or **5/13** */
	while (len >= 2 && is_star(s[0]) && is_star(s[len - 1]))
		s++, len -= 2;
	d = count_digits(s, len);
	if (d >= 1 && d <= 4 && d < len && s[d] == '/' && count_digits(s + d + 1, len - d - 1) >= 1 &&
	    d + 1 + count_digits(s + d + 1, len - d - 1) == len)
		return TOK_PAGE;
	return TOK_OTHER;
}

/* A line made only of job numbers, language letters, date codes, barcodes and page markers. */
static bool is_job_or_page_line(const char *s, size_t len, enum hx_furniture_kind *kind)
{
	size_t jobs = 0, pages = 0, others = 0;

	for (size_t i = 0; i < len;) {
		size_t j = i;

		while (j < len && s[j] != ' ')
			j++;
		switch (classify_token(s + i, j - i)) {
		case TOK_JOB:
			jobs++;
			break;
		case TOK_PAGE:
			pages++;
			break;
		case TOK_LANG:
		case TOK_DATECODE:
		case TOK_BARCODE:
			break;
		case TOK_OTHER:
			others++;
			break;
		}
		i = j;
		while (i < len && s[i] == ' ')
			i++;
	}
	if (others || (!jobs && !pages))
		return false;
	*kind = jobs ? HX_FURN_JOB_NUMBER : HX_FURN_PAGE_MARKER;
	return true;
}

/* Private-use characters only: a barcode font's glyphs as pdftotext extracts them. */
static bool is_pua_line(const char *s, size_t len)
{
	size_t pua = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp = hx_cv_next(s, len, &i);

		if (cp >= 0xE000 && cp <= 0xF8FF)
			pua++;
		else if (cp != ' ' && cp != '*' && cp != (uint32_t)STAR_MARK)
			return false;
	}
	return pua > 0;
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

/* A URL to a UN document alone on a line: the PDF's link annotation, not text. */
static bool is_link_annotation(const char *s, size_t len)
{
	static const char *const hosts[] = {"undocs.org/", "www.undocs.org/", "documents.un.org/",
					    "documents-dds-ny.un.org/", "daccess-ods.un.org/",
					    "docs.un.org/", NULL};
	size_t i = 0;

	if (memchr(s, ' ', len))
		return false;
	if (starts_with(s, len, "http://"))
		i = 7;
	else if (starts_with(s, len, "https://"))
		i = 8;
	else
		return false;
	for (const char *const *h = hosts; *h; h++)
		if (starts_with(s + i, len - i, *h))
			return true;
	return false;
}

/* "Page 2", "Page 2 of 13", "- 2 -", "/..." */
static bool is_page_label(const char *s, size_t len)
{
	size_t d;

	if (len == 4 && memcmp(s, "/...", 4) == 0)
		return true;
	if (starts_with(s, len, "Page ") || starts_with(s, len, "Стр. ")) {
		size_t at = s[0] == 'P' ? 5 : 5;

		d = count_digits(s + at, len - at);
		return d && (at + d == len || starts_with(s + at + d, len - at - d, " of "));
	}
	if (len >= 5 && s[0] == '-' && s[1] == ' ' && s[len - 1] == '-' && s[len - 2] == ' ')
		return count_digits(s + 2, len - 4) == len - 4;
	return false;
}

bool hx_cv_is_furniture(const char *s, size_t len, enum hx_furniture_kind *kind)
{
	if (is_job_or_page_line(s, len, kind))
		return true;
	if (is_pua_line(s, len)) {
		*kind = HX_FURN_BARCODE;
		return true;
	}
	if (is_link_annotation(s, len)) {
		*kind = HX_FURN_LINK_ANNOTATION;
		return true;
	}
	if (is_page_label(s, len)) {
		*kind = HX_FURN_PAGE_MARKER;
		return true;
	}
	return false;
}

/* The job number itself from a job line: its first job token. */
static void record_job_number(struct cv_state *st, const char *s, size_t len)
{
	for (size_t i = 0; i < len && !st->doc->meta.job_number;) {
		size_t j = i;

		while (j < len && s[j] != ' ')
			j++;
		if (is_job_token(s + i, j - i)) {
			size_t n = j - i;

			if (n > 3 && s[i + n - 1] == ')')
				n -= 3;
			hx_meta_set(&st->doc->meta.job_number, s + i, n);
		}
		i = j + (j < len);
	}
}

enum page_number_place { PAGE_NUMBER_NONE = 0, PAGE_NUMBER_TOP = 1, PAGE_NUMBER_BOTTOM = 2 };

/* Digits alone on a line at the top of a page, or at its bottom (or both). */
static int bare_number_place(const struct cv_state *st, size_t i)
{
	const struct cv_line *line = &st->lines[i];
	int place = PAGE_NUMBER_NONE;

	if (line->len > 3 || count_digits(line->s, line->len) != line->len)
		return PAGE_NUMBER_NONE;
	if (line->page_break)
		place |= PAGE_NUMBER_TOP;
	for (size_t k = i + 1; k < st->nlines && k <= i + 3; k++) {
		if (st->lines[k].kind == CV_LINE_FURNITURE || st->lines[k].page_break) {
			place |= PAGE_NUMBER_BOTTOM;
			break;
		}
		if (st->lines[k].kind == CV_LINE_TEXT)
			break;
	}
	return place;
}

/* Which end of the page this document prints its numbers at (pdftotext keeps them). */
static int page_number_side(const struct cv_state *st)
{
	size_t top = 0, bottom = 0;

	for (size_t i = 0; i < st->nlines; i++) {
		int place = st->lines[i].kind == CV_LINE_TEXT ? bare_number_place(st, i) : 0;

		top += (place & PAGE_NUMBER_TOP) != 0;
		bottom += (place & PAGE_NUMBER_BOTTOM) != 0;
	}
	return bottom >= top ? PAGE_NUMBER_BOTTOM : PAGE_NUMBER_TOP;
}

static void remove_line(struct cv_state *st, size_t i, enum hx_furniture_kind kind)
{
	struct cv_line *line = &st->lines[i];

	/* the record keeps the line as written: footnote marks back to '*' */
	for (size_t k = 0; k < line->len; k++)
		if (line->s[k] == STAR_MARK)
			line->s[k] = '*';
	hx_doc_add_furniture(st->doc, kind, line->lineno, line->s, line->len);
	line->kind = CV_LINE_FURNITURE;
	for (size_t k = i + 1; k < st->nlines; k++)
		if (st->lines[k].kind == CV_LINE_TEXT) {
			st->lines[k].page_break = true;
			break;
		}
}

/* The first line that is a symbol alone, near the top, names the document. */
static const struct cv_line *find_symbol_line(const struct cv_state *st)
{
	size_t seen = 0;

	for (size_t i = 0; i < st->nlines && seen < 40; i++) {
		const struct cv_line *line = &st->lines[i];

		if (line->kind != CV_LINE_TEXT)
			continue;
		seen++;
		if (hx_symbol_is_whole(line->s, line->len))
			return line;
	}
	return NULL;
}

static bool same_symbol(const struct cv_line *line, const char *symbol)
{
	size_t n = strlen(symbol), len = line->len;

	if (len && (line->s[len - 1] == '*' || line->s[len - 1] == STAR_MARK))
		len--;
	return symbol && len == n && memcmp(line->s, symbol, n) == 0;
}

void hx_cv_remove_furniture(struct cv_state *st)
{
	const struct cv_line *sym = find_symbol_line(st);
	struct hx_meta *meta = &st->doc->meta;
	int side;

	if (sym && !meta->symbol) {
		size_t n = sym->len;

		if (n && (sym->s[n - 1] == '*' || sym->s[n - 1] == STAR_MARK))
			n--;
		hx_meta_set(&meta->symbol, sym->s, n);
	}
	for (size_t i = 0; i < st->nlines; i++) {
		struct cv_line *line = &st->lines[i];
		enum hx_furniture_kind kind;

		if (line->kind != CV_LINE_TEXT)
			continue;
		if (hx_cv_is_furniture(line->s, line->len, &kind)) {
			if (kind == HX_FURN_JOB_NUMBER)
				record_job_number(st, line->s, line->len);
			remove_line(st, i, kind);
		} else if (line == sym) {
			remove_line(st, i, HX_FURN_MASTHEAD);
		} else if (meta->symbol && same_symbol(line, meta->symbol)) {
			remove_line(st, i, HX_FURN_RUNNING_HEAD);
		}
	}
	/* bare page numbers last: they are told by the furniture around them */
	side = page_number_side(st);
	for (size_t i = 0; i < st->nlines; i++)
		if (st->lines[i].kind == CV_LINE_TEXT && (bare_number_place(st, i) & side))
			remove_line(st, i, HX_FURN_PAGE_MARKER);
}
