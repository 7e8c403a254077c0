// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Operations on both failover partners, as the DhcpServer cmdlets do them
 * (Add-/Set-/Remove-DhcpServerv4Failover, Add-/Remove-DhcpServerv4FailoverScope):
 * check both sides, change one, then the other, and when the second step
 * fails undo the first, so that a relationship is never left half made
 * without the caller being told exactly what is left.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* What was undone after a partner's failure, for the message. */
struct undo {
	char text[768];
	bool failed;
};

static void undo_note(struct undo *u, uint32_t st, const char *what)
{
	size_t n = strlen(u->text);

	if (st)
		u->failed = true;
	snprintf(u->text + n, sizeof(u->text) - n, "%s%s%s%s", n ? "; " : "", what,
		 st ? " FAILED: " : "", st ? dhcpfo_strerror_last() : "");
}

/* A step that cannot be undone at all, with the reason, for the message. */
static void undo_impossible(struct undo *u, const char *what)
{
	size_t n = strlen(u->text);

	u->failed = true;
	snprintf(u->text + n, sizeof(u->text) - n, "%s%s", n ? "; " : "", what);
}

/*
 * The error of the side that failed (@msg, saved before the undo steps
 * replaced the thread's message), then what happened to the other side's
 * change.
 */
static uint32_t side_failed(enum dhcpfo_side *failed, enum dhcpfo_side side, uint32_t st,
			    const char *msg, const struct undo *u)
{
	*failed = side;
	if (!u->text[0])
		return dfoc_fail(st, "%s (nothing was changed on either server)", msg);
	return dfoc_fail(st, "%s -- %s %s", msg, u->failed ? "NOT everything could be undone, "
			 "fix by hand:" : "undone:", u->text);
}

static uint32_t partner_failed(enum dhcpfo_side *failed, uint32_t st, const char *msg,
			       const struct undo *u)
{
	return side_failed(failed, DHCPFO_SIDE_PARTNER, st, msg, u);
}

static uint32_t this_failed(struct dhcpfo_client *c, enum dhcpfo_side *failed, uint32_t st)
{
	*failed = DHCPFO_SIDE_THIS;
	return dfoc_prefix_fail(st, "this server (%s)", c->where);
}

static uint32_t partner_of(const struct dhcpfo_relationship *rel)
{
	return rel->server_type == DHCPFO_SERVER_PRIMARY ? rel->secondary_server :
							   rel->primary_server;
}

static uint32_t check_args(struct dhcpfo_client *c, const void *what, const char *name,
			   enum dhcpfo_side *failed)
{
	if (!c)
		return dfoc_inval("client is NULL");
	if (!failed)
		return dfoc_inval("failed (out) is NULL");
	*failed = DHCPFO_SIDE_NONE;
	if (!what)
		return dfoc_inval("%s is NULL", name);
	return 0;
}

/* The partner of relationship @name as this server has it, opened. */
static uint32_t open_partner_of(struct dhcpfo_client *c, const char *name,
				struct dhcpfo_client **pc, enum dhcpfo_side *failed)
{
	struct dhcpfo_relationship *rel;
	uint32_t st = dhcpfo_failover_get(c, name, &rel);

	if (st)
		return this_failed(c, failed, st);
	st = dhcpfo_client__open_partner(c, partner_of(rel), pc);
	dhcpfo_free(rel);
	if (st) {
		*failed = DHCPFO_SIDE_PARTNER;
		return dfoc_prefix_fail(st, "nothing was changed");
	}
	return 0;
}

/* The partner's copy of relationship @name (set: the values to put back). */
static uint32_t partner_rel(struct dhcpfo_client *pc, const char *name,
			    struct dhcpfo_relationship **rel)
{
	uint32_t st = dhcpfo_failover_get(pc, name, rel);

	if (st == DHCPFO_ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST)
		return dfoc_fail(st, "partner %s: relationship '%s' does not exist there (change it "
				 "on this server alone with the single-server call, dhcpfo ... "
				 "--local-only)", pc->where, name);
	return st ? dfoc_prefix_fail(st, "partner %s", pc->where) : 0;
}

/* The relationship must be on the partner too (delete, scope add/remove). */
static uint32_t partner_has_rel(struct dhcpfo_client *pc, const char *name)
{
	struct dhcpfo_relationship *rel;
	uint32_t st = partner_rel(pc, name, &rel);

	dhcpfo_free(rel);
	return st;
}

