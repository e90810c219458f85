/*
 * TMX in and out of the translation memory: a streaming reader (libxml2's
 * xmlTextReader) that turns inline codes into placeholders, and a writer
 * whose files validate against the TMX 1.4b DTD (tests/support/tmx14b.dtd).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libxml/xmlreader.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h" /* HX_VERSION */
#include "fsio.h"
#include "mem.h"
#include "segment.h"
#include "tm.h"

#define TMX_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)
/* Bytes of native code kept to tell apart <ph>s that have no x attribute. */
#define TMX_CODE_KEY_MAX 256
/* Bytes of a <prop> value kept. */
#define TMX_PROP_MAX 64
/* Paired codes open at once in a seg. */
#define TMX_MAX_OPEN 64
/* Hash slots of a key table: a power of two, twice the HX_SEG_MAX_SPANS keys a TU holds. */
#define KEY_SLOTS (2 * HX_SEG_MAX_SPANS)

/* The code point a TUV's text holds for inline code k (see struct tmx_tuv). */
#define CODE_OPEN(k) (HX_SEG_PLACEHOLDER + (unsigned)(k))
#define CODE_END(k)  (HX_SEG_PLACEHOLDER_END + (unsigned)(k))

/*
 * A key of the TU: an inline code's, the same in every TUV that has it ("x:3"
 * by its x attribute, "i:2" for a <bpt> without x, "c:ph:<br/>#0" for the
 * first <ph> without x holding "<br/>"), or such a native code's, to count
 * its occurrences.
 */
struct tmx_key {
	char *key;
	int hx_n;            /* codes in hexaglot's own files: the placeholder number, x - 1 */
	unsigned tuv, count; /* native codes: occurrences so far in TUV number tuv */
};

/* Keys by name in constant time, emptied per TU by a new generation. */
struct key_table {
	struct tmx_key *v;
	size_t n, alloc;
	uint32_t gen;
	uint32_t slot_gen[KEY_SLOTS]; /* a slot is in use when it holds the current gen */
	uint32_t slot[KEY_SLOTS];     /* index into v */
};

/*
 * One language's text in the TU being read: the seg with each inline code k
 * as the code point CODE_OPEN(k) (a standalone code or a <bpt>) or CODE_END(k)
 * (an <ept>), numbered per TU; each pair renumbers them from its source.
 */
struct tmx_tuv {
	bool present, bad;
	struct hx_buf text;
	char created[21], updated[21]; /* ISO 8601, "" when not given */
};

struct open_bpt {
	char i[32];
	int code;
};

struct tmx_import {
	struct hx_tm *tm;
	const char *name;
	struct hx_tmx_opts opts;
	struct hx_tmx_stats *st;
	struct hx_diag *diag;
	xmlTextReaderPtr r;
	bool seen_root, hexaglot;
	enum hx_lang header_src;

	/* the TU being read; depths are -1 outside the element */
	int tu_depth, tuv_depth, seg_depth, prop_depth, code_depth;
	unsigned tu_line;
	bool tu_src_given;
	enum hx_lang tu_src;
	char tu_created[21], tu_updated[21];
	uint64_t usage;
	bool origin_given;
	enum hx_tm_origin origin;
	char engine[TMX_PROP_MAX];
	struct tmx_tuv tuv[HX_LANG_COUNT];
	int cur; /* the language of the TUV being read, -1 when it is ignored */
	unsigned tuv_serial;
	struct key_table *codes, *natives;
	struct open_bpt open[TMX_MAX_OPEN];
	size_t nopen;

	/* a <prop> of the TU, a code element in a seg */
	int prop; /* 0 none, 1 x-origin, 2 x-engine */
	struct hx_buf prop_text;
	char code_name[8], code_x[32], code_i[32], code_pos[8];
	struct hx_buf code_text;

	/* one pair's texts */
	int *map;
	struct hx_buf src_text, tgt_text;

	/* the parser's first error, the input's state */
	bool err_set, err_fatal;
	int err_line;
	char err_msg[256];
};

/* The input of a file import: counted, so that the cap holds also for gzip or a pipe. */
struct tmx_input {
	int fd;
	size_t total, max;
	bool over;
	int errnum;
};

/* Reading ----------------------------------------------------------------------------------- */

/* The index of key in t, added if new (*added says so); -1 past HX_SEG_MAX_SPANS keys. */
static int table_find(struct key_table *t, const char *key, bool *added)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	*added = false;
	for (h &= KEY_SLOTS - 1; t->slot_gen[h] == t->gen; h = (h + 1) & (KEY_SLOTS - 1))
		if (!strcmp(t->v[t->slot[h]].key, key))
			return (int)t->slot[h];
	if (t->n == HX_SEG_MAX_SPANS)
		return -1;
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 16;
		t->v = hx_xreallocarray(t->v, t->alloc, sizeof(*t->v));
	}
	memset(&t->v[t->n], 0, sizeof(t->v[0]));
	t->v[t->n].key = hx_xstrdup(key);
	t->v[t->n].hx_n = -1;
	t->slot_gen[h] = t->gen;
	t->slot[h] = (uint32_t)t->n;
	*added = true;
	return (int)t->n++;
}

static void table_reset(struct key_table *t)
{
	for (size_t k = 0; k < t->n; k++)
		free(t->v[k].key);
	t->n = 0;
	t->gen++;
}

