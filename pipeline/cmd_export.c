/*
 * `hexaglot export --xliff`: the run's documents as XLIFF 1.2 for post-editing
 * in a CAT tool, the drafts taken from the translation memory only (never MT).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cmd.h"
#include "driver.h"
#include "fsio.h"
#include "log.h"
#include "mem.h"
#include "xliff.h"

void hx_cmd_export_usage(void)
{
	printf("usage: hexaglot export --xliff [--in DIR] [--out DIR] [-o DIR] [--to LANGS]\n"
	       "                       [--config FILE] [--tm PATH]\n"
	       "\n"
	       "Writes every document of the input folder and every target language as XLIFF 1.2\n"
	       "(O/<id>/<id>.<lang>.xlf) for post-editing in OmegaT, Okapi or Trados. The\n"
	       "documents are segmented as `hexaglot run` segments them; each segment's target\n"
	       "comes from the translation memory only, never from MT: a segment the memory lacks\n"
	       "has no <target> and a note saying so. Targets from a human translation are\n"
	       "state=\"translated\", machine drafts state=\"needs-review-translation\". Protected\n"
	       "items are <x/> elements, glossary names <g> elements, and the QA findings notes.\n"
	       "\n"
	       "Options:\n"
	       "      --xliff             the format (the only one so far; required)\n"
	       "      --in DIR            the documents (default: docs-in)\n"
	       "      --out DIR           the run's output folder, whose memory is read\n"
	       "                          (default: docs-out)\n"
	       "  -o DIR                  where the XLIFF files go (default: the --out folder)\n"
	       "      --to LANGS          target languages: any of %s, comma-separated,\n"
	       "                          or all (default: [run] languages of the configuration)\n"
	       "      --config FILE       settings (default: ./hexaglot.conf when it exists)\n"
	       "      --tm PATH           the translation memory (default: [run] tm of the\n"
	       "                          configuration, else OUT/.hexaglot/tm.sqlite)\n"
	       "      --glossaries DIR    the glossary folder (as for translate)\n"
	       "  -q, --quiet             print errors only\n"
	       "  -h, --help              show this help\n"
	       "\n"
	       "Exit status: 0 every document exported; 1 some could not be read or written\n"
	       "(the others are exported); 2 usage or configuration error.\n",
	       hx_lang_list());
}

enum { OPT_XLIFF = 256, OPT_IN, OPT_OUT, OPT_TO, OPT_CONFIG, OPT_TM, OPT_GLOSSARIES };

struct export_args {
	struct hx_run_opts run;
	const char *dest, *config, *tm, *glossaries;
	uint32_t targets;
	bool xliff, quiet;
};

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "hexaglot export: %s%s%s\nTry 'hexaglot export --help'.\n", what,
		arg ? " " : "", arg ? arg : "");
	return hx_err_exit_status(HX_E_USAGE);
}

static int parse_args(int argc, char **argv, struct export_args *a)
{
	static const struct option longopts[] = {
		{"xliff", no_argument, NULL, OPT_XLIFF},
		{"in", required_argument, NULL, OPT_IN},
		{"out", required_argument, NULL, OPT_OUT},
		{"to", required_argument, NULL, OPT_TO},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"tm", required_argument, NULL, OPT_TM},
		{"glossaries", required_argument, NULL, OPT_GLOSSARIES},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct hx_diag diag = {0};
	int c;

	a->run.in_dir = "docs-in";
	a->run.out_dir = "docs-out";
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_XLIFF:
			a->xliff = true;
			break;
		case OPT_IN:
			a->run.in_dir = optarg;
			break;
		case OPT_OUT:
			a->run.out_dir = optarg;
			break;
		case 'o':
			a->dest = optarg;
			break;
		case OPT_TO:
			if (!hx_config_parse_langs(optarg, &a->targets, &diag))
				return usage_error(hx_diag_message(&diag), NULL);
			break;
		case OPT_CONFIG:
			a->config = optarg;
			break;
		case OPT_TM:
			a->tm = optarg;
			break;
		case OPT_GLOSSARIES:
			a->glossaries = optarg;
			break;
		case 'q':
			a->quiet = true;
			hx_log_set_level(HX_LOG_ERROR);
			break;
		case 'h':
			hx_cmd_export_usage();
			exit(0);
		default:
			fprintf(stderr, "Try 'hexaglot export --help'.\n");
			return hx_err_exit_status(HX_E_USAGE);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument:", argv[optind]);
	if (!a->xliff)
		return usage_error("say which format: --xliff", NULL);
	if (!a->dest)
		a->dest = a->run.out_dir;
	return 0;
}

/*
 * The run's settings (file, then command line), with every engine made
 * "none": the translate stage then only looks in the memory, and no request
 * can leave, whatever the configuration names.
 */
