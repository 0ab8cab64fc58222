# Youth Voice. Two commands matter: `make serve` and `make test`. Each installs what it needs
# and skips what is already installed at the right version. Nothing downloads a prebuilt binary:
# tools come from crates.io (built here), npm and Debian packages.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_OFFLINE := true
export TRUNK_SKIP_VERSION_CHECK := true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CHROMEDRIVER := /usr/bin/chromedriver
# Chromium writes under $HOME even with its own profile: keep it in the work tree's tool folder.
export XDG_CONFIG_HOME := $(CURDIR)/.tools/xdg-config
export XDG_CACHE_HOME := $(CURDIR)/.tools/xdg-cache

TRUNK_VERSION := 0.22.1
WASM_OPT_VERSION := version_132
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"/\1/p;}' Cargo.lock)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TOOLS := .tools
E2E_PORT := 8090

.PHONY: help serve build test test-core test-web test-e2e bench screenshots lint clean \
        tools-build tools-test wasm-target trunk wasm-bindgen npm-deps browsers check-versions

help:
	@echo "make serve   install what is missing, build, serve on http://127.0.0.1:8080"
	@echo "make test    install what tests need, run core, browser and end-to-end tests"
	@echo "make build   release build into dist/ (what a school hosts)"
	@echo "make bench   sizes of dist/ files, raw and gzip (see BENCHMARKS.md)"
	@echo "make lint    rustfmt check and clippy (host and wasm32), warnings denied"

# ---------------------------------------------------------------- tools

wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown

trunk:
	@if [ "$$(trunk --version 2>/dev/null)" = "trunk $(TRUNK_VERSION)" ]; then :; else \
	  echo "Installing trunk $(TRUNK_VERSION) from source (about 16 minutes on 2 cores, once)"; \
	  cargo install --locked trunk --version $(TRUNK_VERSION) --ignore-rust-version; fi

wasm-bindgen:
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then :; else \
	  echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 3 minutes, once)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; fi

# binaryen from npm: Debian's binaryen is too old for today's Rust wasm output.
npm-deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

check-versions: npm-deps
	@grep -q '^wasm_bindgen = "$(WASM_BINDGEN_VERSION)"' Trunk.toml \
	  || { echo "Trunk.toml [tools] wasm_bindgen must be $(WASM_BINDGEN_VERSION), the version in Cargo.lock"; exit 1; }
	@grep -q '^wasm_opt = "$(WASM_OPT_VERSION)"' Trunk.toml \
	  || { echo "Trunk.toml [tools] wasm_opt must be $(WASM_OPT_VERSION)"; exit 1; }
	@wasm-opt --version | grep -q '($(WASM_OPT_VERSION))' \
	  || { echo "wasm-opt on PATH is not $(WASM_OPT_VERSION): run npm ci"; exit 1; }

browsers:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; else \
	  echo "Installing Chromium and ChromeDriver from Debian"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; fi

tools-build: wasm-target trunk wasm-bindgen npm-deps check-versions
tools-test: tools-build browsers

# ---------------------------------------------------------------- build and serve

serve: tools-build
	trunk serve --release

build: tools-build
	trunk build --release

# ---------------------------------------------------------------- tests
# Each layer fails if any test fails or if it ran no test at all.

test: tools-test
	@$(MAKE) --no-print-directory test-core
	@$(MAKE) --no-print-directory test-web
	@$(MAKE) --no-print-directory test-e2e
	@echo "All three layers passed."

$(TOOLS):
	@mkdir -p $(TOOLS)/xdg-config $(TOOLS)/xdg-cache

test-core: | $(TOOLS)
	@echo "== core and storage tests (native cargo test)"
	cargo test --workspace --locked 2>&1 | tee $(TOOLS)/core.log
	@tests/passed.sh "core" $(TOOLS)/core.log
	@echo "== the shipped Urdu font covers every Urdu character the app can show"
	python3 tools/font/subset_urdu.py --check

test-web: wasm-target wasm-bindgen browsers | $(TOOLS)
	@echo "== browser tests (wasm-bindgen-test in headless Chromium)"
	cargo test --locked --target wasm32-unknown-unknown --test web --test web_idb 2>&1 | tee $(TOOLS)/web.log
	@tests/passed.sh "browser" $(TOOLS)/web.log

