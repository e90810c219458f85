/*
 * Paragraph numbers, headings and sentence ends: the line-level rules that
 * decide where a block starts. The assembly loop itself is in assemble.c.
 */
#include <string.h>

#include "convert.h"
#include "mem.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

struct hx_cv_block *hx_cv_block_new(struct hx_cv_state *st, enum hx_cv_block_kind kind,
				    size_t lineno)
{
	struct hx_cv_block *b;
	const struct hx_buf *arena = kind == HX_CV_BLOCK_FOOTNOTE ? &st->note_text : &st->body_text;

	if (st->nblocks == st->blocks_alloc) {
		st->blocks_alloc = st->blocks_alloc ? st->blocks_alloc * 2 : 64;
		st->blocks = hx_xreallocarray(st->blocks, st->blocks_alloc, sizeof(*st->blocks));
	}
	b = &st->blocks[st->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = (uint8_t)kind;
	b->lineno = (uint32_t)lineno;
	b->at = arena->len;
	return b;
}

static struct hx_buf *block_arena(struct hx_cv_state *st, const struct hx_cv_block *b)
{
	return b->kind == HX_CV_BLOCK_FOOTNOTE ? &st->note_text : &st->body_text;
}

const char *hx_cv_block_text(const struct hx_cv_state *st, const struct hx_cv_block *b)
{
	const struct hx_buf *arena =
		b->kind == HX_CV_BLOCK_FOOTNOTE ? &st->note_text : &st->body_text;

	return hx_buf_str(arena) + b->at;
}

enum hx_err hx_cv_block_add_raw(struct hx_cv_state *st, struct hx_cv_block *b, const char *s,
				size_t len)
{
	struct hx_buf *t = block_arena(st, b);
	enum hx_err err;

	if (b->at + b->len != t->len)
		return hx_fail(st->diag, HX_E_INTERNAL, "a closed block was added to");
	err = hx_buf_add(t, s, len);
	if (err)
		return hx_fail(st->diag, err, "'%s' is too large to convert", st->doc->path);
	b->len += len;
	return HX_OK;
}

/* Counts '*' calls in body text, so each can be bound to the definition that follows it. */
static void count_star_calls(struct hx_cv_state *st, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] != HX_CV_STAR)
			continue;
		if (st->star_marks == st->star_map_alloc) {
			st->star_map_alloc = st->star_map_alloc ? st->star_map_alloc * 2 : 16;
			st->star_map = hx_xreallocarray(st->star_map, st->star_map_alloc,
							sizeof(*st->star_map));
		}
		st->star_map[st->star_marks++] = -1;
	}
}

/* Whether a line break between these two characters is a space or nothing. */
static bool join_with_space(uint32_t last, uint32_t first)
{
	if (hx_cv_is_unspaced(last) || hx_cv_is_unspaced(first))
		return false;
	return last != HX_CV_STAR || first != ' ';
}

enum hx_err hx_cv_block_append(struct hx_cv_state *st, struct hx_cv_block *b, const char *s,
			       size_t len)
{
	struct hx_buf *t = block_arena(st, b);
	enum hx_err err = HX_OK;

	if (b->at + b->len != t->len)
		return hx_fail(st->diag, HX_E_INTERNAL, "a closed block was added to");
	if (b->kind != HX_CV_BLOCK_FOOTNOTE)
		count_star_calls(st, s, len);
	if (b->len) {
		const char *text = t->data + b->at;
		size_t at, i = 0;
		uint32_t last = hx_cv_prev(text, b->len, &at);
		uint32_t first = hx_cv_next(s, len, &i);
		uint32_t before = at ? hx_cv_prev(text, at, NULL) : 0;

		if (last == '-' && hx_cv_is_letter(before) && hx_cv_is_lower(first)) {
			hx_buf_truncate(
				t, b->at + at); /* "develop-" + "ment": the line break's hyphen */
			b->len = at;
		} else if (last == '\\' && st->format == HX_FORMAT_MARKDOWN) {
			err = hx_buf_addc(t,
					  '\n'); /* a hard line break: the next line goes below */
			b->len += !err;
		} else if (join_with_space(last, first)) {
			err = hx_buf_addc(t, ' ');
			b->len += !err;
		}
	}
	if (!err)
		err = hx_buf_add(t, s, len);
	if (err)
		return hx_fail(st->diag, err, "'%s': a paragraph near line %u is too long",
			       st->doc->path, (unsigned)b->lineno);
	b->len += len;
	b->last_width = hx_cv_width(s, len);
	b->last_terminal = hx_cv_ends_sentence(s, len);
	return HX_OK;
}

