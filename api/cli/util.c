// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Argument parsing, error reporting and output helpers of the CLI. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

#include "cli.h"

/* ---- errors and help --------------------------------------------------- */

void cli_help(const struct cli_cmd *cmd)
{
	printf("usage: dhcpfo [OPTIONS] %s%s%s\n\n%s", cmd->path, *cmd->usage ? " " : "",
	       cmd->usage, cmd->help);
	printf("\nCommon options:\n");
	cli_common_help();
	printf("  -h, --help          this text\n");
}

void cli_common_help(void)
{
	printf("  -s, --server HOST[:PORT]\n"
	       "                      server to manage (default this host, over its unix\n"
	       "                      socket); another host over TCP, port %d by default\n"
	       "      --key-file F    key of a remote server (default $%s,\n"
	       "                      else %s)\n"
	       "      --partner-api HOST[:PORT]\n"
	       "                      the failover partner's API, for the commands acting on\n"
	       "                      both servers (default: its address in the relationship)\n"
	       "      --partner-key-file F  key of the partner (default: as --key-file)\n"
	       "      --instance NAME agent instance: /run/dhcpfo/NAME.sock\n"
	       "      --socket PATH   agent socket (default $DHCPFO_SOCKET or\n"
	       "                      /run/dhcpfo/default.sock)\n"
	       "      --timeout MS    per-call timeout (default %d)\n"
	       "      --json          machine-readable output\n", DHCPFO_API_PORT,
	       DHCPFO_ENV_KEY_FILE, DHCPFO_DEFAULT_KEY_FILE, DHCPFO_DEFAULT_TIMEOUT_MS);
}

int cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "dhcpfo: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\nusage: dhcpfo %s%s%s\nTry 'dhcpfo %s --help'.\n", cmd->path,
			*cmd->usage ? " " : "", cmd->usage, cmd->path);
	else
		fprintf(stderr, "\nTry 'dhcpfo --help'.\n");
	return EXIT_USAGE;
}

int cli_api_error(uint32_t st)
{
	const char *name = dhcpfo_status_name(st);
	const char *msg = dhcpfo_strerror_last();

	fprintf(stderr, "dhcpfo: %s (%u): %s\n", name ? name : "ERROR_UNKNOWN", st,
		*msg ? msg : dhcpfo_status_text(st));
	return EXIT_API;
}

int cli_common_opt(struct cli *cli, const struct cli_cmd *cmd, int opt, const char *arg)
{
	uint32_t v;

	switch (opt) {
	case 'h':
		cli_help(cmd);
		return CLI_HELPED;
	case 'J':
		cli->json = true;
		return CLI_CONTINUE;
	case 's':
		cli->server = arg;
		return CLI_CONTINUE;
	case 'I':
		cli->instance = arg;
		return CLI_CONTINUE;
	case 'S':
		cli->socket = arg;
		return CLI_CONTINUE;
	case CLI_OPT_KEY_FILE:
		cli->key_file = arg;
		return CLI_CONTINUE;
	case CLI_OPT_PARTNER_API:
		cli->partner_api = arg;
		return CLI_CONTINUE;
	case CLI_OPT_PARTNER_KEY:
		cli->partner_key_file = arg;
		return CLI_CONTINUE;
	case 'T':
		if (cli_parse_u32(arg, 3600000, &v) || !v)
			return cli_usage(cmd, "--timeout wants milliseconds (1..3600000), not '%s'", arg);
		cli->timeout_ms = (int)v;
		return CLI_CONTINUE;
	default:
		/* getopt printed what was wrong */
		return cli_usage(cmd, "bad option");
	}
}

int cli_connect(struct cli *cli)
{
	struct dhcpfo_client_opts opts = {
		.sz = sizeof(opts),
		.socket_path = cli->socket,
		.instance = cli->instance,
		.timeout_ms = cli->timeout_ms,
		.key_file = cli->key_file,
		.partner_server = cli->partner_api,
		.partner_key_file = cli->partner_key_file,
	};
	uint32_t st;

	if (cli->c)
		return 0;
	st = dhcpfo_client__open(cli->server, &opts, &cli->c);
	return st ? cli_api_error(st) : 0;
}

/* ---- parsing ------------------------------------------------------------ */

