# The README's two commands: `make sample` (the main job) and `make test`.
# Both set everything up on a fresh Debian machine: system packages, then .venv.
# `sample` installs only what building needs; `test` adds the test and lint tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
AXE := tests/a11y/node_modules/axe-core/axe.min.js

.PHONY: sample test setup setup-test system-packages test-system-packages schemas templates benchmark messages clean

sample: setup
	$(BIN)/reportkit validate reports/
	$(BIN)/reportkit build reports/ --format pdf,docx --out output/

test: setup-test
	$(BIN)/python -m pytest

setup: system-packages $(VENV)/.installed

setup-test: test-system-packages $(VENV)/.installed-test $(AXE)

system-packages:
	@scripts/install-system-packages.sh build

test-system-packages:
	@scripts/install-system-packages.sh test

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test,lint]'
	touch $@

# axe-core for the browser tests (tests/render/test_web_accessibility.py), at the version
# tests/a11y/package-lock.json pins, into the git-ignored tests/a11y/node_modules.
$(AXE): tests/a11y/package-lock.json
	npm ci --prefix tests/a11y --no-audit --no-fund --loglevel=error
	touch $@

# The package carries the schemas and templates; schemas/ and templates/ are the copies users
# take and editors point at. tests/test_packaged_data.py fails when they differ.
schemas: setup
	$(BIN)/reportkit schema --out schemas
	$(BIN)/reportkit schema --out src/reportkit/schemas

templates:
	rm -rf templates/default
	cp -R src/reportkit/templates/default templates/default

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
	$(BIN)/python benchmarks/bench_preview.py

clean:
	rm -rf $(VENV) output/*.pdf output/*.docx output/*.html
