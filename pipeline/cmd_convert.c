/*
 * `hexaglot convert`: documents to clean CommonMark, their metadata and HTML
 * pages; one to standard output, or many into an output folder.
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
#include "meta.h"
#include "output.h"

void hx_cmd_convert_usage(void)
{
	printf("usage: hexaglot convert FILE [options]\n"
	       "       hexaglot convert FILE... --out-dir DIR [options]\n"
	       "\n"
	       "Converts a UN document (PDF text, converter Markdown or HTML, in any common\n"
	       "encoding) to clean CommonMark: page furniture removed, lines re-joined,\n"
	       "paragraph numbers kept, footnotes and UN symbols recognised. FILE may be '-'\n"
	       "for standard input.\n"
	       "\n"
	       "With --out-dir, each FILE becomes DIR/<id>/<id>.<lang>.md, <id>.meta.json and\n"
	       "<id>.<lang>.html (id: the file name in lower case, [a-z0-9-] only); a document\n"
	       "that fails is reported and the others are still converted.\n"
	       "\n"
	       "Options:\n"
	       "  -o, --output OUT.md     write the Markdown to OUT.md (default: standard output)\n"
	       "  -d, --out-dir DIR       convert every FILE into DIR (see above)\n"
	       "      --meta OUT.json     write the metadata (symbol, date, title, language,\n"
	       "                          encoding, hashes, removed furniture) as JSON\n"
	       "      --html OUT.html     write a standalone HTML page of the document\n"
	       "      --from LANG         source language (%s); default: detected\n"
	       "      --encoding NAME     input encoding (any iconv name); default: detected\n"
	       "      --lossy             replace invalid bytes with U+FFFD instead of failing\n"
	       "      --format FORMAT     input format: text, markdown or html; default: sniffed\n"
	       "      --max-input SIZE    refuse inputs larger than SIZE (default 64M)\n"
	       "      --terms OUT.json    write the glossary hits in the Markdown as JSON\n"
	       "      --glossaries DIR    the glossary folder (default: HEXAGLOT_GLOSSARIES,\n"
	       "                          else ./glossaries, else the installed one)\n"
	       "      --config FILE       settings (default: ./hexaglot.conf when it exists)\n"
	       "  -q, --quiet             print errors only\n"
	       "  -v, --verbose           print what each stage found\n"
	       "  -h, --help              show this help\n"
	       "\n"
	       "Exit status: 0 success; 1 a document failed (missing, empty, binary,\n"
	       "undecodable, over the size cap, or not convertible; the others are still\n"
	       "converted); 2 usage error; 70 internal error.\n",
	       hx_lang_list());
}

struct convert_opts {
	char **inputs;
	int ninputs;
	const char *output;
	const char *meta;
	const char *html;
	const char *out_dir;
	const char *terms;      /* --terms OUT.json */
	const char *glossaries;
	const char *config;
	size_t max_input;       /* 0: not given */
};

enum {
	OPT_META = 256,
	OPT_HTML,
	OPT_FROM,
	OPT_ENCODING,
	OPT_LOSSY,
	OPT_FORMAT,
	OPT_MAX_INPUT,
	OPT_TERMS,
	OPT_GLOSSARIES,
	OPT_CONFIG,
};

static int usage_error(const char *what, const char *arg, const char *hint)
{
	fprintf(stderr, "hexaglot convert: %s '%s'%s\nTry 'hexaglot convert --help'.\n", what, arg,
		hint);
	return hx_err_exit_status(HX_E_USAGE);
}

static int parse_args(int argc, char **argv, struct convert_opts *o, struct hx_config *cfg)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"out-dir", required_argument, NULL, 'd'},
		{"meta", required_argument, NULL, OPT_META},
		{"html", required_argument, NULL, OPT_HTML},
		{"from", required_argument, NULL, OPT_FROM},
		{"encoding", required_argument, NULL, OPT_ENCODING},
		{"lossy", no_argument, NULL, OPT_LOSSY},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"max-input", required_argument, NULL, OPT_MAX_INPUT},
		{"terms", required_argument, NULL, OPT_TERMS},
		{"glossaries", required_argument, NULL, OPT_GLOSSARIES},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:d:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case 'd':
			o->out_dir = optarg;
			break;
		case OPT_META:
			o->meta = optarg;
			break;
		case OPT_HTML:
			o->html = optarg;
			break;
		case OPT_FROM:
			cfg->from = hx_lang_parse(optarg);
			if (cfg->from == HX_LANG_NONE)
				return usage_error("unknown language", optarg,
						   "; use one of ar, zh, en, fr, ru, es");
			break;
		case OPT_ENCODING:
			cfg->encoding = optarg;
			break;
		case OPT_LOSSY:
			cfg->lossy = true;
			break;
		case OPT_FORMAT:
			cfg->format = hx_format_parse(optarg);
			if (cfg->format == HX_FORMAT_AUTO)
				return usage_error("unknown format", optarg,
						   "; use text, markdown or html");
			break;
		case OPT_MAX_INPUT:
			if (!hx_parse_size(optarg, &o->max_input) || !o->max_input)
				return usage_error("invalid size", optarg,
						   "; write e.g. 65536, 64M or 1G");
			break;
		case OPT_TERMS:
			o->terms = optarg;
			break;
		case OPT_GLOSSARIES:
			o->glossaries = optarg;
			break;
		case OPT_CONFIG:
			o->config = optarg;
			break;
		case 'q':
			hx_log_set_level(HX_LOG_ERROR);
			break;
		case 'v':
			hx_log_set_level(HX_LOG_DEBUG);
			break;
		case 'h':
			hx_cmd_convert_usage();
			exit(0);
		default:
			fprintf(stderr, "Try 'hexaglot convert --help'.\n");
			return hx_err_exit_status(HX_E_USAGE);
		}
	}
	if (optind >= argc || (optind != argc - 1 && !o->out_dir) ||
	    (o->out_dir && (o->output || o->meta || o->html || o->terms))) {
		fprintf(stderr, "hexaglot convert: %s\nTry 'hexaglot convert --help'.\n",
			optind >= argc ? "expected a FILE to convert"
			: o->out_dir   ? "--out-dir names every output; drop -o, --meta, --html and --terms"
				       : "expected one FILE, or several with --out-dir");
		return hx_err_exit_status(HX_E_USAGE);
	}
	o->inputs = argv + optind;
	o->ninputs = argc - optind;
	return 0;
}

