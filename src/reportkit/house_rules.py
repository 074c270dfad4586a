"""House rules: a project's editorial decisions about structure, in `reportkit.yaml`.

Which sections a kind must have, how long a paragraph may run, how many perspectives a
`drivers` section holds, which metadata is required and what the outputs call things differ
between institutes. Built-in defaults (`DEFAULT_SECTIONS` and the models' defaults below) cover
what the seed pieces have; a project writes only what it changes:

    analysis:
      sections: {limits: required, drivers: optional}
      fields: {summary: required}
      paragraph_words: 300
      perspectives: {min: 2, max: 4}
      labels: {ar: {sources: المراجع}}

The file is found by walking up from the report's folder to the first folder that has a
`reportkit.yaml`, stopping at a folder holding `.git` (the project's root) or at the
filesystem's root. Breaches are ordinary Problems on the report's own fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from reportkit.diagnostics import Diagnostic, Problem
from reportkit.errors import ContentError
from reportkit.i18n import _
from reportkit.models import REPORT_KINDS

RULES_FILE = "reportkit.yaml"
DEFAULT_PARAGRAPH_WORDS = 250
Level = Literal["required", "recommended", "optional"]
FieldLevel = Literal["required", "optional"]

# What a kind needs when no house rule says otherwise; a section kind not named is optional.
DEFAULT_SECTIONS: dict[str, dict[str, Level]] = {
    "analysis": {
        "context": "required",
        "conclusion": "required",
        "trajectory": "recommended",
        "drivers": "recommended",
        "limits": "recommended",
    },
}
DEFAULT_FIELDS: dict[str, dict[str, FieldLevel]] = {
    "analysis": {"authors": "required"},
    "policy-paper": {
        "summary": "required",
        "recommendations": "required",
        "conclusion": "required",
    },
}
DEFAULT_FIELDS["estimate"] = {"authors": "required"}  # background and actors: optional


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(_Rules):
    min: int = Field(default=2, ge=1)
    max: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.max is not None and self.max < self.min:
            raise ValueError(_("`max` ({max}) is below `min` ({min})", max=self.max, min=self.min))
        return self


class KindRules(_Rules):
    """Rules for one report kind; every key is optional and overrides the built-in default."""

    report_kind: ClassVar[str] = ""  # set by each kind's subclass, for checking `fields`
    fields: dict[str, FieldLevel] = Field(default_factory=dict)
    paragraph_words: int = Field(default=DEFAULT_PARAGRAPH_WORDS, ge=1)
    labels: dict[Literal["ar", "en"], dict[str, str]] = Field(default_factory=dict)

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, value: dict) -> dict:
        for name in value:
            _check_field(cls.report_kind, name)
        return value

    @field_validator("labels")
    @classmethod
    def _known_labels(cls, value: dict) -> dict:
        from reportkit.render.text import LABELS  # only rules that set labels need it

        for language, labels in value.items():
            for key, text in labels.items():
                if key not in LABELS[language]:
                    raise ValueError(
                        _(
                            "unknown label `{key}`; use one of {known}",
                            key=key,
                            known=", ".join(f"`{k}`" for k in LABELS[language]),
                        )
                    )
                _check_placeholders(key, text)
        return value


class BriefRules(KindRules):
    report_kind = "brief"


class AnalysisRules(KindRules):
    report_kind = "analysis"
    sections: dict[str, Level] = Field(default_factory=dict)
    perspectives: Range = Field(default_factory=Range)

    @field_validator("sections")
    @classmethod
    def _known_sections(cls, value: dict) -> dict:
        known = section_kinds("analysis")
        for kind in value:
            if kind not in known:
                raise ValueError(
                    _(
                        "unknown section kind `{kind}`; use one of {known}",
                        kind=kind,
                        known=", ".join(f"`{k}`" for k in known),
                    )
                )
        return value


class PolicyPaperRules(KindRules):
    """A policy paper's parts are fields: `fields` says which are required."""

    report_kind = "policy-paper"


class EstimateRules(KindRules):
    report_kind = "estimate"


class HouseRulesFile(_Rules):
    """The whole file: one entry per report kind."""

    analysis: AnalysisRules = Field(default_factory=AnalysisRules)
    brief: BriefRules = Field(default_factory=BriefRules)
    policy_paper: PolicyPaperRules = Field(default_factory=PolicyPaperRules, alias="policy-paper")
    estimate: EstimateRules = Field(default_factory=EstimateRules)


