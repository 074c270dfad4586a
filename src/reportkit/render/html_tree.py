"""Parse the HTML our templates produce into the element tree WeasyPrint's HTML5 parser
(tinyhtml5) builds from it, about four times faster (3.5 ms against 15 ms for the sample).

Only the shape our templates give is parsed here, and `parse` returns None for anything else
(the caller then lets tinyhtml5 parse the page). The text must be what our templates write:
lowercase ASCII tag and attribute names, double-quoted attribute values, only the character
references Jinja's escaping writes (`&amp;` `&lt;` `&gt;` `&quot;` `&#34;` `&#39;`), no
comments, every tag complete. That leaves no room for the places where Python's html.parser
and HTML5 tokenize differently (references without `;`, Unicode whitespace and case folding
in tags, runs of `=`, `</ tag>`). The tree must be `<html>` holding `<head>` then `<body>`,
every element closed by its own end tag: HTML5 fixes up anything else (an unclosed `<p>`
before a block, a `<tr>` straight in a `<table>`, text in a table, nested `<a>` or `<nobr>`).
Whitespace goes where HTML5 puts it: dropped before `<head>`, kept after `</head>`, moved into
`<body>` after `</body>`. tests/render/test_html_tree.py compares the trees for every report
we ship and for the inputs a fuzzing review found (tinyhtml5 2.1).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

# What our templates write, token by token (see the module docstring).
_REFERENCE = r"&(?:amp|lt|gt|quot|#34|#39);"
_ATTRIBUTE = rf'[ \n]+[a-z][a-z0-9_.:-]*(?:="(?:[^"<&]|{_REFERENCE})*")?'
_OUR_HTML = re.compile(
    rf"<!doctype html>(?:[^<&\r\x00]+|{_REFERENCE}|<[a-z][a-z0-9]*(?:{_ATTRIBUTE})*[ \n]*/?>"
    r"|</[a-z][a-z0-9]*>)*",
    re.IGNORECASE | re.ASCII,
)  # ASCII: no Kelvin sign for "k"

# Elements with no end tag.
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
# Start tags that close an open <p> in HTML5 (we leave those documents to tinyhtml5).
_CLOSES_P = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dd",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "listing",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "plaintext",
        "pre",
        "search",
        "section",
        "summary",
        "table",
        "ul",
        "xmp",
    }
)
# Elements HTML5 parses with rules of their own (raw text, a dropped first newline, forms,
# foreign content, scripting-dependent parsing, implied wrappers).
_SPECIAL = frozenset(
    {
        "button",
        "caption",
        "col",
        "colgroup",
        "frameset",
        "iframe",
        "image",
        "isindex",
        "keygen",
        "listing",
        "math",
        "noembed",
        "noframes",
        "noscript",
        "object",
        "option",
        "optgroup",
        "plaintext",
        "pre",
        "rb",
        "rp",
        "rt",
        "rtc",
        "script",
        "select",
        "svg",
        "template",
        "textarea",
        "xmp",
        "frame",
        "applet",
        "marquee",
        "form",
        "input",
        "nobr",
        "param",
        "basefont",
        "bgsound",
        "command",
        "menuitem",
    }
)
_HEAD_CONTENT = frozenset({"meta", "title", "link", "style", "base"})
_LIST_ITEMS = frozenset({"li", "dd", "dt"})
_LISTS = frozenset({"ul", "ol", "dl", "menu", "dir"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TABLE_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
_TABLE_PARTS = _TABLE_SECTIONS | {"table", "tr"}
_WHITESPACE = " \t\n\f"


class _Unsupported(Exception):
    """The page needs HTML5's error recovery: tinyhtml5 parses it."""


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root: ET.Element | None = None
        self.open: list[ET.Element] = []
        self.body: ET.Element | None = None
        self.after_body = False

    def handle_starttag(self, tag, attrs):
        self._check_start(tag)
        attrib: dict[str, str] = {}
        for name, value in attrs:
            attrib.setdefault(name, "" if value is None else value)  # HTML5 keeps the first
        if self.root is None:
            element = self.root = ET.Element(tag, attrib)
        else:
            element = ET.SubElement(self.open[-1], tag, attrib)
        if tag == "body":
            self.body = element
        if tag not in _VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        if tag not in _VOID:
            raise _Unsupported(f"<{tag}/>")  # HTML5 ignores the slash: an open element
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "html" and self.after_body:
            return
        if self.after_body or not self.open or self.open[-1].tag != tag:
            raise _Unsupported(f"</{tag}>")
        if tag == "body":
            self.after_body = True  # HTML5 keeps <body> open for what follows
            return
        self.open.pop()

    def handle_data(self, data):
        if not self.open:
            if data.strip(_WHITESPACE):
                raise _Unsupported("text outside <html>")
            return
        current = self.open[-1]
        if self.after_body:
            current = self.body  # type: ignore[assignment]  # body is set once <body> opened, before after_body
        elif current.tag == "html" and len(current) == 0:
            if data.strip(_WHITESPACE):
                raise _Unsupported("text before <head>")
            return  # HTML5 drops whitespace before <head>
        elif data.strip(_WHITESPACE) and (
            current.tag in _TABLE_PARTS or current.tag in ("html", "head")
        ):
            raise _Unsupported(f"text in <{current.tag}>")
        if len(current):
            last = current[-1]
            last.tail = (last.tail or "") + data
        else:
            current.text = (current.text or "") + data

    def _check_start(self, tag):
        """Raise _Unsupported unless HTML5 would simply open `tag` in the current element."""
        parent = self.open[-1].tag if self.open else None
        if self.after_body or tag in _SPECIAL or not self._allowed_in(tag, parent):
            raise _Unsupported(f"<{tag}> in <{parent}>")
        open_tags = [element.tag for element in self.open]
        if (tag in _CLOSES_P and "p" in open_tags) or (tag == "a" and "a" in open_tags):
            raise _Unsupported(f"<{tag}> in an open <{tag if tag == 'a' else 'p'}>")
        if tag in _HEADINGS and _HEADINGS.intersection(open_tags):
            raise _Unsupported(f"<{tag}> in an open heading")
        if tag in _LIST_ITEMS:
            for open_tag in reversed(open_tags):
                if open_tag in _LIST_ITEMS:
                    raise _Unsupported(f"<{tag}> in an open <{open_tag}>")
                if open_tag in _LISTS:
                    break

    def _allowed_in(self, tag: str, parent: str | None) -> bool:
        if parent is None:
            return tag == "html" and self.root is None
        if parent == "html":
            return tag == ("head" if len(self.open[-1]) == 0 else "body") and len(self.open[-1]) < 2
        if parent == "head":
            return tag in _HEAD_CONTENT
        if parent in ("title", "style") or tag in ("html", "head", "body"):
            return False
        if parent == "table":
            return tag in _TABLE_SECTIONS
        if parent in _TABLE_SECTIONS:
            return tag == "tr"
        if parent == "tr":
            return tag in ("td", "th")
        return tag not in ("tr", "td", "th", *_TABLE_SECTIONS)

    def handle_comment(self, data):
        raise _Unsupported("comment")

    def handle_pi(self, data):
        raise _Unsupported("processing instruction")

    def unknown_decl(self, data):
        raise _Unsupported("declaration")

    def handle_decl(self, decl):
        if decl.lower() != "doctype html" or self.root is not None:
            raise _Unsupported(decl)


def parse(html: str) -> ET.Element | None:
    """Return the `<html>` element of `html`, or None when the page needs HTML5's error
    recovery (the caller then lets tinyhtml5 parse it)."""
    if not _OUR_HTML.fullmatch(html):
        return None
    builder = _TreeBuilder()
    try:
        builder.feed(html)
        if builder.rawdata:  # an incomplete tag at the end: html.parser would make it text
            return None
        builder.close()
    except _Unsupported:
        return None
    if builder.body is None or builder.open[-1:] != [builder.body]:
        return None
    return builder.root