static void print_warnings(const struct hx_doc *doc, const struct hx_diag *diag)
{
	for (size_t i = 0; i < diag->nwarnings; i++)
		hx_log_warn("%s", diag->warnings[i]);
	if (diag->warnings_dropped)
		hx_log_warn("'%s': %zu more warnings not shown", doc->path, diag->warnings_dropped);
}

static enum hx_err write_meta(const char *path, const struct hx_doc *doc, struct hx_diag *diag)
{
	char *json = hx_meta_to_json(doc);
	enum hx_err err = hx_file_write_atomic(path, json, strlen(json), diag);

	free(json);
	return err;
}

static enum hx_err write_outputs(const struct convert_opts *o, struct hx_doc *doc,
				 struct hx_diag *diag)
{
	enum hx_err err;

	if (o->meta && (err = write_meta(o->meta, doc, diag)))
		return err;
	if (o->html && (err = hx_file_write_atomic(o->html, doc->html, doc->html_len, diag)))
		return err;
	if (o->terms && doc->terms_json &&
	    (err = hx_file_write_atomic(o->terms, doc->terms_json, doc->terms_json_len, diag)))
		return err;
	return hx_file_write_atomic(o->output ? o->output : "-", doc->markdown, doc->markdown_len,
				    diag);
}

/* DIR/<id>/<id>.<lang>.md, .meta.json, .<lang>.html: the id is a slug, so it stays in DIR. */
static enum hx_err write_into_dir(const char *dir, struct hx_doc *doc, struct hx_diag *diag)
{
	enum hx_err err = hx_output_write(dir, doc, diag);

	if (!err)
		hx_log_info("%s -> %s/%s/", doc->path, dir, doc->id);
	return err;
}

static enum hx_err convert_one(struct hx_pipeline *p, const struct convert_opts *o,
			       const char *input)
{
	struct hx_doc *doc = hx_doc_new(input);
	enum hx_err err = hx_pipeline_process(p, doc);

	print_warnings(doc, &p->diag);
	if (!err)
		err = o->out_dir ? write_into_dir(o->out_dir, doc, &p->diag)
				 : write_outputs(o, doc, &p->diag);
	if (err)
		hx_log_error("%s", hx_diag_message(&p->diag));
	else
		hx_log_debug("%s: %s, %s, %s -> %zu bytes of Markdown", doc->path,
			     hx_format_name(doc->format),
			     doc->meta.encoding ? doc->meta.encoding : "?",
			     hx_lang_get(doc->lang) ? hx_lang_get(doc->lang)->code : "?",
			     doc->markdown_len);
	hx_diag_release(&p->diag);
	hx_doc_free(doc);
	return err;
}

int hx_cmd_convert(int argc, char **argv)
{
	struct convert_opts o = {0};
	struct hx_config cfg;
	struct hx_pipeline p;
	struct hx_diag diag = {0};
	enum hx_err err, first = HX_OK;
	int status, failed = 0;

	hx_config_init(&cfg);
	status = parse_args(argc, argv, &o, &cfg);
	if (!status && (err = hx_config_load_default(&cfg, o.config, &diag))) {
		hx_log_error("%s", hx_diag_message(&diag));
		status = hx_err_exit_status(err);
	}
	hx_diag_release(&diag);
	if (status) {
		hx_config_release(&cfg);
		return status;
	}
	/* the command line wins over the file */
	if (o.max_input)
		cfg.max_input = o.max_input;
	if (o.glossaries) {
		free(cfg.glossaries);
		cfg.glossaries = hx_xstrdup(o.glossaries);
	}
	cfg.terms = o.terms != NULL;
	if (o.out_dir && hx_log_get_level() == HX_LOG_WARN)
		hx_log_set_level(HX_LOG_INFO); /* a batch says what it did, unless --quiet */
	err = hx_pipeline_init(&p, &cfg, "decode",
			       o.html || o.out_dir ? "render" : o.terms ? "terms" : "convert");
	if (err) {
		hx_log_error("%s", hx_diag_message(&p.diag));
		hx_pipeline_release(&p);
		hx_config_release(&cfg);
		return hx_err_exit_status(err);
	}
	/* each document on its own: one that fails does not stop the others */
	for (int i = 0; i < o.ninputs; i++) {
		err = convert_one(&p, &o, o.inputs[i]);
		if (err && !first)
			first = err;
		failed += err != HX_OK;
	}
	if (o.ninputs > 1)
		hx_log_info("%d of %d documents converted", o.ninputs - failed, o.ninputs);
	hx_pipeline_release(&p);
	hx_config_release(&cfg);
	return hx_err_exit_status(first);
}
