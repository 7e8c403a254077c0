# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#
# dhcpfo top-level build.  `make V=1` shows full commands.
#
#   make            build the XDP object, skeleton, libraries and tools
#   make deps       install the Debian packages the build and tests need
#   make check      deps + build + every test suite; ends "N passed, N failed"
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (default 300)
#   make bench      benchmarks (bench/), not tests
#   make demo       deps + build, then demo/run.sh: a failover pair serving
#                   real clients in network namespaces (about a minute)
#   make vmtest     the BPF and netns suites inside a Debian 6.1 guest
#   make install    install under $(DESTDIR)$(PREFIX)

BUILD    ?= build
PREFIX   ?= /usr/local
CC       := gcc
CLANG    ?= clang
BPFTOOL  ?= bpftool
ARCH     := $(shell $(CC) -dumpmachine)

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

NL_CFLAGS := $(shell pkg-config --cflags libnl-3.0 libnl-route-3.0 2>/dev/null || echo -I/usr/include/libnl3)
CPPFLAGS := -D_GNU_SOURCE -Ibpf -Iuserspace -Iapi/include -Iapi/src -Itests/lib -I$(BUILD) \
	    $(NL_CFLAGS) -MMD -MP
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu17 -Wall -Wextra -Werror -fPIC
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
BPF_CFLAGS := -O2 -g -target bpf -mcpu=v3 -Wall -Wextra -Werror -Wno-unused-parameter \
	      -I/usr/include/$(ARCH) -Ibpf -MMD -MP
LIBS     := -lbpf -lelf -lz
AGENT_LIBS := -ljson-c -lnl-route-3 -lnl-3 -lcrypto

# Debian packages the build, the tests and the VM tests use.
DEB_PKGS := build-essential clang llvm libbpf-dev bpftool libnl-3-dev libnl-route-3-dev \
	    libcmocka-dev libelf-dev zlib1g-dev libjson-c-dev libssl-dev pkg-config \
	    iproute2 procps tcpdump jq isc-dhcp-client udhcpc dhcpcd5 kea-admin \
	    isc-dhcp-relay isc-dhcp-server kea-dhcp4-server ethtool curl \
	    qemu-system-x86 busybox-static linux-image-amd64
# Daemons in DEB_PKGS that the tests and benchmarks start by hand, inside
# namespaces: their packaged services must never run on the host.
DEB_SERVICES := isc-dhcp-server isc-dhcp-relay kea-dhcp4-server kea-ctrl-agent

BPF_OBJ  := $(BUILD)/dhcpfo.bpf.o
SKEL     := $(BUILD)/dhcpfo.skel.h

DP_SRCS  := userspace/log.c userspace/policy.c userspace/datapath.c
DP_OBJS  := $(DP_SRCS:%.c=$(BUILD)/%.o)
DP_SOBJS := $(DP_SRCS:%.c=$(BUILD)/san/%.o)
DP_LIB   := $(BUILD)/libdfo_dp.a
DP_SLIB  := $(BUILD)/san/libdfo_dp.a

# Management protocol pieces shared by the agent and the library.
PROTO_SRCS := api/src/proto.c api/src/status.c

