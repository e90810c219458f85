/*
 * The translation memory: translated segments kept in SQLite, looked up by
 * language pair and the SHA-256 of the normalised source, moved to and from
 * CAT tools (OmegaT, Okapi, Trados) as TMX 1.4b.
 */
#ifndef HX_TM_H
#define HX_TM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "lang.h"

/* Where `hexaglot run` and `hexaglot tm` keep it when hexaglot.conf has no [run] tm. */
#define HX_TM_DEFAULT_PATH "docs-out/.hexaglot/tm.sqlite"
/* The schema this build reads and writes (PRAGMA user_version); newer files are refused. */
#define HX_TM_SCHEMA_VERSION 1
/* Bytes of one source or target text; longer ones are refused (HX_E_LIMIT). */
#define HX_TM_MAX_TEXT ((size_t)1 << 20)
/* How long a call waits for another process's write transaction (milliseconds). */
#define HX_TM_BUSY_TIMEOUT_MS 5000
/* Default cap on a TMX file read or written. */
#define HX_TMX_MAX_BYTES ((size_t)256 << 20)

struct hx_tm;

/* Who translated a unit. A human translation is never replaced by a machine one. */
enum hx_tm_origin { HX_TM_HUMAN, HX_TM_MT };

/* Returns a borrowed static name: "human" or "mt". */
const char *hx_tm_origin_name(enum hx_tm_origin origin);
/* "human" or "mt" (any case) into *out; false, leaving *out alone, for anything else. */
bool hx_tm_origin_parse(const char *s, enum hx_tm_origin *out);

/*
 * Opens the translation memory at path, creating its folder and the file
 * when missing (":memory:" opens a private one in memory). WAL journal,
 * synchronous=NORMAL, HX_TM_BUSY_TIMEOUT_MS. Refuses, naming path and what
 * to do: a file that is not SQLite or is damaged, or another program's
 * database (HX_E_FORMAT); a schema newer than HX_TM_SCHEMA_VERSION
 * (HX_E_FORMAT); a file that cannot be opened or created (HX_E_IO); a
 * database locked past the timeout (HX_E_LOCKED). On success *out is a
 * newly allocated handle, free with hx_tm_close; NULL on failure.
 * One handle is used by one thread at a time.
 */
enum hx_err hx_tm_open(const char *path, struct hx_tm **out, struct hx_diag *diag);
/* Closes tm, rolling back a transaction left open; accepts NULL. */
void hx_tm_close(struct hx_tm *tm);
/* Returns a borrowed pointer to the path tm was opened with, valid until hx_tm_close. */
const char *hx_tm_path(const struct hx_tm *tm);

/*
 * The key normalisation: replaces the contents of out with text as NFC, with
 * every run of breaking white space (Unicode White_Space except the no-break
 * spaces U+00A0, U+2007, U+202F, which French typography needs) turned into
 * one U+0020 and none at either end, and the control characters XML cannot
 * carry (C0 other than white space, U+FFFE, U+FFFF) removed. Placeholders and
 * end marks are kept as they are. Idempotent. HX_E_DECODE, naming the byte
 * offset, if text is not well-formed UTF-8; HX_E_LIMIT past out's cap.
 */
enum hx_err hx_tm_normalise(const char *text, size_t len, struct hx_buf *out, struct hx_diag *diag);

/*
 * A transaction: every lookup and store between begin and commit becomes
 * durable together, and is much faster than one transaction per call (what
 * SQLite does outside one). begin takes the write lock (BEGIN IMMEDIATE), so
 * keep transactions short: not across MT requests. A begin inside a
 * transaction opens a savepoint, which commit and rollback end alone.
 * HX_E_LOCKED when another process holds the lock past the timeout;
 * HX_E_INTERNAL for a commit without a begin; rollback without one does nothing.
 */
