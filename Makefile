# Two commands for a newcomer with Python 3.11+ and nothing else:
#   make run    set up .venv, generate a demo area into ./var (SQLite), show a summary, the national indicators
#               for the current reporting year and one case's history
#   make test   set up .venv with the dev and bench extras, run ruff, mypy, import-linter and pytest
#   make bench  the benchmark suite (docs/benchmarks.md): BENCH_ARGS="--sizes scotland" for one size
#   make fuzz   the import fuzz test at length (FUZZ_EXAMPLES per property); counts in var/fuzz-counts.json
#   make mutate mutation testing of the rulebook, every module of domain/rules/, with the rule tests only
#               (docs/mutation.md): prints the survivors and the score, fails under 90% killed
#   make lock   refresh constraints.txt: every package and version of a fresh install with all extras
# Every install is pinned by constraints.txt; `make run` installs the runtime only, `make test` adds the dev
# and bench extras (its suite smoke-tests the benchmarks) and `make bench` the bench extras, all to the same
# .venv (each remembered by a marker file in .venv).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export MAPPA_SQLITE_PATH ?= var/mappa.db
# Python may cache the bytecode it compiles (in .venv and beside the sources): each CLI step of `make run` is its
# own process, and without the cache each would compile every module it imports again (about 0.8 s a step)
unexport PYTHONDONTWRITEBYTECODE

BENCH_ARGS ?=
FUZZ_EXAMPLES ?= 1500
# --no-compile: Python compiles each module the first time it is imported, not the whole of every package now
PIP := $(BIN)/python -m pip install --quiet --no-compile -c constraints.txt

.PHONY: run test bench fuzz mutate venv dev lock lint typecheck pytest clean assets

$(BIN)/mappa-flow: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e .
	@touch $@

# the dev extras, and the bench extras too: the suite smoke-tests make bench (tests/e2e/test_benchmark_smoke.py)
$(VENV)/.dev: $(BIN)/mappa-flow
	$(PIP) -e '.[dev,bench]'
	@touch $@

$(VENV)/.bench: $(BIN)/mappa-flow
	$(PIP) -e '.[bench]'
	@touch $@

venv: $(BIN)/mappa-flow

dev: $(VENV)/.dev

lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet '.[dev,bench]'
	{ echo "# Every package of a fresh install of mappa-flow with its dev and bench extras: made by 'make lock',"; \
	  echo "# used by every pip install of the Makefile (-c constraints.txt), so each install is the same."; \
	  .lock-venv/bin/python -m pip freeze --all --exclude mappa-flow --exclude setuptools; } > constraints.txt
	rm -rf .lock-venv

run: venv
	rm -f $(MAPPA_SQLITE_PATH)
	$(BIN)/mappa-flow init
	$(BIN)/mappa-flow demo --cases 400 --years 3 --seed 7
	$(BIN)/mappa-flow summary
	$(BIN)/mappa-flow indicators
	$(BIN)/mappa-flow case show --as make-run $$($(BIN)/mappa-flow demo-case)

lint: dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: dev
	$(BIN)/mypy

pytest: dev
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: $(VENV)/.bench dev
	$(BIN)/python -m benchmarks.suite $(BENCH_ARGS)

fuzz: venv
	MAPPA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) MAPPA_FUZZ_COUNTS=var/fuzz-counts.json \
		$(BIN)/pytest -q -s tests/integration/test_import_fuzz.py

# mutmut reads [tool.mutmut] in pyproject.toml (domain/rules/ against tests/unit/rules/); each run starts from a
# fresh mutants/ so that no cached verdict outlives a change of the rules or the tests
mutate: dev
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/mutmut results
	$(BIN)/mutmut export-cicd-stats
	$(BIN)/python scripts/mutation_score.py

# the Scottish Government Design System, vendored for the web application (docs/web.md): its dist/ (CSS, JS,
# images), licence and version, refreshed from the npm registry; nothing of Node is needed at run time
SGDS_VERSION := 4.2.0
SGDS_DIR := mappa_flow/web/static/sgds
assets:
	rm -rf .assets-tmp && mkdir .assets-tmp
	cd .assets-tmp && npm pack --silent @scottish-government/design-system@$(SGDS_VERSION) >/dev/null
	tar -xzf .assets-tmp/scottish-government-design-system-$(SGDS_VERSION).tgz -C .assets-tmp
	rm -rf $(SGDS_DIR) && mkdir -p $(SGDS_DIR)
	cp -R .assets-tmp/package/dist/css .assets-tmp/package/dist/scripts .assets-tmp/package/dist/images $(SGDS_DIR)/
	find $(SGDS_DIR) -name '*.d.ts' -delete
	cp .assets-tmp/package/LICENSE.txt $(SGDS_DIR)/LICENSE.txt
	echo "@scottish-government/design-system $(SGDS_VERSION)" > $(SGDS_DIR)/VERSION
	rm -rf .assets-tmp

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis .lock-venv mutants
