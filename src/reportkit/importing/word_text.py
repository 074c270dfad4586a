"""The text of Word paragraphs: runs with their marks, links, note calls, images, tracked changes
and comments.

A paragraph's XML is walked in document order. Pending tracked changes are read as the document
was before them — a `w:ins` (or `w:moveTo`) is left out, a `w:del` (or `w:moveFrom`) kept — and
each is reported, so nothing an author has not accepted reaches the report silently.
Footnotes and endnotes get ids by their first call (`fn1`, `en1`, …), stable for one file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportkit.i18n import _, isolate
from reportkit.importing.draft import DraftNote
from reportkit.importing.word_inline import Segment, plain, to_markup
from reportkit.importing.word_parts import Styles, is_on, is_on_attr, w

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
# Elements whose children are the paragraph's content, as if they were not there.
TRANSPARENT = {w(tag) for tag in ("smartTag", "customXml", "bdo", "dir", "sdtContent")}
INSERTED = {w("ins"), w("moveTo")}
DELETED = {w("del"), w("moveFrom")}
EXCERPT = 80  # characters of a text quoted in a warning


@dataclass
class ReadParagraph:
    markup: str
    plain: str
    images: list = field(default_factory=list)  # (a:blip or v:imagedata, wp:docPr or None)
    text_boxes: list = field(default_factory=list)  # w:txbxContent: body content of its own


@dataclass
class _Change:
    kind: str  # "insertion" or "deletion"
    author: str
    text: str
    end: int  # how many segments the paragraph had when the change ended


class ParagraphReader:
    """Reads paragraphs of the body (and of the notes) into report markup."""

    def __init__(self, part, styles: Styles, *, footnotes, endnotes, comments, warnings):
        self.part = part
        self.styles = styles
        self.warnings = warnings
        self.note_parts = {"footnote": footnotes, "endnote": endnotes}
        self.note_ids: dict[tuple[str, str], str] = {}  # (kind, Word id) → fn1
        self.note_counts: dict[str, int] = {}
        self.comments = _comment_texts(comments)
        self.comment_anchors: dict[str, list[str]] = {}  # the words each comment is on
        self.open_comments: set[str] = set()
        self.reported_comments: set[str] = set()

    # ------------------------------------------------------------------ paragraphs

    def read(self, p, part=None) -> ReadParagraph:
        walk = _Walk(self, part or self.part)
        walk.children(p)
        text = plain(walk.segments).strip()
        self._report_changes(walk.changes)
        self._report_comments(walk.comment_calls, text)
        segments = _stripped(walk.segments)
        return ReadParagraph(to_markup(segments), plain(segments), walk.images, walk.text_boxes)

    def _report_changes(self, changes: list[_Change]) -> None:
        for change in changes:
            values = {"author": isolate(change.author), "text": isolate(_excerpt(change.text))}
            if change.kind == "insertion":
                message = _(
                    "pending tracked insertion by {author}: «{text}» (left out); accept or reject "
                    "it in Word and import again",
                    **values,
                )
            else:
                message = _(
                    "pending tracked deletion by {author}: «{text}» (kept); accept or reject it "
                    "in Word and import again",
                    **values,
                )
            self.warnings.append(message)

    def _report_comments(self, calls: list[str], paragraph: str) -> None:
        for comment_id in calls:
            if comment_id in self.reported_comments or comment_id not in self.comments:
                continue
            self.reported_comments.add(comment_id)
            author, text = self.comments[comment_id]
            anchor = "".join(self.comment_anchors.get(comment_id, [])).strip() or paragraph
            self.warnings.append(
                _(
                    "Word comment by {author} on «{anchor}» in the paragraph «{paragraph}»: "
                    "«{text}»",
                    author=isolate(author),
                    anchor=isolate(_excerpt(anchor)),
                    paragraph=isolate(_excerpt(paragraph)),
                    text=isolate(text),
                )
            )

    def left_out_graphic(self, drawing) -> None:
        docpr = drawing.find(f".//{WP}docPr")
        name = (docpr.get("name") if docpr is not None else None) or "?"
        self.warnings.append(
            _(
                "the chart or diagram {name} was left out (reportkit imports pictures); in Word, "
                "right-click it, choose Save as Picture (PNG) and insert the picture in its place",
                name=isolate(name),
            )
        )

    # ------------------------------------------------------------------ notes

    def note_call(self, kind: str, word_id: str) -> str:
        """Return the id of the note Word numbers `word_id`, giving it one on its first call."""
        key = (kind, word_id)
        if key not in self.note_ids:
            prefix = "fn" if kind == "footnote" else "en"
            self.note_counts[kind] = self.note_counts.get(kind, 0) + 1
            self.note_ids[key] = f"{prefix}{self.note_counts[kind]}"
        return self.note_ids[key]

    def notes(self) -> list[DraftNote]:
        """Return the notes the text calls, in order of first call."""
        notes = []
        elements = {kind: _notes_by_id(self.note_parts[kind], kind) for kind in self.note_parts}
        for (kind, word_id), note_id in list(self.note_ids.items()):
            part = self.note_parts[kind][0] if self.note_parts[kind] else None
            element = elements[kind].get(word_id)
            if element is None:
                continue
            texts = [self.read(p, part).markup for p in element.iter(w("p"))]
            text = " ".join(t for t in texts if t).strip()
            notes.append(DraftNote(id=note_id, text=text, kind=kind))  # type: ignore[arg-type]
        return notes


class _Walk:
    """One paragraph's walk: the segments so far and the marks in force."""

    def __init__(self, reader: ParagraphReader, part):
        self.reader = reader
        self.part = part
        self.segments: list[Segment] = []
        self.images: list = []
        self.text_boxes: list = []
        self.changes: list[_Change] = []
        self.comment_calls: list[str] = []
        self.href: str | None = None
        self.fields: list[dict] = []  # complex fields open around the text

    def children(self, element) -> None:
        for child in element:
            self.content(child)

    def content(self, element) -> None:
        tag = element.tag
        if tag == w("r"):
            self.run(element)
        elif tag == w("hyperlink"):
            self.hyperlink(element)
        elif tag in TRANSPARENT:
            self.children(element)
        elif tag == w("sdt"):  # an inline content control
            for content in element.iterchildren(w("sdtContent")):
                self.children(content)
        elif tag == w("fldSimple"):
            self.with_link(_field_link(element.get(w("instr"), "")), element)
        elif tag in INSERTED:
            self.change("insertion", element, keep=False)
        elif tag in DELETED:
            self.change("deletion", element, keep=True)
        elif tag == w("commentRangeStart"):
            self.reader.comment_anchors.setdefault(element.get(w("id"), ""), [])
            self.reader.open_comments.add(element.get(w("id"), ""))
        elif tag == w("commentRangeEnd"):
            self.reader.open_comments.discard(element.get(w("id"), ""))

    def hyperlink(self, element) -> None:
        rid = element.get(f"{R}id")
        relationship = self.part.rels.get(rid) if rid else None
        href = (
            relationship.target_ref
            if relationship is not None and relationship.is_external
            else None
        )
        self.with_link(href, element)

    def with_link(self, href: str | None, element) -> None:
        outer, self.href = self.href, href or self.href
        self.children(element)
        self.href = outer

    def change(self, kind: str, element, *, keep: bool) -> None:
        text = "".join(t.text or "" for t in element.iter(w("t"), w("delText")))
        author = element.get(w("author")) or _("an unknown author")
        last = self.changes[-1] if self.changes else None
        if last and (last.kind, last.author) == (kind, author) and last.end == len(self.segments):
            last.text += text
        elif text.strip():
            self.changes.append(_Change(kind, author, text, len(self.segments)))
        if keep:
            self.children(element)
        if self.changes and self.changes[-1].kind == kind:
            self.changes[-1].end = len(self.segments)

    # ------------------------------------------------------------------ runs

    def run(self, r) -> None:
        r_pr = r.find(w("rPr"))
        if r_pr is not None and is_on(r_pr.find(w("vanish"))):
            return  # hidden text is not part of what a reader reads
        style = _val(r_pr.find(w("rStyle"))) if r_pr is not None else None
        bold, italic = self._marks(r_pr, style)
        # A note's call, and the mark written after it when the note has a custom mark
        # (`w:customMarkFollows`), are not text.
        is_reference = self.reader.styles.is_note_reference(style) or any(
            is_on_attr(call.get(w("customMarkFollows")))
            for call in r.iterchildren(w("footnoteReference"), w("endnoteReference"))
        )
        for child in r:
            self.run_child(child, bold, italic, is_reference)

    def _marks(self, r_pr, style: str | None) -> tuple[bool, bool]:
        bold, italic = self.reader.styles.run_marks(style)
        if r_pr is not None:
            bold = _direct_toggle(r_pr, "b", "bCs", bold)
            italic = _direct_toggle(r_pr, "i", "iCs", italic)
        return bold, italic

    def run_child(self, child, bold: bool, italic: bool, is_reference: bool) -> None:
        tag = child.tag
        if tag in (w("t"), w("delText")):
            if not is_reference and not self._in_field_code():
                self.text(child.text or "", bold, italic)
        elif tag in (w("tab"), w("br"), w("cr")):
            if not self._in_field_code():
                self.text(" ", bold, italic)
        elif tag == w("noBreakHyphen"):
            self.text("-", bold, italic)
        elif tag in (w("footnoteReference"), w("endnoteReference")):
            kind = "footnote" if tag == w("footnoteReference") else "endnote"
            note_id = self.reader.note_call(kind, child.get(w("id"), ""))
            self.segments.append(Segment(f"[^{note_id}]", raw=True))
        elif tag == w("fldChar"):
            self.field_char(child.get(w("fldCharType")))
        elif tag == w("instrText") and self.fields:
            self.fields[-1]["code"] += child.text or ""
        elif tag in (w("drawing"), w("pict")) or tag == f"{MC}AlternateContent":
            boxes = _text_boxes(child)
            self.text_boxes.extend(boxes)
            images = [] if boxes else _images_in(child)
            self.images.extend(images)
            if not images and _is_graphic(child):
                self.reader.left_out_graphic(child)
        elif tag == w("commentReference"):
            self.comment_calls.append(child.get(w("id"), ""))

    def text(self, text: str, bold: bool, italic: bool) -> None:
        self.segments.append(Segment(text, bold, italic, self.href))
        for comment_id in self.reader.open_comments:
            self.reader.comment_anchors[comment_id].append(text)

    # ------------------------------------------------------------------ complex fields

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append({"code": "", "result": False, "outer": self.href})
        elif kind == "separate" and self.fields:
            self.fields[-1]["result"] = True
            self.href = _field_link(self.fields[-1]["code"]) or self.href
        elif kind == "end" and self.fields:
            self.href = self.fields.pop()["outer"]

    def _in_field_code(self) -> bool:
        return bool(self.fields) and not self.fields[-1]["result"]


