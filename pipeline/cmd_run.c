/*
 * `hexaglot run`: the nightly batch over a folder, for documentation officers
 * and cron jobs: incremental, locked, interruptible, with a morning report.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cmd.h"
#include "log.h"
#include "mem.h"
#include "cmd_opts.h"
#include "pdf.h"

void hx_cmd_run_usage(void)
{
	printf("usage: hexaglot run [--in DIR] [--out DIR] [--to LANGS] [options]\n"
	       "\n"
	       "Translates every document of the input folder into the output folder, as\n"
	       "`hexaglot translate` does, a window of documents at a time: their sentences\n"
	       "deduplicated, looked up in the translation memory, and only the rest sent to\n"
	       "MT. A document unchanged since the last run (same input, same settings and\n"
	       "glossaries) is skipped without being parsed; one gone from the input folder\n"
	       "has its outputs removed. Writes OUT/report.json and OUT/index.html (with the\n"
	       "QA counts of every draft; the findings in OUT/<id>/<id>.qa.json, consistency\n"
	       "checked across each window); keeps its state (manifest, translation memory,\n"
	       "lock) in OUT/.hexaglot/.\n"
	       "\n"
	       "Options:\n"
	       "      --in DIR            the documents (default: docs-in)\n"
	       "      --out DIR           where to write (default: docs-out)\n"
	       "      --to LANGS          target languages: any of %s, comma-separated,\n"
	       "                          or all (default: [run] languages of the configuration)\n"
	       "      --config FILE       settings, engines and pairs (default: ./hexaglot.conf\n"
	       "                          when it exists); see the README\n"
	       "  -j, --jobs N            documents converted and rendered at once (default: the\n"
	       "                          number of processors, at most 8)\n"
	       "      --window N          documents per window (default %d)\n"
	       "      --shard K/N         only the documents whose id hashes to K modulo N\n"
	       "                          (0 <= K < N); each shard keeps its own state and report\n"
	       "      --force             do every document, changed or not\n"
	       "      --dry-run           list what would be done; change nothing\n"
	       "      --keep-removed      keep the outputs of documents gone from the input folder\n"
	       "      --tm PATH           the translation memory (default: [run] tm of the\n"
	       "                          configuration, else OUT/.hexaglot/tm.sqlite)\n"
	       "      --glossaries DIR    the glossary folder (as for translate)\n"
	       "      --engine TYPE, --endpoint URL, --key-file FILE, --pivot LANG,\n"
	       "      --timeout SECONDS, --concurrency N, --retries N\n"
	       "                          the default MT engine, as for translate\n"
	       "      --pdf, --pdf-engine NAME, --pdf-timeout SECONDS\n"
	       "                          also render PDFs from the print pages, as for translate\n"
	       "  -q, --quiet             print errors only (no progress line)\n"
	       "  -v, --verbose           print a line per document\n"
	       "  -h, --help              show this help\n"
	       "\n"
	       "Exit status: 0 all done; 1 some documents failed (the others are done);\n"
	       "2 usage or configuration error; 3 done, but some segments are untranslated\n"
	       "(MT unavailable: the next run translates them); 4 done, but PDFs asked for were\n"
	       "not rendered (no renderer, or one failed: the next run tries them again);\n"
	       "75 another run holds the lock;\n"
	       "130 or 143 stopped by SIGINT or SIGTERM after the current window (run again\n"
	       "to finish).\n",
	       hx_lang_list(), HX_RUN_WINDOW_DEFAULT);
}

enum {
	OPT_IN = 256,
	OPT_OUT,
	OPT_TO,
	OPT_CONFIG,
	OPT_WINDOW,
	OPT_SHARD,
	OPT_FORCE,
	OPT_DRY_RUN,
	OPT_KEEP_REMOVED,
	OPT_TM,
	OPT_GLOSSARIES,
};

struct run_args {
	struct hx_run_opts run;
	const char *config, *tm, *glossaries;
	uint32_t targets;
	struct hx_shared_opts shared; /* engine and PDFs */
	bool verbose, quiet;
};

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "hexaglot run: %s%s%s\nTry 'hexaglot run --help'.\n", what, arg ? " " : "",
		arg ? arg : "");
	return hx_err_exit_status(HX_E_USAGE);
}

