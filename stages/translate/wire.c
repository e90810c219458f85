/*
 * The wire form of segment text, both ways: placeholders as <x id="N"/> tags,
 * a span that encloses words as <g id="N">words</g> and, for engines that
 * take markup, & < > as entities.
 */
#include "engine.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <unicode/utf8.h>

#include "segment.h"

/* A longer "<...>" is text, not a tag: this bounds the scan on hostile input. */
#define TAG_MAX 256
/* A longer "&...;" is text, not an entity. */
#define ENTITY_MAX 16

/* Open <g> elements an answer may nest; deeper ones are dropped. */
#define G_DEPTH_MAX 64

struct tag {
	size_t len;   /* bytes from '<' to '>' inclusive; 0: not a tag */
	bool closing; /* </x> */
	bool is_x;    /* the placeholder element */
	bool is_g;    /* the element around the words of an enclosing span */
	long id;      /* the id attribute's value; 0 when missing or not a number */
};

/* The code point of the 4-byte UTF-8 sequence at s (plane 16), or 0. */
static uint32_t plane16_at(const unsigned char *s, size_t left)
{
	if (left < 4 || s[0] != 0xF4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
	    (s[3] & 0xC0) != 0x80)
		return 0;
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
	       (uint32_t)(s[2] & 0x3F) << 6 | (uint32_t)(s[3] & 0x3F);
}

/* Whether the end mark of span n follows in s. */
static bool end_follows(const char *s, size_t len, int n)
{
	struct hx_buf mark = HX_BUF_INIT(8);
	bool found;

	hx_placeholder_end_add(&mark, (unsigned)n);
	found = mark.len == 4 && memmem(s, len, mark.data, 4) != NULL;
	hx_buf_release(&mark);
	return found;
}

enum hx_err hx_wire_encode(const char *text, size_t len, bool escape_xml, struct hx_buf *out)
{
	enum hx_err err = HX_OK;
	size_t run = 0, i = 0;

	while (i < len && !err) {
		unsigned char c = (unsigned char)text[i];
		uint32_t cp = c == 0xF4 ? plane16_at((const unsigned char *)text + i, len - i) : 0;
		int ph = hx_placeholder_index(cp), end = hx_placeholder_end_index(cp);
		const char *entity = NULL;

		if (escape_xml)
			entity = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : NULL;
		if (ph < 0 && end < 0 && !entity) {
			i++;
			continue;
		}
		err = hx_buf_add(out, text + run, i - run);
		if (!err && end >= 0)
			err = hx_buf_adds(out, "</g>");
		else if (!err && ph >= 0 && end_follows(text + i + 4, len - i - 4, ph))
			err = hx_buf_addf(out, "<g id=\"%d\">", ph + 1);
		else if (!err && ph >= 0)
			err = hx_buf_addf(out, "<x id=\"%d\"/>", ph + 1);
		else if (!err)
			err = hx_buf_adds(out, entity);
		i += ph >= 0 || end >= 0 ? 4 : 1;
		run = i;
	}
	if (!err)
		err = hx_buf_add(out, text + run, len - run);
	return err;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == ':' || c == '.';
}

/* A decimal id of at most 9 digits, else 0 (ids are 1-based, so 0 is never valid). */
static long parse_id(const char *v, size_t n)
{
	long id = 0;

	if (n == 0 || n > 9)
		return 0;
	for (size_t k = 0; k < n; k++) {
		if (v[k] < '0' || v[k] > '9')
			return 0;
		id = id * 10 + (v[k] - '0');
	}
	return id;
}

/* One attribute at p[*j]; records id= on t. False if it is not one. */
static bool parse_attribute(const char *p, size_t n, size_t *j, struct tag *t)
{
	size_t name = *j, name_len, value, value_len;

	while (*j < n && is_name_char(p[*j]))
		(*j)++;
	name_len = *j - name;
	if (name_len == 0)
		return false;
	while (*j < n && is_space(p[*j]))
		(*j)++;
	if (*j == n || p[*j] != '=') {
		*j = name + name_len; /* an attribute without a value */
		return true;
	}
	(*j)++;
	while (*j < n && is_space(p[*j]))
		(*j)++;
	if (*j < n && (p[*j] == '"' || p[*j] == '\'')) {
		char quote = p[(*j)++];

		value = *j;
		while (*j < n && p[*j] != quote)
			(*j)++;
		if (*j == n)
			return false;
		value_len = (*j)++ - value;
	} else {
		value = *j;
		while (*j < n && !is_space(p[*j]) && p[*j] != '>' && p[*j] != '/')
			(*j)++;
		value_len = *j - value;
	}
	if (name_len == 2 && strncasecmp(p + name, "id", 2) == 0)
		t->id = parse_id(p + value, value_len);
	return true;
}

/* The tag at p (p[0] == '<'), looking at n bytes at most; t->len 0 if it is none. */
static void parse_tag(const char *p, size_t n, struct tag *t)
{
	size_t j = 1, name;

	memset(t, 0, sizeof(*t));
	if (j < n && (p[j] == '!' || p[j] == '?')) { /* comment, declaration */
		const char *end = memchr(p, '>', n);

		t->len = end ? (size_t)(end - p) + 1 : 0;
		return;
	}
	if (j < n && p[j] == '/') {
		t->closing = true;
		j++;
	}
	name = j;
	if (j == n || !((p[j] >= 'a' && p[j] <= 'z') || (p[j] >= 'A' && p[j] <= 'Z')))
		return;
	while (j < n && is_name_char(p[j]))
		j++;
	t->is_x = j - name == 1 && (p[name] == 'x' || p[name] == 'X');
	t->is_g = j - name == 1 && (p[name] == 'g' || p[name] == 'G');
	for (;;) {
		bool spaced = j < n && is_space(p[j]);

		while (j < n && is_space(p[j]))
			j++;
		if (j < n && p[j] == '>')
			break;
		if (j + 1 < n && p[j] == '/' && p[j + 1] == '>') {
			j++;
			break;
		}
		if (j == n || !spaced || t->closing || !parse_attribute(p, n, &j, t))
			return;
	}
	t->len = j + 1;
}

