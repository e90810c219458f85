/*
 * `hexaglot tm`: what the translation memory holds, and moving it to and
 * from CAT tools (and between machines that share a batch) as TMX.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "log.h"
#include "tm.h"

struct tm_opts {
	const char *tm;     /* --tm */
	const char *config; /* --config */
	struct hx_tmx_opts import;
	bool origin_given;
	size_t max_bytes;
	enum hx_lang from, to;
	char **args; /* after the options */
	int nargs;
};

enum { SUB_STATS, SUB_IMPORT, SUB_EXPORT, NSUB };

static const struct {
	const char *name, *args, *summary;
} subcommands[NSUB] = {
	[SUB_STATS] = {"stats", "", "units by language pair and origin, uses, file size"},
	[SUB_IMPORT] = {"import", "FILE.tmx",
			"add the translations of a TMX file (OmegaT, Okapi, "
			"Trados, hexaglot)"},
	[SUB_EXPORT] = {"export", "FILE.tmx",
			"write the memory as TMX 1.4b (FILE '-': standard "
			"output)"},
};

void hx_cmd_tm_usage(void)
{
	printf("usage: hexaglot tm <subcommand> [options]\n\nSubcommands:\n");
	for (size_t i = 0; i < NSUB; i++)
		printf("  %-7s %-9s %s\n", subcommands[i].name, subcommands[i].args,
		       subcommands[i].summary);
	printf("\n"
	       "The translation memory keeps every translated segment by language pair and\n"
	       "source text; a run looks segments up there before asking an MT engine. A\n"
	       "human translation is never replaced by a machine one.\n"
	       "\n"
	       "Options:\n"
	       "      --tm PATH         the translation memory (default: [run] tm of\n"
	       "                        hexaglot.conf, else %s)\n"
	       "      --config FILE     settings (default: ./hexaglot.conf when it exists)\n"
	       "      --origin ORIGIN   import: human (default) or mt, for the units whose TU has\n"
	       "                        no x-origin prop; mt also marks human ones as mt\n"
	       "      --all-pairs       import: every pair of a TU's languages, also into its\n"
	       "                        srclang (default: only from it, when the TU names one)\n"
	       "      --from L          export: only units from L (%s)\n"
	       "      --to L            export: only units into L\n"
	       "      --max-size SIZE   refuse a TMX file larger than SIZE (default 256M)\n"
	       "  -h, --help            show this help\n"
	       "\n"
	       "Exit status: 0 done; 1 a file was refused (malformed, too large, not a\n"
	       "translation memory); 2 usage or configuration error; 70 internal error;\n"
	       "75 another process holds the translation memory.\n",
	       HX_TM_DEFAULT_PATH, hx_lang_list());
}

static void subcommand_usage(size_t i)
{
	printf("usage: hexaglot tm %s%s%s [options]\n\n%s.\n\n"
	       "Options: --tm PATH, --config FILE%s.\n"
	       "See 'hexaglot tm --help' for what each does.\n",
	       subcommands[i].name, *subcommands[i].args ? " " : "", subcommands[i].args,
	       subcommands[i].summary,
	       i == SUB_IMPORT   ? ", --origin human|mt, --all-pairs, --max-size SIZE"
	       : i == SUB_EXPORT ? ", --from L, --to L, --max-size SIZE"
				 : "");
}

static int usage_error(const char *sub, const char *what)
{
	fprintf(stderr, "hexaglot tm%s%s: %s\nTry 'hexaglot tm --help'.\n", sub ? " " : "",
		sub ? sub : "", what);
	return hx_err_exit_status(HX_E_USAGE);
}

enum { OPT_TM = 256, OPT_CONFIG, OPT_ORIGIN, OPT_ALL_PAIRS, OPT_FROM, OPT_TO, OPT_MAX_SIZE };

static int parse_lang(const char *sub, const char *arg, enum hx_lang *out, const char *opt)
{
	char msg[96];

	*out = hx_lang_parse(arg);
	if (*out != HX_LANG_NONE)
		return -1;
	snprintf(msg, sizeof(msg), "unknown %s; use one of %s", opt, hx_lang_list());
	return usage_error(sub, msg);
}

