"""Load a report: source file → model → rules → checks, collecting every Diagnostic at once."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from reportkit.checks import run_editorial_checks
from reportkit.diagnostics import Diagnostic, has_errors
from reportkit.errors import ContentError
from reportkit.house_rules import house_problems, rules_for
from reportkit.i18n import _, isolate
from reportkit.models import REPORT_KINDS, ReportBase
from reportkit.models.common import Image, walk_text
from reportkit.rules import common_problems
from reportkit.source import SourceFile, read_source


@dataclass
class LoadResult:
    """What loading one report gave: the model (None when it has errors) and all diagnostics."""

    file: str
    report: ReportBase | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    kind: str | None = None

    def summary(self) -> LoadResult:
        """Return a copy without the model, for sending between processes."""
        return replace(self, report=None)

    def failed(self, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict)


def load_report(path: Path | str, rules_file: Path | None = None) -> ReportBase:
    """Return the report at `path`, or raise ContentError listing every error in it (or in
    the house rules that apply to it)."""
    result = check_report(path, rules_file=rules_file)
    if result.report is None:
        raise ContentError([d for d in result.diagnostics if d.is_error])
    return result.report


def check_report(
    path: Path | str, display_name: str | None = None, rules_file: Path | None = None
) -> LoadResult:
    """Return the report at `path` with every diagnostic: reading, schema, rules and checks.

    The house rules are `rules_file`, else the nearest `reportkit.yaml` (house_rules.py); a
    wrong rules file gives its own diagnostics, at its own lines, instead of the report's.
    """
    path = Path(path)
    try:
        rules = rules_for(path, rules_file)
    except ContentError as error:
        return LoadResult(display_name or str(path), None, error.diagnostics)
    source = read_source(path, display_name)
    readable = source.is_readable
    report = _validate(source) if readable else None
    if readable and source.data.get("kind") in REPORT_KINDS:
        kind = source.data["kind"]
        source.diagnostics += _positioned(source, house_problems(source.data, kind, rules))
    if report is not None:
        texts = tuple(walk_text(report))
        problems = [*report.structure_problems(), *common_problems(report, path.parent, texts)]
        source.diagnostics += _positioned(source, problems)
        if any(d.is_error for d in source.diagnostics):
            report = None
        else:
            source.diagnostics += _positioned(
                source, run_editorial_checks(report, texts, rules.for_kind(report.kind))
            )
    source.diagnostics.sort(key=lambda d: (d.line, d.column, d.code))
    return LoadResult(source.file, report, source.diagnostics, getattr(report, "kind", None))


def check_rules_files(paths, rules_file: Path | None = None) -> list[LoadResult]:
    """Return a result for each wrong house rules file that governs one of `paths`, so that
    its mistakes are reported once rather than with every report (empty when all are fine)."""
    from reportkit.house_rules import find_rules_file, rules_for_folder

    files = {rules_file} if rules_file else {find_rules_file(Path(p).parent) for p in paths}
    broken = []
    for file in sorted(f for f in files if f is not None):
        try:
            rules_for_folder(file.parent, file)
        except ContentError as error:
            broken.append(LoadResult(error.diagnostics[0].file, None, error.diagnostics))
    return broken


def _positioned(source: SourceFile, problems) -> Iterator[Diagnostic]:
    for problem in problems:
        yield source.diagnostic(problem.code, problem.message, problem.path)


def _validate(source: SourceFile) -> ReportBase | None:
    kind = source.data.get("kind")
    model = REPORT_KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        source.diagnostics.append(_unknown_kind(source, kind))
        return None
    try:
        return model.model_validate(source.data)
    except ValidationError as error:
        source.diagnostics += [_from_pydantic(source, e) for e in error.errors(include_url=False)]
        # Rules on the raw data still apply, so every problem is reported in one run.
        source.diagnostics += _positioned(source, model.data_problems(source.data))
        return None


def _unknown_kind(source: SourceFile, kind: Any) -> Diagnostic:
    known = ", ".join(f"`{k}`" for k in REPORT_KINDS)
    if kind is None:
        return source.diagnostic(
            "RK101", _("missing field `kind`; use one of {known}", known=known)
        )
    return source.diagnostic(
        "RK104",
        _("unknown report kind `{kind}`; use one of {known}", kind=isolate(kind), known=known),
        ("kind",),
    )


def _from_pydantic(source: SourceFile, error: ErrorDetails) -> Diagnostic:
    """Turn one pydantic error into a Diagnostic at the field's line, in the user's words."""
    path = _data_path(source.data, error["loc"])
    kind = error["type"]
    name = path[-1] if path else ""
    if kind == "missing":
        missing = error["loc"][-1]
        return source.diagnostic("RK101", _("missing required field `{name}`", name=missing), path)
    if kind == "extra_forbidden":
        return source.diagnostic("RK102", _unknown_field(name), path)
    if kind == "union_tag_invalid":
        expected = error["ctx"]["expected_tags"].replace("'", "`")
        return source.diagnostic(
            "RK104",
            _(
                "unknown section kind `{kind}`; use one of {known}",
                kind=isolate(error["ctx"]["tag"]),
                known=expected,
            ),
            (*path, "kind"),
        )
    if kind == "union_tag_not_found":
        return source.diagnostic("RK101", _("missing field `kind` (the section's kind)"), path)
    return source.diagnostic("RK103", _value_message(error, path), path)


from_pydantic = _from_pydantic  # the house rules file is read the same way


# pydantic's error types for a value of the wrong shape -> the shape the field expects.
_SHAPES = {
    "string_type": "text",
    "list_type": "list",
    "model_type": "fields",
    "dict_type": "fields",
}


def _value_message(error: ErrorDetails, path: tuple) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    from reportkit.traps import explain_shape  # only invalid reports need it

    shape = _SHAPES.get(kind)
    explained = explain_shape(shape, error.get("input"), path) if shape else None
    if explained:
        return explained
    if kind == "string_too_short":
        return explain_shape("text", None, path) or ""
    if kind == "too_short":
        return _(
            "needs at least {minimum} item(s), found {found}",
            minimum=ctx.get("min_length"),
            found=ctx.get("actual_length"),
        )
    if kind == "string_pattern_mismatch" and "a-z0-9" in ctx.get("pattern", ""):
        return _(
            "ids use lowercase Latin letters, digits, '-' and '_' (e.g. `un-rapporteur-2025`)"
        ) + _got(error)
    if kind == "string_pattern_mismatch" and "https?" in ctx.get("pattern", ""):
        return _("must be a web address starting with http:// or https://") + _got(error)
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "`").replace(" or ", ", ")
        return _("must be one of {expected}", expected=expected) + _got(error)
    if kind == "body_item":  # models/blocks.py: an item of a section's `paragraphs`
        return _body_item_message(error.get("input"), path)
    if kind == "value_error":
        # Our validators raise ValueError with a message already in the user's language.
        return str(error["msg"]).removeprefix("Value error, ")
    return _other_message(kind, ctx) + _got(error)


def _body_item_message(value: Any, path: tuple) -> str:
    """A paragraph that YAML read as a mapping (a `: ` inside the sentence) or as a nested list
    is a typing slip with a fix of its own; anything else is not one of the item kinds."""
    slip = isinstance(value, list) or (
        isinstance(value, dict) and any(" " in str(key).strip() for key in value)
    )
    from reportkit.traps import explain_shape  # only invalid reports need it

    trap = explain_shape("text", value, path) if slip else None
    return trap or _(
        "a paragraph is text; a list or a table is a mapping with one key: `bullets:`, "
        "`numbers:` or `table:`"
    )


def _other_message(kind: str, ctx: dict) -> str:
    if kind.startswith(("int_", "float_", "decimal_")):
        return _("must be a number")
    if kind.startswith("bool_"):
        return _("must be `true` or `false`")
    if kind == "string_too_long":
        return _("must be at most {maximum} characters", maximum=ctx.get("max_length"))
    if kind == "too_long":
        return _("must have at most {maximum} item(s)", maximum=ctx.get("max_length"))
    return _("this value is not valid here ({kind})", kind=kind)


def _got(error: ErrorDetails) -> str:
    value = error.get("input")
    if isinstance(value, (dict, list)) or value is None:
        return ""
    text = str(value)
    excerpt = text[:40] + ("…" if len(text) > 40 else "")
    return " " + _("(got `{value}`)", value=isolate(excerpt))


def _data_path(data: Any, loc: tuple) -> tuple:
    """Return the part of pydantic's `loc` that exists in the data (drops union tags)."""
    path: list = []
    for part in loc:
        if (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        ):
            data = data[part]
        elif isinstance(data, (dict, list)):
            continue  # a discriminator tag or a validator's name, not a field
        else:
            break
        path.append(part)
    return tuple(path)


