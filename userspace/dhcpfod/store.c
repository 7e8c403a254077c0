// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <openssl/evp.h>

#include "log.h"
#include "record.h"
#include "store.h"

/* Text after the checksummed part: ,"sum":"<hex>"} */
#define SUM_KEY		",\"sum\":\""
#define SUM_KEY_LEN	(sizeof(SUM_KEY) - 1)
#define REC_SUM_HEX	16		/* SHA-256, first 8 bytes */
#define SNAP_SUM_HEX	64		/* SHA-256, whole */

static int digest_hex(const char *data, size_t len, char *hex, size_t nhex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t i;

	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen * 2 < nhex)
		return -EIO;
	for (i = 0; i < nhex / 2; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[nhex] = '\0';
	return 0;
}

/*
 * Serialise @obj and seal it: the object's text without its closing brace,
 * then ,"sum":"<hex>"} and a newline. Returns a malloc'ed buffer.
 */
static char *seal(json_object *obj, size_t nhex, size_t *out_len)
{
	const char *txt = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
							 JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t body, len;
	char *buf;

	if (!txt)
		return NULL;
	body = strlen(txt);
	if (body < 2 || txt[body - 1] != '}')
		return NULL;
	body--;
	len = body + SUM_KEY_LEN + nhex + 3;
	buf = malloc(len + 1);
	if (!buf)
		return NULL;
	memcpy(buf, txt, body);
	memcpy(buf + body, SUM_KEY, SUM_KEY_LEN);
	if (digest_hex(txt, body, buf + body + SUM_KEY_LEN, nhex)) {
		free(buf);
		return NULL;
	}
	memcpy(buf + body + SUM_KEY_LEN + nhex, "\"}\n", 4);
	*out_len = len;
	return buf;
}

/* Check the seal of @line (without newline); 0, or a static problem text. */
static const char *unseal(const char *line, size_t len, size_t nhex)
{
	char want[SNAP_SUM_HEX + 1];
	size_t body;

	if (len < SUM_KEY_LEN + nhex + 3 || line[0] != '{')
		return "not a sealed record";
	body = len - (SUM_KEY_LEN + nhex + 2);
	if (memcmp(line + body, SUM_KEY, SUM_KEY_LEN) || memcmp(line + len - 2, "\"}", 2))
		return "no checksum at the end";
	if (digest_hex(line, body, want, nhex))
		return "cannot compute the checksum";
	if (memcmp(want, line + body + SUM_KEY_LEN, nhex))
		return "checksum mismatch";
	return NULL;
}

static json_object *parse_json(const char *txt, size_t len, char *err, size_t errlen)
{
	struct json_tokener *tok = json_tokener_new();
	enum json_tokener_error je;
	json_object *o;

	if (!tok) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, txt, len);
	je = json_tokener_get_error(tok);
	if (!o || je != json_tokener_success || json_tokener_get_parse_end(tok) != len) {
		snprintf(err, errlen, "invalid JSON: %s", o ? "trailing data" :
			 je == json_tokener_continue ? "truncated" : json_tokener_error_desc(je));
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

static int read_all(int fd, char **out, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1), *nb;
	ssize_t r;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			cap *= 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = -errno;
			free(buf);
			return r;
		}
		if (!r)
			break;
		n += r;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t r;

	while (len) {
		r = write(fd, buf, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		buf += r;
		len -= r;
	}
	return 0;
}

static int mkdir_p(const char *path, mode_t mode)
{
	char tmp[PATH_MAX], *p;

	if (strlen(path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	strcpy(tmp, path);
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, mode) && errno != EEXIST)
		return -errno;
	return 0;
}

