"""What the fixes share: the checks of WeasyPrint's code, the editing of a function's source,
and the switches that turn a fix off inside a block."""

from __future__ import annotations

import linecache
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

SUPPORTED_MAJOR = "70"
T = TypeVar("T")
# The fixes switched off in this thread or task, to compare with WeasyPrint's own way.
_off: ContextVar[frozenset[str]] = ContextVar("fixes_off", default=frozenset())


class Mismatch(Exception):
    """WeasyPrint's code is not what a fix was written for; the message says what differs."""


def require(value: T | None, what: str) -> T:
    """Return `value`; raise Mismatch saying `what` when it is missing or false."""
    if not value:
        raise Mismatch(what)
    return value


def target(module, name: str):
    """Return `module.name` as WeasyPrint wrote it (under any wrapper of ours), or Mismatch."""
    found = require(getattr(module, name, None), f"{module.__name__}.{name} is missing")
    return getattr(found, "__wrapped__", found)


def contains(function, *texts: str) -> str:
    """Return a function's lines in its file (`inspect.getsource` without tokenizing the
    file); Mismatch unless each of `texts` occurs in them exactly once."""
    code = require(getattr(function, "__code__", None), f"{function!r} is not Python code")
    last = max(end for _, end, _, _ in code.co_positions() if end is not None)
    source = "".join(linecache.getlines(code.co_filename)[code.co_firstlineno - 1 : last])
    for text in texts:
        where = f"{function.__module__}.{function.__qualname__}"
        require(source.count(text) == 1, f"{where} no longer contains {text!r}")
    return source


def redefine(*targets: tuple[object, str, dict[str, str]]) -> None:
    """Recompile each `(module, name, edits)` with every `old` text of `edits` replaced by its
    `new` text; nothing changes unless all match. Each is compiled under WeasyPrint's file
    name at its real first line, and edits keep the line count, so tracebacks and
    `linecache` show the real lines of WeasyPrint's file."""
    compiled = [(module, _edited(module, name, edits)) for module, name, edits in targets]
    for module, code in compiled:
        exec(code, vars(module))


def _edited(module, name: str, edits: dict[str, str]):
    function = require(getattr(module, name, None), f"{module.__name__}.{name} is missing")
    source = contains(function, *edits)
    for old, new in edits.items():
        if old.count("\n") != new.count("\n"):
            raise ValueError("an edit must keep the number of lines")
        source = source.replace(old, new)
    code = function.__code__
    return compile("\n" * (code.co_firstlineno - 1) + source, code.co_filename, "exec")


@contextmanager
def setting(variable: ContextVar, value):
    """Set a context variable inside this block (this thread or task only)."""
    token = variable.set(value)
    try:
        yield value
    finally:
        variable.reset(token)


def without(*names: str):
    """Inside this block the named fixes do what WeasyPrint does (tests and benchmarks
    compare both ways); the fixes stay installed."""
    return setting(_off, _off.get() | frozenset(names))


def is_on(name: str) -> bool:
    """Return whether the fix `name` does its work here (see `without`)."""
    return name not in _off.get()
