/*
 * Inside the quality checks: what a text holds that must come back unchanged
 * (URLs, UN symbols, numbers, inline markup), found in the text itself, and
 * the checker's state (dictionaries, glossary).
 */
#ifndef HX_QA_INT_H
#define HX_QA_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qa.h"

enum qa_item_kind { QA_ITEM_URL, QA_ITEM_SYMBOL, QA_ITEM_NUMBER, QA_ITEM_MARKUP };

#define QA_NUMBER_VALUES 2

struct qa_item {
	enum qa_item_kind kind;
	size_t off, len; /* bytes in the text scanned (a number: with its scale word) */
	/* a number: its values as read with either convention (2,400 is 2400 or 2.4) */
	double value[QA_NUMBER_VALUES];
	int nvalues;
	bool used; /* matched with an item of the other text */
};

#define QA_ITEMS_MAX 4096

/* A capped list: past QA_ITEMS_MAX items are not kept (and not checked). */
struct qa_items {
	struct qa_item *v;
	size_t n, alloc;
};

void qa_items_release(struct qa_items *items);

/*
 * Finds the URLs, UN document symbols, numbers (any digits: ASCII,
 * Arabic-Indic, full-width; grouped by , . spaces or U+066C; a following scale
 * word such as "billion", "millones", "млрд", "مليار" or 亿 read into the value)
 * and inline Markdown (links, footnote calls, code, emphasis, HTML tags) of
 * text, in order. Placeholder code points are skipped.
 */
void qa_scan(const char *text, size_t len, struct qa_items *out);
/* Reads one number at s (a digit); returns its length in bytes (0: none). For the fuzzer too. */
size_t qa_number_read(const char *s, size_t len, struct qa_item *item);
/* Whether two numbers are the same value in any of the conventions each may follow. */
bool qa_number_same(const struct qa_item *a, const struct qa_item *b);

/* The next code point of s at *i (U+FFFD for a bad byte), advancing *i. */
uint32_t qa_next_cp(const char *s, size_t len, size_t *i);

struct Hunhandle;

#define QA_TRY_MAX 160

struct qa_dict {
	struct Hunhandle *h;
	bool tried;
	uint32_t try_cps[QA_TRY_MAX]; /* the .aff file's TRY letters, most frequent first */
	size_t ntry;
};

#define QA_SUGGEST_CACHE 4096

/* A word's suggestions, remembered: documents repeat their unknown words. */
struct qa_suggestion {
	char *word; /* the language's code point, then the word; owned */
	char *list; /* "a, b, c" or ""; owned */
};

struct hx_qa {
	char *dict_dir;
	const struct hx_glossary *glossary;
	uint32_t skip;
	pthread_mutex_t lock; /* dictionaries: opened and used one caller at a time */
	struct qa_dict dict[HX_LANG_COUNT];
	struct qa_suggestion cache[QA_SUGGEST_CACHE];
};

/* A byte range of the target that spelling leaves alone (URL, symbol, number, term). */
struct qa_range {
	size_t off, len;
};

/*
 * Spelling of text in lang, words inside ranges (n of them, in order)
 * skipped; each unknown word a finding with up to three suggestions. A
 * missing dictionary (or Chinese) is one finding per list, not one per word.
 */
enum hx_err qa_spell(struct hx_qa *qa, const struct hx_qa_pair *pair, const struct qa_range *ranges,
		     size_t n, struct hx_qa_findings *out);
/* Whether lang's spelling can be checked; if not, the one note on out says why. */
bool qa_spell_ready(struct hx_qa *qa, enum hx_lang lang, struct hx_qa_findings *out);
/* Closes the dictionaries. */
/* Opens lang's dictionary now rather than on first use. */
void qa_spell_warm(struct hx_qa *qa, enum hx_lang lang);
void qa_spell_release(struct hx_qa *qa);

/* Terminology: glossary terms of the source against the target; adds term ranges to skip. */
enum hx_err qa_check_terms(struct hx_qa *qa, const struct hx_qa_pair *pair,
			   struct hx_qa_findings *out, struct qa_range **ranges, size_t *nranges,
			   struct hx_diag *diag);

#endif
