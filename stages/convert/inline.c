/*
 * Inline rules: footnote calls, UN symbols as undocs.org links, URLs as
 * autolinks, Chinese full-width punctuation, and CommonMark escaping of text.
 */
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "mem.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum_ascii(uint32_t c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* ---- Chinese punctuation and spacing ---- */

/* The last code point already written, spaces skipped; and where those spaces start. */
static bool is_call_mark(uint32_t cp)
{
	return cp == (uint32_t)HX_CV_STAR || hx_cv_superscript_digit(cp) >= 0;
}

/* The last code point written, spaces and footnote marks skipped; where the spaces start. */
static uint32_t last_nonspace(const struct hx_buf *out, size_t *space_at)
{
	size_t end = out->len, at;
	uint32_t cp;

	while (end > 0 && out->data[end - 1] == ' ')
		end--;
	*space_at = end;
	while ((cp = hx_cv_prev(hx_buf_str(out), end, &at)) && is_call_mark(cp))
		end = at;
	return cp;
}

/* "4在": digits glued before Han that number a defined footnote are a call, not text. */
static size_t digit_call(const char *s, size_t len, size_t i, const uint8_t *notes)
{
	size_t k = i;
	unsigned v = 0;

	while (k < len && k - i < 3 && is_digit(s[k]))
		v = v * 10 + (unsigned)(s[k++] - '0');
	if (!notes || k == i || v >= HX_CV_MAX_NOTE || !notes[v] || (k < len && is_digit(s[k])))
		return 0;
	return k;
}

/* The next code point after spaces (and, when looking past them, footnote marks). */
static uint32_t next_nonspace(const char *s, size_t len, size_t i, size_t *at, const uint8_t *notes,
			      bool marks)
{
	uint32_t cp = 0;

	for (;;) {
		size_t k;

		while (i < len && s[i] == ' ')
			i++;
		if (at)
			*at = i, at = NULL;
		if (i >= len)
			return 0;
		k = i;
		cp = hx_cv_next(s, len, &k);
		if (marks && is_digit(s[i]) && (k = digit_call(s, len, i, notes)))
			cp = (uint32_t)HX_CV_STAR;
		if (!marks || !is_call_mark(cp))
			return cp;
		i = k;
	}
}

static bool han_side_left(uint32_t cp)
{
	return hx_cv_is_han(cp) || cp == ')' || (hx_cv_is_closing(cp) && cp >= 0x2000);
}

static bool han_side_right(uint32_t cp)
{
	return hx_cv_is_han(cp) || (hx_cv_is_opening(cp) && cp >= 0x2000);
}

static uint32_t full_width(char c)
{
	switch (c) {
	case ',':
		return 0xFF0C;
	case ';':
		return 0xFF1B;
	case ':':
		return 0xFF1A;
	}
	return 0;
}

/* Quotes and brackets that sit against Han text without spaces in Chinese typesetting. */
static bool cjk_context(uint32_t cp)
{
	return hx_cv_is_unspaced(cp) || cp == 0x201C || cp == 0x201D || cp == 0x2018 ||
	       cp == 0x2019 || cp == '(' || cp == ')';
}

/* With a space between every character (an extraction artefact), which spaces go. */
static bool spaced_artefact(uint32_t left, uint32_t right)
{
	bool l = hx_cv_is_unspaced(left), r = hx_cv_is_unspaced(right);

	if (!(l || r))
		return (cjk_context(left) && hx_cv_is_unspaced(right)) ||
		       (hx_cv_is_unspaced(left) && cjk_context(right));
	return cjk_context(l ? right : left) || (l && r);
}

enum hx_err hx_cv_cjk_punct(const char *s, size_t len, const uint8_t *notes, bool spaced,
			    struct hx_buf *out)
{
	enum hx_err err = HX_OK;

	for (size_t i = 0; i < len && !err;) {
		size_t space_at, at;
		uint32_t left, right;

		if (full_width(s[i])) {
			left = last_nonspace(out, &space_at);
			right = next_nonspace(s, len, i + 1, &at, notes, true);
			/* also at the end of a Chinese paragraph: "事项;" */
			if (han_side_left(left) && (han_side_right(right) || right == 0)) {
				hx_buf_truncate(out, space_at);
				err = hx_buf_add_utf8(out, full_width(s[i]));
				i = at;
				continue;
			}
		} else if (s[i] == ' ') {
			left = last_nonspace(out, &space_at);
			right = next_nonspace(s, len, i, &at, notes, false);
			/* "建议摘要 *": a footnote mark hangs on the Han word before it */
			if (hx_cv_is_unspaced(left) && is_call_mark(right)) {
				i = at;
				continue;
			}
			if ((hx_cv_is_unspaced(left) && hx_cv_is_unspaced(right)) ||
			    (spaced && spaced_artefact(left, right))) {
				i = at; /* never a space between two Han characters */
				continue;
			}
		}
		err = hx_buf_addc(out, s[i++]);
	}
	return err;
}

