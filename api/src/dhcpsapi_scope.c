// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The dhcpsapi.h subnet functions (subnets, their elements and scope option
 * values) over the native API.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "dhcpsapi.h"

/* ---- subnets --------------------------------------------------------------------- */

static uint32_t subnet_in(DHCP_IP_ADDRESS addr, const DHCP_SUBNET_INFO *info,
			  struct dhcpfo_scope *s, char **name, char **comment)
{
	uint32_t st;

	*name = *comment = NULL;
	/* the protocol carries one address: the two must agree */
	if (info->SubnetAddress != addr)
		return dfoc_inval("SubnetAddress and SubnetInfo->SubnetAddress differ");
	switch (info->SubnetState) {
	case DhcpSubnetEnabled:
		s->state = DHCPFO_SCOPE_ENABLED;
		break;
	case DhcpSubnetDisabled:
		s->state = DHCPFO_SCOPE_DISABLED;
		break;
	case DhcpSubnetEnabledSwitched:
	case DhcpSubnetDisabledSwitched:
		return dfoc_fail(DHCPFO_ERROR_NOT_SUPPORTED, "switched subnets are not supported");
	default:
		return dfoc_inval("SubnetState %d is not a DHCP_SUBNET_STATE", info->SubnetState);
	}
	if ((st = dfoc_win_str(info->SubnetName, "SubnetName", name)) ||
	    (st = dfoc_win_str(info->SubnetComment, "SubnetComment", comment))) {
		free(*name);
		*name = NULL;
		return st;
	}
	s->address = addr;
	s->mask = info->SubnetMask;
	s->name = *name;
	s->comment = *comment;
	return 0;
}

static DWORD subnet_write(const WCHAR *server, DHCP_IP_ADDRESS addr, const DHCP_SUBNET_INFO *info,
			  bool set)
{
	struct dhcpfo_scope s = { 0 };
	struct dhcpfo_client *c;
	char *name, *comment;
	uint32_t st;

	if (!info)
		return dfoc_inval("SubnetInfo is NULL");
	st = subnet_in(addr, info, &s, &name, &comment);
	if (st)
		return st;
	st = dfoc_win_open(server, &c);
	if (!st) {
		/* DHCP_SUBNET_INFO has no lease duration: it keeps its value / default */
		st = set ? dhcpfo_scope_set(c, DHCPFO_SCOPE_SET_MASK | DHCPFO_SCOPE_SET_NAME |
					    DHCPFO_SCOPE_SET_COMMENT | DHCPFO_SCOPE_SET_STATE, &s)
			 : dhcpfo_scope_create(c, &s);
		dhcpfo_client__close(c);
	}
	free(name);
	free(comment);
	return st;
}

DWORD DHCP_API_FUNCTION DhcpCreateSubnet(DHCP_CONST WCHAR *ServerIpAddress,
					 DHCP_IP_ADDRESS SubnetAddress,
					 DHCP_CONST DHCP_SUBNET_INFO *SubnetInfo)
{
	return subnet_write(ServerIpAddress, SubnetAddress, SubnetInfo, false);
}

DWORD DHCP_API_FUNCTION DhcpSetSubnetInfo(DHCP_CONST WCHAR *ServerIpAddress,
					  DHCP_IP_ADDRESS SubnetAddress,
					  DHCP_CONST DHCP_SUBNET_INFO *SubnetInfo)
{
	return subnet_write(ServerIpAddress, SubnetAddress, SubnetInfo, true);
}

static int wsubnet_place(struct dfoc_blk *b, const void *src, void *root)
{
	const struct dhcpfo_scope *s = src;
	DHCP_SUBNET_INFO *w = root;

	memset(w, 0, sizeof(*w));
	w->SubnetAddress = s->address;
	w->SubnetMask = s->mask;
	w->SubnetName = dfoc_blk_wstr(b, s->name, "name");
	w->SubnetComment = dfoc_blk_wstr(b, s->comment, "comment");
	/* PrimaryHost stays empty: the local agent does not report it */
	w->SubnetState = s->state == DHCPFO_SCOPE_DISABLED ? DhcpSubnetDisabled : DhcpSubnetEnabled;
	return 0;
}

