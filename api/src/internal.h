/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * libdhcpfo internals shared by its source files. Nothing here is exported:
 * the version script exports only dhcpfo_* and Dhcp*, so internal symbols
 * use the dfoc_ prefix (they are also linked, statically, next to dhcpfod's
 * objects in the test programs and must not collide with them).
 */
#ifndef DHCPFO_API_INTERNAL_H
#define DHCPFO_API_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include <json-c/json.h>

#include "auth.h"
#include "dhcpfo.h"

/* The options a handle was opened with, kept to open its partner (replicate.c). */
struct dfoc_settings {
	char *socket_path, *instance;
	char *key_file, *partner_server, *partner_key_file;
	int timeout_ms;
};

struct dhcpfo_client {
	int fd;				/* -1: not connected (reconnect on next call) */
	int timeout_ms;			/* < 0: none */
	uint64_t next_id;
	char path[108];			/* sizeof(sun_path) */
	char where[300];		/* the socket path or "host:port", for messages */
	/* TCP (remote.c) */
	bool remote;
	char host[256], port[8];
	struct dfo_auth_key *key;
	struct dfo_auth_session sess;
	uint64_t seq;			/* of the last request on this connection */
	struct dfoc_settings set;
};

/* ---- status and the thread's last message (client.c) ------------------ */

