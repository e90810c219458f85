/*
 * Unit tests for the translation memory: key normalisation, lookups and stores,
 * human over MT, transactions, persistence, damaged and newer files; TMX in
 * and out, with the shapes of OmegaT's and Okapi's files.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "segment.h"
#include "tm.h"

/* Placeholders and end marks as UTF-8 (U+100000 + N, U+101000 + N). */
#define P0 "\xF4\x80\x80\x80"
#define P1 "\xF4\x80\x80\x81"
#define P2 "\xF4\x80\x80\x82"
#define P7 "\xF4\x80\x80\x87"
#define E0 "\xF4\x81\x80\x80"
#define E1 "\xF4\x81\x80\x81"
#define E2 "\xF4\x81\x80\x82"

#define FIXTURES "tests/fixtures/tmx/"

static char dir[] = "/tmp/hx-tm-XXXXXX";
static char path[256];

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/state/tm.sqlite", dir);
}

static void teardown(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(tm, .init = setup, .fini = teardown);
TestSuite(tmx, .init = setup, .fini = teardown);

static struct hx_tm *open_at(const char *p)
{
	struct hx_tm *tm = NULL;
	struct hx_diag d = {0};

	cr_assert_eq(hx_tm_open(p, &tm, &d), HX_OK, "%s", hx_diag_message(&d));
	cr_assert_not_null(tm);
	return tm;
}

static void store(struct hx_tm *tm, enum hx_lang s, enum hx_lang t, const char *src,
		  const char *tgt, enum hx_tm_origin origin, const char *engine)
{
	struct hx_diag d = {0};

	cr_assert_eq(hx_tm_store(tm, s, t, src, strlen(src), tgt, strlen(tgt), origin, engine, &d),
		     HX_OK, "%s", hx_diag_message(&d));
}

/* The target for src, or NULL on a miss; a newly allocated string. */
static char *lookup(struct hx_tm *tm, enum hx_lang s, enum hx_lang t, const char *src,
		    enum hx_tm_origin *origin)
{
	struct hx_tm_unit u;
	struct hx_diag d = {0};
	bool found;
	char *target;

	cr_assert_eq(hx_tm_lookup(tm, s, t, src, strlen(src), &u, &found, &d), HX_OK, "%s",
		     hx_diag_message(&d));
	if (!found)
		return NULL;
	if (origin)
		*origin = u.origin;
	target = strdup(u.target);
	hx_tm_unit_release(&u);
	return target;
}

static void expect_target(struct hx_tm *tm, enum hx_lang s, enum hx_lang t, const char *src,
			  const char *want)
{
	char *got = lookup(tm, s, t, src, NULL);

	cr_assert_not_null(got, "no unit for '%s'", src);
	cr_assert_str_eq(got, want);
	free(got);
}

static char *normalised(const char *s)
{
	struct hx_buf b = HX_BUF_INIT(0);
	struct hx_diag d = {0};

	cr_assert_eq(hx_tm_normalise(s, strlen(s), &b, &d), HX_OK, "%s", hx_diag_message(&d));
	return hx_buf_detach(&b, NULL);
}

/* Normalisation ----------------------------------------------------------------------------- */

Test(tm, normalise_collapses_breaking_white_space_and_trims)
{
	char *s = normalised(" \t The\n\n General\xE3\x80\x80\xE2\x80\x83 Assembly  ");

	cr_assert_str_eq(s, "The General Assembly");
	free(s);
	/* no-break spaces are typography (French « ; : ! ? »), kept as they are */
	s = normalised("Article 1\xC2\xA0: objet\xE2\x80\xAF!");
	cr_assert_str_eq(s, "Article 1\xC2\xA0: objet\xE2\x80\xAF!");
	free(s);
	/* control characters XML cannot carry are dropped, white space between them stays one */
	s = normalised("a\x01 \x02 b\x7f");
	cr_assert_str_eq(s, "a b\x7f");
	free(s);
	s = normalised(" \n\t ");
	cr_assert_str_eq(s, "");
	free(s);
}

Test(tm, normalise_composes_to_nfc_and_keeps_placeholders)
{
	/* e + combining acute; Arabic fatha after shadda is reordered (ccc 30 before 33) */
	char *s = normalised("Re\xCC\x81sume\xCC\x81 " P0 "x" E0 " \xD9\x85\xD9\x91\xD9\x8E");

	cr_assert_str_eq(s, "R\xC3\xA9sum\xC3\xA9 " P0 "x" E0 " \xD9\x85\xD9\x8E\xD9\x91");
	free(s);
	s = normalised("\xE5\x8F\x98\xE9\x9D\xA9" P1 "\xD0\x99");
	cr_assert_str_eq(s, "\xE5\x8F\x98\xE9\x9D\xA9" P1 "\xD0\x99", "already NFC: unchanged");
	free(s);
}

Test(tm, normalise_is_idempotent)
{
	static const char *const texts[] = {
		"  A\xCC\x8A  b\xE2\x80\xA8 c ", "\xE2\x84\xAB\xE2\x80\x80x",
		"\xD9\x85\xD9\x91\xD9\x8E y",    P0 " \t" E0 "  z",
		"\xE0\xA4\x95\xE0\xA4\xBC",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char *once = normalised(texts[i]), *twice = normalised(once);

		cr_assert_str_eq(twice, once, "text %zu", i);
		free(once);
		free(twice);
	}
}

Test(tm, normalise_refuses_malformed_utf8_naming_the_byte)
{
	static const char *const bad[] = {"ab\xFF", "ab\xC0\xAF", "ab\xED\xA0\x80", "ab\xE2\x82"};
	struct hx_buf b = HX_BUF_INIT(0);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hx_diag d = {0};

		cr_assert_eq(hx_tm_normalise(bad[i], strlen(bad[i]), &b, &d), HX_E_DECODE);
		cr_assert(strstr(d.msg, "at byte 2"), "%s", d.msg);
	}
	hx_buf_release(&b);
}

/* Lookups and stores ------------------------------------------------------------------------ */

