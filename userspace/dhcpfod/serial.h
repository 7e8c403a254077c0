/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * JSON forms of scopes, scope elements, options and relationships
 * (docs/api-protocol.md "Value encodings"). The same parsers read API
 * arguments, journal records and the state snapshot, so the three can never
 * disagree on what a field means. Parsers check types and ranges of the
 * members present and record which were present; what a missing member
 * means, and the Windows error order, is the caller's business.
 */
#ifndef DFOD_SERIAL_H
#define DFOD_SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

#include "state.h"

/* Relationship members (presence bits of struct dfod_rel_in). */
enum {
	DFOD_RF_NAME		= 1u << 0,
	DFOD_RF_PRIMARY		= 1u << 1,
	DFOD_RF_SECONDARY	= 1u << 2,
	DFOD_RF_MODE		= 1u << 3,
	DFOD_RF_SERVER_TYPE	= 1u << 4,
	DFOD_RF_STATE		= 1u << 5,
	DFOD_RF_PREV_STATE	= 1u << 6,
	DFOD_RF_MCLT		= 1u << 7,
	DFOD_RF_SAFE_PERIOD	= 1u << 8,
	DFOD_RF_PRIMARY_NAME	= 1u << 9,
	DFOD_RF_SECONDARY_NAME	= 1u << 10,
	DFOD_RF_SCOPES		= 1u << 11,
	DFOD_RF_PERCENTAGE	= 1u << 12,
	DFOD_RF_SECRET		= 1u << 13,
	DFOD_RF_AUTO		= 1u << 14,
	DFOD_RF_LB_MAX		= 1u << 15,
	DFOD_RF_HASH_KEY	= 1u << 16,
	DFOD_RF_ID		= 1u << 17,
	DFOD_RF_STATE_TIME	= 1u << 18,
};

struct dfod_rel_in {
	uint32_t have;			/* DFOD_RF_* */
	struct dfod_rel r;		/* scalars; string members unused */
	const char *name, *primary_name, *secondary_name, *secret; /* borrowed from the JSON */
	uint32_t *scopes;		/* malloc'ed, in the order given */
	uint32_t n_scopes;
};

/* Members in @skip are not even looked at (Create ignores state/prev_state). */
int dfod_rel_parse(json_object *o, uint32_t skip, struct dfod_rel_in *in, char *err, size_t len);
void dfod_rel_in_free(struct dfod_rel_in *in);
/* @persist: the stored form (id, secret); else the reply form (names, *_set). */
json_object *dfod_rel_json(const struct dfod_rel *r, bool persist);

const char *dfod_mode_name(unsigned int mode);
const char *dfod_role_name(unsigned int role);
const char *dfod_key_mode_name(unsigned int km);

enum {
	DFOD_SF_ADDRESS	= 1u << 0,
	DFOD_SF_MASK	= 1u << 1,
	DFOD_SF_NAME	= 1u << 2,
	DFOD_SF_COMMENT	= 1u << 3,
	DFOD_SF_STATE	= 1u << 4,
	DFOD_SF_LEASE	= 1u << 5,
	DFOD_SF_SLOT	= 1u << 6,
};

struct dfod_scope_in {
	uint32_t have;			/* DFOD_SF_* */
	uint32_t addr, mask, lease, slot;
	bool enabled;
	const char *name, *comment;	/* borrowed */
};

int dfod_scope_parse(json_object *o, struct dfod_scope_in *in, char *err, size_t len);
/* Reply form (properties, relationship name) or stored form (+ slot, elements, options). */
json_object *dfod_scope_json(const struct dfod_scope *s, bool persist);

enum dfod_elem_type {
	DFOD_ELEM_RANGE = 0,
	DFOD_ELEM_EXCLUSION,
	DFOD_ELEM_RESERVATION,
};

struct dfod_elem {
	enum dfod_elem_type type;
	uint32_t start, end;		/* range, exclusion */
	uint8_t range_type;		/* range; "dhcp" when absent */
	uint32_t addr;			/* reservation */
	uint8_t hw[DFOD_HWADDR_MAX];
	uint8_t hwlen;			/* 0: hwaddr absent */
	const char *name;		/* reservation, borrowed; NULL when absent */
};

int dfod_elem_type_parse(const char *s, enum dfod_elem_type *t);
int dfod_elem_parse(json_object *o, struct dfod_elem *e, char *err, size_t len);
json_object *dfod_range_json(const struct dfod_range *r);
json_object *dfod_excl_json(const struct dfod_excl *e);
json_object *dfod_resv_json(const struct dfod_resv *r);
const char *dfod_range_type_name(unsigned int t);

/* Option value: code 1..254, a type, and values normalised into a new array. */
int dfod_option_parse(json_object *o, uint8_t *code, uint8_t *type, json_object **values,
		      char *err, size_t len);
json_object *dfod_option_json(const struct dfod_option *opt);
/* Name of a well-known option code, NULL if none. */
const char *dfod_option_name(unsigned int code);

#endif
