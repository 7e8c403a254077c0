/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * dhcpsapi.h for Linux: the Windows Server DHCP management API names,
 * typedefs, structure layouts, enumerations and error codes that dhcpfo
 * implements, as a thin layer over libdhcpfo's native API (dhcpfo.h), so
 * that code written against Windows' dhcpsapi.h compiles and runs here.
 *
 * Self-contained on purpose: a program includes only this header.
 *
 * As on Windows:
 * - DHCP_IP_ADDRESS is a DWORD in host byte order (192.0.2.1 = 0xc0000201);
 * - strings are wchar_t (LPWSTR), so L"..." literals work; dhcpfo converts
 *   them to and from UTF-8 (wchar_t is UTF-32 here);
 * - every structure a function returns is released with ONE
 *   DhcpRpcFreeMemory() call on the returned pointer: dhcpfo lays the
 *   structure and everything it points to out in a single allocation. Do
 *   not free interior pointers (some Windows samples free the nested
 *   arrays first; with dhcpfo that is a double free);
 * - ServerIpAddress NULL, L"", L"localhost", a loopback address or an
 *   address or name of this host selects the local dhcpfod (its unix socket,
 *   /run/dhcpfo/default.sock or $DHCPFO_SOCKET). Other servers (an address
 *   or a host name, "host:port" for another port than 6470) are reached over
 *   TCP with HMAC-SHA256 authentication, the key read from $DHCPFO_KEY_FILE
 *   (or dhcpfo_set_key_file(), or /etc/dhcpfo/api.key):
 *   ERROR_DHCP_SERVER_NAME_NOT_RESOLVED, ERROR_DHCP_SERVER_NOT_REACHABLE and
 *   ERROR_ACCESS_DENIED (no key, another key) as on Windows.
 *
 * What dhcpfo does not have (user and vendor classes, server-level and
 * reservation-level option values, secondary hosts, clusters, switched
 * subnets, IPv6) is refused with ERROR_NOT_SUPPORTED, never ignored.
 * docs/api.md lists every function and the mapping.
 */
#ifndef _DHCPSAPI_
#define _DHCPSAPI_

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Windows base types (LP64: DWORD and ULONG are 32 bits) ------------- */

#ifndef DHCPFO_WIN_BASE_TYPES
#define DHCPFO_WIN_BASE_TYPES
typedef uint32_t DWORD, *PDWORD, *LPDWORD;
typedef uint16_t WORD, *PWORD, *LPWORD;
typedef uint8_t BYTE, *PBYTE, *LPBYTE;
typedef int BOOL, *PBOOL, *LPBOOL;
typedef uint32_t ULONG, *PULONG;
typedef uint64_t ULONGLONG;
typedef void *PVOID, *LPVOID;
typedef wchar_t WCHAR, *PWCHAR, *LPWSTR, *PWSTR;
typedef const wchar_t *LPCWSTR, *PCWSTR;
#ifndef VOID
#define VOID void
#endif
#ifndef WINAPI
#define WINAPI
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#endif /* DHCPFO_WIN_BASE_TYPES */

#define DHCP_API_FUNCTION WINAPI
#define DHCP_CONST const

/* ---- common --------------------------------------------------------------- */

typedef DWORD DHCP_IP_ADDRESS, *PDHCP_IP_ADDRESS, *LPDHCP_IP_ADDRESS;
typedef DWORD DHCP_IP_MASK;
typedef DWORD DHCP_RESUME_HANDLE;
typedef DWORD DHCP_OPTION_ID;

/* FILETIME: 100 ns intervals since 1601-01-01 UTC */
typedef struct _DATE_TIME {
	DWORD dwLowDateTime;
	DWORD dwHighDateTime;
} DATE_TIME, *LPDATE_TIME;

typedef struct _DWORD_DWORD {
	DWORD DWord1;			/* high 32 bits */
	DWORD DWord2;			/* low 32 bits */
} DWORD_DWORD, *LPDWORD_DWORD;

typedef struct _DHCP_BINARY_DATA {
	DWORD DataLength;
	BYTE *Data;
} DHCP_BINARY_DATA, *LPDHCP_BINARY_DATA;

typedef DHCP_BINARY_DATA DHCP_CLIENT_UID;

typedef struct _DHCP_HOST_INFO {
	DHCP_IP_ADDRESS IpAddress;
	LPWSTR NetBiosName;
	LPWSTR HostName;
} DHCP_HOST_INFO, *LPDHCP_HOST_INFO;

typedef struct _DHCP_IP_ARRAY {
	DWORD NumElements;
	LPDHCP_IP_ADDRESS Elements;
} DHCP_IP_ARRAY, *LPDHCP_IP_ARRAY;

/* ---- subnets (scopes) ------------------------------------------------------ */