DWORD DHCP_API_FUNCTION DhcpGetSubnetInfo(DHCP_CONST WCHAR *ServerIpAddress,
					  DHCP_IP_ADDRESS SubnetAddress,
					  LPDHCP_SUBNET_INFO *SubnetInfo)
{
	struct dhcpfo_scope *s;
	struct dhcpfo_client *c;
	uint32_t st;

	if (!SubnetInfo)
		return dfoc_inval("SubnetInfo is NULL");
	*SubnetInfo = NULL;
	st = dfoc_win_open(ServerIpAddress, &c);
	if (st)
		return st;
	st = dhcpfo_scope_get(c, SubnetAddress, &s);
	dhcpfo_client__close(c);
	if (st)
		return st;
	*SubnetInfo = DFOC_BUILD(DHCP_SUBNET_INFO, wsubnet_place, s, "scope.get", &st);
	dhcpfo_scope__free(s);
	return st;
}

static int wips_place(struct dfoc_blk *b, const void *src, void *root)
{
	const struct dhcpfo_ip_array *a = src;
	DHCP_IP_ARRAY *w = root;

	w->NumElements = a->n;
	w->Elements = a->n ? dfoc_blk_mem(b, a->items, a->n * sizeof(DHCP_IP_ADDRESS),
					  _Alignof(DHCP_IP_ADDRESS)) : NULL;
	return 0;
}

DWORD DHCP_API_FUNCTION DhcpEnumSubnets(DHCP_CONST WCHAR *ServerIpAddress,
					DHCP_RESUME_HANDLE *ResumeHandle, DWORD PreferredMaximum,
					LPDHCP_IP_ARRAY *EnumInfo, DWORD *ElementsRead,
					DWORD *ElementsTotal)
{
	struct dhcpfo_ip_array *a;
	struct dhcpfo_client *c;
	uint32_t st, st2, h0;

	if (!ResumeHandle)
		return dfoc_inval("ResumeHandle is NULL");
	if (!EnumInfo)
		return dfoc_inval("EnumInfo is NULL");
	if (!ElementsRead)
		return dfoc_inval("ElementsRead is NULL");
	if (!ElementsTotal)
		return dfoc_inval("ElementsTotal is NULL");
	*EnumInfo = NULL;
	*ElementsRead = *ElementsTotal = 0;
	st = dfoc_win_open(ServerIpAddress, &c);
	if (st)
		return st;
	h0 = *ResumeHandle;
	st = dhcpfo_scope_enum(c, ResumeHandle, PreferredMaximum, &a, ElementsRead, ElementsTotal);
	dhcpfo_client__close(c);
	if (st && st != DHCPFO_ERROR_MORE_DATA)
		return st;
	*EnumInfo = DFOC_BUILD(DHCP_IP_ARRAY, wips_place, a, "scope.enum", &st2);
	dhcpfo_free(a);
	if (st2) {
		*ResumeHandle = h0;
		*ElementsRead = *ElementsTotal = 0;
		return st2;
	}
	return st;
}

DWORD DHCP_API_FUNCTION DhcpDeleteSubnet(DHCP_CONST WCHAR *ServerIpAddress,
					 DHCP_IP_ADDRESS SubnetAddress, DHCP_FORCE_FLAG ForceFlag)
{
	struct dhcpfo_client *c;
	uint32_t st;

	if (ForceFlag != DhcpFullForce && ForceFlag != DhcpNoForce && ForceFlag != DhcpFailoverForce)
		return dfoc_inval("ForceFlag %d is not a DHCP_FORCE_FLAG", ForceFlag);
	st = dfoc_win_open(ServerIpAddress, &c);
	if (st)
		return st;
	st = dhcpfo_scope_delete(c, SubnetAddress, ForceFlag != DhcpNoForce);
	dhcpfo_client__close(c);
	return st;
}

/* ---- elements ---------------------------------------------------------------------- */

