"""`reportkit import FILE`: a draft in, a report file out, checked with the normal loader.

Steps: pick the reader by the file's suffix → Draft → mapping.py → yaml_writer.py → write the
report and its images → `check_report`. Every check that can refuse the import (an unknown
suffix, an empty or unreadable file, a report file that exists) runs before anything is
written, and a write that fails half-way removes what it wrote: on error, nothing is left.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportkit.atomic_write import describe_os_error, write_atomically
from reportkit.diagnostics import Diagnostic, format_path
from reportkit.errors import OutputError, ReportkitError, UsageError
from reportkit.i18n import _, isolate
from reportkit.importing.draft import Draft, UnreadableDraft
from reportkit.importing.mapping import (
    DEFAULT_REQUIRED_SECTIONS,
    ExtractedImage,
    MappedReport,
    Remark,
    map_draft,
)
from reportkit.importing.yaml_writer import report_yaml
from reportkit.models import REPORT_KINDS
from reportkit.skeleton import unresolved_schema_note

READERS = {".txt": "txt", ".md": "md", ".markdown": "md", ".docx": "docx"}
SCHEMA_FOLDER = Path("schemas")  # as `reportkit new`: the project's schemas, from where it runs


@dataclass
class Located:
    """A guess or a TODO with where it stands in the written file."""

    line: int
    column: int
    path: str
    message: str


@dataclass
class ImportResult:
    """What one import did: the file written (None when nothing was) and what to tell."""

    source: Path
    out: Path | None = None
    kind: str | None = None
    images: list[Path] = field(default_factory=list)
    guesses: list[Located] = field(default_factory=list)
    todos: list[Located] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what the reader could not keep
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the written file, validated
    errors: list[str] = field(default_factory=list)  # why nothing was written
    notes: list[str] = field(default_factory=list)  # other things to say (the $schema line)

    @property
    def has_errors(self) -> bool:
        """Return True when the import failed and nothing was written."""
        return bool(self.errors)

    def lines(self) -> list[str]:
        """Return what the command prints: what was written, the guesses, the TODOs, and what
        validation says, each with the file's line and column."""
        if self.errors:
            return [_("reportkit import: {error}", error=error) for error in self.errors]
        assert self.out is not None
        lines = [_("wrote {file} ({kind})", file=isolate(self.out), kind=self.kind)]
        if self.images:
            lines.append(
                _(
                    "extracted {count} image(s) into {folder}",
                    count=len(self.images),
                    folder=isolate(self.images[0].parent),
                )
            )
        lines += [_("warning: {message}", message=message) for message in self.warnings]
        lines += self.notes
        lines += self._section(
            _("guesses (check them; each is a comment in the file):"), self.guesses
        )
        lines += self._section(_("to fill in (marked TODO in the file):"), self.todos)
        problems = [d.format() for d in self.diagnostics]
        if problems:
            lines.append(_("`reportkit validate` says:"))
            lines += [f"  {problem}" for problem in problems]
        elif not self.todos:
            lines.append(_("the report is valid"))
        return lines

    def _section(self, title: str, items: list[Located]) -> list[str]:
        if not items:
            return []
        where = str(self.out)
        return [title] + [
            f"  {where}:{item.line}:{item.column}: {item.path + ': ' if item.path else ''}"
            f"{item.message}"
            for item in items
        ]


