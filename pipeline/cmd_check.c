/*
 * `hexaglot check SOURCE TARGET`: the qa checks on any aligned pair of
 * documents (a draft, a post-edited draft, a human translation), both cut
 * into blocks and sentences as the pipeline cuts them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_align.h"
#include "cmd.h"
#include "driver.h"
#include "fsio.h"
#include "log.h"
#include "mem.h"
#include "qa.h"
#include "xliff.h"
#include "../stages/terms/terms.h"

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
				return usage("--max-severity takes info, warning or error, not",
					     optarg);
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

/* The pair as XLIFF, block by block, the findings as notes (hx_xliff_write_pairs). */
static int write_xliff(const char *path, const struct hx_check_side *s,
		       const struct hx_check_side *t, const struct hx_qa_findings *found)
{
	struct hx_xliff_pair *v = hx_xcalloc(s->n + 1, sizeof(*v));
	struct hx_xliff_note *notes = hx_xcalloc(found->n + 1, sizeof(*notes));
	struct hx_buf *texts = hx_xcalloc(2 * s->n + 1, sizeof(*texts)), out = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	enum hx_err err;

	for (size_t i = 0; i < s->n; i++) {
		hx_buf_init(&texts[2 * i], 0);
		hx_buf_init(&texts[2 * i + 1], 0);
		hx_check_block_text(s->doc, &s->doc->segs.blocks[s->blocks[i]], &texts[2 * i]);
		hx_check_block_text(t->doc, &t->doc->segs.blocks[t->blocks[i]], &texts[2 * i + 1]);
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

static int check_units(const struct check_opts *o, struct hx_config *cfg,
		       const struct hx_check_side *s, const struct hx_check_side *t,
		       struct hx_qa_findings *found)
{
	struct hx_glossary_opts gopts = {.stem = true};
	struct hx_glossary *g = NULL;
	struct hx_qa_opts qopts = {0};
	struct hx_diag diag = {0};
	const char *dir = hx_config_glossary_dir(cfg, &(bool){false});
	struct hx_qa *qa = NULL;
	struct hx_check_unit *u = NULL;
	size_t n = hx_check_make_units(s, t, &u);
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
		struct hx_qa_pair p = {u[i].src,
				       strlen(u[i].src),
				       s->doc->lang,
				       u[i].tgt,
				       strlen(u[i].tgt),
				       t->doc->lang,
				       NULL,
				       NULL,
				       0,
				       first ? sb->prefix : NULL,
				       first ? tb->prefix : NULL,
				       u[i].segno,
				       u[i].anchor,
				       u[i].line,
				       0};

		if (!first)
			p.tgt_prefix = NULL;
		err = hx_qa_check_pair(qa, &p, found, &diag);
	}
	if (!err)
		hx_check_consistency(u, n, t->doc->lang, found);
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
	struct hx_check_side s = {0}, t = {0};
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
		st = hx_check_load_side(&cfg, o.src_path, o.from, "--from", &s);
	if (!st)
		st = hx_check_load_side(&cfg, o.tgt_path, o.to, "--to", &t);
	if (!st && s.doc->lang == t.doc->lang) {
		fprintf(stderr,
			"hexaglot check: '%s' and '%s' are both in %s: give the source first, "
			"its translation second (--from, --to if detection is wrong)\n",
			s.path, t.path, hx_lang_get(s.doc->lang)->name);
		st = CHECK_BAD_INPUT;
	}
	if (!st)
		st = hx_check_misaligned(&s, &t);
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
	hx_check_side_release(&s);
	hx_check_side_release(&t);
	hx_config_release(&cfg);
	return st;
}
