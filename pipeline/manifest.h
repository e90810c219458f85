/*
 * The batch manifest: for every document of the last runs, the hash of its
 * input, the fingerprint of everything else its outputs depend on, how it
 * went and which files it wrote. A document whose hash and fingerprint are
 * unchanged, which went well and whose outputs are all there, is skipped
 * without being parsed. Stored as JSON in the state folder, written atomically.
 */
#ifndef HX_MANIFEST_H
#define HX_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct hx_manifest_entry {
	char *id;
	char *source;            /* the input path as found, relative to the input folder */
	char input_sha256[65];
	char fingerprint[65];
	char *status;            /* "ok", "partial", "failed" */
	char **outputs;          /* paths relative to the output folder */
	size_t noutputs;
	char *updated;           /* ISO 8601 UTC */
};

struct hx_manifest {
	struct hx_manifest_entry *v; /* sorted by id */
	size_t n, alloc;
};

/* Reads path into m (zeroed); a missing file is an empty manifest. */
enum hx_err hx_manifest_load(struct hx_manifest *m, const char *path, struct hx_diag *diag);
/* Writes m to path atomically. */
enum hx_err hx_manifest_save(const struct hx_manifest *m, const char *path, struct hx_diag *diag);
/* The entry for id, or NULL. Borrowed until m changes. */
const struct hx_manifest_entry *hx_manifest_find(const struct hx_manifest *m, const char *id);
/* Puts a copy of e in m, replacing the entry with the same id. */
void hx_manifest_put(struct hx_manifest *m, const struct hx_manifest_entry *e);
/* Removes the entry for id, if any. */
void hx_manifest_remove(struct hx_manifest *m, const char *id);
void hx_manifest_release(struct hx_manifest *m);
void hx_manifest_entry_release(struct hx_manifest_entry *e);

#endif
