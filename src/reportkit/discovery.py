"""Turn the paths given on the command line into the report files they name."""

from __future__ import annotations

from pathlib import Path

from reportkit.errors import UsageError

REPORT_SUFFIXES = (".yaml", ".yml")


def find_reports(paths) -> list[Path]:
    """Return the report files named by `paths` (files, or folders searched recursively)."""
    found: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            matches = sorted(
                p for p in given.rglob("*") if p.suffix in REPORT_SUFFIXES and p.is_file()
            )
            if not matches:
                raise UsageError(f"no report files (*.yaml) in folder {given}")
            found.extend(matches)
        elif given.is_file():
            found.append(given)
        else:
            raise UsageError(f"{given} does not exist")
    return list(dict.fromkeys(found))