typedef enum _DHCP_SUBNET_STATE {
	DhcpSubnetEnabled = 0,
	DhcpSubnetDisabled,
	DhcpSubnetEnabledSwitched,
	DhcpSubnetDisabledSwitched,
	DhcpSubnetInvalidState
} DHCP_SUBNET_STATE, *LPDHCP_SUBNET_STATE;

typedef struct _DHCP_SUBNET_INFO {
	DHCP_IP_ADDRESS SubnetAddress;
	DHCP_IP_MASK SubnetMask;
	LPWSTR SubnetName;
	LPWSTR SubnetComment;
	DHCP_HOST_INFO PrimaryHost;
	DHCP_SUBNET_STATE SubnetState;
} DHCP_SUBNET_INFO, *LPDHCP_SUBNET_INFO;

typedef enum _DHCP_FORCE_FLAG {
	DhcpFullForce,
	DhcpNoForce,
	DhcpFailoverForce
} DHCP_FORCE_FLAG, *LPDHCP_FORCE_FLAG;

typedef enum _DHCP_SUBNET_ELEMENT_TYPE {
	DhcpIpRanges,
	DhcpSecondaryHosts,
	DhcpReservedIps,
	DhcpExcludedIpRanges,
	DhcpIpUsedClusters,
	DhcpIpRangesDhcpOnly,
	DhcpIpRangesDhcpBootp,
	DhcpIpRangesBootpOnly
} DHCP_SUBNET_ELEMENT_TYPE, *LPDHCP_SUBNET_ELEMENT_TYPE;

typedef struct _DHCP_IP_RANGE {
	DHCP_IP_ADDRESS StartAddress;
	DHCP_IP_ADDRESS EndAddress;
} DHCP_IP_RANGE, *LPDHCP_IP_RANGE;

typedef struct _DHCP_BOOTP_IP_RANGE {
	DHCP_IP_ADDRESS StartAddress;
	DHCP_IP_ADDRESS EndAddress;
	ULONG BootpAllocated;
	ULONG MaxBootpAllowed;
} DHCP_BOOTP_IP_RANGE, *LPDHCP_BOOT_IP_RANGE;

#define CLIENT_TYPE_UNSPECIFIED		0x0
#define CLIENT_TYPE_DHCP		0x1
#define CLIENT_TYPE_BOOTP		0x2
#define CLIENT_TYPE_BOTH		(CLIENT_TYPE_DHCP | CLIENT_TYPE_BOOTP)
#define CLIENT_TYPE_RESERVATION_FLAG	0x4
#define CLIENT_TYPE_NONE		0x64

typedef struct _DHCP_IP_RESERVATION_V4 {
	DHCP_IP_ADDRESS ReservedIpAddress;
	DHCP_CLIENT_UID *ReservedForClient;	/* the hardware address, 1..16 bytes */
	BYTE bAllowedClientTypes;
} DHCP_IP_RESERVATION_V4, *LPDHCP_IP_RESERVATION_V4;

typedef struct _DHCP_IP_CLUSTER {
	DHCP_IP_ADDRESS ClusterAddress;
	DWORD ClusterMask;
} DHCP_IP_CLUSTER, *LPDHCP_IP_CLUSTER;

typedef struct _DHCP_SUBNET_ELEMENT_DATA_V5 {
	DHCP_SUBNET_ELEMENT_TYPE ElementType;
	union _DHCP_SUBNET_ELEMENT_UNION_V5 {
		DHCP_BOOTP_IP_RANGE *IpRange;
		DHCP_HOST_INFO *SecondaryHost;
		DHCP_IP_RESERVATION_V4 *ReservedIp;
		DHCP_IP_RANGE *ExcludeIpRange;
		DHCP_IP_CLUSTER *IpUsedCluster;
	} Element;
} DHCP_SUBNET_ELEMENT_DATA_V5, *LPDHCP_SUBNET_ELEMENT_DATA_V5;

typedef struct _DHCP_SUBNET_ELEMENT_INFO_ARRAY_V5 {
	DWORD NumElements;
	LPDHCP_SUBNET_ELEMENT_DATA_V5 Elements;
} DHCP_SUBNET_ELEMENT_INFO_ARRAY_V5, *LPDHCP_SUBNET_ELEMENT_INFO_ARRAY_V5;

/* ---- option values --------------------------------------------------------- */

typedef enum _DHCP_OPTION_DATA_TYPE {
	DhcpByteOption,
	DhcpWordOption,
	DhcpDWordOption,
	DhcpDWordDWordOption,
	DhcpIpAddressOption,
	DhcpStringDataOption,
	DhcpBinaryDataOption,
	DhcpEncapsulatedDataOption,
	DhcpIpv6AddressOption
} DHCP_OPTION_DATA_TYPE, *LPDHCP_OPTION_DATA_TYPE;

