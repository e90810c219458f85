/*
 * PDF renderers as child processes: found on PATH, an argument vector and a small
 * environment of our own, a private temporary folder as working folder and HOME,
 * a timeout that kills the whole process group, output renamed into place.
 */
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "mem.h"

#define PDF_LOG_MAX ((size_t)64 << 10)

static const char *const engine_names[] = {"auto", "weasyprint", "chromium"};

const char *hx_pdf_engine_name(enum hx_pdf_engine engine)
{
	return engine < HX_PDF_ENGINE_NONE ? engine_names[engine] : "?";
}

enum hx_pdf_engine hx_pdf_engine_parse(const char *name)
{
	for (int i = 0; i < HX_PDF_ENGINE_NONE; i++)
		if (!strcmp(name, engine_names[i]))
			return (enum hx_pdf_engine)i;
	return HX_PDF_ENGINE_NONE;
}

/* The first executable regular file called name in $PATH; newly allocated, or NULL. */
static char *find_on_path(const char *name)
{
	const char *path = getenv("PATH");
	struct hx_buf b = HX_BUF_INIT(PATH_MAX);

	while (path && *path) {
		size_t n = strcspn(path, ":");
		struct stat st;

		hx_buf_reset(&b);
		if (n && !hx_buf_add(&b, path, n) && !hx_buf_addf(&b, "/%s", name) &&
		    stat(b.data, &st) == 0 && S_ISREG(st.st_mode) && access(b.data, X_OK) == 0)
			return hx_buf_detach(&b, NULL);
		path += n + (path[n] == ':');
	}
	hx_buf_release(&b);
	return NULL;
}

enum hx_err hx_pdf_init(struct hx_pdf *pdf, enum hx_pdf_engine engine, long timeout_s,
			struct hx_diag *diag)
{
	memset(pdf, 0, sizeof(*pdf));
	pdf->engine = engine;
	pdf->timeout_s = timeout_s > 0 ? timeout_s : HX_PDF_TIMEOUT_DEFAULT;
	if (engine != HX_PDF_CHROMIUM)
		pdf->weasyprint = find_on_path("weasyprint");
	if (engine != HX_PDF_WEASYPRINT) {
		pdf->chromium = find_on_path("chromium");
		if (!pdf->chromium)
			pdf->chromium = find_on_path("chromium-browser");
	}
	if (engine == HX_PDF_WEASYPRINT && !pdf->weasyprint)
		return hx_fail(diag, HX_E_PDF,
			       "no PDF renderer: 'weasyprint' is not on PATH; install it (Debian: "
			       "apt-get install weasyprint) or use --pdf-engine chromium");
	if (engine == HX_PDF_CHROMIUM && !pdf->chromium)
		return hx_fail(diag, HX_E_PDF,
			       "no PDF renderer: 'chromium' is not on PATH; install it (Debian: "
			       "apt-get install chromium) or use --pdf-engine weasyprint");
	if (engine == HX_PDF_AUTO && !pdf->weasyprint && !pdf->chromium)
		return hx_fail(diag, HX_E_PDF,
			       "no PDF renderer: neither 'weasyprint' nor 'chromium' is on PATH; "
			       "install one (Debian: apt-get install weasyprint chromium)");
	pdf->arabic_fallback = engine == HX_PDF_AUTO && !pdf->chromium;
	return HX_OK;
}

void hx_pdf_release(struct hx_pdf *pdf)
{
	free(pdf->weasyprint);
	free(pdf->chromium);
	memset(pdf, 0, sizeof(*pdf));
}

enum hx_pdf_engine hx_pdf_engine_for(const struct hx_pdf *pdf, enum hx_lang lang)
{
	switch (pdf->engine) {
	case HX_PDF_WEASYPRINT:
	case HX_PDF_CHROMIUM:
		return pdf->engine;
	case HX_PDF_AUTO:
	case HX_PDF_ENGINE_NONE:
		break;
	}
	if (!pdf->weasyprint)
		return HX_PDF_CHROMIUM;
	return lang == HX_LANG_AR && pdf->chromium ? HX_PDF_CHROMIUM : HX_PDF_WEASYPRINT;
}

/* ---- the child process ---- */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* file:///abs/path, with everything but unreserved characters and '/' percent-encoded. */
static enum hx_err file_url(struct hx_buf *url, const char *abs)
{
	enum hx_err err = hx_buf_adds(url, "file://");

	for (const unsigned char *p = (const unsigned char *)abs; *p && !err; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
			err = hx_buf_addc(url, (char)*p);
		else
			err = hx_buf_addf(url, "%%%02X", *p);
	}
	return err;
}

