/*
 * Footnotes in PDF text and converter Markdown: calls glued to the text
 * ("obligations2", "论坛。3然而", "1987 1/"), and the definitions they point to.
 */
#include <stdio.h>
#include <string.h>

#include "convert.h"
#include "mem.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ---- footnote calls glued to the text: "obligations2", "论坛。3然而" ---- */

/* "p.4", "No.35": a number after an abbreviation is not a footnote call. */
static bool after_abbreviation(const char *s, size_t dot)
{
	size_t letters = 0;

	while (dot > letters && hx_cv_is_letter((unsigned char)s[dot - letters - 1]) &&
	       (unsigned char)s[dot - letters - 1] < 0x80)
		letters++;
	return letters > 0 && letters <= 2;
}

bool hx_cv_glued_call(const char *s, size_t len, size_t at, unsigned *value, size_t *n)
{
	size_t i = at, before;
	uint32_t prev, next;

	while (i < len && is_digit(s[i]) && i - at < 4)
		i++;
	if (i == at || i - at > 3 || (i < len && is_digit(s[i])) || at == 0)
		return false;
	prev = hx_cv_prev(s, at, &before);
	if (prev < 0x80 && (is_digit((char)prev) || prev == '/' || prev == '-' || prev == ' '))
		return false;
	if ((prev == '.' || prev == ',') &&
	    (before == 0 ||
	     (is_digit(s[before - 1]) && !(prev == '.' && hx_cv_after_year(s, before))) ||
	     after_abbreviation(s, before)))
		return false;
	if (!(hx_cv_is_cjk_punct(prev) || hx_cv_is_lower(prev) || strchr(".,;:)\"'", (int)prev) ||
	      prev == 0x2019 || prev == 0x201D || prev == 0xBB) ||
	    prev == 0)
		return false;
	{
		size_t k = i;

		next = i < len ? hx_cv_next(s, len, &k) : ' ';
	}
	if (next == '/' || next == '%' || next == '-' ||
	    (hx_cv_is_letter(next) && !hx_cv_is_han(next)) ||
	    (next == '.' && i + 1 < len && is_digit(s[i + 1])) ||
	    (next == ',' && i + 1 < len && is_digit(s[i + 1])))
		return false;
	*value = 0;
	for (size_t k = at; k < i; k++)
		*value = *value * 10 + (unsigned)(s[k] - '0');
	*n = i - at;
	return *value > 0 && *value < HX_CV_MAX_NOTE;
}

bool hx_cv_spaced_call(const char *s, size_t len, size_t at, unsigned *value, size_t *n)
{
	size_t i = at;
	uint32_t next;

	if (at < 3 || s[at - 1] != ' ' || (s[at - 2] != '.' && s[at - 2] != ';') ||
	    is_digit(s[at - 3]) || after_abbreviation(s, at - 2))
		return false;
	while (i < len && is_digit(s[i]) && i - at < 4)
		i++;
	if (i == at || i - at > 3)
		return false;
	if (i < len) {
		size_t k = i + 1;

		if (s[i] != ' ' || k >= len)
			return false;
		next = hx_cv_next(s, len, &k);
		if (!hx_cv_is_upper(next))
			return false;
	}
	*value = 0;
	for (size_t k = at; k < i; k++)
		*value = *value * 10 + (unsigned)(s[k] - '0');
	*n = i - at;
	return *value > 0 && *value < HX_CV_MAX_NOTE;
}

bool hx_cv_slash_call(const char *s, size_t len, size_t at, unsigned *value, size_t *n)
{
	size_t i = at;

	if (at < 1 || s[at - 1] != ' ')
		return false;
	while (i < len && is_digit(s[i]) && i - at < 3)
		i++;
	if (i == at || i >= len || s[i] != '/' || (i + 1 < len && !strchr(" ,.;:)", s[i + 1])))
		return false;
	*value = 0;
	for (size_t k = at; k < i; k++)
		*value = *value * 10 + (unsigned)(s[k] - '0');
	*n = i + 1 - at;
	return *value > 0 && *value < HX_CV_MAX_NOTE;
}

