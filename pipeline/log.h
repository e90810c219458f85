/* Messages to the user on standard error; stages never print, the driver and commands do. */
#ifndef HX_LOG_H
#define HX_LOG_H

enum hx_log_level { HX_LOG_QUIET = 0, HX_LOG_ERROR, HX_LOG_WARN, HX_LOG_INFO, HX_LOG_DEBUG };

void hx_log_set_level(enum hx_log_level level);
enum hx_log_level hx_log_get_level(void);
/* "hexaglot: error: ..." */
void hx_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "hexaglot: warning: ..." */
void hx_log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "hexaglot: ..." */
void hx_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hx_log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
