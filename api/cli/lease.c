// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dhcpfo lease ...: the DHCP engine's leases (Get-DhcpServerv4Lease,
 * Remove-DhcpServerv4Lease).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define PAGE		1000
#define CID_COLUMN	24	/* client-ids longer than this are cut in tables */

/* ---- output ---------------------------------------------------------------- */

static const char *const owner_words[] = { "primary", "secondary", "excluded", "reserved" };

static const char *owner_word(const struct dhcpfo_lease *l)
{
	return l->owner >= 0 && l->owner < 4 ? owner_words[l->owner] : NULL;
}

static char *hex(const uint8_t *p, uint32_t n)
{
	char *s = malloc(2 * (size_t)n + 1);
	uint32_t i;

	if (!s) {
		fprintf(stderr, "dhcpfo: out of memory\n");
		exit(EXIT_API);
	}
	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	s[2 * n] = '\0';
	return s;
}

static json_object *lease_json(const struct dhcpfo_lease *l)
{
	json_object *o = json_object_new_object();
	char h[49], *cid = hex(l->client_id, l->client_id_len);

	json_object_object_add(o, "address", cli_json_ip(l->address));
	json_object_object_add(o, "scope", cli_json_ip(l->scope));
	json_object_object_add(o, "mask", cli_json_ip(l->mask));
	json_object_object_add(o, "state", cli_json_str(dhcpfo_lease_state_str(l->state)));
	json_object_object_add(o, "in_use", json_object_new_boolean(l->in_use));
	json_object_object_add(o, "hwaddr", cli_json_str(cli_mac(l->hwaddr, l->hwaddr_len, h)));
	json_object_object_add(o, "htype", json_object_new_uint64(l->htype));
	json_object_object_add(o, "client_id", cli_json_str(cid));
	json_object_object_add(o, "host", cli_json_str(l->host));
	json_object_object_add(o, "start", json_object_new_uint64(l->start));
	json_object_object_add(o, "end", cli_json_time(l->end));
	json_object_object_add(o, "cltt", json_object_new_uint64(l->cltt));
	json_object_object_add(o, "pexp", cli_json_time(l->pexp));
	json_object_object_add(o, "bootp", json_object_new_boolean(l->bootp));
	json_object_object_add(o, "reserved", json_object_new_boolean(l->reserved));
	json_object_object_add(o, "owner", cli_json_str(owner_word(l)));
	json_object_object_add(o, "relationship", cli_json_str(l->relationship));
	json_object_object_add(o, "server", cli_json_ip(l->server));
	free(cid);
	return o;
}

/*
 * The state column: a lease whose end has passed holds nothing any more
 * (the engine's timer will move it on); marked with a '*'.
 */
static bool past_end(const struct dhcpfo_lease *l)
{
	return !l->in_use && (l->state == DHCPFO_LEASE_ACTIVE || l->state == DHCPFO_LEASE_OFFERED ||
			      l->state == DHCPFO_LEASE_ABANDONED);
}

static void lease_row(struct table *t, const struct dhcpfo_lease *l)
{
	char a[16], h[49], e[32], *cid = hex(l->client_id, l->client_id_len);

	if (strlen(cid) > CID_COLUMN)
		strcpy(cid + CID_COLUMN - 3, "...");
	table_add(t, cli_ip(l->address, a), "", cli_mac(l->hwaddr, l->hwaddr_len, h),
		  *cid ? cid : "-", *l->host ? l->host : "-", cli_time_str(l->end, e), owner_word(l));
	table_addf(t, 1, "%s%s", dhcpfo_lease_state_str(l->state), past_end(l) ? "*" : "");
	free(cid);
}

static void lease_print(const struct dhcpfo_lease *l)
{
	char a[16], m[16], h[49], t[32], *cid = hex(l->client_id, l->client_id_len);

	printf("Address:          %s\n", cli_ip(l->address, a));
	printf("Scope:            %s/%s\n", cli_ip(l->scope, a), l->mask ? cli_ip(l->mask, m) :
	       "(scope deleted)");
	printf("State:            %s%s\n", dhcpfo_lease_state_str(l->state),
	       past_end(l) ? " (past its end: the address is free)" : "");
	printf("Hardware address: %s (type %u)\n", l->hwaddr_len ?
	       cli_mac(l->hwaddr, l->hwaddr_len, h) : "-", l->htype);
	printf("Client-id:        %s\n", *cid ? cid : "-");
	printf("Host name:        %s\n", *l->host ? l->host : "-");
	printf("Start:            %s\n", cli_time_str(l->start, t));
	printf("Expires:          %s\n", cli_time_str(l->end, t));
	printf("Last transaction: %s\n", cli_time_str(l->cltt, t));
	printf("Potential expiry: %s\n", l->pexp ? cli_time_str(l->pexp, t) : "-");
	printf("Client type:      %s%s\n", l->bootp ? "BOOTP" : "DHCP",
	       l->reserved ? ", reservation" : "");
	printf("Pool owner:       %s\n", owner_word(l) ? owner_word(l) : "-");
	printf("Relationship:     %s\n", l->relationship ? l->relationship : "-");
	printf("Granted by:       %s\n", l->server ? cli_ip(l->server, a) : "-");
	free(cid);
}

