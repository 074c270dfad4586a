"""Read a report file: bytes → text → YAML nodes → plain data, keeping every field's position.

libyaml composes the node tree (fast, in C); we build the plain data ourselves so that each
field path maps to its (line, column), duplicate keys are caught, strings are NFC-normalized
and dates stay strings for the models to parse. Problems come back as Diagnostics, never
exceptions, so every one of them reaches the user at once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from reportkit.diagnostics import Diagnostic, format_path
from reportkit.i18n import _, isolate

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_scalars = yaml.constructor.SafeConstructor()
# XML 1.0 cannot carry C0 controls other than tab and newlines, nor U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Embeddings, overrides and isolates silently reorder text (the "Trojan Source" characters).
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
# LINE and PARAGRAPH SEPARATOR (pasted from word processors and page-layout programs): YAML
# reads them as line breaks but keeps them in the value, editors and our line numbers do not
# count them, and the PDF's line breaker fails on them. Refused, with what to type instead.
_LINE_SEPARATOR = re.compile("[\u2028\u2029]")
_NON_STR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}

_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
# The tags plain YAML resolves by itself (and `!!str` and the like written out); any other
# (`!!binary`, `!!set`, `!custom`) is refused rather than read as the text after it.
_PLAIN_TAGS = {
    _YAML_TAG_PREFIX + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
}

Position = tuple[int, int]


@dataclass
class SourceFile:
    """A report file read into plain data, with the position of every field path."""

    file: str
    data: Any = None
    positions: dict[tuple, Position] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def is_readable(self) -> bool:
        """Return True when the data can go on to the models (no reading error)."""
        return isinstance(self.data, dict) and not any(d.is_error for d in self.diagnostics)

    def position_of(self, path: tuple) -> Position:
        """Return the position of the longest prefix of `path` that exists in the file."""
        for end in range(len(path), -1, -1):
            position = self.positions.get(path[:end])
            if position:
                return position
        return (1, 1)

    def diagnostic(
        self, code: str, message: str, path: tuple = (), position: Position | None = None
    ) -> Diagnostic:
        line, column = position or self.position_of(path)
        return Diagnostic(code, message, self.file, line, column, format_path(path))


def read_source(path: Path | str, display_name: str | None = None) -> SourceFile:
    """Return the report file at `path` as a SourceFile (data, positions, diagnostics)."""
    path = Path(path)
    source = SourceFile(display_name or str(path))
    try:
        raw = path.read_bytes()
    except OSError as error:
        source.diagnostics.append(
            source.diagnostic("RK001", _("cannot read the file: {reason}", reason=error.strerror))
        )
        return source
    return parse_source(raw, source)


def parse_source(raw: bytes, source: SourceFile) -> SourceFile:
    """Fill `source` from the file's bytes."""
    if len(raw) > MAX_FILE_BYTES:
        source.diagnostics.append(
            source.diagnostic(
                "RK007",
                _(
                    "the file is {size:.1f} MiB; a report may be at most {limit} MiB "
                    "(move large content such as images to files)",
                    size=len(raw) / 1048576,
                    limit=MAX_FILE_BYTES // 1048576,
                ),
            )
        )
        return source
    text = _decode(raw, source)
    if text is None or not _check_characters(text, source):
        return source
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        source.diagnostics.append(_syntax_diagnostic(error, source, text))
        return source
    except yaml.YAMLError as error:
        source.diagnostics.append(
            source.diagnostic("RK002", _("invalid YAML: {problem}", problem=error))
        )
        return source
    if not isinstance(root, yaml.MappingNode):
        message = (
            _("the file is empty; a report starts with `kind: analysis` or `kind: brief`")
            if root is None
            else _(
                "the file is not a mapping of fields; a report starts with `kind: analysis` "
                "or `kind: brief`"
            )
        )
        source.diagnostics.append(source.diagnostic("RK004", message))
        return source
    source.positions[()] = (1, 1)
    try:
        source.data = _Builder(source, text).build(root, ())
    except _TooLarge:
        source.data = None
        source.diagnostics.append(
            source.diagnostic(
                "RK007",
                _(
                    "the file nests deeper than {depth} levels or holds more than {count} "
                    "values (YAML aliases expand); simplify it",
                    depth=MAX_DEPTH,
                    count=MAX_NODES,
                ),
            )
        )
    return source


def _decode(raw: bytes, source: SourceFile) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        # Columns count characters, as editors do: the bytes before the bad one are valid UTF-8.
        column = len(raw[line_start : error.start].decode("utf-8-sig")) + 1
        source.diagnostics.append(
            source.diagnostic(
                "RK001",
                _(
                    "the file is not UTF-8 (byte 0x{byte:02x}); save it as UTF-8 in your editor",
                    byte=raw[error.start],
                ),
                position=(line, column),
            )
        )
        return None


def _check_characters(text: str, source: SourceFile) -> bool:
    """Report control and bidi characters with exact positions; False when YAML would choke."""
    has_control = False
    for match in _CONTROL.finditer(text):
        has_control = True
        source.diagnostics.append(
            source.diagnostic(
                "RK005",
                _control_message(match.group()),
                position=_line_column(text, match.start()),
            )
        )
    for match in _BIDI_CONTROL.finditer(text):
        source.diagnostics.append(
            _bidi_diagnostic(source, match.group(), (), _line_column(text, match.start()))
        )
    for match in _LINE_SEPARATOR.finditer(text):
        has_control = True  # YAML would count it as a line and misplace every later error
        source.diagnostics.append(
            _separator_diagnostic(source, match.group(), (), _line_column(text, match.start()))
        )
    return not has_control


