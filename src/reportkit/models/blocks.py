"""Building blocks every report kind can put in its running text: lists and tables.

An item of a section's `paragraphs` is a paragraph (text), or a mapping with one key:

    - >-
      نص الفقرة.
    - bullets:
        - بند أول
        - بند ثان
    - numbers:
        - الخطوة الأولى
    - table:
        caption: الإنفاق العسكري
        header:
          - [البلد, 2023, 2024]
        rows:
          - [مصر, 4.6, 5.1]

The mapping's key says what it is, so an Arabic researcher types one English word and the
rest is text. Which of them an item is is decided by that key (a callable discriminator),
so a mistake inside a table gets the table's own message, not one per possible kind.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, PlainValidator, Tag, WithJsonSchema

from reportkit.i18n import _
from reportkit.models.common import InlineText, PlainText, RichText, Slug, StrictModel, described

Align = Literal["start", "center", "end", "number"]


def _cell(value: Any) -> InlineText | None:
    """A table cell: inline text or a number, kept as written (so `2024` stays a year and
    `12.0` keeps its decimal), or empty: `~` or `""`."""
    if isinstance(value, bool):
        raise ValueError(_("a table cell is text, a number, or `~` for an empty cell"))
    if isinstance(value, (int, float)):
        return InlineText(str(value))
    if value is None or (isinstance(value, str) and value.strip() in ("", "~")):
        return None
    if isinstance(value, str):
        return InlineText(value.strip())
    raise ValueError(_("a table cell is text, a number, or `~` for an empty cell"))


Cell = Annotated[
    InlineText | None,
    PlainValidator(_cell),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}],
            "description": "Text, a number, or ~ for an empty cell · نص أو رقم، أو ~ لخانة فارغة",
        }
    ),
]
# A number as a table cell holds it: digits (Western or Arabic-Indic) with optional sign,
# grouping, decimals and percent sign.
NUMBER = re.compile(r"[-+−]?(?:\d{1,3}(?:[,٬]\d{3})+|\d+)(?:[.٫]\d+)?[%٪]?")
Row = Annotated[list[Cell], Field(min_length=1)]


class BulletList(StrictModel):
    bullets: Annotated[list[RichText], Field(min_length=1)] = described(
        "Items of a bulleted list", "بنود قائمة نقطية"
    )


class NumberedList(StrictModel):
    numbers: Annotated[list[RichText], Field(min_length=1)] = described(
        "Items of a numbered list, in order", "بنود قائمة مرقّمة بالترتيب"
    )


class Table(StrictModel):
    caption: RichText = described("What the table shows", "عنوان الجدول: ما يعرضه")
    header: Annotated[list[Row], Field(min_length=1)] = described(
        "Header rows, each a list in brackets: [البلد, 2023, 2024]",
        "صفوف الرأس، كل صف قائمة بين قوسين: [البلد, 2023, 2024]",
    )
    rows: Annotated[list[Row], Field(min_length=1)] = described(
        "Body rows, each with as many cells as the header",
        "صفوف الجدول، في كل صف عدد خانات الرأس نفسه",
    )
    align: list[Align] | None = described(
        "Alignment of each column: start, center, end or number; numbers by default for "
        "columns of numbers",
        "محاذاة كل عمود: start أو center أو end أو number؛ الأعمدة الرقمية تُحاذى أرقامًا",
        default=None,
    )
    source: Slug | None = described(
        "Id of the source of the data (a note on the caption)",
        "معرّف مصدر البيانات (هامش على العنوان)",
        default=None,
    )
    note: RichText | None = described(
        "A note printed under the table", "ملاحظة تُطبع تحت الجدول", default=None
    )

    @property
    def columns(self) -> int:
        return len(self.header[0])

    def number_column(self, column: int) -> bool:
        """Return whether the column's body cells are numbers (empty cells aside)."""
        cells = [cell.source for row in self.rows if (cell := row[column]) is not None]
        return bool(cells) and all(NUMBER.fullmatch(cell) for cell in cells)


class TableItem(StrictModel):
    table: Table = described("A table of data", "جدول بيانات")


def _item_tag(value: Any) -> str | None:
    if isinstance(value, (str, InlineText)):
        return "paragraph"
    if isinstance(value, dict):
        keys = [key for key in ("bullets", "numbers", "table") if key in value]
        return _TAGS[keys[0]] if keys else None
    for model, tag in _MODEL_TAGS.items():
        if isinstance(value, model):
            return tag
    return None


_TAGS = {"bullets": "bullet-list", "numbers": "numbered-list", "table": "data-table"}
_MODEL_TAGS: dict[type, str] = {
    BulletList: "bullet-list",
    NumberedList: "numbered-list",
    TableItem: "data-table",
}

BodyItem = Annotated[
    Annotated[RichText, Tag("paragraph")]
    | Annotated[BulletList, Tag("bullet-list")]
    | Annotated[NumberedList, Tag("numbered-list")]
    | Annotated[TableItem, Tag("data-table")],
    Discriminator(
        _item_tag,
        custom_error_type="body_item",
        custom_error_message="a paragraph, or a mapping with bullets, numbers or table",
    ),
]
# The running text of a section: paragraphs, lists and tables in reading order.
Body = Annotated[list[BodyItem], Field(min_length=1)]


class Subsection(StrictModel):
    heading: PlainText = described("Heading of the subsection", "عنوان القسم الفرعي")
    paragraphs: Body = described("Paragraphs, lists and tables", "الفقرات والقوائم والجداول")


__all__ = [
    "Body",
    "BodyItem",
    "BulletList",
    "NumberedList",
    "Subsection",
    "Table",
    "TableItem",
]
