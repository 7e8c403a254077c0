// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Names of the API's enumerations, as on the wire (docs/api-protocol.md). */
#include <string.h>
#include <strings.h>

#include "internal.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const fsm_names[] = {
	"NO_STATE", "INIT", "STARTUP", "NORMAL", "COMMUNICATION_INT", "PARTNER_DOWN",
	"POTENTIAL_CONFLICT", "CONFLICT_DONE", "RESOLUTION_INT", "RECOVER", "RECOVER_WAIT",
	"RECOVER_DONE", "PAUSED", "SHUTDOWN",
};
static const char *const mode_names[] = { "load_balance", "hot_standby" };
static const char *const server_type_names[] = { "primary", "secondary" };
static const char *const hash_key_names[] = { "client-id", "chaddr" };
static const char *const element_names[] = { "range", "exclusion", "reservation" };
static const char *const range_names[] = { "dhcp", "bootp", "both" };
static const char *const option_type_names[] = {
	"byte", "word", "dword", "dworddword", "ipaddress", "string", "binary", "encapsulated",
};

static const char *name_of(const char *const *tab, size_t n, unsigned int v)
{
	return v < n ? tab[v] : NULL;
}

static char norm(char ch)
{
	if (ch == '-')
		return '_';
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* Case-insensitive, '-' and '_' alike: "partner-down" finds PARTNER_DOWN. */
static bool same(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (norm(*a) != norm(*b))
			return false;
	return !*a && !*b;
}

static int parse(const char *const *tab, size_t n, const char *s)
{
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < n; i++)
		if (same(tab[i], s))
			return (int)i;
	return -1;
}

const char *dhcpfo_fsm_state_str(enum dhcpfo_fsm_state state)
{
	return name_of(fsm_names, N(fsm_names), state);
}

int dhcpfo_fsm_state_parse(const char *s, enum dhcpfo_fsm_state *state)
{
	int v = parse(fsm_names, N(fsm_names), s);

	if (v < 0 || !state)
		return -1;
	*state = (enum dhcpfo_fsm_state)v;
	return 0;
}

const char *dhcpfo_mode_str(enum dhcpfo_mode mode)
{
	return name_of(mode_names, N(mode_names), mode);
}

int dhcpfo_mode_parse(const char *s, enum dhcpfo_mode *mode)
{
	int v = parse(mode_names, N(mode_names), s);

	if (v < 0 || !mode)
		return -1;
	*mode = (enum dhcpfo_mode)v;
	return 0;
}

const char *dhcpfo_server_type_str(enum dhcpfo_server_type t)
{
	return name_of(server_type_names, N(server_type_names), t);
}

int dhcpfo_server_type_parse(const char *s, enum dhcpfo_server_type *t)
{
	int v = parse(server_type_names, N(server_type_names), s);

	if (v < 0 || !t)
		return -1;
	*t = (enum dhcpfo_server_type)v;
	return 0;
}

const char *dhcpfo_hash_key_str(enum dhcpfo_hash_key k)
{
	return name_of(hash_key_names, N(hash_key_names), k);
}

int dhcpfo_hash_key_parse(const char *s, enum dhcpfo_hash_key *k)
{
	int v = parse(hash_key_names, N(hash_key_names), s);

	if (v < 0 || !k)
		return -1;
	*k = (enum dhcpfo_hash_key)v;
	return 0;
}

const char *dhcpfo_element_type_str(enum dhcpfo_element_type t)
{
	return name_of(element_names, N(element_names), t);
}

int dfoc_element_type_parse(const char *s, enum dhcpfo_element_type *t)
{
	int v = parse(element_names, N(element_names), s);

	if (v < 0)
		return -1;
	*t = (enum dhcpfo_element_type)v;
	return 0;
}

const char *dhcpfo_range_type_str(enum dhcpfo_range_type t)
{
	return name_of(range_names, N(range_names), t);
}

int dhcpfo_range_type_parse(const char *s, enum dhcpfo_range_type *t)
{
	int v = parse(range_names, N(range_names), s);

	if (v < 0 || !t)
		return -1;
	*t = (enum dhcpfo_range_type)v;
	return 0;
}

const char *dhcpfo_option_type_str(enum dhcpfo_option_type t)
{
	return name_of(option_type_names, N(option_type_names), t);
}

int dhcpfo_option_type_parse(const char *s, enum dhcpfo_option_type *t)
{
	int v = parse(option_type_names, N(option_type_names), s);

	if (v < 0 || !t)
		return -1;
	*t = (enum dhcpfo_option_type)v;
	return 0;
}
