/*
 * What a text holds that a translation must keep: URLs, UN document symbols,
 * numbers in any of the six languages' conventions, inline Markdown. Found in
 * the text itself, so the checks run on plain drafts as well as on segments.
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "qa_int.h"
#include "symbol.h"

void qa_items_release(struct qa_items *items)
{
	free(items->v);
	memset(items, 0, sizeof(*items));
}

static struct qa_item *add_item(struct qa_items *out, enum qa_item_kind kind, size_t off,
				size_t len)
{
	struct qa_item *it;

	if (out->n >= QA_ITEMS_MAX)
		return NULL;
	if (out->n == out->alloc) {
		out->alloc = out->alloc ? out->alloc * 2 : 16;
		out->v = hx_xreallocarray(out->v, out->alloc, sizeof(*out->v));
	}
	it = &out->v[out->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->off = off;
	it->len = len;
	return it;
}

uint32_t qa_next_cp(const char *s, size_t len, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp = u[*i];
	int n = cp < 0x80    ? 0
		: cp >= 0xF8 ? -1
		: cp >= 0xF0 ? 3
		: cp >= 0xE0 ? 2
		: cp >= 0xC0 ? 1
			     : -1;

	if (n == 0) {
		(*i)++;
		return cp;
	}
	if (n < 0 || *i + (size_t)n >= len) {
		(*i)++;
		return 0xFFFD;
	}
	cp &= n == 3 ? 0x07 : n == 2 ? 0x0F : n == 1 ? 0x1F : 0x7F;
	for (int k = 1; k <= n; k++) {
		if ((u[*i + k] & 0xC0) != 0x80) {
			(*i)++;
			return 0xFFFD;
		}
		cp = cp << 6 | (u[*i + k] & 0x3F);
	}
	*i += (size_t)n + 1;
	return cp;
}

/* The digit value of cp (ASCII, Arabic-Indic, extended Arabic-Indic, full-width), or -1. */
static int digit_value(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	if (cp >= 0x660 && cp <= 0x669)
		return (int)(cp - 0x660);
	if (cp >= 0x6F0 && cp <= 0x6F9)
		return (int)(cp - 0x6F0);
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return (int)(cp - 0xFF10);
	return -1;
}

static bool is_space_sep(uint32_t cp)
{
	return cp == ' ' || cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == '\'';
}

/* Scale words after a number, longest first where one starts another. */
static const struct {
	const char *word;
	double scale;
} scales[] = {
	{"mil millones", 1e9}, {"thousand", 1e3}, {"millions", 1e6},   {"million", 1e6},
	{"billions", 1e9},     {"billion", 1e9},  {"trillions", 1e12}, {"trillion", 1e12},
	{"milliards", 1e9},    {"milliard", 1e9}, {"millones", 1e6},   {"millón", 1e6},
	{"billones", 1e12},    {"billón", 1e12},  {"млрд", 1e9},       {"млн", 1e6},
	{"тыс", 1e3},          {"миллиард", 1e9}, {"миллион", 1e6},    {"триллион", 1e12},
	{"مليارات", 1e9},      {"مليار", 1e9},    {"ملايين", 1e6},     {"مليون", 1e6},
	{"ألف", 1e3},          {"万亿", 1e12},    {"亿", 1e8},         {"万", 1e4},
	{"千", 1e3},
};

/* The scale word at s (after at most one space; none before Han), its length in *n. */
static double read_scale(const char *s, size_t len, size_t *n)
{
	size_t sp = 0;

	while (sp < len && sp < 3 && (s[sp] == ' ' || (unsigned char)s[sp] == 0xC2))
		sp += (unsigned char)s[sp] == 0xC2 && sp + 1 < len ? 2 : 1;
	for (size_t k = 0; k < sizeof(scales) / sizeof(scales[0]); k++) {
		size_t wl = strlen(scales[k].word);
		bool han = (unsigned char)scales[k].word[0] >= 0xE4;
		size_t at = han ? 0 : sp;

		if (at + wl <= len && !memcmp(s + at, scales[k].word, wl) &&
		    (han || at + wl == len ||
		     !((s[at + wl] | 0x20) >= 'a' && (s[at + wl] | 0x20) <= 'z'))) {
			*n = at + wl;
			return scales[k].scale;
		}
	}
	*n = 0;
	return 1;
}

struct numparse {
	char digits[64];
	size_t nd;
	uint32_t last_sep;  /* the last separator seen, 0 none */
	size_t last_sep_at; /* digits before it */
	int seps_of_last;   /* how many separators equal to the last */
	bool not_thousands; /* a group after a separator is not three digits: 2.4, 1.25 */
};

static double digits_value(const char *d, size_t n)
{
	double v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (d[i] - '0');
	return v;
}

/* Counts the digits of a group at s; *bytes its length. */
static size_t group_digits(const char *s, size_t len, size_t *bytes)
{
	size_t i = 0, nd = 0, prev = 0;

	while (i < len) {
		prev = i;
		if (digit_value(qa_next_cp(s, len, &i)) < 0) {
			i = prev;
			break;
		}
		nd++;
	}
	*bytes = i;
	return nd;
}

