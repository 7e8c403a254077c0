/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Status codes of the dhcpfo management API: Win32 error codes, the values
 * of dhcpsapi.h / winerror.h (MS-DHCPM's own tables are off by one for some
 * FO codes; these header values are authoritative). Shared by libdhcpfo,
 * the CLI and dhcpfod (which converts its internal -errno to these only at
 * the protocol boundary).
 */
#ifndef DHCPFO_STATUS_H
#define DHCPFO_STATUS_H

#define DHCPFO_STATUS_LIST(X)							\
	X(ERROR_SUCCESS, 0, "success")						\
	X(ERROR_FILE_NOT_FOUND, 2, "not found")					\
	X(ERROR_ACCESS_DENIED, 5, "access denied")				\
	X(ERROR_NOT_ENOUGH_MEMORY, 8, "not enough memory")			\
	X(ERROR_NOT_SUPPORTED, 50, "operation not supported")			\
	X(ERROR_INVALID_PARAMETER, 87, "invalid parameter")			\
	X(ERROR_INVALID_DATA, 13, "invalid data")				\
	X(ERROR_MORE_DATA, 234, "more data is available")			\
	X(ERROR_NO_MORE_ITEMS, 259, "no more items")				\
	X(ERROR_INTERNAL_ERROR, 1359, "internal error")			\
	X(ERROR_DHCP_SUBNET_EXISTS, 20052, "the subnet already exists")		\
	X(ERROR_DHCP_SUBNET_NOT_PRESENT, 20005, "the subnet does not exist")	\
	X(ERROR_DHCP_ELEMENT_CANT_REMOVE, 20007, "the element cannot be removed") \
	X(ERROR_DHCP_OPTION_NOT_PRESENT, 20010, "the option is not set")	\
	X(ERROR_DHCP_JET_ERROR, 20013, "no such client in the lease database")	\
	X(ERROR_DHCP_NOT_RESERVED_CLIENT, 20018, "the client is not reserved")	\
	X(ERROR_DHCP_RESERVED_CLIENT, 20019, "the client is reserved")		\
	X(ERROR_DHCP_IPRANGE_EXITS, 20021, "the range already exists")		\
	X(ERROR_DHCP_RESERVEDIP_EXITS, 20022, "the reservation already exists")	\
	X(ERROR_DHCP_INVALID_RANGE, 20023, "the range is not valid for the subnet") \
	X(ERROR_DHCP_INVALID_SUBNET_PREFIX, 20091, "the subnet address and mask do not match") \
	X(ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP, 20113,			\
	  "the scope is already in a failover relationship")			\
	X(ERROR_DHCP_FO_RELATIONSHIP_EXISTS, 20114, "the relationship already exists") \
	X(ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST, 20115,			\
	  "the relationship does not exist")					\
	X(ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP, 20116,			\
	  "the scope is not in a failover relationship")			\
	X(ERROR_DHCP_FO_RELATION_IS_SECONDARY, 20117,				\
	  "this server is the secondary of the relationship")			\
	X(ERROR_DHCP_FO_NOT_SUPPORTED, 20118, "not supported in a failover relationship") \
	X(ERROR_DHCP_FO_TIME_OUT_OF_SYNC, 20119, "the partners' clocks are out of sync") \
	X(ERROR_DHCP_FO_STATE_NOT_NORMAL, 20120, "the relationship is not in NORMAL state") \
	X(ERROR_DHCP_NO_ADMIN_PERMISSION, 20121, "no administrative permission") \
	X(ERROR_DHCP_SERVER_NOT_REACHABLE, 20122, "the server is not reachable") \
	X(ERROR_DHCP_SERVER_NOT_RUNNING, 20123, "the DHCP server is not running") \
	X(ERROR_DHCP_SERVER_NAME_NOT_RESOLVED, 20124, "the server name does not resolve") \
	X(ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG, 20125,			\
	  "the relationship name is too long")					\
	X(ERROR_DHCP_FO_ADDSCOPE_LEASES_NOT_SYNCED, 20127,			\
	  "the scope's leases are not synchronised")				\
	X(ERROR_DHCP_FO_MAX_RELATIONSHIPS, 20128, "too many relationships")	\
	X(ERROR_DHCP_FO_IPRANGE_TYPE_CONV_ILLEGAL, 20129,			\
	  "a range of a failover scope cannot become BOOTP-only")		\
	X(ERROR_DHCP_FO_MAX_ADD_SCOPES, 20130, "more than 400 scopes in one call") \
	X(ERROR_DHCP_FO_BOOT_NOT_SUPPORTED, 20131,				\
	  "BOOTP-only scopes cannot be in a failover relationship")		\
	X(ERROR_DHCP_FO_RANGE_PART_OF_REL, 20132,				\
	  "the range belongs to a failover scope")				\
	X(ERROR_DHCP_FO_SCOPE_SYNC_IN_PROGRESS, 20133, "scope synchronisation in progress") \
	X(ERROR_DHCP_FO_FEATURE_NOT_SUPPORTED, 20134, "feature not supported")

#ifndef DHCPFO_NO_WIN32_NAMES
enum dhcpfo_status {
#define DHCPFO_X_ENUM(name, val, text) DHCPFO_##name = val,
	DHCPFO_STATUS_LIST(DHCPFO_X_ENUM)
#undef DHCPFO_X_ENUM
};
#endif

/* Symbolic name ("ERROR_DHCP_FO_RELATIONSHIP_EXISTS") or NULL if unknown. */
const char *dhcpfo_status_name(unsigned int status);
/* Short English description, "unknown error" if unknown. */
const char *dhcpfo_status_text(unsigned int status);
/* Code for a symbolic name; -1 if unknown. */
long dhcpfo_status_from_name(const char *name);

#endif
