"""Files a report or a template names: where they may be, and whether images are really images.

Every resource — a report's image, a theme's logo, a font or image a stylesheet's `url()`
names, a stylesheet it `@import`s — goes through `contained_path`, in every output format, so
a report or a template folder can never make reportkit read a file outside the folders it was
given. `image_problem` checks that an image opens as the format its name says, within a pixel
limit, and that an SVG can reach nothing outside itself.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

# Pillow's own decompression-bomb limit (89.5 million pixels, about 9500 × 9500): a larger
# image takes gigabytes to decode and is far beyond what a printed page needs.
MAX_IMAGE_PIXELS = 89_478_485
# The image formats the PDF and the web page show, by file name ending (Pillow's names).
IMAGE_FORMATS = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".gif": "GIF",
    ".webp": "WEBP",
    ".bmp": "BMP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
}
_SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
_CSS_REFERENCE = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)


class NotContained(ValueError):
    """A path that resolves (after `..` and symbolic links) outside every allowed folder."""

    def __init__(self, path: Path):
        super().__init__(f"{path} is outside the allowed folders")
        self.path = path


def contained_path(name: str | Path, roots: Iterable[Path], base: Path | None = None) -> Path:
    """Return `name` resolved (a relative name against `base`, by default the first root);
    raise NotContained when it is outside every folder of `roots`."""
    roots = [Path(root).resolve() for root in roots]
    target = ((base or roots[0]) / name).resolve()
    if not any(target.is_relative_to(root) for root in roots):
        raise NotContained(target)
    return target


def local_path_of_url(url: str) -> Path | None:
    """Return the file a `file:` URL names (None for any other scheme)."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    return Path(url2pathname(unquote(parts.path)))


# ------------------------------------------------------------------------------ images


def image_problem(path: Path) -> str | None:
    """Return what is wrong with the image file at `path` (None when it is fine to show)."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return svg_problem(path)
    expected = IMAGE_FORMATS.get(suffix)
    if expected is None:
        return (
            f"`{path.name}` is not a kind of image reportkit shows; "
            "use PNG, JPEG, GIF, WebP, BMP, TIFF or SVG"
        )
    return _bitmap_problem(path, expected)


def _bitmap_problem(path: Path, expected: str) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        # Pillow warns above its limit and refuses above twice it; we refuse above it.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                found, (width, height) = image.format, image.size
                if found == expected and width * height <= MAX_IMAGE_PIXELS:
                    image.verify()  # reads the whole file: a truncated or damaged one fails
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return _too_large(path)
    except UnidentifiedImageError:
        return (
            f"`{path.name}` is not a {expected} image (it cannot be opened as one); export it again"
        )
    except (OSError, SyntaxError, ValueError) as error:
        return f"`{path.name}` is a damaged {expected} image ({error}); export it again"
    if found != expected:
        return f"`{path.name}` is a {found} image but its name says {expected}; rename it"
    if width * height > MAX_IMAGE_PIXELS:
        return _too_large(path)
    return None


def _too_large(path: Path) -> str:
    return (
        f"`{path.name}` has more than {MAX_IMAGE_PIXELS:,} pixels; "
        "scale it down (a printed page needs about 2500 × 3500)"
    )


def svg_problem(path: Path) -> str | None:
    """Return why an SVG may not be shown: not SVG, a DOCTYPE (entities can read files or
    expand without end), or a reference to anything outside the file (images, fonts,
    stylesheets, scripts)."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as error:
        return f"`{path.name}` is not a valid SVG file ({error}); export it again"
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:  # type: ignore[union-attr]  # lxml-stubs lack DocInfo.doctype
        return f"`{path.name}` has a DOCTYPE, which SVG images may not have; remove it"
    if tree.getroot().tag != _SVG_NAMESPACE + "svg":
        return f"`{path.name}` is not an SVG image (its root element is not <svg>)"
    reference = _svg_outside_reference(tree)
    if reference:
        return (
            f"`{path.name}` refers to {reference}, outside the image; "
            "embed it or remove it (SVG images must stand alone)"
        )
    return None


def _svg_outside_reference(tree) -> str | None:
    """Return the first thing the SVG would load from outside itself, or None."""
    root = tree.getroot()
    for node in (*root.itersiblings(preceding=True), *tree.iter()):
        if not isinstance(node.tag, str):  # a processing instruction (xml-stylesheet) or comment
            if "stylesheet" in str(node):
                return "a stylesheet"
            continue
        if node.tag == _SVG_NAMESPACE + "script":
            return "a script"
        for name, value in node.attrib.items():
            value = value.strip()
            if name.endswith("href") and not value.startswith(("#", "data:")):
                return f"`{value}`"
            if name == "style" and _CSS_REFERENCE.search(value):
                return "a resource in a style attribute"
        if node.tag == _SVG_NAMESPACE + "style" and _CSS_REFERENCE.search(node.text or ""):
            return "a resource in its stylesheet"
    return None
