/* hexaglot's entry point: the command table, global options, exit status. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "log.h"

static const struct hx_command commands[] = {
	{"convert", "convert a document to clean CommonMark, metadata and HTML", hx_cmd_convert,
	 hx_cmd_convert_usage},
	{"translate", "translate documents into the other UN languages through MT engines",
	 hx_cmd_translate, hx_cmd_translate_usage},
	{"run", "the nightly batch: a folder of documents, incremental, with a report", hx_cmd_run,
	 hx_cmd_run_usage},
	{"export", "the documents as XLIFF 1.2 for CAT tools, drafts from the memory",
	 hx_cmd_export, hx_cmd_export_usage},
	{"engines", "list the MT engines, or probe which pairs their endpoints serve",
	 hx_cmd_engines, hx_cmd_engines_usage},
	{"glossary", "look up, check and convert the six-language glossaries", hx_cmd_glossary,
	 hx_cmd_glossary_usage},
	{"check", "check a translation against its source: spelling, numbers, symbols, terms",
	 hx_cmd_check, hx_cmd_check_usage},
	{"tm", "the translation memory: stats, TMX import and export", hx_cmd_tm, hx_cmd_tm_usage},
	{"stages", "list the pipeline stages in order", hx_cmd_stages, hx_cmd_stages_usage},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: hexaglot [--version] [--help] <command> [<args>]\n\n"
		     "Turns UN-style documents into clean CommonMark and draft translations in\n"
		     "the six official UN languages (ar, zh, en, fr, ru, es).\n\n"
		     "Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "  %-10s %s\n", "help", "show the help of a command");
	fprintf(out,
		"\nRun 'hexaglot <command> --help' for a command's options.\n"
		"Exit status: 0 all done; 1 a document failed; 2 usage or configuration\n"
		"error; 3 done, but some segments are untranslated; 4 done, but PDFs\n"
		"asked for were not made; 70 internal error; 75 another run holds the\n"
		"lock; 130, 143 run stopped by a signal. `check` has its own (see its --help).\n");
}

static const struct hx_command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct hx_command *cmd;

	if (argc < 2) {
		usage(stderr);
		return hx_err_exit_status(HX_E_USAGE);
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("hexaglot %s\n", HX_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			usage(stdout);
			return 0;
		}
		cmd = find_command(argv[2]);
		if (!cmd) {
			hx_log_error("no command '%s'; see 'hexaglot --help'", argv[2]);
			return hx_err_exit_status(HX_E_USAGE);
		}
		cmd->usage();
		return 0;
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		hx_log_error("no command '%s'; see 'hexaglot --help'", argv[1]);
		return hx_err_exit_status(HX_E_USAGE);
	}
	return cmd->run(argc - 1, argv + 1);
}
