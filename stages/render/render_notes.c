/*
 * Footnotes across chunks: calls show their own labels ("*", "1") instead of cmark's
 * numbers, and the items cmark writes after each chunk become one section at the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "render.h"

/* cmark-gfm's markup for footnotes; the document cannot imitate it, as raw HTML is omitted. */
#define REF_OPEN      "<sup class=\"footnote-ref\"><a href=\"#fn-"
#define SECTION_OPEN  "<section class=\"footnotes\" data-footnotes>\n<ol>\n"
#define SECTION_CLOSE "</ol>\n</section>\n"
#define ITEM_OPEN     "<li id=\"fn-"
#define BACKREF_OPEN  "<a href=\"#fnref-"
#define BACKREF_REST \
	"\" class=\"footnote-backref\" data-footnote-backref aria-label=\"Back to content\">↩"
#define LABEL_OPEN "<span class=\"footnote-label\">"

#define STRLEN(lit) (sizeof(lit) - 1)

/* A footnote, by its label as cmark escapes it in ids. */
struct note {
	char *label;
	size_t label_len;
	size_t calls;  /* written so far */
	bool has_item; /* kept: head and tail in notes->items, back-links to go between */
	size_t head, head_len, tail, tail_len;
};

struct hx_notes {
	struct note *v; /* in order of first call */
	size_t n, alloc;
	size_t *slots; /* open addressing over v: index + 1, 0 when free */
	size_t nslots;
	struct hx_buf items, scratch;
};

/* An output buffer whose first error sticks: later writes do nothing. */
struct out {
	struct hx_buf *buf;
	enum hx_err err;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (!o->err)
		o->err = hx_buf_add(o->buf, s, n);
}

static void put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void put_escaped(struct out *o, const char *s, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		const char *entity;

		switch (s[i]) {
		case '&':
			entity = "&amp;";
			break;
		case '<':
			entity = "&lt;";
			break;
		case '>':
			entity = "&gt;";
			break;
		case '"':
			entity = "&quot;";
			break;
		case '\'':
			entity = "&#39;";
			break;
		default:
			continue;
		}
		put(o, s + run, i - run);
		put_str(o, entity);
		run = i + 1;
	}
	put(o, s + run, n - run);
}