test-e2e: build browsers | $(TOOLS)
	@echo "== end-to-end tests (Playwright driving Chromium against dist/ on 127.0.0.1:$(E2E_PORT))"
	E2E_PORT=$(E2E_PORT) playwright test --config tests/e2e/playwright.config.mjs

# ---------------------------------------------------------------- bench, lint

bench: build browsers
	@echo "== dist sizes"
	@tests/bench/sizes.sh dist
	@echo "== aggregation, native (100,000 synthetic secondary responses)"
	cargo bench --locked -p yv-core --bench aggregate
	@echo "== sealed responses, native (issue 13)"
	cargo bench --locked -p yv-core --bench seal
	@echo "== a vote's board by group, native (issue 15)"
	cargo bench --locked -p yv-core --bench vote
	@echo "== aggregation, in headless Chromium (release wasm)"
	cargo test --locked --release --target wasm32-unknown-unknown --test bench_web -- --nocapture 2>&1 | grep -E 'BENCH|test result'
	@echo "== results dashboard in Chromium"
	node tests/bench/dashboard.mjs
	@echo "== the headline view, Richmond, 3,000 responses, in Chromium (4x CPU throttle)"
	node tests/bench/headline.mjs
	@echo "== importing 200 response files (60,000 responses) in Chromium"
	node tests/bench/import.mjs
	@echo "== pupil taps in Chromium (4x CPU throttle and full speed)"
	node tests/bench/pupil.mjs
	@echo "== sealing a response on the tablet in Chromium (4x CPU throttle)"
	node tests/bench/seal.mjs
	@echo "== cold start against SurveyJS in Chromium (4x CPU, with and without 4 Mbit/s 60 ms)"
	node tests/bench/coldstart.mjs

# Screenshots of every pupil screen in English, Polish and Urdu at tablet and phone sizes, for a
# reviewer to look at (not committed): SHOTS_DIR (default /tmp/yv-shots).
screenshots: build browsers
	node tests/screenshots/pupil.mjs

lint: wasm-target
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	# The app crate on wasm32 (the core is pure and linted on the host above; its property-test
	# dev-dependencies do not build for wasm32).
	cargo clippy -p youth-voice --all-targets --locked --target wasm32-unknown-unknown -- -D warnings

clean:
	cargo clean
	rm -rf dist $(TOOLS) test-results playwright-report

# ---------------------------------------------------------------- fuzzing (not part of make test)
# cargo-fuzz (nightly, libFuzzer) on every parser of a file or stored record that can reach the
# app from outside, FUZZ_SECONDS each (default 60), from a corpus seeded with the shipped data,
# the test fixtures and made responses, pack and vote files. Figures: RELIABILITY.md; each
# target's log in .tools/fuzz-<target>.log, any crash in crates/core/fuzz/artifacts/<target>/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := survey framework interface stored_record session_record pack bundle vote_file
FUZZ_DIR := crates/core/fuzz

.PHONY: fuzz
fuzz: | $(TOOLS)
	@cargo +nightly --version >/dev/null 2>&1 || { echo "make fuzz needs Rust nightly: rustup toolchain install nightly"; exit 1; }
	@cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
	YV_FUZZ_SEEDS=$(CURDIR)/$(FUZZ_DIR)/seeds cargo test --locked -p yv-core --test bad_input write_fuzz_seeds -q
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t; \
	  cp $(FUZZ_DIR)/seeds/* crates/core/data/surveys/*.json crates/core/data/frameworks/*.json \
	     crates/core/data/interface.json crates/core/tests/fixtures/*.json $(FUZZ_DIR)/corpus/$$t/; \
	done
	@for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  (cd crates/core && cargo +nightly fuzz run $$t fuzz/corpus/$$t -- \
	     -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1) \
	     > $(TOOLS)/fuzz-$$t.log 2>&1 || { tail -40 $(TOOLS)/fuzz-$$t.log; exit 1; }; \
	  grep -E '^Done [0-9]+ runs|^stat::number_of_executed_units' $(TOOLS)/fuzz-$$t.log | head -1; \
	  echo "   corpus: $$(ls $(FUZZ_DIR)/corpus/$$t | wc -l) files"; \
	done
