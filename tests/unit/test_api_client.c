// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libdhcpfo, client side only: argument checks before anything is sent,
 * transport errors, and the encoding of requests and decoding of replies.
 *
 * The peer here is a tiny fake responder (a thread on a private unix
 * socket) that records each request and answers with a canned reply. It
 * exists to see the bytes; the agent's behaviour is tested against the real
 * dhcpfod in test_api_agent.c and test_dhcpsapi_*.c.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "dhcpfo.h"
#include "dhcpsapi.h"
#include "proto.h"

#define IP(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define INVAL DHCPFO_ERROR_INVALID_PARAMETER

/* ---- the fake responder --------------------------------------------------- */

enum fake_mode {
	FAKE_REPLY,		/* reply = canned JSON + v + the request's id */
	FAKE_RAW,		/* send raw_reply as the message body */
	FAKE_WRONG_ID,		/* canned reply with another id */
	FAKE_SILENT,		/* never answer */
	FAKE_CLOSE,		/* close the connection */
};

static struct fake {
	char dir[64], path[128];
	int lfd;
	pthread_t thr;
	volatile int stop;
	pthread_mutex_t lock;
	enum fake_mode mode;
	char reply[8192];
	int n_requests;
	json_object *last;	/* the last request */
} fk;

static void fake_answer(int fd, const char *txt, size_t len)
{
	json_object *req = json_tokener_parse(txt), *rep, *id = NULL;
	const char *out;

	pthread_mutex_lock(&fk.lock);
	fk.n_requests++;
	json_object_put(fk.last);
	fk.last = req;
	if (req)
		json_object_object_get_ex(req, "id", &id);
	switch (fk.mode) {
	case FAKE_SILENT:
		break;
	case FAKE_CLOSE:
		shutdown(fd, SHUT_RDWR);
		break;
	case FAKE_RAW:
		dfo_proto_send(fd, fk.reply, strlen(fk.reply));
		break;
	case FAKE_REPLY:
	case FAKE_WRONG_ID:
		rep = json_tokener_parse(fk.reply);
		if (!rep)	/* a broken canned reply: no cmocka asserts off the main thread */
			rep = json_object_new_object();
		json_object_object_add(rep, "v", json_object_new_int(1));
		json_object_object_add(rep, "id", fk.mode == FAKE_WRONG_ID ?
				       json_object_new_int(424242) : json_object_get(id));
		out = json_object_to_json_string_ext(rep, JSON_C_TO_STRING_PLAIN);
		dfo_proto_send(fd, out, strlen(out));
		json_object_put(rep);
		break;
	}
	pthread_mutex_unlock(&fk.lock);
	(void)len;
}

#define FAKE_MAX_CONN 16

/* Serves every open connection (a test holds a handle while the Windows layer opens more). */
static void *fake_thread(void *arg)
{
	struct pollfd p[1 + FAKE_MAX_CONN];
	int n = 1, i;

	(void)arg;
	p[0].fd = fk.lfd;
	p[0].events = POLLIN;
	while (!fk.stop) {
		if (poll(p, (nfds_t)n, 20) <= 0)
			continue;
		if ((p[0].revents & POLLIN) && n < 1 + FAKE_MAX_CONN) {
			int fd = accept(fk.lfd, NULL, NULL);

			if (fd >= 0) {
				p[n].fd = fd;
				p[n].events = POLLIN;
				p[n].revents = 0;
				n++;
			}
		}
		for (i = 1; i < n; i++) {
			char *txt;
			size_t len;

			if (!p[i].revents)
				continue;
			if (!(p[i].revents & POLLIN) || dfo_proto_recv(p[i].fd, &txt, &len, 1000)) {
				close(p[i].fd);
				p[i--] = p[--n];
				continue;
			}
			fake_answer(p[i].fd, txt, len);
			free(txt);
		}
	}
	for (i = 1; i < n; i++)
		close(p[i].fd);
	return NULL;
}

static int fake_start(void **state)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	memset(&fk, 0, sizeof(fk));
	pthread_mutex_init(&fk.lock, NULL);
	strcpy(fk.dir, "/tmp/dfo-api-client-XXXXXX");
	if (!mkdtemp(fk.dir))
		return -1;
	snprintf(fk.path, sizeof(fk.path), "%s/sock", fk.dir);
	fk.lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(sun.sun_path, fk.path);
	if (bind(fk.lfd, (struct sockaddr *)&sun, sizeof(sun)) || listen(fk.lfd, 8))
		return -1;
	strcpy(fk.reply, "{\"status\": 0, \"result\": {}}");
	setenv(DHCPFO_ENV_SOCKET, fk.path, 1);
	return pthread_create(&fk.thr, NULL, fake_thread, NULL);
}

static int fake_stop(void **state)
{
	(void)state;
	fk.stop = 1;
	pthread_join(fk.thr, NULL);
	close(fk.lfd);
	unlink(fk.path);
	rmdir(fk.dir);
	json_object_put(fk.last);
	fk.last = NULL;
	unsetenv(DHCPFO_ENV_SOCKET);
	return 0;
}

static void fake_set(enum fake_mode mode, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&fk.lock);
	fk.mode = mode;
	va_start(ap, fmt);
	vsnprintf(fk.reply, sizeof(fk.reply), fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&fk.lock);
}

static int fake_requests(void)
{
	int n;

	pthread_mutex_lock(&fk.lock);
	n = fk.n_requests;
	pthread_mutex_unlock(&fk.lock);
	return n;
}

/* The last request's @path ("op", "args.relationship.name") as JSON text. */
static const char *req(const char *path)
{
	static char out[4096];
	json_object *o;
	char buf[256], *tok, *save = NULL;

	pthread_mutex_lock(&fk.lock);
	o = fk.last;
	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && o; tok = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(o, tok, &o))
			o = NULL;
	snprintf(out, sizeof(out), "%s", o ? json_object_to_json_string_ext(o,
		 JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : "<absent>");
	pthread_mutex_unlock(&fk.lock);
	return out;
}

static struct dhcpfo_client *open_fake(void)
{
	struct dhcpfo_client *c = NULL;

	assert_int_equal(dhcpfo_client__open(NULL, NULL, &c), 0);
	assert_non_null(c);
	return c;
}

/* ---- argument checks: nothing reaches the wire -------------------------------- */

#define EXPECT_INVAL(call) do {							\
	int before_ = fake_requests();						\
	assert_int_equal((call), INVAL);					\
	assert_int_equal(fake_requests(), before_);				\
	assert_true(*dhcpfo_strerror_last() != '\0');				\
} while (0)

