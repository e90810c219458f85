/*
 * The inline writer of the HTML input: collapses whitespace and places
 * emphasis and link delimiters where CommonMark will read them as such.
 */
#include <stdlib.h>
#include <string.h>

#include "html_md.h"

enum sep {
	SEP_NONE,
	SEP_SPACE,
	SEP_BREAK,
	SEP_PARAGRAPH,
};

void hx_html_inline_init(struct hx_html_inline *in, size_t max)
{
	memset(in, 0, sizeof(*in));
	hx_buf_init(&in->text, max);
	hx_buf_init(&in->scratch, max);
}

void hx_html_inline_release(struct hx_html_inline *in)
{
	for (size_t i = 0; i < in->nwant; i++)
		free(in->want[i].dest);
	hx_buf_release(&in->text);
	hx_buf_release(&in->scratch);
	in->nwant = in->nhave = 0;
}

static const char *delimiter(enum hx_html_mark mark)
{
	switch (mark) {
	case HX_HTML_MARK_EM:
		return "*";
	case HX_HTML_MARK_STRONG:
		return "**";
	case HX_HTML_MARK_LINK:
		return "[";
	}
	return "";
}

static struct hx_html_want *want_by_serial(struct hx_html_inline *in, uint64_t serial)
{
	for (size_t i = 0; i < in->nwant; i++)
		if (in->want[i].serial == serial)
			return &in->want[i];
	return NULL;
}

/* How many open markers (from the bottom) still answer the wanted styles. */
static size_t markers_kept(const struct hx_html_inline *in)
{
	size_t i = 0, j = 0;

	for (; i < in->nhave; i++, j++) {
		while (j < in->nwant && in->want[j].suppressed)
			j++;
		if (j == in->nwant || in->have[i].mark != in->want[j].mark)
			break;
		if (in->have[i].mark == HX_HTML_MARK_LINK &&
		    in->have[i].serial != in->want[j].serial)
			break;
	}
	return i;
}

/* Left-flanking (CommonMark 6.2): a delimiter run between prev and next can open. */
static bool can_open(uint32_t prev, uint32_t next)
{
	if (hx_html_is_space(next))
		return false;
	return !hx_html_is_punct(next) || hx_html_is_space(prev) || hx_html_is_punct(prev);
}

static bool can_close(uint32_t prev, uint32_t next)
{
	if (hx_html_is_space(prev))
		return false;
	return !hx_html_is_punct(prev) || hx_html_is_space(next) || hx_html_is_punct(next);
}

/* Removes the opening delimiter of an emphasis that cannot close here. */
static void retract(struct hx_html_inline *in, const struct hx_html_have *h)
{
	size_t n = strlen(delimiter(h->mark));
	struct hx_html_want *w = want_by_serial(in, h->serial);

	memmove(in->text.data + h->pos, in->text.data + h->pos + n, in->text.len - h->pos - n);
	hx_buf_truncate(&in->text, in->text.len - n);
	if (w)
		w->suppressed = true;
}

/* What follows the run of emphasis closers that starts at have[i]. */
static uint32_t after_closers(const struct hx_html_inline *in, size_t i, size_t keep,
			      uint32_t after)
{
	while (i-- > keep)
		if (in->have[i].mark == HX_HTML_MARK_LINK)
			return ']';
	return after;
}

/* Closes the markers above keep; after is what comes next (0: the line ends). */
static enum hx_err close_markers(struct hx_html_inline *in, size_t keep, uint32_t after)
{
	uint32_t prev = hx_html_utf8_last(in->text.data, in->text.len);
	struct hx_html_want *w;
	enum hx_err err = HX_OK;

	for (size_t i = in->nhave; i-- > keep && !err;) {
		struct hx_html_have *h = &in->have[i];

		if (h->mark == HX_HTML_MARK_LINK) {
			w = want_by_serial(in, h->serial);
			err = hx_buf_addf(&in->text, "](%s)", w ? w->dest : "");
			prev = ')';
		} else if (can_close(prev, after_closers(in, i, keep, after))) {
			err = hx_buf_adds(&in->text, delimiter(h->mark));
		} else {
			retract(in, h);
		}
	}
	if (in->nhave > keep)
		in->nhave = keep;
	return err;
}

