"""The `policy-paper` kind (ورقة سياسات): findings, background, analysis, options weighed
against each other, recommendations to named addressees, and a conclusion.

The running text reuses the plain sections' shape (models/blocks.py): paragraphs with lists and
tables, and subsections. Which parts a paper must have is a house rule (house_rules.py): by
default a summary, recommendations and a conclusion.

Recommendations are printed grouped by addressee, in the order each addressee is first named,
and numbered within each group (see resolve.py, `Resolver.recommendations`): a minister reads
the group addressed to their government, and "recommendation 2 to the government" stays the
same whatever is added for another addressee.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from reportkit.models.blocks import Body, Subsection
from reportkit.models.common import (
    PaperBase,
    PlainText,
    RichText,
    StrictModel,
    described,
)

Priority = Literal["high", "medium", "low"]
Items = Annotated[list[RichText], Field(min_length=1)]


class PaperSection(StrictModel):
    """A titled part of the paper: paragraphs (with lists and tables) and subsections."""

    heading: PlainText = described("Heading", "العنوان")
    paragraphs: Body = described("Paragraphs, lists and tables", "الفقرات والقوائم والجداول")
    subsections: list[Subsection] = described(
        "Subsections, each with a heading", "أقسام فرعية، لكل منها عنوان", default_factory=list
    )


class Background(StrictModel):
    """The background: like a section, its heading optional (the label «خلفية» otherwise)."""

    heading: PlainText | None = described(
        "Heading; 'Background' otherwise", "العنوان؛ وإلا «خلفية»", default=None
    )
    paragraphs: Body = described("Paragraphs, lists and tables", "الفقرات والقوائم والجداول")
    subsections: list[Subsection] = described(
        "Subsections, each with a heading", "أقسام فرعية، لكل منها عنوان", default_factory=list
    )


class PolicyOption(StrictModel):
    name: PlainText = described("Short name of the option", "اسم الخيار باختصار")
    description: Annotated[list[RichText], Field(min_length=1)] = described(
        "What the option is, in paragraphs", "وصف الخيار في فقرات"
    )
    pros: Items = described("Advantages, one per item", "المزايا، ميزة في كل بند")
    cons: Items = described("Drawbacks and risks, one per item", "المآخذ والمخاطر، مأخذ في كل بند")


class Recommendation(StrictModel):
    addressee: PlainText = described(
        "Who should act, e.g. a government, an organization, «الأطراف الإقليمية»",
        "الجهة المعنيّة بالتوصية، مثل حكومة أو منظمة أو «الأطراف الإقليمية»",
    )
    text: RichText = described("The recommendation", "نص التوصية")
    time_frame: PlainText | None = described(
        "When, e.g. 'within six months'", "الإطار الزمني، مثل: خلال ستة أشهر", default=None
    )
    priority: Priority | None = described(
        "Priority: high, medium or low", "الأولوية: high أو medium أو low", default=None
    )


class PolicyPaper(PaperBase):
    """A policy paper: findings and options leading to recommendations."""

    kind: Literal["policy-paper"]
    summary: RichText | None = described(
        "Executive summary, on the cover", "الملخص التنفيذي، على الغلاف", default=None
    )
    key_findings: Annotated[list[RichText], Field(min_length=1)] | None = described(
        "Key findings, shown prominently at the start",
        "أبرز الاستنتاجات، تظهر بارزة في بداية الورقة",
        default=None,
    )
    background: Background | None = described("Background", "الخلفية", default=None)
    analysis: list[PaperSection] = described(
        "Analysis sections, in reading order", "أقسام التحليل بترتيب القراءة", default_factory=list
    )
    options: Annotated[list[PolicyOption], Field(min_length=2)] | None = described(
        "Policy options weighed against each other (at least two)",
        "خيارات السياسات موازنةً بينها (خياران على الأقل)",
        default=None,
    )
    recommendations: list[Recommendation] = described(
        "Recommendations, each to an addressee",
        "التوصيات، لكل منها جهة معنيّة",
        default_factory=list,
    )
    conclusion: Body | None = described("Closing paragraphs", "الخاتمة", default=None)

    def headed_parts(self) -> int:
        """Return how many parts have a heading of their own (for `toc: auto`)."""
        parts = (self.key_findings, self.background, self.options, self.recommendations)
        return sum(1 for part in (*parts, self.conclusion) if part) + len(self.analysis)


__all__ = ["Background", "PaperSection", "PolicyOption", "PolicyPaper", "Recommendation"]
