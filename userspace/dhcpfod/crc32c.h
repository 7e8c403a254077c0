/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * CRC-32C (Castagnoli, reflected polynomial 0x82f63b78), as used by iSCSI,
 * ext4 and btrfs: stronger than CRC-32 on short records and well known, so
 * that the lease files can be checked by other tools. Software only
 * (slicing-by-8), no CPU feature needed.
 */
#ifndef DFOD_CRC32C_H
#define DFOD_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/*
 * Continue a CRC over @len bytes: start with @crc = 0; the result of one call
 * can be passed to the next to checksum data in pieces.
 * dfod_crc32c(0, "123456789", 9) == 0xe3069283.
 */
uint32_t dfod_crc32c(uint32_t crc, const void *data, size_t len);

#endif