static void table_free(struct key_table *t)
{
	table_reset(t);
	free(t->v);
	free(t);
}

static void keep_error(void *ctx, xmlErrorPtr e)
{
	struct tmx_import *im = ctx;
	bool fatal = e && e->level == XML_ERR_FATAL;

	if (!e || e->level < XML_ERR_ERROR || (im->err_set && (im->err_fatal || !fatal)))
		return;
	im->err_set = true;
	im->err_fatal = fatal;
	im->err_line = e->line;
	snprintf(im->err_msg, sizeof(im->err_msg), "%s", e->message ? e->message : "unknown error");
	im->err_msg[strcspn(im->err_msg, "\n")] = '\0';
}

static int input_read(void *ctx, char *buf, int len)
{
	struct tmx_input *in = ctx;
	ssize_t n;

	do
		n = read(in->fd, buf, (size_t)len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		in->errnum = errno;
		return -1;
	}
	in->total += (size_t)n;
	if (in->total > in->max) {
		in->over = true;
		return -1;
	}
	return (int)n;
}

static int input_close(void *ctx)
{
	struct tmx_input *in = ctx;

	if (in->fd >= 0)
		close(in->fd);
	in->fd = -1;
	return 0;
}

/*
 * The line where node starts. libxml2 keeps 65535 for "or more" in elements;
 * with XML_PARSE_BIG_LINES a text node holds the line where it ends in psvi.
 */
static long node_line(xmlNodePtr node, int depth)
{
	long line = 0;

	if (!node || depth > 8)
		return 0;
	if (node->line != 65535)
		return node->line;
	if (node->type == XML_TEXT_NODE && node->psvi) {
		line = (long)(intptr_t)node->psvi;
		for (const xmlChar *c = node->content; c && *c; c++)
			line -= *c == '\n';
		return line;
	}
	return node_line(node->children, depth + 1);
}

static unsigned reader_line(struct tmx_import *im)
{
	long line = node_line(xmlTextReaderCurrentNode(im->r), 0);
	int parser = xmlTextReaderGetParserLineNumber(im->r);

	if (line > 0)
		return (unsigned)line;
	return parser > 0 ? (unsigned)parser : 0;
}

static void get_attr(struct tmx_import *im, const char *name, char *buf, size_t size)
{
	xmlChar *v = xmlTextReaderGetAttribute(im->r, (const xmlChar *)name);

	snprintf(buf, size, "%s", v ? (const char *)v : "");
	xmlFree(v);
}

/* Traditional Chinese (zh-TW, zh-HK, zh-MO, zh-Hant) is not the Chinese hexaglot writes. */
static bool is_traditional_chinese(const char *tag)
{
	bool hans = false, hant = false, region = false;

	if (strncasecmp(tag, "zh", 2) || (tag[2] && tag[2] != '-' && tag[2] != '_'))
		return false;
	for (const char *p = tag + 2; *p;) {
		size_t n;

		p++;
		n = strcspn(p, "-_");
		hans |= n == 4 && !strncasecmp(p, "hans", 4);
		hant |= n == 4 && !strncasecmp(p, "hant", 4);
		region |= n == 2 && (!strncasecmp(p, "tw", 2) || !strncasecmp(p, "hk", 2) ||
				     !strncasecmp(p, "mo", 2));
		p += n;
	}
	return hant || (region && !hans);
}

static enum hx_lang tmx_lang(const char *tag)
{
	if (!*tag || !strcmp(tag, "*all*") || is_traditional_chinese(tag))
		return HX_LANG_NONE;
	return hx_lang_parse(tag);
}

/* TMX's "YYYYMMDDThhmmssZ" as ISO 8601 "YYYY-MM-DDThh:mm:ssZ"; "" if it is not one. */
static void tmx_date(const char *in, char out[21])
{
	static const char shape[] = "ddddddddTddddddZ";

	out[0] = '\0';
	for (size_t i = 0; i < sizeof(shape) - 1; i++)
		if (shape[i] == 'd' ? (in[i] < '0' || in[i] > '9') : in[i] != shape[i])
			return;
	if (in[sizeof(shape) - 1])
		return;
	snprintf(out, 21, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", in, in + 4, in + 6, in + 9, in + 11,
		 in + 13);
}

static void header_start(struct tmx_import *im)
{
	char tool[64], src[64];

	get_attr(im, "creationtool", tool, sizeof(tool));
	get_attr(im, "srclang", src, sizeof(src));
	im->hexaglot = !strcasecmp(tool, "hexaglot");
	im->header_src = tmx_lang(src);
}

static void tu_start(struct tmx_import *im, int depth)
{
	char v[64], *end;

	im->tu_depth = depth;
	im->tu_line = reader_line(im);
	im->st->tus++;
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		im->tuv[l].present = im->tuv[l].bad = false;
		hx_buf_reset(&im->tuv[l].text);
	}
	table_reset(im->codes);
	table_reset(im->natives);
	get_attr(im, "srclang", v, sizeof(v));
	im->tu_src_given = v[0] != '\0';
	im->tu_src = tmx_lang(v);
	get_attr(im, "creationdate", v, sizeof(v));
	tmx_date(v, im->tu_created);
	get_attr(im, "changedate", v, sizeof(v));
	tmx_date(v, im->tu_updated);
	get_attr(im, "usagecount", v, sizeof(v));
	errno = 0;
	im->usage = strtoull(v, &end, 10);
	if (errno || *end || v[0] == '-')
		im->usage = 0;
	im->origin_given = false;
	im->engine[0] = '\0';
}

