/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * libdhcpfo: the native C API of dhcpfo.
 *
 * Conventions (docs/api.md has the long form):
 *
 * - Every function that can fail returns a Win32 status code as a uint32_t:
 *   0 (DHCPFO_ERROR_SUCCESS) on success, otherwise one of the DHCPFO_ERROR_*
 *   values of dhcpfo_status.h -- the same numbers the dhcpsapi.h layer and
 *   Windows return. Win32 codes rather than negative errno because the
 *   failover outcomes (RELATIONSHIP_EXISTS, SCOPE_NOT_IN_RELATIONSHIP, ...)
 *   have no errno equivalent. The enumerations return DHCPFO_ERROR_MORE_DATA
 *   (a success with more to come) and DHCPFO_ERROR_NO_MORE_ITEMS as Windows
 *   does.
 * - After every call, dhcpfo_strerror_last() holds a sentence for the
 *   calling thread: the agent's message, or the library's own.
 * - Strings are UTF-8. IPv4 addresses, masks and scope ids are uint32_t in
 *   host byte order (192.0.2.1 is 0xc0000201), like DHCP_IP_ADDRESS.
 * - Every object the library returns is ONE allocation holding the object
 *   and everything it points to; release it with dhcpfo_free() (or the
 *   typed __free() alias). Never free an interior pointer.
 * - Pointer arguments are checked for NULL before anything is sent
 *   (DHCPFO_ERROR_INVALID_PARAMETER); every other check is the agent's, so
 *   the validation order is the one documented for the agent.
 */
#ifndef DHCPFO_H
#define DHCPFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dhcpfo_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DHCPFO_DEFAULT_SOCKET_DIR	"/run/dhcpfo"
#define DHCPFO_DEFAULT_INSTANCE		"default"
#define DHCPFO_ENV_SOCKET		"DHCPFO_SOCKET"
#define DHCPFO_DEFAULT_TIMEOUT_MS	10000
#define DHCPFO_API_PORT			6470	/* remote management (TCP) */
#define DHCPFO_ENV_KEY_FILE		"DHCPFO_KEY_FILE"
#define DHCPFO_DEFAULT_KEY_FILE		"/etc/dhcpfo/api.key"

#define DHCPFO_MAX_NAME_LEN		126	/* relationship name, code points */
#define DHCPFO_FO_MAX_RELATIONSHIPS	31	/* agent default, --max-relationships */
#define DHCPFO_FO_MAX_ADD_SCOPES	400	/* scopes per scope_add call */
#define DHCPFO_SAFE_PERIOD_INFINITE	0xffffffffu
#define DHCPFO_ENUM_ALL			0xffffffffu	/* preferred_max: everything */
#define DHCPFO_HWADDR_MAX		16

/* ---- connection ------------------------------------------------------- */

struct dhcpfo_client;

struct dhcpfo_client_opts {
	size_t sz;			/* sizeof(struct dhcpfo_client_opts) */
	const char *socket_path;	/* overrides everything below */
	const char *instance;		/* /run/dhcpfo/<instance>.sock */
	int timeout_ms;			/* per call; 0: DHCPFO_DEFAULT_TIMEOUT_MS, <0: none */
	/* remote management (TCP + HMAC-SHA256) */
	const char *key_file;		/* NULL: dhcpfo_set_key_file(), $DHCPFO_KEY_FILE,
					 * then DHCPFO_DEFAULT_KEY_FILE */
	const char *partner_server;	/* the partner's API as "HOST[:PORT]"; NULL: its
					 * address in the relationship, port 6470 */
	const char *partner_key_file;	/* key for the partner; NULL: as for @server */
};

/*
 * Connect to the agent that manages @server: "HOST" or "HOST:PORT"
 * ("[V6]:PORT" for IPv6), HOST an address or a name.
 *
 * Without a port, NULL, "", "localhost", a loopback address, this host's
 * name, one of its addresses (getifaddrs) or a name resolving only to such
 * addresses mean the local agent over its unix socket: opts->socket_path,
 * else /run/dhcpfo/<opts->instance>.sock, else $DHCPFO_SOCKET, else
 * /run/dhcpfo/default.sock. No agent listening there:
 * DHCPFO_ERROR_DHCP_SERVER_NOT_RUNNING.
 *
 * Any other server, and every server given with a port, is reached over
 * TCP (port DHCPFO_API_PORT by default) with HMAC-SHA256 authentication
 * under a shared key (docs/api-protocol.md): a name that does not resolve
 * is DHCPFO_ERROR_DHCP_SERVER_NAME_NOT_RESOLVED; nothing listening, no
 * route or a timeout DHCPFO_ERROR_DHCP_SERVER_NOT_REACHABLE; a key file
 * that is missing DHCPFO_ERROR_FILE_NOT_FOUND; a key file others can read,
 * a short key, no key at all, or a key the server does not share
 * DHCPFO_ERROR_ACCESS_DENIED.
 *
 * @opts may be NULL. A handle serves one thread at a time.
 */
