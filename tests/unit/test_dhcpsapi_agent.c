// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The dhcpsapi.h layer against a real dhcpfod: the Windows functions'
 * server-side error paths in order, wchar_t names (non-ASCII, 126 vs 127
 * characters) through UTF-8 and back, every field of a relationship, the
 * subnet, element and option functions, and whole returned trees released
 * by one DhcpRpcFreeMemory each (LeakSanitizer checks at exit).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <cmocka.h>

#include "dhcpsapi.h"
#include "dhcpfo.h"	/* only for dhcpfo_strerror_last() in failure messages */
#include "test_api_spawn.h"

#define IP(a, b, c, d) ((DWORD)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define MASK24 IP(255, 255, 255, 0)
#define NET(n) IP(10, 2, (n), 0)

static struct test_agent agent;

static int setup(void **state)
{
	(void)state;
	return test_agent_start(&agent, NULL);
}

static int teardown(void **state)
{
	(void)state;
	return test_agent_stop(&agent);
}

#define EXPECT(status, call) do {						\
	DWORD st_ = (call);							\
	if (st_ != (DWORD)(status))						\
		fail_msg("%s: got %u (%s), want %u", #call, st_,		\
			 dhcpfo_strerror_last(), (DWORD)(status));		\
} while (0)
#define OK(call) EXPECT(ERROR_SUCCESS, call)

static void mk_subnet(int n, const wchar_t *name)
{
	DHCP_SUBNET_INFO si = { .SubnetAddress = NET(n), .SubnetMask = MASK24,
				.SubnetName = (LPWSTR)name, .SubnetState = DhcpSubnetEnabled };
	DHCP_BOOTP_IP_RANGE r = { .StartAddress = NET(n) + 10, .EndAddress = NET(n) + 200 };
	DHCP_SUBNET_ELEMENT_DATA_V5 el = { .ElementType = DhcpIpRangesDhcpOnly,
					   .Element.IpRange = &r };

	OK(DhcpCreateSubnet(NULL, NET(n), &si));
	OK(DhcpAddSubnetElementV5(NULL, NET(n), &el));
}

static DHCP_FAILOVER_RELATIONSHIP rel_tmpl(LPWSTR name, LPDHCP_IP_ARRAY scopes)
{
	DHCP_FAILOVER_RELATIONSHIP r = {
		.PrimaryServer = IP(192, 0, 2, 1),
		.SecondaryServer = IP(192, 0, 2, 2),
		.Mode = LoadBalance,
		.ServerType = PrimaryServer,
		.Mclt = 3600,
		.RelationshipName = name,
		.pScopes = scopes,
		.Percentage = 50,
	};

	return r;
}

static void mk_rel(LPWSTR name, DWORD scope)
{
	DHCP_IP_ARRAY a = { 1, &scope };
	DHCP_FAILOVER_RELATIONSHIP r = rel_tmpl(name, &a);

	OK(DhcpV4FailoverCreateRelationship(NULL, &r));
}

static void set_state(LPWSTR name, FSM_STATE s)
{
	DHCP_FAILOVER_RELATIONSHIP r = { .RelationshipName = name, .State = s };

	OK(DhcpV4FailoverSetRelationship(NULL, CHANGESTATE, &r));
}

/* ---- relationships ---------------------------------------------------------------- */

