"""Diagnostics: one problem found in a report, with a stable code and a position.

Codes are stable: tools and CI configurations match on them. RK0xx are problems reading the
file, RK1xx violations of the report format (errors), RK2xx editorial and typography advice
(warnings, errors only under ``--strict``), RK3xx problems a renderer met while building an
output (warnings of ``build``, errors only under ``build --strict``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# code -> (severity, short name, one-line help). The README's table is checked against this.
CODES: dict[str, tuple[Severity, str, str]] = {
    "RK001": (Severity.ERROR, "unreadable-file", "The file cannot be read or is not UTF-8 text."),
    "RK002": (Severity.ERROR, "yaml-syntax", "The file is not valid YAML."),
    "RK003": (Severity.ERROR, "duplicate-key", "A key appears twice in the same mapping."),
    "RK004": (
        Severity.ERROR,
        "not-a-report",
        "The file is empty or its top level is not a mapping.",
    ),
    "RK005": (Severity.ERROR, "control-character", "A control character that XML cannot carry."),
    "RK006": (Severity.ERROR, "bidi-control", "A bidi embedding, override or isolate character."),
    "RK007": (Severity.ERROR, "file-too-large", "The file is larger than a report can be."),
    "RK008": (
        Severity.ERROR,
        "yaml-tag",
        "A YAML tag (`!!binary`, `!name`) that reports cannot use.",
    ),
    "RK009": (
        Severity.ERROR,
        "line-separator",
        "A Unicode line or paragraph separator (U+2028, U+2029).",
    ),
    "RK101": (Severity.ERROR, "missing-field", "A required field is missing."),
    "RK102": (
        Severity.ERROR,
        "unknown-field",
        "A field the report format does not have (often a typo).",
    ),
    "RK103": (Severity.ERROR, "invalid-value", "A value has the wrong type or is out of range."),
    "RK104": (
        Severity.ERROR,
        "unknown-kind",
        "The report or section kind is not one reportkit knows.",
    ),
    "RK110": (Severity.ERROR, "section-order", "The sections break a rule of the report kind."),
    "RK111": (Severity.ERROR, "undefined-source", "A citation names a source that is not defined."),
    "RK112": (Severity.ERROR, "duplicate-id", "Two sources, notes or sections share an id."),
    "RK113": (
        Severity.ERROR,
        "undefined-section",
        "An item is placed in a section id that does not exist.",
    ),
    "RK114": (Severity.ERROR, "missing-file", "An image file does not exist."),
    "RK115": (Severity.ERROR, "forbidden-path", "An image path leaves the report's folder."),
    "RK116": (
        Severity.ERROR,
        "bad-image",
        "An image file is damaged, too large, not the format its name says, or an unsafe SVG.",
    ),
    "RK117": (
        Severity.ERROR,
        "unsafe-link",
        "A link to a `javascript:`, `data:`, `file:` or `vbscript:` address.",
    ),
    "RK120": (
        Severity.ERROR,
        "table-shape",
        "A table row or `align` list does not have one entry per column.",
    ),
    "RK121": (Severity.ERROR, "table-too-wide", "A table is too wide for the page."),
    "RK201": (Severity.WARNING, "unused-source", "A source is defined but never cited."),
    "RK202": (
        Severity.WARNING,
        "timeline-order",
        "Timeline events are not in chronological order.",
    ),
    "RK203": (
        Severity.WARNING,
        "long-paragraph",
        "A paragraph is very long; consider splitting it.",
    ),
    "RK204": (
        Severity.WARNING,
        "missing-recommended-section",
        "A section kind the house rules recommend is missing.",
    ),
    "RK210": (
        Severity.WARNING,
        "latin-punctuation",
        "Latin , ; ? inside Arabic text where ، ؛ ؟ belong.",
    ),
    "RK211": (
        Severity.WARNING,
        "straight-quotes",
        "Straight quotes around Arabic text where «» is usual.",
    ),
    "RK212": (
        Severity.WARNING,
        "mixed-digits",
        "One number mixes Western and Arabic-Indic digits.",
    ),
    "RK213": (
        Severity.WARNING,
        "unbalanced-pair",
        "A bracket or quotation mark is not closed or not opened.",
    ),
    "RK214": (
        Severity.WARNING,
        "tatweel",
        "Tatweel (ـ) used where it cannot join or as decoration.",
    ),
    "RK215": (Severity.WARNING, "missing-glyph", "A character the report's fonts cannot draw."),
    "RK216": (
        Severity.WARNING,
        "detached-waw",
        "The conjunction و is separated from the word it joins.",
    ),
    "RK217": (
        Severity.WARNING,
        "long-word",
        "A word longer than a line; the outputs break it where the line ends.",
    ),
    "RK301": (
        Severity.WARNING,
        "typesetter-warning",
        "WeasyPrint reported a problem while typesetting the PDF (CSS it ignores, a font).",
    ),
    "RK302": (
        Severity.WARNING,
        "footnote-off-page",
        "A footnote's text is not on the page of its call.",
    ),
    "RK303": (
        Severity.WARNING,
        "line-overflow",
        "A line of the PDF runs past the edge of its column.",
    ),
    "RK304": (
        Severity.WARNING,
        "weasyprint-fix-off",
        "A correction reportkit makes to WeasyPrint is off (WeasyPrint's code changed).",
    ),
}


class Problem(NamedTuple):
    """A rule violation found on a model; the loader turns it into a positioned Diagnostic."""

    path: tuple
    code: str
    message: str


def repeated_ids(
    ids: Iterable[tuple[tuple, str | None]], message: Callable[[str, int], str]
) -> Iterator[Problem]:
    """Yield an RK112 problem for each id an earlier item of the same list already has.

    `ids` holds, per item of the list in order, the field path of its id and the id (None when
    it has none); `message(id, index of the first item with it)` words the problem."""
    first: dict[str, int] = {}
    for index, (path, value) in enumerate(ids):
        if value is None:
            continue
        if value in first:
            yield Problem(path, "RK112", message(value, first[value]))
        first.setdefault(value, index)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where it is (file, 1-based line and column, field path) and what to do."""

    code: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    path: str = ""

    @property
    def severity(self) -> Severity:
        return CODES[self.code][0]

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def name(self) -> str:
        return CODES[self.code][1]

    def format(self) -> str:
        """Return the one-line form `file:line:col: path: message [CODE]`."""
        where = self.file or "<report>"
        if self.line:
            where += f":{self.line}:{self.column}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message} [{self.code}]"

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


def has_errors(diagnostics, strict: bool = False) -> bool:
    """Return True when the diagnostics should fail the run (warnings count under strict)."""
    return any(d.is_error or strict for d in diagnostics)


def format_path(parts) -> str:
    """Return a field path such as `sections[3].perspectives` from ('sections', 3, 'perspectives')."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