/* The first delimiter open_markers will write, or 0. */
static uint32_t first_opener(const struct hx_html_inline *in, size_t keep)
{
	size_t seen = 0;

	for (size_t j = 0; j < in->nwant; j++) {
		if (in->want[j].suppressed)
			continue;
		if (seen++ == keep)
			return (uint32_t)(unsigned char)delimiter(in->want[j].mark)[0];
	}
	return 0;
}

static enum hx_err open_one(struct hx_html_inline *in, const struct hx_html_want *w)
{
	if (in->nhave == HX_HTML_STYLE_MAX)
		return HX_OK;
	in->have[in->nhave++] = (struct hx_html_have){w->mark, w->serial, in->text.len};
	return hx_buf_adds(&in->text, delimiter(w->mark));
}

/* Opens the wanted styles not open yet, before a piece whose Markdown starts with next. */
static enum hx_err open_markers(struct hx_html_inline *in, uint32_t next)
{
	size_t j = 0, seen = 0, k;
	uint32_t prev, after;
	enum hx_err err = HX_OK;

	for (; j < in->nwant && seen < in->nhave; j++)
		seen += !in->want[j].suppressed;
	while (j < in->nwant && !err) {
		if (in->want[j].suppressed) {
			j++;
		} else if (in->want[j].mark == HX_HTML_MARK_LINK) {
			err = open_one(in, &in->want[j++]);
		} else {
			for (k = j; k < in->nwant && in->want[k].mark != HX_HTML_MARK_LINK; k++)
				;
			after = k < in->nwant ? '[' : next;
			prev = hx_html_utf8_last(in->text.data, in->text.len);
			for (; j < k && !err; j++) {
				if (!can_open(prev, after))
					in->want[j].suppressed = true;
				else if (!in->want[j].suppressed)
					err = open_one(in, &in->want[j]);
			}
		}
	}
	return err;
}

static enum sep pending_separator(const struct hx_html_inline *in, uint32_t text_cp)
{
	if (!in->text.len || hx_buf_last(&in->text) == '\n')
		return SEP_NONE;
	if (in->breaks)
		return in->breaks > 1 ? SEP_PARAGRAPH : SEP_BREAK;
	if (!in->space)
		return SEP_NONE;
	if (in->space_nl && text_cp && hx_html_is_wide(in->last_cp) && hx_html_is_wide(text_cp))
		return SEP_NONE;
	return SEP_SPACE;
}

/*
 * Brings the markers in line with the wanted styles and writes the waiting
 * separator, just before a piece whose Markdown starts with next (and whose
 * text starts with text_cp; 0 for code and footnote references).
 */
static enum hx_err settle(struct hx_html_inline *in, uint32_t next, uint32_t text_cp)
{
	enum sep sep = pending_separator(in, text_cp);
	size_t keep = sep == SEP_PARAGRAPH ? 0 : markers_kept(in);
	uint32_t after = sep != SEP_NONE ? ' ' : first_opener(in, keep);
	enum hx_err err = close_markers(in, keep, after ? after : next);
	static const char *const text[] = {"", " ", "\\\n", "\n\n"};

	if (!err)
		err = hx_buf_adds(&in->text, text[sep]);
	if (sep == SEP_BREAK || sep == SEP_PARAGRAPH)
		in->last_cp = 0;
	for (size_t i = 0; sep == SEP_PARAGRAPH && i < in->nwant; i++)
		in->want[i].suppressed = false;
	in->space = in->space_nl = false;
	in->breaks = 0;
	if (!err)
		err = open_markers(in, next);
	return err;
}

/* Writes the escaped piece waiting in scratch. */
static enum hx_err write_piece(struct hx_html_inline *in, uint32_t text_cp)
{
	size_t i = 0;
	enum hx_err err;

	if (!in->scratch.len)
		return HX_OK;
	err = settle(in, hx_html_utf8_next(in->scratch.data, in->scratch.len, &i), text_cp);
	if (!err)
		err = hx_buf_add(&in->text, in->scratch.data, in->scratch.len);
	in->after_note = false;
	return err;
}