uint32_t dhcpfo_client__open(const char *server, const struct dhcpfo_client_opts *opts,
			     struct dhcpfo_client **client);
void dhcpfo_client__close(struct dhcpfo_client *client);
/* The unix socket path this handle talks to; NULL for a remote server. */
const char *dhcpfo_client__socket_path(const struct dhcpfo_client *client);
/* What the handle talks to: the socket path, or "HOST:PORT" of a remote agent. */
const char *dhcpfo_client__server(const struct dhcpfo_client *client);
/* Whether the handle reaches its agent over TCP. */
bool dhcpfo_client__is_remote(const struct dhcpfo_client *client);

/*
 * The key file of remote connections opened without opts->key_file, for
 * the whole process (the dhcpsapi.h functions take no options); NULL
 * returns to $DHCPFO_KEY_FILE and DHCPFO_DEFAULT_KEY_FILE. The file is
 * read when a connection opens. 0 or DHCPFO_ERROR_NOT_ENOUGH_MEMORY.
 */
uint32_t dhcpfo_set_key_file(const char *path);

/* The calling thread's message for its last libdhcpfo call ("" on success). */
const char *dhcpfo_strerror_last(void);

/* Release any object returned by the library; NULL is a no-op. */
void dhcpfo_free(void *obj);

/* ---- enumerations (values are the Windows ones) ----------------------- */

enum dhcpfo_mode {
	DHCPFO_MODE_LOAD_BALANCE = 0,
	DHCPFO_MODE_HOT_STANDBY = 1,
};

/* This server's role; in hot standby the primary is the active server. */
enum dhcpfo_server_type {
	DHCPFO_SERVER_PRIMARY = 0,
	DHCPFO_SERVER_SECONDARY = 1,
};

enum dhcpfo_fsm_state {
	DHCPFO_FSM_NO_STATE = 0,
	DHCPFO_FSM_INIT = 1,
	DHCPFO_FSM_STARTUP = 2,
	DHCPFO_FSM_NORMAL = 3,
	DHCPFO_FSM_COMMUNICATION_INT = 4,
	DHCPFO_FSM_PARTNER_DOWN = 5,
	DHCPFO_FSM_POTENTIAL_CONFLICT = 6,
	DHCPFO_FSM_CONFLICT_DONE = 7,
	DHCPFO_FSM_RESOLUTION_INT = 8,
	DHCPFO_FSM_RECOVER = 9,
	DHCPFO_FSM_RECOVER_WAIT = 10,
	DHCPFO_FSM_RECOVER_DONE = 11,
	DHCPFO_FSM_PAUSED = 12,
	DHCPFO_FSM_SHUTDOWN = 13,
};

enum dhcpfo_hash_key {
	DHCPFO_HASH_CLIENT_ID = 0,	/* option 61 when present, else chaddr */
	DHCPFO_HASH_CHADDR = 1,
};

/* Names as on the wire and in the CLI; NULL / -1 when unknown. */
const char *dhcpfo_fsm_state_str(enum dhcpfo_fsm_state state);	/* "NORMAL" */
int dhcpfo_fsm_state_parse(const char *s, enum dhcpfo_fsm_state *state); /* 0 or -1 */
const char *dhcpfo_mode_str(enum dhcpfo_mode mode);		/* "load_balance" */
int dhcpfo_mode_parse(const char *s, enum dhcpfo_mode *mode);
const char *dhcpfo_server_type_str(enum dhcpfo_server_type t);	/* "primary" */
int dhcpfo_server_type_parse(const char *s, enum dhcpfo_server_type *t);
const char *dhcpfo_hash_key_str(enum dhcpfo_hash_key k);	/* "client-id" */
int dhcpfo_hash_key_parse(const char *s, enum dhcpfo_hash_key *k);

/* ---- failover relationships ------------------------------------------- */

struct dhcpfo_relationship {
	const char *name;
	uint32_t primary_server;
	uint32_t secondary_server;
	enum dhcpfo_mode mode;
	enum dhcpfo_server_type server_type;	/* role of the server storing it */
	enum dhcpfo_fsm_state state;		/* out; in: failover_set STATE */
	enum dhcpfo_fsm_state prev_state;	/* out; in: failover_set PREV_STATE */
	uint32_t mclt;				/* seconds */
	uint32_t safe_period;			/* seconds; DHCPFO_SAFE_PERIOD_INFINITE: off */
	const char *primary_server_name;	/* optional */
	const char *secondary_server_name;	/* optional */
	const uint32_t *scopes;
	uint32_t n_scopes;
	uint32_t percentage;			/* LB: primary's share; HS: reserve */
	const char *shared_secret;		/* in only; NULL: none */
	bool shared_secret_set;			/* out only */
	bool auto_state_transition;
	uint32_t lb_max_seconds;		/* 0: off */
	enum dhcpfo_hash_key hash_key;
};

