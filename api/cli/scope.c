// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dhcpfo scope ...: scopes, ranges, exclusions, reservations and option
 * values (Add-/Get-/Set-/Remove-DhcpServerv4Scope, -ExclusionRange,
 * -Reservation, -OptionValue).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

/* ---- shared ------------------------------------------------------------ */

static int need_scope(const struct cli_cmd *cmd, int argc, char **argv, uint32_t *scope)
{
	if (argc < 1)
		return cli_usage(cmd, "missing the scope address");
	if (cli_parse_ip(argv[0], scope))
		return cli_usage(cmd, "'%s' is not an IPv4 scope address", argv[0]);
	return 0;
}

/* Every scope address, ascending (paged through the enumeration). */
static int all_scopes(struct cli *cli, uint32_t **out, uint32_t *n_out)
{
	uint32_t handle = 0, read, total, st, n = 0, cap = 0, *ips = NULL;
	struct dhcpfo_ip_array *page;

	for (;;) {
		st = dhcpfo_scope_enum(cli->c, &handle, 1000, &page, &read, &total);
		if (st == DHCPFO_ERROR_NO_MORE_ITEMS)
			break;
		if (st && st != DHCPFO_ERROR_MORE_DATA) {
			free(ips);
			return cli_api_error(st);
		}
		if (n + page->n > cap) {
			cap = 2 * (n + page->n);
			ips = realloc(ips, cap * sizeof(*ips));
			if (!ips) {
				dhcpfo_free(page);
				fprintf(stderr, "dhcpfo: out of memory\n");
				return EXIT_API;
			}
		}
		memcpy(ips + n, page->items, page->n * sizeof(*ips));
		n += page->n;
		dhcpfo_free(page);
		if (st != DHCPFO_ERROR_MORE_DATA)
			break;
	}
	*out = ips;
	*n_out = n;
	return 0;
}

/* ---- scope add / set / remove / list / show ----------------------------- */

