/* Unit tests for capped reads and atomic writes. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsio.h"

static char dir[] = "/tmp/hx-fsio-XXXXXX";

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(fsio, .init = setup, .fini = teardown);

static size_t entries(void)
{
	DIR *d = opendir(dir);
	size_t n = 0;

	while (d && readdir(d))
		n++;
	closedir(d);
	return n - 2;
}

Test(fsio, writes_through_a_temporary_file_and_leaves_none_behind)
{
	char path[128];
	struct hx_diag diag = {0};
	struct hx_buf buf = HX_BUF_INIT(0);

	snprintf(path, sizeof(path), "%s/out.md", dir);
	cr_assert_eq(hx_file_write_atomic(path, "old\n", 4, &diag), HX_OK);
	cr_assert_eq(hx_file_write_atomic(path, "new text\n", 9, &diag), HX_OK);
	cr_assert_eq(entries(), 1, "only the renamed file remains");
	cr_assert_eq(hx_file_read(path, 1024, &buf, &diag), HX_OK);
	cr_assert_str_eq(buf.data, "new text\n");
	hx_buf_release(&buf);
}

Test(fsio, refuses_a_file_over_the_cap_naming_it)
{
	char path[128];
	struct hx_diag diag = {0};
	struct hx_buf buf = HX_BUF_INIT(0);
	FILE *f;

	snprintf(path, sizeof(path), "%s/big.txt", dir);
	f = fopen(path, "w");
	for (int i = 0; i < 2048; i++)
		fputc('x', f);
	fclose(f);
	cr_assert_eq(hx_file_read(path, 2048, &buf, &diag), HX_OK, "exactly the cap is allowed");
	hx_buf_release(&buf);
	cr_assert_eq(hx_file_read(path, 2047, &buf, &diag), HX_E_LIMIT);
	cr_assert(strstr(diag.msg, "big.txt") && strstr(diag.msg, "2047"), "got: %s", diag.msg);
	hx_buf_release(&buf);
}

Test(fsio, names_a_missing_file_and_a_directory)
{
	struct hx_diag diag = {0};
	struct hx_buf buf = HX_BUF_INIT(0);

	cr_assert_eq(hx_file_read("/nonexistent/x.txt", 100, &buf, &diag), HX_E_IO);
	cr_assert(strstr(diag.msg, "/nonexistent/x.txt"), "got: %s", diag.msg);
	cr_assert_eq(hx_file_read(dir, 100, &buf, &diag), HX_E_IO);
	cr_assert(strstr(diag.msg, "is a directory"), "got: %s", diag.msg);
	hx_buf_release(&buf);
}

Test(fsio, fails_cleanly_when_the_folder_is_missing)
{
	char path[128];
	struct hx_diag diag = {0};

	snprintf(path, sizeof(path), "%s/no/such/out.md", dir);
	cr_assert_eq(hx_file_write_atomic(path, "x", 1, &diag), HX_E_IO);
	cr_assert(strstr(diag.msg, "out.md"), "got: %s", diag.msg);
}

Test(fsio, creates_nested_folders)
{
	char path[128];
	struct hx_diag diag = {0};
	struct stat st;

	snprintf(path, sizeof(path), "%s/a/b/c", dir);
	cr_assert_eq(hx_mkdir_p(path, &diag), HX_OK);
	cr_assert_eq(hx_mkdir_p(path, &diag), HX_OK, "existing folders are fine");
	cr_assert(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

Test(fsio, reads_an_empty_file_as_an_empty_string)
{
	char path[64];
	struct hx_buf b = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	FILE *f;

	snprintf(path, sizeof(path), "%s/empty", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fclose(f);
	cr_assert_eq(hx_file_read(path, 1024, &b, &diag), HX_OK);
	cr_assert_eq(b.len, 0);
	cr_assert_str_eq(hx_buf_str(&b), "");
	cr_assert(!b.data || b.data[0] == '\0', "the data is NUL-terminated");
	hx_buf_release(&b);
}