static void tuv_start(struct tmx_import *im, int depth)
{
	char tag[64];
	enum hx_lang l;
	xmlChar *v = xmlTextReaderGetAttributeNs(im->r, (const xmlChar *)"lang", XML_XML_NAMESPACE);

	/* TMX 1.1 (OmegaT's project_save.tmx) writes lang, 1.4 xml:lang */
	if (!v)
		v = xmlTextReaderGetAttribute(im->r, (const xmlChar *)"lang");
	snprintf(tag, sizeof(tag), "%s", v ? (const char *)v : "");
	xmlFree(v);
	im->tuv_depth = depth;
	im->cur = -1;
	l = tmx_lang(tag);
	if (l == HX_LANG_NONE) {
		im->st->other_languages++;
		return;
	}
	if (im->tuv[l].present) {
		hx_warn(im->diag, "%s:%u: a second %s text (xml:lang \"%s\") in the TU is ignored",
			im->name, reader_line(im), hx_lang_get(l)->code, tag);
		return;
	}
	im->cur = l;
	im->tuv_serial++;
	im->tuv[l].present = true;
	get_attr(im, "creationdate", tag, sizeof(tag));
	tmx_date(tag, im->tuv[l].created);
	get_attr(im, "changedate", tag, sizeof(tag));
	tmx_date(tag, im->tuv[l].updated);
}

/* Marks the current TUV unusable, saying why. */
static void tuv_bad(struct tmx_import *im, const char *why)
{
	struct tmx_tuv *t = &im->tuv[im->cur];

	if (t->bad)
		return;
	t->bad = true;
	hx_warn(im->diag, "%s:%u: %s; the %s text of this TU is not imported", im->name,
		reader_line(im), why, hx_lang_get(im->cur)->code);
}

/* The index of the TU's code called key; per_occurrence tells apart repeats in a TUV. */
static int intern(struct tmx_import *im, const char *key, int hx_n, bool per_occurrence)
{
	char *name = NULL;
	bool added;
	int k;

	if (per_occurrence) {
		struct tmx_key *native;

		if ((k = table_find(im->natives, key, &added)) < 0)
			return -1;
		native = &im->natives->v[k];
		if (native->tuv != im->tuv_serial) {
			native->tuv = im->tuv_serial;
			native->count = 0;
		}
		name = hx_xmalloc(strlen(key) + 16);
		snprintf(name, strlen(key) + 16, "%s#%u", key, native->count++);
		key = name;
	}
	k = table_find(im->codes, key, &added);
	if (k >= 0 && added)
		im->codes->v[k].hx_n = hx_n;
	free(name);
	return k;
}

static void emit(struct tmx_import *im, int code, bool end)
{
	if (code < 0)
		tuv_bad(im, "more inline codes than a segment can hold");
	else if (hx_buf_add_utf8(&im->tuv[im->cur].text, end ? CODE_END(code) : CODE_OPEN(code)))
		tuv_bad(im, "a text over the size cap");
}

/* In hexaglot's own files x is the placeholder number plus one; -1 when it is not. */
static int hexaglot_number(const char *x)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(x, &end, 10);
	return (!errno && end != x && !*end && n >= 1 && n <= HX_SEG_MAX_SPANS) ? (int)n - 1 : -1;
}

static void code_bpt(struct tmx_import *im)
{
	char key[48];
	int n = im->hexaglot ? hexaglot_number(im->code_x) : -1;

	if (im->hexaglot && n < 0) {
		tuv_bad(im, "a <bpt> without a valid x");
		return;
	}
	if (im->nopen == TMX_MAX_OPEN) {
		tuv_bad(im, "too many <bpt>s open at once");
		return;
	}
	snprintf(key, sizeof(key), "%s:%s", im->code_x[0] ? "x" : "i",
		 im->code_x[0] ? im->code_x : im->code_i);
	snprintf(im->open[im->nopen].i, sizeof(im->open[0].i), "%s", im->code_i);
	im->open[im->nopen].code = intern(im, key, n, false);
	emit(im, im->open[im->nopen++].code, false);
}

static void code_ept(struct tmx_import *im)
{
	char key[48];

	for (size_t k = im->nopen; k-- > 0;) {
		if (strcmp(im->open[k].i, im->code_i))
			continue;
		emit(im, im->open[k].code, true);
		im->open[k] = im->open[--im->nopen];
		return;
	}
	if (im->hexaglot) {
		tuv_bad(im, "an <ept> without its <bpt>");
		return;
	}
	/* an isolated closing code in another tool's file: a code like any other */
	snprintf(key, sizeof(key), "e:%s", im->code_i);
	emit(im, intern(im, key, -1, false), false);
}

/* <ph>, <it>, <ut>: by x when there is one, else by their native code and occurrence. */
static void code_standalone(struct tmx_import *im)
{
	struct hx_buf key = HX_BUF_INIT(0);
	int n = -1;

	if (im->hexaglot && (n = hexaglot_number(im->code_x)) < 0) {
		tuv_bad(im, "an inline code without a valid x");
		return;
	}
	if (im->code_x[0])
		hx_buf_addf(&key, "x:%s", im->code_x);
	else
		hx_buf_addf(&key, "c:%s:%s", im->code_name, hx_buf_str(&im->code_text));
	emit(im, intern(im, hx_buf_str(&key), n, !im->code_x[0]),
	     im->hexaglot && !strcmp(im->code_name, "it") && !strcmp(im->code_pos, "end"));
	hx_buf_release(&key);
}

