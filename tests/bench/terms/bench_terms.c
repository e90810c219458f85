/*
 * Glossary benchmark: a generated six-language glossary of 100,000 concepts
 * (load time, memory) and the matching throughput over 20+ MB of text, against
 * the same automaton with 1,000 concepts and a naive memmem baseline.
 * usage: bench_terms [MB of text] [entries] [FILE...]; prints key=value lines.
 * With FILEs (UTF-8 documents), the text is those documents repeated and the
 * glossary's forms are phrases taken from them: a second, realistic mix.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../../stages/terms/terms.h"
#include "buf.h"

#define VOCAB       4000 /* words per language */
#define SMALL       1000 /* the small glossary: the first SMALL concepts */
#define NAIVE_BYTES ((size_t)2 << 20)

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* Letters of each language, as code points; zh words are one or two Han characters. */
static const char *const letters[HX_LANG_COUNT] = {
	[HX_LANG_AR] = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي", [HX_LANG_EN] = "bcdfghklmnprstvwaeiouy",
	[HX_LANG_FR] = "bcdfglmnprstvaeiouéèà",        [HX_LANG_RU] = "бвгдзклмнпрстфхаеиоуыя",
	[HX_LANG_ES] = "bcdfglmnprstvaeiouñá",
};

static char *vocab[HX_LANG_COUNT][VOCAB];
static struct hx_buf docs = HX_BUF_INIT(0); /* the documents, when given */

static void add_letter(struct hx_buf *b, int lang)
{
	const char *s = letters[lang];
	size_t n = 0, pick;

	for (const char *p = s; *p; p++)
		n += ((unsigned char)*p & 0xC0) != 0x80;
	pick = next_rand() % n;
	for (const char *p = s;; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue;
		if (pick-- == 0) {
			size_t len = 1;

			while (((unsigned char)p[len] & 0xC0) == 0x80)
				len++;
			hx_buf_add(b, p, len);
			return;
		}
	}
}

static void make_vocabulary(void)
{
	for (int l = 0; l < HX_LANG_COUNT; l++) {
		for (int w = 0; w < VOCAB; w++) {
			struct hx_buf b = HX_BUF_INIT(0);
			int n = l == HX_LANG_ZH ? 1 + (int)(next_rand() % 2)
						: 3 + (int)(next_rand() % 6);

			for (int k = 0; k < n; k++)
				if (l == HX_LANG_ZH)
					hx_buf_add_utf8(&b, 0x4E00 + next_rand() % 3000);
				else
					add_letter(&b, l);
			vocab[l][w] = hx_buf_detach(&b, NULL);
		}
	}
}

static bool is_sep(unsigned char c)
{
	return c <= ' ' || (c < 0x80 && strchr(".,;:!?()[]\"'*/|#<>", c));
}

/* A phrase of the documents: two to four words from a random place, or 2-6 Han characters. */
static void add_phrase(struct hx_buf *b)
{
	size_t at = next_rand() % docs.len, end;
	const unsigned char *d = (const unsigned char *)docs.data;

	while (at < docs.len && (is_sep(d[at]) || (d[at] & 0xC0) == 0x80))
		at++;
	if (at + 3 <= docs.len && d[at] >= 0xE4 && d[at] <= 0xE9) {
		size_t n = 0, want = 2 + next_rand() % 5;

		for (end = at; end + 3 <= docs.len && d[end] >= 0xE4 && d[end] <= 0xE9 && n < want;
		     end += 3)
			n++;
	} else {
		int words = 2 + (int)(next_rand() % 3);

		for (end = at; end < docs.len && words; end++)
			if (d[end] == ' ' && end > at && !is_sep(d[end - 1]))
				words--;
		while (end > at && is_sep(d[end - 1]))
			end--;
	}
	for (size_t i = at; i < end; i++)
		hx_buf_addc(b, d[i] < ' ' || d[i] == '|' ? ' ' : (char)d[i]);
}