/* None of @scopes may exist on the partner: the copies are created there. */
static uint32_t partner_lacks_scopes(struct dhcpfo_client *pc, const uint32_t *scopes, uint32_t n)
{
	struct dhcpfo_scope *s;
	uint32_t i, st;
	char a[16];

	for (i = 0; i < n; i++) {
		st = dhcpfo_scope_get(pc, scopes[i], &s);
		dhcpfo_free(s);
		dfoc_ip_str(scopes[i], a);
		if (!st)
			return dfoc_fail(DHCPFO_ERROR_DHCP_SUBNET_EXISTS, "partner %s: it has scope %s "
					 "already; the scopes are copied from this server and must "
					 "not exist on the partner", pc->where, a);
		if (st != DHCPFO_ERROR_DHCP_SUBNET_NOT_PRESENT)
			return dfoc_prefix_fail(st, "partner %s", pc->where);
	}
	return 0;
}

/* This server's configuration of each scope (scope.export), to copy. */
static uint32_t export_all(struct dhcpfo_client *c, const uint32_t *scopes, uint32_t n,
			   json_object ***replies, json_object ***exports)
{
	const char *digest;
	uint32_t i, st = 0;

	*replies = calloc(n ? n : 1, sizeof(**replies));
	*exports = calloc(n ? n : 1, sizeof(**exports));
	if (!*replies || !*exports)
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	for (i = 0; !st && i < n; i++)
		st = dfoc_export(c, scopes[i], &(*replies)[i], &(*exports)[i], &digest);
	return st;
}

static void exports_free(json_object **replies, json_object **exports, uint32_t n)
{
	uint32_t i;

	for (i = 0; replies && i < n; i++)
		json_object_put(replies[i]);
	free(replies);
	free(exports);
}

/* scope.replace with create: a full copy of a scope on the partner. */
static uint32_t copy_scope(struct dhcpfo_client *pc, json_object *exported)
{
	json_object *args = json_object_new_object(), *o = json_object_get(exported);
	uint32_t st;

	if (!args || !dfoc_add(args, "scope", o) || !dfoc_add(args, "create",
							       json_object_new_boolean(true))) {
		json_object_put(args);
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	}
	/* the exported "relationship" member is this server's membership: not sent */
	json_object_object_del(o, "relationship");
	st = dfoc_call_noresult(pc, "scope.replace", args);
	return st ? dfoc_prefix_fail(st, "partner %s", pc->where) : 0;
}

/* Create the copies; *@made counts those that exist on the partner now. */
static uint32_t copy_scopes(struct dhcpfo_client *pc, json_object **exports, uint32_t n,
			    uint32_t *made)
{
	uint32_t st = 0;

	for (*made = 0; !st && *made < n; (*made)++)
		st = copy_scope(pc, exports[*made]);
	if (st)
		(*made)--;
	return st;
}

/* Undo copy_scopes: delete the copies made on the partner. */
static void uncopy_scopes(struct dhcpfo_client *pc, const uint32_t *scopes, uint32_t made,
			  struct undo *u)
{
	char what[96], a[16];
	uint32_t i;

	for (i = 0; i < made; i++) {
		dfoc_ip_str(scopes[i], a);
		snprintf(what, sizeof(what), "scope %s deleted on the partner", a);
		undo_note(u, dhcpfo_scope_delete(pc, scopes[i], true), what);
	}
}

/* ---- Add-DhcpServerv4Failover ------------------------------------------------- */

uint32_t dhcpfo_failover_create_both(struct dhcpfo_client *c,
				     const struct dhcpfo_relationship *rel,
				     enum dhcpfo_side *failed)
{
	json_object **replies = NULL, **exports = NULL;
	struct dhcpfo_relationship flip;
	struct dhcpfo_client *pc = NULL;
	struct undo u = { .text = "" };
	uint32_t st, made = 0;
	char what[160], perr[1024];

