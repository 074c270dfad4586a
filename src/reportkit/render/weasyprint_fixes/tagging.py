"""What the tagged PDF (pdf/ua-1) tells a screen reader. WeasyPrint 70 builds the structure
tree from the box tree, one element per box named by its HTML tag; it reads no `role`
(Kozea/WeasyPrint#2550) and has open work on figures and links (#2482, PDF/UA). We wrap
`_build_box_tree` and `gather_anchors`, without editing their source, for four things:

- A heading or paragraph with a block inside (the cover's title and its kicker) is split
  into anonymous boxes with the same tag: an H1 inside the H1. They give their content to
  the element itself, as a link's pseudo-elements do (a contents entry was three Links).
- An inline box inside a link gets no link annotation of its own: the link's covers it.
- Footnote bodies are Note elements with the /ID PDF/UA requires, their marker a Lbl and
  their call a Reference (WeasyPrint: Spans in an untyped area).
- A figure of text only (a key figure; WeasyPrint: NonStruct) is a Figure whose /Alt is its
  text, which is what a reader announces.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator

from reportkit.render.weasyprint_fixes.patching import contains, is_on, require, target

# Elements no element of the same type may nest in.
_UNNESTED = frozenset(
    {"H1", "H2", "H3", "H4", "H5", "H6", "P", "Link", "Sect", "Art", "Part", "Div", "BlockQuote"}
)
_WORD_CONTROLS = str.maketrans("", "", "\u2060\u200b")  # our word joiners and breaks


def tag_structure() -> None:
    """Wrap WeasyPrint's structure-tree builder and link gathering."""
    from weasyprint import anchors, document
    from weasyprint.pdf import tags

    build, gather, pdf_tag = _targets(tags, anchors, document)
    tags._build_box_tree = _tree_builder(build, pdf_tag)
    anchors.gather_anchors = document.gather_anchors = _anchor_gatherer(gather)


def _targets(tags, anchors, document):
    """Return the functions the wrappers rely on; Mismatch when they changed."""
    from weasyprint.formatting_structure import boxes

    build, gather = target(tags, "_build_box_tree"), target(anchors, "gather_anchors")
    require(target(document, "gather_anchors") is gather, "document.gather_anchors changed")
    contains(
        build,
        "def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):",
        "tag = _get_pdf_tag(element_tag)",
        "if box.link_annotation:",
        "yield element",
    )
    contains(
        gather,
        "def gather_anchors(box, anchors, links, bookmarks, forms, parent_matrix=None,",
        "link = box.link or parent_link",  # inherited by every descendant box
    )
    pdf_tag = target(tags, "_get_pdf_tag")
    mapping = [pdf_tag(tag) for tag in ("figure", "a", "h1", "p")]
    require(mapping == ["NonStruct", "Link", "H1", "P"], f"tags._get_pdf_tag gives {mapping}")
    require(hasattr(boxes.ParentBox, "copy_with_children"), "boxes can no longer be copied")
    require(hasattr(boxes, "FootnoteAreaBox"), "boxes.FootnoteAreaBox is missing")
    return build, gather, pdf_tag


def _tree_builder(build, pdf_tag):
    """Return `_build_box_tree` that merges same-tag anonymous boxes and retypes elements."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder

    # The footnote bodies of the page's footnote area, per thread: layout sets their `float`
    # to none, so the area they sit in is what tells them apart.
    notes = threading.local()

    @functools.wraps(build)
    def build_box_tree(box, parent, pdf, page_number, nums, annotations, tags) -> Iterator:
        if not is_on("tagging"):
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
    if not _is_parent(box) or box.element is None or pdf_tag(box.element_tag) not in _UNNESTED:
        return box
    children = list(_unnested_children(box, pdf_tag(box.element_tag), pdf_tag))
    return box if children == box.children else box.copy_with_children(children)


def _unnested_children(box, tag: str, pdf_tag) -> Iterator:
    for child in box.children:
        if _is_parent(child) and child.element is box.element and pdf_tag(child.element_tag) == tag:
            yield from _unnested_children(child, tag, pdf_tag)
        else:
            yield child


def _is_parent(box) -> bool:
    """Return whether a box has child boxes that make elements (a line's are its own)."""
    from weasyprint.formatting_structure import boxes

    return isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox)


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
        element["Alt"] = pydyf.String(" ".join(_shown_text(box).translate(_WORD_CONTROLS).split()))
        x, y = box.border_box_x(), box.border_box_y()
        bbox = pydyf.Array((x, y, x + box.border_width(), y + box.border_height()))
        element["A"] = pydyf.Dictionary({"O": "/Layout", "BBox": bbox})


def _is_text_figure(html_element) -> bool:
    """Return whether a figure holds neither an image nor a quotation."""
    names = {child.tag.rsplit("}", 1)[-1] for child in html_element.iter()}
    return not names & {"img", "svg", "blockquote", "picture", "video", "canvas"}


def _shown_text(box) -> str:
    """Return the text a box shows, in reading order, without its note calls; a line or block
    ends with a space, so the words on either side stay apart."""
    from weasyprint.formatting_structure import boxes

    if (box.element_tag or "").endswith("::footnote-call"):
        return ""
    if isinstance(box, boxes.TextBox):
        return box.text
    text = "".join(_shown_text(child) for child in getattr(box, "children", ()))
    return text + " " if isinstance(box, (boxes.LineBox, boxes.BlockBox)) else text


def _anchor_gatherer(gather):
    """Return `gather_anchors` that gives no link annotation to an inline box whose link is
    only its ancestor's: the ancestor's annotation already covers it."""
    from weasyprint.formatting_structure import boxes

    @functools.wraps(gather)
    def gather_anchors(box, anchors, links, bookmarks, forms, matrix=None, form=None, link=None):
        inherited = link is not None and box.link is None
        if inherited and is_on("tagging") and isinstance(box, boxes.InlineBox):
            link = None
        return gather(box, anchors, links, bookmarks, forms, matrix, form, link)

    return gather_anchors
