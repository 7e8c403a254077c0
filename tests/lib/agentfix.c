// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* In-process agent fixture pieces for the unit tests (agentfix.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentfix.h"
#include "dhcpfo_status.h"

void agentfix_quiet(enum dfo_log_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
}

void agentfix_mkdtemp(char *dir, const char *name)
{
	sprintf(dir, "/tmp/dfo-%.40s-XXXXXX", name);
	assert_non_null(mkdtemp(dir));
}

void agentfix_rmdir(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

void agentfix_config(struct dfod_config *cfg, const char *dir, const char *instance)
{
	char path[128], err[256];

	dfod_config_init(cfg);
	cfg->instance = strdup(instance);
	snprintf(path, sizeof(path), "%s/state", dir);
	cfg->state_dir = strdup(path);
	snprintf(path, sizeof(path), "%s/api.sock", dir);
	cfg->socket_path = strdup(path);
	cfg->no_xdp = true;
	cfg->no_signals = true;
	cfg->no_notify = true;
	if (dfod_config_finish(cfg, err, sizeof(err)))
		fail_msg("test bug: configuration: %s", err);
}

unsigned int agentfix_call(struct dfod_agent *a, struct dfod_res *res, const char *op,
			   const char *args)
{
	json_object *j = NULL;

	if (args) {
		j = json_tokener_parse(args);
		if (!j)
			fail_msg("test bug: bad JSON %s", args);
	}
	dfod_res_free(res);
	dfod_op_call(a, op, j, res);
	json_object_put(j);
	return res->status;
}

void agentfix_check_at(int line, unsigned int want, unsigned int got, const char *op,
		       const char *args, const char *msg)
{
	if (got != want)
		fail_msg("line %d: %s %s: expected %u %s, got %u %s (%s)", line, op,
			 args ? args : "", want, dhcpfo_status_name(want), got,
			 dhcpfo_status_name(got), msg);
}
