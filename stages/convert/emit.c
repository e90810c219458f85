/* The blocks as CommonMark: one paragraph per line, blank lines between, footnotes last. */
#include <stdlib.h>
#include <string.h>

#include "convert.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "46." must stay text: "46\." is not a list item, so CommonMark cannot renumber it. */
static enum hx_err add_label(struct hx_buf *out, const char *label)
{
	enum hx_err err = HX_OK;
	size_t n = strlen(label);

	for (size_t i = 0; i < n && !err; i++) {
		if ((label[i] == '.' || label[i] == ')') && i > 0 && label[0] != '(')
			err = hx_buf_addc(out, '\\');
		if (!err)
			err = hx_buf_addc(out, label[i]);
	}
	return err ? err : hx_buf_addc(out, ' ');
}

/* Escapes what would turn the start of a paragraph into another block. */
static enum hx_err add_paragraph_start(struct hx_buf *out, const struct hx_buf *text)
{
	const char *s = hx_buf_str(text);
	size_t d = 0;

	while (d < text->len && is_digit(s[d]))
		d++;
	if (d && d < 10 && d < text->len && (s[d] == '.' || s[d] == ')') &&
	    (d + 1 == text->len || s[d + 1] == ' ')) {
		enum hx_err err = hx_buf_add(out, s, d);

		if (!err)
			err = hx_buf_addc(out, '\\');
		return err ? err : hx_buf_add(out, s + d, text->len - d);
	}
	if (text->len && strchr("#+-=", s[0])) {
		enum hx_err err = hx_buf_addc(out, '\\');

		return err ? err : hx_buf_add(out, s, text->len);
	}
	return hx_buf_add(out, s, text->len);
}

static enum hx_err emit_inline(struct hx_cv_state *st, const struct hx_cv_block *b, bool calls,
			       bool at_start, struct hx_buf *out)
{
	struct hx_buf tmp;
	enum hx_err err;

	hx_buf_init(&tmp, st->max_output);
	err = hx_cv_inline(st, hx_cv_block_text(st, b), b->len, calls, &tmp);
	if (!err)
		err = at_start && st->format != HX_FORMAT_MARKDOWN
			      ? add_paragraph_start(out, &tmp)
			      : hx_buf_add(out, tmp.data ? tmp.data : "", tmp.len);
	hx_buf_release(&tmp);
	return err;
}

static enum hx_err emit_block(struct hx_cv_state *st, const struct hx_cv_block *b,
			      struct hx_buf *out)
{
	enum hx_err err = HX_OK;

	switch (b->kind) {
	case HX_CV_BLOCK_PARA:
		if (b->label[0])
			err = add_label(out, b->label);
		return err ? err : emit_inline(st, b, true, !b->label[0], out);
	case HX_CV_BLOCK_HEADING:
		for (int i = 0; i < b->level && !err; i++)
			err = hx_buf_addc(out, '#');
		if (!err)
			err = hx_buf_addc(out, ' ');
		if (!err && b->label[0])
			err = hx_buf_addf(out, "%s ", b->label);
		return err ? err : emit_inline(st, b, true, false, out);
	case HX_CV_BLOCK_ITEM:
		err = hx_buf_adds(out, "- ");
		return err ? err : emit_inline(st, b, true, false, out);
	case HX_CV_BLOCK_VERBATIM:
		return hx_buf_add(out, hx_cv_block_text(st, b), b->len);
	case HX_CV_BLOCK_RULE:
		return hx_buf_adds(out, "---");
	case HX_CV_BLOCK_FOOTNOTE:
		return HX_OK;
	}
	return HX_OK;
}

/* Whether any call in the text points at this definition. */
static bool footnote_called(const struct hx_cv_state *st, const struct hx_cv_block *b)
{
	char *end;
	unsigned long v;

	if (b->native)
		return true;
	if (b->label[0] == '*') {
		long ordinal = b->label[1] ? strtol(b->label + 1, &end, 10) - 1 : 0;

		for (size_t k = 0; k < st->star_marks; k++)
			if (st->star_map[k] == ordinal)
				return true;
		return false;
	}
	v = strtoul(b->label, &end, 10);
	return v < HX_CV_MAX_NOTE && st->note_called[v];
}

static enum hx_err emit_footnote(struct hx_cv_state *st, const struct hx_cv_block *b,
				 struct hx_buf *out)
{
	enum hx_err err = hx_buf_adds(out, "\n");

	/* a definition nothing calls would vanish from the HTML: keep it as text */
	if (!err && footnote_called(st, b))
		err = hx_buf_addf(out, "[^%s]: ", b->label);
	else if (!err)
		err = hx_buf_addf(out, "%s%s ", b->label[0] == '*' ? "\\" : "", b->label);
	if (!err)
		err = emit_inline(st, b, false, false, out);
	return err ? err : hx_buf_addc(out, '\n');
}

enum hx_err hx_cv_emit(struct hx_cv_state *st, struct hx_buf *out)
{
	enum hx_err err = HX_OK;

	st->star_emitted = 0;
	for (size_t i = 0; i < st->nblocks && !err; i++) {
		const struct hx_cv_block *b = &st->blocks[i];

		if (b->kind == HX_CV_BLOCK_FOOTNOTE ||
		    (b->kind != HX_CV_BLOCK_RULE && !b->len && !b->label[0]))
			continue;
		if (out->len)
			err = hx_buf_addc(out, '\n');
		if (!err)
			err = emit_block(st, b, out);
		if (!err)
			err = hx_buf_addc(out, '\n');
	}
	for (size_t i = 0; i < st->nblocks && !err; i++)
		if (st->blocks[i].kind == HX_CV_BLOCK_FOOTNOTE && st->blocks[i].len)
			err = emit_footnote(st, &st->blocks[i], out);
	if (err)
		return hx_fail(st->diag, err, "'%s': the converted Markdown is over the size cap",
			       st->doc->path);
	return HX_OK;
}