static int configure(struct export_args *a, struct hx_config *cfg)
{
	struct hx_diag diag = {0};
	enum hx_err err = hx_config_load_default(cfg, a->config, &diag);

	if (!err && a->targets)
		cfg->targets = a->targets;
	if (!err && !cfg->targets)
		err = hx_fail(&diag, HX_E_USAGE,
			      "say which languages to export: --to es,fr or [run] languages");
	for (size_t i = 0; !err && i < cfg->nengines; i++)
		snprintf(cfg->engines[i].type, sizeof(cfg->engines[i].type), "none");
	if (!err && a->glossaries) {
		free(cfg->glossaries);
		cfg->glossaries = hx_xstrdup(a->glossaries);
	}
	if (!err && (a->tm || !cfg->tm_path)) {
		char *state = hx_run_state_dir(&a->run);
		struct hx_buf p = HX_BUF_INIT(0);

		hx_buf_addf(&p, "%s/tm.sqlite", state);
		free(cfg->tm_path);
		cfg->tm_path = a->tm ? hx_xstrdup(a->tm) : hx_buf_detach(&p, NULL);
		hx_buf_release(&p);
		free(state);
	}
	/* exporting never creates a memory: without one, no segment has a target */
	if (!err && access(cfg->tm_path, F_OK) != 0) {
		hx_log_warn("no translation memory at '%s' (run 'hexaglot run' first, or give "
			    "--tm): the XLIFF files will have no targets",
			    cfg->tm_path);
		free(cfg->tm_path);
		cfg->tm_path = NULL;
	}
	if (err)
		fprintf(stderr, "hexaglot export: %s\n", hx_diag_message(&diag));
	hx_diag_release(&diag);
	return err ? hx_err_exit_status(err) : 0;
}

struct exporter {
	const struct hx_config *cfg;
	const struct export_args *a;
	struct hx_pipeline pre, mid, post;
	size_t files, units, targets, notes;
};

static void add_note(struct hx_xliff_note **v, size_t *n, uint32_t seg, int priority, char *text)
{
	*v = hx_xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = (struct hx_xliff_note){seg, priority, text};
}

/* Whether the XLIFF has a <target> for t (hx_xliff_write's rule). */
static bool has_target(const struct hx_seg_target *t)
{
	return t->text && t->origin != HX_ORIGIN_SOURCE && t->origin != HX_ORIGIN_NONE;
}

/* The notes of doc in lang: its QA findings, and the segments without a target. */
static size_t collect_notes(struct exporter *ex, const struct hx_doc *doc, enum hx_lang lang,
			    struct hx_xliff_note **notes)
{
	size_t n = 0;
	char *text;
	int prio;

	*notes = NULL;
	for (size_t i = 0; i < doc->qa.n; i++) {
		const struct hx_qa_finding *f = &doc->qa.v[i];

		if (f->lang != lang || !doc->segs.nsegs)
			continue;
		/* the source standing in for a missing target is not checked: the note says why */
		if (f->seg != HX_QA_NO_SEGMENT && f->seg < doc->segs.nsegs &&
		    !has_target(&doc->segs.segs[f->seg].target[lang]))
			continue;
		/* a finding about the whole document goes on its first unit */
		text = hx_xliff_finding_note(f, &prio);
		add_note(notes, &n, f->seg == HX_QA_NO_SEGMENT ? 0 : f->seg, prio, text);
	}
	for (size_t i = 0; i < doc->segs.nsegs; i++) {
		const struct hx_seg_target *t = &doc->segs.segs[i].target[lang];

		if (has_target(t)) {
			ex->targets++;
			continue;
		}
		add_note(notes, &n, (uint32_t)i, 3,
			 hx_xstrdup("not in the translation memory: no target; translate it here"));
	}
	return n;
}

static enum hx_err write_lang(struct exporter *ex, const struct hx_doc *doc, const char *name,
			      enum hx_lang lang, struct hx_diag *diag)
{
	struct hx_xliff_note *notes;
	size_t nnotes = collect_notes(ex, doc, lang, &notes);
	struct hx_xliff_doc x = {name, NULL, doc->lang, lang, &doc->segs, notes, nnotes};
	struct hx_buf out = HX_BUF_INIT(HX_XLIFF_MAX_BYTES), dir = HX_BUF_INIT(0),
		      path = HX_BUF_INIT(0);
	enum hx_err err;

