"""Report data → a YAML file for people.

- Prose is a block scalar (`>-` folded at a readable width, `|-` when a line break must stay),
  so a colon or a `#` inside a sentence can never break the file; short names stay plain.
- `kind` first, then the fields in the models' order (the schema's), sources and notes last,
  after the text that cites them.
- Comments (the import's guesses, its TODOs) stand on their own lines above the field they
  are about.
- Every scalar is checked against the YAML reader as it is written: a value that would not
  read back exactly as it is (a leading space, a control character) is written
  double-quoted with escapes instead.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel

from reportkit.i18n import without_isolates
from reportkit.models import REPORT_KINDS
from reportkit.models.common import InlineText

Path_ = tuple[str | int, ...]
WIDTH = 96  # folded prose lines end before this column
INDENT = 2
# Fields that read best after the running text that cites them.
LAST_FIELDS = ("sources", "notes")
# reportkit reads with libyaml; other tools (and PyYAML without it) with the pure reader,
# which is stricter (a tab in a plain scalar): a value must read back the same with both.
_LOADERS = {getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader}
# Tags the report reader keeps as the text written (it leaves dates as strings too).
_STR = "tag:yaml.org,2002:str"
_TEXT_TAGS = {_STR, "tag:yaml.org,2002:timestamp"}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}
_NEEDS_ESCAPE = re.compile(
    '[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]'
)
# Characters that only a double-quoted scalar's escapes can carry safely: reportkit refuses
# them raw (controls, line separators, bidi overrides), or YAML reads them as line breaks.
_RAW_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
# A break may replace a single space between two visible characters (folding restores it).
_BREAK = re.compile(r"(?<=\S) (?=\S)")


def report_yaml(
    kind: str, data: dict[str, Any], comments: dict[Path_, list[str]], header: list[str]
) -> str:
    """Return `data`, a report of `kind`, as YAML: `header` comment lines first (the
    `$schema` line), `comments[path]` above the field at `path`."""
    writer = _Writer(comments)
    lines = [f"# {without_isolates(line)}" for line in header]
    lines += writer.mapping(data, REPORT_KINDS[kind], 0, ())
    return "\n".join(lines) + "\n"


class _Writer:
    def __init__(self, comments: dict[Path_, list[str]]):
        self.comments = comments

    def comment_lines(self, path: Path_, indent: int) -> list[str]:
        pad = " " * indent
        return [
            f"{pad}# {without_isolates(text).replace(chr(10), ' ')}"
            for text in self.comments.get(path, [])
        ]

    def mapping(self, data: dict, annotation: Any, indent: int, path: Path_) -> list[str]:
        model = _model_for(annotation, data)
        lines: list[str] = []
        for key in _ordered_keys(data, model):
            field_annotation = _field_annotation(model, key)
            lines += self.comment_lines((*path, key), indent)
            lines += self.entry(key, data[key], field_annotation, indent, (*path, key))
        return lines

    def entry(self, key: str, value: Any, annotation: Any, indent: int, path: Path_) -> list[str]:
        pad = " " * indent
        if isinstance(value, dict):
            if not value:
                return [f"{pad}{key}: {{}}"]
            return [f"{pad}{key}:", *self.mapping(value, annotation, indent + INDENT, path)]
        if isinstance(value, list):
            short = not _is_prose(_element(annotation))
            flow = _flow_list(value, indent + len(key) + 2) if short or not value else None
            if flow is not None:
                return [f"{pad}{key}: {flow}"]
            return [f"{pad}{key}:", *self.sequence(value, annotation, indent + INDENT, path)]
        first, *rest = scalar(value, _is_prose(annotation), indent + INDENT)
        return [f"{pad}{key}: {first}", *rest]

    def sequence(self, items: list, annotation: Any, indent: int, path: Path_) -> list[str]:
        pad = " " * indent
        element = _element(annotation)
        lines: list[str] = []
        for index, item in enumerate(items):
            item_path = (*path, index)
            lines += self.comment_lines(item_path, indent)
            if isinstance(item, dict) and item:
                inner = self.mapping(item, element, indent + INDENT, item_path)
                first_key = next(iter(_ordered_keys(item, _model_for(element, item))))
                lines += _dash_first(inner, pad, self.comment_lines((*item_path, first_key), 0))
            elif isinstance(item, list):
                flow = _flow_list(item, indent + 2)
                if flow is not None:
                    lines.append(f"{pad}- {flow}")
                else:
                    inner = self.sequence(item, _element(element), indent + INDENT, item_path)
                    lines += [f"{pad}-", *inner]
            else:
                first, *rest = scalar(item, _is_prose(element), indent + INDENT)
                lines += [f"{pad}- {first}", *rest]
        return lines


def _dash_first(inner: list[str], pad: str, first_key_comments: list[str]) -> list[str]:
    """Put a list item's mapping after its `- `: the first field's line loses its indent.
    Comments about that first field move above the dash (a comment cannot follow `- `)."""
    skip = len(first_key_comments)
    moved = [f"{pad}{line.strip()}" for line in inner[:skip]]
    first = inner[skip]
    return [*moved, f"{pad}- {first.lstrip()}", *inner[skip + 1 :]]


# --------------------------------------------------------------------------- scalars


def scalar(value: Any, prose: bool, indent: int) -> list[str]:
    """Return the lines that write `value`: the first goes after `key: ` or `- `, the rest
    (a block scalar's text) are indented by `indent`."""
    if value is None:
        return ["~"]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, (int, float)):
        return [repr(value)]
    text = str(value)
    if text == "" or _RAW_UNSAFE.search(text):
        return [quoted(text)]
    short = len(text) + indent <= 40 and "\n" not in text
    if (not prose or short) and _reads_back(text, text, timestamp=not prose):
        return [text]
    if short:  # a short value that would read as a number, a date or `true`: `"2"`, not a block
        return [quoted(text)]
    for lines in (_folded(text, indent), _literal(text, indent)):
        if lines and _reads_back("\n".join(lines), text):
            return lines
    return [quoted(text)]


