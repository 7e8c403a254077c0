/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Run a real dhcpfod for a test: management only (--no-xdp), its socket,
 * state and pin root in a fresh mkdtemp directory, $DHCPFO_SOCKET pointing
 * at it so that the dhcpsapi.h functions (which take no socket) reach it.
 * A missing build/dhcpfod fails the test with a message; it never passes
 * silently.
 */
#ifndef DHCPFO_TEST_API_SPAWN_H
#define DHCPFO_TEST_API_SPAWN_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

struct test_agent {
	pid_t pid;
	char dir[64];
	char sock[128];
	char log[128];
};

static void test_agent_dump_log(const struct test_agent *a)
{
	char line[512];
	FILE *f = fopen(a->log, "r");

	if (!f)
		return;
	fprintf(stderr, "---- dhcpfod log (%s) ----\n", a->log);
	while (fgets(line, sizeof(line), f))
		fprintf(stderr, "| %s", line);
	fclose(f);
}

static int test_agent_connectable(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, ok;

	if (strlen(path) >= sizeof(sun.sun_path))
		return 0;
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ok = fd >= 0 && !connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	if (fd >= 0)
		close(fd);
	return ok;
}

/* Start dhcpfod with @extra (NULL-terminated, may be NULL); 0 or -1 (reported). */
static int test_agent_start(struct test_agent *a, const char *const *extra)
{
	static unsigned int seq;
	const char *build = getenv("DFO_BUILD");
	char bin[256], state[160], pins[160], inst[64];
	const char *argv[32];
	int n = 0, i, status;
	struct timespec ts = { 0, 5 * 1000 * 1000 };

	memset(a, 0, sizeof(*a));
	snprintf(bin, sizeof(bin), "%s/dhcpfod", build && *build ? build : "build");
	if (access(bin, X_OK)) {
		fprintf(stderr, "FAIL: %s is missing (%s): build it with 'make' first; "
			"these tests need the real agent\n", bin, strerror(errno));
		return -1;
	}
	strcpy(a->dir, "/tmp/dfo-apitest-XXXXXX");
	if (!mkdtemp(a->dir)) {
		fprintf(stderr, "FAIL: mkdtemp: %s\n", strerror(errno));
		return -1;
	}
	snprintf(a->sock, sizeof(a->sock), "%s/api.sock", a->dir);
	snprintf(a->log, sizeof(a->log), "%s/dhcpfod.log", a->dir);
	snprintf(state, sizeof(state), "%s/state", a->dir);
	snprintf(pins, sizeof(pins), "%s/pins", a->dir);
	snprintf(inst, sizeof(inst), "apitest%d-%u", (int)getpid(), seq++);
	argv[n++] = bin;
	argv[n++] = "--no-xdp";
	argv[n++] = "--instance";
	argv[n++] = inst;
	argv[n++] = "--state-dir";
	argv[n++] = state;
	argv[n++] = "--socket";
	argv[n++] = a->sock;
	argv[n++] = "--pin-root";
	argv[n++] = pins;
	for (i = 0; extra && extra[i] && n < 31; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;

	a->pid = fork();
	if (a->pid < 0) {
		fprintf(stderr, "FAIL: fork: %s\n", strerror(errno));
		return -1;
	}
	if (a->pid == 0) {
		int fd = open(a->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	/* ready when it accepts connections; give up after 10 s */
	for (i = 0; i < 2000; i++) {
		if (waitpid(a->pid, &status, WNOHANG) == a->pid) {
			fprintf(stderr, "FAIL: dhcpfod exited before serving (status 0x%x)\n", status);
			test_agent_dump_log(a);
			a->pid = 0;
			return -1;
		}
		if (test_agent_connectable(a->sock)) {
			setenv("DHCPFO_SOCKET", a->sock, 1);
			return 0;
		}
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "FAIL: dhcpfod did not listen on %s within 10 s\n", a->sock);
	test_agent_dump_log(a);
	kill(a->pid, SIGKILL);
	waitpid(a->pid, NULL, 0);
	a->pid = 0;
	return -1;
}

static void test_agent_rm(const char *dir)
{
	char cmd[160];

	/* the directory is ours, made by mkdtemp above */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "warning: could not remove %s\n", dir);
}

/* Stop it (SIGTERM, then SIGKILL after 5 s) and remove its directory. */
static int test_agent_stop(struct test_agent *a)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int i, status = 0, rc = 0;

	if (a->pid > 0) {
		kill(a->pid, SIGTERM);
		for (i = 0; i < 500; i++) {
			if (waitpid(a->pid, &status, WNOHANG) == a->pid)
				break;
			nanosleep(&ts, NULL);
		}
		if (i == 500) {
			fprintf(stderr, "dhcpfod ignored SIGTERM for 5 s: killed\n");
			kill(a->pid, SIGKILL);
			waitpid(a->pid, &status, 0);
			rc = -1;
		} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "dhcpfod ended with status 0x%x\n", status);
			test_agent_dump_log(a);
			rc = -1;
		}
	}
	unsetenv("DHCPFO_SOCKET");
	if (a->dir[0])
		test_agent_rm(a->dir);
	memset(a, 0, sizeof(*a));
	return rc;
}

#endif