typedef struct _DHCP_OPTION_DATA_ELEMENT {
	DHCP_OPTION_DATA_TYPE OptionType;
	union _DHCP_OPTION_ELEMENT_UNION {
		BYTE ByteOption;
		WORD WordOption;
		DWORD DWordOption;
		DWORD_DWORD DWordDWordOption;
		DHCP_IP_ADDRESS IpAddressOption;
		LPWSTR StringDataOption;
		DHCP_BINARY_DATA BinaryDataOption;
		DHCP_BINARY_DATA EncapsulatedDataOption;
		LPWSTR Ipv6AddressDataOption;
	} Element;
} DHCP_OPTION_DATA_ELEMENT, *LPDHCP_OPTION_DATA_ELEMENT;

typedef struct _DHCP_OPTION_DATA {
	DWORD NumElements;
	LPDHCP_OPTION_DATA_ELEMENT Elements;
} DHCP_OPTION_DATA, *LPDHCP_OPTION_DATA;

typedef struct _DHCP_OPTION_VALUE {
	DHCP_OPTION_ID OptionID;
	DHCP_OPTION_DATA Value;
} DHCP_OPTION_VALUE, *LPDHCP_OPTION_VALUE;

typedef struct _DHCP_OPTION_VALUE_ARRAY {
	DWORD NumElements;
	LPDHCP_OPTION_VALUE Values;
} DHCP_OPTION_VALUE_ARRAY, *LPDHCP_OPTION_VALUE_ARRAY;

typedef enum _DHCP_OPTION_SCOPE_TYPE {
	DhcpDefaultOptions,
	DhcpGlobalOptions,
	DhcpSubnetOptions,
	DhcpReservedOptions,
	DhcpMScopeOptions
} DHCP_OPTION_SCOPE_TYPE, *LPDHCP_OPTION_SCOPE_TYPE;

typedef struct _DHCP_RESERVED_SCOPE {
	DHCP_IP_ADDRESS ReservedIpAddress;
	DHCP_IP_ADDRESS ReservedIpSubnetAddress;
} DHCP_RESERVED_SCOPE, *LPDHCP_RESERVED_SCOPE;

typedef struct _DHCP_OPTION_SCOPE_INFO {
	DHCP_OPTION_SCOPE_TYPE ScopeType;
	union _DHCP_OPTION_SCOPE_UNION {
		PVOID DefaultScopeInfo;
		PVOID GlobalScopeInfo;
		DHCP_IP_ADDRESS SubnetScopeInfo;
		DHCP_RESERVED_SCOPE ReservedScopeInfo;
		LPWSTR MScopeInfo;
	} ScopeInfo;
} DHCP_OPTION_SCOPE_INFO, *LPDHCP_OPTION_SCOPE_INFO;

#define DHCP_FLAGS_OPTION_DEFAULT	0x00
#define DHCP_FLAGS_OPTION_IS_VENDOR	0x03

/* ---- clients ---------------------------------------------------------------- */

typedef enum _DHCP_CLIENT_SEARCH_TYPE {
	DhcpClientIpAddress,
	DhcpClientHardwareAddress,
	DhcpClientName
} DHCP_SEARCH_INFO_TYPE, *LPDHCP_SEARCH_INFO_TYPE;

typedef struct _DHCP_CLIENT_SEARCH_INFO {
	DHCP_SEARCH_INFO_TYPE SearchType;
	union _DHCP_CLIENT_SEARCH_UNION {
		DHCP_IP_ADDRESS ClientIpAddress;
		DHCP_CLIENT_UID ClientHardwareAddress;
		LPWSTR ClientName;
	} SearchInfo;
} DHCP_SEARCH_INFO, *LPDHCP_SEARCH_INFO;

typedef enum _QuarantineStatus {
	NOQUARANTINE = 0,
	RESTRICTEDACCESS,
	DROPPACKET,
	PROBATION,
	EXEMPT,
	DEFAULTQUARSETTING,
	NOQUARINFO
} QuarantineStatus;

/* ClientLeaseExpires of an infinite lease, and of none */
#define DHCP_DATE_TIME_ZERO_HIGH	0
#define DHCP_DATE_TIME_ZERO_LOW		0
#define DHCP_DATE_TIME_INFINIT_HIGH	0x7FFFFFFF
#define DHCP_DATE_TIME_INFINIT_LOW	0xFFFFFFFF

/* AddressState bits 0-1 (DHCPV4_FAILOVER_CLIENT_INFO) */
#define ADDRESS_STATE_OFFERED		0
#define ADDRESS_STATE_ACTIVE		1
#define ADDRESS_STATE_DECLINED		2
#define ADDRESS_STATE_DOOM		3

typedef struct _DHCP_CLIENT_INFO {
	DHCP_IP_ADDRESS ClientIpAddress;
	DHCP_IP_MASK SubnetMask;
	DHCP_CLIENT_UID ClientHardwareAddress;	/* the hardware address, 0..16 bytes */
	LPWSTR ClientName;
	LPWSTR ClientComment;
	DATE_TIME ClientLeaseExpires;
	DHCP_HOST_INFO OwnerHost;
} DHCP_CLIENT_INFO, *LPDHCP_CLIENT_INFO;

