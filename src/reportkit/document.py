"""The resolved document: what every writer renders, with every decision already taken.

`resolve.py` builds one `Document` from a validated report; the HTML/PDF writer
(`render/html.py` and the templates) and the DOCX writer (`render/docx/`) only render it and
never read the report model. Numbering of notes, where each placed item goes, which digits and
labels are printed, the text of every note and the direction of every stretch of text are
decided once, in the resolver, so the outputs cannot disagree.

The model is small and typed, like Pandoc's: inline content (`Span`, `NoteRef`, `LineBreak`),
blocks (`Heading`, `Paragraph`, `ItemList`, `Tags`, `Quote`, `KeyFigure`, `Picture`,
`Timeline`, `Table`, `Group`), and the document around them (`Cover`, contents, `Note`s, sources).
Adding a block type means one class here, one place in `resolve.py` that makes it, and one
rendering per writer (a template `blocks/<name>.html`, a `DocxWriter.<name>` method).

Every inline item also carries its `origin`, the path of the report field it was made from
(`("sections", 2, "paragraphs", 0)`); text the resolver adds (labels, numbers, the words
around a field) has none. The DOCX writer marks each field's text with it so that
`reportkit import` can bring the file back into the report; equality ignores it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

# Where a text came from: the path of its field in the report data, e.g.
# ("sections", 2, "paragraphs", 0). Generated text (labels, numbers, joins) has none.
Origin = tuple[str | int, ...]

# --------------------------------------------------------------------------- inline content


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text in one direction with one set of marks; digits already localized."""

    text: str
    rtl: bool
    emphasis: bool = False
    strong: bool = False
    href: str | None = None
    # The report field this text is part of; writers that mark where texts came from (DOCX)
    # read it, the others ignore it. Left out of equality: the text is the same text.
    origin: Origin | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class NoteRef:
    """Where a note is called: its number and the number as printed."""

    number: int
    label: str
    rtl: bool  # the direction of the stretch the call stands in
    origin: Origin | None = field(default=None, compare=False)  # None: a `source:` field's call


@dataclass(frozen=True, slots=True)
class LineBreak:
    rtl: bool
    origin: Origin | None = field(default=None, compare=False)


InlineItem = Span | NoteRef | LineBreak
Content = tuple[InlineItem, ...]


def plain(content: Content) -> str:
    """Return the text a reader reads, without note calls."""
    return "".join(
        item.text if isinstance(item, Span) else "\n" if isinstance(item, LineBreak) else ""
        for item in content
    )


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Block:
    """Base of every block; `name` selects its rendering in each writer."""

    name: ClassVar[str]


@dataclass(frozen=True)
class Heading(Block):
    """A heading. Level 1 is a section of the report, level 2 a part of a section (a
    perspective, an outlook), level 3 a titled element (a timeline)."""

    name: ClassVar[str] = "heading"
    level: int
    content: Content
    anchor: str | None = None
    role: str = (
        "section"  # section, perspective, outlook, constraints, synthesis, sources, subsection
    )


@dataclass(frozen=True)
class Paragraph(Block):
    name: ClassVar[str] = "paragraph"
    content: Content
    role: str = "body"  # body, lead, factors-lead


@dataclass(frozen=True)
class ItemList(Block):
    name: ClassVar[str] = "item_list"
    items: tuple[Content, ...]
    markers: tuple[Content, ...]  # "1." or "١." for a numbered list, "•" for bullets
    ordered: bool
    role: str = "factors"  # factors (a context's), list (in running text)


@dataclass(frozen=True)
class Tags(Block):
    """Short labels shown together, such as a perspective's dimensions."""

    name: ClassVar[str] = "tags"
    items: tuple[Content, ...]
    separator: str  # how they read when joined in running text ("، " or ", ")


@dataclass(frozen=True)
class Quote(Block):
    name: ClassVar[str] = "quote"
    content: Content  # the quoted words, with the call of its source's note
    attribution: Content  # the speaker and their position


@dataclass(frozen=True)
class KeyFigure(Block):
    name: ClassVar[str] = "key_figure"
    number: Content
    label: Content  # with the call of its source's note
    qualifier: Content | None = None  # e.g. "more than"
    unit: Content | None = None