static bool parse_shard(const char *s, unsigned *k, unsigned *n)
{
	char *end;
	unsigned long a = strtoul(s, &end, 10), b;

	if (end == s || *end != '/')
		return false;
	s = end + 1;
	b = strtoul(s, &end, 10);
	if (end == s || *end || b == 0 || b > 10000 || a >= b)
		return false;
	*k = (unsigned)a;
	*n = (unsigned)b;
	return true;
}

static int parse_option(int c, struct run_args *a, struct hx_diag *diag)
{
	long v;

	switch (c) {
	case OPT_IN:
		a->run.in_dir = optarg;
		return 0;
	case OPT_OUT:
		a->run.out_dir = optarg;
		return 0;
	case OPT_TO:
		return hx_config_parse_langs(optarg, &a->targets, diag)
			       ? 0
			       : usage_error(hx_diag_message(diag), NULL);
	case OPT_CONFIG:
		a->config = optarg;
		return 0;
	case 'j':
		if (!hx_parse_long(optarg, 1, HX_RUN_JOBS_MAX, &v))
			return usage_error("invalid number of jobs:", optarg);
		a->run.jobs = (int)v;
		return 0;
	case OPT_WINDOW:
		if (!hx_parse_long(optarg, 1, 100000, &v))
			return usage_error("invalid window:", optarg);
		a->run.window = (size_t)v;
		return 0;
	case OPT_SHARD:
		return parse_shard(optarg, &a->run.shard_k, &a->run.shard_n)
			       ? 0
			       : usage_error("invalid shard (write K/N, 0 <= K < N):", optarg);
	case OPT_FORCE:
		a->run.force = true;
		return 0;
	case OPT_DRY_RUN:
		a->run.dry_run = true;
		return 0;
	case OPT_KEEP_REMOVED:
		a->run.keep_removed = true;
		return 0;
	case OPT_TM:
		a->tm = optarg;
		return 0;
	case OPT_GLOSSARIES:
		a->glossaries = optarg;
		return 0;
	case 'q':
		a->quiet = true;
		hx_log_set_level(HX_LOG_ERROR);
		return 0;
	case 'v':
		a->verbose = true;
		hx_log_set_level(HX_LOG_DEBUG);
		return 0;
	case 'h':
		hx_cmd_run_usage();
		exit(0);
	}
	switch (hx_shared_option(&a->shared, c, optarg, "run")) {
	case 1:
		return 0;
	case 0:
		fprintf(stderr, "Try 'hexaglot run --help'.\n");
		break;
	}
	return hx_err_exit_status(HX_E_USAGE);
}

static int parse_args(int argc, char **argv, struct run_args *a)
{
	static const struct option longopts[] = {
		{"in", required_argument, NULL, OPT_IN},
		{"out", required_argument, NULL, OPT_OUT},
		{"to", required_argument, NULL, OPT_TO},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"jobs", required_argument, NULL, 'j'},
		{"window", required_argument, NULL, OPT_WINDOW},
		{"shard", required_argument, NULL, OPT_SHARD},
		{"force", no_argument, NULL, OPT_FORCE},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"keep-removed", no_argument, NULL, OPT_KEEP_REMOVED},
		{"tm", required_argument, NULL, OPT_TM},
		{"glossaries", required_argument, NULL, OPT_GLOSSARIES},
		HX_SHARED_LONGOPTS,
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct hx_diag diag = {0};
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int c, status;

	a->run.in_dir = "docs-in";
	a->run.out_dir = "docs-out";
	a->run.jobs = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (int)ncpu;
	a->run.window = HX_RUN_WINDOW_DEFAULT;
	hx_shared_opts_init(&a->shared);
	optind = 1;
	while ((c = getopt_long(argc, argv, "j:qvh", longopts, NULL)) != -1)
		if ((status = parse_option(c, a, &diag)))
			return status;
	if (optind < argc)
		return usage_error("unexpected argument:", argv[optind]);
	return 0;
}

