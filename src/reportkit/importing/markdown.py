"""Markdown (CommonMark with footnotes, GFM tables and YAML front matter) → Draft.

markdown-it-py parses; this module walks its tokens. Inline text becomes the report's markup
(`*emphasis*`, `**strong**`, `[text](url)`, note calls `[^id]`); text that would read as
markup is escaped. An image is read from its file, relative to the Markdown file; one that
is not there (or is on the web) is named in the draft's warnings and its description kept as a
paragraph; a file in a format a report cannot show (EMF, TIFF…) stops the import.
Front matter fields: title, subtitle, author/authors, date, language/lang, keywords,
summary/abstract/description, kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from reportkit import inline
from reportkit.errors import UsageError
from reportkit.i18n import _, isolate
from reportkit.importing.draft import (
    Draft,
    DraftBlock,
    DraftHeading,
    DraftImage,
    DraftList,
    DraftNote,
    DraftParagraph,
    DraftTable,
    UnreadableDraft,
)
from reportkit.importing.text import escape_markup

IMAGE_SUFFIXES = {".png": ".png", ".jpg": ".jpg", ".jpeg": ".jpg", ".gif": ".gif", ".svg": ".svg"}
_MARKERS = {"em_open": "*", "em_close": "*", "strong_open": "**", "strong_close": "**"}


def read_markdown(path: Path) -> Draft:
    """Return the draft a Markdown file holds."""
    text = _decode(path)
    parser = (
        MarkdownIt("commonmark", {"html": False})
        .enable("table")
        .use(front_matter_plugin)
        .use(footnote_plugin)
    )
    draft = Draft(source=path, format="md")
    reader = _Reader(draft, path.parent)
    reader.read(parser.parse(text))
    return draft


def _decode(path: Path) -> str:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableDraft(
            _("{file} is not UTF-8 text; save it as UTF-8 and import again", file=isolate(path))
        ) from None
    if not text.strip():
        raise UnreadableDraft(_("{file} is empty; there is nothing to import", file=isolate(path)))
    return text


class _Reader:
    def __init__(self, draft: Draft, folder: Path):
        self.draft = draft
        self.folder = folder

    def read(self, tokens: list[Token]) -> None:
        stream = iter(tokens)
        for token in stream:
            self.block(token, stream)
        self._title_from_heading()

    def block(self, token: Token, stream: Iterator[Token]) -> None:
        kind = token.type
        line = token.map[0] + 1 if token.map else None
        if kind == "front_matter":
            self.front_matter(token.content, line)
        elif kind == "heading_open":
            inline = next(stream)
            self.add(DraftHeading(int(token.tag[1]), _plain(inline), line))
        elif kind == "paragraph_open":
            self.paragraph(next(stream), line)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            items = list(self.list_items(stream, kind.replace("_open", "_close")))
            self.add(DraftList(items, kind == "ordered_list_open", line))
        elif kind == "table_open":
            self.add(self.table(stream, line))
        elif kind == "footnote_open":
            self.footnote(token, stream)
        elif kind in ("fence", "code_block") and token.content.strip():
            self.add(DraftParagraph(escape_markup(" ".join(token.content.split())), line))

    def add(self, block: DraftBlock) -> None:
        self.draft.blocks.append(block)

    # ----------------------------------------------------------------- blocks

    def paragraph(self, inline: Token, line: int | None) -> None:
        text, images = self.inline(inline.children or [])
        if text.strip():
            self.add(DraftParagraph(text.strip(), line))
        for image in images:
            self.image(image, line)

    def list_items(self, stream: Iterator[Token], close: str) -> Iterator[str]:
        """Yield a list's items; a nested list's items follow their parent's, flattened."""
        depth = 0
        for token in stream:
            if token.type == close and depth == 0:
                return
            if token.type in ("bullet_list_open", "ordered_list_open"):
                depth += 1
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
            elif token.type == "inline":
                text, images = self.inline(token.children or [])
                for image in images:
                    self.image(image, token.map[0] + 1 if token.map else None)
                if text.strip():
                    yield text.strip()

    def table(self, stream: Iterator[Token], line: int | None) -> DraftTable:
        rows: list[list[str]] = []
        header_rows = 0
        for token in stream:
            if token.type == "table_close":
                break
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "inline":
                rows[-1].append(self.inline(token.children or [])[0].strip())
            elif token.type == "thead_close":
                header_rows = len(rows)
        return DraftTable(rows, header_rows, None, line)

    def footnote(self, token: Token, stream: Iterator[Token]) -> None:
        label = _footnote_id(token.meta)
        texts = []
        for inner in stream:
            if inner.type == "footnote_close":
                break
            if inner.type == "inline":
                texts.append(self.inline(inner.children or [])[0].strip())
        self.draft.notes.append(DraftNote(label, " ".join(t for t in texts if t), "footnote"))

    def image(self, token: Token, line: int | None) -> None:
        source = str(token.attrs.get("src", ""))
        alt = _plain(token) or None
        title = str(token.attrs.get("title") or "") or None
        suffix = IMAGE_SUFFIXES.get(Path(source).suffix.lower())
        file = self.folder / source
        problem = None
        if "://" in source or source.startswith("data:"):
            problem = _("the image {source} is not a file beside the draft", source=isolate(source))
        elif suffix is None and file.is_file():  # refused as a Word draft's image is (exit 2)
            raise UsageError(
                _(
                    "{file}:{line}: the image {source} is in a format a report cannot show; save "
                    "it as PNG, JPEG, GIF or SVG, point the draft at that file and import again",
                    file=isolate(self.draft.source),
                    line=line,
                    source=isolate(source),
                )
            )
        elif suffix is None:
            problem = _("the image {source} is not PNG, JPEG, GIF or SVG", source=isolate(source))
        elif not file.is_file():
            problem = _("the image {source} does not exist", source=isolate(source))
        if problem is not None:
            self.draft.warnings.append(problem)
            self.add(DraftParagraph(escape_markup(title or alt or source), line))
            return
        assert suffix is not None
        self.add(DraftImage(file.read_bytes(), suffix, title or alt, alt, line))

    # ----------------------------------------------------------------- inline

    def inline(self, children: list[Token]) -> tuple[str, list[Token]]:
        """Return the report markup of inline tokens, and the images among them. Literal
        text is escaped only when it would otherwise read as markup."""
        raw: list[str] = []
        escaped: list[str] = []
        images: list[Token] = []
        links: list[str] = []
        for token in children:
            kind = token.type
            if kind in ("text", "code_inline", "html_inline"):
                raw.append(token.content)
                escaped.append(inline.escape(token.content))
                continue
            if kind == "image":
                images.append(token)
                continue
            if kind == "link_open":
                links.append(str(token.attrs.get("href", "")))
            markup = _markup_of(token, links)
            raw.append(markup)
            escaped.append(markup)
        plain, safe = "".join(raw), "".join(escaped)
        same = inline.parse_inline(plain) == inline.parse_inline(safe)
        return (plain if same else safe), images

    # ----------------------------------------------------------------- metadata

    def front_matter(self, content: str, line: int | None) -> None:
        try:
            fields = yaml.safe_load(content) or {}
        except yaml.YAMLError as error:
            raise UnreadableDraft(
                _(
                    "the front matter (line {line}) is not valid YAML: {problem}",
                    line=line,
                    problem=error,
                )
            ) from None
        if not isinstance(fields, dict):
            self.draft.warnings.append(_("the front matter is not a mapping of fields; ignored"))
            return
        _apply_front_matter(self.draft, {str(k).lower(): v for k, v in fields.items()})

    def _title_from_heading(self) -> None:
        """Without a title in the front matter, a lone top heading opening the text is it."""
        headings = [b for b in self.draft.blocks if isinstance(b, DraftHeading)]
        if self.draft.title or not headings or self.draft.blocks[0] is not headings[0]:
            return
        first = headings[0]
        if first.level == 1 and sum(1 for h in headings if h.level == 1) == 1:
            self.draft.title = first.text
            self.draft.blocks.remove(first)


