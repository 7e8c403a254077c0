// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Value encodings of docs/api-protocol.md and typed readers of reply fields. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void dfoc_ip_str(uint32_t ip, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
}

json_object *dfoc_ip_new(uint32_t ip)
{
	char buf[16];

	dfoc_ip_str(ip, buf);
	return json_object_new_string(buf);
}

/* Strict dotted quad: four decimal octets without leading zeros or spaces. */
int dfoc_ip_parse(const char *s, uint32_t *ip)
{
	uint32_t v = 0;
	int part;

	if (!s)
		return -1;
	for (part = 0; part < 4; part++) {
		unsigned int oct = 0, digits = 0;

		while (*s >= '0' && *s <= '9') {
			if (digits && oct == 0)
				return -1;	/* leading zero */
			oct = oct * 10 + (unsigned int)(*s++ - '0');
			if (++digits > 3 || oct > 255)
				return -1;
		}
		if (!digits)
			return -1;
		v = v << 8 | oct;
		if (part < 3 && *s++ != '.')
			return -1;
	}
	if (*s)
		return -1;
	*ip = v;
	return 0;
}

json_object *dfoc_ip_array_new(const uint32_t *ips, uint32_t n)
{
	json_object *arr = json_object_new_array_ext((int)n);
	uint32_t i;

	if (!arr)
		return NULL;
	for (i = 0; i < n; i++) {
		json_object *s = dfoc_ip_new(ips[i]);

		if (!s || json_object_array_add(arr, s)) {
			json_object_put(s);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

void dfoc_hwaddr_str(const uint8_t *a, uint32_t len, char *buf)
{
	uint32_t i;

	buf[0] = '\0';
	for (i = 0; i < len && i < DHCPFO_HWADDR_MAX; i++)
		sprintf(buf + 3 * i, "%02x:", a[i]);
	if (i)
		buf[3 * i - 1] = '\0';
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* "00:0c:01:02:03:04" or with '-' separators; 1..@max bytes of two digits. */
int dfoc_hwaddr_parse(const char *s, uint8_t *a, uint32_t max, uint32_t *len)
{
	uint32_t n = 0;
	char sep = 0;

	if (!s || !*s)
		return -1;
	for (;;) {
		int hi = hexval(s[0]), lo = hi < 0 ? -1 : hexval(s[1]);

		if (hi < 0 || lo < 0 || n == max)
			return -1;
		a[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
		if (!*s)
			break;
		if ((*s != ':' && *s != '-') || (sep && *s != sep))
			return -1;
		sep = *s++;
	}
	*len = n;
	return 0;
}

void dfoc_hex_str(const uint8_t *a, uint32_t len, char *buf)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		sprintf(buf + 2 * i, "%02x", a[i]);
	buf[2 * len] = '\0';
}

int dfoc_hex_parse(const char *s, uint8_t *a, uint32_t max, uint32_t *len)
{
	size_t n = s ? strlen(s) : 0;
	uint32_t i;

	if (!s || n % 2 || n / 2 > max)
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

bool dfoc_utf8_valid(const char *s)
{
	return dfoc_utf8_len(s) >= 0;
}

/* ---- building requests ------------------------------------------------- */

bool dfoc_add(json_object *obj, const char *key, json_object *val)
{
	if (!val)
		return false;
	if (json_object_object_add(obj, key, val)) {
		json_object_put(val);
		return false;
	}
	return true;
}

bool dfoc_add_str(json_object *obj, const char *key, const char *s)
{
	return dfoc_add(obj, key, json_object_new_string(s));
}

bool dfoc_add_u64(json_object *obj, const char *key, uint64_t v)
{
	return dfoc_add(obj, key, json_object_new_uint64(v));
}

bool dfoc_add_ip(json_object *obj, const char *key, uint32_t ip)
{
	return dfoc_add(obj, key, dfoc_ip_new(ip));
}

/* ---- reading replies ----------------------------------------------------- */

static json_object *field(json_object *obj, const char *key)
{
	json_object *v;

	if (!obj || !json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v;
}

bool dfoc_hex_valid(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;

	if (!s || n % 2)
		return false;
	for (i = 0; i < n; i++)
		if (hexval(s[i]) < 0)
			return false;
	return true;
}

int dfoc_json_u64(json_object *v, uint64_t *out)
{
	if (!json_object_is_type(v, json_type_int))
		return -1;
	/* json-c keeps integers above INT64_MAX as uint64, the rest as int64 */
	if (json_object_get_int64(v) < 0)
		return -1;
	errno = 0;
	*out = json_object_get_uint64(v);
	return errno ? -1 : 0;
}

int dfoc_get_u64(json_object *obj, const char *key, uint64_t *out)
{
	json_object *v = field(obj, key);

	return v ? dfoc_json_u64(v, out) : -1;
}

int dfoc_get_u32(json_object *obj, const char *key, uint32_t *out)
{
	uint64_t v;

	if (dfoc_get_u64(obj, key, &v) || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int dfoc_get_bool(json_object *obj, const char *key, bool *out)
{
	json_object *v = field(obj, key);

	if (!v || !json_object_is_type(v, json_type_boolean))
		return -1;
	*out = json_object_get_boolean(v);
	return 0;
}

int dfoc_get_str(json_object *obj, const char *key, const char **out)
{
	json_object *v = field(obj, key);

	if (!v || !json_object_is_type(v, json_type_string))
		return -1;
	*out = json_object_get_string(v);
	return 0;
}

int dfoc_get_ip(json_object *obj, const char *key, uint32_t *out)
{
	const char *s;

	if (dfoc_get_str(obj, key, &s))
		return -1;
	return dfoc_ip_parse(s, out);
}

int dfoc_get_arr(json_object *obj, const char *key, json_object **out)
{
	json_object *v = field(obj, key);

	if (!v || !json_object_is_type(v, json_type_array))
		return -1;
	*out = v;
	return 0;
}

int dfoc_get_obj(json_object *obj, const char *key, json_object **out)
{
	json_object *v = field(obj, key);

	if (!v || !json_object_is_type(v, json_type_object))
		return -1;
	*out = v;
	return 0;
}

static bool absent(json_object *obj, const char *key)
{
	json_object *v = field(obj, key);

	return !v || json_object_is_type(v, json_type_null);
}

int dfoc_get_u32_opt(json_object *obj, const char *key, uint32_t *out)
{
	return absent(obj, key) ? 0 : dfoc_get_u32(obj, key, out);
}

int dfoc_get_u64_opt(json_object *obj, const char *key, uint64_t *out)
{
	return absent(obj, key) ? 0 : dfoc_get_u64(obj, key, out);
}

int dfoc_get_bool_opt(json_object *obj, const char *key, bool *out)
{
	return absent(obj, key) ? 0 : dfoc_get_bool(obj, key, out);
}

int dfoc_get_str_opt(json_object *obj, const char *key, const char **out)
{
	return absent(obj, key) ? 0 : dfoc_get_str(obj, key, out);
}

int dfoc_get_ip_opt(json_object *obj, const char *key, uint32_t *out)
{
	return absent(obj, key) ? 0 : dfoc_get_ip(obj, key, out);
}

uint32_t dfoc_bad_reply(const char *op, const char *fieldname)
{
	return dfoc_fail(DHCPFO_ERROR_INVALID_DATA,
			 "%s: malformed reply from dhcpfod (field '%s')", op, fieldname);
}
