# deploydiff: everything a fresh Debian machine needs is installed by `deps`.
SHELL := /bin/bash
SWIFT ?= swift
BIN_DEBUG := .build/debug/deploydiff
BIN_RELEASE := .build/release/deploydiff
APT_PACKAGES := libgit2-dev libsqlite3-dev pkg-config zlib1g-dev git python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BENCH_DATA ?= ../shared/bench-data/loghub-2k
# libFuzzer targets (docs/indexing.md, "Fuzzing"): seconds per target for `make fuzz`.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := FuzzRecordReader FuzzHeaderFormat FuzzPolicyLoader
# In `make test`: every target under libFuzzer for a few seconds. The policy loader's instrumented build
# compiles DeployGate's tree (PatternDiff, Yams); it is built once, in .build-fuzz.
FUZZ_SMOKE_TARGETS := $(FUZZ_TARGETS)
FUZZ_FLAGS := -c debug --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING

.PHONY: all deps deps-browser build release test test-postgres test-llm demo bench bench-scenarios fixtures fuzz fuzz-build fuzz-smoke clean

all: build

# Installs the system libraries when missing (as root, or through sudo).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift not found: install Swift 6 (https://www.swift.org/install/linux/)"; exit 2; }

# The HTML report test renders the report in headless Chromium.
deps-browser:
	@command -v chromium >/dev/null || { echo "installing: chromium"; $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The tests run beside a throwaway PostgreSQL server (scripts/with-postgres.sh: Debian's postgresql,
# installed when missing; own data folder and port on 127.0.0.1; stopped at the end, also on failure).
test: deps deps-browser
	$(SWIFT) build --build-tests
	scripts/with-postgres.sh env DEPLOYDIFF_BIN=$(CURDIR)/$(BIN_DEBUG) $(SWIFT) test --skip-build
	$(MAKE) fuzz-smoke

# Only the tests against PostgreSQL (the store's backend tests), beside a throwaway server.
test-postgres: deps
	$(SWIFT) build --build-tests
	scripts/with-postgres.sh env DEPLOYDIFF_BIN=$(CURDIR)/$(BIN_DEBUG) $(SWIFT) test --skip-build --filter Postgres

# Only the fuzz products are built, in their own scratch path (instrumented: ASan + libFuzzer).
fuzz-build: deps
	@for t in $(FUZZ_TARGETS); do $(SWIFT) build $(FUZZ_FLAGS) --product $$t || exit 1; done

# A few seconds per target from its seed corpus: part of `make test` (needs `swift build` first).
fuzz-smoke: deps
	@for t in $(FUZZ_SMOKE_TARGETS); do $(SWIFT) build $(FUZZ_FLAGS) --product $$t || exit 1; done
	scripts/fuzz.sh .build-fuzz/debug 5 $(FUZZ_SMOKE_TARGETS)

# Each target for FUZZ_SECONDS (default 300): no crash, no hang, bounded memory.
fuzz: fuzz-build
	scripts/fuzz.sh .build-fuzz/debug $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The pipeline on the bundled fixtures, offline. Later issues extend it to index, diff and gate.
demo: release
	@scripts/demo.sh $(BIN_RELEASE)

# The model tier against a real local model server (llama-cpp-python + Gemma 3 270M). Opt-in.
test-llm: release
	scripts/test-llm.sh

bench: release
	bench/run.sh $(BIN_RELEASE) $(BENCH_DATA)

# Real deploys (issue 13): releases of PyPI projects, their logs, ground truth, scored by the shared scorer.
# Reaches PyPI (pip download/install); generated material goes to bench/scenarios/out (gitignored).
DEPLOY_SCENARIO_TOOLS ?= $(CURDIR)/../shared/tools/deploy-scenarios
bench-scenarios: release
	DEPLOY_SCENARIO_TOOLS=$(DEPLOY_SCENARIO_TOOLS) python3 bench/scenarios/run.py $(BIN_RELEASE)

# Regenerates the fixture logs (deterministic; committed).
fixtures:
	python3 fixtures/gen_logs.py

clean:
	rm -rf .build .build-bench .build-fuzz

# --- dist (issue 18): a binary without the Swift toolchain, the Debian package, the CI templates ---
# `make dist` builds out/dist/ (scripts/dist.sh); `make dist-test` installs the package into a fresh
# root and runs the demo with it, without the toolchain (scripts/dist-test.sh), and validates action.yml
# and the GitLab template against their schemas (offline: check-jsonschema bundles them).
DIST_APT_PACKAGES := libcurl4-openssl-dev dpkg-dev binutils help2man man-db shellcheck zsh fish
DIST_TOOLS := .build-tools/venv
CHECK_JSONSCHEMA_VERSION := 0.39.0

.PHONY: dist dist-deps dist-tools dist-test dist-clean

dist-deps:
	@missing=""; for p in $(DIST_APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

dist: deps dist-deps
	SWIFT=$(SWIFT) scripts/dist.sh

# The schema checker, from PyPI, in a venv of its own (the check itself runs offline).
dist-tools: $(DIST_TOOLS)/.check-jsonschema-$(CHECK_JSONSCHEMA_VERSION)
$(DIST_TOOLS)/.check-jsonschema-$(CHECK_JSONSCHEMA_VERSION):
	python3 -m venv $(DIST_TOOLS)
	$(DIST_TOOLS)/bin/pip install -q --disable-pip-version-check check-jsonschema==$(CHECK_JSONSCHEMA_VERSION)
	touch $@

dist-test: dist dist-tools
	CHECK_JSONSCHEMA=$(DIST_TOOLS)/bin/check-jsonschema scripts/dist-test.sh

dist-clean:
	rm -rf .build-dist .build-tools out/dist
