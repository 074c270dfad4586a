"""The rules of a table (models/blocks.py `Table`): its shape, and whether it fits the page.

- **Shape (RK120).** Every row, header or body, has as many cells as the first header row;
  an `align` list has one entry per column.
- **Width (RK121).** A table cell breaks its text between words, never inside one, so a column
  is at least as wide as its longest word or number. The estimate: each character of that word
  takes 0.55 em of the table's type size (the theme's `small` size, as the outputs set tables),
  plus 8 pt of cell padding. When the columns' widths add up to more than the text width of the
  built-in theme's page (A4: 210 mm less the margins, 168 mm), the table would run off the page
  or be squeezed until words break mid-letter: it is an error, with what to change, rather than
  a clipped page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from reportkit.diagnostics import Problem
from reportkit.i18n import _, isolate
from reportkit.models.blocks import Table
from reportkit.models.common import InlineText

EM_PER_CHARACTER = 0.55  # a generous average advance of Arabic and Latin letters and digits
CELL_PADDING_PT = 8.0
_MM_PER = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
_PAGE_WIDTH_MM = {"A4": 210.0, "Letter": 215.9}
_PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class _Page:
    text_width_mm: float
    type_size_pt: float


@lru_cache(maxsize=1)
def _page() -> _Page:
    """The built-in theme's text width and table type size (validation knows no --template)."""
    from reportkit.theme import TemplateSet  # only reports with tables need it

    theme = TemplateSet().theme
    page = theme.page
    width = _PAGE_WIDTH_MM[page.size] - _mm(page.margin_inner) - _mm(page.margin_outer)
    return _Page(width, theme.sizes.small)


def _mm(length: str) -> float:
    value = length.strip()
    return float(value[:-2]) * _MM_PER[value[-2:]]


def cell_text(cell: InlineText | None) -> str:
    """Return a cell's text as a reader sees it."""
    return cell.plain if cell is not None else ""


def table_problems(table: Table, path: tuple) -> Iterator[Problem]:
    """Yield the table's shape errors (RK120) or, when its shape is right, a width error."""
    shape = list(_shape_problems(table, path))
    yield from shape
    if not shape:
        yield from _width_problems(table, path)


def _shape_problems(table: Table, path: tuple) -> Iterator[Problem]:
    columns = table.columns
    for part in ("header", "rows"):
        for index, row in enumerate(getattr(table, part)):
            if len(row) != columns:
                yield Problem(
                    (*path, part, index),
                    "RK120",
                    _(
                        "this row has {found} cells but the table has {columns} columns (its "
                        "first header row); add or remove cells, `~` for an empty one",
                        found=len(row),
                        columns=columns,
                    ),
                )
    if table.align is not None and len(table.align) != columns:
        yield Problem(
            (*path, "align"),
            "RK120",
            _(
                "`align` has {found} entries but the table has {columns} columns; give one per "
                "column",
                found=len(table.align),
                columns=columns,
            ),
        )


def column_widths_mm(table: Table, type_size_pt: float) -> list[tuple[float, str]]:
    """Return, per column, the narrowest width it can take (mm) and its longest word."""
    widths = []
    for column in range(table.columns):
        words = [
            word for row in (*table.header, *table.rows) for word in cell_text(row[column]).split()
        ]
        longest = max(words, key=len, default="")
        points = len(longest) * EM_PER_CHARACTER * type_size_pt + CELL_PADDING_PT
        widths.append((points / _PT_PER_MM, longest))
    return widths


def _width_problems(table: Table, path: tuple) -> Iterator[Problem]:
    page = _page()
    widths = column_widths_mm(table, page.type_size_pt)
    needed = sum(width for width, _word in widths)
    if needed <= page.text_width_mm:
        return
    widest = max(range(len(widths)), key=lambda column: widths[column][0])
    yield Problem(
        path,
        "RK121",
        _(
            "this table needs about {needed} mm for the longest word of each of its {columns} "
            "columns, but the page's text is {width} mm wide; split it into two tables, or "
            "shorten the longest word of column {column} (`{word}`)",
            needed=round(needed),
            columns=table.columns,
            width=round(page.text_width_mm),
            column=widest + 1,
            word=isolate(widths[widest][1][:40]),
        ),
    )