typedef struct _DHCP_CLIENT_INFO_ARRAY {
	DWORD NumElements;
	LPDHCP_CLIENT_INFO *Clients;		/* array of pointers */
} DHCP_CLIENT_INFO_ARRAY, *LPDHCP_CLIENT_INFO_ARRAY;

typedef struct _DHCP_CLIENT_INFO_V4 {
	DHCP_IP_ADDRESS ClientIpAddress;
	DHCP_IP_MASK SubnetMask;
	DHCP_CLIENT_UID ClientHardwareAddress;	/* the hardware address, 0..16 bytes */
	LPWSTR ClientName;
	LPWSTR ClientComment;
	DATE_TIME ClientLeaseExpires;
	DHCP_HOST_INFO OwnerHost;
	BYTE bClientType;			/* CLIENT_TYPE_* */
} DHCP_CLIENT_INFO_V4, *LPDHCP_CLIENT_INFO_V4;

typedef struct _DHCP_CLIENT_INFO_ARRAY_V4 {
	DWORD NumElements;
	LPDHCP_CLIENT_INFO_V4 *Clients;		/* array of pointers */
} DHCP_CLIENT_INFO_ARRAY_V4, *LPDHCP_CLIENT_INFO_ARRAY_V4;

/* ---- failover ------------------------------------------------------------- */

typedef enum _DHCP_FAILOVER_MODE {
	LoadBalance = 0,
	HotStandby = 1
} DHCP_FAILOVER_MODE, *LPDHCP_FAILOVER_MODE;

typedef enum _DHCP_FAILOVER_SERVER {
	PrimaryServer = 0,
	SecondaryServer = 1
} DHCP_FAILOVER_SERVER, *LPDHCP_FAILOVER_SERVER;

typedef enum _FSM_STATE {
	NO_STATE = 0,
	INIT,
	STARTUP,
	NORMAL,
	COMMUNICATION_INT,
	PARTNER_DOWN,
	POTENTIAL_CONFLICT,
	CONFLICT_DONE,
	RESOLUTION_INT,
	RECOVER,
	RECOVER_WAIT,
	RECOVER_DONE,
	PAUSED,
	SHUTDOWN
} FSM_STATE, *LPFSM_STATE;

typedef struct _DHCP_FAILOVER_RELATIONSHIP {
	DHCP_IP_ADDRESS PrimaryServer;
	DHCP_IP_ADDRESS SecondaryServer;
	DHCP_FAILOVER_MODE Mode;
	DHCP_FAILOVER_SERVER ServerType;	/* the role of the server that stores it */
	FSM_STATE State;
	FSM_STATE PrevState;
	DWORD Mclt;
	DWORD SafePeriod;
	LPWSTR RelationshipName;
	LPWSTR PrimaryServerName;
	LPWSTR SecondaryServerName;
	LPDHCP_IP_ARRAY pScopes;
	BYTE Percentage;
	LPWSTR SharedSecret;		/* never returned */
} DHCP_FAILOVER_RELATIONSHIP, *LPDHCP_FAILOVER_RELATIONSHIP;

typedef struct _DHCP_FAILOVER_RELATIONSHIP_ARRAY {
	DWORD NumElements;
	LPDHCP_FAILOVER_RELATIONSHIP pRelationships;
} DHCP_FAILOVER_RELATIONSHIP_ARRAY, *LPDHCP_FAILOVER_RELATIONSHIP_ARRAY;

typedef struct _DHCP_FAILOVER_STATISTICS {
	DWORD NumAddr;
	DWORD AddrFree;
	DWORD AddrInUse;
	DWORD PartnerAddrFree;
	DWORD ThisAddrFree;
	DWORD PartnerAddrInUse;
	DWORD ThisAddrInUse;
} DHCP_FAILOVER_STATISTICS, *LPDHCP_FAILOVER_STATISTICS;

typedef struct _DHCPV4_FAILOVER_CLIENT_INFO {
	DHCP_IP_ADDRESS ClientIpAddress;
	DHCP_IP_MASK SubnetMask;
	DHCP_CLIENT_UID ClientHardwareAddress;
	LPWSTR ClientName;
	LPWSTR ClientComment;
	DATE_TIME ClientLeaseExpires;
	DHCP_HOST_INFO OwnerHost;
	BYTE bClientType;
	BYTE AddressState;
	QuarantineStatus Status;
	DATE_TIME ProbationEnds;
	BOOL QuarantineCapable;
	DWORD SentPotExpTime;
	DWORD AckPotExpTime;
	DWORD RecvPotExpTime;
	DWORD StartTime;
	DWORD CltLastTransTime;
	DWORD LastBndUpdTime;
	DWORD BndMsgStatus;
	LPWSTR PolicyName;
	BYTE Flags;
} DHCPV4_FAILOVER_CLIENT_INFO, *LPDHCPV4_FAILOVER_CLIENT_INFO;

