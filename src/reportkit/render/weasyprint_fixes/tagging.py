"""What the tagged PDF tells a screen reader (pdf/ua-1): WeasyPrint 70 builds the structure
tree from the box tree, one element per box, named by the box's HTML tag
(`weasyprint/pdf/tags.py`, `_get_pdf_tag`); it reads no `role` attribute
(Kozea/WeasyPrint#2550) and has open work on figures and links (#2482, the PDF/UA issue).
Four things come out wrong for our reports, and `tag_structure` corrects them by wrapping
`_build_box_tree` and `gather_anchors`, without editing their source:

- A heading or paragraph with a block inside (the cover's title, whose kicker is
  `display: block`) is split into anonymous boxes that carry the same tag: an H1 inside the
  H1, which makes two first-level headings. Anonymous boxes of a heading, a paragraph or a
  link now give their content to the element itself.
- A link's descendants each get a link annotation of their own, and each pseudo-element a
  Link element: a contents entry (`a::after` with a leader and a page number) was three
  nested Links with three annotations. An inline box inside a link now takes no annotation
  of its own (the link's covers it), and the link's pseudo-elements give their text to it.
- Footnote bodies (`float: footnote`) were Span elements in an untyped area: they are Note
  elements, with the /ID PDF/UA requires, their marker a Lbl and their call a Reference.
- A `<figure>` was untyped (NonStruct). A figure made of text — no image, no quotation: a
  key figure — is a Figure whose /Alt is its text, which is what a reader announces.

When WeasyPrint's code no longer has what this relies on (`_unexpected` says what), nothing
is wrapped and the structure tree is WeasyPrint's own.
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from reportkit.render.weasyprint_fixes.patching import function_source

log = logging.getLogger(__name__)

# Elements no element of the same type may nest in.
_UNNESTED = frozenset(
    {"H1", "H2", "H3", "H4", "H5", "H6", "P", "Link", "Sect", "Art", "Part", "Div", "BlockQuote"}
)
_TREE_PARAMETERS = ["box", "parent", "pdf", "page_number", "nums", "annotations", "tags"]
_ANCHOR_PARAMETERS = [
    *("box", "anchors", "links", "bookmarks", "forms"),
    *("parent_matrix", "parent_form", "parent_link"),
]
# Lines of WeasyPrint's code the wrappers depend on: the tag taken from the HTML tag, a
# link inherited by every descendant box.
_TREE_SOURCE = ("tag = _get_pdf_tag(element_tag)", "if box.link_annotation:", "yield element")
_ANCHOR_SOURCE = ("link = box.link or parent_link",)
_WORD_CONTROLS = str.maketrans("", "", "\u2060\u200b")  # our word joiners and breaks

# Off only to compare with WeasyPrint's own tree.
_enabled: ContextVar[bool] = ContextVar("tagging", default=True)


@contextmanager
def without_tagging_fixes():
    """Inside this block PDFs get WeasyPrint's own structure tree and link annotations."""
    token = _enabled.set(False)
    try:
        yield
    finally:
        _enabled.reset(token)


def tag_structure() -> bool:
    """Wrap WeasyPrint's structure-tree builder and link gathering; return whether it did."""
    from weasyprint import anchors, document
    from weasyprint.pdf import tags

    problem = _unexpected(tags, anchors, document)
    if problem:
        log.warning(
            "WeasyPrint's PDF tagging changed (%s): its own structure tree is used", problem
        )
        return False
    tags._build_box_tree = _tree_builder(tags._build_box_tree, tags._get_pdf_tag)
    anchors.gather_anchors = document.gather_anchors = _anchor_gatherer(anchors.gather_anchors)
    return True


def _unexpected(tags, anchors, document) -> str | None:
    """Return what in WeasyPrint's code differs from what the wrappers expect, or None."""
    from weasyprint.formatting_structure import boxes

    build = _original(getattr(tags, "_build_box_tree", None))
    gather = _original(getattr(anchors, "gather_anchors", None))
    pdf_tag = getattr(tags, "_get_pdf_tag", None)
    if build is None or gather is None or pdf_tag is None:
        return "a function is missing"
    if _parameters(build) != _TREE_PARAMETERS or _parameters(gather) != _ANCHOR_PARAMETERS:
        return "a signature changed"
    if _original(getattr(document, "gather_anchors", None)) is not gather:
        return "the document no longer gathers links with anchors.gather_anchors"
    if not _has_lines(build, _TREE_SOURCE) or not _has_lines(gather, _ANCHOR_SOURCE):
        return "the code changed"
    if [pdf_tag(tag) for tag in ("figure", "a", "h1", "p")] != ["NonStruct", "Link", "H1", "P"]:
        return "the tag mapping changed"
    if not hasattr(boxes.ParentBox, "copy_with_children") or not hasattr(boxes, "FootnoteAreaBox"):
        return "the boxes changed"
    return None


