"""Shared fixtures: paths of the repository, the seed piece, and small report builders."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reportkit.skeleton import skeleton_text

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
SAMPLE = REPORTS / "belarus-us-rapprochement.yaml"
BRIEF_SAMPLE = REPORTS / "belavia-sanctions-brief.yaml"
DATA = Path(__file__).resolve().parent / "data"
# Every sample report, and the test reports that bring what the samples lack: an English
# analysis, lists, a table and free notes (in an analysis and in an Arabic-Indic brief).
RENDERED_REPORTS = [
    *sorted(REPORTS.glob("*.yaml")),
    ROOT / "tests/render/data/en-analysis.yaml",
    DATA / "blocks-analysis.yaml",
    DATA / "blocks-brief.yaml",
]
SEED_DIR = DATA / "seed-analysis"
BAD = DATA / "bad"


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """Run every test with English messages, whatever the developer's locale; tests of the
    Arabic messages choose the language themselves."""
    monkeypatch.setenv("REPORTKIT_LANG", "en")


@pytest.fixture(autouse=True, scope="session")
def private_cache_folder(tmp_path_factory):
    """Keep compiled templates in this session's own folder, never in the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


def seed_file() -> Path:
    files = sorted(SEED_DIR.glob("*.txt"))
    if not files:
        pytest.fail(f"the seed analysis is missing: expected a .txt file in {SEED_DIR}")
    return files[0]


@pytest.fixture
def write_report(tmp_path):
    """Write report text to a file in a fresh folder and return its path."""

    def write(text: str, name: str = "report.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def skeleton(tmp_path):
    """Return the `reportkit new` skeleton text of a kind (a valid report to start from)."""

    def make(kind: str) -> str:
        return skeleton_text(kind, tmp_path / f"{kind}.yaml", ROOT / "schemas")

    return make


def write_png(path: Path, rgb: tuple[int, int, int] = (120, 30, 40), size: int = 8) -> Path:
    """Write a small, valid PNG of one colour (no image library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" + bytes(rgb) * size
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )
    path.write_bytes(png)
    return path


def wait_until(predicate, timeout: float = 20.0) -> bool:
    """Return whether `predicate()` became true within `timeout` seconds (polled every 50 ms)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def line_of(text: str, needle: str) -> int:
    """Return the 1-based number of the first line of `text` containing `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in the report")


def located(path: Path) -> list[tuple[str, int, str]]:
    """Return (code, line, message) of every diagnostic `validate` gives the report."""
    from reportkit.loader import check_report

    return [(d.code, d.line, d.message) for d in check_report(path).diagnostics]
