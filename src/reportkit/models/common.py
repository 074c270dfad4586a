"""Building blocks shared by every report kind: text types, dates, authors, sources, quotes.

Field descriptions are bilingual (English · Arabic) because they become the tooltips a
researcher's editor shows from the JSON Schema while typing the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property, total_ordering
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import core_schema

from reportkit import inline
from reportkit.diagnostics import Problem
from reportkit.models.dates import DAY_PATTERN, ISO_PATTERN, parse_date, parse_day


def described(en: str, ar: str, **kwargs: Any) -> Any:
    """Return a pydantic Field whose description carries both languages."""
    return Field(description=f"{en} · {ar}", **kwargs)


class StrictModel(BaseModel):
    """Base of every model: unknown fields are errors, so typos never pass silently."""

    # defer_build: a model's validator is built when a report of its kind is first read,
    # not at import, so a command reading one kind does not build the other kinds' (about
    # 0.07 s of every start; benchmarks/bench_render.py).
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class InlineText:
    """A paragraph or phrase with inline markup, parsed once when the report is loaded."""

    __slots__ = ("__dict__", "source")

    def __init__(self, source: str):
        self.source = source

    @cached_property
    def nodes(self) -> tuple[inline.Inline, ...]:
        return inline.parse_inline(self.source)

    @cached_property
    def plain(self) -> str:
        """Return the text a reader sees, without markup or citation marks."""
        return inline.plain_text(self.nodes)

    def citations(self) -> Iterator[inline.Citation]:
        return (n for n in inline.iter_nodes(self.nodes) if isinstance(n, inline.Citation))

    def links(self) -> Iterator[inline.Link]:
        return (n for n in inline.iter_nodes(self.nodes) if isinstance(n, inline.Link))

    def __str__(self) -> str:
        return self.source

    def __repr__(self) -> str:
        return f"InlineText({self.source!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InlineText) and other.source == self.source

    def __hash__(self) -> int:
        return hash(self.source)

    @classmethod
    def __get_pydantic_core_schema__(cls, _source: Any, _handler: GetCoreSchemaHandler):
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.str_schema(strip_whitespace=True, min_length=1),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )


RichText = Annotated[
    InlineText,
    Field(
        description="Text with *emphasis*, **strong**, [links](https://…) and citations "
        "[^source-id] · نص يقبل التأكيد والروابط والإحالة إلى المصادر [^معرّف-المصدر]",
    ),
]
PlainText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Language = Literal["ar", "en"]
DigitPolicy = Literal["latin", "arabic-indic"]
# Whether the outputs open with a contents page; `auto` decides from the number of headed
# sections (reportkit.render.text.contents_page_wanted).
ContentsPolicy = Literal["auto", "always", "never"]


@total_ordering
class PartialDate:
    """A date known to the year, the month or the day: `2020`, `2020-08` or `2020-08-09`."""

    __slots__ = ("day", "month", "year")

    def __init__(self, year: int, month: int | None = None, day: int | None = None):
        self.year, self.month, self.day = year, month, day

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        """Return the date in `value` (see models/dates.py for the grammar)."""
        return cls(*parse_date(value))

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        return "day" if self.day else "month" if self.month else "year"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and self.sort_key() == other.sort_key()

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()

    def __hash__(self) -> int:
        return hash(self.sort_key())

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p]
        return "-".join(parts)

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"

    @classmethod
    def __get_pydantic_core_schema__(cls, _source: Any, _handler: GetCoreSchemaHandler):
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
            json_schema_input_schema=core_schema.union_schema(
                [
                    core_schema.int_schema(ge=1000, le=9999),
                    core_schema.str_schema(pattern=ISO_PATTERN),
                ]
            ),
        )


# A publication date: the same grammar as every date, to the day; a `datetime.date` in the model.
PublicationDate = Annotated[
    dt.date,
    PlainValidator(parse_day),
    WithJsonSchema({"type": "string", "pattern": DAY_PATTERN}),
]

SourceType = Literal[
    "agency-report",
    "news-article",
    "official-statement",
    "un-report",
    "legislation",
    "research",
    "dataset",
    "interview",
    "other",
]


class Author(StrictModel):
    name: PlainText = described("Author's name", "اسم الكاتب")
    role: PlainText | None = described(
        "Role, e.g. research assistant", "الصفة، مثل: باحثة مساعدة", default=None
    )
    affiliation: PlainText | None = described("Institution", "المؤسسة", default=None)


class Source(StrictModel):
    """A source: a titled document, a reference written out (`text`), or just an address.
    At least one of `title`, `text` and `url` (rules.py says which source lacks all three)."""

    id: Slug = described("Id cited in the text as [^id]", "المعرّف الذي يُحال إليه في النص [^id]")
    title: PlainText | None = described("Title of the document", "عنوان الوثيقة", default=None)
    text: PlainText | None = described(
        "The reference written out, printed as written (instead of a title)",
        "المرجع مكتوبًا كاملًا، يُطبع كما هو (بدل العنوان)",
        default=None,
    )
    publisher: PlainText | None = described("Who published it", "الجهة الناشرة", default=None)
    date: PartialDate | None = described("Publication date", "تاريخ النشر", default=None)
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = described(
        "Web address (http or https)", "الرابط", default=None
    )
    type: SourceType = described("Kind of source", "نوع المصدر", default="other")


class FreeNote(StrictModel):
    """A footnote that is not a source: an explanation, cited `[^id]` like a source."""

    id: Slug = described("Id cited in the text as [^id]", "المعرّف الذي يُحال إليه في النص [^id]")
    text: RichText = described(
        "The note's text (no citations inside)", "نص الهامش (دون إحالات داخله)"
    )


class Quote(StrictModel):
    text: RichText = described("The quoted words", "نص الاقتباس")
    speaker: PlainText = described("Who said it", "القائل")
    role: PlainText | None = described("The speaker's position", "صفة القائل", default=None)
    source: Slug | None = described("Id of the source it comes from", "معرّف المصدر", default=None)


class Image(StrictModel):
    file: PlainText = described(
        "Image file, relative to the report", "ملف الصورة بالنسبة لملف التقرير"
    )
    caption: RichText | None = described("Caption", "التعليق", default=None)
    credit: PlainText | None = described("Credit", "حقوق الصورة", default=None)
    alt: PlainText | None = described(
        "Description for screen readers", "وصف نصي للصورة", default=None
    )


class ReportBase(StrictModel):
    """Fields every report kind has. Subclasses add `kind` and their content."""

    if TYPE_CHECKING:
        # Each kind declares `kind: Literal["<kind>"]`, the tag the loader and the schema use.
        # Declared here for type checkers only: a pydantic field on the base would move `kind`
        # to the front of every kind's fields and change the published schemas.
        kind: str
    language: Language = described(
        "Language; ar is right-to-left, en left-to-right",
        "لغة التقرير؛ ar من اليمين إلى اليسار",
        default="ar",
    )
    digits: DigitPolicy = described(
        "Digits written in the output", "نظام الأرقام في المخرجات", default="latin"
    )
    date: PublicationDate = described("Publication date (YYYY-MM-DD)", "تاريخ النشر")
    authors: list[Author] = described("Authors", "الكتّاب", default_factory=list)
    publisher: PlainText | None = described(
        "Publishing organization", "الجهة الناشرة", default=None
    )
    keywords: list[PlainText] = described("Keywords", "كلمات مفتاحية", default_factory=list)
    sources: list[Source] = described("Sources cited in the text", "المصادر", default_factory=list)
    notes: list[FreeNote] = described(
        "Footnotes that are not sources, cited [^id] like a source",
        "هوامش ليست مصادر، يُحال إليها [^id] كالمصادر",
        default_factory=list,
    )

    @property
    def direction(self) -> Literal["rtl", "ltr"]:
        return "rtl" if self.language == "ar" else "ltr"

    @property
    def display_title(self) -> str:
        raise NotImplementedError

    def source_by_id(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    def note_by_id(self) -> dict[str, FreeNote]:
        return {note.id: note for note in self.notes}

    def structure_problems(self) -> Iterator[Problem]:
        """Yield violations of this kind's rules that a schema cannot express."""
        return iter(())

    @classmethod
    def data_problems(cls, data: dict) -> Iterator[Problem]:
        """Yield rule violations visible in the raw data, reported even when fields are invalid."""
        return iter(())