static void on_signal(int sig)
{
	hx_run_interrupt(sig);
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND; /* a second signal stops at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* What a dry run would do, one line a document, on standard output. */
static void print_plan(const struct hx_run_report *rep)
{
	for (size_t i = 0; i < rep->n; i++) {
		const struct hx_run_doc *d = &rep->docs[i];

		printf("%-18s %-40s %s%s%s\n",
		       d->status == HX_RUN_PENDING ? "would translate"
		       : d->status == HX_RUN_SKIPPED ? "unchanged"
		       : d->status == HX_RUN_REMOVED ? "would remove"
						     : hx_run_status_name(d->status),
		       d->id, d->source, d->error ? ": " : "", d->error ? d->error : "");
	}
	printf("%zu to translate, %zu unchanged, %zu to remove, %zu failing\n",
	       rep->counts[HX_RUN_PENDING], rep->counts[HX_RUN_SKIPPED], rep->counts[HX_RUN_REMOVED],
	       rep->counts[HX_RUN_FAILED]);
}

static int exit_status(const struct hx_run_report *rep)
{
	if (rep->interrupted)
		return 128 + rep->signal;
	if (rep->counts[HX_RUN_FAILED])
		return hx_err_exit_status(HX_E_IO);
	if (rep->pdf_failed)
		return hx_err_exit_status(HX_E_PDF);
	if (rep->untranslated)
		return hx_err_exit_status(HX_E_UNTRANSLATED);
	return 0;
}

/* Settings: the file, then the command line, then the run's own defaults. */
static int configure(struct run_args *a, struct hx_config *cfg)
{
	struct hx_diag diag = {0};
	enum hx_err err = hx_config_load_default(cfg, a->config, &diag);

	if (!err && a->targets)
		cfg->targets = a->targets;
	if (!err)
		hx_shared_opts_apply_pdf(&a->shared, cfg);
	if (!err && !cfg->targets)
		err = hx_fail(&diag, HX_E_USAGE,
			      "say which languages to translate into: --to es,fr or [run] languages");
	if (!err)
		err = hx_config_override(cfg, &a->shared.eng, &diag);
	if (!err && a->glossaries) {
		free(cfg->glossaries);
		cfg->glossaries = hx_xstrdup(a->glossaries);
	}
	if (!err && (a->tm || !cfg->tm_path)) {
		char *state = hx_run_state_dir(&a->run);
		size_t n = strlen(state) + 16;

		free(cfg->tm_path);
		cfg->tm_path = a->tm ? hx_xstrdup(a->tm) : hx_xmalloc(n);
		if (!a->tm)
			snprintf(cfg->tm_path, n, "%s/tm.sqlite", state);
		free(state);
	}
	if (err)
		fprintf(stderr, "hexaglot run: %s\n", hx_diag_message(&diag));
	hx_diag_release(&diag);
	return err ? hx_err_exit_status(err) : 0;
}

int hx_cmd_run(int argc, char **argv)
{
	struct run_args a = {0};
	struct hx_config cfg;
	struct hx_run_report rep;
	struct hx_diag diag = {0};
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
	if (!a.quiet && !a.verbose && hx_log_get_level() == HX_LOG_WARN) {
		a.run.progress = isatty(STDERR_FILENO);
		if (!a.run.progress)
			hx_log_set_level(HX_LOG_INFO); /* cron: a line per document */
	}
	catch_signals();
	err = hx_run(&cfg, &a.run, &rep, &diag);
	if (err) {
		hx_log_error("%s", hx_diag_message(&diag));
		status = hx_err_exit_status(err);
	} else if (a.run.dry_run) {
		print_plan(&rep);
	} else {
		if ((err = hx_run_report_write(&rep, &a.run, &diag)))
			hx_log_error("%s", hx_diag_message(&diag));
		hx_log_info("%zu documents: %zu ok, %zu partial, %zu failed, %zu unchanged, %zu removed; "
			    "%zu segments, %zu from memory, %zu MT requests; report in %s/%s",
			    rep.n, rep.counts[HX_RUN_OK], rep.counts[HX_RUN_PARTIAL],
			    rep.counts[HX_RUN_FAILED], rep.counts[HX_RUN_SKIPPED],
			    rep.counts[HX_RUN_REMOVED], rep.segments, rep.from_tm, rep.requests,
			    a.run.out_dir, a.run.shard_n ? "report.shard-K-of-N.json" : "report.json");
		if (rep.interrupted)
			hx_log_warn("stopped by signal %d after a window; run again to finish",
				    rep.signal);
		status = err ? hx_err_exit_status(err) : exit_status(&rep);
	}
	hx_diag_release(&diag);
	hx_run_report_release(&rep);
	hx_config_release(&cfg);
	return status;
}