	st = check_args(c, rel, "rel", failed);
	if (st)
		return st;
	if (!rel->name)
		return dfoc_inval("rel->name is NULL");
	/* an unreachable partner is found before anything changes */
	st = dhcpfo_client__open_partner(c, partner_of(rel), &pc);
	if (st) {
		*failed = DHCPFO_SIDE_PARTNER;
		return dfoc_prefix_fail(st, "nothing was changed");
	}
	st = dhcpfo_failover_create(c, rel);
	if (st) {
		st = this_failed(c, failed, st);
		goto out;
	}
	st = export_all(c, rel->scopes, rel->n_scopes, &replies, &exports);
	if (st) {
		st = this_failed(c, failed, st);
		undo_note(&u, dhcpfo_failover_delete(c, rel->name), "relationship deleted here");
		goto out;
	}
	flip = *rel;
	flip.server_type = rel->server_type == DHCPFO_SERVER_PRIMARY ? DHCPFO_SERVER_SECONDARY :
								      DHCPFO_SERVER_PRIMARY;
	st = partner_has_rel(pc, rel->name);
	if (!st)
		st = dfoc_fail(DHCPFO_ERROR_DHCP_FO_RELATIONSHIP_EXISTS, "partner %s: relationship "
			       "'%s' exists there already", pc->where, rel->name);
	else if (st == DHCPFO_ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST)
		st = 0;
	if (!st)
		st = partner_lacks_scopes(pc, rel->scopes, rel->n_scopes);
	if (!st)
		st = copy_scopes(pc, exports, rel->n_scopes, &made);
	if (!st) {
		st = dhcpfo_failover_create(pc, &flip);
		if (st)
			st = dfoc_prefix_fail(st, "partner %s", pc->where);
	}
	if (st) {
		snprintf(perr, sizeof(perr), "%s", dhcpfo_strerror_last());
		uncopy_scopes(pc, rel->scopes, made, &u);
		snprintf(what, sizeof(what), "relationship '%s' deleted on this server", rel->name);
		undo_note(&u, dhcpfo_failover_delete(c, rel->name), what);
		st = partner_failed(failed, st, perr, &u);
	}
out:
	exports_free(replies, exports, rel->n_scopes);
	dhcpfo_client__close(pc);
	if (!st)
		dfoc_ok();
	return st;
}

/* ---- Set-DhcpServerv4Failover ------------------------------------------------------ */

/*
 * Put the partner's copy back as it was (@old) for the shared members
 * @flags changed. A secret never leaves its agent, so only "no secret" can
 * be put back; a replaced secret is reported as left to fix by hand.
 */
static void unset_partner(struct dhcpfo_client *pc, uint32_t flags,
			  const struct dhcpfo_relationship *old, struct undo *u)
{
	struct dhcpfo_relationship back = *old;
	bool secret_lost = (flags & DHCPFO_FO_SET_SHARED_SECRET) && old->shared_secret_set;

	back.shared_secret = NULL;	/* with SHAREDSECRET: none, as it was */
	if (secret_lost)
		flags &= ~DHCPFO_FO_SET_SHARED_SECRET;
	if (flags)
		undo_note(u, dhcpfo_failover_set(pc, flags, &back),
			  "the partner's settings put back");
	if (secret_lost)
		undo_impossible(u, "the partner keeps the new shared secret (a secret is never "
				"read back): set the secret again on both servers");
}

uint32_t dhcpfo_failover_set_both(struct dhcpfo_client *c, uint32_t flags,
				  const struct dhcpfo_relationship *rel,
				  enum dhcpfo_side *failed)
{
	struct dhcpfo_relationship *old = NULL;
	uint32_t st, shared = flags & DHCPFO_FO_SET_SHARED;
	struct dhcpfo_client *pc = NULL;
	struct undo u = { .text = "" };
	char msg[1024];

	st = check_args(c, rel, "rel", failed);
	if (st)
		return st;
	if (!rel->name)
		return dfoc_inval("rel->name is NULL");
	/* refused here: the agent would refuse it only after the partner's step */
	if (!flags || (flags & ~(DHCPFO_FO_SET_SHARED | DHCPFO_FO_SET_LOCAL)))
		return dfoc_inval("flags 0x%x: a non-zero combination of the DHCPFO_FO_SET_* "
				  "flags is needed", flags);
	/*
	 * The state is this server's own (-PartnerDown moves this server
	 * alone): no shared member, no partner -- which is then often down.
	 */
	if (!shared) {
		st = dhcpfo_failover_set(c, flags, rel);
		return st ? this_failed(c, failed, st) : 0;
	}
	st = open_partner_of(c, rel->name, &pc, failed);
	if (st)
		return st;
	/*
	 * The partner first: this server's step then carries the state flags,
	 * and a state change cannot be undone exactly (its entry time restarts).
	 */
	st = partner_rel(pc, rel->name, &old);
	if (!st && (st = dhcpfo_failover_set(pc, shared, rel)))
		st = dfoc_prefix_fail(st, "partner %s", pc->where);
	if (st) {
		snprintf(msg, sizeof(msg), "%s", dhcpfo_strerror_last());
		st = partner_failed(failed, st, msg, &u);
		goto out;
	}
	st = dhcpfo_failover_set(c, flags, rel);
	if (st) {
		st = dfoc_prefix_fail(st, "this server (%s)", c->where);
		snprintf(msg, sizeof(msg), "%s", dhcpfo_strerror_last());
		unset_partner(pc, shared, old, &u);
		st = side_failed(failed, DHCPFO_SIDE_THIS, st, msg, &u);
	}
out:
	dhcpfo_free(old);
	dhcpfo_client__close(pc);
	if (!st)
		dfoc_ok();
	return st;
}

