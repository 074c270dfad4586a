"""How a fix checks its target and edits a WeasyPrint function's source."""

from __future__ import annotations

import linecache
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

SUPPORTED_MAJOR = "70"
T = TypeVar("T")

# Whether the speed fixes take their shortcuts; off only to compare with WeasyPrint's way.
shortcuts: ContextVar[bool] = ContextVar("shortcuts", default=True)


class Mismatch(Exception):
    """WeasyPrint's code is not what a fix was written for; the message says what differs."""


def require(value: T | None, what: str) -> T:
    """Return `value`; raise Mismatch naming `what` when it is missing or false."""
    if not value:
        raise Mismatch(what)
    return value


def redefine(*targets: tuple[object, str, dict[str, str]]) -> None:
    """Recompile each `(module, name, edits)` with every `old` text of `edits` (found exactly
    once, or Mismatch) replaced by its `new` text; nothing changes unless all match. Each is
    compiled under WeasyPrint's file name at its real first line, and edits keep the line
    count, so tracebacks and `linecache` show the real lines of WeasyPrint's file."""
    compiled = [(module, _edited(module, name, edits)) for module, name, edits in targets]
    for module, code in compiled:
        exec(code, vars(module))


def _edited(module, name: str, edits: dict[str, str]):
    code = require(getattr(getattr(module, name, None), "__code__", None), f"no {name}")
    last = max(end for _, end, _, _ in code.co_positions() if end is not None)
    source = "".join(linecache.getlines(code.co_filename)[code.co_firstlineno - 1 : last])
    for old, new in edits.items():
        if old.count("\n") != new.count("\n"):
            raise ValueError("an edit must keep the number of lines")
        require(source.count(old) == 1, f"{module.__name__}.{name} no longer contains {old!r}")
        source = source.replace(old, new)
    padded = "\n" * (code.co_firstlineno - 1) + source
    return compile(padded, code.co_filename, "exec")


@contextmanager
def setting(variable: ContextVar, value):
    """Set a context variable inside this block (this thread or task only)."""
    token = variable.set(value)
    try:
        yield value
    finally:
        variable.reset(token)


def without_shortcuts():
    """Inside this block the speed fixes do what WeasyPrint does, so tests can compare."""
    return setting(shortcuts, False)