bool hx_cv_after_year(const char *s, size_t dot)
{
	return dot >= 4 && is_digit(s[dot - 1]) && is_digit(s[dot - 2]) &&
	       (!strncmp(s + dot - 4, "19", 2) || !strncmp(s + dot - 4, "20", 2)) &&
	       (dot == 4 || !is_digit(s[dot - 5]));
}

bool hx_cv_ends_sentence(const char *s, size_t len)
{
	size_t end = len, at;
	uint32_t cp;

	for (;;) {
		cp = hx_cv_prev(s, end, &at);
		if (cp == ' ' || cp == HX_CV_STAR || cp == '*' || hx_cv_is_closing(cp) ||
		    hx_cv_superscript_digit(cp) >= 0)
			end = at;
		else
			break;
	}
	/* "Principles.25", "protection. 81", "2016-2021.35": a footnote call after the stop */
	if (cp < 0x80 && is_digit((char)cp)) {
		size_t d = end;

		while (d > 0 && is_digit(s[d - 1]))
			d--;
		if (d > 1 && s[d - 1] == ' ')
			d--;
		if (d > 0 && end - d <= 4 && (s[d - 1] == '.' || s[d - 1] == ';') &&
		    (d < 2 || !is_digit(s[d - 2]) || hx_cv_after_year(s, d - 1)))
			cp = (uint32_t)s[d - 1];
	}
	return hx_cv_is_terminal(cp);
}

/* "- ", "* ", "+ " before a paragraph number: a converter made it a list item. */
static size_t bullet_prefix(const char *s, size_t len)
{
	if (len >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+' || s[0] == HX_CV_STAR) &&
	    s[1] == ' ')
		return 2;
	return 0;
}

static size_t copy_label(const char *s, size_t n, char *label, size_t labelsz)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < labelsz; i++)
		if (s[i] != '\\')
			label[o++] = s[i];
	label[o] = '\0';
	return o;
}

/* "12." or "12\." then a space or the end; not "1.5" or "2013." in running text. */
static size_t number_dot(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && i < 4 && is_digit(s[i]))
		i++;
	if (i == 0 || i == 4)
		return 0;
	if (i < len && s[i] == '\\')
		i++;
	if (i >= len || s[i] != '.')
		return 0;
	i++;
	return i == len || s[i] == ' ' ? i : 0;
}

/* "(a)", "(iv)", "(10)" or "a)" then a space or the end. */
static size_t paren_label(const char *s, size_t len)
{
	size_t i = 0;

	if (len >= 2 && s[0] >= 'a' && s[0] <= 'z' &&
	    (s[1] == ')' || (s[1] == '\\' && len > 2 && s[2] == ')')))
		i = s[1] == ')' ? 2 : 3;
	else if (len >= 3 && s[0] == '(') {
		i = 1;
		while (i < len && i < 6 && s[i] >= 'a' && s[i] <= 'z')
			i++;
		while (i == 1 && i < len && is_digit(s[i]))
			i++;
		while (i > 1 && i < 4 && i < len && is_digit(s[i]))
			i++;
		/* (a), (iv), (10); not "(2017) was narrow" */
		if (i == 1 || i >= len || s[i] != ')' || (is_digit(s[1]) && i > 3))
			return 0;
		i++;
	}
	return i && (i == len || s[i] == ' ') ? i : 0;
}

