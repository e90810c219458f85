/*
 * UN terminology (issue 3): six-language glossaries read from TSV and TBX, one
 * automaton over all their forms, and the protection of names in segments.
 */
#ifndef HX_TERMS_H
#define HX_TERMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "lang.h"
#include "segment.h"

/* name: always replaced by the official form; term: checked, not forced; dnt: never translated */
enum hx_term_type { HX_TERM_NAME, HX_TERM_TERM, HX_TERM_DNT };

/* Returns a borrowed static name: "name", "term", "dnt". */
const char *hx_term_type_name(enum hx_term_type type);

#define HX_GLOSSARY_MAX_BYTES   ((size_t)64 << 20)
#define HX_GLOSSARY_MAX_ENTRIES ((size_t)2000000)

struct hx_glossary_opts {
	bool strict;          /* a malformed line rejects its whole file */
	bool optional;        /* hx_glossary_add_dir also reads DIR/optional/ */
	bool stem;            /* also find inflected forms through hunspell's stems */
	size_t max_bytes;     /* cap per file; 0: HX_GLOSSARY_MAX_BYTES */
	size_t max_entries;   /* cap on all entries; 0: HX_GLOSSARY_MAX_ENTRIES */
	const char *dict_dir; /* hunspell dictionaries; NULL: /usr/share/hunspell */
};

/* One concept: a row of a TSV file or a termEntry of a TBX file. */
struct hx_gl_entry {
	char *id;
	enum hx_term_type type;
	char *cell[HX_LANG_COUNT]; /* the variants as written, '|'-separated, first preferred */
	char *status, *note, *source;
	uint32_t file; /* index for hx_glossary_file_name */
	uint32_t line;
};

/* A problem found while reading or building, with where it is. */
struct hx_gl_problem {
	uint32_t file;
	uint32_t line; /* 0: the file as a whole */
	bool error;    /* false: a warning (e.g. a language missing) */
	char *msg;
};

struct hx_glossary;

/* Returns a newly allocated, empty glossary (opts copied; NULL: defaults); free with
 * hx_glossary_free. */
struct hx_glossary *hx_glossary_new(const struct hx_glossary_opts *opts);
/* Frees g and everything it owns; accepts NULL. */
void hx_glossary_free(struct hx_glossary *g);

/*
 * Each reads one glossary (name is used in messages) into g, before
 * hx_glossary_build. A malformed line is recorded as a problem and skipped;
 * with opts.strict the whole file is rejected (HX_E_FORMAT). A file over the
 * size cap, or an XML file that is not well formed, is refused.
 */
enum hx_err hx_glossary_add_tsv(struct hx_glossary *g, const char *name, const char *data,
				size_t len, struct hx_diag *diag);
enum hx_err hx_glossary_add_tbx(struct hx_glossary *g, const char *name, const char *data,
				size_t len, struct hx_diag *diag);
/* Reads path: TBX if it ends in .tbx (any case), else TSV. */
enum hx_err hx_glossary_add_file(struct hx_glossary *g, const char *path, struct hx_diag *diag);
/* Reads every *.tsv and *.tbx in dir in name order (and dir/optional/ with opts.optional). */
enum hx_err hx_glossary_add_dir(struct hx_glossary *g, const char *dir, struct hx_diag *diag);
/*
 * Builds the automaton over every form of every entry, once. The same term
 * mapped to two concepts is a problem (an error with opts.strict).
 */
enum hx_err hx_glossary_build(struct hx_glossary *g, struct hx_diag *diag);
/* new + add_dir + build; *out is NULL on failure. */
enum hx_err hx_glossary_load(const char *dir, const struct hx_glossary_opts *opts,
			     struct hx_glossary **out, struct hx_diag *diag);

size_t hx_glossary_size(const struct hx_glossary *g);
/* Returns a borrowed pointer valid until g is freed. */
const struct hx_gl_entry *hx_glossary_entry(const struct hx_glossary *g, size_t i);
/* The index of the entry called id, or -1. */
long hx_glossary_find_id(const struct hx_glossary *g, const char *id);
/* Returns a borrowed name of file i, as given to add_*. */
const char *hx_glossary_file_name(const struct hx_glossary *g, uint32_t i);
size_t hx_glossary_nfiles(const struct hx_glossary *g);
size_t hx_glossary_nproblems(const struct hx_glossary *g);
size_t hx_glossary_nerrors(const struct hx_glossary *g);
/* Returns a borrowed pointer valid until g changes. */
const struct hx_gl_problem *hx_glossary_problem(const struct hx_glossary *g, size_t i);

struct hx_glossary_stats {
	size_t entries, by_type[3], forms, forms_by_lang[HX_LANG_COUNT];
	size_t keys, nodes, alphabet, stem_languages;
	size_t bytes; /* memory held by the glossary and its automaton */
};
void hx_glossary_get_stats(const struct hx_glossary *g, struct hx_glossary_stats *st);

/* A glossary match in a text. */
struct hx_term_hit {
	uint32_t seg;       /* segment number (protection), 0 otherwise */
	size_t offset, len; /* bytes in the text searched (protection: in the rewritten text) */
	uint32_t entry;     /* index for hx_glossary_entry */
	uint32_t form;      /* the glossary form matched, for hx_glossary_form */
	enum hx_lang lang;  /* the language of that form */
	bool stemmed;       /* found through hunspell's stems: an inflected form */
	int32_t span;       /* protection: the placeholder's span index; -1 for a term */
};

