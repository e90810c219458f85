/* The subcommands: one function each, called by main.c with the arguments after the name. */
#ifndef HX_CMD_H
#define HX_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define HX_VERSION "0.1.0"

struct hx_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv); /* returns the process exit status */
	void (*usage)(void);               /* full --help text on standard output */
};

int hx_cmd_convert(int argc, char **argv);
void hx_cmd_convert_usage(void);
int hx_cmd_stages(int argc, char **argv);
int hx_cmd_translate(int argc, char **argv);
int hx_cmd_engines(int argc, char **argv);
void hx_cmd_engines_usage(void);
void hx_cmd_translate_usage(void);
void hx_cmd_stages_usage(void);
int hx_cmd_run(int argc, char **argv);
void hx_cmd_run_usage(void);
int hx_cmd_glossary(int argc, char **argv);
void hx_cmd_glossary_usage(void);
int hx_cmd_check(int argc, char **argv);
void hx_cmd_check_usage(void);
int hx_cmd_tm(int argc, char **argv);
int hx_cmd_export(int argc, char **argv);
void hx_cmd_export_usage(void);
void hx_cmd_tm_usage(void);

/*
 * Parses a size such as "65536", "64M", "1G" (binary units) into *out.
 * Returns false, leaving *out alone, when s is not a positive size.
 */
bool hx_parse_size(const char *s, size_t *out);

#endif