static void test_native_null_checks(void **state)
{
	struct dhcpfo_client *c = open_fake();
	struct dhcpfo_relationship rel = { .name = "r" }, *relp;
	struct dhcpfo_relationship_array *rels;
	struct dhcpfo_failover_stats stats;
	struct dhcpfo_client_info *ci;
	struct dhcpfo_client_search s = { .type = DHCPFO_SEARCH_HWADDR };
	struct dhcpfo_which w;
	struct dhcpfo_dp_stats *dps;
	struct dhcpfo_dp_status *dpst;
	struct dhcpfo_agent_info *ai;
	struct dhcpfo_scope sc = { 0 }, *scp;
	struct dhcpfo_ip_array *ips;
	struct dhcpfo_element el = { .type = DHCPFO_ELEMENT_RESERVATION };
	struct dhcpfo_element_array *els;
	struct dhcpfo_option opt = { .code = 6, .type = DHCPFO_OPTION_IPADDRESS, .n_values = 1 },
			     *optp;
	struct dhcpfo_option_array *opts;
	uint32_t h = 0, rd, tot, u, scope = IP(192, 0, 2, 0);
	uint8_t mac[6] = { 0 };

	(void)state;
	EXPECT_INVAL(dhcpfo_client__open(NULL, NULL, NULL));
	/* failover: the client first, then the arguments in parameter order */
	EXPECT_INVAL(dhcpfo_failover_create(NULL, &rel));
	EXPECT_INVAL(dhcpfo_failover_create(c, NULL));
	rel.name = NULL;
	EXPECT_INVAL(dhcpfo_failover_create(c, &rel));
	rel.name = "r";
	rel.n_scopes = 2;
	EXPECT_INVAL(dhcpfo_failover_create(c, &rel));
	rel.n_scopes = 0;
	rel.name = "bad\xff";
	EXPECT_INVAL(dhcpfo_failover_create(c, &rel));
	rel.name = "r";
	EXPECT_INVAL(dhcpfo_failover_set(c, DHCPFO_FO_SET_MCLT, NULL));
	rel.name = NULL;
	EXPECT_INVAL(dhcpfo_failover_set(c, DHCPFO_FO_SET_MCLT, &rel));
	EXPECT_INVAL(dhcpfo_failover_delete(c, NULL));
	EXPECT_INVAL(dhcpfo_failover_get(c, NULL, &relp));
	EXPECT_INVAL(dhcpfo_failover_get(c, "r", NULL));
	EXPECT_INVAL(dhcpfo_failover_enum(c, NULL, 10, &rels, &rd, &tot));
	EXPECT_INVAL(dhcpfo_failover_enum(c, &h, 10, NULL, &rd, &tot));
	EXPECT_INVAL(dhcpfo_failover_enum(c, &h, 10, &rels, NULL, &tot));
	EXPECT_INVAL(dhcpfo_failover_enum(c, &h, 10, &rels, &rd, NULL));
	EXPECT_INVAL(dhcpfo_failover_scope_add(c, NULL, &scope, 1));
	EXPECT_INVAL(dhcpfo_failover_scope_add(c, "r", NULL, 1));
	EXPECT_INVAL(dhcpfo_failover_scope_delete(c, NULL, &scope, 1));
	EXPECT_INVAL(dhcpfo_failover_scope_delete(c, "r", NULL, 1));
	EXPECT_INVAL(dhcpfo_failover_scope_get(c, scope, NULL));
	EXPECT_INVAL(dhcpfo_failover_scope_stats(c, scope, NULL));
	EXPECT_INVAL(dhcpfo_failover_client_info(c, NULL, &ci));
	EXPECT_INVAL(dhcpfo_failover_client_info(c, &s, NULL));
	s.hwaddr_len = 6;
	EXPECT_INVAL(dhcpfo_failover_client_info(c, &s, &ci));	/* hwaddr NULL */
	s.type = DHCPFO_SEARCH_NAME;
	EXPECT_INVAL(dhcpfo_failover_client_info(c, &s, &ci));	/* name NULL */
	s.type = 7;
	EXPECT_INVAL(dhcpfo_failover_client_info(c, &s, &ci));
	EXPECT_INVAL(dhcpfo_failover_system_time(c, NULL, &u));
	EXPECT_INVAL(dhcpfo_failover_system_time(c, &u, NULL));
	EXPECT_INVAL(dhcpfo_failover_address_status(c, scope, NULL));
	EXPECT_INVAL(dhcpfo_failover_trigger_alloc(c, NULL));
	EXPECT_INVAL(dhcpfo_failover_which(c, scope, mac, 6, NULL, 0, NULL));
	EXPECT_INVAL(dhcpfo_failover_which(c, scope, NULL, 6, NULL, 0, &w));
	EXPECT_INVAL(dhcpfo_failover_which(c, scope, mac, 6, mac, 6, &w));
	EXPECT_INVAL(dhcpfo_failover_which(c, scope, NULL, 0, NULL, 0, &w));
	EXPECT_INVAL(dhcpfo_failover_datapath_stats(c, 0, NULL));
	EXPECT_INVAL(dhcpfo_datapath_status(c, NULL));
	EXPECT_INVAL(dhcpfo_agent_info(c, NULL));
	(void)dps; (void)dpst; (void)ai; (void)stats;
	/* scopes */
	EXPECT_INVAL(dhcpfo_scope_create(c, NULL));
	EXPECT_INVAL(dhcpfo_scope_get(c, scope, NULL));
	EXPECT_INVAL(dhcpfo_scope_set(c, DHCPFO_SCOPE_SET_NAME, NULL));
	EXPECT_INVAL(dhcpfo_scope_set(c, 0x100, &sc));
	EXPECT_INVAL(dhcpfo_scope_enum(c, NULL, 10, &ips, &rd, &tot));
	EXPECT_INVAL(dhcpfo_scope_enum(c, &h, 10, NULL, &rd, &tot));
	EXPECT_INVAL(dhcpfo_scope_enum(c, &h, 10, &ips, NULL, &tot));
	EXPECT_INVAL(dhcpfo_scope_enum(c, &h, 10, &ips, &rd, NULL));
	EXPECT_INVAL(dhcpfo_scope_delete(NULL, scope, false));
	EXPECT_INVAL(dhcpfo_scope_element_add(c, scope, NULL));
	EXPECT_INVAL(dhcpfo_scope_element_add(c, scope, &el));		/* hwaddr_len 0 */
	el.hwaddr_len = 17;
	EXPECT_INVAL(dhcpfo_scope_element_add(c, scope, &el));
	el.type = 9;
	EXPECT_INVAL(dhcpfo_scope_element_remove(c, scope, &el));
	EXPECT_INVAL(dhcpfo_scope_element_remove(c, scope, NULL));
	EXPECT_INVAL(dhcpfo_scope_element_enum(c, scope, DHCPFO_ELEMENT_RANGE, NULL, 1, &els, &rd, &tot));
	EXPECT_INVAL(dhcpfo_scope_element_enum(c, scope, DHCPFO_ELEMENT_RANGE, &h, 1, NULL, &rd, &tot));
	EXPECT_INVAL(dhcpfo_scope_element_enum(c, scope, DHCPFO_ELEMENT_RANGE, &h, 1, &els, NULL, &tot));
	EXPECT_INVAL(dhcpfo_scope_element_enum(c, scope, DHCPFO_ELEMENT_RANGE, &h, 1, &els, &rd, NULL));
	EXPECT_INVAL(dhcpfo_scope_element_enum(c, scope, 9, &h, 1, &els, &rd, &tot));
	EXPECT_INVAL(dhcpfo_scope_option_set(c, scope, NULL));
	EXPECT_INVAL(dhcpfo_scope_option_set(c, scope, &opt));		/* values NULL */
	opt.type = 11;
	EXPECT_INVAL(dhcpfo_scope_option_set(c, scope, &opt));
	EXPECT_INVAL(dhcpfo_scope_option_get(c, scope, 6, NULL));
	EXPECT_INVAL(dhcpfo_scope_option_enum(c, scope, NULL));
	(void)scp; (void)optp; (void)opts;
	assert_int_equal(fake_requests(), 0);
	dhcpfo_client__close(c);
}

