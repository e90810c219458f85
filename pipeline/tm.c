/*
 * The translation memory in SQLite: the schema and its version, the key
 * normalisation, lookups and stores through statements prepared once per
 * handle, nested transactions, stats and iteration for exports.
 */
#include "tm.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "fsio.h"
#include "hash.h"
#include "mem.h"

/* PRAGMA application_id of a hexaglot translation memory: "hxtm". */
#define TM_APPLICATION_ID 0x6878746d

static const char schema_sql[] =
	"CREATE TABLE units ("
	" id INTEGER PRIMARY KEY,"
	" src TEXT NOT NULL," /* ISO 639-1 code */
	" tgt TEXT NOT NULL,"
	" hash BLOB NOT NULL,"   /* SHA-256 of source */
	" source TEXT NOT NULL," /* hx_tm_normalise'd; placeholders U+100000+N */
	" target TEXT NOT NULL,"
	" origin TEXT NOT NULL CHECK (origin IN ('human', 'mt')),"
	" engine TEXT NOT NULL DEFAULT '',"
	" created TEXT NOT NULL," /* ISO 8601 UTC */
	" updated TEXT NOT NULL,"
	" uses INTEGER NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX units_key ON units (src, tgt, hash);";

enum tm_stmt { ST_LOOKUP, ST_TOUCH, ST_INSERT, ST_UPDATE, ST_COUNT };

/* Parameters of insert and update: ?1 src ?2 tgt ?3 hash ?4 source ?5 target ?6 origin
 * ?7 engine ?8 created ?9 updated ?10 uses. */
static const char *const stmt_sql[ST_COUNT] = {
	[ST_LOOKUP] = "SELECT id, target, origin, engine, created, updated, uses FROM units"
		      " WHERE src = ?1 AND tgt = ?2 AND hash = ?3",
	[ST_TOUCH] = "UPDATE units SET uses = uses + 1 WHERE id = ?1",
	[ST_INSERT] = "INSERT INTO units (src, tgt, hash, source, target, origin, engine, created,"
		      " updated, uses) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
		      " ON CONFLICT DO NOTHING",
	/* human beats mt; between equals the more recent wins; no write when nothing changes */
	[ST_UPDATE] = "UPDATE units SET target = ?5, origin = ?6, engine = ?7, updated = ?9,"
		      " uses = max(uses, ?10)"
		      " WHERE src = ?1 AND tgt = ?2 AND hash = ?3"
		      " AND NOT (origin = 'human' AND ?6 = 'mt')"
		      " AND NOT (origin = ?6 AND updated > ?9)"
		      " AND (target <> ?5 OR origin <> ?6 OR engine <> ?7)",
};

struct hx_tm {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[ST_COUNT];
	unsigned depth;       /* open transactions: BEGIN, then SAVEPOINTs */
	struct hx_buf source; /* normalised texts, reused by every call */
	struct hx_buf target;
};

const char *hx_tm_origin_name(enum hx_tm_origin origin)
{
	return origin == HX_TM_MT ? "mt" : "human";
}

bool hx_tm_origin_parse(const char *s, enum hx_tm_origin *out)
{
	if (s && !strcasecmp(s, "human"))
		*out = HX_TM_HUMAN;
	else if (s && !strcasecmp(s, "mt"))
		*out = HX_TM_MT;
	else
		return false;
	return true;
}

const char *hx_tm_path(const struct hx_tm *tm)
{
	return tm->path;
}

/* Database errors as hexaglot's, with what to do about them. */
static enum hx_err db_error(struct hx_tm *tm, int rc, const char *doing, struct hx_diag *diag)
{
	const char *msg = tm->db ? sqlite3_errmsg(tm->db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return hx_fail(diag, HX_E_FORMAT,
			       "the translation memory '%s' is damaged or not an SQLite file (%s, "
			       "while %s): move it aside and rebuild it from a TMX export with "
			       "'hexaglot tm import', or point --tm elsewhere",
			       tm->path, msg, doing);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return hx_fail(diag, HX_E_LOCKED,
			       "the translation memory '%s' is locked by another process (%s for "
			       "over %d s, while %s); try again when it is done",
			       tm->path, msg, HX_TM_BUSY_TIMEOUT_MS / 1000, doing);
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return hx_fail(diag, HX_E_IO,
			       "cannot use the translation memory '%s' (%s, while %s)", tm->path,
			       msg, doing);
	default:
		return hx_fail(diag, HX_E_INTERNAL, "translation memory '%s': %s, while %s",
			       tm->path, msg, doing);
	}
}