struct dhcpfo_relationship_array {
	uint32_t n;
	struct dhcpfo_relationship *items;
};

/* failover_set flags: the Windows mask, then dhcpfo's own bits. */
#define DHCPFO_FO_SET_MCLT			0x01u
#define DHCPFO_FO_SET_SAFE_PERIOD		0x02u
#define DHCPFO_FO_SET_STATE			0x04u
#define DHCPFO_FO_SET_PERCENTAGE		0x08u
#define DHCPFO_FO_SET_MODE			0x10u
#define DHCPFO_FO_SET_PREV_STATE		0x20u
#define DHCPFO_FO_SET_SHARED_SECRET		0x40u
#define DHCPFO_FO_SET_AUTO_STATE_TRANSITION	0x100u
#define DHCPFO_FO_SET_LB_MAX_SECONDS		0x200u
#define DHCPFO_FO_SET_HASH_KEY			0x400u
/*
 * The members both partners hold alike (Set-DhcpServerv4Failover changes
 * them on both: MaxClientLeadTime, StateSwitchInterval, LoadBalancePercent
 * / ReservePercent, Mode, SharedSecret, AutoStateTransition, and dhcpfo's
 * own LB max seconds and hash key, which must agree for the pool split),
 * and those that are each server's own (its state: -PartnerDown).
 */
#define DHCPFO_FO_SET_SHARED	(DHCPFO_FO_SET_MCLT | DHCPFO_FO_SET_SAFE_PERIOD |		\
				 DHCPFO_FO_SET_PERCENTAGE | DHCPFO_FO_SET_MODE |		\
				 DHCPFO_FO_SET_SHARED_SECRET |					\
				 DHCPFO_FO_SET_AUTO_STATE_TRANSITION |				\
				 DHCPFO_FO_SET_LB_MAX_SECONDS | DHCPFO_FO_SET_HASH_KEY)
#define DHCPFO_FO_SET_LOCAL	(DHCPFO_FO_SET_STATE | DHCPFO_FO_SET_PREV_STATE)

uint32_t dhcpfo_failover_create(struct dhcpfo_client *c, const struct dhcpfo_relationship *rel);
uint32_t dhcpfo_failover_set(struct dhcpfo_client *c, uint32_t flags,
			     const struct dhcpfo_relationship *rel);
uint32_t dhcpfo_failover_delete(struct dhcpfo_client *c, const char *name);
uint32_t dhcpfo_failover_get(struct dhcpfo_client *c, const char *name,
			     struct dhcpfo_relationship **rel);
/*
 * Page through the relationships (sorted by name). *@resume_handle is an
 * index: 0 to start, updated to continue. @preferred_max counts elements.
 * Returns 0 for the last page, DHCPFO_ERROR_MORE_DATA when more remain
 * (*@total = how many), DHCPFO_ERROR_NO_MORE_ITEMS when nothing is left.
 */
uint32_t dhcpfo_failover_enum(struct dhcpfo_client *c, uint32_t *resume_handle,
			      uint32_t preferred_max, struct dhcpfo_relationship_array **rels,
			      uint32_t *read, uint32_t *total);
uint32_t dhcpfo_failover_scope_add(struct dhcpfo_client *c, const char *name,
				   const uint32_t *scopes, uint32_t n_scopes);
uint32_t dhcpfo_failover_scope_delete(struct dhcpfo_client *c, const char *name,
				      const uint32_t *scopes, uint32_t n_scopes);
/* The relationship @scope belongs to. */
uint32_t dhcpfo_failover_scope_get(struct dhcpfo_client *c, uint32_t scope,
				   struct dhcpfo_relationship **rel);

void dhcpfo_relationship__free(struct dhcpfo_relationship *rel);
void dhcpfo_relationship_array__free(struct dhcpfo_relationship_array *rels);

/* DHCP_FAILOVER_STATISTICS: address counts of a failover scope. */
struct dhcpfo_failover_stats {
	uint32_t num_addr;
	uint32_t addr_free;
	uint32_t addr_in_use;
	uint32_t partner_addr_free;
	uint32_t this_addr_free;
	uint32_t partner_addr_in_use;
	uint32_t this_addr_in_use;
};

uint32_t dhcpfo_failover_scope_stats(struct dhcpfo_client *c, uint32_t scope,
				     struct dhcpfo_failover_stats *stats);

/*
 * DHCPV4_FAILOVER_CLIENT_INFO, from the DHCP engine's lease store.
 * No lease matches: DHCPFO_ERROR_DHCP_JET_ERROR (as Windows).
 */
