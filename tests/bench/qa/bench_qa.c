/*
 * make bench, QA section: segments per second through hx_qa_check_pair (every
 * check, the shipped glossaries) on a real document pair, against a naive
 * baseline in the same run (every whitespace token through hunspell, every
 * digit run looked up with strstr: what a short script would do).
 * usage: bench_qa SOURCE TARGET ROUNDS
 */
#include <hunspell/hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../../stages/terms/terms.h"
#include "driver.h"
#include "qa.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct hx_doc *load(struct hx_config *cfg, const char *path)
{
	struct hx_pipeline p;
	struct hx_doc *doc = hx_doc_new(path);

	doc->targets = (1u << HX_LANG_COUNT) - 1;
	if (hx_pipeline_init(&p, cfg, "decode", "segment") || hx_pipeline_process(&p, doc)) {
		fprintf(stderr, "bench_qa: %s\n", hx_diag_message(&p.diag));
		exit(1);
	}
	hx_pipeline_release(&p);
	return doc;
}

static char *seg_text(const struct hx_doc *doc, size_t i)
{
	struct hx_buf b = HX_BUF_INIT(0);
	struct hx_diag d = {0};
	const struct hx_segment *seg = &doc->segs.segs[i];

	if (hx_segment_restore(seg, seg->text, seg->len, HX_LANG_NONE, &b, &d))
		hx_buf_add(&b, seg->text, seg->len);
	return hx_buf_detach(&b, NULL);
}

/* The baseline: split on spaces, spell every token, strstr every digit run of the source. */
static size_t naive(Hunhandle *h, const char *src, const char *tgt)
{
	char *copy = strdup(tgt), *save = NULL, *tok;
	size_t found = 0;

	for (tok = strtok_r(copy, " \t\n.,;:()", &save); tok;
	     tok = strtok_r(NULL, " \t\n.,;:()", &save))
		found += !Hunspell_spell(h, tok);
	for (const char *s = src; *s; s++) {
		char num[32];
		size_t n = 0;

		if (*s < '0' || *s > '9' || (s > src && s[-1] >= '0' && s[-1] <= '9'))
			continue;
		while (s[n] >= '0' && s[n] <= '9' && n < sizeof(num) - 1) {
			num[n] = s[n];
			n++;
		}
		num[n] = '\0';
		found += !strstr(tgt, num);
	}
	free(copy);
	return found;
}

int main(int argc, char **argv)
{
	struct hx_config cfg;
	struct hx_glossary_opts gopts = {.stem = true};
	struct hx_glossary *g = NULL;
	struct hx_qa_opts opts = {0};
	struct hx_qa *qa;
	struct hx_diag d = {0};
	struct hx_doc *s, *t;
	int rounds = argc > 3 ? atoi(argv[3]) : 20;
	size_t n, findings = 0, nfound = 0;
	char **st, **tt;
	double t0, qa_s, naive_s, first_s = 0;
	char aff[256], dic[256];
	Hunhandle *h;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_qa SOURCE TARGET [ROUNDS]\n");
		return 2;
	}
	hx_config_init(&cfg);
	s = load(&cfg, argv[1]);
	t = load(&cfg, argv[2]);
	n = s->segs.nsegs < t->segs.nsegs ? s->segs.nsegs : t->segs.nsegs;
	st = calloc(n, sizeof(*st));
	tt = calloc(n, sizeof(*tt));
	for (size_t i = 0; i < n; i++) {
		st[i] = seg_text(s, i);
		tt[i] = seg_text(t, i);
	}
	if (hx_glossary_load("glossaries", &gopts, &g, &d))
		g = NULL;
	opts.glossary = g;
	if (getenv("BENCH_QA_SKIP"))
		opts.skip = (uint32_t)strtoul(getenv("BENCH_QA_SKIP"), NULL, 0);
	hx_qa_new(&opts, &qa, &d);
	/* the dictionaries open on first use: not part of the throughput */
	{
		struct hx_qa_findings f = {0};
		struct hx_qa_pair p = {st[0], strlen(st[0]), s->lang,
				       tt[0], strlen(tt[0]), t->lang};

		hx_qa_check_pair(qa, &p, &f, &d);
		hx_qa_findings_release(&f);
	}
	t0 = now();
	for (int r = 0; r < rounds; r++) {
		if (r == 1)
			first_s = now() - t0;
		for (size_t i = 0; i < n; i++) {
			struct hx_qa_findings f = {0};
			struct hx_qa_pair p = {st[i], strlen(st[i]), s->lang,
					       tt[i], strlen(tt[i]), t->lang};

			p.segno = (uint32_t)i;
			hx_qa_check_pair(qa, &p, &f, &d);
			findings += f.n;
			hx_qa_findings_release(&f);
		}
	}
	qa_s = now() - t0;
	if (rounds == 1)
		first_s = qa_s;
	snprintf(aff, sizeof(aff), "/usr/share/hunspell/%s.aff", hx_lang_get(t->lang)->hunspell);
	snprintf(dic, sizeof(dic), "/usr/share/hunspell/%s.dic", hx_lang_get(t->lang)->hunspell);
	h = hx_hunspell_create(aff, dic);
	t0 = now();
	for (int r = 0; r < rounds && h; r++)
		for (size_t i = 0; i < n; i++)
			nfound += naive(h, st[i], tt[i]);
	naive_s = now() - t0;
	printf("pair=%s -> %s\nsegments=%zu\nrounds=%d\n", hx_lang_get(s->lang)->code,
	       hx_lang_get(t->lang)->code, n, rounds);
	printf("qa_first_round_segments_per_s=%.0f (suggestions not yet remembered)\n",
	       (double)n / first_s);
	printf("qa_s=%.3f\nqa_segments_per_s=%.0f\nqa_findings_per_round=%zu\n", qa_s,
	       (double)n * rounds / qa_s, findings / (size_t)rounds);
	printf("naive_s=%.3f\nnaive_segments_per_s=%.0f\nnaive_findings_per_round=%zu\n", naive_s,
	       (double)n * rounds / naive_s, nfound / (size_t)rounds);
	hx_hunspell_destroy(h);
	for (size_t i = 0; i < n; i++) {
		free(st[i]);
		free(tt[i]);
	}
	free(st);
	free(tt);
	hx_qa_free(qa);
	hx_glossary_free(g);
	hx_doc_free(s);
	hx_doc_free(t);
	hx_config_release(&cfg);
	return 0;
}
