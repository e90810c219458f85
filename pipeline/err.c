/* Error names, messages and exit statuses, generated from the one list in err.h. */
#include "err.h"

#include <stdio.h>
#include <stdlib.h>

#include "mem.h"

static const struct {
	const char *name;
	const char *message;
	int status;
} err_table[] = {
#define HX_ERR_ROW(code, st, msg) [code] = {#code, msg, st},
	HX_ERRORS(HX_ERR_ROW)
#undef HX_ERR_ROW
};

const char *hx_err_name(enum hx_err err)
{
	if ((unsigned)err >= HX_ERR_COUNT)
		return "HX_E_UNKNOWN";
	return err_table[err].name;
}

const char *hx_err_message(enum hx_err err)
{
	if ((unsigned)err >= HX_ERR_COUNT)
		return "unknown error";
	return err_table[err].message;
}

int hx_err_exit_status(enum hx_err err)
{
	if ((unsigned)err >= HX_ERR_COUNT)
		return 70;
	return err_table[err].status;
}

enum hx_err hx_fail(struct hx_diag *diag, enum hx_err err, const char *fmt, ...)
{
	va_list ap;

	if (!diag)
		return err;
	diag->err = err;
	va_start(ap, fmt);
	vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
	va_end(ap);
	return err;
}

void hx_warn(struct hx_diag *diag, const char *fmt, ...)
{
	va_list ap;
	char line[HX_DIAG_MSG_MAX];

	if (!diag)
		return;
	if (diag->nwarnings == HX_DIAG_WARN_MAX) {
		diag->warnings_dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	diag->warnings[diag->nwarnings++] = hx_xstrdup(line);
}

void hx_diag_release(struct hx_diag *diag)
{
	for (size_t i = 0; i < diag->nwarnings; i++)
		free(diag->warnings[i]);
	diag->nwarnings = 0;
	diag->warnings_dropped = 0;
	diag->err = HX_OK;
	diag->msg[0] = '\0';
}

const char *hx_diag_message(const struct hx_diag *diag)
{
	if (diag->msg[0])
		return diag->msg;
	return hx_err_message(diag->err);
}
