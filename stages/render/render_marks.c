/*
 * The marks pass: one walk over cmark's HTML that turns the marks of the marked writer
 * (pipeline/segment.h) into block ids and segment spans, keeps the result well nested,
 * drops marks that landed inside a tag, and, on right-to-left pages, isolates Latin runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "render.h"

#define TAG_KEEP 240 /* a start tag longer than this is not reopened */

struct entry {
	bool span;          /* a segment span the pass opened; else an element of the HTML */
	bool block;         /* a block-level element */
	bool has_id;        /* carries an id (its own or one the pass gave it) */
	bool cut;           /* a span closed early by its element's end: reopen after it */
	uint32_t seg;       /* a span's segment */
	size_t id_at;       /* where in out an id attribute goes: before the tag's ">" */
	char name[12];      /* lowercase element name */
	char tag[TAG_KEEP]; /* the start tag, to reopen it; "" when too long */
};

struct pass {
	struct hx_buf *out;
	const struct hx_marks_opts *opts;
	struct entry *stack;
	size_t depth, overflow;
	enum hx_err err;
};

static void put(struct pass *p, const char *s, size_t n)
{
	if (!p->err)
		p->err = hx_buf_add(p->out, s, n);
}

static void puts_(struct pass *p, const char *s)
{
	put(p, s, strlen(s));
}

static uint32_t utf8_at(const char *s, size_t len, size_t i, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s + i;

	*n = 1;
	if (u[0] < 0x80)
		return u[0];
	if (u[0] >= 0xC2 && u[0] < 0xE0 && i + 1 < len) {
		*n = 2;
		return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
	}
	if (u[0] >= 0xE0 && u[0] < 0xF0 && i + 2 < len) {
		*n = 3;
		return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
		       (u[2] & 0x3F);
	}
	if (u[0] >= 0xF0 && u[0] < 0xF5 && i + 3 < len) {
		*n = 4;
		return ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
		       ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
	}
	return 0xFFFD;
}