/* Set the calling thread's message and return @status. */
uint32_t dfoc_fail(uint32_t status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
uint32_t dfoc_vfail(uint32_t status, const char *fmt, va_list ap);
/* Clear the message (success). */
void dfoc_ok(void);
#define dfoc_inval(...) dfoc_fail(DHCPFO_ERROR_INVALID_PARAMETER, __VA_ARGS__)

/*
 * One request/reply exchange. Takes ownership of @args; NULL @args means
 * building them ran out of memory (ERROR_NOT_ENOUGH_MEMORY).
 * Returns the reply's status. For 0 and ERROR_MORE_DATA *@reply holds the
 * parsed reply (json_object_put it) and *@result its "result" object, or
 * NULL when the reply has none. For every other status *@reply is NULL and
 * the thread's message is set (the agent's message when it sent one).
 */
uint32_t dfoc_call(struct dhcpfo_client *c, const char *op, json_object *args,
		   json_object **reply, json_object **result);

/* Convenience: a call whose reply has no result worth reading. */
uint32_t dfoc_call_noresult(struct dhcpfo_client *c, const char *op, json_object *args);

/* Whether @addr (in_addr or in6_addr) is one of this host's addresses. */
bool dfoc_addr_is_ours(int family, const void *addr);

/* ---- the TCP transport (remote.c) -------------------------------------- */

/*
 * Split "HOST", "HOST:PORT", "[V6]:PORT" or a bare IPv6 address into
 * c->host and c->port (DFO_API_PORT when absent); *@explicit_port tells
 * whether a port was given. 0 or ERROR_INVALID_PARAMETER.
 */
uint32_t dfoc_server_split(struct dhcpfo_client *c, const char *server, bool *explicit_port);
/*
 * Resolve c->host: ERROR_DHCP_SERVER_NAME_NOT_RESOLVED when it does not;
 * *@local set when every address it has is this host's.
 */
uint32_t dfoc_remote_resolve(struct dhcpfo_client *c, bool *local);
/* Load the key (opts, dhcpfo_set_key_file, $DHCPFO_KEY_FILE, the default file). */
uint32_t dfoc_remote_key(struct dhcpfo_client *c, const char *key_file);
/* Connect and exchange hellos; ERROR_DHCP_SERVER_NOT_REACHABLE and the like. */
uint32_t dfoc_remote_connect(struct dhcpfo_client *c);
/* Send one request sealed under the next sequence number; 0 or -errno. */
int dfoc_remote_send(struct dhcpfo_client *c, const char *json, size_t len);
/*
 * Receive the reply to the last request: 0 with a malloc'ed NUL-terminated
 * JSON text, -EBADMSG / -ERANGE when it fails authentication, or the
 * transport's -errno.
 */
int dfoc_remote_recv(struct dhcpfo_client *c, char **json, size_t *len);
void dfoc_remote_free(struct dhcpfo_client *c);

/* ---- JSON encoding (json.c) ------------------------------------------- */

json_object *dfoc_ip_new(uint32_t ip);
int dfoc_ip_parse(const char *s, uint32_t *ip);		/* strict dotted quad */
void dfoc_ip_str(uint32_t ip, char buf[16]);
json_object *dfoc_ip_array_new(const uint32_t *ips, uint32_t n);
/* "00:0c:01:02:03:04" (1..16 bytes); buf must hold 49 bytes */
void dfoc_hwaddr_str(const uint8_t *a, uint32_t len, char *buf);
int dfoc_hwaddr_parse(const char *s, uint8_t *a, uint32_t max, uint32_t *len);
/* lowercase hex, no separators; @buf holds 2 * @len + 1 */
void dfoc_hex_str(const uint8_t *a, uint32_t len, char *buf);
int dfoc_hex_parse(const char *s, uint8_t *a, uint32_t max, uint32_t *len);
bool dfoc_hex_valid(const char *s);
bool dfoc_utf8_valid(const char *s);
/* a JSON unsigned integer; 0 or -1 */
int dfoc_json_u64(json_object *v, uint64_t *out);

/* Add @key: @val to @obj; false only on allocation failure. */
bool dfoc_add(json_object *obj, const char *key, json_object *val);
bool dfoc_add_str(json_object *obj, const char *key, const char *s);
bool dfoc_add_u64(json_object *obj, const char *key, uint64_t v);
bool dfoc_add_ip(json_object *obj, const char *key, uint32_t ip);

/*
 * Readers of reply fields: 0 on success, -1 when the field is missing or has
 * the wrong type (the caller reports ERROR_INVALID_DATA naming the field).
 * The _opt variants leave *out untouched and succeed when the key is absent
 * or null. Strings point into @obj and live as long as it does.
 */
int dfoc_get_u64(json_object *obj, const char *key, uint64_t *out);
int dfoc_get_u32(json_object *obj, const char *key, uint32_t *out);
int dfoc_get_bool(json_object *obj, const char *key, bool *out);
int dfoc_get_str(json_object *obj, const char *key, const char **out);
int dfoc_get_ip(json_object *obj, const char *key, uint32_t *out);
int dfoc_get_arr(json_object *obj, const char *key, json_object **out);
int dfoc_get_obj(json_object *obj, const char *key, json_object **out);
int dfoc_get_u32_opt(json_object *obj, const char *key, uint32_t *out);
int dfoc_get_u64_opt(json_object *obj, const char *key, uint64_t *out);
int dfoc_get_bool_opt(json_object *obj, const char *key, bool *out);
int dfoc_get_str_opt(json_object *obj, const char *key, const char **out);
int dfoc_get_ip_opt(json_object *obj, const char *key, uint32_t *out);

/* ERROR_INVALID_DATA for a reply whose @field is unusable. */
uint32_t dfoc_bad_reply(const char *op, const char *field);

/* ---- one-block results (blk.c) ---------------------------------------- */

/*
 * Results are built in two passes over their source: the first only sizes
 * (base == NULL, every take returns NULL), the second fills one calloc'ed
 * block. A place function therefore must not read back what it wrote, and
 * guards writes through taken pointers. It may fail only in the first pass
 * (setting @bad to the offending field), so the second cannot.
 */
struct dfoc_blk {
	char *base;
	size_t len;
	const char *bad;
};

void *dfoc_blk_take(struct dfoc_blk *b, size_t size, size_t align);
char *dfoc_blk_str(struct dfoc_blk *b, const char *s);		/* NULL -> NULL */
void *dfoc_blk_mem(struct dfoc_blk *b, const void *p, size_t size, size_t align);
/* UTF-8 -> wchar_t; NULL -> NULL; invalid UTF-8 sets b->bad, returns NULL */
wchar_t *dfoc_blk_wstr(struct dfoc_blk *b, const char *s, const char *field);

typedef int (*dfoc_place_fn)(struct dfoc_blk *b, const void *src, void *root);

/*
 * Run @place twice and return the filled block (root at its start), or NULL
 * with *@status set: ERROR_INVALID_DATA (b.bad named in the message, @what
 * says what was being decoded) or ERROR_NOT_ENOUGH_MEMORY.
 */
void *dfoc_blk_build(size_t root_size, size_t root_align, dfoc_place_fn place,
		     const void *src, const char *what, uint32_t *status);

/*
 * Place the JSON array @json of objects, each by @place, into one taken
 * array of @size-byte items: *@items (NULL when empty, and in the sizing
 * pass, where each item goes to @scratch instead) and *@n. An element that is
 * not an object is a bad @field.
 */
int dfoc_blk_objects(struct dfoc_blk *b, const void *json, const char *field, void *scratch,
		     size_t size, size_t align, dfoc_place_fn place, void **items, uint32_t *n);

/* Place the JSON array @json of dotted-quad strings into *@a; any other element is a bad @field. */
int dfoc_blk_ips(struct dfoc_blk *b, const void *json, const char *field, struct dhcpfo_ip_array *a);

#define DFOC_BUILD(type, place, src, what, status)				\
	((type *)dfoc_blk_build(sizeof(type), _Alignof(type), (dfoc_place_fn)(place), \
				(src), (what), (status)))

/* ---- wide strings (wstr.c) ------------------------------------------- */

/*
 * wchar_t (UTF-32 on Linux) -> malloc'ed UTF-8. NULL -> NULL with 0.
 * Returns 0, -EILSEQ for a surrogate or a value above U+10FFFF, -ENOMEM.
 */
int dfoc_wcs_to_utf8(const wchar_t *ws, char **out);
/* Code points in @s, or -1 when it is not valid UTF-8. */
long dfoc_utf8_len(const char *s);
/* Decode valid UTF-8 @s into @out (room for dfoc_utf8_len(s) + 1). */
void dfoc_utf8_to_wcs(const char *s, wchar_t *out);

/* element type from its wire name (names.c); 0 or -1 */
int dfoc_element_type_parse(const char *s, enum dhcpfo_element_type *t);

/* ---- shared by the op files (failover.c) ------------------------------ */

/* {@key: @val}, or NULL (and @val released) when out of memory */
json_object *dfoc_args1(const char *key, json_object *val);

/*
 * An enum op: adds resume_handle and preferred_max to @args (NULL: no other
 * arguments), calls, and on 0 / ERROR_MORE_DATA decodes the array
 * result.@field with @place into a new one-block result of @size bytes,
 * which it returns, updating *@resume_handle, *@read and *@total. When that
 * array is unusable nothing is returned, *@read and *@total are 0 and
 * *@resume_handle is left as it was, so the caller may retry from there.
 */
void *dfoc_enum(struct dhcpfo_client *c, const char *op, json_object *args, const char *field,
		size_t size, size_t align, dfoc_place_fn place, uint32_t *resume_handle,
		uint32_t preferred_max, uint32_t *read, uint32_t *total, uint32_t *status);

#define DFOC_ENUM(type, c, op, args, field, place, resume_handle, preferred_max, read, total,	\
		  status)								\
	((type *)dfoc_enum((c), (op), (args), (field), sizeof(type), _Alignof(type),		\
			   (dfoc_place_fn)(place), (resume_handle), (preferred_max), (read),	\
			   (total), (status)))

/* failover.create without the dhcpfo-only fields (dhcpsapi.h layer) */
uint32_t dfoc_failover_create_win(struct dhcpfo_client *c, const struct dhcpfo_relationship *rel);

/* ---- replication and both-sides operations (replicate.c, both.c) ------ */

/* Fail with @status, "<prefix>: " + the thread's current message. */
uint32_t dfoc_prefix_fail(uint32_t status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * scope.export: *@exported (the scope's whole configuration) and *@digest
 * point into *@reply, to be released by the caller.
 */
uint32_t dfoc_export(struct dhcpfo_client *c, uint32_t scope, json_object **reply,
		     json_object **exported, const char **digest);

/* ---- dhcpsapi.h layer (dhcpsapi.c) ----------------------------------- */

/* LPWSTR -> malloc'ed UTF-8 (NULL -> NULL); @what names it in the message */
uint32_t dfoc_win_str(const wchar_t *ws, const char *what, char **out);
/* Open the agent a Windows ServerIpAddress designates. */
uint32_t dfoc_win_open(const wchar_t *server, struct dhcpfo_client **c);

#endif /* DHCPFO_API_INTERNAL_H */