static void code_start(struct tmx_import *im, const char *name, int depth)
{
	im->code_depth = depth;
	snprintf(im->code_name, sizeof(im->code_name), "%s", name);
	get_attr(im, "x", im->code_x, sizeof(im->code_x));
	get_attr(im, "i", im->code_i, sizeof(im->code_i));
	get_attr(im, "pos", im->code_pos, sizeof(im->code_pos));
	hx_buf_reset(&im->code_text);
}

static void code_end(struct tmx_import *im)
{
	im->code_depth = -1;
	if (im->cur < 0 || im->tuv[im->cur].bad)
		return;
	if (!strcmp(im->code_name, "bpt"))
		code_bpt(im);
	else if (!strcmp(im->code_name, "ept"))
		code_ept(im);
	else
		code_standalone(im);
}

static bool is_code_element(const char *name)
{
	return !strcmp(name, "bpt") || !strcmp(name, "ept") || !strcmp(name, "ph") ||
	       !strcmp(name, "it") || !strcmp(name, "ut");
}

static enum hx_err element_start(struct tmx_import *im, const char *name, int depth)
{
	if (!im->seen_root) {
		im->seen_root = true;
		if (strcmp(name, "tmx"))
			return hx_fail(
				im->diag, HX_E_FORMAT,
				"%s:%u: not TMX: the root element is <%s>; the file is refused",
				im->name, reader_line(im), name);
		return HX_OK;
	}
	if (im->code_depth >= 0)
		return HX_OK; /* <sub> and the like inside native code */
	if (im->seg_depth >= 0) {
		/* <hi>, and elements TMX does not have, keep their text */
		if (is_code_element(name))
			code_start(im, name, depth);
		return HX_OK;
	}
	if (depth == 1 && !strcmp(name, "header"))
		header_start(im);
	else if (im->tu_depth < 0 && !strcmp(name, "tu"))
		tu_start(im, depth);
	else if (im->tu_depth >= 0 && depth == im->tu_depth + 1 && !strcmp(name, "tuv"))
		tuv_start(im, depth);
	else if (im->tu_depth >= 0 && depth == im->tu_depth + 1 && !strcmp(name, "prop")) {
		char type[32];

		get_attr(im, "type", type, sizeof(type));
		im->prop = !strcmp(type, "x-origin") ? 1 : !strcmp(type, "x-engine") ? 2 : 0;
		im->prop_depth = depth;
		hx_buf_reset(&im->prop_text);
	} else if (im->tuv_depth >= 0 && depth == im->tuv_depth + 1 && !strcmp(name, "seg")) {
		im->seg_depth = depth;
		im->nopen = 0;
	}
	return HX_OK;
}

static void prop_end(struct tmx_import *im)
{
	const char *v = hx_buf_str(&im->prop_text);

	if (im->prop == 1 && hx_tm_origin_parse(v, &im->origin))
		im->origin_given = true;
	else if (im->prop == 2)
		snprintf(im->engine, sizeof(im->engine), "%s", v);
	im->prop = 0;
	im->prop_depth = -1;
}

/* Renders a TUV's text with the pair's numbering; false if it has a code map lacks. */
static bool render(const struct hx_buf *in, const int *map, struct hx_buf *out, int *missing)
{
	const unsigned char *s = (const unsigned char *)hx_buf_str(in);

	hx_buf_reset(out);
	for (size_t i = 0; i < in->len;) {
		size_t n = s[i] < 0x80 ? 1 : s[i] < 0xE0 ? 2 : s[i] < 0xF0 ? 3 : 4;
		uint32_t cp = n == 4 ? (uint32_t)(s[i] & 7) << 18 |
					       (uint32_t)(s[i + 1] & 0x3F) << 12 |
					       (uint32_t)(s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F)
				     : 0;
		bool code =
			cp >= HX_SEG_PLACEHOLDER && cp < HX_SEG_PLACEHOLDER_END + HX_SEG_MAX_SPANS;
		int k = !code                          ? -1
			: cp >= HX_SEG_PLACEHOLDER_END ? (int)(cp - HX_SEG_PLACEHOLDER_END)
						       : (int)(cp - HX_SEG_PLACEHOLDER);

		if (code && map[k] < 0) {
			*missing = k;
			return false;
		}
		if (!code)
			hx_buf_add(out, s + i, n);
		else if (cp >= HX_SEG_PLACEHOLDER_END)
			hx_placeholder_end_add(out, (unsigned)map[k]);
		else
			hx_placeholder_add(out, (unsigned)map[k]);
		i += n;
	}
	return true;
}