size_t hx_mark_at(const char *s, size_t len, size_t i, uint32_t *kind, uint32_t *num)
{
	uint32_t cp[5];
	size_t at = i, n;

	if (len - i < HX_MARK_BYTES)
		return 0;
	for (int k = 0; k < 5; k++) {
		cp[k] = utf8_at(s, len, at, &n);
		at += n;
	}
	if (cp[0] != HX_MARK_WRAP || cp[4] != HX_MARK_WRAP ||
	    (cp[1] != HX_MARK_BLOCK && cp[1] != HX_MARK_SEG) || cp[2] < HX_MARK_DIGIT ||
	    cp[2] > HX_MARK_DIGIT + 0xFFF || cp[3] < HX_MARK_DIGIT || cp[3] > HX_MARK_DIGIT + 0xFFF)
		return 0;
	*kind = cp[1];
	*num = ((cp[2] - HX_MARK_DIGIT) << 12) | (cp[3] - HX_MARK_DIGIT);
	return at - i;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A mark percent-encoded in a URL (cmark encodes non-ASCII in href): its length, or 0. */
static size_t pct_mark_at(const char *s, size_t len, size_t i)
{
	char raw[HX_MARK_BYTES];
	uint32_t kind, num;

	if (len - i < 3 * HX_MARK_BYTES)
		return 0;
	for (size_t k = 0; k < HX_MARK_BYTES; k++) {
		const char *h = s + i + 3 * k;
		int hi = hex_value(h[1]), lo = hex_value(h[2]);

		if (h[0] != '%' || hi < 0 || lo < 0)
			return 0;
		raw[k] = (char)(hi << 4 | lo);
	}
	return hx_mark_at(raw, sizeof(raw), 0, &kind, &num) ? 3 * HX_MARK_BYTES : 0;
}

static bool name_in(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

static const char *const void_names[] = {"area",  "base",   "br",    "col",  "embed",
					 "hr",    "img",    "input", "link", "meta",
					 "param", "source", "track", "wbr",  NULL};
static const char *const block_names[] = {
	"address", "blockquote", "dd",    "div", "dl",    "dt",  "figure",  "footer",
	"h1",      "h2",         "h3",    "h4",  "h5",    "h6",  "header",  "hr",
	"li",      "main",       "nav",   "ol",  "p",     "pre", "section", "table",
	"tbody",   "td",         "tfoot", "th",  "thead", "tr",  "ul",      NULL};
/* Where a block's id may go. */
static const char *const anchor_names[] = {"p",  "h1", "h2", "h3", "h4", "h5", "h6",
					   "li", "td", "th", "dt", "dd", NULL};

static void close_span(struct pass *p)
{
	puts_(p, "</span>");
	p->depth--;
}

static void open_span(struct pass *p, uint32_t seg)
{
	struct entry *e;

	size_t before = p->out->len;

	if (p->depth >= HX_MARKS_DEPTH_MAX || p->overflow || !p->opts || !p->opts->seg_open)
		return;
	if (!p->err)
		p->err = p->opts->seg_open(p->opts->arg, seg, p->out);
	if (p->err || p->out->len == before)
		return; /* this segment wants no span */
	e = &p->stack[p->depth++];
	memset(e, 0, sizeof(*e));
	e->span = true;
	e->seg = seg;
}

static bool reopenable(const struct entry *e)
{
	return !e->span && !e->block && !e->has_id && e->tag[0];
}

/*
 * A segment starts: the open span of the one before closes. When elements opened
 * after it are still open ("<em>end. Start</em>"), they are closed and opened again
 * inside the new span, so spans never nest; an element that cannot be reopened (a
 * block, one with an id) leaves the old span open around the new one.
 */
static void start_segment(struct pass *p, uint32_t seg)
{
	size_t s = p->depth, top = p->depth;

	while (s > 0 && !p->stack[s - 1].span)
		s--;
	if (s > 0) {
		bool ok = true;

		for (size_t k = s; k < top; k++)
			ok = ok && reopenable(&p->stack[k]);
		if (ok) {
			struct entry *saved = hx_xreallocarray(NULL, top - s + 1, sizeof(*saved));
			size_t nsaved = top - s;

			memcpy(saved, &p->stack[s], nsaved * sizeof(*saved));
			for (size_t k = top; k > s; k--) {
				puts_(p, "</");
				puts_(p, p->stack[k - 1].name);
				puts_(p, ">");
			}
			p->depth = s;
			close_span(p);
			open_span(p, seg);
			for (size_t k = 0; k < nsaved; k++) {
				puts_(p, saved[k].tag);
				p->stack[p->depth++] = saved[k];
			}
			free(saved);
			return;
		}
	}
	open_span(p, seg);
}

static void put_id(struct pass *p, uint32_t anchor)
{
	char id[32];
	int n = snprintf(id, sizeof(id), " id=\"p-%u\"", (unsigned)anchor);

	for (size_t k = p->depth; k > 0 && !p->err; k--) {
		struct entry *e = &p->stack[k - 1];

		if (e->span || !e->block)
			continue;
		if (e->has_id || !name_in(e->name, anchor_names))
			break;
		/* insert before the tag's ">": entries opened after it move along */
		p->err = hx_buf_grow(p->out, (size_t)n);
		if (p->err)
			return;
		memmove(p->out->data + e->id_at + n, p->out->data + e->id_at,
			p->out->len - e->id_at);
		memcpy(p->out->data + e->id_at, id, (size_t)n);
		p->out->len += (size_t)n;
		p->out->data[p->out->len] = '\0';
		for (size_t j = k; j < p->depth; j++)
			p->stack[j].id_at += (size_t)n;
		e->has_id = true;
		return;
	}
	/* no element to carry it: an empty one, which cannot mis-nest */
	puts_(p, "<span");
	puts_(p, id);
	puts_(p, "></span>");
}

static void handle_mark(struct pass *p, uint32_t kind, uint32_t num)
{
	if (kind == HX_MARK_BLOCK)
		put_id(p, num);
	else if (!p->overflow)
		start_segment(p, num);
}

/* The end of the tag starting at s[i] ('<'), quotes respected: the index past '>'. */
static size_t tag_end(const char *s, size_t len, size_t i)
{
	char q = 0;

	if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		const char *e = memmem(s + i + 4, len - i - 4, "-->", 3);

		return e ? (size_t)(e - s) + 3 : len;
	}
	for (i++; i < len; i++) {
		if (q) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			q = s[i];
		} else if (s[i] == '>') {
			return i + 1;
		}
	}
	return len;
}