static void test_dhcpsapi_null_checks(void **state)
{
	DHCP_FAILOVER_RELATIONSHIP rel = { .RelationshipName = L"r" };
	LPDHCP_FAILOVER_RELATIONSHIP prel;
	LPDHCP_FAILOVER_RELATIONSHIP_ARRAY prels;
	LPDHCP_FAILOVER_STATISTICS pst;
	LPDHCPV4_FAILOVER_CLIENT_INFO pci;
	DHCP_SEARCH_INFO si = { .SearchType = DhcpClientName };
	DHCP_SUBNET_INFO sub = { .SubnetAddress = IP(192, 0, 2, 0), .SubnetMask = IP(255, 255, 255, 0) };
	LPDHCP_SUBNET_INFO psub;
	LPDHCP_IP_ARRAY pips;
	DHCP_SUBNET_ELEMENT_DATA_V5 el = { .ElementType = DhcpReservedIps };
	DHCP_IP_RESERVATION_V4 resv = { 0 };
	LPDHCP_SUBNET_ELEMENT_INFO_ARRAY_V5 pels;
	DHCP_OPTION_SCOPE_INFO osi = { .ScopeType = DhcpSubnetOptions };
	DHCP_OPTION_DATA od = { .NumElements = 1 };
	LPDHCP_OPTION_VALUE pov;
	LPDHCP_OPTION_VALUE_ARRAY povs;
	DHCP_RESUME_HANDLE h = 0;
	DWORD rd, tot, u;
	wchar_t bad[] = { L'a', 0xd800, 0 };

	(void)state;
	/* every failover function, pointers in parameter order */
	EXPECT_INVAL(DhcpV4FailoverCreateRelationship(NULL, NULL));
	rel.RelationshipName = NULL;
	EXPECT_INVAL(DhcpV4FailoverCreateRelationship(NULL, &rel));
	rel.RelationshipName = bad;
	EXPECT_INVAL(DhcpV4FailoverCreateRelationship(NULL, &rel));	/* a lone surrogate */
	rel.RelationshipName = L"r";
	EXPECT_INVAL(DhcpV4FailoverSetRelationship(NULL, MCLT, NULL));
	EXPECT_INVAL(DhcpV4FailoverSetRelationship(NULL, 0x100, &rel));	/* not a Windows flag */
	rel.RelationshipName = NULL;
	EXPECT_INVAL(DhcpV4FailoverSetRelationship(NULL, MCLT, &rel));
	EXPECT_INVAL(DhcpV4FailoverDeleteRelationship(NULL, NULL));
	EXPECT_INVAL(DhcpV4FailoverGetRelationship(NULL, NULL, &prel));
	EXPECT_INVAL(DhcpV4FailoverGetRelationship(NULL, L"r", NULL));
	EXPECT_INVAL(DhcpV4FailoverEnumRelationship(NULL, NULL, 1, &prels, &rd, &tot));
	EXPECT_INVAL(DhcpV4FailoverEnumRelationship(NULL, &h, 1, NULL, &rd, &tot));
	EXPECT_INVAL(DhcpV4FailoverEnumRelationship(NULL, &h, 1, &prels, NULL, &tot));
	EXPECT_INVAL(DhcpV4FailoverEnumRelationship(NULL, &h, 1, &prels, &rd, NULL));
	EXPECT_INVAL(DhcpV4FailoverAddScopeToRelationship(NULL, NULL));
	EXPECT_INVAL(DhcpV4FailoverAddScopeToRelationship(NULL, &rel));
	EXPECT_INVAL(DhcpV4FailoverDeleteScopeFromRelationship(NULL, NULL));
	EXPECT_INVAL(DhcpV4FailoverDeleteScopeFromRelationship(NULL, &rel));
	EXPECT_INVAL(DhcpV4FailoverGetScopeRelationship(NULL, IP(192, 0, 2, 0), NULL));
	EXPECT_INVAL(DhcpV4FailoverGetScopeStatistics(NULL, IP(192, 0, 2, 0), NULL));
	EXPECT_INVAL(DhcpV4FailoverGetClientInfo(NULL, NULL, &pci));
	EXPECT_INVAL(DhcpV4FailoverGetClientInfo(NULL, &si, NULL));
	EXPECT_INVAL(DhcpV4FailoverGetClientInfo(NULL, &si, &pci));	/* ClientName NULL */
	si.SearchType = DhcpClientHardwareAddress;
	si.SearchInfo.ClientHardwareAddress.DataLength = 6;
	EXPECT_INVAL(DhcpV4FailoverGetClientInfo(NULL, &si, &pci));	/* Data NULL */
	EXPECT_INVAL(DhcpV4FailoverGetSystemTime(NULL, NULL, &u));
	EXPECT_INVAL(DhcpV4FailoverGetSystemTime(NULL, &u, NULL));
	EXPECT_INVAL(DhcpV4FailoverGetAddressStatus(NULL, IP(192, 0, 2, 1), NULL));
	EXPECT_INVAL(DhcpV4FailoverTriggerAddrAllocation(NULL, NULL));
	/* subnets */
	EXPECT_INVAL(DhcpCreateSubnet(NULL, IP(192, 0, 2, 0), NULL));
	EXPECT_INVAL(DhcpCreateSubnet(NULL, IP(192, 0, 3, 0), &sub));	/* addresses differ */
	EXPECT_INVAL(DhcpSetSubnetInfo(NULL, IP(192, 0, 2, 0), NULL));
	EXPECT_INVAL(DhcpGetSubnetInfo(NULL, IP(192, 0, 2, 0), NULL));
	EXPECT_INVAL(DhcpEnumSubnets(NULL, NULL, 1, &pips, &rd, &tot));
	EXPECT_INVAL(DhcpEnumSubnets(NULL, &h, 1, NULL, &rd, &tot));
	EXPECT_INVAL(DhcpEnumSubnets(NULL, &h, 1, &pips, NULL, &tot));
	EXPECT_INVAL(DhcpEnumSubnets(NULL, &h, 1, &pips, &rd, NULL));
	EXPECT_INVAL(DhcpDeleteSubnet(NULL, IP(192, 0, 2, 0), 7));
	EXPECT_INVAL(DhcpAddSubnetElementV5(NULL, IP(192, 0, 2, 0), NULL));
	EXPECT_INVAL(DhcpAddSubnetElementV5(NULL, IP(192, 0, 2, 0), &el));	/* ReservedIp NULL */
	el.Element.ReservedIp = &resv;
	EXPECT_INVAL(DhcpAddSubnetElementV5(NULL, IP(192, 0, 2, 0), &el));	/* client NULL */
	EXPECT_INVAL(DhcpRemoveSubnetElementV5(NULL, IP(192, 0, 2, 0), NULL, DhcpNoForce));
	EXPECT_INVAL(DhcpEnumSubnetElementsV5(NULL, IP(192, 0, 2, 0), DhcpIpRanges, NULL, 1, &pels, &rd, &tot));
	EXPECT_INVAL(DhcpEnumSubnetElementsV5(NULL, IP(192, 0, 2, 0), DhcpIpRanges, &h, 1, NULL, &rd, &tot));
	EXPECT_INVAL(DhcpEnumSubnetElementsV5(NULL, IP(192, 0, 2, 0), DhcpIpRanges, &h, 1, &pels, NULL, &tot));
	EXPECT_INVAL(DhcpEnumSubnetElementsV5(NULL, IP(192, 0, 2, 0), DhcpIpRanges, &h, 1, &pels, &rd, NULL));
	/* options */
	EXPECT_INVAL(DhcpSetOptionValueV5(NULL, 0, 6, NULL, NULL, NULL, &od));
	EXPECT_INVAL(DhcpSetOptionValueV5(NULL, 0, 6, NULL, NULL, &osi, NULL));
	EXPECT_INVAL(DhcpSetOptionValueV5(NULL, 0, 6, NULL, NULL, &osi, &od));	/* Elements NULL */
	EXPECT_INVAL(DhcpGetOptionValueV5(NULL, 0, 6, NULL, NULL, NULL, &pov));
	EXPECT_INVAL(DhcpGetOptionValueV5(NULL, 0, 6, NULL, NULL, &osi, NULL));
	EXPECT_INVAL(DhcpRemoveOptionValueV5(NULL, 0, 6, NULL, NULL, NULL));
	EXPECT_INVAL(DhcpEnumOptionValuesV5(NULL, 0, NULL, NULL, NULL, &h, 1, &povs, &rd, &tot));
	EXPECT_INVAL(DhcpEnumOptionValuesV5(NULL, 0, NULL, NULL, &osi, NULL, 1, &povs, &rd, &tot));
	EXPECT_INVAL(DhcpEnumOptionValuesV5(NULL, 0, NULL, NULL, &osi, &h, 1, NULL, &rd, &tot));
	EXPECT_INVAL(DhcpEnumOptionValuesV5(NULL, 0, NULL, NULL, &osi, &h, 1, &povs, NULL, &tot));
	EXPECT_INVAL(DhcpEnumOptionValuesV5(NULL, 0, NULL, NULL, &osi, &h, 1, &povs, &rd, NULL));
	(void)psub; (void)pst;
	assert_int_equal(fake_requests(), 0);
	DhcpRpcFreeMemory(NULL);
}

