/*
 * The body: lines re-joined into paragraphs across hard wraps, blank lines and
 * page breaks; headings recognised; footnote definitions taken out of the flow.
 */
#include <stdio.h>
#include <string.h>

#include "convert.h"
#include "mem.h"

/* ---- layout statistics ---- */

static uint32_t first_cp(const struct hx_cv_line *l)
{
	size_t i = 0;

	return hx_cv_next(l->s, l->len, &i);
}

/* The width a full line of this document has: the 90th percentile of line widths. */
unsigned hx_cv_wrap_width(const struct hx_cv_state *st)
{
	size_t hist[257] = {0}, total = 0, acc = 0;

	for (size_t i = 0; i < st->nlines; i++)
		if (st->lines[i].kind == HX_CV_LINE_TEXT && st->lines[i].width >= 8) {
			hist[st->lines[i].width > 256 ? 256 : st->lines[i].width]++;
			total++;
		}
	if (total == 0)
		return 80;
	for (unsigned w = 0; w <= 256; w++) {
		acc += hist[w];
		if (acc * 10 >= total * 9)
			return w < 20 ? 20 : w;
	}
	return 256;
}

/* Blank lines are layout noise when most of them fall inside sentences (seed 000). */
static bool blank_lines_meaningful(const struct hx_cv_state *st)
{
	size_t gaps = 0, inside = 0;
	const struct hx_cv_line *prev = NULL;
	bool blank = false;

	for (size_t i = st->body_start; i < st->nlines; i++) {
		const struct hx_cv_line *l = &st->lines[i];

		if (l->kind == HX_CV_LINE_BLANK) {
			blank = true;
		} else if (l->kind != HX_CV_LINE_TEXT) {
			prev = NULL; /* a page break: not evidence either way */
			blank = false;
		} else {
			if (prev && blank) {
				uint32_t last = hx_cv_prev(prev->s, prev->len, NULL);
				uint32_t first = first_cp(l);

				/* "...的执" / "行工作": a word or sentence cut by the blank line */
				gaps++;
				inside += (hx_cv_is_letter(last) || hx_cv_is_han(last)) &&
					  (hx_cv_is_lower(first) || hx_cv_is_han(first));
			}
			prev = l;
			blank = false;
		}
	}
	return inside * 3 < gaps || gaps == 0;
}

/* ---- assembly ---- */

struct assembler {
	struct hx_cv_state *st;
	struct hx_cv_block *cur;  /* the open body block */
	struct hx_cv_block *note; /* the open footnote definition */
	struct hx_cv_block *verbatim;
	char pending_label[HX_CV_LABEL_MAX]; /* a paragraph number alone on its line ("1.") */
	int pending_level;                   /* a heading label alone ("A.") waiting for its text */
	bool zone;                           /* below a footnote rule, until the page ends */
	bool md;
	bool md_headings; /* Markdown input with ATX headings of its own */
	bool fence;
	bool gap_blank, gap_break; /* between the previous text line and this one */
};

static bool ends_with_clause_punct(const struct hx_cv_line *l)
{
	uint32_t cp = hx_cv_prev(l->s, l->len, NULL);

	return cp == ',' || cp == 0xFF0C || cp == 0x3001 || cp == '-' || cp == 0x2014 ||
	       cp == 0x060C /* ، */ || cp == 0x061B /* ؛ */;
}

/* A line that opens a block whatever precedes it. */
static bool starts_block(const struct hx_cv_state *st, const struct hx_cv_line *l)
{
	char label[HX_CV_LABEL_MAX];
	size_t n;
	uint32_t c = first_cp(l);

	if (hx_cv_para_number(l->s, l->len, label, sizeof(label)) ||
	    hx_cv_heading_level(l->s, l->len, &n) || c == (uint32_t)HX_CV_STAR ||
	    hx_cv_superscript_digit(c) >= 0 || hx_cv_is_footnote_rule(l))
		return true;
	return st->format == HX_FORMAT_MARKDOWN && (l->s[0] == '#' || l->s[0] == '|');
}

/* The next text line after i, and whether a blank line comes first. */
static const struct hx_cv_line *next_text(const struct hx_cv_state *st, size_t i, bool *blank)
{
	*blank = false;
	for (size_t k = i + 1; k < st->nlines; k++) {
		if (st->lines[k].kind == HX_CV_LINE_TEXT)
			return &st->lines[k];
		if (st->lines[k].kind == HX_CV_LINE_BLANK)
			*blank = true;
	}
	return NULL;
}

