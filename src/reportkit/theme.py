"""Themes and template folders: theme.yaml → Theme, and the folder order that overrides files.

A template folder may hold any of: theme.yaml (only the keys it changes), HTML templates, CSS,
the DOCX style definition. Lookups go through the folders in order — the organization's folder
first, then the built-in default — so a folder overrides the defaults file by file.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reportkit.errors import UsageError
from reportkit.resources import NotContained, contained_path, image_problem


def _packaged_templates() -> Path:
    """Return the packaged default templates as a folder: Jinja2 and WeasyPrint read real files.

    An installed package (wheel or editable) is a folder already; as_file copies the templates
    to a temporary folder, removed at exit, only when the package is imported from a zip.
    """
    keep = ExitStack()
    atexit.register(keep.close)
    default = resources.files("reportkit") / "templates" / "default"
    return keep.enter_context(resources.as_file(default)).resolve()


BUILTIN_TEMPLATES = _packaged_templates()
Length = str  # a CSS length: "22mm", "1in", "12pt"


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PageGeometry(_Part):
    size: Literal["A4", "Letter"] = "A4"
    margin_top: Length = "24mm"
    margin_bottom: Length = "26mm"
    margin_inner: Length = "22mm"
    margin_outer: Length = "20mm"


class Fonts(_Part):
    arabic: str = "Amiri"
    arabic_headings: str = "Noto Naskh Arabic"
    latin: str = "Noto Serif"
    latin_headings: str = "Noto Sans"

    def families(self) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys((self.arabic, self.arabic_headings, self.latin, self.latin_headings))
        )


class Sizes(_Part):
    """The one scale of type sizes, in points: the PDF's CSS (report.css, print.css) and the
    Word styles (docx/styles.yaml) take every size from it, by these names."""

    body: float = 12.5
    small: float = 10
    footnote: float = 9.5
    heading1: float = 19
    heading2: float = 15
    heading3: float = 13
    figure: float = 25
    title: float = 30


class Colors(_Part):
    text: str = "#1b1b1b"
    accent: str = "#7a1f2b"
    muted: str = "#5f5f5f"
    rule: str = "#cfc6bb"
    callout: str = "#f6f1ea"


class Theme(_Part):
    name: str = "default"
    page: PageGeometry = Field(default_factory=PageGeometry)
    fonts: Fonts = Field(default_factory=Fonts)
    sizes: Sizes = Field(default_factory=Sizes)
    colors: Colors = Field(default_factory=Colors)
    logo: str | None = None
    digits: Literal["latin", "arabic-indic"] | None = None


class TemplateSet:
    """The template folders in lookup order, and the theme merged from their theme.yaml files."""

    def __init__(self, override: Path | None = None, reference_docx: Path | None = None):
        if reference_docx is not None and not Path(reference_docx).is_file():
            raise UsageError(f"Word reference document {reference_docx} does not exist")
        self.reference_docx = Path(reference_docx).resolve() if reference_docx else None
        folders = [BUILTIN_TEMPLATES]
        if override is not None:
            override = Path(override)
            if not override.is_dir():
                raise UsageError(f"template folder {override} does not exist")
            folders.insert(0, override.resolve())
        self.folders: tuple[Path, ...] = tuple(folders)
        self.theme = _load_theme(self.folders)
        # Checked now, so that every output format refuses the same logo before any is built.
        self._logo = self._find_logo()

    def find(self, name: str) -> Path:
        """Return the first folder's copy of file `name`, which must stay inside that folder."""
        for folder in self.folders:
            try:
                candidate = contained_path(name, (folder,))
            except NotContained:
                raise UsageError(
                    f"template file `{name}` is outside the template folder {folder}; "
                    "copy it into the folder and name it relative to it"
                ) from None
            if candidate.is_file():
                return candidate
        raise UsageError(f"no template file {name} in {', '.join(map(str, self.folders))}")

    def logo_path(self) -> Path | None:
        """Return the theme's logo, a checked image inside a template folder (None: no logo)."""
        return self._logo

    def _find_logo(self) -> Path | None:
        if not self.theme.logo:
            return None
        try:
            logo = self.find(self.theme.logo)
        except UsageError as error:
            raise UsageError(f"theme: logo: {error}") from None
        problem = image_problem(logo)
        if problem:
            raise UsageError(f"theme: logo: {problem}")
        return logo


def _load_theme(folders: tuple[Path, ...]) -> Theme:
    merged: dict = {}
    for folder in reversed(folders):  # defaults first, overrides on top
        path = folder / "theme.yaml"
        if path.is_file():
            merged = _deep_merge(merged, _read_yaml(path))
    try:
        return Theme.model_validate(merged)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise UsageError(
            f"theme: {where}: {first['msg']} (in the theme.yaml files of "
            f"{', '.join(map(str, folders))})"
        ) from None


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except yaml.YAMLError as error:
        raise UsageError(f"{path}: invalid YAML: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a theme is a mapping of settings")
    return data


def _deep_merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged
