// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <arpa/inet.h>

#include "policy.h"
#include "toolopt.h"

int dfo_bad_usage(const char *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see %s --help)\n", prog);
	return 2;
}

int dfo_parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	/* strtoul alone would take " -1" as ULONG_MAX: require a digit first. */
	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int dfo_parse_hex(const char *s, __u8 *out, size_t cap)
{
	bool sep = strpbrk(s, ":-") != NULL;
	size_t n = 0;
	int hi, lo;

	if (!strncasecmp(s, "0x", 2) && !sep)
		s += 2;
	if (!*s)
		return sep ? -EINVAL : 0;
	while (*s) {
		hi = hexval(s[0]);
		if (hi < 0 || n >= cap)
			return -EINVAL;
		lo = s[1] ? hexval(s[1]) : -1;
		if (lo >= 0) {
			out[n++] = hi << 4 | lo;
			s += 2;
		} else if (sep) {
			out[n++] = hi;
			s++;
		} else {
			return -EINVAL;
		}
		if (sep && *s) {
			if (*s != ':' && *s != '-')
				return -EINVAL;
			if (!*++s)
				return -EINVAL;
		}
	}
	return n;
}

int dfo_parse_mac(const char *s, __u8 mac[6])
{
	__u8 buf[16];

	if (dfo_parse_hex(s, buf, sizeof(buf)) != 6)
		return -EINVAL;
	memcpy(mac, buf, 6);
	return 0;
}

void dfo_mac_add(const __u8 base[6], unsigned long i, __u8 mac[6])
{
	__u32 low = ((__u32)base[3] << 16 | base[4] << 8 | base[5]) + (__u32)i;

	memmove(mac, base, 3);
	mac[3] = low >> 16;
	mac[4] = low >> 8;
	mac[5] = low;
}

int dfo_parse_ip(const char *s, __u32 *be)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -EINVAL;
	*be = a.s_addr;
	return 0;
}

int dfo_parse_fsm_state(const char *s, enum dfo_fsm_state *out)
{
	char name[32];
	unsigned long v;
	size_t i;
	int st;

	if (!dfo_parse_ulong(s, DFO_FSM_MAX - 1, &v)) {
		*out = v;
		return 0;
	}
	if (strlen(s) >= sizeof(name))
		return -EINVAL;
	for (i = 0; s[i]; i++)
		name[i] = s[i] == '-' ? '_' : toupper((unsigned char)s[i]);
	name[i] = '\0';
	for (st = 0; st < DFO_FSM_MAX; st++) {
		if (!strcmp(name, dfo_fsm_state__name(st))) {
			*out = st;
			return 0;
		}
	}
	return -EINVAL;
}

int dfo_parse_key_mode(const char *s, enum dfo_key_mode *out)
{
	if (!strcmp(s, "client-id"))
		*out = DFO_KEY_CLIENT_ID;
	else if (!strcmp(s, "chaddr"))
		*out = DFO_KEY_CHADDR;
	else
		return -EINVAL;
	return 0;
}

double dfo_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