static int scope_add(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "mask", required_argument, NULL, 'm' },
		{ "name", required_argument, NULL, 'n' },
		{ "comment", required_argument, NULL, 'c' },
		{ "lease-duration", required_argument, NULL, 'l' },
		{ "disabled", no_argument, NULL, 'd' },
		{ "range", required_argument, NULL, 'r' },
		CLI_COMMON_LONGOPTS
	};
	struct dhcpfo_scope s = { .state = DHCPFO_SCOPE_ENABLED };
	const char *range = NULL;
	uint32_t st, mask = 0;
	int o, r;

	GETOPT_LOOP("", lo) {
		switch (o) {
		case 'm':
			if (cli_parse_ip(optarg, &mask))
				return cli_usage(cmd, "--mask '%s' is not a dotted quad", optarg);
			break;
		case 'n': s.name = optarg; break;
		case 'c': s.comment = optarg; break;
		case 'l':
			if (cli_parse_duration(optarg, false, &s.lease_duration))
				return cli_usage(cmd, "--lease-duration '%s': seconds, or with s/m/h/d, or infinite",
						 optarg);
			break;
		case 'd': s.state = DHCPFO_SCOPE_DISABLED; break;
		case 'r': range = optarg; break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		return cli_usage(cmd, "give one scope: ADDRESS/PREFIX or ADDRESS --mask MASK");
	if (cli_parse_prefix(argv[0], &s.address, &s.mask))
		return cli_usage(cmd, "'%s' is not ADDRESS or ADDRESS/PREFIX", argv[0]);
	if (mask && s.mask && mask != s.mask)
		return cli_usage(cmd, "the prefix length and --mask disagree");
	if (mask)
		s.mask = mask;
	if (!s.mask)
		return cli_usage(cmd, "the scope needs a mask: ADDRESS/PREFIX or --mask");
	if (range) {
		struct dhcpfo_element el = { .type = DHCPFO_ELEMENT_RANGE };
		char *ra[] = { (char *)range };
		int used;

		if (cli_parse_range(1, ra, &el.start, &el.end, &used))
			return cli_usage(cmd, "--range wants START-END, not '%s'", range);
		if ((r = cli_connect(cli)))
			return r;
		st = dhcpfo_scope_create(cli->c, &s);
		if (st)
			return cli_api_error(st);
		/* the scope exists now; a refused range leaves it, as the message says */
		st = dhcpfo_scope_element_add(cli->c, s.address, &el);
		if (st) {
			char a[16];

			fprintf(stderr, "dhcpfo: scope %s was created, but its range was not:\n",
				cli_ip(s.address, a));
			return cli_api_error(st);
		}
		return 0;
	}
	if ((r = cli_connect(cli)))
		return r;
	st = dhcpfo_scope_create(cli->c, &s);
	return st ? cli_api_error(st) : 0;
}

static int scope_set(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "mask", required_argument, NULL, 'm' },
		{ "name", required_argument, NULL, 'n' },
		{ "comment", required_argument, NULL, 'c' },
		{ "lease-duration", required_argument, NULL, 'l' },
		{ "state", required_argument, NULL, 't' },
		CLI_COMMON_LONGOPTS
	};
	struct dhcpfo_scope s = { 0 };
	uint32_t fields = 0, st;
	int o, r;

	GETOPT_LOOP("", lo) {
		switch (o) {
		case 'm':
			if (cli_parse_ip(optarg, &s.mask))
				return cli_usage(cmd, "--mask '%s' is not a dotted quad", optarg);
			fields |= DHCPFO_SCOPE_SET_MASK;
			break;
		case 'n': s.name = optarg; fields |= DHCPFO_SCOPE_SET_NAME; break;
		case 'c': s.comment = optarg; fields |= DHCPFO_SCOPE_SET_COMMENT; break;
		case 'l':
			if (cli_parse_duration(optarg, false, &s.lease_duration))
				return cli_usage(cmd, "--lease-duration '%s': seconds, or with s/m/h/d, or infinite",
						 optarg);
			fields |= DHCPFO_SCOPE_SET_LEASE_DURATION;
			break;
		case 't':
			if (!strcasecmp(optarg, "enabled") || !strcasecmp(optarg, "active"))
				s.state = DHCPFO_SCOPE_ENABLED;
			else if (!strcasecmp(optarg, "disabled") || !strcasecmp(optarg, "inactive"))
				s.state = DHCPFO_SCOPE_DISABLED;
			else
				return cli_usage(cmd, "--state is enabled or disabled, not '%s'", optarg);
			fields |= DHCPFO_SCOPE_SET_STATE;
			break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if ((r = need_scope(cmd, argc, argv, &s.address)))
		return r;
	if (argc != 1)
		return cli_usage(cmd, "unexpected argument '%s'", argv[1]);
	if (!fields)
		return cli_usage(cmd, "nothing to set: give --name, --comment, --lease-duration, --state or --mask");
	if ((r = cli_connect(cli)))
		return r;
	st = dhcpfo_scope_set(cli->c, fields, &s);
	return st ? cli_api_error(st) : 0;
}

static int scope_remove(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "force", no_argument, NULL, 'f' },
		CLI_COMMON_LONGOPTS
	};
	bool force = false;
	uint32_t scope, st;
	int o, r, i;

	GETOPT_LOOP("f", lo) {
		switch (o) {
		case 'f': force = true; break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return cli_usage(cmd, "missing the scope address");
	for (i = 0; i < argc; i++)
		if (cli_parse_ip(argv[i], &scope))
			return cli_usage(cmd, "'%s' is not an IPv4 scope address", argv[i]);
	if ((r = cli_connect(cli)))
		return r;
	for (i = 0; i < argc; i++) {
		cli_parse_ip(argv[i], &scope);
		st = dhcpfo_scope_delete(cli->c, scope, force);
		if (st)
			return cli_api_error(st);
	}
	return 0;
}

static json_object *scope_json(const struct dhcpfo_scope *s)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "address", cli_json_ip(s->address));
	json_object_object_add(o, "mask", cli_json_ip(s->mask));
	json_object_object_add(o, "name", cli_json_str(s->name));
	json_object_object_add(o, "comment", cli_json_str(s->comment));
	json_object_object_add(o, "state", cli_json_str(s->state == DHCPFO_SCOPE_ENABLED ?
							"enabled" : "disabled"));
	json_object_object_add(o, "lease_duration", json_object_new_uint64(s->lease_duration));
	json_object_object_add(o, "relationship", cli_json_str(s->relationship));
	return o;
}

