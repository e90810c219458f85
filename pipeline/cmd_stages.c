/* `hexaglot stages`: the stage table, in pipeline order. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "stage.h"

void hx_cmd_stages_usage(void)
{
	printf("usage: hexaglot stages\n"
	       "\n"
	       "Lists the pipeline stages in the order documents go through them.\n");
}

int hx_cmd_stages(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		hx_cmd_stages_usage();
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "hexaglot stages: unexpected argument '%s'\n", argv[1]);
		return hx_err_exit_status(HX_E_USAGE);
	}
	for (size_t i = 0; hx_stages[i]; i++)
		printf("%zu. %-10s %s\n", i + 1, hx_stages[i]->name, hx_stages[i]->summary);
	return 0;
}
