"""Validated report → resolved `Document` (see document.py): every decision taken once.

- **Order and placement.** Blocks come in reading order. A section's key figures and pictures
  follow its first paragraph, its pull-quotes the middle one (never stacked on the figures);
  a section without paragraphs of its own takes them at its end.
- **Notes.** Every citation — `[^id]` in the text and the `source:` of a quote, a key figure
  or a timeline event — is a footnote, numbered in reading order. The first note of a source
  gives it in full; a note that repeats the source of the note just before it says «المصدر
  نفسه» (Ibid.); a later one gives the short form (publisher and a short title).
- **Sources list.** Unnumbered, in order of first citation, then the sources nobody cites:
  footnote numbers count citations and would not match a numbered list of sources.
- **Digits and direction.** Text is cut into direction runs by `render/bidi.py`; a run without
  Latin letters takes the report's digits, so a number in a Latin title ("Act of 2004") keeps
  Western digits; fields composed here (a note's publisher, title and date) are joined so
  that each keeps its own direction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from reportkit import inline
from reportkit.document import (
    Block,
    Content,
    ContentsEntry,
    Cover,
    Document,
    Group,
    Heading,
    InlineItem,
    ItemList,
    KeyFigure,
    Labels,
    LineBreak,
    Metadata,
    Note,
    NoteRef,
    Origin,
    Paragraph,
    Person,
    Picture,
    Quote,
    SourceEntry,
    Span,
    Table,
    Tags,
    Timeline,
    TimelineEvent,
    plain,
)
from reportkit.models.analysis import (
    AnalysisReport,
    Context,
    Drivers,
    Limits,
    Perspective,
    PlainSection,
    Trajectory,
)
from reportkit.models.blocks import NUMBER, BulletList, NumberedList, Subsection, TableItem
from reportkit.models.blocks import Table as TableModel
from reportkit.models.brief import Brief
from reportkit.models.common import Image, InlineText, ReportBase, Source
from reportkit.models.estimate import (
    ActorPosition,
    EstimateReport,
    Part,
    Scenario,
    percent_range,
)
from reportkit.models.policy_paper import (
    Background,
    PaperSection,
    PolicyOption,
    PolicyPaper,
    Recommendation,
)
from reportkit.render import RenderJob
from reportkit.render.bidi import join_fields, protect_signed_numbers, split_script_runs
from reportkit.render.text import Localizer, contents_page_wanted

_OBJECT = "\ufffc"  # stands for a note call or a line break while resolving direction
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_SHORT_TITLE_WORDS = 4


def resolve(job: RenderJob) -> Document:
    """Return the resolved document of the report in `job`."""
    return Resolver(job).document()


# --------------------------------------------------------------------------- inline text


@dataclass(frozen=True)
class _Leaf:
    """A piece of inline text with its marks, or an object (note call, line break)."""

    text: str
    emphasis: bool = False
    strong: bool = False
    href: str | None = None
    node: inline.Citation | inline.LineBreak | None = None
    origin: Origin | None = None
    # A leaf composed of pieces (Resolver.pieces): (end offset in `text`, origin) per piece.
    origins: tuple[tuple[int, Origin | None], ...] = ()


def _protected(leaf: _Leaf) -> _Leaf:
    """Return the leaf with its signed numbers protected (`protect_signed_numbers`), the
    ends of its pieces moved past the direction marks that adds."""
    text = protect_signed_numbers(leaf.text)
    if text == leaf.text or not leaf.origins:
        return replace(leaf, text=text)
    origins, position, original = [], 0, 0  # position in `text`, original in leaf.text
    for end, origin in leaf.origins:
        while original < end:
            if text[position] == leaf.text[original]:
                original += 1
            position += 1  # an added mark belongs to the piece it stands in
        origins.append((position, origin))
    origins[-1] = (len(text), origins[-1][1])
    return replace(leaf, text=text, origins=tuple(origins))


def _split_by_origin(item: InlineItem, leaf: _Leaf, offset: int) -> list[InlineItem]:
    """Return a span cut from a composed leaf (from `offset` in it) as one span per piece,
    each with its piece's origin; any other item as it is."""
    if not leaf.origins or not isinstance(item, Span):
        return [item]
    out: list[InlineItem] = []
    start, stop = offset, offset + len(item.text)
    piece_start = 0
    for piece_end, origin in leaf.origins:
        low, high = max(start, piece_start), min(stop, piece_end)
        if low < high:
            out.append(replace(item, text=item.text[low - offset : high - offset], origin=origin))
        piece_start = piece_end
    return out


def _leaves(nodes: Iterable[inline.Inline], marks: dict[str, Any]) -> Iterator[_Leaf]:
    for node in nodes:
        if isinstance(node, inline.Text):
            yield _Leaf(node.text, **marks)
        elif isinstance(node, (inline.Citation, inline.LineBreak)):
            yield _Leaf(_OBJECT, node=node, **marks)
        elif isinstance(node, inline.Emphasis):
            yield from _leaves(node.children, {**marks, "emphasis": True})
        elif isinstance(node, inline.Strong):
            yield from _leaves(node.children, {**marks, "strong": True})
        elif isinstance(node, inline.Link):
            yield from _leaves(node.children, {**marks, "href": node.href})


