// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dhcpfod --call / --call-raw: a minimal protocol client for admins and
 * tests. --call sends one request and prints the reply; --call-raw sends
 * stdin byte for byte (framing included, so broken frames can be tested)
 * and prints every reply until the agent closes or goes quiet.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <json-c/json.h>

#include "agent.h"
#include "dhcpfo_status.h"
#include "proto.h"

#define CALL_TIMEOUT_MS	30000

static int connect_agent(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static int call_raw(int fd)
{
	char buf[65536], *reply;
	size_t len;
	ssize_t n;
	int err, replies = 0;

	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0)
		if (send(fd, buf, n, MSG_NOSIGNAL) != n)
			break;
	shutdown(fd, SHUT_WR);
	for (;;) {
		err = dfo_proto_recv(fd, &reply, &len, CALL_TIMEOUT_MS);
		if (err)
			break;
		printf("%s\n", reply);
		free(reply);
		replies++;
	}
	if (!replies) {
		fprintf(stderr, "dhcpfod: no reply: %s\n", strerror(-err));
		return 2;
	}
	return 0;
}

int dfod_call(struct dfod_config *cfg)
{
	json_object *req = NULL, *args = NULL, *rep = NULL, *st;
	enum json_tokener_error je;
	const char *txt;
	char *reply = NULL;
	size_t len;
	int fd, err, rc = 2;

	fd = connect_agent(cfg->socket_path);
	if (fd < 0) {
		fprintf(stderr, "dhcpfod: cannot connect to %s: %s\n", cfg->socket_path,
			strerror(-fd));
		return 2;
	}
	if (cfg->action == DFOD_CALL_RAW) {
		rc = call_raw(fd);
		close(fd);
		return rc;
	}
	if (cfg->call_args) {
		args = json_tokener_parse_verbose(cfg->call_args, &je);
		if (!args || !json_object_is_type(args, json_type_object)) {
			fprintf(stderr, "dhcpfod: the arguments must be a JSON object%s%s\n",
				args ? "" : ": ", args ? "" : json_tokener_error_desc(je));
			goto out;
		}
	}
	req = json_object_new_object();
	if (!req || dfod_jadd_u64(req, "v", DFO_PROTO_VERSION) || dfod_jadd_u64(req, "id", 1) ||
	    dfod_jadd_str(req, "op", cfg->call_op) ||
	    (args && dfod_jadd(req, "args", json_object_get(args))))
		goto out;
	txt = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN);
	err = dfo_proto_send(fd, txt, strlen(txt));
	if (!err)
		err = dfo_proto_recv(fd, &reply, &len, CALL_TIMEOUT_MS);
	if (err) {
		fprintf(stderr, "dhcpfod: %s: %s\n", cfg->socket_path, strerror(-err));
		goto out;
	}
	rep = json_tokener_parse(reply);
	if (!rep) {
		fprintf(stderr, "dhcpfod: the reply is not JSON: %s\n", reply);
		goto out;
	}
	printf("%s\n", json_object_to_json_string_ext(rep, JSON_C_TO_STRING_PRETTY |
						      JSON_C_TO_STRING_NOSLASHESCAPE));
	st = json_object_object_get(rep, "status");
	rc = st && (json_object_get_int64(st) == DHCPFO_ERROR_SUCCESS ||
		    json_object_get_int64(st) == DHCPFO_ERROR_MORE_DATA) ? 0 : 1;
out:
	free(reply);
	json_object_put(rep);
	json_object_put(req);
	json_object_put(args);
	close(fd);
	return rc;
}
