"""YAML traps explained where they happen: what the author wrote, and how to write it instead.

libyaml reports where its parser stopped, in a parser's words ("did not find expected key"),
often a line after the mistake. Researchers make a handful of mistakes again and again: a
tab, a missing space after `-` or `:`, an unclosed quote, a line indented differently from
its siblings, a `: ` inside a sentence. Here each is recognized from the lines around the
error, and described in plain words with the line to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from reportkit.i18n import _, isolate

Position = tuple[int, int]

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?P<rest>.*)$")
_ITEM_LINE = re.compile(r"^(?P<indent> *)- ")
_NO_SPACE_AFTER_COLON = re.compile(r"^ *(?:- +)?(?P<key>[A-Za-z_][\w-]*):(?=[^\s/])")
_FIELD_NAME = re.compile(r"^[A-Za-z_][\w-]*$")
_OWNER_LINE = re.compile(r"^ *(?:- +(?P<key2>[A-Za-z_][\w-]*)?|(?P<key>[A-Za-z_][\w-]*):)")
_NO_SPACE_AFTER_DASH = re.compile(r"^ *-[^\s-]")
_BLOCK_SCALAR = re.compile(r"[|>][-+]?\d?\s*(#.*)?$")
_RESERVED_START = "[]{}@`&*!%|>"


@dataclass(frozen=True)
class Line:
    """One line of the file as indentation sees it."""

    number: int  # 1-based
    indent: int
    is_item: bool  # starts with `- `
    text: str


def explain_syntax_error(error: yaml.MarkedYAMLError, text: str) -> tuple[str, Position]:
    """Return a plain-language message and the faulty line's position for a YAML error."""
    lines = text.split("\n")
    checks = (
        _tab,
        _unclosed_quote,
        _missing_space_after_colon,
        _missing_space_after_dash,
        _colon,
        _indentation,
    )
    for explain in checks:
        found = explain(error, lines)
        if found:
            return found
    found = _reserved_start(error, lines) or _text_after_quote(error, lines)
    return found or _generic(error)


def _problem_line(error: yaml.MarkedYAMLError) -> int:
    mark = error.problem_mark or error.context_mark
    return mark.line + 1 if mark else 1