static void test_relationship_roundtrip(void **state)
{
	DHCP_IP_ADDRESS sc[] = { NET(1), NET(2) };
	DHCP_IP_ARRAY arr = { 2, sc };
	DHCP_FAILOVER_RELATIONSHIP r = {
		.PrimaryServer = IP(198, 51, 100, 1),
		.SecondaryServer = IP(203, 0, 113, 2),
		.Mode = HotStandby,
		.ServerType = SecondaryServer,
		.State = NORMAL,		/* ignored: a new relationship is STARTUP */
		.PrevState = PARTNER_DOWN,
		.Mclt = 2700,
		.SafePeriod = 600,
		.RelationshipName = L"Z\u00fcrich \u2194 \u6771\u4eac \U0001F600",
		.PrimaryServerName = L"dhcp-\u00e5",
		.SecondaryServerName = L"dhcp-b",
		.pScopes = &arr,
		.Percentage = 7,
		.SharedSecret = L"s\u00e9cret",
	};
	LPDHCP_FAILOVER_RELATIONSHIP got;

	(void)state;
	mk_subnet(1, L"one");
	mk_subnet(2, L"two");
	OK(DhcpV4FailoverCreateRelationship(NULL, &r));
	OK(DhcpV4FailoverGetRelationship(NULL, r.RelationshipName, &got));
	assert_int_equal(got->PrimaryServer, r.PrimaryServer);
	assert_int_equal(got->SecondaryServer, r.SecondaryServer);
	assert_int_equal(got->Mode, HotStandby);
	assert_int_equal(got->ServerType, SecondaryServer);
	assert_int_equal(got->State, STARTUP);
	assert_int_equal(got->PrevState, INIT);
	assert_int_equal(got->Mclt, 2700);
	assert_int_equal(got->SafePeriod, 600);
	assert_true(wcscmp(got->RelationshipName, r.RelationshipName) == 0);
	assert_true(wcscmp(got->PrimaryServerName, r.PrimaryServerName) == 0);
	assert_true(wcscmp(got->SecondaryServerName, r.SecondaryServerName) == 0);
	assert_int_equal(got->pScopes->NumElements, 2);
	assert_int_equal(got->pScopes->Elements[0], NET(1));
	assert_int_equal(got->pScopes->Elements[1], NET(2));
	assert_int_equal(got->Percentage, 7);
	assert_null(got->SharedSecret);		/* never sent back */
	DhcpRpcFreeMemory(got);
	/* found through either scope too */
	OK(DhcpV4FailoverGetScopeRelationship(NULL, NET(2), &got));
	assert_true(wcscmp(got->RelationshipName, r.RelationshipName) == 0);
	DhcpRpcFreeMemory(got);
}

/* 126 characters of any plane are a name; 127 are too long. */
static void test_name_126_127(void **state)
{
	wchar_t name[128];
	LPDHCP_FAILOVER_RELATIONSHIP got;
	DHCP_IP_ADDRESS s = NET(1);
	DHCP_IP_ARRAY a = { 1, &s };
	DHCP_FAILOVER_RELATIONSHIP r = rel_tmpl(name, &a);
	int i;

	(void)state;
	mk_subnet(1, L"one");
	for (i = 0; i < 127; i++)
		name[i] = i % 2 ? L'\u00df' : L'\U00010348';
	name[127] = 0;
	EXPECT(ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG, DhcpV4FailoverCreateRelationship(NULL, &r));
	name[126] = 0;
	OK(DhcpV4FailoverCreateRelationship(NULL, &r));
	OK(DhcpV4FailoverGetRelationship(NULL, name, &got));
	assert_int_equal(wcslen(got->RelationshipName), 126);
	assert_true(wcscmp(got->RelationshipName, name) == 0);
	DhcpRpcFreeMemory(got);
	OK(DhcpV4FailoverDeleteRelationship(NULL, name));
}