size_t hx_cv_para_number(const char *s, size_t len, char *label, size_t labelsz)
{
	size_t pre = bullet_prefix(s, len), n;

	n = number_dot(s + pre, len - pre);
	if (!n)
		n = paren_label(s + pre, len - pre);
	if (!n) {
		label[0] = '\0';
		return 0;
	}
	copy_label(s + pre, n, label, labelsz);
	n += pre;
	while (n < len && s[n] == ' ')
		n++;
	return n;
}

static bool is_roman(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr("IVXL", s[i]) || !s[i])
			return false;
	return n > 0 && n <= 6;
}

/* Chinese numerals for chapters: 一 to 二十. */
static size_t chinese_numeral(const char *s, size_t len)
{
	static const char *const digits[] = {"一", "二", "三", "四", "五", "六",
					     "七", "八", "九", "十", NULL};
	size_t i = 0, count = 0;

	for (;;) {
		bool found = false;

		for (const char *const *d = digits; *d; d++)
			if (i + 3 <= len && memcmp(s + i, *d, 3) == 0) {
				i += 3;
				found = true;
				break;
			}
		if (!found)
			break;
		count++;
	}
	return count >= 1 && count <= 3 ? i : 0;
}

/* After a chapter or section label: ". " (or "．", "、"), or the end of the line. */
static size_t label_end(const char *s, size_t len, size_t i, bool han)
{
	if (i < len && s[i] == '.')
		i++;
	else if (han && i + 3 <= len && (!memcmp(s + i, "．", 3) || !memcmp(s + i, "、", 3)))
		return i + 3;
	else
		return 0;
	if (i < len && s[i] != ' ')
		return 0;
	return i;
}

/* "Article 12", "第十二条", "Статья 12", "المادة 12": an article heading alone on its line. */
static bool is_article_heading(const char *s, size_t len)
{
	static const char *const words[] = {"Article ", "Artículo ", "Статья ", "المادة ", NULL};
	size_t i;

	if (len >= 9 && !memcmp(s, "第", 3) && !memcmp(s + len - 3, "条", 3)) {
		for (i = 3; i < len - 3; i += 3)
			if (!chinese_numeral(s + i, 3))
				return false;
		return true;
	}
	for (const char *const *w = words; *w; w++) {
		size_t n = strlen(*w);

		if (len <= n || memcmp(s, *w, n))
			continue;
		for (i = n; i < len && is_digit(s[i]); i++)
			;
		return (i == len && i > n) || (len - n == 7 && !memcmp(s + n, "premier", 7));
	}
	return false;
}

int hx_cv_heading_level(const char *s, size_t len, size_t *label_len)
{
	size_t i = 0, end = 0;
	int level = 0;

	while (i < len && i < 6 && strchr("IVXL", s[i]) && s[i])
		i++;
	if (i && is_roman(s, i) && (end = label_end(s, len, i, false)))
		level = 1;
	if (!level && (i = chinese_numeral(s, len)) && (end = label_end(s, len, i, true)))
		level = 1;
	if (!level && len >= 2 && s[0] >= 'A' && s[0] <= 'Z' && (end = label_end(s, len, 1, false)))
		level = 2;
	if (!level && len >= 3 && (unsigned char)s[0] == 0xD0 && (unsigned char)s[1] >= 0x90 &&
	    (unsigned char)s[1] <= 0xAF && (end = label_end(s, len, 2, false)))
		level = 2; /* a Cyrillic capital: А. Б. В. */
	if (!level && is_article_heading(s, len)) {
		*label_len = 0;
		return 2;
	}
	if (!level)
		return 0;
	while (end < len && s[end] == ' ')
		end++;
	*label_len = end;
	return level;
}