static bool html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static enum hx_err add_word(struct hx_html_inline *in, const char *w, size_t n, bool open_end)
{
	unsigned flags = open_end ? HX_HTML_ESC_OPEN_END : 0;
	size_t i = 0;
	uint32_t first = hx_html_utf8_next(w, n, &i);
	enum hx_err err;

	if (in->heading)
		flags |= HX_HTML_ESC_HEADING;
	if (in->after_note && !in->space && !in->breaks)
		flags |= HX_HTML_ESC_AFTER_NOTE;
	hx_buf_reset(&in->scratch);
	err = hx_html_escape(&in->scratch, w, n, flags);
	if (!err && in->scratch.len) {
		err = write_piece(in, first);
		in->last_cp = hx_html_utf8_last(w, n);
	}
	return err;
}

enum hx_err hx_html_inline_text(struct hx_html_inline *in, const char *s, size_t len)
{
	size_t i = 0, j;
	enum hx_err err = HX_OK;

	while (i < len && !err) {
		if (html_space(s[i])) {
			in->space = true;
			in->space_nl = in->space_nl || s[i] == '\n';
			i++;
			continue;
		}
		for (j = i; j < len && !html_space(s[j]); j++)
			;
		err = add_word(in, s + i, j - i, j == len);
		i = j;
	}
	return err;
}

enum hx_err hx_html_inline_code(struct hx_html_inline *in, const char *code, size_t len)
{
	enum hx_err err;

	if (!len)
		return HX_OK;
	hx_buf_reset(&in->scratch);
	err = hx_html_code_span(&in->scratch, code, len, in->cell);
	if (!err)
		err = write_piece(in, 0);
	in->last_cp = '`';
	return err;
}

enum hx_err hx_html_inline_note(struct hx_html_inline *in, const char *label)
{
	enum hx_err err;

	hx_buf_reset(&in->scratch);
	err = hx_buf_addf(&in->scratch, "[^%s]", label);
	if (!err)
		err = write_piece(in, 0);
	in->after_note = true;
	in->last_cp = ']';
	return err;
}

void hx_html_inline_break(struct hx_html_inline *in)
{
	if (in->flat)
		in->space = true;
	else if (in->text.len && hx_buf_last(&in->text) != '\n')
		in->breaks++;
}

void hx_html_inline_space(struct hx_html_inline *in)
{
	in->space = true;
}

void hx_html_inline_push(struct hx_html_inline *in, enum hx_html_mark mark, char *dest,
			 const void *node)
{
	for (size_t i = 0; i < in->nwant; i++) {
		if (in->want[i].mark == mark) { /* nested: nothing more to say */
			free(dest);
			return;
		}
	}
	if (in->nwant == HX_HTML_STYLE_MAX) {
		free(dest);
		return;
	}
	in->want[in->nwant++] = (struct hx_html_want){mark, dest, node, ++in->serial, false};
}

enum hx_err hx_html_inline_pop(struct hx_html_inline *in, const void *node)
{
	struct hx_html_want *w;
	enum hx_err err = HX_OK;

	if (!in->nwant || in->want[in->nwant - 1].node != node)
		return HX_OK;
	w = &in->want[in->nwant - 1];
	/* a link closes at once, with what opened inside it, while its destination is known */
	for (size_t i = 0; w->mark == HX_HTML_MARK_LINK && i < in->nhave; i++) {
		if (in->have[i].serial == w->serial) {
			err = close_markers(in, i, ']');
			break;
		}
	}
	free(w->dest);
	in->nwant--;
	return err;
}

enum hx_err hx_html_inline_take(struct hx_html_inline *in, struct hx_buf *dst, bool line_starts)
{
	size_t i = 0, end;
	enum hx_err err = close_markers(in, 0, 0);

	if (!line_starts && !err)
		err = hx_buf_add(dst, in->text.data, in->text.len);
	while (line_starts && i < in->text.len && !err) {
		const char *nl = memchr(in->text.data + i, '\n', in->text.len - i);

		end = nl ? (size_t)(nl - in->text.data) : in->text.len;
		err = hx_html_escape_line_start(dst, in->text.data + i, end - i);
		if (!err && nl)
			err = hx_buf_addc(dst, '\n');
		i = end + 1;
	}
	hx_buf_reset(&in->text);
	in->space = in->space_nl = in->after_note = false;
	in->breaks = 0;
	in->last_cp = 0;
	for (size_t j = 0; j < in->nwant; j++)
		in->want[j].suppressed = false;
	return err;
}