/* DhcpV4FailoverCreateRelationship: the MS-DHCPM 3.2.4.90 order */
static void test_create_errors(void **state)
{
	DHCP_IP_ADDRESS s1 = NET(1), s2 = NET(2), missing = NET(99);
	DHCP_IP_ARRAY a1 = { 1, &s1 }, a2 = { 1, &s2 }, am = { 1, &missing }, empty = { 0, NULL };
	DHCP_FAILOVER_RELATIONSHIP r;
	wchar_t long_name[128];

	(void)state;
	mk_subnet(1, L"one");
	mk_subnet(2, L"two");
	wmemset(long_name, L'x', 127);
	long_name[127] = 0;
	r = rel_tmpl(L"r", &a1);
	r.PrimaryServer = 0;
	EXPECT(ERROR_INVALID_PARAMETER, DhcpV4FailoverCreateRelationship(NULL, &r));
	r = rel_tmpl(L"r", &a1);
	r.SecondaryServer = 0;
	EXPECT(ERROR_INVALID_PARAMETER, DhcpV4FailoverCreateRelationship(NULL, &r));
	r = rel_tmpl(L"r", NULL);
	EXPECT(ERROR_INVALID_PARAMETER, DhcpV4FailoverCreateRelationship(NULL, &r));
	r = rel_tmpl(L"r", &empty);
	EXPECT(ERROR_INVALID_PARAMETER, DhcpV4FailoverCreateRelationship(NULL, &r));
	r = rel_tmpl(L"r", &a1);
	r.Percentage = 101;
	EXPECT(ERROR_INVALID_PARAMETER, DhcpV4FailoverCreateRelationship(NULL, &r));
	r.Percentage = 50;
	r.Mode = (DHCP_FAILOVER_MODE)2;
	EXPECT(ERROR_INVALID_PARAMETER, DhcpV4FailoverCreateRelationship(NULL, &r));
	r.Mode = LoadBalance;
	r.ServerType = (DHCP_FAILOVER_SERVER)2;
	EXPECT(ERROR_INVALID_PARAMETER, DhcpV4FailoverCreateRelationship(NULL, &r));
	r = rel_tmpl(long_name, &am);
	EXPECT(ERROR_DHCP_SUBNET_NOT_PRESENT, DhcpV4FailoverCreateRelationship(NULL, &r));
	r = rel_tmpl(long_name, &a1);
	EXPECT(ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG, DhcpV4FailoverCreateRelationship(NULL, &r));
	mk_rel(L"first", NET(1));
	r = rel_tmpl(L"first", &a1);
	EXPECT(ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP, DhcpV4FailoverCreateRelationship(NULL, &r));
	r = rel_tmpl(L"first", &a2);
	EXPECT(ERROR_DHCP_FO_RELATIONSHIP_EXISTS, DhcpV4FailoverCreateRelationship(NULL, &r));
}

/* DhcpV4FailoverAddScopeToRelationship: the 3.2.4.95 order */
static void test_add_scope_errors(void **state)
{
	DHCP_IP_ADDRESS many[401], s2 = NET(2), s1 = NET(1), missing = NET(99);
	DHCP_IP_ARRAY am = { 401, many }, a2 = { 1, &s2 }, a1 = { 1, &s1 }, amiss = { 1, &missing };
	DHCP_FAILOVER_RELATIONSHIP r = { .RelationshipName = L"r", .pScopes = NULL };
	LPDHCP_FAILOVER_RELATIONSHIP got;
	int i;

	(void)state;
	for (i = 0; i < 401; i++)
		many[i] = IP(10, 201, i / 256, i % 256);
	mk_subnet(1, L"one");
	mk_subnet(2, L"two");
	EXPECT(ERROR_INVALID_PARAMETER, DhcpV4FailoverAddScopeToRelationship(NULL, &r));
	r.pScopes = &am;
	EXPECT(ERROR_DHCP_FO_MAX_ADD_SCOPES, DhcpV4FailoverAddScopeToRelationship(NULL, &r));
	r.pScopes = &amiss;
	EXPECT(ERROR_DHCP_SUBNET_NOT_PRESENT, DhcpV4FailoverAddScopeToRelationship(NULL, &r));
	r.pScopes = &a2;
	EXPECT(ERROR_FILE_NOT_FOUND, DhcpV4FailoverAddScopeToRelationship(NULL, &r));
	mk_rel(L"r", NET(1));
	r.RelationshipName = L"other";
	r.pScopes = &a1;
	EXPECT(ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP, DhcpV4FailoverAddScopeToRelationship(NULL, &r));
	r.pScopes = &a2;
	EXPECT(ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST, DhcpV4FailoverAddScopeToRelationship(NULL, &r));
	r.RelationshipName = L"r";
	EXPECT(ERROR_DHCP_FO_STATE_NOT_NORMAL, DhcpV4FailoverAddScopeToRelationship(NULL, &r));
	set_state(L"r", NORMAL);
	OK(DhcpV4FailoverAddScopeToRelationship(NULL, &r));
	OK(DhcpV4FailoverGetScopeRelationship(NULL, NET(2), &got));
	assert_int_equal(got->pScopes->NumElements, 2);
	assert_int_equal(got->State, NORMAL);
	assert_int_equal(got->PrevState, STARTUP);
	DhcpRpcFreeMemory(got);
	/* and back out */
	OK(DhcpV4FailoverDeleteScopeFromRelationship(NULL, &r));
	EXPECT(ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP, DhcpV4FailoverDeleteScopeFromRelationship(NULL, &r));
	EXPECT(ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP, DhcpV4FailoverGetScopeRelationship(NULL, NET(2), &got));
	assert_null(got);
}