static uint64_t hash_label(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static void rehash(struct hx_notes *notes)
{
	notes->nslots = notes->nslots ? 2 * notes->nslots : 64;
	free(notes->slots);
	notes->slots = hx_xcalloc(notes->nslots, sizeof(*notes->slots));
	for (size_t i = 0; i < notes->n; i++) {
		size_t j =
			hash_label(notes->v[i].label, notes->v[i].label_len) & (notes->nslots - 1);

		while (notes->slots[j])
			j = (j + 1) & (notes->nslots - 1);
		notes->slots[j] = i + 1;
	}
}

/* The footnote labelled label, added at the end of the order when new. */
static struct note *note_get(struct hx_notes *notes, const char *label, size_t n)
{
	size_t j;
	struct note *note;

	if (2 * (notes->n + 1) > notes->nslots)
		rehash(notes);
	j = hash_label(label, n) & (notes->nslots - 1);
	for (; notes->slots[j]; j = (j + 1) & (notes->nslots - 1)) {
		note = &notes->v[notes->slots[j] - 1];
		if (note->label_len == n && memcmp(note->label, label, n) == 0)
			return note;
	}
	if (notes->n == notes->alloc) {
		notes->alloc = notes->alloc ? 2 * notes->alloc : 16;
		notes->v = hx_xreallocarray(notes->v, notes->alloc, sizeof(*notes->v));
	}
	note = &notes->v[notes->n++];
	memset(note, 0, sizeof(*note));
	note->label = hx_xstrndup(label, n);
	note->label_len = n;
	notes->slots[j] = notes->n;
	return note;
}

static void put_size(struct out *o, size_t k)
{
	char digits[24];
	int n = snprintf(digits, sizeof(digits), "%zu", k);

	put(o, digits, (size_t)n);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Whether cmark's href escaping writes b as %XX. */
static bool href_escapes(int b)
{
	return b <= 0x20 || b >= 0x7f || strchr("\"<>[\\]^`{|}", b);
}

/* The length of the UTF-8 sequence lead starts, or 0 if it starts none. */
static unsigned utf8_length(unsigned lead)
{
	if (lead < 0x80)
		return 1;
	if (lead < 0xc2 || lead > 0xf4)
		return 0;
	return lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

static bool utf8_valid(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i], len = utf8_length(c);
		unsigned lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
		unsigned hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;

		if (!len || len > n - i)
			return false;
		for (unsigned k = 1; k < len; k++, lo = 0x80, hi = 0xbf)
			if (s[i + k] < lo || s[i + k] > hi)
				return false;
		i += len;
	}
	return true;
}

/* Into dst, the label as written, undoing cmark's href escaping; false if that is not UTF-8. */
static bool unescape_label(struct hx_buf *dst, const char *s, size_t n)
{
	enum hx_err err = HX_OK;

	hx_buf_reset(dst);
	for (size_t i = 0; i < n && !err;) {
		int hi = s[i] == '%' && i + 2 < n ? hex_value(s[i + 1]) : -1;
		int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;

		if (lo >= 0 && href_escapes(hi * 16 + lo)) {
			err = hx_buf_addc(dst, (char)(hi * 16 + lo));
			i += 3;
		} else if (n - i >= 5 && memcmp(s + i, "&amp;", 5) == 0) {
			err = hx_buf_addc(dst, '&');
			i += 5;
		} else if (n - i >= 6 && memcmp(s + i, "&#x27;", 6) == 0) {
			err = hx_buf_addc(dst, '\'');
			i += 6;
		} else {
			err = hx_buf_addc(dst, s[i++]);
		}
	}
	return !err && utf8_valid((const unsigned char *)hx_buf_str(dst), dst->len);
}

/* What a call shows: its label, escaped, but only the stars of "*2", "*3" (later star notes). */
static void put_label_text(struct hx_notes *notes, struct out *o, const char *label, size_t n)
{
	const char *s = label;
	size_t len = n, stars, digits;

	if (unescape_label(&notes->scratch, label, n)) {
		s = hx_buf_str(&notes->scratch);
		len = notes->scratch.len;
	}
	for (stars = 0; stars < len && s[stars] == '*'; stars++)
		;
	for (digits = stars; digits < len && s[digits] >= '0' && s[digits] <= '9'; digits++)
		;
	if (stars && digits > stars && digits == len)
		len = stars;
	put_escaped(o, s, len);
}

static const char *skip_lit(const char *p, const char *end, const char *lit, size_t n)
{
	return p && (size_t)(end - p) >= n && memcmp(p, lit, n) == 0 ? p + n : NULL;
}

static const char *skip_digits(const char *p, const char *end)
{
	const char *q = p;

	while (q && q < end && *q >= '0' && *q <= '9')
		q++;
	return q != p ? q : NULL;
}

#define LIT(s) s, STRLEN(s)

/*
 * Past cmark's call at p, or NULL; *label is where it is, as escaped in the href:
 * REF_OPEN label "\" id=\"fnref-" label ["-" k] "\" data-footnote-ref>" number "</a></sup>"
 */
static const char *call_end(const char *p, const char *end, const char **label, size_t *n)
{
	const char *q = p + STRLEN(REF_OPEN), *quote = memchr(q, '"', (size_t)(end - q));

	if (!quote)
		return NULL;
	*label = q;
	*n = (size_t)(quote - q);
	q = skip_lit(quote, end, LIT("\" id=\"fnref-"));
	q = skip_lit(q, end, *label, *n);
	if (q && q < end && *q == '-')
		q = skip_digits(q + 1, end);
	q = skip_lit(q, end, LIT("\" data-footnote-ref>"));
	q = skip_digits(q, end);
	return skip_lit(q, end, LIT("</a></sup>"));
}

/* The k-th call of a footnote on the page has the id cmark gives it in one document. */
static void put_call(struct hx_notes *notes, struct out *o, const char *label, size_t n)
{
	size_t k = ++note_get(notes, label, n)->calls;

	put_str(o, REF_OPEN);
	put(o, label, n);
	put_str(o, "\" id=\"fnref-");
	put(o, label, n);
	if (k > 1) {
		put_str(o, "-");
		put_size(o, k);
	}
	put_str(o, "\" data-footnote-ref>");
	put_label_text(notes, o, label, n);
	put_str(o, "</a></sup>");
}

/* Copies s to o, rewriting the calls in it. */
static void copy_calls(struct hx_notes *notes, struct out *o, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *call;

	while ((call = memmem(p, (size_t)(end - p), REF_OPEN, STRLEN(REF_OPEN)))) {
		const char *label;
		size_t label_len;
		const char *after = call_end(call, end, &label, &label_len);

		put(o, p, (size_t)(call - p));
		if (after)
			put_call(notes, o, label, label_len);
		else
			put(o, call, STRLEN(REF_OPEN));
		p = after ? after : call + STRLEN(REF_OPEN);
	}
	put(o, p, (size_t)(end - p));
}

/* Where the back-links cmark wrote at the end of an item are: [*start, *stop). */
static void find_back_links(struct hx_notes *notes, const char *item, const char *end,
			    const char *label, size_t n, const char **start, const char **stop)
{
	struct out o = {&notes->scratch, HX_OK};
	const char *p, *a_end;

	hx_buf_reset(&notes->scratch);
	put_str(&o, BACKREF_OPEN);
	put(&o, label, n);
	put_str(&o, "\" class=\"footnote-backref\"");
	p = o.err ? NULL
		  : memmem(item, (size_t)(end - item), notes->scratch.data, notes->scratch.len);
	if (!p) {
		*start = *stop = skip_lit(end - STRLEN("</li>\n"), end, LIT("</li>\n"))
					 ? end - STRLEN("</li>\n")
					 : end;
		return;
	}
	*start = *stop = p;
	do {
		a_end = memmem(p, (size_t)(end - p), "</a>", 4);
		*stop = p = a_end ? a_end + 4 : end;
	} while (a_end && skip_lit(p, end, LIT(" " BACKREF_OPEN)));
}

/* Writes the start of an item with its label shown before the text. */
static void put_item_head(struct hx_notes *notes, struct out *o, const char *item,
			  const char *content, const char *stop, const char *label, size_t n)
{
	bool para = skip_lit(content, stop, LIT("\n<p>")) != NULL;

	put(o, item, (size_t)(content - item));
	if (para)
		put_str(o, "\n<p>");
	put_str(o, LABEL_OPEN);
	put_label_text(notes, o, label, n);
	put_str(o, para ? "</span> " : "</span>");
	content += para ? STRLEN("\n<p>") : 0;
	copy_calls(notes, o, content, (size_t)(stop - content));
}

/*
 * Keeps an item of a chunk's section unless its footnote has one already. The back-links
 * are written at the end, when the number of calls is known.
 */
static enum hx_err take_item(struct hx_notes *notes, const char *item, const char *end)
{
	const char *label = item + STRLEN(ITEM_OPEN), *quote, *content, *start, *stop;
	struct out o = {&notes->items, HX_OK};
	size_t n, i, head = notes->items.len, tail;

	quote = memchr(label, '"', (size_t)(end - label));
	content = skip_lit(quote, end, LIT("\">"));
	if (!content)
		return HX_OK;
	n = (size_t)(quote - label);
	i = (size_t)(note_get(notes, label, n) - notes->v);
	if (notes->v[i].has_item)
		return HX_OK;
	find_back_links(notes, content, end, label, n, &start, &stop);
	put_item_head(notes, &o, item, content, start, label, n);
	tail = notes->items.len;
	copy_calls(notes, &o, stop, (size_t)(end - stop));
	notes->v[i].has_item = !o.err;
	notes->v[i].head = head;
	notes->v[i].head_len = tail - head;
	notes->v[i].tail = tail;
	notes->v[i].tail_len = notes->items.len - tail;
	return o.err;
}

/* The items of a chunk's section, s to end, each starting with ITEM_OPEN at a line's start. */
static enum hx_err take_section(struct hx_notes *notes, const char *s, const char *end)
{
	const char *p = s + STRLEN(SECTION_OPEN);
	enum hx_err err = HX_OK;

	if (skip_lit(end - STRLEN(SECTION_CLOSE), end, LIT(SECTION_CLOSE)))
		end -= STRLEN(SECTION_CLOSE);
	while (p < end && !err) {
		const char *next = memmem(p, (size_t)(end - p), LIT("\n" ITEM_OPEN));
		const char *item_end = next ? next + 1 : end;

		if (skip_lit(p, item_end, LIT(ITEM_OPEN)))
			err = take_item(notes, p, item_end);
		p = item_end;
	}
	return err;
}

enum hx_err hx_notes_add(struct hx_notes *notes, struct hx_buf *out, const char *html, size_t len)
{
	const char *section = memmem(html, len, LIT(SECTION_OPEN));
	struct out o = {out, HX_OK};

	copy_calls(notes, &o, html, section ? (size_t)(section - html) : len);
	if (!o.err && section)
		o.err = take_section(notes, section, html + len);
	return o.err;
}

static void put_back_links(struct out *o, const struct note *note)
{
	for (size_t k = 1; k <= note->calls; k++) {
		if (k > 1)
			put_str(o, " ");
		put_str(o, BACKREF_OPEN);
		put(o, note->label, note->label_len);
		if (k > 1) {
			put_str(o, "-");
			put_size(o, k);
		}
		put_str(o, BACKREF_REST);
		if (k > 1) {
			put_str(o, "<sup class=\"footnote-ref\">");
			put_size(o, k);
			put_str(o, "</sup>");
		}
		put_str(o, "</a>");
	}
}

enum hx_err hx_notes_write(struct hx_notes *notes, struct hx_buf *out)
{
	struct out o = {out, HX_OK};
	bool any = false;

	for (size_t i = 0; i < notes->n; i++) {
		const struct note *note = &notes->v[i];

		if (!note->has_item)
			continue;
		if (!any)
			put_str(&o, SECTION_OPEN);
		any = true;
		put(&o, notes->items.data + note->head, note->head_len);
		put_back_links(&o, note);
		put(&o, notes->items.data + note->tail, note->tail_len);
	}
	if (any)
		put_str(&o, SECTION_CLOSE);
	return o.err;
}

struct hx_notes *hx_notes_new(size_t max)
{
	struct hx_notes *notes = hx_xcalloc(1, sizeof(*notes));

	hx_buf_init(&notes->items, max);
	hx_buf_init(&notes->scratch, 0);
	return notes;
}

void hx_notes_free(struct hx_notes *notes)
{
	if (!notes)
		return;
	for (size_t i = 0; i < notes->n; i++)
		free(notes->v[i].label);
	free(notes->v);
	free(notes->slots);
	hx_buf_release(&notes->items);
	hx_buf_release(&notes->scratch);
	free(notes);
}
