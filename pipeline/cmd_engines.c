/* `hexaglot engines`: the MT engine types, the configured engines, and a probe of what they serve. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stages/translate/probe.h"
#include "cmd.h"
#include "log.h"

void hx_cmd_engines_usage(void)
{
	printf("usage: hexaglot engines [list]\n"
	       "       hexaglot engines probe [--config FILE] [--engine TYPE] [--endpoint URL]\n"
	       "                              [--key-file FILE]\n"
	       "\n"
	       "list (the default) shows the engine types hexaglot speaks, the engines the\n"
	       "configuration defines and which engine serves each language pair.\n"
	       "probe asks every configured engine's endpoint which pairs it serves.\n"
	       "Exit status: 0; 1 when an engine cannot be reached; 2 usage or configuration.\n");
}

static void list_types(void)
{
	const char *name, *summary;

	printf("Engine types:\n");
	for (size_t i = 0; hx_translate_engine_type(i, &name, &summary); i++)
		printf("  %-15s %s\n", name, summary);
}

static void list_configured(const struct hx_config *cfg)
{
	printf("\nConfigured engines%s%s%s:\n", cfg->path ? " (" : "", cfg->path ? cfg->path : "",
	       cfg->path ? ")" : "");
	for (size_t i = 0; i < cfg->nengines; i++) {
		const struct hx_engine_config *e = &cfg->engines[i];

		const char *ep = e->endpoint ? e->endpoint : hx_config_default_endpoint(e->type);

		printf("  %-12s type %-14s %s%s%s%s\n", e->name, e->type, ep ? ep : "(no endpoint)",
		       (int)i == cfg->default_engine ? "  [default]" : "",
		       e->pivot != HX_LANG_NONE ? "  pivot " : "",
		       e->pivot != HX_LANG_NONE ? hx_lang_get(e->pivot)->code : "");
	}
	printf("\nPairs (source -> target: engine):\n");
	for (int s = 0; s < HX_LANG_COUNT; s++)
		for (int t = 0; t < HX_LANG_COUNT; t++)
			if (s != t && cfg->pair_engine[s][t] >= 0)
				printf("  %s -> %s: %s\n", hx_lang_get(s)->code, hx_lang_get(t)->code,
				       cfg->engines[cfg->pair_engine[s][t]].name);
	printf("  every other pair: %s\n",
	       cfg->default_engine >= 0 ? cfg->engines[cfg->default_engine].name : "(none)");
}

static int probe(const struct hx_config *cfg)
{
	struct hx_probe_result r[HX_MAX_ENGINES];
	struct hx_diag diag = {0};
	int status = 0;

	hx_translate_probe(cfg, r, &diag);
	for (size_t i = 0; i < cfg->nengines; i++) {
		printf("%s (%s, %s): ", r[i].name, r[i].type, r[i].endpoint ? r[i].endpoint : "-");
		if (!r[i].known) {
			printf("%s\n", r[i].error[0] ? r[i].error : "cannot say which pairs it serves");
			status = r[i].reachable || !strcmp(r[i].type, "none") ? status : 1;
			continue;
		}
		for (int s = 0; s < HX_LANG_COUNT; s++)
			for (int t = 0; t < HX_LANG_COUNT; t++)
				if ((r[i].pairs >> (s * HX_LANG_COUNT + t)) & 1u)
					printf("%s-%s ", hx_lang_get(s)->code, hx_lang_get(t)->code);
		printf("\n");
	}
	return status;
}

int hx_cmd_engines(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},   {"engine", required_argument, NULL, 'e'},
		{"endpoint", required_argument, NULL, 'u'}, {"key-file", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
	};
	struct hx_engine_override o = {NULL, NULL, NULL, NULL, -1, -1, -1};
	struct hx_config cfg;
	struct hx_diag diag = {0};
	const char *config = NULL, *action;
	int c, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'e':
			o.engine = optarg;
			break;
		case 'u':
			o.endpoint = optarg;
			break;
		case 'k':
			o.key_file = optarg;
			break;
		case 'h':
			hx_cmd_engines_usage();
			return 0;
		default:
			fprintf(stderr, "Try 'hexaglot engines --help'.\n");
			return hx_err_exit_status(HX_E_USAGE);
		}
	}
	action = optind < argc ? argv[optind] : "list";
	if (strcmp(action, "list") && strcmp(action, "probe")) {
		fprintf(stderr, "hexaglot engines: unknown action '%s'; use list or probe\n", action);
		return hx_err_exit_status(HX_E_USAGE);
	}
	hx_config_init(&cfg);
	if (hx_config_load_default(&cfg, config, &diag) || hx_config_override(&cfg, &o, &diag)) {
		hx_log_error("%s", hx_diag_message(&diag));
		hx_config_release(&cfg);
		return hx_err_exit_status(HX_E_CONFIG);
	}
	if (!strcmp(action, "list")) {
		list_types();
		list_configured(&cfg);
		status = 0;
	} else {
		status = probe(&cfg);
	}
	hx_config_release(&cfg);
	return status;
}