/* The value of a character reference body ("#65", "#x41", "amp"), or 0 if none. */
static uint32_t entity_value(const char *e, size_t n)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
	uint32_t v = 0;
	size_t k = 1;
	bool hex;

	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strlen(named[i].name) == n && memcmp(e, named[i].name, n) == 0)
			return (uint32_t)named[i].c;
	if (n < 2 || e[0] != '#')
		return 0;
	hex = e[1] == 'x' || e[1] == 'X';
	k += hex;
	if (k == n)
		return 0;
	for (; k < n; k++) {
		char c = e[k];
		int d = c >= '0' && c <= '9'          ? c - '0'
			: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
			: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
						      : -1;

		if (d < 0)
			return 0;
		v = v * (hex ? 16 : 10) + (uint32_t)d;
		if (v > 0x10FFFF)
			return 0;
	}
	if ((v >= 0xD800 && v <= 0xDFFF) || hx_placeholder_index(v) >= 0 ||
	    hx_placeholder_end_index(v) >= 0)
		return 0;
	return v;
}

/* The entity at s[*i] as its character, or '&' as text when it is not one. */
static enum hx_err decode_entity(const char *s, size_t len, size_t *i, struct hx_buf *out)
{
	size_t n = len - *i - 1 < ENTITY_MAX ? len - *i - 1 : ENTITY_MAX;
	const char *semi = memchr(s + *i + 1, ';', n);
	uint32_t cp = semi ? entity_value(s + *i + 1, (size_t)(semi - s - *i - 1)) : 0;

	if (!cp) {
		(*i)++;
		return hx_buf_addc(out, '&');
	}
	*i = (size_t)(semi - s) + 1;
	return hx_buf_add_utf8(out, cp);
}

/* The <g> elements open so far in an answer: their ids, 0 for one with a bad id. */
struct g_stack {
	long id[G_DEPTH_MAX];
	size_t depth, dropped;
};

/* A <g id="N"> opens span N-1's words, its </g> is the span's end mark. */
static enum hx_err decode_g(const struct tag *t, struct g_stack *g, struct hx_buf *out)
{
	long id;

	if (!t->closing) {
		id = t->id >= 1 && t->id <= HX_SEG_MAX_SPANS ? t->id : 0;
		if (g->depth == G_DEPTH_MAX) {
			g->dropped++;
			return HX_OK;
		}
		g->id[g->depth++] = id;
		return id ? hx_placeholder_add(out, (unsigned)(id - 1)) : HX_OK;
	}
	if (g->dropped) {
		g->dropped--;
		return HX_OK;
	}
	if (!g->depth)
		return HX_OK; /* a </g> that opened nothing */
	id = g->id[--g->depth];
	return id ? hx_placeholder_end_add(out, (unsigned)(id - 1)) : HX_OK;
}

/* The tag at s[*i]: a placeholder, an end mark, dropped, or '<' as text. */
static enum hx_err decode_tag(const char *s, size_t len, size_t *i, bool escape_xml,
			      struct g_stack *g, struct hx_buf *out)
{
	struct tag t;

	parse_tag(s + *i, len - *i < TAG_MAX ? len - *i : TAG_MAX, &t);
	if (t.len == 0 || (!t.is_x && !t.is_g && !escape_xml)) {
		(*i)++;
		return hx_buf_addc(out, '<');
	}
	*i += t.len;
	if (t.is_g)
		return decode_g(&t, g, out);
	if (t.is_x && !t.closing && t.id >= 1 && t.id <= HX_SEG_MAX_SPANS)
		return hx_placeholder_add(out, (unsigned)(t.id - 1));
	return HX_OK; /* another engine's markup, a closing </x>, an x with a bad id */
}

/* One character of text; NUL, broken UTF-8 and raw placeholders become U+FFFD. */
static enum hx_err decode_char(const char *s, size_t len, size_t *i, struct hx_buf *out)
{
	UChar32 c;
	int32_t at = 0, n = len - *i > INT32_MAX ? INT32_MAX : (int32_t)(len - *i);
	const uint8_t *p = (const uint8_t *)s + *i;

	if (p[0] > 0 && p[0] < 0x80) {
		(*i)++;
		return hx_buf_addc(out, (char)p[0]);
	}
	U8_NEXT(p, at, n, c);
	*i += (size_t)at;
	if (c <= 0 || hx_placeholder_index((uint32_t)c) >= 0 ||
	    hx_placeholder_end_index((uint32_t)c) >= 0)
		return hx_buf_add_utf8(out, 0xFFFD);
	return hx_buf_add(out, p, (size_t)at);
}

/*
 * Without escape_xml the engine takes plain text, so a tag other than <x> and
 * <g> in its answer came from the source text and is kept as written.
 */
enum hx_err hx_wire_decode(const char *text, size_t len, bool escape_xml, struct hx_buf *out)
{
	struct g_stack g = {0};
	enum hx_err err = HX_OK;
	size_t i = 0;

	while (i < len && !err) {
		if (text[i] == '<')
			err = decode_tag(text, len, &i, escape_xml, &g, out);
		else if (text[i] == '&' && escape_xml)
			err = decode_entity(text, len, &i, out);
		else
			err = decode_char(text, len, &i, out);
	}
	return err;
}