static int scope_list(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = { CLI_COMMON_LONGOPTS };
	static const char *head[] = { "SCOPE", "MASK", "NAME", "STATE", "LEASE", "FAILOVER" };
	json_object *arr = NULL;
	struct table t;
	uint32_t *ips = NULL, n = 0, i, st;
	int o, r;

	GETOPT_LOOP("", lo) {
		switch (o) {
		COMMON_DEFAULT;
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if ((r = cli_connect(cli)) || (r = all_scopes(cli, &ips, &n)))
		return r;
	table_init(&t, 6, head);
	if (cli->json)
		arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		struct dhcpfo_scope *s;
		char a[16], m[16], d[32];

		st = dhcpfo_scope_get(cli->c, ips[i], &s);
		if (st == DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT)
			continue;	/* deleted meanwhile */
		if (st) {
			free(ips);
			table_free(&t);
			json_object_put(arr);
			return cli_api_error(st);
		}
		if (arr)
			json_object_array_add(arr, scope_json(s));
		else
			table_add(&t, cli_ip(s->address, a), cli_ip(s->mask, m), s->name,
				  s->state == DHCPFO_SCOPE_ENABLED ? "enabled" : "disabled",
				  cli_duration_str(s->lease_duration, d), s->relationship);
		dhcpfo_free(s);
	}
	free(ips);
	if (arr)
		cli_json_print(arr);
	else
		table_print(&t);
	table_free(&t);
	return 0;
}

/* ---- elements ------------------------------------------------------------ */

/* Every element of one type: the enumeration's pages, kept as returned. */
struct elements {
	struct dhcpfo_element_array **pages;
	uint32_t n;
};

static void elements_free(struct elements *e)
{
	uint32_t i;

	for (i = 0; i < e->n; i++)
		dhcpfo_free(e->pages[i]);
	free(e->pages);
	memset(e, 0, sizeof(*e));
}

static int all_elements(struct cli *cli, uint32_t scope, enum dhcpfo_element_type type,
			struct elements *out)
{
	uint32_t handle = 0, read, total, st;
	struct dhcpfo_element_array *page, **pages;

	memset(out, 0, sizeof(*out));
	for (;;) {
		st = dhcpfo_scope_element_enum(cli->c, scope, type, &handle, 1000, &page, &read, &total);
		if (st == DHCPFO_ERROR_NO_MORE_ITEMS)
			return 0;
		if (st && st != DHCPFO_ERROR_MORE_DATA) {
			elements_free(out);
			return cli_api_error(st);
		}
		pages = realloc(out->pages, (out->n + 1) * sizeof(*pages));
		if (!pages) {
			dhcpfo_free(page);
			elements_free(out);
			fprintf(stderr, "dhcpfo: out of memory\n");
			return EXIT_API;
		}
		out->pages = pages;
		out->pages[out->n++] = page;
		if (st != DHCPFO_ERROR_MORE_DATA)
			return 0;
	}
}

static json_object *element_json(const struct dhcpfo_element *e)
{
	json_object *o = json_object_new_object();
	char hw[49];

	json_object_object_add(o, "type", cli_json_str(dhcpfo_element_type_str(e->type)));
	if (e->type == DHCPFO_ELEMENT_RESERVATION) {
		json_object_object_add(o, "address", cli_json_ip(e->address));
		json_object_object_add(o, "hwaddr", cli_json_str(cli_mac(e->hwaddr, e->hwaddr_len, hw)));
		json_object_object_add(o, "name", cli_json_str(e->name));
		return o;
	}
	json_object_object_add(o, "start", cli_json_ip(e->start));
	json_object_object_add(o, "end", cli_json_ip(e->end));
	if (e->type == DHCPFO_ELEMENT_RANGE)
		json_object_object_add(o, "range_type", cli_json_str(dhcpfo_range_type_str(e->range_type)));
	return o;
}

static json_object *elements_json(const struct elements *els)
{
	json_object *arr = json_object_new_array();
	uint32_t p, i;

	for (p = 0; p < els->n; p++)
		for (i = 0; i < els->pages[p]->n; i++)
			json_object_array_add(arr, element_json(&els->pages[p]->items[i]));
	return arr;
}

static void print_elements(enum dhcpfo_element_type type, const struct elements *els)
{
	static const char *rhead[] = { "START", "END", "TYPE" };
	static const char *xhead[] = { "START", "END" };
	static const char *vhead[] = { "ADDRESS", "HWADDR", "NAME" };
	struct table t;
	char a[16], b[16], hw[49];
	uint32_t p, i;

	if (type == DHCPFO_ELEMENT_RANGE)
		table_init(&t, 3, rhead);
	else if (type == DHCPFO_ELEMENT_EXCLUSION)
		table_init(&t, 2, xhead);
	else
		table_init(&t, 3, vhead);
	for (p = 0; p < els->n; p++) {
		for (i = 0; i < els->pages[p]->n; i++) {
			const struct dhcpfo_element *e = &els->pages[p]->items[i];

			if (type == DHCPFO_ELEMENT_RANGE)
				table_add(&t, cli_ip(e->start, a), cli_ip(e->end, b),
					  dhcpfo_range_type_str(e->range_type));
			else if (type == DHCPFO_ELEMENT_EXCLUSION)
				table_add(&t, cli_ip(e->start, a), cli_ip(e->end, b));
			else
				table_add(&t, cli_ip(e->address, a), cli_mac(e->hwaddr, e->hwaddr_len, hw),
					  e->name && *e->name ? e->name : "-");
		}
	}
	table_print(&t);
	table_free(&t);
}

static int element_list(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv,
			enum dhcpfo_element_type type)
{
	static const struct option lo[] = { CLI_COMMON_LONGOPTS };
	struct elements els;
	uint32_t scope;
	int o, r;

	GETOPT_LOOP("", lo) {
		switch (o) {
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if ((r = need_scope(cmd, argc, argv, &scope)))
		return r;
	if (argc != 1)
		return cli_usage(cmd, "unexpected argument '%s'", argv[1]);
	if ((r = cli_connect(cli)) || (r = all_elements(cli, scope, type, &els)))
		return r;
	if (cli->json)
		cli_json_print(elements_json(&els));
	else
		print_elements(type, &els);
	elements_free(&els);
	return 0;
}

static int element_change(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv,
			  enum dhcpfo_element_type type, bool add)
{
	static const struct option lo[] = {
		{ "type", required_argument, NULL, 't' },
		{ "name", required_argument, NULL, 'n' },
		CLI_COMMON_LONGOPTS
	};
	struct dhcpfo_element el = { .type = type, .range_type = DHCPFO_RANGE_DHCP };
	uint32_t scope, st;
	int o, r, used = 0;

	GETOPT_LOOP("", lo) {
		switch (o) {
		case 't':
			if (type != DHCPFO_ELEMENT_RANGE || dhcpfo_range_type_parse(optarg, &el.range_type))
				return cli_usage(cmd, "--type is dhcp, bootp or both (ranges only)");
			break;
		case 'n':
			if (type != DHCPFO_ELEMENT_RESERVATION)
				return cli_usage(cmd, "--name is for reservations");
			el.name = optarg;
			break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if ((r = need_scope(cmd, argc, argv, &scope)))
		return r;
	argc--;
	argv++;
	if (type == DHCPFO_ELEMENT_RESERVATION) {
		if (argc != 2)
			return cli_usage(cmd, "give the reserved address and the client's MAC");
		if (cli_parse_ip(argv[0], &el.address))
			return cli_usage(cmd, "'%s' is not an IPv4 address", argv[0]);
		if (cli_parse_mac(argv[1], el.hwaddr, &el.hwaddr_len))
			return cli_usage(cmd, "'%s' is not a MAC (aa:bb:cc:dd:ee:ff, 1..16 bytes)",
					 argv[1]);
	} else {
		if (cli_parse_range(argc, argv, &el.start, &el.end, &used) || used != argc)
			return cli_usage(cmd, "give START END or START-END");
	}
	if ((r = cli_connect(cli)))
		return r;
	st = add ? dhcpfo_scope_element_add(cli->c, scope, &el) :
		   dhcpfo_scope_element_remove(cli->c, scope, &el);
	return st ? cli_api_error(st) : 0;
}

#define ELEMENT_CMDS(fn, type)							\
static int fn##_add(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv) \
{ return element_change(cli, cmd, argc, argv, type, true); }		\
static int fn##_remove(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv) \
{ return element_change(cli, cmd, argc, argv, type, false); }		\
static int fn##_list(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv) \
{ return element_list(cli, cmd, argc, argv, type); }

ELEMENT_CMDS(range, DHCPFO_ELEMENT_RANGE)
ELEMENT_CMDS(exclusion, DHCPFO_ELEMENT_EXCLUSION)
ELEMENT_CMDS(reservation, DHCPFO_ELEMENT_RESERVATION)

/* ---- options ------------------------------------------------------------- */

static const struct {
	uint32_t code;
	const char *name;
	enum dhcpfo_option_type type;
} known_opts[] = {
	{ 1, "subnet-mask", DHCPFO_OPTION_IPADDRESS },
	{ 2, "time-offset", DHCPFO_OPTION_DWORD },
	{ 3, "routers", DHCPFO_OPTION_IPADDRESS },
	{ 4, "time-servers", DHCPFO_OPTION_IPADDRESS },
	{ 6, "domain-name-servers", DHCPFO_OPTION_IPADDRESS },
	{ 12, "host-name", DHCPFO_OPTION_STRING },
	{ 15, "domain-name", DHCPFO_OPTION_STRING },
	{ 26, "interface-mtu", DHCPFO_OPTION_WORD },
	{ 28, "broadcast-address", DHCPFO_OPTION_IPADDRESS },
	{ 42, "ntp-servers", DHCPFO_OPTION_IPADDRESS },
	{ 44, "netbios-name-servers", DHCPFO_OPTION_IPADDRESS },
	{ 46, "netbios-node-type", DHCPFO_OPTION_BYTE },
	{ 51, "dhcp-lease-time", DHCPFO_OPTION_DWORD },
	{ 58, "dhcp-renewal-time", DHCPFO_OPTION_DWORD },
	{ 59, "dhcp-rebinding-time", DHCPFO_OPTION_DWORD },
	{ 66, "tftp-server-name", DHCPFO_OPTION_STRING },
	{ 67, "bootfile-name", DHCPFO_OPTION_STRING },
	{ 119, "domain-search", DHCPFO_OPTION_BINARY },
	{ 121, "classless-static-routes", DHCPFO_OPTION_BINARY },
	{ 150, "tftp-server-address", DHCPFO_OPTION_IPADDRESS },
};
#define N_KNOWN (sizeof(known_opts) / sizeof(known_opts[0]))

/* CODE (1..254) or a known name; *known = index or -1 */
static int parse_option_code(const char *s, uint32_t *code, int *known)
{
	size_t i;

	*known = -1;
	if (!cli_parse_u32(s, 254, code) && *code) {
		for (i = 0; i < N_KNOWN; i++)
			if (known_opts[i].code == *code)
				*known = (int)i;
		return 0;
	}
	for (i = 0; i < N_KNOWN; i++)
		if (!strcasecmp(s, known_opts[i].name)) {
			*code = known_opts[i].code;
			*known = (int)i;
			return 0;
		}
	return -1;
}

static int parse_value(const char *s, enum dhcpfo_option_type t, struct dhcpfo_option_value *v,
		       uint8_t *binbuf)
{
	static const uint64_t max[] = { 0xff, 0xffff, 0xffffffff, UINT64_MAX };
	uint32_t len;

	memset(v, 0, sizeof(*v));
	switch (t) {
	case DHCPFO_OPTION_BYTE:
	case DHCPFO_OPTION_WORD:
	case DHCPFO_OPTION_DWORD:
	case DHCPFO_OPTION_DWORDDWORD:
		return cli_parse_u64(s, &v->num) || v->num > max[t] ? -1 : 0;
	case DHCPFO_OPTION_IPADDRESS:
		return cli_parse_ip(s, &v->ip);
	case DHCPFO_OPTION_STRING:
		v->str = s;
		return 0;
	case DHCPFO_OPTION_BINARY:
	case DHCPFO_OPTION_ENCAPSULATED:
		if (cli_parse_hex(s, binbuf, 255, &len))
			return -1;
		v->bin = binbuf;
		v->bin_len = len;
		return 0;
	}
	return -1;
}

static int option_set(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "type", required_argument, NULL, 't' },
		CLI_COMMON_LONGOPTS
	};
	struct dhcpfo_option opt = { 0 };
	struct dhcpfo_option_value *vals;
	uint8_t (*bins)[255];
	bool typed = false;
	uint32_t scope, st;
	int o, r, known, i;

	GETOPT_LOOP("", lo) {
		switch (o) {
		case 't':
			if (dhcpfo_option_type_parse(optarg, &opt.type))
				return cli_usage(cmd, "--type is byte, word, dword, dworddword, ipaddress, string, binary or encapsulated");
			typed = true;
			break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if ((r = need_scope(cmd, argc, argv, &scope)))
		return r;
	if (argc < 3)
		return cli_usage(cmd, "give the option (code or name) and at least one value");
	if (parse_option_code(argv[1], &opt.code, &known))
		return cli_usage(cmd, "'%s' is not an option code (1..254) or a known name", argv[1]);
	if (!typed && known < 0)
		return cli_usage(cmd, "option %u is not a well-known one: give --type", opt.code);
	if (!typed)
		opt.type = known_opts[known].type;
	argc -= 2;
	argv += 2;
	vals = calloc((size_t)argc, sizeof(*vals));
	bins = calloc((size_t)argc, sizeof(*bins));
	if (!vals || !bins) {
		free(vals);
		free(bins);
		fprintf(stderr, "dhcpfo: out of memory\n");
		return EXIT_API;
	}
	for (i = 0; i < argc; i++)
		if (parse_value(argv[i], opt.type, &vals[i], bins[i])) {
			free(vals);
			free(bins);
			return cli_usage(cmd, "'%s' is not a %s value", argv[i],
					 dhcpfo_option_type_str(opt.type));
		}
	opt.n_values = (uint32_t)argc;
	opt.values = vals;
	r = cli_connect(cli);
	if (!r) {
		st = dhcpfo_scope_option_set(cli->c, scope, &opt);
		r = st ? cli_api_error(st) : 0;
	}
	free(vals);
	free(bins);
	return r;
}

static char *value_str(const struct dhcpfo_option *o, const struct dhcpfo_option_value *v)
{
	char *s = NULL, a[16];
	uint32_t i;

	switch (o->type) {
	case DHCPFO_OPTION_IPADDRESS:
		return strdup(cli_ip(v->ip, a));
	case DHCPFO_OPTION_STRING:
		return strdup(v->str ? v->str : "");
	case DHCPFO_OPTION_BINARY:
	case DHCPFO_OPTION_ENCAPSULATED:
		s = malloc(2 * (size_t)v->bin_len + 1);
		if (s) {
			for (i = 0; i < v->bin_len; i++)
				sprintf(s + 2 * i, "%02x", v->bin[i]);
			s[2 * v->bin_len] = '\0';
		}
		return s;
	default:
		return asprintf(&s, "%llu", (unsigned long long)v->num) < 0 ? NULL : s;
	}
}

static json_object *option_json(const struct dhcpfo_option *o)
{
	json_object *j = json_object_new_object(), *vals = json_object_new_array();
	uint32_t i;

	json_object_object_add(j, "code", json_object_new_uint64(o->code));
	json_object_object_add(j, "name", cli_json_str(o->name));
	json_object_object_add(j, "type", cli_json_str(dhcpfo_option_type_str(o->type)));
	for (i = 0; i < o->n_values; i++) {
		const struct dhcpfo_option_value *v = &o->values[i];
		char *s;

		if (o->type <= DHCPFO_OPTION_DWORDDWORD) {
			json_object_array_add(vals, json_object_new_uint64(v->num));
			continue;
		}
		s = value_str(o, v);
		json_object_array_add(vals, json_object_new_string(s ? s : ""));
		free(s);
	}
	json_object_object_add(j, "values", vals);
	return j;
}

static void option_row(struct table *t, const struct dhcpfo_option *o)
{
	size_t len = 1;
	char code[8], *all = calloc(1, 1);
	uint32_t i;

	for (i = 0; all && i < o->n_values; i++) {
		char *s = value_str(o, &o->values[i]);
		char *n = s ? realloc(all, len + strlen(s) + 2) : NULL;

		if (!n) {
			free(s);
			break;
		}
		all = n;
		if (i)
			strcat(all, ",");
		strcat(all, s);
		len = strlen(all) + 1;
		free(s);
	}
	snprintf(code, sizeof(code), "%u", o->code);
	table_add(t, code, o->name && *o->name ? o->name : "-", dhcpfo_option_type_str(o->type), all);
	free(all);
}

static int option_show(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = { CLI_COMMON_LONGOPTS };
	static const char *head[] = { "CODE", "NAME", "TYPE", "VALUES" };
	struct dhcpfo_option *opt;
	struct table t;
	uint32_t scope, code, st;
	int o, r, known;

	GETOPT_LOOP("", lo) {
		switch (o) {
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if ((r = need_scope(cmd, argc, argv, &scope)))
		return r;
	if (argc != 2 || parse_option_code(argv[1], &code, &known))
		return cli_usage(cmd, "give the scope and one option code (1..254) or known name");
	if ((r = cli_connect(cli)))
		return r;
	st = dhcpfo_scope_option_get(cli->c, scope, code, &opt);
	if (st)
		return cli_api_error(st);
	if (cli->json) {
		cli_json_print(option_json(opt));
	} else {
		table_init(&t, 4, head);
		option_row(&t, opt);
		table_print(&t);
		table_free(&t);
	}
	dhcpfo_free(opt);
	return 0;
}

static int option_remove(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = { CLI_COMMON_LONGOPTS };
	uint32_t scope, code, st;
	int o, r, known;

	GETOPT_LOOP("", lo) {
		switch (o) {
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if ((r = need_scope(cmd, argc, argv, &scope)))
		return r;
	if (argc != 2 || parse_option_code(argv[1], &code, &known))
		return cli_usage(cmd, "give the scope and one option code (1..254) or known name");
	if ((r = cli_connect(cli)))
		return r;
	st = dhcpfo_scope_option_remove(cli->c, scope, code);
	return st ? cli_api_error(st) : 0;
}

static int print_options(struct cli *cli, uint32_t scope, json_object **json)
{
	static const char *head[] = { "CODE", "NAME", "TYPE", "VALUES" };
	struct dhcpfo_option_array *opts;
	struct table t;
	uint32_t st, i;

	st = dhcpfo_scope_option_enum(cli->c, scope, &opts);
	if (st)
		return cli_api_error(st);
	if (json) {
		*json = json_object_new_array();
		for (i = 0; i < opts->n; i++)
			json_object_array_add(*json, option_json(&opts->items[i]));
	} else {
		table_init(&t, 4, head);
		for (i = 0; i < opts->n; i++)
			option_row(&t, &opts->items[i]);
		table_print(&t);
		table_free(&t);
	}
	dhcpfo_free(opts);
	return 0;
}

static int option_list(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = { CLI_COMMON_LONGOPTS };
	json_object *arr = NULL;
	uint32_t scope;
	int o, r;

	GETOPT_LOOP("", lo) {
		switch (o) {
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if ((r = need_scope(cmd, argc, argv, &scope)))
		return r;
	if (argc != 1)
		return cli_usage(cmd, "unexpected argument '%s'", argv[1]);
	if ((r = cli_connect(cli)))
		return r;
	r = print_options(cli, scope, cli->json ? &arr : NULL);
	if (!r && arr)
		cli_json_print(arr);
	return r;
}

/* ---- scope show: everything about one scope ------------------------------ */

static int scope_show(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = { CLI_COMMON_LONGOPTS };
	static const enum dhcpfo_element_type types[] = {
		DHCPFO_ELEMENT_RANGE, DHCPFO_ELEMENT_EXCLUSION, DHCPFO_ELEMENT_RESERVATION,
	};
	static const char *titles[] = { "Ranges", "Exclusions", "Reservations" };
	static const char *keys[] = { "ranges", "exclusions", "reservations" };
	struct elements els;
	struct dhcpfo_scope *s;
	json_object *j = NULL, *arr;
	uint32_t scope, st;
	char a[16], d[32];
	int o, r;
	size_t i;

	GETOPT_LOOP("", lo) {
		switch (o) {
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if ((r = need_scope(cmd, argc, argv, &scope)))
		return r;
	if (argc != 1)
		return cli_usage(cmd, "unexpected argument '%s'", argv[1]);
	if ((r = cli_connect(cli)))
		return r;
	st = dhcpfo_scope_get(cli->c, scope, &s);
	if (st)
		return cli_api_error(st);
	if (cli->json) {
		j = scope_json(s);
	} else {
		printf("Scope:          %s\n", cli_ip(s->address, a));
		printf("Mask:           %s\n", cli_ip(s->mask, a));
		printf("Name:           %s\n", s->name);
		printf("Comment:        %s\n", s->comment);
		printf("State:          %s\n", s->state == DHCPFO_SCOPE_ENABLED ? "enabled" : "disabled");
		printf("Lease duration: %s\n", cli_duration_str(s->lease_duration, d));
		printf("Failover:       %s\n", s->relationship ? s->relationship : "-");
	}
	dhcpfo_free(s);
	for (i = 0; i < 3; i++) {
		r = all_elements(cli, scope, types[i], &els);
		if (r) {
			json_object_put(j);
			return r;
		}
		if (j) {
			json_object_object_add(j, keys[i], elements_json(&els));
		} else {
			printf("\n%s:\n", titles[i]);
			print_elements(types[i], &els);
		}
		elements_free(&els);
	}
	if (!j)
		printf("\nOption values:\n");
	r = print_options(cli, scope, j ? &arr : NULL);
	if (r) {
		json_object_put(j);
		return r;
	}
	if (j) {
		json_object_object_add(j, "options", arr);
		cli_json_print(j);
	}
	return 0;
}

const struct cli_cmd cli_scope_cmds[] = {
	{ "scope add", "ADDRESS/PREFIX | ADDRESS --mask MASK [--name N] [--comment C] "
	  "[--lease-duration D] [--disabled] [--range START-END]",
	  "Create a scope (Add-DhcpServerv4Scope). --range also adds one DHCP range.\n"
	  "Durations are seconds or take s/m/h/d; 'infinite' is allowed.\n", scope_add },
	{ "scope list", "", "List the scopes (Get-DhcpServerv4Scope).\n", scope_list },
	{ "scope show", "ADDRESS",
	  "Show a scope with its ranges, exclusions, reservations and option values.\n",
	  scope_show },
	{ "scope set", "ADDRESS [--name N] [--comment C] [--lease-duration D] "
	  "[--state enabled|disabled] [--mask MASK]",
	  "Change scope properties (Set-DhcpServerv4Scope); others keep their values.\n",
	  scope_set },
	{ "scope remove", "ADDRESS... [--force]",
	  "Delete scopes (Remove-DhcpServerv4Scope). --force also when in use.\n", scope_remove },
	{ "scope range add", "ADDRESS START END | START-END [--type dhcp|bootp|both]",
	  "Add an address range to a scope.\n", range_add },
	{ "scope range remove", "ADDRESS START END | START-END", "Remove an address range.\n",
	  range_remove },
	{ "scope range list", "ADDRESS", "List a scope's ranges.\n", range_list },
	{ "scope exclusion add", "ADDRESS START END | START-END",
	  "Exclude addresses from a scope (Add-DhcpServerv4ExclusionRange).\n", exclusion_add },
	{ "scope exclusion remove", "ADDRESS START END | START-END", "Remove an exclusion range.\n",
	  exclusion_remove },
	{ "scope exclusion list", "ADDRESS", "List a scope's exclusion ranges.\n", exclusion_list },
	{ "scope reservation add", "ADDRESS IP MAC [--name N]",
	  "Reserve IP for the client with MAC (Add-DhcpServerv4Reservation).\n", reservation_add },
	{ "scope reservation remove", "ADDRESS IP MAC", "Remove a reservation.\n",
	  reservation_remove },
	{ "scope reservation list", "ADDRESS", "List a scope's reservations.\n", reservation_list },
	{ "scope option set", "ADDRESS CODE|NAME [--type TYPE] VALUE...",
	  "Set a scope option value (Set-DhcpServerv4OptionValue -ScopeId). Well-known\n"
	  "options (routers, domain-name-servers, domain-name, ...) know their type;\n"
	  "others need --type byte|word|dword|dworddword|ipaddress|string|binary|\n"
	  "encapsulated. binary and encapsulated values are hex.\n", option_set },
	{ "scope option show", "ADDRESS CODE|NAME", "Show one option value of a scope.\n",
	  option_show },
	{ "scope option remove", "ADDRESS CODE|NAME", "Remove an option value from a scope.\n",
	  option_remove },
	{ "scope option list", "ADDRESS", "List a scope's option values.\n", option_list },
	{ NULL, NULL, NULL, NULL },
};
