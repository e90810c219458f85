/*
 * The options `translate` and `run` share: the MT engine's (over the configured
 * engines) and the PDFs'. Each command lists HX_SHARED_LONGOPTS among its own
 * long options and hands unknown option codes to hx_shared_option.
 */
#ifndef HX_CMD_OPTS_H
#define HX_CMD_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "config.h"
#include "pdf.h"

/* Option codes above any command's own (those start at 256). */
enum {
	HX_OPT_ENGINE = 0x400,
	HX_OPT_ENDPOINT,
	HX_OPT_KEY_FILE,
	HX_OPT_PIVOT,
	HX_OPT_TIMEOUT,
	HX_OPT_CONCURRENCY,
	HX_OPT_RETRIES,
	HX_OPT_PDF,
	HX_OPT_PDF_ENGINE,
	HX_OPT_PDF_TIMEOUT,
};

#define HX_SHARED_LONGOPTS                                            \
	{"engine", required_argument, NULL, HX_OPT_ENGINE},           \
	{"endpoint", required_argument, NULL, HX_OPT_ENDPOINT},       \
	{"key-file", required_argument, NULL, HX_OPT_KEY_FILE},       \
	{"pivot", required_argument, NULL, HX_OPT_PIVOT},             \
	{"timeout", required_argument, NULL, HX_OPT_TIMEOUT},         \
	{"concurrency", required_argument, NULL, HX_OPT_CONCURRENCY}, \
	{"retries", required_argument, NULL, HX_OPT_RETRIES},         \
	{"pdf", no_argument, NULL, HX_OPT_PDF},                       \
	{"pdf-engine", required_argument, NULL, HX_OPT_PDF_ENGINE},   \
	{"pdf-timeout", required_argument, NULL, HX_OPT_PDF_TIMEOUT}

struct hx_shared_opts {
	struct hx_engine_override eng;
	bool pdf;
	enum hx_pdf_engine pdf_engine; /* HX_PDF_ENGINE_NONE: not given */
	long pdf_timeout_s;            /* 0: not given */
};

/* Nothing given. */
void hx_shared_opts_init(struct hx_shared_opts *o);
/*
 * Stores option c with its argument arg. Returns 1 when c is a shared option,
 * 0 when it is not, -1 when arg is invalid (said on standard error, for cmd).
 */
int hx_shared_option(struct hx_shared_opts *o, int c, const char *arg, const char *cmd);
/* Puts the PDF settings given on the command line over cfg's. */
void hx_shared_opts_apply_pdf(const struct hx_shared_opts *o, struct hx_config *cfg);
/* A whole decimal number s within [lo, hi] into *out; false, *out untouched, otherwise. */
bool hx_parse_long(const char *s, long lo, long hi, long *out);

#endif
