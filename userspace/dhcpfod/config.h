/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * dhcpfod configuration: command-line flags and an optional config file of
 * "key = value" lines whose keys are the long flag names (dhcpfod.8). The
 * command line wins over the file. Everything is validated here, before the
 * agent touches anything; errors name the flag, or the file and line.
 */
#ifndef DFOD_CONFIG_H
#define DFOD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DFOD_VERSION		"0.3.0"
#define DFOD_DEFAULT_INSTANCE	"default"
#define DFOD_STATE_ROOT		"/var/lib/dhcpfo"
#define DFOD_RUN_DIR		"/run/dhcpfo"
#define DFOD_DEFAULT_MAX_RELS	31	/* DHCP_FAILOVER_MAX_NUM_REL */
#define DFOD_LIMIT_MAX_RELS	65536
#define DFOD_LIMIT_MAX_SCOPES	262144
#define DFOD_DEFAULT_SKEW	60
#define DFOD_MAX_IFACES		64

enum dfod_action {
	DFOD_RUN = 0,
	DFOD_UNPIN,
	DFOD_CALL,
	DFOD_CALL_RAW,
	DFOD_HELP,
	DFOD_VERSION_ACTION,
};

struct dfod_config {
	char *instance;
	char *state_dir;		/* default DFOD_STATE_ROOT/<instance> */
	char *socket_path;		/* default DFOD_RUN_DIR/<instance>.sock */
	char *pin_root;			/* default DFO_PIN_ROOT */
	char *config_file;
	char **ifaces;
	unsigned int n_ifaces;
	uint32_t server_addr;		/* host order; 0: not configured */
	int xdp_mode;			/* enum dfo_xdp_mode */
	bool no_xdp;
	bool no_dhcp;			/* management only: no DHCP sockets */
	uint32_t offer_hold;		/* seconds an offered address is held */
	uint32_t decline_hold;		/* seconds a declined address is quarantined */
	uint32_t max_rels;
	uint32_t max_scopes;
	char *admin_group, *read_group;	/* as given; read_group NULL: admin group */
	gid_t admin_gid, read_gid;
	uint32_t clock_skew;		/* seconds */
	uint64_t journal_max;		/* bytes before compaction */
	int log_level;			/* enum dfo_log_level */
	char *api_listen;		/* --api-listen ADDR:PORT, NULL: no TCP */
	char *api_key_file;		/* --api-key-file */
	uint32_t partner_check;		/* --partner-check seconds, 0: off (partner.c) */
	char *auto_replicate;		/* --auto-replicate NAME[,NAME...] */

	enum dfod_action action;
	char *call_op;			/* --call OP */
	char *call_args;		/* JSON after --call OP, or NULL */

	/* Embedding (tests): no signalfd, no sd_notify. */
	bool no_signals;
	bool no_notify;

	/* Internal: keys set by the config file, to catch duplicates. */
	uint64_t file_keys;
	bool cli_ifaces;
};

extern const char dfod_usage[];

void dfod_config_init(struct dfod_config *c);
void dfod_config_free(struct dfod_config *c);
/* Apply one setting by its long-flag name. */
int dfod_config_set(struct dfod_config *c, const char *key, const char *val, char *err,
		    size_t len);
/* Read a config file; errors are "FILE:LINE: problem". */
int dfod_config_load(struct dfod_config *c, const char *path, char *err, size_t len);
/* Parse the command line (loading --config first, then the flags over it). */
int dfod_config_args(struct dfod_config *c, int argc, char **argv, char *err, size_t len);
/* Derive defaults (paths from the instance), resolve groups, check limits. */
int dfod_config_finish(struct dfod_config *c, char *err, size_t len);

#endif
