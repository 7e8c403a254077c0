// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dhcpfo failover ...: relationships (Add-/Get-/Set-/Remove-
 * DhcpServerv4Failover, Add-/Remove-DhcpServerv4FailoverScope), their
 * statistics and which server answers a client.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "policy.h"
#include "rfc3074.h"

#define MAX_SCOPES_ARG	4096
#define OPT_LOCAL_ONLY	1001	/* --local-only: this server alone, not its partner too */

/* The result of a two-sided call: the message already says which side failed. */
static int both_result(uint32_t st)
{
	return st ? cli_api_error(st) : 0;
}

static int parse_mode(const char *s, enum dhcpfo_mode *m)
{
	if (!strcasecmp(s, "loadbalance"))
		s = "load_balance";
	else if (!strcasecmp(s, "hotstandby"))
		s = "hot_standby";
	return dhcpfo_mode_parse(s, m);
}

/* primary|secondary, or for hot standby active (= primary) | standby */
static int parse_role(const char *s, enum dhcpfo_server_type *t, bool *hs_word)
{
	*hs_word = false;
	if (!strcasecmp(s, "active") || !strcasecmp(s, "standby")) {
		*hs_word = true;
		*t = strcasecmp(s, "active") ? DHCPFO_SERVER_SECONDARY : DHCPFO_SERVER_PRIMARY;
		return 0;
	}
	return dhcpfo_server_type_parse(s, t);
}

static int parse_bool(const char *s, bool *b)
{
	if (!strcasecmp(s, "on") || !strcasecmp(s, "yes") || !strcasecmp(s, "true") || !strcmp(s, "1"))
		*b = true;
	else if (!strcasecmp(s, "off") || !strcasecmp(s, "no") || !strcasecmp(s, "false") ||
		 !strcmp(s, "0"))
		*b = false;
	else
		return -1;
	return 0;
}

/* "--scope A --scope B,C": append to @scopes */
static int add_scopes(const char *arg, uint32_t *scopes, uint32_t *n)
{
	char *copy = strdup(arg), *tok, *save = NULL;
	int err = 0;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok && !err; tok = strtok_r(NULL, ",", &save)) {
		if (*n == MAX_SCOPES_ARG || cli_parse_ip(tok, &scopes[*n]))
			err = -1;
		else
			(*n)++;
	}
	free(copy);
	return err;
}

static const char *role_word(const struct dhcpfo_relationship *r)
{
	if (r->mode == DHCPFO_MODE_HOT_STANDBY)
		return r->server_type == DHCPFO_SERVER_PRIMARY ? "active" : "standby";
	return dhcpfo_server_type_str(r->server_type);
}

static const char *state_word(enum dhcpfo_fsm_state s, char buf[16])
{
	const char *n = dhcpfo_fsm_state_str(s);

	if (n)
		return n;
	snprintf(buf, 16, "%d", s);
	return buf;
}

/* ---- failover add ------------------------------------------------------ */

static int fo_add(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "partner", required_argument, NULL, 'p' },
		{ "this-server", required_argument, NULL, 't' },
		{ "scope", required_argument, NULL, 'c' },
		{ "mode", required_argument, NULL, 'm' },
		{ "percent", required_argument, NULL, 'P' },
		{ "reserve-percent", required_argument, NULL, 'R' },
		{ "role", required_argument, NULL, 'r' },
		{ "mclt", required_argument, NULL, 'M' },
		{ "safe-period", required_argument, NULL, 'f' },
		{ "auto-state-transition", no_argument, NULL, 'a' },
		{ "secret", required_argument, NULL, 'x' },
		{ "lb-max-seconds", required_argument, NULL, 'L' },
		{ "hash-key", required_argument, NULL, 'k' },
		{ "partner-name", required_argument, NULL, 'N' },
		{ "this-server-name", required_argument, NULL, 'n' },
		{ "local-only", no_argument, NULL, OPT_LOCAL_ONLY },
		CLI_COMMON_LONGOPTS
	};
	struct dhcpfo_relationship rel = {
		.mode = DHCPFO_MODE_LOAD_BALANCE,
		.server_type = DHCPFO_SERVER_PRIMARY,
		.mclt = 3600,
		.safe_period = DHCPFO_SAFE_PERIOD_INFINITE,
	};
	const char *partner_name = NULL, *this_name = NULL;
	bool have_partner = false, have_this = false, have_mode = false, hs_word = false;
	bool local_only = false;
	enum dhcpfo_side side;
	uint32_t partner = 0, self = 0, percent = 50, reserve = 5, scopes[MAX_SCOPES_ARG], n = 0, st;
	int o, r, have_pct = 0, have_res = 0;

