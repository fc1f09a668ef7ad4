# The portal's two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
DEV := $(PY) scripts/dev.py

# Django 6.1 needs Python >= 3.12; find one or say clearly what is missing.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	  v=$$(command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; print(int(sys.version_info >= (3, 12)))' 2>/dev/null); \
	  if [ "$$v" = 1 ]; then command -v $$p; break; fi; done)

.PHONY: run test install lint format messages bench bench-matching clean-local check-python \
	lock audit screenshots

# Python dependencies, pinned with hashes: requirements.lock is what production runs
# (Dockerfile), requirements-dev.lock adds the test and dev extras at the same versions.
LOCKS := requirements.lock requirements-dev.lock
TEST_WORKERS ?= auto
LOCK_FLAGS := --generate-hashes --universal --python-version 3.12 --quiet \
	--custom-compile-command "make lock"

check-python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: Python >= 3.12 is required (Django 6.1). Install python3.12 or 3.13 (e.g. 'pyenv install 3.12') and retry." >&2; exit 1; fi

# Only hashed, pinned packages are installed. The project itself is not: it has no
# package to install (packages = []), and building it would fetch setuptools unpinned.
# tests/test_lock.py fails when pyproject.toml asks for something the locks lack.
$(VENV)/.installed: $(LOCKS) package.json package-lock.json | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	npm ci --no-audit --no-fund --silent
	@touch $@

install: $(VENV)/.installed

## Start everything (embedded PostgreSQL/Redis when DATABASE_URL/REDIS_URL are unset) with demo data.
run: install
	$(DEV) run

## Lint and run the whole suite against real PostgreSQL, Redis, Celery and Chromium.
## The suite runs on every core (pytest-xdist; TEST_WORKERS=0 runs it in one process).
test: install lint
	$(DEV) test -- -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

## Lint, formatting and the layering contracts (pyproject.toml [tool.importlinter]).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

format: install
	$(VENV)/bin/ruff format .

## Regenerate the .po files after changing user-facing strings.
messages: install
	$(DEV) services -- $(PY) manage.py makemessages -l nl -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=.local

## Benchmarks; results go to docs/benchmarks.md.
bench: install
	$(DEV) services -- $(PY) -m bench

bench-matching: install
	$(DEV) services -- $(PY) -m bench matching

## Re-resolve the locks after changing pyproject.toml (keeps other pins; UPGRADE=1 bumps all).
lock: install
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) \
	  -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra dev -c requirements.lock \
	  $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) -o requirements-dev.lock

## Known vulnerabilities in the locked packages (needs the network: see docs/security.md);
## AUDIT_ARGS="--vulnerability-service osv" asks OSV instead of PyPI.
audit: install
	@for lock in $(LOCKS); do echo "pip-audit $$lock"; \
	  $(VENV)/bin/pip-audit --requirement $$lock --require-hashes --disable-pip --strict \
	    --progress-spinner off $(AUDIT_ARGS) \
	  || { echo "audit of $$lock failed: a known vulnerability, or the service could not" \
	       "be reached (docs/security.md, Dependencies)" >&2; exit 1; }; done

## Render the key screens of every role at 1440 and 390 px into docs/screens/ (demo data,
## headless Chromium); SCREENSHOT_ARGS="--lang nl,en --all --out /tmp/screens" for more.
screenshots: install
	$(PY) scripts/screenshots.py $(SCREENSHOT_ARGS)

## Throw away the embedded database and Redis data under .local/.
clean-local:
	rm -rf .local