/*
 * Whether the current block still waits for the rest of its sentence. In PDF
 * text whose blank lines mean something, a blank line ends a block unless the
 * block stopped in the middle of a word ("...的执" then "行工作").
 */
static bool block_open(const struct assembler *a)
{
	const struct hx_cv_block *b = a->cur;
	uint32_t last;

	if (!b || b->last_terminal)
		return false;
	if (!a->gap_blank || !(a->md || a->st->blanks_meaningful))
		return true;
	if (a->st->structured)
		return false; /* HTML made the blocks: a blank line always ends one */
	last = hx_cv_prev(hx_cv_block_text(a->st, b), b->len, NULL);
	return hx_cv_is_letter(last) || hx_cv_is_han(last) || (last >= '0' && last <= '9') ||
	       last == '-';
}

static bool short_unpunctuated(const struct hx_cv_state *st, const struct hx_cv_line *l)
{
	return l->width * 10 <= st->wrap * 6 && !hx_cv_ends_sentence(l->s, l->len) &&
	       !ends_with_clause_punct(l);
}

/* A justified line pdftotext split into one word a line: not a run of headings. */
static bool word_column(const struct hx_cv_state *st, size_t i)
{
	size_t run = 0;

	for (size_t k = i; k < st->nlines && run < 3; k++) {
		const struct hx_cv_line *l = &st->lines[k];

		if (l->kind == HX_CV_LINE_BLANK)
			continue;
		if (l->kind != HX_CV_LINE_TEXT || l->width * 4 > st->wrap || starts_block(st, l))
			break;
		run++;
	}
	return run >= 3;
}

/* A short line with no final punctuation between two blocks: 主要群体, 摘要, "Preamble". */
static bool heading_candidate(const struct assembler *a, size_t i)
{
	const struct hx_cv_state *st = a->st;
	const struct hx_cv_line *l = &st->lines[i], *next;
	bool blank;
	unsigned limit = a->md ? 100 : st->wrap * 9 / 10;

	if (a->cur && a->cur->kind != HX_CV_BLOCK_HEADING && block_open(a))
		return false;
	if ((a->md && a->md_headings) || st->structured)
		return false; /* Markdown that marks its headings needs none guessed */
	if (hx_cv_ends_sentence(l->s, l->len) || ends_with_clause_punct(l) || l->width > limit ||
	    l->width < 2)
		return false;
	next = next_text(st, i, &blank);
	if (!next)
		return false;
	if (starts_block(st, next))
		return true;
	if (a->md)
		return blank;
	if (word_column(st, i))
		return false;
	/* "Preamble", "序 言", "第一条": a word or two on a line of its own before the text */
	if (l->width <= 16 && l->width * 5 <= st->wrap && next->width * 2 >= st->wrap)
		return true;
	return (st->blanks_meaningful && blank) || short_unpunctuated(st, next);
}

static bool note_continues(const struct assembler *a, const struct hx_cv_line *l)
{
	const struct hx_cv_block *n = a->note;

	if (!n || a->gap_break || starts_block(a->st, l))
		return false;
	if (n->len == 0)
		return true; /* "137" alone, its text on the next line */
	if (a->gap_blank && (a->md || a->st->blanks_meaningful || n->last_terminal))
		return false;
	return !n->last_terminal || !a->md;
}

static bool heading_continues(const struct assembler *a, const struct hx_cv_line *l)
{
	const struct hx_cv_block *h = a->cur;
	uint32_t c = first_cp(l);

	if (a->md || h->last_terminal)
		return false;
	/* a heading never starts in lower case: "сторонами" finishes the one above */
	return hx_cv_is_lower(c) ||
	       (hx_cv_is_han(c) && !a->gap_blank && h->last_width * 10 >= a->st->wrap * 6);
}