enum hx_err hx_tm_begin(struct hx_tm *tm, struct hx_diag *diag);
enum hx_err hx_tm_commit(struct hx_tm *tm, struct hx_diag *diag);
enum hx_err hx_tm_rollback(struct hx_tm *tm, struct hx_diag *diag);

/* What a lookup found. */
struct hx_tm_unit {
	char *target; /* placeholders and end marks as the source has them; owned */
	size_t target_len;
	enum hx_tm_origin origin;
	char *engine;     /* the MT engine that made it, "" for a human one; owned */
	char created[21]; /* ISO 8601 UTC, "2025-06-30T22:15:04Z" */
	char updated[21];
	uint64_t uses; /* hits before this one */
};

/* Frees what unit owns and zeroes it. */
void hx_tm_unit_release(struct hx_tm_unit *unit);

/*
 * Looks up the translation of text (a segment's source, normalised here with
 * hx_tm_normalise) from src into tgt. On a hit sets *found, fills *out (the
 * caller owns it: hx_tm_unit_release) and counts the use; on a miss *found is
 * false and *out zeroed. Errors: those of hx_tm_normalise, and the database's.
 */
enum hx_err hx_tm_lookup(struct hx_tm *tm, enum hx_lang src, enum hx_lang tgt, const char *text,
			 size_t len, struct hx_tm_unit *out, bool *found, struct hx_diag *diag);

/* One unit to store, or one being exported. */
struct hx_tm_entry {
	enum hx_lang src, tgt;
	const char *source; /* normalised by hx_tm_put */
	size_t source_len;
	const char *target; /* normalised by hx_tm_put as well */
	size_t target_len;
	enum hx_tm_origin origin;
	const char *engine;  /* NULL or "" for none */
	const char *created; /* ISO 8601 UTC "YYYY-MM-DDThh:mm:ssZ"; NULL: now */
	const char *updated; /* NULL: created */
	uint64_t uses;
	const char *key; /* exported entries only: the source's SHA-256 in hex */
};

/* What a store did. */
enum hx_tm_outcome {
	HX_TM_ADDED,    /* a new unit */
	HX_TM_REPLACED, /* human over mt, or a more recent translation of the same origin */
	HX_TM_KEPT,     /* nothing changed: the same translation, or a human one kept over mt */
};

/*
 * Stores e (copied). Rules: a human translation replaces a machine one and is
 * never replaced by one; between the same origins the more recent (updated)
 * wins; created and the use count of a unit stay. *outcome (may be NULL) says
 * which happened. HX_E_EMPTY when source or target is empty once normalised,
 * HX_E_LIMIT past HX_TM_MAX_TEXT, HX_E_USAGE for a bad language pair.
 */
enum hx_err hx_tm_put(struct hx_tm *tm, const struct hx_tm_entry *e, enum hx_tm_outcome *outcome,
		      struct hx_diag *diag);
/* hx_tm_put with the dates set to now: what the runner calls after MT. */
enum hx_err hx_tm_store(struct hx_tm *tm, enum hx_lang src, enum hx_lang tgt, const char *source,
			size_t len, const char *target, size_t tlen, enum hx_tm_origin origin,
			const char *engine, struct hx_diag *diag);

struct hx_tm_stats {
	uint64_t units;
	uint64_t by_origin[2];                             /* [HX_TM_HUMAN], [HX_TM_MT] */
	uint64_t by_pair[HX_LANG_COUNT][HX_LANG_COUNT][2]; /* [src][tgt][origin] */
	uint64_t uses;                                     /* hits, all units */
	uint64_t file_bytes;                               /* the database file and its WAL */
};

/* Fills *st. */
enum hx_err hx_tm_get_stats(struct hx_tm *tm, struct hx_tm_stats *st, struct hx_diag *diag);

/*
 * Calls fn for every unit from src into tgt (HX_LANG_NONE: any), ordered by
 * pair then age; the entry and its strings are borrowed for the call. fn
 * returns HX_OK to go on; any other value stops and is returned.
 */
