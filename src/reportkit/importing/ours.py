"""A DOCX that `reportkit build` wrote, read back: where each text came from, and what it says now.

(Interface shared by the round trip and by `edits.py`.) Build marks every text it writes from
a field of the report with a hidden bookmark `_rk…` and stores the report data and, per mark,
the field's path and printed text in a custom XML part (render/docx/marks.py has the format).
Reading follows the bookmarks:

- A mark's text is what lies between its bookmark's start and end, in the report's inline
  markup (`**strong**` for the Strong style or bold, `*emphasis*` for Emphasis or italic,
  `[text](url)` for a hyperlink, `[^id]` for a footnote reference: the id of the note or source
  the footnote stands for, `[^word-N]` for a footnote added in Word). A mark that held its
  whole paragraph reads the whole paragraph, so words typed at its end belong to it. A mark
  cut by a paragraph break ends with its first paragraph; the rest reads as added text.
- A paragraph without a mark that build did not write (not one of its labels, not the
  contents) is text an editor added; `after` is the path of the marked text before it, in
  the body (the footnotes start afresh: a footnote added in Word follows no body text, and
  reads with `in_footnote`).
- Each footnote build wrote also reads whole, under its citation's path (`("sources", i)`,
  `("notes", i)`) with the text it printed: a source's note prints words no field holds (a
  date in words, a short title, the punctuation between fields), and an edit there is seen
  only in the whole text. A paragraph without a mark inside such a footnote is part of it.
- Tracked changes not accepted yet: the text reads without pending insertions and with
  pending deletions (as the report has it), and each is listed in `pending`. Accepted changes
  are simply the text. Comments are listed on the text where their range starts.
- Digits: in a report printed with Arabic-Indic digits, the writer wrote digits as ٠–٩
  (with ٫ and ٬ in numbers) wherever a run had no Latin letter. Reading turns every ٠–٩ back
  into 0–9 and ٫ ٬ between digits into . , — the report's own digits, exactly, unless the
  report itself spelt digits in Arabic-Indic; and the direction marks (U+200E, U+200F) the
  writer adds around signed numbers and between fields of a note are dropped. `printed` is
  normalized the same way, so an unchanged text reads equal to it; `report_data` keeps the
  report's own value of a field whose text is unchanged, so the reversal is exact there.
- Images: `embedded_images` gives, per image the report names, its bytes as the file holds
  them (found by their hash among `word/media/`), so a report imported elsewhere keeps them.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from reportkit.errors import UsageError
from reportkit.i18n import _, isolate
from reportkit.importing.word_file import check_word_file
from reportkit.render.docx.marks import (
    MARK_PREFIX,
    NOTE_PREFIX,
    PAYLOAD_NS,
    PAYLOAD_VERSION,
    Piece,
    markup,
)

ReportPath = tuple[str | int, ...]  # a field of the report: ("sections", 2, "paragraphs", 0)


@dataclass
class PendingChange:
    """A tracked change in Word not accepted yet: reported, never applied."""

    kind: Literal["insertion", "deletion"]
    text: str
    author: str | None = None


@dataclass
class WordComment:
    author: str | None
    text: str
    anchor: str  # the commented words


@dataclass
class ReadText:
    """One text of the Word file that build wrote from a field of the report (a paragraph, a
    heading, a list item, a cell, a footnote), or one an editor added."""

    path: ReportPath | None  # the report field it came from; None for text added in Word
    text: str  # now, in report markup; pending insertions left out, pending deletions kept
    printed: str | None  # what build wrote there (None for added text)
    after: ReportPath | None = None  # for added text: the field it follows
    pending: list[PendingChange] = field(default_factory=list)
    comments: list[WordComment] = field(default_factory=list)
    in_footnote: bool = False  # read from a footnote (a whole one, a field in it, or added)


@dataclass
class OurDocx:
    source: Path
    report: dict[str, Any]  # the report data as build read it (YAML loaded as plain data)
    texts: list[ReadText]  # in document order
    # Every field build marked, in the order it wrote them (a field printed twice, twice): a
    # path that `texts` lacks is text an editor deleted.
    marked: list[ReportPath] = field(default_factory=list)
    # Footnotes an editor added in Word: the id their calls read as (`word-N`) → their text.
    added_notes: dict[str, str] = field(default_factory=dict)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CUSTOM_XML_PART = re.compile(r"^customXml/item\d+\.xml$")
_FROM_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_FROM_ANY_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٪", "01234567890123456789%")
_GROUPING = re.compile(r"(?<=[0-9]),(?=[0-9]{3})")
_ARABIC_SEPARATOR = re.compile(r"(?<=[0-9])[٫٬](?=[0-9])")
_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f")
_MARK_NAME = re.compile(rf"^{MARK_PREFIX}n?[0-9]{{6}}")
# Elements that only wrap runs: read what they hold.
_CONTAINERS = {
    f"{{{W}}}{name}" for name in ("smartTag", "customXml", "fldSimple", "sdt", "sdtContent")
}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def is_ours(path: Path) -> bool:
    """Return True when the DOCX at `path` was written by `reportkit build`."""
    try:
        with zipfile.ZipFile(path) as package:
            return _payload(package) is not None
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, json.JSONDecodeError):
        return False


def read_ours(path: Path) -> OurDocx:
    """Read a DOCX that build wrote; raise UsageError for any other file."""
    if Path(path).suffix.lower() not in (".docx", ".doc"):
        raise UsageError(
            _(
                "{file} is not a Word file (.docx); --into compares the Word file "
                "`reportkit build` wrote, after an editor changed it, with the report",
                file=isolate(path),
            )
        )
    check_word_file(Path(path))  # a .doc, a password, a damaged or empty file: what to do
    try:
        with zipfile.ZipFile(path) as package:
            payload = _payload(package)
            names = package.namelist()
            parts = {name: package.read(name) for name in _PARTS if name in names}
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, json.JSONDecodeError) as error:
        raise UsageError(f"{path}: cannot read it as a Word file ({error})") from None
    if payload is None or "word/document.xml" not in parts:
        raise UsageError(
            f"{path}: not a Word file that `reportkit build` wrote (it carries no report); "
            "import it without --into to start a report from it"
        )
    if payload.get("version") != PAYLOAD_VERSION:
        raise UsageError(
            f"{path}: written by another version of reportkit (origins version "
            f"{payload.get('version')}, this one reads {PAYLOAD_VERSION}); build it again"
        )
    reader = _Reader(payload, parts)
    marked = [tuple(mark["path"]) for mark in payload.get("marks", [])]
    texts = reader.read()
    return OurDocx(Path(path), payload["report"], texts, marked, reader.added_notes)


def report_data(path: Path) -> dict[str, Any]:
    """Return the report a DOCX that build wrote holds: its fields as the document says them.

    A field whose text is unchanged keeps the report's own value; a changed one takes the
    text read (the first changed one, for a field printed in more than one place). A footnote
    added in Word becomes a free note `word-N`, the id its call reads as."""
    ours = read_ours(path)
    data = copy.deepcopy(ours.report)
    notes = data.setdefault("notes", []) if ours.added_notes else []
    known = {note.get("id") for note in notes if isinstance(note, dict)}
    notes += [
        {"id": note_id, "text": text}
        for note_id, text in ours.added_notes.items()
        if text and note_id not in known
    ]
    chosen: dict[ReportPath, ReadText] = {}
    for text in ours.texts:
        if text.path is None:
            continue
        if text.path not in chosen or (chosen[text.path].text == chosen[text.path].printed):
            chosen[text.path] = text
    for report_path, text in chosen.items():
        if text.text != text.printed:
            _set(data, report_path, text.text)
    return data


def embedded_images(path: Path) -> dict[ReportPath, bytes | None]:
    """Return, per `file` field of an image the report names, the image's bytes as the DOCX
    that build wrote holds them (None for an image the editor replaced or deleted)."""
    try:
        with zipfile.ZipFile(path) as package:
            payload = _payload(package) or {}
            media = {
                hashlib.sha256(data).hexdigest(): data
                for data in (
                    package.read(name)
                    for name in package.namelist()
                    if name.startswith("word/media/")
                )
            }
    except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, json.JSONDecodeError) as error:
        raise UsageError(f"{path}: cannot read it as a Word file ({error})") from None
    return {
        tuple(image["path"]): media.get(image.get("sha256", ""))
        for image in payload.get("images", [])
    }


# --------------------------------------------------------------------------- the payload

_PARTS = (
    "word/document.xml",
    "word/footnotes.xml",
    "word/comments.xml",
    "word/_rels/document.xml.rels",
)


def _payload(package: zipfile.ZipFile) -> dict[str, Any] | None:
    for name in package.namelist():
        if not _CUSTOM_XML_PART.match(name):
            continue
        root = etree.fromstring(package.read(name))
        if root.tag == f"{{{PAYLOAD_NS}}}origins":
            return json.loads(root.text or "{}")
    return None


def _set(data: Any, path: ReportPath, text: str) -> None:
    """Set the field at `path` to `text` (a number field to the number, when it reads as one)."""
    holder = data
    try:
        for key in path[:-1]:
            holder = holder[key]
        old = holder[path[-1]]
    except (KeyError, IndexError, TypeError):
        return  # the report data has no such field: nothing to replace
    if isinstance(old, (dict, list)):
        return  # a footnote's whole text: its fields, read on their own, say the changes
    if (isinstance(old, (int, float)) and not isinstance(old, bool)) or path[-1] == "value":
        number = _number(text)
        if number is None:
            return
        holder[path[-1]] = number
        return
    holder[path[-1]] = text


def _number(text: str) -> int | float | None:
    cleaned = text.replace(",", "").replace("\u066c", "").replace("\u066b", ".").strip()
    try:
        return int(cleaned)
    except ValueError:
        try:
            return float(cleaned)
        except ValueError:
            return None


# --------------------------------------------------------------------------- reading


@dataclass
class _Open:
    """A mark being read: the pieces inside it so far."""

    name: str
    pieces: list[Piece] = field(default_factory=list)
    pending: list[PendingChange] = field(default_factory=list)
    comments: list[WordComment] = field(default_factory=list)


class _Reader:
    def __init__(self, payload: dict[str, Any], parts: dict[str, bytes]):
        self.payload = payload
        self.marks = {m["name"]: m for m in payload.get("marks", [])}
        self.indic = payload.get("digits") == "arabic-indic"
        self.generated = Counter(text.strip() for text in payload.get("generated", []))
        self.links = _hyperlinks(parts.get("word/_rels/document.xml.rels"))
        self.comments = _comments(parts.get("word/comments.xml"))
        self.document = etree.fromstring(parts["word/document.xml"])
        footnotes = parts.get("word/footnotes.xml")
        self.footnotes = etree.fromstring(footnotes) if footnotes else None
        self.footnote_cites = _footnote_cites(self.footnotes, payload.get("footnotes", {}))
        self.texts: list[ReadText] = []
        self.last_path: ReportPath | None = None
        self.added_notes: dict[str, str] = {}

    def read(self) -> list[ReadText]:
        body = self.document.find(_w("body"))
        if body is not None:
            for paragraph in body.iter(_w("p")):
                self.paragraph(paragraph)
        if self.footnotes is not None:
            self.last_path = None  # an added footnote follows no text of the body
            for note in self.footnotes.iterfind(_w("footnote")):
                if note.get(_w("type")) in (None, "normal"):
                    self.footnote(note)
        return self.texts

    def footnote(self, note) -> None:
        """Read a footnote: its marked fields, then (one build wrote) its whole text under
        its citation's path; a footnote without a citation is one an editor added."""
        first = len(self.texts)
        whole = self.whole_note(note)
        everything = _Open("")
        for paragraph in note.iter(_w("p")):
            events: list[tuple[str, Any]] = []
            self.events(paragraph, events, _Format())
            marked = any(kind == "start" and value in self.marks for kind, value in events)
            if whole is None or marked:
                self.paragraph(paragraph, events)
            else:  # a paragraph of the footnote's own words: they read in the whole text
                everything.pending += [v for k, v in events if k == "pending"]
                everything.comments += self.loose_comments(events)
            if everything.pieces:
                everything.pieces.append(Piece(line_break=True))
            everything.pieces += [value for kind, value in events if kind == "piece"]
        for read in self.texts[first:]:
            read.in_footnote = True
        text = self.normal(markup(everything.pieces)).strip()
        note_id = note.get(_w("id"), "")
        if note_id not in self.footnote_cites:  # added in Word: its call reads `[^word-N]`
            self.added_notes[f"word-{note_id}"] = text
        if whole is not None:
            path, printed = whole
            self.texts.append(
                ReadText(
                    path,
                    text,
                    self.normal(printed).strip(),
                    pending=everything.pending,
                    comments=everything.comments,
                    in_footnote=True,
                )
            )

    def whole_note(self, note) -> tuple[ReportPath, str] | None:
        """Return the path of the source or note a footnote build wrote cites, and the
        footnote's printed text; None for a footnote added in Word."""
        for start in note.iter(_w("bookmarkStart")):
            entry = self.payload.get("footnotes", {}).get(_mark_name(start.get(_w("name"), "")))
            if entry and entry.get("cites") and entry.get("printed") is not None:
                path = _citation_path(self.payload.get("report"), entry["cites"])
                if path is not None:
                    return path, entry["printed"]
        return None

    # ---- one paragraph

    def paragraph(self, paragraph, events: list[tuple[str, Any]] | None = None) -> None:
        """Read one paragraph (its `events`, when read already): the marks that start in
        it, or text an editor added."""
        if events is None:
            events = []
            self.events(paragraph, events, _Format())
        started = [value for kind, value in events if kind == "start" and value in self.marks]
        if not started:
            self.unmarked(paragraph, events)
            return
        ids = dict(value for kind, value in events if kind == "start_id")  # id → name
        active: list[_Open] = []
        done: list[_Open] = []
        comment_targets: dict[str, list[_Open]] = {}  # comment id → marks open at its start
        anchors: dict[str, list[str]] = {}  # comment id → the words in its range so far
        loose: list[WordComment] = []  # comments that start outside every mark
        everything = _Open("")
        for kind, value in events:
            if kind == "start" and value in self.marks:
                active.append(_Open(value))
            elif kind == "end":
                name = ids.get(value)
                for mark in [m for m in active if m.name == name]:
                    active.remove(mark)
                    done.append(mark)
            elif kind == "piece":
                everything.pieces.append(value)
                for mark in active:
                    mark.pieces.append(value)
                for anchor in anchors.values():
                    anchor.append(value.text)
            elif kind == "pending":
                everything.pending.append(value)
                for mark in active:
                    mark.pending.append(value)
            elif kind == "comment_start":
                comment_targets[value] = list(active)
                anchors[value] = []
            elif kind == "comment_end" and value in anchors:
                anchor = anchors.pop(value)
                self.attach_comment(value, "".join(anchor), comment_targets[value], loose)
        done += active  # a mark cut by a paragraph break ends with its first paragraph
        for value, anchor in anchors.items():  # a range that goes on into the next paragraph
            self.attach_comment(value, "".join(anchor), comment_targets[value], loose)
        order = {name: index for index, name in enumerate(started)}
        done.sort(key=lambda mark: order.get(mark.name, 0))
        for mark in done:
            if len(started) == 1 and self.marks[mark.name].get("whole"):
                mark.pieces, mark.pending = everything.pieces, everything.pending
            info = self.marks[mark.name]
            path = tuple(info["path"])
            plain = bool(info.get("plain"))
            self.texts.append(
                ReadText(
                    path=path,
                    text=self.as_report(path, markup(mark.pieces, plain)),
                    printed=self.as_report(path, info["printed"]),
                    pending=mark.pending,
                    comments=mark.comments,
                )
            )
            self.last_path = path
        self.texts[-1].comments += loose  # the paragraph's last text

    def attach_comment(
        self, comment_id: str, anchor: str, marks: list[_Open], loose: list[WordComment]
    ) -> None:
        """Put a comment on the mark its range starts in (else on the paragraph's text)."""
        author, text = self.comments.get(comment_id, (None, ""))
        comment = WordComment(author, text, self.normal(anchor))
        (marks[0].comments if marks else loose).append(comment)

    def unmarked(self, paragraph, events: list[tuple[str, Any]]) -> None:
        """A paragraph without a mark: text an editor added, unless build wrote it."""
        pieces = [value for kind, value in events if kind == "piece"]
        text = markup(pieces)
        pending = [value for kind, value in events if kind == "pending"]
        if _is_contents(paragraph, pieces) or not (text.strip() or pending):
            return  # the contents, or an empty paragraph (one between tables, a page break)
        if self.generated[text.strip()] > 0:
            self.generated[text.strip()] -= 1
            return
        self.texts.append(
            ReadText(
                None,
                self.normal(text),
                None,
                after=self.last_path,
                pending=pending,
                comments=self.loose_comments(events),
            )
        )

    def loose_comments(self, events: list[tuple[str, Any]]) -> list[WordComment]:
        """Return the comments whose range lies in a paragraph's events, with their words."""
        comments = []
        anchors: dict[str, list[str]] = {}
        for kind, value in events:
            if kind == "comment_start":
                anchors[value] = []
            elif kind == "piece":
                for words in anchors.values():
                    words.append(value.text)
            elif kind == "comment_end" and value in anchors:
                author, body = self.comments.get(value, (None, ""))
                comments.append(WordComment(author, body, self.normal("".join(anchors[value]))))
        return comments

    def as_report(self, path: ReportPath, text: str) -> str:
        """Return a marked text with its digits as the report writes them: the report's own
        value where the text is that value digits aside, else `normal(text)`."""
        value = _value_at(self.payload.get("report"), path)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and _folded(text) == _folded(value.strip()):
            return value.strip()
        return self.normal(text)

    def normal(self, text: str) -> str:
        """Return text with the writer's direction marks dropped and, in a report printed
        with Arabic-Indic digits, its digits back to the report's (see the module's notes)."""
        text = text.translate(_DIRECTION_MARKS)
        if self.indic:
            text = text.translate(_FROM_ARABIC_INDIC)
            text = _ARABIC_SEPARATOR.sub(lambda m: "." if m.group() == "٫" else ",", text)
        return text

    # ---- the events of a paragraph, in order

    def events(self, element, out: list[tuple[str, Any]], fmt: _Format) -> None:
        for child in element:
            tag = child.tag
            if tag == _w("bookmarkStart"):
                name = _mark_name(child.get(_w("name"), ""))
                if name.startswith(MARK_PREFIX) and not name.startswith(NOTE_PREFIX):
                    out.append(("start", name))
                    out.append(("start_id", (child.get(_w("id")), name)))
            elif tag == _w("bookmarkEnd"):
                out.append(("end", child.get(_w("id"))))
            elif tag == _w("r"):
                self.run(child, out, fmt)
            elif tag == _w("hyperlink"):
                href = self.links.get(child.get(f"{{{R}}}id", ""))
                if href is None and child.get(_w("anchor")):
                    href = "#" + child.get(_w("anchor"))
                self.events(child, out, fmt.but(href=href))
            elif tag in (_w("ins"), _w("moveTo")):
                inserted: list[tuple[str, Any]] = []
                self.events(child, inserted, fmt)
                words = "".join(v.text for k, v in inserted if k == "piece")
                out += [(k, v) for k, v in inserted if k not in ("piece", "pending")]
                out.append(("pending", PendingChange("insertion", words, child.get(_w("author")))))
            elif tag in (_w("del"), _w("moveFrom")):
                deleted: list[tuple[str, Any]] = []
                self.events(child, deleted, fmt.but(deleted=True))
                words = "".join(v.text for k, v in deleted if k == "piece")
                out += deleted
                out.append(("pending", PendingChange("deletion", words, child.get(_w("author")))))
            elif tag == _w("commentRangeStart"):
                out.append(("comment_start", child.get(_w("id"))))
            elif tag == _w("commentRangeEnd"):
                out.append(("comment_end", child.get(_w("id"))))
            elif tag in _CONTAINERS:
                self.events(child, out, fmt)

    def run(self, run, out: list[tuple[str, Any]], fmt: _Format) -> None:
        fmt = fmt.of_run(run)
        for child in run:
            tag = child.tag
            if tag == _w("t") or (tag == _w("delText") and fmt.deleted):
                out.append(("piece", fmt.piece(child.text or "")))
            elif tag == _w("tab"):
                out.append(("piece", fmt.piece("\t")))
            elif tag == _w("br") and child.get(_w("type")) in (None, "textWrapping"):
                out.append(("piece", Piece(line_break=True)))
            elif tag == _w("footnoteReference"):
                note_id = child.get(_w("id"), "")
                cites = self.footnote_cites.get(note_id) or f"word-{note_id}"
                out.append(("piece", Piece(note=cites)))
            elif tag == _w("footnoteRef"):
                continue  # the number at the start of a footnote


