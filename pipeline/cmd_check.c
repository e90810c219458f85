/*
 * `hexaglot check SOURCE TARGET`: the qa checks on any aligned pair of
 * documents (a draft, a post-edited draft, a human translation), both cut
 * into blocks and sentences as the pipeline cuts them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "driver.h"
#include "fsio.h"
#include "log.h"
#include "mem.h"
#include "qa.h"
#include "xliff.h"
#include "../stages/terms/terms.h"

/* Exit statuses of `check` (documented in --help, README and the man page). */
enum { CHECK_CLEAN = 0, CHECK_FOUND = 1, CHECK_USAGE = 2, CHECK_BAD_INPUT = 4, CHECK_INTERNAL = 70 };

void hx_cmd_check_usage(void)
{
	printf("usage: hexaglot check SOURCE.md TARGET.md [--from L] [--to L] [options]\n"
	       "\n"
	       "Runs the quality checks of the qa stage on a source document and its\n"
	       "translation (a draft, a post-edited draft, any human translation): both are\n"
	       "converted and cut into blocks and sentences as the pipeline does, aligned block\n"
	       "by block, and sentence by sentence where a block has as many sentences on both\n"
	       "sides (else the block is checked whole). Checks: spelling (hunspell), markup,\n"
	       "numbers (any convention), paragraph numbers, UN document symbols, URLs,\n"
	       "terminology (glossary), untranslated text, consistency, length.\n"
	       "\n"
	       "Options:\n"
	       "      --from LANG            the source's language (%s); default: detected\n"
	       "      --to LANG              the target's language; default: detected\n"
	       "      --max-severity LEVEL   info, warning or error (default): exit 1 when a\n"
	       "                             finding at or above LEVEL exists\n"
	       "      --json                 one JSON object per finding, one per line\n"
	       "      --xliff FILE           also write the pair as XLIFF 1.2, a unit per block,\n"
	       "                             the findings as notes (for pofilter, CAT tools)\n"
	       "      --glossaries DIR       the glossary folder (default: HEXAGLOT_GLOSSARIES,\n"
	       "                             else ./glossaries, else the installed one)\n"
	       "      --config FILE          settings (default: ./hexaglot.conf when it exists)\n"
	       "  -h, --help                 show this help\n"
	       "\n"
	       "Findings print as FILE:LINE: SEVERITY: CHECK: MESSAGE [suggestion].\n"
	       "\n"
	       "Exit status: 0 no finding at or above --max-severity; 1 such findings;\n"
	       "2 usage error; 4 the files cannot be compared (unreadable, not UTF-8,\n"
	       "blocks that do not align, a language other than --from/--to); 70 internal\n"
	       "error.\n",
	       hx_lang_list());
}

struct check_opts {
	const char *src_path, *tgt_path;
	enum hx_lang from, to;
	enum hx_qa_severity max;
	bool json;
	const char *glossaries, *config, *xliff;
};

static int usage(const char *what, const char *arg)
{
	fprintf(stderr, "hexaglot check: %s%s%s\nTry 'hexaglot check --help'.\n", what,
		arg ? " " : "", arg ? arg : "");
	return CHECK_USAGE;
}

enum { OPT_FROM = 256, OPT_TO, OPT_MAX, OPT_JSON, OPT_GLOSSARIES, OPT_CONFIG, OPT_XLIFF };

static int parse_args(int argc, char **argv, struct check_opts *o)
{
	static const struct option longopts[] = {
		{"from", required_argument, NULL, OPT_FROM},
		{"to", required_argument, NULL, OPT_TO},
		{"max-severity", required_argument, NULL, OPT_MAX},
		{"json", no_argument, NULL, OPT_JSON},
		{"xliff", required_argument, NULL, OPT_XLIFF},
		{"glossaries", required_argument, NULL, OPT_GLOSSARIES},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FROM:
		case OPT_TO:
			*(c == OPT_FROM ? &o->from : &o->to) = hx_lang_parse(optarg);
			if (hx_lang_parse(optarg) == HX_LANG_NONE)
				return usage("unknown language (use ar, zh, en, fr, ru or es):",
					     optarg);
			break;
		case OPT_MAX:
			if (!hx_qa_severity_parse(optarg, &o->max))
				return usage("--max-severity takes info, warning or error, not", optarg);
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_XLIFF:
			o->xliff = optarg;
			break;
		case OPT_GLOSSARIES:
			o->glossaries = optarg;
			break;
		case OPT_CONFIG:
			o->config = optarg;
			break;
		case 'h':
			hx_cmd_check_usage();
			exit(0);
		default:
			return usage("bad option", NULL);
		}
	}
	if (argc - optind != 2)
		return usage("expected two files: SOURCE and TARGET", NULL);
	o->src_path = argv[optind];
	o->tgt_path = argv[optind + 1];
	return 0;
}

