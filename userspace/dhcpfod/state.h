/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The agent's state: scopes and failover relationships, in memory.
 *
 * Scopes are found by subnet address and relationships by name through hash
 * tables; both are also kept in sorted arrays, so enumeration pages by index
 * without sorting. Every mutation below is atomic: it allocates what it
 * needs first and either returns -errno having changed nothing, or applies
 * the change completely and calls the hooks (which keep the BPF maps equal
 * to the state). Policy (the Windows validation rules and error codes)
 * lives in ops.c; this layer only keeps the model consistent: a scope in
 * at most one relationship, unique names, addresses and stats slots,
 * non-overlapping ranges.
 */
#ifndef DFOD_STATE_H
#define DFOD_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>

#include "htab.h"
#include "util.h"

#define DFOD_REL_NAME_MAX	126	/* characters (Windows limit) */
#define DFOD_TEXT_MAX		1024	/* bytes, any other stored string */
#define DFOD_LEASE_INFINITE	0xffffffffu
#define DFOD_SAFE_PERIOD_OFF	0xffffffffu

enum dfod_range_type {
	DFOD_RANGE_DHCP = 0,
	DFOD_RANGE_BOOTP,
	DFOD_RANGE_BOTH,
};

struct dfod_range {
	uint32_t start, end;		/* host order, inclusive */
	uint8_t type;			/* enum dfod_range_type */
};

struct dfod_excl {
	uint32_t start, end;
};

struct dfod_resv {
	uint32_t addr;
	uint8_t hwlen;
	uint8_t hw[DFOD_HWADDR_MAX];
	char *name;
};

enum dfod_opt_type {
	DFOD_OPT_BYTE = 0,
	DFOD_OPT_WORD,
	DFOD_OPT_DWORD,
	DFOD_OPT_DWORDDWORD,
	DFOD_OPT_IPADDRESS,
	DFOD_OPT_STRING,
	DFOD_OPT_BINARY,
	DFOD_OPT_ENCAPSULATED,
	DFOD_OPT_TYPE_MAX,
};

struct dfod_option {
	uint8_t code;
	uint8_t type;			/* enum dfod_opt_type */
	json_object *values;		/* normalised JSON array, owned */
};

struct dfod_rel;

struct dfod_scope {
	uint32_t addr, mask;		/* host order */
	uint8_t plen;
	bool enabled;
	uint32_t lease;			/* seconds, DFOD_LEASE_INFINITE */
	uint32_t slot;			/* dfo_scope_stats index, persistent */
	char *name, *comment;
	struct dfod_rel *rel;		/* NULL: in none */
	struct dfod_range *ranges;	/* sorted by start, disjoint */
	uint32_t n_ranges;
	struct dfod_excl *excls;	/* sorted by start, disjoint */
	uint32_t n_excls;
	struct dfod_resv *resvs;	/* sorted by address */
	uint32_t n_resvs;
	struct dfod_option *opts;	/* sorted by code */
	uint32_t n_opts;
};

struct dfod_rel {
	uint32_t id;			/* dfo_rels key, >= 1, persistent */
	char *name;
	uint32_t primary, secondary;	/* host order */
	uint8_t mode;			/* enum dfo_mode */
	uint8_t server_type;		/* enum dfo_role: this server's role */
	uint8_t state, prev_state;	/* enum dfo_fsm_state */
	uint8_t percentage;
	uint8_t key_mode;		/* enum dfo_key_mode */
	bool auto_transition;
	uint16_t lb_max_secs;
	uint32_t mclt, safe_period;
	uint64_t state_time;		/* wall clock of the last state change */
	char *primary_name, *secondary_name;
	char *secret;			/* NULL: none */
	uint32_t *scopes;		/* sorted subnet addresses */
	uint32_t n_scopes;
	/*
	 * Bumped by every change; lets the API keep the serialised reply form
	 * (enum of 1000 relationships splices cached text instead of rebuilding).
	 */
	uint64_t gen;
	char *reply_text;		/* owned cache, valid while reply_gen == gen */
	uint64_t reply_gen;
};

struct dfod_state_hooks {
	/* A scope was added or its map-visible fields (relationship) changed. */
	void (*scope_put)(void *arg, const struct dfod_scope *s);
	/* A scope is about to be freed. */
	void (*scope_del)(void *arg, const struct dfod_scope *s);
	/* A relationship was added or changed. */
	void (*rel_put)(void *arg, const struct dfod_rel *r);
	/* A relationship is about to be freed (its scopes already left it). */
	void (*rel_del)(void *arg, const struct dfod_rel *r);
};

struct dfod_state {
	struct dfod_htab scope_tab;	/* by address */
	struct dfod_pvec scope_vec;	/* sorted by address */
	struct dfod_htab rel_tab;	/* by name */
	struct dfod_htab rel_id_tab;	/* by id */
	struct dfod_pvec rel_vec;	/* sorted by name (bytewise) */
	uint64_t *slot_map;		/* used stats slots */
	uint32_t max_slots;
	uint32_t next_rel_id;
	const struct dfod_state_hooks *hooks;
	void *hook_arg;
};

int dfod_state_init(struct dfod_state *st, uint32_t max_slots);
void dfod_state_free(struct dfod_state *st);
void dfod_state_set_hooks(struct dfod_state *st, const struct dfod_state_hooks *h, void *arg);