static int load_snapshot(struct dfod_store *sto, struct dfod_state *st)
{
	char err[512], *buf = NULL;
	const char *bad;
	json_object *o;
	size_t len;
	int fd, r;

	fd = openat(sto->dir_fd, DFOD_STATE_FILE, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		dfo_info("%s: no state file yet, starting from the journal alone",
			 sto->snap_path);
		return 0;
	}
	if (fd < 0) {
		r = -errno;
		dfo_err("%s: cannot open the state file: %s", sto->snap_path, strerror(-r));
		return r;
	}
	r = read_all(fd, &buf, &len);
	close(fd);
	if (r) {
		dfo_err("%s: cannot read the state file: %s", sto->snap_path, strerror(-r));
		return r;
	}
	if (len && buf[len - 1] == '\n')
		len--;
	bad = unseal(buf, len, SNAP_SUM_HEX);
	if (bad) {
		dfo_err("%s: corrupt state file: %s (refusing to start; restore it from a "
			"backup or move it away to start empty)", sto->snap_path, bad);
		free(buf);
		return -EBADMSG;
	}
	o = parse_json(buf, len, err, sizeof(err));
	free(buf);
	if (!o) {
		dfo_err("%s: corrupt state file: %s", sto->snap_path, err);
		return -EBADMSG;
	}
	r = dfod_snapshot_load(st, o, &sto->snap_seq, err, sizeof(err));
	json_object_put(o);
	if (r) {
		dfo_err("%s: bad state file: %s", sto->snap_path, err);
		return r == -ENOMEM ? r : -EBADMSG;
	}
	sto->seq = sto->snap_seq;
	return 0;
}

/* One complete journal line: check, and apply when past the snapshot. */
static int replay_line(struct dfod_store *sto, struct dfod_state *st, const char *line,
		       size_t len, unsigned long lineno, uint64_t *prev)
{
	char err[512];
	const char *bad;
	json_object *o;
	uint64_t seq;
	int r;

	bad = unseal(line, len, REC_SUM_HEX);
	if (bad) {
		dfo_err("%s: line %lu: corrupt record: %s (refusing to start)", sto->journal_path,
			lineno, bad);
		return -EBADMSG;
	}
	o = parse_json(line, len, err, sizeof(err));
	if (!o) {
		dfo_err("%s: line %lu: corrupt record: %s", sto->journal_path, lineno, err);
		return -EBADMSG;
	}
	if (dfod_json_u64(o, "seq", &seq)) {
		dfo_err("%s: line %lu: record without a sequence number", sto->journal_path,
			lineno);
		r = -EBADMSG;
		goto out;
	}
	/*
	 * Records run on without gaps. Those up to the snapshot's number are
	 * left from a compaction interrupted before the journal was emptied.
	 */
	if ((*prev && seq != *prev + 1) || (!*prev && seq > sto->snap_seq + 1)) {
		dfo_err("%s: line %lu: record %llu follows record %llu: records are missing",
			sto->journal_path, lineno, (unsigned long long)seq,
			(unsigned long long)(*prev ? *prev : sto->snap_seq));
		r = -EBADMSG;
		goto out;
	}
	*prev = seq;
	if (seq <= sto->snap_seq) {
		r = 0;
		goto out;
	}
	r = dfod_record_apply(st, o, err, sizeof(err));
	if (r) {
		dfo_err("%s: line %lu: record %llu cannot be applied: %s", sto->journal_path,
			lineno, (unsigned long long)seq, err);
		r = r == -ENOMEM ? r : -EBADMSG;
		goto out;
	}
	sto->seq = seq;
	sto->replayed++;
out:
	json_object_put(o);
	return r;
}

static int replay_journal(struct dfod_store *sto, struct dfod_state *st)
{
	unsigned long lineno = 0;
	uint64_t prev = 0;
	size_t len, off = 0;
	char *buf, *nl;
	int r;

	if (lseek(sto->jfd, 0, SEEK_SET) < 0)
		return -errno;
	r = read_all(sto->jfd, &buf, &len);
	if (r) {
		dfo_err("%s: cannot read the journal: %s", sto->journal_path, strerror(-r));
		return r;
	}
	while (off < len) {
		nl = memchr(buf + off, '\n', len - off);
		lineno++;
		if (!nl)
			break;
		r = replay_line(sto, st, buf + off, nl - (buf + off), lineno, &prev);
		if (r)
			goto out;
		off = nl + 1 - buf;
		sto->jrecords++;
	}
	if (off < len) {
		/* Never acknowledged: the reply waits for the whole line to be synced. */
		dfo_warn("%s: line %lu: cutting a torn last record (%zu bytes, no newline) "
			 "left by a crash during an append", sto->journal_path, lineno, len - off);
		if (ftruncate(sto->jfd, off) || fsync(sto->jfd)) {
			r = -errno;
			dfo_err("%s: cannot cut the torn record: %s", sto->journal_path,
				strerror(-r));
			goto out;
		}
		sto->cut_bytes = len - off;
	}
	sto->jsize = off;
	r = 0;
out:
	free(buf);
	return r;
}

