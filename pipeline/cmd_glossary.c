/*
 * `hexaglot glossary`: look terms up in all six languages, check glossary
 * files, count them, and move them to and from TBX for CAT tools.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../stages/terms/terms.h"
#include "cmd.h"
#include "config.h"
#include "fsio.h"
#include "log.h"

struct glossary_opts {
	const char *dir;
	const char *tbx;    /* export --tbx OUT */
	const char *output; /* import -o OUT */
	enum hx_lang lang;
	struct hx_glossary_opts load;
	char **args; /* after the options */
	int nargs;
};

static const struct {
	const char *name, *args, *summary;
} subcommands[] = {
	{"lookup", "TEXT [--lang L]",
	 "every entry found in TEXT (or called TEXT), in all six languages"},
	{"check", "FILE...", "validate glossary files (TSV or TBX); each problem with file:line"},
	{"stats", "", "what the glossaries hold: entries, types, statuses, forms, automaton"},
	{"export", "--tbx OUT", "write the glossaries as TBX-Basic (OUT '-': standard output)"},
	{"import", "IN.tbx [-o OUT.tsv]", "convert a TBX file to a hexaglot TSV glossary"},
};

#define NSUB (sizeof(subcommands) / sizeof(subcommands[0]))

void hx_cmd_glossary_usage(void)
{
	printf("usage: hexaglot glossary <subcommand> [options]\n\nSubcommands:\n");
	for (size_t i = 0; i < NSUB; i++)
		printf("  %-7s %-20s %s\n", subcommands[i].name, subcommands[i].args,
		       subcommands[i].summary);
	printf("\n"
	       "Options:\n"
	       "      --glossaries DIR  the glossary folder (default: [run] glossaries of\n"
	       "                        hexaglot.conf, else $HEXAGLOT_GLOSSARIES, else ./glossaries,\n"
	       "                        else the installed one); every *.tsv and *.tbx in it is read\n"
	       "      --optional        also read DIR/optional/ (SDG targets and indicators)\n"
	       "      --strict          a malformed line rejects its whole file\n"
	       "      --no-stem         do not look for inflected forms (hunspell stems)\n"
	       "      --max-size SIZE   refuse a glossary file larger than SIZE (default 64M)\n"
	       "      --max-entries N   refuse glossaries of more than N concepts (default "
	       "2000000)\n"
	       "      --lang L          lookup: the language of TEXT (%s)\n"
	       "      --tbx OUT         export: where to write the TBX file\n"
	       "  -o, --output OUT      import: where to write the TSV (default: standard output)\n"
	       "  -h, --help            show this help\n"
	       "\n"
	       "The format of the files and the sources of the shipped ones: "
	       "glossaries/README.md.\n"
	       "Exit status: 0 done; 1 lookup found nothing, check found errors, or a file\n"
	       "was refused; 2 usage error; 70 internal error.\n",
	       hx_lang_list());
}

static void subcommand_usage(size_t i)
{
	printf("usage: hexaglot glossary %s %s [options]\n\n%s.\n\n"
	       "Options: --glossaries DIR, --optional, --strict, --no-stem, --max-size SIZE,\n"
	       "--max-entries N%s.\n"
	       "See 'hexaglot glossary --help' for what each does.\n",
	       subcommands[i].name, subcommands[i].args, subcommands[i].summary,
	       i == 0   ? ", --lang L"
	       : i == 3 ? ", --tbx OUT"
	       : i == 4 ? ", -o OUT"
			: "");
}

static int usage_error(const char *sub, const char *what)
{
	fprintf(stderr, "hexaglot glossary%s%s: %s\nTry 'hexaglot glossary --help'.\n",
		sub ? " " : "", sub ? sub : "", what);
	return hx_err_exit_status(HX_E_USAGE);
}

enum {
	OPT_GLOSSARIES = 256,
	OPT_OPTIONAL,
	OPT_STRICT,
	OPT_NO_STEM,
	OPT_MAX_SIZE,
	OPT_MAX_ENTRIES,
	OPT_LANG,
	OPT_TBX
};