static uint32_t element_in(const DHCP_SUBNET_ELEMENT_DATA_V5 *w, struct dhcpfo_element *el)
{
	const DHCP_CLIENT_UID *uid;

	memset(el, 0, sizeof(*el));
	switch (w->ElementType) {
	case DhcpIpRanges:
	case DhcpIpRangesDhcpOnly:
	case DhcpIpRangesDhcpBootp:
	case DhcpIpRangesBootpOnly:
		if (!w->Element.IpRange)
			return dfoc_inval("Element.IpRange is NULL");
		el->type = DHCPFO_ELEMENT_RANGE;
		el->start = w->Element.IpRange->StartAddress;
		el->end = w->Element.IpRange->EndAddress;
		el->range_type = w->ElementType == DhcpIpRangesBootpOnly ? DHCPFO_RANGE_BOOTP :
				 w->ElementType == DhcpIpRangesDhcpBootp ? DHCPFO_RANGE_BOTH :
				 DHCPFO_RANGE_DHCP;
		return 0;
	case DhcpExcludedIpRanges:
		if (!w->Element.ExcludeIpRange)
			return dfoc_inval("Element.ExcludeIpRange is NULL");
		el->type = DHCPFO_ELEMENT_EXCLUSION;
		el->start = w->Element.ExcludeIpRange->StartAddress;
		el->end = w->Element.ExcludeIpRange->EndAddress;
		return 0;
	case DhcpReservedIps:
		if (!w->Element.ReservedIp)
			return dfoc_inval("Element.ReservedIp is NULL");
		uid = w->Element.ReservedIp->ReservedForClient;
		if (!uid)
			return dfoc_inval("ReservedIp->ReservedForClient is NULL");
		if (uid->DataLength && !uid->Data)
			return dfoc_inval("ReservedForClient->Data is NULL");
		if (!uid->DataLength || uid->DataLength > DHCPFO_HWADDR_MAX)
			return dfoc_inval("ReservedForClient is %u bytes: a hardware address has 1..%d",
					  uid->DataLength, DHCPFO_HWADDR_MAX);
		el->type = DHCPFO_ELEMENT_RESERVATION;
		el->address = w->Element.ReservedIp->ReservedIpAddress;
		memcpy(el->hwaddr, uid->Data, uid->DataLength);
		el->hwaddr_len = uid->DataLength;
		return 0;
	case DhcpSecondaryHosts:
	case DhcpIpUsedClusters:
		return dfoc_fail(DHCPFO_ERROR_NOT_SUPPORTED,
				 "secondary hosts and clusters are obsolete and not supported");
	}
	return dfoc_inval("ElementType %d is not a DHCP_SUBNET_ELEMENT_TYPE", w->ElementType);
}

static DWORD element_call(const WCHAR *server, DHCP_IP_ADDRESS subnet,
			  const DHCP_SUBNET_ELEMENT_DATA_V5 *w, bool add)
{
	struct dhcpfo_element el;
	struct dhcpfo_client *c;
	uint32_t st;

	if (!w)
		return dfoc_inval("%s is NULL", add ? "AddElementInfo" : "RemoveElementInfo");
	st = element_in(w, &el);
	if (st)
		return st;
	st = dfoc_win_open(server, &c);
	if (st)
		return st;
	st = add ? dhcpfo_scope_element_add(c, subnet, &el) : dhcpfo_scope_element_remove(c, subnet, &el);
	dhcpfo_client__close(c);
	return st;
}

DWORD DHCP_API_FUNCTION DhcpAddSubnetElementV5(DHCP_CONST WCHAR *ServerIpAddress,
					       DHCP_IP_ADDRESS SubnetAddress,
					       DHCP_CONST DHCP_SUBNET_ELEMENT_DATA_V5 *AddElementInfo)
{
	return element_call(ServerIpAddress, SubnetAddress, AddElementInfo, true);
}

