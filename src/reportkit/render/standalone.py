"""The web page stands alone: what its stylesheets name is inlined, and nothing is fetched.

A browser opening the page would otherwise load whatever a template names — a font, a
background image, an `@import`ed stylesheet, from the disk or the network. Every such URL goes
through the same containment check as the PDF's (`resources.contained_path`: the report's
folder and the template folders) and is inlined: stylesheets as their text, everything else as
a data URI. Anything remote, outside or missing stops the render. Last, the finished page is
read once more, and any element or style that would still load something is refused.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from reportkit.errors import RenderError
from reportkit.resources import NotContained, contained_path, local_path_of_url

_IMPORT = re.compile(
    r"""@import\s+(?:url\(\s*(['"]?)(?P<url>[^'")]*)\1\s*\)|(['"])(?P<string>[^'"]*)\3)"""
    r"""(?P<media>[^;]*);""",
    re.IGNORECASE,
)
_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]*)\1\s*\)""", re.IGNORECASE)
# @import nesting beyond this is a loop, or close enough to one.
_MAX_IMPORT_DEPTH = 8
# Attributes through which a browser loads something by itself (links it merely follows, `href`
# of <a>, are not loads).
_LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background"}
_LOADING_LINKS = {"link", "use", "image", "feimage"}


def inline_css_resources(css: str, base_url: str, roots: Iterable[Path], depth: int = 0) -> str:
    """Return `css` with every `@import` replaced by the imported stylesheet and every other
    `url()` by a data URI, after checking each file is inside `roots`."""
    roots = tuple(roots)

    def imported(match: re.Match) -> str:
        if depth >= _MAX_IMPORT_DEPTH:
            raise RenderError(f"template stylesheets @import each other more than {depth} deep")
        url = urljoin(base_url, match.group("url") or match.group("string") or "")
        text = _local_file(url, roots).read_text(encoding="utf-8")
        text = inline_css_resources(text, url, roots, depth + 1)
        media = match.group("media").strip()
        return f"@media {media} {{\n{text}\n}}" if media else text

    def embedded(match: re.Match) -> str:
        url = match.group("url").strip()
        if not url or url.startswith(("data:", "#")):
            return match.group(0)
        path = _local_file(urljoin(base_url, url), roots)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f'url("data:{mime};base64,{base64.b64encode(path.read_bytes()).decode("ascii")}")'

    return _URL.sub(embedded, _IMPORT.sub(imported, css))


def _local_file(url: str, roots: tuple[Path, ...]) -> Path:
    """Return the file a template's URL names; RenderError when it is remote, outside or
    missing."""
    local = local_path_of_url(url)
    if local is None:
        raise RenderError(
            f"template resource {url} is not a local file; the web page must stand alone, "
            "so copy the file into the template folder"
        )
    try:
        path = contained_path(local, roots)
    except NotContained as refused:
        raise RenderError(
            f"template resource {refused.path} is outside the report's folder and the "
            "template folders; copy it into the template folder"
        ) from None
    if not path.is_file():
        raise RenderError(f"template resource {path} does not exist")
    return path


def refuse_outside_loads(html: str) -> None:
    """Raise RenderError when the finished page would still load anything (a template's
    `<script src>`, `<link href>`, `<img src>`, or a `url()` or `@import` in its styles) that
    is not inlined as a data URI."""
    finder = _LoadFinder()
    finder.feed(html)
    finder.close()
    if finder.found:
        raise RenderError(
            f"a template makes the web page load {finder.found[0]}; the page must stand "
            "alone: put the resource in the template's CSS (it is then inlined) or remove it"
        )


class _LoadFinder(HTMLParser):
    """Collect the URLs a page would load by itself, other than data URIs and fragments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            loads = name in _LOADING_ATTRIBUTES or (name.endswith("href") and tag in _LOADING_LINKS)
            if loads and value and not _is_inline(value):
                self.found.append(f"`{value}` (<{tag} {name}>)")
            if name == "style" and value:
                self._check_css(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._check_css(data)

    def _check_css(self, css: str) -> None:
        self.found += [f"`{m.group(0)}` (CSS)" for m in _IMPORT.finditer(css)]
        self.found += [
            f"`{m.group('url')}` (CSS)"
            for m in _URL.finditer(css)
            if m.group("url").strip() and not _is_inline(m.group("url"))
        ]


def _is_inline(url: str) -> bool:
    return url.strip().startswith(("data:", "#"))