#define USAGE(...) return cli_usage(cmd, __VA_ARGS__)
	GETOPT_LOOP("", lo) {
		switch (o) {
		case 'p':
			if (cli_parse_ip(optarg, &partner))
				USAGE("--partner '%s' is not an IPv4 address", optarg);
			have_partner = true;
			break;
		case 't':
			if (cli_parse_ip(optarg, &self))
				USAGE("--this-server '%s' is not an IPv4 address", optarg);
			have_this = true;
			break;
		case 'c':
			if (add_scopes(optarg, scopes, &n))
				USAGE("--scope '%s' is not a list of IPv4 scope addresses", optarg);
			break;
		case 'm':
			if (parse_mode(optarg, &rel.mode))
				USAGE("--mode is load-balance or hot-standby, not '%s'", optarg);
			have_mode = true;
			break;
		case 'P':
			if (cli_parse_u32(optarg, 100, &percent))
				USAGE("--percent wants 0..100, not '%s'", optarg);
			have_pct = 1;
			break;
		case 'R':
			if (cli_parse_u32(optarg, 100, &reserve))
				USAGE("--reserve-percent wants 0..100, not '%s'", optarg);
			have_res = 1;
			break;
		case 'r':
			if (parse_role(optarg, &rel.server_type, &hs_word))
				USAGE("--role is primary, secondary, active or standby, not '%s'", optarg);
			break;
		case 'M':
			if (cli_parse_duration(optarg, true, &rel.mclt))
				USAGE("--mclt wants seconds (or with s/m/h/d), not '%s'", optarg);
			break;
		case 'f':
			if (cli_parse_duration(optarg, true, &rel.safe_period))
				USAGE("--safe-period wants seconds (or with s/m/h/d), not '%s'", optarg);
			/* the state switchover interval only means something when used */
			rel.auto_state_transition = true;
			break;
		case 'a':
			rel.auto_state_transition = true;
			break;
		case 'x':
			rel.shared_secret = optarg;
			break;
		case 'L':
			if (cli_parse_u32(optarg, 0xffffffff, &rel.lb_max_seconds))
				USAGE("--lb-max-seconds wants seconds, not '%s'", optarg);
			break;
		case 'k':
			if (dhcpfo_hash_key_parse(optarg, &rel.hash_key))
				USAGE("--hash-key is client-id or chaddr, not '%s'", optarg);
			break;
		case 'N': partner_name = optarg; break;
		case 'n': this_name = optarg; break;
		case OPT_LOCAL_ONLY: local_only = true; break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		USAGE("give one relationship NAME");
	if (!have_partner || !have_this)
		USAGE("--partner and --this-server are required");
	if (!n)
		USAGE("at least one --scope is required");
	if (have_pct && have_res)
		USAGE("--percent (load balance) and --reserve-percent (hot standby) exclude each other");
	if (!have_mode && (have_res || hs_word))
		rel.mode = DHCPFO_MODE_HOT_STANDBY;
	if (rel.mode == DHCPFO_MODE_LOAD_BALANCE && (have_res || hs_word))
		USAGE("--reserve-percent and --role active|standby are for hot standby");
	if (rel.mode == DHCPFO_MODE_HOT_STANDBY && have_pct)
		USAGE("--percent is for load balance; hot standby takes --reserve-percent");
	rel.name = argv[0];
	if (rel.server_type == DHCPFO_SERVER_PRIMARY) {
		rel.primary_server = self;
		rel.secondary_server = partner;
		rel.primary_server_name = this_name;
		rel.secondary_server_name = partner_name;
	} else {
		rel.primary_server = partner;
		rel.secondary_server = self;
		rel.primary_server_name = partner_name;
		rel.secondary_server_name = this_name;
	}
	/* --percent is this server's share, as -LoadBalancePercent; stored: the primary's */
	if (rel.mode == DHCPFO_MODE_LOAD_BALANCE)
		rel.percentage = rel.server_type == DHCPFO_SERVER_PRIMARY ? percent : 100 - percent;
	else
		rel.percentage = reserve;
	rel.scopes = scopes;
	rel.n_scopes = n;
	if ((r = cli_connect(cli)))
		return r;
	if (local_only) {
		st = dhcpfo_failover_create(cli->c, &rel);
		return st ? cli_api_error(st) : 0;
	}
	return both_result(dhcpfo_failover_create_both(cli->c, &rel, &side));
#undef USAGE
}

/* ---- failover set ------------------------------------------------------ */

static int fo_set(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "state", required_argument, NULL, 1000 },
		{ "prev-state", required_argument, NULL, 'p' },
		{ "percent", required_argument, NULL, 'P' },
		{ "reserve-percent", required_argument, NULL, 'R' },
		{ "mclt", required_argument, NULL, 'M' },
		{ "safe-period", required_argument, NULL, 'f' },
		{ "mode", required_argument, NULL, 'm' },
		{ "secret", required_argument, NULL, 'x' },
		{ "auto-state-transition", required_argument, NULL, 'a' },
		{ "lb-max-seconds", required_argument, NULL, 'L' },
		{ "hash-key", required_argument, NULL, 'k' },
		{ "local-only", no_argument, NULL, OPT_LOCAL_ONLY },
		CLI_COMMON_LONGOPTS
	};
	struct dhcpfo_relationship set = { 0 }, *cur;
	uint32_t flags = 0, percent = 0, st;
	int o, r, have_pct = 0, have_res = 0;
	bool local_only = false;
	enum dhcpfo_side side;

	GETOPT_LOOP("", lo) {
		switch (o) {
		case 1000:
			if (dhcpfo_fsm_state_parse(optarg, &set.state))
				return cli_usage(cmd, "--state '%s' is not a failover state "
						 "(NORMAL, PARTNER_DOWN, ...)", optarg);
			flags |= DHCPFO_FO_SET_STATE;
			break;
		case 'p':
			if (dhcpfo_fsm_state_parse(optarg, &set.prev_state))
				return cli_usage(cmd, "--prev-state '%s' is not a failover state", optarg);
			flags |= DHCPFO_FO_SET_PREV_STATE;
			break;
		case 'P':
		case 'R':
			if (cli_parse_u32(optarg, 100, &percent))
				return cli_usage(cmd, "--%s wants 0..100, not '%s'",
						 o == 'P' ? "percent" : "reserve-percent", optarg);
			if (o == 'P')
				have_pct = 1;
			else
				have_res = 1;
			flags |= DHCPFO_FO_SET_PERCENTAGE;
			break;
		case 'M':
			if (cli_parse_duration(optarg, true, &set.mclt))
				return cli_usage(cmd, "--mclt wants seconds (or with s/m/h/d), not '%s'", optarg);
			flags |= DHCPFO_FO_SET_MCLT;
			break;
		case 'f':
			if (!strcmp(optarg, "off"))
				set.safe_period = DHCPFO_SAFE_PERIOD_INFINITE;
			else if (cli_parse_duration(optarg, true, &set.safe_period))
				return cli_usage(cmd, "--safe-period wants seconds (s/m/h/d) or off, not '%s'",
						 optarg);
			flags |= DHCPFO_FO_SET_SAFE_PERIOD;
			break;
		case 'm':
			if (parse_mode(optarg, &set.mode))
				return cli_usage(cmd, "--mode is load-balance or hot-standby, not '%s'", optarg);
			flags |= DHCPFO_FO_SET_MODE;
			break;
		case 'x':
			set.shared_secret = optarg;
			flags |= DHCPFO_FO_SET_SHARED_SECRET;
			break;
		case 'a':
			if (parse_bool(optarg, &set.auto_state_transition))
				return cli_usage(cmd, "--auto-state-transition is on or off, not '%s'", optarg);
			flags |= DHCPFO_FO_SET_AUTO_STATE_TRANSITION;
			break;
		case 'L':
			if (cli_parse_u32(optarg, 0xffffffff, &set.lb_max_seconds))
				return cli_usage(cmd, "--lb-max-seconds wants seconds, not '%s'", optarg);
			flags |= DHCPFO_FO_SET_LB_MAX_SECONDS;
			break;
		case 'k':
			if (dhcpfo_hash_key_parse(optarg, &set.hash_key))
				return cli_usage(cmd, "--hash-key is client-id or chaddr, not '%s'", optarg);
			flags |= DHCPFO_FO_SET_HASH_KEY;
			break;
		case OPT_LOCAL_ONLY: local_only = true; break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		return cli_usage(cmd, "give one relationship NAME");
	if (!flags)
		return cli_usage(cmd, "nothing to set");
	if (have_pct && have_res)
		return cli_usage(cmd, "--percent and --reserve-percent exclude each other");
	set.name = argv[0];
	if ((r = cli_connect(cli)))
		return r;
	if (flags & DHCPFO_FO_SET_PERCENTAGE) {
		enum dhcpfo_mode mode;

		/* the stored percentage is the primary's: this server's role decides */
		st = dhcpfo_failover_get(cli->c, set.name, &cur);
		if (st)
			return cli_api_error(st);
		mode = flags & DHCPFO_FO_SET_MODE ? set.mode : cur->mode;
		if (mode == DHCPFO_MODE_LOAD_BALANCE && have_res) {
			dhcpfo_free(cur);
			return cli_usage(cmd, "--reserve-percent is for hot standby");
		}
		if (mode == DHCPFO_MODE_HOT_STANDBY && have_pct) {
			dhcpfo_free(cur);
			return cli_usage(cmd, "--percent is for load balance; hot standby takes --reserve-percent");
		}
		set.percentage = mode == DHCPFO_MODE_LOAD_BALANCE &&
				 cur->server_type == DHCPFO_SERVER_SECONDARY ? 100 - percent : percent;
		dhcpfo_free(cur);
	}
	/* the partner stores the same values (the primary's share): set_both sends them as they are */
	if (!local_only)
		return both_result(dhcpfo_failover_set_both(cli->c, flags, &set, &side));
	st = dhcpfo_failover_set(cli->c, flags, &set);
	return st ? cli_api_error(st) : 0;
}

/* ---- failover show / list / remove ------------------------------------------ */

static void print_server_name(const char *name)
{
	if (name && *name)
		printf(" (%s)", name);
	printf("\n");
}

static void print_rel(const struct dhcpfo_relationship *r)
{
	char a[16], b[16], d[32];
	uint32_t i;

	printf("Name:                  %s\n", r->name);
	printf("Mode:                  %s\n", r->mode == DHCPFO_MODE_LOAD_BALANCE ? "load balance" :
	       "hot standby");
	printf("This server:           %s (%s)\n", role_word(r), dhcpfo_server_type_str(r->server_type));
	printf("State:                 %s\n", state_word(r->state, a));
	printf("Previous state:        %s\n", state_word(r->prev_state, a));
	printf("Primary server:        %s", cli_ip(r->primary_server, a));
	print_server_name(r->primary_server_name);
	printf("Secondary server:      %s", cli_ip(r->secondary_server, b));
	print_server_name(r->secondary_server_name);
	if (r->mode == DHCPFO_MODE_LOAD_BALANCE)
		printf("Load balance:          %u%% primary, %u%% secondary\n", r->percentage,
		       r->percentage <= 100 ? 100 - r->percentage : 0);
	else
		printf("Reserve:               %u%% (standby)\n", r->percentage);
	printf("MCLT:                  %s\n", cli_duration_str(r->mclt, d));
	printf("Safe period:           %s\n", r->safe_period == DHCPFO_SAFE_PERIOD_INFINITE ? "off" :
	       cli_duration_str(r->safe_period, d));
	printf("Auto state transition: %s\n", r->auto_state_transition ? "on" : "off");
	printf("LB max seconds:        %u%s\n", r->lb_max_seconds, r->lb_max_seconds ? "" : " (off)");
	printf("Hash key:              %s\n", dhcpfo_hash_key_str(r->hash_key));
	printf("Shared secret:         %s\n", r->shared_secret_set ? "set" : "none");
	printf("Scopes:                ");
	for (i = 0; i < r->n_scopes; i++)
		printf("%s%s", i ? ", " : "", cli_ip(r->scopes[i], a));
	printf("%s\n", r->n_scopes ? "" : "-");
}

static int fo_show(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "scope", required_argument, NULL, 'c' },
		CLI_COMMON_LONGOPTS
	};
	struct dhcpfo_relationship *rel;
	const char *scope_arg = NULL;
	uint32_t scope, st;
	int o, r;

	GETOPT_LOOP("", lo) {
		switch (o) {
		case 'c': scope_arg = optarg; break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if (scope_arg ? argc != 0 : argc != 1)
		return cli_usage(cmd, "give a relationship NAME or --scope ADDRESS");
	if (scope_arg && cli_parse_ip(scope_arg, &scope))
		return cli_usage(cmd, "--scope '%s' is not an IPv4 address", scope_arg);
	if ((r = cli_connect(cli)))
		return r;
	st = scope_arg ? dhcpfo_failover_scope_get(cli->c, scope, &rel) :
			 dhcpfo_failover_get(cli->c, argv[0], &rel);
	if (st)
		return cli_api_error(st);
	if (cli->json) {
		json_object *j = cli_rel_json(rel);

		cli_sync_json(cli, rel->name, j);
		cli_json_print(j);
	} else {
		print_rel(rel);
		cli_sync_print(cli, rel->name);
	}
	dhcpfo_free(rel);
	return 0;
}

static int fo_list(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = { CLI_COMMON_LONGOPTS };
	static const char *head[] = { "NAME", "MODE", "ROLE", "STATE", "PARTNER", "SPLIT", "MCLT",
				      "SCOPES" };
	struct dhcpfo_relationship_array *page;
	uint32_t handle = 0, read, total, st, i;
	json_object *arr = NULL;
	struct table t;
	int o, r;

	GETOPT_LOOP("", lo) {
		switch (o) {
		COMMON_DEFAULT;
		}
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if ((r = cli_connect(cli)))
		return r;
	if (cli->json)
		arr = json_object_new_array();
	table_init(&t, 8, head);
	for (;;) {
		st = dhcpfo_failover_enum(cli->c, &handle, 100, &page, &read, &total);
		if (st == DHCPFO_ERROR_NO_MORE_ITEMS)
			break;
		if (st && st != DHCPFO_ERROR_MORE_DATA) {
			table_free(&t);
			json_object_put(arr);
			return cli_api_error(st);
		}
		for (i = 0; i < page->n; i++) {
			const struct dhcpfo_relationship *rel = &page->items[i];
			char p[16], s[16], d[32];

			if (arr) {
				json_object_array_add(arr, cli_rel_json(rel));
				continue;
			}
			table_add(&t, rel->name,
				  rel->mode == DHCPFO_MODE_LOAD_BALANCE ? "load-balance" : "hot-standby",
				  role_word(rel), state_word(rel->state, s),
				  cli_ip(rel->server_type == DHCPFO_SERVER_PRIMARY ? rel->secondary_server :
					 rel->primary_server, p), "", cli_duration_str(rel->mclt, d), "");
			if (rel->mode == DHCPFO_MODE_LOAD_BALANCE)
				table_addf(&t, 5, "%u/%u", rel->percentage,
					   rel->percentage <= 100 ? 100 - rel->percentage : 0);
			else
				table_addf(&t, 5, "reserve %u%%", rel->percentage);
			table_addf(&t, 7, "%u", rel->n_scopes);
		}
		dhcpfo_free(page);
		if (st != DHCPFO_ERROR_MORE_DATA)
			break;
	}
	if (arr)
		cli_json_print(arr);
	else
		table_print(&t);
	table_free(&t);
	return 0;
}

static int fo_remove(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "local-only", no_argument, NULL, OPT_LOCAL_ONLY },
		CLI_COMMON_LONGOPTS
	};
	enum dhcpfo_side side;
	bool local_only = false;
	uint32_t st;
	int o, r, i;

	GETOPT_LOOP("", lo) {
		switch (o) {
		case OPT_LOCAL_ONLY: local_only = true; break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return cli_usage(cmd, "give the relationship NAME");
	if ((r = cli_connect(cli)))
		return r;
	for (i = 0; i < argc; i++) {
		st = local_only ? dhcpfo_failover_delete(cli->c, argv[i]) :
				  dhcpfo_failover_delete_both(cli->c, argv[i], &side);
		if (st)
			return cli_api_error(st);
	}
	return 0;
}

/* ---- failover scope add/remove ---------------------------------------------- */

static int fo_scope(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv, bool add)
{
	static const struct option lo[] = {
		{ "local-only", no_argument, NULL, OPT_LOCAL_ONLY },
		CLI_COMMON_LONGOPTS
	};
	uint32_t scopes[MAX_SCOPES_ARG], n = 0, st;
	enum dhcpfo_side side;
	bool local_only = false;
	int o, r, i;

	GETOPT_LOOP("", lo) {
		switch (o) {
		case OPT_LOCAL_ONLY: local_only = true; break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		return cli_usage(cmd, "give the relationship NAME and at least one scope");
	for (i = 1; i < argc; i++)
		if (add_scopes(argv[i], scopes, &n))
			return cli_usage(cmd, "'%s' is not an IPv4 scope address", argv[i]);
	if ((r = cli_connect(cli)))
		return r;
	if (local_only) {
		st = add ? dhcpfo_failover_scope_add(cli->c, argv[0], scopes, n) :
			   dhcpfo_failover_scope_delete(cli->c, argv[0], scopes, n);
		return st ? cli_api_error(st) : 0;
	}
	return both_result(add ? dhcpfo_failover_scope_add_both(cli->c, argv[0], scopes, n, &side) :
			   dhcpfo_failover_scope_delete_both(cli->c, argv[0], scopes, n, &side));
}

static int fo_scope_add(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	return fo_scope(cli, cmd, argc, argv, true);
}

static int fo_scope_remove(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	return fo_scope(cli, cmd, argc, argv, false);
}

/* ---- failover stats ---------------------------------------------------------- */

static uint64_t counter(const struct dhcpfo_counters *c, const char *name)
{
	uint32_t i;

	for (i = 0; c && i < c->n; i++)
		if (!strcmp(c->items[i].name, name))
			return c->items[i].value;
	return 0;
}

/* The scope's XDP counters; *@xdp goes false for good when the agent has none. */
static uint32_t scope_xdp(struct cli *cli, uint32_t scope, bool *xdp, struct dhcpfo_dp_stats **dp)
{
	uint32_t st;

	*dp = NULL;
	if (!*xdp)
		return 0;
	st = dhcpfo_failover_datapath_stats(cli->c, scope, dp);
	if (st == DHCPFO_ERROR_NOT_SUPPORTED) {
		*xdp = false;
		return 0;
	}
	return st;
}

static json_object *stats_json(uint32_t scope, const struct dhcpfo_failover_stats *s,
			       const struct dhcpfo_dp_stats *dp)
{
	json_object *j = json_object_new_object();

	json_object_object_add(j, "scope", cli_json_ip(scope));
	json_object_object_add(j, "num_addr", json_object_new_uint64(s->num_addr));
	json_object_object_add(j, "addr_free", json_object_new_uint64(s->addr_free));
	json_object_object_add(j, "addr_in_use", json_object_new_uint64(s->addr_in_use));
	json_object_object_add(j, "this_addr_free", json_object_new_uint64(s->this_addr_free));
	json_object_object_add(j, "partner_addr_free", json_object_new_uint64(s->partner_addr_free));
	json_object_object_add(j, "this_addr_in_use", json_object_new_uint64(s->this_addr_in_use));
	json_object_object_add(j, "partner_addr_in_use",
			       json_object_new_uint64(s->partner_addr_in_use));
	json_object_object_add(j, "xdp", dp ? cli_counters_json(&dp->scope_counters) : NULL);
	return j;
}

static void stats_row(struct table *t, uint32_t scope, const struct dhcpfo_failover_stats *s,
		      const struct dhcpfo_dp_stats *dp)
{
	const struct dhcpfo_counters *c = dp ? &dp->scope_counters : NULL;
	char a[16];

	table_add(t, cli_ip(scope, a), "", "", "", "", "", "", "", "", "", "");
	table_addf(t, 1, "%u", s->num_addr);
	table_addf(t, 2, "%u", s->addr_free);
	table_addf(t, 3, "%u", s->addr_in_use);
	table_addf(t, 4, "%u", s->this_addr_free);
	table_addf(t, 5, "%u", s->partner_addr_free);
	table_addf(t, 6, "%u", s->this_addr_in_use);
	table_addf(t, 7, "%u", s->partner_addr_in_use);
	if (t->ncols > 8) {
		table_addf(t, 8, "%llu", (unsigned long long)counter(c, "received"));
		table_addf(t, 9, "%llu", (unsigned long long)counter(c, "passed"));
		table_addf(t, 10, "%llu", (unsigned long long)(counter(c, "dropped_not_ours") +
				counter(c, "dropped_other_server") + counter(c, "dropped_by_state")));
	}
}

static int fo_stats(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "scope", required_argument, NULL, 'c' },
		CLI_COMMON_LONGOPTS
	};
	static const char *head[] = { "SCOPE", "ADDRESSES", "FREE", "IN-USE", "THIS-FREE",
				      "PARTNER-FREE", "THIS-IN-USE", "PARTNER-IN-USE", "XDP-RX",
				      "XDP-PASS", "XDP-DROP" };
	struct dhcpfo_relationship *rel = NULL;
	uint32_t scopes[MAX_SCOPES_ARG], n = 0, i, st;
	json_object *arr = NULL;
	bool xdp = true;
	struct table t;
	int o, r;

	GETOPT_LOOP("", lo) {
		switch (o) {
		case 'c':
			if (add_scopes(optarg, scopes, &n))
				return cli_usage(cmd, "--scope '%s' is not an IPv4 address", optarg);
			break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if (n ? argc != 0 : argc != 1)
		return cli_usage(cmd, "give a relationship NAME or --scope ADDRESS");
	if ((r = cli_connect(cli)))
		return r;
	if (!n) {
		st = dhcpfo_failover_get(cli->c, argv[0], &rel);
		if (st)
			return cli_api_error(st);
		n = rel->n_scopes < MAX_SCOPES_ARG ? rel->n_scopes : MAX_SCOPES_ARG;
		memcpy(scopes, rel->scopes, n * sizeof(*scopes));
		dhcpfo_free(rel);
	}
	/* the first scope tells whether there are XDP counters at all */
	if (n) {
		struct dhcpfo_dp_stats *probe;

		st = scope_xdp(cli, scopes[0], &xdp, &probe);
		dhcpfo_free(probe);
		if (st)
			return cli_api_error(st);
	}
	table_init(&t, xdp ? 11 : 8, head);
	if (cli->json)
		arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		struct dhcpfo_failover_stats s;
		struct dhcpfo_dp_stats *dp;

		st = dhcpfo_failover_scope_stats(cli->c, scopes[i], &s);
		if (!st)
			st = scope_xdp(cli, scopes[i], &xdp, &dp);
		if (st) {
			table_free(&t);
			json_object_put(arr);
			return cli_api_error(st);
		}
		if (arr)
			json_object_array_add(arr, stats_json(scopes[i], &s, dp));
		else
			stats_row(&t, scopes[i], &s, dp);
		dhcpfo_free(dp);
	}
	if (arr) {
		cli_json_print(arr);
	} else {
		table_print(&t);
		if (!xdp)
			printf("(no XDP counters: the agent runs without the datapath)\n");
	}
	table_free(&t);
	return 0;
}

/* ---- failover which ------------------------------------------------------------ */

struct client_key {
	uint8_t b[255];
	uint32_t len;
	bool mac;
};

static int parse_key(const char *s, struct client_key *k)
{
	k->mac = !cli_parse_mac(s, k->b, &k->len);
	if (k->mac)
		return 0;
	return cli_parse_hex(s, k->b, sizeof(k->b), &k->len);
}

static const char *hex(const uint8_t *a, uint32_t len, char *buf)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		sprintf(buf + 2 * i, "%02x", a[i]);
	buf[2 * len] = '\0';
	return buf;
}

static int which_scope(struct cli *cli, const struct client_key *k, uint32_t scope)
{
	struct dhcpfo_relationship *rel;
	struct dhcpfo_which w;
	char a[16];
	uint32_t st;

	st = dhcpfo_failover_which(cli->c, scope, k->mac ? k->b : NULL, k->mac ? k->len : 0,
				   k->mac ? NULL : k->b, k->mac ? 0 : k->len, &w);
	if (st)
		return cli_api_error(st);
	st = dhcpfo_failover_scope_get(cli->c, scope, &rel);
	if (st)
		return cli_api_error(st);
	if (cli->json) {
		json_object *j = json_object_new_object();

		json_object_object_add(j, "scope", cli_json_ip(scope));
		json_object_object_add(j, "relationship", cli_json_str(rel->name));
		json_object_object_add(j, "bucket", json_object_new_uint64(w.bucket));
		json_object_object_add(j, "owner", cli_json_str(dhcpfo_server_type_str(w.owner)));
		json_object_object_add(j, "owner_address",
				       cli_json_ip(w.owner == DHCPFO_SERVER_PRIMARY ? rel->primary_server :
						   rel->secondary_server));
		json_object_object_add(j, "this_server_answers",
				       json_object_new_boolean(w.this_server_answers));
		cli_json_print(j);
	} else {
		printf("Scope:               %s (relationship %s)\n", cli_ip(scope, a), rel->name);
		printf("Bucket:              %u\n", w.bucket);
		printf("Owner:               %s %s\n", dhcpfo_server_type_str(w.owner),
		       cli_ip(w.owner == DHCPFO_SERVER_PRIMARY ? rel->primary_server :
			      rel->secondary_server, a));
		printf("This server answers: %s\n", w.this_server_answers ? "yes" : "no");
	}
	dhcpfo_free(rel);
	return 0;
}

/*
 * Without a scope: the client's bucket (RFC 3074, computed here with the
 * same code as the datapath) and its owner in every relationship.
 */
static int which_all(struct cli *cli, const struct client_key *k)
{
	static const char *head[] = { "RELATIONSHIP", "MODE", "HASH-KEY", "BUCKET", "OWNER",
				      "ADDRESS", "STATE" };
	struct dhcpfo_relationship_array *page;
	uint32_t handle = 0, read, total, st, i;
	unsigned int bucket = dfo_rfc3074_hash(k->b, k->len);
	json_object *arr = NULL, *top = NULL;
	char keyhex[2 * 255 + 1];
	struct table t;

	table_init(&t, 7, head);
	if (cli->json) {
		top = json_object_new_object();
		arr = json_object_new_array();
		json_object_object_add(top, "key", cli_json_str(hex(k->b, k->len, keyhex)));
		json_object_object_add(top, "key_type", cli_json_str(k->mac ? "chaddr" : "client-id"));
		json_object_object_add(top, "bucket", json_object_new_uint64(bucket));
	} else {
		printf("Key:    %s (%s)\nBucket: %u\n\n", hex(k->b, k->len, keyhex),
		       k->mac ? "chaddr" : "client-id", bucket);
	}
	for (;;) {
		st = dhcpfo_failover_enum(cli->c, &handle, 100, &page, &read, &total);
		if (st == DHCPFO_ERROR_NO_MORE_ITEMS)
			break;
		if (st && st != DHCPFO_ERROR_MORE_DATA) {
			table_free(&t);
			json_object_put(top);
			json_object_put(arr);
			return cli_api_error(st);
		}
		for (i = 0; i < page->n; i++) {
			const struct dhcpfo_relationship *r = &page->items[i];
			enum dhcpfo_server_type owner;
			bool known = true;
			char a[16], s[16];

			/* a chaddr relationship hashes the MAC, which a client-id does not give */
			if (!k->mac && r->hash_key == DHCPFO_HASH_CHADDR)
				known = false;
			if (r->mode == DHCPFO_MODE_HOT_STANDBY)
				owner = DHCPFO_SERVER_PRIMARY;
			else
				owner = bucket < dfo_hba__primary_buckets(r->percentage) ?
					DHCPFO_SERVER_PRIMARY : DHCPFO_SERVER_SECONDARY;
			if (arr) {
				json_object *j = json_object_new_object();

				json_object_object_add(j, "relationship", cli_json_str(r->name));
				json_object_object_add(j, "owner", known ?
						       cli_json_str(dhcpfo_server_type_str(owner)) : NULL);
				json_object_object_add(j, "owner_address", known ?
						       cli_json_ip(owner == DHCPFO_SERVER_PRIMARY ?
								   r->primary_server : r->secondary_server) : NULL);
				json_object_object_add(j, "state_name",
						       cli_json_str(dhcpfo_fsm_state_str(r->state)));
				json_object_array_add(arr, j);
				continue;
			}
			table_add(&t, r->name, r->mode == DHCPFO_MODE_LOAD_BALANCE ? "load-balance" :
				  "hot-standby", dhcpfo_hash_key_str(r->hash_key), "",
				  known ? dhcpfo_server_type_str(owner) : "- (needs the MAC)",
				  known ? cli_ip(owner == DHCPFO_SERVER_PRIMARY ? r->primary_server :
						 r->secondary_server, a) : "-",
				  state_word(r->state, s));
			if (known)
				table_addf(&t, 3, "%u", bucket);
			else
				table_addf(&t, 3, "-");
		}
		dhcpfo_free(page);
		if (st != DHCPFO_ERROR_MORE_DATA)
			break;
	}
	if (top) {
		json_object_object_add(top, "relationships", arr);
		cli_json_print(top);
	} else {
		table_print(&t);
	}
	table_free(&t);
	return 0;
}

static int fo_which(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "scope", required_argument, NULL, 'c' },
		CLI_COMMON_LONGOPTS
	};
	const char *scope_arg = NULL;
	struct client_key k;
	uint32_t scope;
	int o, r;

	GETOPT_LOOP("", lo) {
		switch (o) {
		case 'c': scope_arg = optarg; break;
		COMMON_DEFAULT;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		return cli_usage(cmd, "give one MAC (aa:bb:cc:dd:ee:ff) or CLIENT-ID (hex, with its type byte)");
	if (parse_key(argv[0], &k) || !k.len)
		return cli_usage(cmd, "'%s' is neither a MAC (aa:bb:cc:dd:ee:ff) nor a hex client-id",
				 argv[0]);
	if (scope_arg && cli_parse_ip(scope_arg, &scope))
		return cli_usage(cmd, "--scope '%s' is not an IPv4 address", scope_arg);
	if ((r = cli_connect(cli)))
		return r;
	return scope_arg ? which_scope(cli, &k, scope) : which_all(cli, &k);
}

/* ---- failover time / address-status / client / trigger-alloc -------------------- */

static int fo_simple_args(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv,
			  int nargs)
{
	static const struct option lo[] = { CLI_COMMON_LONGOPTS };
	int o, r;

	/* CLI_HELPED goes back up as it is: the caller must stop, not go on */
	GETOPT_LOOP("", lo) {
		r = cli_common_opt(cli, cmd, o, optarg);
		if (r != CLI_CONTINUE)
			return r;
	}
	if (argc - optind != nargs)
		return cli_usage(cmd, nargs ? "wrong number of arguments" : "unexpected argument");
	return cli_connect(cli);
}

static int fo_time(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	uint32_t t, delta, st;
	int r;

	if ((r = fo_simple_args(cli, cmd, argc, argv, 0)))
		return cli_exit(r);
	st = dhcpfo_failover_system_time(cli->c, &t, &delta);
	if (st)
		return cli_api_error(st);
	if (cli->json) {
		json_object *j = json_object_new_object();

		json_object_object_add(j, "time", json_object_new_uint64(t));
		json_object_object_add(j, "max_allowed_delta", json_object_new_uint64(delta));
		cli_json_print(j);
	} else {
		printf("Time:              %u\nMax allowed delta: %u s\n", t, delta);
	}
	return 0;
}

static int fo_address_status(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	static const char *const names[] = { "primary", "secondary", "excluded", "reserved" };
	uint32_t ip, status, st;
	int r;

	if ((r = fo_simple_args(cli, cmd, argc, argv, 1)))
		return cli_exit(r);
	if (cli_parse_ip(argv[optind], &ip))
		return cli_usage(cmd, "'%s' is not an IPv4 address", argv[optind]);
	st = dhcpfo_failover_address_status(cli->c, ip, &status);
	if (st)
		return cli_api_error(st);
	if (cli->json) {
		json_object *j = json_object_new_object();

		json_object_object_add(j, "address", cli_json_ip(ip));
		json_object_object_add(j, "status", json_object_new_uint64(status));
		json_object_object_add(j, "status_name", status < 4 ? cli_json_str(names[status]) : NULL);
		cli_json_print(j);
	} else {
		printf("%s: %s\n", argv[optind], status < 4 ? names[status] : "unknown");
	}
	return 0;
}

static int fo_client(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct dhcpfo_client_search s = { 0 };
	struct dhcpfo_client_info *ci;
	uint8_t hw[DHCPFO_HWADDR_MAX];
	char a[16], m[16], o[16], h[49], t[32];
	const char *arg;
	uint32_t st;
	int r;

	if ((r = fo_simple_args(cli, cmd, argc, argv, 1)))
		return cli_exit(r);
	arg = argv[optind];
	if (!cli_parse_ip(arg, &s.ip)) {
		s.type = DHCPFO_SEARCH_IP;
	} else if (!cli_parse_mac(arg, hw, &s.hwaddr_len)) {
		s.type = DHCPFO_SEARCH_HWADDR;
		s.hwaddr = hw;
	} else {
		s.type = DHCPFO_SEARCH_NAME;
		s.name = arg;
	}
	st = dhcpfo_failover_client_info(cli->c, &s, &ci);
	if (st)
		return cli_api_error(st);
	if (cli->json) {
		json_object *j = json_object_new_object();

		json_object_object_add(j, "address", cli_json_ip(ci->address));
		json_object_object_add(j, "mask", cli_json_ip(ci->mask));
		json_object_object_add(j, "hwaddr", cli_json_str(cli_mac(ci->hwaddr, ci->hwaddr_len, h)));
		json_object_object_add(j, "name", cli_json_str(ci->name));
		json_object_object_add(j, "lease_expires", cli_json_time(ci->lease_expires));
		json_object_object_add(j, "owner_host", cli_json_ip(ci->owner_host));
		json_object_object_add(j, "address_state", json_object_new_uint64(ci->address_state));
		cli_json_print(j);
	} else {
		printf("Address:       %s/%s\nHW address:    %s\nName:          %s\n"
		       "Lease expires: %s\nOwner:         %s\n", cli_ip(ci->address, a),
		       cli_ip(ci->mask, m), cli_mac(ci->hwaddr, ci->hwaddr_len, h),
		       ci->name && *ci->name ? ci->name : "-", cli_time_str(ci->lease_expires, t),
		       cli_ip(ci->owner_host, o));
	}
	dhcpfo_free(ci);
	return 0;
}

static int fo_trigger(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	uint32_t st;
	int r;

	if ((r = fo_simple_args(cli, cmd, argc, argv, 1)))
		return cli_exit(r);
	st = dhcpfo_failover_trigger_alloc(cli->c, argv[optind]);
	return st ? cli_api_error(st) : 0;
}

const struct cli_cmd cli_failover_cmds[] = {
	{ "failover add", "NAME --partner IP --this-server IP --scope S [--scope S...] "
	  "[--mode load-balance|hot-standby] [--percent P | --reserve-percent P] "
	  "[--role primary|secondary|active|standby] [--mclt D] [--safe-period D] "
	  "[--auto-state-transition] [--secret S] [--lb-max-seconds S] "
	  "[--hash-key client-id|chaddr] [--partner-name N] [--this-server-name N] [--local-only]",
	  "Create a failover relationship (Add-DhcpServerv4Failover) on this server and on\n"
	  "the partner: the partner gets the relationship with its role flipped and a full\n"
	  "copy of each scope (properties, ranges, exclusions, reservations, options); it\n"
	  "must not have those scopes yet. If the partner's step fails, this server's\n"
	  "change is undone and the error says which side failed. The partner's API is\n"
	  "--partner IP, port 6470 (--partner-api HOST[:PORT] to differ), authenticated\n"
	  "with --partner-key-file (default: --key-file, $DHCPFO_KEY_FILE).\n\n"
	  "  --local-only         create it on this server alone (the partner is managed\n"
	  "                       separately, e.g. ISC dhcpd)\n"
	  "  --percent P          load balance: THIS server's share, as -LoadBalancePercent\n"
	  "                       (default 50; stored as the primary's share)\n"
	  "  --reserve-percent P  hot standby: addresses the standby keeps (default 5);\n"
	  "                       implies --mode hot-standby\n"
	  "  --role R             this server's role (default primary; active = primary,\n"
	  "                       standby = secondary in hot standby)\n"
	  "  --mclt D             maximum client lead time (default 1h)\n"
	  "  --safe-period D      state switchover interval; implies\n"
	  "                       --auto-state-transition (default: off)\n"
	  "  --lb-max-seconds S   answer a client of the partner once its 'secs' exceeds S\n"
	  "  --hash-key K         client-id (option 61, else chaddr; default) or chaddr\n"
	  "Scopes may also be given as --scope A,B,C.\n", fo_add },
	{ "failover list", "", "List the failover relationships (Get-DhcpServerv4Failover).\n",
	  fo_list },
	{ "failover show", "NAME | --scope ADDRESS",
	  "Show every field of a relationship, by name or by one of its scopes.\n", fo_show },
	{ "failover set", "NAME [--state STATE] [--prev-state STATE] [--percent P | "
	  "--reserve-percent P] [--mclt D] [--safe-period D|off] [--mode M] [--secret S] "
	  "[--auto-state-transition on|off] [--lb-max-seconds S] [--hash-key K] [--local-only]",
	  "Change a relationship (Set-DhcpServerv4Failover); each option sets its\n"
	  "DhcpV4FailoverSetRelationship flag. The relationship's settings (--percent,\n"
	  "--reserve-percent, --mclt, --safe-period, --mode, --secret,\n"
	  "--auto-state-transition, --lb-max-seconds, --hash-key) are changed on the\n"
	  "partner, then on this server; if this server then refuses, the partner's\n"
	  "values are put back and the error says which side failed. The state is this\n"
	  "server's own: --state and --prev-state change this server only, and alone\n"
	  "they do not contact the partner (dhcpfo failover set NAME --state\n"
	  "PARTNER_DOWN, as -PartnerDown). States: NORMAL, PARTNER_DOWN,\n"
	  "COMMUNICATION_INT, ... The partner is reached as for failover add\n"
	  "(--partner-api, --partner-key-file).\n\n"
	  "  --percent P          load balance: THIS server's share, as\n"
	  "                       -LoadBalancePercent (stored on both as the primary's)\n"
	  "  --reserve-percent P  hot standby: addresses the standby keeps\n"
	  "  --local-only         change this server alone\n", fo_set },
	{ "failover remove", "NAME... [--local-only]",
	  "Delete relationships on this server and on the partner\n"
	  "(Remove-DhcpServerv4Failover). If the partner's delete fails, the relationship\n"
	  "is put back here exactly as it was. --local-only: on this server alone.\n",
	  fo_remove },
	{ "failover scope add", "NAME SCOPE... [--local-only]",
	  "Add scopes to a relationship on both servers (Add-DhcpServerv4FailoverScope):\n"
	  "full copies of the scopes are created on the partner, which must not have\n"
	  "them. --local-only: on this server alone.\n", fo_scope_add },
	{ "failover scope remove", "NAME SCOPE... [--local-only]",
	  "Remove scopes from a relationship on both servers and delete them on the\n"
	  "partner; they stay here (Remove-DhcpServerv4FailoverScope). --local-only: take\n"
	  "them out of the relationship on this server alone.\n",
	  fo_scope_remove },
	{ "failover stats", "NAME | --scope ADDRESS...",
	  "Address statistics of the relationship's scopes (DhcpV4FailoverGetScopeStatistics),\n"
	  "with the XDP datapath's counters when it runs.\n", fo_stats },
	{ "failover which", "MAC|CLIENT-ID [--scope ADDRESS]",
	  "Which server answers a client: its RFC 3074 bucket and the bucket's owner.\n"
	  "A MAC has separators (00:0c:01:02:03:04); a client-id is hex with its type\n"
	  "byte (01000c01020304). With --scope the agent answers for that scope, else\n"
	  "the owner in every relationship is computed here.\n", fo_which },
	{ "failover time", "", "The agent's clock (DhcpV4FailoverGetSystemTime).\n", fo_time },
	{ "failover address-status", "IP",
	  "Who leases an address: primary, secondary, excluded or reserved.\n", fo_address_status },
	{ "failover client", "IP|MAC|NAME",
	  "A client's lease (DhcpV4FailoverGetClientInfo).\n", fo_client },
	{ "failover trigger-alloc", "NAME",
	  "Redistribute free addresses (DhcpV4FailoverTriggerAddrAllocation).\n", fo_trigger },
	{ NULL, NULL, NULL, NULL },
};
