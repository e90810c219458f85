/* Files in and out: capped reads, and writes that are never seen half-done. */
#ifndef HX_FSIO_H
#define HX_FSIO_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/*
 * Reads the whole of path ("-" for standard input) into out, which must be
 * initialised; refuses with HX_E_LIMIT, naming the file, anything over max bytes.
 */
enum hx_err hx_file_read(const char *path, size_t max, struct hx_buf *out, struct hx_diag *diag);
/*
 * Writes len bytes to path through a temporary file in the same directory,
 * flushed and renamed into place: readers see the old file or the new one.
 * path "-" writes to standard output; a path that exists and is not a regular
 * file (/dev/null, a FIFO) is written in place.
 */
enum hx_err hx_file_write_atomic(const char *path, const void *data, size_t len,
				 struct hx_diag *diag);
/* Creates dir and its missing parents (like mkdir -p). */
enum hx_err hx_mkdir_p(const char *dir, struct hx_diag *diag);

#endif
