/*
 * The nightly batch (`hexaglot run`): every document of an input folder into
 * an output folder, in windows. Per window: the per-document stages (decode to
 * terms) on N threads, the batch barrier (translate: the window's segments
 * deduplicated, looked up in the translation memory, the misses sent to MT),
 * the per-document stages again (restore, render) and the outputs. A manifest
 * skips what has not changed; a lock keeps a second run out; each window is
 * committed (memory, outputs, manifest) before the next starts.
 */
#ifndef HX_BATCH_H
#define HX_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "lang.h"
#include "qa.h"

#define HX_RUN_WINDOW_DEFAULT 64
#define HX_RUN_JOBS_MAX 64

struct hx_run_opts {
	const char *in_dir;   /* the documents */
	const char *out_dir;  /* where their folders, the report and the state go */
	int jobs;             /* threads for the per-document stages */
	unsigned shard_k;     /* this run does the documents whose id hashes to k mod n */
	unsigned shard_n;     /* 0: no sharding */
	bool force;           /* do every document, changed or not */
	bool dry_run;         /* say what would be done; write nothing */
	bool keep_removed;    /* keep the outputs of documents gone from the input folder */
	size_t window;        /* documents per window */
	bool progress;        /* a status line on the terminal */
};

enum hx_run_status {
	HX_RUN_OK,        /* every segment translated */
	HX_RUN_PARTIAL,   /* done, some segments left untranslated */
	HX_RUN_FAILED,    /* the document could not be done */
	HX_RUN_SKIPPED,   /* unchanged since the last run: not parsed */
	HX_RUN_REMOVED,   /* gone from the input folder: its outputs removed */
	HX_RUN_PENDING,   /* dry run: would be done */
	HX_RUN_STATUS_COUNT
};

/* Returns a borrowed static name: "ok", "partial", "failed", "skipped-unchanged"... */
const char *hx_run_status_name(enum hx_run_status status);

/* One target language of one document in the report. */
struct hx_run_target {
	size_t segments, from_tm, mt, glossary, untranslated;
	size_t requests, retries; /* each request shared among the texts it carried */
	bool pivoted;
	char *engine; /* owned */
	char *error;  /* the first failure; owned */
	bool qa_checked;                     /* the qa stage ran on this language */
	bool spelling_checked;               /* with a hunspell dictionary */
	size_t qa[HX_QA_SEVERITY_COUNT];     /* findings by severity (<id>.qa.json) */
};

struct hx_run_doc {
	char *id, *source; /* owned */
	enum hx_run_status status;
	char *error;       /* why it failed; owned */
	char **warnings;   /* owned */
	size_t nwarnings;
	enum hx_lang lang;
	uint32_t targets;
	struct hx_run_target t[HX_LANG_COUNT];
	char *symbol, *title; /* owned */
	char **outputs;       /* relative to the output folder; owned */
	size_t noutputs;
	double seconds;
};

struct hx_run_report {
	struct hx_run_doc *docs;
	size_t n, alloc;
	size_t counts[HX_RUN_STATUS_COUNT];
	size_t segments, from_tm, mt, glossary, untranslated;
	size_t mt_texts;    /* distinct texts sent to MT */
	size_t requests, retries;
	size_t qa[HX_QA_SEVERITY_COUNT]; /* QA findings of every document and language */
	uint32_t targets;
	char fingerprint[65];
	char started[32], finished[32];
	double seconds;
	size_t pdf_failed;  /* documents whose PDFs were asked for and not all made */
	bool interrupted;   /* stopped by SIGINT or SIGTERM after a window */
	int signal;         /* which one */
	unsigned shard_k, shard_n;
	long took_over_pid; /* a dead run's lock taken over, or 0 */
};

/*
 * Runs the batch. Errors of single documents are in the report, not the
 * return value, which is for what stops the whole run: usage or
 * configuration (HX_E_CONFIG), the lock (HX_E_LOCKED), the state folder.
 */
enum hx_err hx_run(const struct hx_config *cfg, const struct hx_run_opts *o,
		   struct hx_run_report *rep, struct hx_diag *diag);
void hx_run_report_release(struct hx_run_report *rep);

/* One document of the input folder. */
struct hx_run_input {
	char *name; /* in the input folder */
	char *path; /* in_dir/name */
	char *id;   /* hx_doc_id_from_path of the name */
};

/*
 * The regular files of o->in_dir (not hidden), by name, in o's shard: what a
 * run reads (`hexaglot export` reads the same). *out is newly allocated;
 * free with hx_run_inputs_free. HX_E_CONFIG, naming the folder, if unreadable.
 */
enum hx_err hx_run_list_inputs(const struct hx_run_opts *o, struct hx_run_input **out, size_t *n,
			       struct hx_diag *diag);
/* Frees v and its n entries; accepts NULL. */
void hx_run_inputs_free(struct hx_run_input *v, size_t n);

/* The state folder of a run: OUT/.hexaglot, or OUT/.hexaglot/shard-K-of-N. Newly allocated. */
char *hx_run_state_dir(const struct hx_run_opts *o);

/* report.json and index.html (or report.shard-K-of-N.json ...) into the output folder. */
enum hx_err hx_run_report_write(const struct hx_run_report *rep, const struct hx_run_opts *o,
				struct hx_diag *diag);

/* Asks a running hx_run to stop after the current window (from a signal handler). */
void hx_run_interrupt(int signal);

#endif