/* The byte offset of the first invalid UTF-8 sequence in s, or SIZE_MAX. */
static size_t utf8_error_at(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned c = s[i];
		size_t n = c < 0x80 ? 0 : c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2
			 : c >= 0xF0 && c < 0xF5 ? 3 : 9;
		unsigned cp;

		if (n == 9 || i + n >= len + (n ? 0 : 1))
			return i;
		cp = n ? c & (0x3F >> n) : c;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return i;
		i += n + 1;
	}
	return SIZE_MAX;
}

/* Reads, checks UTF-8, and converts and segments path as the pipeline does. */
static int load(struct hx_config *cfg, const char *path, enum hx_lang lang, struct hx_doc **out,
		char **text)
{
	struct hx_buf raw = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	struct hx_pipeline p;
	struct hx_doc *doc;
	size_t bad;
	enum hx_err err;

	*out = NULL;
	if (hx_file_read(path, cfg->max_input, &raw, &diag)) {
		fprintf(stderr, "hexaglot check: %s\n", hx_diag_message(&diag));
		hx_diag_release(&diag);
		hx_buf_release(&raw);
		return CHECK_BAD_INPUT;
	}
	bad = utf8_error_at((const unsigned char *)hx_buf_str(&raw), raw.len);
	free(*text);
	*text = hx_buf_detach(&raw, NULL);
	if (bad != SIZE_MAX) {
		fprintf(stderr, "hexaglot check: '%s' is not UTF-8: invalid byte sequence at byte %zu; "
			"convert it first (hexaglot convert FILE -o FILE.md)\n", path, bad);
		return CHECK_BAD_INPUT;
	}
	cfg->from = lang;
	err = hx_pipeline_init(&p, cfg, "decode", "segment");
	doc = hx_doc_new(path);
	doc->targets = (1u << HX_LANG_COUNT) - 1; /* the segment stage cuts only what has targets */
	if (!err)
		err = hx_pipeline_process(&p, doc);
	if (err) {
		fprintf(stderr, "hexaglot check: %s\n", hx_diag_message(&p.diag));
		hx_pipeline_release(&p);
		hx_doc_free(doc);
		return err == HX_E_INTERNAL ? CHECK_INTERNAL : CHECK_BAD_INPUT;
	}
	hx_pipeline_release(&p);
	*out = doc;
	return 0;
}


/* The blocks that carry text (code and raw HTML are copied, not translated). */
static size_t text_blocks(const struct hx_doc *doc, uint32_t **out)
{
	size_t n = 0;

	*out = hx_xreallocarray(NULL, doc->segs.nblocks + 1, sizeof(**out));
	for (size_t b = 0; b < doc->segs.nblocks; b++)
		if (doc->segs.blocks[b].kind != HX_BLOCK_VERBATIM && doc->segs.blocks[b].nsegs)
			(*out)[n++] = (uint32_t)b;
	return n;
}

/* Segment i of doc as Markdown (placeholders back to their text). */
static void seg_text(const struct hx_doc *doc, size_t i, struct hx_buf *out)
{
	const struct hx_segment *seg = &doc->segs.segs[i];
	struct hx_diag d = {0};

	if (hx_segment_restore(seg, seg->text, seg->len, HX_LANG_NONE, out, &d))
		hx_buf_add(out, seg->text, seg->len);
	hx_diag_release(&d);
}

/* Line of each text block in the file: its first word looked for after the previous one. */
static uint32_t *block_lines(const struct hx_doc *doc, const char *text, const uint32_t *blocks,
			     size_t n)
{
	uint32_t *lines = hx_xcalloc(n + 1, sizeof(*lines));
	const char *from = text;
	struct hx_buf b = HX_BUF_INIT(1 << 20);
	uint32_t line = 1;

	for (size_t k = 0; k < n; k++) {
		const char *w, *at;
		size_t wl = 0;

		hx_buf_reset(&b);
		seg_text(doc, doc->segs.blocks[blocks[k]].first, &b);
		for (w = hx_buf_str(&b); *w; w += wl ? wl : 1) {
			wl = strcspn(w, " \t\n\\*_[]()`<>|#");
			if (wl >= 3)
				break;
		}
		if (wl > 40)
			wl = 40;
		if (!*w || !wl)
			continue;
		at = memmem(from, strlen(from), w, wl);
		if (!at)
			continue;
		for (; from < at; from++)
			line += *from == '\n';
		lines[k] = line;
	}
	hx_buf_release(&b);
	return lines;
}

