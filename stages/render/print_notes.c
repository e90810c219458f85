/*
 * Footnotes for paged media: each note of the footnotes section that is only paragraphs
 * is copied, as an inline <span class="print-note">, after its first call, where
 * WeasyPrint's `float: footnote` takes it to the foot of the page.
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "print.h"

/* cmark-gfm's markup, as render_notes.c leaves it; raw HTML in documents is omitted. */
#define REF_OPEN     "<sup class=\"footnote-ref\"><a href=\"#fn-"
#define SECTION_OPEN "<section class=\"footnotes\" data-footnotes>\n"
#define ITEM_OPEN    "<li id=\"fn-"
#define ITEM_CLOSE   "</li>\n"
#define BACKREF      "<a href=\"#fnref-"
#define BACKREF_CLS  "class=\"footnote-backref\""

#define STRLEN(lit) (sizeof(lit) - 1)

struct item {
	const char *label, *body; /* into the HTML */
	size_t label_len, body_len;
	const char *open_end; /* just past ITEM_OPEN label "\"" */
	bool movable, placed;
};

struct items {
	struct item *v;
	size_t n;
};

static const char *find(const char *s, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	for (; s && (size_t)(end - s) >= n; s++) {
		s = memchr(s, lit[0], (size_t)(end - s));
		if (!s || (size_t)(end - s) < n)
			return NULL;
		if (!memcmp(s, lit, n))
			return s;
	}
	return NULL;
}

/* The last section cmark calls footnotes: render_notes.c writes one, at the end. */
static const char *find_section(const char *html, const char *end)
{
	const char *last = NULL, *s = html;

	while ((s = find(s, end, SECTION_OPEN))) {
		last = s;
		s += STRLEN(SECTION_OPEN);
	}
	return last;
}

/* A note goes inline only when it is paragraphs: the foot of a page takes no lists. */
static bool only_paragraphs(const char *s, size_t n)
{
	static const char *const blocks[] = {"<ul", "<ol",  "<table", "<pre", "<blockquote",
					     "<h1", "<h2",  "<h3",    "<h4",  "<h5",
					     "<h6", "<div", "<hr",    "<li",  "<section"};

	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if (find(s, s + n, blocks[i]))
			return false;
	return true;
}

static void read_items(const char *section, const char *end, struct items *it)
{
	const char *s = section;

	while ((s = find(s, end, ITEM_OPEN))) {
		const char *label = s + STRLEN(ITEM_OPEN);
		const char *q = memchr(label, '"', (size_t)(end - label));
		const char *close;
		struct item *x;

		if (!q || q + 2 > end || q[1] != '>')
			break;
		close = find(q, end, ITEM_CLOSE);
		if (!close)
			break;
		it->v = hx_xreallocarray(it->v, it->n + 1, sizeof(*it->v));
		x = &it->v[it->n++];
		memset(x, 0, sizeof(*x));
		x->label = label;
		x->label_len = (size_t)(q - label);
		x->open_end = q + 1;
		x->body = q + 2;
		x->body_len = (size_t)(close - x->body);
		x->movable = only_paragraphs(x->body, x->body_len);
		s = close + STRLEN(ITEM_CLOSE);
	}
}

static struct item *item_for(struct items *it, const char *label, size_t n)
{
	for (size_t i = 0; i < it->n; i++)
		if (it->v[i].label_len == n && !memcmp(it->v[i].label, label, n))
			return &it->v[i];
	return NULL;
}

/* The length of a back-link at s ("<a href=\"#fnref-..." to "</a>"), or 0. */
static size_t backref_len(const char *s, const char *end)
{
	const char *gt, *close;

	if ((size_t)(end - s) < STRLEN(BACKREF) || memcmp(s, BACKREF, STRLEN(BACKREF)))
		return 0;
	gt = memchr(s, '>', (size_t)(end - s));
	if (!gt || !find(s, gt, BACKREF_CLS))
		return 0;
	close = find(gt, end, "</a>");
	return close ? (size_t)(close + 4 - s) : 0;
}

/* The note's paragraphs as inline content: <p> tags dropped, a <br> between, no back-links. */
static enum hx_err put_inline(struct hx_buf *out, const struct item *x)
{
	const char *s = x->body, *end = x->body + x->body_len;
	bool pending_break = false;
	enum hx_err err = hx_buf_adds(out, "<span class=\"print-note\">");
	size_t start = out->len;