/* Copies the tag s[i, end) to out, leaving out any mark inside it; returns where it starts. */
static size_t copy_tag(struct pass *p, const char *s, size_t i, size_t end)
{
	size_t at = p->out->len, run = i;
	uint32_t kind, num;

	while (i < end) {
		size_t n = hx_mark_at(s, end, i, &kind, &num);

		if (!n && s[i] == '%')
			n = pct_mark_at(s, end, i);
		if (!n) {
			i++;
			continue;
		}
		put(p, s + run, i - run);
		i += n;
		run = i;
	}
	put(p, s + run, end - run);
	return at;
}

static void tag_name(const char *s, size_t n, char name[12])
{
	size_t k = 0;

	while (k < n && k < 11 &&
	       ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
		(s[k] >= '0' && s[k] <= '9'))) {
		name[k] = (char)(s[k] | 0x20);
		k++;
	}
	name[k] = '\0';
}

static void start_tag(struct pass *p, const char *s, size_t i, size_t end)
{
	struct entry *e;
	char name[12];
	size_t at, tlen;

	tag_name(s + i + 1, end - i - 1, name);
	at = copy_tag(p, s, i, end);
	if (p->err || name_in(name, void_names) || (end - i >= 2 && s[end - 2] == '/'))
		return;
	if (p->depth >= HX_MARKS_DEPTH_MAX) {
		p->overflow++;
		return;
	}
	e = &p->stack[p->depth++];
	memset(e, 0, sizeof(*e));
	memcpy(e->name, name, sizeof(name));
	e->block = name_in(name, block_names);
	tlen = p->out->len - at;
	/* a tag cut short (no ">") takes no id */
	e->has_id =
		memmem(p->out->data + at, tlen, " id=", 4) != NULL || hx_buf_last(p->out) != '>';
	e->id_at = p->out->len - 1;
	if (tlen < TAG_KEEP) {
		memcpy(e->tag, p->out->data + at, tlen);
		e->tag[tlen] = '\0';
	}
}

/*
 * An end tag: spans opened inside the element close before it, and open again after it
 * when the element was inline, so the segment goes on. An end tag that closes nothing
 * the pass knows of is copied.
 */
static void end_tag(struct pass *p, const char *s, size_t i, size_t end)
{
	char name[12];
	size_t k = p->depth;
	uint32_t cut[HX_MARKS_DEPTH_MAX];
	size_t ncut = 0;
	bool inline_elem;

	tag_name(s + i + 2, end - i - 2, name);
	if (p->overflow) {
		p->overflow--;
		copy_tag(p, s, i, end);
		return;
	}
	while (k > 0 && (p->stack[k - 1].span || strcmp(p->stack[k - 1].name, name) != 0))
		k--;
	if (k == 0) {
		copy_tag(p, s, i, end);
		return;
	}
	inline_elem = !p->stack[k - 1].block;
	while (p->depth > k) {
		struct entry *e = &p->stack[p->depth - 1];

		if (e->span) {
			cut[ncut++] = e->seg;
			close_span(p);
		} else {
			puts_(p, "</");
			puts_(p, e->name);
			puts_(p, ">");
			p->depth--;
		}
	}
	copy_tag(p, s, i, end);
	p->depth--;
	while (inline_elem && ncut > 0)
		open_span(p, cut[--ncut]);
}

