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

from reportkit.i18n import _, isolate

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
        return _(
            "`{name}` is not a kind of image reportkit shows; "
            "use PNG, JPEG, GIF, WebP, BMP, TIFF or SVG",
            name=isolate(path.name),
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
            if found == expected and width * height <= MAX_IMAGE_PIXELS:
                _decode(path)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return _too_large(path)
    except UnidentifiedImageError:
        return _(
            "`{name}` is not a {format} image (it cannot be opened as one); export it again",
            name=isolate(path.name),
            format=expected,
        )
    except (OSError, SyntaxError, ValueError) as error:
        return _(
            "`{name}` is a damaged {format} image ({error}); export it again",
            name=isolate(path.name),
            format=expected,
            error=error,
        )
    if found != expected:
        return _(
            "`{name}` is a {found} image but its name says {expected}; rename it",
            name=isolate(path.name),
            found=found,
            expected=expected,
        )
    if width * height > MAX_IMAGE_PIXELS:
        return _too_large(path)
    return None


def _decode(path: Path) -> None:
    """Decode an image's pixels; raise when they are damaged. `verify()` checks a PNG's
    checksums, not that its compressed data unpacks, and the PDF and the DOCX embed PNG data
    as it is: a PNG damaged inside would show as a black box, with no message anywhere.

    WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES when it is imported (a build's workers
    import it before they load reports), which makes damaged data load silently: it is off
    while we decode (reports are loaded and rendered one after the other, never at once)."""
    from PIL import Image, ImageFile

    accepting_damage = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(path) as image:
            image.draft(
                "RGB", (1, 1)
            )  # a JPEG decoded at 1/8 scale: all its data, 64× fewer pixels
            image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = accepting_damage


def _too_large(path: Path) -> str:
    return _(
        "`{name}` has more than {limit} pixels; "
        "scale it down (a printed page needs about 2500 × 3500)",
        name=isolate(path.name),
        limit=f"{MAX_IMAGE_PIXELS:,}",
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
        return _(
            "`{name}` is not a valid SVG file ({error}); export it again",
            name=isolate(path.name),
            error=error,
        )
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:  # type: ignore[union-attr]  # lxml-stubs lack DocInfo.doctype
        return _(
            "`{name}` has a DOCTYPE, which SVG images may not have; remove it",
            name=isolate(path.name),
        )
    if tree.getroot().tag != _SVG_NAMESPACE + "svg":
        return _(
            "`{name}` is not an SVG image (its root element is not <svg>)",
            name=isolate(path.name),
        )
    reference = _svg_outside_reference(tree)
    if reference:
        return _(
            "`{name}` refers to {reference}, outside the image; "
            "embed it or remove it (SVG images must stand alone)",
            name=isolate(path.name),
            reference=reference,
        )
    return None


def _svg_outside_reference(tree) -> str | None:
    """Return the first thing the SVG would load from outside itself, or None."""
    root = tree.getroot()
    for node in (*root.itersiblings(preceding=True), *tree.iter()):
        if not isinstance(node.tag, str):  # a processing instruction (xml-stylesheet) or comment
            if "stylesheet" in str(node):
                return _("a stylesheet")
            continue
        if node.tag == _SVG_NAMESPACE + "script":
            return _("a script")
        for name, value in node.attrib.items():
            value = value.strip()
            if name.endswith("href") and not value.startswith(("#", "data:")):
                return f"`{isolate(value)}`"
            if name == "style" and _CSS_REFERENCE.search(value):
                return _("a resource in a style attribute")
        if node.tag == _SVG_NAMESPACE + "style" and _CSS_REFERENCE.search(node.text or ""):
            return _("a resource in its stylesheet")
    return None
