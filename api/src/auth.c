// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* HMAC-SHA256 authentication of the TCP management transport (auth.h). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <json-c/json.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "auth.h"

static int kerr(char *err, size_t len, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int kerr(char *err, size_t len, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return code;
}

/* Permissions first: a key others can read is refused before it is read. */
static int key_file_ok(int fd, const char *path, uid_t owner, char *err, size_t len)
{
	struct stat st;

	if (fstat(fd, &st))
		return kerr(err, len, -errno, "key file %s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return kerr(err, len, -EINVAL, "key file %s is not a regular file", path);
	if (st.st_uid != 0 && st.st_uid != owner)
		return kerr(err, len, -EPERM, "key file %s is owned by uid %u: it must belong to "
			    "root or uid %u", path, (unsigned int)st.st_uid, (unsigned int)owner);
	if (st.st_mode & 077)
		return kerr(err, len, -EPERM, "key file %s has mode %04o: group and others must "
			    "have no access (chmod 600 %s)", path, (unsigned int)(st.st_mode & 07777),
			    path);
	return 0;
}

int dfo_auth_key_load(const char *path, uid_t owner, struct dfo_auth_key *key, char *err,
		      size_t len)
{
	uint8_t buf[DFO_AUTH_KEY_MAX + 1];
	size_t n = 0;
	ssize_t r;
	int fd, e;

	memset(key, 0, sizeof(*key));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return kerr(err, len, -errno, "key file %s: %s", path, strerror(errno));
	e = key_file_ok(fd, path, owner, err, len);
	while (!e && n < sizeof(buf)) {
		r = read(fd, buf + n, sizeof(buf) - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			e = kerr(err, len, -errno, "key file %s: %s", path, strerror(errno));
		if (r <= 0)
			break;
		n += r;
	}
	close(fd);
	/* A final newline (echo, editors) is not key material. */
	while (!e && n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' ||
			   buf[n - 1] == '\t'))
		n--;
	if (!e && n > DFO_AUTH_KEY_MAX)
		e = kerr(err, len, -EINVAL, "key file %s holds more than %d bytes", path,
			 DFO_AUTH_KEY_MAX);
	else if (!e && n < DFO_AUTH_KEY_MIN)
		e = kerr(err, len, -EINVAL, "key file %s holds %zu bytes of key; at least %d are "
			 "needed (e.g. openssl rand -hex 32 > %s)", path, n, DFO_AUTH_KEY_MIN, path);
	if (!e) {
		memcpy(key->k, buf, n);
		key->len = n;
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	return e;
}

void dfo_auth_key_wipe(struct dfo_auth_key *key)
{
	OPENSSL_cleanse(key, sizeof(*key));
}

int dfo_auth_nonce(uint8_t nonce[DFO_AUTH_NONCE_LEN])
{
	size_t n = 0;
	ssize_t r;

	while (n < DFO_AUTH_NONCE_LEN) {
		r = getrandom(nonce + n, DFO_AUTH_NONCE_LEN - n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		n += r;
	}
	return 0;
}

/* ---- hello --------------------------------------------------------------- */

static void hex(const uint8_t *a, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[a[i] >> 4];
		out[2 * i + 1] = digits[a[i] & 15];
	}
	out[2 * n] = '\0';
}

static int unhex(const char *s, uint8_t *a, size_t n)
{
	size_t i;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < 2 * n; i++) {
		char c = s[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (v < 0)
			return -1;
		if (i & 1)
			a[i / 2] |= v;
		else
			a[i / 2] = v << 4;
	}
	return 0;
}

char *dfo_auth_hello_build(const uint8_t nonce[DFO_AUTH_NONCE_LEN], bool server, size_t *len)
{
	char h[2 * DFO_AUTH_NONCE_LEN + 1], *out;
	int n;

	hex(nonce, DFO_AUTH_NONCE_LEN, h);
	n = asprintf(&out, "{\"v\":1,%s\"auth\":\"hmac-sha256\",\"nonce\":\"%s\"}",
		     server ? "\"service\":\"dhcpfod\"," : "", h);
	if (n < 0)
		return NULL;
	*len = n;
	return out;
}

int dfo_auth_hello_parse(const char *msg, size_t len, uint8_t nonce[DFO_AUTH_NONCE_LEN])
{
	struct json_tokener *tok;
	json_object *o, *v;
	int r = -EPROTO;

	if (len > DFO_AUTH_HELLO_MAX)
		return -EPROTO;
	tok = json_tokener_new();
	if (!tok)
		return -ENOMEM;
	o = json_tokener_parse_ex(tok, msg, (int)len);
	if (o && json_tokener_get_error(tok) == json_tokener_success &&
	    json_tokener_get_parse_end(tok) == len && json_object_is_type(o, json_type_object) &&
	    json_object_object_get_ex(o, "v", &v) && json_object_is_type(v, json_type_int) &&
	    json_object_get_int64(v) == 1 &&
	    json_object_object_get_ex(o, "auth", &v) && json_object_is_type(v, json_type_string) &&
	    !strcmp(json_object_get_string(v), "hmac-sha256") &&
	    json_object_object_get_ex(o, "nonce", &v) && json_object_is_type(v, json_type_string) &&
	    !unhex(json_object_get_string(v), nonce, DFO_AUTH_NONCE_LEN))
		r = 0;
	json_object_put(o);
	json_tokener_free(tok);
	return r;
}

/* ---- MAC ------------------------------------------------------------------ */

static EVP_MAC *hmac_alg;
static pthread_once_t hmac_once = PTHREAD_ONCE_INIT;

static void hmac_fetch(void)
{
	hmac_alg = EVP_MAC_fetch(NULL, "HMAC", NULL);
}

int dfo_auth_mac(const struct dfo_auth_key *key, const struct dfo_auth_session *s,
		 enum dfo_auth_dir dir, uint64_t seq, const void *json, size_t len,
		 uint8_t mac[DFO_AUTH_MAC_LEN])
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
		OSSL_PARAM_construct_end(),
	};
	uint8_t d = (uint8_t)dir, be[8];
	EVP_MAC_CTX *ctx;
	size_t out = 0;
	int i, ok;

	pthread_once(&hmac_once, hmac_fetch);
	if (!hmac_alg)
		return -EIO;
	ctx = EVP_MAC_CTX_new(hmac_alg);
	if (!ctx)
		return -ENOMEM;
	for (i = 0; i < 8; i++)
		be[i] = (uint8_t)(seq >> (56 - 8 * i));
	ok = EVP_MAC_init(ctx, key->k, key->len, params) &&
	     EVP_MAC_update(ctx, (const uint8_t *)DFO_AUTH_LABEL, strlen(DFO_AUTH_LABEL)) &&
	     EVP_MAC_update(ctx, &d, 1) &&
	     EVP_MAC_update(ctx, s->server_nonce, DFO_AUTH_NONCE_LEN) &&
	     EVP_MAC_update(ctx, s->client_nonce, DFO_AUTH_NONCE_LEN) &&
	     EVP_MAC_update(ctx, be, sizeof(be)) &&
	     EVP_MAC_update(ctx, json, len) &&
	     EVP_MAC_final(ctx, mac, &out, DFO_AUTH_MAC_LEN) && out == DFO_AUTH_MAC_LEN;
	EVP_MAC_CTX_free(ctx);
	return ok ? 0 : -EIO;
}

int dfo_auth_seal(const struct dfo_auth_key *key, const struct dfo_auth_session *s,
		  enum dfo_auth_dir dir, uint64_t seq, const char *json, size_t len, char **out,
		  size_t *out_len)
{
	char *buf = malloc(DFO_AUTH_HDR_LEN + len);
	int i, e;

	if (!buf)
		return -ENOMEM;
	for (i = 0; i < 8; i++)
		buf[i] = (char)(seq >> (56 - 8 * i));
	e = dfo_auth_mac(key, s, dir, seq, json, len, (uint8_t *)buf + 8);
	if (e) {
		free(buf);
		return e;
	}
	memcpy(buf + DFO_AUTH_HDR_LEN, json, len);
	*out = buf;
	*out_len = DFO_AUTH_HDR_LEN + len;
	return 0;
}

int dfo_auth_open(const struct dfo_auth_key *key, const struct dfo_auth_session *s,
		  enum dfo_auth_dir dir, uint64_t want, const char *frame, size_t len,
		  const char **json, size_t *json_len, uint64_t *seq)
{
	uint8_t mac[DFO_AUTH_MAC_LEN];
	uint64_t n = 0;
	int i, e;

	*seq = 0;
	if (len < DFO_AUTH_HDR_LEN)
		return -EBADMSG;
	for (i = 0; i < 8; i++)
		n = n << 8 | (uint8_t)frame[i];
	*seq = n;
	e = dfo_auth_mac(key, s, dir, n, frame + DFO_AUTH_HDR_LEN, len - DFO_AUTH_HDR_LEN, mac);
	if (e)
		return e;
	if (CRYPTO_memcmp(mac, frame + 8, DFO_AUTH_MAC_LEN))
		return -EBADMSG;
	if (n != want)
		return -ERANGE;
	*json = frame + DFO_AUTH_HDR_LEN;
	*json_len = len - DFO_AUTH_HDR_LEN;
	return 0;
}
