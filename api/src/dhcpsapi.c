// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The dhcpsapi.h failover functions, over the native API. Each call opens a
 * connection to the agent and closes it, as the Windows functions carry no
 * handle. NULL pointers and strings that cannot be encoded are refused here,
 * before anything is sent; every other check is the agent's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "dhcpsapi.h"

/* ---- shared with dhcpsapi_scope.c ----------------------------------------- */

uint32_t dfoc_win_str(const wchar_t *ws, const char *what, char **out)
{
	int err = dfoc_wcs_to_utf8(ws, out);

	if (err == -ENOMEM)
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	if (err)
		return dfoc_inval("%s holds a value that is not a Unicode character", what);
	return 0;
}

uint32_t dfoc_win_open(const wchar_t *server, struct dhcpfo_client **c)
{
	char *s;
	uint32_t st;

	st = dfoc_win_str(server, "ServerIpAddress", &s);
	if (st)
		return st;
	st = dhcpfo_client__open(s, NULL, c);
	free(s);
	return st;
}

VOID DHCP_API_FUNCTION DhcpRpcFreeMemory(PVOID BufferPointer)
{
	dhcpfo_free(BufferPointer);
}

/* ---- DHCP_FAILOVER_RELATIONSHIP <-> struct dhcpfo_relationship ------------ */

/* Owns the UTF-8 copies made for one native relationship. */
struct wrel_in {
	struct dhcpfo_relationship rel;
	char *name, *pname, *sname, *secret;
};

static void wrel_in_free(struct wrel_in *in)
{
	free(in->name);
	free(in->pname);
	free(in->sname);
	free(in->secret);
}

static uint32_t wrel_in(const DHCP_FAILOVER_RELATIONSHIP *w, struct wrel_in *in)
{
	struct dhcpfo_relationship *r = &in->rel;
	uint32_t st;

	memset(in, 0, sizeof(*in));
	if ((st = dfoc_win_str(w->RelationshipName, "RelationshipName", &in->name)) ||
	    (st = dfoc_win_str(w->PrimaryServerName, "PrimaryServerName", &in->pname)) ||
	    (st = dfoc_win_str(w->SecondaryServerName, "SecondaryServerName", &in->sname)) ||
	    (st = dfoc_win_str(w->SharedSecret, "SharedSecret", &in->secret))) {
		wrel_in_free(in);
		return st;
	}
	if (w->pScopes && w->pScopes->NumElements && !w->pScopes->Elements) {
		wrel_in_free(in);
		return dfoc_inval("pScopes->Elements is NULL but NumElements is %u",
				  w->pScopes->NumElements);
	}
	r->name = in->name;
	r->primary_server = w->PrimaryServer;
	r->secondary_server = w->SecondaryServer;
	r->mode = (enum dhcpfo_mode)w->Mode;
	r->server_type = (enum dhcpfo_server_type)w->ServerType;
	r->state = (enum dhcpfo_fsm_state)w->State;
	r->prev_state = (enum dhcpfo_fsm_state)w->PrevState;
	r->mclt = w->Mclt;
	r->safe_period = w->SafePeriod;
	r->primary_server_name = in->pname;
	r->secondary_server_name = in->sname;
	/* a NULL pScopes goes out as no scopes: the agent refuses it in its order */
	r->scopes = w->pScopes ? w->pScopes->Elements : NULL;
	r->n_scopes = w->pScopes ? w->pScopes->NumElements : 0;
	r->percentage = w->Percentage;
	r->shared_secret = in->secret;
	return 0;
}