/* The form of concept e in lang: two to four vocabulary words (or a phrase), deterministic in e. */
static void add_form(struct hx_buf *b, uint32_t e, int lang)
{
	uint64_t saved = rng;
	int n;

	rng = 0x2545F4914F6CDD1Dull * (e + 1) + (uint64_t)lang * 0x9E3779B97F4A7C15ull;
	next_rand();
	if (docs.len) {
		add_phrase(b);
		rng = saved;
		return;
	}
	n = 2 + (int)(next_rand() % 3);
	for (int k = 0; k < n; k++) {
		if (k && lang != HX_LANG_ZH)
			hx_buf_addc(b, ' ');
		hx_buf_adds(b, vocab[lang][next_rand() % VOCAB]);
	}
	rng = saved;
}

static char *make_glossary(size_t entries, size_t *len)
{
	struct hx_buf b = HX_BUF_INIT(0);

	hx_buf_adds(&b, "id\ttype\tar\tzh\ten\tfr\tru\tes\tstatus\tnote\tsource\n");
	for (size_t e = 0; e < entries; e++) {
		hx_buf_addf(&b, "bench.%zu\t%s", e, e % 3 ? "term" : "name");
		for (int l = 0; l < HX_LANG_COUNT; l++) {
			hx_buf_addc(&b, '\t');
			add_form(&b, (uint32_t)e, l);
		}
		hx_buf_adds(&b, "\tgenerated\t\tbench_terms\n");
	}
	return hx_buf_detach(&b, len);
}

/* Paragraphs of about 600 bytes in each language in turn, a term of the small glossary every ~15
 * words. */
static char *make_text(size_t bytes, size_t *len)
{
	struct hx_buf b = HX_BUF_INIT(0);
	int lang = 0;

	while (docs.len && b.len < bytes)
		hx_buf_add(&b, docs.data, docs.len);
	while (b.len < bytes) {
		size_t start = b.len;

		while (b.len - start < 600) {
			if (next_rand() % 15 == 0)
				add_form(&b, next_rand() % SMALL, lang);
			else
				hx_buf_adds(&b, vocab[lang][next_rand() % VOCAB]);
			if (lang != HX_LANG_ZH)
				hx_buf_addc(&b, next_rand() % 12 ? ' ' : ',');
			if (lang != HX_LANG_ZH && next_rand() % 12 == 0)
				hx_buf_adds(&b, ". ");
		}
		hx_buf_adds(&b, "\n\n");
		lang = (lang + 1) % HX_LANG_COUNT;
	}
	return hx_buf_detach(&b, len);
}

static bool utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;

		if (!n || i + n > len)
			return false;
		for (size_t k = 1; k < n; k++)
			if (((unsigned char)s[i + k] & 0xC0) != 0x80)
				return false;
		i += n;
	}
	return true;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* VmRSS or VmHWM of this process, in kB. */
