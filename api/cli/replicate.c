// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dhcpfo failover replicate | diff (Invoke-DhcpServerv4FailoverReplication,
 * and the drift the cmdlets do not show), and the in-sync line of
 * failover show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define MAX_ARGS	4096

static const char *outcome_str(enum dhcpfo_sync_outcome o)
{
	switch (o) {
	case DHCPFO_SYNC_UNCHANGED: return "unchanged";
	case DHCPFO_SYNC_REPLICATED: return "replicated";
	case DHCPFO_SYNC_DIFFERS: return "differs";
	default: return "error";
	}
}

static json_object *lines_json(const struct dhcpfo_scope_sync_array *ls)
{
	json_object *arr = json_object_new_array();
	uint32_t i, j;

	for (i = 0; i < ls->n; i++) {
		const struct dhcpfo_scope_sync *l = &ls->items[i];
		json_object *o = json_object_new_object(), *d = json_object_new_array();

		json_object_object_add(o, "scope", l->scope ? cli_json_ip(l->scope) : NULL);
		json_object_object_add(o, "relationship", cli_json_str(l->relationship));
		json_object_object_add(o, "partner", l->partner ? cli_json_ip(l->partner) : NULL);
		json_object_object_add(o, "result", cli_json_str(outcome_str(l->outcome)));
		json_object_object_add(o, "status", json_object_new_uint64(l->status));
		if (l->status)
			json_object_object_add(o, "error", cli_json_str(dhcpfo_status_name(l->status)));
		json_object_object_add(o, "message", cli_json_str(l->message));
		for (j = 0; j < l->n_diffs; j++) {
			json_object *x = json_object_new_object();

			json_object_object_add(x, "what", cli_json_str(l->diffs[j].what));
			json_object_object_add(x, "here", cli_json_str(l->diffs[j].here));
			json_object_object_add(x, "partner", cli_json_str(l->diffs[j].partner));
			json_object_array_add(d, x);
		}
		json_object_object_add(o, "differences", d);
		json_object_array_add(arr, o);
	}
	return arr;
}

static void print_diffs(const struct dhcpfo_scope_sync *l)
{
	uint32_t j;

	for (j = 0; j < l->n_diffs; j++)
		printf("    %-34s here: %-28s partner: %s\n", l->diffs[j].what,
		       l->diffs[j].here ? l->diffs[j].here : "(none)",
		       l->diffs[j].partner ? l->diffs[j].partner : "(none)");
}

static void print_lines(const struct dhcpfo_scope_sync_array *ls, bool equal_too)
{
	uint32_t i;

	for (i = 0; i < ls->n; i++) {
		const struct dhcpfo_scope_sync *l = &ls->items[i];

		if (l->outcome == DHCPFO_SYNC_UNCHANGED && !equal_too)
			continue;
		printf("%s\n", l->message);
		print_diffs(l);
	}
}

/* Lines out; exit 1 when a scope failed (its error is in its line). */
static int output(struct cli *cli, struct dhcpfo_scope_sync_array *ls, bool equal_too)
{
	int rc = ls->n_failed ? EXIT_API : 0;

	if (cli->json)
		cli_json_print(lines_json(ls));
	else
		print_lines(ls, equal_too);
	if (ls->n_failed && !cli->json)
		fprintf(stderr, "dhcpfo: %u of %u scope%s failed (see above)\n", ls->n_failed, ls->n,
			ls->n == 1 ? "" : "s");
	dhcpfo_free(ls);
	return rc;
}

/* The scopes that differ: what the confirmed replication is limited to. */
static uint32_t differing(const struct dhcpfo_scope_sync_array *ls, uint32_t *scopes)
{
	uint32_t i, n = 0;

	for (i = 0; i < ls->n; i++)
		if (ls->items[i].outcome == DHCPFO_SYNC_DIFFERS)
			scopes[n++] = ls->items[i].scope;
	return n;
}

static bool confirm(uint32_t n)
{
	char line[64];

	printf("Replicate %u scope%s to the partner, replacing the partner's copy? [y/N] ", n,
	       n == 1 ? "" : "s");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	return !strcmp(line, "y\n") || !strcmp(line, "Y\n") || !strcmp(line, "yes\n");
}

