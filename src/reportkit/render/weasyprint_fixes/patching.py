"""How the fixes are applied: the WeasyPrint version they are written for, which ones are
active, the switch that turns the speed shortcuts off for comparison, and the editing of a
WeasyPrint function's source."""

from __future__ import annotations

import linecache
import textwrap
from contextlib import contextmanager
from contextvars import ContextVar

SUPPORTED_MAJOR = "70"

# Whether fixes 6-9, 11, 12 and `objects_serialized_once` take their shortcuts; off only to
# compare with WeasyPrint's own way.
shortcuts: ContextVar[bool] = ContextVar("shortcuts", default=True)
# Which fixes are active, by the name `installed()` reports (filled by `install`).
active: dict[str, bool] = {}
# The source each patched function had before we redefined it, plus our edits so far: a
# function compiled from a string has no file lines of its own for `inspect` to read.
_sources: dict[tuple[str, str], str] = {}


def edited_source(module, name: str, edits: dict[str, str]) -> str | None:
    """Return the source of `module.name` with each `old` text replaced by its `new` text, or
    None when an `old` text does not occur exactly once (WeasyPrint's code changed)."""
    key = (module.__name__, name)
    source = _sources.get(key) or function_source(getattr(module, name))
    for old, new in edits.items():
        if source.count(old) != 1:
            return None
        source = source.replace(old, new)
    return source


def function_source(function) -> str:
    """Return a function's source, from its code object's first line to the last line any of
    its instructions spans: what `inspect.getsource` returns for an undecorated function,
    without tokenizing the file (a third of the time spent installing these fixes)."""
    code = function.__code__
    last = max(end for _, end, _, _ in code.co_positions() if end is not None)
    lines = linecache.getlines(code.co_filename)[code.co_firstlineno - 1 : last]
    return textwrap.dedent("".join(lines))


def redefine(module, name: str, source: str) -> None:
    """Compile `source` in `module`'s namespace, replacing the function `name`."""
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    _sources[(module.__name__, name)] = source


@contextmanager
def without_shortcuts():
    """Inside this block lines are broken, measured and drawn the way WeasyPrint does it
    (fixes 6-9, 11 and 12 off) and every PDF object is serialized each time pydyf asks for it,
    so that tests can compare both ways."""
    token = shortcuts.set(False)
    try:
        yield
    finally:
        shortcuts.reset(token)
