"""Compiled templates kept between runs, in the user's cache folder.

Compiling the built-in templates takes about 0.07 s of every `reportkit build`
(benchmarks/bench_render.py); Jinja can keep the compiled code. Jinja checks each kept
template against its source, so an edited template is compiled again; the folder's name
carries Jinja's, Python's and reportkit's versions, so an upgrade starts a new one. The
folder is `$XDG_CACHE_HOME/reportkit/templates-…` (by default `~/.cache/reportkit/…`); when
it cannot be made, is not the user's own, or cannot be written, templates are compiled as
before and nothing fails.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

import reportkit


def cache_folder() -> Path | None:
    """Return the folder compiled templates are kept in, or None when the user has none."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: the XDG specification ignores it
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no HOME and no home folder
            return None
    versions = f"{jinja2.__version__}-{sys.implementation.cache_tag}-{reportkit.__version__}"
    return Path(base) / "reportkit" / f"templates-{versions}"


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, except that a template it cannot keep is not an error: the
    build has its compiled template either way."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        # A full disk, or a folder removed or made read-only while running: compile next time.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache() -> jinja2.BytecodeCache | None:
    """Return the cache of compiled templates, or None when its folder cannot be used."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        owned = folder.stat().st_uid == os.getuid()  # its code is run: nobody else's folder
    except OSError:
        return None
    if not owned or not os.access(folder, os.W_OK | os.X_OK):
        return None
    return _QuietBytecodeCache(str(folder))