/* A caller-owned list of hits; zero-initialise; capped at HX_TERM_HITS_MAX. */
struct hx_term_hits {
	struct hx_term_hit *v;
	size_t n, alloc;
};
#define HX_TERM_HITS_MAX ((size_t)1 << 24)
void hx_term_hits_release(struct hx_term_hits *hits);

/* Returns a borrowed string valid until g is freed: form's text as the glossary writes it. */
const char *hx_glossary_form(const struct hx_glossary *g, uint32_t form);

/*
 * Appends to hits the longest leftmost non-overlapping matches in text (any
 * of the six languages); lang (or HX_LANG_NONE) picks the hunspell
 * dictionary for inflected forms when g was loaded with opts.stem. A text
 * over 256 KiB is matched in windows cut at blank lines (else line ends): a
 * term across a cut is missed. Not thread-safe with stemming (the hunspell
 * handles and caches are shared and built on first use).
 */
enum hx_err hx_glossary_find(const struct hx_glossary *g, const char *text, size_t len,
			     enum hx_lang lang, struct hx_term_hits *hits, struct hx_diag *diag);

/*
 * Builds lang's stemmer now rather than on first use (when g was loaded with
 * opts.stem): for a helper thread to do while nothing else uses g.
 */
void hx_glossary_warm(const struct hx_glossary *g, enum hx_lang lang);

/*
 * Protects the names in seg: each hit of a name or dnt entry is enclosed by a
 * new placeholder and its end mark (the words stay, for MT to agree with them),
 * bound to an enclosing HX_SPAN_TERM span (text: the source as found,
 * Markdown-escaped; entry; target[l]: the official form in each language of
 * targets, a bit per enum hx_lang, or the source itself for dnt). A name with
 * no form in a target keeps the source form there and is reported as a
 * warning. The target form is the variant in the same position as the one
 * found (formal for formal), with its article if the source had one ("the
 * Netherlands" -> "les Pays-Bas"), capitalised where the source capitalised
 * a form written in lower case ("The Netherlands" -> "Les Pays-Bas"). A
 * segment that is a name and nothing else gets its translation at once:
 * target[l].text is the placeholder and end mark, origin HX_ORIGIN_GLOSSARY.
 * New spans are appended, so existing placeholders keep their numbers; only
 * seg->text is rewritten.
 */
enum hx_err hx_terms_protect(const struct hx_glossary *g, struct hx_segment *seg, enum hx_lang src,
			     uint32_t targets, struct hx_diag *diag);
/*
 * The same, and appends every hit to hits (may be NULL), with seg set to
 * segno: term hits are not protected, only recorded there for the
 * terminology check (offsets into the rewritten seg->text). *whole (may be
 * NULL) says whether the segment was one name and nothing else.
 */
enum hx_err hx_terms_protect_collect(const struct hx_glossary *g, struct hx_segment *seg,
				     uint32_t segno, enum hx_lang src, uint32_t targets,
				     struct hx_term_hits *hits, bool *whole, struct hx_diag *diag);

/*
 * The hits in a plain text as a JSON array: [{"offset","length","id","type",
 * "status","lang","found","form","stemmed"}], offsets in bytes. Returns a
 * newly allocated string in *json (NULL on failure); free with free().
 */
enum hx_err hx_terms_hits_json(const struct hx_glossary *g, const char *text, size_t len,
			       enum hx_lang lang, char **json, struct hx_diag *diag);

/* Writes g's entries as TBX-Basic (ISO 30042) to out. */
enum hx_err hx_tbx_export(const struct hx_glossary *g, struct hx_buf *out, struct hx_diag *diag);
/* Writes g's entries as a hexaglot TSV glossary (header included) to out. */
enum hx_err hx_glossary_write_tsv(const struct hx_glossary *g, struct hx_buf *out,
				  struct hx_diag *diag);

/* The stage (stages/terms/terms_stage.c): glossaries from $HEXAGLOT_GLOSSARIES or ./glossaries. */
struct hx_stage;
extern const struct hx_stage hx_stage_terms;

struct hx_stage_ctx;
/*
 * Loads the glossaries (with stems) into ctx's shared slot on the first call
 * of a pipeline's stages (a run that only converts never reads them); later
 * calls do nothing. NULL there when none are found. With warn, says so, and
 * names each malformed line, on ctx->diag, and a glossary that cannot be read
 * is an error; without (a stage after terms), nothing is said twice.
 */
enum hx_err hx_terms_glossary(struct hx_stage_ctx *ctx, bool warn);

/*
 * hunspell's Hunspell_create and Hunspell_destroy, one at a time: its shared
 * table is reference-counted without a lock. Every hunspell handle of the
 * program goes through these (terms' stemmer, qa's spelling).
 */
struct Hunhandle;
struct Hunhandle *hx_hunspell_create(const char *aff, const char *dic);
/* Accepts NULL. */
void hx_hunspell_destroy(struct Hunhandle *h);

/* Markdown-escapes s into out: \ ` * _ [ ] < > & ~ | get a backslash, whitespace runs one space. */
enum hx_err hx_terms_escape_md(struct hx_buf *out, const char *s, size_t len);

#endif