/* What dhcpfo cannot do is refused with ERROR_NOT_SUPPORTED, never dropped. */
static void test_dhcpsapi_not_supported(void **state)
{
	DHCP_OPTION_SCOPE_INFO osi = { .ScopeType = DhcpGlobalOptions };
	DHCP_OPTION_DATA_ELEMENT e = { .OptionType = DhcpByteOption };
	DHCP_OPTION_DATA od = { .NumElements = 1, .Elements = &e };
	DHCP_SUBNET_ELEMENT_DATA_V5 el = { .ElementType = DhcpSecondaryHosts };
	DHCP_SUBNET_INFO sub = { .SubnetAddress = IP(192, 0, 2, 0),
				 .SubnetState = DhcpSubnetEnabledSwitched };

	(void)state;
	assert_int_equal(DhcpSetOptionValueV5(NULL, 0, 6, NULL, NULL, &osi, &od), ERROR_NOT_SUPPORTED);
	osi.ScopeType = DhcpSubnetOptions;
	assert_int_equal(DhcpSetOptionValueV5(NULL, DHCP_FLAGS_OPTION_IS_VENDOR, 6, NULL, L"v", &osi, &od),
			 ERROR_NOT_SUPPORTED);
	assert_int_equal(DhcpSetOptionValueV5(NULL, 0, 6, L"class", NULL, &osi, &od), ERROR_NOT_SUPPORTED);
	assert_int_equal(DhcpAddSubnetElementV5(NULL, IP(192, 0, 2, 0), &el), ERROR_NOT_SUPPORTED);
	assert_int_equal(DhcpCreateSubnet(NULL, IP(192, 0, 2, 0), &sub), ERROR_NOT_SUPPORTED);
	assert_int_equal(fake_requests(), 0);
}

/* ---- which server ------------------------------------------------------------- */

static void test_servers(void **state)
{
	struct dhcpfo_client *c = NULL;
	char host[256];

	(void)state;
	/* local: the unix socket ($DHCPFO_SOCKET = the fake) */
	assert_int_equal(dhcpfo_client__open("", NULL, &c), 0);
	dhcpfo_client__close(c);
	assert_int_equal(dhcpfo_client__open("localhost", NULL, &c), 0);
	dhcpfo_client__close(c);
	assert_int_equal(dhcpfo_client__open("127.0.0.1", NULL, &c), 0);
	dhcpfo_client__close(c);
	assert_int_equal(dhcpfo_client__open("::1", NULL, &c), 0);
	dhcpfo_client__close(c);
	assert_int_equal(gethostname(host, sizeof(host)), 0);
	assert_int_equal(dhcpfo_client__open(host, NULL, &c), 0);
	assert_string_equal(dhcpfo_client__socket_path(c), fk.path);
	dhcpfo_client__close(c);
	/*
	 * elsewhere: TCP with a key (tests/unit/test_api_remote.c has the
	 * transport); without one nothing is sent anywhere
	 */
	unsetenv("DHCPFO_KEY_FILE");
	if (access(DHCPFO_DEFAULT_KEY_FILE, F_OK)) {
		assert_int_equal(dhcpfo_client__open("192.0.2.200", NULL, &c),
				 DHCPFO_ERROR_ACCESS_DENIED);
		assert_null(c);
		assert_non_null(strstr(dhcpfo_strerror_last(), "key"));
		assert_int_equal(DhcpV4FailoverDeleteRelationship(L"192.0.2.200", L"r"),
				 ERROR_ACCESS_DENIED);
	}
	assert_int_equal(dhcpfo_client__open("dhcp-b.invalid", NULL, &c),
			 DHCPFO_ERROR_DHCP_SERVER_NAME_NOT_RESOLVED);
	assert_int_equal(dhcpfo_client__open("192.0.2.1:99999", NULL, &c), INVAL);
	assert_int_equal(fake_requests(), 0);
}

static void test_socket_paths(void **state)
{
	struct dhcpfo_client_opts o = { .sz = sizeof(o) };
	struct dhcpfo_client *c = NULL;
	char stale[160];
	int fd;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	(void)state;
	/* an instance name selects /run/dhcpfo/<instance>.sock, before $DHCPFO_SOCKET */
	o.instance = "dfo-no-such-instance";
	assert_int_equal(dhcpfo_client__open(NULL, &o, &c), DHCPFO_ERROR_DHCP_SERVER_NOT_RUNNING);
	assert_non_null(strstr(dhcpfo_strerror_last(), "/run/dhcpfo/dfo-no-such-instance.sock"));
	o.instance = "../etc";
	assert_int_equal(dhcpfo_client__open(NULL, &o, &c), INVAL);
	/* the socket option beats both */
	o.socket_path = fk.path;
	assert_int_equal(dhcpfo_client__open(NULL, &o, &c), 0);
	dhcpfo_client__close(c);
	/* nothing there, or a socket nobody listens on: not running */
	o.socket_path = "/nonexistent/dhcpfo.sock";
	assert_int_equal(dhcpfo_client__open(NULL, &o, &c), DHCPFO_ERROR_DHCP_SERVER_NOT_RUNNING);
	snprintf(stale, sizeof(stale), "%s/stale", fk.dir);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(sun.sun_path, stale);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	o.socket_path = stale;
	assert_int_equal(dhcpfo_client__open(NULL, &o, &c), DHCPFO_ERROR_DHCP_SERVER_NOT_RUNNING);
	unlink(stale);
	o.socket_path = "/tmp/" "a-socket-path-that-is-far-too-long-for-sun-path-xxxxxxxxxxxxxxxxxxxx"
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
	assert_int_equal(dhcpfo_client__open(NULL, &o, &c), INVAL);
	/* sz not set */
	o.sz = 0;
	assert_int_equal(dhcpfo_client__open(NULL, &o, &c), INVAL);
	/* the Windows layer, no agent at all */
	setenv(DHCPFO_ENV_SOCKET, "/nonexistent/dhcpfo.sock", 1);
	assert_int_equal(DhcpV4FailoverDeleteRelationship(NULL, L"r"), ERROR_DHCP_SERVER_NOT_RUNNING);
	setenv(DHCPFO_ENV_SOCKET, fk.path, 1);
}

/* ---- transport and reply errors ------------------------------------------------ */