static int wrel_place(struct dfoc_blk *b, const struct dhcpfo_relationship *r,
		      DHCP_FAILOVER_RELATIONSHIP *w)
{
	DHCP_IP_ARRAY *scopes;

	memset(w, 0, sizeof(*w));
	w->PrimaryServer = r->primary_server;
	w->SecondaryServer = r->secondary_server;
	w->Mode = (DHCP_FAILOVER_MODE)r->mode;
	w->ServerType = (DHCP_FAILOVER_SERVER)r->server_type;
	w->State = (FSM_STATE)r->state;
	w->PrevState = (FSM_STATE)r->prev_state;
	w->Mclt = r->mclt;
	w->SafePeriod = r->safe_period;
	w->RelationshipName = dfoc_blk_wstr(b, r->name, "name");
	w->PrimaryServerName = dfoc_blk_wstr(b, r->primary_server_name, "primary_server_name");
	w->SecondaryServerName = dfoc_blk_wstr(b, r->secondary_server_name, "secondary_server_name");
	scopes = dfoc_blk_take(b, sizeof(*scopes), _Alignof(DHCP_IP_ARRAY));
	if (scopes) {
		scopes->NumElements = r->n_scopes;
		scopes->Elements = NULL;
	}
	if (r->n_scopes) {
		DHCP_IP_ADDRESS *e = dfoc_blk_mem(b, r->scopes, r->n_scopes * sizeof(*e),
						  _Alignof(DHCP_IP_ADDRESS));
		if (scopes)
			scopes->Elements = e;
	}
	w->pScopes = scopes;
	if (r->percentage > 100)
		b->bad = b->bad ? b->bad : "percentage";
	w->Percentage = (BYTE)r->percentage;
	w->SharedSecret = NULL;
	return 0;
}

static int wrel_root_place(struct dfoc_blk *b, const void *src, void *root)
{
	return wrel_place(b, src, root);
}

static int wrels_place(struct dfoc_blk *b, const void *src, void *root)
{
	const struct dhcpfo_relationship_array *a = src;
	DHCP_FAILOVER_RELATIONSHIP_ARRAY *w = root;
	DHCP_FAILOVER_RELATIONSHIP scratch, *items = NULL;
	uint32_t i;

	if (a->n)
		items = dfoc_blk_take(b, a->n * sizeof(*items), _Alignof(DHCP_FAILOVER_RELATIONSHIP));
	for (i = 0; i < a->n; i++)
		wrel_place(b, &a->items[i], items ? &items[i] : &scratch);
	w->NumElements = a->n;
	w->pRelationships = items;
	return 0;
}

/* Native relationship -> one-block Windows one; frees @r. */
static uint32_t wrel_out(struct dhcpfo_relationship *r, LPDHCP_FAILOVER_RELATIONSHIP *out)
{
	uint32_t st;

	*out = DFOC_BUILD(DHCP_FAILOVER_RELATIONSHIP, wrel_root_place, r, "relationship", &st);
	dhcpfo_relationship__free(r);
	return st;
}

/* ---- the failover functions ------------------------------------------------- */

