"""Which fonts the reports use, where they are on this system, and which characters they draw."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

INSTALL_HINT = "install them with: apt-get install fonts-hosny-amiri fonts-noto-core"


def default_families() -> tuple[str, ...]:
    """Return the font families of the built-in theme (templates/default/theme.yaml)."""
    from reportkit.theme import TemplateSet

    return TemplateSet().theme.fonts.families()


@lru_cache(maxsize=8)
def font_files(families: tuple[str, ...]) -> dict[str, list[str]]:
    """Return {family: [font file, …]} for the families fontconfig knows on this system."""
    if not shutil.which("fc-list"):
        return {}
    listing = subprocess.run(
        ["fc-list", "--format", "%{family[0]}\t%{file}\n"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    found: dict[str, list[str]] = {}
    for line in listing.splitlines():
        family, _, path = line.partition("\t")
        if family in families:
            found.setdefault(family, []).append(path)
    return found


@lru_cache(maxsize=8)
def covered_characters(families: tuple[str, ...]) -> frozenset[str] | None:
    """Return every character the families can draw, or None when none of them is installed."""
    from fontTools.ttLib import TTFont  # only needed when checking glyphs

    # Weights of one family share their character set: one file each is enough.
    files = [_regular(paths) for paths in font_files(families).values()]
    if not files:
        return None
    covered: set[str] = set()
    for path in files:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            covered.update(map(chr, font.getBestCmap() or {}))
    return frozenset(covered)


def _regular(paths: list[str]) -> str:
    return next((p for p in paths if "Regular" in p), sorted(paths)[0])