/* Lookups. */
struct dfod_scope *dfod_scope_find(const struct dfod_state *st, uint32_t addr);
/* The scope whose subnet holds @addr (scopes never overlap). */
struct dfod_scope *dfod_scope_find_containing(const struct dfod_state *st, uint32_t addr);
/* A scope overlapping @addr/@plen, or NULL. */
struct dfod_scope *dfod_scope_find_overlap(const struct dfod_state *st, uint32_t addr,
					   unsigned int plen);
static inline size_t dfod_scope_count(const struct dfod_state *st)
{
	return st->scope_vec.n;
}
static inline struct dfod_scope *dfod_scope_at(const struct dfod_state *st, size_t i)
{
	return st->scope_vec.v[i];
}
struct dfod_rel *dfod_rel_find(const struct dfod_state *st, const char *name);
struct dfod_rel *dfod_rel_find_id(const struct dfod_state *st, uint32_t id);
static inline size_t dfod_rel_count(const struct dfod_state *st)
{
	return st->rel_vec.n;
}
static inline struct dfod_rel *dfod_rel_at(const struct dfod_state *st, size_t i)
{
	return st->rel_vec.v[i];
}

/* Lowest free stats slot, -ENOSPC when all are used. */
int dfod_state_free_slot(const struct dfod_state *st, uint32_t *slot);
bool dfod_state_slot_used(const struct dfod_state *st, uint32_t slot);

/* Object lifetime (not yet in a state). */
struct dfod_scope *dfod_scope_new(void);
void dfod_scope_destroy(struct dfod_scope *s);
struct dfod_rel *dfod_rel_new(void);
void dfod_rel_destroy(struct dfod_rel *r);

/*
 * Scopes. _add takes ownership of @s on success: the subnet must be free,
 * not overlap another, its slot in range and unused, and rel NULL.
 */
int dfod_state_scope_add(struct dfod_state *st, struct dfod_scope *s);
/* -ENOENT, or -EBUSY while the scope is in a relationship. */
int dfod_state_scope_del(struct dfod_state *st, uint32_t addr);
/* Replace the properties; NULL strings keep the old value. */
int dfod_state_scope_props(struct dfod_state *st, struct dfod_scope *s, const char *name,
			   const char *comment, bool enabled, uint32_t lease);

/* Elements; these do not change anything the datapath sees. */
int dfod_scope_range_find(const struct dfod_scope *s, uint32_t start, uint32_t end);
/* Index of a range overlapping [start, end], or -1. */
int dfod_scope_range_overlap(const struct dfod_scope *s, uint32_t start, uint32_t end);
int dfod_scope_range_add(struct dfod_scope *s, const struct dfod_range *r);
int dfod_scope_range_del(struct dfod_scope *s, uint32_t start, uint32_t end);
int dfod_scope_range_set_type(struct dfod_scope *s, uint32_t start, uint32_t end, uint8_t type);
bool dfod_scope_has_bootp_only(const struct dfod_scope *s);
int dfod_scope_excl_find(const struct dfod_scope *s, uint32_t start, uint32_t end);
int dfod_scope_excl_overlap(const struct dfod_scope *s, uint32_t start, uint32_t end);
int dfod_scope_excl_add(struct dfod_scope *s, const struct dfod_excl *e);
int dfod_scope_excl_del(struct dfod_scope *s, uint32_t start, uint32_t end);
/* Whether @addr lies in an exclusion range. */
bool dfod_scope_excluded(const struct dfod_scope *s, uint32_t addr);
int dfod_scope_resv_find(const struct dfod_scope *s, uint32_t addr);
int dfod_scope_resv_find_hw(const struct dfod_scope *s, const uint8_t *hw, uint8_t hwlen);
/* Takes a copy of @r->name. */
int dfod_scope_resv_add(struct dfod_scope *s, const struct dfod_resv *r);
int dfod_scope_resv_del(struct dfod_scope *s, uint32_t addr);
int dfod_scope_opt_find(const struct dfod_scope *s, uint8_t code);
/* Set or replace; takes a reference on @values. */
int dfod_scope_opt_set(struct dfod_scope *s, uint8_t code, uint8_t type, json_object *values);
int dfod_scope_opt_del(struct dfod_scope *s, uint8_t code);

/*
 * Relationships. _add takes ownership of @r (with its scopes array): the
 * name and id must be unused and every scope must exist and be in none.
 */
int dfod_state_rel_add(struct dfod_state *st, struct dfod_rel *r);
/* Removes the relationship; its scopes leave it first. */
int dfod_state_rel_del(struct dfod_state *st, const char *name);
/*
 * Copy the scalar fields of @nv into @r (not id, name or scopes); the
 * strings of @nv are duplicated. Hooks see the new value.
 */
int dfod_state_rel_update(struct dfod_state *st, struct dfod_rel *r, const struct dfod_rel *nv);
/* Scopes join/leave @r; all-or-nothing (-ENOENT, -EBUSY, -EEXIST). */
int dfod_state_rel_scopes_add(struct dfod_state *st, struct dfod_rel *r, const uint32_t *addrs,
			      uint32_t n);
int dfod_state_rel_scopes_del(struct dfod_state *st, struct dfod_rel *r, const uint32_t *addrs,
			      uint32_t n);

#endif
