/*
 * Run-wide settings: defaults, then hexaglot.conf (INI), then the command line.
 * The engines and which one serves each language pair live here too.
 */
#ifndef HX_CONFIG_H
#define HX_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "err.h"
#include "lang.h"
#include "pdf.h"

#ifndef HX_DATADIR /* set by the Makefile from PREFIX */
#define HX_DATADIR "/usr/local/share/hexaglot"
#endif

#define HX_DEFAULT_MAX_INPUT ((size_t)64 << 20)
#define HX_MAX_ENGINES 8

/* One configured MT engine: an [engine NAME] section of hexaglot.conf. */
struct hx_engine_config {
	char name[32];      /* the section's name: "apertium", "libre" */
	char type[32];      /* the protocol: apertium, libretranslate, deepl, openai, none */
	char *endpoint;     /* base URL; owned */
	char *key_env;      /* environment variable holding the API key; owned */
	char *key_file;     /* file holding the API key; owned */
	char *model;        /* openai: the model; owned */
	char *glossary_id;  /* deepl: a glossary; owned */
	enum hx_lang pivot; /* for pairs the engine lacks; HX_LANG_NONE: none */
	int concurrency;    /* requests in flight; 0: the engine's default */
	long timeout_ms;    /* per attempt */
	long deadline_ms;   /* for a whole document and target; 0: none */
	int retries;
	double rate;        /* requests a second; 0: unlimited */
	size_t max_chars;   /* characters a request; 0: the engine's own */
	size_t max_texts;   /* texts a request; 0: the engine's own */
};

struct hx_config {
	size_t max_input;      /* bytes; larger inputs are refused (HX_E_LIMIT) */
	const char *encoding;  /* --encoding: skip detection; NULL to detect */
	bool lossy;            /* --lossy: replace invalid sequences with U+FFFD */
	enum hx_lang from;     /* --from: source language; HX_LANG_NONE to detect */
	enum hx_format format; /* --format: input format; HX_FORMAT_AUTO to sniff */

	uint32_t targets; /* bit per target language */
	struct hx_engine_config engines[HX_MAX_ENGINES];
	size_t nengines;
	int default_engine;                            /* index into engines, or -1 */
	int8_t pair_engine[HX_LANG_COUNT][HX_LANG_COUNT]; /* -1: the default */
	char *glossaries;                              /* folder of glossaries; owned, may be NULL */
	bool terms;                                    /* list glossary hits even without targets */
	char *tm_path;                                 /* translation memory; owned, may be NULL */
	char *path;                                    /* the config file read, if any; owned */
	struct {
		bool pdf;                      /* [publish] pdf, --pdf: render PDFs */
		enum hx_pdf_engine pdf_engine; /* [publish] pdf-engine, --pdf-engine */
		long pdf_timeout_s;            /* [publish] pdf-timeout, --pdf-timeout */
	} publish;
};

/* Fills cfg with the defaults: no targets, one engine "apertium" on 127.0.0.1:2737. */
void hx_config_init(struct hx_config *cfg);
/* Frees what cfg owns. */
void hx_config_release(struct hx_config *cfg);
/*
 * Reads an INI file into cfg (over what is there). Errors name the file and
 * line ("hexaglot.conf:12: unknown key 'x' in [engine libre]"): HX_E_CONFIG.
 */
enum hx_err hx_config_load(struct hx_config *cfg, const char *path, struct hx_diag *diag);
/* Applies one setting, as the file would ("engine.apertium.endpoint", "pairs.en-fr"). */
enum hx_err hx_config_set(struct hx_config *cfg, const char *section, const char *key,
			  const char *value, struct hx_diag *diag);
/* Reads path, or ./hexaglot.conf when path is NULL and that file exists. */
enum hx_err hx_config_load_default(struct hx_config *cfg, const char *path, struct hx_diag *diag);

/* Engine settings from the command line; NULL or negative: not given. */
struct hx_engine_override {
	const char *engine;   /* a type: the default engine becomes one of that type */
	const char *endpoint;
	const char *key_file;
	const char *pivot;
	long timeout_s, concurrency, retries;
};
/* Applies o to the default engine (the command line wins over the file). */
enum hx_err hx_config_override(struct hx_config *cfg, const struct hx_engine_override *o,
			       struct hx_diag *diag);

/*
 * The glossary folder: --glossaries or [run] glossaries (relative to the
 * configuration file), else $HEXAGLOT_GLOSSARIES (*chosen: the user named it,
 * so its absence is an error); else ./glossaries, else the installed
 * DATADIR/glossaries, when they exist; else NULL.
 */
const char *hx_config_glossary_dir(const struct hx_config *cfg, bool *chosen);

/* The endpoint an engine type has when none is set (apertium: 127.0.0.1:2737), or NULL. */
const char *hx_config_default_endpoint(const char *type);
/* The engine for src -> tgt, or NULL. Borrowed. */
const struct hx_engine_config *hx_config_engine_for(const struct hx_config *cfg, enum hx_lang src,
						    enum hx_lang tgt);
/* The engine called name, adding it (type = name) if new; NULL past HX_MAX_ENGINES. */
struct hx_engine_config *hx_config_engine(struct hx_config *cfg, const char *name);
/* "es,fr" or "all" into a bit set; false on an unknown language (name it in diag). */
bool hx_config_parse_langs(const char *list, uint32_t *out, struct hx_diag *diag);
/*
 * The API key for e: from the environment variable e->key_env, else the file
 * e->key_file (first line, trimmed). Returns a newly allocated string, or NULL
 * when none is configured; HX_E_CONFIG if the file cannot be read.
 */
enum hx_err hx_config_api_key(const struct hx_engine_config *e, char **key, struct hx_diag *diag);

#endif
