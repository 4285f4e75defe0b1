# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
IDP_PORT ?= 8502
PORT2 ?= 8503

.PHONY: run demo-hosted demo-scaled test test-unit test-app test-browser bench clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

## Start the app on the embedded database data/workbook.duckdb (WORKBOOK_DB overrides it).
run: $(VENV)/.runtime
	$(BIN)/streamlit run app.py --server.port $(PORT)

## The app in hosted mode behind a local test sign-in provider (anyone can sign in there as any email):
## provider on 127.0.0.1:$(IDP_PORT), app on $(PORT), database $$WORKBOOK_DB (default data/hosted-demo.duckdb).
demo-hosted: $(VENV)/.dev
	PORT=$(PORT) IDP_PORT=$(IDP_PORT) $(BIN)/python tools/demo_hosted.py

## Two app processes ($(PORT) and $(PORT2)) sharing one throw-away PostgreSQL database (Debian's postgresql
## package), in hosted mode behind the test sign-in provider on $(IDP_PORT). Ctrl+C stops everything.
demo-scaled: $(VENV)/.dev
	PORT=$(PORT) PORT2=$(PORT2) IDP_PORT=$(IDP_PORT) $(BIN)/python tools/demo_scaled.py

## Every test tier: unit, AppTest, browser (Chromium at /usr/bin/chromium).
test: $(VENV)/.dev
	$(BIN)/python -m pytest

test-unit: $(VENV)/.dev
	$(BIN)/python -m pytest tests -m "not apptest and not browser"

test-app: $(VENV)/.dev
	$(BIN)/python -m pytest -m apptest

test-browser: $(VENV)/.dev
	$(BIN)/python -m pytest -m browser

## The benchmark (not a test): prints a table and writes bench/results.json.
bench: $(VENV)/.dev
	$(BIN)/python bench/run.py

## Delete the local database (after asking). Back it up first from the Workbooks page.
clean-db:
	@read -p "Delete data/workbook.duckdb for good? [y/N] " ok && [ "$$ok" = y ] && rm -f data/workbook.duckdb data/workbook.duckdb.wal || echo "Kept."