def _direct_toggle(r_pr, tag: str, complex_tag: str, styled: bool) -> bool:
    """Return a run's bold or italic: its own `w:b` (or `w:bCs`, for Arabic) when it has one,
    else what its style says."""
    found = [e for e in (r_pr.find(w(tag)), r_pr.find(w(complex_tag))) if e is not None]
    return any(is_on(element) for element in found) if found else styled


def _field_link(code: str) -> str | None:
    """Return the address of a HYPERLINK field (`HYPERLINK "https://…" \\o "tip"`)."""
    words = code.strip().split('"')
    if not code.strip().upper().startswith("HYPERLINK") or len(words) < 2:
        return None
    return words[1] or None


def _images_in(element) -> list:
    """Return the pictures of a drawing, a VML picture or the first choice of an alternate."""
    if element.tag == f"{MC}AlternateContent":
        choice = element.find(f"{MC}Choice")
        return [
            image for child in (choice if choice is not None else []) for image in _images_in(child)
        ]
    docpr = element.find(f".//{WP}docPr")
    blips = [b for b in element.iter(f"{A}blip") if b.get(f"{R}embed")]
    blips += [v for v in element.iter(f"{V}imagedata") if v.get(f"{R}id")]
    return [(blip, docpr) for blip in blips[:1]]