enum dhcpfo_search_type {
	DHCPFO_SEARCH_IP = 0,
	DHCPFO_SEARCH_HWADDR = 1,
	DHCPFO_SEARCH_NAME = 2,
};

struct dhcpfo_client_search {
	enum dhcpfo_search_type type;
	uint32_t ip;
	const uint8_t *hwaddr;
	uint32_t hwaddr_len;
	const char *name;
};

struct dhcpfo_client_info {
	uint32_t address;
	uint32_t mask;
	uint8_t hwaddr[DHCPFO_HWADDR_MAX];
	uint32_t hwaddr_len;
	const char *name;
	const char *comment;
	uint64_t lease_expires;		/* Unix seconds; DHCPFO_LEASE_INFINITE */
	uint32_t owner_host;
	uint8_t client_type;
	uint8_t address_state;
	const char *policy_name;
	uint32_t sent_pot_exp_time;
	uint32_t ack_pot_exp_time;
	uint32_t recv_pot_exp_time;
	uint32_t start_time;
	uint32_t clt_last_trans_time;
	uint32_t last_bnd_upd_time;
	uint32_t bnd_msg_status;
	uint8_t flags;
};

uint32_t dhcpfo_failover_client_info(struct dhcpfo_client *c,
				     const struct dhcpfo_client_search *search,
				     struct dhcpfo_client_info **info);
/* The agent's clock (Unix seconds) and the allowed partner skew. */
uint32_t dhcpfo_failover_system_time(struct dhcpfo_client *c, uint32_t *time,
				     uint32_t *max_allowed_delta);

enum dhcpfo_address_status {
	DHCPFO_ADDR_PRIMARY = 0,	/* leased by the primary */
	DHCPFO_ADDR_SECONDARY = 1,
	DHCPFO_ADDR_EXCLUDED = 2,
	DHCPFO_ADDR_RESERVED = 3,
};

uint32_t dhcpfo_failover_address_status(struct dhcpfo_client *c, uint32_t address,
					uint32_t *status);
uint32_t dhcpfo_failover_trigger_alloc(struct dhcpfo_client *c, const char *name);

/* Which server answers a client of @scope: its RFC 3074 bucket and owner. */
struct dhcpfo_which {
	uint32_t bucket;			/* 0..255 */
	enum dhcpfo_server_type owner;
	bool this_server_answers;
};

/* Give @hwaddr (1..16 bytes) or @client_id (option 61 data incl. type). */
uint32_t dhcpfo_failover_which(struct dhcpfo_client *c, uint32_t scope,
			       const uint8_t *hwaddr, uint32_t hwaddr_len,
			       const uint8_t *client_id, uint32_t client_id_len,
			       struct dhcpfo_which *which);

/* ---- datapath and agent ----------------------------------------------- */

struct dhcpfo_counter {
	const char *name;		/* dfo_abi.h field name, msg slots as msg_<type> */
	uint64_t value;			/* summed over CPUs */
};

struct dhcpfo_counters {
	uint32_t n;
	struct dhcpfo_counter *items;
};

struct dhcpfo_dp_stats {
	struct dhcpfo_counters global;
	uint32_t scope;				/* the scope asked for, 0: none */
	struct dhcpfo_counters scope_counters;	/* its dfo_scope_stats */
};

/*
 * XDP counters, global and, for a @scope other than 0, that scope's.
 * DHCPFO_ERROR_NOT_SUPPORTED when the agent runs without XDP (--no-xdp).
 */
uint32_t dhcpfo_failover_datapath_stats(struct dhcpfo_client *c, uint32_t scope,
					struct dhcpfo_dp_stats **stats);

struct dhcpfo_dp_iface {
	const char *name;
	uint32_t ifindex;
	const char *xdp_mode;		/* as the agent reports it, e.g. "native" */
	uint32_t prog_id;
	uint32_t n_addresses;
	uint32_t *addresses;
};

struct dhcpfo_dp_status {
	const char *pin_dir;		/* NULL without XDP */
	uint32_t n_ifaces;
	struct dhcpfo_dp_iface *ifaces;
	bool xdp;			/* false: --no-xdp, no counters */
	struct dhcpfo_counters global;
};

uint32_t dhcpfo_datapath_status(struct dhcpfo_client *c, struct dhcpfo_dp_status **status);

struct dhcpfo_agent_info {
	const char *version;
	const char *instance;
	const char *state_file;
	uint32_t max_relationships;
};

uint32_t dhcpfo_agent_info(struct dhcpfo_client *c, struct dhcpfo_agent_info **info);

/* ---- scopes ----------------------------------------------------------- */

enum dhcpfo_scope_state {
	DHCPFO_SCOPE_ENABLED = 0,
	DHCPFO_SCOPE_DISABLED = 1,
};