static int fo_replicate(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "scope", required_argument, NULL, 'c' },
		{ "name", required_argument, NULL, 'N' },
		{ "force", no_argument, NULL, 'f' },
		CLI_COMMON_LONGOPTS
	};
	static uint32_t scopes[MAX_ARGS], todo[MAX_ARGS];
	const char *names[MAX_ARGS];
	struct dhcpfo_scope_sync_array *ls;
	uint32_t n_scopes = 0, n_names = 0, n, st;
	bool force = false;
	int o, r;

	GETOPT_LOOP("f", lo) {
		switch (o) {
		case 'c':
			if (n_scopes == MAX_ARGS || cli_parse_ip(optarg, &scopes[n_scopes]))
				return cli_usage(cmd, "--scope '%s' is not an IPv4 scope address", optarg);
			n_scopes++;
			break;
		case 'N':
			if (n_names == MAX_ARGS)
				return cli_usage(cmd, "too many --name");
			names[n_names++] = optarg;
			break;
		case 'f':
			force = true;
			break;
		COMMON_DEFAULT;
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (n_scopes && n_names)
		return cli_usage(cmd, "give --scope or --name, not both");
	if (!force && !cli->json && !isatty(STDIN_FILENO)) {
		fprintf(stderr, "dhcpfo: failover replicate replaces the partner's configuration and "
			"asks first, but stdin is not a terminal: add --force to replicate without "
			"asking (see 'dhcpfo failover diff' for what would change)\n");
		return EXIT_USAGE;
	}
	if (!force && cli->json)
		return cli_usage(cmd, "--json cannot ask for confirmation: add --force");
	if ((r = cli_connect(cli)))
		return r;
	/* without --force: show what would change, then ask */
	st = n_scopes ? dhcpfo_failover_replicate_by_scope_id(cli->c, scopes, n_scopes, force, &ls) :
			dhcpfo_failover_replicate_by_name(cli->c, names, n_names, force, &ls);
	if (st)
		return cli_api_error(st);
	if (force)
		return output(cli, ls, true);
	n = differing(ls, todo);
	print_lines(ls, true);
	r = ls->n_failed ? EXIT_API : 0;
	if (ls->n_failed)
		fprintf(stderr, "dhcpfo: %u of %u scope%s cannot be replicated (see above)\n",
			ls->n_failed, ls->n, ls->n == 1 ? "" : "s");
	dhcpfo_free(ls);
	if (!n) {
		printf("Nothing to replicate.\n");
		return r;
	}
	if (!confirm(n)) {
		printf("Nothing was changed.\n");
		return r;
	}
	st = dhcpfo_failover_replicate_by_scope_id(cli->c, todo, n, true, &ls);
	if (st)
		return cli_api_error(st);
	n = output(cli, ls, true);
	return r ? r : (int)n;
}

static int fo_diff(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = { CLI_COMMON_LONGOPTS };
	struct dhcpfo_scope_sync_array *ls;
	uint32_t st;
	int o, r;

	GETOPT_LOOP("", lo) {
		switch (o) {
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if ((r = cli_connect(cli)))
		return r;
	st = dhcpfo_failover_diff(cli->c, (const char *const *)argv, (uint32_t)argc, &ls);
	if (st)
		return cli_api_error(st);
	return output(cli, ls, true);
}

/* ---- failover show ----------------------------------------------------------- */

void cli_sync_print(struct cli *cli, const char *name)
{
	char here[DHCPFO_DIGEST_HEX_LEN + 1] = "", there[DHCPFO_DIGEST_HEX_LEN + 1];
	bool in_sync;
	uint32_t st = dhcpfo_failover_sync_check(cli->c, name, &in_sync, here, there);

	if (st)
		printf("Configuration:         digest %.16s, partner's unknown: %s (%s)\n",
		       *here ? here : "?", dhcpfo_status_name(st), dhcpfo_strerror_last());
	else if (in_sync)
		printf("Configuration:         in sync with the partner (digest %.16s)\n", here);
	else
		printf("Configuration:         DRIFTED: digest %.16s here, %.16s on the partner "
		       "(dhcpfo failover diff %s)\n", here, there, name);
}

void cli_sync_json(struct cli *cli, const char *name, json_object *j)
{
	char here[DHCPFO_DIGEST_HEX_LEN + 1] = "", there[DHCPFO_DIGEST_HEX_LEN + 1];
	json_object *o = json_object_new_object();
	bool in_sync;
	uint32_t st = dhcpfo_failover_sync_check(cli->c, name, &in_sync, here, there);

	json_object_object_add(o, "digest", *here ? cli_json_str(here) : NULL);
	if (st) {
		json_object_object_add(o, "state", cli_json_str("unknown"));
		json_object_object_add(o, "error", cli_json_str(dhcpfo_status_name(st)));
		json_object_object_add(o, "message", cli_json_str(dhcpfo_strerror_last()));
	} else {
		json_object_object_add(o, "state", cli_json_str(in_sync ? "in-sync" : "drifted"));
		json_object_object_add(o, "partner_digest", cli_json_str(there));
	}
	json_object_object_add(j, "sync", o);
}

const struct cli_cmd cli_repl_cmds[] = {
	{ "failover replicate", "[--scope S ...] [--name N ...] [--force]",
	  "Make the partner's copy of each scope equal to this server's\n"
	  "(Invoke-DhcpServerv4FailoverReplication): name, comment, state, lease duration,\n"
	  "ranges, exclusions, reservations and option values, each scope in one\n"
	  "all-or-nothing step on the partner. Server-level settings are not replicated.\n"
	  "Without --scope or --name: the scopes of every relationship.\n\n"
	  "Without --force it shows what would change and asks (y/N); with stdin not a\n"
	  "terminal it refuses unless --force is given. One line per scope: replicated,\n"
	  "unchanged, or the error (ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP,\n"
	  "ERROR_DHCP_SERVER_NOT_REACHABLE, ...); exit 1 when a scope failed.\n", fo_replicate },
	{ "failover diff", "[NAME...]",
	  "Field by field, where the partner's copies of the relationships' scopes\n"
	  "differ from this server's (all relationships without NAME). Changes nothing.\n",
	  fo_diff },
	{ NULL, NULL, NULL, NULL },
};
