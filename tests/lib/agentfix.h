/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * cmocka fixture pieces for unit tests that run dhcpfod in-process (no XDP,
 * no signals, state under a temporary directory) and call its ops. Each
 * fails the running test on error. Test programs only: it needs cmocka and
 * the agent, so the Makefile keeps it out of the tools and benches.
 */
#ifndef DFO_TEST_AGENTFIX_H
#define DFO_TEST_AGENTFIX_H

#include <stdarg.h>

#include "dhcpfod/config.h"
#include "dhcpfod/ops.h"
#include "log.h"

/* A dfo_log_set_handler() handler that drops everything. */
void agentfix_quiet(enum dfo_log_level level, const char *fmt, va_list ap);

/* Create /tmp/dfo-@name-XXXXXX into @dir (at least 64 bytes). */
void agentfix_mkdtemp(char *dir, const char *name);
/* Remove @dir and everything in it. */
void agentfix_rmdir(const char *dir);

/*
 * A finished @cfg for agent @instance with its state directory and socket
 * in @dir, without XDP, signal handling or readiness notification.
 */
void agentfix_config(struct dfod_config *cfg, const char *dir, const char *instance);

/* Run @op with the JSON text @args (may be NULL); the reply in @res, its status returned. */
unsigned int agentfix_call(struct dfod_agent *a, struct dfod_res *res, const char *op,
			   const char *args);
/* Fail the test, naming @line, when @op @args returned @got (message @msg) rather than @want. */
void agentfix_check_at(int line, unsigned int want, unsigned int got, const char *op,
		       const char *args, const char *msg);

#endif