Test(tm, lookup_finds_a_stored_unit_by_pair_with_origin_and_engine)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tm_unit u;
	struct hx_diag d = {0};
	bool found = true;
	const char *src = "The " P0 "General Assembly" E0 " adopted " P1 ".";

	store(tm, HX_LANG_EN, HX_LANG_FR, src, "L'" P0 "Assemblée générale" E0 " a adopté " P1 ".",
	      HX_TM_MT, "apertium");
	cr_assert_eq(hx_tm_lookup(tm, HX_LANG_EN, HX_LANG_FR, src, strlen(src), &u, &found, &d),
		     HX_OK);
	cr_assert(found);
	cr_assert_str_eq(u.target, "L'" P0 "Assemblée générale" E0 " a adopté " P1 ".");
	cr_assert_eq(u.target_len, strlen(u.target));
	cr_assert_eq(u.origin, HX_TM_MT);
	cr_assert_str_eq(u.engine, "apertium");
	cr_assert_eq(strlen(u.created), 20);
	hx_tm_unit_release(&u);
	cr_assert_null(lookup(tm, HX_LANG_EN, HX_LANG_ES, src, NULL), "another pair");
	cr_assert_null(lookup(tm, HX_LANG_FR, HX_LANG_EN, src, NULL), "the reverse pair");
	cr_assert_null(lookup(tm, HX_LANG_EN, HX_LANG_FR,
			      "The " P1 "General Assembly" E1 " adopted " P0 ".", NULL),
		       "other placeholder numbers");
	cr_assert_eq(hx_tm_lookup(tm, HX_LANG_EN, HX_LANG_FR, "x", 1, &u, &found, &d), HX_OK);
	cr_assert_not(found);
	cr_assert_null(u.target);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tm, lookup_sees_through_white_space_and_composition)
{
	struct hx_tm *tm = open_at(path);

	store(tm, HX_LANG_EN, HX_LANG_ES, "  The   Résumé\n", "El resumen", HX_TM_HUMAN, NULL);
	expect_target(tm, HX_LANG_EN, HX_LANG_ES, "The Re\xCC\x81sume\xCC\x81", "El resumen");
	expect_target(tm, HX_LANG_EN, HX_LANG_ES, "The\tRésumé ", "El resumen");
	hx_tm_close(tm);
}

