"""Inline markup of paragraphs: parsed once with markdown-it into nodes both renderers consume.

Authors write a small, safe subset of Markdown inside paragraphs: `*emphasis*`, `**strong**`,
`[links](https://…)` and citations of sources as `[^source-id]`. Anything else stays text, so
a stray character can never turn into raw HTML or an unintended structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference to a report source by id, written `[^id]`; renderers make it a footnote."""

    source_id: str


Inline = Text | LineBreak | Emphasis | Strong | Link | Citation

# Characters that can start markup: escaped with a backslash, they read as themselves.
_ESCAPED_CHARS = re.compile(r"([\\*_\[\]])")


def escape(text: str) -> str:
    """Return plain `text` with every character that can start markup escaped, so it reads
    back as `text` (the importers use it for text that comes from outside the report)."""
    return _ESCAPED_CHARS.sub(r"\\\1", text)


_CITATION = re.compile(r"\[\^([A-Za-z0-9][A-Za-z0-9_-]*)\]")


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """Recognise `[^id]` before markdown-it's link rule would see a bracket."""
    if state.src[state.pos] != "[":
        return False
    match = _CITATION.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"id": match.group(1)}
    state.pos = match.end()
    return True


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("zero").enable(["emphasis", "link", "escape", "newline"])
    # markdown-it leaves a link to a javascript:, vbscript:, file: or data: address as plain
    # text, silently; parsed, it reaches rules.py, which refuses it on the author's line.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    parser.inline.ruler.before("link", "citation", _citation_rule)
    return parser


_PARSER = _make_parser()
# Characters that can start markup; text without any of them needs no parser at all.
_MARKUP_CHARS = re.compile(r"[*_\[\]\\\n]")

_CONTAINERS = {"em_open": Emphasis, "strong_open": Strong, "link_open": Link}


def parse_inline(source: str) -> tuple[Inline, ...]:
    """Return the inline nodes of one paragraph's source text."""
    if not _MARKUP_CHARS.search(source):
        return (Text(source),)
    tokens = _PARSER.parseInline(source)[0].children or []
    return _build(iter(tokens))


def _build(tokens) -> tuple[Inline, ...]:
    nodes: list[Inline] = []
    for token in tokens:
        kind = token.type
        if kind in _CONTAINERS:
            children = _build(tokens)
            if kind == "link_open":
                nodes.append(Link(str(token.attrs.get("href", "")), children))
            else:
                nodes.append(_CONTAINERS[kind](children))
        elif kind.endswith("_close"):
            break
        elif kind == "citation":
            nodes.append(Citation(token.meta["id"]))
        elif kind == "hardbreak":
            nodes.append(LineBreak())
        else:  # text, softbreak and anything the zero preset lets through read as text
            _append_text(nodes, " " if kind == "softbreak" else token.content)
    return tuple(nodes)


def _append_text(nodes: list[Inline], text: str) -> None:
    """Merge adjacent text so renderers see whole phrases (they split by script themselves)."""
    if nodes and isinstance(nodes[-1], Text):
        nodes[-1] = Text(nodes[-1].text + text)
    elif text:
        nodes.append(Text(text))


def iter_nodes(nodes) -> Iterator[Inline]:
    """Yield every node, depth first, containers before their children."""
    for node in nodes:
        yield node
        if isinstance(node, (Emphasis, Strong, Link)):
            yield from iter_nodes(node.children)


def plain_text(nodes) -> str:
    """Return what a reader reads: the text without markup and without citation marks."""
    parts = []
    for node in iter_nodes(nodes):
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
    return "".join(parts)