class PaperBase(ReportBase):
    """Fields of every kind with a cover page (analysis, policy paper, estimate): the title
    and what goes with it on the cover, and whether there is a contents page."""

    kicker: PlainText | None = described(
        "Words before the title's colon", "العبارة التي تسبق العنوان", default=None
    )
    title: PlainText = described("Title", "العنوان")
    subtitle: PlainText | None = described("Subtitle", "العنوان الفرعي", default=None)
    # Required by the default house rules, which a project may relax.
    authors: list[Author] = described(
        "Authors (at least one)", "الكتّاب (واحد على الأقل)", default_factory=list
    )
    topic: PlainText | None = described("Topic or category", "الموضوع أو التصنيف", default=None)
    summary: RichText | None = described("Short summary", "ملخص قصير", default=None)
    toc: ContentsPolicy = described(
        "Contents page: auto (only when at least 4 parts have a heading), always or never",
        "صفحة المحتويات: auto (حين يكون فيه ٤ أجزاء معنونة على الأقل)، always أو never",
        default="auto",
    )

    @property
    def display_title(self) -> str:
        return f"{self.kicker}: {self.title}" if self.kicker else self.title


# Fields holding identifiers, codes or file names rather than prose for a reader.
NON_PROSE_FIELDS = frozenset(
    {
        "kind",
        "align",
        "language",
        "digits",
        "id",
        "source",
        "section",
        "file",
        "url",
        "type",
        "horizon",
        "dimensions",
        "toc",
    }
)


def walk_text(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, InlineText | str]]:
    """Yield (path, text) for every piece of prose in a model, in document order."""
    if isinstance(value, (InlineText, str)):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in NON_PROSE_FIELDS:
                yield from walk_text(getattr(value, name), (*path, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from walk_text(item, (*path, index))