def _unknown_field(name: str) -> str:
    close = _closest_field(name)
    if close:
        return _("unknown field `{name}`; did you mean `{close}`?", name=isolate(name), close=close)
    return _("unknown field `{name}`; check its spelling and indentation", name=isolate(name))


def _closest_field(name: str) -> str | None:
    """Return the known field name closest to `name`; between equally close ones, one with
    the same first letter (`lable` is `label`, not `table`): typos seldom hit the first."""
    matches = difflib.get_close_matches(name, _field_names(), n=5, cutoff=0.75)
    if not matches:
        return None
    best = difflib.SequenceMatcher(None, name, matches[0]).ratio()
    tied = [m for m in matches if difflib.SequenceMatcher(None, name, m).ratio() == best]
    return next((m for m in tied if m[:1] == name[:1]), tied[0])


@lru_cache(maxsize=1)
def _field_names() -> tuple[str, ...]:
    names: set[str] = set()
    seen: set[type] = set()

    def collect(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            for sub in _models_in(info.annotation):
                collect(sub)

    for model in REPORT_KINDS.values():
        collect(model)
    collect(Image)
    return tuple(sorted(names))


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()):
        yield from _models_in(arg)
    for meta in getattr(annotation, "__metadata__", ()):
        yield from _models_in(meta)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        yield from _models_in(origin)
