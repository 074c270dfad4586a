"""Editorial and Arabic-typography checks: advice beyond the schema, reported as warnings.

A check is a small function registered with `@check("RKnnn")`. It receives the loaded
report's texts once and yields Problems; the loader adds file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from reportkit.diagnostics import CODES, Problem
from reportkit.models.common import InlineText, ReportBase, walk_text


@dataclass(frozen=True)
class CheckInput:
    """What every check reads: the report and each of its texts as a reader sees it."""

    report: ReportBase
    texts: tuple[tuple[tuple, InlineText | str], ...]

    def plain_texts(self) -> Iterator[tuple[tuple, str]]:
        for path, text in self.texts:
            yield path, text.plain if isinstance(text, InlineText) else text


CheckFunction = Callable[[CheckInput], Iterator[Problem]]
_CHECKS: list[CheckFunction] = []


def check(code: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check for `code`, which must be listed in diagnostics.CODES."""
    if code not in CODES:
        raise ValueError(f"{code} is not in diagnostics.CODES")

    def register(function: CheckFunction) -> CheckFunction:
        _CHECKS.append(function)
        return function

    return register


def run_checks(report: ReportBase) -> list[Problem]:
    """Return every warning the registered checks find in `report`."""
    given = CheckInput(report, tuple(walk_text(report)))
    return [problem for function in _CHECKS for problem in function(given)]


# Importing the modules registers their checks.
from reportkit.checks import arabic, editorial  # noqa: E402,F401
