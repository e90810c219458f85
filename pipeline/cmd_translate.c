/*
 * `hexaglot translate`: documents to draft translations in the target
 * languages, through the configured MT engines, with a summary per document.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "driver.h"
#include "log.h"
#include "mem.h"
#include "output.h"
#include "cmd_opts.h"
#include "pdf.h"

void hx_cmd_translate_usage(void)
{
	printf("usage: hexaglot translate FILE... --to LANGS [options]\n"
	       "\n"
	       "Converts each FILE (as `hexaglot convert` does), cuts it into sentences,\n"
	       "protects markup, symbols, URLs, numbers and glossary names, and has every\n"
	       "sentence translated by the MT engine configured for the pair. Writes\n"
	       "DIR/<id>/<id>.<lang>.md, <id>.<lang>.html and <id>.<lang>.print.html (an A4\n"
	       "page for printing) for the source and every target, <id>.parallel.html (all\n"
	       "of them side by side, each sentence with its origin), <id>.meta.json,\n"
	       "<id>.terms.json (the glossary hits) and <id>.qa.json (the findings of the\n"
	       "quality checks: spelling, numbers, symbols, URLs, terms, untranslated text;\n"
	       "see `hexaglot check`). Blocks have the same #p-N anchor in every page;\n"
	       "drafts' banners give the engine and the date of the run (SOURCE_DATE_EPOCH\n"
	       "sets it). A sentence the engine could not translate stays in the source\n"
	       "language, marked, with its names in the target's official form.\n"
	       "\n"
	       "Drafts follow their language's typography: French no-break spaces before\n"
	       "; : ! ? and inside « », Chinese full-width marks and no spaces between Han,\n"
	       "Russian « », Arabic ، ؛ ؟, no doubled spaces (the memory keeps the MT text).\n"
	       "\n"
	       "Options:\n"
	       "      --to LANGS          target languages: any of %s, comma-separated, or all\n"
	       "  -o, --out-dir DIR       where to write (default: the current directory)\n"
	       "      --engine TYPE       the default engine: apertium, libretranslate, deepl,\n"
	       "                          openai or none (default: apertium)\n"
	       "      --endpoint URL      the default engine's endpoint\n"
	       "                          (default for apertium: http://127.0.0.1:2737)\n"
	       "      --key-file FILE     a file holding the default engine's API key; or set\n"
	       "                          HEXAGLOT_API_KEY. Keys are never taken on the command line.\n"
	       "      --pivot LANG        translate through LANG when the engine lacks a pair\n"
	       "                          (default for apertium: es)\n"
	       "      --config FILE       settings, engines and pairs (default: ./hexaglot.conf\n"
	       "                          when it exists); see the README\n"
	       "      --glossaries DIR    the glossary folder (default: HEXAGLOT_GLOSSARIES,\n"
	       "                          else ./glossaries, else the installed one); names\n"
	       "                          found in it are written in each target's official form\n"
	       "      --timeout SECONDS   per request (default 30)\n"
	       "      --concurrency N     requests in flight (default 2 for apertium, 4 for\n"
	       "                          the others)\n"
	       "      --retries N         retries of a failed request (default 5)\n"
	       "      --pdf               also render <id>.<lang>.pdf from each print page\n"
	       "      --pdf-engine NAME   auto (default: WeasyPrint, Arabic pages with\n"
	       "                          Chromium), weasyprint or chromium\n"
	       "      --pdf-timeout SECONDS  per PDF (default %d); then the renderer is killed\n"
	       "      --from LANG, --encoding NAME, --lossy, --format FORMAT, --max-input SIZE\n"
	       "                          as for `hexaglot convert`\n"
	       "  -q, --quiet             print errors only\n"
	       "  -v, --verbose           print more: also each stage's time on each document\n"
	       "  -h, --help              show this help\n"
	       "\n"
	       "Exit status: 0 every sentence translated; 1 a document failed; 2 usage or\n"
	       "configuration error; 3 done, but some sentences are left untranslated\n"
	       "(MT unavailable or an answer unusable: see the summary); 4 done, but PDFs\n"
	       "asked for were not rendered (no renderer installed, or one failed or timed\n"
	       "out: see the message; every other output is written).\n",
	       hx_lang_list(), HX_PDF_TIMEOUT_DEFAULT);
}

struct translate_opts {
	char **inputs;
	int ninputs;
	const char *out_dir;
	const char *config;
	const char *glossaries;
	size_t max_input; /* 0: not given */
	struct hx_shared_opts shared; /* engine and PDFs */
	uint32_t targets;
};