# dhcpfod: userspace/dhcpfod/*.c; main.c holds only main() so that the rest
# can be linked into unit tests.
AGENT_SRCS := $(filter-out userspace/dhcpfod/main.c,$(wildcard userspace/dhcpfod/*.c))
AGENT_OBJS := $(AGENT_SRCS:%.c=$(BUILD)/%.o)
AGENT_SOBJS := $(AGENT_SRCS:%.c=$(BUILD)/san/%.o)
AGENT_BIN := $(if $(wildcard userspace/dhcpfod/main.c),$(BUILD)/dhcpfod)
AGENT_SLIB := $(if $(AGENT_SRCS),$(BUILD)/san/libdhcpfod.a)

# libdhcpfo: api/src/*.c (includes the protocol pieces), exported symbols
# listed in api/libdhcpfo.map.
LIB_SRCS := $(sort $(wildcard api/src/*.c) $(PROTO_SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB_SOBJS := $(LIB_SRCS:%.c=$(BUILD)/san/%.o)
LIB_SO := $(BUILD)/libdhcpfo.so.1
LIB_A := $(BUILD)/libdhcpfo.a
LIB_SLIB := $(BUILD)/san/libdhcpfo.a
LIB_VERSION := 1.0.0

# The dhcpfo CLI: api/cli/*.c, linked with libdhcpfo.
CLI_SRCS := $(wildcard api/cli/*.c)
CLI_BIN := $(if $(CLI_SRCS),$(BUILD)/dhcpfo)

# Tests: one program per tests/<suite>/test_*.c, helpers in tests/lib/*.c.
# All test programs are built with AddressSanitizer and UBSan.
TEST_SUITES := unit bpf diff
TESTLIB_SRCS := $(wildcard tests/lib/*.c)
TESTLIB_OBJS := $(TESTLIB_SRCS:%.c=$(BUILD)/san/%.o)
# agentfix.c drives an in-process agent under cmocka: test programs only.
TESTLIB_NOSAN := $(patsubst %.c,$(BUILD)/%.o,$(filter-out tests/lib/agentfix.c,$(TESTLIB_SRCS)))
TEST_SRCS := $(foreach s,$(TEST_SUITES),$(wildcard tests/$(s)/test_*.c))
TEST_BINS := $(TEST_SRCS:%.c=$(BUILD)/%)
# Tools the shell suites drive (frame generators, receivers): no sanitizer,
# they are load generators and run under the VM too.
TOOL_SRCS := $(wildcard tests/tools/*.c)
TOOL_BINS := $(TOOL_SRCS:%.c=$(BUILD)/%)
BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRCS:%.c=$(BUILD)/%)

.PHONY: all deps check tests bench clean install vmtest demo
.DEFAULT_GOAL := all

all: $(BPF_OBJ) $(SKEL) $(DP_LIB) $(LIB_SO) $(LIB_A) $(AGENT_BIN) $(CLI_BIN)

tests: all $(TEST_BINS) $(TOOL_BINS)

deps:
	@missing=""; for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || \
			missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "  DEPS    installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing || exit 1; \
	else \
		echo "  DEPS    all $(words $(DEB_PKGS)) packages present"; \
	fi; \
	if command -v systemctl >/dev/null; then \
		for s in $(DEB_SERVICES); do \
			if systemctl is-enabled -q $$s 2>/dev/null || systemctl is-active -q $$s 2>/dev/null; then \
				echo "  DEPS    disabling the host's $$s service (tests run their own)"; \
				systemctl disable --now -q $$s 2>/dev/null || true; \
			fi; \
		done; \
	fi

check: deps
	$(Q)$(MAKE) --no-print-directory tests
	$(Q)tests/run.sh unit fuzz bpf diff netns vm vmself

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)demo/run.sh

bench: all $(BENCH_BINS)
	$(Q)bench/run.sh

vmtest: tests
	$(Q)vmtest/run

$(BUILD)/%.bpf.o: bpf/%.bpf.c
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(SKEL): $(BPF_OBJ)
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name dhcpfo_bpf > $@.tmp && mv $@.tmp $@

# Everything in userspace/ may include the skeleton.
$(DP_OBJS) $(DP_SOBJS): $(SKEL)

$(BUILD)/%.o: %.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/san/%.o: %.c
	$(call msg,CC-SAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -c $< -o $@

$(DP_LIB): $(DP_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(DP_SLIB): $(DP_SOBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/tests/%: $(BUILD)/san/tests/%.o $(TESTLIB_OBJS) $(AGENT_SLIB) $(LIB_SLIB) $(DP_SLIB)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(SANFLAGS) $^ -o $@ $(LIBS) $(AGENT_LIBS) -lcmocka

$(BUILD)/san/libdhcpfod.a: $(AGENT_SOBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIB_SLIB): $(LIB_SOBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIB_A): $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIB_SO): $(LIB_OBJS) api/libdhcpfo.map
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) -shared -Wl,-soname,libdhcpfo.so.1 \
		-Wl,--version-script=api/libdhcpfo.map $(LIB_OBJS) -o $@ -ljson-c -lcrypto
	$(Q)ln -sf libdhcpfo.so.1 $(BUILD)/libdhcpfo.so

$(BUILD)/dhcpfod: $(BUILD)/userspace/dhcpfod/main.o $(AGENT_OBJS) $(LIB_A) $(DP_LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $^ -o $@ $(LIBS) $(AGENT_LIBS)

$(BUILD)/dhcpfo: $(CLI_SRCS:%.c=$(BUILD)/%.o) $(LIB_A) $(DP_LIB)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $^ -o $@ $(LIBS) $(AGENT_LIBS)

$(AGENT_OBJS) $(AGENT_SOBJS) $(BUILD)/userspace/dhcpfod/main.o: $(SKEL)

$(TESTLIB_OBJS) $(TEST_SRCS:%.c=$(BUILD)/san/%.o): $(SKEL)

$(BUILD)/tests/tools/%: tests/tools/%.c $(TESTLIB_NOSAN) $(DP_LIB)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $^ -o $@ $(LIBS)

$(BUILD)/bench/%: bench/%.c $(TESTLIB_NOSAN) $(DP_LIB)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $^ -o $@ $(LIBS)

# tests/tools/dfo-rawapi speaks the remote API's HMAC framing (api/src/auth.c).
$(BUILD)/tests/tools/dfo-rawapi: tests/tools/dfo-rawapi.c $(TESTLIB_NOSAN) $(LIB_A) $(DP_LIB)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(filter %.c %.o %.a,$^) -o $@ $(LIBS) -ljson-c -lcrypto

$(TOOL_BINS) $(BENCH_BINS) $(TESTLIB_NOSAN): $(SKEL)

# libFuzzer targets: each tests/fuzz/fuzz_*.c is linked with the pure codec
# it exercises and nothing else, built with clang. `make check` runs each for
# a bounded time (tests/run.sh fuzz); `make fuzz` for FUZZ_SECONDS each.
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_CODEC := userspace/dhcpfod/dhcp_pkt.c
FUZZ_CFLAGS := -g -O1 -std=gnu17 -Wall -Wextra -Werror -Iuserspace \
	       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS ?= 300

.PHONY: fuzz
tests: $(FUZZ_BINS)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_CODEC) userspace/dhcpfod/dhcp_pkt.h
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $(filter %.c,$^) -o $@

fuzz: $(FUZZ_BINS)
	$(Q)DFO_FUZZ_SECONDS=$(FUZZ_SECONDS) DFO_FUZZ_RUNS=-1 tests/run.sh fuzz

# tests/unit/test_dhcpsapi_seed.c is a Windows-style program: api/include only.
$(BUILD)/san/tests/unit/test_dhcpsapi_seed.o: tests/unit/test_dhcpsapi_seed.c
	$(call msg,CC-SAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -D_GNU_SOURCE -Iapi/include -MMD -MP $(CFLAGS) $(SANFLAGS) -c $< -o $@

# bench/api_bench drives libdhcpfo against a running dhcpfod.
$(BUILD)/bench/api_bench: bench/api_bench.c $(LIB_A)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(filter %.c %.a,$^) -o $@ -ljson-c

# bench/lease_bench measures the agent's lease store itself, as built.
LEASE_BENCH_OBJS := $(addprefix $(BUILD)/userspace/dhcpfod/,lease.o crc32c.o htab.o util.o)
$(BUILD)/bench/lease_bench: bench/lease_bench.c $(LEASE_BENCH_OBJS) $(DP_LIB)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(filter %.c %.o %.a,$^) -o $@ -ljson-c

# bench/dhcp_engine_bench runs the agent's DHCP engine in process, as built.
$(BUILD)/bench/dhcp_engine_bench: bench/dhcp_engine_bench.c $(AGENT_OBJS) $(LIB_A) $(DP_LIB) \
				  $(TESTLIB_NOSAN)
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(filter %.c %.o %.a,$^) -o $@ $(LIBS) $(AGENT_LIBS)

install: all
	$(Q)install -d $(DESTDIR)$(PREFIX)/lib/dhcpfo $(DESTDIR)$(PREFIX)/include/dhcpfo \
		$(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/share/man/man8
	$(Q)install -m 0644 $(BPF_OBJ) $(DESTDIR)$(PREFIX)/lib/dhcpfo/
	$(Q)install -m 0644 bpf/dhcpfo_abi.h bpf/rfc3074.h api/include/dhcpfo.h \
		api/include/dhcpfo_status.h api/include/dhcpsapi.h $(DESTDIR)$(PREFIX)/include/dhcpfo/
	$(Q)install -m 0755 $(LIB_SO) $(DESTDIR)$(PREFIX)/lib/
	$(Q)ln -sf libdhcpfo.so.1 $(DESTDIR)$(PREFIX)/lib/libdhcpfo.so
	$(Q)install -m 0644 $(LIB_A) $(DESTDIR)$(PREFIX)/lib/
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(LIB_VERSION)|g' \
		api/libdhcpfo.pc.in >$(DESTDIR)$(PREFIX)/lib/pkgconfig/libdhcpfo.pc
	$(Q)install -m 0755 $(AGENT_BIN) $(CLI_BIN) $(DESTDIR)$(PREFIX)/sbin/
	$(Q)install -m 0644 docs/man/*.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	$(Q)install -d $(DESTDIR)$(PREFIX)/lib/systemd/system $(DESTDIR)$(PREFIX)/share/doc/dhcpfo \
		$(DESTDIR)/etc/dhcpfo
	$(Q)sed 's|/usr/local/sbin/|$(PREFIX)/sbin/|' userspace/dhcpfod/dhcpfod.service \
		>$(DESTDIR)$(PREFIX)/lib/systemd/system/dhcpfod.service
	$(Q)install -m 0644 userspace/dhcpfod/dhcpfod.conf.example docs/agent.md \
		docs/datapath.md docs/api.md docs/api-protocol.md $(DESTDIR)$(PREFIX)/share/doc/dhcpfo/
	$(Q)test -e $(DESTDIR)/etc/dhcpfo/dhcpfod.conf || install -m 0644 \
		userspace/dhcpfod/dhcpfod.conf.example $(DESTDIR)/etc/dhcpfo/dhcpfod.conf

clean:
	$(call msg,CLEAN,$(BUILD))
	$(Q)rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