int dfod_store_open(struct dfod_store *sto, const char *dir, uint64_t compact_bytes,
		    struct dfod_state *st)
{
	bool created = false;
	int r;

	memset(sto, 0, sizeof(*sto));
	sto->dir_fd = sto->lock_fd = sto->jfd = -1;
	sto->compact_bytes = compact_bytes ? compact_bytes : DFOD_COMPACT_DEFAULT;
	sto->compact_at = sto->compact_bytes;
	if (strlen(dir) >= sizeof(sto->dir))
		return -ENAMETOOLONG;
	strcpy(sto->dir, dir);
	snprintf(sto->snap_path, sizeof(sto->snap_path), "%s/%s", dir, DFOD_STATE_FILE);
	snprintf(sto->journal_path, sizeof(sto->journal_path), "%s/%s", dir, DFOD_JOURNAL_FILE);

	r = mkdir_p(dir, 0700);
	if (r) {
		dfo_err("%s: cannot create the state directory: %s", dir, strerror(-r));
		return r;
	}
	sto->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sto->dir_fd < 0) {
		r = -errno;
		dfo_err("%s: cannot open the state directory: %s", dir, strerror(-r));
		return r;
	}
	sto->lock_fd = openat(sto->dir_fd, DFOD_LOCK_FILE, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (sto->lock_fd < 0 || flock(sto->lock_fd, LOCK_EX | LOCK_NB)) {
		r = -errno;
		if (r == -EWOULDBLOCK)
			dfo_err("%s: the state directory is in use by another dhcpfod", dir);
		else
			dfo_err("%s/%s: cannot lock: %s", dir, DFOD_LOCK_FILE, strerror(-r));
		goto fail;
	}
	r = load_snapshot(sto, st);
	if (r)
		goto fail;
	sto->jfd = openat(sto->dir_fd, DFOD_JOURNAL_FILE, O_RDWR | O_CLOEXEC);
	if (sto->jfd < 0 && errno == ENOENT) {
		sto->jfd = openat(sto->dir_fd, DFOD_JOURNAL_FILE,
				  O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		created = sto->jfd >= 0;
	}
	if (sto->jfd < 0) {
		r = -errno;
		dfo_err("%s: cannot open the journal: %s", sto->journal_path, strerror(-r));
		goto fail;
	}
	if (created && (fsync(sto->jfd) || fsync(sto->dir_fd))) {
		r = -errno;
		dfo_err("%s: cannot sync the new journal: %s", sto->journal_path, strerror(-r));
		goto fail;
	}
	r = replay_journal(sto, st);
	if (r)
		goto fail;
	/* Appends go to the end; the read position no longer matters. */
	if (lseek(sto->jfd, sto->jsize, SEEK_SET) < 0) {
		r = -errno;
		goto fail;
	}
	return 0;
fail:
	dfod_store_close(sto);
	return r;
}

int dfod_store_append(struct dfod_store *sto, json_object *rec)
{
	size_t len;
	char *line;
	int r;

	r = dfod_jadd_u64(rec, "seq", sto->seq + 1);
	if (r)
		return r;
	line = seal(rec, REC_SUM_HEX, &len);
	if (!line)
		return -ENOMEM;
	r = write_all(sto->jfd, line, len);
	free(line);
	if (r) {
		dfo_err("%s: appending record %llu: %s", sto->journal_path,
			(unsigned long long)sto->seq + 1, strerror(-r));
		/* A partial line must not stay behind a later record. */
		if (ftruncate(sto->jfd, sto->jsize) || lseek(sto->jfd, sto->jsize, SEEK_SET) < 0)
			return -EIO;
		return r;
	}
	sto->last_off = sto->jsize;
	sto->jsize += len;
	sto->seq++;
	sto->jrecords++;
	sto->unsynced = true;
	return 0;
}

int dfod_store_rollback(struct dfod_store *sto)
{
	if (ftruncate(sto->jfd, sto->last_off) || lseek(sto->jfd, sto->last_off, SEEK_SET) < 0) {
		int r = -errno;

		dfo_err("%s: cannot take back record %llu: %s", sto->journal_path,
			(unsigned long long)sto->seq, strerror(-r));
		return r;
	}
	sto->jsize = sto->last_off;
	sto->seq--;
	sto->jrecords--;
	return 0;
}

int dfod_store_sync(struct dfod_store *sto)
{
	if (!sto->unsynced)
		return 0;
	if (fdatasync(sto->jfd)) {
		int r = -errno;

		dfo_err("%s: fdatasync: %s", sto->journal_path, strerror(-r));
		return r;
	}
	sto->unsynced = false;
	return 0;
}

bool dfod_store_want_compact(const struct dfod_store *sto)
{
	return (uint64_t)sto->jsize > sto->compact_at;
}

static int write_snapshot(struct dfod_store *sto, const struct dfod_state *st)
{
	static const char tmp_name[] = DFOD_STATE_FILE ".tmp";
	json_object *snap;
	size_t len;
	char *txt;
	int fd, r;

	snap = dfod_snapshot_build(st, sto->seq);
	txt = snap ? seal(snap, SNAP_SUM_HEX, &len) : NULL;
	json_object_put(snap);
	if (!txt)
		return -ENOMEM;
	fd = openat(sto->dir_fd, tmp_name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		r = -errno;
		goto out;
	}
	r = write_all(fd, txt, len);
	if (!r && fsync(fd))
		r = -errno;
	close(fd);
	if (!r && renameat(sto->dir_fd, tmp_name, sto->dir_fd, DFOD_STATE_FILE))
		r = -errno;
	if (!r && fsync(sto->dir_fd))
		r = -errno;
	if (r)
		unlinkat(sto->dir_fd, tmp_name, 0);
out:
	free(txt);
	if (r)
		dfo_err("%s: writing the state file: %s", sto->snap_path, strerror(-r));
	return r;
}

int dfod_store_compact(struct dfod_store *sto, const struct dfod_state *st)
{
	int r;

	r = dfod_store_sync(sto);
	if (!r)
		r = write_snapshot(sto, st);
	if (r)
		goto fail;
	sto->snap_seq = sto->seq;
	/* Records left behind if this fails are <= snap_seq and skipped on load. */
	if (ftruncate(sto->jfd, 0) || lseek(sto->jfd, 0, SEEK_SET) < 0 || fsync(sto->jfd)) {
		r = -errno;
		dfo_err("%s: emptying the journal: %s", sto->journal_path, strerror(-r));
		lseek(sto->jfd, 0, SEEK_END);
		goto fail;
	}
	dfo_dbg("%s: compacted %llu records into %s", sto->journal_path,
		(unsigned long long)sto->jrecords, sto->snap_path);
	sto->jsize = sto->last_off = 0;
	sto->jrecords = 0;
	sto->compact_at = sto->compact_bytes;
	return 0;
fail:
	/* Try again after as much growth again, not on every change. */
	sto->compact_at = sto->jsize + sto->compact_bytes;
	return r;
}

void dfod_store_close(struct dfod_store *sto)
{
	if (sto->jfd >= 0)
		close(sto->jfd);
	if (sto->lock_fd >= 0)
		close(sto->lock_fd);
	if (sto->dir_fd >= 0)
		close(sto->dir_fd);
	sto->jfd = sto->lock_fd = sto->dir_fd = -1;
}
