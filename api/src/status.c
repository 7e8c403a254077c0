// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>

#include "dhcpfo_status.h"

struct status_ent {
	unsigned int code;
	const char *name;
	const char *text;
};

static const struct status_ent status_tab[] = {
#define DHCPFO_X_TAB(name, val, text) { val, #name, text },
	DHCPFO_STATUS_LIST(DHCPFO_X_TAB)
#undef DHCPFO_X_TAB
};

#define N_STATUS (sizeof(status_tab) / sizeof(status_tab[0]))

static const struct status_ent *status_find(unsigned int code)
{
	size_t i;

	for (i = 0; i < N_STATUS; i++)
		if (status_tab[i].code == code)
			return &status_tab[i];
	return NULL;
}

const char *dhcpfo_status_name(unsigned int status)
{
	const struct status_ent *e = status_find(status);

	return e ? e->name : NULL;
}

const char *dhcpfo_status_text(unsigned int status)
{
	const struct status_ent *e = status_find(status);

	return e ? e->text : "unknown error";
}

long dhcpfo_status_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < N_STATUS; i++)
		if (!strcmp(status_tab[i].name, name))
			return status_tab[i].code;
	return -1;
}