/* Applies option c; returns -1 to go on, else the exit status (after --help or a usage error). */
static int apply_option(int c, size_t sub, struct glossary_opts *o)
{
	switch (c) {
	case OPT_GLOSSARIES:
		o->dir = optarg;
		return -1;
	case OPT_OPTIONAL:
		o->load.optional = true;
		return -1;
	case OPT_STRICT:
		o->load.strict = true;
		return -1;
	case OPT_NO_STEM:
		o->load.stem = false;
		return -1;
	case OPT_MAX_SIZE:
		if (!hx_parse_size(optarg, &o->load.max_bytes))
			return usage_error(subcommands[sub].name, "invalid --max-size");
		return -1;
	case OPT_MAX_ENTRIES:
		if (!hx_parse_size(optarg, &o->load.max_entries))
			return usage_error(subcommands[sub].name, "invalid --max-entries");
		return -1;
	case OPT_LANG:
		o->lang = hx_lang_parse(optarg);
		if (o->lang == HX_LANG_NONE)
			return usage_error(subcommands[sub].name,
					   "unknown --lang; use one of ar, zh, en, fr, ru, es");
		return -1;
	case OPT_TBX:
		o->tbx = optarg;
		return -1;
	case 'o':
		o->output = optarg;
		return -1;
	case 'h':
		subcommand_usage(sub);
		return 0;
	default:
		return usage_error(subcommands[sub].name, "invalid option");
	}
	return -1;
}