enum {
	OPT_TO = 256,
	OPT_CONFIG,
	OPT_FROM,
	OPT_ENCODING,
	OPT_LOSSY,
	OPT_FORMAT,
	OPT_MAX_INPUT,
	OPT_GLOSSARIES,
};

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "hexaglot translate: %s%s%s\nTry 'hexaglot translate --help'.\n", what,
		arg ? " " : "", arg ? arg : "");
	return hx_err_exit_status(HX_E_USAGE);
}

static int parse_option(int c, struct translate_opts *o, struct hx_config *cfg,
			struct hx_diag *diag)
{
	switch (c) {
	case OPT_TO:
		return hx_config_parse_langs(optarg, &o->targets, diag)
			       ? 0
			       : usage_error(hx_diag_message(diag), NULL);
	case 'o':
		o->out_dir = optarg;
		return 0;
	case OPT_CONFIG:
		o->config = optarg;
		return 0;
	case OPT_FROM:
		cfg->from = hx_lang_parse(optarg);
		return cfg->from == HX_LANG_NONE ? usage_error("unknown language", optarg) : 0;
	case OPT_ENCODING:
		cfg->encoding = optarg;
		return 0;
	case OPT_LOSSY:
		cfg->lossy = true;
		return 0;
	case OPT_FORMAT:
		cfg->format = hx_format_parse(optarg);
		return cfg->format == HX_FORMAT_AUTO ? usage_error("unknown format", optarg) : 0;
	case OPT_MAX_INPUT:
		return hx_parse_size(optarg, &o->max_input) && o->max_input
			       ? 0
			       : usage_error("invalid size", optarg);
	case OPT_GLOSSARIES:
		o->glossaries = optarg;
		return 0;
	case 'q':
		hx_log_set_level(HX_LOG_ERROR);
		return 0;
	case 'v':
		hx_log_set_level(HX_LOG_DEBUG);
		return 0;
	case 'h':
		hx_cmd_translate_usage();
		exit(0);
	}
	switch (hx_shared_option(&o->shared, c, optarg, "translate")) {
	case 1:
		return 0;
	case 0:
		fprintf(stderr, "Try 'hexaglot translate --help'.\n");
		break;
	}
	return hx_err_exit_status(HX_E_USAGE);
}

static int parse_args(int argc, char **argv, struct translate_opts *o, struct hx_config *cfg)
{
	static const struct option longopts[] = {
		{"to", required_argument, NULL, OPT_TO},
		HX_SHARED_LONGOPTS,
		{"out-dir", required_argument, NULL, 'o'},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"from", required_argument, NULL, OPT_FROM},
		{"encoding", required_argument, NULL, OPT_ENCODING},
		{"lossy", no_argument, NULL, OPT_LOSSY},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"max-input", required_argument, NULL, OPT_MAX_INPUT},
		{"glossaries", required_argument, NULL, OPT_GLOSSARIES},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct hx_diag diag = {0};
	int c, status;

	optind = 1;
	hx_shared_opts_init(&o->shared);
	while ((c = getopt_long(argc, argv, "o:qvh", longopts, NULL)) != -1)
		if ((status = parse_option(c, o, cfg, &diag)))
			return status;
	if (optind >= argc)
		return usage_error("expected a FILE to translate", NULL);
	o->inputs = argv + optind;
	o->ninputs = argc - optind;
	return 0;
}

static void summarize(const struct hx_doc *doc)
{
	const struct hx_lang_info *src = hx_lang_get(doc->lang);

	for (int l = 0; l < HX_LANG_COUNT; l++) {
		const struct hx_doc_target *t = &doc->target[l];

		if (!(doc->targets & (1u << l)) || l == (int)doc->lang)
			continue;
		hx_log_info("%s -> %s: %zu segments, %zu translated%s, %zu names from the glossary, "
			    "%zu left in %s; %zu MT requests, %zu retries (%s)",
			    doc->path, hx_lang_get(l)->code, t->segments, t->translated,
			    t->pivoted ? " through a pivot" : "", t->glossary, t->failed,
			    src ? src->name : "the source language", t->requests, t->retries,
			    t->engine ? t->engine : "no engine");
		if (t->first_error)
			hx_log_warn("%s -> %s: %zu segments left untranslated; first failure: %s",
				    doc->path, hx_lang_get(l)->code, t->failed, t->first_error);
	}
}

static bool untranslated(const struct hx_doc *doc)
{
	for (int l = 0; l < HX_LANG_COUNT; l++)
		if ((doc->targets & (1u << l)) && doc->target[l].failed)
			return true;
	return false;
}

