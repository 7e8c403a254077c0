/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Small helpers shared by the agent's modules: address and string parsing
 * that the protocol, the state file and the journal all need to agree on,
 * and typed accessors for json-c values that reject what JSON allows but
 * our fields do not (doubles for integers, embedded NULs, out-of-range).
 */
#ifndef DFOD_UTIL_H
#define DFOD_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

#define DFOD_HWADDR_MAX		16
#define DFOD_IPV4_STRLEN	16
#define DFOD_HWADDR_STRLEN	(DFOD_HWADDR_MAX * 3)

/* Strict dotted quad to host order; -EINVAL otherwise. */
int dfod_parse_ipv4(const char *s, uint32_t *out);
/* Host order to dotted quad; returns @buf. */
char *dfod_fmt_ipv4(uint32_t addr, char buf[DFOD_IPV4_STRLEN]);
/* Prefix length of a contiguous mask, -1 if it is not contiguous. */
int dfod_mask_to_plen(uint32_t mask);
uint32_t dfod_plen_to_mask(unsigned int plen);

/* Code points in a UTF-8 string, -1 if it is not valid UTF-8. */
long dfod_utf8_len(const char *s);

/* "00:0c:01:02:03:04" (':' or '-' separated, 1..16 bytes). */
int dfod_parse_hwaddr(const char *s, uint8_t hw[DFOD_HWADDR_MAX], uint8_t *len);
char *dfod_fmt_hwaddr(const uint8_t *hw, uint8_t len, char buf[DFOD_HWADDR_STRLEN]);
/* Hex string (even length, no separators) into @out; -EINVAL or -E2BIG. */
int dfod_parse_hex(const char *s, uint8_t *out, size_t cap, size_t *len);
/* Lower-case hex of @len bytes into malloc'ed string; NULL on ENOMEM. */
char *dfod_fmt_hex(const uint8_t *data, size_t len);

/*
 * json-c accessors. Each returns 0 and sets *out, -ENOENT when the member is
 * absent or null, -EINVAL when it has the wrong type or range.
 */
int dfod_json_str(json_object *obj, const char *key, const char **out);
int dfod_json_u32(json_object *obj, const char *key, uint32_t *out);
int dfod_json_u64(json_object *obj, const char *key, uint64_t *out);
int dfod_json_bool(json_object *obj, const char *key, bool *out);
int dfod_json_ipv4(json_object *obj, const char *key, uint32_t *out);
/* Value (not member) forms, for array elements. */
int dfod_json_val_str(json_object *v, const char **out);
int dfod_json_val_u64(json_object *v, uint64_t *out);

/* Add helpers; they return -ENOMEM on failure and keep @obj consistent. */
int dfod_jadd(json_object *obj, const char *key, json_object *val);
int dfod_jadd_str(json_object *obj, const char *key, const char *s);
int dfod_jadd_u64(json_object *obj, const char *key, uint64_t v);
int dfod_jadd_bool(json_object *obj, const char *key, bool v);
int dfod_jadd_ipv4(json_object *obj, const char *key, uint32_t addr);

/* strdup that maps NULL to "" so stored strings are never NULL. */
char *dfod_strdup(const char *s);

/* Monotonic milliseconds and wall-clock seconds. */
uint64_t dfod_now_ms(void);
uint64_t dfod_wall_secs(void);

#endif
