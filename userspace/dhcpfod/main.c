// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dhcpfod: main() and argument glue only. Everything else lives in the
 * other files of this directory, which the unit tests link as well.
 */
#include <stdio.h>

#include "agent.h"
#include "config.h"
#include "log.h"

int main(int argc, char **argv)
{
	struct dfod_config cfg;
	char err[1024];
	int rc;

	dfod_config_init(&cfg);
	if (dfod_config_args(&cfg, argc, argv, err, sizeof(err)) ||
	    dfod_config_finish(&cfg, err, sizeof(err))) {
		fprintf(stderr, "dhcpfod: %s\nTry 'dhcpfod --help'.\n", err);
		dfod_config_free(&cfg);
		return 2;
	}
	dfo_log_set_level(cfg.log_level);
	switch (cfg.action) {
	case DFOD_HELP:
		fputs(dfod_usage, stdout);
		rc = 0;
		break;
	case DFOD_VERSION_ACTION:
		printf("dhcpfod %s\n", DFOD_VERSION);
		rc = 0;
		break;
	case DFOD_UNPIN:
		rc = dfod_unpin(&cfg);
		break;
	case DFOD_CALL:
	case DFOD_CALL_RAW:
		rc = dfod_call(&cfg);
		break;
	default:
		rc = dfod_run(&cfg);
		break;
	}
	dfod_config_free(&cfg);
	return rc;
}