static const char *kind_name(enum hx_block_kind k)
{
	switch (k) {
	case HX_BLOCK_PARAGRAPH: return "paragraph";
	case HX_BLOCK_HEADING: return "heading";
	case HX_BLOCK_ITEM: return "list item";
	case HX_BLOCK_CELL: return "table cell";
	case HX_BLOCK_FOOTNOTE: return "footnote";
	case HX_BLOCK_VERBATIM: return "verbatim block";
	case HX_BLOCK_KINDS: break;
	}
	return "block";
}

struct side {
	const char *path;
	struct hx_doc *doc;
	char *text; /* the file as read */
	uint32_t *blocks, *lines;
	size_t n;
};

/* Where two documents stop aligning: the first block whose kind differs, else the shorter's end. */
static int misaligned(const struct side *s, const struct side *t)
{
	size_t i = 0, m = s->n < t->n ? s->n : t->n;

	for (; i < m; i++) {
		const struct hx_block *a = &s->doc->segs.blocks[s->blocks[i]];
		const struct hx_block *b = &t->doc->segs.blocks[t->blocks[i]];

		if (a->kind != b->kind || a->level != b->level)
			break;
	}
	if (i == m && s->n == t->n)
		return 0;
	fprintf(stderr, "hexaglot check: '%s' and '%s' do not align: %zu blocks against %zu; ",
		s->path, t->path, s->n, t->n);
	if (i < m)
		fprintf(stderr, "they diverge at block %zu: a %s at %s:%u, a %s at %s:%u\n", i + 1,
			kind_name(s->doc->segs.blocks[s->blocks[i]].kind), s->path, s->lines[i],
			kind_name(t->doc->segs.blocks[t->blocks[i]].kind), t->path, t->lines[i]);
	else {
		const struct side *l = s->n > t->n ? s : t;

		fprintf(stderr, "block %zu (%s:%u) has no counterpart in '%s'\n", i + 1, l->path,
			l->lines[i], l == s ? t->path : s->path);
	}
	return CHECK_BAD_INPUT;
}

struct unit {
	char *src, *tgt;
	uint32_t line, anchor, segno;
};

static void block_text(const struct hx_doc *doc, const struct hx_block *b, struct hx_buf *out)
{
	for (uint32_t k = 0; k < b->nsegs; k++) {
		if (k)
			hx_buf_adds(out, b->seps && b->seps[k - 1] ? b->seps[k - 1] : " ");
		seg_text(doc, b->first + k, out);
	}
}

/* The units to check: sentence pairs where the counts agree, else whole blocks. */
static size_t make_units(const struct side *s, const struct side *t, struct unit **out)
{
	struct hx_buf a = HX_BUF_INIT(1 << 20), b = HX_BUF_INIT(1 << 20);
	struct unit *v = NULL;
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct hx_block *sb = &s->doc->segs.blocks[s->blocks[i]];
		const struct hx_block *tb = &t->doc->segs.blocks[t->blocks[i]];
		bool by_seg = sb->nsegs == tb->nsegs;
		uint32_t k, parts = by_seg ? sb->nsegs : 1;

		v = hx_xreallocarray(v, n + parts, sizeof(*v));
		for (k = 0; k < parts; k++) {
			hx_buf_reset(&a);
			hx_buf_reset(&b);
			if (by_seg) {
				seg_text(s->doc, sb->first + k, &a);
				seg_text(t->doc, tb->first + k, &b);
			} else {
				block_text(s->doc, sb, &a);
				block_text(t->doc, tb, &b);
			}
			v[n] = (struct unit){hx_xstrdup(hx_buf_str(&a)), hx_xstrdup(hx_buf_str(&b)),
					     t->lines[i], sb->anchor, (uint32_t)i};
			n++;
		}
	}
	hx_buf_release(&a);
	hx_buf_release(&b);
	*out = v;
	return n;
}

static const struct unit *sort_base;

static int by_src(const void *x, const void *y)
{
	const size_t *a = x, *b = y;
	int c = strcmp(sort_base[*a].src, sort_base[*b].src);

	return c ? c : (*a > *b) - (*a < *b);
}