@dataclass(frozen=True)
class _Format:
    strong: bool = False
    emphasis: bool = False
    href: str | None = None
    deleted: bool = False
    note_mark: bool = False

    def but(self, **changes: Any) -> _Format:
        values = {**self.__dict__, **changes}
        return _Format(**values)

    def of_run(self, run) -> _Format:
        rpr = run.find(_w("rPr"))
        if rpr is None:
            return self
        style = rpr.find(_w("rStyle"))
        style_id = style.get(_w("val")) if style is not None else ""
        strong = self.strong or style_id == "Strong" or _on(rpr.find(_w("b")))
        emphasis = self.emphasis or style_id == "Emphasis" or _on(rpr.find(_w("i")))
        return self.but(strong=strong, emphasis=emphasis, note_mark=style_id == "FootnoteReference")

    def piece(self, text: str) -> Piece:
        if self.note_mark:  # the mark and the space after it that begin a footnote
            return Piece("")
        return Piece(text, self.strong, self.emphasis, self.href)


def _value_at(data: Any, path: ReportPath) -> Any:
    try:
        for key in path:
            data = data[key]
    except (KeyError, IndexError, TypeError):
        return None
    return data


def _folded(text: str) -> str:
    """Return text with every digit Latin, number separators and grouping commas dropped, and
    without direction marks: two texts that differ only in how digits are written fold equal."""
    text = text.translate(_DIRECTION_MARKS).translate(_FROM_ANY_DIGITS)
    return _GROUPING.sub("", _ARABIC_SEPARATOR.sub(".", text))