static void test_transport_errors(void **state)
{
	struct dhcpfo_client_opts o = { .sz = sizeof(o), .timeout_ms = 200 };
	struct dhcpfo_client *c;
	struct dhcpfo_relationship *r;

	(void)state;
	assert_int_equal(dhcpfo_client__open(NULL, &o, &c), 0);
	/* no answer in time */
	fake_set(FAKE_SILENT, "{}");
	assert_int_equal(dhcpfo_failover_get(c, "r", &r), DHCPFO_ERROR_DHCP_SERVER_NOT_REACHABLE);
	assert_null(r);
	assert_non_null(strstr(dhcpfo_strerror_last(), "200 ms"));
	/* the connection is dropped and made again on the next call */
	fake_set(FAKE_CLOSE, "{}");
	assert_int_equal(dhcpfo_failover_delete(c, "r"), DHCPFO_ERROR_DHCP_SERVER_NOT_REACHABLE);
	fake_set(FAKE_RAW, "this is not JSON");
	assert_int_equal(dhcpfo_failover_delete(c, "r"), DHCPFO_ERROR_INVALID_DATA);
	fake_set(FAKE_RAW, "[1, 2]");
	assert_int_equal(dhcpfo_failover_delete(c, "r"), DHCPFO_ERROR_INVALID_DATA);
	fake_set(FAKE_RAW, "{\"v\": 2, \"id\": 1, \"status\": 0}");
	assert_int_equal(dhcpfo_failover_delete(c, "r"), DHCPFO_ERROR_INVALID_DATA);
	fake_set(FAKE_WRONG_ID, "{\"status\": 0}");
	assert_int_equal(dhcpfo_failover_delete(c, "r"), DHCPFO_ERROR_INVALID_DATA);
	fake_set(FAKE_REPLY, "{\"status\": \"zero\"}");
	assert_int_equal(dhcpfo_failover_delete(c, "r"), DHCPFO_ERROR_INVALID_DATA);
	/* a reply without the promised result */
	fake_set(FAKE_REPLY, "{\"status\": 0, \"result\": {}}");
	assert_int_equal(dhcpfo_failover_get(c, "r", &r), DHCPFO_ERROR_INVALID_DATA);
	assert_non_null(strstr(dhcpfo_strerror_last(), "relationship"));
	fake_set(FAKE_REPLY, "{\"status\": 0, \"result\": {\"relationship\": {\"name\": 5}}}");
	assert_int_equal(dhcpfo_failover_get(c, "r", &r), DHCPFO_ERROR_INVALID_DATA);
	assert_null(r);
	/* still usable afterwards */
	fake_set(FAKE_REPLY, "{\"status\": 0}");
	assert_int_equal(dhcpfo_failover_delete(c, "r"), 0);
	assert_string_equal(dhcpfo_strerror_last(), "");
	dhcpfo_client__close(c);
}

/* The agent's status and message reach the caller unchanged. */
static void test_agent_errors(void **state)
{
	struct dhcpfo_client *c = open_fake();

	(void)state;
	fake_set(FAKE_REPLY, "{\"status\": 20114, \"error\": \"ERROR_DHCP_FO_RELATIONSHIP_EXISTS\","
		 "\"message\": \"relationship 'campus' already exists\"}");
	assert_int_equal(dhcpfo_failover_delete(c, "campus"), DHCPFO_ERROR_DHCP_FO_RELATIONSHIP_EXISTS);
	assert_string_equal(dhcpfo_strerror_last(), "relationship 'campus' already exists");
	/* a code without a message still says something */
	fake_set(FAKE_REPLY, "{\"status\": 20115}");
	assert_int_equal(DhcpV4FailoverDeleteRelationship(NULL, L"x"),
			 ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST);
	assert_non_null(strstr(dhcpfo_strerror_last(), "does not exist"));
	/* a code this library does not know passes through */
	fake_set(FAKE_REPLY, "{\"status\": 1234, \"message\": \"m\"}");
	assert_int_equal(dhcpfo_failover_delete(c, "campus"), 1234);
	dhcpfo_client__close(c);
}

/* ---- encoding ---------------------------------------------------------------- */

static const uint32_t scopes2[] = { IP(192, 0, 2, 0), IP(198, 51, 100, 0) };

static void test_encode_create(void **state)
{
	struct dhcpfo_client *c = open_fake();
	struct dhcpfo_relationship r = {
		.name = "campus",
		.primary_server = IP(192, 0, 2, 1),
		.secondary_server = IP(192, 0, 2, 2),
		.mode = DHCPFO_MODE_HOT_STANDBY,
		.server_type = DHCPFO_SERVER_SECONDARY,
		.state = DHCPFO_FSM_NORMAL,
		.mclt = 1800,
		.safe_period = 600,
		.primary_server_name = "dhcp-a",
		.scopes = scopes2,
		.n_scopes = 2,
		.percentage = 7,
		.shared_secret = "s3cret",
		.auto_state_transition = true,
		.lb_max_seconds = 12,
		.hash_key = DHCPFO_HASH_CHADDR,
	};

	(void)state;
	fake_set(FAKE_REPLY, "{\"status\": 0}");
	assert_int_equal(dhcpfo_failover_create(c, &r), 0);
	assert_string_equal(req("v"), "1");
	assert_string_equal(req("op"), "\"failover.create\"");
	assert_string_equal(req("args.relationship.name"), "\"campus\"");
	assert_string_equal(req("args.relationship.primary_server"), "\"192.0.2.1\"");
	assert_string_equal(req("args.relationship.secondary_server"), "\"192.0.2.2\"");
	assert_string_equal(req("args.relationship.mode"), "\"hot_standby\"");
	assert_string_equal(req("args.relationship.server_type"), "\"secondary\"");
	assert_string_equal(req("args.relationship.mclt"), "1800");
	assert_string_equal(req("args.relationship.safe_period"), "600");
	assert_string_equal(req("args.relationship.primary_server_name"), "\"dhcp-a\"");
	assert_string_equal(req("args.relationship.secondary_server_name"), "<absent>");
	assert_string_equal(req("args.relationship.scopes"), "[\"192.0.2.0\",\"198.51.100.0\"]");
	assert_string_equal(req("args.relationship.percentage"), "7");
	assert_string_equal(req("args.relationship.shared_secret"), "\"s3cret\"");
	assert_string_equal(req("args.relationship.auto_state_transition"), "true");
	assert_string_equal(req("args.relationship.lb_max_seconds"), "12");
	assert_string_equal(req("args.relationship.hash_key"), "\"chaddr\"");
	dhcpfo_client__close(c);
}

static void test_encode_set_flags(void **state)
{
	struct dhcpfo_client *c = open_fake();
	struct dhcpfo_relationship r = {
		.name = "campus", .mclt = 60, .percentage = 70, .state = DHCPFO_FSM_PARTNER_DOWN,
		.lb_max_seconds = 5,
	};
	DHCP_FAILOVER_RELATIONSHIP w = { .RelationshipName = L"campus", .Mclt = 90,
					 .SafePeriod = 30 };

	(void)state;
	fake_set(FAKE_REPLY, "{\"status\": 0}");
	assert_int_equal(dhcpfo_failover_set(c, DHCPFO_FO_SET_MCLT | DHCPFO_FO_SET_STATE |
					     DHCPFO_FO_SET_LB_MAX_SECONDS, &r), 0);
	assert_string_equal(req("op"), "\"failover.set\"");
	assert_string_equal(req("args.flags"), "517");
	assert_string_equal(req("args.relationship.mclt"), "60");
	assert_string_equal(req("args.relationship.state"), "5");
	assert_string_equal(req("args.relationship.lb_max_seconds"), "5");
	/* only the flagged fields travel */
	assert_string_equal(req("args.relationship.percentage"), "<absent>");
	assert_string_equal(req("args.relationship.mode"), "<absent>");
	assert_string_equal(req("args.relationship.primary_server"), "<absent>");
	/* SHAREDSECRET with a NULL secret clears it */
	assert_int_equal(dhcpfo_failover_set(c, DHCPFO_FO_SET_SHARED_SECRET, &r), 0);
	assert_string_equal(req("args.relationship.shared_secret"), "\"\"");
	/* the Windows layer passes its flags through */
	assert_int_equal(DhcpV4FailoverSetRelationship(NULL, MCLT | SAFEPERIOD, &w), 0);
	assert_string_equal(req("args.flags"), "3");
	assert_string_equal(req("args.relationship.mclt"), "90");
	assert_string_equal(req("args.relationship.safe_period"), "30");
	assert_string_equal(req("args.relationship.hash_key"), "<absent>");
	dhcpfo_client__close(c);
}