class _Notes:
    """Footnotes in reading order, with the full, repeated and short forms of a source."""

    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.notes: list[Note] = []
        self.first_cited: dict[str, None] = {}  # source ids in order of first citation
        self.previous: str | None = None

    def call(self, source_id: str, rtl: bool, origin: Origin | None = None) -> NoteRef:
        """Return the call of a note citing `source_id`; `origin`: the text it stands in,
        None for a `source:` field's call."""
        number = len(self.notes) + 1
        label = self.resolver.localizer.digits_of(str(number))
        free = self.resolver.free_notes.get(source_id)
        if free is not None and source_id not in self.resolver.sources:
            # A note that is not a source: its own text every time; the next source note
            # cannot say "Ibid." across it.
            text = self.resolver.inline(free.text, self.resolver.note_path(source_id))
            self.notes.append(Note(number, label, text, source_id, "note"))
            self.previous = None
            return NoteRef(number, label, rtl, origin)
        form = self._form(source_id)
        self.notes.append(Note(number, label, self._text(source_id, form), source_id, form))
        self.first_cited.setdefault(source_id)
        self.previous = source_id
        return NoteRef(number, label, rtl, origin)

    def _form(self, source_id: str) -> Literal["full", "ibid", "short"]:
        """How a note gives its source: in full the first time, Ibid. right after itself."""
        if source_id == self.previous:
            return "ibid"
        return "short" if source_id in self.first_cited else "full"

    def _text(self, source_id: str, form: str) -> Content:
        resolver = self.resolver
        source = resolver.sources.get(source_id)
        if source is None:  # validation refuses this; a renderer used on its own shows the id
            return resolver.text(source_id)
        path = resolver.source_path(source_id)
        if not (source.title or source.text) and source.url:  # an address reads left to right
            resolver.plain_fields.add((*path, "url"))
            return (Span(source.url, rtl=False, origin=(*path, "url")),)
        if form == "ibid":
            return resolver.text(resolver.localizer.label("ibid") + ".")
        short = form == "short"
        return resolver.pieces(source_note_pieces(source, path, resolver.localizer, short=short))


def full_source_note(source: Source, localizer: Localizer, rtl: bool) -> str:
    """Return a source as its first note gives it: publisher, «title», date; a reference
    written out (`text`) as written; a source that is only an address, its address."""
    return "".join(text for text, _ in source_note_pieces(source, (), localizer, rtl=rtl))


def short_source_note(source: Source, localizer: Localizer, rtl: bool) -> str:
    """Return a source as a later note repeats it: publisher and a short title (a source
    without a title: as its first note gives it)."""
    pieces = source_note_pieces(source, (), localizer, rtl=rtl, short=True)
    return "".join(text for text, _ in pieces)


def source_note_pieces(
    source: Source,
    path: Origin,
    localizer: Localizer,
    *,
    rtl: bool | None = None,
    short: bool = False,
) -> list[tuple[str, Origin | None]]:
    """Return a source's note as (text, origin) pieces: the fields printed as they are carry
    their path under `path` (the source's), what is composed (quotes, separators, the date,
    a shortened title) none. `rtl`: the paragraph's direction (default: the language's)."""
    rtl = localizer.language == "ar" if rtl is None else rtl
    if not source.title:
        if source.text:
            return [(source.text, (*path, "text"))]
        return [(source.url, (*path, "url"))] if source.url else []
    title: list[tuple[str, Origin | None]] = [(source.title, (*path, "title"))]
    words = source.title.split()
    if short and len(words) > _SHORT_TITLE_WORDS:
        title = [(" ".join(words[:_SHORT_TITLE_WORDS]) + "…", None)]
    opening, closing = ("«", "»") if localizer.language == "ar" else ("“", "”")
    fields: list[list[tuple[str, Origin | None]]] = []
    if source.publisher:
        fields.append([(source.publisher, (*path, "publisher"))])
    fields.append([(opening, None), *title, (closing, None)])
    if source.date and not short:
        latin = Localizer(localizer.language, "latin")  # digits are decided run by run later
        fields.append([(latin.date(source.date), None)])
    return [*_joined_fields(fields, localizer.separator, rtl), (".", None)]


def _joined_fields(
    fields: list[list[tuple[str, Origin | None]]], separator: str, rtl: bool
) -> list[tuple[str, Origin | None]]:
    """Return fields joined as `bidi.join_fields` joins them (a direction mark after the
    separator where the fields would swap), keeping each piece's origin."""
    joined = join_fields(["".join(text for text, _ in field) for field in fields], separator, rtl)
    out: list[tuple[str, Origin | None]] = []
    position = 0
    for index, field_pieces in enumerate(fields):
        if index:
            # the separator, and the mark join_fields put after it when it did
            glue_end = position + len(separator)
            if joined[glue_end : glue_end + 1] in ("\u200e", "\u200f"):
                glue_end += 1
            out.append((joined[position:glue_end], None))
            position = glue_end
        for text, origin in field_pieces:
            out.append((text, origin))
            position += len(text)
    return out


# --------------------------------------------------------------------------- placement


