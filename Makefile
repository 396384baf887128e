# Set-up is part of every target: a fresh machine needs nothing but python3.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test eval bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/awardex run

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/awardex eval

# Benchmarks (not timed tests): synthetic corpus -> stages, floors, end to end; writes build/bench.json
# and the generated block of docs/benchmarks.md. e.g. make bench BENCH_ARGS="--pages 1000 10000 50000"
BENCH_ARGS ?= --pages 1000 10000
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) warehouse/awards.duckdb .pytest_cache