def _check_placeholders(key: str, text: str) -> None:
    try:
        text.format(actor="")
    except (KeyError, IndexError, ValueError):
        raise ValueError(
            _("label `{key}` may use only the placeholder {{actor}}", key=key)
        ) from None


def _check_field(kind: str, name: str) -> None:
    model_fields = REPORT_KINDS[kind].model_fields
    if name not in model_fields:
        raise ValueError(_("`{kind}` has no field `{name}`", kind=kind, name=name))
    if model_fields[name].is_required():
        raise ValueError(_("`{name}` is always required in `{kind}`", kind=kind, name=name))


def section_kinds(kind: str) -> tuple[str, ...]:
    """Return the section kinds a report kind knows (none for kinds without sections)."""
    info = REPORT_KINDS[kind].model_fields.get("sections")
    if info is None:
        return ()
    return tuple(_literal_tags(info.annotation))


def _literal_tags(annotation: Any) -> Iterator[str]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        tag = annotation.model_fields.get("kind")
        if tag is not None:
            yield from get_args(tag.annotation)
        return
    for arg in get_args(annotation):
        yield from _literal_tags(arg)


class HouseRules:
    """The rules in force for a report: the parsed file (or the defaults) and where it is."""

    def __init__(self, rules: HouseRulesFile | None = None, path: Path | None = None):
        self.rules = rules or HouseRulesFile()
        self.path = path

    def for_kind(self, kind: str) -> KindRules:
        return getattr(self.rules, kind.replace("-", "_"), KindRules())

    def section_levels(self, kind: str) -> dict[str, Level]:
        """Return section kind → level, the defaults overridden by the file."""
        given = getattr(self.for_kind(kind), "sections", {})
        return {**DEFAULT_SECTIONS.get(kind, {}), **given}

    def field_levels(self, kind: str) -> dict[str, FieldLevel]:
        return {**DEFAULT_FIELDS.get(kind, {}), **self.for_kind(kind).fields}

    def labels(self, kind: str, language: str) -> dict[str, str]:
        """Return the label overrides for reports of `kind` in `language`."""
        return dict(self.for_kind(kind).labels.get(language, {}))  # type: ignore[call-overload]

    def origin(self) -> str:
        """Return " (house rules: FILE)" to end a message with, or "" for the defaults."""
        if self.path is None:
            return ""
        return " " + _("(house rules: {file})", file=self.path.name)


DEFAULT_RULES = HouseRules()


# --------------------------------------------------------------------------- finding, reading


def find_rules_file(folder: Path) -> Path | None:
    """Return the first `reportkit.yaml` from `folder` upwards, up to the project's root."""
    for candidate in candidate_files(folder):
        if candidate.is_file():
            return candidate
    return None


def rules_inputs(report_path: Path, explicit: Path | None = None) -> dict[str, str | None]:
    """Return path → digest of every file that can hold the report's rules (None: absent),
    for the build cache: editing, adding or removing a rules file rebuilds the outputs."""
    from reportkit.cache import file_digest

    paths = [Path(explicit)] if explicit else candidate_files(Path(report_path).parent)
    return {str(path): file_digest(path) for path in paths}


def candidate_files(folder: Path) -> Iterator[Path]:
    """Yield where a rules file for `folder` may be, nearest first (the build cache watches
    them all, so a rules file created later is noticed too)."""
    folder = Path(folder).resolve()
    for current in (folder, *folder.parents):
        yield current / RULES_FILE
        if (current / ".git").exists():
            return


def rules_for(report_path: Path, explicit: Path | None = None) -> HouseRules:
    """Return the rules in force for the report at `report_path`: `explicit` when given, else
    the nearest rules file, else the defaults. Raise ContentError when the file is wrong."""
    return rules_for_folder(Path(report_path).parent, explicit)


def rules_for_folder(folder: Path, explicit: Path | None = None) -> HouseRules:
    """Return the rules for files in `folder` (see rules_for)."""
    path = explicit if explicit is not None else find_rules_file(folder)
    if path is None:
        return DEFAULT_RULES
    path = Path(path).resolve()
    try:
        content = path.read_bytes()
    except OSError:
        from reportkit.source import read_source

        raise ContentError(read_source(path, _display_name(path)).diagnostics) from None
    return _load(path, content)