typedef struct _DHCPV4_FAILOVER_CLIENT_INFO_ARRAY {
	DWORD NumElements;
	LPDHCPV4_FAILOVER_CLIENT_INFO *Clients;
} DHCPV4_FAILOVER_CLIENT_INFO_ARRAY, *LPDHCPV4_FAILOVER_CLIENT_INFO_ARRAY;

/* DhcpV4FailoverSetRelationship flags */
#define MCLT				0x00000001
#define SAFEPERIOD			0x00000002
#define CHANGESTATE			0x00000004
#define PERCENTAGE			0x00000008
#define MODE				0x00000010
#define PREVSTATE			0x00000020
#define SHAREDSECRET			0x00000040

#define DHCP_FAILOVER_DELETE_SCOPES	0x00000001
#define DHCP_FAILOVER_MAX_NUM_ADD_SCOPES 400
#define DHCP_FAILOVER_MAX_NUM_REL	31

/* ---- error codes (winerror.h) ------------------------------------------------ */

#ifndef ERROR_SUCCESS
#define ERROR_SUCCESS			0
#endif
#ifndef ERROR_FILE_NOT_FOUND
#define ERROR_FILE_NOT_FOUND		2
#endif
#ifndef ERROR_ACCESS_DENIED
#define ERROR_ACCESS_DENIED		5
#endif
#ifndef ERROR_NOT_ENOUGH_MEMORY
#define ERROR_NOT_ENOUGH_MEMORY		8
#endif
#ifndef ERROR_INVALID_DATA
#define ERROR_INVALID_DATA		13
#endif
#ifndef ERROR_NOT_SUPPORTED
#define ERROR_NOT_SUPPORTED		50
#endif
#ifndef ERROR_INVALID_PARAMETER
#define ERROR_INVALID_PARAMETER		87
#endif
#ifndef ERROR_MORE_DATA
#define ERROR_MORE_DATA			234
#endif
#ifndef ERROR_NO_MORE_ITEMS
#define ERROR_NO_MORE_ITEMS		259
#endif
#ifndef ERROR_INTERNAL_ERROR
#define ERROR_INTERNAL_ERROR		1359
#endif

