/*
 * Benchmark driver: generates a corpus from the project's own documents, then
 * times decode+convert and render in process, one core, no file I/O in the timing.
 *   bench_convert gen OUTDIR MEGABYTES TEMPLATE...
 *   bench_convert run CORPUSDIR MDDIR
 *   bench_convert render FILE.md...   (the render stage alone, for the pandoc comparison)
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "driver.h"
#include "fsio.h"
#include "mem.h"

#define MAX_FILES 4096

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	struct hx_buf buf;
	struct hx_diag diag = {0};

	hx_buf_init(&buf, 0);
	if (hx_file_read(path, (size_t)1 << 30, &buf, &diag)) {
		fprintf(stderr, "bench: %s\n", hx_diag_message(&diag));
		exit(1);
	}
	return hx_buf_detach(&buf, len);
}

/* Shifts every job number "25-11131" so repeated pages still differ. */
static void vary(char *s, size_t len, unsigned k)
{
	for (size_t i = 0; i + 8 <= len; i++)
		if (s[i + 2] == '-' && s[i] >= '0' && s[i] <= '9' && s[i + 7] >= '0' &&
		    s[i + 7] <= '9')
			s[i + 7] = (char)('0' + (s[i + 7] - '0' + k) % 10);
}

/* Each document repeats one template a varying number of times: 0.2 to 2 MB, plus one of 8 MB. */
static int generate(const char *dir, size_t megabytes, int ntemplates, char **templates)
{
	size_t total = 0, target = megabytes << 20;
	unsigned n = 0;

	mkdir(dir, 0755);
	while (total < target) {
		size_t len, reps, want;
		unsigned t = n % (unsigned)ntemplates;
		char *text = slurp(templates[t], &len);
		char path[4096];
		const char *ext = strrchr(templates[t], '.');
		FILE *f;

		want = n == 0 ? (size_t)8 << 20 : ((size_t)200 << 10) * (1 + n % 10);
		reps = want / (len ? len : 1) + 1;
		snprintf(path, sizeof(path), "%s/doc%04u%s", dir, n, ext ? ext : ".txt");
		f = fopen(path, "wb");
		if (!f) {
			perror(path);
			return 1;
		}
		for (size_t r = 0; r < reps; r++) {
			vary(text, len, (unsigned)r);
			fwrite(text, 1, len, f);
			fputc('\n', f);
		}
		fclose(f);
		total += reps * (len + 1);
		free(text);
		n++;
	}
	printf("generated %u documents, %.1f MB, in %s\n", n, (double)total / (1 << 20), dir);
	return 0;
}

struct doc_in {
	char *path;
	char *bytes;
	size_t len;
};

static size_t list_corpus(const char *dir, struct doc_in *docs)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!d) {
		perror(dir);
		exit(1);
	}
	while ((e = readdir(d)) && n < MAX_FILES) {
		char path[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		docs[n].path = hx_xstrdup(path);
		docs[n].bytes = slurp(path, &docs[n].len);
		n++;
	}
	closedir(d);
	return n;
}

static void run_stage(struct hx_pipeline *p, struct hx_doc *doc)
{
	if (hx_pipeline_process(p, doc)) {
		fprintf(stderr, "bench: %s\n", hx_diag_message(&p->diag));
		exit(1);
	}
}

static int run(const char *dir, const char *mddir)
{
	static struct doc_in docs[MAX_FILES];
	struct hx_config cfg;
	struct hx_pipeline conv, rend;
	size_t n = list_corpus(dir, docs), in_bytes = 0, md_bytes = 0;
	double t_conv = 0, t_rend = 0;

	hx_config_init(&cfg);
	cfg.max_input = (size_t)1 << 30;
	if (hx_pipeline_init(&conv, &cfg, "decode", "convert") ||
	    hx_pipeline_init(&rend, &cfg, "render", "render")) {
		fprintf(stderr, "bench: cannot start the pipeline\n");
		return 1;
	}
	mkdir(mddir, 0755);
	for (size_t i = 0; i < n; i++) {
		struct hx_doc *doc = hx_doc_new(docs[i].path);
		char path[4096];
		double t0;
		struct hx_diag diag = {0};

		doc->raw = (unsigned char *)docs[i].bytes; /* the document owns it from here */
		doc->raw_len = docs[i].len;
		t0 = now();
		run_stage(&conv, doc);
		t_conv += now() - t0;
		t0 = now();
		run_stage(&rend, doc);
		t_rend += now() - t0;
		in_bytes += docs[i].len;
		md_bytes += doc->markdown_len;
		snprintf(path, sizeof(path), "%s/%s.md", mddir, doc->id);
		hx_file_write_atomic(path, doc->markdown, doc->markdown_len, &diag);
		hx_doc_free(doc);
		free(docs[i].path);
	}
	printf("documents=%zu\ninput_bytes=%zu\nmarkdown_bytes=%zu\n", n, in_bytes, md_bytes);
	printf("convert_seconds=%.3f\nconvert_mb_s=%.1f\n", t_conv, in_bytes / t_conv / 1e6);
	printf("render_seconds=%.3f\nrender_mb_s=%.1f\n", t_rend, md_bytes / t_rend / 1e6);
	hx_pipeline_release(&conv);
	hx_pipeline_release(&rend);
	return 0;
}

/* The render stage alone over Markdown files, as pandoc is timed over the same files. */
static int render_only(int n, char **paths)
{
	struct hx_config cfg;
	struct hx_pipeline rend;
	size_t bytes = 0;
	double t = 0;

	hx_config_init(&cfg);
	if (hx_pipeline_init(&rend, &cfg, "render", "render"))
		return 1;
	for (int i = 0; i < n; i++) {
		struct hx_doc *doc = hx_doc_new(paths[i]);
		size_t len;
		char *md = slurp(paths[i], &len);
		double t0;

		hx_doc_take_markdown(doc, md, len);
		doc->lang = HX_LANG_EN;
		t0 = now();
		run_stage(&rend, doc);
		t += now() - t0;
		bytes += len;
		hx_doc_free(doc);
	}
	printf("subset_bytes=%zu\nsubset_render_seconds=%.4f\nsubset_render_mb_s=%.1f\n", bytes, t,
	       bytes / t / 1e6);
	hx_pipeline_release(&rend);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "render"))
		return render_only(argc - 2, argv + 2);
	if (argc >= 5 && !strcmp(argv[1], "gen"))
		return generate(argv[2], strtoul(argv[3], NULL, 10), argc - 4, argv + 4);
	if (argc == 4 && !strcmp(argv[1], "run"))
		return run(argv[2], argv[3]);
	fprintf(stderr, "usage: bench_convert gen OUTDIR MEGABYTES TEMPLATE... | run DIR MDDIR\n");
	return 2;
}
