# The two front doors: `make run` (a fresh clone to a running demo) and `make test`.
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/intranet_test
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))

# Both cores (pytest-xdist; worksteal: an idle worker takes tests from a busy one, so the
# long tests do not leave one core idle at the end); XDIST= runs the suite in one process.
XDIST ?= -n 2 --dist worksteal
PYTEST := $(BIN)/python -m pytest $(XDIST)

.PHONY: run test test-sqlite test-postgres lint format i18n clean bench lock

run: $(VENV)/.run-installed $(CATALOGUES)
	$(FLASK) db upgrade
	$(FLASK) demo load
	@$(FLASK) demo accounts
	@echo "Serving the intranet at http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.dev-installed $(CATALOGUES) lint test-sqlite test-postgres

# Every test, browser and bench included, on SQLite files (one per xdist worker).
test-sqlite: $(VENV)/.dev-installed $(CATALOGUES)
	$(PYTEST)

# The tests that touch SQL again on PostgreSQL (not those marked sqlite_only, browser or office:
# tests/conftest.py), one database per xdist worker ($(PG_TEST_URL)_gw0, ...). CI must have
# PostgreSQL (.ci/run starts one), a laptop may not.
test-postgres: $(VENV)/.dev-installed $(CATALOGUES)
	@if $(BIN)/python tests/pg_ready.py "$(PG_TEST_URL)"; then \
		INTRANET_SQLALCHEMY_DATABASE_URI="$(PG_TEST_URL)" $(PYTEST); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL does not answer at $(PG_TEST_URL), and CI needs it."; exit 1; \
	else \
		echo "PostgreSQL does not answer at $(PG_TEST_URL): the PostgreSQL run is skipped."; \
	fi

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check intranet tests wsgi.py bench
	$(BIN)/ruff format --check intranet tests wsgi.py bench

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix intranet tests wsgi.py bench
	$(BIN)/ruff format intranet tests wsgi.py bench

# The benchmark (bench/RESULTS.md): 100,000 entries on SQLite, then 1,000,000 on PostgreSQL
# at $(BENCH_PG_URL) when one answers. One size: make bench SIZE=commune|100k|1m; the search
# pages alone (bench/data/RESULTS-search.md): make bench SIZE=1m ONLY=search.
SIZE ?= 100k 1m
ONLY ?=
BENCH_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/intranet_bench
bench: $(VENV)/.run-installed $(CATALOGUES)
	@command -v wrk >/dev/null || echo "wrk is not installed (apt-get install wrk): load comes from Python, slower."
	BENCH_PG_URL="$(BENCH_PG_URL)" $(BIN)/python -m bench.run $(foreach size,$(SIZE),--size $(size)) $(if $(ONLY),--only $(ONLY))

# Extract the strings, update both catalogues, and fill English with the source text.
i18n: $(VENV)/.run-installed
	$(BIN)/pybabel extract -F babel.cfg -k _l --ignore-dirs=".* .venv" -o translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python translations/fill_english.py translations/en/LC_MESSAGES/messages.po

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(VENV)/.run-installed
	$(BIN)/pybabel compile --locale $* --input-file $< --output-file $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# requirements.txt and requirements-dev.txt are locks: every package of the tree, pinned, with
# its hashes. Edit requirements.in / requirements-dev.in, then `make lock`.
$(VENV)/.run-installed: requirements.txt $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(VENV)/.run-installed
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# Regenerate the locks from the .in files with pip-tools, in a throwaway virtualenv.
PIP_TOOLS := pip-tools==7.6.2
LOCK_FLAGS := --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(VENV)/bin/python
	$(BIN)/python -m venv --clear .venv-lock
	.venv-lock/bin/python -m pip install --quiet $(PIP_TOOLS)
	.venv-lock/bin/pip-compile $(LOCK_FLAGS) --output-file requirements.txt requirements.in
	.venv-lock/bin/pip-compile $(LOCK_FLAGS) --output-file requirements-dev.txt requirements-dev.in
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .venv-lock translations/*/LC_MESSAGES/*.mo .pytest_cache