/* The same source sentence translated two ways within the pair. */
static void check_consistency(const struct unit *u, size_t n, enum hx_lang to,
			      struct hx_qa_findings *out)
{
	size_t *idx = hx_xreallocarray(NULL, n + 1, sizeof(*idx));

	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	sort_base = u;
	qsort(idx, n, sizeof(*idx), by_src);
	for (size_t i = 1, first = 0; i < n; i++) {
		const struct unit *a = &u[idx[first]], *b = &u[idx[i]];
		struct hx_qa_finding *f;

		if (strcmp(a->src, b->src)) {
			first = i;
			continue;
		}
		if (strlen(a->src) < 12 || !strcmp(a->tgt, b->tgt))
			continue;
		f = hx_qa_findings_add(out, b->segno, b->anchor, to, HX_QA_CONSISTENCY, HX_QA_WARNING,
				       a->tgt, "'%.80s' is translated differently from line %u",
				       b->src, a->line);
		if (f)
			f->line = b->line;
	}
	free(idx);
}

/* The pair as XLIFF, block by block, the findings as notes (hx_xliff_write_pairs). */
static int write_xliff(const char *path, const struct side *s, const struct side *t,
		       const struct hx_qa_findings *found)
{
	struct hx_xliff_pair *v = hx_xcalloc(s->n + 1, sizeof(*v));
	struct hx_xliff_note *notes = hx_xcalloc(found->n + 1, sizeof(*notes));
	struct hx_buf *texts = hx_xcalloc(2 * s->n + 1, sizeof(*texts)), out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	enum hx_err err;

	for (size_t i = 0; i < s->n; i++) {
		hx_buf_init(&texts[2 * i], 0);
		hx_buf_init(&texts[2 * i + 1], 0);
		block_text(s->doc, &s->doc->segs.blocks[s->blocks[i]], &texts[2 * i]);
		block_text(t->doc, &t->doc->segs.blocks[t->blocks[i]], &texts[2 * i + 1]);
		v[i] = (struct hx_xliff_pair){s->doc->segs.blocks[s->blocks[i]].anchor,
					      hx_buf_str(&texts[2 * i]), hx_buf_str(&texts[2 * i + 1])};
	}
	for (size_t i = 0; i < found->n; i++) {
		notes[i].seg = found->v[i].seg; /* check numbers its findings by aligned block */
		notes[i].text = hx_xliff_finding_note(&found->v[i], &notes[i].priority);
	}
	err = hx_xliff_write_pairs(t->path, s->doc->lang, t->doc->lang, v, s->n, notes, found->n,
				   &out, &diag);
	if (!err)
		err = hx_file_write_atomic(path, out.data, out.len, &diag);
	if (err)
		fprintf(stderr, "hexaglot check: %s\n", hx_diag_message(&diag));
	for (size_t i = 0; i < found->n; i++)
		free((char *)notes[i].text);
	for (size_t i = 0; i < 2 * s->n; i++)
		hx_buf_release(&texts[i]);
	free(texts);
	free(notes);
	free(v);
	hx_buf_release(&out);
	hx_diag_release(&diag);
	return err ? CHECK_BAD_INPUT : 0;
}

static void print_findings(const struct hx_qa_findings *f, const char *path, bool json)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct hx_qa_finding *x = &f->v[i];

		if (json) {
			char *s = hx_qa_finding_json(x, path);

			printf("%s\n", s);
			free(s);
			continue;
		}
		if (x->line)
			printf("%s:%u: ", path, x->line);
		else
			printf("%s: ", path);
		printf("%s: %s: %s", hx_qa_severity_name(x->severity), hx_qa_check_name(x->check),
		       x->message);
		if (x->suggestion)
			printf(" [suggestion: %s]", x->suggestion);
		putchar('\n');
	}
	if (f->dropped && !json)
		printf("%s: %zu more findings not shown\n", path, f->dropped);
}

/* Detects the language of path, or checks it against the one given. */
static int load_side(struct hx_config *cfg, const char *path, enum hx_lang given, const char *opt,
		     struct side *out)
{
	int st = load(cfg, path, HX_LANG_NONE, &out->doc, &out->text);

	out->path = path;
	if (st)
		return st;
	if (given != HX_LANG_NONE && out->doc->lang != HX_LANG_NONE && out->doc->lang != given) {
		fprintf(stderr, "hexaglot check: '%s' looks %s, not %s as %s says; check the file "
			"or the option\n", path, hx_lang_get(out->doc->lang)->name,
			hx_lang_get(given)->name, opt);
		return CHECK_BAD_INPUT;
	}
	if (out->doc->lang == HX_LANG_NONE && given == HX_LANG_NONE) {
		fprintf(stderr, "hexaglot check: cannot tell the language of '%s': give %s\n", path,
			opt);
		return CHECK_BAD_INPUT;
	}
	if (out->doc->lang == HX_LANG_NONE) {
		hx_doc_free(out->doc);
		if ((st = load(cfg, path, given, &out->doc, &out->text)))
			return st;
	}
	out->n = text_blocks(out->doc, &out->blocks);
	out->lines = block_lines(out->doc, out->text, out->blocks, out->n);
	return 0;
}