def _tab(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, Position] | None:
    for number, line in enumerate(lines[: _problem_line(error)], 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return _(
                "line {line} is indented with a tab; YAML needs spaces: replace the tab with "
                "spaces (two per level)",
                line=number,
            ), (number, indent.index("\t") + 1)
    return None


def _unclosed_quote(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, Position] | None:
    if "quoted scalar" not in (error.context or "") or error.context_mark is None:
        return None
    mark = error.context_mark
    quote = lines[mark.line][mark.column] if mark.column < len(lines[mark.line]) else '"'
    return _(
        "the quote {quote} opened on line {line} is never closed; add the closing {quote} at "
        "the end of the text, or remove the quote and write the text as a block (`>-`, then "
        "the text on the next line)",
        quote=quote,
        line=mark.line + 1,
    ), (mark.line + 1, mark.column + 1)


def _missing_space_after_colon(
    error: yaml.MarkedYAMLError, lines: list[str]
) -> tuple[str, Position] | None:
    candidates = [error.context_mark, error.problem_mark]
    for mark in candidates:
        if mark is None or mark.line >= len(lines):
            continue
        match = _NO_SPACE_AFTER_COLON.match(lines[mark.line])
        if match:
            key = match.group("key")
            return _(
                "line {line} has no space after `{key}:`; YAML needs one: write `{key}: ` and "
                "then the value",
                line=mark.line + 1,
                key=key,
            ), (mark.line + 1, match.end("key") + 2)
    return None


def _missing_space_after_dash(
    error: yaml.MarkedYAMLError, lines: list[str]
) -> tuple[str, Position] | None:
    """A `-key: value` or `-text` line makes YAML read text where a list item was meant."""
    faulty = _line(lines, _problem_line(error))
    if faulty is None:
        return None
    before = _line(lines, faulty.number - 1)
    for line in (faulty, before):
        if line is not None and _NO_SPACE_AFTER_DASH.match(line.text):
            return _(
                "line {line} has no space after its `-`; YAML needs one: write `- ` (a dash "
                "and a space) before the item",
                line=line.number,
            ), (line.number, line.indent + 1)
    return None


def _indentation(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, Position] | None:
    problem = error.problem or ""
    if not any(
        words in problem
        for words in ("mapping values", "expected key", "expected '-'", "expected <block end>")
    ):
        return None
    faulty = _line(lines, _problem_line(error))
    if faulty is None:
        return None
    sibling = _sibling(lines, faulty)
    if sibling is None or sibling.indent == faulty.indent:
        return None
    return _indentation_message(faulty, sibling), (faulty.number, faulty.indent + 1)


def _indentation_message(faulty: Line, sibling: Line) -> str:
    difference = faulty.indent - sibling.indent
    values = {
        "line": faulty.number,
        "indent": faulty.indent,
        "sibling": sibling.number,
        "sibling_indent": sibling.indent,
        "excerpt": isolate(_short(sibling.text.strip())),
        "count": abs(difference),
    }
    if difference > 0:
        return _(
            "line {line} starts with {indent} space(s), but line {sibling} ({excerpt}), at the "
            "same level, starts with {sibling_indent}: remove {count} space(s) at the start of "
            "line {line}",
            **values,
        )
    return _(
        "line {line} starts with {indent} space(s), but line {sibling} ({excerpt}), at the "
        "same level, starts with {sibling_indent}: add {count} space(s) at the start of line "
        "{line}",
        **values,
    )


def _line(lines: list[str], number: int) -> Line | None:
    """Return line `number`, or the first non-blank line before it when it is blank."""
    while number >= 1:
        text = lines[number - 1] if number <= len(lines) else ""
        if text.strip() and not text.lstrip().startswith("#"):
            stripped = text.lstrip(" ")
            return Line(number, len(text) - len(stripped), stripped.startswith("- "), text)
        number -= 1
    return None


def _sibling(lines: list[str], faulty: Line) -> Line | None:
    """Return the line above that `faulty` should line up with: the nearest open level of the
    same sort (list items with list items, fields with fields), preferring the deeper one."""
    levels = _open_levels(lines, faulty.number)
    same_sort = [level for level in levels if level.is_item == faulty.is_item]
    if not same_sort:
        return None
    return min(same_sort, key=lambda level: (abs(level.indent - faulty.indent), -level.indent))


def _open_levels(lines: list[str], before: int) -> list[Line]:
    """Return one line per indentation level still open above line `before` (its ancestors)."""
    levels: list[Line] = []
    smallest = 10**9
    for number in range(before - 1, 0, -1):
        line = _line(lines, number)
        if line is None or line.number != number or line.indent >= smallest:
            continue
        if _inside_block_scalar(lines, line):
            continue
        smallest = line.indent
        levels.append(line)
        if line.is_item and _KEY_LINE.match(line.text):
            # `- key: value` opens a level of fields two columns right of the dash.
            dash = _KEY_LINE.match(line.text)
            assert dash is not None
            levels.append(Line(number, dash.start("key"), False, line.text))
    return levels


def _inside_block_scalar(lines: list[str], line: Line) -> bool:
    """Return True when `line` is text of a `>`/`|` block (its lines are not YAML structure)."""
    for number in range(line.number - 1, 0, -1):
        above = _line(lines, number)
        if above is None:
            return False
        if above.number != number:
            continue
        if above.indent < line.indent:
            return bool(_BLOCK_SCALAR.search(above.text.split(":", 1)[-1].strip()))
    return False


def _colon(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, Position] | None:
    """A `: ` inside a sentence: YAML reads the words before it as a new field's name."""
    if "mapping values" not in (error.problem or "") or error.problem_mark is None:
        return None
    mark = error.problem_mark
    text = lines[mark.line]
    before = text[: mark.column].strip()
    if before.startswith("- "):
        before = before[2:].strip()
    if _FIELD_NAME.match(before):
        return None  # a real field name: an indentation slip, not a sentence
    owner = _owner(lines, mark.line + 1)
    key = (owner.group("key") or owner.group("key2")) if owner else None
    words = before.rsplit(":", 1)[-1].split()
    return _(
        "line {line}: YAML reads the `: ` after {word} as the start of a new field; write the "
        "whole text as a block: `{block}`, then the text on the next line, indented two more "
        "spaces",
        line=mark.line + 1,
        word=isolate(words[-1] if words else before),
        block=f"{key}: >-" if key else "- >-",
    ), (mark.line + 1, mark.column + 1)


def _owner(lines: list[str], number: int) -> re.Match[str] | None:
    """Return the `key:` or `- ` line whose text goes on to line `number` (maybe that line)."""
    faulty = _line(lines, number)
    if faulty is None:
        return None
    match = _OWNER_LINE.match(faulty.text)
    if match:
        return match
    for above in range(number - 1, 0, -1):
        line = _line(lines, above)
        if line is not None and line.number == above and line.indent < faulty.indent:
            return _OWNER_LINE.match(line.text)
    return None


def _reserved_start(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, Position] | None:
    mark = error.problem_mark or error.context_mark
    if mark is None or mark.line >= len(lines):
        return None
    match = _KEY_LINE.match(lines[mark.line])
    value = match.group("rest").strip() if match else ""
    if not value or value[0] not in _RESERVED_START or value[0] in "|>":
        return None
    return _(
        "line {line}: a value cannot start with {char} in YAML; write the value as a block: "
        "`{key}: >-`, then the text on the next line, indented two more spaces",
        line=mark.line + 1,
        char=value[0],
        key=match.group("key") if match else "",
    ), (mark.line + 1, lines[mark.line].index(value) + 1)


def _text_after_quote(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, Position] | None:
    mark = error.problem_mark
    if mark is None or mark.line >= len(lines):
        return None
    match = _KEY_LINE.match(lines[mark.line])
    value = match.group("rest").strip() if match else ""
    if not value or value[0] not in "\"'" or not match:
        return None
    return _(
        "line {line}: the value of `{key}` starts with a quote, so YAML ends it at the closing "
        "quote and cannot read the words after it; write the value as a block: `{key}: >-`, "
        "then the text (quotes included) on the next line, indented two more spaces",
        line=mark.line + 1,
        key=match.group("key"),
    ), (mark.line + 1, mark.column + 1)


def _generic(error: yaml.MarkedYAMLError) -> tuple[str, Position]:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    words = " ".join(part for part in (error.context, error.problem) if part)
    return _(
        "the YAML structure breaks on or just before line {line} (the parser says: {words}); "
        "check that line's indentation, that every `-` and `:` is followed by a space, and "
        "that every quote is closed",
        line=line,
        words=isolate(words),
    ), (line, column)


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# --- values of the wrong shape: YAML read the text, but not as the author meant ---------------


def explain_shape(expected: str, value: Any, path: tuple) -> str | None:
    """Return a message for a value of the wrong shape (`expected`: text, list or fields)."""
    field = next((str(part) for part in reversed(path) if isinstance(part, str)), "")
    in_list = bool(path) and isinstance(path[-1], int)
    if value is None:
        return _empty(field, in_list)
    if expected == "text":
        return _text_expected(value, field, in_list)
    if expected == "list":
        return _list_expected(value, field)
    if expected == "fields":
        return _fields_expected(value, field)
    return None


def _empty(field: str, in_list: bool) -> str:
    if in_list:
        return _(
            "this item of `{field}` is empty: write its text after the `- `, or delete the line",
            field=field,
        )
    return _(
        "`{field}` is empty: write its value after `{field}: ` on the same line (or as a block, "
        "`{field}: >-`, with the text on the next line), or delete the line if it is optional",
        field=field,
    )


def _text_expected(value: Any, field: str, in_list: bool) -> str | None:
    block = "- >-" if in_list else f"{field}: >-"
    if isinstance(value, dict) and len(value) == 1:
        key = next(iter(value))
        if isinstance(key, str) and " " in key.strip():
            return _(
                "this text was read as `key: value` because of the `: ` after {word}; write "
                "it as a block: `{block}`, then the text on the next line, indented two more "
                "spaces",
                word=isolate(key.split()[-1]),
                block=block,
            )
    if isinstance(value, dict):
        return _(
            "expected text, but the lines under it read as fields (`key: value`); write the "
            "text as a block: `{block}`, then the text on the next line, indented two more spaces",
            block=block,
        )
    if isinstance(value, list):
        return _(
            "expected one paragraph of text, but it is written as a list (its lines start with "
            "`-`); remove the inner `-` and write the text after the paragraph's own `-`, or as "
            "a block: `{block}`, then the text on the next line",
            block=block,
        )
    return None


def _list_expected(value: Any, field: str) -> str | None:
    if isinstance(value, str) and value.lstrip().startswith("-"):
        return _(
            "`{field}` is a list, but its `-` has no space after it, so YAML read one text; "
            "write a space after each `-`: `- text`",
            field=field,
        )
    if isinstance(value, dict) and any(str(key).startswith("-") for key in value):
        return _(
            "`{field}` is a list, but its `-` has no space after it; write `- ` (a dash and a "
            "space) before each item",
            field=field,
        )
    if isinstance(value, (str, dict)):
        return _(
            "`{field}` is a list: put each item on its own line under `{field}:`, indented, "
            "starting with `- ` (a dash and a space)",
            field=field,
        )
    return None


def _fields_expected(value: Any, field: str) -> str | None:
    if isinstance(value, list):
        return _(
            "`{field}` holds fields, not a list: remove the `-` before its lines and keep them "
            "indented under `{field}:`",
            field=field,
        )
    if isinstance(value, str):
        return _(
            "`{field}` holds fields (`name: value` lines) indented under `{field}:`, not text; "
            "see `reportkit new` for its fields",
            field=field,
        )
    return None
