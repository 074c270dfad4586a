"""Whether a file is a Word document reportkit can read, said before anything is read or written.

A `.doc` from Word 97–2003 and a `.docx` Word encrypted with a password are both OLE compound
files (signature D0 CF 11 E0); only the encrypted one holds an `EncryptedPackage` stream. A
`.docx` is a zip whose main part (the `officeDocument` relationship, `word/document.xml` in
practice) and every other XML part must parse.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from reportkit.errors import UsageError
from reportkit.i18n import _, isolate

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_SIGNATURE = b"{\\rtf"
# The stream name, as an OLE directory entry stores it (UTF-16LE).
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
OFFICE_DOCUMENT = "/officeDocument"
MAIN_PART = "word/document.xml"
# A parser that never fetches or expands anything a document declares.
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class WordFileError(UsageError):
    """A file given as a Word document that reportkit cannot read; the message says why and
    what to do in Word."""


def check_word_file(path: Path) -> None:
    """Raise WordFileError when `path` is not a Word document (.docx) reportkit can read."""
    with path.open("rb") as file:
        start = file.read(len(OLE_SIGNATURE))
    name = isolate(path)
    if not start:
        raise WordFileError(_("{path} is empty; save the document again in Word", path=name))
    if start == OLE_SIGNATURE:
        raise WordFileError(_ole_message(path))
    if start.startswith(RTF_SIGNATURE):
        raise WordFileError(
            _(
                "{path} is a Rich Text (RTF) file, not a .docx; save it as .docx in Word "
                "(File › Save As › Word Document)",
                path=name,
            )
        )
    _check_package(path)


def _ole_message(path: Path) -> str:
    if ENCRYPTED_STREAM in path.read_bytes():
        return _(
            "{path} is protected by a password; remove it in Word (File › Info › Protect "
            "Document › Encrypt with Password, empty the password), save, and import again",
            path=isolate(path),
        )
    return _(
        "{path} is an old binary Word file (.doc); save it as .docx in Word "
        "(File › Save As › Word Document) and import the .docx",
        path=isolate(path),
    )


def _check_package(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as package:
            main = _main_part_name(package, path)
            if main not in package.namelist():
                raise _damaged(path, _("it has no {part} inside", part=MAIN_PART))
            for member in package.namelist():
                if member.endswith((".xml", ".rels")):
                    _check_xml(path, member, package.read(member))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        reason = _("it is not a readable zip package ({error})", error=error)
        raise _damaged(path, reason) from error


def _main_part_name(package: zipfile.ZipFile, path: Path) -> str:
    """Return the name of the document's main part, as the package relationships say."""
    if "_rels/.rels" not in package.namelist():
        return MAIN_PART
    root = _check_xml(path, "_rels/.rels", package.read("_rels/.rels"))
    for relationship in root:
        if relationship.get("Type", "").endswith(OFFICE_DOCUMENT):
            target = relationship.get("Target", "")
            return str(PurePosixPath(target.lstrip("/")))
    return MAIN_PART


def _check_xml(path: Path, member: str, data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, SAFE_PARSER)
    except etree.XMLSyntaxError as error:
        line = error.lineno or 0
        raise _damaged(
            path,
            _(
                "its part {part} is not well-formed XML (line {line}: {error})",
                part=member,
                line=line,
                error=re.sub(r", line \d+, column \d+$", "", error.msg or ""),
            ),
        ) from error


def _damaged(path: Path, reason: str) -> WordFileError:
    return WordFileError(
        _(
            "{path} is not a Word document reportkit can read: {reason}; open it in Word "
            "(or LibreOffice) and save it again as .docx",
            path=isolate(path),
            reason=reason,
        )
    )
