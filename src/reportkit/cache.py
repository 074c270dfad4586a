"""The incremental build cache: which inputs each output was built from.

An output is fresh when it still exists with the bytes we wrote, and everything it was built
from is unchanged: the report file, its images, every file of the template folders, the
reportkit code and the renderer libraries. All are compared by content hash, never by date,
so nothing stale is ever taken for up to date. The cache is `output/.reportkit-cache.json`.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from reportkit.atomic_write import write_atomically

CACHE_NAME = ".reportkit-cache.json"
CACHE_VERSION = 1
_PACKAGE = Path(__file__).resolve().parent
_LIBRARIES = ("weasyprint", "pydyf", "python-docx", "lxml", "babel", "markdown-it-py", "pydantic")


def file_digest(path: Path) -> str | None:
    """Return the SHA-256 of a regular file's bytes, or None when there is no such file.

    Anything else named by a (possibly damaged) cache is not read: a FIFO would block the
    build forever, a device never ends. O_NONBLOCK lets the open of a FIFO return at once.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return None
        return hashlib.file_digest(file, "sha256").hexdigest()


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
    def of(
        cls, templates, pdf_variant: str | None = "pdf/ua-1", rules_file: Path | None = None
    ) -> Fingerprints:
        """Return the fingerprint of a TemplateSet (folders and reference document) and options.

        A house rules file found next to a report is one of that report's inputs instead; a
        `--rules FILE` given for the whole build is part of the fingerprint.
        """
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
            f"rules {rules_file.resolve() if rules_file else ''}",
        ]
        return cls(hashlib.sha256("|".join(parts).encode()).hexdigest())


class BuildCache:
    """Per output: the fingerprint key, the digests of its inputs and of the output itself."""

    def __init__(self, path: Path, fingerprints: Fingerprints, entries: dict):
        self.path = path
        self.fingerprints = fingerprints
        self.entries = entries
        self.problem: str | None = None

    @classmethod
    def open(cls, out_dir: Path, fingerprints: Fingerprints) -> BuildCache:
        """Read the cache of `out_dir`; a missing or unusable one means rebuilding everything.

        `problem` says why a cache that exists could not be used (None when it could).
        """
        path = Path(out_dir) / CACHE_NAME
        cache = cls(path, fingerprints, {})
        try:
            cache.entries = _entries_of(json.loads(_read_regular_file(path)))
        except FileNotFoundError:
            pass
        except IsADirectoryError:
            cache.problem = f"{path} is a folder, not reportkit's build cache; remove it"
        except _UNREADABLE as error:
            cache.problem = f"{path} is damaged ({_reason(error)}); rebuilding everything"
        return cache

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
        """Write the cache (replacing a damaged one); a folder in its place is left alone."""
        if self.path.is_dir():
            return
        data = {"version": CACHE_VERSION, "outputs": dict(sorted(self.entries.items()))}
        write_atomically(self.path, (json.dumps(data, indent=1) + "\n").encode())


def _read_regular_file(path: Path) -> bytes:
    """Return the bytes of `path`; raise IsADirectoryError or ValueError when it is not a file.

    A FIFO in the cache's place would block the build forever, a device never end.
    """
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as file:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            raise ValueError("not a regular file")
        return file.read()


# What reading a damaged cache can raise: unreadable bytes, bad JSON (UnicodeDecodeError and
# JSONDecodeError are ValueErrors), JSON nested past Python's recursion limit, a wrong shape.
_UNREADABLE = (OSError, ValueError, RecursionError, TypeError)


def _reason(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error) or type(error).__name__


def _entries_of(data: object) -> dict:
    """Return the entries of a parsed cache; raise TypeError when it is not shaped as one.

    A cache written by another version of reportkit is not an error: it is just not used.
    """
    if not isinstance(data, dict):
        raise TypeError("not a JSON object")
    if data.get("version") != CACHE_VERSION:
        return {}
    entries = data.get("outputs")
    if not isinstance(entries, dict):
        raise TypeError("`outputs` is not an object")
    for target, entry in entries.items():
        if not _is_entry(entry):
            raise TypeError(f"the entry of {target} is not shaped as reportkit writes it")
    return entries


def _is_entry(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("key"), str)
        and isinstance(entry.get("output"), str | None)
        and isinstance(entry.get("inputs"), dict)
        and all(isinstance(digest, str | None) for digest in entry["inputs"].values())
    )