DWORD DHCP_API_FUNCTION DhcpRemoveSubnetElementV5(DHCP_CONST WCHAR *ServerIpAddress,
						  DHCP_IP_ADDRESS SubnetAddress,
						  DHCP_CONST DHCP_SUBNET_ELEMENT_DATA_V5 *RemoveElementInfo,
						  DHCP_FORCE_FLAG ForceFlag)
{
	/* no leases before the DHCP engine: every force level removes alike */
	if (ForceFlag != DhcpFullForce && ForceFlag != DhcpNoForce && ForceFlag != DhcpFailoverForce)
		return dfoc_inval("ForceFlag %d is not a DHCP_FORCE_FLAG", ForceFlag);
	return element_call(ServerIpAddress, SubnetAddress, RemoveElementInfo, false);
}

static void welement_place(struct dfoc_blk *b, const struct dhcpfo_element *el,
			   DHCP_SUBNET_ELEMENT_DATA_V5 *w)
{
	memset(w, 0, sizeof(*w));
	switch (el->type) {
	case DHCPFO_ELEMENT_RANGE: {
		DHCP_BOOTP_IP_RANGE *r = dfoc_blk_take(b, sizeof(*r), _Alignof(DHCP_BOOTP_IP_RANGE));

		w->ElementType = el->range_type == DHCPFO_RANGE_BOOTP ? DhcpIpRangesBootpOnly :
				 el->range_type == DHCPFO_RANGE_BOTH ? DhcpIpRangesDhcpBootp :
				 DhcpIpRangesDhcpOnly;
		if (r) {
			r->StartAddress = el->start;
			r->EndAddress = el->end;
			r->BootpAllocated = 0;	/* no BOOTP leases without the engine */
			r->MaxBootpAllowed = el->range_type == DHCPFO_RANGE_DHCP ? 0 : 0xffffffff;
		}
		w->Element.IpRange = r;
		break;
	}
	case DHCPFO_ELEMENT_EXCLUSION: {
		DHCP_IP_RANGE *r = dfoc_blk_take(b, sizeof(*r), _Alignof(DHCP_IP_RANGE));

		w->ElementType = DhcpExcludedIpRanges;
		if (r) {
			r->StartAddress = el->start;
			r->EndAddress = el->end;
		}
		w->Element.ExcludeIpRange = r;
		break;
	}
	case DHCPFO_ELEMENT_RESERVATION: {
		DHCP_IP_RESERVATION_V4 *r = dfoc_blk_take(b, sizeof(*r), _Alignof(DHCP_IP_RESERVATION_V4));
		DHCP_CLIENT_UID *uid = dfoc_blk_take(b, sizeof(*uid), _Alignof(DHCP_CLIENT_UID));
		BYTE *data = dfoc_blk_mem(b, el->hwaddr, el->hwaddr_len, 1);

		w->ElementType = DhcpReservedIps;
		if (r) {
			uid->DataLength = el->hwaddr_len;
			uid->Data = data;
			r->ReservedIpAddress = el->address;
			r->ReservedForClient = uid;
			r->bAllowedClientTypes = CLIENT_TYPE_BOTH;
		}
		w->Element.ReservedIp = r;
		break;
	}
	}
}

static int welements_place(struct dfoc_blk *b, const void *src, void *root)
{
	const struct dhcpfo_element_array *a = src;
	DHCP_SUBNET_ELEMENT_INFO_ARRAY_V5 *w = root;
	DHCP_SUBNET_ELEMENT_DATA_V5 scratch, *items = NULL;
	uint32_t i;

	if (a->n)
		items = dfoc_blk_take(b, a->n * sizeof(*items), _Alignof(DHCP_SUBNET_ELEMENT_DATA_V5));
	for (i = 0; i < a->n; i++)
		welement_place(b, &a->items[i], items ? &items[i] : &scratch);
	w->NumElements = a->n;
	w->Elements = items;
	return 0;
}