/* The placeholder numbers of a pair: hexaglot's own, else by first appearance in the source. */
static void number_codes(struct tmx_import *im, const struct hx_buf *source)
{
	const unsigned char *s = (const unsigned char *)hx_buf_str(source);
	int next = 0;

	for (size_t k = 0; k < im->codes->n; k++)
		im->map[k] = im->hexaglot ? im->codes->v[k].hx_n : -1;
	if (im->hexaglot)
		return;
	for (size_t i = 0; i + 3 < source->len; i++) {
		uint32_t cp;
		size_t k;

		if (s[i] != 0xF4)
			continue;
		cp = (uint32_t)(s[i] & 7) << 18 | (uint32_t)(s[i + 1] & 0x3F) << 12 |
		     (uint32_t)(s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F);
		k = cp >= HX_SEG_PLACEHOLDER_END ? cp - HX_SEG_PLACEHOLDER_END
						 : cp - HX_SEG_PLACEHOLDER;
		if (k < im->codes->n && im->map[k] < 0)
			im->map[k] = next++;
	}
}

static void count_outcome(struct hx_tmx_stats *st, enum hx_tm_outcome o)
{
	switch (o) {
	case HX_TM_ADDED:
		st->added++;
		break;
	case HX_TM_REPLACED:
		st->replaced++;
		break;
	case HX_TM_KEPT:
		st->kept++;
		break;
	}
}

static enum hx_err import_pair(struct tmx_import *im, enum hx_lang s, enum hx_lang t)
{
	struct hx_tm_entry e = {0};
	struct hx_diag put = {0};
	enum hx_tm_outcome outcome;
	enum hx_err err;
	int missing = -1;

	im->map = hx_xreallocarray(im->map, im->codes->n + 1, sizeof(*im->map));
	number_codes(im, &im->tuv[s].text);
	if (!render(&im->tuv[s].text, im->map, &im->src_text, &missing) ||
	    !render(&im->tuv[t].text, im->map, &im->tgt_text, &missing)) {
		hx_warn(im->diag,
			"%s:%u: the %s text has an inline code (%s) its %s source lacks; "
			"%s-%s skipped",
			im->name, im->tu_line, hx_lang_get(t)->code, im->codes->v[missing].key,
			hx_lang_get(s)->code, hx_lang_get(s)->code, hx_lang_get(t)->code);
		im->st->skipped++;
		return HX_OK;
	}
	e.src = s;
	e.tgt = t;
	e.source = im->src_text.data;
	e.source_len = im->src_text.len;
	e.target = im->tgt_text.data;
	e.target_len = im->tgt_text.len;
	e.origin = im->opts.origin == HX_TM_MT || (im->origin_given && im->origin == HX_TM_MT)
			   ? HX_TM_MT
			   : HX_TM_HUMAN;
	e.engine = im->engine;
	/* the target's dates (OmegaT's place for them), else the TU's; one stands for both */
	e.updated = im->tuv[t].updated[0] ? im->tuv[t].updated
		    : im->tu_updated[0]   ? im->tu_updated
					  : NULL;
	e.created = im->tuv[t].created[0] ? im->tuv[t].created
		    : im->tu_created[0]   ? im->tu_created
					  : e.updated;
	e.uses = im->usage;
	err = hx_tm_put(im->tm, &e, &outcome, &put);
	if (err == HX_E_EMPTY || err == HX_E_LIMIT || err == HX_E_DECODE) {
		hx_warn(im->diag, "%s:%u: %s-%s skipped: %s", im->name, im->tu_line,
			hx_lang_get(s)->code, hx_lang_get(t)->code, put.msg);
		im->st->skipped++;
		return HX_OK;
	}
	if (err)
		return hx_fail(im->diag, err, "%s", put.msg);
	count_outcome(im->st, outcome);
	return HX_OK;
}

/* Every pair of the TU: from its srclang (else the header's) when present, else all. */
static enum hx_err tu_end(struct tmx_import *im)
{
	enum hx_lang only = im->tu_src_given ? im->tu_src : im->header_src;
	enum hx_err err = HX_OK;

	im->tu_depth = -1;
	if (im->opts.all_pairs || only == HX_LANG_NONE || !im->tuv[only].present)
		only = HX_LANG_NONE;
	for (int s = 0; s < HX_LANG_COUNT && !err; s++) {
		if (!im->tuv[s].present || (only != HX_LANG_NONE && s != (int)only))
			continue;
		for (int t = 0; t < HX_LANG_COUNT && !err; t++) {
			if (t == s || !im->tuv[t].present)
				continue;
			im->st->pairs++;
			if (im->tuv[s].bad || im->tuv[t].bad)
				im->st->skipped++; /* warned when found */
			else
				err = import_pair(im, s, t);
		}
	}
	return err;
}

static enum hx_err element_end(struct tmx_import *im, int depth)
{
	if (im->code_depth >= 0) {
		if (depth == im->code_depth)
			code_end(im);
		return HX_OK;
	}
	if (im->seg_depth >= 0) {
		if (depth == im->seg_depth)
			im->seg_depth = -1; /* a <bpt> left open stays a plain placeholder */
		return HX_OK;
	}
	if (depth == im->prop_depth)
		prop_end(im);
	else if (depth == im->tuv_depth) {
		im->tuv_depth = -1;
		im->cur = -1;
	} else if (depth == im->tu_depth)
		return tu_end(im);
	return HX_OK;
}