@dataclass
class _Placed:
    """The quotes, key figures and pictures placed in one section, until they are placed."""

    quotes: list[tuple[Origin, Any]] = field(default_factory=list)  # (path, item)
    figures: list[tuple[Origin, Any]] = field(default_factory=list)
    pictures: list[tuple[Origin, Image]] = field(default_factory=list)

    def take_callouts(self) -> list[tuple[str, Any]]:
        """Key figures and pictures: after a section's first paragraph."""
        items = [("figure", f) for f in self.figures] + [("picture", p) for p in self.pictures]
        self.figures, self.pictures = [], []
        return items

    def take_quotes(self) -> list[tuple[str, Any]]:
        items = [("quote", q) for q in self.quotes]
        self.quotes = []
        return items


def _placed_items(report: ReportBase) -> dict[str, _Placed]:
    placed: dict[str, _Placed] = {}
    for index, item in enumerate(getattr(report, "quotes", [])):
        if hasattr(item, "section"):
            placed.setdefault(item.section, _Placed()).quotes.append((("quotes", index), item))
    for index, item in enumerate(getattr(report, "figures", [])):
        placed.setdefault(item.section, _Placed()).figures.append((("figures", index), item))
    for index, image in enumerate(getattr(report, "images", [])):
        placed.setdefault(image.section, _Placed()).pictures.append((("images", index), image))
    return placed


# --------------------------------------------------------------------------- the resolver