/* Where each number first appears glued to text: evidence for "N text" definitions. */
void hx_cv_scan_calls(struct hx_cv_state *st)
{
	st->glued_ref_line = hx_xmalloc(HX_CV_MAX_NOTE * sizeof(*st->glued_ref_line));
	for (size_t k = 0; k < HX_CV_MAX_NOTE; k++)
		st->glued_ref_line[k] = SIZE_MAX;
	for (size_t li = 0; li < st->nlines; li++) {
		const struct hx_cv_line *l = &st->lines[li];

		if (l->kind != HX_CV_LINE_TEXT && l->kind != HX_CV_LINE_CONSUMED)
			continue;
		for (size_t i = 1; i < l->len; i++) {
			unsigned v;
			size_t n;

			if (is_digit(l->s[i]) && !is_digit(l->s[i - 1]) &&
			    (hx_cv_glued_call(l->s, l->len, i, &v, &n) ||
			     hx_cv_spaced_call(l->s, l->len, i, &v, &n) ||
			     hx_cv_slash_call(l->s, l->len, i, &v, &n)) &&
			    st->glued_ref_line[v] > li)
				st->glued_ref_line[v] = li;
		}
	}
}

/* ---- footnote definitions ---- */

/* "¹ text", "\x01 text" (a '*' mark), "6 text", "137", "1/ text": a definition? */
bool hx_cv_footnote_def(struct hx_cv_state *st, size_t li, bool zone, struct hx_cv_note_def *d)
{
	const struct hx_cv_line *l = &st->lines[li];
	size_t i = 0, o = 0;
	unsigned v = 0;
	int sd;

	memset(d, 0, sizeof(*d));
	if (l->s[0] == HX_CV_STAR) {
		d->star = true;
		d->text_at = 1;
	} else {
		while (i < l->len &&
		       (sd = hx_cv_superscript_digit(hx_cv_next(l->s, l->len, &i))) >= 0) {
			v = v * 10 + (unsigned)sd;
			o = i;
		}
		if (o == 0) {
			while (o < l->len && o < 4 && is_digit(l->s[o]))
				v = v * 10 + (unsigned)(l->s[o++] - '0');
			/* in a run of notes, tolerate one or two that extraction lost */
			if (o == 0 || o == 4 || v < st->next_footnote ||
			    v > st->next_footnote + (zone ? 2 : 0))
				return false;
			if (o < l->len && l->s[o] == '/')
				o++; /* 1994 style: "1/" */
			else if (!zone && st->glued_ref_line[v] >= li)
				return false;
			if (o < l->len && l->s[o] != ' ')
				return false;
		}
		if (v == 0 || v >= HX_CV_MAX_NOTE)
			return false;
		snprintf(d->label, sizeof(d->label), "%u", v);
		st->next_footnote = v + 1;
		st->note_defined[v] = 1;
		d->text_at = o;
	}
	while (d->text_at < l->len && l->s[d->text_at] == ' ')
		d->text_at++;
	return true;
}

/* A '*' definition takes every '*' call made since the previous one. */
void hx_cv_bind_star_calls(struct hx_cv_state *st, struct hx_cv_note_def *d)
{
	size_t ordinal = st->star_defs++;

	for (size_t k = 0; k < st->star_marks; k++)
		if (st->star_map[k] < 0)
			st->star_map[k] = (int)ordinal;
	if (ordinal == 0)
		snprintf(d->label, sizeof(d->label), "*");
	else
		snprintf(d->label, sizeof(d->label), "*%zu", ordinal + 1);
}

bool hx_cv_is_footnote_rule(const struct hx_cv_line *l)
{
	size_t n = 0;

	while (n < l->len && l->s[n] == '_')
		n++;
	return n >= 5 && n == l->len;
}