struct dhcpfo_scope {
	uint32_t address;
	uint32_t mask;
	const char *name;		/* optional on create */
	const char *comment;		/* optional on create */
	enum dhcpfo_scope_state state;
	uint32_t lease_duration;	/* seconds; 0 on create: the agent's default */
	const char *relationship;	/* out only; NULL: in none */
};

/* scope_set fields */
#define DHCPFO_SCOPE_SET_MASK		0x01u
#define DHCPFO_SCOPE_SET_NAME		0x02u
#define DHCPFO_SCOPE_SET_COMMENT	0x04u
#define DHCPFO_SCOPE_SET_STATE		0x08u
#define DHCPFO_SCOPE_SET_LEASE_DURATION	0x10u
#define DHCPFO_SCOPE_SET_ALL		0x1fu

struct dhcpfo_ip_array {
	uint32_t n;
	uint32_t *items;
};

uint32_t dhcpfo_scope_create(struct dhcpfo_client *c, const struct dhcpfo_scope *scope);
uint32_t dhcpfo_scope_get(struct dhcpfo_client *c, uint32_t address, struct dhcpfo_scope **scope);
/* Change the @fields of scope->address; the others keep their values. */
uint32_t dhcpfo_scope_set(struct dhcpfo_client *c, uint32_t fields, const struct dhcpfo_scope *scope);
/* Scope addresses in ascending order; paging as dhcpfo_failover_enum. */
uint32_t dhcpfo_scope_enum(struct dhcpfo_client *c, uint32_t *resume_handle,
			   uint32_t preferred_max, struct dhcpfo_ip_array **scopes,
			   uint32_t *read, uint32_t *total);
uint32_t dhcpfo_scope_delete(struct dhcpfo_client *c, uint32_t address, bool force);

void dhcpfo_scope__free(struct dhcpfo_scope *scope);

enum dhcpfo_element_type {
	DHCPFO_ELEMENT_RANGE = 0,
	DHCPFO_ELEMENT_EXCLUSION = 1,
	DHCPFO_ELEMENT_RESERVATION = 2,
};

enum dhcpfo_range_type {
	DHCPFO_RANGE_DHCP = 0,		/* DhcpIpRangesDhcpOnly */
	DHCPFO_RANGE_BOOTP = 1,		/* DhcpIpRangesBootpOnly */
	DHCPFO_RANGE_BOTH = 2,		/* DhcpIpRangesDhcpBootp */
};

struct dhcpfo_element {
	enum dhcpfo_element_type type;
	uint32_t start;			/* range, exclusion */
	uint32_t end;
	enum dhcpfo_range_type range_type;	/* range */
	uint32_t address;		/* reservation */
	uint8_t hwaddr[DHCPFO_HWADDR_MAX];
	uint32_t hwaddr_len;		/* 1..16 */
	const char *name;		/* reservation, optional */
};

struct dhcpfo_element_array {
	uint32_t n;
	struct dhcpfo_element *items;
};

uint32_t dhcpfo_scope_element_add(struct dhcpfo_client *c, uint32_t scope,
				  const struct dhcpfo_element *el);
uint32_t dhcpfo_scope_element_remove(struct dhcpfo_client *c, uint32_t scope,
				     const struct dhcpfo_element *el);
uint32_t dhcpfo_scope_element_enum(struct dhcpfo_client *c, uint32_t scope,
				   enum dhcpfo_element_type type, uint32_t *resume_handle,
				   uint32_t preferred_max, struct dhcpfo_element_array **els,
				   uint32_t *read, uint32_t *total);
const char *dhcpfo_element_type_str(enum dhcpfo_element_type t);	/* "range" */
const char *dhcpfo_range_type_str(enum dhcpfo_range_type t);		/* "dhcp" */
int dhcpfo_range_type_parse(const char *s, enum dhcpfo_range_type *t);

/* Scope option values; the types are DHCP_OPTION_DATA_TYPE's. */
enum dhcpfo_option_type {
	DHCPFO_OPTION_BYTE = 0,
	DHCPFO_OPTION_WORD = 1,
	DHCPFO_OPTION_DWORD = 2,
	DHCPFO_OPTION_DWORDDWORD = 3,
	DHCPFO_OPTION_IPADDRESS = 4,
	DHCPFO_OPTION_STRING = 5,
	DHCPFO_OPTION_BINARY = 6,
	DHCPFO_OPTION_ENCAPSULATED = 7,
};

struct dhcpfo_option_value {
	uint64_t num;			/* byte, word, dword, dworddword */
	uint32_t ip;			/* ipaddress */
	const char *str;		/* string */
	const uint8_t *bin;		/* binary, encapsulated */
	uint32_t bin_len;
};