def _folded(text: str, indent: int) -> list[str] | None:
    if "\n" in text:
        return None
    pad = " " * indent
    lines, line = [], ""
    for word in _BREAK.split(text):
        if line and indent + len(line) + 1 + len(word) > WIDTH:
            lines.append(pad + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(pad + line)
    return [">-", *lines]


def _literal(text: str, indent: int) -> list[str] | None:
    if "\n" not in text:
        return None
    pad = " " * indent
    return ["|-", *[pad + line if line else "" for line in text.split("\n")]]


def quoted(text: str) -> str:
    """Return `text` as a double-quoted YAML scalar, escaping what cannot stand raw."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def _reads_back(written: str, text: str, timestamp: bool = False) -> bool:
    """Return whether `k: <written>` reads back as exactly `text` (as reportkit reads it;
    a date left plain is text to reportkit, so only where a date is meant: `timestamp`)."""
    return reads_back(written, text, _TEXT_TAGS if timestamp else {_STR})


def reads_back(written: str, text: str, tags: set[str] | None) -> bool:
    """Return whether `k: <written>` reads back, with every YAML reader, as one scalar whose
    value is exactly `text` and whose tag is one of `tags` (any tag when None)."""
    for loader in _LOADERS:
        try:
            node = yaml.compose(f"k: {written}", Loader=loader)
        except yaml.YAMLError:
            return False
        if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
            return False
        value = node.value[0][1]
        if not (isinstance(value, yaml.ScalarNode) and value.value == text):
            return False
        if tags is not None and value.tag not in tags:
            return False
    return True


def _flow_list(items: list, indent: int) -> str | None:
    """Return a short list of short values as `[a, b]` (keywords, a table row), or None."""
    if not items:
        return "[]"
    parts = []
    for item in items:
        written = _flow_item(item)
        if written is None:
            return None
        parts.append(written)
    flow = "[" + ", ".join(parts) + "]"
    return flow if indent + len(flow) <= WIDTH and all(len(p) <= 40 for p in parts) else None


def _flow_item(item: Any) -> str | None:
    if isinstance(item, bool) or not isinstance(item, (str, int, float)):
        return None
    if not isinstance(item, str):
        return repr(item)
    if (
        item
        and not _RAW_UNSAFE.search(item)
        and "\t" not in item
        and _flow_value(f"[{item}]") == [item]
    ):
        return item
    return quoted(item) if _flow_value(f"[{quoted(item)}]") == [item] else None


def _flow_value(written: str) -> list[str] | None:
    values = None
    for loader in _LOADERS:
        try:
            node = yaml.compose(f"k: {written}", Loader=loader)
        except yaml.YAMLError:
            return None
        if not isinstance(node, yaml.MappingNode):
            return None
        value = node.value[0][1]
        if not isinstance(value, yaml.SequenceNode):
            return None
        items = value.value
        if not all(isinstance(i, yaml.ScalarNode) and i.tag == _STR for i in items):
            return None
        if values is not None and values != [i.value for i in items]:
            return None
        values = [i.value for i in items]
    return values


# --------------------------------------------------------------------------- the models' shape


def _ordered_keys(data: dict, model: type[BaseModel] | None) -> list[str]:
    order = list(model.model_fields) if model else []
    position = {name: index for index, name in enumerate(order)}
    keys = sorted(
        data,
        key=lambda k: (
            k != "kind",
            k in LAST_FIELDS,
            position.get(k, len(order)),
            LAST_FIELDS.index(k) if k in LAST_FIELDS else 0,
        ),
    )
    return keys


def _field_annotation(model: type[BaseModel] | None, key: str) -> Any:
    if model is None or key not in model.model_fields:
        return None
    return model.model_fields[key].annotation


def _model_for(annotation: Any, data: dict) -> type[BaseModel] | None:
    """Return the model among `annotation`'s that describes `data` (by `kind`, else by keys)."""
    models = list(_models(annotation))
    for model in models:
        kind = model.model_fields.get("kind")
        if kind is not None and data.get("kind") in get_args(kind.annotation):
            return model
    for model in models:
        if set(data) <= set(model.model_fields):
            return model
    return models[0] if models else None


def _leaves(annotation: Any) -> Iterator[Any]:
    """Yield the types an annotation may hold at its own level (through Annotated, unions)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _leaves(get_args(annotation)[0])
    elif origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            yield from _leaves(arg)
    else:
        yield annotation


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    for leaf in _leaves(annotation):
        if isinstance(leaf, type) and issubclass(leaf, BaseModel):
            yield leaf
        elif get_origin(leaf) is list:
            yield from _models(get_args(leaf)[0])


def _element(annotation: Any) -> Any:
    for leaf in _leaves(annotation):
        if get_origin(leaf) is list:
            return get_args(leaf)[0]
    return annotation


def _is_prose(annotation: Any) -> bool:
    return any(leaf is InlineText for leaf in _leaves(annotation))


__all__ = ["quoted", "report_yaml", "scalar"]
