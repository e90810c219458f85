/*
 * The stage contract. A stage is a const table row; the driver owns the order
 * (pipeline/registry.c), the private state and the error handling.
 *
 * Adding a stage:
 *  1. Write stages/<name>.c (or stages/<name>/ with its own small headers)
 *     exporting `const struct hx_stage hx_stage_<name>`; include only this
 *     header from pipeline/ (plus doc.h and the helpers it pulls in).
 *  2. Declare it below and put it in hx_stages[] in pipeline/registry.c at its
 *     place in the pipeline order.
 *  3. Add its sources to STAGE_SRC in the Makefile.
 *  4. Add tests/unit/test_<name>.c and, if it parses outside input, a fuzz
 *     target in tests/fuzz/.
 *  5. Describe it in README.md ("Pipeline") and check `hexaglot stages`.
 */
#ifndef HX_STAGE_H
#define HX_STAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "doc.h"
#include "err.h"
#include "mem.h"

struct hx_stage;
struct hx_glossary;

/*
 * What stages load once and share: the stages of a pipeline, and of the
 * pipelines that one thread runs in turn (hx_pipeline_share). Never used by
 * two threads at once (see warm below for the one overlap).
 */
struct hx_shared {
	unsigned refs;
	bool glossary_tried;          /* the glossaries were looked for, found or not */
	struct hx_glossary *glossary; /* loaded by terms (or qa), with stems; NULL: none */
};

struct hx_stage_ctx {
	const struct hx_stage *stage;
	const struct hx_config *cfg; /* borrowed for the run */
	void *priv;                  /* priv_size bytes, zeroed, owned by the driver */
	struct hx_diag *diag;        /* where errors and warnings go */
	struct hx_shared *shared;    /* owned by the driver */
};

struct hx_stage {
	const char *name;    /* file name, CLI name, log prefix */
	const char *summary; /* one line for `hexaglot stages` */
	size_t priv_size;    /* the driver allocates this, zeroed */
	/* once per run; may be NULL */
	enum hx_err (*init)(struct hx_stage_ctx *ctx);
	/* once per document; borrows doc. Never prints, never exits. */
	enum hx_err (*process)(struct hx_stage_ctx *ctx, struct hx_doc *doc);
	/* exactly once after init, even if init failed, so it accepts zeroed state; may be NULL */
	void (*uninit)(struct hx_stage_ctx *ctx);
	/*
	 * The batch barrier (DESIGN.md): a window of documents at once, so what
	 * they share is done once; may be NULL. An error fails every document of
	 * the window. The driver's window runner calls it instead of process.
	 */
	enum hx_err (*process_window)(struct hx_stage_ctx *ctx, struct hx_doc *const *docs,
				      size_t n);
	/*
	 * May be NULL. Loads ahead what process will need for doc, on a helper
	 * thread while an earlier stage that waits runs; joined before that
	 * stage's process returns to the driver. Touches only the stage's private
	 * state and the shared glossary (which a waiting stage never touches),
	 * reads only doc->lang and doc->targets, reports nothing: process loads
	 * and reports whatever warm could not.
	 */
	void (*warm)(struct hx_stage_ctx *ctx, const struct hx_doc *doc);
	/* process mostly waits on other machines (MT): later stages warm meanwhile */
	bool waits;
};

extern const struct hx_stage hx_stage_decode;
extern const struct hx_stage hx_stage_convert;
extern const struct hx_stage hx_stage_segment;
extern const struct hx_stage hx_stage_terms;
extern const struct hx_stage hx_stage_translate;
extern const struct hx_stage hx_stage_restore;
extern const struct hx_stage hx_stage_qa;
extern const struct hx_stage hx_stage_render;

/* The stages in pipeline order, NULL-terminated. */
extern const struct hx_stage *const hx_stages[];

/* Returns a borrowed pointer to the stage called name, or NULL. */
const struct hx_stage *hx_stage_find(const char *name);

#endif