static bool para_continues(const struct assembler *a, const struct hx_cv_line *l)
{
	const struct hx_cv_state *st = a->st;
	const struct hx_cv_block *b = a->cur;
	uint32_t c = first_cp(l), last;

	if (!b || b->kind == HX_CV_BLOCK_VERBATIM || b->kind == HX_CV_BLOCK_RULE)
		return false;
	if (b->kind == HX_CV_BLOCK_HEADING)
		return heading_continues(a, l);
	if (a->md)
		return (!a->gap_blank && !a->gap_break) || block_open(a);
	if (!b->last_terminal) {
		if (!block_open(a))
			return false;
		/* "...progrès accomplis," then "Consciente de": a new preambular paragraph */
		last = hx_cv_prev(hx_cv_block_text(st, b), b->len, NULL);
		if ((last == ',' || last == ';') && hx_cv_is_upper(c))
			return !(st->blanks_meaningful && a->gap_blank) &&
			       b->last_width * 10 >= st->wrap * 8;
		return true;
	}
	if (hx_cv_is_lower(c))
		return true;
	if (st->blanks_meaningful && a->gap_blank)
		return false;
	return b->last_width * 100 >= st->wrap * 88;
}

static enum hx_err start_block(struct assembler *a, enum hx_cv_block_kind kind, size_t lineno,
			       const char *label, int level, const char *s, size_t len)
{
	struct hx_cv_block *b = hx_cv_block_new(a->st, kind, lineno);

	if (label)
		snprintf(b->label, sizeof(b->label), "%s", label);
	b->level = (uint8_t)level;
	a->cur = b;
	return len ? hx_cv_block_append(a->st, b, s, len) : HX_OK;
}

/* A heading's text: no final full stop, or short enough to be a title. */
static bool heading_like(const struct hx_cv_state *st, const char *s, size_t len)
{
	return !hx_cv_ends_sentence(s, len) || hx_cv_width(s, len) * 2 < st->wrap;
}

/* "1. Cross-cutting issues": a numbered line that reads as a heading, not a paragraph. */
static bool numbered_heading(const struct assembler *a, size_t i, size_t skip)
{
	const struct hx_cv_line *l = &a->st->lines[i];
	struct hx_cv_line rest = *l;

	rest.s += skip;
	rest.len -= skip;
	rest.width = hx_cv_width(rest.s, rest.len);
	return !a->md && short_unpunctuated(a->st, &rest) && heading_candidate(a, i);
}

static enum hx_err take_label(struct assembler *a, size_t li, bool *taken)
{
	const struct hx_cv_line *l = &a->st->lines[li];
	char label[HX_CV_LABEL_MAX];
	size_t n = hx_cv_para_number(l->s, l->len, label, sizeof(label));
	int level;

	*taken = true;
	if (n == l->len) {
		snprintf(a->pending_label, sizeof(a->pending_label), "%s", label);
		a->cur = NULL;
		return HX_OK;
	}
	if (n && label[0] != '(' && numbered_heading(a, li, n))
		return start_block(a, HX_CV_BLOCK_HEADING, l->lineno, label, 3, l->s + n,
				   l->len - n);
	if (n)
		return start_block(a, HX_CV_BLOCK_PARA, l->lineno, label, 0, l->s + n, l->len - n);
	level = hx_cv_heading_level(l->s, l->len, &n);
	if (level) {
		size_t ll = n;

		while (ll > 0 && l->s[ll - 1] == ' ')
			ll--;
		snprintf(label, sizeof(label), "%.*s", (int)(ll < 19 ? ll : 19), l->s);
		if (n == l->len) {
			snprintf(a->pending_label, sizeof(a->pending_label), "%s", label);
			a->pending_level = level;
			a->cur = NULL;
			return HX_OK;
		}
		if (heading_like(a->st, l->s + n, l->len - n))
			return start_block(a, HX_CV_BLOCK_HEADING, l->lineno, label, level,
					   l->s + n, l->len - n);
		return start_block(a, HX_CV_BLOCK_PARA, l->lineno, label, 0, l->s + n, l->len - n);
	}
	*taken = false;
	return HX_OK;
}

static enum hx_err body_line(struct assembler *a, size_t i)
{
	const struct hx_cv_line *l = &a->st->lines[i];
	enum hx_err err;
	bool taken;

