"""Change a report file's text in place: one value, one list item at a time.

A report file is written by people: comments, key order, blank lines and the way each
paragraph is wrapped are theirs. Loading and dumping the YAML would lose all of that, so the
changes are spliced into the text instead: the composed node tree (PyYAML's `compose`) says
where each value starts and ends, and only those characters are replaced. Every line outside
a changed value stays byte for byte what it was.

A new value is written in the style of the one it replaces: a folded block scalar (`>-`) at
the same indentation and about the same width, a plain scalar when the text can be one, a
quoted one otherwise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import yaml

from reportkit.i18n import _
from reportkit.importing.yaml_writer import reads_back

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_DASH = re.compile(r"[ ]*-[ ]+")
_DEFAULT_WIDTH = 100  # a folded scalar's line width when the old one gives no measure
_MIN_WIDTH = 60


class SpliceError(Exception):
    """A change cannot be written into this file's text (its shape is not one we splice)."""


@dataclass(frozen=True)
class Splice:
    """Replace the characters `start:end` of the text with `text`."""

    start: int
    end: int
    text: str


class YamlText:
    """A YAML file's text with its composed nodes, to find where each value is written."""

    def __init__(self, text: str):
        self.text = text
        root = yaml.compose(text, Loader=_Loader)
        if root is None:
            raise SpliceError(_("the file is empty"))
        self.root: yaml.Node = root

    def node_at(self, path: Iterable[str | int]) -> yaml.Node:
        """Return the node of the value at `path` (keys and list indexes)."""
        node = self.root
        for part in path:
            node = _child(node, part)
        return node

    def replace_value(self, path: tuple[str | int, ...], value: str) -> Splice:
        """Return the splice that writes `value` in place of the scalar at `path`."""
        node = self.node_at(path)
        if not isinstance(node, yaml.ScalarNode):
            raise SpliceError(_("the field is not a single text"))
        start, end = node.start_mark.index, _content_end(self.text, node)
        parent = self.node_at(path[:-1])
        if isinstance(parent, yaml.CollectionNode) and parent.flow_style:
            return Splice(start, end, _flow_item(value, node.tag))
        return Splice(start, end, self._render(node, value))

    def delete_item(self, path: tuple[str | int, ...]) -> Splice:
        """Return the splice that removes the list item at `path`, all its lines (in a
        `[a, b]` list: the item and the comma that joins it)."""
        node = self.node_at(path)
        items = self._flow_items(path)
        if items is not None:
            return _flow_removal(items, items.index(node))
        first, _dash = self._item_lines(path, node)
        return Splice(first, _line_after(self.text, _content_end(self.text, node)), "")

    def insert_after(self, path: tuple[str | int, ...], values: list[str]) -> Splice:
        """Return the splice that adds `values` as list items right after the item at `path`."""
        node = self.node_at(path)
        if self._flow_items(path) is not None:
            end = node.end_mark.index
            return Splice(end, end, "".join(f", {_flow_item(v, node.tag)}" for v in values))
        _first, dash = self._item_lines(path, node)
        after = _line_after(self.text, _content_end(self.text, node))
        items = "".join(dash + self._render(node, value) + "\n" for value in values)
        if after == len(self.text) and not self.text.endswith("\n"):
            items = "\n" + items.removesuffix("\n")
        return Splice(after, after, items)

    def insert_before(self, path: tuple[str | int, ...], values: list[str]) -> Splice:
        """Return the splice that adds `values` as list items right before the one at `path`."""
        node = self.node_at(path)
        if self._flow_items(path) is not None:
            start = node.start_mark.index
            return Splice(start, start, "".join(f"{_flow_item(v, node.tag)}, " for v in values))
        first, dash = self._item_lines(path, node)
        return Splice(first, first, "".join(dash + self._render(node, v) + "\n" for v in values))

    def _flow_items(self, path: tuple[str | int, ...]) -> list[yaml.Node] | None:
        """Return the items of the list holding `path` when it is written `[a, b]`."""
        parent = self.node_at(path[:-1])
        if isinstance(parent, yaml.SequenceNode) and parent.flow_style:
            return list(parent.value)
        return None

    def _item_lines(self, path: tuple[str | int, ...], node: yaml.Node) -> tuple[int, str]:
        """Return where the item's first line starts and its `- ` indicator with indentation."""
        parent = self.node_at(path[:-1])
        if not isinstance(parent, yaml.SequenceNode) or parent.flow_style:
            raise SpliceError(_("the list is not written one item a line (`- item`)"))
        first = self.text.rfind("\n", 0, node.start_mark.index) + 1
        dash = self.text[first : node.start_mark.index]
        if not _DASH.fullmatch(dash):
            raise SpliceError(_("the list item does not start its own line"))
        return first, dash

    def _render(self, old: yaml.Node, value: str) -> str:
        """Return `value` written as a scalar in the style of `old`, from `old`'s column on."""
        style = old.style if isinstance(old, yaml.ScalarNode) else ">"
        if style in (">", "|") and is_foldable(value):
            indent, width = self._block_layout(old)
            return folded(value, indent, width)
        if not style and is_plain(value, old.tag):  # libyaml gives plain scalars style ""
            return value
        if style == "'" and "\n" not in value:
            return "'" + value.replace("'", "''") + "'"
        return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted

    def _block_layout(self, old: yaml.Node) -> tuple[int, int]:
        """Return the content indentation and line width of the block scalar `old` (for a
        list item that is not a block scalar, those of a new one under its `- `)."""
        content = self.text[old.start_mark.index : _content_end(self.text, old)]
        lines = content.split("\n")[1:] if isinstance(old, yaml.ScalarNode) else []
        lines = [line for line in lines if line.strip()]
        if not lines:
            return old.start_mark.column + 2, _DEFAULT_WIDTH
        indent = min(len(line) - len(line.lstrip(" ")) for line in lines)
        if len(lines) == 1:  # a short paragraph says nothing of the width it was wrapped at
            return indent, max(len(lines[0]), _DEFAULT_WIDTH)
        return indent, max(max(len(line) for line in lines), _MIN_WIDTH)