DWORD DHCP_API_FUNCTION DhcpEnumSubnetElementsV5(DHCP_CONST WCHAR *ServerIpAddress,
						 DHCP_IP_ADDRESS SubnetAddress,
						 DHCP_SUBNET_ELEMENT_TYPE EnumElementType,
						 DHCP_RESUME_HANDLE *ResumeHandle,
						 DWORD PreferredMaximum,
						 LPDHCP_SUBNET_ELEMENT_INFO_ARRAY_V5 *EnumElementInfo,
						 DWORD *ElementsRead, DWORD *ElementsTotal)
{
	struct dhcpfo_element_array *a;
	enum dhcpfo_element_type type;
	struct dhcpfo_client *c;
	uint32_t st, st2, h0;

	if (!ResumeHandle)
		return dfoc_inval("ResumeHandle is NULL");
	if (!EnumElementInfo)
		return dfoc_inval("EnumElementInfo is NULL");
	if (!ElementsRead)
		return dfoc_inval("ElementsRead is NULL");
	if (!ElementsTotal)
		return dfoc_inval("ElementsTotal is NULL");
	*EnumElementInfo = NULL;
	*ElementsRead = *ElementsTotal = 0;
	switch (EnumElementType) {
	case DhcpIpRanges:
	case DhcpIpRangesDhcpOnly:
	case DhcpIpRangesDhcpBootp:
	case DhcpIpRangesBootpOnly:
		/* every range, each tagged with its own type */
		type = DHCPFO_ELEMENT_RANGE;
		break;
	case DhcpExcludedIpRanges:
		type = DHCPFO_ELEMENT_EXCLUSION;
		break;
	case DhcpReservedIps:
		type = DHCPFO_ELEMENT_RESERVATION;
		break;
	case DhcpSecondaryHosts:
	case DhcpIpUsedClusters:
		return dfoc_fail(DHCPFO_ERROR_NOT_SUPPORTED,
				 "secondary hosts and clusters are obsolete and not supported");
	default:
		return dfoc_inval("EnumElementType %d is not a DHCP_SUBNET_ELEMENT_TYPE",
				  EnumElementType);
	}
	st = dfoc_win_open(ServerIpAddress, &c);
	if (st)
		return st;
	h0 = *ResumeHandle;
	st = dhcpfo_scope_element_enum(c, SubnetAddress, type, ResumeHandle, PreferredMaximum, &a,
				       ElementsRead, ElementsTotal);
	dhcpfo_client__close(c);
	if (st && st != DHCPFO_ERROR_MORE_DATA)
		return st;
	*EnumElementInfo = DFOC_BUILD(DHCP_SUBNET_ELEMENT_INFO_ARRAY_V5, welements_place, a,
				      "scope.element_enum", &st2);
	dhcpfo_free(a);
	if (st2) {
		*ResumeHandle = h0;
		*ElementsRead = *ElementsTotal = 0;
		return st2;
	}
	return st;
}

/* ---- option values ------------------------------------------------------------------ */

/* Only scope-level values of the default classes exist in dhcpfo. */
static uint32_t option_scope(DWORD flags, LPWSTR cls, LPWSTR vendor,
			     const DHCP_OPTION_SCOPE_INFO *si, uint32_t *scope)
{
	if (!si)
		return dfoc_inval("ScopeInfo is NULL");
	if (flags & DHCP_FLAGS_OPTION_IS_VENDOR || vendor)
		return dfoc_fail(DHCPFO_ERROR_NOT_SUPPORTED, "vendor options are not supported");
	if (flags)
		return dfoc_inval("Flags 0x%x: only DHCP_FLAGS_OPTION_IS_VENDOR is defined", flags);
	if (cls)
		return dfoc_fail(DHCPFO_ERROR_NOT_SUPPORTED, "user classes are not supported");
	if (si->ScopeType != DhcpSubnetOptions)
		return dfoc_fail(DHCPFO_ERROR_NOT_SUPPORTED,
				 "only scope-level option values (DhcpSubnetOptions) are supported");
	*scope = si->ScopeInfo.SubnetScopeInfo;
	return 0;
}

/* Owns the values (and their UTF-8 strings) made for one native option. */
struct wopt_in {
	struct dhcpfo_option opt;
	struct dhcpfo_option_value *vals;
	uint32_t n;
};

static void wopt_in_free(struct wopt_in *in)
{
	uint32_t i;

	for (i = 0; in->vals && i < in->n; i++)
		free((char *)in->vals[i].str);
	free(in->vals);
}