struct dhcpfo_option {
	uint32_t code;			/* 1..254 */
	const char *name;		/* out only */
	enum dhcpfo_option_type type;
	uint32_t n_values;
	const struct dhcpfo_option_value *values;
};

struct dhcpfo_option_array {
	uint32_t n;
	struct dhcpfo_option *items;
};

uint32_t dhcpfo_scope_option_set(struct dhcpfo_client *c, uint32_t scope,
				 const struct dhcpfo_option *opt);
uint32_t dhcpfo_scope_option_get(struct dhcpfo_client *c, uint32_t scope, uint32_t code,
				 struct dhcpfo_option **opt);
uint32_t dhcpfo_scope_option_remove(struct dhcpfo_client *c, uint32_t scope, uint32_t code);
/* Every option value set on @scope, by code. */
uint32_t dhcpfo_scope_option_enum(struct dhcpfo_client *c, uint32_t scope,
				  struct dhcpfo_option_array **opts);
const char *dhcpfo_option_type_str(enum dhcpfo_option_type t);	/* "ipaddress" */
int dhcpfo_option_type_parse(const char *s, enum dhcpfo_option_type *t);

/* ---- leases (the DHCP engine's store) ---------------------------------- */

/* Binding states (draft-ietf-dhc-failover-12 values, plus OFFERED). */
enum dhcpfo_lease_state {
	DHCPFO_LEASE_FREE = 1,
	DHCPFO_LEASE_ACTIVE = 2,
	DHCPFO_LEASE_EXPIRED = 3,
	DHCPFO_LEASE_RELEASED = 4,
	DHCPFO_LEASE_ABANDONED = 5,	/* declined: quarantined until its end */
	DHCPFO_LEASE_RESET = 6,
	DHCPFO_LEASE_BACKUP = 7,
	DHCPFO_LEASE_OFFERED = 8,	/* held for an OFFER, in memory only */
};

#define DHCPFO_LEASE_INFINITE	UINT64_MAX	/* a time that never comes */
#define DHCPFO_CLIENT_ID_MAX	255
#define DHCPFO_HOST_NAME_MAX	63

const char *dhcpfo_lease_state_str(enum dhcpfo_lease_state s);	/* "active"; NULL */
int dhcpfo_lease_state_parse(const char *s, enum dhcpfo_lease_state *state); /* 0 or -1 */

struct dhcpfo_lease {
	uint32_t address;
	uint32_t scope;			/* subnet address of its scope */
	uint32_t mask;			/* 0: that scope no longer exists */
	enum dhcpfo_lease_state state;
	bool in_use;			/* holds the address now: active, offered or
					 * abandoned, and its end not passed */
	uint8_t htype;
	uint8_t hwaddr[DHCPFO_HWADDR_MAX];
	uint32_t hwaddr_len;
	const uint8_t *client_id;	/* option 61 incl. its type byte; NULL: none */
	uint32_t client_id_len;
	const char *host;		/* option 12 as sent; "" when none */
	uint64_t start;			/* Unix seconds */
	uint64_t end;			/* DHCPFO_LEASE_INFINITE: never */
	uint64_t cltt;			/* client last transaction time */
	uint64_t pexp;			/* potential expiration (draft-12) */
	bool bootp;			/* given to a BOOTP client */
	bool reserved;			/* the address is a reservation */
	int owner;			/* enum dhcpfo_address_status by the pool split,
					 * -1: no relationship or outside the ranges */
	const char *relationship;	/* NULL: the scope is in none */
	uint32_t server;		/* who granted it: this server's address in the
					 * relationship, else --server-address, else 0 */
};

struct dhcpfo_lease_array {
	uint32_t n;
	struct dhcpfo_lease *items;
};

/* Every set field must match; a zeroed filter (or NULL) selects all. */
struct dhcpfo_lease_filter {
	enum dhcpfo_lease_state state;	/* 0: any */
	const uint8_t *hwaddr;		/* hwaddr_len 0: any */
	uint32_t hwaddr_len;
	const uint8_t *client_id;	/* client_id_len 0: any */
	uint32_t client_id_len;
	const char *host;		/* substring, ASCII case-insensitive; NULL: any */
};

/*
 * The leases of @scope (0: every scope) sorted by address, as
 * DhcpEnumSubnetClientsV4: *@resume_handle is the last address returned
 * (0 to start), @preferred_max counts leases, 0 / DHCPFO_ERROR_MORE_DATA /
 * DHCPFO_ERROR_NO_MORE_ITEMS as the other enumerations, *@total = leases
 * left after this page. A scope that does not exist:
 * DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT. An agent without DHCP:
 * DHCPFO_ERROR_NOT_SUPPORTED.
 */
uint32_t dhcpfo_lease_enum(struct dhcpfo_client *c, uint32_t scope,
			   const struct dhcpfo_lease_filter *filter, uint32_t *resume_handle,
			   uint32_t preferred_max, struct dhcpfo_lease_array **leases,
			   uint32_t *read, uint32_t *total);