static void side_release(struct side *s)
{
	hx_doc_free(s->doc);
	free(s->text);
	free(s->blocks);
	free(s->lines);
}

static int check_units(const struct check_opts *o, struct hx_config *cfg, const struct side *s,
		       const struct side *t, struct hx_qa_findings *found)
{
	struct hx_glossary_opts gopts = {.stem = true};
	struct hx_glossary *g = NULL;
	struct hx_qa_opts qopts = {0};
	struct hx_diag diag = {0};
	const char *dir = hx_config_glossary_dir(cfg, &(bool){false});
	struct hx_qa *qa = NULL;
	struct unit *u = NULL;
	size_t n = make_units(s, t, &u);
	enum hx_err err = HX_OK;

	(void)o;
	if (dir && hx_glossary_load(dir, &gopts, &g, &diag)) {
		hx_log_warn("%s (terminology not checked)", hx_diag_message(&diag));
		g = NULL;
	}
	hx_diag_release(&diag);
	qopts.glossary = g;
	err = hx_qa_new(&qopts, &qa, &diag);
	for (size_t i = 0; i < n && !err; i++) {
		const struct hx_block *sb = &s->doc->segs.blocks[s->blocks[u[i].segno]];
		const struct hx_block *tb = &t->doc->segs.blocks[t->blocks[u[i].segno]];
		bool first = i == 0 || u[i - 1].segno != u[i].segno;
		struct hx_qa_pair p = {u[i].src, strlen(u[i].src), s->doc->lang, u[i].tgt,
				       strlen(u[i].tgt), t->doc->lang, NULL, NULL, 0,
				       first ? sb->prefix : NULL, first ? tb->prefix : NULL,
				       u[i].segno, u[i].anchor, u[i].line, 0};

		if (!first)
			p.tgt_prefix = NULL;
		err = hx_qa_check_pair(qa, &p, found, &diag);
	}
	if (!err)
		check_consistency(u, n, t->doc->lang, found);
	if (err)
		fprintf(stderr, "hexaglot check: %s\n", hx_diag_message(&diag));
	for (size_t i = 0; i < n; i++) {
		free(u[i].src);
		free(u[i].tgt);
	}
	free(u);
	hx_qa_free(qa);
	hx_glossary_free(g);
	hx_diag_release(&diag);
	return err ? CHECK_INTERNAL : 0;
}

int hx_cmd_check(int argc, char **argv)
{
	struct check_opts o = {.from = HX_LANG_NONE, .to = HX_LANG_NONE, .max = HX_QA_ERROR};
	struct hx_qa_findings found = {0};
	struct side s = {0}, t = {0};
	struct hx_config cfg;
	struct hx_diag diag = {0};
	int st;

	hx_config_init(&cfg);
	st = parse_args(argc, argv, &o);
	if (!st && hx_config_load_default(&cfg, o.config, &diag)) {
		fprintf(stderr, "hexaglot check: %s\n", hx_diag_message(&diag));
		st = CHECK_USAGE;
	}
	hx_diag_release(&diag);
	if (!st && o.glossaries) {
		free(cfg.glossaries);
		cfg.glossaries = hx_xstrdup(o.glossaries);
	}
	if (!st)
		st = load_side(&cfg, o.src_path, o.from, "--from", &s);
	if (!st)
		st = load_side(&cfg, o.tgt_path, o.to, "--to", &t);
	if (!st && s.doc->lang == t.doc->lang) {
		fprintf(stderr, "hexaglot check: '%s' and '%s' are both in %s: give the source first, "
			"its translation second (--from, --to if detection is wrong)\n", s.path,
			t.path, hx_lang_get(s.doc->lang)->name);
		st = CHECK_BAD_INPUT;
	}
	if (!st)
		st = misaligned(&s, &t);
	if (!st)
		st = check_units(&o, &cfg, &s, &t, &found);
	if (!st) {
		print_findings(&found, t.path, o.json);
		if (o.xliff && write_xliff(o.xliff, &s, &t, &found))
			st = CHECK_BAD_INPUT;
		if (!st && hx_qa_findings_count(&found, HX_LANG_NONE, o.max))
			st = CHECK_FOUND;
	}
	hx_qa_findings_release(&found);
	side_release(&s);
	side_release(&t);
	hx_config_release(&cfg);
	return st;
}
