# The two commands of the README: `make sample` (the main job) and `make test`.
# Both set everything up on a fresh Debian machine: system packages, then .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: sample test setup system-packages schemas benchmark messages clean

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

# Messages: extract the marked strings into the template, merge it into each language's
# catalog (translate the new entries in ar/…/reportkit.po), then compile the shipped .mo files.
LOCALE := src/reportkit/locale
messages: setup
	$(BIN)/pybabel extract --no-location --sort-output --project reportkit -w 100 \
		-o $(LOCALE)/reportkit.pot src/reportkit
	$(BIN)/pybabel update --ignore-obsolete -w 100 -i $(LOCALE)/reportkit.pot \
		-d $(LOCALE) -D reportkit
	$(BIN)/python scripts/fill-english-catalog.py
	$(BIN)/pybabel compile --statistics -d $(LOCALE) -D reportkit

benchmark: setup
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_docx.py
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf $(VENV) output/*.pdf output/*.docx output/*.html