class Resolver:
    """Resolves one report; `document()` gives the whole document, `inline()` one text."""

    def __init__(self, job: RenderJob):
        self.job = job
        self.report = job.report
        self.localizer = Localizer.for_report(self.report, job.templates.theme.digits, job.labels)
        self.rtl = self.report.direction == "rtl"
        self.sources = self.report.source_by_id()
        self.free_notes = self.report.note_by_id()
        self.notes = _Notes(self)
        self.placed = _placed_items(self.report)
        self.pictures: list[Picture] = []
        self.plain_fields: set[Origin] = set()  # fields written with text(), not inline()

    # ---- inline

    def inline(self, text: InlineText | None, origin: Origin | None = None) -> Content:
        """Return a paragraph's content: direction runs, localized digits, note calls;
        `origin`: the field it comes from."""
        if text is None:
            return ()
        return self._content(list(_leaves(text.nodes, {"origin": origin})))

    def text(self, text: str | None, origin: Origin | None = None) -> Content:
        """Return plain text (a heading, a name, a label) as content."""
        if origin is not None:
            self.plain_fields.add(origin)
        return self._content([_Leaf(text, origin=origin)]) if text else ()

    def pieces(self, pieces: Sequence[tuple[str | None, Origin | None]]) -> Content:
        """Return plain text composed of pieces (a field and the words around it) as one
        content: directions decided on the whole, each piece keeping its origin."""
        kept = [(text, origin) for text, origin in pieces if text]
        self.plain_fields.update(origin for _, origin in kept if origin is not None)
        if not kept:
            return ()
        # One leaf, as the text was before it had pieces: its digits are decided on the whole.
        ends, end = [], 0
        for text, origin in kept:
            end += len(text)
            ends.append((end, origin))
        return self._content([_Leaf("".join(text for text, _ in kept), origins=tuple(ends))])

    def source_path(self, source_id: str) -> Origin:
        ids = [source.id for source in self.report.sources]
        return ("sources", ids.index(source_id))

    def note_path(self, note_id: str) -> Origin:
        ids = [note.id for note in self.report.notes]
        return ("notes", ids.index(note_id), "text")

    def _content(self, leaves: list[_Leaf]) -> Content:
        if self.rtl:
            leaves = [leaf if leaf.node else _protected(leaf) for leaf in leaves]
        joined = "".join(leaf.text for leaf in leaves)
        items: list[InlineItem] = []
        position = 0
        runs = self._direction_runs(joined)
        for leaf in leaves:
            end = position + len(leaf.text)
            for start, stop, rtl in _overlaps(runs, position, end):
                item = self._item(leaf, joined[start:stop], rtl)
                items += _split_by_origin(item, leaf, start - position)
            position = end
        return _merged(items)

    def _direction_runs(self, text: str) -> list[tuple[int, int, bool]]:
        """Return (start, end, rtl) runs, each run's digits decided: see `_run_digits`."""
        runs = []
        start = 0
        for run in split_script_runs(text, self.rtl):
            runs.append((start, start + len(run.text), self._run_rtl(run.text, run.rtl)))
            start += len(run.text)
        return runs

    def _run_rtl(self, text: str, rtl: bool) -> bool:
        """Arabic-Indic digits are right-to-left characters: a number alone needs no island."""
        if self.rtl and self._converts_digits(text) and not any(c.isalpha() for c in text):
            return True
        return rtl

    def _converts_digits(self, text: str) -> bool:
        """Return whether a run takes the report's Arabic-Indic digits: not in Latin text."""
        return self.localizer.digits == "arabic-indic" and not _ASCII_LETTER.search(text)

    def _item(self, leaf: _Leaf, text: str, rtl: bool) -> InlineItem:
        if isinstance(leaf.node, inline.Citation):
            return self.notes.call(leaf.node.source_id, rtl, leaf.origin)
        if isinstance(leaf.node, inline.LineBreak):
            return LineBreak(rtl, leaf.origin)
        if self._converts_digits(text):
            text = self.localizer.digits_of(text)
        return Span(text, rtl, leaf.emphasis, leaf.strong, leaf.href, leaf.origin)

    def note_call(self, source_id: str | None) -> Content:
        """Return the call of a `source:` field's note, in the paragraph's direction."""
        return (self.notes.call(source_id, self.rtl),) if source_id else ()

    # ---- blocks

    def paragraphs(
        self, texts: list[Any], path: Origin, placed: _Placed | None = None
    ) -> list[Block]:
        """Return paragraphs (and lists and tables) of the list at `path`, with the section's
        placed items where they belong: after the first item and the middle one."""
        blocks: list[Block] = []
        quotes_after = max(len(texts) // 2, 1)
        for number, text in enumerate(texts, start=1):
            blocks.append(self.body_item(text, (*path, number - 1)))
            if placed and number == 1:
                blocks += self.callouts(placed.take_callouts())
            if placed and number == quotes_after:
                blocks += self.callouts(placed.take_quotes())
        return blocks

    def body_item(self, item: Any, path: Origin) -> Block:
        """Return a paragraph, a list or a table of a section's running text."""
        if isinstance(item, BulletList):
            return self.item_list(item.bullets, (*path, "bullets"), ordered=False)
        if isinstance(item, NumberedList):
            return self.item_list(item.numbers, (*path, "numbers"), ordered=True)
        if isinstance(item, TableItem):
            return self.table(item.table, (*path, "table"))
        return Paragraph(self.inline(item, path))

    def item_list(
        self, items: list[InlineText], path: Origin, ordered: bool, role: str = "list"
    ) -> ItemList:
        contents = tuple(self.inline(item, (*path, index)) for index, item in enumerate(items))
        if ordered:
            markers = tuple(self.text(f"{n}.") for n in range(1, len(contents) + 1))
        else:
            markers = tuple(self.text("•") for _ in contents)
        return ItemList(contents, markers, ordered=ordered, role=role)

    def table(self, table: TableModel, path: Origin) -> Table:
        """A table: the caption's note first, then the cells' notes row by row, then the
        note line's, in reading order; numbers in the report's digits."""
        caption = self.inline(table.caption, (*path, "caption")) + self.note_call(table.source)
        header = self.cells(table.header, (*path, "header"))
        rows = self.cells(table.rows, (*path, "rows"))
        return Table(
            caption=caption,
            header=header,
            rows=rows,
            align=self.table_align(table),
            note=self.inline(table.note, (*path, "note")) or None,
        )

    def cells(self, rows: list[list[Any]], path: Origin) -> tuple[tuple[Content, ...], ...]:
        return tuple(
            tuple(self.cell(cell, (*path, r, c)) for c, cell in enumerate(row))
            for r, row in enumerate(rows)
        )

    def cell(self, cell: InlineText | None, path: Origin) -> Content:
        """A cell's content; a number in the report's digits and decimal separators."""
        if cell is None:
            return ()
        if NUMBER.fullmatch(cell.source):
            return self.text(self.localizer.numeral(cell.source), path)
        return self.inline(cell, path)

    @staticmethod
    def table_align(table: TableModel) -> tuple[str, ...]:
        """The `align:` given, else `number` for a column of numbers, `start` for others."""
        if table.align:
            return tuple(table.align)
        return tuple(
            "number" if table.number_column(column) else "start" for column in range(table.columns)
        )

    def callouts(self, items: list[tuple[str, Any]]) -> list[Block]:
        blocks: list[Block] = []
        for what, (path, item) in items:
            if what == "quote":
                blocks.append(self.quote(item, path))
            elif what == "figure":
                blocks.append(self.key_figure(item, path))
            else:
                blocks.append(self.picture(path, item))
        return blocks

    def quote(self, quote, path: Origin) -> Quote:
        content = self.inline(quote.text, (*path, "text")) + self.note_call(quote.source)
        speaker: list[tuple[str | None, Origin | None]] = [(quote.speaker, (*path, "speaker"))]
        if quote.role:
            speaker += [(self.localizer.separator, None), (quote.role, (*path, "role"))]
        return Quote(content, self.pieces(speaker))

    def key_figure(self, figure, path: Origin) -> KeyFigure:
        return KeyFigure(
            number=self.text(self.localizer.number(figure.value), (*path, "value")),
            qualifier=self.text(figure.qualifier, (*path, "qualifier")) or None,
            unit=self.text(figure.unit, (*path, "unit")) or None,
            label=self.text(figure.label, (*path, "label")) + self.note_call(figure.source),
        )

    def picture(self, path: Origin, image: Image) -> Picture:
        credit = None
        if image.credit:
            label = f"{self.localizer.label('credit')}: "
            credit = self.pieces([(label, None), (image.credit, (*path, "credit"))])
        picture = Picture(
            file=self.job.image_file(image, path),
            field_path=path,
            alt=image.alt or (image.caption.plain if image.caption else ""),
            caption=self.inline(image.caption, (*path, "caption")) or None,
            credit=credit,
        )
        self.pictures.append(picture)
        return picture

    def timeline(self, events, path: Origin) -> Timeline:
        label = self.localizer.label
        return Timeline(
            title=self.text(label("timeline")),
            events=tuple(
                TimelineEvent(
                    self.text(self.localizer.date(event.date)),
                    str(event.date),
                    self.inline(event.text, (*path, index, "text")) + self.note_call(event.source),
                )
                for index, event in enumerate(events)
            ),
        )

    # ---- the analysis kind

    def analysis_body(self, report: AnalysisReport) -> list[Block]:
        return [self.section(index, section) for index, section in enumerate(report.sections)]

    def section(self, index: int, section) -> Group:
        anchor = f"sec-{section.id or index + 1}"
        path: Origin = ("sections", index)
        placed = self.placed.get(section.id, _Placed()) if section.id else _Placed()
        blocks: list[Block] = []
        heading = getattr(section, "heading", None)
        if heading:
            blocks.append(Heading(1, self.text(heading, (*path, "heading")), anchor))
        paragraphs = (*path, "paragraphs")
        if isinstance(section, Context):
            blocks += self.context(section, path, placed)
        elif isinstance(section, Trajectory):
            blocks += self.paragraphs(section.paragraphs, paragraphs, placed)
            if section.timeline:
                blocks.append(self.timeline(section.timeline, (*path, "timeline")))
        elif isinstance(section, Drivers):
            blocks += self.drivers(section, path, placed)
        elif isinstance(section, Limits):
            blocks += self.limits(section, path, placed)
        elif isinstance(section, PlainSection):
            blocks += self.paragraphs(section.paragraphs, paragraphs, placed)
            blocks += self.subsections(section.subsections, path)
        else:
            blocks += self.paragraphs(section.paragraphs, paragraphs, placed)
        blocks += self.callouts(placed.take_callouts() + placed.take_quotes())
        return Group(section.kind, tuple(blocks), anchor)

    def subsections(self, subsections: list[Subsection], path: Origin) -> list[Block]:
        return [
            self.subsection(sub, (*path, "subsections", index))
            for index, sub in enumerate(subsections)
        ]

    def subsection(self, subsection: Subsection, path: Origin) -> Group:
        heading = Heading(2, self.text(subsection.heading, (*path, "heading")), role="subsection")
        paragraphs = self.paragraphs(subsection.paragraphs, (*path, "paragraphs"))
        return Group("subsection", (heading, *paragraphs))

    def context(self, section: Context, path: Origin, placed: _Placed) -> list[Block]:
        blocks = self.paragraphs(section.paragraphs, (*path, "paragraphs"), placed)
        if section.factors:
            factors = (*path, "factors")
            if section.factors.lead:
                lead = self.inline(section.factors.lead, (*factors, "lead"))
                blocks.append(Paragraph(lead, "factors-lead"))
            items = section.factors.items
            blocks.append(self.item_list(items, (*factors, "items"), ordered=True, role="factors"))
        return blocks

    def drivers(self, section: Drivers, path: Origin, placed: _Placed) -> list[Block]:
        blocks = self.paragraphs(section.intro, (*path, "intro"), placed)
        blocks += [
            self.perspective(p, (*path, "perspectives", index))
            for index, p in enumerate(section.perspectives)
        ]
        if section.synthesis:
            title = self.text(self.localizer.label("synthesis"))
            paragraphs = self.paragraphs(section.synthesis, (*path, "synthesis"))
            synthesis = [Heading(2, title, role="synthesis"), *paragraphs]
            blocks.append(Group("synthesis", tuple(synthesis)))
        return blocks

    def perspective(self, perspective: Perspective, path: Origin) -> Group:
        label = self.localizer.label
        if perspective.heading:
            title = self.text(perspective.heading, (*path, "heading"))
        else:
            title = self.text(label("perspective", actor=perspective.actor))
        blocks: list[Block] = [Heading(2, title, role="perspective")]
        if perspective.dimensions:
            tags = tuple(self.text(label(d)) for d in perspective.dimensions)
            blocks.append(Tags(tags, self.localizer.separator))
        blocks += self.paragraphs(perspective.paragraphs, (*path, "paragraphs"))
        return Group("perspective", tuple(blocks))

    def limits(self, section: Limits, path: Origin, placed: _Placed) -> list[Block]:
        blocks = self.paragraphs(section.paragraphs, (*path, "paragraphs"), placed)
        for index, outlook in enumerate(section.outlooks):
            where = (*path, "outlooks", index)
            if outlook.heading:
                title = self.text(outlook.heading, (*where, "heading"))
            else:
                title = self.text(self.localizer.label(outlook.horizon))
            outlook_blocks = [
                Heading(2, title, role="outlook"),
                *self.paragraphs(outlook.paragraphs, (*where, "paragraphs"), placed),
            ]
            blocks.append(Group("outlook", tuple(outlook_blocks), variant=outlook.horizon))
        if section.constraints:
            title = self.text(self.localizer.label("constraints"))
            constraints = [Heading(2, title, role="constraints")]
            paragraphs = self.paragraphs(section.constraints, (*path, "constraints"))
            blocks.append(Group("constraints", (*constraints, *paragraphs)))
        return blocks

    # ---- the brief kind

    def brief_body(self, report: Brief) -> list[Block]:
        blocks: list[Block] = []
        if report.image:
            blocks.append(self.picture(("image",), report.image))
        blocks.append(Paragraph(self.inline(report.lead, ("lead",)), "lead"))
        blocks += self.paragraphs(report.body, ("body",))
        blocks += [self.quote(quote, ("quotes", i)) for i, quote in enumerate(report.quotes)]
        return blocks

    # ---- the policy-paper kind

    def policy_paper_body(self, report: PolicyPaper) -> list[Block]:
        """Key findings, background, analysis, options, recommendations, conclusion: each a
        top-level group whose level-1 heading (with its anchor) is a contents entry."""
        label = self.localizer.label
        blocks: list[Block] = []
        if report.key_findings:
            findings = self.item_list(
                report.key_findings, ("key_findings",), ordered=False, role="findings"
            )
            blocks.append(self.part("key-findings", label("key_findings"), [findings]))
        if report.background:
            blocks.append(self.paper_section("background", report.background, ("background",)))
        for index, section in enumerate(report.analysis):
            path = ("analysis", index)
            blocks.append(self.paper_section(f"analysis-{index + 1}", section, path))
        if report.options:
            options: list[Block] = [
                self.option(option, ("options", index))
                for index, option in enumerate(report.options)
            ]
            blocks.append(self.part("options", label("policy_options"), options))
        if report.recommendations:
            groups = self.recommendations(report.recommendations)
            blocks.append(self.part("recommendations", label("recommendations"), groups))
        if report.conclusion:
            conclusion = self.paragraphs(report.conclusion, ("conclusion",))
            blocks.append(self.part("conclusion", label("conclusion"), conclusion))
        return blocks

    def part(
        self, role: str, heading: str, blocks: Sequence[Block], origin: Origin | None = None
    ) -> Group:
        """A top-level part of a paper: a level-1 heading anchored `sec-<role>`, its blocks;
        `origin`: the heading's field, when the report gives it."""
        anchor = f"sec-{role}"
        return Group(role, (Heading(1, self.text(heading, origin), anchor), *blocks), anchor)

    def paper_section(self, role: str, section: Background | PaperSection, path: Origin) -> Group:
        heading = section.heading or self.localizer.label("background")
        origin = (*path, "heading") if section.heading else None
        blocks = self.paragraphs(section.paragraphs, (*path, "paragraphs"))
        blocks += self.subsections(section.subsections, path)
        group = self.part(role, heading, blocks, origin)
        return replace(group, role="background" if role == "background" else "analysis")

    def option(self, option: PolicyOption, path: Origin) -> Group:
        """An option: its name, what it is, then its advantages and drawbacks as two lists,
        each under a bold lead line («المزايا», «المآخذ»)."""
        label = self.localizer.label
        name = self.text(option.name, (*path, "name"))
        blocks: list[Block] = [Heading(2, name, role="option")]
        blocks += self.paragraphs(option.description, (*path, "description"))
        for key, items in (("pros", option.pros), ("cons", option.cons)):
            blocks.append(Paragraph(self.strong(label(key) + ":"), "option-lead"))
            blocks.append(self.item_list(items, (*path, key), ordered=False, role=key))
        return Group("option", tuple(blocks))

    def strong(self, text: str) -> Content:
        """Plain text in bold, such as a lead line («المزايا:»)."""
        return tuple(
            replace(item, strong=True) if isinstance(item, Span) else item
            for item in self.text(text)
        )

    def recommendations(self, recommendations: list[Recommendation]) -> list[Block]:
        """One group per addressee, in the order each is first named, its recommendations
        numbered from 1 within the group; each item ends with its priority and time frame."""
        by_addressee: dict[str, list[tuple[int, Recommendation]]] = {}
        for index, recommendation in enumerate(recommendations):
            by_addressee.setdefault(recommendation.addressee, []).append((index, recommendation))
        groups: list[Block] = []
        for addressee, items in by_addressee.items():
            texts = [self.inline(r.text, ("recommendations", i, "text")) for i, r in items]
            markers = tuple(self.text(f"{n}.") for n in range(1, len(items) + 1))
            numbered = ItemList(tuple(texts), markers, ordered=True, role="recommendations")
            details = [self.recommendation_details(r, i) for i, r in items]
            contents = tuple(
                (*content, LineBreak(self.rtl), *extra) if extra else content
                for content, extra in zip(texts, details, strict=True)
            )
            # The group's heading stands for the addressee of its first recommendation.
            first = ("recommendations", items[0][0], "addressee")
            heading = Heading(2, self.text(addressee, first), role="addressee")
            groups.append(Group("addressee", (heading, replace(numbered, items=contents))))
        return groups

    def recommendation_details(self, recommendation: Recommendation, index: int) -> Content:
        """«الأولوية: عالية، الإطار الزمني: خلال ستة أشهر», or nothing."""
        label = self.localizer.label
        pieces: list[tuple[str | None, Origin | None]] = []
        if recommendation.priority:
            pieces.append((f"{label('priority')}: {label(recommendation.priority)}", None))
        if recommendation.time_frame:
            if pieces:
                pieces.append((self.localizer.separator, None))
            pieces.append((f"{label('time_frame')}: ", None))
            origin = ("recommendations", index, "time_frame")
            pieces.append((recommendation.time_frame, origin))
        return self.pieces(pieces)

    # ---- the estimate kind

    def estimate_body(self, report: EstimateReport) -> list[Block]:
        """Development, background, actors' positions, scenarios, conclusion: each a section
        with a heading (the report's, else the label), so each is in the contents."""
        label = self.localizer.label
        blocks: list[Block] = [self.estimate_part("development", report.development)]
        if report.background:
            blocks.append(self.estimate_part("background", report.background))
        if report.actors:
            positions = [
                self.actor_position(actor, ("actors", index))
                for index, actor in enumerate(report.actors)
            ]
            blocks.append(self.part("actors", label("actors"), positions))
        scenarios = [
            self.scenario(scenario, ("scenarios", index))
            for index, scenario in enumerate(report.scenarios)
        ]
        blocks.append(self.part("scenarios", label("scenarios"), scenarios))
        lead: list[Block] = []
        most_likely = report.scenario(report.conclusion.most_likely)
        if most_likely is not None:  # validation makes sure it is
            lead.append(Paragraph(self.text(f"{label('most_likely')}: {most_likely.name}"), "lead"))
        blocks.append(self.estimate_part("conclusion", report.conclusion, "assessment", lead))
        return blocks

    def estimate_part(
        self, role: str, part: Part, default: str | None = None, lead: Sequence[Block] = ()
    ) -> Group:
        """A part of an estimate (the report's field `role`): its heading, else the label
        `default` (else `role`)."""
        title = part.heading or self.localizer.label(default or role)
        origin = (role, "heading") if part.heading else None
        paragraphs = self.paragraphs(part.paragraphs, (role, "paragraphs"))
        return self.part(role, title, [*lead, *paragraphs], origin)

    def actor_position(self, actor: ActorPosition, path: Origin) -> Group:
        """An actor's position, presented as a drivers section's perspective."""
        if actor.heading:
            title = self.text(actor.heading, (*path, "heading"))
        else:
            title = self.text(self.localizer.label("actor_position", actor=actor.name))
        heading = Heading(2, title, role="perspective")
        paragraphs = self.paragraphs(actor.paragraphs, (*path, "paragraphs"))
        return Group("perspective", (heading, *paragraphs))

    def scenario(self, scenario: Scenario, path: Origin) -> Group:
        """A scenario: its name, a likelihood line, its description, then its conditions and
        indicators as titled bulleted lists."""
        label = self.localizer.label
        blocks: list[Block] = [
            Heading(2, self.text(scenario.name, (*path, "name")), role="scenario"),
            Paragraph(
                self.text(f"{label('likelihood')}: {self.likelihood(scenario.likelihood)}"),
                "likelihood",
            ),
            *self.paragraphs(scenario.paragraphs, (*path, "paragraphs")),
        ]
        for name in ("conditions", "indicators"):
            items = getattr(scenario, name)
            if items:
                blocks.append(Paragraph(self.text(label(name)), "list-title"))
                blocks.append(self.item_list(items, (*path, name), ordered=False))
        return Group("scenario", tuple(blocks), variant=_likelihood_class(scenario.likelihood))

    def likelihood(self, likelihood: str) -> str:
        """A word of the scale in the report's language, or the range in its digits."""
        bounds = percent_range(likelihood)
        if bounds is None:
            return self.localizer.label(likelihood)
        low, high = bounds
        percent = "٪" if self.localizer.digits == "arabic-indic" else "%"
        if low == high:
            return f"{self.localizer.numeral(str(low))}{percent}"
        return f"{self.localizer.numeral(str(low))}–{self.localizer.numeral(str(high))}{percent}"

    # ---- the document

    def document(self) -> Document:
        report = self.report
        cover = self.cover()  # the cover's summary may cite sources: its notes come first
        body_of = getattr(self, f"{report.kind.replace('-', '_')}_body", None)
        if body_of is None:  # a kind registered in models/ but not taught to the resolver
            raise TypeError(f"no resolver for report kind {report.kind!r}: add a _body method")
        body = body_of(report)
        label = self.localizer.label
        return Document(
            kind=report.kind,
            language=report.language,
            direction=report.direction,
            digits=self.localizer.digits,
            metadata=self.metadata(),
            cover=cover,
            # The running header: the title without the kicker the cover shows above it.
            running_title=self.text(getattr(report, "title", None) or report.display_title),
            labels=Labels(
                contents=self.text(label("contents")),
                sources=self.text(label("sources")),
                notes=self.text(label("notes")),
                skip_to_content=self.text(label("skip_to_content")),
            ),
            body=tuple(body),
            notes=tuple(self.notes.notes),
            sources=self.source_entries(),
            contents=self.contents(body),
            cover_page=not isinstance(report, Brief),
            pictures=tuple(self.pictures),
            plain_fields=frozenset(self.plain_fields),
        )

    def cover(self) -> Cover:
        report = self.report
        authors = tuple(
            self.person(author, ("authors", index)) for index, author in enumerate(report.authors)
        )
        common: dict[str, Any] = {
            "authors": authors,
            "publisher": self.text(report.publisher, ("publisher",)) or None,
            "date": self.text(self.localizer.date(report.date)),
            "iso_date": report.date.isoformat(),
            "logo": self.job.templates.logo_path(),
        }
        if isinstance(report, Brief):
            return Cover(
                title=self.text(report.headline, ("headline",)),
                kicker=self.text(report.label, ("label",)),
                subtitle=self.text(report.standfirst, ("standfirst",)) or None,
                **common,
            )
        # Every other kind is a paper with a cover page: a title and, where the kind has them,
        # a kicker, subtitle, topic and summary.
        kicker = getattr(report, "kicker", None)
        title = getattr(report, "title", None)
        return Cover(
            title=self.text(title, ("title",)) if title else self.text(report.display_title),
            kicker=self.pieces([(kicker, ("kicker",)), (":", None)]) if kicker else None,
            subtitle=self.text(getattr(report, "subtitle", None), ("subtitle",)) or None,
            topic=self.text(getattr(report, "topic", None), ("topic",)) or None,
            summary=self.inline(getattr(report, "summary", None), ("summary",)) or None,
            summary_label=self.text(self.localizer.label("summary")),
            **common,
        )

    def person(self, author, path: Origin) -> Person:
        """An author: the name, then the role and affiliation joined."""
        details: list[tuple[str | None, Origin | None]] = []
        for key in ("role", "affiliation"):
            value = getattr(author, key)
            if value:
                if details:
                    details.append((self.localizer.separator, None))
                details.append((value, (*path, key)))
        return Person(self.text(author.name, (*path, "name")), self.pieces(details) or None)

    def metadata(self) -> Metadata:
        report = self.report
        description: str | None
        subject: str | None
        if isinstance(report, Brief):
            description, subject = report.standfirst, report.label
        else:
            summary = getattr(report, "summary", None)
            description = getattr(report, "subtitle", None) or (summary.plain if summary else None)
            subject = getattr(report, "topic", None)
        return Metadata(
            title=report.display_title,
            authors=tuple(author.name for author in report.authors),
            language=report.language,
            description=description,
            subject=subject,
            keywords=tuple(report.keywords),
            iso_date=report.date.isoformat(),
            identifier=self.job.report_path.stem,
            publisher=report.publisher,
        )

    def source_entries(self) -> tuple[SourceEntry, ...]:
        """The sources list: in order of first citation, then the sources nobody cites."""
        order = list(self.notes.first_cited) + [
            s.id for s in self.report.sources if s.id not in self.notes.first_cited
        ]
        return tuple(self.source_entry(self.sources[i]) for i in order if i in self.sources)

    def source_entry(self, source: Source) -> SourceEntry:
        """An entry of the sources list; a source that is only an address shows it once."""
        only_url = not (source.title or source.text)
        path = self.source_path(source.id)
        pieces = source_note_pieces(source, path, self.localizer, rtl=self.rtl)
        content = () if only_url else self.pieces(pieces)
        url_origin = (*path, "url") if source.url else None
        if url_origin:
            self.plain_fields.add(url_origin)
        return SourceEntry(source.id, content, source.url, url_origin)

    def contents(self, body: list[Block]) -> tuple[ContentsEntry, ...] | None:
        """The contents page's entries: headed sections, then the sources; None when the
        report has no contents page (a brief, a short analysis: see `contents_page_wanted`)."""
        if not contents_page_wanted(self.report):
            return None
        entries = [
            ContentsEntry(block.content, block.anchor)
            for group in body
            if isinstance(group, Group)
            for block in group.blocks[:1]
            if isinstance(block, Heading) and block.anchor
        ]
        if self.report.sources:
            entries.append(ContentsEntry(self.text(self.localizer.label("sources")), "sources"))
        return tuple(entries)


# --------------------------------------------------------------------------- helpers


def _likelihood_class(likelihood: str) -> str:
    """The scenario's class in the HTML: its word, or `range` for percentages."""
    return "range" if percent_range(likelihood) else likelihood


def _overlaps(runs: list[tuple[int, int, bool]], start: int, end: int):
    """Yield (start, end, rtl) for the parts of [start, end) in each direction run."""
    for run_start, run_end, rtl in runs:
        if run_end <= start or run_start >= end:
            continue
        yield max(run_start, start), min(run_end, end), rtl


def _merged(items: list[InlineItem]) -> Content:
    """Return items with neighbouring spans of the same direction and marks joined."""
    out: list[InlineItem] = []
    for item in items:
        previous = out[-1] if out else None
        if (
            isinstance(item, Span)
            and isinstance(previous, Span)
            and (previous.rtl, previous.emphasis, previous.strong, previous.href, previous.origin)
            == (item.rtl, item.emphasis, item.strong, item.href, item.origin)
        ):
            out[-1] = replace(previous, text=previous.text + item.text)
        elif not isinstance(item, Span) or item.text:
            out.append(item)
    return tuple(out)


__all__ = ["full_source_note", "plain", "resolve", "short_source_note"]
