/* The run lock: flock(2) on STATE/lock, with the holder's PID written in it. */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fsio.h"

enum hx_err hx_lock_acquire(const char *dir, struct hx_lock *lock, struct hx_diag *diag)
{
	struct hx_buf path = HX_BUF_INIT(4096);
	char held[128] = "", line[128];
	ssize_t n;
	struct tm tm;
	time_t now = time(NULL);
	enum hx_err err;

	lock->fd = -1;
	lock->stale_pid = 0;
	err = hx_mkdir_p(dir, diag);
	if (!err && (err = hx_buf_addf(&path, "%s/lock", dir)))
		err = hx_fail(diag, err, "the state folder path '%s' is too long", dir);
	if (err) {
		hx_buf_release(&path);
		return err;
	}
	lock->fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lock->fd < 0) {
		err = hx_fail(diag, HX_E_IO, "cannot open the lock file '%s': %s", path.data,
			      strerror(errno));
		hx_buf_release(&path);
		return err;
	}
	n = pread(lock->fd, held, sizeof(held) - 1, 0);
	held[n > 0 ? n : 0] = '\0';
	held[strcspn(held, "\n")] = '\0';
	if (flock(lock->fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;

		close(lock->fd);
		lock->fd = -1;
		if (e == EWOULDBLOCK)
			err = hx_fail(diag, HX_E_LOCKED,
				      "another hexaglot run holds '%s' (%s); wait for it to finish",
				      path.data, held[0] ? held : "PID unknown");
		else
			err = hx_fail(diag, HX_E_IO, "cannot lock '%s': %s", path.data, strerror(e));
		hx_buf_release(&path);
		return err;
	}
	/* held by us now: whoever wrote the file is gone */
	if (held[0])
		lock->stale_pid = strtol(held + (strncmp(held, "pid ", 4) ? 0 : 4), NULL, 10);
	gmtime_r(&now, &tm);
	snprintf(line, sizeof(line), "pid %ld, started %04d-%02d-%02dT%02d:%02d:%02dZ\n",
		 (long)getpid(), tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
	if (ftruncate(lock->fd, 0) != 0 ||
	    pwrite(lock->fd, line, strlen(line), 0) != (ssize_t)strlen(line))
		hx_warn(diag, "cannot write the PID into '%s': %s", path.data, strerror(errno));
	hx_buf_release(&path);
	return HX_OK;
}

void hx_lock_release(struct hx_lock *lock)
{
	if (lock->fd < 0)
		return;
	if (ftruncate(lock->fd, 0) != 0) {
		/* an old PID in the file only makes the next run say it took the lock over */
	}
	flock(lock->fd, LOCK_UN);
	close(lock->fd);
	lock->fd = -1;
}