/* Applies option c; returns -1 to go on, else the exit status (after --help or a usage error). */
static int apply_option(int c, size_t sub, struct tm_opts *o)
{
	const char *name = subcommands[sub].name;

	switch (c) {
	case OPT_TM:
		o->tm = optarg;
		return -1;
	case OPT_CONFIG:
		o->config = optarg;
		return -1;
	case OPT_ORIGIN:
		o->origin_given = true;
		return hx_tm_origin_parse(optarg, &o->import.origin)
			       ? -1
			       : usage_error(name, "unknown --origin; use human or mt");
	case OPT_ALL_PAIRS:
		o->import.all_pairs = true;
		return -1;
	case OPT_FROM:
		return parse_lang(name, optarg, &o->from, "--from");
	case OPT_TO:
		return parse_lang(name, optarg, &o->to, "--to");
	case OPT_MAX_SIZE:
		return hx_parse_size(optarg, &o->max_bytes)
			       ? -1
			       : usage_error(name, "invalid --max-size");
	case 'h':
		subcommand_usage(sub);
		return 0;
	default:
		return usage_error(name, "invalid option");
	}
}

static int parse_args(int argc, char **argv, size_t sub, struct tm_opts *o)
{
	static const struct option longopts[] = {
		{"tm", required_argument, NULL, OPT_TM},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"origin", required_argument, NULL, OPT_ORIGIN},
		{"all-pairs", no_argument, NULL, OPT_ALL_PAIRS},
		{"from", required_argument, NULL, OPT_FROM},
		{"to", required_argument, NULL, OPT_TO},
		{"max-size", required_argument, NULL, OPT_MAX_SIZE},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c, status = -1;

	optind = 1;
	while (status < 0 && (c = getopt_long(argc, argv, "h", longopts, NULL)) != -1)
		status = apply_option(c, sub, o);
	o->args = argv + optind;
	o->nargs = argc - optind;
	return status;
}

static int wrong_arguments(size_t sub, const struct tm_opts *o)
{
	const char *name = subcommands[sub].name;

	if (sub != SUB_IMPORT && (o->origin_given || o->import.all_pairs))
		return usage_error(name, "--origin and --all-pairs are for import");
	if (sub != SUB_EXPORT && (o->from != HX_LANG_NONE || o->to != HX_LANG_NONE))
		return usage_error(name, "--from and --to are for export");
	if (sub == SUB_STATS && o->nargs)
		return usage_error(name, "takes no arguments");
	if (sub != SUB_STATS && o->nargs != 1)
		return usage_error(name, "expected one FILE.tmx");
	if (o->from != HX_LANG_NONE && o->from == o->to)
		return usage_error(name, "--from and --to name the same language");
	return 0;
}

static int fail(enum hx_err err, struct hx_diag *diag)
{
	hx_log_error("%s", hx_diag_message(diag));
	return hx_err_exit_status(err);
}

static void print_warnings(const struct hx_diag *diag)
{
	for (size_t i = 0; i < diag->nwarnings; i++)
		hx_log_warn("%s", diag->warnings[i]);
	if (diag->warnings_dropped)
		hx_log_warn("%zu more warnings not shown", diag->warnings_dropped);
}

static int cmd_stats(struct hx_tm *tm)
{
	struct hx_tm_stats st;
	struct hx_diag diag = {0};
	enum hx_err err = hx_tm_get_stats(tm, &st, &diag);

	if (err)
		return fail(err, &diag);
	printf("translation memory %s: %.1f %s, schema %d\n", hx_tm_path(tm),
	       (double)st.file_bytes / (st.file_bytes < 1000000 ? 1e3 : 1e6),
	       st.file_bytes < 1000000 ? "kB" : "MB", HX_TM_SCHEMA_VERSION);
	printf("units %llu (human %llu, mt %llu), %llu uses\n", (unsigned long long)st.units,
	       (unsigned long long)st.by_origin[HX_TM_HUMAN],
	       (unsigned long long)st.by_origin[HX_TM_MT], (unsigned long long)st.uses);
	if (st.units)
		printf("  pair     human        mt\n");
	for (int s = 0; s < HX_LANG_COUNT; s++)
		for (int t = 0; t < HX_LANG_COUNT; t++) {
			const uint64_t *n = st.by_pair[s][t];

			if (n[HX_TM_HUMAN] || n[HX_TM_MT])
				printf("  %s-%s %9llu %9llu\n", hx_lang_get(s)->code,
				       hx_lang_get(t)->code, (unsigned long long)n[HX_TM_HUMAN],
				       (unsigned long long)n[HX_TM_MT]);
		}
	return 0;
}

