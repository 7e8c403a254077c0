// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * UTF-8 <-> wchar_t for the dhcpsapi.h layer. wchar_t is UTF-32 on Linux;
 * done by hand rather than with wcstombs() so that the result does not
 * depend on the caller's locale.
 */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

static size_t utf8_put(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int dfoc_wcs_to_utf8(const wchar_t *ws, char **out)
{
	size_t n = 0, i;
	char *s;

	*out = NULL;
	if (!ws)
		return 0;
	for (i = 0; ws[i]; i++) {
		uint32_t cp = (uint32_t)ws[i];

		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return -EILSEQ;
		n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	}
	s = malloc(n + 1);
	if (!s)
		return -ENOMEM;
	for (n = 0, i = 0; ws[i]; i++)
		n += utf8_put((uint32_t)ws[i], s + n);
	s[n] = '\0';
	*out = s;
	return 0;
}

/* Decode one sequence at @s; returns its length, 0 when invalid. */
static size_t utf8_get(const unsigned char *s, uint32_t *cp)
{
	size_t len, i;
	uint32_t v, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, v = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, v = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, v = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and values past Unicode are not UTF-8 */
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

long dfoc_utf8_len(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	long n = 0;
	uint32_t cp;
	size_t k;

	while (*s) {
		k = utf8_get(s, &cp);
		if (!k)
			return -1;
		s += k;
		n++;
	}
	return n;
}

void dfoc_utf8_to_wcs(const char *str, wchar_t *out)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp;
	size_t k;

	while (*s) {
		k = utf8_get(s, &cp);
		if (!k)
			break;
		*out++ = (wchar_t)cp;
		s += k;
	}
	*out = L'\0';
}
