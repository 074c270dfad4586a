"""Draft → report data of one kind (plain dicts and lists, as a report file holds them).

The kind is guessed unless given; each of the draft's top-level headings starts a part, and
each part is mapped onto a place of that kind from the words of its heading, in Arabic or
English («دوافع» → drivers, «حدود ومآلات» → limits, «ختامًا» → conclusion, Scenarios →
scenarios, Recommendations → recommendations). Every such decision is a `Remark` (a guess), and
every required field the draft cannot fill gets a placeholder value and a `Remark` (a TODO),
both tied to the field they are about so the YAML writer can put them beside it. Nothing the
draft holds is dropped: content a kind has no place for joins the paragraphs of the nearest
part.

This module holds what every kind shares (metadata, notes, running text, tables, images);
`analysis_mapping.py` and `paper_mapping.py` hold each kind's own places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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
)
from reportkit.importing.vocabulary import guess_kind

Path_ = tuple[str | int, ...]
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")
_URL_ONLY = re.compile(r"^\s*<?(https?://[^\s>]+?)>?\s*\.?\s*$")
_LINK_ONLY = re.compile(r"^\s*\[(https?://[^\s\]]+)\]\((https?://[^\s)]+)\)\s*\.?\s*$")
_CALL = re.compile(r"\[\^([^\]\s]+)\]")
# `Name - role`, `Name — role`; in Arabic also `Name-role` (Arabic names carry no hyphen).
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")
_ARABIC_DASH = re.compile(r"(?<=[\u0600-\u06ff])\s*[-–—]\s*(?=[\u0600-\u06ff])")
KICKER_MAX_WORDS = 4
# The analysis sections the default house rules require (house_rules.DEFAULT_SECTIONS).
DEFAULT_REQUIRED_SECTIONS = ("context", "conclusion")


@dataclass
class Remark:
    """A guess the mapping made, or a TODO it left: about the field at `path`."""

    path: Path_
    message: str


@dataclass
class ExtractedImage:
    file: str  # relative to the report file, as the report names it
    data: bytes


@dataclass
class MappedReport:
    kind: str
    data: dict[str, Any]
    guesses: list[Remark] = field(default_factory=list)
    todos: list[Remark] = field(default_factory=list)
    images: list[ExtractedImage] = field(default_factory=list)


@dataclass
class Part:
    """A top-level heading of the draft (None for the text before the first) and what follows
    it up to the next one, deeper headings included."""

    heading: DraftHeading | None
    blocks: list[DraftBlock]

    @property
    def title(self) -> str | None:
        return self.heading.text if self.heading else None


def map_draft(
    draft: Draft,
    kind: str | None = None,
    image_folder: str = "images",
    required_sections: tuple[str, ...] = DEFAULT_REQUIRED_SECTIONS,
) -> MappedReport:
    """Return the report data of `kind` (guessed when None, or the kind the draft names) that
    `draft` holds; extracted images go to `image_folder`, relative to the report. An
    analysis gets a placeholder (and a TODO) for each of `required_sections` it lacks."""
    from reportkit.importing.analysis_mapping import AnalysisMapper
    from reportkit.importing.paper_mapping import BriefMapper, EstimateMapper, PolicyPaperMapper

    mappers: dict[str, type[Mapper]] = {
        "analysis": AnalysisMapper,
        "brief": BriefMapper,
        "estimate": EstimateMapper,
        "policy-paper": PolicyPaperMapper,
    }
    parts = split_parts(draft.blocks)
    guesses = []
    kind = kind or draft.kind
    if kind not in mappers:
        if kind is not None:  # only a draft's own `kind:`; the command refuses a wrong --kind
            guesses.append(
                Remark(("kind",), _("the draft's kind `{kind}` is not a report kind", kind=kind))
            )
        kind, reason = guess_kind(parts, draft)
        guesses.append(
            Remark(("kind",), _("`{kind}`, guessed: {reason}", kind=kind, reason=reason))
        )
    mapper = mappers[kind](draft, image_folder, required_sections)
    mapper.result.guesses += guesses
    return mapper.map(kind, parts)


class Mapper:
    """What every kind's mapping shares: metadata, notes, running text, tables and images.
    A subclass per kind fills in `content`."""

    # Where a kind has no list of images (estimate, policy paper, a brief's body), an image
    # becomes a paragraph naming the extracted file, where it stood.
    images_as_paragraphs = True

    def __init__(self, draft: Draft, image_folder: str, required_sections: tuple[str, ...] = ()):
        self.draft = draft
        self.required_sections = required_sections
        self.image_folder = image_folder
        self.result = MappedReport("", {})
        self.note_ids = _note_ids(draft.notes)
        self.placed_images: list[tuple[DraftImage, Path_]] = []

    # ----------------------------------------------------------------- remarks

    def guess(self, path: Path_, message: str) -> None:
        self.result.guesses.append(Remark(path, message))

    def todo(self, path: Path_, message: str) -> None:
        self.result.todos.append(Remark(path, message))

    # ----------------------------------------------------------------- the whole report

    def map(self, kind: str, parts: list[Part]) -> MappedReport:
        self.result.kind = kind
        data: dict[str, Any] = {"kind": kind}
        self.result.data = data
        self.metadata(data, kind)
        self.content(data, parts)
        self.notes(data)
        return self.result

    def content(self, data: dict, parts: list[Part]) -> None:
        """Fill in the kind's own fields from the draft's parts."""
        raise NotImplementedError

    def metadata(self, data: dict, kind: str) -> None:
        draft = self.draft
        data["language"] = _language_code(draft.language) or self.guessed_language()
        data["date"] = draft.date or ""
        if not draft.date:
            self.todo(("date",), _("the publication date, as YYYY-MM-DD"))
        data["authors"] = [self.author(index, name) for index, name in enumerate(draft.authors)]
        if not draft.authors and kind != "brief":
            self.todo(("authors",), _("at least one author: `- name: …`"))
        if draft.keywords:
            data["keywords"] = list(draft.keywords)
        if kind == "brief":
            return
        self.title(data)
        if draft.subtitle:
            data["subtitle"] = draft.subtitle
        if draft.summary:
            data["summary"] = self.text(draft.summary)

    def guessed_language(self) -> str:
        texts = [self.draft.title or ""] + [
            b.text for b in self.draft.blocks if isinstance(b, (DraftParagraph, DraftHeading))
        ]
        sample = " ".join(texts)
        arabic, latin = len(_ARABIC.findall(sample)), len(_LATIN.findall(sample))
        language = "ar" if arabic >= latin else "en"
        self.guess(
            ("language",),
            _("`{language}`, guessed from the script of the text", language=language),
        )
        return language

    def author(self, index: int, text: str) -> dict:
        parts = _SPACED_DASH.split(text, maxsplit=1)
        if len(parts) == 1:
            parts = _ARABIC_DASH.split(text, maxsplit=1)
        if len(parts) == 1:
            return {"name": text.strip()}
        name, role = (part.strip() for part in parts)
        self.guess(
            ("authors", index),
            _("`{text}` read as name and role", text=isolate(text)),
        )
        return {"name": name, "role": role}

    def title(self, data: dict) -> None:
        title = self.draft.title
        if not title:
            data["title"] = ""
            self.todo(("title",), _("the title"))
            return
        kicker, colon, rest = title.partition(": ")
        if colon and rest.strip() and len(kicker.split()) <= KICKER_MAX_WORDS:
            data["kicker"], data["title"] = kicker.strip(), rest.strip()
            self.guess(("kicker",), _("the words before the title's colon are its kicker"))
        else:
            data["title"] = title

    def notes(self, data: dict) -> None:
        notes, sources = [], []
        for note in self.draft.notes:
            note_id = self.note_ids[note.id]
            url = _only_url(note.text)
            if url:
                sources.append({"id": note_id, "url": url})
                self.guess(
                    ("sources", len(sources) - 1),
                    _("note {id} is only an address: a source", id=isolate(note.id)),
                )
            else:
                notes.append({"id": note_id, "text": self.text(note.text)})
                if not note.text.strip():
                    self.todo(("notes", len(notes) - 1, "text"), _("the note's text"))
        if sources:
            data["sources"] = sources
        if notes:
            data["notes"] = notes

    # ----------------------------------------------------------------- running text

    def text(self, markup: str) -> str:
        """Return inline markup with the draft's note calls renamed to the report's note ids."""
        return _CALL.sub(lambda m: f"[^{self.note_ids.get(m.group(1), m.group(1))}]", markup)

    def body(self, blocks: list[DraftBlock], path: Path_) -> list:
        """Return a body (paragraphs, lists, tables); headings in it become strong paragraphs."""
        items: list = []
        for block in blocks:
            item = self.item(block, (*path, len(items)))
            if item is not None:
                items.append(item)
        return items

    def item(self, block: DraftBlock, path: Path_) -> Any:
        if isinstance(block, DraftParagraph):
            return self.text(block.text) if block.text.strip() else None
        if isinstance(block, DraftList):
            key = "numbers" if block.numbered else "bullets"
            return {key: [self.text(item) for item in block.items if item.strip()]}
        if isinstance(block, DraftTable):
            return {"table": self.table(block, (*path, "table"))}
        if isinstance(block, DraftHeading):
            self.guess(
                path, _("the heading `{text}` kept as a strong line", text=isolate(block.text))
            )
            return f"**{block.text}**"
        return self.image_item(block, path)

    def image_item(self, image: DraftImage, path: Path_) -> Any:
        """Keep an image where the kind can place one; otherwise a paragraph saying so."""
        if not self.images_as_paragraphs:
            self.placed_images.append((image, path))
            return None
        file = self.extract(image)
        self.todo(
            path,
            _(
                "this kind has no place for images; {file} was extracted, and this paragraph "
                "stands for it",
                file=isolate(file),
            ),
        )
        return self.text(image.caption or image.alt or file)

    def table(self, table: DraftTable, path: Path_) -> dict:
        rows = [[self.text(cell) for cell in row] for row in table.rows]
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        header_rows = table.header_rows
        if header_rows < 1:
            header_rows = 1
            self.guess((*path, "header"), _("the table's first row read as its header"))
        header, body = rows[:header_rows], rows[header_rows:]
        if not body:
            body = [[""] * width]
            self.todo((*path, "rows"), _("the table's rows"))
        caption = table.caption or ""
        if not caption:
            self.todo((*path, "caption"), _("what the table shows (its caption)"))
        return {"caption": caption, "header": header, "rows": body}

    def paragraphs(self, blocks: list[DraftBlock], path: Path_) -> list:
        """Return a required body: at least one item (an empty paragraph and a TODO if none)."""
        items = self.body(blocks, path)
        if not items:
            items = [""]
            self.todo(path, _("at least one paragraph"))
        return items

    def extract(self, image: DraftImage) -> str:
        number = len(self.result.images) + 1
        file = f"{self.image_folder}/figure-{number}{image.suffix.lower()}"
        self.result.images.append(ExtractedImage(file, image.data))
        return file

    def image_entry(self, image: DraftImage) -> dict:
        entry: dict[str, Any] = {"file": self.extract(image)}
        if image.caption:
            entry["caption"] = self.text(image.caption)
        if image.alt:
            entry["alt"] = image.alt
        return entry


# --------------------------------------------------------------------------- helpers


def split_parts(blocks: list[DraftBlock]) -> list[Part]:
    """Return the draft's parts: one per top-level heading, and the text before the first."""
    levels = [b.level for b in blocks if isinstance(b, DraftHeading)]
    top = min(levels, default=1)
    parts = [Part(None, [])]
    for block in blocks:
        if isinstance(block, DraftHeading) and block.level == top:
            parts.append(Part(block, []))
        else:
            parts[-1].blocks.append(block)
    return parts if parts[0].blocks else parts[1:]


