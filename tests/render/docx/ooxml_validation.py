"""Validation of DOCX parts against the OOXML schemas, for the tests.

Runs Debian's `jing` against the ISO/IEC 29500 transitional RELAX NG schemas kept in
`ooxml-schemas/` beside this file (the WordprocessingML part schemas and what they include):
Word is strict about element order and LibreOffice is not, so this is the stand-in for
opening the file in Word.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lxml import etree

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
SCHEMA_DIR = Path(__file__).resolve().parent / "ooxml-schemas"

PART_SCHEMAS = (
    (re.compile(r"^word/document\.xml$"), "WordprocessingML_Main_Document.rnc"),
    (re.compile(r"^word/styles\.xml$"), "WordprocessingML_Style_Definitions.rnc"),
    (re.compile(r"^word/settings\.xml$"), "WordprocessingML_Document_Settings.rnc"),
    (re.compile(r"^word/footnotes\.xml$"), "WordprocessingML_Footnotes.rnc"),
    (re.compile(r"^word/numbering\.xml$"), "WordprocessingML_Numbering_Definitions.rnc"),
    (re.compile(r"^word/header\d*\.xml$"), "WordprocessingML_Header.rnc"),
    (re.compile(r"^word/footer\d*\.xml$"), "WordprocessingML_Footer.rnc"),
)


def strip_ignorable(xml: bytes) -> bytes:
    """Return `xml` as a markup-compatibility consumer sees it with no extensions.

    Elements and attributes in the namespaces listed in mc:Ignorable are dropped,
    mc:AlternateContent is replaced by its mc:Fallback content, and mc:* attributes go.
    """
    root = etree.fromstring(xml)
    prefixes = root.get(f"{{{MC_NS}}}Ignorable", "").split()
    ignored = {root.nsmap[p] for p in prefixes if p in root.nsmap} | {MC_NS}
    _resolve_alternate_content(root)
    for el in list(root.iter()):
        parent = el.getparent()
        if parent is not None and isinstance(el.tag, str) and etree.QName(el).namespace in ignored:
            parent.remove(el)
    for el in root.iter():
        for name in list(el.attrib):
            if etree.QName(name).namespace in ignored:
                del el.attrib[name]
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _resolve_alternate_content(root) -> None:
    """Replace each mc:AlternateContent by the children of its mc:Fallback (if any)."""
    for alt in list(root.iter(f"{{{MC_NS}}}AlternateContent")):
        fallback = alt.find(f"{{{MC_NS}}}Fallback")
        for child in list(fallback) if fallback is not None else []:
            alt.addprevious(child)
        alt.getparent().remove(alt)


def validate_docx(
    docx: bytes | str | os.PathLike, schema_dir: str | os.PathLike = SCHEMA_DIR
) -> list[str]:
    """Return jing's errors ("part:line:col: error: …") for the WordprocessingML parts.

    Each part is stripped of mc:Ignorable content first; an empty list means valid.
    """
    source = io.BytesIO(docx) if isinstance(docx, bytes) else docx
    errors: list[str] = []
    with zipfile.ZipFile(source) as zf, tempfile.TemporaryDirectory() as tmp:
        by_schema: dict[str, list[tuple[str, str]]] = {}
        for name in zf.namelist():
            schema = next((s for rx, s in PART_SCHEMAS if rx.match(name)), None)
            if schema is None:
                continue
            path = os.path.join(tmp, name.replace("/", "__"))
            with open(path, "wb") as fh:
                fh.write(strip_ignorable(zf.read(name)))
            by_schema.setdefault(schema, []).append((name, path))
        # One JVM per schema; starting it is most of the cost, so run them side by side.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = pool.map(
                lambda item: _run_jing(os.path.join(schema_dir, item[0]), item[1]),
                sorted(by_schema.items()),
            )
            for lines in results:
                errors += lines
    return errors


def _run_jing(schema: str, files: list[tuple[str, str]]) -> list[str]:
    """Return jing's error lines for `files` (pairs of part name, temp path) against `schema`."""
    proc = subprocess.run(
        ["jing", "-c", schema, *(path for _, path in files)],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [
        line
        for line in (proc.stdout + proc.stderr).splitlines()
        if line.strip() and not line.startswith("[warning]")
    ]
    for name, path in files:
        lines = [line.replace(path, name) for line in lines]
    if proc.returncode and not lines:
        lines = [f"jing exited with {proc.returncode} for {schema}"]
    return lines