/* ---- Markdown spans in Markdown input ---- */

/*
 * Where Markdown spans close, found once per text so that a line of ten
 * million '[' or '`' stays linear: brackets by a stack, code spans by the
 * next backtick run of the same length.
 */
struct bracket_pair {
	size_t open, close;
};

struct md_spans {
	struct bracket_pair *pairs; /* sorted by open */
	size_t npairs, next;
	bool no_closer[33]; /* a backtick run of this length has no closer to the end */
};

static int by_open(const void *a, const void *b)
{
	const struct bracket_pair *x = a, *y = b;

	return (x->open > y->open) - (x->open < y->open);
}

static void md_spans_init(struct md_spans *sp, const char *s, size_t len)
{
	size_t *stack = NULL, depth = 0, alloc = 0, pairs_alloc = 0;

	memset(sp, 0, sizeof(*sp));
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\') {
			i++;
		} else if (s[i] == '[') {
			if (depth == alloc) {
				alloc = alloc ? alloc * 2 : 16;
				stack = hx_xreallocarray(stack, alloc, sizeof(*stack));
			}
			stack[depth++] = i;
		} else if (s[i] == ']' && depth) {
			if (sp->npairs == pairs_alloc) {
				pairs_alloc = pairs_alloc ? pairs_alloc * 2 : 16;
				sp->pairs = hx_xreallocarray(sp->pairs, pairs_alloc,
							     sizeof(*sp->pairs));
			}
			sp->pairs[sp->npairs].open = stack[--depth];
			sp->pairs[sp->npairs++].close = i;
		}
	}
	free(stack);
	if (sp->npairs)
		qsort(sp->pairs, sp->npairs, sizeof(*sp->pairs), by_open);
}

/* The ']' that closes the '[' at i, or 0. Calls come with increasing i. */
static size_t closing_bracket(struct md_spans *sp, size_t i)
{
	while (sp->next < sp->npairs && sp->pairs[sp->next].open < i)
		sp->next++;
	return sp->next < sp->npairs && sp->pairs[sp->next].open == i ? sp->pairs[sp->next].close
								      : 0;
}

static size_t code_span(struct md_spans *sp, const char *s, size_t len, size_t i)
{
	size_t run = 0;

	while (i + run < len && s[i + run] == '`')
		run++;
	if (run < sizeof(sp->no_closer) && sp->no_closer[run])
		return run;
	for (size_t j = i + run; j + run <= len; j++) {
		size_t k = 0;

		while (j + k < len && s[j + k] == '`')
			k++;
		if (k == run)
			return j + run - i;
		j += k;
	}
	if (run < sizeof(sp->no_closer))
		sp->no_closer[run] = true;
	return run;
}

/* Markdown that must pass untouched: escapes, code spans, autolinks, links, footnote calls. */
static size_t markdown_span(struct md_spans *sp, const char *s, size_t len, size_t i)
{
	size_t j, depth;

	switch (s[i]) {
	case '\\':
		return i + 1 < len ? 2 : 1;
	case '`':
		return code_span(sp, s, len, i);
	case '<':
		for (j = i + 1;
		     j < len && j - i < 2048 && s[j] != '>' && s[j] != '<' && s[j] != ' '; j++)
			;
		return j < len && s[j] == '>' ? j + 1 - i : 0;
	case '[':
		j = closing_bracket(sp, i);
		if (!j)
			return 0;
		if (j + 1 < len && s[j + 1] == '(') {
			for (j += 2, depth = 1; j < len && depth && s[j] != ' '; j++)
				depth += (s[j] == '(') - (s[j] == ')');
			return depth ? 0 : j - i;
		}
		return i + 1 < len && s[i + 1] == '^' ? j + 1 - i : 0;
	}
	return 0;
}

/* ---- the inline pass ---- */

