/* Leveled logging to standard error. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

static enum hx_log_level log_level = HX_LOG_WARN;

void hx_log_set_level(enum hx_log_level level)
{
	log_level = level;
}

enum hx_log_level hx_log_get_level(void)
{
	return log_level;
}

static void log_line(enum hx_log_level level, const char *tag, const char *fmt, va_list ap)
{
	if (level > log_level)
		return;
	fputs("hexaglot: ", stderr);
	fputs(tag, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void hx_log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(HX_LOG_ERROR, "error: ", fmt, ap);
	va_end(ap);
}

void hx_log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(HX_LOG_WARN, "warning: ", fmt, ap);
	va_end(ap);
}

void hx_log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(HX_LOG_INFO, "", fmt, ap);
	va_end(ap);
}

void hx_log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(HX_LOG_DEBUG, "debug: ", fmt, ap);
	va_end(ap);
}