static void test_encode_dhcpsapi_create(void **state)
{
	DHCP_IP_ADDRESS sc[] = { IP(10, 1, 0, 0) };
	DHCP_IP_ARRAY arr = { .NumElements = 1, .Elements = sc };
	DHCP_FAILOVER_RELATIONSHIP w = {
		.PrimaryServer = IP(10, 0, 0, 1), .SecondaryServer = IP(10, 0, 0, 2),
		.Mode = LoadBalance, .ServerType = PrimaryServer, .Mclt = 3600,
		.SafePeriod = 0, .RelationshipName = L"Z\u00fcrich-\u6771\u4eac-\U0001F600",
		.SecondaryServerName = L"b\u00e9", .pScopes = &arr, .Percentage = 60,
	};

	(void)state;
	fake_set(FAKE_REPLY, "{\"status\": 0}");
	assert_int_equal(DhcpV4FailoverCreateRelationship(L"", &w), 0);
	/* UTF-32 in, UTF-8 on the wire */
	assert_string_equal(req("args.relationship.name"),
			    "\"Z\xc3\xbcrich-\xe6\x9d\xb1\xe4\xba\xac-\xf0\x9f\x98\x80\"");
	assert_string_equal(req("args.relationship.secondary_server_name"), "\"b\xc3\xa9\"");
	assert_string_equal(req("args.relationship.scopes"), "[\"10.1.0.0\"]");
	assert_string_equal(req("args.relationship.safe_period"), "0");
	/* DHCP_FAILOVER_RELATIONSHIP has no dhcpfo-only fields: none sent */
	assert_string_equal(req("args.relationship.auto_state_transition"), "<absent>");
	assert_string_equal(req("args.relationship.lb_max_seconds"), "<absent>");
	assert_string_equal(req("args.relationship.hash_key"), "<absent>");
	/* a NULL pScopes goes out as no scopes, for the agent to refuse in order */
	w.pScopes = NULL;
	assert_int_equal(DhcpV4FailoverCreateRelationship(NULL, &w), 0);
	assert_string_equal(req("args.relationship.scopes"), "[]");
}

static void test_encode_scope_ops(void **state)
{
	struct dhcpfo_client *c = open_fake();
	struct dhcpfo_scope s = { .address = IP(192, 0, 2, 0), .mask = IP(255, 255, 255, 0),
				  .name = "lab" };
	struct dhcpfo_element el = { .type = DHCPFO_ELEMENT_RESERVATION, .address = IP(192, 0, 2, 20),
				     .hwaddr = { 0, 0x0c, 1, 2, 3, 4 }, .hwaddr_len = 6,
				     .name = "printer" };
	struct dhcpfo_option_value v[2] = { { .ip = IP(192, 0, 2, 53) }, { .ip = IP(192, 0, 2, 54) } };
	struct dhcpfo_option opt = { .code = 6, .type = DHCPFO_OPTION_IPADDRESS, .n_values = 2,
				     .values = v };
	uint8_t bin[] = { 0xde, 0xad };
	struct dhcpfo_option_value bv = { .bin = bin, .bin_len = 2 };
	DHCP_SUBNET_INFO sub = { .SubnetAddress = IP(192, 0, 2, 0), .SubnetMask = IP(255, 255, 255, 0),
				 .SubnetName = L"lab", .SubnetState = DhcpSubnetDisabled };
	DHCP_BOOTP_IP_RANGE rng = { .StartAddress = IP(192, 0, 2, 10), .EndAddress = IP(192, 0, 2, 200) };
	DHCP_SUBNET_ELEMENT_DATA_V5 wel = { .ElementType = DhcpIpRangesDhcpBootp,
					    .Element.IpRange = &rng };
	DHCP_OPTION_DATA_ELEMENT dd = { .OptionType = DhcpDWordDWordOption,
					.Element.DWordDWordOption = { 1, 2 } };
	DHCP_OPTION_DATA od = { .NumElements = 1, .Elements = &dd };
	DHCP_OPTION_SCOPE_INFO osi = { .ScopeType = DhcpSubnetOptions,
				       .ScopeInfo.SubnetScopeInfo = IP(192, 0, 2, 0) };

	(void)state;
	fake_set(FAKE_REPLY, "{\"status\": 0}");
	assert_int_equal(dhcpfo_scope_create(c, &s), 0);
	assert_string_equal(req("args.scope.address"), "\"192.0.2.0\"");
	assert_string_equal(req("args.scope.mask"), "\"255.255.255.0\"");
	assert_string_equal(req("args.scope.state"), "\"enabled\"");
	assert_string_equal(req("args.scope.lease_duration"), "<absent>");	/* agent default */
	assert_string_equal(req("args.scope.comment"), "<absent>");
	assert_int_equal(dhcpfo_scope_set(c, DHCPFO_SCOPE_SET_COMMENT, &s), 0);
	assert_string_equal(req("args.scope.comment"), "\"\"");
	assert_string_equal(req("args.scope.name"), "<absent>");
	assert_int_equal(dhcpfo_scope_delete(c, IP(192, 0, 2, 0), true), 0);
	assert_string_equal(req("args.force"), "true");
	assert_int_equal(dhcpfo_scope_element_add(c, IP(192, 0, 2, 0), &el), 0);
	assert_string_equal(req("args.element"), "{\"type\":\"reservation\",\"address\":\"192.0.2.20\","
			    "\"hwaddr\":\"00:0c:01:02:03:04\",\"name\":\"printer\"}");
	/* the longest hardware address, 16 bytes */
	el.hwaddr_len = 16;
	memset(el.hwaddr, 0xab, 16);
	assert_int_equal(dhcpfo_scope_element_remove(c, IP(192, 0, 2, 0), &el), 0);
	assert_string_equal(req("args.element.hwaddr"),
			    "\"ab:ab:ab:ab:ab:ab:ab:ab:ab:ab:ab:ab:ab:ab:ab:ab\"");
	assert_int_equal(dhcpfo_scope_option_set(c, IP(192, 0, 2, 0), &opt), 0);
	assert_string_equal(req("args.option"), "{\"code\":6,\"type\":\"ipaddress\","
			    "\"values\":[\"192.0.2.53\",\"192.0.2.54\"]}");
	opt.type = DHCPFO_OPTION_BINARY;
	opt.n_values = 1;
	opt.values = &bv;
	assert_int_equal(dhcpfo_scope_option_set(c, IP(192, 0, 2, 0), &opt), 0);
	assert_string_equal(req("args.option.values"), "[\"dead\"]");
	/* a value that does not fit its type never leaves */
	v[0].num = 256;
	opt.type = DHCPFO_OPTION_BYTE;
	opt.values = v;
	EXPECT_INVAL(dhcpfo_scope_option_set(c, IP(192, 0, 2, 0), &opt));
	/* Windows forms */
	assert_int_equal(DhcpCreateSubnet(NULL, IP(192, 0, 2, 0), &sub), 0);
	assert_string_equal(req("args.scope.state"), "\"disabled\"");
	assert_string_equal(req("args.scope.name"), "\"lab\"");
	assert_int_equal(DhcpSetSubnetInfo(NULL, IP(192, 0, 2, 0), &sub), 0);
	assert_string_equal(req("op"), "\"scope.set\"");
	assert_string_equal(req("args.scope.lease_duration"), "<absent>");
	assert_int_equal(DhcpAddSubnetElementV5(NULL, IP(192, 0, 2, 0), &wel), 0);
	assert_string_equal(req("args.element"), "{\"type\":\"range\",\"start\":\"192.0.2.10\","
			    "\"end\":\"192.0.2.200\",\"range_type\":\"both\"}");
	assert_int_equal(DhcpSetOptionValueV5(NULL, 0, 77, NULL, NULL, &osi, &od), 0);
	assert_string_equal(req("args.option"), "{\"code\":77,\"type\":\"dworddword\","
			    "\"values\":[4294967298]}");
	assert_int_equal(DhcpDeleteSubnet(NULL, IP(192, 0, 2, 0), DhcpNoForce), 0);
	assert_string_equal(req("args.force"), "false");
	dhcpfo_client__close(c);
}

