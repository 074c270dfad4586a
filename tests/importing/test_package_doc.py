"""The package's docstring is its map: every module of `reportkit.importing` is on it."""

from __future__ import annotations

from pathlib import Path

import reportkit.importing as importing


def test_the_package_docstring_names_every_module():
    folder = Path(importing.__file__).parent
    modules = sorted(p.name for p in folder.glob("*.py") if p.name != "__init__.py")
    doc = importing.__doc__ or ""
    assert [name for name in modules if f"`{name}`" not in doc] == []