struct inline_ctx {
	struct md_spans spans;
	struct hx_cv_state *st;
	const char *s;
	size_t len;
	struct hx_buf *out;
	bool md;
	bool calls; /* convert footnote calls (not inside footnote definitions) */
	const char *undocs_lang;
};

/* Length of the URL at s[i] ("http://", "https://"), trailing punctuation left out. */
static size_t url_length(const char *s, size_t len, size_t i)
{
	size_t j = i, open = 0;

	if (!(len - i > 7 && (!strncmp(s + i, "http://", 7) || !strncmp(s + i, "https://", 8))))
		return 0;
	while (j < len && (unsigned char)s[j] > 0x20 && (unsigned char)s[j] < 0x7F &&
	       !strchr("<>\"`", s[j])) {
		open += s[j] == '(';
		j++;
	}
	while (j > i && strchr(".,;:!?'*", s[j - 1]))
		j--;
	if (j > i && s[j - 1] == ')' && !open)
		j--;
	return j - i > 8 ? j - i : 0;
}

/* An autolink; undocs.org's "ch" for Chinese is read as "zh". */
static enum hx_err emit_url(struct hx_buf *out, const char *url, size_t n)
{
	static const char *const undocs[] = {"http://undocs.org/ch/", "https://undocs.org/ch/",
					     "http://www.undocs.org/ch/",
					     "https://www.undocs.org/ch/", NULL};
	enum hx_err err = hx_buf_addc(out, '<');

	for (const char *const *u = undocs; *u && !err; u++) {
		size_t m = strlen(*u);

		if (n > m && !memcmp(url, *u, m)) {
			err = hx_buf_add(out, url, m - 3);
			if (!err)
				err = hx_buf_adds(out, "zh/");
			url += m, n -= m;
			break;
		}
	}
	if (!err)
		err = hx_buf_add(out, url, n);
	return err ? err : hx_buf_addc(out, '>');
}

static enum hx_err emit_symbol(struct inline_ctx *c, size_t i, size_t n)
{
	struct hx_buf *out = c->out;
	enum hx_err err = hx_buf_addc(out, '[');

	if (!err)
		err = hx_buf_add(out, c->s + i, n);
	if (!err)
		err = hx_buf_addf(out, "](https://undocs.org/%s/", c->undocs_lang);
	for (size_t k = i; k < i + n && !err; k++)
		if (c->s[k] != ' ')
			err = hx_buf_addc(out, c->s[k]);
	if (!err)
		err = hx_buf_addc(out, ')');
	return err;
}

static enum hx_err emit_star_call(struct inline_ctx *c)
{
	struct hx_cv_state *st = c->st;
	size_t ordinal;
	int def;

	if (!c->calls)
		return hx_buf_adds(c->out, "\\*");
	ordinal = st->star_emitted++;
	def = ordinal < st->star_marks ? st->star_map[ordinal] : -1;
	if (def < 0)
		return hx_buf_adds(c->out, "\\*");
	if (def == 0)
		return hx_buf_adds(c->out, "[^*]");
	return hx_buf_addf(c->out, "[^*%d]", def + 1);
}

/* Superscript digits: a footnote call when that footnote is defined. */
static size_t superscript_call(struct inline_ctx *c, size_t i, enum hx_err *err)
{
	size_t j = i, end = i;
	unsigned v = 0;
	int d;

	while (j < c->len && (d = hx_cv_superscript_digit(hx_cv_next(c->s, c->len, &j))) >= 0) {
		v = v * 10 + (unsigned)d;
		end = j;
		if (v >= HX_CV_MAX_NOTE)
			return 0;
	}
	if (end == i || !c->calls || !c->st->note_defined[v])
		return 0;
	c->st->note_called[v] = 1;
	c->st->last_call = v;
	*err = hx_buf_addf(c->out, "[^%u]", v);
	return end - i;
}