	hx_buf_addf(&dir, "%s/%s", ex->a->dest, doc->id);
	hx_buf_addf(&path, "%s/%s.%s.xlf", dir.data, doc->id, hx_lang_get(lang)->code);
	err = hx_xliff_write(&x, &out, diag);
	if (!err)
		err = hx_mkdir_p(dir.data, diag);
	if (!err)
		err = hx_file_write_atomic(path.data, out.data, out.len, diag);
	if (!err) {
		ex->files++;
		ex->units += doc->segs.nsegs;
		ex->notes += nnotes;
		if (!ex->a->quiet)
			printf("%s\n", path.data);
	}
	for (size_t i = 0; i < nnotes; i++)
		free((char *)notes[i].text);
	free(notes);
	hx_buf_release(&out);
	hx_buf_release(&dir);
	hx_buf_release(&path);
	return err;
}

/* One input: the stages up to the translation (memory only) and restore, then the files. */
static enum hx_err export_doc(struct exporter *ex, const struct hx_run_input *in,
			      struct hx_diag *diag)
{
	struct hx_doc *doc = hx_doc_new(in->path);
	struct hx_buf raw = HX_BUF_INIT(ex->cfg->max_input);
	struct hx_pipeline *failed = NULL;
	enum hx_err err;

	free(doc->id);
	doc->id = hx_xstrdup(in->id);
	doc->targets = ex->cfg->targets;
	err = hx_file_read(in->path, ex->cfg->max_input, &raw, diag);
	if (!err) {
		doc->raw = (unsigned char *)hx_buf_detach(&raw, &doc->raw_len);
		if ((err = hx_pipeline_process(&ex->pre, doc)))
			failed = &ex->pre;
		else if ((err = hx_pipeline_process(&ex->mid, doc)))
			failed = &ex->mid;
		else if ((err = hx_pipeline_process(&ex->post, doc)))
			failed = &ex->post;
		if (failed)
			hx_fail(diag, err, "%s", hx_diag_message(&failed->diag));
	}
	for (int l = 0; l < HX_LANG_COUNT && !err; l++)
		if ((doc->targets & (1u << l)) && l != (int)doc->lang)
			err = write_lang(ex, doc, in->name, (enum hx_lang)l, diag);
	hx_buf_release(&raw);
	hx_doc_free(doc);
	return err;
}

static enum hx_err start(struct exporter *ex, struct hx_diag *diag)
{
	/* restore, and the qa stage after it when this build has one */
	const char *last = hx_stage_find("qa") ? "qa" : "restore";
	enum hx_err err;

	if ((err = hx_pipeline_init(&ex->pre, ex->cfg, "decode", "terms")))
		return hx_fail(diag, err, "%s", hx_diag_message(&ex->pre.diag));
	if ((err = hx_pipeline_init(&ex->mid, ex->cfg, "translate", "translate")))
		return hx_fail(diag, err, "%s", hx_diag_message(&ex->mid.diag));
	if ((err = hx_pipeline_init(&ex->post, ex->cfg, "restore", last)))
		return hx_fail(diag, err, "%s", hx_diag_message(&ex->post.diag));
	hx_pipeline_share(&ex->post, &ex->pre);
	return HX_OK;
}

int hx_cmd_export(int argc, char **argv)
{
	struct export_args a = {0};
	struct exporter ex = {0};
	struct hx_config cfg;
	struct hx_run_input *in = NULL;
	struct hx_diag diag = {0};
	size_t nin = 0, failed = 0;
	enum hx_err err;
	int status;

	hx_config_init(&cfg);
	status = parse_args(argc, argv, &a);
	if (!status)
		status = configure(&a, &cfg);
	if (status) {
		hx_config_release(&cfg);
		return status;
	}
	ex.cfg = &cfg;
	ex.a = &a;
	err = hx_run_list_inputs(&a.run, &in, &nin, &diag);
	if (!err)
		err = start(&ex, &diag);
	if (err) {
		hx_log_error("%s", hx_diag_message(&diag));
		status = hx_err_exit_status(err);
	}
	for (size_t i = 0; i < nin && !status; i++) {
		struct hx_diag d = {0};

		if (export_doc(&ex, &in[i], &d)) {
			hx_log_error("%s: %s", in[i].path, hx_diag_message(&d));
			failed++;
		}
		hx_diag_release(&d);
	}
	if (!status) {
		hx_log_info("%zu XLIFF files, %zu units, %zu with a target from memory, %zu notes",
			    ex.files, ex.units, ex.targets, ex.notes);
		status = failed ? hx_err_exit_status(HX_E_IO) : 0;
	}
	hx_pipeline_release(&ex.pre);
	hx_pipeline_release(&ex.mid);
	hx_pipeline_release(&ex.post);
	hx_run_inputs_free(in, nin);
	hx_diag_release(&diag);
	hx_config_release(&cfg);
	return status;
}
