"""`reportkit doctor`: is this machine ready to render? Each check says what to install.

Checks run in dependency order (WeasyPrint needs Pango; the fonts need fontconfig) and never
raise: a failed import or a missing library is a failed check with a fix, not a traceback.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass

from reportkit.fonts import INSTALL_HINT, font_files
from reportkit.theme import TemplateSet

APT = "apt-get install"
MIN_WEASYPRINT = (69,)


@dataclass(frozen=True)
class Check:
    """The outcome of one check: `required` failures stop rendering, others slow or limit it."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True

    def format(self) -> str:
        status = "ok  " if self.ok else ("FAIL" if self.required else "warn")
        line = f"{status} {self.name}: {self.detail}"
        return line + (f"\n     fix: {self.fix}" if not self.ok and self.fix else "")


def check_environment(templates: TemplateSet | None = None) -> list[Check]:
    """Return every check's outcome, in the order they are worth reading."""
    checks = [_weasyprint()]
    if checks[0].ok:
        checks += [_pango(), _harfbuzz_subset(), _weasyprint_fixes()]
    checks += _fonts(templates or TemplateSet())
    checks.append(_poppler())
    return checks


def has_failures(checks: list[Check]) -> bool:
    return any(not check.ok and check.required for check in checks)


def _guarded(function: Callable[[], Check], name: str, fix: str) -> Check:
    try:
        return function()
    except Exception as error:  # a broken install shows up as any kind of error
        return Check(name, False, f"{type(error).__name__}: {error}", fix)


def _weasyprint() -> Check:
    def check() -> Check:
        import weasyprint

        version = tuple(int(part) for part in weasyprint.__version__.split(".")[:1])
        ok = version >= MIN_WEASYPRINT
        return Check(
            "WeasyPrint",
            ok,
            weasyprint.__version__,
            "pip install 'weasyprint>=69' (CSS logical properties, RTL fixes)",
        )

    return _guarded(
        check, "WeasyPrint", f"{APT} libpango-1.0-0 libpangoft2-1.0-0, then pip install weasyprint"
    )


def _pango() -> Check:
    def check() -> Check:
        from weasyprint.text.ffi import pango

        version = pango.pango_version()
        text = f"{version // 10000}.{version // 100 % 100}.{version % 100}"
        return Check("Pango", version >= 14400, text, f"{APT} libpango-1.0-0 (1.44 or newer)")

    return _guarded(check, "Pango", f"{APT} libpango-1.0-0 libpangoft2-1.0-0")


def _harfbuzz_subset() -> Check:
    def check() -> Check:
        from weasyprint.text.ffi import harfbuzz_subset

        if harfbuzz_subset is None:
            return Check(
                "HarfBuzz subsetting",
                False,
                "missing: fonts are subset with fontTools (PDF writing ~6x slower)",
                f"{APT} libharfbuzz-subset0",
                required=False,
            )
        return Check("HarfBuzz subsetting", True, "libharfbuzz-subset found", required=False)

    return _guarded(check, "HarfBuzz subsetting", f"{APT} libharfbuzz-subset0")


def _weasyprint_fixes() -> Check:
    def check() -> Check:
        from reportkit.render import weasyprint_fixes

        active = weasyprint_fixes.install()
        off = [name for name, on in active.items() if not on]
        detail = (
            f"all {len(active)} active (footnotes, text extraction, contents page numbers, "
            "tagging for screen readers, speed)"
            if not off
            else (
                f"not active: {', '.join(off)} (written for WeasyPrint "
                f"{weasyprint_fixes.SUPPORTED_MAJOR}.x)"
            )
        )
        return Check(
            "WeasyPrint fixes",
            not off,
            detail,
            f"pip install 'weasyprint=={weasyprint_fixes.SUPPORTED_MAJOR}.*'",
            required=False,
        )

    return _guarded(check, "WeasyPrint fixes", "reinstall reportkit")


def _fonts(templates: TemplateSet) -> list[Check]:
    fonts = templates.theme.fonts
    if not shutil.which("fc-list"):
        return [Check("fonts", False, "fontconfig's fc-list is missing", f"{APT} fontconfig")]
    found = font_files(fonts.families())
    roles = {
        "Arabic body": fonts.arabic,
        "Arabic headings": fonts.arabic_headings,
        "Latin body": fonts.latin,
        "Latin headings": fonts.latin_headings,
    }
    checks = []
    for role, family in roles.items():
        files = found.get(family, [])
        detail = f"{family}: {len(files)} file(s)" if files else f"{family} is not installed"
        checks.append(
            Check(
                f"font ({role})",
                bool(files),
                detail,
                INSTALL_HINT + " (or name installed fonts in theme.yaml)",
                required=role.endswith("body"),
            )
        )
    return checks


def _poppler() -> Check:
    found = shutil.which("pdftotext") is not None
    return Check(
        "pdftotext",
        found,
        "found" if found else "missing (only the tests need it)",
        f"{APT} poppler-utils",
        required=False,
    )