def apply_splices(text: str, splices: list[Splice]) -> str:
    """Return `text` with `splices` made, each in the original text's positions.

    From the end backwards, so earlier positions stay valid; of two starting at the same
    place, the longer first, so an insertion lands before what follows a removed item.
    """
    ordered = sorted(splices, key=lambda s: (s.start, s.end), reverse=True)
    for later, earlier in pairwise(ordered):
        if earlier.end > later.start and earlier.start != earlier.end:
            raise SpliceError(_("two changes overlap in the file"))
    for splice in ordered:
        text = text[: splice.start] + splice.text + text[splice.end :]
    return text


def is_foldable(value: str) -> bool:
    """Return True when `value` can be written as a folded block scalar and read back the
    same: single spaces between words only (a line break folds back into one space)."""
    return bool(value) and " ".join(value.split()) == value


def folded(value: str, indent: int, width: int) -> str:
    """Return `value` as a `>-` block scalar: its lines at `indent` spaces, at most `width`
    characters long where the words allow."""
    lines: list[str] = []
    line = ""
    for word in value.split(" "):
        if line and indent + len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    pad = " " * indent
    return ">-\n" + "\n".join(pad + line for line in lines)


def is_plain(value: str, tag: str) -> bool:
    """Return True when `value` written bare after `key: ` reads back as the same value (and
    as text, when the old value was text rather than a number or a date)."""
    if not value or value != value.strip() or "\n" in value:
        return False
    return reads_back(value, value, {_STR_TAG} if tag == _STR_TAG else None)


def _flow_item(value: str, tag: str) -> str:
    """Return `value` written as an item of a `[a, b]` list: bare when it reads back the same
    there (no comma or bracket in it), else quoted."""
    if is_plain(value, tag) and not any(char in value for char in ",[]{}"):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow_removal(items: list[yaml.Node], index: int) -> Splice:
    """Return the splice that removes item `index` of a `[a, b]` list with one comma."""
    node = items[index]
    if index + 1 < len(items):
        return Splice(node.start_mark.index, items[index + 1].start_mark.index, "")
    if index > 0:
        return Splice(items[index - 1].end_mark.index, node.end_mark.index, "")
    return Splice(node.start_mark.index, node.end_mark.index, "")


def _child(node: yaml.Node, part: str | int) -> yaml.Node:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    raise SpliceError(_("the field {path} is not in the file", path=part))


def _content_end(text: str, node: Any) -> int:
    """Return where the node's own characters end: a block scalar's span also holds the blank
    lines after it, which belong to the layout around it."""
    start, end = node.start_mark.index, node.end_mark.index
    return start + len(text[start:end].rstrip())


def _line_after(text: str, index: int) -> int:
    """Return where the line after the one holding `index` starts (the text's end if none)."""
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1
