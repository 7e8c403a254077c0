#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Write the seed corpus of fuzz_dhcp_pkt: DHCP/BOOTP requests (UDP payloads)
shaped like what real clients and relays send, one file each, into
tests/fuzz/corpus/dhcp_pkt/. The seeds are committed; rerun this after
changing it:  tests/fuzz/mkseeds.py"""
import os
import struct

COOKIE = b"\x63\x82\x53\x63"
MAC = bytes.fromhex("000c01020304")


def fixed(op=1, hlen=6, hops=0, xid=0x3903F326, secs=0, flags=0, ciaddr=0,
          giaddr=0, chaddr=MAC, sname=b"", file=b""):
    head = struct.pack("!BBBBIHHIIII", op, 1, hlen, hops, xid, secs, flags,
                       ciaddr, 0, 0, giaddr)
    return (head + chaddr.ljust(16, b"\0") + sname.ljust(64, b"\0")
            + file.ljust(128, b"\0"))


def opt(code, data):
    return bytes([code, len(data)]) + data


def dhcp(opts, pad_to=300, **kw):
    msg = fixed(**kw) + COOKIE + b"".join(opts) + b"\xff"
    return msg.ljust(pad_to, b"\0")


def ip(s):
    return bytes(int(x) for x in s.split("."))


PRL = bytes([1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42])
CID = b"\x01" + MAC
RAI = opt(1, b"eth1") + opt(2, b"\xab\xcd")

SEEDS = {
    # dhclient DISCOVER
    "discover": dhcp([opt(53, b"\x01"), opt(50, ip("192.168.10.23")),
                      opt(12, b"host1"), opt(55, PRL)]),
    # udhcpc REQUEST (selecting) through a relay, option 82 added
    "request-relayed": dhcp([opt(53, b"\x03"), opt(61, CID), opt(57, b"\x05\xdc"),
                             opt(50, ip("10.0.0.100")), opt(54, ip("10.0.0.254")),
                             opt(80, b""), opt(82, RAI)],
                            hops=1, giaddr=0x0A000001, flags=0x8000),
    # renewing REQUEST, unicast, ciaddr set
    "request-renew": dhcp([opt(53, b"\x03"), opt(61, CID), opt(55, PRL)],
                          ciaddr=0x0A000064),
    # overload 3: options continue in file, then sname, 61 split across all
    "overload": dhcp([opt(53, b"\x01"), opt(61, CID[:3]), opt(52, b"\x03")],
                     file=opt(61, CID[3:5]) + opt(12, b"abc") + b"\xff",
                     sname=opt(61, CID[5:]) + opt(15, b"dn") + b"\xff"),
    # RFC 3396: a 300-byte option in two instances, and a client id in two
    "long-option": dhcp([opt(53, b"\x08"), opt(124, bytes(range(255))),
                         opt(124, bytes(range(45))), opt(61, CID[:2]),
                         opt(61, CID[2:]), opt(55, bytes([124, 125, 1, 3]))],
                        ciaddr=0x0A000064),
    # DECLINE and RELEASE
    "decline": dhcp([opt(53, b"\x04"), opt(50, ip("10.0.0.100")),
                     opt(54, ip("10.0.0.254"))]),
    "release": dhcp([opt(53, b"\x07"), opt(54, ip("10.0.0.254"))],
                    ciaddr=0x0A000064),
    # BOOTP: RFC 951, no cookie, 64-byte vendor area
    "bootp": fixed(file=b"pxelinux.0") + b"\0" * 64,
    # BOOTP with the RFC 1497 cookie and a few options, no option 53
    "bootp-cookie": dhcp([opt(12, b"bootp1"), opt(55, bytes([1, 3, 6]))]),
}


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "dhcp_pkt")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
