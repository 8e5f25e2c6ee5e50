# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-fast lint install bench bench-quick clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/moad

# scripts/test-tools.sh installs pdftotext and Chromium (for the PDF and browser tests) when missing and allowed.
# PostgreSQL tests run when the machine's PostgreSQL 15 can be started (as root) or
# MOAD_TEST_POSTGRES_URL is set; otherwise they are skipped and the reason is printed.
# Pilot tests spend most of their time waiting for the screen, so three workers fit on two cores;
# worksteal lets an idle worker take tests queued on a busy one, so no worker runs the tail alone.
TEST_WORKERS ?= 3

# Types (mypy), lint (ruff) and the import layers (import-linter) before any test: each takes seconds.
lint: $(STAMP)
	$(BIN)/ruff check --quiet .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache > /dev/null || $(BIN)/lint-imports --no-cache

test: lint
	@bash scripts/test-tools.sh
	@if [ -z "$${MOAD_TEST_POSTGRES_URL:-}" ] && url=$$(timeout 120 bash scripts/postgres-test-db.sh 2>/dev/null); then \
		export MOAD_TEST_POSTGRES_URL="$$url"; fi; \
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal

# The inner loop for services and commands: SQLite only, no Pilot screens (tests/tui), no slow tests (crash,
# concurrency, wheel, the sweep's Pilot runs). CI runs the whole `make test`.
test-fast: $(STAMP)
	MOAD_TEST_POSTGRES_URL= $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal -m "not slow" \
		--ignore=tests/tui

bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick

clean:
	rm -rf $(VENV) build *.egg-info