def _original(function):
    return getattr(function, "__wrapped__", function)


def _parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def _has_lines(function, lines: tuple[str, ...]) -> bool:
    source = function_source(function)
    return all(source.count(line) == 1 for line in lines)


def _tree_builder(build, pdf_tag):
    """Return `_build_box_tree` that merges same-tag anonymous boxes and retypes elements."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder

    # The footnote bodies of the page's footnote area, per thread: layout sets their `float`
    # to none, so the area they sit in is what tells them apart.
    notes = threading.local()

    @functools.wraps(build)
    def build_box_tree(box, parent, pdf, page_number, nums, annotations, tags) -> Iterator:
        if not _enabled.get():
            yield from build(box, parent, pdf, page_number, nums, annotations, tags)
            return
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        if isinstance(box, boxes.FootnoteAreaBox):
            notes.ids = {id(child) for child in box.children}
        is_note = id(box) in getattr(notes, "ids", ())
        box = _merged(box, pdf_tag)
        for element in build(box, parent, pdf, page_number, nums, annotations, tags):
            _retype(element, box, is_note)
            yield element

    return build_box_tree


def _merged(box, pdf_tag):
    """Return `box` with the boxes that would repeat its element type replaced by their
    children: anonymous blocks of a heading or paragraph, pseudo-elements of a link."""
    from weasyprint.formatting_structure import boxes

    if not isinstance(box, boxes.ParentBox) or isinstance(box, boxes.LineBox):
        return box
    tag = pdf_tag(box.element_tag) if box.element is not None else None
    if tag not in _UNNESTED:
        return box
    children = list(_unnested_children(box, tag, pdf_tag))
    return box if children == box.children else box.copy_with_children(children)


def _unnested_children(box, tag: str, pdf_tag) -> Iterator:
    from weasyprint.formatting_structure import boxes

    for child in box.children:
        repeats = (
            isinstance(child, boxes.ParentBox)
            and not isinstance(child, boxes.LineBox)
            and child.element is box.element
            and pdf_tag(child.element_tag) == tag
        )
        if repeats:
            yield from _unnested_children(child, tag, pdf_tag)
        else:
            yield child


def _retype(element, box, is_note: bool) -> None:
    """Give footnotes and text figures the element types their content calls for."""
    import pydyf

    tag = box.element_tag or ""
    if is_note:
        element["S"] = "/Note"
        element["ID"] = pydyf.String(f"note-{element.number}")  # PDF/UA: every Note has an ID
    elif tag.endswith("::footnote-marker"):
        element["S"] = "/Lbl"
    elif tag.endswith("::footnote-call"):
        element["S"] = "/Reference"
    elif tag == "figure" and _is_text_figure(box.element):
        element["S"] = "/Figure"
        element["Alt"] = pydyf.String(_figure_text(box))
        x, y = box.border_box_x(), box.border_box_y()
        bbox = pydyf.Array((x, y, x + box.border_width(), y + box.border_height()))
        element["A"] = pydyf.Dictionary({"O": "/Layout", "BBox": bbox})


def _is_text_figure(html_element) -> bool:
    """Return whether a figure holds neither an image nor a quotation."""
    names = {child.tag.rsplit("}", 1)[-1] for child in html_element.iter()}
    return not names & {"img", "svg", "blockquote", "picture", "video", "canvas"}


def _figure_text(box) -> str:
    """Return the text a figure shows, in reading order, without its note calls."""
    from weasyprint.formatting_structure import boxes

    def texts(parent) -> Iterator[str]:
        for child in parent.children:
            if (child.element_tag or "").endswith("::footnote-call"):
                continue
            if isinstance(child, boxes.TextBox):
                yield child.text
            elif isinstance(child, boxes.ParentBox):
                yield from texts(child)
            if isinstance(child, (boxes.LineBox, boxes.BlockBox)):
                yield " "  # a line or block ends: the words on either side are apart

    return " ".join("".join(texts(box)).translate(_WORD_CONTROLS).split())


def _anchor_gatherer(gather):
    """Return `gather_anchors` that gives no link annotation to an inline box whose link is
    only its ancestor's: the ancestor's annotation already covers it."""
    from weasyprint.formatting_structure import boxes

    @functools.wraps(gather)
    def gather_anchors(
        box,
        anchors,
        links,
        bookmarks,
        forms,
        parent_matrix=None,
        parent_form=None,
        parent_link=None,
    ):
        inherited = parent_link is not None and box.link is None
        if _enabled.get() and inherited and isinstance(box, boxes.InlineBox):
            parent_link = None
        return gather(
            box, anchors, links, bookmarks, forms, parent_matrix, parent_form, parent_link
        )

    return gather_anchors
