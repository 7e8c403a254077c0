// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dhcpfo: manage dhcpfod's scopes, failover relationships and leases,
 * shaped like the DhcpServer PowerShell cmdlets. See dhcpfo(8).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

extern const struct cli_cmd cli_lease_cmds[];	/* lease.c */

static const struct cli_cmd *const cmd_tables[] = {
	cli_scope_cmds, cli_failover_cmds, cli_repl_cmds, cli_lease_cmds, cli_misc_cmds,
};

static void main_help(void)
{
	size_t t;
	const struct cli_cmd *c;

	printf("usage: dhcpfo [OPTIONS] COMMAND [ARGS]\n\n"
	       "Manage the scopes, DHCPv4 failover relationships and leases of dhcpfod.\n\n"
	       "Commands:\n");
	for (t = 0; t < sizeof(cmd_tables) / sizeof(cmd_tables[0]); t++)
		for (c = cmd_tables[t]; c->path; c++)
			printf("  %s%s%s\n", c->path, *c->usage ? " " : "", c->usage);
	printf("\nOptions (also accepted after the command):\n");
	cli_common_help();
	printf("  -h, --help          this text; 'dhcpfo COMMAND --help' for a command\n\n"
	       "Exit status: 0 success, 1 the server refused (error name, code and message\n"
	       "on stderr), 2 usage error. See dhcpfo(8).\n");
}

/* The longest command path matching the leading words of argv. */
static const struct cli_cmd *find_cmd(int argc, char **argv, int *words)
{
	const struct cli_cmd *best = NULL, *c;
	int best_n = 0;
	size_t t;

	for (t = 0; t < sizeof(cmd_tables) / sizeof(cmd_tables[0]); t++) {
		for (c = cmd_tables[t]; c->path; c++) {
			const char *p = c->path;
			int n = 0;

			while (n < argc) {
				size_t len = strlen(argv[n]);

				if (strncmp(p, argv[n], len) || (p[len] != ' ' && p[len] != '\0'))
					break;
				n++;
				p += len;
				if (!*p)
					break;
				p++;
			}
			if (!*p && n > best_n) {
				best = c;
				best_n = n;
			}
		}
	}
	*words = best_n;
	return best;
}

/* The command words given, for "unknown command" and group help. */
static int group_help(int argc, char **argv)
{
	size_t t, len;
	const struct cli_cmd *c;
	char prefix[64] = "";
	int i, found = 0;

	for (i = 0; i < argc && argv[i][0] != '-'; i++) {
		if (strlen(prefix) + strlen(argv[i]) + 2 > sizeof(prefix))
			break;
		if (*prefix)
			strcat(prefix, " ");
		strcat(prefix, argv[i]);
	}
	len = strlen(prefix);
	for (t = 0; t < sizeof(cmd_tables) / sizeof(cmd_tables[0]); t++)
		for (c = cmd_tables[t]; c->path; c++)
			if (len && !strncmp(c->path, prefix, len) && c->path[len] == ' ') {
				if (!found++)
					printf("usage:\n");
				printf("  dhcpfo %s%s%s\n", c->path, *c->usage ? " " : "", c->usage);
			}
	if (found) {
		bool help = false;

		for (i = 0; i < argc; i++)
			help |= !strcmp(argv[i], "-h") || !strcmp(argv[i], "--help");
		if (help)
			return 0;
		fprintf(stderr, "dhcpfo: '%s' needs a subcommand (see above)\n", prefix);
		return EXIT_USAGE;
	}
	return cli_usage(NULL, "unknown command '%s'", prefix);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = { CLI_COMMON_LONGOPTS };
	static const struct cli_cmd top = { "", "COMMAND [ARGS]", "", NULL };
	struct cli cli = { 0 };
	const struct cli_cmd *cmd;
	int o, r, words;

	/* global options before the command; '+': stop at the command word */
	opterr = 1;
	while ((o = getopt_long(argc, argv, "+" CLI_COMMON_SHORTOPTS, opts, NULL)) != -1) {
		if (o == 'h') {
			main_help();
			return 0;
		}
		r = cli_common_opt(&cli, &top, o, optarg);
		if (r != CLI_CONTINUE)
			return cli_exit(r);
	}
	argc -= optind;
	argv += optind;
	if (!argc)
		return cli_usage(NULL, "no command given");
	cmd = find_cmd(argc, argv, &words);
	if (!cmd)
		return group_help(argc, argv);
	/* the command sees argv[0] = its last word, then its arguments */
	argc -= words - 1;
	argv += words - 1;
	optind = 0;
	r = cmd->run(&cli, cmd, argc, argv);
	dhcpfo_client__close(cli.c);
	return r;
}