static void text_node(struct tmx_import *im)
{
	const char *v = (const char *)xmlTextReaderConstValue(im->r);
	size_t n = v ? strlen(v) : 0;

	if (!n)
		return;
	if (im->code_depth >= 0) {
		size_t room = TMX_CODE_KEY_MAX - im->code_text.len;

		hx_buf_add(&im->code_text, v, n < room ? n : room);
	} else if (im->seg_depth >= 0 && im->cur >= 0 && !im->tuv[im->cur].bad) {
		/* U+100000..U+10FFFF (lead byte F4) are hexaglot's placeholders, never text */
		if (memchr(v, 0xF4, n))
			tuv_bad(im, "a character from the private-use plane 16");
		else if (hx_buf_add(&im->tuv[im->cur].text, v, n))
			tuv_bad(im, "a text over the size cap");
	} else if (im->prop && im->prop_text.len + n < TMX_PROP_MAX)
		hx_buf_add(&im->prop_text, v, n);
}

static enum hx_err on_node(struct tmx_import *im)
{
	int type = xmlTextReaderNodeType(im->r), depth = xmlTextReaderDepth(im->r);
	enum hx_err err = HX_OK;

	switch (type) {
	case XML_READER_TYPE_ELEMENT:
		err = element_start(im, (const char *)xmlTextReaderConstLocalName(im->r), depth);
		if (!err && xmlTextReaderIsEmptyElement(im->r))
			err = element_end(im, depth);
		break;
	case XML_READER_TYPE_END_ELEMENT:
		err = element_end(im, depth);
		break;
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		text_node(im);
		break;
	default:
		break;
	}
	return err;
}

static enum hx_err read_error(struct tmx_import *im, const struct tmx_input *in)
{
	if (in && in->over)
		return hx_fail(im->diag, HX_E_LIMIT,
			       "'%s' is over the size cap of %zu bytes; the file is refused (raise "
			       "the cap with --max-size)",
			       im->name, in->max);
	if (in && in->errnum)
		return hx_fail(im->diag, HX_E_IO, "cannot read '%s': %s", im->name,
			       strerror(in->errnum));
	return hx_fail(im->diag, HX_E_FORMAT,
		       "%s:%d: not well-formed XML: %s; the file is refused, nothing imported",
		       im->name, im->err_line,
		       im->err_set ? im->err_msg : "the document ends early");
}

static void import_init(struct tmx_import *im, struct hx_tm *tm, const char *name,
			const struct hx_tmx_opts *opts, struct hx_tmx_stats *st,
			struct hx_diag *diag)
{
	memset(im, 0, sizeof(*im));
	memset(st, 0, sizeof(*st));
	im->tm = tm;
	im->name = name;
	if (opts)
		im->opts = *opts;
	if (!im->opts.max_bytes)
		im->opts.max_bytes = HX_TMX_MAX_BYTES;
	im->st = st;
	im->diag = diag;
	im->header_src = HX_LANG_NONE;
	im->tu_depth = im->tuv_depth = im->seg_depth = im->prop_depth = im->code_depth = -1;
	im->cur = -1;
	im->codes = hx_xcalloc(1, sizeof(*im->codes));
	im->natives = hx_xcalloc(1, sizeof(*im->natives));
	im->codes->gen = im->natives->gen = 1;
	for (int l = 0; l < HX_LANG_COUNT; l++)
		hx_buf_init(&im->tuv[l].text, HX_TM_MAX_TEXT);
	hx_buf_init(&im->prop_text, 0);
	hx_buf_init(&im->code_text, 0);
	hx_buf_init(&im->src_text, 0);
	hx_buf_init(&im->tgt_text, 0);
}

static void import_release(struct tmx_import *im)
{
	for (int l = 0; l < HX_LANG_COUNT; l++)
		hx_buf_release(&im->tuv[l].text);
	table_free(im->codes);
	table_free(im->natives);
	free(im->map);
	hx_buf_release(&im->prop_text);
	hx_buf_release(&im->code_text);
	hx_buf_release(&im->src_text);
	hx_buf_release(&im->tgt_text);
	if (im->r)
		xmlFreeTextReader(im->r);
}

/* Reads the whole document in one transaction: a refused file leaves tm as it was. */
static enum hx_err import_run(struct tmx_import *im, const struct tmx_input *in)
{
	enum hx_err err;
	int rc;

	if (!im->r && im->err_set)
		return read_error(im, in);
	if (!im->r)
		return hx_fail(im->diag, HX_E_INTERNAL, "'%s': cannot start the XML reader",
			       im->name);
	xmlTextReaderSetStructuredErrorHandler(im->r, keep_error, im);
	if ((err = hx_tm_begin(im->tm, im->diag)))
		return err;
	while ((rc = xmlTextReaderRead(im->r)) == 1 && !err)
		err = on_node(im);
	if (!err && rc < 0)
		err = read_error(im, in);
	if (!err && !im->seen_root)
		err = hx_fail(im->diag, HX_E_FORMAT, "'%s' is empty: not TMX", im->name);
	if (err) {
		hx_tm_rollback(im->tm, NULL);
		return err;
	}
	return hx_tm_commit(im->tm, im->diag);
}

enum hx_err hx_tm_import_tmx(struct hx_tm *tm, const char *path, const struct hx_tmx_opts *opts,
			     struct hx_tmx_stats *stats, struct hx_diag *diag)
{
	struct hx_tmx_stats scratch;
	struct tmx_import im;
	struct tmx_input in = {-1, 0, 0, false, 0};
	struct stat sb;
	enum hx_err err;