/*
 * What the child sees: its own HOME and TMPDIR (the private folder), no proxy settings
 * of ours but a dead one, so that a stray fetch fails instead of leaving the machine.
 */
struct child_env {
	char *v[12];
	int n;
};

static void env_add(struct child_env *e, const char *name, const char *value)
{
	size_t n = strlen(name) + strlen(value) + 2;

	e->v[e->n] = hx_xmalloc(n);
	snprintf(e->v[e->n++], n, "%s=%s", name, value);
	e->v[e->n] = NULL;
}

static void env_init(struct child_env *e, const char *tmpdir)
{
	const char *path = getenv("PATH");

	e->n = 0;
	env_add(e, "PATH", path ? path : "/usr/bin:/bin");
	env_add(e, "HOME", tmpdir);
	env_add(e, "TMPDIR", tmpdir);
	env_add(e, "XDG_CONFIG_HOME", tmpdir);
	env_add(e, "XDG_CACHE_HOME", tmpdir);
	env_add(e, "LANG", "C.UTF-8");
	env_add(e, "LC_ALL", "C.UTF-8");
	env_add(e, "http_proxy", "http://127.0.0.1:9");
	env_add(e, "https_proxy", "http://127.0.0.1:9");
	env_add(e, "no_proxy", "");
}

static void env_release(struct child_env *e)
{
	for (int i = 0; i < e->n; i++)
		free(e->v[i]);
	e->n = 0;
}


/*
 * Between fork and execve only async-signal-safe calls: the batch runs this from
 * worker threads. The child leads a process group of its own, so a timeout kills
 * whatever it started too.
 */
static pid_t spawn(char *const argv[], char *const envp[], const char *cwd, int log_fd)
{
	pid_t pid = fork();

	if (pid > 0)
		setpgid(pid, pid); /* here too, so that a kill of the group never misses it */
	if (pid != 0)
		return pid;
	setpgid(0, 0);
	if (chdir(cwd) != 0)
		_exit(126);
	int null_fd = open("/dev/null", O_RDONLY);

	if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(log_fd, 1) < 0 || dup2(log_fd, 2) < 0)
		_exit(126);
	close_range(3, ~0u, 0); /* nothing of ours (databases, sockets) reaches the renderer */
	execve(argv[0], argv, envp);
	_exit(127);
}

/*
 * Waits for pid until deadline; returns its wait status, or -1 after killing its group.
 * The child is left unreaped (WNOWAIT) until its group is killed, so the group's id
 * cannot have been given to another process by then.
 */