/* Plain digits glued to text: a call only for the next defined, not yet called footnote. */
static size_t glued_call(struct inline_ctx *c, size_t i, enum hx_err *err)
{
	struct hx_cv_state *st = c->st;
	unsigned v;
	size_t n;

	if (!c->calls)
		return 0;
	if (hx_cv_glued_call(c->s, c->len, i, &v, &n)) {
		if (!st->note_defined[v] || st->note_called[v] || v < st->last_call)
			return 0;
	} else if (hx_cv_slash_call(c->s, c->len, i, &v, &n)) {
		if (!st->note_defined[v] || st->note_called[v] || v < st->last_call)
			return 0;
		hx_buf_truncate(c->out, c->out->len - (c->out->len &&
						       c->out->data[c->out->len - 1] == ' '));
	} else if (hx_cv_spaced_call(c->s, c->len, i, &v, &n)) {
		/* weaker evidence: only the very next footnote in sequence */
		if (!st->note_defined[v] || st->note_called[v] || v != st->last_call + 1)
			return 0;
		hx_buf_truncate(c->out, c->out->len - (c->out->len &&
						       c->out->data[c->out->len - 1] == ' '));
	} else {
		return 0;
	}
	st->note_called[v] = 1;
	st->last_call = v;
	*err = hx_buf_addf(c->out, "[^%u]", v);
	return n;
}

/* Characters that would become markup in a CommonMark paragraph. */
static bool needs_escape(char c)
{
	return strchr("\\`*_[]<>&~", c) != NULL && c;
}

static bool symbol_boundary(const char *s, size_t i)
{
	uint32_t prev = hx_cv_prev(s, i, NULL);

	return i == 0 || !(is_alnum_ascii(prev) || prev == '/' || prev == '.' || prev == '-' ||
			   prev == '_' || prev == '\\');
}

/*
 * Bytes that may start something the inline pass rewrites: Markdown and HTML
 * specials, footnote marks (0x01; superscripts lead with 0xC2 or 0xE2),
 * digits (calls), 'h' (URLs) and capitals (symbols). Runs of other bytes are
 * copied whole.
 */
static bool is_trigger(unsigned char c)
{
	if (c >= 0x80)
		return c == 0xC2 || c == 0xE2;
	if (c < 0x20 || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	switch (c) {
	case 'h':
	case '\\':
	case '`':
	case '*':
	case '_':
	case '[':
	case ']':
	case '<':
	case '>':
	case '&':
	case '~':
	case '!':
	case '(':
		return true;
	}
	return false;
}

/* One step of the inline pass at c->s[i]: returns how many bytes were consumed. */
static size_t inline_step(struct inline_ctx *c, size_t i, enum hx_err *err)
{
	const char *s = c->s;
	size_t n;

	for (n = i; n < c->len && !is_trigger((unsigned char)s[n]); n++)
		;
	if (n > i) {
		*err = hx_buf_add(c->out, s + i, n - i);
		return n - i;
	}

	if (c->md && (n = markdown_span(&c->spans, s, c->len, i))) {
		*err = hx_buf_add(c->out, s + i, n);
		return n;
	}
	if (s[i] == HX_CV_STAR) {
		*err = emit_star_call(c);
		return 1;
	}
	if ((unsigned char)s[i] >= 0xC2 && (n = superscript_call(c, i, err)))
		return n;
	if (is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1])) && (n = glued_call(c, i, err)))
		return n;
	if (s[i] == 'h' && (n = url_length(s, c->len, i))) {
		*err = emit_url(c->out, s + i, n);
		return n;
	}
	if (s[i] >= 'A' && s[i] <= 'Z' && symbol_boundary(s, i) &&
	    (n = hx_symbol_match(s + i, c->len - i))) {
		*err = emit_symbol(c, i, n);
		return n;
	}
	if (!c->md && needs_escape(s[i]))
		*err = hx_buf_addc(c->out, '\\');
	if (!*err)
		*err = hx_buf_addc(c->out, s[i]);
	return 1;
}

enum hx_err hx_cv_inline(struct hx_cv_state *st, const char *s, size_t len, bool calls,
			 struct hx_buf *out)
{
	struct hx_buf punct;
	const struct hx_lang_info *li = hx_lang_get(st->lang);
	struct inline_ctx c = {{0},   st,
			       NULL,  0,
			       out,   st->format == HX_FORMAT_MARKDOWN,
			       calls, li ? li->undocs : "en"};
	enum hx_err err;
	hx_buf_init(&punct, st->max_output);
	err = st->lang == HX_LANG_ZH
		      ? hx_cv_cjk_punct(s, len, st->note_defined, st->han_spaced, &punct)
		      : hx_buf_add(&punct, s, len);
	c.s = hx_buf_str(&punct);
	c.len = punct.len;
	if (c.md)
		md_spans_init(&c.spans, c.s, c.len);
	for (size_t i = 0; i < c.len && !err;)
		i += inline_step(&c, i, &err);
	free(c.spans.pairs);
	hx_buf_release(&punct);
	return err;
}
