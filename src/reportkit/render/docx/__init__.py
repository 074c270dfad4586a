"""DOCX output: a native, editable, right-to-left Word document built with python-docx.

The steps, one module each: `styles.py` (theme + docx/styles.yaml → Word styles),
`document.py` (the blocks every kind uses) with `analysis.py` and `brief.py` (each kind's
order of blocks), `fields.py` (footnotes, PAGE and TOC fields, bookmarks, hyperlinks),
`xml.py` and `style_xml.py` (schema-ordered WordprocessingML helpers for direction, script
runs and styles), `package.py` (reproducible bytes; the tests validate the parts with jing).
"""

from __future__ import annotations

from reportkit.render.docx.analysis import AnalysisBuilder
from reportkit.render.docx.brief import BriefBuilder

# report kind → the builder that lays out its document.
BUILDERS = {"analysis": AnalysisBuilder, "brief": BriefBuilder}


def render_docx(job) -> bytes:
    """Return the report of `job` as the bytes of a Word document (.docx)."""
    return BUILDERS[job.report.kind](job).build()


__all__ = ["BUILDERS", "render_docx"]
