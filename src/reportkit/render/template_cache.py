"""Compiled templates kept between runs, in the user's cache folder.

Compiling the built-in templates takes about a tenth of a second of every `reportkit build`
(benchmarks/bench_render.py); Jinja can keep the compiled code. Jinja checks each kept
template against its source, so an edited template is compiled again, and against its own
and Python's version. The folder is `$XDG_CACHE_HOME/reportkit/templates` (by default
`~/.cache/reportkit/templates`); when it cannot be made or written, templates are compiled
as before and nothing fails.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


def cache_folder() -> Path:
    """Return the folder compiled templates are kept in."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reportkit" / "templates"


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, except that a template it cannot keep is not an error: the
    build has its compiled template either way."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        # A full disk, or a folder removed or made read-only while running: compile next time.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache() -> jinja2.BytecodeCache | None:
    """Return the cache of compiled templates, or None when its folder cannot be made."""
    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK | os.X_OK):
        return None
    return _QuietBytecodeCache(str(folder))
