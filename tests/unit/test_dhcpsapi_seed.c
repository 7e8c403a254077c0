// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A program written against dhcpsapi.h alone, as it would be for Windows
 * Server: it includes <dhcpsapi.h>, libc and cmocka and nothing of dhcpfo's
 * own. It runs the seed calls end to end against a dhcpfod it starts:
 * DhcpCreateSubnet and DhcpAddSubnetElementV5, then
 * DhcpV4FailoverCreateRelationship, DhcpV4FailoverSetRelationship (to
 * NORMAL), DhcpV4FailoverAddScopeToRelationship,
 * DhcpV4FailoverGetScopeRelationship and DhcpV4FailoverEnumRelationship
 * paging, freeing every result with DhcpRpcFreeMemory.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cmocka.h>

#include <dhcpsapi.h>

#define IP(a, b, c, d) ((DWORD)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define N_SCOPES 12
#define N_RELS 5

static pid_t agent;
static char dir[64];

/* dhcpfod --no-xdp in a private directory; $DHCPFO_SOCKET tells the library where */
static int start_agent(void **state)
{
	const char *build = getenv("DFO_BUILD");
	char bin[256], sock[128], st[128], pins[128];
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	int i;

	(void)state;
	snprintf(bin, sizeof(bin), "%s/dhcpfod", build && *build ? build : "build");
	if (access(bin, X_OK)) {
		fprintf(stderr, "FAIL: %s is missing: run 'make' first\n", bin);
		return -1;
	}
	strcpy(dir, "/tmp/dfo-seed-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(sock, sizeof(sock), "%s/sock", dir);
	snprintf(st, sizeof(st), "%s/state", dir);
	snprintf(pins, sizeof(pins), "%s/pins", dir);
	agent = fork();
	if (agent == 0) {
		char log[128];
		int fd;

		snprintf(log, sizeof(log), "%s/log", dir);
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		execl(bin, bin, "--no-xdp", "--instance", "seedtest", "--state-dir", st,
		      "--socket", sock, "--pin-root", pins, (char *)NULL);
		_exit(127);
	}
	setenv("DHCPFO_SOCKET", sock, 1);
	for (i = 0; i < 2000; i++) {
		DWORD t, d;

		/* the first call that gets through means the agent serves */
		if (DhcpV4FailoverGetSystemTime(NULL, &t, &d) == ERROR_SUCCESS)
			return 0;
		if (waitpid(agent, NULL, WNOHANG) == agent) {
			fprintf(stderr, "FAIL: dhcpfod exited (see %s/log)\n", dir);
			return -1;
		}
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "FAIL: dhcpfod did not serve within 10 s\n");
	return -1;
}

static int stop_agent(void **state)
{
	char cmd[96];
	int status = 0;

	(void)state;
	if (agent > 0) {
		kill(agent, SIGTERM);
		waitpid(agent, &status, 0);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static DHCP_IP_ADDRESS scope_addr(int i)
{
	return IP(172, 16, i, 0);
}

static void test_create_subnets(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < N_SCOPES; i++) {
		DHCP_SUBNET_INFO info = {
			.SubnetAddress = scope_addr(i),
			.SubnetMask = IP(255, 255, 255, 0),
			.SubnetName = L"seed scope",
			.SubnetComment = L"created through dhcpsapi.h",
			.SubnetState = DhcpSubnetEnabled,
		};
		DHCP_BOOTP_IP_RANGE range = { scope_addr(i) + 10, scope_addr(i) + 250, 0, 0 };
		DHCP_SUBNET_ELEMENT_DATA_V5 el = { .ElementType = DhcpIpRangesDhcpOnly,
						   .Element.IpRange = &range };

		assert_int_equal(DhcpCreateSubnet(NULL, scope_addr(i), &info), ERROR_SUCCESS);
		assert_int_equal(DhcpAddSubnetElementV5(NULL, scope_addr(i), &el), ERROR_SUCCESS);
	}
	assert_int_equal(DhcpCreateSubnet(NULL, scope_addr(0), &(DHCP_SUBNET_INFO){
			 .SubnetAddress = scope_addr(0), .SubnetMask = IP(255, 255, 255, 0) }),
			 ERROR_DHCP_SUBNET_EXISTS);
}

/* One relationship per scope pair ... then the seeds' calls on it. */
static void test_relationships(void **state)
{
	wchar_t names[N_RELS][16];
	int i;

	(void)state;
	for (i = 0; i < N_RELS; i++) {
		DHCP_IP_ADDRESS scope = scope_addr(2 * i);
		DHCP_IP_ARRAY scopes = { 1, &scope };
		DHCP_FAILOVER_RELATIONSHIP rel = {
			.PrimaryServer = IP(192, 0, 2, 1),
			.SecondaryServer = IP(192, 0, 2, 2),
			.Mode = i % 2 ? HotStandby : LoadBalance,
			.ServerType = PrimaryServer,
			.Mclt = 3600,
			.SafePeriod = 0,
			.RelationshipName = names[i],
			.pScopes = &scopes,
			.Percentage = i % 2 ? 5 : 50,
		};
		DHCP_FAILOVER_RELATIONSHIP normal = { .RelationshipName = names[i], .State = NORMAL };

		swprintf(names[i], 16, L"seed-%d", i);
		assert_int_equal(DhcpV4FailoverCreateRelationship(NULL, &rel), ERROR_SUCCESS);
		assert_int_equal(DhcpV4FailoverCreateRelationship(NULL, &rel),
				 ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP);
		/* scopes join relationships in NORMAL */
		assert_int_equal(DhcpV4FailoverSetRelationship(NULL, CHANGESTATE, &normal),
				 ERROR_SUCCESS);
	}
}

static void test_add_and_find_scopes(void **state)
{
	LPDHCP_FAILOVER_RELATIONSHIP rel = NULL;
	int i;

	(void)state;
	for (i = 0; i < N_RELS; i++) {
		DHCP_IP_ADDRESS scope = scope_addr(2 * i + 1);
		DHCP_IP_ARRAY scopes = { 1, &scope };
		wchar_t name[16];
		DHCP_FAILOVER_RELATIONSHIP add = { .RelationshipName = name, .pScopes = &scopes };

		swprintf(name, 16, L"seed-%d", i);
		assert_int_equal(DhcpV4FailoverAddScopeToRelationship(NULL, &add), ERROR_SUCCESS);
		assert_int_equal(DhcpV4FailoverGetScopeRelationship(NULL, scope, &rel), ERROR_SUCCESS);
		assert_true(wcscmp(rel->RelationshipName, name) == 0);
		assert_int_equal(rel->pScopes->NumElements, 2);
		assert_int_equal(rel->pScopes->Elements[0], scope_addr(2 * i));
		assert_int_equal(rel->pScopes->Elements[1], scope);
		assert_int_equal(rel->State, NORMAL);
		assert_int_equal(rel->SafePeriod, 0xffffffff);	/* 0: no automatic transition */
		DhcpRpcFreeMemory(rel);
	}
	/* the last two scopes are in none */
	assert_int_equal(DhcpV4FailoverGetScopeRelationship(NULL, scope_addr(N_SCOPES - 1), &rel),
			 ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP);
}

static void test_enum_pages(void **state)
{
	LPDHCP_FAILOVER_RELATIONSHIP_ARRAY page;
	DHCP_RESUME_HANDLE resume = 0;
	DWORD read, total, status, seen = 0, i;

	(void)state;
	do {
		status = DhcpV4FailoverEnumRelationship(NULL, &resume, 2, &page, &read, &total);
		assert_true(status == ERROR_SUCCESS || status == ERROR_MORE_DATA);
		assert_int_equal(page->NumElements, read);
		for (i = 0; i < read; i++) {
			wchar_t name[16];

			swprintf(name, 16, L"seed-%u", seen + i);
			assert_true(wcscmp(page->pRelationships[i].RelationshipName, name) == 0);
			assert_int_equal(page->pRelationships[i].pScopes->NumElements, 2);
		}
		seen += read;
		assert_int_equal(total, N_RELS - seen);
		DhcpRpcFreeMemory(page);
	} while (status == ERROR_MORE_DATA);
	assert_int_equal(seen, N_RELS);
	assert_int_equal(DhcpV4FailoverEnumRelationship(NULL, &resume, 2, &page, &read, &total),
			 ERROR_NO_MORE_ITEMS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_subnets),
		cmocka_unit_test(test_relationships),
		cmocka_unit_test(test_add_and_find_scopes),
		cmocka_unit_test(test_enum_pages),
	};

	return cmocka_run_group_tests(tests, start_agent, stop_agent);
}