def _text_boxes(drawing) -> list:
    """Return the contents of the text boxes a drawing holds (a pull quote, a sidebar), the
    outermost only; of an alternate, its first choice only (the fallback repeats it)."""
    if drawing.tag == f"{MC}AlternateContent":
        choice = drawing.find(f"{MC}Choice")
        return [
            box for child in (choice if choice is not None else []) for box in _text_boxes(child)
        ]
    return [box for box in drawing.iter(w("txbxContent")) if _outermost(box, drawing)]


def _outermost(box, drawing) -> bool:
    parent = box.getparent()
    while parent is not None and parent is not drawing:
        if parent.tag == w("txbxContent"):
            return False
        parent = parent.getparent()
    return True


def _is_graphic(drawing) -> bool:
    """Return True for a chart or a SmartArt diagram (a drawing that is not a picture)."""
    return any(
        data.get("uri", "").rstrip("/").rsplit("/", 1)[-1] in ("chart", "chartex", "diagram")
        for data in drawing.iter(f"{A}graphicData")
    )


def _stripped(segments: list[Segment]) -> list[Segment]:
    """Return the segments without whitespace at the start and the end of the paragraph."""
    segments = [s for s in segments if s.text]
    while segments and not segments[0].raw and not segments[0].text.strip():
        segments.pop(0)
    while segments and not segments[-1].raw and not segments[-1].text.strip():
        segments.pop()
    if segments and not segments[0].raw:
        segments[0] = Segment(segments[0].text.lstrip(), *_marks(segments[0]))
    if segments and not segments[-1].raw:
        segments[-1] = Segment(segments[-1].text.rstrip(), *_marks(segments[-1]))
    return segments


def _marks(segment: Segment) -> tuple:
    return segment.bold, segment.italic, segment.href


def _notes_by_id(part_and_root, kind: str) -> dict:
    """Return the notes of a footnotes or endnotes part by Word id (not the separators)."""
    if part_and_root is None:
        return {}
    return {
        note.get(w("id")): note
        for note in part_and_root[1].iterchildren(w(kind))
        if note.get(w("type")) in (None, "normal")
    }


def _comment_texts(comments) -> dict[str, tuple[str, str]]:
    """Return {comment id: (author, text)} from the comments part."""
    if comments is None:
        return {}
    _part, root = comments
    found = {}
    for comment in root.iterchildren(w("comment")):
        text = " ".join(
            "".join(t.text or "" for t in p.iter(w("t"))) for p in comment.iter(w("p"))
        ).strip()
        author = comment.get(w("author")) or _("an unknown author")
        found[comment.get(w("id"), "")] = (author, text)
    return found


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _val(element) -> str | None:
    return element.get(w("val")) if element is not None else None