static enum hx_err exec(struct hx_tm *tm, const char *sql, const char *doing, struct hx_diag *diag)
{
	int rc = sqlite3_exec(tm->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? HX_OK : db_error(tm, rc, doing, diag);
}

/* The integer a PRAGMA returns. */
static enum hx_err pragma_int(struct hx_tm *tm, const char *sql, long long *value,
			      struct hx_diag *diag)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(tm->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		*value = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? HX_OK : db_error(tm, rc, "reading its header", diag);
}

static enum hx_err make_parent(const char *path, struct hx_diag *diag)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	enum hx_err err;

	if (!slash || slash == path)
		return HX_OK;
	dir = hx_xstrndup(path, (size_t)(slash - path));
	err = hx_mkdir_p(dir, diag);
	free(dir);
	return err;
}

/* Creates the schema in a new file; another process may have done it meanwhile. */
static enum hx_err create_schema(struct hx_tm *tm, struct hx_diag *diag)
{
	char sql[128];
	long long version = 0;
	enum hx_err err = exec(tm, "BEGIN IMMEDIATE", "creating it", diag);

	if (!err)
		err = pragma_int(tm, "PRAGMA user_version", &version, diag);
	if (!err && version == 0) {
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = %d;",
			 TM_APPLICATION_ID, HX_TM_SCHEMA_VERSION);
		err = exec(tm, schema_sql, "creating it", diag);
		if (!err)
			err = exec(tm, sql, "creating it", diag);
	}
	if (!err)
		return exec(tm, "COMMIT", "creating it", diag);
	sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
	return err;
}

/* Checks that the file is a translation memory this build can read, creating it if new. */
static enum hx_err check_schema(struct hx_tm *tm, struct hx_diag *diag)
{
	long long app = 0, version = 0, tables = 0;
	enum hx_err err = pragma_int(tm, "PRAGMA application_id", &app, diag);

	if (!err)
		err = pragma_int(tm, "PRAGMA user_version", &version, diag);
	if (!err)
		err = pragma_int(tm, "SELECT count(*) FROM sqlite_master", &tables, diag);
	if (err)
		return err;
	if ((app && app != TM_APPLICATION_ID) || (!app && tables))
		return hx_fail(diag, HX_E_FORMAT,
			       "'%s' is an SQLite database of another program, not a hexaglot "
			       "translation memory; point --tm (or [run] tm) elsewhere",
			       tm->path);
	if (version > HX_TM_SCHEMA_VERSION)
		return hx_fail(
			diag, HX_E_FORMAT,
			"the translation memory '%s' has schema version %lld, newer than this "
			"hexaglot reads (%d): upgrade hexaglot, or point --tm elsewhere",
			tm->path, version, HX_TM_SCHEMA_VERSION);
	if (strcmp(tm->path, ":memory:")) {
		err = exec(tm, "PRAGMA journal_mode = WAL", "setting its journal", diag);
		if (err)
			return err;
	}
	err = exec(tm, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384", "setting it up",
		   diag);
	if (!err && version == 0)
		err = create_schema(tm, diag);
	return err;
}

static enum hx_err prepare_all(struct hx_tm *tm, struct hx_diag *diag)
{
	for (int i = 0; i < ST_COUNT; i++) {
		int rc = sqlite3_prepare_v3(tm->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
					    &tm->stmt[i], NULL);

		if (rc != SQLITE_OK)
			return db_error(tm, rc, "preparing its statements", diag);
	}
	return HX_OK;
}