/* Create and Set share the conversion; @set: flags apply. */
static DWORD rel_write(LPWSTR server, LPDHCP_FAILOVER_RELATIONSHIP w, bool set, DWORD flags)
{
	struct dhcpfo_client *c;
	struct wrel_in in;
	uint32_t st;

	if (!w)
		return dfoc_inval("pRelationship is NULL");
	if (!w->RelationshipName)
		return dfoc_inval("pRelationship->RelationshipName is NULL");
	if (set && (flags & ~0x7fu))
		return dfoc_inval("flags 0x%x are not DhcpV4FailoverSetRelationship flags",
				  flags & ~0x7fu);
	st = wrel_in(w, &in);
	if (st)
		return st;
	st = dfoc_win_open(server, &c);
	if (!st) {
		st = set ? dhcpfo_failover_set(c, flags, &in.rel) : dfoc_failover_create_win(c, &in.rel);
		dhcpfo_client__close(c);
	}
	wrel_in_free(&in);
	return st;
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverCreateRelationship(LPWSTR ServerIpAddress,
							 LPDHCP_FAILOVER_RELATIONSHIP pRelationship)
{
	return rel_write(ServerIpAddress, pRelationship, false, 0);
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverSetRelationship(LPWSTR ServerIpAddress, DWORD Flags,
						      LPDHCP_FAILOVER_RELATIONSHIP pRelationship)
{
	return rel_write(ServerIpAddress, pRelationship, true, Flags);
}

/* Delete, TriggerAddrAllocation: a relationship name only. */
static DWORD name_call(LPWSTR server, LPWSTR wname, const char *what,
		       uint32_t (*fn)(struct dhcpfo_client *, const char *))
{
	struct dhcpfo_client *c;
	char *name;
	uint32_t st;

	if (!wname)
		return dfoc_inval("%s is NULL", what);
	st = dfoc_win_str(wname, what, &name);
	if (st)
		return st;
	st = dfoc_win_open(server, &c);
	if (!st) {
		st = fn(c, name);
		dhcpfo_client__close(c);
	}
	free(name);
	return st;
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverDeleteRelationship(LPWSTR ServerIpAddress,
							 LPWSTR pRelationshipName)
{
	return name_call(ServerIpAddress, pRelationshipName, "pRelationshipName",
			 dhcpfo_failover_delete);
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverTriggerAddrAllocation(LPWSTR ServerIpAddress,
							    LPWSTR pFailRelName)
{
	return name_call(ServerIpAddress, pFailRelName, "pFailRelName",
			 dhcpfo_failover_trigger_alloc);
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverGetRelationship(LPWSTR ServerIpAddress,
						      LPWSTR pRelationshipName,
						      LPDHCP_FAILOVER_RELATIONSHIP *pRelationship)
{
	struct dhcpfo_relationship *r;
	struct dhcpfo_client *c;
	char *name;
	uint32_t st;

	if (!pRelationshipName)
		return dfoc_inval("pRelationshipName is NULL");
	if (!pRelationship)
		return dfoc_inval("pRelationship is NULL");
	*pRelationship = NULL;
	st = dfoc_win_str(pRelationshipName, "pRelationshipName", &name);
	if (st)
		return st;
	st = dfoc_win_open(ServerIpAddress, &c);
	if (!st) {
		st = dhcpfo_failover_get(c, name, &r);
		dhcpfo_client__close(c);
		if (!st)
			st = wrel_out(r, pRelationship);
	}
	free(name);
	return st;
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverEnumRelationship(LPWSTR ServerIpAddress,
						       DHCP_RESUME_HANDLE *ResumeHandle,
						       DWORD PreferredMaximum,
						       LPDHCP_FAILOVER_RELATIONSHIP_ARRAY *pRelationship,
						       LPDWORD RelationshipRead,
						       LPDWORD RelationshipTotal)
{
	struct dhcpfo_relationship_array *a;
	struct dhcpfo_client *c;
	uint32_t st, st2, h0;

	if (!ResumeHandle)
		return dfoc_inval("ResumeHandle is NULL");
	if (!pRelationship)
		return dfoc_inval("pRelationship is NULL");
	if (!RelationshipRead)
		return dfoc_inval("RelationshipRead is NULL");
	if (!RelationshipTotal)
		return dfoc_inval("RelationshipTotal is NULL");
	*pRelationship = NULL;
	*RelationshipRead = *RelationshipTotal = 0;
	st = dfoc_win_open(ServerIpAddress, &c);
	if (st)
		return st;
	h0 = *ResumeHandle;
	st = dhcpfo_failover_enum(c, ResumeHandle, PreferredMaximum, &a, RelationshipRead,
				  RelationshipTotal);
	dhcpfo_client__close(c);
	if (st && st != DHCPFO_ERROR_MORE_DATA)
		return st;
	*pRelationship = DFOC_BUILD(DHCP_FAILOVER_RELATIONSHIP_ARRAY, wrels_place, a,
				    "failover.enum", &st2);
	dhcpfo_relationship_array__free(a);
	if (st2) {
		*ResumeHandle = h0;
		*RelationshipRead = *RelationshipTotal = 0;
		return st2;
	}
	return st;
}

static DWORD scopes_call(LPWSTR server, LPDHCP_FAILOVER_RELATIONSHIP w,
			 uint32_t (*fn)(struct dhcpfo_client *, const char *, const uint32_t *,
					uint32_t))
{
	struct dhcpfo_client *c;
	char *name;
	uint32_t st;

	if (!w)
		return dfoc_inval("pRelationship is NULL");
	if (!w->RelationshipName)
		return dfoc_inval("pRelationship->RelationshipName is NULL");
	if (w->pScopes && w->pScopes->NumElements && !w->pScopes->Elements)
		return dfoc_inval("pScopes->Elements is NULL but NumElements is %u",
				  w->pScopes->NumElements);
	st = dfoc_win_str(w->RelationshipName, "RelationshipName", &name);
	if (st)
		return st;
	st = dfoc_win_open(server, &c);
	if (!st) {
		/* NULL pScopes: sent as none, refused by the agent in its order */
		st = fn(c, name, w->pScopes ? w->pScopes->Elements : NULL,
			w->pScopes ? w->pScopes->NumElements : 0);
		dhcpfo_client__close(c);
	}
	free(name);
	return st;
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverAddScopeToRelationship(LPWSTR ServerIpAddress,
							     LPDHCP_FAILOVER_RELATIONSHIP pRelationship)
{
	return scopes_call(ServerIpAddress, pRelationship, dhcpfo_failover_scope_add);
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverDeleteScopeFromRelationship(LPWSTR ServerIpAddress,
								  LPDHCP_FAILOVER_RELATIONSHIP pRelationship)
{
	return scopes_call(ServerIpAddress, pRelationship, dhcpfo_failover_scope_delete);
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverGetScopeRelationship(LPWSTR ServerIpAddress,
							   DHCP_IP_ADDRESS ScopeId,
							   LPDHCP_FAILOVER_RELATIONSHIP *pRelationship)
{
	struct dhcpfo_relationship *r;
	struct dhcpfo_client *c;
	uint32_t st;

	if (!pRelationship)
		return dfoc_inval("pRelationship is NULL");
	*pRelationship = NULL;
	st = dfoc_win_open(ServerIpAddress, &c);
	if (st)
		return st;
	st = dhcpfo_failover_scope_get(c, ScopeId, &r);
	dhcpfo_client__close(c);
	return st ? st : wrel_out(r, pRelationship);
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverGetScopeStatistics(LPWSTR ServerIpAddress,
							 DHCP_IP_ADDRESS ScopeId,
							 LPDHCP_FAILOVER_STATISTICS *pStats)
{
	struct dhcpfo_failover_stats s;
	struct dhcpfo_client *c;
	DHCP_FAILOVER_STATISTICS *w;
	uint32_t st;

	if (!pStats)
		return dfoc_inval("pStats is NULL");
	*pStats = NULL;
	st = dfoc_win_open(ServerIpAddress, &c);
	if (st)
		return st;
	st = dhcpfo_failover_scope_stats(c, ScopeId, &s);
	dhcpfo_client__close(c);
	if (st)
		return st;
	w = malloc(sizeof(*w));
	if (!w)
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	w->NumAddr = s.num_addr;
	w->AddrFree = s.addr_free;
	w->AddrInUse = s.addr_in_use;
	w->PartnerAddrFree = s.partner_addr_free;
	w->ThisAddrFree = s.this_addr_free;
	w->PartnerAddrInUse = s.partner_addr_in_use;
	w->ThisAddrInUse = s.this_addr_in_use;
	*pStats = w;
	return 0;
}

/* ---- client info ----------------------------------------------------------------- */

/* Unix seconds -> FILETIME; 0 stays 0 (no time), infinite is Windows' infinite. */
static DATE_TIME filetime(uint64_t unix_secs)
{
	uint64_t ft = unix_secs ? (unix_secs + 11644473600ULL) * 10000000ULL : 0;
	DATE_TIME t = { .dwLowDateTime = (DWORD)ft, .dwHighDateTime = (DWORD)(ft >> 32) };

	if (unix_secs == DHCPFO_LEASE_INFINITE) {
		t.dwLowDateTime = DHCP_DATE_TIME_INFINIT_LOW;
		t.dwHighDateTime = DHCP_DATE_TIME_INFINIT_HIGH;
	}
	return t;
}

static int wclient_place(struct dfoc_blk *b, const void *src, void *root)
{
	const struct dhcpfo_client_info *ci = src;
	DHCPV4_FAILOVER_CLIENT_INFO *w = root;

	memset(w, 0, sizeof(*w));
	w->ClientIpAddress = ci->address;
	w->SubnetMask = ci->mask;
	w->ClientHardwareAddress.DataLength = ci->hwaddr_len;
	w->ClientHardwareAddress.Data = ci->hwaddr_len ?
		dfoc_blk_mem(b, ci->hwaddr, ci->hwaddr_len, 1) : NULL;
	w->ClientName = dfoc_blk_wstr(b, ci->name, "name");
	w->ClientComment = dfoc_blk_wstr(b, ci->comment, "comment");
	w->ClientLeaseExpires = filetime(ci->lease_expires);
	w->OwnerHost.IpAddress = ci->owner_host;
	w->bClientType = ci->client_type;
	w->AddressState = ci->address_state;
	w->Status = NOQUARINFO;		/* dhcpfo has no NAP quarantine */
	w->QuarantineCapable = FALSE;
	w->SentPotExpTime = ci->sent_pot_exp_time;
	w->AckPotExpTime = ci->ack_pot_exp_time;
	w->RecvPotExpTime = ci->recv_pot_exp_time;
	w->StartTime = ci->start_time;
	w->CltLastTransTime = ci->clt_last_trans_time;
	w->LastBndUpdTime = ci->last_bnd_upd_time;
	w->BndMsgStatus = ci->bnd_msg_status;
	w->PolicyName = dfoc_blk_wstr(b, ci->policy_name, "policy_name");
	w->Flags = ci->flags;
	return 0;
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverGetClientInfo(LPWSTR ServerIpAddress,
						    LPDHCP_SEARCH_INFO SearchInfo,
						    LPDHCPV4_FAILOVER_CLIENT_INFO *ClientInfo)
{
	struct dhcpfo_client_search s = { 0 };
	struct dhcpfo_client_info *ci;
	struct dhcpfo_client *c;
	char *name = NULL;
	uint32_t st;

	if (!SearchInfo)
		return dfoc_inval("SearchInfo is NULL");
	if (!ClientInfo)
		return dfoc_inval("ClientInfo is NULL");
	*ClientInfo = NULL;
	switch (SearchInfo->SearchType) {
	case DhcpClientIpAddress:
		s.type = DHCPFO_SEARCH_IP;
		s.ip = SearchInfo->SearchInfo.ClientIpAddress;
		break;
	case DhcpClientHardwareAddress:
		s.type = DHCPFO_SEARCH_HWADDR;
		s.hwaddr = SearchInfo->SearchInfo.ClientHardwareAddress.Data;
		s.hwaddr_len = SearchInfo->SearchInfo.ClientHardwareAddress.DataLength;
		if (s.hwaddr_len && !s.hwaddr)
			return dfoc_inval("ClientHardwareAddress.Data is NULL");
		break;
	case DhcpClientName:
		if (!SearchInfo->SearchInfo.ClientName)
			return dfoc_inval("ClientName is NULL");
		st = dfoc_win_str(SearchInfo->SearchInfo.ClientName, "ClientName", &name);
		if (st)
			return st;
		s.type = DHCPFO_SEARCH_NAME;
		s.name = name;
		break;
	default:
		return dfoc_inval("SearchType %d is not a DHCP_SEARCH_INFO_TYPE",
				  SearchInfo->SearchType);
	}
	st = dfoc_win_open(ServerIpAddress, &c);
	if (!st) {
		st = dhcpfo_failover_client_info(c, &s, &ci);
		dhcpfo_client__close(c);
		if (!st) {
			*ClientInfo = DFOC_BUILD(DHCPV4_FAILOVER_CLIENT_INFO, wclient_place, ci,
						 "failover.client_info", &st);
			dhcpfo_free(ci);
		}
	}
	free(name);
	return st;
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverGetSystemTime(LPWSTR ServerIpAddress, LPDWORD pTime,
						    LPDWORD pMaxAllowedDeltaTime)
{
	struct dhcpfo_client *c;
	uint32_t st;

	if (!pTime)
		return dfoc_inval("pTime is NULL");
	if (!pMaxAllowedDeltaTime)
		return dfoc_inval("pMaxAllowedDeltaTime is NULL");
	st = dfoc_win_open(ServerIpAddress, &c);
	if (st)
		return st;
	st = dhcpfo_failover_system_time(c, pTime, pMaxAllowedDeltaTime);
	dhcpfo_client__close(c);
	return st;
}

DWORD DHCP_API_FUNCTION DhcpV4FailoverGetAddressStatus(LPWSTR ServerIpAddress,
						       DWORD SubnetAddress, LPDWORD pStatus)
{
	struct dhcpfo_client *c;
	uint32_t st;

	if (!pStatus)
		return dfoc_inval("pStatus is NULL");
	st = dfoc_win_open(ServerIpAddress, &c);
	if (st)
		return st;
	st = dhcpfo_failover_address_status(c, SubnetAddress, pStatus);
	dhcpfo_client__close(c);
	return st;
}

/* ---- clients: DHCP_CLIENT_INFO(_V4) over the native lease calls --------------------- */

/* DHCP_SEARCH_INFO -> lease key; *@name owns the converted client name. */
static uint32_t search_key(const DHCP_SEARCH_INFO *si, struct dhcpfo_lease_key *k, char **name)
{
	uint32_t st;

	memset(k, 0, sizeof(*k));
	*name = NULL;
	switch (si->SearchType) {
	case DhcpClientIpAddress:
		k->type = DHCPFO_LEASE_BY_ADDRESS;
		k->address = si->SearchInfo.ClientIpAddress;
		return 0;
	case DhcpClientHardwareAddress:
		k->type = DHCPFO_LEASE_BY_HWADDR;
		k->hwaddr = si->SearchInfo.ClientHardwareAddress.Data;
		k->hwaddr_len = si->SearchInfo.ClientHardwareAddress.DataLength;
		if (k->hwaddr_len && !k->hwaddr)
			return dfoc_inval("ClientHardwareAddress.Data is NULL");
		return 0;
	case DhcpClientName:
		if (!si->SearchInfo.ClientName)
			return dfoc_inval("ClientName is NULL");
		st = dfoc_win_str(si->SearchInfo.ClientName, "ClientName", name);
		if (st)
			return st;
		k->type = DHCPFO_LEASE_BY_HOST;
		k->host = *name;
		return 0;
	default:
		return dfoc_inval("SearchType %d is not a DHCP_SEARCH_INFO_TYPE", si->SearchType);
	}
}

static BYTE client_type(const struct dhcpfo_lease *l)
{
	return (l->bootp ? CLIENT_TYPE_BOOTP : CLIENT_TYPE_DHCP) |
	       (l->reserved ? CLIENT_TYPE_RESERVATION_FLAG : 0);
}

/* The members DHCP_CLIENT_INFO and DHCP_CLIENT_INFO_V4 share, in their order. */
#define PLACE_CLIENT_COMMON(b, w, l) do {					\
	(w)->ClientIpAddress = (l)->address;					\
	(w)->SubnetMask = (l)->mask;						\
	(w)->ClientHardwareAddress.DataLength = (l)->hwaddr_len;		\
	(w)->ClientHardwareAddress.Data = (l)->hwaddr_len ?			\
		dfoc_blk_mem((b), (l)->hwaddr, (l)->hwaddr_len, 1) : NULL;	\
	(w)->ClientName = dfoc_blk_wstr((b), (l)->host, "host");		\
	(w)->ClientComment = dfoc_blk_wstr((b), "", "comment");			\
	(w)->ClientLeaseExpires = filetime((l)->end);				\
	(w)->OwnerHost.IpAddress = (l)->server;					\
	(w)->OwnerHost.NetBiosName = NULL;					\
	(w)->OwnerHost.HostName = NULL;						\
} while (0)

static int wclient_v4_place(struct dfoc_blk *b, const void *src, void *root)
{
	const struct dhcpfo_lease *l = src;
	DHCP_CLIENT_INFO_V4 *w = root;

	memset(w, 0, sizeof(*w));
	PLACE_CLIENT_COMMON(b, w, l);
	w->bClientType = client_type(l);
	return 0;
}

static int wclient_v1_place(struct dfoc_blk *b, const void *src, void *root)
{
	const struct dhcpfo_lease *l = src;
	DHCP_CLIENT_INFO *w = root;

	memset(w, 0, sizeof(*w));
	PLACE_CLIENT_COMMON(b, w, l);
	return 0;
}

/*
 * DHCP_CLIENT_INFO_ARRAY(_V4).Clients: the pointer array, then each
 * @size-byte structure placed by @place (into @scratch while sizing).
 */
static void *wclient_ptrs(struct dfoc_blk *b, const struct dhcpfo_lease_array *a, void *scratch,
			  size_t size, size_t align, dfoc_place_fn place)
{
	void **ptrs, *c;
	uint32_t i;

	ptrs = dfoc_blk_take(b, a->n * sizeof(*ptrs), _Alignof(void *));
	for (i = 0; i < a->n; i++) {
		c = dfoc_blk_take(b, size, align);
		place(b, &a->items[i], c ? c : scratch);
		if (ptrs)
			ptrs[i] = c;
	}
	return a->n ? ptrs : NULL;
}

static int wclients_v4_place(struct dfoc_blk *b, const void *src, void *root)
{
	const struct dhcpfo_lease_array *a = src;
	DHCP_CLIENT_INFO_ARRAY_V4 *w = root;
	DHCP_CLIENT_INFO_V4 scratch;

	w->NumElements = a->n;
	w->Clients = wclient_ptrs(b, a, &scratch, sizeof(scratch), _Alignof(DHCP_CLIENT_INFO_V4),
				  wclient_v4_place);
	return 0;
}

static int wclients_v1_place(struct dfoc_blk *b, const void *src, void *root)
{
	const struct dhcpfo_lease_array *a = src;
	DHCP_CLIENT_INFO_ARRAY *w = root;
	DHCP_CLIENT_INFO scratch;

	w->NumElements = a->n;
	w->Clients = wclient_ptrs(b, a, &scratch, sizeof(scratch), _Alignof(DHCP_CLIENT_INFO),
				  wclient_v1_place);
	return 0;
}

/*
 * One page of leases of @subnet (0: every scope), built into a Windows
 * array by @place. The resume handle is the last address returned.
 */
static DWORD enum_clients(DHCP_CONST WCHAR *server, DHCP_IP_ADDRESS subnet,
			  DHCP_RESUME_HANDLE *resume, DWORD max, void **out, DWORD *read,
			  DWORD *total, size_t root_size, size_t root_align, dfoc_place_fn place)
{
	struct dhcpfo_lease_array *a;
	struct dhcpfo_client *c;
	uint32_t st, st2, h0;

	if (!resume)
		return dfoc_inval("ResumeHandle is NULL");
	if (!out)
		return dfoc_inval("ClientInfo is NULL");
	if (!read)
		return dfoc_inval("ClientsRead is NULL");
	if (!total)
		return dfoc_inval("ClientsTotal is NULL");
	*out = NULL;
	*read = *total = 0;
	st = dfoc_win_open(server, &c);
	if (st)
		return st;
	h0 = *resume;
	st = dhcpfo_lease_enum(c, subnet, NULL, resume, max, &a, read, total);
	dhcpfo_client__close(c);
	if (st && st != DHCPFO_ERROR_MORE_DATA)
		return st;
	*out = dfoc_blk_build(root_size, root_align, place, a, "lease.enum", &st2);
	dhcpfo_lease_array__free(a);
	if (st2) {
		*resume = h0;
		*read = *total = 0;
		return st2;
	}
	return st;
}

DWORD DHCP_API_FUNCTION DhcpEnumSubnetClientsV4(DHCP_CONST WCHAR *ServerIpAddress,
						DHCP_IP_ADDRESS SubnetAddress,
						DHCP_RESUME_HANDLE *ResumeHandle,
						DWORD PreferredMaximum,
						LPDHCP_CLIENT_INFO_ARRAY_V4 *ClientInfo,
						DWORD *ClientsRead, DWORD *ClientsTotal)
{
	return enum_clients(ServerIpAddress, SubnetAddress, ResumeHandle, PreferredMaximum,
			    (void **)ClientInfo, ClientsRead, ClientsTotal,
			    sizeof(DHCP_CLIENT_INFO_ARRAY_V4), _Alignof(DHCP_CLIENT_INFO_ARRAY_V4),
			    wclients_v4_place);
}

DWORD DHCP_API_FUNCTION DhcpEnumSubnetClients(DHCP_CONST WCHAR *ServerIpAddress,
					      DHCP_IP_ADDRESS SubnetAddress,
					      DHCP_RESUME_HANDLE *ResumeHandle,
					      DWORD PreferredMaximum,
					      LPDHCP_CLIENT_INFO_ARRAY *ClientInfo,
					      DWORD *ClientsRead, DWORD *ClientsTotal)
{
	return enum_clients(ServerIpAddress, SubnetAddress, ResumeHandle, PreferredMaximum,
			    (void **)ClientInfo, ClientsRead, ClientsTotal,
			    sizeof(DHCP_CLIENT_INFO_ARRAY), _Alignof(DHCP_CLIENT_INFO_ARRAY),
			    wclients_v1_place);
}

/* The lease a search names, as a native lease (release it with dhcpfo_free). */
static DWORD get_client(DHCP_CONST WCHAR *server, const DHCP_SEARCH_INFO *si,
			struct dhcpfo_lease **l)
{
	struct dhcpfo_lease_key k;
	struct dhcpfo_client *c;
	char *name;
	uint32_t st;

	st = search_key(si, &k, &name);
	if (!st)
		st = dfoc_win_open(server, &c);
	if (!st) {
		st = dhcpfo_lease_get(c, &k, l);
		dhcpfo_client__close(c);
	}
	free(name);
	return st;
}

/* The lease a search names, built into a Windows structure by @place. */
static DWORD get_client_info(DHCP_CONST WCHAR *server, const DHCP_SEARCH_INFO *si, void **out,
			     size_t size, size_t align, dfoc_place_fn place)
{
	struct dhcpfo_lease *l;
	uint32_t st;

	if (!si)
		return dfoc_inval("SearchInfo is NULL");
	if (!out)
		return dfoc_inval("ClientInfo is NULL");
	*out = NULL;
	st = get_client(server, si, &l);
	if (st)
		return st;
	*out = dfoc_blk_build(size, align, place, l, "lease.get", &st);
	dhcpfo_lease__free(l);
	return st;
}

DWORD DHCP_API_FUNCTION DhcpGetClientInfoV4(DHCP_CONST WCHAR *ServerIpAddress,
					    DHCP_CONST DHCP_SEARCH_INFO *SearchInfo,
					    LPDHCP_CLIENT_INFO_V4 *ClientInfo)
{
	return get_client_info(ServerIpAddress, SearchInfo, (void **)ClientInfo,
			       sizeof(DHCP_CLIENT_INFO_V4), _Alignof(DHCP_CLIENT_INFO_V4),
			       wclient_v4_place);
}

DWORD DHCP_API_FUNCTION DhcpGetClientInfo(DHCP_CONST WCHAR *ServerIpAddress,
					  DHCP_CONST DHCP_SEARCH_INFO *SearchInfo,
					  LPDHCP_CLIENT_INFO *ClientInfo)
{
	return get_client_info(ServerIpAddress, SearchInfo, (void **)ClientInfo,
			       sizeof(DHCP_CLIENT_INFO), _Alignof(DHCP_CLIENT_INFO), wclient_v1_place);
}

DWORD DHCP_API_FUNCTION DhcpDeleteClientInfo(DHCP_CONST WCHAR *ServerIpAddress,
					     DHCP_CONST DHCP_SEARCH_INFO *ClientInfo)
{
	struct dhcpfo_lease_key k;
	struct dhcpfo_client *c;
	char *name;
	uint32_t st;

	if (!ClientInfo)
		return dfoc_inval("ClientInfo is NULL");
	st = search_key(ClientInfo, &k, &name);
	if (!st)
		st = dfoc_win_open(ServerIpAddress, &c);
	if (!st) {
		st = dhcpfo_lease_delete(c, &k, NULL);
		dhcpfo_client__close(c);
	}
	free(name);
	return st;
}