size_t qa_number_read(const char *s, size_t len, struct qa_item *item)
{
	struct numparse np = {0};
	size_t i = 0, gl, nd;
	double scale;
	bool dec;

	nd = group_digits(s, len, &gl);
	if (!nd)
		return 0;
	for (size_t k = 0, j = 0; k < nd && np.nd < sizeof(np.digits); k++)
		np.digits[np.nd++] = (char)('0' + digit_value(qa_next_cp(s, gl, &j)));
	i = gl;
	while (i < len) {
		size_t at = i, glen;
		uint32_t sep = qa_next_cp(s, len, &i);
		size_t g;

		if (!(sep == ',' || sep == '.' || sep == 0x66B || sep == 0x66C ||
		      is_space_sep(sep))) {
			i = at;
			break;
		}
		g = group_digits(s + i, len - i, &glen);
		/* a space groups only thousands: "in 2024 3 cases" is two numbers */
		if (!g || (is_space_sep(sep) && (g != 3 || (nd > 3 && np.last_sep == 0)))) {
			i = at;
			break;
		}
		np.not_thousands |= g != 3;
		np.seps_of_last = sep == np.last_sep ? np.seps_of_last + 1 : 1;
		np.last_sep = sep;
		np.last_sep_at = np.nd;
		for (size_t k = 0, j = 0; k < g && np.nd < sizeof(np.digits); k++)
			np.digits[np.nd++] = (char)('0' + digit_value(qa_next_cp(s + i, glen, &j)));
		nd += g;
		i += glen;
	}
	scale = read_scale(s + i, len - i, &gl);
	if (gl)
		i += gl;
	item->kind = QA_ITEM_NUMBER;
	item->nvalues = 0;
	dec = np.last_sep && !is_space_sep(np.last_sep) && np.last_sep != 0x66C &&
	      np.seps_of_last == 1;
	/* separators as thousands: only where every group has three digits (2.4 is not 24) */
	if (!np.not_thousands || !dec)
		item->value[item->nvalues++] = digits_value(np.digits, np.nd) * scale;
	if (dec) {
		double ip = digits_value(np.digits, np.last_sep_at);
		double fp = digits_value(np.digits + np.last_sep_at, np.nd - np.last_sep_at);

		double den = 1;

		for (size_t k = np.last_sep_at; k < np.nd; k++)
			den *= 10;
		item->value[item->nvalues++] = (ip + fp / den) * scale;
	}
	return i;
}

bool qa_number_same(const struct qa_item *a, const struct qa_item *b)
{
	for (int i = 0; i < a->nvalues; i++)
		for (int j = 0; j < b->nvalues; j++) {
			double x = a->value[i], y = b->value[j];
			double d = x > y ? x - y : y - x, m = x > y ? x : y;

			if (d <= 1e-9 * m)
				return true;
		}
	return false;
}

static bool is_alnum_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static size_t url_length(const char *s, size_t len)
{
	static const char *const starts[] = {"https://", "http://", "ftp://", "www.", "mailto:"};
	size_t n = 0;
	int depth = 0;

	for (size_t k = 0; k < sizeof(starts) / sizeof(starts[0]) && !n; k++)
		if (len > strlen(starts[k]) && !strncmp(s, starts[k], strlen(starts[k])))
			n = strlen(starts[k]);
	if (!n)
		return 0;
	while (n < len && !strchr(" \t\n<>\"]`", s[n]) && (unsigned char)s[n] > ' ') {
		if (s[n] == '(')
			depth++;
		else if (s[n] == ')' && --depth < 0)
			break;
		n++;
	}
	while (n && strchr(".,;:!?'*_", s[n - 1]))
		n--;
	return n;
}

/* Inline Markdown that must come back: link ends, footnote calls, code, strong, HTML tags. */
static size_t markup_length(const char *s, size_t len)
{
	if (len >= 2 && (!strncmp(s, "](", 2) || !strncmp(s, "[^", 2) || !strncmp(s, "**", 2)))
		return 2;
	if (s[0] == '`')
		return 1;
	/* an autolink is a URL: <https://...> */
	if (s[0] == '<' && len > 2 && url_length(s + 1, len - 1))
		return 0;
	if (s[0] == '<' && len > 2 &&
	    (s[1] == '/' || ((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'))) {
		size_t n = 1;

		while (n < len && n < 200 && s[n] != '>' && s[n] != '<' && s[n] != '\n')
			n++;
		return n < len && s[n] == '>' ? n + 1 : 0;
	}
	return 0;
}

void qa_scan(const char *text, size_t len, struct qa_items *out)
{
	size_t i = 0;

	while (i < len) {
		bool boundary = i == 0 || !is_alnum_byte((unsigned char)text[i - 1]);
		size_t n, at = i;
		struct qa_item num;
		uint32_t cp;

		if (boundary && (n = url_length(text + i, len - i))) {
			add_item(out, QA_ITEM_URL, i, n);
			i += n;
			continue;
		}
		if (boundary && (n = hx_symbol_match(text + i, len - i))) {
			add_item(out, QA_ITEM_SYMBOL, i, n);
			i += n;
			continue;
		}
		if ((n = markup_length(text + i, len - i))) {
			add_item(out, QA_ITEM_MARKUP, i, n);
			i += n;
			continue;
		}
		cp = qa_next_cp(text, len, &i);
		if (digit_value(cp) >= 0 && (boundary || text[at - 1] == '-')) {
			memset(&num, 0, sizeof(num));
			n = qa_number_read(text + at, len - at, &num);
			if (n) {
				struct qa_item *it = add_item(out, QA_ITEM_NUMBER, at, n);

				if (it) {
					memcpy(it->value, num.value, sizeof(num.value));
					it->nvalues = num.nvalues;
				}
				i = at + n;
			}
		} else if (digit_value(cp) >= 0) {
			/* digits glued to letters ("A4", "H2O") are part of a word */
			while (i < len && is_alnum_byte((unsigned char)text[i]))
				i++;
		}
	}
}