int cli_parse_ip(const char *s, uint32_t *ip)
{
	struct in_addr a;

	if (!s || inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*ip = ntohl(a.s_addr);
	return 0;
}

int cli_parse_prefix(const char *s, uint32_t *addr, uint32_t *mask)
{
	char buf[32];
	const char *slash = strchr(s, '/');
	uint32_t len;

	*mask = 0;
	if (!slash)
		return cli_parse_ip(s, addr);
	if ((size_t)(slash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if (cli_parse_ip(buf, addr) || cli_parse_u32(slash + 1, 32, &len) || len == 0)
		return -1;
	*mask = len == 32 ? 0xffffffffu : ~(0xffffffffu >> len);
	return 0;
}

int cli_parse_u64(const char *s, uint64_t *v)
{
	unsigned long long x;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}

int cli_parse_u32(const char *s, uint32_t max, uint32_t *v)
{
	uint64_t x;

	if (cli_parse_u64(s, &x) || x > max)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 0x20;
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

int cli_parse_mac(const char *s, uint8_t *a, uint32_t *len)
{
	uint32_t n = 0;
	char sep = 0;

	if (!s || !*s)
		return -1;
	for (;;) {
		int hi = hexval(s[0]), lo = hi < 0 ? -1 : hexval(s[1]);

		if (hi < 0 || lo < 0 || n == DHCPFO_HWADDR_MAX)
			return -1;
		a[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
		if (!*s)
			break;
		if ((*s != ':' && *s != '-') || (sep && *s != sep))
			return -1;
		sep = *s++;
	}
	/* a MAC has separators: "0011" is a client-id, not a 2-byte address */
	if (n > 1 && !sep)
		return -1;
	*len = n;
	return 0;
}

int cli_parse_hex(const char *s, uint8_t *a, uint32_t max, uint32_t *len)
{
	size_t n, i;

	if (!s)
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	n = strlen(s);
	if (!n || n % 2 || n / 2 > max)
		return -1;
	for (i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		a[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = (uint32_t)(n / 2);
	return 0;
}

int cli_parse_range(int argc, char **argv, uint32_t *start, uint32_t *end, int *used)
{
	char buf[40];
	const char *dash;

	if (argc < 1)
		return -1;
	dash = strchr(argv[0], '-');
	if (dash) {
		if ((size_t)(dash - argv[0]) >= sizeof(buf))
			return -1;
		memcpy(buf, argv[0], (size_t)(dash - argv[0]));
		buf[dash - argv[0]] = '\0';
		*used = 1;
		return cli_parse_ip(buf, start) || cli_parse_ip(dash + 1, end) ? -1 : 0;
	}
	if (argc < 2)
		return -1;
	*used = 2;
	return cli_parse_ip(argv[0], start) || cli_parse_ip(argv[1], end) ? -1 : 0;
}

int cli_parse_duration(const char *s, bool zero_ok, uint32_t *secs)
{
	uint64_t v, mult = 1;
	char buf[24];
	size_t n = strlen(s);

	if (!strcmp(s, "infinite")) {
		*secs = 0xffffffffu;
		return 0;
	}
	if (!n || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n + 1);
	switch (buf[n - 1]) {
	case 's': mult = 1; buf[n - 1] = '\0'; break;
	case 'm': mult = 60; buf[n - 1] = '\0'; break;
	case 'h': mult = 3600; buf[n - 1] = '\0'; break;
	case 'd': mult = 86400; buf[n - 1] = '\0'; break;
	}
	if (cli_parse_u64(buf, &v) || v > 0xffffffffu / mult || v * mult == 0xffffffffu ||
	    (!v && !zero_ok))
		return -1;
	*secs = (uint32_t)(v * mult);
	return 0;
}

const char *cli_duration_str(uint32_t secs, char buf[32])
{
	if (secs == 0xffffffffu)
		return "infinite";
	if (secs && secs % 86400 == 0)
		snprintf(buf, 32, "%ud", secs / 86400);
	else if (secs && secs % 3600 == 0)
		snprintf(buf, 32, "%uh", secs / 3600);
	else if (secs && secs % 60 == 0)
		snprintf(buf, 32, "%um", secs / 60);
	else
		snprintf(buf, 32, "%us", secs);
	return buf;
}

/* ---- output ------------------------------------------------------------- */

const char *cli_time_str(uint64_t t, char buf[32])
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t == DHCPFO_LEASE_INFINITE)
		return "never";
	if (!localtime_r(&tt, &tm) || !strftime(buf, 32, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, 32, "%llu", (unsigned long long)t);
	return buf;
}

const char *cli_ip(uint32_t ip, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
	return buf;
}

const char *cli_mac(const uint8_t *a, uint32_t len, char buf[49])
{
	uint32_t i;

	buf[0] = '\0';
	for (i = 0; i < len && i < 16; i++)
		sprintf(buf + 3 * i, "%02x:", a[i]);
	if (i)
		buf[3 * i - 1] = '\0';
	return buf;
}

void table_init(struct table *t, int ncols, const char **head)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->head = head;
}

static void oom(void)
{
	fprintf(stderr, "dhcpfo: out of memory\n");
	exit(EXIT_API);
}

void table_add(struct table *t, ...)
{
	va_list ap;
	int i;

	if (t->rows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->cells = realloc(t->cells, (size_t)t->cap * t->ncols * sizeof(*t->cells));
		if (!t->cells)
			oom();
	}
	va_start(ap, t);
	for (i = 0; i < t->ncols; i++) {
		const char *s = va_arg(ap, const char *);

		t->cells[t->rows * t->ncols + i] = strdup(s ? s : "-");
		if (!t->cells[t->rows * t->ncols + i])
			oom();
	}
	va_end(ap);
	t->rows++;
}

void table_addf(struct table *t, int col, const char *fmt, ...)
{
	char **cell = &t->cells[(t->rows - 1) * t->ncols + col];
	va_list ap;

	free(*cell);
	va_start(ap, fmt);
	if (vasprintf(cell, fmt, ap) < 0)
		oom();
	va_end(ap);
}

static void print_cell(const char *s, int width, bool last)
{
	if (last)
		printf("%s\n", s);
	else
		printf("%-*s  ", width, s);
}

void table_print(struct table *t)
{
	int *w = calloc((size_t)t->ncols, sizeof(*w)), r, i;

	if (!w)
		oom();
	for (i = 0; i < t->ncols; i++)
		w[i] = (int)strlen(t->head[i]);
	for (r = 0; r < t->rows; r++)
		for (i = 0; i < t->ncols; i++) {
			int n = (int)strlen(t->cells[r * t->ncols + i]);

			if (n > w[i])
				w[i] = n;
		}
	for (i = 0; i < t->ncols; i++)
		print_cell(t->head[i], w[i], i == t->ncols - 1);
	for (r = 0; r < t->rows; r++)
		for (i = 0; i < t->ncols; i++)
			print_cell(t->cells[r * t->ncols + i], w[i], i == t->ncols - 1);
	free(w);
}

void table_free(struct table *t)
{
	int i;

	for (i = 0; i < t->rows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

void cli_json_print(json_object *o)
{
	if (!o)
		oom();
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
					     JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

json_object *cli_json_ip(uint32_t ip)
{
	char buf[16];

	return json_object_new_string(cli_ip(ip, buf));
}

json_object *cli_json_time(uint64_t t)
{
	return t == DHCPFO_LEASE_INFINITE ? NULL : json_object_new_uint64(t);
}

json_object *cli_json_str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

json_object *cli_rel_json(const struct dhcpfo_relationship *r)
{
	json_object *o = json_object_new_object(), *scopes = json_object_new_array();
	const char *st = dhcpfo_fsm_state_str(r->state), *pst = dhcpfo_fsm_state_str(r->prev_state);
	uint32_t i;

	if (!o || !scopes)
		oom();
	json_object_object_add(o, "name", cli_json_str(r->name));
	json_object_object_add(o, "primary_server", cli_json_ip(r->primary_server));
	json_object_object_add(o, "secondary_server", cli_json_ip(r->secondary_server));
	json_object_object_add(o, "mode", cli_json_str(dhcpfo_mode_str(r->mode)));
	json_object_object_add(o, "server_type", cli_json_str(dhcpfo_server_type_str(r->server_type)));
	json_object_object_add(o, "state", json_object_new_int(r->state));
	json_object_object_add(o, "state_name", cli_json_str(st));
	json_object_object_add(o, "prev_state", json_object_new_int(r->prev_state));
	json_object_object_add(o, "prev_state_name", cli_json_str(pst));
	json_object_object_add(o, "mclt", json_object_new_uint64(r->mclt));
	json_object_object_add(o, "safe_period", json_object_new_uint64(r->safe_period));
	json_object_object_add(o, "primary_server_name", cli_json_str(r->primary_server_name));
	json_object_object_add(o, "secondary_server_name", cli_json_str(r->secondary_server_name));
	for (i = 0; i < r->n_scopes; i++)
		json_object_array_add(scopes, cli_json_ip(r->scopes[i]));
	json_object_object_add(o, "scopes", scopes);
	json_object_object_add(o, "percentage", json_object_new_uint64(r->percentage));
	json_object_object_add(o, "shared_secret_set", json_object_new_boolean(r->shared_secret_set));
	json_object_object_add(o, "auto_state_transition",
			       json_object_new_boolean(r->auto_state_transition));
	json_object_object_add(o, "lb_max_seconds", json_object_new_uint64(r->lb_max_seconds));
	json_object_object_add(o, "hash_key", cli_json_str(dhcpfo_hash_key_str(r->hash_key)));
	return o;
}

json_object *cli_counters_json(const struct dhcpfo_counters *c)
{
	json_object *o = json_object_new_object();
	uint32_t i;

	if (!o)
		oom();
	for (i = 0; i < c->n; i++)
		json_object_object_add(o, c->items[i].name, json_object_new_uint64(c->items[i].value));
	return o;
}