enum dhcpfo_lease_key_type {
	DHCPFO_LEASE_BY_ADDRESS = 0,
	DHCPFO_LEASE_BY_HWADDR = 1,
	DHCPFO_LEASE_BY_CLIENT_ID = 2,
	DHCPFO_LEASE_BY_HOST = 3,	/* the whole name, ASCII case-insensitive */
};

/* Which lease(s): the field @type names; @scope (0: any) narrows the search. */
struct dhcpfo_lease_key {
	enum dhcpfo_lease_key_type type;
	uint32_t address;
	const uint8_t *hwaddr;
	uint32_t hwaddr_len;
	const uint8_t *client_id;
	uint32_t client_id_len;
	const char *host;
	uint32_t scope;
};

/*
 * The lease @key names (the lowest address when several match).
 * None: DHCPFO_ERROR_DHCP_JET_ERROR (as DhcpGetClientInfoV4).
 */
uint32_t dhcpfo_lease_get(struct dhcpfo_client *c, const struct dhcpfo_lease_key *key,
			  struct dhcpfo_lease **lease);
/*
 * Delete every lease @key names (DhcpDeleteClientInfo); the agent replies
 * once the delete is durable. *@deleted (may be NULL) receives their
 * addresses. None: DHCPFO_ERROR_DHCP_JET_ERROR; one on a reservation:
 * DHCPFO_ERROR_DHCP_RESERVED_CLIENT and nothing is deleted.
 */
uint32_t dhcpfo_lease_delete(struct dhcpfo_client *c, const struct dhcpfo_lease_key *key,
			     struct dhcpfo_ip_array **deleted);

void dhcpfo_lease__free(struct dhcpfo_lease *lease);
void dhcpfo_lease_array__free(struct dhcpfo_lease_array *leases);

/* ---- both partners at once (the DhcpServer cmdlets' way) ----------------- */

/*
 * The functions below act on the server of @c and on its failover partner:
 * the relationship's other server (its address in the relationship, port
 * DHCPFO_API_PORT), or opts->partner_server when the handle was opened with
 * one, reached with opts->partner_key_file (else the handle's key). They
 * check both sides first, change this server, then the partner (set_both:
 * the partner, then this server); when the second step fails, the first
 * one's change is undone. *@failed tells which side failed
 * (DHCPFO_SIDE_NONE on success) and dhcpfo_strerror_last() says what, and
 * what was undone.
 */
enum dhcpfo_side {
	DHCPFO_SIDE_NONE = 0,
	DHCPFO_SIDE_THIS = 1,		/* the server of the handle */
	DHCPFO_SIDE_PARTNER = 2,	/* its failover partner */
};

/* Open the agent of partner address @partner with the handle's partner settings. */
uint32_t dhcpfo_client__open_partner(struct dhcpfo_client *c, uint32_t partner,
				     struct dhcpfo_client **out);

/*
 * Add-DhcpServerv4Failover: create @rel here and on the partner (server
 * type flipped, everything else equal, the secret included), copying each
 * scope of @rel -- properties, ranges, exclusions, reservations, option
 * values -- to the partner, which must not have them yet.
 */
uint32_t dhcpfo_failover_create_both(struct dhcpfo_client *c,
				     const struct dhcpfo_relationship *rel,
				     enum dhcpfo_side *failed);
/*
 * Set-DhcpServerv4Failover: the members of @rel that @flags select
 * (DHCPFO_FO_SET_*) are set on the partner, then here. The shared ones
 * (DHCPFO_FO_SET_SHARED) go to both, with the same values: percentage is
 * the primary's share (load balance) or the standby's reserve on both
 * copies. STATE and PREV_STATE (DHCPFO_FO_SET_LOCAL) are set on this server
 * only; with no shared flag the partner is not contacted at all. Flags 0
 * or unknown bits: DHCPFO_ERROR_INVALID_PARAMETER, nothing sent. When this
 * server refuses after the partner took the change, the partner's values
 * are put back -- except a shared secret it had, which is never read back:
 * the message then says the secret must be set again.
 */
uint32_t dhcpfo_failover_set_both(struct dhcpfo_client *c, uint32_t flags,
				  const struct dhcpfo_relationship *rel,
				  enum dhcpfo_side *failed);
/* Remove-DhcpServerv4Failover: delete the relationship on both servers. */
uint32_t dhcpfo_failover_delete_both(struct dhcpfo_client *c, const char *name,
				     enum dhcpfo_side *failed);
/*
 * Add-DhcpServerv4FailoverScope: add the scopes to the relationship on both
 * servers, creating them (full copies) on the partner first.
 */
