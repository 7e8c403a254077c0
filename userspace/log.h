/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef DHCPFO_LOG_H
#define DHCPFO_LOG_H

#include <stdarg.h>

enum dfo_log_level {
	DFO_LOG_ERR,
	DFO_LOG_WARN,
	DFO_LOG_INFO,
	DFO_LOG_DEBUG,
};

typedef void (*dfo_log_fn)(enum dfo_log_level level, const char *fmt, va_list ap);

/* Replace the sink (default: stderr, "dhcpfo: <level>: ..."); NULL restores it. */
void dfo_log_set_handler(dfo_log_fn fn);
void dfo_log_set_level(enum dfo_log_level max);
void dfo_log(enum dfo_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define dfo_err(...)	dfo_log(DFO_LOG_ERR, __VA_ARGS__)
#define dfo_warn(...)	dfo_log(DFO_LOG_WARN, __VA_ARGS__)
#define dfo_info(...)	dfo_log(DFO_LOG_INFO, __VA_ARGS__)
#define dfo_dbg(...)	dfo_log(DFO_LOG_DEBUG, __VA_ARGS__)

#endif
