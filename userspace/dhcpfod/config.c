// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "config.h"
#include "datapath.h"
#include "dhcp.h"
#include "log.h"
#include "remote.h"
#include "store.h"
#include "util.h"

const char dfod_usage[] =
"usage: dhcpfod [OPTIONS]                    run the agent (foreground, logs to stderr)\n"
"       dhcpfod [--instance I] --unpin       detach XDP and remove every pin of I\n"
"       dhcpfod [--instance I|--socket P] --call OP [JSON]\n"
"                                           send one request, print the reply\n"
"       dhcpfod [--instance I|--socket P] --call-raw\n"
"                                           send stdin as is (framing included),\n"
"                                           print the replies\n"
"\n"
"  -c, --config FILE         read settings (key = value, keys as the long flags)\n"
"      --instance NAME       instance name (default \"default\")\n"
"      --state-dir DIR       default /var/lib/dhcpfo/<instance>\n"
"      --socket PATH         API socket, default /run/dhcpfo/<instance>.sock\n"
"      --pin-root DIR        bpffs directory for pins, default /sys/fs/bpf/dhcpfo\n"
"      --interface IFNAME    serve DHCP on IFNAME and attach XDP to it (repeatable,\n"
"                            or comma-separated)\n"
"      --server-address A    this server's IPv4 address\n"
"      --xdp-mode MODE       auto (default), native or generic\n"
"      --no-xdp              no BPF program, maps not maintained (DHCP is still\n"
"                            served, in userspace alone)\n"
"      --no-dhcp             management only: serve no DHCP on the interfaces\n"
"      --offer-hold SECS     hold an offered address this long (default 30)\n"
"      --decline-hold SECS   quarantine a declined address this long (default 86400)\n"
"      --max-relationships N default 31, at most 65536\n"
"      --max-scopes N        scope and stats-slot capacity of the maps (default 16384)\n"
"      --admin-group GROUP   may use write operations (default root)\n"
"      --read-group GROUP    may use read operations (default: the admin group)\n"
"      --max-clock-skew SECS partner clock skew allowed (default 60)\n"
"      --journal-max-bytes N compact the journal past N bytes (default 8 MiB)\n"
"      --log-level LEVEL     error, warning, info (default) or debug\n"
"      --api-listen ADDR:PORT  also serve the API over TCP (HMAC-SHA256; port\n"
"                            6470 when omitted); needs --api-key-file\n"
"      --api-key-file FILE   shared key of the remote API (mode 0600, owner root\n"
"                            or the agent's user, at least 32 bytes)\n"
"      --partner-check SECS  compare the configuration digests with each\n"
"                            relationship's partner every SECS s and log drift\n"
"                            (needs --api-key-file; default 0: off)\n"
"      --auto-replicate NAME[,NAME]  as primary, replicate these relationships'\n"
"                            scopes to the partner when they drift\n"
"                            (needs --partner-check)\n"
"  -v, --verbose             --log-level debug\n"
"      --unpin               detach and unpin the instance, then exit\n"
"      --call OP [JSON]      send one request to a running agent\n"
"      --call-raw            send raw bytes from stdin to a running agent\n"
"  -h, --help                this text\n"
"      --version             print the version\n";

/* Settings, in the order of the usage text; bit i marks key i set by the file. */
enum key_id {
	K_INSTANCE, K_STATE_DIR, K_SOCKET, K_PIN_ROOT, K_INTERFACE, K_SERVER_ADDRESS,
	K_XDP_MODE, K_NO_XDP, K_NO_DHCP, K_OFFER_HOLD, K_DECLINE_HOLD, K_MAX_RELS, K_MAX_SCOPES, K_ADMIN_GROUP, K_READ_GROUP,
	K_CLOCK_SKEW, K_JOURNAL_MAX, K_LOG_LEVEL,
	K_API_LISTEN, K_API_KEY_FILE, K_PARTNER_CHECK, K_AUTO_REPLICATE,
	K_NKEYS,
};

static const char *const key_names[K_NKEYS] = {
	"instance", "state-dir", "socket", "pin-root", "interface", "server-address",
	"xdp-mode", "no-xdp", "no-dhcp", "offer-hold", "decline-hold", "max-relationships", "max-scopes", "admin-group", "read-group",
	"max-clock-skew", "journal-max-bytes", "log-level",
	"api-listen", "api-key-file", "partner-check", "auto-replicate",
};