def _bidi_diagnostic(source: SourceFile, char: str, path: tuple, position: Position) -> Diagnostic:
    name = unicodedata.name(char, "bidi control")
    return source.diagnostic(
        "RK006",
        _(
            "invisible bidi control U+{number:04X} ({name}) can silently reorder text; "
            "delete it (reportkit sets direction itself)",
            number=ord(char),
            name=name,
        ),
        path,
        position,
    )


def _separator_diagnostic(
    source: SourceFile, char: str, path: tuple, position: Position
) -> Diagnostic:
    if char == "\u2029":
        message = _(
            "paragraph separator U+2029 cannot appear in a report; start the new paragraph "
            "as a new `- ` item of the list instead"
        )
    else:
        message = _(
            "line separator U+2028 cannot appear in a report; replace it with a space "
            "(or start a new paragraph as a new `- ` item of the list)"
        )
    return source.diagnostic("RK009", message, path, position)


def _control_message(char: str) -> str:
    return _(
        "control character U+{number:04X} cannot appear in a report; delete it", number=ord(char)
    )


def _line_column(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _syntax_diagnostic(error: yaml.MarkedYAMLError, source: SourceFile, text: str) -> Diagnostic:
    from reportkit.traps import explain_syntax_error  # only files with a YAML error need it

    message, position = explain_syntax_error(error, text)
    return source.diagnostic(
        "RK002", _("invalid YAML: {problem}", problem=message), position=position
    )


class _Builder:
    """Turn composed YAML nodes into plain data, recording positions and problems."""

    def __init__(self, source: SourceFile, text: str):
        self.source = source
        self.text = text
        self.nodes = 0

    def build(self, node: yaml.Node, path: tuple, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise _TooLarge()
        if node.tag not in _PLAIN_TAGS:
            self._refuse_tag(node, path)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, path, depth)
        # libyaml composes nothing but mappings, sequences and scalars.
        return self._scalar(cast(yaml.ScalarNode, node), path)

    def _mapping(self, node: yaml.MappingNode, path: tuple, depth: int) -> dict:
        result: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            key_position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key, str):
                self.source.diagnostics.append(
                    self.source.diagnostic(
                        "RK103", _("field names must be plain words"), path, key_position
                    )
                )
                continue
            if key in first_seen:
                self.source.diagnostics.append(
                    self.source.diagnostic(
                        "RK003",
                        _(
                            "duplicate key `{key}` (first defined on line {line}); keep one",
                            key=isolate(key),
                            line=first_seen[key][0],
                        ),
                        (*path, key),
                        key_position,
                    )
                )
                continue
            first_seen[key] = key_position
            self.source.positions[(*path, key)] = key_position
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _sequence(self, node: yaml.SequenceNode, path: tuple, depth: int) -> list:
        items = []
        for index, item in enumerate(node.value):
            item_path = (*path, index)
            self.source.positions[item_path] = self._item_position(item)
            items.append(self.build(item, item_path, depth + 1))
        return items

    def _item_position(self, item: yaml.Node) -> Position:
        """Return where a list item's text starts: for a `- >-` block, its next line."""
        mark = item.start_mark
        if isinstance(item, yaml.ScalarNode) and item.style in (">", "|") and item.value:
            next_line = self.text.find("\n", mark.index) + 1
            rest = self.text[next_line:]
            return mark.line + 2, len(rest) - len(rest.lstrip(" ")) + 1
        return mark.line + 1, mark.column + 1

    def _scalar(self, node: yaml.ScalarNode, path: tuple) -> Any:
        if node.tag in _NON_STR_TAGS and node.style is None:
            return _scalars.construct_object(node)
        value = node.value
        if not value.isascii():
            if not unicodedata.is_normalized("NFC", value):
                value = unicodedata.normalize("NFC", value)
            self._check_escaped(value, node, path)
        elif _CONTROL.search(value):
            self._check_escaped(value, node, path)
        return value

    def _refuse_tag(self, node: yaml.Node, path: tuple) -> None:
        """Report a YAML tag such as `!!binary` or `!custom`: it would otherwise be read as
        the text after it, silently."""
        tag = node.tag.replace(_YAML_TAG_PREFIX, "!!")
        self.source.diagnostics.append(
            self.source.diagnostic(
                "RK008",
                _(
                    "YAML tag `{tag}` cannot be used in a report; remove it and write the value "
                    "as plain text",
                    tag=isolate(tag),
                ),
                path,
                (node.start_mark.line + 1, node.start_mark.column + 1),
            )
        )

    def _check_escaped(self, value: str, node: yaml.ScalarNode, path: tuple) -> None:
        """Catch characters written as escapes ("\\x01", "\\u202E"), which the raw scan misses."""
        if node.style != '"':
            return
        position = (node.start_mark.line + 1, node.start_mark.column + 1)
        # Raw control characters stop reading before YAML runs, so any left came from escapes.
        for char in sorted(set(_CONTROL.findall(value))):
            self.source.diagnostics.append(
                self.source.diagnostic(
                    "RK005",
                    _control_message(char),
                    path,
                    position,
                )
            )
        raw = self.text[node.start_mark.index : node.end_mark.index]
        escaped = len(_BIDI_CONTROL.findall(value)) - len(_BIDI_CONTROL.findall(raw))
        if escaped > 0:
            char = next(c for c in value if _BIDI_CONTROL.match(c))
            self.source.diagnostics.append(_bidi_diagnostic(self.source, char, path, position))
        # Raw separators were refused before YAML ran, so any left came from escapes.
        for char in sorted(set(_LINE_SEPARATOR.findall(value))):
            self.source.diagnostics.append(_separator_diagnostic(self.source, char, path, position))


class _TooLarge(Exception):
    """The node tree exceeds MAX_NODES or MAX_DEPTH."""
