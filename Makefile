# Newsroom: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DEBUG=1 SECURE_SSL_REDIRECT=0

.PHONY: run test test-sqlite test-postgres browser-test bench install clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(VENV)/.installed

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# The suite on SQLite, then again on PostgreSQL when DATABASE_URL points at one.
test: install
	@# axe-core (accessibility checks in the browser tests) when npm is present; skipped otherwise.
	@if command -v npm >/dev/null 2>&1 && [ ! -f node_modules/axe-core/axe.min.js ]; then \
		npm ci --no-audit --no-fund --loglevel=error || echo "npm ci failed: accessibility checks will be skipped"; fi
	env -u DATABASE_URL $(BIN)/pytest
	@if [ -n "$$DATABASE_URL" ]; then echo "== again on PostgreSQL ($$DATABASE_URL)"; $(BIN)/pytest -p no:cacheprovider; \
	else echo "== DATABASE_URL not set: PostgreSQL run skipped"; fi

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var/static