/* DhcpV4FailoverGetScopeRelationship: 3.2.4.97 */
static void test_get_scope_relationship_errors(void **state)
{
	LPDHCP_FAILOVER_RELATIONSHIP got;

	(void)state;
	EXPECT(ERROR_INVALID_PARAMETER, DhcpV4FailoverGetScopeRelationship(NULL, 0, &got));
	EXPECT(ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP, DhcpV4FailoverGetScopeRelationship(NULL, NET(1), &got));
	mk_subnet(1, L"one");
	EXPECT(ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP, DhcpV4FailoverGetScopeRelationship(NULL, NET(1), &got));
	mk_rel(L"r", NET(1));
	OK(DhcpV4FailoverGetScopeRelationship(NULL, NET(1), &got));
	assert_true(wcscmp(got->RelationshipName, L"r") == 0);
	DhcpRpcFreeMemory(got);
}

/* DhcpV4FailoverEnumRelationship: 3.2.4.94 paging */
static void test_enum_paging(void **state)
{
	static const wchar_t *const names[] = { L"g", L"c", L"e", L"a", L"f", L"b", L"d" };
	LPDHCP_FAILOVER_RELATIONSHIP_ARRAY a;
	DHCP_RESUME_HANDLE h = 0;
	DWORD rd, tot, seen = 0, st, i;
	wchar_t expect = L'a';

	(void)state;
	EXPECT(ERROR_NO_MORE_ITEMS, DhcpV4FailoverEnumRelationship(NULL, &h, 3, &a, &rd, &tot));
	assert_null(a);
	for (i = 0; i < 7; i++) {
		mk_subnet((int)i + 1, L"s");
		mk_rel((LPWSTR)names[i], NET(i + 1));
	}
	do {
		st = DhcpV4FailoverEnumRelationship(NULL, &h, 3, &a, &rd, &tot);
		assert_true(st == ERROR_SUCCESS || st == ERROR_MORE_DATA);
		assert_int_equal(a->NumElements, rd);
		for (i = 0; i < rd; i++) {
			assert_int_equal(a->pRelationships[i].RelationshipName[0], expect++);
			assert_int_equal(a->pRelationships[i].pScopes->NumElements, 1);
		}
		seen += rd;
		assert_int_equal(tot, 7 - seen);
		assert_int_equal(h, seen);
		assert_int_equal(st == ERROR_MORE_DATA, tot > 0);
		DhcpRpcFreeMemory(a);
	} while (st == ERROR_MORE_DATA);
	assert_int_equal(seen, 7);
	EXPECT(ERROR_NO_MORE_ITEMS, DhcpV4FailoverEnumRelationship(NULL, &h, 3, &a, &rd, &tot));
}

static void test_set_delete(void **state)
{
	DHCP_FAILOVER_RELATIONSHIP r = { .RelationshipName = L"r", .Mclt = 60, .Percentage = 90,
					 .SafePeriod = 0, .SharedSecret = L"k" };
	LPDHCP_FAILOVER_RELATIONSHIP got;

	(void)state;
	EXPECT(ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST, DhcpV4FailoverSetRelationship(NULL, MCLT, &r));
	mk_subnet(1, L"one");
	mk_rel(L"r", NET(1));
	EXPECT(ERROR_INVALID_PARAMETER, DhcpV4FailoverSetRelationship(NULL, 0, &r));
	OK(DhcpV4FailoverSetRelationship(NULL, MCLT | PERCENTAGE | SAFEPERIOD | SHAREDSECRET, &r));
	OK(DhcpV4FailoverGetRelationship(NULL, L"r", &got));
	assert_int_equal(got->Mclt, 60);
	assert_int_equal(got->Percentage, 90);
	assert_int_equal(got->SafePeriod, 0xffffffff);
	assert_int_equal(got->Mode, LoadBalance);
	DhcpRpcFreeMemory(got);
	r.Mode = HotStandby;
	r.PrevState = RECOVER;
	OK(DhcpV4FailoverSetRelationship(NULL, MODE | PREVSTATE, &r));
	OK(DhcpV4FailoverGetRelationship(NULL, L"r", &got));
	assert_int_equal(got->Mode, HotStandby);
	assert_int_equal(got->PrevState, RECOVER);
	DhcpRpcFreeMemory(got);
	EXPECT(ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST, DhcpV4FailoverDeleteRelationship(NULL, L"x"));
	OK(DhcpV4FailoverDeleteRelationship(NULL, L"r"));
	EXPECT(ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST, DhcpV4FailoverGetRelationship(NULL, L"r", &got));
	assert_null(got);
}

