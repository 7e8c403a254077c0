// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdio.h>

#include "log.h"

static dfo_log_fn log_fn;
static enum dfo_log_level log_max = DFO_LOG_INFO;

static const char *const level_name[] = {
	[DFO_LOG_ERR] = "error",
	[DFO_LOG_WARN] = "warning",
	[DFO_LOG_INFO] = "info",
	[DFO_LOG_DEBUG] = "debug",
};

void dfo_log_set_handler(dfo_log_fn fn)
{
	log_fn = fn;
}

void dfo_log_set_level(enum dfo_log_level max)
{
	log_max = max;
}

void dfo_log(enum dfo_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_max)
		return;
	va_start(ap, fmt);
	if (log_fn) {
		log_fn(level, fmt, ap);
	} else {
		/* one line, also when another thread logs (dhcpfod's partner watch) */
		flockfile(stderr);
		fprintf(stderr, "dhcpfo: %s: ", level_name[level]);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		funlockfile(stderr);
	}
	va_end(ap);
}
