# Two commands for a newcomer with Python 3.11+ and nothing else:
#   make run    set up .venv, generate a demo area into ./var (SQLite), show a summary, the national indicators
#               for the current reporting year and one case's history
#   make test   set up .venv with the dev extras, run ruff, mypy, import-linter and pytest
#   make bench  the benchmark suite (docs/benchmarks.md): BENCH_ARGS="--sizes scotland" for one size
#   make fuzz   the import fuzz test at length (FUZZ_EXAMPLES per property); counts in var/fuzz-counts.json

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export MAPPA_SQLITE_PATH ?= var/mappa.db

BENCH_ARGS ?=
FUZZ_EXAMPLES ?= 1500

.PHONY: run test bench fuzz venv dev lint typecheck pytest clean

$(BIN)/mappa-flow: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $@

venv: $(BIN)/mappa-flow

run: venv
	rm -f $(MAPPA_SQLITE_PATH)
	$(BIN)/mappa-flow init
	$(BIN)/mappa-flow demo --cases 400 --years 3 --seed 7
	$(BIN)/mappa-flow summary
	$(BIN)/mappa-flow indicators
	$(BIN)/mappa-flow case show --as make-run $$($(BIN)/mappa-flow demo-case)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: venv
	$(BIN)/mypy

pytest: venv
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: venv
	$(BIN)/python -m benchmarks.suite $(BENCH_ARGS)

fuzz: venv
	MAPPA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) MAPPA_FUZZ_COUNTS=var/fuzz-counts.json \
		$(BIN)/pytest -q -s tests/integration/test_import_fuzz.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