/* Statistics, address status, time, client info, trigger: true values only. */
static void test_failover_data(void **state)
{
	LPDHCP_FAILOVER_STATISTICS st;
	DHCP_SEARCH_INFO si = { .SearchType = DhcpClientName, .SearchInfo.ClientName = L"h\u00f6st" };
	LPDHCPV4_FAILOVER_CLIENT_INFO ci;
	DHCP_IP_RANGE ex = { NET(1) + 100, NET(1) + 109 };
	DHCP_SUBNET_ELEMENT_DATA_V5 el = { .ElementType = DhcpExcludedIpRanges,
					   .Element.ExcludeIpRange = &ex };
	DWORD t, delta, status;
	time_t now = time(NULL);

	(void)state;
	mk_subnet(1, L"one");
	OK(DhcpAddSubnetElementV5(NULL, NET(1), &el));
	EXPECT(ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP, DhcpV4FailoverGetScopeStatistics(NULL, NET(1), &st));
	assert_null(st);
	mk_rel(L"r", NET(1));
	OK(DhcpV4FailoverGetScopeStatistics(NULL, NET(1), &st));
	assert_int_equal(st->NumAddr, 181);
	assert_int_equal(st->AddrFree, 181);
	assert_int_equal(st->AddrInUse, 0);
	assert_int_equal(st->ThisAddrInUse + st->PartnerAddrInUse, 0);
	assert_int_equal(st->ThisAddrFree + st->PartnerAddrFree, 181);
	DhcpRpcFreeMemory(st);
	OK(DhcpV4FailoverGetAddressStatus(NULL, NET(1) + 105, &status));
	assert_int_equal(status, 2);	/* excluded */
	OK(DhcpV4FailoverGetSystemTime(NULL, &t, &delta));
	assert_true(t + 5 >= (DWORD)now && t <= (DWORD)now + 5);
	EXPECT(ERROR_DHCP_JET_ERROR, DhcpV4FailoverGetClientInfo(NULL, &si, &ci));
	assert_null(ci);
	OK(DhcpV4FailoverTriggerAddrAllocation(NULL, L"r"));
	EXPECT(ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST, DhcpV4FailoverTriggerAddrAllocation(NULL, L"q"));
}

/* ---- subnets, elements, options ------------------------------------------------------ */

