/*
 * Quality checks of a draft (issue 7): spelling, placeholders, numbers, UN
 * symbols, URLs, terminology, untranslated text, consistency and length, run
 * on one source/target segment pair at a time. The findings are kept on the
 * document (one capped list) for <id>.qa.json, the report, XLIFF notes and
 * `hexaglot check`. This header is shared: add to it, never rename.
 */
#ifndef HX_QA_H
#define HX_QA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "lang.h"
#include "segment.h"

/* X(constant, name in qa.json, report and --help) */
#define HX_QA_CHECKS(X)                       \
	X(HX_QA_SPELLING, "spelling")         \
	X(HX_QA_PLACEHOLDER, "placeholder")   \
	X(HX_QA_NUMBER, "number")             \
	X(HX_QA_SYMBOL, "symbol")             \
	X(HX_QA_URL, "url")                   \
	X(HX_QA_TERMINOLOGY, "terminology")   \
	X(HX_QA_UNTRANSLATED, "untranslated") \
	X(HX_QA_CONSISTENCY, "consistency")   \
	X(HX_QA_LENGTH, "length")             \
	X(HX_QA_DICTIONARY, "dictionary")

enum hx_qa_check {
#define HX_QA_CHECK_ENUM(c, name) c,
	HX_QA_CHECKS(HX_QA_CHECK_ENUM)
#undef HX_QA_CHECK_ENUM
		HX_QA_CHECK_COUNT
};

enum hx_qa_severity { HX_QA_INFO, HX_QA_WARNING, HX_QA_ERROR, HX_QA_SEVERITY_COUNT };

/* Returns a borrowed static name: "spelling", "number", ... */
const char *hx_qa_check_name(enum hx_qa_check check);
/* Returns a borrowed static name: "info", "warning", "error". */
const char *hx_qa_severity_name(enum hx_qa_severity sev);
/* The severity called name; false when name is none of the three. */
bool hx_qa_severity_parse(const char *name, enum hx_qa_severity *out);

#define HX_QA_NO_SEGMENT UINT32_MAX /* a finding about the document or the language */
#define HX_QA_NO_OFFSET  SIZE_MAX

/* One problem found in one target language. */
struct hx_qa_finding {
	uint32_t seg;      /* segment index in the document, or HX_QA_NO_SEGMENT */
	uint32_t anchor;   /* the block's anchor (#p-N in the HTML views) */
	enum hx_lang lang; /* the target language */
	enum hx_qa_check check;
	enum hx_qa_severity severity;
	char *message;      /* owned */
	char *suggestion;   /* owned, or NULL */
	size_t offset, len; /* bytes in the target text checked, or HX_QA_NO_OFFSET */
	uint32_t line;      /* `check`: 1-based line in the target file; 0 unknown */
};

#define HX_QA_MAX_FINDINGS 20000

/*
 * A capped list of findings (one per document, doc->qa); zero-initialise.
 * Past HX_QA_MAX_FINDINGS findings are counted in dropped and in counts, but
 * not kept.
 */
struct hx_qa_findings {
	struct hx_qa_finding *v;
	size_t n, alloc;
	size_t dropped;
	size_t counts[HX_LANG_COUNT][HX_QA_SEVERITY_COUNT];
	uint32_t checked;      /* bit per target language the qa stage checked */
	uint32_t no_spell;     /* bit per language whose spelling was not checked */
	bool consistency_done; /* hx_qa_consistency looked at this document (with its batch) */
};

/* Frees what f owns and zeroes it. */
void hx_qa_findings_release(struct hx_qa_findings *f);
/*
 * Appends a finding; copies message (formatted) and suggestion (may be NULL).
 * Returns a borrowed pointer valid until the next add (to set offset, len,
 * line), or NULL when the list is full (the finding is counted, not kept).
 */
struct hx_qa_finding *hx_qa_findings_add(struct hx_qa_findings *f, uint32_t seg, uint32_t anchor,
					 enum hx_lang lang, enum hx_qa_check check,
					 enum hx_qa_severity sev, const char *suggestion,
					 const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
/* Findings of lang (HX_LANG_NONE: all) at or above sev. */
size_t hx_qa_findings_count(const struct hx_qa_findings *f, enum hx_lang lang,
			    enum hx_qa_severity sev);

struct hx_glossary;

struct hx_qa_opts {
	const char *dict_dir;               /* hunspell dictionaries; NULL: /usr/share/hunspell */
	const struct hx_glossary *glossary; /* borrowed for the checker's life; may be NULL */
	uint32_t skip;                      /* bit per enum hx_qa_check not to run */
};

/* The checker: dictionaries (opened on first use, one per language) and the glossary. */
struct hx_qa;

/* Returns a newly allocated checker in *out; free with hx_qa_free. opts may be NULL. */
enum hx_err hx_qa_new(const struct hx_qa_opts *opts, struct hx_qa **out, struct hx_diag *diag);
/* Frees qa and its dictionaries; accepts NULL. */
void hx_qa_free(struct hx_qa *qa);

/*
 * One segment (or, in `check`, one block) and its translation. src and tgt are
 * plain restored Markdown (what a reader sees); seg, when not NULL, is the
 * pipeline's segment, and seg_target its translation with placeholders, so
 * the placeholder check can run. Without seg, numbers, symbols and URLs are
 * found in the texts themselves.
 */
struct hx_qa_pair {
	const char *src;
	size_t src_len;
	enum hx_lang src_lang;
	const char *tgt;
	size_t tgt_len;
	enum hx_lang tgt_lang;
	const struct hx_segment *seg; /* may be NULL */
	const char *seg_target;       /* seg's target text with placeholders; may be NULL */
	size_t seg_target_len;
	const char *prefix; /* the block's prefix ("46\. "): its paragraph number; may be NULL */
	const char *tgt_prefix; /* the target's prefix, `check` only; NULL: same as prefix */
	uint32_t segno, anchor, line;
	uint32_t skip; /* bit per enum hx_qa_check not to run on this pair (beside the checker's) */
};

/*
 * Runs every check that looks at one pair (all but consistency, which needs
 * the batch: hx_qa_consistency) and appends its findings to out. Thread-safe
 * for different out lists once qa exists (dictionaries are opened under a lock).
 */
enum hx_err hx_qa_check_pair(struct hx_qa *qa, const struct hx_qa_pair *pair,
			     struct hx_qa_findings *out, struct hx_diag *diag);

struct hx_doc;

/*
 * Consistency across a batch (a window of documents, or one document): the
 * same source segment translated two ways into one language. Appends a
 * warning to each document whose translation differs from the first one
 * seen, with that one as the suggestion. Segments the run did not translate
 * (source fallback) are left out.
 */
enum hx_err hx_qa_consistency(struct hx_doc *const *docs, size_t n, struct hx_diag *diag);

/*
 * doc's findings as <id>.qa.json (README.md, "Quality checks"): the document,
 * counts per language and severity, and every finding. Returns a newly
 * allocated string (with a final newline); free with free().
 */
char *hx_qa_json(const struct hx_doc *doc);
/*
 * One finding as a JSON object text (for `check --json`), newly allocated;
 * free with free(). path names the target file, or NULL.
 */
char *hx_qa_finding_json(const struct hx_qa_finding *f, const char *path);

#endif
