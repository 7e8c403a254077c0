/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The dhcpfo command line tool: shared state and helpers of its commands.
 * Exit status: 0 success, 1 the API refused (the error's name, code and
 * message on stderr), 2 usage error.
 */
#ifndef DHCPFO_CLI_H
#define DHCPFO_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>

#include "dhcpfo.h"

#define EXIT_API	1
#define EXIT_USAGE	2
#define CLI_CONTINUE	(-1)	/* option handled, keep parsing */
#define CLI_HELPED	(-2)	/* --help printed: stop, exit 0 */

/* The exit status for a parse result that stopped a command. */
static inline int cli_exit(int r)
{
	return r == CLI_HELPED ? 0 : r;
}

struct cli {
	const char *server;
	const char *instance;
	const char *socket;
	int timeout_ms;
	bool json;
	const char *key_file;		/* --key-file, else $DHCPFO_KEY_FILE */
	const char *partner_api;	/* --partner-api HOST[:PORT] */
	const char *partner_key_file;	/* --partner-key-file */
	struct dhcpfo_client *c;
};

struct cli_cmd {
	const char *path;		/* "failover add" */
	const char *usage;		/* arguments after the path */
	const char *help;		/* the rest of --help */
	int (*run)(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv);
};

extern const struct cli_cmd cli_scope_cmds[];
extern const struct cli_cmd cli_failover_cmds[];
extern const struct cli_cmd cli_misc_cmds[];
extern const struct cli_cmd cli_repl_cmds[];

/*
 * failover show: whether the partner's configuration of the relationship is
 * the same (digests compared), as a line or as a "sync" member of @j.
 */
void cli_sync_print(struct cli *cli, const char *name);
void cli_sync_json(struct cli *cli, const char *name, json_object *j);

/*
 * Options every command takes (--json, --server, --instance, --socket,
 * --timeout, --help), appended to a command's own by CLI_OPTS().
 */
#define CLI_COMMON_LONGOPTS							\
	{ "help", no_argument, NULL, 'h' },					\
	{ "json", no_argument, NULL, 'J' },					\
	{ "server", required_argument, NULL, 's' },				\
	{ "instance", required_argument, NULL, 'I' },				\
	{ "socket", required_argument, NULL, 'S' },				\
	{ "timeout", required_argument, NULL, 'T' },				\
	{ "key-file", required_argument, NULL, CLI_OPT_KEY_FILE },		\
	{ "partner-api", required_argument, NULL, CLI_OPT_PARTNER_API },	\
	{ "partner-key-file", required_argument, NULL, CLI_OPT_PARTNER_KEY },	\
	{ NULL, 0, NULL, 0 }
#define CLI_COMMON_SHORTOPTS "hs:"
/* values of the long-only common options, clear of every command's own */
#define CLI_OPT_KEY_FILE	3001
#define CLI_OPT_PARTNER_API	3002
#define CLI_OPT_PARTNER_KEY	3003

/* A common option: CLI_CONTINUE, CLI_HELPED, or an exit code (usage: 2). */
int cli_common_opt(struct cli *cli, const struct cli_cmd *cmd, int opt, const char *arg);
void cli_help(const struct cli_cmd *cmd);

/* "dhcpfo: <message>" + a pointer to --help; returns EXIT_USAGE. */
int cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "dhcpfo: ERROR_NAME (code): message"; returns EXIT_API. */
int cli_api_error(uint32_t status);
/* Connect (once); 0 or EXIT_API. */
int cli_connect(struct cli *cli);
/* The common options' text of --help. */
void cli_common_help(void);

/* ---- parsing ------------------------------------------------------------ */

int cli_parse_ip(const char *s, uint32_t *ip);
/* "A.B.C.D" or "A.B.C.D/len"; *mask 0 when no prefix given */
int cli_parse_prefix(const char *s, uint32_t *addr, uint32_t *mask);
int cli_parse_u32(const char *s, uint32_t max, uint32_t *v);
int cli_parse_u64(const char *s, uint64_t *v);
int cli_parse_mac(const char *s, uint8_t *a, uint32_t *len);	/* 1..16 bytes */
int cli_parse_hex(const char *s, uint8_t *a, uint32_t max, uint32_t *len);
/* "START-END" or the two arguments START END; consumes 1 or 2 of argv */
int cli_parse_range(int argc, char **argv, uint32_t *start, uint32_t *end, int *used);

/* "86400", "90s", "30m", "12h", "8d", "infinite" (0xffffffff) -> seconds */
int cli_parse_duration(const char *s, bool zero_ok, uint32_t *secs);
const char *cli_duration_str(uint32_t secs, char buf[32]);

/* ---- output ------------------------------------------------------------- */

/* Unix seconds as local time "YYYY-MM-DD HH:MM:SS"; DHCPFO_LEASE_INFINITE: "never" */
const char *cli_time_str(uint64_t t, char buf[32]);
const char *cli_ip(uint32_t ip, char buf[16]);
const char *cli_mac(const uint8_t *a, uint32_t len, char buf[49]);

struct table {
	int ncols;
	const char **head;
	char **cells;			/* rows * ncols, owned */
	int rows, cap;
};

void table_init(struct table *t, int ncols, const char **head);
void table_add(struct table *t, ...);	/* ncols strings (copied) */
void table_addf(struct table *t, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));	/* sets a cell of the last row */
void table_print(struct table *t);
void table_free(struct table *t);

/* Print @o (pretty) to stdout and release it. */
void cli_json_print(json_object *o);
json_object *cli_json_ip(uint32_t ip);
json_object *cli_json_str(const char *s);	/* NULL -> null */
json_object *cli_json_time(uint64_t t);		/* DHCPFO_LEASE_INFINITE -> null */

/* JSON forms shared by several commands */
json_object *cli_rel_json(const struct dhcpfo_relationship *r);
json_object *cli_counters_json(const struct dhcpfo_counters *c);

/*
 * Every subcommand parses its own options plus the common ones (--json,
 * --server, ...): loop over both, and hand anything unknown to
 * cli_common_opt(). Expects `int o, r` and `cli`, `cmd`, `argc`, `argv`.
 */
#define GETOPT_LOOP(shortopts, longopts)					\
	while ((o = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS shortopts,	\
				longopts, NULL)) != -1)

#define COMMON_DEFAULT								\
	default:								\
		r = cli_common_opt(cli, cmd, o, optarg);			\
		if (r != CLI_CONTINUE)						\
			return cli_exit(r);					\
		break

#endif