uint32_t dhcpfo_failover_scope_add_both(struct dhcpfo_client *c, const char *name,
					const uint32_t *scopes, uint32_t n_scopes,
					enum dhcpfo_side *failed);
/*
 * Remove-DhcpServerv4FailoverScope: take the scopes out of the relationship
 * on both servers and delete them on the partner; they stay here.
 */
uint32_t dhcpfo_failover_scope_delete_both(struct dhcpfo_client *c, const char *name,
					   const uint32_t *scopes, uint32_t n_scopes,
					   enum dhcpfo_side *failed);

/* ---- replication and drift ---------------------------------------------- */

enum dhcpfo_sync_outcome {
	DHCPFO_SYNC_UNCHANGED = 0,	/* the partner's copy was equal already */
	DHCPFO_SYNC_REPLICATED = 1,	/* the partner's copy was replaced by this one */
	DHCPFO_SYNC_DIFFERS = 2,	/* not equal, and nothing was changed (preview, diff) */
	DHCPFO_SYNC_ERROR = 3,		/* see status and message */
};

/* One field where the two copies of a scope differ. */
struct dhcpfo_sync_diff {
	const char *what;		/* "name", "range 192.0.2.10-192.0.2.200", "option 6" ... */
	const char *here;		/* this server's value; NULL: absent here */
	const char *partner;		/* the partner's value; NULL: absent there */
};

/* One result line per scope (the cmdlet's cmdletOutput[]). */
struct dhcpfo_scope_sync {
	uint32_t scope;			/* 0 for a relationship that could not be read */
	const char *relationship;	/* NULL: in none */
	uint32_t partner;		/* the partner's address, 0 when unknown */
	enum dhcpfo_sync_outcome outcome;
	uint32_t status;		/* 0, or the Win32 error of this scope */
	const char *message;		/* the line: "192.0.2.0 (campus): replicated to ..." */
	uint32_t n_diffs;
	struct dhcpfo_sync_diff *diffs;
};

struct dhcpfo_scope_sync_array {
	uint32_t n;
	uint32_t n_failed;		/* lines with DHCPFO_SYNC_ERROR */
	struct dhcpfo_scope_sync *items;
};

/*
 * Invoke-DhcpServerv4FailoverReplication -ScopeId: make each scope's copy on
 * its relationship's partner equal to this server's -- name, comment, state,
 * lease duration, ranges, exclusions, reservations, option values -- in one
 * all-or-nothing step per scope (scope.replace). With @force false nothing
 * changes: each line says what would (DHCPFO_SYNC_DIFFERS with its diffs);
 * that is the library's form of the cmdlet's confirmation, to be followed
 * by a call with @force true. Returns 0 whenever it could produce the lines
 * (*@lines then set, free it with dhcpfo_free; per-scope failures are in
 * the lines: FO_SCOPE_NOT_IN_RELATIONSHIP, SERVER_NOT_REACHABLE ...), and
 * an error with *@lines NULL otherwise.
 */
uint32_t dhcpfo_failover_replicate_by_scope_id(struct dhcpfo_client *c, const uint32_t *scopes,
					       uint32_t n_scopes, bool force,
					       struct dhcpfo_scope_sync_array **lines);
/* -Name: every scope of the named relationships; @n_names 0: of every relationship. */
uint32_t dhcpfo_failover_replicate_by_name(struct dhcpfo_client *c, const char *const *names,
					   uint32_t n_names, bool force,
					   struct dhcpfo_scope_sync_array **lines);
/* Field by field where the partners' copies differ (= replicate_by_name, @force false). */
uint32_t dhcpfo_failover_diff(struct dhcpfo_client *c, const char *const *names,
			      uint32_t n_names, struct dhcpfo_scope_sync_array **lines);

#define DHCPFO_DIGEST_HEX_LEN	64

/*
 * The configuration digest of a relationship (SHA-256 over its scopes'
 * replicated fields, docs/api-protocol.md), as 64 hex digits + NUL.
 */
uint32_t dhcpfo_failover_digest(struct dhcpfo_client *c, const char *name,
				char digest[DHCPFO_DIGEST_HEX_LEN + 1]);
/*
 * Compare the digests of both partners: *@in_sync true when equal. The
 * partner's digest goes to @partner_digest (may be NULL). A partner that
 * cannot be reached is its error (SERVER_NOT_REACHABLE ...).
 */
uint32_t dhcpfo_failover_sync_check(struct dhcpfo_client *c, const char *name, bool *in_sync,
				    char digest[DHCPFO_DIGEST_HEX_LEN + 1],
				    char partner_digest[DHCPFO_DIGEST_HEX_LEN + 1]);

void dhcpfo_scope_sync_array__free(struct dhcpfo_scope_sync_array *lines);

#ifdef __cplusplus
}
#endif

#endif /* DHCPFO_H */
