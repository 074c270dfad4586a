"""Editorial and Arabic-typography checks: advice beyond the schema, reported as warnings.

A check is a small function registered with `@check("RKnnn")`. It receives the loaded
report's texts once and yields Problems; the loader adds file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from reportkit.diagnostics import CODES, Problem
from reportkit.house_rules import KindRules
from reportkit.models.common import InlineText, ReportBase, walk_text


@dataclass(frozen=True)
class CheckInput:
    """What every check reads: the report and each of its texts as a reader sees it."""

    report: ReportBase
    texts: tuple[tuple[tuple, InlineText | str], ...]
    rules: KindRules = field(default_factory=KindRules)  # house rules for the report kind

    @cached_property
    def plain_texts(self) -> tuple[tuple[tuple, str], ...]:
        """Return (path, text as a reader sees it) for every text."""
        return tuple(
            (path, text.plain if isinstance(text, InlineText) else text)
            for path, text in self.texts
        )

    @cached_property
    def joined(self) -> str:
        return "\n".join(text for _, text in self.plain_texts)

    def texts_matching(self, pattern: re.Pattern) -> Iterator[tuple[tuple, str]]:
        """Yield the texts `pattern` finds something in; one search first skips clean reports."""
        if pattern.search(self.joined):
            yield from ((path, text) for path, text in self.plain_texts if pattern.search(text))


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


def run_editorial_checks(
    report: ReportBase, texts=None, rules: KindRules | None = None
) -> list[Problem]:
    """Return every warning the registered checks find in `report` (texts: its walk_text),
    with the limits of the house `rules` (the defaults when None)."""
    texts = tuple(texts if texts is not None else walk_text(report))
    given = CheckInput(report, texts, rules or KindRules())
    return [problem for function in _CHECKS for problem in function(given)]


# Importing the modules registers their checks.
from reportkit.checks import arabic, editorial  # noqa: E402,F401
