"""Where each text of a built Word file came from: hidden bookmarks and a custom XML payload.

`reportkit import` reads a DOCX that build wrote back into the report (importing/ours.py), so
the file carries, invisibly:

- around every text written from a field of the report (a paragraph, a heading, a list item,
  a cell, a name on the cover, a source's title in a note), a bookmark `_rk000001`,
  `_rk000002`, … (a name starting with an underscore is a hidden bookmark in Word, which keeps
  it when the file is edited and saved);
- a custom XML part (`customXml/item1.xml`, with its `itemProps1.xml` and the document's
  relationship to it, where Word keeps such data) holding one JSON payload (`PAYLOAD_VERSION`):
  the report data as build read it, the digits printed, and per bookmark the field's path, the
  text printed there in the report's inline markup, whether the field is plain text and
  whether the bookmark holds its whole paragraph; per footnote the citation it stands for,
  its form and its whole printed text (a source's note also prints words no field holds: a
  date in words, a short title, the punctuation between fields), found through an empty
  bookmark `_rkn000001`, … in the footnote (Word and LibreOffice renumber footnotes,
  bookmarks keep their names); per image the report names, the path of its `file` field and
  the SHA-256 of its bytes, which Word keeps as they are in `word/media/` (so importing the
  file elsewhere can take the images out of it).

`markup()` writes a sequence of inline pieces in the report's inline markup; the writer uses
it for the printed text and the reader for the text it finds, so the two compare exactly.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from reportkit.document import Content, Document, LineBreak, NoteRef, Origin, Span

MARK_PREFIX = "_rk"
NOTE_PREFIX = "_rkn"  # the empty bookmark in a footnote that names its citation
PAYLOAD_VERSION = 1
PAYLOAD_NS = "urn:reportkit:docx-origins"
_DATASTORE_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


# --------------------------------------------------------------------------- inline markup


@dataclass(frozen=True)
class Piece:
    """A stretch of inline text as the report's markup sees it: text with marks, a note call
    (`note` is the citation's id) or a line break."""

    text: str = ""
    strong: bool = False
    emphasis: bool = False
    href: str | None = None
    note: str | None = None
    line_break: bool = False


def pieces_of(content: Content, document: Document) -> list[Piece]:
    """Return resolved content as pieces; a note call stands for its citation's id."""
    out = []
    for item in content:
        if isinstance(item, Span):
            out.append(Piece(item.text, item.strong, item.emphasis, item.href))
        elif isinstance(item, NoteRef):
            out.append(Piece(note=document.notes[item.number - 1].cites or str(item.number)))
        elif isinstance(item, LineBreak):
            out.append(Piece(line_break=True))
    return out


def markup(pieces: list[Piece], plain: bool = False) -> str:
    """Return pieces in the report's inline markup: `**strong**`, `*emphasis*`,
    `[text](url)`, `[^id]`, a line break as a backslash before a newline. `plain`: a field
    without markup (a heading, a name): the text alone, a line break as a newline."""
    if plain:
        return "".join("\n" if p.line_break else p.text for p in pieces if p.note is None)
    out: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if piece.note is not None:
            out.append(f"[^{piece.note}]")
        elif piece.line_break:
            out.append("\\\n")
        elif piece.href is not None:
            end = index
            while end < len(pieces) and pieces[end].href == piece.href and not pieces[end].note:
                end += 1
            out.append(f"[{_marked(pieces[index:end])}]({piece.href})")
            index = end
            continue
        else:
            end = index
            while end < len(pieces) and _is_text(pieces[end]) and pieces[end].href is None:
                end += 1
            out.append(_marked(pieces[index:end]))
            index = end
            continue
        index += 1
    return "".join(out)


def _is_text(piece: Piece) -> bool:
    return piece.note is None and not piece.line_break


def _marked(pieces: list[Piece]) -> str:
    """Text pieces with emphasis and strong marks, neighbours of the same marks joined."""
    groups: list[tuple[tuple[bool, bool], str]] = []
    for piece in pieces:
        key = (piece.strong, piece.emphasis)
        if groups and groups[-1][0] == key:
            groups[-1] = (key, groups[-1][1] + piece.text)
        else:
            groups.append((key, piece.text))
    out = []
    for (strong, emphasis), text in groups:
        delimiter = ("**" if strong else "") + ("*" if emphasis else "")
        if delimiter and text.strip():
            # Markdown wants the marks against the words: spaces stay outside them.
            core = text.strip()
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(f"{lead}{delimiter}{core}{delimiter[::-1]}{trail}")
        else:
            out.append(text)
    return "".join(out)


# --------------------------------------------------------------------------- the payload


@dataclass
class Mark:
    name: str
    path: Origin
    printed: str
    plain: bool  # a plain-text field: no inline markup
    whole: bool  # the bookmark holds its whole paragraph


@dataclass
class Marks:
    """The marks a writer has put so far, and what the payload says about the footnotes."""

    marks: list[Mark] = field(default_factory=list)
    # bookmark name → the footnote's citation: (the note's or source's id, form, printed text)
    footnotes: dict[str, tuple[str | None, str, str]] = field(default_factory=dict)
    generated: list[str] = field(default_factory=list)  # texts of paragraphs without a field
    next_id: int = 0

    def new(self, path: Origin, printed: str, plain: bool, whole: bool) -> tuple[int, str]:
        """Return the id and name of a new bookmark for the field at `path`."""
        name = f"{MARK_PREFIX}{len(self.marks) + 1:06d}"
        self.marks.append(Mark(name, path, printed, plain, whole))
        self.next_id += 1
        return self.next_id - 1, name

    def new_footnote(self, cites: str | None, form: str, printed: str) -> tuple[int, str]:
        """Return the id and name of the empty bookmark that says what a footnote cites."""
        name = f"{NOTE_PREFIX}{len(self.footnotes) + 1:06d}"
        self.footnotes[name] = (cites, form, printed)
        self.next_id += 1
        return self.next_id - 1, name

    def payload(self, report: Any, document: Document) -> dict[str, Any]:
        return {
            "version": PAYLOAD_VERSION,
            "kind": document.kind,
            "language": document.language,
            "digits": document.digits,
            "report": report,
            "marks": [
                {
                    "name": m.name,
                    "path": list(m.path),
                    "printed": m.printed,
                    "plain": m.plain,
                    "whole": m.whole,
                }
                for m in self.marks
            ],
            "footnotes": {
                name: {"cites": cites, "form": form, "printed": printed}
                for name, (cites, form, printed) in self.footnotes.items()
            },
            "generated": self.generated,
            "images": [
                {
                    "path": [*picture.field_path, "file"],
                    "sha256": hashlib.sha256(picture.file.read_bytes()).hexdigest(),
                }
                for picture in document.pictures
            ],
        }


def add_payload(docx_document, payload: dict[str, Any]) -> None:
    """Store the payload in a custom XML part of the document, with its item properties."""
    package = docx_document.part.package
    root = etree.Element(f"{{{PAYLOAD_NS}}}origins", nsmap={"rk": PAYLOAD_NS})
    root.set("version", str(PAYLOAD_VERSION))
    root.text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
    item_name = package.next_partname("/customXml/item%d.xml")
    item = Part(item_name, CT.XML, etree.tostring(root, encoding="UTF-8", standalone=True), package)
    props_name = PackURI(item_name.replace("/item", "/itemProps"))
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, PAYLOAD_NS)).upper() + "}"
    props = Part(props_name, CT.OFC_CUSTOM_XML_PROPERTIES, _item_props(item_id), package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    docx_document.part.relate_to(item, RT.CUSTOM_XML)


def _item_props(item_id: str) -> bytes:
    ds = f"{{{_DATASTORE_NS}}}"
    root = etree.Element(f"{ds}datastoreItem", nsmap={"ds": _DATASTORE_NS})
    root.set(f"{ds}itemID", item_id)
    refs = etree.SubElement(root, f"{ds}schemaRefs")
    etree.SubElement(refs, f"{ds}schemaRef").set(f"{ds}uri", PAYLOAD_NS)
    return etree.tostring(root, encoding="UTF-8", standalone=True)