/* Returns -1 to go on, else the exit status (after --help or a usage error). */
static int parse_args(int argc, char **argv, size_t sub, struct glossary_opts *o)
{
	static const struct option longopts[] = {
		{"glossaries", required_argument, NULL, OPT_GLOSSARIES},
		{"optional", no_argument, NULL, OPT_OPTIONAL},
		{"strict", no_argument, NULL, OPT_STRICT},
		{"no-stem", no_argument, NULL, OPT_NO_STEM},
		{"max-size", required_argument, NULL, OPT_MAX_SIZE},
		{"max-entries", required_argument, NULL, OPT_MAX_ENTRIES},
		{"lang", required_argument, NULL, OPT_LANG},
		{"tbx", required_argument, NULL, OPT_TBX},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c, status = -1;

	optind = 1;
	while (status < 0 && (c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1)
		status = apply_option(c, sub, o);
	o->args = argv + optind;
	o->nargs = argc - optind;
	return status;
}

static void print_problems(const struct hx_glossary *g, FILE *out)
{
	for (size_t i = 0; i < hx_glossary_nproblems(g); i++) {
		const struct hx_gl_problem *p = hx_glossary_problem(g, i);
		const char *file = hx_glossary_file_name(g, p->file);

		if (p->line)
			fprintf(out, "%s:%u: %s: %s\n", file, p->line,
				p->error ? "error" : "warning", p->msg);
		else
			fprintf(out, "%s: %s: %s\n", file, p->error ? "error" : "warning", p->msg);
	}
}

static int load(const struct glossary_opts *o, struct hx_glossary **g)
{
	struct hx_diag diag = {0};
	enum hx_err err = hx_glossary_load(o->dir, &o->load, g, &diag);

	if (err)
		hx_log_error("%s", hx_diag_message(&diag));
	else if (hx_glossary_nerrors(*g))
		print_problems(*g, stderr);
	hx_diag_release(&diag);
	return err ? hx_err_exit_status(err) : 0;
}

static void print_entry(const struct hx_glossary *g, const struct hx_gl_entry *e)
{
	printf("%s  %s  %s\n", e->id, hx_term_type_name(e->type), e->status[0] ? e->status : "-");
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		printf("  %s  ", hx_lang_get(l)->code);
		for (const char *c = e->cell[l]; *c; c++)
			if (*c == '|')
				fputs(" | ", stdout);
			else
				putchar(*c);
		putchar('\n');
	}
	if (e->note[0])
		printf("  note    %s\n", e->note);
	printf("  source  %s:%u%s%s\n", hx_glossary_file_name(g, e->file), e->line,
	       e->source[0] ? ", " : "", e->source);
}

/* Every entry found in TEXT, each once with the forms found; else the entry called TEXT. */
static int cmd_lookup(const struct glossary_opts *o, const struct hx_glossary *g)
{
	const char *text = o->args[0];
	struct hx_term_hits hits = {0};
	struct hx_diag diag = {0};
	enum hx_err err = hx_glossary_find(g, text, strlen(text), o->lang, &hits, &diag);
	long id = hx_glossary_find_id(g, text);
	bool found;

	for (size_t i = 0; i < hits.n && !err; i++) {
		const struct hx_term_hit *h = &hits.v[i];
		bool seen = false;

		for (size_t k = 0; k < i; k++)
			seen |= hits.v[k].entry == h->entry;
		if (i)
			putchar('\n');
		if (!seen)
			print_entry(g, hx_glossary_entry(g, h->entry));
		printf("  found   \"%.*s\" at byte %zu (%s%s%s)\n", (int)h->len, text + h->offset,
		       h->offset, hx_lang_get(h->lang)->code,
		       h->stemmed ? ", inflected form of " : "",
		       h->stemmed ? hx_glossary_form(g, h->form) : "");
	}
	if (!err && !hits.n && id >= 0)
		print_entry(g, hx_glossary_entry(g, (size_t)id));
	if (err)
		hx_log_error("%s", hx_diag_message(&diag));
	else if (!hits.n && id < 0)
		hx_log_error("no glossary entry matches '%s'", text);
	found = hits.n || id >= 0;
	hx_term_hits_release(&hits);
	hx_diag_release(&diag);
	return err ? hx_err_exit_status(err) : found ? 0 : 1;
}

/* Validates FILE...: all problems with file:line on standard output; 1 if any is an error. */
static int cmd_check(const struct glossary_opts *o)
{
	struct hx_glossary *g = hx_glossary_new(&o->load);
	struct hx_diag diag = {0};
	size_t refused = 0, warnings;

	for (int i = 0; i < o->nargs; i++) {
		if (hx_glossary_add_file(g, o->args[i], &diag)) {
			printf("%s\n", hx_diag_message(&diag));
			refused++;
		}
		hx_diag_release(&diag);
	}
	if (hx_glossary_build(g, &diag))
		refused++;
	print_problems(g, stdout);
	warnings = hx_glossary_nproblems(g) - hx_glossary_nerrors(g);
	printf("%d files, %zu entries: %zu errors, %zu warnings%s\n", o->nargs, hx_glossary_size(g),
	       hx_glossary_nerrors(g), warnings, refused ? "; some files refused" : "");
	hx_diag_release(&diag);
	warnings = hx_glossary_nerrors(g) || refused;
	hx_glossary_free(g);
	return warnings ? 1 : 0;
}

static void count_statuses(const struct hx_glossary *g)
{
	const char *name[32];
	size_t count[32] = {0}, n = 0;

	for (size_t i = 0; i < hx_glossary_size(g); i++) {
		const char *s = hx_glossary_entry(g, i)->status;
		size_t k = 0;

		while (k < n && strcmp(name[k], s))
			k++;
		if (k == n && n < 32)
			name[n++] = s;
		if (k < n)
			count[k]++;
	}
	printf("status     ");
	for (size_t k = 0; k < n; k++)
		printf("%s%s %zu", k ? ", " : "", name[k][0] ? name[k] : "(none)", count[k]);
	printf("\n");
}

static int cmd_stats(const struct glossary_opts *o, const struct hx_glossary *g, double seconds)
{
	struct hx_glossary_stats st;

	hx_glossary_get_stats(g, &st);
	printf("glossaries %s: %zu files\n", o->dir, hx_glossary_nfiles(g));
	for (size_t f = 0; f < hx_glossary_nfiles(g); f++) {
		size_t n = 0;

		for (size_t i = 0; i < st.entries; i++)
			n += hx_glossary_entry(g, i)->file == f;
		printf("  %-40s %6zu entries\n", hx_glossary_file_name(g, (uint32_t)f), n);
	}
	printf("entries    %zu (name %zu, term %zu, dnt %zu)\n", st.entries,
	       st.by_type[HX_TERM_NAME], st.by_type[HX_TERM_TERM], st.by_type[HX_TERM_DNT]);
	count_statuses(g);
	printf("forms      %zu:", st.forms);
	for (int l = 0; l < HX_LANG_COUNT; l++)
		printf(" %s %zu", hx_lang_get(l)->code, st.forms_by_lang[l]);
	printf("\nautomaton  %zu keys, %zu states, %zu symbols, %.1f MB\n", st.keys, st.nodes,
	       st.alphabet, (double)st.bytes / 1e6);
	printf("problems   %zu errors, %zu warnings\n", hx_glossary_nerrors(g),
	       hx_glossary_nproblems(g) - hx_glossary_nerrors(g));
	printf("load       %.1f ms\n", seconds * 1e3);
	return 0;
}

static int write_out(const char *path, const struct hx_buf *b, struct hx_diag *diag)
{
	enum hx_err err = hx_file_write_atomic(path, b->data ? b->data : "", b->len, diag);

	if (err)
		hx_log_error("%s", hx_diag_message(diag));
	return hx_err_exit_status(err);
}

static int cmd_export(const struct glossary_opts *o, const struct hx_glossary *g)
{
	struct hx_buf tbx = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	enum hx_err err = hx_tbx_export(g, &tbx, &diag);
	int status = err ? hx_err_exit_status(err) : write_out(o->tbx, &tbx, &diag);

	if (err)
		hx_log_error("%s", hx_diag_message(&diag));
	else if (!status && strcmp(o->tbx, "-"))
		hx_log_info("%zu concepts written to %s", hx_glossary_size(g), o->tbx);
	hx_buf_release(&tbx);
	hx_diag_release(&diag);
	return status;
}

static int cmd_import(const struct glossary_opts *o)
{
	struct hx_glossary *g = hx_glossary_new(&o->load);
	struct hx_buf in = HX_BUF_INIT(0), tsv = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	const char *path = o->args[0];
	enum hx_err err = hx_file_read(
		path, o->load.max_bytes ? o->load.max_bytes : HX_GLOSSARY_MAX_BYTES, &in, &diag);
	int status;

	if (!err)
		err = hx_glossary_add_tbx(g, path, in.data ? in.data : "", in.len, &diag);
	print_problems(g, stderr);
	if (!err)
		err = hx_buf_addf(&tsv, "# imported by hexaglot glossary import from %s\n", path);
	if (!err)
		err = hx_glossary_write_tsv(g, &tsv, &diag);
	if (err)
		hx_log_error("%s", hx_diag_message(&diag));
	status =
		err ? hx_err_exit_status(err) : write_out(o->output ? o->output : "-", &tsv, &diag);
	if (!status && o->output)
		hx_log_info("%zu concepts written to %s", hx_glossary_size(g), o->output);
	hx_buf_release(&in);
	hx_buf_release(&tsv);
	hx_diag_release(&diag);
	hx_glossary_free(g);
	return status;
}

static int wrong_arguments(size_t sub, const struct glossary_opts *o)
{
	switch (sub) {
	case 0:
		return o->nargs != 1 ? usage_error("lookup", "expected one TEXT") : 0;
	case 1:
		return o->nargs < 1 ? usage_error("check", "expected at least one FILE") : 0;
	case 2:
		return o->nargs ? usage_error("stats", "takes no arguments") : 0;
	case 3:
		return o->nargs || !o->tbx ? usage_error("export", "expected --tbx OUT") : 0;
	case 4:
		return o->nargs != 1 ? usage_error("import", "expected one IN.tbx") : 0;
	}
	return 0;
}

/* The subcommands that read the glossary folder first. */
static int run_loaded(size_t sub, const struct glossary_opts *o)
{
	struct hx_glossary *g = NULL;
	struct timespec t0, t1;
	int status;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	status = load(o, &g);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (status)
		return status;
	if (sub == 0)
		status = cmd_lookup(o, g);
	else if (sub == 2)
		status = cmd_stats(o, g,
				   (double)(t1.tv_sec - t0.tv_sec) +
					   (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	else
		status = cmd_export(o, g);
	hx_glossary_free(g);
	return status;
}

int hx_cmd_glossary(int argc, char **argv)
{
	struct glossary_opts o = {0};
	struct hx_config cfg;
	struct hx_diag diag = {0};
	bool chosen;
	size_t sub = 0;
	int status;

	if (argc < 2)
		return usage_error(NULL,
				   "expected a subcommand: lookup, check, stats, export, import");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		hx_cmd_glossary_usage();
		return 0;
	}
	while (sub < NSUB && strcmp(argv[1], subcommands[sub].name))
		sub++;
	if (sub == NSUB)
		return usage_error(
			NULL, "unknown subcommand; use lookup, check, stats, export or import");
	/* the folder as translate finds it: hexaglot.conf, HEXAGLOT_GLOSSARIES, ./glossaries,
	 * the installed one; --glossaries wins */
	hx_config_init(&cfg);
	if (hx_config_load_default(&cfg, NULL, &diag)) {
		fprintf(stderr, "hexaglot glossary: %s\n", hx_diag_message(&diag));
		hx_diag_release(&diag);
		hx_config_release(&cfg);
		return hx_err_exit_status(HX_E_CONFIG);
	}
	o.dir = hx_config_glossary_dir(&cfg, &chosen);
	if (!o.dir)
		o.dir = "glossaries"; /* named in the error if it is missing */
	o.lang = HX_LANG_NONE;
	o.load.stem = true;
	status = parse_args(argc - 1, argv + 1, sub, &o);
	if (status < 0 && !(status = wrong_arguments(sub, &o)))
		status = sub == 1 ? cmd_check(&o) : sub == 4 ? cmd_import(&o) : run_loaded(sub, &o);
	hx_config_release(&cfg);
	return status;
}