#define ERROR_DHCP_REGISTRY_INIT_FAILED			20000
#define ERROR_DHCP_DATABASE_INIT_FAILED			20001
#define ERROR_DHCP_RPC_INIT_FAILED			20002
#define ERROR_DHCP_NETWORK_INIT_FAILED			20003
#define ERROR_DHCP_SUBNET_EXITS				20004
#define ERROR_DHCP_SUBNET_NOT_PRESENT			20005
#define ERROR_DHCP_PRIMARY_NOT_FOUND			20006
#define ERROR_DHCP_ELEMENT_CANT_REMOVE			20007
#define ERROR_DHCP_OPTION_EXITS				20009
#define ERROR_DHCP_OPTION_NOT_PRESENT			20010
#define ERROR_DHCP_ADDRESS_NOT_AVAILABLE		20011
#define ERROR_DHCP_RANGE_FULL				20012
#define ERROR_DHCP_JET_ERROR				20013
#define ERROR_DHCP_CLIENT_EXISTS			20014
#define ERROR_DHCP_INVALID_DHCP_MESSAGE			20015
#define ERROR_DHCP_INVALID_DHCP_CLIENT			20016
#define ERROR_DHCP_SERVICE_PAUSED			20017
#define ERROR_DHCP_NOT_RESERVED_CLIENT			20018
#define ERROR_DHCP_RESERVED_CLIENT			20019
#define ERROR_DHCP_RANGE_TOO_SMALL			20020
#define ERROR_DHCP_IPRANGE_EXITS			20021
#define ERROR_DHCP_RESERVEDIP_EXITS			20022
#define ERROR_DHCP_INVALID_RANGE			20023
#define ERROR_DHCP_RANGE_EXTENDED			20024
#define ERROR_EXTEND_TOO_SMALL				20025
#define WARNING_EXTENDED_LESS				20026
#define ERROR_DHCP_JET_CONV_REQUIRED			20027
#define ERROR_SERVER_INVALID_BOOT_FILE_TABLE		20028
#define ERROR_SERVER_UNKNOWN_BOOT_FILE_NAME		20029
#define ERROR_DHCP_SUPER_SCOPE_NAME_TOO_LONG		20030
#define ERROR_DHCP_IP_ADDRESS_IN_USE			20032
#define ERROR_DHCP_LOG_FILE_PATH_TOO_LONG		20033
#define ERROR_DHCP_UNSUPPORTED_CLIENT			20034
#define ERROR_DHCP_JET97_CONV_REQUIRED			20036
#define ERROR_DHCP_ROGUE_INIT_FAILED			20037
#define ERROR_DHCP_ROGUE_SAMSHUTDOWN			20038
#define ERROR_DHCP_ROGUE_NOT_AUTHORIZED			20039
#define ERROR_DHCP_ROGUE_DS_UNREACHABLE			20040
#define ERROR_DHCP_ROGUE_DS_CONFLICT			20041
#define ERROR_DHCP_ROGUE_NOT_OUR_ENTERPRISE		20042
#define ERROR_DHCP_ROGUE_STANDALONE_IN_DS		20043
#define ERROR_DHCP_CLASS_NOT_FOUND			20044
#define ERROR_DHCP_CLASS_ALREADY_EXISTS			20045
#define ERROR_DHCP_SCOPE_NAME_TOO_LONG			20046
#define ERROR_DHCP_DEFAULT_SCOPE_EXITS			20047
#define ERROR_DHCP_CANT_CHANGE_ATTRIBUTE		20048
#define ERROR_DHCP_IPRANGE_CONV_ILLEGAL			20049
#define ERROR_DHCP_NETWORK_CHANGED			20050
#define ERROR_DHCP_CANNOT_MODIFY_BINDINGS		20051
#define ERROR_DHCP_SUBNET_EXISTS			20052
#define ERROR_DHCP_MSCOPE_EXISTS			20053
#define ERROR_MSCOPE_RANGE_TOO_SMALL			20054
#define ERROR_DHCP_EXEMPTION_EXISTS			20055
#define ERROR_DHCP_EXEMPTION_NOT_PRESENT		20056
#define ERROR_DHCP_INVALID_PARAMETER_OPTION32		20057
#define ERROR_DHCP_DELETE_BUILTIN_CLASS			20089
#define ERROR_DHCP_INVALID_SUBNET_PREFIX		20091
#define ERROR_DHCP_INVALID_DELAY			20092
#define ERROR_DHCP_LINKLAYER_ADDRESS_EXISTS		20093
#define ERROR_DHCP_LINKLAYER_ADDRESS_RESERVATION_EXISTS	20094
#define ERROR_DHCP_LINKLAYER_ADDRESS_DOES_NOT_EXIST	20095
#define ERROR_DHCP_HARDWARE_ADDRESS_TYPE_ALREADY_EXEMPT	20101
#define ERROR_DHCP_UNDEFINED_HARDWARE_ADDRESS_TYPE	20102
#define ERROR_DHCP_OPTION_TYPE_MISMATCH			20103
#define ERROR_DHCP_POLICY_BAD_PARENT_EXPR		20104
#define ERROR_DHCP_POLICY_EXISTS			20105
#define ERROR_DHCP_POLICY_RANGE_EXISTS			20106
#define ERROR_DHCP_POLICY_RANGE_BAD			20107
#define ERROR_DHCP_RANGE_INVALID_IN_SERVER_POLICY	20108
#define ERROR_DHCP_INVALID_POLICY_EXPRESSION		20109
#define ERROR_DHCP_INVALID_PROCESSING_ORDER		20110
#define ERROR_DHCP_POLICY_NOT_FOUND			20111
#define ERROR_SCOPE_RANGE_POLICY_RANGE_CONFLICT		20112
#define ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP	20113
#define ERROR_DHCP_FO_RELATIONSHIP_EXISTS		20114
#define ERROR_DHCP_FO_RELATIONSHIP_DOES_NOT_EXIST	20115
#define ERROR_DHCP_FO_SCOPE_NOT_IN_RELATIONSHIP		20116
#define ERROR_DHCP_FO_RELATION_IS_SECONDARY		20117
#define ERROR_DHCP_FO_NOT_SUPPORTED			20118
#define ERROR_DHCP_FO_TIME_OUT_OF_SYNC			20119
#define ERROR_DHCP_FO_STATE_NOT_NORMAL			20120
#define ERROR_DHCP_NO_ADMIN_PERMISSION			20121
#define ERROR_DHCP_SERVER_NOT_REACHABLE			20122
#define ERROR_DHCP_SERVER_NOT_RUNNING			20123
#define ERROR_DHCP_SERVER_NAME_NOT_RESOLVED		20124
#define ERROR_DHCP_FO_RELATIONSHIP_NAME_TOO_LONG	20125
#define ERROR_DHCP_REACHED_END_OF_SELECTION		20126
#define ERROR_DHCP_FO_ADDSCOPE_LEASES_NOT_SYNCED	20127
#define ERROR_DHCP_FO_MAX_RELATIONSHIPS			20128
#define ERROR_DHCP_FO_IPRANGE_TYPE_CONV_ILLEGAL		20129
#define ERROR_DHCP_FO_MAX_ADD_SCOPES			20130
#define ERROR_DHCP_FO_BOOT_NOT_SUPPORTED		20131
#define ERROR_DHCP_FO_RANGE_PART_OF_REL			20132
#define ERROR_DHCP_FO_SCOPE_SYNC_IN_PROGRESS		20133
#define ERROR_DHCP_FO_FEATURE_NOT_SUPPORTED		20134