enum hx_err hx_tm_open(const char *path, struct hx_tm **out, struct hx_diag *diag)
{
	struct hx_tm *tm;
	enum hx_err err;
	int rc;

	*out = NULL;
	if (!path || !*path)
		return hx_fail(diag, HX_E_USAGE, "no translation memory path given");
	if (strcmp(path, ":memory:") && (err = make_parent(path, diag)))
		return err;
	tm = hx_xcalloc(1, sizeof(*tm));
	tm->path = hx_xstrdup(path);
	hx_buf_init(&tm->source, HX_TM_MAX_TEXT);
	hx_buf_init(&tm->target, HX_TM_MAX_TEXT);
	rc = sqlite3_open_v2(path, &tm->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK)
		err = hx_fail(diag, rc == SQLITE_CANTOPEN ? HX_E_IO : HX_E_INTERNAL,
			      "cannot open the translation memory '%s': %s", path,
			      tm->db ? sqlite3_errmsg(tm->db) : sqlite3_errstr(rc));
	else {
		sqlite3_busy_timeout(tm->db, HX_TM_BUSY_TIMEOUT_MS);
		err = check_schema(tm, diag);
	}
	if (!err)
		err = prepare_all(tm, diag);
	if (err) {
		hx_tm_close(tm);
		return err;
	}
	*out = tm;
	return HX_OK;
}