static uint32_t value_in(const DHCP_OPTION_DATA_ELEMENT *e, struct dhcpfo_option_value *v)
{
	const DHCP_BINARY_DATA *bin;

	switch (e->OptionType) {
	case DhcpByteOption:
		v->num = e->Element.ByteOption;
		return 0;
	case DhcpWordOption:
		v->num = e->Element.WordOption;
		return 0;
	case DhcpDWordOption:
		v->num = e->Element.DWordOption;
		return 0;
	case DhcpDWordDWordOption:
		v->num = (uint64_t)e->Element.DWordDWordOption.DWord1 << 32 |
			 e->Element.DWordDWordOption.DWord2;
		return 0;
	case DhcpIpAddressOption:
		v->ip = e->Element.IpAddressOption;
		return 0;
	case DhcpStringDataOption:
		if (!e->Element.StringDataOption)
			return dfoc_inval("StringDataOption is NULL");
		return dfoc_win_str(e->Element.StringDataOption, "StringDataOption", (char **)&v->str);
	case DhcpBinaryDataOption:
	case DhcpEncapsulatedDataOption:
		bin = e->OptionType == DhcpBinaryDataOption ? &e->Element.BinaryDataOption :
							     &e->Element.EncapsulatedDataOption;
		if (bin->DataLength && !bin->Data)
			return dfoc_inval("binary option data is NULL");
		v->bin = bin->Data;
		v->bin_len = bin->DataLength;
		return 0;
	case DhcpIpv6AddressOption:
		return dfoc_fail(DHCPFO_ERROR_NOT_SUPPORTED, "IPv6 option values are not supported");
	}
	return dfoc_inval("OptionType %d is not a DHCP_OPTION_DATA_TYPE", e->OptionType);
}

static uint32_t option_in(DHCP_OPTION_ID id, const DHCP_OPTION_DATA *data, struct wopt_in *in)
{
	uint32_t i, st;

	memset(in, 0, sizeof(*in));
	if (data->NumElements && !data->Elements)
		return dfoc_inval("OptionValue->Elements is NULL but NumElements is %u",
				  data->NumElements);
	in->vals = calloc(data->NumElements ? data->NumElements : 1, sizeof(*in->vals));
	if (!in->vals)
		return dfoc_fail(DHCPFO_ERROR_NOT_ENOUGH_MEMORY, "out of memory");
	in->n = data->NumElements;
	for (i = 0; i < data->NumElements; i++) {
		/* one option holds values of one type on the wire */
		if (data->Elements[i].OptionType != data->Elements[0].OptionType) {
			wopt_in_free(in);
			return dfoc_inval("OptionValue mixes element types %d and %d",
					  data->Elements[0].OptionType, data->Elements[i].OptionType);
		}
		st = value_in(&data->Elements[i], &in->vals[i]);
		if (st) {
			wopt_in_free(in);
			return st;
		}
	}
	in->opt.code = id;
	/* an empty value list goes out typed as byte; the agent refuses it */
	in->opt.type = data->NumElements ? (enum dhcpfo_option_type)data->Elements[0].OptionType :
					   DHCPFO_OPTION_BYTE;
	in->opt.n_values = data->NumElements;
	in->opt.values = in->vals;
	return 0;
}

DWORD DHCP_API_FUNCTION DhcpSetOptionValueV5(LPWSTR ServerIpAddress, DWORD Flags,
					     DHCP_OPTION_ID OptionId, LPWSTR ClassName,
					     LPWSTR VendorName, LPDHCP_OPTION_SCOPE_INFO ScopeInfo,
					     LPDHCP_OPTION_DATA OptionValue)
{
	struct dhcpfo_client *c;
	struct wopt_in in;
	uint32_t scope, st;

	if (!ScopeInfo)
		return dfoc_inval("ScopeInfo is NULL");
	if (!OptionValue)
		return dfoc_inval("OptionValue is NULL");
	st = option_scope(Flags, ClassName, VendorName, ScopeInfo, &scope);
	if (st)
		return st;
	st = option_in(OptionId, OptionValue, &in);
	if (st)
		return st;
	st = dfoc_win_open(ServerIpAddress, &c);
	if (!st) {
		st = dhcpfo_scope_option_set(c, scope, &in.opt);
		dhcpfo_client__close(c);
	}
	wopt_in_free(&in);
	return st;
}