/* ---- decoding: one block per result -------------------------------------------- */

#define REL_JSON(name)								\
	"{\"name\": \"" name "\", \"primary_server\": \"192.0.2.1\","		\
	"\"secondary_server\": \"192.0.2.2\", \"mode\": \"load_balance\","	\
	"\"server_type\": \"primary\", \"state\": 2, \"state_name\": \"STARTUP\","	\
	"\"prev_state\": 1, \"prev_state_name\": \"INIT\", \"mclt\": 3600,"	\
	"\"safe_period\": 4294967295, \"primary_server_name\": \"dhcp-a\","	\
	"\"scopes\": [\"192.0.2.0\", \"198.51.100.0\"], \"percentage\": 70,"	\
	"\"shared_secret_set\": true, \"auto_state_transition\": false,"	\
	"\"lb_max_seconds\": 3, \"hash_key\": \"chaddr\"}"

static void test_decode_relationship(void **state)
{
	struct dhcpfo_client *c = open_fake();
	struct dhcpfo_relationship *r;
	LPDHCP_FAILOVER_RELATIONSHIP w;

	(void)state;
	fake_set(FAKE_REPLY, "{\"status\": 0, \"result\": {\"relationship\": " REL_JSON("d\u00e9j\u00e0") "}}");
	assert_int_equal(dhcpfo_failover_get(c, "x", &r), 0);
	assert_string_equal(r->name, "d\xc3\xa9j\xc3\xa0");
	assert_int_equal(r->primary_server, IP(192, 0, 2, 1));
	assert_int_equal(r->secondary_server, IP(192, 0, 2, 2));
	assert_int_equal(r->state, DHCPFO_FSM_STARTUP);
	assert_int_equal(r->prev_state, DHCPFO_FSM_INIT);
	assert_int_equal(r->safe_period, DHCPFO_SAFE_PERIOD_INFINITE);
	assert_string_equal(r->primary_server_name, "dhcp-a");
	assert_null(r->secondary_server_name);
	assert_int_equal(r->n_scopes, 2);
	assert_int_equal(r->scopes[1], IP(198, 51, 100, 0));
	assert_int_equal(r->percentage, 70);
	assert_true(r->shared_secret_set);
	assert_null(r->shared_secret);
	assert_int_equal(r->lb_max_seconds, 3);
	assert_int_equal(r->hash_key, DHCPFO_HASH_CHADDR);
	/* the tree is inside one allocation */
	assert_true((char *)r->name > (char *)r && (char *)r->scopes > (char *)r);
	dhcpfo_relationship__free(r);

	assert_int_equal(DhcpV4FailoverGetRelationship(NULL, L"x", &w), 0);
	assert_true(wcscmp(w->RelationshipName, L"d\u00e9j\u00e0") == 0);
	assert_true(wcscmp(w->PrimaryServerName, L"dhcp-a") == 0);
	assert_null(w->SecondaryServerName);
	assert_null(w->SharedSecret);
	assert_int_equal(w->State, STARTUP);
	assert_int_equal(w->PrevState, INIT);
	assert_int_equal(w->pScopes->NumElements, 2);
	assert_int_equal(w->pScopes->Elements[0], IP(192, 0, 2, 0));
	assert_int_equal(w->Percentage, 70);
	DhcpRpcFreeMemory(w);	/* one call: LSan proves nothing is left */
	dhcpfo_client__close(c);
}

static void test_decode_enum(void **state)
{
	LPDHCP_FAILOVER_RELATIONSHIP_ARRAY a;
	DHCP_RESUME_HANDLE h = 0;
	DWORD rd, tot;

	(void)state;
	fake_set(FAKE_REPLY, "{\"status\": 234, \"result\": {\"relationships\": [" REL_JSON("a") ","
		 REL_JSON("b") "], \"resume_handle\": 2, \"read\": 2, \"total\": 5}}");
	assert_int_equal(DhcpV4FailoverEnumRelationship(NULL, &h, 2, &a, &rd, &tot), ERROR_MORE_DATA);
	assert_string_equal(req("args.resume_handle"), "0");
	assert_string_equal(req("args.preferred_max"), "2");
	assert_int_equal(h, 2);
	assert_int_equal(rd, 2);
	assert_int_equal(tot, 5);
	assert_int_equal(a->NumElements, 2);
	assert_true(wcscmp(a->pRelationships[1].RelationshipName, L"b") == 0);
	assert_int_equal(a->pRelationships[1].pScopes->Elements[1], IP(198, 51, 100, 0));
	DhcpRpcFreeMemory(a);
	/* a page that cannot be decoded returns nothing and leaves the handle */
	fake_set(FAKE_REPLY, "{\"status\": 234, \"result\": {\"relationships\": [{\"name\": 1}],"
		 "\"resume_handle\": 3, \"read\": 1, \"total\": 2}}");
	assert_int_equal(DhcpV4FailoverEnumRelationship(NULL, &h, 2, &a, &rd, &tot), ERROR_INVALID_DATA);
	assert_null(a);
	assert_int_equal(h, 2);
	assert_int_equal(rd, 0);
	assert_int_equal(tot, 0);
	fake_set(FAKE_REPLY, "{\"status\": 259, \"message\": \"no more relationships\"}");
	assert_int_equal(DhcpV4FailoverEnumRelationship(NULL, &h, 2, &a, &rd, &tot), ERROR_NO_MORE_ITEMS);
	assert_null(a);
	assert_int_equal(rd, 0);
	assert_string_equal(req("args.resume_handle"), "2");
}