/* Latin letters, Latin-1 and Latin Extended-A/B included. */
static bool is_latin(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

static bool in_run(uint32_t cp)
{
	return is_latin(cp) || (cp >= '0' && cp <= '9') ||
	       (cp && cp < 0x80 && strchr("/.-_:@?=%#+~'*,()", (int)cp));
}

/*
 * The length of the Latin-script run at s[i] (a Latin letter): symbols ("A/RES/67/290"),
 * URLs and names, with the spaces between their words, without trailing punctuation.
 */
static size_t latin_run(const char *s, size_t len, size_t i)
{
	size_t j = i, end = i, n;
	int parens = 0, parens_at_end = 0;

	while (j < len) {
		uint32_t cp = utf8_at(s, len, j, &n);

		if (cp == '&') {
			/* "&amp;" joins names ("Bosnia &amp; Herzegovina"); "&lt;" ends them */
			if (len - j < 5 || memcmp(s + j, "&amp;", 5) != 0)
				break;
			n = 5;
		} else if (cp == ' ') {
			size_t m;
			uint32_t next = j + 1 < len ? utf8_at(s, len, j + 1, &m) : 0;

			if (!(is_latin(next) || (next >= '0' && next <= '9') || next == '(' ||
			      (len - j > 5 && memcmp(s + j + 1, "&amp;", 5) == 0)))
				break;
		} else if (!in_run(cp)) {
			break;
		}
		parens += cp == '(' ? 1 : cp == ')' ? -1 : 0;
		j += n;
		if (!(cp < 0x80 && strchr(" .,:;?'*(&", (int)cp)) && parens >= 0) {
			end = j;
			parens_at_end = parens;
		}
		if (parens < 0)
			break;
	}
	/* "(2016" with its ")" outside the run: the run stops before the "(" */
	if (parens_at_end > 0) {
		size_t k = end;

		while (k > i && s[k - 1] != '(')
			k--;
		while (k > i && (s[k - 1] == '(' || s[k - 1] == ' '))
			k--;
		end = k > i ? k : end;
	}
	return end - i;
}

static void isolate_run(struct pass *p, const char *s, size_t n)
{
	puts_(p, "<bdi dir=\"ltr\">");
	put(p, s, n);
	puts_(p, "</bdi>");
}

/* Text between tags: marks handled, Latin runs isolated when asked. */
static void text(struct pass *p, const char *s, size_t i, size_t end)
{
	size_t run = i;
	bool isolate = p->opts && p->opts->isolate_ltr;
	bool word = false; /* inside a word of another script */

	while (i < end && !p->err) {
		uint32_t kind, num, cp;
		size_t n = hx_mark_at(s, end, i, &kind, &num), m;

		if (n) {
			put(p, s + run, i - run);
			handle_mark(p, kind, num);
			i += n;
			run = i;
			word = false;
			continue;
		}
		cp = utf8_at(s, end, i, &m);
		if (cp == '&') {
			/* an entity is skipped whole: "&quot;" holds no name */
			const char *semi = memchr(s + i, ';', end - i < 12 ? end - i : 12);

			i += semi ? (size_t)(semi - (s + i)) + 1 : 1;
			word = false;
			continue;
		}
		/* a lone letter ("(a)") needs no isolation */
		if (isolate && !word && is_latin(cp) && (n = latin_run(s, end, i)) > 1) {
			put(p, s + run, i - run);
			isolate_run(p, s + i, n);
			i += n;
			run = i;
			continue;
		}
		word = cp >= 0x80 && !is_latin(cp) && cp != 0xA0 && cp != 0x202F;
		i += m;
	}
	put(p, s + run, end - run);
}

enum hx_err hx_marks_resolve(struct hx_buf *out, const char *html, size_t len,
			     const struct hx_marks_opts *opts)
{
	struct pass p = {out, opts, NULL, 0, 0, HX_OK};

	p.stack = hx_xreallocarray(NULL, HX_MARKS_DEPTH_MAX, sizeof(*p.stack));
	for (size_t i = 0; i < len && !p.err;) {
		size_t end;

		if (html[i] != '<') {
			const char *lt = memchr(html + i, '<', len - i);

			end = lt ? (size_t)(lt - html) : len;
			text(&p, html, i, end);
		} else {
			end = tag_end(html, len, i);
			if (end - i > 2 && html[i + 1] == '/')
				end_tag(&p, html, i, end);
			else if (end - i > 2 &&
				 ((html[i + 1] | 0x20) >= 'a' && (html[i + 1] | 0x20) <= 'z'))
				start_tag(&p, html, i, end);
			else
				copy_tag(&p, html, i, end);
		}
		i = end;
	}
	/* spans still open close at the end; elements are the HTML's own business */
	while (!p.err && p.depth > 0) {
		if (p.stack[p.depth - 1].span)
			close_span(&p);
		else
			p.depth--;
	}
	free(p.stack);
	return p.err;
}