def _apply_front_matter(draft: Draft, fields: dict[str, Any]) -> None:
    draft.title = _text(fields.get("title")) or draft.title
    draft.subtitle = _text(fields.get("subtitle"))
    draft.authors = _authors(fields.get("authors", fields.get("author")))
    draft.date = _date(fields.get("date"))
    draft.language = _text(fields.get("language", fields.get("lang")))
    keywords = fields.get("keywords", fields.get("tags"))
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",")]
    draft.keywords = [str(k) for k in keywords or [] if str(k).strip()]
    summary = fields.get("summary", fields.get("abstract", fields.get("description")))
    draft.summary = escape_markup(str(summary).strip()) if summary else None
    draft.kind = _text(fields.get("kind"))


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _authors(value: Any) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    authors = []
    for item in values:
        if isinstance(item, dict):
            name, role = _text(item.get("name")), _text(item.get("role"))
            if name:
                authors.append(f"{name} - {role}" if role else name)
        elif _text(item):
            authors.append(str(item).strip())
    return authors


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)


def _plain(token: Token) -> str:
    """Return the text of an inline token without markup (a heading's, an image's alt)."""
    return "".join(
        child.content for child in token.children or [] if child.type in ("text", "code_inline")
    ).strip()


def _footnote_id(meta: dict) -> str:
    """Return what a footnote's calls name: its label, or for an inline note `^[…]` (which
    has none) its number."""
    label = meta.get("label")
    return str(label) if label is not None else f"fn{meta.get('id')}"


def _markup_of(token: Token, links: list[str]) -> str:
    kind = token.type
    if kind in _MARKERS:
        return _MARKERS[kind]
    if kind == "link_open":
        return "["
    if kind == "link_close":
        return f"]({links.pop() if links else ''})"
    if kind == "footnote_ref":
        return f"[^{_footnote_id(token.meta)}]"
    if kind in ("softbreak", "hardbreak"):
        return " "
    return ""