def _citation_path(report: Any, cites: str) -> ReportPath | None:
    """Return the path of the source or free note whose id is `cites`."""
    for key in ("sources", "notes"):
        items = report.get(key) if isinstance(report, dict) else None
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and item.get("id") == cites:
                return (key, index)
    return None


def _mark_name(name: str) -> str:
    """Return a bookmark's name as build wrote it: LibreOffice adds `_Copy_1` to those in
    footnotes when it saves."""
    match = _MARK_NAME.match(name)
    return match.group() if match else name


def _footnote_cites(footnotes, cites: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Return footnote id → the id of the note or source it cites, from the `_rkn` bookmark
    each footnote build wrote holds (footnotes added in Word have none)."""
    if footnotes is None:
        return {}
    out = {}
    for note in footnotes.iterfind(_w("footnote")):
        for start in note.iter(_w("bookmarkStart")):
            entry = cites.get(_mark_name(start.get(_w("name"), "")))
            if entry and entry.get("cites"):
                out[note.get(_w("id"), "")] = entry["cites"]
    return out


def _on(toggle) -> bool:
    return toggle is not None and toggle.get(_w("val")) not in ("0", "false", "off")


def _is_contents(paragraph, pieces: list[Piece]) -> bool:
    """An entry of the contents: in a TOC style, or (LibreOffice renames the styles) all a
    link to a heading's `_Toc` bookmark."""
    style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    if style is not None and style.get(_w("val"), "").startswith("TOC"):
        return True
    texts = [piece for piece in pieces if piece.text.strip()]
    return bool(texts) and all((p.href or "").startswith("#_Toc") for p in texts)


def _hyperlinks(rels: bytes | None) -> dict[str, str]:
    if not rels:
        return {}
    root = etree.fromstring(rels)
    return {
        rel.get("Id", ""): rel.get("Target", "")
        for rel in root
        if rel.get("TargetMode") == "External" and rel.get("Type", "").endswith("/hyperlink")
    }


def _comments(xml: bytes | None) -> dict[str, tuple[str | None, str]]:
    if not xml:
        return {}
    root = etree.fromstring(xml)
    return {
        comment.get(_w("id"), ""): (
            comment.get(_w("author")),
            "\n".join(
                "".join(t.text or "" for t in p.iter(_w("t"))) for p in comment.iter(_w("p"))
            ),
        )
        for comment in root.iterfind(_w("comment"))
    }
