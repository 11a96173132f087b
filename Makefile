# Two commands are the contract: `make run` sets up and serves the app with demo content on SQLite;
# `make test` sets up and passes every check. Everything else here serves those two.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEV_ENV := LMS_ENV=development
FLASK := $(BIN)/flask --app lms
# The browser tests drive Debian's chromium; Playwright must never download a browser of its own.
CHROMIUM := /usr/bin/chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
# Extra pytest arguments, e.g. `make pytest PYTEST_ARGS="-m 'not e2e'"`.
PYTEST_ARGS ?=

.PHONY: run test lint typecheck security pytest browser-tools bench install clean

# The build backend's warnings go to a log that is shown only when the install fails.
$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing Broker Academy and its development tools into $(VENV) ..."
	@$(BIN)/python -m pip install --quiet --upgrade pip > $(VENV)/install.log 2>&1 \
	  && $(BIN)/python -m pip install --quiet -e '.[dev]' >> $(VENV)/install.log 2>&1 \
	  || { cat $(VENV)/install.log; exit 1; }
	touch $@

install: $(INSTALLED)

run: $(INSTALLED)
	$(DEV_ENV) $(FLASK) lms db upgrade
	$(DEV_ENV) $(FLASK) lms courses import
	$(DEV_ENV) $(FLASK) lms demo
	$(DEV_ENV) $(FLASK) run --host 127.0.0.1 --port 5000

test: lint typecheck security pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

security: $(INSTALLED)
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive lms

pytest: $(INSTALLED) browser-tools
	$(BIN)/pytest $(PYTEST_ARGS)

# The browser tests need Debian's chromium, and poppler's pdftoppm to render certificate PDFs.
# Installed when missing and this is root on Debian; otherwise the browser tests are skipped
# (outside CI) with a note saying why.
browser-tools:
	@if ! { test -x $(CHROMIUM) && command -v pdftoppm > /dev/null; } \
	  && test "$$(id -u)" = 0 && command -v apt-get > /dev/null; then \
	  echo "Installing Debian's chromium and poppler-utils for the browser tests ..."; \
	  export DEBIAN_FRONTEND=noninteractive; log=$$(mktemp); \
	  { apt-get update -qq && apt-get install -y -qq chromium poppler-utils; } > "$$log" 2>&1 \
	    || { cat "$$log"; echo "Could not install chromium and poppler-utils."; }; \
	  rm -f "$$log"; \
	fi
	@test -x $(CHROMIUM) && command -v pdftoppm > /dev/null \
	  || echo "Chromium or pdftoppm is missing: the browser tests (tests/e2e) will be skipped; install Debian's chromium and poppler-utils packages to run them."

bench: $(INSTALLED)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
