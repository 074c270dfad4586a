"""Rules every report kind shares: sources, citations, cross-references, links and files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from reportkit.diagnostics import Problem, repeated_ids
from reportkit.i18n import _, isolate
from reportkit.models.blocks import Table
from reportkit.models.common import Image, InlineText, ReportBase, walk_text
from reportkit.resources import NotContained, contained_path, image_problem
from reportkit.tables import table_problems

SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")
# Addresses that run code or read the reader's files (what markdown-it refuses to link).
UNSAFE_LINK_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")


def common_problems(report: ReportBase, report_dir: Path, texts=None) -> Iterator[Problem]:
    """Yield the errors no single field can show: ids, citations, links and image files."""
    yield from _duplicate_sources(report)
    yield from _source_problems(report)
    yield from _note_problems(report)
    known = report.source_by_id()
    citable = {**known, **report.note_by_id()}  # `[^id]` names a source or a note
    for path, text in texts if texts is not None else walk_text(report):
        if isinstance(text, InlineText):
            yield from _citation_problems(text, path, citable)
            yield from _link_problems(text, path)
    for path, source_id in source_references(report):
        if source_id not in known:
            yield Problem(path, "RK111", _undefined(source_id, known))
    for path, image in images(report):
        yield from _image_problems(image, path, report_dir)
    for path, table in tables(report):
        yield from table_problems(table, path)


def _duplicate_sources(report: ReportBase) -> Iterator[Problem]:
    yield from repeated_ids(
        ((("sources", index, "id"), source.id) for index, source in enumerate(report.sources)),
        lambda id, first: _(
            "source id `{id}` is already used by sources[{index}]", id=id, index=first
        ),
    )


def _source_problems(report: ReportBase) -> Iterator[Problem]:
    for index, source in enumerate(report.sources):
        if not (source.title or source.text or source.url):
            yield Problem(
                ("sources", index),
                "RK101",
                _(
                    "source `{id}` needs a `title`, a `text` (the reference written out) or a "
                    "`url`",
                    id=source.id,
                ),
            )


def _note_problems(report: ReportBase) -> Iterator[Problem]:
    """Note ids must not repeat nor name a source; a note's text cannot cite (a note in a note)."""
    sources = report.source_by_id()
    yield from repeated_ids(
        ((("notes", index, "id"), note.id) for index, note in enumerate(report.notes)),
        lambda id, first: _("note id `{id}` is already used by notes[{index}]", id=id, index=first),
    )
    for index, note in enumerate(report.notes):
        if note.id in sources:
            yield Problem(
                ("notes", index, "id"),
                "RK112",
                _(
                    "note id `{id}` is already a source's id; give the note another id",
                    id=note.id,
                ),
            )
        if any(note.text.citations()):
            yield Problem(
                ("notes", index, "text"),
                "RK103",
                _("a note cannot cite a source or a note; write the reference out in its text"),
            )


def _citation_problems(text: InlineText, path: tuple, known: dict) -> Iterator[Problem]:
    for citation in text.citations():
        if citation.source_id not in known:
            yield Problem(path, "RK111", _undefined(citation.source_id, known))


def _undefined(source_id: str, known: dict) -> str:
    if known:
        return _(
            "no source has id `{id}`; define it under `sources:` (known: {known})",
            id=isolate(source_id),
            known=", ".join(known),
        )
    return _("no source has id `{id}`; define it under `sources:`", id=isolate(source_id))


def _link_problems(text: InlineText, path: tuple) -> Iterator[Problem]:
    for link in text.links():
        href = link.href.strip()
        if href.lower().startswith(UNSAFE_LINK_SCHEMES):
            yield Problem(
                path,
                "RK117",
                _(
                    "link `{href}` could run code or read files in a reader's browser; "
                    "link to an https:// address instead",
                    href=isolate(href[:60]),
                ),
            )
        elif not href.startswith(SAFE_LINK_SCHEMES):
            yield Problem(
                path,
                "RK103",
                _(
                    "link `{href}` must start with https://, http:// or mailto:",
                    href=isolate(link.href),
                ),
            )


def source_references(model: BaseModel, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Yield (path, source id) for every `source:` field (quotes, figures, timeline events)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name == "source" and isinstance(value, str):
            yield (*path, name), value
        for index, item in _children(value):
            yield from source_references(item, (*path, name, *index))


def images(model: BaseModel, path: tuple = ()) -> Iterator[tuple[tuple, Image]]:
    """Yield (path, image) for every image in the report."""
    if isinstance(model, Image):
        yield path, model
        return
    for name in type(model).model_fields:
        for index, item in _children(getattr(model, name)):
            yield from images(item, (*path, name, *index))


def tables(model: BaseModel, path: tuple = ()) -> Iterator[tuple[tuple, Table]]:
    """Yield (path, table) for every table in the report."""
    if isinstance(model, Table):
        yield path, model
        return
    for name in type(model).model_fields:
        for index, item in _children(getattr(model, name)):
            yield from tables(item, (*path, name, *index))


def _children(value) -> Iterator[tuple[tuple, BaseModel]]:
    if isinstance(value, BaseModel):
        yield (), value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, BaseModel):
                yield (index,), item


def resolve_image(image: Image, report_dir: Path) -> Path:
    """Return the image's absolute path; raise ValueError when it leaves the report's folder."""
    try:
        return contained_path(image.file, (report_dir,))
    except NotContained:
        # Not isolated: the renderers reuse this text in their own errors, read by tools.
        raise ValueError(
            _(
                "image `{file}` is outside the report's folder ({folder}); copy it next to the "
                "report",
                file=image.file,
                folder=report_dir.resolve(),
            )
        ) from None


def _image_problems(image: Image, path: tuple, report_dir: Path) -> Iterator[Problem]:
    try:
        target = resolve_image(image, report_dir)
    except ValueError as error:
        yield Problem((*path, "file"), "RK115", str(error))
        return
    if not target.is_file():
        yield Problem(
            (*path, "file"),
            "RK114",
            _(
                "image file `{file}` does not exist (looked in {folder})",
                file=isolate(image.file),
                folder=isolate(target.parent),
            ),
        )
        return
    problem = image_problem(target)
    if problem:
        yield Problem((*path, "file"), "RK116", problem)