static void test_decode_scope_trees(void **state)
{
	LPDHCP_SUBNET_ELEMENT_INFO_ARRAY_V5 els;
	LPDHCP_OPTION_VALUE ov;
	LPDHCP_OPTION_VALUE_ARRAY ova;
	LPDHCP_SUBNET_INFO si;
	DHCP_OPTION_SCOPE_INFO osi = { .ScopeType = DhcpSubnetOptions,
				       .ScopeInfo.SubnetScopeInfo = IP(192, 0, 2, 0) };
	DHCP_RESUME_HANDLE h = 0;
	DWORD rd, tot;

	(void)state;
	fake_set(FAKE_REPLY, "{\"status\": 0, \"result\": {\"scope\": {\"address\": \"192.0.2.0\","
		 "\"mask\": \"255.255.255.0\", \"name\": \"lab\", \"comment\": \"c\","
		 "\"state\": \"disabled\", \"lease_duration\": 86400}}}");
	assert_int_equal(DhcpGetSubnetInfo(NULL, IP(192, 0, 2, 0), &si), 0);
	assert_int_equal(si->SubnetMask, IP(255, 255, 255, 0));
	assert_true(wcscmp(si->SubnetName, L"lab") == 0);
	assert_int_equal(si->SubnetState, DhcpSubnetDisabled);
	DhcpRpcFreeMemory(si);

	fake_set(FAKE_REPLY, "{\"status\": 0, \"result\": {\"elements\": ["
		 "{\"type\": \"reservation\", \"address\": \"192.0.2.20\", \"hwaddr\": \"00:0c:01:02:03:04\"},"
		 "{\"type\": \"reservation\", \"address\": \"192.0.2.21\", \"hwaddr\": \"aa:bb\", \"name\": \"n\"}],"
		 "\"resume_handle\": 2, \"read\": 2, \"total\": 0}}");
	assert_int_equal(DhcpEnumSubnetElementsV5(NULL, IP(192, 0, 2, 0), DhcpReservedIps, &h, 10,
						  &els, &rd, &tot), 0);
	assert_string_equal(req("args.type"), "\"reservation\"");
	assert_int_equal(els->NumElements, 2);
	assert_int_equal(els->Elements[0].ElementType, DhcpReservedIps);
	assert_int_equal(els->Elements[0].Element.ReservedIp->ReservedIpAddress, IP(192, 0, 2, 20));
	assert_int_equal(els->Elements[0].Element.ReservedIp->ReservedForClient->DataLength, 6);
	assert_int_equal(els->Elements[0].Element.ReservedIp->ReservedForClient->Data[1], 0x0c);
	assert_int_equal(els->Elements[1].Element.ReservedIp->ReservedForClient->DataLength, 2);
	DhcpRpcFreeMemory(els);

	fake_set(FAKE_REPLY, "{\"status\": 0, \"result\": {\"option\": {\"code\": 15, "
		 "\"name\": \"domain-name\", \"type\": \"string\", \"values\": [\"example.org\"]}}}");
	assert_int_equal(DhcpGetOptionValueV5(NULL, 0, 15, NULL, NULL, &osi, &ov), 0);
	assert_int_equal(ov->OptionID, 15);
	assert_int_equal(ov->Value.NumElements, 1);
	assert_int_equal(ov->Value.Elements[0].OptionType, DhcpStringDataOption);
	assert_true(wcscmp(ov->Value.Elements[0].Element.StringDataOption, L"example.org") == 0);
	DhcpRpcFreeMemory(ov);

	/* option enumeration pages client-side */
	fake_set(FAKE_REPLY, "{\"status\": 0, \"result\": {\"options\": ["
		 "{\"code\": 3, \"type\": \"ipaddress\", \"values\": [\"192.0.2.1\"]},"
		 "{\"code\": 6, \"type\": \"ipaddress\", \"values\": [\"192.0.2.53\", \"192.0.2.54\"]},"
		 "{\"code\": 43, \"type\": \"encapsulated\", \"values\": [\"0102ff\"]}]}}");
	h = 0;
	assert_int_equal(DhcpEnumOptionValuesV5(NULL, 0, NULL, NULL, &osi, &h, 2, &ova, &rd, &tot),
			 ERROR_MORE_DATA);
	assert_int_equal(rd, 2);
	assert_int_equal(tot, 1);
	assert_int_equal(ova->Values[1].Value.NumElements, 2);
	assert_int_equal(ova->Values[1].Value.Elements[1].Element.IpAddressOption, IP(192, 0, 2, 54));
	DhcpRpcFreeMemory(ova);
	assert_int_equal(DhcpEnumOptionValuesV5(NULL, 0, NULL, NULL, &osi, &h, 2, &ova, &rd, &tot), 0);
	assert_int_equal(rd, 1);
	assert_int_equal(ova->Values[0].Value.Elements[0].Element.EncapsulatedDataOption.DataLength, 3);
	assert_int_equal(ova->Values[0].Value.Elements[0].Element.EncapsulatedDataOption.Data[2], 0xff);
	DhcpRpcFreeMemory(ova);
	assert_int_equal(DhcpEnumOptionValuesV5(NULL, 0, NULL, NULL, &osi, &h, 2, &ova, &rd, &tot),
			 ERROR_NO_MORE_ITEMS);
	assert_null(ova);
}

static void test_decode_client_info(void **state)
{
	DHCP_SEARCH_INFO si = { .SearchType = DhcpClientIpAddress,
				.SearchInfo.ClientIpAddress = IP(192, 0, 2, 20) };
	LPDHCPV4_FAILOVER_CLIENT_INFO ci;
	uint64_t ft;

	(void)state;
	fake_set(FAKE_REPLY, "{\"status\": 0, \"result\": {\"client\": {\"address\": \"192.0.2.20\","
		 "\"mask\": \"255.255.255.0\", \"hwaddr\": \"00:0c:01:02:03:04\", \"name\": \"host\","
		 "\"lease_expires\": 1700000000, \"owner_host\": \"192.0.2.1\", \"address_state\": 1}}}");
	assert_int_equal(DhcpV4FailoverGetClientInfo(NULL, &si, &ci), 0);
	assert_string_equal(req("args.search"), "{\"type\":\"ip\",\"value\":\"192.0.2.20\"}");
	assert_int_equal(ci->ClientIpAddress, IP(192, 0, 2, 20));
	assert_int_equal(ci->ClientHardwareAddress.DataLength, 6);
	assert_true(wcscmp(ci->ClientName, L"host") == 0);
	ft = (uint64_t)ci->ClientLeaseExpires.dwHighDateTime << 32 | ci->ClientLeaseExpires.dwLowDateTime;
	assert_true(ft == (1700000000ULL + 11644473600ULL) * 10000000ULL);
	assert_int_equal(ci->OwnerHost.IpAddress, IP(192, 0, 2, 1));
	assert_int_equal(ci->Status, NOQUARINFO);
	DhcpRpcFreeMemory(ci);
}

/* Names survive the trip wchar_t -> UTF-8 -> wchar_t untouched, up to length. */
static void test_wide_names(void **state)
{
	wchar_t name[127 + 1];
	char reply[2048], *p;
	LPDHCP_FAILOVER_RELATIONSHIP w;
	int i;

	(void)state;
	for (i = 0; i < 126; i++)
		name[i] = i % 3 == 0 ? L'\u00e9' : i % 3 == 1 ? L'\u4eac' : L'\U0001F600';
	name[126] = 0;
	fake_set(FAKE_REPLY, "{\"status\": 0}");
	assert_int_equal(DhcpV4FailoverDeleteRelationship(NULL, name), 0);
	/* echo what was sent back as a relationship name */
	strcpy(reply, "{\"status\": 0, \"result\": {\"relationship\": " REL_JSON("NAME") "}}");
	p = strstr(reply, "NAME");
	{
		char sent[1024], tail[1024];

		snprintf(sent, sizeof(sent), "%s", req("args.name"));
		sent[strlen(sent) - 1] = '\0';			/* drop the quotes */
		snprintf(tail, sizeof(tail), "%s", p + 4);
		sprintf(p, "%s%s", sent + 1, tail);
	}
	fake_set(FAKE_REPLY, "%s", reply);
	assert_int_equal(DhcpV4FailoverGetRelationship(NULL, name, &w), 0);
	assert_int_equal(wcslen(w->RelationshipName), 126);
	assert_true(wcscmp(w->RelationshipName, name) == 0);
	DhcpRpcFreeMemory(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_native_null_checks),
		cmocka_unit_test(test_dhcpsapi_null_checks),
		cmocka_unit_test(test_dhcpsapi_not_supported),
		cmocka_unit_test(test_servers),
		cmocka_unit_test(test_socket_paths),
		cmocka_unit_test(test_transport_errors),
		cmocka_unit_test(test_agent_errors),
		cmocka_unit_test(test_encode_create),
		cmocka_unit_test(test_encode_set_flags),
		cmocka_unit_test(test_encode_dhcpsapi_create),
		cmocka_unit_test(test_encode_scope_ops),
		cmocka_unit_test(test_decode_relationship),
		cmocka_unit_test(test_decode_enum),
		cmocka_unit_test(test_decode_scope_trees),
		cmocka_unit_test(test_decode_client_info),
		cmocka_unit_test(test_wide_names),
	};

	return cmocka_run_group_tests(tests, fake_start, fake_stop);
}