void hx_tm_close(struct hx_tm *tm)
{
	if (!tm)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(tm->stmt[i]);
	if (tm->db && !sqlite3_get_autocommit(tm->db))
		sqlite3_exec(tm->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(tm->db);
	hx_buf_release(&tm->source);
	hx_buf_release(&tm->target);
	free(tm->path);
	free(tm);
}

/* Normalisation ----------------------------------------------------------------------------- */

/* Decodes one well-formed UTF-8 sequence at s[*i], advancing *i; -1 if there is none. */
static int32_t utf8_next(const unsigned char *s, size_t len, size_t *i)
{
	unsigned char c = s[*i];
	int32_t cp, min;
	size_t n;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 1, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 2, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 3, cp = c & 0x07, min = 0x10000;
	else
		return -1;
	if (len - *i <= n)
		return -1;
	for (size_t k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[*i + k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*i += n + 1;
	return cp;
}

/* White space that breaks lines or words; the no-break spaces are text. */
static bool is_breaking_space(int32_t cp)
{
	return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x205F || cp == 0x3000;
}

/* What XML 1.0 cannot carry, so that every unit can be exported. */
static bool is_dropped(int32_t cp)
{
	return cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF;
}

static enum hx_err nfc_in_place(struct hx_buf *b, struct hx_diag *diag)
{
	UErrorCode status = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
	int32_t n16 = 0, m, blen = 0, cap;
	UChar *src, *dst;
	enum hx_err err = HX_OK;

	if (U_FAILURE(status) || b->len > INT32_MAX / 4)
		return hx_fail(diag, HX_E_INTERNAL, "ICU cannot normalise a %zu-byte text: %s",
			       b->len, u_errorName(status));
	u_strFromUTF8(NULL, 0, &n16, b->data, (int32_t)b->len, &status);
	status = U_ZERO_ERROR;
	src = hx_xmalloc(((size_t)n16 + 1) * sizeof(UChar));
	u_strFromUTF8(src, n16 + 1, &n16, b->data, (int32_t)b->len, &status);
	cap = n16 * 3 + 1; /* NFC grows a text at most threefold */
	dst = hx_xmalloc((size_t)cap * sizeof(UChar));
	m = U_SUCCESS(status) ? unorm2_normalize(nfc, src, n16, dst, cap, &status) : 0;
	if (U_SUCCESS(status))
		u_strToUTF8(NULL, 0, &blen, dst, m, &status);
	if (status == U_BUFFER_OVERFLOW_ERROR)
		status = U_ZERO_ERROR;
	if (U_FAILURE(status))
		err = hx_fail(diag, HX_E_INTERNAL, "ICU cannot normalise a text: %s",
			      u_errorName(status));
	hx_buf_reset(b);
	if (!err && hx_buf_grow(b, (size_t)blen))
		err = hx_fail(diag, HX_E_LIMIT, "a text is over %zu bytes once normalised", b->max);
	if (!err) {
		u_strToUTF8(b->data, blen + 1, &blen, dst, m, &status);
		b->len = (size_t)blen;
		b->data[b->len] = '\0';
	}
	free(src);
	free(dst);
	return err;
}

enum hx_err hx_tm_normalise(const char *text, size_t len, struct hx_buf *out, struct hx_diag *diag)
{
	const unsigned char *s = (const unsigned char *)text;
	bool space = false, is_nfc = true;
	uint8_t last_cc = 0;

	hx_buf_reset(out);
	for (size_t i = 0; i < len;) {
		size_t start = i;
		int32_t cp = utf8_next(s, len, &i);

		if (cp < 0)
			return hx_fail(diag, HX_E_DECODE, "not well-formed UTF-8 at byte %zu",
				       start);
		if (is_breaking_space(cp)) {
			space = out->len > 0;
			continue;
		}
		if (is_dropped(cp))
			continue;
		if ((space && hx_buf_addc(out, ' ')) || hx_buf_add(out, s + start, i - start))
			return hx_fail(diag, HX_E_LIMIT, "a text is over the cap of %zu bytes",
				       out->max);
		if (space)
			last_cc = 0;
		space = false;
		/* Unicode's NFC quick check (UAX #15): ICU only when it cannot say yes */
		if (cp >= 0x300 && is_nfc) {
			uint8_t cc = u_getCombiningClass(cp);

			if ((cc && last_cc > cc) ||
			    u_getIntPropertyValue(cp, UCHAR_NFC_QUICK_CHECK) != UNORM_YES)
				is_nfc = false;
			last_cc = cc;
		} else
			last_cc = 0;
	}
	if (!out->data)
		hx_buf_adds(out, "");
	return is_nfc ? HX_OK : nfc_in_place(out, diag);
}

/* Lookups and stores ------------------------------------------------------------------------ */

static enum hx_err check_pair(enum hx_lang src, enum hx_lang tgt, struct hx_diag *diag)
{
	if (!hx_lang_get(src) || !hx_lang_get(tgt) || src == tgt)
		return hx_fail(diag, HX_E_USAGE, "translation memory: invalid language pair %d-%d",
			       (int)src, (int)tgt);
	return HX_OK;
}

static void sha256_key(const struct hx_buf *text, unsigned char key[32])
{
	char hex[65];

	hx_sha256_hex(text->data, text->len, hex);
	for (int i = 0; i < 32; i++) {
		int hi = hex[2 * i] <= '9' ? hex[2 * i] - '0' : hex[2 * i] - 'a' + 10;
		int lo = hex[2 * i + 1] <= '9' ? hex[2 * i + 1] - '0' : hex[2 * i + 1] - 'a' + 10;

		key[i] = (unsigned char)(hi << 4 | lo);
	}
}

static void copy_column(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	snprintf(dst, size, "%s", s ? (const char *)s : "");
}

static void read_unit(sqlite3_stmt *st, struct hx_tm_unit *out)
{
	const unsigned char *target = sqlite3_column_text(st, 1);
	const unsigned char *engine = sqlite3_column_text(st, 3);

	out->target_len = (size_t)sqlite3_column_bytes(st, 1);
	out->target = hx_xstrndup(target ? (const char *)target : "", out->target_len);
	hx_tm_origin_parse((const char *)sqlite3_column_text(st, 2), &out->origin);
	out->engine = hx_xstrdup(engine ? (const char *)engine : "");
	copy_column(out->created, sizeof(out->created), st, 4);
	copy_column(out->updated, sizeof(out->updated), st, 5);
	out->uses = (uint64_t)sqlite3_column_int64(st, 6);
}

void hx_tm_unit_release(struct hx_tm_unit *unit)
{
	free(unit->target);
	free(unit->engine);
	memset(unit, 0, sizeof(*unit));
}

static enum hx_err step_done(struct hx_tm *tm, sqlite3_stmt *st, const char *doing,
			     struct hx_diag *diag)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? HX_OK : db_error(tm, rc, doing, diag);
}

enum hx_err hx_tm_lookup(struct hx_tm *tm, enum hx_lang src, enum hx_lang tgt, const char *text,
			 size_t len, struct hx_tm_unit *out, bool *found, struct hx_diag *diag)
{
	sqlite3_stmt *st = tm->stmt[ST_LOOKUP];
	unsigned char key[32];
	sqlite3_int64 id = 0;
	enum hx_err err;
	int rc;

	memset(out, 0, sizeof(*out));
	*found = false;
	if ((err = check_pair(src, tgt, diag)) ||
	    (err = hx_tm_normalise(text, len, &tm->source, diag)))
		return err;
	if (!tm->source.len)
		return HX_OK;
	sha256_key(&tm->source, key);
	sqlite3_bind_text(st, 1, hx_lang_get(src)->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hx_lang_get(tgt)->code, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, key, sizeof(key), SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		read_unit(st, out);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(tm, rc, "looking a segment up", diag);
	if (rc == SQLITE_DONE)
		return HX_OK;
	sqlite3_bind_int64(tm->stmt[ST_TOUCH], 1, id);
	err = step_done(tm, tm->stmt[ST_TOUCH], "counting a use", diag);
	if (err)
		hx_tm_unit_release(out);
	else
		*found = true;
	return err;
}

static void iso_now(char out[21])
{
	time_t t = time(NULL);
	struct tm g;

	gmtime_r(&t, &g);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &g);
}

/* Whether s is "YYYY-MM-DDThh:mm:ssZ". */
static bool is_iso_date(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";

	for (size_t i = 0; i < sizeof(shape) - 1; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return false;
	return s[sizeof(shape) - 1] == '\0';
}

static void bind_entry(sqlite3_stmt *st, struct hx_tm *tm, const struct hx_tm_entry *e,
		       const unsigned char key[32], const char *created, const char *updated)
{
	sqlite3_bind_text(st, 1, hx_lang_get(e->src)->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hx_lang_get(e->tgt)->code, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, key, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, tm->source.data, (int)tm->source.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, tm->target.data, (int)tm->target.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, hx_tm_origin_name(e->origin), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->engine ? e->engine : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, created, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, updated, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)(e->uses > INT64_MAX ? INT64_MAX : e->uses));
}

static enum hx_err normalise_entry(struct hx_tm *tm, const struct hx_tm_entry *e,
				   struct hx_diag *diag)
{
	enum hx_err err = check_pair(e->src, e->tgt, diag);

	if (!err && (e->origin != HX_TM_HUMAN && e->origin != HX_TM_MT))
		err = hx_fail(diag, HX_E_USAGE, "translation memory: invalid origin %d",
			      (int)e->origin);
	if (!err && (e->source_len > HX_TM_MAX_TEXT || e->target_len > HX_TM_MAX_TEXT))
		err = hx_fail(diag, HX_E_LIMIT,
			      "a %s text of %zu bytes is over the cap of %zu bytes",
			      e->source_len > HX_TM_MAX_TEXT ? "source" : "target",
			      e->source_len > HX_TM_MAX_TEXT ? e->source_len : e->target_len,
			      HX_TM_MAX_TEXT);
	if (!err)
		err = hx_tm_normalise(e->source, e->source_len, &tm->source, diag);
	if (!err)
		err = hx_tm_normalise(e->target, e->target_len, &tm->target, diag);
	if (!err && (!tm->source.len || !tm->target.len))
		err = hx_fail(diag, HX_E_EMPTY, "an empty %s text is not stored",
			      tm->source.len ? "target" : "source");
	return err;
}

enum hx_err hx_tm_put(struct hx_tm *tm, const struct hx_tm_entry *e, enum hx_tm_outcome *outcome,
		      struct hx_diag *diag)
{
	char now[21];
	const char *created = e->created, *updated = e->updated;
	unsigned char key[32];
	enum hx_err err = normalise_entry(tm, e, diag);

	if (err)
		return err;
	if (!created) {
		iso_now(now);
		created = now;
	}
	if (!updated)
		updated = created;
	if (!is_iso_date(created) || !is_iso_date(updated))
		return hx_fail(diag, HX_E_USAGE, "translation memory: invalid date '%s'",
			       is_iso_date(created) ? updated : created);
	sha256_key(&tm->source, key);
	bind_entry(tm->stmt[ST_INSERT], tm, e, key, created, updated);
	if ((err = step_done(tm, tm->stmt[ST_INSERT], "storing a unit", diag)))
		return err;
	if (sqlite3_changes(tm->db) == 1) {
		if (outcome)
			*outcome = HX_TM_ADDED;
		return HX_OK;
	}
	bind_entry(tm->stmt[ST_UPDATE], tm, e, key, created, updated);
	if ((err = step_done(tm, tm->stmt[ST_UPDATE], "updating a unit", diag)))
		return err;
	if (outcome)
		*outcome = sqlite3_changes(tm->db) == 1 ? HX_TM_REPLACED : HX_TM_KEPT;
	return HX_OK;
}

enum hx_err hx_tm_store(struct hx_tm *tm, enum hx_lang src, enum hx_lang tgt, const char *source,
			size_t len, const char *target, size_t tlen, enum hx_tm_origin origin,
			const char *engine, struct hx_diag *diag)
{
	struct hx_tm_entry e = {0};

	e.src = src;
	e.tgt = tgt;
	e.source = source;
	e.source_len = len;
	e.target = target;
	e.target_len = tlen;
	e.origin = origin;
	e.engine = engine;
	return hx_tm_put(tm, &e, NULL, diag);
}

/* Transactions ------------------------------------------------------------------------------ */

enum hx_err hx_tm_begin(struct hx_tm *tm, struct hx_diag *diag)
{
	char sql[48];
	enum hx_err err;

	if (tm->depth && sqlite3_get_autocommit(tm->db))
		tm->depth = 0; /* SQLite rolled back after an error */
	if (tm->depth)
		snprintf(sql, sizeof(sql), "SAVEPOINT hx_%u", tm->depth);
	err = exec(tm, tm->depth ? sql : "BEGIN IMMEDIATE", "starting a transaction", diag);
	if (!err)
		tm->depth++;
	return err;
}

enum hx_err hx_tm_commit(struct hx_tm *tm, struct hx_diag *diag)
{
	char sql[48];
	enum hx_err err;

	if (!tm->depth)
		return hx_fail(diag, HX_E_INTERNAL,
			       "translation memory: commit without a transaction");
	if (sqlite3_get_autocommit(tm->db)) {
		tm->depth = 0;
		return hx_fail(diag, HX_E_IO,
			       "the translation memory '%s' rolled the transaction back after an "
			       "earlier error; nothing was stored",
			       tm->path);
	}
	snprintf(sql, sizeof(sql), "RELEASE hx_%u", tm->depth - 1);
	err = exec(tm, tm->depth > 1 ? sql : "COMMIT", "committing", diag);
	if (!err)
		tm->depth--;
	return err;
}

enum hx_err hx_tm_rollback(struct hx_tm *tm, struct hx_diag *diag)
{
	char sql[64];
	enum hx_err err;

	if (!tm->depth || sqlite3_get_autocommit(tm->db)) {
		tm->depth = 0;
		return HX_OK;
	}
	snprintf(sql, sizeof(sql), "ROLLBACK TO hx_%u; RELEASE hx_%u", tm->depth - 1,
		 tm->depth - 1);
	err = exec(tm, tm->depth > 1 ? sql : "ROLLBACK", "rolling back", diag);
	tm->depth--;
	return err;
}

/* Stats and iteration ----------------------------------------------------------------------- */

static uint64_t file_size(const char *path, const char *suffix)
{
	struct stat sb;
	struct hx_buf p = HX_BUF_INIT(0);
	uint64_t n = 0;

	if (!hx_buf_adds(&p, path) && !hx_buf_adds(&p, suffix) && stat(p.data, &sb) == 0)
		n = (uint64_t)sb.st_size;
	hx_buf_release(&p);
	return n;
}

static void count_row(sqlite3_stmt *q, struct hx_tm_stats *st)
{
	enum hx_lang s = hx_lang_parse((const char *)sqlite3_column_text(q, 0));
	enum hx_lang t = hx_lang_parse((const char *)sqlite3_column_text(q, 1));
	enum hx_tm_origin o = HX_TM_HUMAN;
	uint64_t n = (uint64_t)sqlite3_column_int64(q, 3);

	hx_tm_origin_parse((const char *)sqlite3_column_text(q, 2), &o);
	st->units += n;
	st->by_origin[o] += n;
	st->uses += (uint64_t)sqlite3_column_int64(q, 4);
	if (hx_lang_get(s) && hx_lang_get(t))
		st->by_pair[s][t][o] += n;
}

enum hx_err hx_tm_get_stats(struct hx_tm *tm, struct hx_tm_stats *st, struct hx_diag *diag)
{
	static const char sql[] = "SELECT src, tgt, origin, count(*), sum(uses) FROM units"
				  " GROUP BY src, tgt, origin";
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(tm->db, sql, -1, &q, NULL);

	memset(st, 0, sizeof(*st));
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		count_row(q, st);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return db_error(tm, rc, "counting its units", diag);
	if (strcmp(tm->path, ":memory:"))
		st->file_bytes = file_size(tm->path, "") + file_size(tm->path, "-wal");
	return HX_OK;
}

static void bind_lang_or_null(sqlite3_stmt *q, int i, enum hx_lang lang)
{
	if (hx_lang_get(lang))
		sqlite3_bind_text(q, i, hx_lang_get(lang)->code, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

static void row_entry(sqlite3_stmt *q, struct hx_tm_entry *e)
{
	e->src = hx_lang_parse((const char *)sqlite3_column_text(q, 0));
	e->tgt = hx_lang_parse((const char *)sqlite3_column_text(q, 1));
	e->key = (const char *)sqlite3_column_text(q, 2);
	e->source = (const char *)sqlite3_column_text(q, 3);
	e->source_len = (size_t)sqlite3_column_bytes(q, 3);
	e->target = (const char *)sqlite3_column_text(q, 4);
	e->target_len = (size_t)sqlite3_column_bytes(q, 4);
	e->origin = HX_TM_HUMAN;
	hx_tm_origin_parse((const char *)sqlite3_column_text(q, 5), &e->origin);
	e->engine = (const char *)sqlite3_column_text(q, 6);
	e->created = (const char *)sqlite3_column_text(q, 7);
	e->updated = (const char *)sqlite3_column_text(q, 8);
	e->uses = (uint64_t)sqlite3_column_int64(q, 9);
}

enum hx_err hx_tm_foreach(struct hx_tm *tm, enum hx_lang src, enum hx_lang tgt,
			  enum hx_err (*fn)(const struct hx_tm_entry *e, void *ctx,
					    struct hx_diag *diag),
			  void *ctx, struct hx_diag *diag)
{
	static const char sql[] =
		"SELECT src, tgt, lower(hex(hash)), source, target, origin, engine, created,"
		" updated, uses FROM units WHERE (?1 IS NULL OR src = ?1) AND (?2 IS NULL OR tgt = "
		"?2)"
		" ORDER BY src, tgt, id";
	sqlite3_stmt *q;
	enum hx_err err = HX_OK;
	int rc = sqlite3_prepare_v2(tm->db, sql, -1, &q, NULL);

	if (rc == SQLITE_OK) {
		bind_lang_or_null(q, 1, src);
		bind_lang_or_null(q, 2, tgt);
	}
	while (rc == SQLITE_OK && !err && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct hx_tm_entry e;

		row_entry(q, &e);
		if (hx_lang_get(e.src) && hx_lang_get(e.tgt) && e.source && e.target)
			err = fn(&e, ctx, diag);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	if (!err && rc != SQLITE_DONE && rc != SQLITE_OK)
		err = db_error(tm, rc, "reading its units", diag);
	return err;
}