static int wait_until(pid_t pid, double deadline)
{
	siginfo_t info;
	int status = 0;
	struct timespec nap = {0, 20 * 1000 * 1000};

	for (;;) {
		memset(&info, 0, sizeof(info));
		if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0 &&
		    errno != EINTR)
			break;
		if (info.si_pid == pid)
			break;
		if (hx_now_seconds() >= deadline) {
			kill(-pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return -1;
		}
		nanosleep(&nap, NULL);
	}
	/* the renderer is done: what it left running in its group goes too */
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* The last non-empty line the renderer wrote, for the error message. */
static void last_line(const char *log_path, char *out, size_t outsz)
{
	FILE *f = fopen(log_path, "r");
	char line[512];

	out[0] = '\0';
	while (f && fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\r\n");

		line[n] = '\0';
		if (n && !strstr(line, "dbus") && !strstr(line, "Fontconfig"))
			snprintf(out, outsz, "%s", line);
	}
	if (f)
		fclose(f);
}

struct job {
	const char *program, *name; /* the file run, and its name for messages */
	char tmpdir[PATH_MAX];
	char html_abs[PATH_MAX];
	char *tmp_pdf; /* beside the final PDF */
	const char *pdf_path;
	long timeout_s;
};

static void build_argv(const struct job *j, enum hx_pdf_engine engine, struct hx_buf *scratch,
		       char *argv[16])
{
	int n = 0;

	argv[n++] = (char *)j->program;
	if (engine == HX_PDF_WEASYPRINT) {
		argv[n++] = "--encoding";
		argv[n++] = "utf-8";
		argv[n++] = (char *)j->html_abs;
		argv[n++] = j->tmp_pdf;
	} else {
		/* scratch holds three NUL-separated strings: profile, output, URL */
		size_t a = 0, b, c;

		hx_buf_addf(scratch, "--user-data-dir=%s/profile", j->tmpdir);
		hx_buf_addc(scratch, '\0');
		b = scratch->len;
		hx_buf_addf(scratch, "--print-to-pdf=%s", j->tmp_pdf);
		hx_buf_addc(scratch, '\0');
		c = scratch->len;
		file_url(scratch, j->html_abs);
		argv[n++] = "--headless";
		if (geteuid() == 0) /* Chromium refuses root with its sandbox on */
			argv[n++] = "--no-sandbox";
		argv[n++] = "--disable-gpu";
		argv[n++] = "--no-first-run";
		argv[n++] = "--disable-extensions";
		argv[n++] = "--disable-background-networking";
		argv[n++] = "--disable-component-update";
		argv[n++] = "--proxy-server=http://127.0.0.1:9";
		argv[n++] = "--no-pdf-header-footer";
		argv[n++] = scratch->data + a;
		argv[n++] = scratch->data + b;
		argv[n++] = scratch->data + c;
	}
	argv[n] = NULL;
}

static bool looks_like_pdf(const char *path)
{
	char head[5] = {0};
	FILE *f = fopen(path, "rb");
	bool ok = f && fread(head, 1, 5, f) == 5 && !memcmp(head, "%PDF-", 5);

	if (f)
		fclose(f);
	return ok;
}

/* Runs the renderer on the job; the PDF is at j->tmp_pdf when it returns HX_OK. */
static enum hx_err run_renderer(struct job *j, enum hx_pdf_engine engine, struct hx_diag *diag)
{
	struct hx_buf scratch = HX_BUF_INIT(4 * PATH_MAX), log_path = HX_BUF_INIT(PATH_MAX);
	struct child_env env;
	char *argv[16], why[512];
	enum hx_err err = HX_OK;
	int log_fd, status;
	pid_t pid;

	build_argv(j, engine, &scratch, argv);
	env_init(&env, j->tmpdir);
	hx_buf_addf(&log_path, "%s/renderer.log", j->tmpdir);
	log_fd = open(log_path.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	pid = log_fd < 0 ? -1 : spawn(argv, env.v, j->tmpdir, log_fd);
	if (log_fd >= 0)
		close(log_fd);
	if (pid < 0)
		err = hx_fail(diag, HX_E_PDF, "cannot start %s ('%s') for '%s': %s", j->name,
			      j->program, j->pdf_path, strerror(errno));
	status = pid < 0 ? 0 : wait_until(pid, hx_now_seconds() + (double)j->timeout_s);
	if (!err)
		last_line(log_path.data, why, sizeof(why));
	if (err) {
	} else if (status == -1) {
		err = hx_fail(diag, HX_E_PDF,
			      "cannot render '%s': %s did not finish within %ld s, so its process "
			      "group was killed (raise [publish] pdf-timeout or --pdf-timeout)",
			      j->pdf_path, j->name, j->timeout_s);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		err = hx_fail(diag, HX_E_PDF, "cannot render '%s': %s %s %d%s%s", j->pdf_path,
			      j->name,
			      WIFEXITED(status) ? "exited with status" : "was killed by signal",
			      WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
			      why[0] ? ": " : "", why);
	} else if (!looks_like_pdf(j->tmp_pdf)) {
		err = hx_fail(diag, HX_E_PDF, "cannot render '%s': %s wrote no PDF%s%s",
			      j->pdf_path, j->name, why[0] ? ": " : "", why);
	}
	env_release(&env);
	hx_buf_release(&scratch);
	hx_buf_release(&log_path);
	return err;
}

/* Absolute paths for the job: the child works in its own folder. */
static enum hx_err job_paths(struct job *j, const char *html_path, const char *pdf_path,
			     struct hx_diag *diag)
{
	const char *base = getenv("TMPDIR");
	struct hx_buf tmp = HX_BUF_INIT(2 * PATH_MAX);
	char cwd[PATH_MAX] = "";
	int fd;

	if (!realpath(html_path, j->html_abs))
		return hx_fail(diag, HX_E_PDF, "cannot render '%s': cannot find its page '%s': %s",
			       pdf_path, html_path, strerror(errno));
	snprintf(j->tmpdir, sizeof(j->tmpdir), "%s/hexaglot-pdf-XXXXXX",
		 base && *base ? base : "/tmp");
	if (!mkdtemp(j->tmpdir))
		return hx_fail(diag, HX_E_PDF,
			       "cannot render '%s': cannot create a temporary folder in '%s': %s",
			       pdf_path, base && *base ? base : "/tmp", strerror(errno));
	if (pdf_path[0] != '/' && !getcwd(cwd, sizeof(cwd)))
		return hx_fail(diag, HX_E_IO,
			       "cannot render '%s': cannot tell the current folder: %s", pdf_path,
			       strerror(errno));
	/* beside the PDF, named as hx_file_write_atomic names its own, so a sweep finds it */
	if (hx_buf_addf(&tmp, "%s%s%s.tmp.XXXXXX", pdf_path[0] == '/' ? "" : cwd,
			pdf_path[0] == '/' ? "" : "/", pdf_path)) {
		hx_buf_release(&tmp);
		return hx_fail(diag, HX_E_LIMIT, "output path '%s' is too long", pdf_path);
	}
	j->tmp_pdf = hx_buf_detach(&tmp, NULL);
	fd = mkostemp(j->tmp_pdf, O_CLOEXEC);
	if (fd < 0) {
		j->tmp_pdf[0] = '\0';
		return hx_fail(diag, HX_E_IO, "cannot create a temporary file for '%s': %s",
			       pdf_path, strerror(errno));
	}
	fchmod(fd, 0644);
	close(fd);
	return HX_OK;
}

enum hx_err hx_pdf_render(const struct hx_pdf *pdf, enum hx_lang lang, const char *html_path,
			  const char *pdf_path, struct hx_diag *diag)
{
	enum hx_pdf_engine engine = hx_pdf_engine_for(pdf, lang);
	struct job j = {0};
	enum hx_err err;

	j.program = engine == HX_PDF_CHROMIUM ? pdf->chromium : pdf->weasyprint;
	j.name = hx_pdf_engine_name(engine);
	j.pdf_path = pdf_path;
	j.timeout_s = pdf->timeout_s;
	if (!j.program)
		return hx_fail(diag, HX_E_PDF, "cannot render '%s': %s is not installed", pdf_path,
			       j.name);
	err = job_paths(&j, html_path, pdf_path, diag);
	if (!err)
		err = run_renderer(&j, engine, diag);
	if (!err && rename(j.tmp_pdf, pdf_path) != 0)
		err = hx_fail(diag, HX_E_IO, "cannot rename '%s' to '%s': %s", j.tmp_pdf, pdf_path,
			      strerror(errno));
	if (err && j.tmp_pdf && j.tmp_pdf[0])
		unlink(j.tmp_pdf);
	if (j.tmpdir[0] && strstr(j.tmpdir, "hexaglot-pdf-") && !strstr(j.tmpdir, "XXXXXX"))
		remove_tree(j.tmpdir);
	free(j.tmp_pdf);
	return err;
}

enum hx_err hx_pdf_write_doc(const struct hx_pdf *pdf, const char *dir, const struct hx_doc *doc,
			     struct hx_output_files *files, struct hx_diag *diag)
{
	struct hx_buf html = HX_BUF_INIT(PATH_MAX), out = HX_BUF_INIT(PATH_MAX);
	enum hx_err first = HX_OK;
	struct hx_diag first_diag = {0};

	for (int l = -1; l < HX_LANG_COUNT; l++) {
		enum hx_lang lang = l < 0 ? doc->lang : (enum hx_lang)l;
		const struct hx_lang_info *li = hx_lang_get(lang);
		size_t rel;
		enum hx_err err;

		if (l < 0 ? !doc->print_html
			  : (!doc->target[l].print_html || !(doc->targets & (1u << l)) ||
			     l == (int)doc->lang))
			continue;
		hx_buf_reset(&html);
		hx_buf_reset(&out);
		rel = strlen(dir) + 1;
		if (hx_buf_addf(&html, "%s/%s/%s.%s.print.html", dir, doc->id, doc->id,
				li ? li->code : "und") ||
		    hx_buf_addf(&out, "%s/%s/%s.%s.pdf", dir, doc->id, doc->id,
				li ? li->code : "und")) {
			err = hx_fail(diag, HX_E_LIMIT, "output path '%s/%s' is too long", dir,
				      doc->id);
		} else {
			err = hx_pdf_render(pdf, lang, html.data, out.data, diag);
		}
		if (!err && files) {
			files->names =
				hx_xreallocarray(files->names, files->n + 1, sizeof(*files->names));
			files->names[files->n++] = hx_xstrdup(out.data + rel);
		}
		if (err && !first) {
			first = err;
			snprintf(first_diag.msg, sizeof(first_diag.msg), "%s",
				 hx_diag_message(diag));
		} else if (err) {
			hx_warn(diag, "%s", hx_diag_message(diag));
		}
	}
	hx_buf_release(&html);
	hx_buf_release(&out);
	return first ? hx_fail(diag, first, "%s", first_diag.msg) : HX_OK;
}