@lru_cache(maxsize=16)
def _load(path: Path, content: bytes) -> HouseRules:
    """Read and validate a rules file (cached while its content stays the same)."""
    from reportkit.loader import from_pydantic
    from reportkit.source import SourceFile, parse_source

    if _is_blank(content):  # an empty file, or one whose every rule is commented out
        return HouseRules(path=path)
    source = parse_source(content, SourceFile(_display_name(path)))
    errors = [_rules_diagnostic(source, d) for d in source.diagnostics if d.is_error]
    if errors:
        raise ContentError(errors)
    try:
        return HouseRules(HouseRulesFile.model_validate(source.data), path)
    except ValidationError as error:
        raise ContentError(
            [from_pydantic(source, e) for e in error.errors(include_url=False)]
        ) from None


def _is_blank(content: bytes) -> bool:
    lines = content.decode("utf-8", errors="replace").splitlines()
    return all(not line.strip() or line.lstrip().startswith("#") for line in lines)


def _rules_diagnostic(source, diagnostic: Diagnostic) -> Diagnostic:
    if diagnostic.code != "RK004":
        return diagnostic
    return source.diagnostic(
        "RK004",
        _(
            "house rules are a mapping of report kinds to rules, starting with `analysis:` "
            "or `brief:`"
        ),
    )


def _display_name(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- checking a report


def house_problems(data: dict, kind: str, rules: HouseRules) -> Iterator[Problem]:
    """Yield the breaches of the house rules in a report's plain data (valid or not)."""
    yield from _field_problems(data, kind, rules)
    sections = data.get("sections")
    if isinstance(sections, list):
        yield from _section_problems(sections, kind, rules)
        if kind == "analysis":
            yield from _perspective_problems(sections, rules)


def _field_problems(data: dict, kind: str, rules: HouseRules) -> Iterator[Problem]:
    for name, level in rules.field_levels(kind).items():
        if level != "required":
            continue
        value = data.get(name)
        if value is None:  # an empty text is the schema's error already
            path: tuple = (name,) if name in data else ()
            yield Problem(
                path,
                "RK101",
                _("missing required field `{name}`", name=name) + rules.origin(),
            )
        elif isinstance(value, list) and not value:
            yield Problem(
                (name,),
                "RK103",
                _("needs at least {minimum} item(s), found {found}", minimum=1, found=0)
                + rules.origin(),
            )


def _section_problems(sections: list, kind: str, rules: HouseRules) -> Iterator[Problem]:
    present = {s.get("kind") for s in sections if isinstance(s, dict)}
    for section_kind, level in rules.section_levels(kind).items():
        if section_kind in present or level == "optional":
            continue
        if level == "required":
            yield Problem(
                ("sections",),
                "RK110",
                _("an analysis needs at least one `{kind}` section", kind=section_kind)
                + rules.origin(),
            )
        else:
            yield Problem(
                ("sections",),
                "RK204",
                _(
                    "an analysis usually has a `{kind}` section; add one, or make it optional "
                    "in the house rules ({file})",
                    kind=section_kind,
                    file=RULES_FILE,
                ),
            )


def _perspective_problems(sections: list, rules: HouseRules) -> Iterator[Problem]:
    limits = rules.rules.analysis.perspectives
    for index, section in enumerate(sections):
        if not isinstance(section, dict) or section.get("kind") != "drivers":
            continue
        perspectives = section.get("perspectives")
        if not isinstance(perspectives, list):
            continue
        path = ("sections", index, "perspectives")
        if len(perspectives) < limits.min:
            yield Problem(
                path,
                "RK103",
                _(
                    "needs at least {minimum} item(s), found {found}",
                    minimum=limits.min,
                    found=len(perspectives),
                )
                + rules.origin(),
            )
        elif limits.max is not None and len(perspectives) > limits.max:
            yield Problem(
                path,
                "RK103",
                _("must have at most {maximum} item(s)", maximum=limits.max)
                + " "
                + _("(found {found})", found=len(perspectives))
                + rules.origin(),
            )