static long proc_kb(const char *field)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, field, strlen(field)))
			kb = strtol(line + strlen(field) + 1, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

static double parse_s;

static struct hx_glossary *load(const char *tsv, size_t len, double *seconds)
{
	struct hx_glossary *g = hx_glossary_new(NULL);
	struct hx_diag d = {0};
	double t0 = now();
	enum hx_err err = hx_glossary_add_tsv(g, "bench.tsv", tsv, len, &d);

	parse_s = now() - t0;
	if (err || hx_glossary_build(g, &d)) {
		fprintf(stderr, "bench_terms: %s\n", hx_diag_message(&d));
		exit(1);
	}
	*seconds = now() - t0;
	hx_diag_release(&d);
	return g;
}

static double match(const struct hx_glossary *g, const char *text, size_t len, size_t *nhits)
{
	struct hx_term_hits hits = {0};
	struct hx_diag d = {0};
	double t0 = now(), t;

	hx_glossary_find(g, text, len, HX_LANG_NONE, &hits, &d);
	t = now() - t0;
	*nhits = hits.n;
	hx_term_hits_release(&hits);
	return t;
}

/* The naive way: every form of every concept searched with memmem, on the first bytes of text. */
static double naive(const char *tsv, size_t entries, const char *text, size_t len, size_t *nhits)
{
	struct hx_buf form = HX_BUF_INIT(0);
	double t0 = now();

	(void)tsv;
	*nhits = 0;
	for (size_t e = 0; e < entries; e++)
		for (int l = 0; l < HX_LANG_COUNT; l++) {
			const char *p = text, *end = text + len;

			hx_buf_reset(&form);
			add_form(&form, (uint32_t)e, l);
			while ((p = memmem(p, (size_t)(end - p), form.data, form.len))) {
				(*nhits)++;
				p += form.len;
			}
		}
	hx_buf_release(&form);
	return now() - t0;
}

/* A positive count from the command line, or def when absent; exits on anything else. */
static size_t count_arg(int argc, char **argv, int i, size_t def)
{
	char *end;
	unsigned long v;

	if (argc <= i)
		return def;
	errno = 0;
	v = strtoul(argv[i], &end, 10);
	if (errno || end == argv[i] || *end || v == 0) {
		fprintf(stderr, "bench_terms: '%s' is not a positive number\n", argv[i]);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	size_t mb = count_arg(argc, argv, 1, 24);
	size_t entries = count_arg(argc, argv, 2, 100000);
	size_t glen, slen, tlen, big_hits, small_hits, naive_hits;
	double load_s, small_load_s, big_s, small_s, naive_s;
	long rss0, rss1, hwm1;
	char *tsv, *small_tsv, *text;
	struct hx_glossary *big, *small;
	struct hx_glossary_stats st;

	for (int i = 3; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		char chunk[65536];
		size_t n, at = docs.len;

		while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			hx_buf_add(&docs, chunk, n);
		if (f)
			fclose(f);
		if (!utf8(docs.data + at, docs.len - at))
			hx_buf_truncate(&docs, at); /* a legacy encoding: not this benchmark's */
		else
			hx_buf_addc(&docs, '\n');
	}
	printf("mode=%s\ndocuments_kb=%zu\n", docs.len ? "documents" : "generated", docs.len >> 10);
	make_vocabulary();
	tsv = make_glossary(entries, &glen);
	rss0 = proc_kb("VmRSS:");
	big = load(tsv, glen, &load_s);
	printf("parse_s=%.3f\nbuild_s=%.3f\n", parse_s, load_s - parse_s);
	rss1 = proc_kb("VmRSS:");
	hwm1 = proc_kb("VmHWM:");
	hx_glossary_get_stats(big, &st);
	small_tsv = make_glossary(SMALL, &slen);
	small = load(small_tsv, slen, &small_load_s);
	text = make_text(mb << 20, &tlen);
	big_s = match(big, text, tlen, &big_hits);
	small_s = match(small, text, tlen, &small_hits);
	naive_s =
		naive(small_tsv, SMALL, text, tlen < NAIVE_BYTES ? tlen : NAIVE_BYTES, &naive_hits);
	printf("entries=%zu\nforms=%zu\nstates=%zu\nconflicts=%zu\n", st.entries, st.forms,
	       st.nodes, hx_glossary_nerrors(big));
	printf("tsv_mb=%.1f\nload_s=%.3f\nglossary_rss_mb=%.1f\nload_peak_mb=%.1f\n",
	       (double)glen / 1e6, load_s, (double)(rss1 - rss0) / 1024,
	       (double)(hwm1 - rss0) / 1024);
	printf("text_mb=%.1f\nbig_s=%.3f\nbig_mb_s=%.1f\nbig_hits=%zu\n", (double)tlen / 1e6, big_s,
	       (double)tlen / 1e6 / big_s, big_hits);
	printf("small_load_s=%.4f\nsmall_s=%.3f\nsmall_mb_s=%.1f\nsmall_hits=%zu\n", small_load_s,
	       small_s, (double)tlen / 1e6 / small_s, small_hits);
	printf("growth=%.2f\n", big_s / small_s);
	printf("naive_mb=%.1f\nnaive_s=%.3f\nnaive_mb_s=%.2f\nnaive_hits=%zu\n",
	       (double)NAIVE_BYTES / 1e6, naive_s, (double)NAIVE_BYTES / 1e6 / naive_s, naive_hits);
	hx_glossary_free(big);
	hx_glossary_free(small);
	free(tsv);
	free(small_tsv);
	free(text);
	hx_buf_release(&docs);
	for (int l = 0; l < HX_LANG_COUNT; l++)
		for (int w = 0; w < VOCAB; w++)
			free(vocab[l][w]);
	return 0;
}