static void test_subnets(void **state)
{
	DHCP_SUBNET_INFO si = { .SubnetAddress = NET(1), .SubnetMask = MASK24,
				.SubnetName = L"b\u00fcro", .SubnetComment = L"3rd floor",
				.SubnetState = DhcpSubnetEnabled };
	LPDHCP_SUBNET_INFO got;
	LPDHCP_IP_ARRAY ips;
	DHCP_RESUME_HANDLE h = 0;
	DWORD rd, tot;

	(void)state;
	OK(DhcpCreateSubnet(NULL, NET(1), &si));
	EXPECT(ERROR_DHCP_SUBNET_EXISTS, DhcpCreateSubnet(NULL, NET(1), &si));
	si.SubnetAddress = NET(2) + 5;
	EXPECT(ERROR_DHCP_INVALID_SUBNET_PREFIX, DhcpCreateSubnet(NULL, NET(2) + 5, &si));
	OK(DhcpGetSubnetInfo(NULL, NET(1), &got));
	assert_int_equal(got->SubnetAddress, NET(1));
	assert_int_equal(got->SubnetMask, MASK24);
	assert_true(wcscmp(got->SubnetName, L"b\u00fcro") == 0);
	assert_true(wcscmp(got->SubnetComment, L"3rd floor") == 0);
	assert_int_equal(got->SubnetState, DhcpSubnetEnabled);
	DhcpRpcFreeMemory(got);
	si.SubnetAddress = NET(1);
	si.SubnetName = L"lab";
	si.SubnetState = DhcpSubnetDisabled;
	OK(DhcpSetSubnetInfo(NULL, NET(1), &si));
	OK(DhcpGetSubnetInfo(NULL, NET(1), &got));
	assert_true(wcscmp(got->SubnetName, L"lab") == 0);
	assert_int_equal(got->SubnetState, DhcpSubnetDisabled);
	DhcpRpcFreeMemory(got);
	EXPECT(ERROR_DHCP_SUBNET_NOT_PRESENT, DhcpGetSubnetInfo(NULL, NET(9), &got));
	assert_null(got);
	mk_subnet(3, L"three");
	mk_subnet(2, L"two");
	EXPECT(ERROR_MORE_DATA, DhcpEnumSubnets(NULL, &h, 2, &ips, &rd, &tot));
	assert_int_equal(ips->NumElements, 2);
	assert_int_equal(ips->Elements[0], NET(1));
	assert_int_equal(ips->Elements[1], NET(2));
	assert_int_equal(tot, 1);
	DhcpRpcFreeMemory(ips);
	OK(DhcpEnumSubnets(NULL, &h, 2, &ips, &rd, &tot));
	assert_int_equal(ips->Elements[0], NET(3));
	DhcpRpcFreeMemory(ips);
	EXPECT(ERROR_NO_MORE_ITEMS, DhcpEnumSubnets(NULL, &h, 2, &ips, &rd, &tot));
	mk_rel(L"r", NET(3));
	EXPECT(ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP, DhcpDeleteSubnet(NULL, NET(3), DhcpFullForce));
	OK(DhcpDeleteSubnet(NULL, NET(2), DhcpNoForce));
	EXPECT(ERROR_DHCP_SUBNET_NOT_PRESENT, DhcpDeleteSubnet(NULL, NET(2), DhcpNoForce));
}

static void test_elements(void **state)
{
	DHCP_BOOTP_IP_RANGE rg = { NET(1) + 10, NET(1) + 99, 0, 0 };
	DHCP_IP_RANGE ex = { NET(1) + 20, NET(1) + 29 };
	BYTE mac[6] = { 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04 };
	DHCP_CLIENT_UID uid = { 6, mac };
	DHCP_IP_RESERVATION_V4 rv = { NET(1) + 50, &uid, CLIENT_TYPE_DHCP };
	DHCP_SUBNET_ELEMENT_DATA_V5 e_rg = { .ElementType = DhcpIpRangesDhcpBootp, .Element.IpRange = &rg };
	DHCP_SUBNET_ELEMENT_DATA_V5 e_ex = { .ElementType = DhcpExcludedIpRanges,
					     .Element.ExcludeIpRange = &ex };
	DHCP_SUBNET_ELEMENT_DATA_V5 e_rv = { .ElementType = DhcpReservedIps, .Element.ReservedIp = &rv };
	DHCP_SUBNET_INFO si = { .SubnetAddress = NET(1), .SubnetMask = MASK24 };
	LPDHCP_SUBNET_ELEMENT_INFO_ARRAY_V5 els;
	DHCP_RESUME_HANDLE h = 0;
	DWORD rd, tot;

	(void)state;
	EXPECT(ERROR_DHCP_SUBNET_NOT_PRESENT, DhcpAddSubnetElementV5(NULL, NET(1), &e_rg));
	OK(DhcpCreateSubnet(NULL, NET(1), &si));
	OK(DhcpAddSubnetElementV5(NULL, NET(1), &e_rg));
	EXPECT(ERROR_DHCP_IPRANGE_EXITS, DhcpAddSubnetElementV5(NULL, NET(1), &e_rg));
	OK(DhcpAddSubnetElementV5(NULL, NET(1), &e_ex));
	OK(DhcpAddSubnetElementV5(NULL, NET(1), &e_rv));
	EXPECT(ERROR_DHCP_RESERVEDIP_EXITS, DhcpAddSubnetElementV5(NULL, NET(1), &e_rv));

	OK(DhcpEnumSubnetElementsV5(NULL, NET(1), DhcpIpRanges, &h, 10, &els, &rd, &tot));
	assert_int_equal(els->NumElements, 1);
	assert_int_equal(els->Elements[0].ElementType, DhcpIpRangesDhcpBootp);
	assert_int_equal(els->Elements[0].Element.IpRange->StartAddress, NET(1) + 10);
	assert_int_equal(els->Elements[0].Element.IpRange->EndAddress, NET(1) + 99);
	DhcpRpcFreeMemory(els);
	h = 0;
	OK(DhcpEnumSubnetElementsV5(NULL, NET(1), DhcpExcludedIpRanges, &h, 10, &els, &rd, &tot));
	assert_int_equal(els->Elements[0].Element.ExcludeIpRange->StartAddress, NET(1) + 20);
	DhcpRpcFreeMemory(els);
	h = 0;
	OK(DhcpEnumSubnetElementsV5(NULL, NET(1), DhcpReservedIps, &h, 10, &els, &rd, &tot));
	assert_int_equal(els->Elements[0].Element.ReservedIp->ReservedIpAddress, NET(1) + 50);
	assert_int_equal(els->Elements[0].Element.ReservedIp->ReservedForClient->DataLength, 6);
	assert_memory_equal(els->Elements[0].Element.ReservedIp->ReservedForClient->Data, mac, 6);
	DhcpRpcFreeMemory(els);

	OK(DhcpRemoveSubnetElementV5(NULL, NET(1), &e_rv, DhcpNoForce));
	OK(DhcpRemoveSubnetElementV5(NULL, NET(1), &e_ex, DhcpFullForce));
	h = 0;
	EXPECT(ERROR_NO_MORE_ITEMS, DhcpEnumSubnetElementsV5(NULL, NET(1), DhcpReservedIps, &h, 10,
							   &els, &rd, &tot));
	assert_null(els);
}

