/*
 * Page furniture: job numbers, page markers, running heads, barcodes and link
 * annotations are taken out of the text and recorded in the metadata.
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
	if (len >= 8 && is_star(s[0]) && is_star(s[len - 1]) &&
	    count_digits(s + 1, len - 2) == len - 2)
		return TOK_BARCODE;
	/* 3/13 or **5/13** */
	while (len >= 2 && is_star(s[0]) && is_star(s[len - 1]))
		s++, len -= 2;
	d = count_digits(s, len);
	if (d >= 1 && d <= 4 && d < len && s[d] == '/' &&
	    count_digits(s + d + 1, len - d - 1) >= 1 &&
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
	static const char *const hosts[] = {"undocs.org/",
					    "www.undocs.org/",
					    "documents.un.org/",
					    "documents-dds-ny.un.org/",
					    "daccess-ods.un.org/",
					    "docs.un.org/",
					    NULL};
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
static void record_job_number(struct hx_cv_state *st, const char *s, size_t len)
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
static int bare_number_place(const struct hx_cv_state *st, size_t i)
{
	const struct hx_cv_line *line = &st->lines[i];
	int place = PAGE_NUMBER_NONE;

	if (line->len > 3 || count_digits(line->s, line->len) != line->len)
		return PAGE_NUMBER_NONE;
	if (line->page_break)
		place |= PAGE_NUMBER_TOP;
	for (size_t k = i + 1; k < st->nlines && k <= i + 3; k++) {
		if (st->lines[k].kind == HX_CV_LINE_FURNITURE || st->lines[k].page_break) {
			place |= PAGE_NUMBER_BOTTOM;
			break;
		}
		if (st->lines[k].kind == HX_CV_LINE_TEXT)
			break;
	}
	return place;
}

/* Which end of the page this document prints its numbers at (pdftotext keeps them). */
static int page_number_side(const struct hx_cv_state *st)
{
	size_t top = 0, bottom = 0;

	for (size_t i = 0; i < st->nlines; i++) {
		int place = st->lines[i].kind == HX_CV_LINE_TEXT ? bare_number_place(st, i) : 0;

		top += (place & PAGE_NUMBER_TOP) != 0;
		bottom += (place & PAGE_NUMBER_BOTTOM) != 0;
	}
	return bottom >= top ? PAGE_NUMBER_BOTTOM : PAGE_NUMBER_TOP;
}

static void remove_line(struct hx_cv_state *st, size_t i, enum hx_furniture_kind kind)
{
	struct hx_cv_line *line = &st->lines[i];

	/* the record keeps the line as written: footnote marks back to '*' */
	for (size_t k = 0; k < line->len; k++)
		if (line->s[k] == STAR_MARK)
			line->s[k] = '*';
	hx_doc_add_furniture(st->doc, kind, line->lineno, line->s, line->len);
	line->kind = HX_CV_LINE_FURNITURE;
	for (size_t k = i + 1; k < st->nlines; k++)
		if (st->lines[k].kind == HX_CV_LINE_TEXT) {
			st->lines[k].page_break = true;
			break;
		}
}

/* The first line that is a symbol alone, near the top, names the document. */
static const struct hx_cv_line *find_symbol_line(const struct hx_cv_state *st)
{
	size_t seen = 0;

	for (size_t i = 0; i < st->nlines && seen < 40; i++) {
		const struct hx_cv_line *line = &st->lines[i];

		if (line->kind != HX_CV_LINE_TEXT)
			continue;
		seen++;
		if (hx_symbol_is_whole(line->s, line->len))
			return line;
	}
	return NULL;
}

static bool same_symbol(const struct hx_cv_line *line, const char *symbol)
{
	size_t n = strlen(symbol), len = line->len;

	if (len && (line->s[len - 1] == '*' || line->s[len - 1] == STAR_MARK))
		len--;
	return symbol && len == n && memcmp(line->s, symbol, n) == 0;
}

void hx_cv_remove_furniture(struct hx_cv_state *st)
{
	const struct hx_cv_line *sym = find_symbol_line(st);
	struct hx_meta *meta = &st->doc->meta;
	int side;

	if (sym && !meta->symbol) {
		size_t n = sym->len;

		if (n && (sym->s[n - 1] == '*' || sym->s[n - 1] == STAR_MARK))
			n--;
		hx_meta_set(&meta->symbol, sym->s, n);
	}
	for (size_t i = 0; i < st->nlines; i++) {
		struct hx_cv_line *line = &st->lines[i];
		enum hx_furniture_kind kind;

		if (line->kind != HX_CV_LINE_TEXT)
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
		if (st->lines[i].kind == HX_CV_LINE_TEXT && (bare_number_place(st, i) & side))
			remove_line(st, i, HX_FURN_PAGE_MARKER);
}