static void wvalue_place(struct dfoc_blk *b, enum dhcpfo_option_type t,
			 const struct dhcpfo_option_value *v, DHCP_OPTION_DATA_ELEMENT *e)
{
	memset(e, 0, sizeof(*e));
	e->OptionType = (DHCP_OPTION_DATA_TYPE)t;
	switch (t) {
	case DHCPFO_OPTION_BYTE:
		e->Element.ByteOption = (BYTE)v->num;
		break;
	case DHCPFO_OPTION_WORD:
		e->Element.WordOption = (WORD)v->num;
		break;
	case DHCPFO_OPTION_DWORD:
		e->Element.DWordOption = (DWORD)v->num;
		break;
	case DHCPFO_OPTION_DWORDDWORD:
		e->Element.DWordDWordOption.DWord1 = (DWORD)(v->num >> 32);
		e->Element.DWordDWordOption.DWord2 = (DWORD)v->num;
		break;
	case DHCPFO_OPTION_IPADDRESS:
		e->Element.IpAddressOption = v->ip;
		break;
	case DHCPFO_OPTION_STRING:
		e->Element.StringDataOption = dfoc_blk_wstr(b, v->str, "values");
		break;
	case DHCPFO_OPTION_BINARY:
	case DHCPFO_OPTION_ENCAPSULATED:
		e->Element.BinaryDataOption.DataLength = v->bin_len;
		e->Element.BinaryDataOption.Data = v->bin_len ? dfoc_blk_mem(b, v->bin, v->bin_len, 1)
							      : NULL;
		break;
	}
}

/* DHCP_OPTION_VALUE's Value array and its data */
static void woption_place(struct dfoc_blk *b, const struct dhcpfo_option *o, DHCP_OPTION_VALUE *w)
{
	DHCP_OPTION_DATA_ELEMENT scratch, *els = NULL;
	uint32_t i;

	w->OptionID = o->code;
	if (o->n_values)
		els = dfoc_blk_take(b, o->n_values * sizeof(*els), _Alignof(DHCP_OPTION_DATA_ELEMENT));
	for (i = 0; i < o->n_values; i++)
		wvalue_place(b, o->type, &o->values[i], els ? &els[i] : &scratch);
	w->Value.NumElements = o->n_values;
	w->Value.Elements = els;
}

static int woption_root_place(struct dfoc_blk *b, const void *src, void *root)
{
	woption_place(b, src, root);
	return 0;
}

DWORD DHCP_API_FUNCTION DhcpGetOptionValueV5(LPWSTR ServerIpAddress, DWORD Flags,
					     DHCP_OPTION_ID OptionID, LPWSTR ClassName,
					     LPWSTR VendorName, LPDHCP_OPTION_SCOPE_INFO ScopeInfo,
					     LPDHCP_OPTION_VALUE *OptionValue)
{
	struct dhcpfo_option *o;
	struct dhcpfo_client *c;
	uint32_t scope, st;

	if (!ScopeInfo)
		return dfoc_inval("ScopeInfo is NULL");
	if (!OptionValue)
		return dfoc_inval("OptionValue is NULL");
	*OptionValue = NULL;
	st = option_scope(Flags, ClassName, VendorName, ScopeInfo, &scope);
	if (st)
		return st;
	st = dfoc_win_open(ServerIpAddress, &c);
	if (st)
		return st;
	st = dhcpfo_scope_option_get(c, scope, OptionID, &o);
	dhcpfo_client__close(c);
	if (st)
		return st;
	*OptionValue = DFOC_BUILD(DHCP_OPTION_VALUE, woption_root_place, o, "scope.option_get", &st);
	dhcpfo_free(o);
	return st;
}

