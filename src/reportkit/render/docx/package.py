"""The .docx package as a whole: reproducible bytes.

(The tests validate the parts against the OOXML schemas: tests/render/docx/ooxml_validation.py.)
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile

# ---------------------------------------------------------------------------------------------
# 7. Reproducible save
# ---------------------------------------------------------------------------------------------

FIXED_DATETIME = _dt.datetime(2000, 1, 1, 0, 0, 0)
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold


def save_reproducible(document, when: _dt.datetime = FIXED_DATETIME) -> bytes:
    """Return the .docx bytes with fixed core-property dates and fixed zip entry metadata.

    python-docx stamps each zip entry with the current time, so two saves differ even when
    the XML is identical; the archive is rewritten entry by entry with a fixed date.
    """
    props = document.core_properties
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())


def normalize_zip(blob: bytes) -> bytes:
    """Return a zip archive rewritten with fixed timestamps, permissions and compression."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(blob)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            dst.writestr(fixed, src.read(info.filename), compresslevel=6)
    return out.getvalue()