enum hx_err hx_tm_foreach(struct hx_tm *tm, enum hx_lang src, enum hx_lang tgt,
			  enum hx_err (*fn)(const struct hx_tm_entry *e, void *ctx,
					    struct hx_diag *diag),
			  void *ctx, struct hx_diag *diag);

/* TMX (tmx.c) ------------------------------------------------------------------------------- */

struct hx_tmx_opts {
	/*
	 * The origin of units whose TU has no <prop type="x-origin"> (hexaglot's
	 * own exports have one). HX_TM_MT also demotes units marked human.
	 */
	enum hx_tm_origin origin;
	bool all_pairs;   /* every ordered pair of a TU's languages even when srclang names one */
	size_t max_bytes; /* the file's cap; 0: HX_TMX_MAX_BYTES */
};

struct hx_tmx_stats {
	size_t tus;                   /* <tu> elements read */
	size_t pairs;                 /* language pairs found in them */
	size_t added, replaced, kept; /* as hx_tm_put says */
	size_t skipped; /* pairs not stored: empty, a tag the source lacks, too long (warned) */
	size_t other_languages; /* <tuv>s in languages other than the six, ignored */
};

/*
 * Imports a TMX file (1.1 to 1.4b) into tm, streaming: the file is never in
 * memory whole. Every TU gives a unit for each ordered pair of its languages
 * among the six, or, when the TU's srclang (else the header's) names one of
 * them present in the TU, each pair from that language only (opts->all_pairs:
 * every pair anyway). Language tags map by their primary subtag ("EN-US",
 * "zh-CN", "ar-SA"), except Traditional Chinese (zh-TW, zh-HK, zh-MO,
 * zh-Hant), ignored like other languages. Inline codes: in hexaglot's own
 * files (creationtool "hexaglot") <ph x="N+1"/>, <bpt x="N+1"/>, <ept> and
 * <it> are placeholder N and its end mark exactly; in other tools' files
 * <ph>, <bpt>/<ept>, <it> and <ut> become placeholders numbered by their first
 * appearance in the source, the same numbers in the target, and <hi> keeps its
 * text. A pair whose target has a code its source lacks is skipped with a
 * warning ("FILE:LINE: ...") in diag, as are other unusable pairs.
 * The whole file is one transaction (a savepoint inside a caller's): a
 * refused file changes nothing. Refuses with the file and line: malformed XML
 * or not TMX (HX_E_FORMAT), over the cap (HX_E_LIMIT); HX_E_IO if unreadable.
 * stats (may be NULL) is filled, also on failure.
 */
enum hx_err hx_tm_import_tmx(struct hx_tm *tm, const char *path, const struct hx_tmx_opts *opts,
			     struct hx_tmx_stats *stats, struct hx_diag *diag);
/* The same from memory; name is used in messages. */
enum hx_err hx_tm_import_tmx_data(struct hx_tm *tm, const char *name, const char *data, size_t len,
				  const struct hx_tmx_opts *opts, struct hx_tmx_stats *stats,
				  struct hx_diag *diag);

/*
 * Appends the units from src into tgt (HX_LANG_NONE: any) to out as TMX 1.4b,
 * one TU of two TUVs per unit, with creation and change dates, use count, and
 * props x-origin and x-engine; *units (may be NULL) is how many. The
 * result validates against the TMX 1.4b DTD. HX_E_LIMIT past out's cap.
 */
enum hx_err hx_tm_write_tmx(struct hx_tm *tm, enum hx_lang src, enum hx_lang tgt,
			    struct hx_buf *out, size_t *units, struct hx_diag *diag);
/*
 * hx_tm_write_tmx into path ("-": standard output), written atomically;
 * max_bytes caps the file (0: HX_TMX_MAX_BYTES, what an import accepts).
 */
enum hx_err hx_tm_export_tmx(struct hx_tm *tm, const char *path, enum hx_lang src, enum hx_lang tgt,
			     size_t max_bytes, size_t *units, struct hx_diag *diag);

#endif
