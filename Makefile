PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 7420

.PHONY: run test install migrate demo demo-reset serve prod capacity test-pg test-browser sdk openapi clean

# axe-core for the browser tests' accessibility scan, pinned by dashboard/package-lock.json
# (test tooling: never served to users).
dashboard/node_modules/.installed: dashboard/package.json dashboard/package-lock.json
	cd dashboard && npm ci --no-audit --no-fund
	touch $@

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

## make demo-reset: delete the demo team and seed it again (asks first; YES=1 does not ask)
demo-reset: migrate
	$(PY) manage.py demo --reset --url http://$(HOST):$(PORT)$(if $(YES), --yes)

## make serve: serve on 127.0.0.1:7420 without touching the demo
serve: install
	$(PY) -m aura_site.serve -b $(HOST) -p $(PORT) aura_site.asgi:application

## make run: install, migrate the embedded SQLite default, seed the demo team, serve on 127.0.0.1:7420
run: demo serve

## make test: install and run the whole suite (SQLite unless DATABASE_URL says otherwise)
test: install dashboard/node_modules/.installed
	$(PY) -m pytest -q

## make test-pg: the suite on the local PostgreSQL
test-pg: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/aura} $(PY) -m pytest -q

## make test-browser: the dashboard in headless Chromium alone (needs Debian's chromium: apt-get install chromium)
test-browser: install dashboard/node_modules/.installed
	$(PY) -m pytest -q -m browser tests/dashboard/test_browser.py

## make prod: the production shape on one port (nginx → gunicorn ×2 + daphne + the webhook sender)
## on the local PostgreSQL and Redis; PROD_PORT (8080), DATABASE_URL and REDIS_URL override
PROD_DB ?= postgres://postgres@127.0.0.1:5432/aura
prod: install
	psql "$(PROD_DB:/aura=/postgres)" -tAc "SELECT 1 FROM pg_database WHERE datname = 'aura'" | grep -q 1 || \
	  psql "$(PROD_DB:/aura=/postgres)" -qc "CREATE DATABASE aura"
	DATABASE_URL=$${DATABASE_URL:-$(PROD_DB)} REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} sh -c \
	  '$(PY) manage.py migrate --noinput && $(PY) deploy/shape.py --port $${PROD_PORT:-8080}'

## make capacity: peers through the production shape's one nginx URL, from a fresh clone
## (PEERS=2000 DURATION=60; PEERS=5000 BIG=500 GENERATORS=2; bench/README.md, "Peers and capacity")
capacity:
	bench/capacity.sh

## make sdk: regenerate the Python SDK's models (clients/python) from the served OpenAPI document
sdk: install
	$(PY) clients/python/generate.py

## make openapi: write the served /openapi.json to docs/openapi.json (a test fails when they differ)
openapi: install
	$(PY) manage.py openapi

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