def by_subheading(
    blocks: list[DraftBlock],
) -> tuple[list[DraftBlock], list[tuple[DraftHeading, list[DraftBlock]]]]:
    """Return the blocks before the first (highest) subheading, and each subheading with
    the blocks under it."""
    first: list[DraftBlock] = []
    groups: list[tuple[DraftHeading, list[DraftBlock]]] = []
    top = min((b.level for b in blocks if isinstance(b, DraftHeading)), default=0)
    for block in blocks:
        if isinstance(block, DraftHeading) and block.level == top:
            groups.append((block, []))
        else:
            (groups[-1][1] if groups else first).append(block)
    return first, groups


def _language_code(language: str | None) -> str | None:
    """Return `ar` or `en` for the ways a draft names them (`ar-EG`, `Arabic`, `English`);
    another language as written, for validation to point at."""
    if not language:
        return None
    lowered = language.strip().lower()
    for code, names in (("ar", ("ar", "arabic", "العربية")), ("en", ("en", "english"))):
        if lowered in names or lowered.startswith((f"{code}-", f"{code}_")):
            return code
    return language


def _note_ids(notes: list[DraftNote]) -> dict[str, str]:
    """Return each note's id in the report: its own when it is a valid id, else `note-N`."""
    ids: dict[str, str] = {}
    for index, note in enumerate(notes, start=1):
        candidate = re.sub(r"[^a-z0-9_-]+", "-", note.id.lower()).strip("-")
        if not SLUG.match(candidate) or candidate in ids.values():
            candidate = f"note-{index}"
        ids[note.id] = candidate[:64]
    return ids


def _only_url(text: str) -> str | None:
    match = _URL_ONLY.match(text)
    if match:
        return match.group(1)
    link = _LINK_ONLY.match(text)
    return link.group(2) if link and link.group(1) == link.group(2) else None


__all__ = ["ExtractedImage", "MappedReport", "Part", "Remark", "map_draft", "split_parts"]