/* ---- functions ---------------------------------------------------------------- */

/* Failover (Windows Server 2012) */
DWORD DHCP_API_FUNCTION DhcpV4FailoverCreateRelationship(LPWSTR ServerIpAddress,
							 LPDHCP_FAILOVER_RELATIONSHIP pRelationship);
DWORD DHCP_API_FUNCTION DhcpV4FailoverSetRelationship(LPWSTR ServerIpAddress, DWORD Flags,
						      LPDHCP_FAILOVER_RELATIONSHIP pRelationship);
DWORD DHCP_API_FUNCTION DhcpV4FailoverDeleteRelationship(LPWSTR ServerIpAddress,
							 LPWSTR pRelationshipName);
DWORD DHCP_API_FUNCTION DhcpV4FailoverGetRelationship(LPWSTR ServerIpAddress,
						      LPWSTR pRelationshipName,
						      LPDHCP_FAILOVER_RELATIONSHIP *pRelationship);
DWORD DHCP_API_FUNCTION DhcpV4FailoverEnumRelationship(LPWSTR ServerIpAddress,
						       DHCP_RESUME_HANDLE *ResumeHandle,
						       DWORD PreferredMaximum,
						       LPDHCP_FAILOVER_RELATIONSHIP_ARRAY *pRelationship,
						       LPDWORD RelationshipRead,
						       LPDWORD RelationshipTotal);
DWORD DHCP_API_FUNCTION DhcpV4FailoverAddScopeToRelationship(LPWSTR ServerIpAddress,
							     LPDHCP_FAILOVER_RELATIONSHIP pRelationship);
DWORD DHCP_API_FUNCTION DhcpV4FailoverDeleteScopeFromRelationship(LPWSTR ServerIpAddress,
								  LPDHCP_FAILOVER_RELATIONSHIP pRelationship);
DWORD DHCP_API_FUNCTION DhcpV4FailoverGetScopeRelationship(LPWSTR ServerIpAddress,
							   DHCP_IP_ADDRESS ScopeId,
							   LPDHCP_FAILOVER_RELATIONSHIP *pRelationship);
DWORD DHCP_API_FUNCTION DhcpV4FailoverGetScopeStatistics(LPWSTR ServerIpAddress,
							 DHCP_IP_ADDRESS ScopeId,
							 LPDHCP_FAILOVER_STATISTICS *pStats);
DWORD DHCP_API_FUNCTION DhcpV4FailoverGetClientInfo(LPWSTR ServerIpAddress,
						    LPDHCP_SEARCH_INFO SearchInfo,
						    LPDHCPV4_FAILOVER_CLIENT_INFO *ClientInfo);
DWORD DHCP_API_FUNCTION DhcpV4FailoverGetSystemTime(LPWSTR ServerIpAddress, LPDWORD pTime,
						    LPDWORD pMaxAllowedDeltaTime);
DWORD DHCP_API_FUNCTION DhcpV4FailoverGetAddressStatus(LPWSTR ServerIpAddress,
						       DWORD SubnetAddress, LPDWORD pStatus);
DWORD DHCP_API_FUNCTION DhcpV4FailoverTriggerAddrAllocation(LPWSTR ServerIpAddress,
							    LPWSTR pFailRelName);

/* Subnets */
DWORD DHCP_API_FUNCTION DhcpCreateSubnet(DHCP_CONST WCHAR *ServerIpAddress,
					 DHCP_IP_ADDRESS SubnetAddress,
					 DHCP_CONST DHCP_SUBNET_INFO *SubnetInfo);
DWORD DHCP_API_FUNCTION DhcpSetSubnetInfo(DHCP_CONST WCHAR *ServerIpAddress,
					  DHCP_IP_ADDRESS SubnetAddress,
					  DHCP_CONST DHCP_SUBNET_INFO *SubnetInfo);
DWORD DHCP_API_FUNCTION DhcpGetSubnetInfo(DHCP_CONST WCHAR *ServerIpAddress,
					  DHCP_IP_ADDRESS SubnetAddress,
					  LPDHCP_SUBNET_INFO *SubnetInfo);
DWORD DHCP_API_FUNCTION DhcpEnumSubnets(DHCP_CONST WCHAR *ServerIpAddress,
					DHCP_RESUME_HANDLE *ResumeHandle, DWORD PreferredMaximum,
					LPDHCP_IP_ARRAY *EnumInfo, DWORD *ElementsRead,
					DWORD *ElementsTotal);
DWORD DHCP_API_FUNCTION DhcpDeleteSubnet(DHCP_CONST WCHAR *ServerIpAddress,
					 DHCP_IP_ADDRESS SubnetAddress, DHCP_FORCE_FLAG ForceFlag);

