"""The `brief` kind: a short news item of the kind published beside an analysis."""

from __future__ import annotations

from typing import Literal

from reportkit.models.blocks import BodyItem
from reportkit.models.common import Image, PlainText, Quote, ReportBase, RichText, described


class Brief(ReportBase):
    """A news brief: label, headline, lead and a few paragraphs, quotes and sources."""

    kind: Literal["brief"]
    label: PlainText = described(
        "Section label, e.g. 'International politics'", "تصنيف الخبر، مثل: سياسة دولية"
    )
    headline: PlainText = described("Headline", "العنوان")
    standfirst: PlainText | None = described(
        "Standfirst under the headline", "مقدمة تحت العنوان", default=None
    )
    image: Image | None = described("Main image", "الصورة الرئيسية", default=None)
    lead: RichText = described("Lead paragraph", "الفقرة الافتتاحية")
    body: list[BodyItem] = described(
        "Body paragraphs, lists and tables", "فقرات المتن وقوائمه وجداوله", default_factory=list
    )
    quotes: list[Quote] = described(
        "Quotes with attribution", "اقتباسات منسوبة إلى قائليها", default_factory=list
    )

    @property
    def display_title(self) -> str:
        return self.headline