Test(tm, human_translation_beats_machine_translation)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tm_entry e = {0};
	struct hx_diag d = {0};
	enum hx_tm_outcome outcome;
	enum hx_tm_origin origin;
	char *got;

	e.src = HX_LANG_EN;
	e.tgt = HX_LANG_RU;
	e.source = "Security Council";
	e.source_len = strlen(e.source);
	e.target = "Совет безопасности (MT)";
	e.target_len = strlen(e.target);
	e.origin = HX_TM_MT;
	e.engine = "libretranslate";
	cr_assert_eq(hx_tm_put(tm, &e, &outcome, &d), HX_OK);
	cr_assert_eq(outcome, HX_TM_ADDED);
	e.target = "Совет Безопасности";
	e.target_len = strlen(e.target);
	e.origin = HX_TM_HUMAN;
	e.engine = NULL;
	cr_assert_eq(hx_tm_put(tm, &e, &outcome, &d), HX_OK);
	cr_assert_eq(outcome, HX_TM_REPLACED, "human over mt");
	e.target = "Совет безопасности (MT again)";
	e.target_len = strlen(e.target);
	e.origin = HX_TM_MT;
	cr_assert_eq(hx_tm_put(tm, &e, &outcome, &d), HX_OK);
	cr_assert_eq(outcome, HX_TM_KEPT, "mt never over human");
	got = lookup(tm, HX_LANG_EN, HX_LANG_RU, "Security Council", &origin);
	cr_assert_str_eq(got, "Совет Безопасности");
	cr_assert_eq(origin, HX_TM_HUMAN);
	free(got);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tm, between_equals_the_more_recent_translation_wins)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tm_entry e = {0};
	struct hx_diag d = {0};
	enum hx_tm_outcome outcome;

	e.src = HX_LANG_FR;
	e.tgt = HX_LANG_EN;
	e.source = "Point 4";
	e.source_len = 7;
	e.target = "Item 4 (2024)";
	e.target_len = strlen(e.target);
	e.created = e.updated = "2024-05-01T10:00:00Z";
	cr_assert_eq(hx_tm_put(tm, &e, &outcome, &d), HX_OK);
	e.target = "Item 4 (2023)";
	e.created = e.updated = "2023-01-01T10:00:00Z";
	cr_assert_eq(hx_tm_put(tm, &e, &outcome, &d), HX_OK);
	cr_assert_eq(outcome, HX_TM_KEPT, "an older translation does not replace a newer one");
	e.target = "Agenda item 4";
	e.target_len = strlen(e.target);
	e.created = e.updated = "2025-02-02T10:00:00Z";
	cr_assert_eq(hx_tm_put(tm, &e, &outcome, &d), HX_OK);
	cr_assert_eq(outcome, HX_TM_REPLACED);
	cr_assert_eq(hx_tm_put(tm, &e, &outcome, &d), HX_OK);
	cr_assert_eq(outcome, HX_TM_KEPT, "the same translation again changes nothing");
	expect_target(tm, HX_LANG_FR, HX_LANG_EN, "Point 4", "Agenda item 4");
	e.created = "yesterday";
	cr_assert_eq(hx_tm_put(tm, &e, &outcome, &d), HX_E_USAGE);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tm, each_hit_counts_a_use)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tm_unit u;
	struct hx_tm_stats st;
	struct hx_diag d = {0};
	bool found;

	store(tm, HX_LANG_ZH, HX_LANG_EN, "大会", "General Assembly", HX_TM_HUMAN, NULL);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(hx_tm_lookup(tm, HX_LANG_ZH, HX_LANG_EN, "大会", strlen("大会"), &u,
					  &found, &d),
			     HX_OK);
		cr_assert(found);
		cr_assert_eq(u.uses, (uint64_t)i, "uses before this hit");
		hx_tm_unit_release(&u);
	}
	cr_assert_null(lookup(tm, HX_LANG_ZH, HX_LANG_FR, "大会", NULL));
	cr_assert_eq(hx_tm_get_stats(tm, &st, &d), HX_OK);
	cr_assert_eq(st.uses, 3);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tm, store_refuses_empty_texts_bad_pairs_and_oversize)
{
	struct hx_tm *tm = open_at(path);
	struct hx_diag d = {0};
	char *big = malloc(HX_TM_MAX_TEXT + 2);

	cr_assert_eq(hx_tm_store(tm, HX_LANG_EN, HX_LANG_FR, " \n", 2, "x", 1, HX_TM_MT, "e", &d),
		     HX_E_EMPTY);
	cr_assert_eq(hx_tm_store(tm, HX_LANG_EN, HX_LANG_FR, "x", 1, "", 0, HX_TM_MT, "e", &d),
		     HX_E_EMPTY);
	cr_assert_eq(hx_tm_store(tm, HX_LANG_EN, HX_LANG_EN, "x", 1, "y", 1, HX_TM_MT, "e", &d),
		     HX_E_USAGE);
	cr_assert_eq(hx_tm_store(tm, HX_LANG_NONE, HX_LANG_EN, "x", 1, "y", 1, HX_TM_MT, "e", &d),
		     HX_E_USAGE);
	cr_assert_eq(hx_tm_store(tm, HX_LANG_EN, HX_LANG_FR, "a\xFF", 2, "y", 1, HX_TM_MT, "e", &d),
		     HX_E_DECODE);
	memset(big, 'a', HX_TM_MAX_TEXT + 1);
	big[HX_TM_MAX_TEXT + 1] = '\0';
	cr_assert_eq(hx_tm_store(tm, HX_LANG_EN, HX_LANG_FR, big, HX_TM_MAX_TEXT + 1, "y", 1,
				 HX_TM_MT, "e", &d),
		     HX_E_LIMIT);
	free(big);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

/* Transactions and files -------------------------------------------------------------------- */

Test(tm, rollback_discards_and_commit_keeps_a_window)
{
	struct hx_tm *tm = open_at(path);
	struct hx_diag d = {0};
	char *got;

	cr_assert_eq(hx_tm_begin(tm, &d), HX_OK);
	store(tm, HX_LANG_EN, HX_LANG_FR, "one", "un", HX_TM_MT, "x");
	cr_assert_eq(hx_tm_rollback(tm, &d), HX_OK);
	cr_assert_null(lookup(tm, HX_LANG_EN, HX_LANG_FR, "one", NULL));

	cr_assert_eq(hx_tm_begin(tm, &d), HX_OK);
	store(tm, HX_LANG_EN, HX_LANG_FR, "two", "deux", HX_TM_MT, "x");
	cr_assert_eq(hx_tm_begin(tm, &d), HX_OK, "nested: a savepoint");
	store(tm, HX_LANG_EN, HX_LANG_FR, "three", "trois", HX_TM_MT, "x");
	cr_assert_eq(hx_tm_rollback(tm, &d), HX_OK);
	cr_assert_eq(hx_tm_commit(tm, &d), HX_OK);
	cr_assert_eq(hx_tm_commit(tm, &d), HX_E_INTERNAL, "commit without a transaction");
	cr_assert_eq(hx_tm_rollback(tm, &d), HX_OK, "rollback without one does nothing");
	hx_tm_close(tm);

	tm = open_at(path);
	got = lookup(tm, HX_LANG_EN, HX_LANG_FR, "two", NULL);
	cr_assert_str_eq(got, "deux");
	free(got);
	cr_assert_null(lookup(tm, HX_LANG_EN, HX_LANG_FR, "three", NULL));
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tm, close_rolls_back_an_open_transaction)
{
	struct hx_tm *tm = open_at(path);
	struct hx_diag d = {0};

	cr_assert_eq(hx_tm_begin(tm, &d), HX_OK);
	store(tm, HX_LANG_EN, HX_LANG_AR, "four", "أربعة", HX_TM_MT, "x");
	hx_tm_close(tm);
	tm = open_at(path);
	cr_assert_null(lookup(tm, HX_LANG_EN, HX_LANG_AR, "four", NULL));
	hx_tm_close(tm);
	hx_tm_close(NULL);
	hx_diag_release(&d);
}

Test(tm, readers_see_committed_units_while_a_writer_holds_its_window)
{
	struct hx_tm *writer = open_at(path), *reader = open_at(path);
	struct hx_tm_stats st;
	struct hx_diag d = {0};

	store(writer, HX_LANG_EN, HX_LANG_ES, "before", "antes", HX_TM_MT, "x");
	cr_assert_eq(hx_tm_begin(writer, &d), HX_OK);
	store(writer, HX_LANG_EN, HX_LANG_ES, "during", "durante", HX_TM_MT, "x");
	cr_assert_eq(hx_tm_get_stats(reader, &st, &d), HX_OK, "WAL: readers do not wait");
	cr_assert_eq(st.units, 1);
	cr_assert_eq(hx_tm_commit(writer, &d), HX_OK);
	cr_assert_eq(hx_tm_get_stats(reader, &st, &d), HX_OK);
	cr_assert_eq(st.units, 2);
	hx_tm_close(writer);
	hx_tm_close(reader);
	hx_diag_release(&d);
}

Test(tm, a_second_writer_gives_up_after_the_busy_timeout)
{
	struct hx_tm *first = open_at(path), *second = open_at(path);
	struct hx_diag d = {0};

	cr_assert_eq(hx_tm_begin(first, &d), HX_OK);
	store(first, HX_LANG_EN, HX_LANG_ES, "one", "uno", HX_TM_MT, "x");
	cr_assert_eq(
		hx_tm_store(second, HX_LANG_EN, HX_LANG_ES, "two", 3, "dos", 3, HX_TM_MT, "x", &d),
		HX_E_LOCKED);
	cr_assert(strstr(d.msg, "locked by another process"), "%s", d.msg);
	cr_assert_eq(hx_err_exit_status(d.err), 75);
	hx_tm_close(first);
	hx_tm_close(second);
	hx_diag_release(&d);
}

static long long pragma(const char *p, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	cr_assert_eq(sqlite3_open(p, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s",
		     sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_type(st, 0) == SQLITE_TEXT
			    ? (long long)sqlite3_column_text(st, 0)[0]
			    : sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

Test(tm, units_persist_after_close_in_a_new_folder_with_wal)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tm_stats st;
	struct hx_diag d = {0};
	struct stat sb;

	store(tm, HX_LANG_ES, HX_LANG_EN, "Naciones Unidas", "United Nations", HX_TM_HUMAN, NULL);
	hx_tm_close(tm);
	cr_assert_eq(stat(path, &sb), 0, "created with its folder");
	cr_assert_eq(pragma(path, "PRAGMA journal_mode"), 'w', "WAL journal");
	cr_assert_eq(pragma(path, "PRAGMA user_version"), HX_TM_SCHEMA_VERSION);
	tm = open_at(path);
	expect_target(tm, HX_LANG_ES, HX_LANG_EN, "Naciones Unidas", "United Nations");
	cr_assert_eq(hx_tm_get_stats(tm, &st, &d), HX_OK);
	cr_assert_eq(st.units, 1);
	cr_assert_gt(st.file_bytes, 0);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tm, a_damaged_file_is_refused_saying_what_to_do)
{
	struct hx_tm *tm = (struct hx_tm *)1;
	struct hx_diag d = {0};
	char p[300];
	FILE *f;

	snprintf(p, sizeof(p), "%s/tm.sqlite", dir);
	f = fopen(p, "w");
	for (int i = 0; i < 100; i++)
		fputs("this is not an SQLite database, just text\n", f);
	fclose(f);
	cr_assert_eq(hx_tm_open(p, &tm, &d), HX_E_FORMAT);
	cr_assert_null(tm);
	cr_assert(strstr(d.msg, p), "%s", d.msg);
	cr_assert(strstr(d.msg, "move it aside"), "%s", d.msg);
	hx_diag_release(&d);
}

Test(tm, a_newer_schema_version_is_refused)
{
	struct hx_tm *tm = open_at(path);
	struct hx_diag d = {0};
	sqlite3 *db;

	hx_tm_close(tm);
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	cr_assert_eq(hx_tm_open(path, &tm, &d), HX_E_FORMAT);
	cr_assert(strstr(d.msg, "schema version 2, newer than this hexaglot reads (1)"), "%s",
		  d.msg);
	hx_diag_release(&d);
}

Test(tm, another_programs_database_is_refused)
{
	struct hx_tm *tm;
	struct hx_diag d = {0};
	char p[300];
	sqlite3 *db;

	snprintf(p, sizeof(p), "%s/other.db", dir);
	cr_assert_eq(sqlite3_open(p, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	cr_assert_eq(hx_tm_open(p, &tm, &d), HX_E_FORMAT);
	cr_assert(strstr(d.msg, "not a hexaglot translation memory"), "%s", d.msg);
	cr_assert_eq(pragma(p, "SELECT count(*) FROM sqlite_master"), 1, "left untouched");
	hx_diag_release(&d);
}

Test(tm, an_unwritable_place_is_an_io_error)
{
	struct hx_tm *tm;
	struct hx_diag d = {0};
	char p[300];
	FILE *f;

	snprintf(p, sizeof(p), "%s/file", dir);
	f = fopen(p, "w");
	fclose(f);
	snprintf(p, sizeof(p), "%s/file/tm.sqlite", dir);
	cr_assert_eq(hx_tm_open(p, &tm, &d), HX_E_IO);
	cr_assert(strstr(d.msg, "cannot open the translation memory"), "%s", d.msg);
	cr_assert(strstr(d.msg, p), "%s", d.msg);
	hx_diag_release(&d);
}

Test(tm, stats_count_units_by_pair_and_origin)
{
	struct hx_tm *tm = open_at(":memory:");
	struct hx_tm_stats st;
	struct hx_diag d = {0};

	store(tm, HX_LANG_EN, HX_LANG_FR, "a", "a-fr", HX_TM_HUMAN, NULL);
	store(tm, HX_LANG_EN, HX_LANG_FR, "b", "b-fr", HX_TM_MT, "apertium");
	store(tm, HX_LANG_EN, HX_LANG_FR, "c", "c-fr", HX_TM_MT, "apertium");
	store(tm, HX_LANG_AR, HX_LANG_ZH, "د", "中", HX_TM_MT, "openai");
	cr_assert_eq(hx_tm_get_stats(tm, &st, &d), HX_OK);
	cr_assert_eq(st.units, 4);
	cr_assert_eq(st.by_origin[HX_TM_HUMAN], 1);
	cr_assert_eq(st.by_origin[HX_TM_MT], 3);
	cr_assert_eq(st.by_pair[HX_LANG_EN][HX_LANG_FR][HX_TM_MT], 2);
	cr_assert_eq(st.by_pair[HX_LANG_EN][HX_LANG_FR][HX_TM_HUMAN], 1);
	cr_assert_eq(st.by_pair[HX_LANG_AR][HX_LANG_ZH][HX_TM_MT], 1);
	cr_assert_eq(st.by_pair[HX_LANG_ZH][HX_LANG_AR][HX_TM_MT], 0);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

/* TMX --------------------------------------------------------------------------------------- */

static enum hx_err import_file(struct hx_tm *tm, const char *file, const struct hx_tmx_opts *o,
			       struct hx_tmx_stats *st, struct hx_diag *d)
{
	return hx_tm_import_tmx(tm, file, o, st, d);
}

static bool has_warning(const struct hx_diag *d, const char *text)
{
	for (size_t i = 0; i < d->nwarnings; i++)
		if (strstr(d->warnings[i], text))
			return true;
	return false;
}

/* The same text in the six languages, with placeholders, end marks and numbers out of order. */
static const char *const six[HX_LANG_COUNT] = {
	[HX_LANG_AR] = "اعتمدت " P0 "الجمعية العامة" E0 " القرار " P2 " في " P1 ".",
	[HX_LANG_ZH] = P0 "大会" E0 "于" P1 "通过了第" P2 "号决议。",
	[HX_LANG_EN] = "The " P0 "General Assembly" E0 " adopted resolution " P2 " on " P1 ".",
	[HX_LANG_FR] = "L'" P0 "Assemblée générale" E0 " a adopté la résolution " P2 " le " P1 ".",
	[HX_LANG_RU] = P0 "Генеральная Ассамблея" E0 " приняла резолюцию " P2 " " P1 ".",
	[HX_LANG_ES] = "La " P0 "Asamblea General" E0 " aprobó la resolución " P2 " el " P1 ".",
};

Test(tmx, round_trip_keeps_placeholders_and_end_marks_in_six_languages)
{
	struct hx_tm *a = open_at(":memory:"), *b;
	struct hx_buf tmx = HX_BUF_INIT(0);
	struct hx_tmx_stats st;
	struct hx_tm_unit u;
	struct hx_diag d = {0};
	size_t units = 0;
	bool found;

	for (int s = 0; s < HX_LANG_COUNT; s++)
		for (int t = 0; t < HX_LANG_COUNT; t++)
			if (s != t)
				store(a, s, t, six[s], six[t], (s + t) % 2 ? HX_TM_MT : HX_TM_HUMAN,
				      (s + t) % 2 ? "apertium" : NULL);
	/* an end mark without its placeholder before it, a placeholder twice */
	store(a, HX_LANG_EN, HX_LANG_FR, "odd " E1 " then " P1 " and " P7 P7,
	      "bizarre " P7 E1 P1 P7, HX_TM_MT, "deepl");
	cr_assert_eq(hx_tm_write_tmx(a, HX_LANG_NONE, HX_LANG_NONE, &tmx, &units, &d), HX_OK);
	cr_assert_eq(units, 31);
	cr_assert(strstr(tmx.data, "creationtool=\"hexaglot\""));
	cr_assert(strstr(tmx.data, "<seg>The <bpt i=\"1\" x=\"1\"/>General Assembly<ept i=\"1\"/>"
				   " adopted resolution <ph x=\"3\"/> on <ph x=\"2\"/>.</seg>"),
		  "%s", tmx.data);
	cr_assert(strstr(tmx.data, "<it pos=\"end\" x=\"2\"/>"), "an end mark alone");
	cr_assert(strstr(tmx.data, "<prop type=\"x-engine\">apertium</prop>"));
	cr_assert(strstr(tmx.data, "<tuv xml:lang=\"ar\"><seg>اعتمدت <bpt i=\"1\" x=\"1\"/>"));

	b = open_at(path);
	cr_assert_eq(hx_tm_import_tmx_data(b, "x.tmx", tmx.data, tmx.len, NULL, &st, &d), HX_OK,
		     "%s", hx_diag_message(&d));
	cr_assert_eq(st.added, 31);
	cr_assert_eq(st.skipped, 0);
	cr_assert_eq(d.nwarnings, 0, "%s", d.nwarnings ? d.warnings[0] : "");
	for (int s = 0; s < HX_LANG_COUNT; s++)
		for (int t = 0; t < HX_LANG_COUNT; t++) {
			if (s == t)
				continue;
			cr_assert_eq(hx_tm_lookup(b, s, t, six[s], strlen(six[s]), &u, &found, &d),
				     HX_OK);
			cr_assert(found, "%d-%d", s, t);
			cr_assert_str_eq(u.target, six[t]);
			cr_assert_eq(u.origin, (s + t) % 2 ? HX_TM_MT : HX_TM_HUMAN);
			cr_assert_str_eq(u.engine, (s + t) % 2 ? "apertium" : "");
			hx_tm_unit_release(&u);
		}
	expect_target(b, HX_LANG_EN, HX_LANG_FR, "odd " E1 " then " P1 " and " P7 P7,
		      "bizarre " P7 E1 P1 P7);
	hx_buf_release(&tmx);
	hx_tm_close(a);
	hx_tm_close(b);
	hx_diag_release(&d);
}

Test(tmx, export_keeps_dates_and_use_counts_and_filters_by_pair)
{
	struct hx_tm *a = open_at(":memory:"), *b = open_at(path);
	struct hx_tm_entry e = {0};
	struct hx_buf tmx = HX_BUF_INIT(0);
	struct hx_tm_unit u;
	struct hx_diag d = {0};
	size_t units;
	bool found;

	e.src = HX_LANG_RU;
	e.tgt = HX_LANG_ES;
	e.source = "Доклад";
	e.source_len = strlen(e.source);
	e.target = "Informe & <anexo>";
	e.target_len = strlen(e.target);
	e.created = "2021-03-04T05:06:07Z";
	e.updated = "2022-08-09T10:11:12Z";
	e.uses = 42;
	cr_assert_eq(hx_tm_put(a, &e, NULL, &d), HX_OK);
	store(a, HX_LANG_RU, HX_LANG_EN, "Доклад", "Report", HX_TM_HUMAN, NULL);
	cr_assert_eq(hx_tm_write_tmx(a, HX_LANG_RU, HX_LANG_ES, &tmx, &units, &d), HX_OK);
	cr_assert_eq(units, 1);
	cr_assert(strstr(tmx.data, "srclang=\"ru\" o-tmf"), "the header names the source");
	cr_assert(strstr(tmx.data,
			 "creationdate=\"20210304T050607Z\" changedate=\"20220809T101112Z\""
			 " usagecount=\"42\""),
		  "%s", tmx.data);
	cr_assert(strstr(tmx.data, "<seg>Informe &amp; &lt;anexo&gt;</seg>"));
	cr_assert_null(strstr(tmx.data, "Report"), "other pairs left out");
	cr_assert_eq(hx_tm_import_tmx_data(b, "x.tmx", tmx.data, tmx.len, NULL, NULL, &d), HX_OK);
	cr_assert_eq(
		hx_tm_lookup(b, HX_LANG_RU, HX_LANG_ES, "Доклад", strlen("Доклад"), &u, &found, &d),
		HX_OK);
	cr_assert(found);
	cr_assert_str_eq(u.target, "Informe & <anexo>");
	cr_assert_str_eq(u.created, "2021-03-04T05:06:07Z");
	cr_assert_str_eq(u.updated, "2022-08-09T10:11:12Z");
	cr_assert_eq(u.uses, 42);
	hx_tm_unit_release(&u);
	hx_buf_release(&tmx);
	hx_tm_close(a);
	hx_tm_close(b);
	hx_diag_release(&d);
}

Test(tmx, export_to_a_file_is_atomic_and_capped)
{
	struct hx_tm *tm = open_at(":memory:");
	struct hx_diag d = {0};
	char p[300];
	size_t units;
	struct stat sb;

	store(tm, HX_LANG_EN, HX_LANG_ZH, "Secretariat", "秘书处", HX_TM_HUMAN, NULL);
	snprintf(p, sizeof(p), "%s/out.tmx", dir);
	cr_assert_eq(hx_tm_export_tmx(tm, p, HX_LANG_NONE, HX_LANG_NONE, 0, &units, &d), HX_OK);
	cr_assert_eq(units, 1);
	cr_assert_eq(stat(p, &sb), 0);
	cr_assert_eq(hx_tm_export_tmx(tm, p, HX_LANG_NONE, HX_LANG_NONE, 100, &units, &d),
		     HX_E_LIMIT);
	cr_assert(strstr(d.msg, "over the size cap of 100 bytes"), "%s", d.msg);
	cr_assert_eq(stat(p, &sb), 0, "the old export is still there");
	cr_assert_gt(sb.st_size, 100);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tmx, imports_omegat_level2_codes_by_first_appearance)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tmx_stats st;
	struct hx_tm_unit u;
	struct hx_diag d = {0};
	bool found;
	const char *src = "The " P0 "General Assembly" E0 " adopted resolution 70/1." P1;

	cr_assert_eq(import_file(tm, FIXTURES "omegat-level2.tmx", NULL, &st, &d), HX_OK, "%s",
		     hx_diag_message(&d));
	cr_assert_eq(st.tus, 5);
	cr_assert_eq(st.pairs, 5);
	cr_assert_eq(st.added, 4);
	cr_assert_eq(st.skipped, 1);
	cr_assert(has_warning(&d, "omegat-level2.tmx:34: the fr text has an inline code (x:5) its "
				  "en source lacks; en-fr skipped"));
	cr_assert_eq(hx_tm_lookup(tm, HX_LANG_EN, HX_LANG_FR, src, strlen(src), &u, &found, &d),
		     HX_OK);
	cr_assert(found);
	cr_assert_str_eq(u.target,
			 "L'" P0 "Assemblée générale" E0 " a adopté la résolution 70/1." P1);
	cr_assert_eq(u.origin, HX_TM_HUMAN);
	cr_assert_str_eq(u.created, "2024-03-05T10:20:00Z", "the target tuv's dates");
	hx_tm_unit_release(&u);
	expect_target(tm, HX_LANG_EN, HX_LANG_FR, "See " P0 " and " P1 ".",
		      "Voir " P1 " et " P0 ".");
	expect_target(tm, HX_LANG_EN, HX_LANG_FR, "Agenda item 4", "Point 4 de l'ordre du jour");
	cr_assert_null(lookup(tm, HX_LANG_EN, HX_LANG_FR, "Distr.: General", NULL));
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tmx, imports_omegat_project_save_with_tmx_1_1_lang)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tmx_stats st;
	struct hx_diag d = {0};

	cr_assert_eq(import_file(tm, FIXTURES "omegat-project_save.tmx", NULL, &st, &d), HX_OK);
	cr_assert_eq(st.added, 2);
	expect_target(tm, HX_LANG_EN, HX_LANG_RU, "<f0>Note</f0> by the Secretariat",
		      "<f0>Записка</f0> Секретариата");
	cr_assert_null(lookup(tm, HX_LANG_RU, HX_LANG_EN, "Положение на Ближнем Востоке", NULL),
		       "srclang EN-US: from English only");
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tmx, imports_an_okapi_multilingual_tu_from_its_srclang)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tmx_stats st;
	struct hx_diag d = {0};
	const char *title =
		"Transforming our world: the " P0 "2030 Agenda for Sustainable Development" E0;

	cr_assert_eq(import_file(tm, FIXTURES "okapi-rainbow.tmx", NULL, &st, &d), HX_OK);
	cr_assert_eq(st.tus, 3);
	cr_assert_eq(st.pairs, 7, "en to es, fr, ar, zh, ru; then en-es twice");
	cr_assert_eq(st.added, 6);
	cr_assert_eq(st.skipped, 1);
	cr_assert_eq(st.other_languages, 2, "zh-tw and de-de");
	cr_assert(has_warning(&d, "okapi-rainbow.tmx:19: the es text has an inline code (x:9)"));
	expect_target(tm, HX_LANG_EN, HX_LANG_FR, title,
		      "Transformer notre monde\xC2\xA0: le " P0
		      "Programme de développement durable à l’horizon 2030" E0);
	expect_target(tm, HX_LANG_EN, HX_LANG_AR, title,
		      "تحويل عالمنا: " P0 "خطة التنمية المستدامة لعام 2030" E0);
	expect_target(tm, HX_LANG_EN, HX_LANG_ZH, title,
		      "变革我们的世界：" P0 "2030年可持续发展议程" E0);
	expect_target(tm, HX_LANG_EN, HX_LANG_ES, "Paragraph" P0 "continued " P1 "here",
		      "Párrafo" P0 "continuado " P1 "aquí");
	cr_assert_null(lookup(tm, HX_LANG_FR, HX_LANG_EN,
			      "Transformer notre monde\xC2\xA0: le " P0
			      "Programme de développement durable à l’horizon 2030" E0,
			      NULL));
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tmx, all_pairs_imports_into_the_srclang_too)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tmx_opts o = {HX_TM_HUMAN, true, 0};
	struct hx_tmx_stats st;
	struct hx_diag d = {0};

	cr_assert_eq(import_file(tm, FIXTURES "okapi-rainbow.tmx", &o, &st, &d), HX_OK);
	cr_assert_eq(st.pairs, 5 * 6 + 2 + 2);
	expect_target(tm, HX_LANG_ZH, HX_LANG_RU, "变革我们的世界：" P0 "2030年可持续发展议程" E0,
		      "Преобразование нашего мира: " P0 "Повестка дня в области устойчивого "
		      "развития на период до 2030 года" E0);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tmx, imports_hi_ut_and_codes_without_x)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tmx_stats st;
	struct hx_diag d = {0};
	struct hx_tm_unit u;
	bool found;

	cr_assert_eq(import_file(tm, FIXTURES "inline-codes.tmx", NULL, &st, &d), HX_OK);
	cr_assert_eq(st.pairs, 6 + 1 + 2, "*all*: every pair; a TU srclang: from it only");
	cr_assert_eq(st.added, 9);
	/* <hi> keeps its text; <ut> is a code, matched by its native data */
	expect_target(tm, HX_LANG_RU, HX_LANG_FR,
		      "Постановляет продолжать заниматься этим вопросом." P0,
		      "Décide de demeurer saisi de la question." P0);
	/* <ph> without x: by native code (with its <sub>) and occurrence, numbered from the source
	 */
	expect_target(tm, HX_LANG_FR, HX_LANG_EN, P0 "Annexe I" P1, P1 "Annex" P0 " I");
	cr_assert_null(lookup(tm, HX_LANG_EN, HX_LANG_FR, P0 "Annex" P1 " I", NULL));
	/* white space collapsed in the key and the target; CDATA is text */
	expect_target(tm, HX_LANG_EN, HX_LANG_ES, "Item one", "Tema <uno>");
	cr_assert_eq(hx_tm_lookup(tm, HX_LANG_EN, HX_LANG_FR,
				  "Decides to remain seized of the matter." P0,
				  strlen("Decides to remain seized of the matter." P0), &u, &found,
				  &d),
		     HX_OK);
	cr_assert(found);
	cr_assert_str_eq(u.created, "2022-01-10T12:00:00Z");
	cr_assert_str_eq(u.updated, "2022-01-11T12:00:00Z");
	hx_tm_unit_release(&u);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tmx, imported_human_units_are_preferred_to_mt_forever_after)
{
	struct hx_tm *tm = open_at(path);
	struct hx_diag d = {0};
	enum hx_tm_origin origin;
	const char *src = "See " P0 " and " P1 ".";
	char *got;

	cr_assert_eq(import_file(tm, FIXTURES "omegat-level2.tmx", NULL, NULL, &d), HX_OK);
	for (int i = 0; i < 3; i++) {
		store(tm, HX_LANG_EN, HX_LANG_FR, src, "Voir MT " P0 P1, HX_TM_MT, "apertium");
		hx_tm_close(tm);
		tm = open_at(path);
	}
	/* even an MT import of a newer file does not displace it */
	cr_assert_eq(import_file(tm, FIXTURES "omegat-level2.tmx",
				 &(struct hx_tmx_opts){HX_TM_MT, false, 0}, NULL, &d),
		     HX_OK);
	got = lookup(tm, HX_LANG_EN, HX_LANG_FR, src, &origin);
	cr_assert_str_eq(got, "Voir " P1 " et " P0 ".");
	cr_assert_eq(origin, HX_TM_HUMAN);
	free(got);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tmx, origin_mt_marks_imported_units_and_x_origin_is_kept)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tmx_stats st;
	struct hx_diag d = {0};
	enum hx_tm_origin origin = HX_TM_HUMAN;
	char *got;
	static const char tmx[] =
		"<tmx version=\"1.4\"><header creationtool=\"hexaglot\" creationtoolversion=\"0\""
		" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"*all*\""
		" o-tmf=\"hexaglot\"/><body>"
		"<tu srclang=\"en\"><prop type=\"x-origin\">mt</prop><prop "
		"type=\"x-engine\">deepl</prop>"
		"<tuv xml:lang=\"en\"><seg>A</seg></tuv><tuv "
		"xml:lang=\"fr\"><seg>B</seg></tuv></tu>"
		"</body></tmx>";

	cr_assert_eq(hx_tm_import_tmx_data(tm, "m.tmx", tmx, strlen(tmx), NULL, &st, &d), HX_OK);
	got = lookup(tm, HX_LANG_EN, HX_LANG_FR, "A", &origin);
	cr_assert_str_eq(got, "B");
	cr_assert_eq(origin, HX_TM_MT, "x-origin mt stays mt under the default --origin human");
	free(got);
	cr_assert_eq(import_file(tm, FIXTURES "omegat-project_save.tmx",
				 &(struct hx_tmx_opts){HX_TM_MT, false, 0}, NULL, &d),
		     HX_OK);
	got = lookup(tm, HX_LANG_EN, HX_LANG_RU, "The situation in the Middle East", &origin);
	cr_assert_eq(origin, HX_TM_MT);
	free(got);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tmx, a_second_import_changes_nothing)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tmx_stats st;
	struct hx_diag d = {0};

	cr_assert_eq(import_file(tm, FIXTURES "okapi-rainbow.tmx", NULL, &st, &d), HX_OK);
	cr_assert_eq(import_file(tm, FIXTURES "okapi-rainbow.tmx", NULL, &st, &d), HX_OK);
	cr_assert_eq(st.added, 0);
	cr_assert_eq(st.replaced, 0);
	cr_assert_eq(st.kept, 6);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tmx, malformed_xml_is_refused_with_its_line_and_imports_nothing)
{
	struct hx_tm *tm = open_at(path);
	struct hx_tm_stats st;
	struct hx_diag d = {0};

	cr_assert_eq(import_file(tm, FIXTURES "malformed.tmx", NULL, NULL, &d), HX_E_FORMAT);
	cr_assert(strstr(d.msg, "malformed.tmx:7: not well-formed XML: Opening and ending tag "
				"mismatch"),
		  "%s", d.msg);
	cr_assert_eq(hx_tm_get_stats(tm, &st, &d), HX_OK);
	cr_assert_eq(st.units, 0, "the first TU, read before the error, is rolled back");
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tmx, refuses_what_is_not_tmx_too_large_or_missing)
{
	struct hx_tm *tm = open_at(":memory:");
	struct hx_diag d = {0};
	struct hx_tmx_opts o = {HX_TM_HUMAN, false, 1000};
	static const char tbx[] = "<?xml version=\"1.0\"?>\n<martif type=\"TBX\"/>\n";

	cr_assert_eq(hx_tm_import_tmx_data(tm, "t.tbx", tbx, strlen(tbx), NULL, NULL, &d),
		     HX_E_FORMAT);
	cr_assert(strstr(d.msg, "t.tbx:2: not TMX: the root element is <martif>"), "%s", d.msg);
	cr_assert_eq(hx_tm_import_tmx_data(tm, "e.tmx", "", 0, NULL, NULL, &d), HX_E_FORMAT);
	cr_assert_eq(import_file(tm, FIXTURES "okapi-rainbow.tmx", &o, NULL, &d), HX_E_LIMIT);
	cr_assert(strstr(d.msg, "over the size cap of 1000 bytes"), "%s", d.msg);
	cr_assert_eq(import_file(tm, FIXTURES "nothing-here.tmx", NULL, NULL, &d), HX_E_IO);
	cr_assert(strstr(d.msg, "nothing-here.tmx"), "%s", d.msg);
	cr_assert_eq(import_file(tm, FIXTURES, NULL, NULL, &d), HX_E_IO, "a folder");
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tmx, private_use_plane_16_text_and_bad_hexaglot_codes_are_skipped)
{
	struct hx_tm *tm = open_at(":memory:");
	struct hx_tmx_stats st;
	struct hx_diag d = {0};
	static const char tmx[] =
		"<tmx version=\"1.4\"><header creationtool=\"hexaglot\" creationtoolversion=\"0\""
		" datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"en\""
		" o-tmf=\"hexaglot\"/><body>\n"
		"<tu><tuv xml:lang=\"en\"><seg>A " P0
		"</seg></tuv><tuv xml:lang=\"fr\"><seg>B</seg></tuv></tu>\n"
		"<tu><tuv xml:lang=\"en\"><seg>C <ph x=\"0\"/></seg></tuv><tuv "
		"xml:lang=\"fr\"><seg>D</seg></tuv></tu>\n"
		"<tu><tuv xml:lang=\"en\"><seg>E <ph x=\"1\"/></seg></tuv><tuv "
		"xml:lang=\"fr\"><seg>F <ph x=\"1\"/></seg></tuv></tu>\n"
		"</body></tmx>";

	cr_assert_eq(hx_tm_import_tmx_data(tm, "p.tmx", tmx, strlen(tmx), NULL, &st, &d), HX_OK);
	cr_assert_eq(st.added, 1);
	cr_assert_eq(st.skipped, 2);
	cr_assert(has_warning(&d, "p.tmx:2: a character from the private-use plane 16"));
	cr_assert(has_warning(&d, "p.tmx:3: an inline code without a valid x"));
	expect_target(tm, HX_LANG_EN, HX_LANG_FR, "E " P0, "F " P0);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

/* A TU of one seg in en and fr, each the concatenation of n copies of piece. */
static void repeated_tu(struct hx_buf *b, const char *piece, size_t n)
{
	if (!b->len)
		hx_buf_adds(b,
			    "<tmx version=\"1.4\"><header creationtool=\"t\""
			    " creationtoolversion=\"1\" datatype=\"plaintext\" segtype=\"sentence\""
			    " adminlang=\"en\" srclang=\"en\" o-tmf=\"t\"/><body>\n");
	for (int l = 0; l < 2; l++) {
		hx_buf_adds(b, l ? "<tuv xml:lang=\"fr\"><seg>" : "<tu><tuv xml:lang=\"en\"><seg>");
		for (size_t i = 0; i < n; i++)
			hx_buf_adds(b, piece);
		hx_buf_adds(b, l ? "</seg></tuv></tu>\n" : "</seg></tuv>");
	}
}

Test(tmx, thousands_of_codes_in_a_segment_take_linear_time)
{
	struct hx_tm *tm = open_at(":memory:");
	struct hx_buf b = HX_BUF_INIT(0);
	struct hx_tmx_stats st;
	struct hx_diag d = {0};
	struct timespec t0, t1;

	repeated_tu(&b, "a<ph>&lt;br/&gt;</ph>", 4000);
	repeated_tu(&b, "b<bpt i=\"1\">&lt;b&gt;</bpt>", 70);
	repeated_tu(&b, "c<ph/>", 5000);
	hx_buf_adds(&b, "</body></tmx>");
	/* no Criterion .timeout: it leaks when two such tests overlap */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(hx_tm_import_tmx_data(tm, "many.tmx", b.data, b.len, NULL, &st, &d), HX_OK,
		     "%s", hx_diag_message(&d));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert_lt(t1.tv_sec - t0.tv_sec, 5, "quadratic or worse in the codes of a TU");
	cr_assert_eq(st.added, 1, "4000 codes without x, told apart by occurrence");
	cr_assert_eq(st.skipped, 2);
	cr_assert(has_warning(&d, "too many <bpt>s open at once"));
	cr_assert(has_warning(&d, "more inline codes than a segment can hold"));
	hx_buf_release(&b);
	hx_tm_close(tm);
	hx_diag_release(&d);
}

Test(tmx, warnings_past_line_65535_name_the_right_line)
{
	struct hx_tm *tm = open_at(":memory:");
	struct hx_buf b = HX_BUF_INIT(0);
	struct hx_diag d = {0};

	hx_buf_adds(&b,
		    "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\""
		    " datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" srclang=\"en\""
		    " o-tmf=\"t\"/><body>\n");
	for (int i = 0; i < 69998; i++)
		hx_buf_adds(&b, "<!-- padding -->\n");
	hx_buf_adds(&b,
		    "<tu>\n<tuv xml:lang=\"en\"><seg>A</seg></tuv>\n"
		    "<tuv xml:lang=\"fr\"><seg>B<ph x=\"2\"/></seg></tuv>\n</tu>\n</body></tmx>");
	cr_assert_eq(hx_tm_import_tmx_data(tm, "long.tmx", b.data, b.len, NULL, NULL, &d), HX_OK);
	cr_assert(has_warning(&d, "long.tmx:70000: the fr text has an inline code"), "%s",
		  d.nwarnings ? d.warnings[0] : "no warning");
	hx_buf_release(&b);
	hx_tm_close(tm);
	hx_diag_release(&d);
}
