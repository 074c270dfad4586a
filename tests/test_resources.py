"""What a report or a template may name: files inside its folders, images that really are."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_png

from reportkit.cli import cli
from reportkit.i18n import without_isolates
from reportkit.loader import check_report
from reportkit.resources import NotContained, contained_path

CLEAN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int, pixels: bytes = b"") -> bytes:
    """Return the start of a PNG that claims a size in its header and holds `pixels` (none:
    a truncated file), with correct checksums."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", pixels)


@pytest.fixture
def brief_with_image(skeleton, write_report, tmp_path):
    """Write a brief whose image is `name` with the given content; return (report, line)."""

    def write(name: str, content: bytes) -> tuple[Path, int]:
        (tmp_path / name).write_bytes(content)
        text = skeleton("brief").replace(
            "lead:", f"image:\n  file: {name}\n  caption: صورة\nlead:", 1
        )
        line = text.splitlines().index(f"  file: {name}") + 1
        return write_report(text), line

    return write


BAD_IMAGES = {
    "text named png": ("x.png", b"this is not a picture\n", "is not a PNG image"),
    "20000 x 20000 png": ("huge.png", png_header(20000, 20000), "more than 89,478,485 pixels"),
    "truncated png": ("cut.png", png_header(8, 8), "damaged PNG"),
    "png whose pixel data does not unpack": (  # every checksum right: verify() passes it
        "garbled.png",
        png_header(8, 8, b"not zlib data" * 4) + png_chunk(b"IEND", b""),
        "damaged PNG",
    ),
    "svg with a doctype": (
        "entity.svg",
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + CLEAN_SVG.replace("<rect", "<text>&x;</text><rect").encode(),
        "has a DOCTYPE",
    ),
    "svg with an outside image": (
        "outside.svg",
        CLEAN_SVG.replace("<rect", '<image href="file:///etc/hostname"/><rect').encode(),
        "refers to `file:///etc/hostname`",
    ),
    "svg with an outside stylesheet": (
        "styled.svg",
        CLEAN_SVG.replace(
            "<rect", "<style>@import url(http://x.test/a.css);</style><rect"
        ).encode(),
        "a resource in its stylesheet",
    ),
}


@pytest.mark.parametrize("name, content, message", BAD_IMAGES.values(), ids=BAD_IMAGES)
def test_validate_refuses_a_broken_image_on_its_line(
    brief_with_image, name, content, message, monkeypatch
):
    from PIL import ImageFile

    # As in a build's worker: importing WeasyPrint lets Pillow load damaged images.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    path, line = brief_with_image(name, content)
    [error] = [d for d in check_report(path).diagnostics if d.is_error]
    assert (error.code, error.line, error.path) == ("RK116", line, "image.file")
    assert message in without_isolates(error.message)


def test_a_png_named_jpeg_is_refused(brief_with_image, tmp_path):
    path, _ = brief_with_image("photo.jpg", write_png(tmp_path / "real.png").read_bytes())
    [error] = [d for d in check_report(path).diagnostics if d.is_error]
    assert "is a PNG image but its name says JPEG" in error.message


@pytest.mark.parametrize("name", ["photo.png", "drawing.svg"])
def test_sound_images_pass(brief_with_image, tmp_path, name):
    content = write_png(tmp_path / "real.png").read_bytes() if name.endswith("png") else CLEAN_SVG
    path, _ = brief_with_image(name, content if isinstance(content, bytes) else content.encode())
    assert [d for d in check_report(path).diagnostics if d.is_error] == []


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_build_fails_on_a_broken_image_naming_the_line_and_writes_nothing(
    brief_with_image, tmp_path, fmt
):
    path, line = brief_with_image("x.png", b"not a picture")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(path), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 1
    assert f"{path}:{line}:3: image.file: `x.png` is not a PNG image" in without_isolates(
        result.output
    )
    assert not list(out.glob(f"*.{fmt}"))


def test_contained_path_follows_dots_and_symbolic_links(tmp_path):
    (tmp_path / "inside").mkdir()
    (tmp_path / "inside" / "link.png").symlink_to("/etc/hostname")
    assert contained_path("a/../b.png", [tmp_path / "inside"]) == tmp_path / "inside" / "b.png"
    for name in ("../x.png", "/etc/passwd", "link.png"):
        with pytest.raises(NotContained):
            contained_path(name, [tmp_path / "inside"])