def import_file(
    path: Path, kind: str | None = None, out: Path | None = None, force: bool = False
) -> ImportResult:
    """Import the draft at `path` as a report of `kind` (guessed when None) into `out`
    (default: beside it, with `.yaml`). Usage mistakes raise UsageError; a file that cannot
    be imported gives a result with `errors`; either way nothing is written."""
    if kind is not None and kind not in REPORT_KINDS:
        raise UsageError(
            _(
                "unknown report kind `{kind}`; use one of: {kinds}",
                kind=kind,
                kinds=", ".join(REPORT_KINDS),
            )
        )
    reader = _reader_for(path)
    out = out or path.with_suffix(".yaml")
    if out.resolve() == path.resolve():
        raise UsageError(_("--out names the draft itself; choose a .yaml file for the report"))
    _refuse_overwrite(out, force)
    result = ImportResult(path)
    try:
        mapped = _read_and_map(path, reader, kind, out, result)
    except UsageError:
        raise
    except ReportkitError as error:
        result.errors.append(str(error))
        return result
    _refuse_overwrite_images(out, mapped.images, force)
    text = report_yaml(mapped.kind, mapped.data, _comments(mapped), _header(path, out, mapped.kind))
    result.images = _write(out, text, mapped.images)
    result.out, result.kind = out, mapped.kind
    schema_note = unresolved_schema_note(mapped.kind, out, SCHEMA_FOLDER)
    if schema_note:
        result.notes.append(schema_note)
    _validate(result, mapped)
    return result


# --------------------------------------------------------------------------- before writing


