"""The `analysis` kind: a policy analysis piece made of typed sections.

Rules beyond the schema (checked by `structure_problems`):
- at most one `context` section, and it comes first; at most one `conclusion`, and it comes last;
- section ids are unique; quotes, figures and images name an existing section id;
- a `limits` section has at most one outlook per horizon.
Which sections, how many perspectives and which metadata a piece needs are house rules
(house_rules.py): by default a context and a conclusion, at least two perspectives, authors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from reportkit.diagnostics import Problem, repeated_ids
from reportkit.i18n import _, isolate
from reportkit.models.blocks import Body, BodyItem, Subsection
from reportkit.models.common import (
    Image,
    PaperBase,
    PartialDate,
    PlainText,
    Quote,
    RichText,
    Slug,
    StrictModel,
    described,
)

Paragraphs = Annotated[list[RichText], Field(min_length=1)]
Dimension = Literal[
    "geopolitical",
    "security",
    "economic",
    "political",
    "military",
    "diplomatic",
    "humanitarian",
    "energy",
]
Horizon = Literal["near-term", "medium-term", "long-term"]


class SectionBase(StrictModel):
    id: Slug | None = described(
        "Id other items use to be placed in this section",
        "معرّف القسم لوضع الاقتباسات والأرقام والصور فيه",
        default=None,
    )


class Factors(StrictModel):
    lead: RichText | None = described(
        "Sentence introducing the factors", "جملة تمهّد للعوامل", default=None
    )
    items: Annotated[list[RichText], Field(min_length=2)] = described(
        "The factors, in order", "العوامل بالترتيب"
    )


class Context(SectionBase):
    kind: Literal["context"]
    heading: PlainText | None = described("Optional heading", "عنوان اختياري", default=None)
    paragraphs: Body = described("Opening paragraphs", "فقرات المقدمة")
    factors: Factors | None = described("Enumerated factors", "عوامل مرقّمة", default=None)


class TimelineEvent(StrictModel):
    date: PartialDate = described("When: YYYY, YYYY-MM or YYYY-MM-DD", "التاريخ: سنة أو شهر أو يوم")
    text: RichText = described("What happened", "ما جرى")
    source: Slug | None = described("Id of the source", "معرّف المصدر", default=None)


class Trajectory(SectionBase):
    kind: Literal["trajectory"]
    heading: PlainText = described("Heading", "العنوان")
    paragraphs: Body = described("How relations developed", "تطور العلاقات")
    timeline: list[TimelineEvent] = described("Dated events", "أحداث مؤرخة", default_factory=list)


class Perspective(StrictModel):
    actor: PlainText = described("The actor, e.g. a state", "الفاعل، مثل دولة")
    heading: PlainText | None = described(
        "Heading, e.g. 'The US perspective'", "عنوان المنظور", default=None
    )
    dimensions: list[Dimension] = described(
        "Dimensions of the motives", "أبعاد الدوافع", default_factory=list
    )
    paragraphs: Body = described("The actor's motives", "دوافع الفاعل")


class Drivers(SectionBase):
    kind: Literal["drivers"]
    heading: PlainText = described("Heading", "العنوان")
    intro: list[BodyItem] = described("Introduction", "تمهيد", default_factory=list)
    # How many is a house rule (at least two by default), checked on the data.
    perspectives: Annotated[list[Perspective], Field(min_length=1)] = described(
        "One perspective per actor (at least two)", "منظور لكل فاعل (اثنان على الأقل)"
    )
    synthesis: list[BodyItem] = described("Closing synthesis", "خلاصة", default_factory=list)


class FreeAnalysis(SectionBase):
    kind: Literal["analysis"]
    heading: PlainText = described("Heading", "العنوان")
    paragraphs: Body = described("Paragraphs, lists and tables", "الفقرات والقوائم والجداول")


class PlainSection(SectionBase):
    """A titled section with optional subsections, for any kind that needs one."""

    kind: Literal["section"]
    heading: PlainText = described("Heading", "العنوان")
    paragraphs: Body = described("Paragraphs, lists and tables", "الفقرات والقوائم والجداول")
    subsections: list[Subsection] = described(
        "Subsections, each with a heading", "أقسام فرعية، لكل منها عنوان", default_factory=list
    )


class Outlook(StrictModel):
    horizon: Horizon = described("Time horizon", "المدى الزمني")
    heading: PlainText | None = described(
        "Heading; a default per horizon otherwise", "عنوان؛ وإلا فعنوان افتراضي", default=None
    )
    paragraphs: Body = described("Likely outcomes", "المآلات المرجّحة")


class Limits(SectionBase):
    kind: Literal["limits"]
    heading: PlainText = described("Heading", "العنوان")
    paragraphs: list[BodyItem] = described("Introduction", "تمهيد", default_factory=list)
    outlooks: Annotated[list[Outlook], Field(min_length=1)] = described(
        "Near- and medium-term outlooks", "المآلات على المدى القريب والمتوسط"
    )
    constraints: list[BodyItem] = described(
        "Structural constraints", "القيود البنيوية", default_factory=list
    )


class Conclusion(SectionBase):
    kind: Literal["conclusion"]
    heading: PlainText | None = described("Optional heading", "عنوان اختياري", default=None)
    paragraphs: Body = described("Closing paragraphs", "الخاتمة")


Section = Annotated[
    Context | Trajectory | Drivers | FreeAnalysis | PlainSection | Limits | Conclusion,
    Field(discriminator="kind"),
]


class PlacedQuote(Quote):
    section: Slug = described("Id of the section it stands in", "معرّف القسم الذي يظهر فيه")


class KeyFigure(StrictModel):
    value: int | float = described("The number", "الرقم")
    qualifier: PlainText | None = described("e.g. 'more than'", "مثل: أكثر من", default=None)
    unit: PlainText | None = described("Unit, e.g. %", "الوحدة", default=None)
    label: PlainText = described("What it counts", "ما يعدّه الرقم")
    source: Slug | None = described("Id of the source", "معرّف المصدر", default=None)
    section: Slug = described("Id of the section it stands in", "معرّف القسم الذي يظهر فيه")


class PlacedImage(Image):
    section: Slug = described("Id of the section it stands in", "معرّف القسم الذي يظهر فيه")


class AnalysisReport(PaperBase):
    """A structured policy analysis."""

    kind: Literal["analysis"]
    sections: list[Section] = described("Sections in reading order", "الأقسام بترتيب القراءة")
    quotes: list[PlacedQuote] = described("Pull-quotes", "اقتباسات بارزة", default_factory=list)
    figures: list[KeyFigure] = described("Key figures", "أرقام رئيسية", default_factory=list)
    images: list[PlacedImage] = described("Images", "الصور", default_factory=list)

    def placed_items(self) -> Iterator[tuple[tuple, str]]:
        """Yield (path, section id) for every quote, figure and image placed in a section."""
        for name in ("quotes", "figures", "images"):
            for index, item in enumerate(getattr(self, name)):
                yield (name, index, "section"), item.section

    @classmethod
    def data_problems(cls, data: dict) -> Iterator[Problem]:
        sections = data.get("sections")
        if isinstance(sections, list):
            yield from _order_problems(
                [s.get("kind") if isinstance(s, dict) else None for s in sections]
            )

    def structure_problems(self) -> Iterator[Problem]:
        yield from _order_problems([section.kind for section in self.sections])
        yield from self._id_problems()
        for index, section in enumerate(self.sections):
            if isinstance(section, Limits):
                yield from _horizon_problems(section, ("sections", index, "outlooks"))

    def _id_problems(self) -> Iterator[Problem]:
        yield from repeated_ids(
            ((("sections", index, "id"), s.id) for index, s in enumerate(self.sections)),
            lambda id, first: _(
                "section id `{id}` is already used by sections[{index}]", id=id, index=first
            ),
        )
        ids = list(dict.fromkeys(s.id for s in self.sections if s.id is not None))
        for path, section_id in self.placed_items():
            if section_id not in ids:
                yield Problem(path, "RK113", _undefined_section(section_id, list(ids)))


def _order_problems(kinds: list) -> Iterator[Problem]:
    # Whether a section must be there at all is a house rule (house_rules.py).
    yield from _one_at(kinds, "context", 0, "first")
    yield from _one_at(kinds, "conclusion", len(kinds) - 1, "last")


def _one_at(kinds: list[str], kind: str, position: int, where: str) -> Iterator[Problem]:
    count = kinds.count(kind)
    if count > 1:
        yield Problem(
            ("sections",),
            "RK110",
            _(
                "an analysis has at most one `{kind}` section, found {count}",
                kind=kind,
                count=count,
            ),
        )
    elif count == 1 and kinds.index(kind) != position:
        message = (
            _("the `{kind}` section must come first", kind=kind)
            if where == "first"
            else _("the `{kind}` section must come last", kind=kind)
        )
        yield Problem(("sections", kinds.index(kind), "kind"), "RK110", message)


def _undefined_section(section_id: str, known: list[str]) -> str:
    if not known:
        return _(
            "no section has id `{id}` (known ids: none; give sections an `id`)",
            id=isolate(section_id),
        )
    return _(
        "no section has id `{id}` (known ids: {known})",
        id=isolate(section_id),
        known=", ".join(f"`{i}`" for i in known),
    )


def _horizon_problems(section: Limits, path: tuple) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, outlook in enumerate(section.outlooks):
        if outlook.horizon in seen:
            yield Problem(
                (*path, index, "horizon"),
                "RK110",
                _(
                    "horizon `{horizon}` appears more than once; merge its paragraphs",
                    horizon=outlook.horizon,
                ),
            )
        seen.add(outlook.horizon)