/* The PDFs of a document whose other outputs are written; a failure is reported, not fatal. */
static void write_pdfs(const struct hx_pdf *pdf, const char *dir, const struct hx_doc *doc,
		       struct hx_diag *diag, bool *pdf_failed)
{
	if (!hx_pdf_write_doc(pdf, dir, doc, NULL, diag))
		return;
	hx_log_error("%s", hx_diag_message(diag));
	for (size_t i = 0; i < diag->nwarnings; i++)
		hx_log_error("%s", diag->warnings[i]);
	*pdf_failed = true;
}

static enum hx_err translate_one(struct hx_pipeline *p, const struct translate_opts *o,
				 const struct hx_config *cfg, const char *input,
				 const struct hx_pdf *pdf, bool *partial, bool *pdf_failed)
{
	struct hx_doc *doc = hx_doc_new(input);
	enum hx_err err;

	doc->targets = cfg->targets;
	err = hx_pipeline_process(p, doc);
	if (hx_log_get_level() >= HX_LOG_DEBUG) {
		char times[512];

		hx_pipeline_timings(p, times, sizeof(times));
		hx_log_debug("%s: %s", input, times);
	}
	for (size_t i = 0; i < p->diag.nwarnings; i++)
		hx_log_warn("%s", p->diag.warnings[i]);
	if (!err)
		err = hx_output_write(o->out_dir ? o->out_dir : ".", doc, &p->diag);
	if (err) {
		hx_log_error("%s", hx_diag_message(&p->diag));
	} else {
		summarize(doc);
		*partial |= untranslated(doc);
		hx_diag_release(&p->diag);
		if (pdf)
			write_pdfs(pdf, o->out_dir ? o->out_dir : ".", doc, &p->diag, pdf_failed);
	}
	hx_diag_release(&p->diag);
	hx_doc_free(doc);
	return err;
}

int hx_cmd_translate(int argc, char **argv)
{
	struct translate_opts o = {0};
	struct hx_config cfg;
	struct hx_pipeline p;
	struct hx_diag diag = {0};
	enum hx_err err, first = HX_OK;
	bool partial = false, pdf_failed = false, pdf_ready = false;
	struct hx_pdf pdf = {0};
	int status;

	hx_config_init(&cfg);
	status = parse_args(argc, argv, &o, &cfg);
	if (!status && (err = hx_config_load_default(&cfg, o.config, &diag)))
		status = usage_error(hx_diag_message(&diag), NULL);
	/* the command line wins over the file */
	if (!status && o.targets)
		cfg.targets = o.targets;
	if (!status && o.max_input)
		cfg.max_input = o.max_input;
	if (!status)
		hx_shared_opts_apply_pdf(&o.shared, &cfg);
	if (!status && o.glossaries) {
		free(cfg.glossaries);
		cfg.glossaries = hx_xstrdup(o.glossaries);
	}
	if (!status && !cfg.targets)
		status = usage_error("say which languages to translate into: --to es,fr", NULL);
	if (!status && (err = hx_config_override(&cfg, &o.shared.eng, &diag)))
		status = usage_error(hx_diag_message(&diag), NULL);
	if (status) {
		hx_config_release(&cfg);
		return status;
	}
	if (hx_log_get_level() == HX_LOG_WARN)
		hx_log_set_level(HX_LOG_INFO); /* the summary is the point, unless --quiet */
	/* no renderer: said once, and everything else is still written */
	if (cfg.publish.pdf) {
		pdf_ready = !hx_pdf_init(&pdf, cfg.publish.pdf_engine, cfg.publish.pdf_timeout_s,
					 &diag);
		if (!pdf_ready)
			hx_log_error("%s; writing the other outputs", hx_diag_message(&diag));
		pdf_failed = !pdf_ready;
		hx_diag_release(&diag);
	}
	err = hx_pipeline_init(&p, &cfg, "decode", "render");
	for (int i = 0; !err && i < o.ninputs; i++) {
		enum hx_err e = translate_one(&p, &o, &cfg, o.inputs[i], pdf_ready ? &pdf : NULL,
					      &partial, &pdf_failed);

		if (e && !first)
			first = e;
		/* a configuration the engines refuse stops everything: it will not get better */
		if (e == HX_E_CONFIG)
			break;
	}
	if (err)
		hx_log_error("%s", hx_diag_message(&p.diag));
	hx_pipeline_release(&p);
	hx_pdf_release(&pdf);
	hx_config_release(&cfg);
	if (err)
		return hx_err_exit_status(err);
	return hx_err_exit_status(first        ? first
				  : pdf_failed ? HX_E_PDF
				  : partial    ? HX_E_UNTRANSLATED
					       : HX_OK);
}
