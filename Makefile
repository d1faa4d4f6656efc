PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 7420

.PHONY: run test install migrate demo serve test-pg test-browser openapi clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo --url http://$(HOST):$(PORT)

serve: install
	$(VENV)/bin/daphne -b $(HOST) -p $(PORT) aura_site.asgi:application

## make run: install, migrate the embedded SQLite default, seed the demo team, serve on 127.0.0.1:7420
run: demo serve

## make test: install and run the whole suite (SQLite unless DATABASE_URL says otherwise)
test: install
	$(PY) -m pytest -q

## make test-pg: the suite on the local PostgreSQL
test-pg: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/aura} $(PY) -m pytest -q

## make test-browser: the dashboard in headless Chromium alone (needs Debian's chromium: apt-get install chromium)
test-browser: install
	$(PY) -m pytest -q -m browser tests/dashboard/test_browser.py

## make openapi: write the served /openapi.json to docs/openapi.json (a test fails when they differ)
openapi: install
	$(PY) manage.py openapi

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
