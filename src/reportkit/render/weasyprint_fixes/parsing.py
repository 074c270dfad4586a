"""Fix 11: WeasyPrint's HTML object set up from the tree render/html_tree.py parses."""

from __future__ import annotations

import logging
from pathlib import Path

from reportkit.render.weasyprint_fixes.patching import active, function_source, shortcuts

log = logging.getLogger(__name__)


# What WeasyPrint 70's HTML.__init__ sets up once tinyhtml5 has parsed the page.
_HTML_ATTRIBUTES = ("base_url", "url_fetcher", "media_type", "wrapper_element", "etree_element")


def html_from_parsed_tree() -> bool:
    """Check that WeasyPrint's HTML object can be set up from a tree we parsed ourselves.

    WeasyPrint has no public way to take an element tree: `HTML(string=...)` always parses
    with tinyhtml5, 15 ms of the sample report's layout. `html_document` sets up the same
    object from the tree `render/html_tree.py` builds (3.5 ms; the same tree, compared in
    tests), the way `HTML.__init__` does after parsing.
    """
    import weasyprint

    init = function_source(weasyprint.HTML.__init__)
    if (
        not hasattr(weasyprint, "_find_base_url")
        or "tinyhtml5.parse(" not in init
        or any(f"self.{name} =" not in init for name in _HTML_ATTRIBUTES)
    ):
        log.warning("WeasyPrint's HTML set-up changed: pages are parsed by WeasyPrint")
        return False
    return True


def html_document(html: str, base_url: str | Path | None, url_fetcher=None):
    """Return WeasyPrint's HTML object for `html`, parsed by `html_tree` when the page has
    the shape our templates give and by WeasyPrint (tinyhtml5) otherwise."""
    import cssselect2
    import weasyprint
    from weasyprint.urls import URLFetcher, ensure_url

    from reportkit.render import html_tree

    tree = None
    if active.get("parsed_html") and shortcuts.get():
        tree = html_tree.parse(html)
    if tree is None:
        return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=url_fetcher)
    document = weasyprint.HTML.__new__(weasyprint.HTML)
    document.base_url = weasyprint._find_base_url(
        tree, None if base_url is None else ensure_url(str(base_url))
    )
    document.url_fetcher = URLFetcher() if url_fetcher is None else url_fetcher
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(tree, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document