static void test_options(void **state)
{
	BYTE blob[] = { 0x0a, 0x0b };
	DHCP_OPTION_DATA_ELEMENT ips[2] = {
		{ .OptionType = DhcpIpAddressOption, .Element.IpAddressOption = IP(192, 0, 2, 53) },
		{ .OptionType = DhcpIpAddressOption, .Element.IpAddressOption = IP(192, 0, 2, 54) },
	};
	DHCP_OPTION_DATA_ELEMENT str = { .OptionType = DhcpStringDataOption,
					 .Element.StringDataOption = L"ex\u00e4mple.org" };
	DHCP_OPTION_DATA_ELEMENT dw = { .OptionType = DhcpDWordOption, .Element.DWordOption = 86400 };
	DHCP_OPTION_DATA_ELEMENT dd = { .OptionType = DhcpDWordDWordOption,
					.Element.DWordDWordOption = { 7, 9 } };
	DHCP_OPTION_DATA_ELEMENT bn = { .OptionType = DhcpBinaryDataOption,
					.Element.BinaryDataOption = { 2, blob } };
	DHCP_OPTION_DATA d_ips = { 2, ips }, d_str = { 1, &str }, d_dw = { 1, &dw }, d_dd = { 1, &dd },
			 d_bn = { 1, &bn };
	DHCP_OPTION_SCOPE_INFO osi = { .ScopeType = DhcpSubnetOptions,
				       .ScopeInfo.SubnetScopeInfo = NET(1) };
	LPDHCP_OPTION_VALUE ov;
	LPDHCP_OPTION_VALUE_ARRAY ova;
	DHCP_RESUME_HANDLE h = 0;
	DWORD rd, tot;

	(void)state;
	mk_subnet(1, L"one");
	OK(DhcpSetOptionValueV5(NULL, 0, 6, NULL, NULL, &osi, &d_ips));
	OK(DhcpSetOptionValueV5(NULL, 0, 15, NULL, NULL, &osi, &d_str));
	OK(DhcpSetOptionValueV5(NULL, 0, 51, NULL, NULL, &osi, &d_dw));
	OK(DhcpSetOptionValueV5(NULL, 0, 210, NULL, NULL, &osi, &d_dd));
	OK(DhcpSetOptionValueV5(NULL, 0, 121, NULL, NULL, &osi, &d_bn));
	OK(DhcpGetOptionValueV5(NULL, 0, 6, NULL, NULL, &osi, &ov));
	assert_int_equal(ov->OptionID, 6);
	assert_int_equal(ov->Value.NumElements, 2);
	assert_int_equal(ov->Value.Elements[1].Element.IpAddressOption, IP(192, 0, 2, 54));
	DhcpRpcFreeMemory(ov);
	OK(DhcpGetOptionValueV5(NULL, 0, 15, NULL, NULL, &osi, &ov));
	assert_true(wcscmp(ov->Value.Elements[0].Element.StringDataOption, L"ex\u00e4mple.org") == 0);
	DhcpRpcFreeMemory(ov);
	OK(DhcpGetOptionValueV5(NULL, 0, 210, NULL, NULL, &osi, &ov));
	assert_int_equal(ov->Value.Elements[0].Element.DWordDWordOption.DWord1, 7);
	assert_int_equal(ov->Value.Elements[0].Element.DWordDWordOption.DWord2, 9);
	DhcpRpcFreeMemory(ov);
	OK(DhcpGetOptionValueV5(NULL, 0, 121, NULL, NULL, &osi, &ov));
	assert_int_equal(ov->Value.Elements[0].Element.BinaryDataOption.DataLength, 2);
	assert_memory_equal(ov->Value.Elements[0].Element.BinaryDataOption.Data, blob, 2);
	DhcpRpcFreeMemory(ov);
	EXPECT(ERROR_MORE_DATA, DhcpEnumOptionValuesV5(NULL, 0, NULL, NULL, &osi, &h, 3, &ova, &rd, &tot));
	assert_int_equal(ova->NumElements, 3);
	assert_int_equal(ova->Values[0].OptionID, 6);
	assert_int_equal(ova->Values[2].OptionID, 51);
	assert_int_equal(tot, 2);
	DhcpRpcFreeMemory(ova);
	OK(DhcpEnumOptionValuesV5(NULL, 0, NULL, NULL, &osi, &h, 3, &ova, &rd, &tot));
	assert_int_equal(ova->Values[1].OptionID, 210);
	DhcpRpcFreeMemory(ova);
	OK(DhcpRemoveOptionValueV5(NULL, 0, 6, NULL, NULL, &osi));
	EXPECT(ERROR_DHCP_OPTION_NOT_PRESENT, DhcpGetOptionValueV5(NULL, 0, 6, NULL, NULL, &osi, &ov));
	EXPECT(ERROR_DHCP_OPTION_NOT_PRESENT, DhcpRemoveOptionValueV5(NULL, 0, 6, NULL, NULL, &osi));
}

