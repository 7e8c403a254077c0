// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <string.h>

#include "policy.h"
#include "rfc3074.h"

unsigned int dfo_hba__primary_buckets(unsigned int pct)
{
	if (pct > 100)
		pct = 100;
	return (256 * pct + 50) / 100;
}

int dfo_hba__from_percentage(__u8 hba[DFO_HBA_BYTES], unsigned int pct, enum dfo_role role)
{
	unsigned int n, b;

	if (pct > 100 || (role != DFO_ROLE_PRIMARY && role != DFO_ROLE_SECONDARY))
		return -EINVAL;
	n = dfo_hba__primary_buckets(pct);
	memset(hba, 0, DFO_HBA_BYTES);
	for (b = 0; b < 256; b++) {
		bool primary_owns = b < n;

		if (primary_owns == (role == DFO_ROLE_PRIMARY))
			hba[b >> 3] |= 1u << (b & 7);
	}
	return 0;
}

unsigned int dfo_hba__count(const __u8 hba[DFO_HBA_BYTES])
{
	unsigned int i, n = 0;

	for (i = 0; i < DFO_HBA_BYTES; i++)
		n += __builtin_popcount(hba[i]);
	return n;
}

bool dfo_policy__state_responds(enum dfo_fsm_state state)
{
	return state == DFO_FSM_NORMAL || state == DFO_FSM_COMMUNICATION_INT ||
	       state == DFO_FSM_PARTNER_DOWN;
}

static void table_fill(__u8 *action, enum dfo_action act)
{
	unsigned int c;

	for (c = 0; c < DFO_CLASS_MAX; c++)
		action[c] = act;
}

int dfo_policy__compile(const struct dfo_policy *p, struct dfo_rel *out)
{
	int err;

	if (p->mode != DFO_MODE_LOAD_BALANCE && p->mode != DFO_MODE_HOT_STANDBY)
		return -EINVAL;
	if (p->role != DFO_ROLE_PRIMARY && p->role != DFO_ROLE_SECONDARY)
		return -EINVAL;
	if ((unsigned int)p->state >= DFO_FSM_MAX || p->percentage > 100)
		return -EINVAL;
	if (p->key_mode != DFO_KEY_CLIENT_ID && p->key_mode != DFO_KEY_CHADDR)
		return -EINVAL;

	memset(out, 0, sizeof(*out));
	out->server_id_be = p->server_id_be;
	out->key_mode = p->key_mode;
	out->state = p->state;
	out->mode = p->mode;
	out->role = p->role;

	/* Buckets: load balance splits; hot standby gives all to the active. */
	if (p->mode == DFO_MODE_LOAD_BALANCE) {
		err = dfo_hba__from_percentage(out->hba, p->percentage, p->role);
		if (err)
			return err;
		out->lb_max_secs = p->lb_max_secs;
	} else if (p->role == DFO_ROLE_PRIMARY) {
		memset(out->hba, 0xff, sizeof(out->hba));
	}

	switch (p->state) {
	case DFO_FSM_NORMAL:
		out->action[DFO_CLASS_DISCOVER] = DFO_ACT_HASH;
		out->action[DFO_CLASS_REQ_SELECTING] = DFO_ACT_BY_SERVER_ID;
		out->action[DFO_CLASS_REQ_INIT_REBOOT] = DFO_ACT_HASH;
		out->action[DFO_CLASS_REQ_RENEW] = DFO_ACT_PASS;
		out->action[DFO_CLASS_REQ_REBIND] = DFO_ACT_PASS;
		out->action[DFO_CLASS_RELEASE] = DFO_ACT_PASS;
		out->action[DFO_CLASS_DECLINE] = DFO_ACT_PASS;
		out->action[DFO_CLASS_INFORM] = DFO_ACT_HASH;
		out->action[DFO_CLASS_BOOTP] = DFO_ACT_HASH;
		break;
	case DFO_FSM_COMMUNICATION_INT:
	case DFO_FSM_PARTNER_DOWN:
		/* The partner may be gone: answer everyone. */
		table_fill(out->action, DFO_ACT_PASS);
		break;
	default:
		/*
		 * Not responding (STARTUP, RECOVER*, POTENTIAL_CONFLICT, ...,
		 * and NO_STATE/INIT before failover starts): only a renewal
		 * unicast to us is ours to answer.
		 */
		table_fill(out->action, DFO_ACT_DROP);
		out->action[DFO_CLASS_REQ_RENEW] = DFO_ACT_PASS;
		break;
	}
	return 0;
}

bool dfo_rel__answers(const struct dfo_rel *rel, enum dfo_class cls, __u8 bucket,
		      __u16 secs, __u32 server_id_be)
{
	if ((unsigned int)cls >= DFO_CLASS_MAX)
		return true;
	switch (rel->action[cls]) {
	case DFO_ACT_DROP:
		return false;
	case DFO_ACT_BY_SERVER_ID:
		return server_id_be == rel->server_id_be;
	case DFO_ACT_HASH:
		if (dfo_hba_test(rel->hba, bucket))
			return true;
		return rel->lb_max_secs && secs > rel->lb_max_secs;
	default:
		return true;	/* PASS, or an action we do not know */
	}
}

static const char *const state_names[DFO_FSM_MAX] = {
	"NO_STATE", "INIT", "STARTUP", "NORMAL", "COMMUNICATION_INT", "PARTNER_DOWN",
	"POTENTIAL_CONFLICT", "CONFLICT_DONE", "RESOLUTION_INT", "RECOVER",
	"RECOVER_WAIT", "RECOVER_DONE", "PAUSED", "SHUTDOWN",
};

const char *dfo_fsm_state__name(enum dfo_fsm_state state)
{
	return (unsigned int)state < DFO_FSM_MAX ? state_names[state] : "UNKNOWN";
}

static const char *const class_names[DFO_CLASS_MAX] = {
	"DISCOVER", "REQUEST_SELECTING", "REQUEST_INIT_REBOOT", "REQUEST_RENEW",
	"REQUEST_REBIND", "RELEASE", "DECLINE", "INFORM", "BOOTP",
};

const char *dfo_class__name(enum dfo_class cls)
{
	return (unsigned int)cls < DFO_CLASS_MAX ? class_names[cls] : "OTHER";
}

static const char *const action_names[DFO_ACT_MAX] = {
	"PASS", "DROP", "HASH", "BY_SERVER_ID",
};

const char *dfo_action__name(enum dfo_action act)
{
	return (unsigned int)act < DFO_ACT_MAX ? action_names[act] : "UNKNOWN";
}