	while (!err && s < end) {
		size_t n;

		if (*s == '\n') {
			s++;
		} else if (!strncmp(s, "<p>", 3)) {
			if (pending_break && out->len > start)
				err = hx_buf_adds(out, "<br>");
			pending_break = false;
			s += 3;
		} else if (!strncmp(s, "</p>", 4)) {
			pending_break = true;
			s += 4;
		} else if ((n = backref_len(s, end))) {
			s += n;
		} else {
			err = hx_buf_addc(out, *s++);
		}
	}
	hx_buf_rtrim(out, " ");
	return err ? err : hx_buf_adds(out, "</span>");
}

/* The body, with each movable note copied after its first call. */
static enum hx_err put_body(struct hx_buf *out, const char *s, const char *end, struct items *it)
{
	enum hx_err err = HX_OK;
	const char *ref;

	while (!err && (ref = find(s, end, REF_OPEN))) {
		const char *label = ref + STRLEN(REF_OPEN);
		const char *q = memchr(label, '"', (size_t)(end - label));
		const char *sup_end = q ? find(q, end, "</sup>") : NULL;
		struct item *x;

		if (!sup_end)
			break;
		sup_end += STRLEN("</sup>");
		err = hx_buf_add(out, s, (size_t)(sup_end - s));
		x = item_for(it, label, (size_t)(q - label));
		if (!err && x && x->movable && !x->placed) {
			x->placed = true;
			err = put_inline(out, x);
		}
		s = sup_end;
	}
	return err ? err : hx_buf_add(out, s, (size_t)(end - s));
}

static bool all_placed(const struct items *it)
{
	bool all = it->n > 0;

	for (size_t i = 0; i < it->n; i++)
		all &= it->v[i].placed;
	return all;
}

/* The section again, each moved item marked, and the section too when all moved. */
static enum hx_err put_section(struct hx_buf *out, const char *s, const char *end,
			       const struct items *it)
{
	bool all = all_placed(it);
	enum hx_err err =
		hx_buf_adds(out, all ? "<section class=\"footnotes print-moved\" data-footnotes>\n"
				     : SECTION_OPEN);
	s += STRLEN(SECTION_OPEN);
	for (size_t i = 0; !err && i < it->n; i++) {
		const struct item *x = &it->v[i];

		if (!x->placed)
			continue;
		err = hx_buf_add(out, s, (size_t)(x->open_end - s));
		if (!err)
			err = hx_buf_adds(out, " class=\"print-moved\"");
		s = x->open_end;
	}
	return err ? err : hx_buf_add(out, s, (size_t)(end - s));
}

/*
 * A heading just before the section, of text only: the "Notes" the document gave its
 * notes. Returns where it starts, or section.
 */
static const char *notes_heading(const char *html, const char *section)
{
	const char *close = section - STRLEN("</h1>\n"), *open;

	if (close < html || memcmp(close, "</h", 3) || close[3] < '1' || close[3] > '6' ||
	    memcmp(close + 4, ">\n", 2))
		return section;
	for (open = close; open > html && open[-1] != '<'; open--)
		if (open[-1] == '>' || open[-1] == '\n')
			break;
	open -= 4; /* "<hN>" */
	if (open < html || open[0] != '<' || open[1] != 'h' || open[2] != close[3] ||
	    open[3] != '>')
		return section;
	return open;
}

enum hx_err hx_print_move_notes(struct hx_buf *out, const char *html, size_t len)
{
	const char *end = html + len, *section = find_section(html, end), *heading;
	struct items it = {NULL, 0};
	enum hx_err err;

	if (!section)
		return hx_buf_add(out, html, len);
	heading = notes_heading(html, section);
	read_items(section, end, &it);
	err = put_body(out, html, heading, &it);
	/* the heading of notes that all went to the page foot goes with them */
	if (!err && heading < section && all_placed(&it))
		err = hx_buf_addf(out, "<h%c class=\"print-moved\">", heading[2]);
	if (!err && heading < section)
		err = hx_buf_add(out, heading + (all_placed(&it) ? 4 : 0),
				 (size_t)(section - heading) - (all_placed(&it) ? 4 : 0));
	if (!err)
		err = put_section(out, section, end, &it);
	free(it.v);
	return err;
}