DWORD DHCP_API_FUNCTION DhcpRemoveOptionValueV5(LPWSTR ServerIpAddress, DWORD Flags,
						DHCP_OPTION_ID OptionID, LPWSTR ClassName,
						LPWSTR VendorName, LPDHCP_OPTION_SCOPE_INFO ScopeInfo)
{
	struct dhcpfo_client *c;
	uint32_t scope, st;

	if (!ScopeInfo)
		return dfoc_inval("ScopeInfo is NULL");
	st = option_scope(Flags, ClassName, VendorName, ScopeInfo, &scope);
	if (st)
		return st;
	st = dfoc_win_open(ServerIpAddress, &c);
	if (st)
		return st;
	st = dhcpfo_scope_option_remove(c, scope, OptionID);
	dhcpfo_client__close(c);
	return st;
}

/* One page of the options: [first, first + n) */
struct opt_page {
	const struct dhcpfo_option_array *all;
	uint32_t first, n;
};

static int wvalues_place(struct dfoc_blk *b, const void *src, void *root)
{
	const struct opt_page *p = src;
	DHCP_OPTION_VALUE_ARRAY *w = root;
	DHCP_OPTION_VALUE scratch, *vals = NULL;
	uint32_t i;

	if (p->n)
		vals = dfoc_blk_take(b, p->n * sizeof(*vals), _Alignof(DHCP_OPTION_VALUE));
	for (i = 0; i < p->n; i++)
		woption_place(b, &p->all->items[p->first + i], vals ? &vals[i] : &scratch);
	w->NumElements = p->n;
	w->Values = vals;
	return 0;
}

/*
 * The agent returns a scope's options in one reply (a scope has at most 254);
 * the Windows paging (resume handle = index, PreferredMaximum = elements, as
 * for the other enumerations) is applied here.
 */
DWORD DHCP_API_FUNCTION DhcpEnumOptionValuesV5(LPWSTR ServerIpAddress, DWORD Flags,
					       LPWSTR ClassName, LPWSTR VendorName,
					       LPDHCP_OPTION_SCOPE_INFO ScopeInfo,
					       DHCP_RESUME_HANDLE *ResumeHandle,
					       DWORD PreferredMaximum,
					       LPDHCP_OPTION_VALUE_ARRAY *OptionValues,
					       DWORD *OptionsRead, DWORD *OptionsTotal)
{
	struct dhcpfo_option_array *all;
	struct dhcpfo_client *c;
	struct opt_page page;
	uint32_t scope, st;

	if (!ScopeInfo)
		return dfoc_inval("ScopeInfo is NULL");
	if (!ResumeHandle)
		return dfoc_inval("ResumeHandle is NULL");
	if (!OptionValues)
		return dfoc_inval("OptionValues is NULL");
	if (!OptionsRead)
		return dfoc_inval("OptionsRead is NULL");
	if (!OptionsTotal)
		return dfoc_inval("OptionsTotal is NULL");
	*OptionValues = NULL;
	*OptionsRead = *OptionsTotal = 0;
	st = option_scope(Flags, ClassName, VendorName, ScopeInfo, &scope);
	if (st)
		return st;
	st = dfoc_win_open(ServerIpAddress, &c);
	if (st)
		return st;
	st = dhcpfo_scope_option_enum(c, scope, &all);
	dhcpfo_client__close(c);
	if (st)
		return st;
	if (*ResumeHandle >= all->n || !PreferredMaximum) {
		dhcpfo_free(all);
		return dfoc_fail(DHCPFO_ERROR_NO_MORE_ITEMS, "no more option values at index %u",
				 *ResumeHandle);
	}
	page.all = all;
	page.first = *ResumeHandle;
	page.n = all->n - page.first;
	if (PreferredMaximum < page.n)
		page.n = PreferredMaximum;
	*OptionValues = DFOC_BUILD(DHCP_OPTION_VALUE_ARRAY, wvalues_place, &page,
				   "scope.option_enum", &st);
	if (!st) {
		*ResumeHandle = page.first + page.n;
		*OptionsRead = page.n;
		*OptionsTotal = all->n - *ResumeHandle;
		st = *OptionsTotal ? DHCPFO_ERROR_MORE_DATA : 0;
	}
	dhcpfo_free(all);
	return st;
}
