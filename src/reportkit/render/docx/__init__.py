"""DOCX output: a native, editable, right-to-left Word document built with python-docx.

The steps, one module each: `document.py` (the resolved document → Word, one method per
block type), `styles.py` (theme + docx/styles.yaml → Word styles, written in the schema's
order), `fields.py` (footnotes, PAGE and TOC fields, bookmarks), `marks.py` (the hidden bookmarks
and the custom XML part that say where each text came from, for `reportkit import`),
`ooxml.py` (schema-ordered WordprocessingML element helpers for direction and script runs),
`package.py` (reproducible bytes; the tests validate the parts with jing).
"""

from __future__ import annotations

from reportkit.render import RenderJob
from reportkit.render.docx.document import DocxWriter


def render_docx(job: RenderJob) -> bytes:
    """Return the report of `job` as the bytes of a Word document (.docx)."""
    return DocxWriter(job, job.document).write()


__all__ = ["DocxWriter", "render_docx"]