/* ---- lease list ---------------------------------------------------------- */

struct list_args {
	uint32_t scope;
	struct dhcpfo_lease_filter f;
	uint8_t hw[DHCPFO_HWADDR_MAX], cid[DHCPFO_CLIENT_ID_MAX];
};

static int list_opts(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv,
		     struct list_args *la)
{
	static const struct option lo[] = {
		{ "scope", required_argument, NULL, 'c' },
		{ "state", required_argument, NULL, 't' },
		{ "mac", required_argument, NULL, 'm' },
		{ "client-id", required_argument, NULL, 'i' },
		{ "host", required_argument, NULL, 'n' },
		CLI_COMMON_LONGOPTS
	};
	int o, r;

	GETOPT_LOOP("", lo) {
		switch (o) {
		case 'c':
			if (cli_parse_ip(optarg, &la->scope))
				return cli_usage(cmd, "--scope '%s' is not an IPv4 address", optarg);
			break;
		case 't':
			if (dhcpfo_lease_state_parse(optarg, &la->f.state))
				return cli_usage(cmd, "--state '%s': free, active, expired, released, "
						 "abandoned, reset, backup or offered", optarg);
			break;
		case 'm':
			if (cli_parse_mac(optarg, la->hw, &la->f.hwaddr_len))
				return cli_usage(cmd, "--mac '%s' is not a hardware address like "
						 "00:0c:01:02:03:04", optarg);
			la->f.hwaddr = la->hw;
			break;
		case 'i':
			if (cli_parse_hex(optarg, la->cid, sizeof(la->cid), &la->f.client_id_len))
				return cli_usage(cmd, "--client-id '%s' is not 1 to 255 bytes of hex "
						 "(type byte first: 01000c01020304)", optarg);
			la->f.client_id = la->cid;
			break;
		case 'n':
			if (!*optarg)
				return cli_usage(cmd, "--host needs a name or part of one");
			la->f.host = optarg;
			break;
		COMMON_DEFAULT;
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	return CLI_CONTINUE;
}

static int lease_list(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const char *head[] = { "ADDRESS", "STATE", "HW-ADDRESS", "CLIENT-ID", "HOST",
				      "EXPIRES", "OWNER" };
	struct dhcpfo_lease_array *page;
	struct list_args la = { 0 };
	uint32_t handle = 0, read, total, st, i, n = 0;
	json_object *arr = NULL;
	bool past = false;
	struct table t;
	int r;

	r = list_opts(cli, cmd, argc, argv, &la);
	if (r != CLI_CONTINUE)
		return cli_exit(r);
	if ((r = cli_connect(cli)))
		return r;
	if (cli->json)
		arr = json_object_new_array();
	table_init(&t, 7, head);
	for (;;) {
		st = dhcpfo_lease_enum(cli->c, la.scope, &la.f, &handle, PAGE, &page, &read, &total);
		if (st == DHCPFO_ERROR_NO_MORE_ITEMS)
			break;
		if (st && st != DHCPFO_ERROR_MORE_DATA) {
			table_free(&t);
			json_object_put(arr);
			return cli_api_error(st);
		}
		for (i = 0; i < page->n; i++) {
			if (arr) {
				json_object_array_add(arr, lease_json(&page->items[i]));
				continue;
			}
			lease_row(&t, &page->items[i]);
			past |= past_end(&page->items[i]);
		}
		n += page->n;
		dhcpfo_free(page);
		if (st != DHCPFO_ERROR_MORE_DATA)
			break;
	}
	if (arr) {
		cli_json_print(arr);
	} else if (!n) {
		printf("no leases\n");
	} else {
		table_print(&t);
		if (past)
			printf("* past its end: the address is free again\n");
	}
	table_free(&t);
	return 0;
}

/* ---- lease show / delete ------------------------------------------------------- */

struct key_args {
	struct dhcpfo_lease_key k;
	uint8_t hw[DHCPFO_HWADDR_MAX], cid[DHCPFO_CLIENT_ID_MAX];
};

/* ADDRESS, or one of --mac / --client-id / --host, and --scope. */
static int key_opts(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv,
		    struct key_args *ka)
{
	static const struct option lo[] = {
		{ "scope", required_argument, NULL, 'c' },
		{ "mac", required_argument, NULL, 'm' },
		{ "client-id", required_argument, NULL, 'i' },
		{ "host", required_argument, NULL, 'n' },
		CLI_COMMON_LONGOPTS
	};
	int o, r, keys = 0;

	GETOPT_LOOP("", lo) {
		switch (o) {
		case 'c':
			if (cli_parse_ip(optarg, &ka->k.scope))
				return cli_usage(cmd, "--scope '%s' is not an IPv4 address", optarg);
			break;
		case 'm':
			if (cli_parse_mac(optarg, ka->hw, &ka->k.hwaddr_len))
				return cli_usage(cmd, "--mac '%s' is not a hardware address like "
						 "00:0c:01:02:03:04", optarg);
			ka->k.type = DHCPFO_LEASE_BY_HWADDR;
			ka->k.hwaddr = ka->hw;
			keys++;
			break;
		case 'i':
			if (cli_parse_hex(optarg, ka->cid, sizeof(ka->cid), &ka->k.client_id_len))
				return cli_usage(cmd, "--client-id '%s' is not 1 to 255 bytes of hex",
						 optarg);
			ka->k.type = DHCPFO_LEASE_BY_CLIENT_ID;
			ka->k.client_id = ka->cid;
			keys++;
			break;
		case 'n':
			ka->k.type = DHCPFO_LEASE_BY_HOST;
			ka->k.host = optarg;
			keys++;
			break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		return cli_usage(cmd, "unexpected argument '%s'", argv[1]);
	if (argc == 1) {
		if (cli_parse_ip(argv[0], &ka->k.address))
			return cli_usage(cmd, "'%s' is not an IPv4 address", argv[0]);
		ka->k.type = DHCPFO_LEASE_BY_ADDRESS;
		keys++;
	}
	if (keys != 1)
		return cli_usage(cmd, "give one lease: ADDRESS, --mac, --client-id or --host");
	return CLI_CONTINUE;
}

static int lease_show(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct key_args ka = { 0 };
	struct dhcpfo_lease *l;
	uint32_t st;
	int r;

	r = key_opts(cli, cmd, argc, argv, &ka);
	if (r != CLI_CONTINUE)
		return cli_exit(r);
	if ((r = cli_connect(cli)))
		return r;
	st = dhcpfo_lease_get(cli->c, &ka.k, &l);
	if (st)
		return cli_api_error(st);
	if (cli->json)
		cli_json_print(lease_json(l));
	else
		lease_print(l);
	dhcpfo_free(l);
	return 0;
}

static int lease_delete(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct key_args ka = { 0 };
	struct dhcpfo_ip_array *gone;
	json_object *arr;
	uint32_t st, i;
	char a[16];
	int r;

	r = key_opts(cli, cmd, argc, argv, &ka);
	if (r != CLI_CONTINUE)
		return cli_exit(r);
	if ((r = cli_connect(cli)))
		return r;
	st = dhcpfo_lease_delete(cli->c, &ka.k, &gone);
	if (st)
		return cli_api_error(st);
	if (cli->json) {
		arr = json_object_new_array();
		for (i = 0; i < gone->n; i++)
			json_object_array_add(arr, cli_json_ip(gone->items[i]));
		cli_json_print(arr);
	} else {
		for (i = 0; i < gone->n; i++)
			printf("deleted the lease of %s\n", cli_ip(gone->items[i], a));
	}
	dhcpfo_free(gone);
	return 0;
}

const struct cli_cmd cli_lease_cmds[] = {
	{ "lease list", "[--scope S] [--state STATE] [--mac HW] [--client-id HEX] "
	  "[--host TEXT]",
	  "List the leases of the DHCP service (Get-DhcpServerv4Lease), by address.\n\n"
	  "  --scope S        only scope S (default: every scope)\n"
	  "  --state STATE    free, active, expired, released, abandoned (declined),\n"
	  "                   reset, backup or offered\n"
	  "  --mac HW         this hardware address (00:0c:01:02:03:04)\n"
	  "  --client-id HEX  this client-id, type byte first (01000c01020304)\n"
	  "  --host TEXT      host names containing TEXT (case-insensitive)\n"
	  "EXPIRES is local time. OWNER is the partner whose free pool holds the\n"
	  "address (primary/secondary), or reserved; '-' outside a relationship.\n",
	  lease_list },
	{ "lease show", "ADDRESS | --mac HW | --client-id HEX | --host NAME [--scope S]",
	  "Every field of one lease (DhcpGetClientInfoV4); by hardware address,\n"
	  "client-id or host name the lowest matching address.\n", lease_show },
	{ "lease delete", "ADDRESS | --mac HW | --client-id HEX | --host NAME [--scope S]",
	  "Delete leases (Remove-DhcpServerv4Lease, DhcpDeleteClientInfo): the address,\n"
	  "or every lease of the hardware address, client-id or host name. The\n"
	  "addresses become free; the agent answers once the delete is on disk.\n"
	  "A lease on a reservation is refused (remove the reservation).\n", lease_delete },
	{ NULL, NULL, NULL, NULL },
};