@dataclass(frozen=True)
class Picture(Block):
    name: ClassVar[str] = "picture"
    file: Path
    field_path: tuple  # where the report names it, for errors and warnings
    alt: str
    caption: Content | None = None
    credit: Content | None = None  # "Credit: …", label included


@dataclass(frozen=True)
class TimelineEvent:
    date: Content
    iso_date: str
    text: Content  # with the call of its source's note


@dataclass(frozen=True)
class Timeline(Block):
    name: ClassVar[str] = "timeline"
    title: Content
    events: tuple[TimelineEvent, ...]


@dataclass(frozen=True)
class Table(Block):
    """A table of data. Cells are in logical order (the first is the right-most in a
    right-to-left report); numbers are already written in the report's digits."""

    name: ClassVar[str] = "data_table"
    caption: Content  # with the call of its source's note
    header: tuple[tuple[Content, ...], ...]  # header rows, repeated on every page
    rows: tuple[tuple[Content, ...], ...]
    align: tuple[str, ...]  # per column: start, center, end or number (end, tabular figures)
    note: Content | None = None


@dataclass(frozen=True)
class Group(Block):
    """Blocks that belong together: a section of the report, a perspective, an outlook."""

    name: ClassVar[str] = "group"
    role: (
        str  # the section kind (context, drivers, …), perspective, outlook, constraints, synthesis
    )
    blocks: tuple[Block, ...]
    anchor: str | None = None
    variant: str | None = None  # e.g. an outlook's horizon


# --------------------------------------------------------------------------- the document


@dataclass(frozen=True)
class Person:
    name: Content
    details: Content | None = None  # role and affiliation


@dataclass(frozen=True)
class Cover:
    """The opening: for an analysis its cover page, for a brief its head."""

    title: Content
    kicker: Content | None = None  # words before the title's colon; a brief's label
    subtitle: Content | None = None  # a brief's standfirst
    topic: Content | None = None
    authors: tuple[Person, ...] = ()
    publisher: Content | None = None
    date: Content = ()
    iso_date: str = ""
    summary: Content | None = None
    summary_label: Content = ()
    logo: Path | None = None


@dataclass(frozen=True)
class ContentsEntry:
    content: Content
    anchor: str
    level: int = 1


@dataclass(frozen=True)
class Note:
    """A footnote: its number, the number as printed, and its text."""

    number: int
    label: str
    content: Content
    cites: str | None = None  # the free note's or source's id the note stands for
    form: Literal["note", "full", "ibid", "short"] = "note"  # how a source is given


@dataclass(frozen=True)
class SourceEntry:
    """One entry of the closing sources list, in order of first citation."""

    source_id: str
    content: Content
    url: str | None = None
    url_origin: Origin | None = None


@dataclass(frozen=True)
class Metadata:
    """What the files carry about the report: title, authors, language, dates, keywords."""

    title: str
    authors: tuple[str, ...]
    language: str
    description: str | None
    subject: str | None
    keywords: tuple[str, ...]
    iso_date: str
    identifier: str
    publisher: str | None


@dataclass(frozen=True)
class Labels:
    """Words a writer prints around the content, in the report's language."""

    contents: Content
    sources: Content
    notes: Content
    skip_to_content: Content


@dataclass(frozen=True)
class Document:
    kind: str
    language: str
    direction: Literal["rtl", "ltr"]
    digits: str  # "latin" or "arabic-indic": how the writers number pages and list items
    metadata: Metadata
    cover: Cover
    running_title: Content
    labels: Labels
    body: tuple[Block, ...]
    notes: tuple[Note, ...]
    sources: tuple[SourceEntry, ...]
    contents: tuple[ContentsEntry, ...] | None = None  # None: no contents page
    cover_page: bool = False  # a cover page of its own (analysis), or a head (brief)
    pictures: tuple[Picture, ...] = field(default=())  # every picture, for writers that check
    # The origins of fields of plain text (a heading, a name), as opposed to inline markup.
    plain_fields: frozenset[Origin] = frozenset()

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"
