# newsalert: `make run` and `make test` set themselves up on a machine with only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: help install run test unit integration lint bench clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install newsalert with its test tools

run: install  ## run the whole pipeline on the embedded broker (Ctrl-C stops)
	$(BIN)/newsalert run

test: install  ## the whole suite: unit, integration (real broker, real HTTP) and deploy checks
	bash deploy/tools/ensure-prometheus.sh
	bash deploy/tools/ensure-kubectl.sh
	$(BIN)/python -m pytest -q

unit: install  ## unit tests only (seconds)
	$(BIN)/python -m pytest -q tests/unit

integration: install  ## integration tests only
	$(BIN)/python -m pytest -q tests/integration

bench: install  ## benchmarks: figures printed and written to bench/results/
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@for b in bench/*_bench.py bench/eval_events.py; do [ -f $$b ] && $(BIN)/python $$b || true; done

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache
