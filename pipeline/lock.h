/*
 * One run at a time per state folder: an flock(2) on STATE/lock, which the
 * kernel releases when the process dies, so a lock left by a dead run is
 * simply taken over. The file holds the holder's PID and start time, for the
 * message the second run prints.
 */
#ifndef HX_LOCK_H
#define HX_LOCK_H

#include <stdbool.h>

#include "err.h"

struct hx_lock {
	int fd;            /* -1 when not held */
	long stale_pid;    /* the PID a dead run left in the file, or 0 */
};

/*
 * Takes dir/lock (creating dir). HX_E_LOCKED, with the holder's PID and start
 * time in diag, when another live run holds it; HX_E_IO when the file cannot
 * be opened.
 */
enum hx_err hx_lock_acquire(const char *dir, struct hx_lock *lock, struct hx_diag *diag);
/* Releases the lock (the file stays, empty); accepts a lock never taken. */
void hx_lock_release(struct hx_lock *lock);

#endif