	import_init(&im, tm, path, opts, stats ? stats : &scratch, diag);
	in.max = im.opts.max_bytes;
	in.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (in.fd < 0)
		err = hx_fail(diag, HX_E_IO, "cannot open '%s': %s", path, strerror(errno));
	else if (fstat(in.fd, &sb) == 0 && S_ISREG(sb.st_mode) && (size_t)sb.st_size > in.max)
		err = hx_fail(diag, HX_E_LIMIT,
			      "'%s' is %jd bytes, over the size cap of %zu bytes; the file is "
			      "refused (raise the cap with --max-size)",
			      path, (intmax_t)sb.st_size, in.max);
	else {
		/* encoding and I/O errors go to the global handler: kept, not printed */
		xmlSetStructuredErrorFunc(&im, keep_error);
		/* closes in.fd, also when it fails */
		im.r = xmlReaderForIO(input_read, input_close, &in, path, NULL, TMX_PARSE_OPTIONS);
		err = import_run(&im, &in);
		xmlSetStructuredErrorFunc(NULL, NULL);
	}
	import_release(&im);
	input_close(&in);
	return err;
}

enum hx_err hx_tm_import_tmx_data(struct hx_tm *tm, const char *name, const char *data, size_t len,
				  const struct hx_tmx_opts *opts, struct hx_tmx_stats *stats,
				  struct hx_diag *diag)
{
	struct hx_tmx_stats scratch;
	struct tmx_import im;
	enum hx_err err;

	import_init(&im, tm, name, opts, stats ? stats : &scratch, diag);
	if (len > im.opts.max_bytes || len > INT_MAX)
		err = hx_fail(
			diag, HX_E_LIMIT,
			"'%s' is %zu bytes, over the size cap of %zu bytes; the file is refused",
			name, len, im.opts.max_bytes);
	else if (!len)
		err = hx_fail(diag, HX_E_FORMAT, "'%s' is empty: not TMX", name);
	else {
		xmlSetStructuredErrorFunc(&im, keep_error);
		im.r = xmlReaderForMemory(data, (int)len, name, NULL, TMX_PARSE_OPTIONS);
		err = import_run(&im, NULL);
		xmlSetStructuredErrorFunc(NULL, NULL);
	}
	import_release(&im);
	return err;
}

/* Writing ----------------------------------------------------------------------------------- */

struct tmx_writer {
	struct hx_buf *out;
	enum hx_err err; /* sticky: the first failure to append */
	size_t units;
	/* per placeholder number, for the text being written */
	uint16_t nopen[HX_SEG_MAX_SPANS], nend[HX_SEG_MAX_SPANS];
	uint32_t first_open[HX_SEG_MAX_SPANS], first_end[HX_SEG_MAX_SPANS];
};

static void put(struct tmx_writer *w, const char *s)
{
	if (!w->err)
		w->err = hx_buf_adds(w->out, s);
}

static void putf(struct tmx_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct tmx_writer *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (!w->err)
		w->err = hx_buf_vaddf(w->out, fmt, ap);
	va_end(ap);
}

/* The code point at s[*i] of a text from the database; U+FFFD for a byte out of place. */
static uint32_t next_cp(const unsigned char *s, size_t len, size_t *i)
{
	unsigned c = s[*i];
	size_t n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	uint32_t cp = n == 3 ? c & 7 : n == 2 ? c & 15 : n == 1 ? c & 31 : c;

	if (c >= 0x80 && (n == 0 || c > 0xF4 || len - *i <= n)) {
		(*i)++;
		return 0xFFFD;
	}
	for (size_t k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xC0) != 0x80) {
			(*i)++;
			return 0xFFFD;
		}
		cp = cp << 6 | (s[*i + k] & 0x3F);
	}
	*i += n + 1;
	return (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF ? 0xFFFD : cp;
}

/* Escaped text; what XML 1.0 cannot carry becomes U+FFFD. */
static void put_text(struct tmx_writer *w, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;

	for (size_t i = 0; i < len && !w->err;) {
		size_t start = i;
		uint32_t cp = next_cp(s, len, &i);

		if (cp == '&')
			put(w, "&amp;");
		else if (cp == '<')
			put(w, "&lt;");
		else if (cp == '>')
			put(w, "&gt;");
		else if (cp == '"')
			put(w, "&quot;");
		else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE ||
			 cp == 0xFFFF || (cp == 0xFFFD && i - start == 1))
			put(w, "\xEF\xBF\xBD");
		else if (!w->err)
			w->err = hx_buf_add(w->out, s + start, i - start);
	}
}

/* Counts each placeholder and end mark of text, and where each first comes. */
static void scan_codes(struct tmx_writer *w, const char *text, size_t len, bool reset)
{
	const unsigned char *s = (const unsigned char *)text;
	uint32_t ordinal = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp = next_cp(s, len, &i);
		int n = hx_placeholder_index(cp), e = hx_placeholder_end_index(cp);

		if (n >= 0 && n < HX_SEG_MAX_SPANS) {
			if (reset)
				w->nopen[n] = 0;
			else if (w->nopen[n]++ == 0)
				w->first_open[n] = ordinal;
		} else if (e >= 0 && e < HX_SEG_MAX_SPANS) {
			if (reset)
				w->nend[e] = 0;
			else if (w->nend[e]++ == 0)
				w->first_end[e] = ordinal;
		}
		ordinal++;
	}
}

static bool paired(const struct tmx_writer *w, int n)
{
	return w->nopen[n] == 1 && w->nend[n] == 1 && w->first_open[n] < w->first_end[n];
}