	if (a->pending_label[0]) {
		int level = a->pending_level;

		if (!level && numbered_heading(a, i, 0))
			level = 3;

		err = start_block(a, level ? HX_CV_BLOCK_HEADING : HX_CV_BLOCK_PARA, l->lineno,
				  a->pending_label, level, l->s, l->len);
		a->pending_label[0] = '\0';
		a->pending_level = 0;
		return err;
	}
	err = take_label(a, i, &taken);
	if (err || taken)
		return err;
	a->zone = false;
	if (a->cur && a->cur->kind == HX_CV_BLOCK_HEADING && heading_continues(a, l))
		return hx_cv_block_append(a->st, a->cur, l->s, l->len);
	/* after a finished sentence, a short unpunctuated line is a heading, not more text */
	if (heading_candidate(a, i))
		return start_block(a, HX_CV_BLOCK_HEADING, l->lineno, NULL, 2, l->s, l->len);
	if (para_continues(a, l))
		return hx_cv_block_append(a->st, a->cur, l->s, l->len);
	return start_block(a, HX_CV_BLOCK_PARA, l->lineno, NULL, 0, l->s, l->len);
}

static enum hx_err footnote_line(struct assembler *a, size_t i, bool *taken)
{
	const struct hx_cv_line *l = &a->st->lines[i];
	struct hx_cv_note_def d;

	*taken = true;
	if (hx_cv_is_footnote_rule(l)) {
		a->zone = true;
		a->note = NULL;
		return HX_OK;
	}
	if (hx_cv_footnote_def(a->st, i, a->zone, &d)) {
		if (d.star)
			hx_cv_bind_star_calls(a->st, &d);
		a->zone = true; /* endnotes follow one another without more evidence */
		a->note = hx_cv_block_new(a->st, HX_CV_BLOCK_FOOTNOTE, l->lineno);
		snprintf(a->note->label, sizeof(a->note->label), "%s", d.label);
		return hx_cv_block_append(a->st, a->note, l->s + d.text_at, l->len - d.text_at);
	}
	if (note_continues(a, l))
		return hx_cv_block_append(a->st, a->note, l->s, l->len);
	a->note = NULL;
	*taken = false;
	return HX_OK;
}

/* ---- Markdown input: its own block syntax is kept ---- */

static size_t run_of(const char *s, size_t len, char c)
{
	size_t n = 0;

	while (n < len && s[n] == c)
		n++;
	return n;
}

/* "***", "- - -", "___": a thematic break (not the footnote rule of five or more '_'). */
static bool is_thematic_break(const struct hx_cv_line *l)
{
	char c = l->s[0];
	size_t marks = 0;

	if (c != '*' && c != '-' && c != '_')
		return false;
	for (size_t i = 0; i < l->len; i++) {
		if (l->s[i] == c)
			marks++;
		else if (l->s[i] != ' ')
			return false;
	}
	return marks >= 3;
}

static enum hx_err verbatim_line(struct assembler *a, const struct hx_cv_line *l)
{
	enum hx_err err = HX_OK;

	if (!a->verbatim || a->cur != a->verbatim) {
		a->verbatim = hx_cv_block_new(a->st, HX_CV_BLOCK_VERBATIM, l->lineno);
		a->cur = a->verbatim;
	} else {
		err = hx_cv_block_add_raw(a->st, a->verbatim, "\n", 1);
	}
	return err ? err : hx_cv_block_add_raw(a->st, a->verbatim, l->s, l->len);
}

static enum hx_err markdown_heading(struct assembler *a, const struct hx_cv_line *l, size_t hashes)
{
	size_t start = hashes, end = l->len;

	while (start < end && l->s[start] == ' ')
		start++;
	while (end > start && l->s[end - 1] == '#')
		end--;
	while (end > start && l->s[end - 1] == ' ')
		end--;
	return start_block(a, HX_CV_BLOCK_HEADING, l->lineno, NULL, (int)hashes, l->s + start,
			   end - start);
}

/* "[^1]: text": a definition already in Markdown, called by "[^1]" in the text. */
static enum hx_err markdown_footnote(struct assembler *a, const struct hx_cv_line *l, bool *taken)
{
	const char *end = memchr(l->s, ']', l->len);
	size_t n = end ? (size_t)(end - l->s) : 0, at;

