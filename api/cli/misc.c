// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* dhcpfo datapath status, dhcpfo agent info. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int no_args(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = { CLI_COMMON_LONGOPTS };
	int o, r;

	while ((o = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, lo, NULL)) != -1) {
		r = cli_common_opt(cli, cmd, o, optarg);
		if (r != CLI_CONTINUE)
			return r;
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	return cli_connect(cli);
}

static json_object *dp_status_json(const struct dhcpfo_dp_status *s)
{
	json_object *j = json_object_new_object(), *ifs = json_object_new_array();
	uint32_t i, k;

	json_object_object_add(j, "pin_dir", cli_json_str(s->pin_dir));
	for (i = 0; i < s->n_ifaces; i++) {
		const struct dhcpfo_dp_iface *f = &s->ifaces[i];
		json_object *o = json_object_new_object(), *addrs = json_object_new_array();

		json_object_object_add(o, "name", cli_json_str(f->name));
		json_object_object_add(o, "ifindex", json_object_new_uint64(f->ifindex));
		json_object_object_add(o, "xdp_mode", cli_json_str(f->xdp_mode));
		json_object_object_add(o, "prog_id", json_object_new_uint64(f->prog_id));
		for (k = 0; k < f->n_addresses; k++)
			json_object_array_add(addrs, cli_json_ip(f->addresses[k]));
		json_object_object_add(o, "addresses", addrs);
		json_object_array_add(ifs, o);
	}
	json_object_object_add(j, "interfaces", ifs);
	json_object_object_add(j, "global", s->xdp ? cli_counters_json(&s->global) : NULL);
	return j;
}

static int dp_status(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const char *ihead[] = { "INTERFACE", "IFINDEX", "XDP-MODE", "PROG-ID", "ADDRESSES" };
	static const char *chead[] = { "COUNTER", "VALUE" };
	struct dhcpfo_dp_status *s;
	struct table t;
	uint32_t st, i, k;
	int r;

	if ((r = no_args(cli, cmd, argc, argv)))
		return cli_exit(r);
	st = dhcpfo_datapath_status(cli->c, &s);
	if (st)
		return cli_api_error(st);
	if (cli->json) {
		cli_json_print(dp_status_json(s));
		dhcpfo_free(s);
		return 0;
	}
	printf("Pin directory: %s\n\n", s->pin_dir ? s->pin_dir : "- (no XDP program)");
	table_init(&t, 5, ihead);
	for (i = 0; i < s->n_ifaces; i++) {
		const struct dhcpfo_dp_iface *f = &s->ifaces[i];
		char *addrs = calloc(1, 16 * (size_t)f->n_addresses + 2), a[16];

		for (k = 0; addrs && k < f->n_addresses; k++) {
			if (k)
				strcat(addrs, ",");
			strcat(addrs, cli_ip(f->addresses[k], a));
		}
		table_add(&t, f->name, "", f->xdp_mode, "", addrs && *addrs ? addrs : "-");
		table_addf(&t, 1, "%u", f->ifindex);
		if (f->prog_id)
			table_addf(&t, 3, "%u", f->prog_id);
		else
			table_addf(&t, 3, "-");
		free(addrs);
	}
	table_print(&t);
	table_free(&t);
	if (s->xdp) {
		printf("\n");
		table_init(&t, 2, chead);
		for (i = 0; i < s->global.n; i++) {
			table_add(&t, s->global.items[i].name, "");
			table_addf(&t, 1, "%llu", (unsigned long long)s->global.items[i].value);
		}
		table_print(&t);
		table_free(&t);
	} else {
		printf("\n(no XDP counters: the agent runs without the datapath)\n");
	}
	dhcpfo_free(s);
	return 0;
}

static int agent_info(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct dhcpfo_agent_info *ai;
	uint32_t st;
	int r;

	if ((r = no_args(cli, cmd, argc, argv)))
		return cli_exit(r);
	st = dhcpfo_agent_info(cli->c, &ai);
	if (st)
		return cli_api_error(st);
	if (cli->json) {
		json_object *j = json_object_new_object();

		json_object_object_add(j, "version", cli_json_str(ai->version));
		json_object_object_add(j, "instance", cli_json_str(ai->instance));
		json_object_object_add(j, "state_file", cli_json_str(ai->state_file));
		json_object_object_add(j, "max_relationships",
				       json_object_new_uint64(ai->max_relationships));
		json_object_object_add(j, "socket",
				       cli_json_str(dhcpfo_client__socket_path(cli->c)));
		json_object_object_add(j, "server", cli_json_str(dhcpfo_client__server(cli->c)));
		cli_json_print(j);
	} else {
		printf("Version:           %s\nInstance:          %s\nState file:        %s\n"
		       "Max relationships: %u\n%s%s\n", ai->version,
		       ai->instance ? ai->instance : "-", ai->state_file ? ai->state_file : "-",
		       ai->max_relationships, dhcpfo_client__is_remote(cli->c) ?
		       "Server (TCP):      " : "Socket:            ", dhcpfo_client__server(cli->c));
	}
	dhcpfo_free(ai);
	return 0;
}

const struct cli_cmd cli_misc_cmds[] = {
	{ "datapath status", "",
	  "The XDP datapath: interfaces with their XDP mode and program id, the BPF pin\n"
	  "directory and the global counters.\n", dp_status },
	{ "agent info", "", "The agent's version, instance, state file and limits.\n", agent_info },
	{ NULL, NULL, NULL, NULL },
};
