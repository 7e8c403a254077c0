// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * verifier-stats: load every program of a BPF object with the verifier's
 * statistics (log level 4) and print, per program, the kernel release and
 * the verifier's "processed N insns ..." line. Nothing is attached or
 * pinned; the object is closed again at once.
 *
 *   usage: verifier-stats [-v] [-l LEVEL] OBJ...
 *
 * -l sets the verifier log level (default 4, statistics only; 5 adds the
 * instruction log, whose whole buffer is printed when a load fails),
 * -v shows libbpf's own messages.
 *   build: gcc -O2 -Wall -Wextra -Werror -o verifier-stats verifier-stats.c -lbpf
 *
 * Exit status 0 when every program loaded, 1 when one did not (it is
 * loaded again with the instruction log, and the head and tail of that log
 * are printed), 2 on misuse. vmtest/verifier-stats builds it
 * and runs it on the host and in the vmtest guest.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#define LOG_SIZE	(1u << 20)

static int verbose;
static unsigned int log_level = 4;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* libbpf repeats the whole verifier log on failure; we print a tail. */
	if (!verbose && level != LIBBPF_WARN)
		return 0;
	if (!verbose && strstr(fmt, "PROG LOAD LOG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* The line of @log that starts with "processed ", without its newline. */
static const char *stats_line(const char *log, int *len)
{
	const char *p = log, *end;

	while (p && *p) {
		if (!strncmp(p, "processed ", 10)) {
			end = strchr(p, '\n');
			*len = end ? (int)(end - p) : (int)strlen(p);
			return p;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* Prints the first @head and the last @tail lines of @log to stderr. */
static void print_log(const char *name, const char *log, int head, int tail)
{
	const char *p, *end = log + strlen(log);
	int lines = 0, total = 0;

	for (p = log; *p; p++)
		total += *p == '\n';
	if (end > log && end[-1] != '\n')
		total++;
	fprintf(stderr, "%s: -- verifier log (%d lines", name, total);
	if (head + tail < total)
		fprintf(stderr, ", first %d and last %d shown", head, tail);
	fprintf(stderr, ") --\n");
	if (head + tail >= total) {
		fprintf(stderr, "%s", log);
	} else {
		for (p = log; *p && lines < head; p++) {
			fputc(*p, stderr);
			lines += *p == '\n';
		}
		fprintf(stderr, "[...]\n");
		for (p = end, lines = 0; p > log; p--) {
			if (p[-1] == '\n' && p != end && ++lines >= tail)
				break;
		}
		fprintf(stderr, "%s", p);
	}
	if (end > log && end[-1] != '\n')
		fputc('\n', stderr);
	fprintf(stderr, "%s: -- end of verifier log --\n", name);
}

struct prog_log {
	struct bpf_program *prog;
	char *buf;
};

/*
 * Loads every program of @path with verifier log @level. Prints a line per
 * program with its statistics, unless @detail: then it only prints the log
 * of each program that failed. Returns 0 when all loaded.
 */
static int stats_one(const char *path, const char *release, unsigned int level,
		     int detail)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct prog_log *logs = NULL;
	int n = 0, i, err, ret = 0;

	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		fprintf(stderr, "verifier-stats: cannot open %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(prog, obj)
		n++;
	if (!n) {
		fprintf(stderr, "verifier-stats: %s has no programs\n", path);
		bpf_object__close(obj);
		return 1;
	}
	logs = calloc(n, sizeof(*logs));
	if (!logs) {
		bpf_object__close(obj);
		return 1;
	}
	i = 0;
	bpf_object__for_each_program(prog, obj) {
		logs[i].prog = prog;
		logs[i].buf = calloc(1, LOG_SIZE);
		if (!logs[i].buf) {
			ret = 1;
			goto out;
		}
		/* Level 4 = statistics only; errors are logged at any level. */
		bpf_program__set_log_level(prog, level);
		bpf_program__set_log_buf(prog, logs[i].buf, LOG_SIZE);
		i++;
	}

	err = bpf_object__load(obj);
	for (i = 0; i < n; i++) {
		const char *name = bpf_program__name(logs[i].prog);
		const char *line;
		int len = 0;

		if (!bpf_program__autoload(logs[i].prog))
			continue;
		line = stats_line(logs[i].buf, &len);
		if (bpf_program__fd(logs[i].prog) >= 0) {
			if (detail)
				continue;
			if (line)
				printf("%s %s %s: %.*s\n", release, path, name, len, line);
			else
				printf("%s %s %s: loaded (no statistics in the log)\n",
				       release, path, name);
			continue;
		}
		ret = 1;
		if (detail) {
			/*
			 * Up to 6.3 the kernel keeps the start of an
			 * overflowing log, later kernels the end: the head
			 * names the function being verified, the tail the
			 * error.
			 */
			print_log(name, logs[i].buf, 8, 30);
		} else if (logs[i].buf[0]) {
			printf("%s %s %s: LOAD FAILED%s%.*s\n", release, path,
			       name, line ? ": " : "", len, line ? line : "");
			if (level != 4)
				print_log(name, logs[i].buf, 1 << 30, 0);
		}
	}
	if (err && !detail) {
		fprintf(stderr, "verifier-stats: loading %s on %s failed: %s\n",
			path, release, strerror(-err));
		ret = 1;
	}
out:
	bpf_object__close(obj);
	for (i = 0; i < n; i++)
		free(logs[i].buf);
	free(logs);
	return ret;
}

static const char usage[] = "usage: verifier-stats [-v] [-l LEVEL] OBJ...\n";

int main(int argc, char **argv)
{
	struct utsname u;
	int opt, ret = 0;

	while ((opt = getopt(argc, argv, "vl:h")) != -1) {
		switch (opt) {
		case 'v':
			verbose = 1;
			break;
		case 'l':
			log_level = strtoul(optarg, NULL, 0);
			if (!log_level) {
				fprintf(stderr, "verifier-stats: bad log level '%s'\n", optarg);
				return 2;
			}
			break;
		default:
			fprintf(stderr, "%s", usage);
			return opt == 'h' ? 0 : 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "%s", usage);
		return 2;
	}
	if (uname(&u)) {
		perror("uname");
		return 1;
	}
	libbpf_set_print(print_fn);
	for (; optind < argc; optind++) {
		if (!stats_one(argv[optind], u.release, log_level, 0))
			continue;
		ret = 1;
		/* Statistics only say that it failed; show where. */
		if (log_level == 4)
			stats_one(argv[optind], u.release, 5, 1);
	}
	return ret;
}
