// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

#include "util.h"

int dfod_parse_ipv4(const char *s, uint32_t *out)
{
	struct in_addr a;

	/* inet_pton accepts exactly four decimal parts, no shorthand or octal. */
	if (!s || inet_pton(AF_INET, s, &a) != 1)
		return -EINVAL;
	*out = ntohl(a.s_addr);
	return 0;
}

char *dfod_fmt_ipv4(uint32_t addr, char buf[DFOD_IPV4_STRLEN])
{
	snprintf(buf, DFOD_IPV4_STRLEN, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
		 (addr >> 8) & 0xff, addr & 0xff);
	return buf;
}

int dfod_mask_to_plen(uint32_t mask)
{
	uint32_t inv = ~mask;

	/* Contiguous iff the inverted mask is of the form 0..01..1. */
	if (inv & (inv + 1))
		return -1;
	return 32 - __builtin_popcount(inv);
}

uint32_t dfod_plen_to_mask(unsigned int plen)
{
	return plen ? ~0u << (32 - plen) : 0;
}

long dfod_utf8_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;

	while (*p) {
		unsigned int c = *p, need, cp, min;

		if (c < 0x80) {
			p++;
			n++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			need = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			need = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			need = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return -1;
		}
		p++;
		while (need--) {
			if ((*p & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (*p++ & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return -1;
		n++;
	}
	return n;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int dfod_parse_hwaddr(const char *s, uint8_t hw[DFOD_HWADDR_MAX], uint8_t *len)
{
	char sep = 0;
	uint8_t n = 0;
	int hi, lo;

	if (!s || !*s)
		return -EINVAL;
	for (;;) {
		hi = hexval(s[0]);
		lo = hi < 0 ? -1 : hexval(s[1]);
		if (hi < 0 || lo < 0 || n == DFOD_HWADDR_MAX)
			return -EINVAL;
		hw[n++] = hi << 4 | lo;
		s += 2;
		if (!*s)
			break;
		if (*s != ':' && *s != '-')
			return -EINVAL;
		/* One separator style per address. */
		if (sep && *s != sep)
			return -EINVAL;
		sep = *s++;
	}
	*len = n;
	return 0;
}

char *dfod_fmt_hwaddr(const uint8_t *hw, uint8_t len, char buf[DFOD_HWADDR_STRLEN])
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < len && i < DFOD_HWADDR_MAX; i++)
		off += snprintf(buf + off, DFOD_HWADDR_STRLEN - off, i ? ":%02x" : "%02x", hw[i]);
	return buf;
}

int dfod_parse_hex(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = 0;
	int hi, lo;

	if (!s)
		return -EINVAL;
	while (*s) {
		hi = hexval(s[0]);
		lo = hi < 0 ? -1 : hexval(s[1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (n == cap)
			return -E2BIG;
		out[n++] = hi << 4 | lo;
		s += 2;
	}
	*len = n;
	return 0;
}

char *dfod_fmt_hex(const uint8_t *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *s = malloc(len * 2 + 1);
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < len; i++) {
		s[2 * i] = digits[data[i] >> 4];
		s[2 * i + 1] = digits[data[i] & 15];
	}
	s[2 * len] = '\0';
	return s;
}

static json_object *member(json_object *obj, const char *key)
{
	json_object *v = NULL;

	if (!obj || !json_object_is_type(obj, json_type_object))
		return NULL;
	if (!json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v;
}

int dfod_json_val_str(json_object *v, const char **out)
{
	const char *s;

	if (!v)
		return -ENOENT;
	if (!json_object_is_type(v, json_type_string))
		return -EINVAL;
	s = json_object_get_string(v);
	/* "\u0000" inside a string would silently truncate every C consumer. */
	if ((size_t)json_object_get_string_len(v) != strlen(s))
		return -EINVAL;
	*out = s;
	return 0;
}

int dfod_json_val_u64(json_object *v, uint64_t *out)
{
	if (!v)
		return -ENOENT;
	if (!json_object_is_type(v, json_type_int))
		return -EINVAL;
	if (json_object_get_int64(v) < 0)
		return -EINVAL;
	*out = json_object_get_uint64(v);
	return 0;
}

int dfod_json_str(json_object *obj, const char *key, const char **out)
{
	return dfod_json_val_str(member(obj, key), out);
}

int dfod_json_u64(json_object *obj, const char *key, uint64_t *out)
{
	return dfod_json_val_u64(member(obj, key), out);
}

int dfod_json_u32(json_object *obj, const char *key, uint32_t *out)
{
	uint64_t v;
	int err;

	err = dfod_json_u64(obj, key, &v);
	if (err)
		return err;
	if (v > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

int dfod_json_bool(json_object *obj, const char *key, bool *out)
{
	json_object *v = member(obj, key);

	if (!v)
		return -ENOENT;
	if (!json_object_is_type(v, json_type_boolean))
		return -EINVAL;
	*out = json_object_get_boolean(v);
	return 0;
}

int dfod_json_ipv4(json_object *obj, const char *key, uint32_t *out)
{
	const char *s;
	int err;

	err = dfod_json_str(obj, key, &s);
	if (err)
		return err;
	return dfod_parse_ipv4(s, out);
}

int dfod_jadd(json_object *obj, const char *key, json_object *val)
{
	if (!val)
		return -ENOMEM;
	if (json_object_object_add(obj, key, val)) {
		json_object_put(val);
		return -ENOMEM;
	}
	return 0;
}

int dfod_jadd_str(json_object *obj, const char *key, const char *s)
{
	return dfod_jadd(obj, key, json_object_new_string(s ? s : ""));
}

int dfod_jadd_u64(json_object *obj, const char *key, uint64_t v)
{
	/* Signed where it fits, so values print the same as from any parser. */
	if (v <= INT64_MAX)
		return dfod_jadd(obj, key, json_object_new_int64((int64_t)v));
	return dfod_jadd(obj, key, json_object_new_uint64(v));
}

int dfod_jadd_bool(json_object *obj, const char *key, bool v)
{
	return dfod_jadd(obj, key, json_object_new_boolean(v));
}

int dfod_jadd_ipv4(json_object *obj, const char *key, uint32_t addr)
{
	char buf[DFOD_IPV4_STRLEN];

	return dfod_jadd_str(obj, key, dfod_fmt_ipv4(addr, buf));
}

char *dfod_strdup(const char *s)
{
	return strdup(s ? s : "");
}

uint64_t dfod_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t dfod_wall_secs(void)
{
	return (uint64_t)time(NULL);
}
