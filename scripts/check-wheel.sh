#!/usr/bin/env bash
# Build reportkit's wheel, install it into a fresh virtualenv outside the checkout, and check and
# build the sample reports from a folder that holds nothing of the repository but reports/:
# everything the installed package reads (templates, schemas, skeletons) must be inside it.
# Needs pdftotext (poppler-utils, which `make test` installs).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$repo/.venv/bin/python}"
[ -x "$python" ] || python=python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() {
  echo "check-wheel: $*" >&2
  exit 1
}

"$python" -m pip wheel -q --no-deps -w "$work/dist" "$repo"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "$work"/dist/reportkit-*.whl

mkdir "$work/project"
cp -R "$repo/reports" "$work/project/reports"
cd "$work/project"
"$work/venv/bin/reportkit" validate reports/
"$work/venv/bin/reportkit" build reports/ --format pdf,docx,html --out output/ --quiet

for report in reports/*.yaml; do
  name="$(basename "$report" .yaml)"
  for format in pdf docx html; do
    [ -s "output/$name.$format" ] || fail "output/$name.$format was not written"
  done
  characters="$(pdftotext "output/$name.pdf" - | tr -d '[:space:]' | wc -m)"
  [ "$characters" -gt 200 ] || fail "output/$name.pdf has $characters characters of text"
  echo "check-wheel: $name: pdf ($characters characters of text), docx, html"
done
echo "check-wheel: the wheel installs and builds outside the checkout"
