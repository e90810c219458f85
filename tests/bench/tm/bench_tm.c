/*
 * Translation memory benchmark: stores and lookups a second on a file-backed
 * memory of generated UN-like segments (placeholders included), inside a
 * transaction per window as the batch runner works and one per call, then a
 * TMX export and import of the whole memory. Prints key=value lines.
 * usage: bench_tm [units] [lookups] [DIR]   (defaults 100000, 50000, a mktemp folder)
 * Build by hand, like tests/bench/terms/bench_terms.c:
 *   make BUILD=build-tm all
 *   cc $(HX_CFLAGS) -o build-tm/bench_tm tests/bench/tm/bench_tm.c \
 *      build-tm/libhexaglot.a $(HX_LIBS)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "segment.h"
#include "tm.h"

#define WINDOW 1000 /* segments a transaction, as a batch window */

static const char *const words[] = {
	"the",          "General",    "Assembly",
	"Security",     "Council",    "resolution",
	"adopted",      "report",     "Secretary-General",
	"Member",       "States",     "sustainable",
	"development",  "human",      "rights",
	"session",      "agenda",     "item",
	"programme",    "budget",     "implementation",
	"of",           "and",        "on",
	"to",           "in",         "for",
	"with",         "regional",   "commission",
	"decides",      "requests",   "welcomes",
	"notes",        "further",    "urges",
	"all",          "parties",    "Côte d'Ivoire",
	"peacekeeping", "operations",
};

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* Segment i: 12 to 27 words with a placeholder and an enclosing span; the same i, the same text. */
static void segment(struct hx_buf *b, uint64_t i, const char *lang)
{
	uint64_t saved = rng;
	unsigned n;

	rng = 0x9E3779B97F4A7C15ull * (i + 1);
	n = 12 + next_rand() % 16;
	hx_buf_reset(b);
	hx_buf_addf(b, "%s%llu. ", lang, (unsigned long long)i);
	for (unsigned w = 0; w < n; w++) {
		if (w == 3)
			hx_placeholder_add(b, 0);
		if (w == 5)
			hx_placeholder_add(b, 1);
		hx_buf_adds(b, words[next_rand() % (sizeof(words) / sizeof(words[0]))]);
		if (w == 6)
			hx_placeholder_end_add(b, 1);
		hx_buf_addc(b, w + 1 < n ? ' ' : '.');
	}
	rng = saved;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char tmp_dir[] = "/tmp/hx-bench-tm-XXXXXX";
static bool remove_dir;

static void cleanup(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
	if (remove_dir && system(cmd) != 0)
		fprintf(stderr, "bench_tm: cannot remove %s\n", tmp_dir);
}

static void check(enum hx_err err, const struct hx_diag *d)
{
	if (err) {
		fprintf(stderr, "bench_tm: %s\n", hx_diag_message(d));
		exit(1);
	}
}

static double store_range(struct hx_tm *tm, uint64_t from, uint64_t to, bool windows)
{
	struct hx_buf s = HX_BUF_INIT(0), t = HX_BUF_INIT(0);
	struct hx_diag d = {0};
	double t0 = now();

	for (uint64_t i = from; i < to; i++) {
		if (windows && (i - from) % WINDOW == 0)
			check(hx_tm_begin(tm, &d), &d);
		segment(&s, i, "");
		segment(&t, i, "fr ");
		check(hx_tm_store(tm, HX_LANG_EN, HX_LANG_FR, s.data, s.len, t.data, t.len,
				  HX_TM_MT, "apertium", &d),
		      &d);
		if (windows && ((i - from) % WINDOW == WINDOW - 1 || i + 1 == to))
			check(hx_tm_commit(tm, &d), &d);
	}
	hx_buf_release(&s);
	hx_buf_release(&t);
	return (double)(to - from) / (now() - t0);
}

/* Looks up n segments, every other one a miss (beyond the stored range). */
static double lookup_range(struct hx_tm *tm, uint64_t units, uint64_t n, bool windows,
			   uint64_t *hits)
{
	struct hx_buf s = HX_BUF_INIT(0);
	struct hx_diag d = {0};
	struct hx_tm_unit u;
	bool found;
	double t0 = now();

	*hits = 0;
	for (uint64_t k = 0; k < n; k++) {
		uint64_t i = k % 2 ? 4 * units + 100000 + k : (k * 7919) % units;

		if (windows && k % WINDOW == 0)
			check(hx_tm_begin(tm, &d), &d);
		segment(&s, i, "");
		check(hx_tm_lookup(tm, HX_LANG_EN, HX_LANG_FR, s.data, s.len, &u, &found, &d), &d);
		*hits += found;
		hx_tm_unit_release(&u);
		if (windows && (k % WINDOW == WINDOW - 1 || k + 1 == n))
			check(hx_tm_commit(tm, &d), &d);
	}
	hx_buf_release(&s);
	return (double)n / (now() - t0);
}

static double normalise_rate(uint64_t n)
{
	struct hx_buf s = HX_BUF_INIT(0), out = HX_BUF_INIT(0);
	struct hx_diag d = {0};
	double t0 = now();

	for (uint64_t i = 0; i < n; i++) {
		segment(&s, i, "");
		check(hx_tm_normalise(s.data, s.len, &out, &d), &d);
	}
	hx_buf_release(&s);
	hx_buf_release(&out);
	return (double)n / (now() - t0);
}

static void tmx_round_trip(struct hx_tm *tm, const char *dir)
{
	char file[512], path2[512];
	struct hx_tm *again;
	struct hx_tmx_stats st;
	struct hx_tm_stats ts;
	struct hx_diag d = {0};
	size_t units;
	double t0 = now(), t1;

	snprintf(file, sizeof(file), "%s/all.tmx", dir);
	snprintf(path2, sizeof(path2), "%s/again.sqlite", dir);
	/* the export is built in memory (hx_file_write_atomic): raise its cap for big runs */
	check(hx_tm_export_tmx(tm, file, HX_LANG_NONE, HX_LANG_NONE, (size_t)4 << 30, &units, &d),
	      &d);
	t1 = now();
	printf("tmx_export_units_s=%.0f\n", (double)units / (t1 - t0));
	check(hx_tm_open(path2, &again, &d), &d);
	check(hx_tm_import_tmx(again, file,
			       &(struct hx_tmx_opts){HX_TM_HUMAN, false, (size_t)4 << 30}, &st, &d),
	      &d);
	printf("tmx_import_units_s=%.0f\n", (double)st.added / (now() - t1));
	check(hx_tm_get_stats(again, &ts, &d), &d);
	printf("tmx_reimported_units=%llu\n", (unsigned long long)ts.units);
	hx_tm_close(again);
}

int main(int argc, char **argv)
{
	uint64_t units = argc > 1 ? strtoull(argv[1], NULL, 10) : 100000;
	uint64_t n = argc > 2 ? strtoull(argv[2], NULL, 10) : 50000, hits;
	char path[512];
	const char *dir = argc > 3 ? argv[3] : mkdtemp(tmp_dir);
	struct hx_tm *tm;
	struct hx_tm_stats st;
	struct hx_diag d = {0};

	if (!dir || !units || !n)
		return 2;
	remove_dir = argc <= 3;
	atexit(cleanup);
	snprintf(path, sizeof(path), "%s/tm.sqlite", dir);
	check(hx_tm_open(path, &tm, &d), &d);
	printf("units=%llu\nlookups=%llu\n", (unsigned long long)units, (unsigned long long)n);
	printf("normalise_segments_s=%.0f\n", normalise_rate(n));
	printf("store_window_units_s=%.0f\n", store_range(tm, 0, units, true));
	printf("store_autocommit_units_s=%.0f\n", store_range(tm, units, units + 2000, false));
	printf("lookup_window_s=%.0f\n", lookup_range(tm, units, n, true, &hits));
	printf("lookup_window_hits=%llu\n", (unsigned long long)hits);
	printf("lookup_autocommit_s=%.0f\n", lookup_range(tm, units, n / 10, false, &hits));
	check(hx_tm_get_stats(tm, &st, &d), &d);
	printf("file_mb=%.1f\n", (double)st.file_bytes / 1e6);
	tmx_round_trip(tm, dir);
	hx_tm_close(tm);
	return 0;
}
