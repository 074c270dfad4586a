"""Our HTML parser (render/html_tree.py) against WeasyPrint's HTML5 parser (tinyhtml5): the
same tree for every page our templates make, and no tree for pages that need HTML5's error
recovery."""

from __future__ import annotations

from pathlib import Path

import pytest
import tinyhtml5
from conftest import REPORTS

from reportkit.loader import load_report
from reportkit.render import RenderJob, html_tree
from reportkit.render.html import page_html
from reportkit.theme import TemplateSet

DATA = Path(__file__).resolve().parent / "data"
BLOCKS = Path(__file__).resolve().parent.parent / "data" / "blocks-analysis.yaml"
SHIPPED = [
    *sorted(REPORTS.glob("*.yaml")),
    DATA / "en-analysis.yaml",
    DATA / "rtl-corpus.yaml",
    BLOCKS,  # lists and tables
]


def html5_tree(html: str):
    return tinyhtml5.parse(html, namespace_html_elements=False)


def shape(element) -> tuple:
    """Everything of an element WeasyPrint reads: tag, attributes in order, text, children."""
    return (
        element.tag,
        list(element.attrib.items()),
        element.text or "",
        element.tail or "",
        [shape(child) for child in element],
    )


@pytest.mark.parametrize("mode", ["print", "screen"])
@pytest.mark.parametrize("report", SHIPPED, ids=lambda path: path.stem)
def test_our_pages_parse_to_the_tree_html5_gives(report, mode):
    html = page_html(RenderJob(load_report(report), report, TemplateSet()), mode).html
    tree = html_tree.parse(html)
    assert tree is not None, "the page our templates make fell back to tinyhtml5"
    assert shape(tree) == shape(html5_tree(html))


SIMPLE = """<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8"><title>A &amp; B &#39;C&#34;</title>
<style>p > b { color: red }</style>
</head>
<body class="x" class="y">
<p>One <b>two</b><br>three &lt;four&gt; &quot;five&quot;</p>
<ul><li>a<ul><li>b</li></ul></li></ul>
<table><tbody><tr><td>1</td></tr></tbody></table>
<img src="a.png" alt="&lt;a&gt;"/>
</body>
</html>
"""


def test_whitespace_and_references_land_where_html5_puts_them():
    tree = html_tree.parse(SIMPLE)
    assert tree is not None and shape(tree) == shape(html5_tree(SIMPLE))


@pytest.mark.parametrize(
    "body",
    [
        "<p>one<div>two</div></p>",  # a block closes an open <p>
        "<p>one<p>two</p>",  # so does another <p>
        "<ul><li>one<li>two</ul>",  # an <li> closes the open one
        "<ul><li><span>one<li>two</span></li></ul>",
        "<table><tr><td>1</td></tr></table>",  # HTML5 adds the <tbody>
        "<table>text</table>",  # text in a table is moved before it
        "<a href='#x'>one<a href='#y'>two</a></a>",
        "<b>one<i>two</b></i>",  # misnested formatting
        "<!-- a comment -->",
        "<pre>\nfirst line</pre>",  # the first newline of a <pre> is dropped
        "<h2>one<h3>two</h3></h2>",
        "<div/>",  # a slash does not close a non-void element
    ],
)
def test_pages_needing_html5_error_recovery_go_to_tinyhtml5(body):
    html = f"<!doctype html>\n<html>\n<head><title>t</title></head>\n<body>{body}</body>\n</html>"
    assert html_tree.parse(html) is None


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>no head</p></body></html>",
        "<!doctype html><html><head></head><p>no body tag</p></html>",
        "text before<html><head></head><body></body></html>",
        "<html><head></head><body>a\r\nb</body></html>",
    ],
)
def test_documents_without_our_skeleton_go_to_tinyhtml5(html):
    assert html_tree.parse(html) is None


def wrapped(body: str) -> str:
    return f"<!doctype html><html><head></head><body>{body}</body></html>"


# Inputs where Python's html.parser and HTML5 disagree (found by fuzzing against tinyhtml5):
# parse must give tinyhtml5's tree or none at all.
DISAGREEMENTS = [
    wrapped("<nobr>a<nobr>b</nobr></nobr>"),
    wrapped("<param>x</param>"),
    wrapped("<command>x</command>"),
    wrapped('<a href="?x=1&region=2&current=3">r</a>'),
    wrapped('<a title="&copy=2">c</a>'),
    wrapped("&notx &ltx"),
    wrapped("&#1;&#xFFFE;&#x7f;"),
    wrapped("<a title='&#1;'>t</a>"),
    wrapped("<p a=x\xa0b>p</p>"),
    wrapped('<p a="x"\xa0b="y">p</p>'),
    wrapped("<div><p>a</p\xa0>b</div>"),
    wrapped("<span>a</ span>"),
    wrapped("<p a==b>p</p>"),
    wrapped("<b\u212a>x</b\u212a>"),
    wrapped("<span data\xc4=1>s</span>"),
    wrapped("<style>a</style x>b</style>"),
    "<!doctype html><html><head><style>a</ style><style>b</style></head><body></body></html>",
    "<!doctype html><html><head><title>a</></title></head><body></body></html>",
    "<!doctype html><html><head></head><body><b",
    '<!doctype html><html><head></head><body><p a="x',
    "<!doctype html><html><head></head><body>x</body></html><!--",
    wrapped("x&nbsp;y"),
]


@pytest.mark.parametrize("html", DISAGREEMENTS)
def test_where_html_parser_and_html5_disagree_we_give_html5s_tree_or_none(html):
    tree = html_tree.parse(html)
    assert tree is None or shape(tree) == shape(html5_tree(html))
