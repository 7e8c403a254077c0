/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Command-line helpers shared by the test tools (tests/tools/): usage errors
 * and strict parsers for the values their options take. The parsers return
 * 0 or -EINVAL; on failure only dfo_parse_hex() may have written its output.
 */
#ifndef DFO_TEST_TOOLOPT_H
#define DFO_TEST_TOOLOPT_H

#include <stddef.h>
#include <linux/types.h>

#include "dhcpfo_abi.h"

/*
 * Print "@prog: <message>" and "(see @prog --help)" on stderr. Returns 2,
 * the tools' exit code for a usage error: `return dfo_bad_usage(...)`.
 */
int dfo_bad_usage(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * An unsigned number as strtoul() base 0 reads it (decimal, 0x hex, leading
 * 0 octal), the whole string, at most @max. Empty and '-'-led strings are
 * refused.
 */
int dfo_parse_ulong(const char *s, unsigned long max, unsigned long *out);

/*
 * Hex bytes: "001122", "0x001122", or separated by ':' or '-' with one or two
 * digits per byte ("0:1c:2"). Returns the length (at most @cap; 0 for "" or
 * "0x") or -EINVAL.
 */
int dfo_parse_hex(const char *s, __u8 *out, size_t cap);

/* A MAC address: exactly 6 bytes in a form dfo_parse_hex() reads. */
int dfo_parse_mac(const char *s, __u8 mac[6]);

/*
 * Client @i of a MAC base: @base plus @i in the last three bytes, wrapping
 * there. dfo-dhcpgen --mac-base numbers its clients so, and dfo-bucket
 * searches in the same order, so the two agree on which MAC is client i.
 */
void dfo_mac_add(const __u8 base[6], unsigned long i, __u8 mac[6]);

/* A dotted-quad IPv4 address (inet_pton), in network byte order. */
int dfo_parse_ip(const char *s, __u32 *be);

/*
 * A failover FSM state: its number (0..DFO_FSM_MAX-1, as dfo_parse_ulong()
 * reads it) or its name as dfo_fsm_state__name() gives it, in any case and
 * with '-' for '_' ("partner-down").
 */
int dfo_parse_fsm_state(const char *s, enum dfo_fsm_state *out);

/* client-id|chaddr, exactly. */
int dfo_parse_key_mode(const char *s, enum dfo_key_mode *out);

/* CLOCK_MONOTONIC in seconds. */
double dfo_now_s(void);

#endif