	if (!n || n - 2 >= HX_CV_LABEL_MAX || n + 1 >= l->len || l->s[n + 1] != ':') {
		*taken = false;
		return HX_OK;
	}
	a->note = hx_cv_block_new(a->st, HX_CV_BLOCK_FOOTNOTE, l->lineno);
	a->note->native = true;
	snprintf(a->note->label, sizeof(a->note->label), "%.*s", (int)(n - 2), l->s + 2);
	a->cur = NULL;
	for (at = n + 2; at < l->len && l->s[at] == ' ';)
		at++;
	return hx_cv_block_append(a->st, a->note, l->s + at, l->len - at);
}

static enum hx_err take_markdown(struct assembler *a, const struct hx_cv_line *l, bool *taken)
{
	size_t hashes = run_of(l->s, l->len, '#');
	char label[HX_CV_LABEL_MAX];

	*taken = true;
	if (a->fence) {
		a->fence = run_of(l->s, l->len, '`') < 3 && run_of(l->s, l->len, '~') < 3;
		return verbatim_line(a, l);
	}
	if (run_of(l->s, l->len, '`') >= 3 || run_of(l->s, l->len, '~') >= 3) {
		a->fence = true;
		a->cur = NULL;
		return verbatim_line(a, l);
	}
	if (l->len > 4 && l->s[0] == '[' && l->s[1] == '^')
		return markdown_footnote(a, l, taken);
	if (l->s[0] == '|') {
		if (a->gap_blank)
			a->cur = NULL; /* a blank line ends a table */
		return verbatim_line(a, l);
	}
	if (hashes >= 1 && hashes <= 6 && (hashes == l->len || l->s[hashes] == ' '))
		return markdown_heading(a, l, hashes);
	if (a->cur && a->cur->kind == HX_CV_BLOCK_PARA && !a->gap_blank && !a->cur->label[0] &&
	    (run_of(l->s, l->len, '=') == l->len || run_of(l->s, l->len, '-') == l->len)) {
		a->cur->kind = HX_CV_BLOCK_HEADING; /* a setext underline */
		a->cur->level = l->s[0] == '=' ? 1 : 2;
		return HX_OK;
	}
	if (is_thematic_break(l) && !hx_cv_is_footnote_rule(l)) {
		a->cur = hx_cv_block_new(a->st, HX_CV_BLOCK_RULE, l->lineno);
		return HX_OK;
	}
	if (l->len > 2 && (l->s[0] == '-' || l->s[0] == '+' || l->s[0] == '*') && l->s[1] == ' ' &&
	    !hx_cv_para_number(l->s, l->len, label, sizeof(label)))
		return start_block(a, HX_CV_BLOCK_ITEM, l->lineno, NULL, 0, l->s + 2, l->len - 2);
	*taken = false;
	return HX_OK;
}

enum hx_err hx_cv_build_blocks(struct hx_cv_state *st)
{
	struct assembler a;
	enum hx_err err = HX_OK;

	memset(&a, 0, sizeof(a));
	a.st = st;
	a.md = st->format == HX_FORMAT_MARKDOWN;
	for (size_t i = 0; a.md && i < st->nlines && !a.md_headings; i++) {
		const struct hx_cv_line *l = &st->lines[i];
		size_t h = run_of(l->s, l->len, '#');

		a.md_headings = l->kind == HX_CV_LINE_TEXT && h >= 1 && h <= 6 && h < l->len &&
				l->s[h] == ' ';
	}
	st->blanks_meaningful = blank_lines_meaningful(st);
	st->next_footnote = 1;
	hx_cv_scan_calls(st);
	for (size_t i = st->body_start; i < st->nlines && !err; i++) {
		const struct hx_cv_line *l = &st->lines[i];
		bool taken = false;

		if (l->kind == HX_CV_LINE_BLANK) {
			a.gap_blank = true;
			if (a.fence)
				err = hx_cv_block_add_raw(st, a.verbatim, "\n", 1);
			continue;
		}
		if (l->kind != HX_CV_LINE_TEXT)
			continue;
		a.gap_break = l->page_break;
		if (a.md)
			err = take_markdown(&a, l, &taken);
		if (!err && !taken)
			err = footnote_line(&a, i, &taken);
		if (!err && !taken)
			err = body_line(&a, i);
		a.gap_blank = a.gap_break = false;
	}
	if (!err && a.pending_label[0])
		err = start_block(&a, a.pending_level ? HX_CV_BLOCK_HEADING : HX_CV_BLOCK_PARA, 0,
				  a.pending_label, a.pending_level, "", 0);
	return err;
}
