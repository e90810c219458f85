/* Capped reads and atomic (temporary file + rename) writes. */
#include "fsio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"

static enum hx_err read_fd(int fd, const char *path, size_t max, struct hx_buf *out,
			   struct hx_diag *diag)
{
	for (;;) {
		size_t want = max - out->len;
		ssize_t n;
		enum hx_err err;

		if (want > 65536)
			want = 65536;
		if (want == 0) {
			/* at the cap: one more byte means too big */
			char c;

			do
				n = read(fd, &c, 1);
			while (n < 0 && errno == EINTR);
			if (n == 0)
				return HX_OK;
			return hx_fail(diag, HX_E_LIMIT,
				       "'%s' is larger than the input size cap of %zu bytes; raise "
				       "it with --max-input or split the document",
				       path, max);
		}
		err = hx_buf_grow(out, want);
		if (err)
			return hx_fail(diag, err, "cannot read '%s': %s", path,
				       hx_err_message(err));
		out->data[out->len] = '\0'; /* an empty file reads as "", not as what malloc left */
		n = read(fd, out->data + out->len, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return hx_fail(diag, HX_E_IO, "cannot read '%s': %s", path,
				       strerror(errno));
		}
		if (n == 0)
			return HX_OK;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
}

enum hx_err hx_file_read(const char *path, size_t max, struct hx_buf *out, struct hx_diag *diag)
{
	int fd;
	struct stat st;
	enum hx_err err;

	out->max = max;
	if (strcmp(path, "-") == 0)
		return read_fd(STDIN_FILENO, "standard input", max, out, diag);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return hx_fail(diag, HX_E_IO, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			close(fd);
			return hx_fail(diag, HX_E_IO, "'%s' is a directory, not a document", path);
		}
		if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
			close(fd);
			return hx_fail(diag, HX_E_LIMIT,
				       "'%s' is %lld bytes, over the input size cap of %zu bytes; "
				       "raise it with --max-input or split the document",
				       path, (long long)st.st_size, max);
		}
	}
	err = read_fd(fd, path, max, out, diag);
	close(fd);
	return err;
}

static enum hx_err write_all(int fd, const char *path, const void *data, size_t len,
			     struct hx_diag *diag)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return hx_fail(diag, HX_E_IO, "cannot write '%s': %s", path,
				       strerror(errno));
		}
		p += n;
		len -= (size_t)n;
	}
	return HX_OK;
}

/*
 * A path that exists and is not a regular file (/dev/null, a FIFO, a terminal) is
 * written in place: renaming over it would replace the device with a file.
 */
static enum hx_err write_special(const char *path, const struct stat *st, const void *data,
				 size_t len, struct hx_diag *diag)
{
	int fd;
	enum hx_err err;

	if (S_ISDIR(st->st_mode))
		return hx_fail(diag, HX_E_IO, "cannot write '%s': it is a directory", path);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return hx_fail(diag, HX_E_IO, "cannot open '%s': %s", path, strerror(errno));
	err = write_all(fd, path, data, len, diag);
	if (close(fd) != 0 && !err)
		err = hx_fail(diag, HX_E_IO, "cannot close '%s': %s", path, strerror(errno));
	return err;
}

enum hx_err hx_file_write_atomic(const char *path, const void *data, size_t len,
				 struct hx_diag *diag)
{
	struct stat st;
	char *tmp;
	size_t plen = strlen(path);
	int fd;
	enum hx_err err;

	if (strcmp(path, "-") == 0)
		return write_all(STDOUT_FILENO, "standard output", data, len, diag);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return write_special(path, &st, data, len, diag);
	tmp = hx_xmalloc(plen + sizeof(".tmp.XXXXXX"));
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp.XXXXXX", sizeof(".tmp.XXXXXX"));
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		err = hx_fail(diag, HX_E_IO, "cannot create a temporary file for '%s': %s", path,
			      strerror(errno));
		free(tmp);
		return err;
	}
	err = write_all(fd, path, data, len, diag);
	if (!err && fchmod(fd, 0644) != 0)
		err = hx_fail(diag, HX_E_IO, "cannot set the mode of '%s': %s", tmp,
			      strerror(errno));
	if (!err && fsync(fd) != 0)
		err = hx_fail(diag, HX_E_IO, "cannot flush '%s': %s", path, strerror(errno));
	if (close(fd) != 0 && !err)
		err = hx_fail(diag, HX_E_IO, "cannot close '%s': %s", path, strerror(errno));
	if (!err && rename(tmp, path) != 0)
		err = hx_fail(diag, HX_E_IO, "cannot rename '%s' to '%s': %s", tmp, path,
			      strerror(errno));
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

enum hx_err hx_mkdir_p(const char *dir, struct hx_diag *diag)
{
	char *path = hx_xstrdup(dir);
	enum hx_err err = HX_OK;

	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			err = hx_fail(diag, HX_E_IO, "cannot create directory '%s': %s", path,
				      strerror(errno));
			break;
		}
		*p = saved;
		if (!saved)
			break;
	}
	free(path);
	return err;
}
