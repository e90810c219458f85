/*
 * Target-language typography over a segment's code points: one pass for every
 * language (doubled spaces), then the target's own (French, Chinese, Russian, Arabic).
 */
#include "typography.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "mem.h"

/*
 * What the reader sees next to a position once the segment is restored: a code
 * point, or one of these. A URL is its own kind because GFM's autolinks run on
 * until an ASCII space, so whatever is glued to one (a no-break space, a
 * full-width mark, »), becomes part of the link.
 */
#define EDGE_NONE   (-1) /* the start or end of the segment, or a hard line break */
#define EDGE_URL    (-2)
#define SEE_THROUGH 0 /* mark_edge(): look past this placeholder (inline markup) */

#define NBSP      0x00A0
#define NNBSP     0x202F
#define LAQUO     0x00AB
#define RAQUO     0x00BB
#define FULL_STOP 0x3002 /* 。 */

struct typo {
	const struct hx_segment *seg;
	enum hx_lang lang;
	UChar32 *cp; /* the text, one code point each */
	size_t n, alloc;
	UChar32 *next; /* what the running pass writes */
	size_t nnext, next_alloc;
};

static bool is_mark(UChar32 c)
{
	return c >= 0 && (hx_placeholder_index((uint32_t)c) >= 0 ||
			  hx_placeholder_end_index((uint32_t)c) >= 0);
}

/* Spaces of any width, which a rule may replace by the one it wants. */
static bool is_space(UChar32 c)
{
	return c == ' ' || c == '\t' || c == NBSP || c == NNBSP || (c >= 0x2000 && c <= 0x200A);
}

static bool is_digit(UChar32 c)
{
	return c >= 0 && u_isdigit(c);
}

