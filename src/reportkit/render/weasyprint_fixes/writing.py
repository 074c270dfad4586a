"""pydyf's zlib level, set per write (a speed fix that does not depend on WeasyPrint)."""

from __future__ import annotations

import inspect
from contextvars import ContextVar

from reportkit.render.weasyprint_fixes.patching import require, setting

# The zlib level of the PDF being written in this thread or task; None: pydyf's own (9).
_level: ContextVar[int | None] = ContextVar("zlib_level", default=None)


class _Zlib:
    """pydyf's view of zlib, compressing at the level set for the current thread or task.
    It replaces pydyf's `zlib` for good: swapping modules around each write would leave
    the wrong one in place when two threads write at once."""

    def __init__(self, module):
        self._module = module

    def compressobj(self, level: int = -1, *args, **kwargs):
        chosen = _level.get()
        return self._module.compressobj(level if chosen is None else chosen, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._module, name)


def compress_at_chosen_level() -> None:
    """Let `stream_compression` choose pydyf's zlib level (no upstream issue: level 9 is
    pydyf's choice, not a bug). Level 6, zlib's default, costs 3 % more bytes; at level 9
    the warm render took SHARE_COMPRESSION longer. Same input, same bytes."""
    import pydyf

    source = inspect.getsource(pydyf.Stream)
    require("zlib.compressobj(level=9)" in source, "pydyf.Stream compresses differently")
    if not isinstance(pydyf.zlib, _Zlib):
        pydyf.zlib = _Zlib(pydyf.zlib)


def stream_compression(level: int):
    """Compress the PDF's streams at zlib `level` inside this block."""
    return setting(_level, level)
