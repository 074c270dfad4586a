"""The incremental build cache: which inputs each output was built from.

An output is fresh when it still exists with the bytes we wrote, and everything it was built
from is unchanged: the report file, its images, every file of the template folders, the
reportkit code and the renderer libraries. All are compared by content hash, never by date,
so nothing stale is ever taken for up to date. The cache is `output/.reportkit-cache.json`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from reportkit.atomic_write import write_atomically

CACHE_NAME = ".reportkit-cache.json"
CACHE_VERSION = 1
_PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = ("weasyprint", "pydyf", "python-docx", "lxml", "babel", "markdown-it-py", "pydantic")


def file_digest(path: Path) -> str | None:
    """Return the SHA-256 of a file's bytes, or None when it does not exist."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _tree_digest(folders) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        digest.update(str(folder).encode())
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Fingerprints:
    """What every output depends on besides its report: code, libraries and templates."""

    key: str

    @classmethod
    def of(cls, templates, pdf_variant: str | None = "pdf/ua-1") -> Fingerprints:
        """Return the fingerprint of a TemplateSet (folders and reference document) and options."""
        reference = templates.reference_docx
        versions = []
        for name in _LIBRARIES:
            try:
                versions.append(f"{name}={metadata.version(name)}")
            except metadata.PackageNotFoundError:
                versions.append(f"{name}=missing")
        parts = [
            _tree_digest([_PACKAGE]),
            ";".join(versions),
            _tree_digest(templates.folders),
            f"{reference}:{file_digest(reference) if reference else ''}",
            f"pdf variant {pdf_variant}",
        ]
        return cls(hashlib.sha256("|".join(parts).encode()).hexdigest())


class BuildCache:
    """Per output: the fingerprint key, the digests of its inputs and of the output itself."""

    def __init__(self, path: Path, fingerprints: Fingerprints, entries: dict):
        self.path = path
        self.fingerprints = fingerprints
        self.entries = entries

    @classmethod
    def open(cls, out_dir: Path, fingerprints: Fingerprints) -> BuildCache:
        path = Path(out_dir) / CACHE_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["outputs"] if data.get("version") == CACHE_VERSION else {}
        except (OSError, ValueError, KeyError, AttributeError):
            entries = {}  # no cache, or a damaged one: rebuild everything
        return cls(path, fingerprints, entries)

    def is_fresh(self, report_path: Path, target: Path) -> bool:
        entry = self.entries.get(str(target))
        if not entry or entry.get("key") != self.fingerprints.key:
            return False
        if file_digest(target) != entry.get("output"):
            return False
        inputs = entry.get("inputs", {})
        if str(report_path) not in inputs:
            return False
        return all(file_digest(Path(p)) == digest for p, digest in inputs.items())

    def remember(self, target: Path, inputs: dict[str, str | None]) -> None:
        """Record that `target` was built from `inputs` (path → digest taken before building)."""
        self.entries[str(target)] = {
            "key": self.fingerprints.key,
            "inputs": inputs,
            "output": file_digest(target),
        }

    def forget(self, target: Path) -> None:
        self.entries.pop(str(target), None)

    def save(self) -> None:
        data = {"version": CACHE_VERSION, "outputs": dict(sorted(self.entries.items()))}
        write_atomically(self.path, (json.dumps(data, indent=1) + "\n").encode())
