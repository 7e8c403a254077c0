// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Replies and argument checks shared by the op files (ops_util.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "dhcpfo_status.h"
#include "ops_util.h"
#include "util.h"

unsigned int dfod_fail(struct dfod_res *r, unsigned int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	dfod_res_free(r);
	r->status = status;
	return status;
}

unsigned int dfod_nomem(struct dfod_res *r)
{
	return dfod_fail(r, DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
}

unsigned int dfod_ok(struct dfod_res *r, json_object *result)
{
	if (!result)
		return dfod_nomem(r);
	dfod_res_free(r);
	r->result = result;
	r->status = DHCPFO_ERROR_SUCCESS;
	r->msg[0] = '\0';
	return 0;
}

unsigned int dfod_ok_empty(struct dfod_res *r)
{
	return dfod_ok(r, json_object_new_object());
}

json_object *dfod_member(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (o && json_object_is_type(o, json_type_object))
		json_object_object_get_ex(o, key, &v);
	return v;
}

unsigned int dfod_arg_ipv4(struct dfod_res *r, json_object *args, const char *key, bool nonzero,
			   uint32_t *out)
{
	int e = dfod_json_ipv4(args, key, out);

	if (e == -ENOENT)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'%s' is missing", key);
	if (e)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER,
				 "'%s' must be a dotted-quad IPv4 address", key);
	if (nonzero && !*out)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'%s' must not be 0.0.0.0",
				 key);
	return 0;
}

unsigned int dfod_arg_name(struct dfod_res *r, json_object *args, const char *key,
			   const char **out)
{
	int e = dfod_json_str(args, key, out);

	if (e == -ENOENT || (!e && !**out))
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'%s' is missing", key);
	if (e || dfod_utf8_len(*out) < 0)
		return dfod_fail(r, DHCPFO_ERROR_INVALID_PARAMETER, "'%s' must be a UTF-8 string",
				 key);
	return 0;
}

unsigned int dfod_arg_failover_scope(struct dfod_agent *a, struct dfod_res *r, json_object *args,
				     struct dfod_scope **s)
{
	char b[DFOD_IPV4_STRLEN];
	uint32_t addr;
	unsigned int st = dfod_arg_ipv4(r, args, "scope", true, &addr);

	if (st)
		return st;
	*s = dfod_scope_find(&a->st, addr);
	if (!*s || !(*s)->rel)
		return dfod_fail(r, DHCPFO_ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP,
				 "scope %s is not in a failover relationship%s",
				 dfod_fmt_ipv4(addr, b), *s ? "" : " (it does not exist)");
	return 0;
}