static bool is_ascii_alnum(UChar32 c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* East Asian Wide or Fullwidth: Han, CJK punctuation, full-width forms. */
static bool is_wide(UChar32 c)
{
	int w;

	if (c < 0x1100)
		return false;
	w = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
	return w == U_EA_WIDE || w == U_EA_FULLWIDTH;
}

static bool is_wide_punct(UChar32 c)
{
	return is_wide(c) && u_ispunct(c);
}

static bool is_arabic_letter(UChar32 c)
{
	UErrorCode status = U_ZERO_ERROR;

	return c >= 0x0600 && u_isalpha(c) && uscript_getScript(c, &status) == USCRIPT_ARABIC &&
	       U_SUCCESS(status);
}

/* The first (or last) code point of s[0..len), U+FFFD for broken UTF-8, EDGE_NONE if empty. */
static UChar32 text_edge(const char *s, int32_t len, bool last)
{
	int32_t at = last ? len : 0;
	UChar32 c;

	if (len <= 0)
		return EDGE_NONE;
	if (last)
		U8_PREV((const uint8_t *)s, 0, at, c);
	else
		U8_NEXT((const uint8_t *)s, at, len, c);
	return c < 0 ? 0xFFFD : c;
}

/* The first (or last) code point a reader sees of Markdown form: a link's text, not its URL. */
static UChar32 form_edge(const char *form, bool last)
{
	size_t len = strlen(form);
	const char *close;

	if (form[0] == '[' && (close = strstr(form, "](")))
		return text_edge(form + 1, (int32_t)(close - form - 1), last);
	return text_edge(form, len > INT32_MAX ? INT32_MAX : (int32_t)len, last);
}

/* What a name's span writes in lang: its form there, else its source text. */
static const char *span_form(const struct typo *t, const struct hx_span *sp)
{
	if (t->lang >= 0 && t->lang < HX_LANG_COUNT && sp->target[t->lang])
		return sp->target[t->lang];
	return sp->text;
}

/*
 * How placeholder or end mark c looks from the text before it (from_before) or
 * after it: a code point of what restore writes in its place, EDGE_URL,
 * EDGE_NONE, or SEE_THROUGH for inline markup (emphasis, a link's brackets) and
 * for the side of a name's tags that faces the MT words inside them.
 */
static UChar32 mark_edge(const struct typo *t, UChar32 c, bool from_before)
{
	int n = hx_placeholder_index((uint32_t)c), end = hx_placeholder_end_index((uint32_t)c);
	const struct hx_span *sp;

	if (!t->seg)
		return EDGE_URL;
	if (end >= 0) {
		if (from_before || (uint32_t)end >= t->seg->nspans)
			return SEE_THROUGH; /* the words inside the tags come first */
		return form_edge(span_form(t, &t->seg->spans[end]), true);
	}
	if ((uint32_t)n >= t->seg->nspans)
		return EDGE_URL;
	sp = &t->seg->spans[n];
	if (sp->encloses)
		return from_before ? form_edge(span_form(t, sp), false) : SEE_THROUGH;
	switch (sp->kind) {
	case HX_SPAN_URL:
		return EDGE_URL;
	case HX_SPAN_MARKUP:
		if (strchr(sp->text, '\n'))
			return EDGE_NONE; /* a hard line break */
		if (sp->text[0] == '`')
			return 'x'; /* a code span reads as Latin text */
		return SEE_THROUGH;
	case HX_SPAN_SYMBOL:
	case HX_SPAN_NUMBER:
	case HX_SPAN_TERM:
		return form_edge(span_form(t, sp), !from_before);
	case HX_SPAN_KINDS:
		break;
	}
	return EDGE_URL;
}

/* What the reader sees just before position i, past spaces too when spaces is set. */
static UChar32 edge_before(const struct typo *t, size_t i, bool spaces)
{
	for (size_t j = i; j > 0; j--) {
		UChar32 c = t->cp[j - 1];

		if (is_mark(c)) {
			UChar32 e = mark_edge(t, c, false);

			if (e != SEE_THROUGH)
				return e;
		} else if (!spaces || !is_space(c)) {
			return c;
		}
	}
	return EDGE_NONE;
}

/* What the reader sees from position i on, past spaces too when spaces is set. */
static UChar32 edge_after(const struct typo *t, size_t i, bool spaces)
{
	for (size_t j = i; j < t->n; j++) {
		UChar32 c = t->cp[j];

		if (is_mark(c)) {
			UChar32 e = mark_edge(t, c, true);

			if (e != SEE_THROUGH)
				return e;
		} else if (!spaces || !is_space(c)) {
			return c;
		}
	}
	return EDGE_NONE;
}

/* Whether the code point at i touches a URL on either side. */
static bool next_to_url(const struct typo *t, size_t i)
{
	return edge_before(t, i, false) == EDGE_URL || edge_after(t, i + 1, false) == EDGE_URL;
}

/* Passes read t->cp and write t->next with emit(); pass_end() makes the result the text. */
static void pass_begin(struct typo *t)
{
	t->nnext = 0;
}

static void emit(struct typo *t, UChar32 c)
{
	if (t->nnext == t->next_alloc) {
		t->next_alloc = t->next_alloc ? t->next_alloc * 2 : 64;
		t->next = hx_xreallocarray(t->next, t->next_alloc, sizeof(*t->next));
	}
	t->next[t->nnext++] = c;
}

/* Takes back the spaces last written (the ones before a mark that wants its own). */
static void unemit_spaces(struct typo *t)
{
	while (t->nnext && is_space(t->next[t->nnext - 1]))
		t->nnext--;
}

static void pass_end(struct typo *t)
{
	UChar32 *cp = t->cp;
	size_t alloc = t->alloc;

	t->cp = t->next;
	t->n = t->nnext;
	t->alloc = t->next_alloc;
	t->next = cp;
	t->next_alloc = alloc;
}

/* Every language: no space at either end, no two in a row (tabs count as spaces). */
static void collapse_spaces(struct typo *t)
{
	pass_begin(t);
	for (size_t i = 0; i < t->n; i++) {
		UChar32 c = t->cp[i] == '\t' ? ' ' : t->cp[i];

		if (c == ' ' && (t->nnext == 0 || t->next[t->nnext - 1] == ' '))
			continue;
		emit(t, c);
	}
	if (t->nnext && t->next[t->nnext - 1] == ' ')
		t->nnext--;
	pass_end(t);
}

/* The last code point the running pass wrote, past spaces; EDGE_NONE if none. */
static UChar32 last_written(const struct typo *t)
{
	for (size_t j = t->nnext; j > 0; j--)
		if (!is_space(t->next[j - 1]))
			return t->next[j - 1];
	return EDGE_NONE;
}

/*
 * Whether the straight double quote at i opens a quotation: by what touches it
 * (a space or nothing before, punctuation or nothing after), else by turns.
 */
static bool quote_opens(const struct typo *t, size_t i, bool inside)
{
	UChar32 b = edge_before(t, i, false), a = edge_after(t, i + 1, false);
	bool open = b == EDGE_NONE || is_space(b) ||
		    (b < 0x80 && b > 0 && strchr("([{/-", (int)b)) || b == 0x2013 || b == 0x2014 ||
		    b == LAQUO;
	bool close = a == EDGE_NONE || is_space(a) ||
		     (a < 0x80 && a > 0 && strchr(".,;:!?)]}", (int)a)) || a == 0x2026 ||
		     a == RAQUO;

	if (open != close)
		return open;
	return !inside;
}

/* French: a no-break space before ; ! ? (narrow) and : (full width), unless it is inside a time,
 * a scheme, a run like "?!", or follows nothing or an opening bracket. */
static bool fr_wants_space(const struct typo *t, size_t i)
{
	UChar32 c = t->cp[i], before = edge_before(t, i, true);
	UChar32 b = edge_before(t, i, false), a = edge_after(t, i + 1, false);

	if (before == EDGE_NONE || before == EDGE_URL || b == EDGE_URL)
		return false;
	if (before > 0 && before < 0x80 && strchr(";:!?([{", (int)before))
		return false;
	if (before == LAQUO || last_written(t) == LAQUO) /* a quote made « just now */
		return false;
	if (c == ':' && ((is_digit(b) && is_digit(a)) || a == '/'))
		return false; /* 10:30, http:// */
	return true;
}

/*
 * « and » for straight double quotes, and inner (a no-break space, or 0 for none)
 * just inside every « », replacing the spaces there. Next to a URL nothing is
 * glued: a quote touching one stays straight, a space beside one stays a space.
 */
static void guillemets(struct typo *t, size_t *i, bool *inside, UChar32 inner)
{
	UChar32 c = t->cp[*i];

	if (c == '"') {
		if (next_to_url(t, *i)) {
			emit(t, c);
			return;
		}
		c = quote_opens(t, *i, *inside) ? LAQUO : RAQUO;
	}
	*inside = c == LAQUO;
	if (c == LAQUO) {
		emit(t, c);
		if (edge_after(t, *i + 1, true) == EDGE_URL ||
		    edge_after(t, *i + 1, true) == EDGE_NONE)
			return;
		while (*i + 1 < t->n && is_space(t->cp[*i + 1]))
			(*i)++;
		if (inner)
			emit(t, inner);
		return;
	}
	if (edge_before(t, *i, true) != EDGE_URL && edge_before(t, *i, true) != EDGE_NONE) {
		unemit_spaces(t);
		if (inner)
			emit(t, inner);
	}
	emit(t, c);
}

static void french(struct typo *t)
{
	bool inside = false;

	pass_begin(t);
	for (size_t i = 0; i < t->n; i++) {
		UChar32 c = t->cp[i];

		if (c == '"' || c == LAQUO || c == RAQUO) {
			guillemets(t, &i, &inside, NBSP);
			continue;
		}
		if ((c == ';' || c == '!' || c == '?' || c == ':') && fr_wants_space(t, i)) {
			unemit_spaces(t);
			emit(t, c == ':' ? NBSP : NNBSP);
		}
		emit(t, c);
	}
	pass_end(t);
}

static void russian(struct typo *t)
{
	bool inside = false;

	pass_begin(t);
	for (size_t i = 0; i < t->n; i++) {
		if (t->cp[i] == '"' || t->cp[i] == LAQUO || t->cp[i] == RAQUO)
			guillemets(t, &i, &inside, 0);
		else
			emit(t, t->cp[i]);
	}
	pass_end(t);
}

/* The full-width form of an ASCII mark Chinese writes full width, or 0. */
static UChar32 zh_full_width(UChar32 c)
{
	switch (c) {
	case ',':
	case ';':
	case ':':
	case '?':
	case '!':
	case '(':
	case ')':
		return c - 0x20 + 0xFF00; /* the Halfwidth and Fullwidth Forms block */
	case '.':
		return FULL_STOP;
	}
	return 0;
}

/* Whether the ASCII mark at i sits next to Chinese (past spaces) and not inside a number. */
static bool zh_wants_full_width(const struct typo *t, size_t i)
{
	UChar32 c = t->cp[i], b = edge_before(t, i, false), a = edge_after(t, i + 1, false);

	if (next_to_url(t, i))
		return false;
	if ((c == ',' || c == ':' || c == '.') && is_digit(b) && is_digit(a))
		return false; /* 2,400  10:30  1.5 */
	if (c == ':' && a == '/')
		return false;
	if (c == '.')
		return b != '.' && a != '.' && !(a >= 0 && u_isalnum(a) && !is_wide(a)) &&
		       is_wide(edge_before(t, i, true)); /* "...", "x.org" stay */
	return is_wide(edge_before(t, i, true)) || is_wide(edge_after(t, i + 1, true));
}

#define NO_PARTNER SIZE_MAX

static bool is_bracket(UChar32 c, bool opening)
{
	return opening ? c == '(' || c == 0xFF08 : c == ')' || c == 0xFF09;
}

/* Each bracket's partner (full width or not), or NO_PARTNER; a newly allocated array. */
static size_t *zh_bracket_partners(const struct typo *t)
{
	size_t *partner = hx_xreallocarray(NULL, t->n + 1, sizeof(*partner));
	size_t *open = hx_xreallocarray(NULL, t->n + 1, sizeof(*open)), depth = 0;

	for (size_t i = 0; i < t->n; i++) {
		partner[i] = NO_PARTNER;
		if (is_bracket(t->cp[i], true)) {
			open[depth++] = i;
		} else if (is_bracket(t->cp[i], false) && depth) {
			partner[i] = open[--depth];
			partner[partner[i]] = i;
		}
	}
	free(open);
	return partner;
}

/* The code point before i (step -1) or after it (+1) that sees i as its neighbour, past spaces
 * and markup (as edge_before() and edge_after() look from there), or NO_PARTNER. */
static size_t visible_next_to(const struct typo *t, size_t i, int step)
{
	for (size_t j = i + (size_t)step; j < t->n; j += (size_t)step) {
		UChar32 c = t->cp[j];

		if (is_mark(c) && mark_edge(t, c, step < 0) != SEE_THROUGH)
			return NO_PARTNER;
		if (!is_mark(c) && !is_space(c))
			return j;
	}
	return NO_PARTNER;
}

/*
 * Chinese marks, to a fixed point: a mark made full width is context for its
 * neighbours on both sides and for its bracket's partner, so each of those is
 * looked at again (a mark turns once: the work stays linear in the marks).
 */
static void zh_full_width_marks(struct typo *t)
{
	size_t *partner = zh_bracket_partners(t);
	size_t *todo = hx_xreallocarray(NULL, t->n + 1, sizeof(*todo)), ntodo = 0;
	bool *queued = hx_xcalloc(t->n + 1, sizeof(*queued));

	for (size_t i = t->n; i-- > 0;) {
		if (zh_full_width(t->cp[i])) {
			todo[ntodo++] = i;
			queued[i] = true;
		}
	}
	while (ntodo) {
		size_t i = todo[--ntodo], near[3];
		UChar32 full = zh_full_width(t->cp[i]);
		bool paired = partner[i] != NO_PARTNER && t->cp[partner[i]] >= 0xFF00 &&
			      !next_to_url(t, i);

		queued[i] = false;
		if (!full || !(paired || zh_wants_full_width(t, i)))
			continue;
		t->cp[i] = full;
		near[0] = visible_next_to(t, i, -1);
		near[1] = visible_next_to(t, i, 1);
		near[2] = partner[i];
		for (int k = 0; k < 3; k++) {
			if (near[k] != NO_PARTNER && !queued[near[k]] &&
			    zh_full_width(t->cp[near[k]])) {
				todo[ntodo++] = near[k];
				queued[near[k]] = true;
			}
		}
	}
	free(partner);
	free(todo);
	free(queued);
}

/* Whether the space run between what the reader sees as l and r goes (Chinese). */
static bool zh_drops_space(UChar32 l, UChar32 r)
{
	if (l < 0 || r < 0) /* an end, a line break or a URL */
		return false;
	return (is_wide(l) && is_wide(r)) || is_wide_punct(l) || is_wide_punct(r);
}

static void chinese(struct typo *t)
{
	zh_full_width_marks(t);
	pass_begin(t);
	for (size_t i = 0; i < t->n; i++) {
		size_t j = i;

		while (j < t->n && t->cp[j] == ' ')
			j++;
		if (j > i && zh_drops_space(edge_before(t, i, true), edge_after(t, j, true))) {
			i = j - 1;
			continue;
		}
		emit(t, t->cp[i]);
	}
	pass_end(t);
}

/* Whether Arabic script is in the segment, in the MT words or in a name's form. */
static bool has_arabic(const struct typo *t)
{
	for (size_t i = 0; i < t->n; i++) {
		UChar32 c = t->cp[i];
		int n = is_mark(c) ? hx_placeholder_index((uint32_t)c) : -1;

		if (is_arabic_letter(c))
			return true;
		if (n >= 0 && t->seg && (uint32_t)n < t->seg->nspans &&
		    t->seg->spans[n].kind != HX_SPAN_MARKUP &&
		    t->seg->spans[n].kind != HX_SPAN_URL) {
			const char *f = span_form(t, &t->seg->spans[n]);

			for (int32_t k = 0, len = (int32_t)strnlen(f, INT32_MAX); k < len;) {
				UChar32 fc;

				U8_NEXT((const uint8_t *)f, k, len, fc);
				if (is_arabic_letter(fc))
					return true;
			}
		}
	}
	return false;
}

/* Arabic: ، ؛ ؟ for , ; ? in a segment with Arabic in it, not between digits ("2,400") or
 * Latin letters ("a,b"), nor next to a URL. */
static void arabic(struct typo *t)
{
	if (!has_arabic(t))
		return;
	for (size_t i = 0; i < t->n; i++) {
		UChar32 c = t->cp[i], b, a;

		if (c != ',' && c != ';' && c != '?')
			continue;
		b = edge_before(t, i, false);
		a = edge_after(t, i + 1, false);
		if ((is_digit(b) && is_digit(a)) || (is_ascii_alnum(b) && is_ascii_alnum(a)) ||
		    b == EDGE_URL || a == EDGE_URL)
			continue;
		t->cp[i] = c == ',' ? 0x060C : c == ';' ? 0x061B : 0x061F;
	}
}

static void decode(struct typo *t, const char *text, size_t len)
{
	t->alloc = len + 1;
	t->cp = hx_xreallocarray(NULL, t->alloc, sizeof(*t->cp));
	for (size_t i = 0; i < len;) {
		int32_t at = 0, n = len - i > INT32_MAX ? INT32_MAX : (int32_t)(len - i);
		UChar32 c;

		U8_NEXT((const uint8_t *)text + i, at, n, c);
		t->cp[t->n++] = c < 0 ? 0xFFFD : c;
		i += (size_t)at;
	}
}

/*
 * NEEDSWORK: restore finds the words an engine moved out of a name's tags by
 * splitting on ASCII blanks (segment.c, echo_after), and this runs first: a
 * French "générale ?" just after the tags becomes one word "générale ?", and
 * spaced Chinese "大会 通过" becomes "大会通过", so such an echo is then kept.
 */
enum hx_err hx_typography_apply(const struct hx_segment *seg, enum hx_lang lang, const char *text,
				size_t len, struct hx_buf *out)
{
	struct typo t = {.seg = seg, .lang = lang};
	size_t start = out->len;
	enum hx_err err = HX_OK;

	decode(&t, text, len);
	collapse_spaces(&t);
	switch (lang) {
	case HX_LANG_FR:
		french(&t);
		break;
	case HX_LANG_ZH:
		chinese(&t);
		break;
	case HX_LANG_RU:
		russian(&t);
		break;
	case HX_LANG_AR:
		arabic(&t);
		break;
	case HX_LANG_EN:
	case HX_LANG_ES:
	case HX_LANG_NONE:
	case HX_LANG_COUNT:
		break;
	}
	for (size_t i = 0; i < t.n && !err; i++)
		err = hx_buf_add_utf8(out, (unsigned)t.cp[i]);
	if (err)
		hx_buf_truncate(out, start);
	free(t.cp);
	free(t.next);
	return err;
}