/*
 * Placeholder N is <ph x="N+1"/>; a span that encloses words is <bpt i="N+1"
 * x="N+1"/> ... <ept i="N+1"/>; an end mark without its placeholder before it
 * is <it pos="end" x="N+1"/>, so that every text round-trips.
 */
static void put_seg(struct tmx_writer *w, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t run = 0;

	scan_codes(w, text, len, false);
	put(w, "<seg>");
	for (size_t i = 0; i < len;) {
		size_t start = i;
		uint32_t cp = next_cp(s, len, &i);
		int n = hx_placeholder_index(cp), e = hx_placeholder_end_index(cp);

		if ((n < 0 || n >= HX_SEG_MAX_SPANS) && (e < 0 || e >= HX_SEG_MAX_SPANS))
			continue;
		put_text(w, text + run, start - run);
		run = i;
		if (n >= 0)
			putf(w, paired(w, n) ? "<bpt i=\"%d\" x=\"%d\"/>" : "<ph x=\"%d\"/>", n + 1,
			     n + 1);
		else
			putf(w, paired(w, e) ? "<ept i=\"%d\"/>" : "<it pos=\"end\" x=\"%d\"/>",
			     e + 1);
	}
	put_text(w, text + run, len - run);
	put(w, "</seg>");
	scan_codes(w, text, len, true);
}

/* "2025-06-30T22:15:04Z" as TMX's "20250630T221504Z". */
static void put_date(struct tmx_writer *w, const char *attr, const char *iso)
{
	if (iso && strlen(iso) == 20)
		putf(w, " %s=\"%.4s%.2s%.2sT%.2s%.2s%.2sZ\"", attr, iso, iso + 5, iso + 8, iso + 11,
		     iso + 14, iso + 17);
}

static enum hx_err write_unit(const struct hx_tm_entry *e, void *ctx, struct hx_diag *diag)
{
	struct tmx_writer *w = ctx;
	const char *src = hx_lang_get(e->src)->code, *tgt = hx_lang_get(e->tgt)->code;

	(void)diag;
	putf(w, "    <tu tuid=\"%s-%s-%.16s\" srclang=\"%s\"", src, tgt, e->key ? e->key : "", src);
	put_date(w, "creationdate", e->created);
	put_date(w, "changedate", e->updated);
	putf(w, " usagecount=\"%" PRIu64 "\">\n", e->uses);
	putf(w, "      <prop type=\"x-origin\">%s</prop>\n", hx_tm_origin_name(e->origin));
	if (e->engine && *e->engine) {
		put(w, "      <prop type=\"x-engine\">");
		put_text(w, e->engine, strlen(e->engine));
		put(w, "</prop>\n");
	}
	putf(w, "      <tuv xml:lang=\"%s\">", src);
	put_seg(w, e->source, e->source_len);
	putf(w, "</tuv>\n      <tuv xml:lang=\"%s\">", tgt);
	put_seg(w, e->target, e->target_len);
	put(w, "</tuv>\n    </tu>\n");
	w->units++;
	return w->err;
}

enum hx_err hx_tm_write_tmx(struct hx_tm *tm, enum hx_lang src, enum hx_lang tgt,
			    struct hx_buf *out, size_t *units, struct hx_diag *diag)
{
	struct tmx_writer *w = hx_xcalloc(1, sizeof(*w));
	char now[21];
	time_t t = time(NULL);
	struct tm g;
	enum hx_err err;

	w->out = out;
	gmtime_r(&t, &g);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &g);
	/* no DOCTYPE: Java tools load a named DTD even when they do not validate */
	put(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
	putf(w,
	     "  <header creationtool=\"hexaglot\" creationtoolversion=\"%s\""
	     " datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"%s\""
	     " o-tmf=\"hexaglot\"",
	     HX_VERSION, hx_lang_get(src) ? hx_lang_get(src)->code : "*all*");
	put_date(w, "creationdate", now);
	put(w, "/>\n  <body>\n");
	err = w->err ? w->err : hx_tm_foreach(tm, src, tgt, write_unit, w, diag);
	put(w, "  </body>\n</tmx>\n");
	if (!err)
		err = w->err;
	if (err == HX_E_LIMIT)
		hx_fail(diag, err,
			"the TMX export of '%s' is over the size cap of %zu bytes; export one pair "
			"at a time (--from, --to) or raise the cap with --max-size",
			hx_tm_path(tm), out->max);
	if (units)
		*units = w->units;
	free(w);
	return err;
}

/*
 * NEEDSWORK: the file is built in memory because hx_file_write_atomic takes
 * a buffer; about 720 bytes a unit (measured), so the default cap (what an
 * import takes) holds some 370,000 units. A streaming atomic writer in fsio
 * would lift it.
 */
enum hx_err hx_tm_export_tmx(struct hx_tm *tm, const char *path, enum hx_lang src, enum hx_lang tgt,
			     size_t max_bytes, size_t *units, struct hx_diag *diag)
{
	struct hx_buf out;
	enum hx_err err;

	hx_buf_init(&out, max_bytes ? max_bytes : HX_TMX_MAX_BYTES);
	err = hx_tm_write_tmx(tm, src, tgt, &out, units, diag);

	if (!err)
		err = hx_file_write_atomic(path, hx_buf_str(&out), out.len, diag);
	hx_buf_release(&out);
	return err;
}