static int cmd_import(struct hx_tm *tm, struct tm_opts *o)
{
	struct hx_tmx_stats st;
	struct hx_diag diag = {0};
	enum hx_err err;

	o->import.max_bytes = o->max_bytes;
	err = hx_tm_import_tmx(tm, o->args[0], &o->import, &st, &diag);
	print_warnings(&diag);
	if (err) {
		int status = fail(err, &diag);

		hx_diag_release(&diag);
		return status;
	}
	printf("%s: %zu TUs, %zu pairs: %zu added, %zu replaced, %zu kept, %zu skipped", o->args[0],
	       st.tus, st.pairs, st.added, st.replaced, st.kept, st.skipped);
	if (st.other_languages)
		printf("; %zu texts in other languages ignored", st.other_languages);
	printf("\n");
	hx_diag_release(&diag);
	return 0;
}

static int cmd_export(struct hx_tm *tm, const struct tm_opts *o)
{
	struct hx_diag diag = {0};
	size_t units = 0;
	const char *path = o->args[0];
	enum hx_err err = hx_tm_export_tmx(tm, path, o->from, o->to, o->max_bytes, &units, &diag);

	if (err)
		return fail(err, &diag);
	fprintf(strcmp(path, "-") ? stdout : stderr, "%zu units written to %s\n", units,
		strcmp(path, "-") ? path : "standard output");
	return 0;
}

/* The translation memory: --tm, else [run] tm of hexaglot.conf, else the default. */
static int run(size_t sub, struct tm_opts *o, const struct hx_config *cfg)
{
	const char *path = o->tm ? o->tm : cfg->tm_path ? cfg->tm_path : HX_TM_DEFAULT_PATH;
	struct hx_tm *tm = NULL;
	struct hx_diag diag = {0};
	enum hx_err err;
	int status;

	/* reading commands do not create an empty memory where there was none */
	if (sub != SUB_IMPORT && strcmp(path, ":memory:") && access(path, F_OK) != 0) {
		hx_log_error("no translation memory at '%s' (a run or 'hexaglot tm import' "
			     "creates it; --tm names another)",
			     path);
		return hx_err_exit_status(HX_E_IO);
	}
	err = hx_tm_open(path, &tm, &diag);
	if (err)
		return fail(err, &diag);
	status = sub == SUB_STATS    ? cmd_stats(tm)
		 : sub == SUB_IMPORT ? cmd_import(tm, o)
				     : cmd_export(tm, o);
	hx_tm_close(tm);
	return status;
}

int hx_cmd_tm(int argc, char **argv)
{
	struct tm_opts o = {0};
	struct hx_config cfg;
	struct hx_diag diag = {0};
	size_t sub = 0;
	int status;

	if (argc < 2)
		return usage_error(NULL, "expected a subcommand: stats, import, export");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		hx_cmd_tm_usage();
		return 0;
	}
	while (sub < NSUB && strcmp(argv[1], subcommands[sub].name))
		sub++;
	if (sub == NSUB)
		return usage_error(NULL, "unknown subcommand; use stats, import or export");
	o.import.origin = HX_TM_HUMAN;
	o.from = o.to = HX_LANG_NONE;
	status = parse_args(argc - 1, argv + 1, sub, &o);
	if (status >= 0 || (status = wrong_arguments(sub, &o)))
		return status;
	hx_config_init(&cfg);
	if (hx_config_load_default(&cfg, o.config, &diag)) {
		fprintf(stderr, "hexaglot tm: %s\n", hx_diag_message(&diag));
		status = hx_err_exit_status(HX_E_CONFIG);
	} else
		status = run(sub, &o, &cfg);
	hx_diag_release(&diag);
	hx_config_release(&cfg);
	return status;
}
