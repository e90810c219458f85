/* Run-wide settings: what the command line and (later) the config file decide. */
#ifndef HX_CONFIG_H
#define HX_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"
#include "lang.h"

#define HX_DEFAULT_MAX_INPUT ((size_t)64 << 20)

struct hx_config {
	size_t max_input;      /* bytes; larger inputs are refused (HX_E_LIMIT) */
	const char *encoding;  /* --encoding: skip detection; NULL to detect */
	bool lossy;            /* --lossy: replace invalid sequences with U+FFFD */
	enum hx_lang from;     /* --from: source language; HX_LANG_NONE to detect */
	enum hx_format format; /* --format: input format; HX_FORMAT_AUTO to sniff */
};

/* Fills cfg with the defaults. */
void hx_config_init(struct hx_config *cfg);

#endif