/* ---- Remove-DhcpServerv4Failover ------------------------------------------------ */

uint32_t dhcpfo_failover_delete_both(struct dhcpfo_client *c, const char *name,
				     enum dhcpfo_side *failed)
{
	struct dhcpfo_client *pc = NULL;
	struct undo u = { .text = "" };
	json_object *a;
	uint32_t st;
	char what[160], perr[1024];

	st = check_args(c, name, "name", failed);
	if (st)
		return st;
	if (!dfoc_utf8_valid(name))
		return dfoc_inval("relationship name is not valid UTF-8");
	st = open_partner_of(c, name, &pc, failed);
	if (st)
		return st;
	st = partner_has_rel(pc, name);
	if (st) {
		snprintf(perr, sizeof(perr), "%s", dhcpfo_strerror_last());
		st = partner_failed(failed, st, perr, &u);
		goto out;
	}
	/* kept by the agent, secret included, so that it can be put back exactly */
	a = dfoc_args1("name", json_object_new_string(name));
	st = dfoc_call_noresult(c, "failover.delete_keep", a);
	if (st) {
		st = this_failed(c, failed, st);
		goto out;
	}
	st = dhcpfo_failover_delete(pc, name);
	if (st) {
		st = dfoc_prefix_fail(st, "partner %s", pc->where);
		snprintf(perr, sizeof(perr), "%s", dhcpfo_strerror_last());
		snprintf(what, sizeof(what), "relationship '%s' restored on this server", name);
		a = dfoc_args1("name", json_object_new_string(name));
		undo_note(&u, dfoc_call_noresult(c, "failover.restore", a), what);
		st = partner_failed(failed, st, perr, &u);
	}
out:
	dhcpfo_client__close(pc);
	if (!st)
		dfoc_ok();
	return st;
}

/* ---- Add-DhcpServerv4FailoverScope ------------------------------------------------ */

uint32_t dhcpfo_failover_scope_add_both(struct dhcpfo_client *c, const char *name,
					const uint32_t *scopes, uint32_t n_scopes,
					enum dhcpfo_side *failed)
{
	json_object **replies = NULL, **exports = NULL;
	struct dhcpfo_client *pc = NULL;
	struct undo u = { .text = "" };
	uint32_t st, made = 0;
	char perr[1024];

	st = check_args(c, name, "name", failed);
	if (st)
		return st;
	if (!scopes || !n_scopes)
		return dfoc_inval("no scopes given");
	st = open_partner_of(c, name, &pc, failed);
	if (st)
		return st;
	st = partner_has_rel(pc, name);
	if (!st)
		st = partner_lacks_scopes(pc, scopes, n_scopes);
	if (st) {
		snprintf(perr, sizeof(perr), "%s", dhcpfo_strerror_last());
		st = partner_failed(failed, st, perr, &u);
		goto out;
	}
	st = dhcpfo_failover_scope_add(c, name, scopes, n_scopes);
	if (st) {
		st = this_failed(c, failed, st);
		goto out;
	}
	st = export_all(c, scopes, n_scopes, &replies, &exports);
	if (st) {
		st = this_failed(c, failed, st);
		undo_note(&u, dhcpfo_failover_scope_delete(c, name, scopes, n_scopes),
			  "scopes taken out of the relationship here");
		goto out;
	}
	st = copy_scopes(pc, exports, n_scopes, &made);
	if (!st) {
		st = dhcpfo_failover_scope_add(pc, name, scopes, n_scopes);
		if (st)
			st = dfoc_prefix_fail(st, "partner %s", pc->where);
	}
	if (st) {
		snprintf(perr, sizeof(perr), "%s", dhcpfo_strerror_last());
		uncopy_scopes(pc, scopes, made, &u);
		undo_note(&u, dhcpfo_failover_scope_delete(c, name, scopes, n_scopes),
			  "scopes taken out of the relationship on this server");
		st = partner_failed(failed, st, perr, &u);
	}
out:
	exports_free(replies, exports, n_scopes);
	dhcpfo_client__close(pc);
	if (!st)
		dfoc_ok();
	return st;
}