/* Subnet elements: ranges, exclusions, reservations */
DWORD DHCP_API_FUNCTION DhcpAddSubnetElementV5(DHCP_CONST WCHAR *ServerIpAddress,
					       DHCP_IP_ADDRESS SubnetAddress,
					       DHCP_CONST DHCP_SUBNET_ELEMENT_DATA_V5 *AddElementInfo);
DWORD DHCP_API_FUNCTION DhcpRemoveSubnetElementV5(DHCP_CONST WCHAR *ServerIpAddress,
						  DHCP_IP_ADDRESS SubnetAddress,
						  DHCP_CONST DHCP_SUBNET_ELEMENT_DATA_V5 *RemoveElementInfo,
						  DHCP_FORCE_FLAG ForceFlag);
DWORD DHCP_API_FUNCTION DhcpEnumSubnetElementsV5(DHCP_CONST WCHAR *ServerIpAddress,
						 DHCP_IP_ADDRESS SubnetAddress,
						 DHCP_SUBNET_ELEMENT_TYPE EnumElementType,
						 DHCP_RESUME_HANDLE *ResumeHandle,
						 DWORD PreferredMaximum,
						 LPDHCP_SUBNET_ELEMENT_INFO_ARRAY_V5 *EnumElementInfo,
						 DWORD *ElementsRead, DWORD *ElementsTotal);

/* Scope option values (ScopeType DhcpSubnetOptions) */
DWORD DHCP_API_FUNCTION DhcpSetOptionValueV5(LPWSTR ServerIpAddress, DWORD Flags,
					     DHCP_OPTION_ID OptionId, LPWSTR ClassName,
					     LPWSTR VendorName, LPDHCP_OPTION_SCOPE_INFO ScopeInfo,
					     LPDHCP_OPTION_DATA OptionValue);
DWORD DHCP_API_FUNCTION DhcpGetOptionValueV5(LPWSTR ServerIpAddress, DWORD Flags,
					     DHCP_OPTION_ID OptionID, LPWSTR ClassName,
					     LPWSTR VendorName, LPDHCP_OPTION_SCOPE_INFO ScopeInfo,
					     LPDHCP_OPTION_VALUE *OptionValue);
DWORD DHCP_API_FUNCTION DhcpRemoveOptionValueV5(LPWSTR ServerIpAddress, DWORD Flags,
						DHCP_OPTION_ID OptionID, LPWSTR ClassName,
						LPWSTR VendorName, LPDHCP_OPTION_SCOPE_INFO ScopeInfo);
DWORD DHCP_API_FUNCTION DhcpEnumOptionValuesV5(LPWSTR ServerIpAddress, DWORD Flags,
					       LPWSTR ClassName, LPWSTR VendorName,
					       LPDHCP_OPTION_SCOPE_INFO ScopeInfo,
					       DHCP_RESUME_HANDLE *ResumeHandle,
					       DWORD PreferredMaximum,
					       LPDHCP_OPTION_VALUE_ARRAY *OptionValues,
					       DWORD *OptionsRead, DWORD *OptionsTotal);

/* Clients (leases of the DHCP engine) */
DWORD DHCP_API_FUNCTION DhcpEnumSubnetClients(DHCP_CONST WCHAR *ServerIpAddress,
					      DHCP_IP_ADDRESS SubnetAddress,
					      DHCP_RESUME_HANDLE *ResumeHandle,
					      DWORD PreferredMaximum,
					      LPDHCP_CLIENT_INFO_ARRAY *ClientInfo,
					      DWORD *ClientsRead, DWORD *ClientsTotal);
DWORD DHCP_API_FUNCTION DhcpEnumSubnetClientsV4(DHCP_CONST WCHAR *ServerIpAddress,
						DHCP_IP_ADDRESS SubnetAddress,
						DHCP_RESUME_HANDLE *ResumeHandle,
						DWORD PreferredMaximum,
						LPDHCP_CLIENT_INFO_ARRAY_V4 *ClientInfo,
						DWORD *ClientsRead, DWORD *ClientsTotal);
DWORD DHCP_API_FUNCTION DhcpGetClientInfo(DHCP_CONST WCHAR *ServerIpAddress,
					  DHCP_CONST DHCP_SEARCH_INFO *SearchInfo,
					  LPDHCP_CLIENT_INFO *ClientInfo);
DWORD DHCP_API_FUNCTION DhcpGetClientInfoV4(DHCP_CONST WCHAR *ServerIpAddress,
					    DHCP_CONST DHCP_SEARCH_INFO *SearchInfo,
					    LPDHCP_CLIENT_INFO_V4 *ClientInfo);
DWORD DHCP_API_FUNCTION DhcpDeleteClientInfo(DHCP_CONST WCHAR *ServerIpAddress,
					     DHCP_CONST DHCP_SEARCH_INFO *ClientInfo);

/* Releases any structure returned above, with everything it points to. */
VOID DHCP_API_FUNCTION DhcpRpcFreeMemory(PVOID BufferPointer);

#ifdef __cplusplus
}
#endif

#endif /* _DHCPSAPI_ */