/* Many trees, each freed by one call: LeakSanitizer fails the run on any leftover. */
static void test_free_whole_trees(void **state)
{
	LPDHCP_FAILOVER_RELATIONSHIP_ARRAY a;
	LPDHCP_FAILOVER_RELATIONSHIP r;
	DHCP_RESUME_HANDLE h;
	DWORD rd, tot;
	int i;

	(void)state;
	for (i = 1; i <= 4; i++)
		mk_subnet(i, L"s");
	mk_rel(L"a", NET(1));
	mk_rel(L"b", NET(2));
	set_state(L"b", NORMAL);
	{
		DHCP_IP_ADDRESS s[] = { NET(3), NET(4) };
		DHCP_IP_ARRAY arr = { 2, s };
		DHCP_FAILOVER_RELATIONSHIP add = { .RelationshipName = L"b", .pScopes = &arr };

		OK(DhcpV4FailoverAddScopeToRelationship(NULL, &add));
	}
	for (i = 0; i < 200; i++) {
		h = 0;
		OK(DhcpV4FailoverEnumRelationship(NULL, &h, 10, &a, &rd, &tot));
		assert_int_equal(a->pRelationships[1].pScopes->NumElements, 3);
		DhcpRpcFreeMemory(a);
		OK(DhcpV4FailoverGetScopeRelationship(NULL, NET(4), &r));
		DhcpRpcFreeMemory(r);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_relationship_roundtrip),
		T(test_name_126_127),
		T(test_create_errors),
		T(test_add_scope_errors),
		T(test_get_scope_relationship_errors),
		T(test_enum_paging),
		T(test_set_delete),
		T(test_failover_data),
		T(test_subnets),
		T(test_elements),
		T(test_options),
		T(test_free_whole_trees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