/* ---- Remove-DhcpServerv4FailoverScope ------------------------------------------------ */

/* Each scope must be in the relationship on the partner too. */
static uint32_t partner_has_scopes(struct dhcpfo_client *pc, const char *name,
				   const uint32_t *scopes, uint32_t n)
{
	struct dhcpfo_relationship *rel;
	uint32_t i, st;
	char a[16];

	for (i = 0; i < n; i++) {
		dfoc_ip_str(scopes[i], a);
		st = dhcpfo_failover_scope_get(pc, scopes[i], &rel);
		if (!st && strcmp(rel->name, name))
			st = dfoc_fail(DHCPFO_ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP, "scope %s is in "
				       "relationship '%s' there", a, rel->name);
		dhcpfo_free(rel);
		if (st)
			return dfoc_prefix_fail(st, "partner %s", pc->where);
	}
	return 0;
}

/* Put back the partner's scopes deleted so far, and their membership. */
static void unremove_partner(struct dhcpfo_client *pc, const char *name, const uint32_t *scopes,
			     uint32_t n, uint32_t deleted, json_object **exports, struct undo *u)
{
	char what[96], a[16];
	uint32_t i;

	for (i = 0; i < deleted; i++) {
		dfoc_ip_str(scopes[i], a);
		snprintf(what, sizeof(what), "scope %s re-created on the partner", a);
		undo_note(u, copy_scope(pc, exports[i]), what);
	}
	undo_note(u, dhcpfo_failover_scope_add(pc, name, scopes, n),
		  "scopes put back into the relationship on the partner");
}

uint32_t dhcpfo_failover_scope_delete_both(struct dhcpfo_client *c, const char *name,
					   const uint32_t *scopes, uint32_t n_scopes,
					   enum dhcpfo_side *failed)
{
	json_object **replies = NULL, **exports = NULL;
	struct dhcpfo_client *pc = NULL;
	struct undo u = { .text = "" };
	uint32_t st, i = 0;
	char a[16], perr[1024];

	st = check_args(c, name, "name", failed);
	if (st)
		return st;
	if (!scopes || !n_scopes)
		return dfoc_inval("no scopes given");
	st = open_partner_of(c, name, &pc, failed);
	if (st)
		return st;
	st = partner_has_rel(pc, name);
	if (!st)
		st = partner_has_scopes(pc, name, scopes, n_scopes);
	/* the partner's copies, to re-create them should a later step fail */
	if (!st && (st = export_all(pc, scopes, n_scopes, &replies, &exports)))
		st = dfoc_prefix_fail(st, "partner %s", pc->where);
	if (st) {
		snprintf(perr, sizeof(perr), "%s", dhcpfo_strerror_last());
		st = partner_failed(failed, st, perr, &u);
		goto out;
	}
	st = dhcpfo_failover_scope_delete(c, name, scopes, n_scopes);
	if (st) {
		st = this_failed(c, failed, st);
		goto out;
	}
	st = dhcpfo_failover_scope_delete(pc, name, scopes, n_scopes);
	if (st) {
		st = dfoc_prefix_fail(st, "partner %s", pc->where);
		snprintf(perr, sizeof(perr), "%s", dhcpfo_strerror_last());
	} else {
		for (i = 0; !st && i < n_scopes; i++)
			st = dhcpfo_scope_delete(pc, scopes[i], true);
		if (st) {
			i--;
			dfoc_ip_str(scopes[i], a);
			st = dfoc_prefix_fail(st, "partner %s: deleting scope %s", pc->where, a);
			snprintf(perr, sizeof(perr), "%s", dhcpfo_strerror_last());
			unremove_partner(pc, name, scopes, n_scopes, i, exports, &u);
		}
	}
	if (st) {
		undo_note(&u, dhcpfo_failover_scope_add(c, name, scopes, n_scopes),
			  "scopes put back into the relationship on this server");
		st = partner_failed(failed, st, perr, &u);
	}
out:
	exports_free(replies, exports, n_scopes);
	dhcpfo_client__close(pc);
	if (!st)
		dfoc_ok();
	return st;
}