def _reader_for(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise UsageError(
            _(
                "{file} is an old Word document (.doc); open it in Word or LibreOffice, save it "
                "as .docx, and import that",
                file=isolate(path),
            )
        )
    if suffix not in READERS:
        raise UsageError(
            _(
                "cannot import {file}: reportkit imports {suffixes} files",
                file=isolate(path),
                suffixes=", ".join(READERS),
            )
        )
    return READERS[suffix]


def _refuse_overwrite(out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise UsageError(
            _(
                "{file} already exists; choose another name with --out, or pass --force",
                file=isolate(out),
            )
        )


def _refuse_overwrite_images(out: Path, images: list[ExtractedImage], force: bool) -> None:
    for image in images:
        target = out.parent / image.file
        if target.exists() and not force:
            raise UsageError(
                _(
                    "{file} already exists; choose another name with --out, or pass --force",
                    file=isolate(target),
                )
            )


def _read_and_map(
    path: Path, reader: str, kind: str | None, out: Path, result: ImportResult
) -> MappedReport:
    image_folder = f"{out.stem}-images"
    if path.stat().st_size == 0:
        raise UnreadableDraft(_("{file} is empty; there is nothing to import", file=isolate(path)))
    if reader == "docx" and _ours().is_ours(path):
        return _our_report(path, kind, out, result)
    draft = _draft(path, reader)
    result.warnings += draft.warnings
    return map_draft(draft, kind, image_folder, _required_sections(out))


def _required_sections(out: Path) -> tuple[str, ...]:
    """Return the analysis sections the house rules where the report goes require."""
    from reportkit.house_rules import rules_for

    try:
        levels = rules_for(out).section_levels("analysis")
    except ReportkitError:  # a broken rules file: validation reports it on its own lines
        return DEFAULT_REQUIRED_SECTIONS
    return tuple(kind for kind, level in levels.items() if level == "required")


def _draft(path: Path, reader: str) -> Draft:
    if reader == "txt":
        from reportkit.importing.text import read_text

        return read_text(path)
    if reader == "md":
        from reportkit.importing.markdown import read_markdown

        return read_markdown(path)
    word: Any = importlib.import_module("reportkit.importing.word")
    return word.read_word(path)


def _ours() -> Any:
    return importlib.import_module("reportkit.importing.ours")


def _our_report(path: Path, kind: str | None, out: Path, result: ImportResult) -> MappedReport:
    """A DOCX that build wrote holds its report: written back as it is, nothing guessed."""
    data = _ours().report_data(path)
    images = _our_images(path, data, out, result)
    found = str(data.get("kind"))
    if kind is not None and kind != found:
        result.notes.append(
            _(
                "{file} was built from a `{found}` report; it is imported as one (--kind "
                "`{kind}` ignored)",
                file=isolate(path),
                found=found,
                kind=kind,
            )
        )
    return MappedReport(found, data, images=images)


def _our_images(
    path: Path, data: dict[str, Any], out: Path, result: ImportResult
) -> list[ExtractedImage]:
    """Keep the images of a report imported from the Word file build wrote: a `file` that
    names the same image from the new report's folder stays as it is; any other image is
    taken out of the Word file into `<report>-images/` beside the new report, and its `file`
    changed to point there (as for any Word file imported)."""
    taken: dict[str, bytes] = {}  # file name in the folder → its bytes
    images = []
    for field_path, content in _ours().embedded_images(path).items():
        holder, key = _holder(data, field_path)
        if holder is None or not isinstance(holder.get(key), str):
            continue
        named = out.parent / holder[key]
        if content is None:  # replaced or deleted in Word: the report's path is all there is
            result.warnings.append(
                _(
                    "the image {file} is not in {docx} as build wrote it (replaced or deleted "
                    "in Word); its path is kept as the report had it",
                    file=isolate(holder[key]),
                    docx=isolate(path),
                )
            )
            continue
        if named.is_file() and named.read_bytes() == content:
            continue
        name = _free_name(Path(holder[key]).name, content, taken)
        holder[key] = f"{out.stem}-images/{name}"
        if name not in taken:
            taken[name] = content
            images.append(ExtractedImage(holder[key], content))
    return images


def _holder(data: Any, path: tuple) -> tuple[Any, Any]:
    """Return the mapping that holds the field at `path`, and its key (None, None if none)."""
    for key in path[:-1]:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None, None
    return (data, path[-1]) if isinstance(data, dict) else (None, None)


def _free_name(name: str, content: bytes, taken: dict[str, bytes]) -> str:
    """Return `name`, or `name-2`, `name-3`, … when another image already took it."""
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 1
    while name in taken and taken[name] != content:
        number += 1
        name = f"{stem}-{number}{suffix}"
    return name


def _comments(mapped: MappedReport) -> dict[tuple, list[str]]:
    comments: dict[tuple, list[str]] = {}
    for remark in mapped.guesses:
        comments.setdefault(remark.path, []).append(_("guess: {message}", message=remark.message))
    for remark in mapped.todos:
        comments.setdefault(remark.path, []).append(f"TODO: {remark.message}")
    return comments


def _header(source: Path, out: Path, kind: str) -> list[str]:
    schema = (SCHEMA_FOLDER / f"{kind}.schema.json").resolve()
    relative = Path(os.path.relpath(schema, out.resolve().parent)).as_posix()
    return [
        f"yaml-language-server: $schema={relative}",
        _(
            "Imported from {file} by `reportkit import`: check each `guess`, fill in each "
            "`TODO`, then run `reportkit validate`.",
            file=source.name,
        ),
    ]


# --------------------------------------------------------------------------- writing


def _write(out: Path, text: str, images: list[ExtractedImage]) -> list[Path]:
    """Write the images, then the report; on failure remove whatever was written."""
    written: list[Path] = []
    created: list[Path] = []  # folders made here, deepest first
    try:
        for image in images:
            target = out.parent / image.file
            _make_folder(target.parent, created)
            write_atomically(target, image.data)
            written.append(target)
        _make_folder(out.parent, created)
        write_atomically(out, text.encode("utf-8"))
    except OSError as error:
        for target in written:
            target.unlink(missing_ok=True)
        for folder in created:
            _remove_if_empty(folder)
        raise OutputError(
            _("cannot write {file}: {reason}", file=isolate(out), reason=describe_os_error(error))
        ) from error
    return written


def _make_folder(folder: Path, created: list[Path]) -> None:
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    created[:0] = [p for p in missing if p not in created]


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


# --------------------------------------------------------------------------- after writing


def _validate(result: ImportResult, mapped: MappedReport) -> None:
    from reportkit.loader import check_report
    from reportkit.source import read_source

    assert result.out is not None
    result.diagnostics = check_report(result.out).diagnostics
    source = read_source(result.out)
    result.guesses = [_located(source, remark) for remark in mapped.guesses]
    result.todos = [_located(source, remark) for remark in mapped.todos]


def _located(source: Any, remark: Remark) -> Located:
    line, column = source.position_of(remark.path)
    return Located(line, column, format_path(remark.path), remark.message)


__all__ = ["ImportResult", "import_file"]