static int cerr(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int cerr(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void dfod_config_init(struct dfod_config *c)
{
	memset(c, 0, sizeof(*c));
	c->xdp_mode = DFO_XDP_AUTO;
	c->max_rels = DFOD_DEFAULT_MAX_RELS;
	c->max_scopes = DFO_MAX_SCOPES;
	c->clock_skew = DFOD_DEFAULT_SKEW;
	c->journal_max = DFOD_COMPACT_DEFAULT;
	c->log_level = DFO_LOG_INFO;
	c->offer_hold = DFOD_OFFER_HOLD_DEFAULT;
	c->decline_hold = DFOD_DECLINE_HOLD_DEFAULT;
}

static void free_ifaces(struct dfod_config *c)
{
	unsigned int i;

	for (i = 0; i < c->n_ifaces; i++)
		free(c->ifaces[i]);
	free(c->ifaces);
	c->ifaces = NULL;
	c->n_ifaces = 0;
}

void dfod_config_free(struct dfod_config *c)
{
	free(c->instance);
	free(c->state_dir);
	free(c->socket_path);
	free(c->pin_root);
	free(c->config_file);
	free(c->admin_group);
	free(c->read_group);
	free(c->call_op);
	free(c->call_args);
	free(c->api_listen);
	free(c->api_key_file);
	free(c->auto_replicate);
	free_ifaces(c);
	memset(c, 0, sizeof(*c));
}

static int set_str(char **dst, const char *val, char *err, size_t len)
{
	char *s;

	if (!*val)
		return cerr(err, len, "needs a value");
	s = strdup(val);
	if (!s)
		return cerr(err, len, "out of memory");
	free(*dst);
	*dst = s;
	return 0;
}

static int parse_uint(const char *val, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*val))
		return -EINVAL;
	errno = 0;
	v = strtoull(val, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_bool(const char *val, bool *out)
{
	static const char *const yes[] = { "1", "yes", "true", "on", NULL };
	static const char *const no[] = { "0", "no", "false", "off", NULL };
	int i;

	for (i = 0; yes[i]; i++)
		if (!strcasecmp(val, yes[i])) {
			*out = true;
			return 0;
		}
	for (i = 0; no[i]; i++)
		if (!strcasecmp(val, no[i])) {
			*out = false;
			return 0;
		}
	return -EINVAL;
}

static int valid_ifname(const char *s)
{
	size_t n = strlen(s);

	return n && n < IF_NAMESIZE && !strchr(s, '/') && !strchr(s, ' ') &&
	       strcmp(s, ".") && strcmp(s, "..");
}

/* One or more interface names, comma-separated. */
static int add_ifaces(struct dfod_config *c, const char *val, char *err, size_t len)
{
	char *copy = strdup(val), *tok, *save = NULL, **v;
	int r = 0;

	if (!copy)
		return cerr(err, len, "out of memory");
	for (tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		unsigned int i;

		if (!valid_ifname(tok)) {
			r = cerr(err, len, "'%s' is not an interface name", tok);
			break;
		}
		for (i = 0; i < c->n_ifaces && strcmp(c->ifaces[i], tok); i++)
			;
		if (i < c->n_ifaces)
			continue;
		if (c->n_ifaces == DFOD_MAX_IFACES) {
			r = cerr(err, len, "more than %d interfaces", DFOD_MAX_IFACES);
			break;
		}
		v = realloc(c->ifaces, (c->n_ifaces + 1) * sizeof(*v));
		if (!v || !(v[c->n_ifaces] = strdup(tok))) {
			if (v)
				c->ifaces = v;
			r = cerr(err, len, "out of memory");
			break;
		}
		c->ifaces = v;
		c->n_ifaces++;
	}
	if (!r && !c->n_ifaces)
		r = cerr(err, len, "needs a name");
	free(copy);
	return r;
}

static int key_of(const char *key)
{
	int i;

	for (i = 0; i < K_NKEYS; i++)
		if (!strcmp(key, key_names[i]))
			return i;
	return -1;
}

int dfod_config_set(struct dfod_config *c, const char *key, const char *val, char *err,
		    size_t len)
{
	uint64_t v;
	int k = key_of(key);

	switch (k) {
	case K_INSTANCE:
		return set_str(&c->instance, val, err, len);
	case K_STATE_DIR:
		return set_str(&c->state_dir, val, err, len);
	case K_SOCKET:
		return set_str(&c->socket_path, val, err, len);
	case K_PIN_ROOT:
		return set_str(&c->pin_root, val, err, len);
	case K_INTERFACE:
		return add_ifaces(c, val, err, len);
	case K_SERVER_ADDRESS:
		if (dfod_parse_ipv4(val, &c->server_addr) || !c->server_addr)
			return cerr(err, len, "'%s' is not a dotted-quad IPv4 address", val);
		return 0;
	case K_XDP_MODE:
		if (!strcmp(val, "auto"))
			c->xdp_mode = DFO_XDP_AUTO;
		else if (!strcmp(val, "native"))
			c->xdp_mode = DFO_XDP_NATIVE;
		else if (!strcmp(val, "generic"))
			c->xdp_mode = DFO_XDP_GENERIC;
		else
			return cerr(err, len, "must be auto, native or generic");
		return 0;
	case K_NO_XDP:
		if (parse_bool(val, &c->no_xdp))
			return cerr(err, len, "must be yes or no");
		return 0;
	case K_NO_DHCP:
		if (parse_bool(val, &c->no_dhcp))
			return cerr(err, len, "must be yes or no");
		return 0;
	case K_OFFER_HOLD:
	case K_DECLINE_HOLD:
		if (parse_uint(val, 1, DFOD_DHCP_HOLD_MAX, &v))
			return cerr(err, len, "must be a number of seconds from 1 to %u",
				    DFOD_DHCP_HOLD_MAX);
		*(k == K_OFFER_HOLD ? &c->offer_hold : &c->decline_hold) = v;
		return 0;
	case K_MAX_RELS:
		if (parse_uint(val, 1, DFOD_LIMIT_MAX_RELS, &v))
			return cerr(err, len, "must be a number from 1 to %d", DFOD_LIMIT_MAX_RELS);
		c->max_rels = v;
		return 0;
	case K_MAX_SCOPES:
		if (parse_uint(val, 1, DFOD_LIMIT_MAX_SCOPES, &v))
			return cerr(err, len, "must be a number from 1 to %d", DFOD_LIMIT_MAX_SCOPES);
		c->max_scopes = v;
		return 0;
	case K_ADMIN_GROUP:
		return set_str(&c->admin_group, val, err, len);
	case K_READ_GROUP:
		return set_str(&c->read_group, val, err, len);
	case K_CLOCK_SKEW:
		if (parse_uint(val, 0, 86400, &v))
			return cerr(err, len, "must be a number of seconds up to 86400");
		c->clock_skew = v;
		return 0;
	case K_JOURNAL_MAX:
		if (parse_uint(val, 4096, 1ull << 40, &v))
			return cerr(err, len, "must be a number of bytes from 4096 up");
		c->journal_max = v;
		return 0;
	case K_LOG_LEVEL:
		if (!strcmp(val, "error"))
			c->log_level = DFO_LOG_ERR;
		else if (!strcmp(val, "warning"))
			c->log_level = DFO_LOG_WARN;
		else if (!strcmp(val, "info"))
			c->log_level = DFO_LOG_INFO;
		else if (!strcmp(val, "debug"))
			c->log_level = DFO_LOG_DEBUG;
		else
			return cerr(err, len, "must be error, warning, info or debug");
		return 0;
	case K_API_LISTEN: {
		struct sockaddr_storage ss;
		socklen_t sl;

		if (dfod_remote_parse_listen(val, &ss, &sl))
			return cerr(err, len, "'%s' is not ADDRESS:PORT (an IPv4 or [IPv6] "
				    "address, port 1-65535)", val);
		return set_str(&c->api_listen, val, err, len);
	}
	case K_API_KEY_FILE:
		return set_str(&c->api_key_file, val, err, len);
	case K_PARTNER_CHECK:
		if (parse_uint(val, 0, 86400, &v))
			return cerr(err, len, "must be a number of seconds up to 86400 (0: off)");
		c->partner_check = v;
		return 0;
	case K_AUTO_REPLICATE:
		if (!val[strspn(val, ", \t")])
			return cerr(err, len, "needs relationship names");
		return set_str(&c->auto_replicate, val, err, len);
	default:
		return cerr(err, len, "unknown setting '%s'", key);
	}
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int dfod_config_load(struct dfod_config *c, const char *path, char *err, size_t len)
{
	char line[4096], msg[512], *key, *val, *eq;
	unsigned long lineno = 0;
	int k, r = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return cerr(err, len, "%s: cannot read the config file: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			r = cerr(err, len, "%s:%lu: line too long", path, lineno);
			break;
		}
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			r = cerr(err, len, "%s:%lu: expected 'key = value'", path, lineno);
			break;
		}
		*eq = '\0';
		val = trim(eq + 1);
		key = trim(key);
		k = key_of(key);
		if (k < 0) {
			r = cerr(err, len, "%s:%lu: unknown key '%s'", path, lineno, key);
			break;
		}
		if (k != K_INTERFACE && (c->file_keys & (1ull << k))) {
			r = cerr(err, len, "%s:%lu: '%s' is set twice", path, lineno, key);
			break;
		}
		if (dfod_config_set(c, key, val, msg, sizeof(msg))) {
			r = cerr(err, len, "%s:%lu: %s: %s", path, lineno, key, msg);
			break;
		}
		c->file_keys |= 1ull << k;
	}
	if (!r && ferror(f))
		r = cerr(err, len, "%s: read error", path);
	fclose(f);
	return r;
}

enum {
	O_CONFIG = 'c',
	O_HELP = 'h',
	O_VERBOSE = 'v',
	O_SETTING = 256,	/* + enum key_id */
	O_UNPIN = 512,
	O_CALL,
	O_CALL_RAW,
	O_VERSION,
};

static const struct option long_opts[] = {
	{ "config", required_argument, NULL, O_CONFIG },
	{ "instance", required_argument, NULL, O_SETTING + K_INSTANCE },
	{ "state-dir", required_argument, NULL, O_SETTING + K_STATE_DIR },
	{ "socket", required_argument, NULL, O_SETTING + K_SOCKET },
	{ "pin-root", required_argument, NULL, O_SETTING + K_PIN_ROOT },
	{ "interface", required_argument, NULL, O_SETTING + K_INTERFACE },
	{ "server-address", required_argument, NULL, O_SETTING + K_SERVER_ADDRESS },
	{ "xdp-mode", required_argument, NULL, O_SETTING + K_XDP_MODE },
	{ "no-xdp", no_argument, NULL, O_SETTING + K_NO_XDP },
	{ "no-dhcp", no_argument, NULL, O_SETTING + K_NO_DHCP },
	{ "offer-hold", required_argument, NULL, O_SETTING + K_OFFER_HOLD },
	{ "decline-hold", required_argument, NULL, O_SETTING + K_DECLINE_HOLD },
	{ "max-relationships", required_argument, NULL, O_SETTING + K_MAX_RELS },
	{ "max-scopes", required_argument, NULL, O_SETTING + K_MAX_SCOPES },
	{ "admin-group", required_argument, NULL, O_SETTING + K_ADMIN_GROUP },
	{ "read-group", required_argument, NULL, O_SETTING + K_READ_GROUP },
	{ "max-clock-skew", required_argument, NULL, O_SETTING + K_CLOCK_SKEW },
	{ "journal-max-bytes", required_argument, NULL, O_SETTING + K_JOURNAL_MAX },
	{ "log-level", required_argument, NULL, O_SETTING + K_LOG_LEVEL },
	{ "api-listen", required_argument, NULL, O_SETTING + K_API_LISTEN },
	{ "api-key-file", required_argument, NULL, O_SETTING + K_API_KEY_FILE },
	{ "partner-check", required_argument, NULL, O_SETTING + K_PARTNER_CHECK },
	{ "auto-replicate", required_argument, NULL, O_SETTING + K_AUTO_REPLICATE },
	{ "verbose", no_argument, NULL, O_VERBOSE },
	{ "unpin", no_argument, NULL, O_UNPIN },
	{ "call", required_argument, NULL, O_CALL },
	{ "call-raw", no_argument, NULL, O_CALL_RAW },
	{ "help", no_argument, NULL, O_HELP },
	{ "version", no_argument, NULL, O_VERSION },
	{ NULL, 0, NULL, 0 },
};

static int set_action(struct dfod_config *c, enum dfod_action a, char *err, size_t len)
{
	if (c->action != DFOD_RUN && c->action != a)
		return cerr(err, len, "--unpin, --call and --call-raw exclude each other");
	c->action = a;
	return 0;
}

int dfod_config_args(struct dfod_config *c, int argc, char **argv, char *err, size_t len)
{
	char msg[512];
	int o, r;

	/* Pass 1: the config file, so that flags can override it. */
	opterr = 0;
	optind = 0;
	while ((o = getopt_long(argc, argv, "c:hv", long_opts, NULL)) != -1) {
		if (o == '?')
			return cerr(err, len, "unknown option or missing value: '%s'",
				    argv[optind - 1]);
		if (o == O_CONFIG && set_str(&c->config_file, optarg, err, len))
			return -EINVAL;
	}
	if (c->config_file) {
		r = dfod_config_load(c, c->config_file, err, len);
		if (r)
			return r;
	}

	/* Pass 2: everything else. */
	optind = 0;
	while ((o = getopt_long(argc, argv, "c:hv", long_opts, NULL)) != -1) {
		switch (o) {
		case O_CONFIG:
			break;
		case O_HELP:
			c->action = DFOD_HELP;
			return 0;
		case O_VERSION:
			c->action = DFOD_VERSION_ACTION;
			return 0;
		case O_VERBOSE:
			c->log_level = DFO_LOG_DEBUG;
			break;
		case O_UNPIN:
			if (set_action(c, DFOD_UNPIN, err, len))
				return -EINVAL;
			break;
		case O_CALL:
			if (set_action(c, DFOD_CALL, err, len) ||
			    set_str(&c->call_op, optarg, err, len))
				return -EINVAL;
			break;
		case O_CALL_RAW:
			if (set_action(c, DFOD_CALL_RAW, err, len))
				return -EINVAL;
			break;
		default:
			if (o == O_SETTING + K_INTERFACE && !c->cli_ifaces) {
				/* Interfaces on the command line replace the file's list. */
				free_ifaces(c);
				c->cli_ifaces = true;
			}
			r = dfod_config_set(c, key_names[o - O_SETTING],
					    o == O_SETTING + K_NO_XDP || o == O_SETTING + K_NO_DHCP ?
					    "yes" : optarg,
					    msg, sizeof(msg));
			if (r)
				return cerr(err, len, "--%s: %s", key_names[o - O_SETTING], msg);
			break;
		}
	}
	if (c->action == DFOD_CALL && optind < argc) {
		if (set_str(&c->call_args, argv[optind++], err, len))
			return -EINVAL;
	}
	if (optind < argc)
		return cerr(err, len, "unexpected argument '%s'", argv[optind]);
	return 0;
}

static int resolve_group(const char *name, gid_t *gid, char *err, size_t len, const char *key)
{
	struct group gr, *res = NULL;
	char buf[16384];
	uint64_t v;

	if (!parse_uint(name, 0, UINT32_MAX - 1, &v)) {
		*gid = v;
		return 0;
	}
	if (getgrnam_r(name, &gr, buf, sizeof(buf), &res) || !res)
		return cerr(err, len, "--%s: no group '%s'", key, name);
	*gid = res->gr_gid;
	return 0;
}

static int valid_instance(const char *s)
{
	const char *p;

	if (!*s || strlen(s) > 64 || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			return 0;
	return 1;
}

int dfod_config_finish(struct dfod_config *c, char *err, size_t len)
{
	char buf[PATH_MAX];
	struct sockaddr_un sun;

	if (c->action == DFOD_HELP || c->action == DFOD_VERSION_ACTION)
		return 0;
	if (!c->instance && !(c->instance = strdup(DFOD_DEFAULT_INSTANCE)))
		return cerr(err, len, "out of memory");
	if (!valid_instance(c->instance))
		return cerr(err, len, "--instance: '%s' must be 1 to 64 letters, digits, "
			    "'.', '_' or '-'", c->instance);
	if (!c->state_dir) {
		snprintf(buf, sizeof(buf), "%s/%s", DFOD_STATE_ROOT, c->instance);
		if (!(c->state_dir = strdup(buf)))
			return cerr(err, len, "out of memory");
	}
	if (!c->socket_path) {
		snprintf(buf, sizeof(buf), "%s/%s.sock", DFOD_RUN_DIR, c->instance);
		if (!(c->socket_path = strdup(buf)))
			return cerr(err, len, "out of memory");
	}
	if (strlen(c->socket_path) >= sizeof(sun.sun_path))
		return cerr(err, len, "--socket: '%s' is longer than %zu bytes", c->socket_path,
			    sizeof(sun.sun_path) - 1);
	if (!c->pin_root && !(c->pin_root = strdup(DFO_PIN_ROOT)))
		return cerr(err, len, "out of memory");
	if (c->action != DFOD_RUN)
		return 0;
	if (c->state_dir[0] != '/' || c->pin_root[0] != '/')
		return cerr(err, len, "--state-dir and --pin-root must be absolute paths");
	if (resolve_group(c->admin_group ? c->admin_group : "root", &c->admin_gid, err, len,
			  "admin-group"))
		return -EINVAL;
	c->read_gid = c->admin_gid;
	if (c->read_group && resolve_group(c->read_group, &c->read_gid, err, len, "read-group"))
		return -EINVAL;
	if (c->api_listen && !c->api_key_file)
		return cerr(err, len, "--api-listen needs --api-key-file: the remote API is "
			    "never served without authentication");
	if (c->partner_check && !c->api_key_file)
		return cerr(err, len, "--partner-check needs --api-key-file: the partners are "
			    "asked with that key");
	if (c->auto_replicate && !c->partner_check)
		return cerr(err, len, "--auto-replicate needs --partner-check (how often to "
			    "compare)");
	if (!c->no_xdp && !c->n_ifaces)
		dfo_warn("no --interface given: the maps are maintained but XDP is attached "
			 "nowhere");
	return 0;
}
