# The two commands of the README: `make sample` (the main job) and `make test`.
# Both set everything up on a fresh Debian machine: system packages, then .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: sample test setup system-packages schemas benchmark clean

sample: setup
	$(BIN)/reportkit validate reports/
	$(BIN)/reportkit build reports/ --format pdf,docx --out output/

test: setup
	$(BIN)/python -m pytest

setup: system-packages $(VENV)/.installed

system-packages:
	@scripts/install-system-packages.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

schemas: setup
	$(BIN)/reportkit schema

benchmark: setup
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_docx.py
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_preview.py

clean:
	rm -rf $(VENV) output/*.pdf output/*.docx output/*.html
