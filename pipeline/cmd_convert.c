/* `hexaglot convert`: one document to clean CommonMark, its metadata and an HTML page. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "driver.h"
#include "fsio.h"
#include "log.h"
#include "meta.h"

void hx_cmd_convert_usage(void)
{
	printf("usage: hexaglot convert FILE [options]\n"
	       "\n"
	       "Converts a UN document (PDF text, converter Markdown or HTML, in any common\n"
	       "encoding) to clean CommonMark: page furniture removed, lines re-joined,\n"
	       "paragraph numbers kept, footnotes and UN symbols recognised. FILE may be '-'\n"
	       "for standard input.\n"
	       "\n"
	       "Options:\n"
	       "  -o, --output OUT.md     write the Markdown to OUT.md (default: standard output)\n"
	       "      --meta OUT.json     write the metadata (symbol, date, title, language,\n"
	       "                          encoding, hashes, removed furniture) as JSON\n"
	       "      --html OUT.html     write a standalone HTML page of the document\n"
	       "      --from LANG         source language (%s); default: detected\n"
	       "      --encoding NAME     input encoding (any iconv name); default: detected\n"
	       "      --lossy             replace invalid bytes with U+FFFD instead of failing\n"
	       "      --format FORMAT     input format: text, markdown or html; default: sniffed\n"
	       "      --max-input SIZE    refuse inputs larger than SIZE (default 64M)\n"
	       "  -q, --quiet             print errors only\n"
	       "  -v, --verbose           print what each stage found\n"
	       "  -h, --help              show this help\n"
	       "\n"
	       "Exit status: 0 success, 2 usage, 3 input/output, 4 bad input (empty, binary,\n"
	       "undecodable), 5 over the size cap, 6 conversion failed.\n",
	       hx_lang_list());
}

struct convert_opts {
	const char *input;
	const char *output;
	const char *meta;
	const char *html;
};

enum { OPT_META = 256, OPT_HTML, OPT_FROM, OPT_ENCODING, OPT_LOSSY, OPT_FORMAT, OPT_MAX_INPUT };

static int usage_error(const char *what, const char *arg, const char *hint)
{
	fprintf(stderr, "hexaglot convert: %s '%s'%s\nTry 'hexaglot convert --help'.\n", what,
		arg, hint);
	return hx_err_exit_status(HX_E_USAGE);
}

static int parse_args(int argc, char **argv, struct convert_opts *o, struct hx_config *cfg)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"meta", required_argument, NULL, OPT_META},
		{"html", required_argument, NULL, OPT_HTML},
		{"from", required_argument, NULL, OPT_FROM},
		{"encoding", required_argument, NULL, OPT_ENCODING},
		{"lossy", no_argument, NULL, OPT_LOSSY},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"max-input", required_argument, NULL, OPT_MAX_INPUT},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->output = optarg;
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
			if (!hx_parse_size(optarg, &cfg->max_input))
				return usage_error("invalid size", optarg,
						   "; write e.g. 65536, 64M or 1G");
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
	if (optind != argc - 1) {
		fprintf(stderr, "hexaglot convert: %s\nTry 'hexaglot convert --help'.\n",
			optind >= argc ? "expected a FILE to convert" : "expected exactly one FILE");
		return hx_err_exit_status(HX_E_USAGE);
	}
	o->input = argv[optind];
	return 0;
}

static void print_warnings(const struct hx_doc *doc, const struct hx_diag *diag)
{
	for (size_t i = 0; i < diag->nwarnings; i++)
		hx_log_warn("%s", diag->warnings[i]);
	if (diag->warnings_dropped)
		hx_log_warn("'%s': %zu more warnings not shown", doc->path, diag->warnings_dropped);
}

static enum hx_err write_outputs(const struct convert_opts *o, struct hx_doc *doc,
				 struct hx_diag *diag)
{
	enum hx_err err;

	if (o->meta) {
		char *json = hx_meta_to_json(doc);

		err = hx_file_write_atomic(o->meta, json, strlen(json), diag);
		free(json);
		if (err)
			return err;
	}
	if (o->html) {
		err = hx_file_write_atomic(o->html, doc->html, doc->html_len, diag);
		if (err)
			return err;
	}
	return hx_file_write_atomic(o->output ? o->output : "-", doc->markdown, doc->markdown_len,
				    diag);
}

int hx_cmd_convert(int argc, char **argv)
{
	struct convert_opts o = {0};
	struct hx_config cfg;
	struct hx_pipeline p;
	struct hx_doc *doc = NULL;
	enum hx_err err;
	int status;

	hx_config_init(&cfg);
	status = parse_args(argc, argv, &o, &cfg);
	if (status)
		return status;
	err = hx_pipeline_init(&p, &cfg, "decode", o.html ? "render" : "convert");
	if (!err) {
		doc = hx_doc_new(o.input);
		err = hx_pipeline_process(&p, doc);
		print_warnings(doc, &p.diag);
	}
	if (!err)
		err = write_outputs(&o, doc, &p.diag);
	if (err)
		hx_log_error("%s", hx_diag_message(&p.diag));
	else
		hx_log_info("%s: %s, %s, %s -> %zu bytes of Markdown", doc->path,
			    hx_format_name(doc->format), doc->meta.encoding ? doc->meta.encoding : "?",
			    hx_lang_get(doc->lang) ? hx_lang_get(doc->lang)->code : "?",
			    doc->markdown_len);
	hx_doc_free(doc);
	hx_pipeline_release(&p);
	return hx_err_exit_status(err);
}
