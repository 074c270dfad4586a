"""DOCX output: a native, editable, right-to-left Word document built with python-docx.

The steps, one module each: `styles.py` (theme + docx/styles.yaml → Word styles, written in
the schema's order), `document.py` (the blocks every kind uses) with `analysis.py` and
`brief.py` (each kind's order of blocks), `fields.py` (footnotes, PAGE and TOC fields,
bookmarks), `ooxml.py` (schema-ordered WordprocessingML element helpers for direction and
script runs), `package.py` (reproducible bytes; the tests validate the parts with jing).
"""

from __future__ import annotations

from reportkit.render import RenderJob
from reportkit.render.docx.analysis import AnalysisBuilder
from reportkit.render.docx.brief import BriefBuilder
from reportkit.render.docx.document import DocxBuilder

# report kind → the builder that lays out its document.
BUILDERS: dict[str, type[DocxBuilder]] = {"analysis": AnalysisBuilder, "brief": BriefBuilder}


def render_docx(job: RenderJob) -> bytes:
    """Return the report of `job` as the bytes of a Word document (.docx)."""
    return BUILDERS[job.report.kind](job).build()


__all__ = ["BUILDERS", "render_docx"]
