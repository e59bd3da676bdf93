# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
# Each creates .venv and installs what it needs; nothing installed by hand is relied upon.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_DEPS := $(VENV)/.run-deps
DEV_DEPS := $(VENV)/.dev-deps

.PHONY: run test lint format data docs bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or later is needed: run e.g. make PYTHON=python3.11 $(MAKECMDGOALS)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(RUN_DEPS): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_DEPS): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(RUN_DEPS)

## Start the dashboard on the default data (http://localhost:8501).
run: $(RUN_DEPS)
	$(BIN)/python -m tools.serve

## Lint, check formatting, then run the whole test suite.
test: $(DEV_DEPS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(DEV_DEPS)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Rebuild the default trackers in data/ from data/seed_content.py, and the tracker docs.
data: $(DEV_DEPS)
	$(BIN)/python -m data.build_default_data
	$(BIN)/python -m docs.build_trackers_doc

docs: $(DEV_DEPS)
	$(BIN)/python -m docs.build_trackers_doc

## Benchmarks (not tests): print timings and ratios measured side by side.
bench: $(DEV_DEPS)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
