"""The language of reportkit's messages: gettext catalogs, chosen per run.

Messages are written in English in the code and marked with `_()`; `pybabel` extracts them
into `locale/reportkit.pot`, translators fill `locale/<lang>/LC_MESSAGES/reportkit.po`, and the
compiled `.mo` files ship in the package (`make messages` runs the three steps). The language
comes from `--lang`, else `REPORTKIT_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`),
else English. Codes, field names and exit codes never change with the language.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources

DOMAIN = "reportkit"
LANGUAGES = ("en", "ar")
LANGUAGE_VARIABLE = "REPORTKIT_LANG"
# First strong isolate … pop directional isolate: an excerpt of the report keeps its own
# direction inside a message of the other direction (an Arabic word in an English sentence).
FSI, PDI = "\u2068", "\u2069"
RIGHT_TO_LEFT = frozenset({"ar"})
# In a right-to-left message, a `code span` (field names, YAML to type) is left-to-right
# text with its own punctuation: isolated, `key: >-` stays in that order.
_CODE_SPAN = re.compile("`[^`\n]+`")


def language_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """Return `ar` or `en` from REPORTKIT_LANG, else the POSIX locale variables, else `en`."""
    for variable in (LANGUAGE_VARIABLE, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return "ar" if value.lower().startswith("ar") else "en"
    return "en"


def current_language() -> str:
    """Return the language messages are written in now (read from the environment each time,
    so `--lang`, which sets REPORTKIT_LANG, also reaches worker processes)."""
    return language_from_environment()


def use_language(language: str) -> None:
    """Write every later message, in this process and its workers, in `language`."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
    os.environ[LANGUAGE_VARIABLE] = language


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """Return the compiled catalog of `language` shipped in the package."""
    folder = resources.files("reportkit").joinpath("locale")
    return gettext.translation(DOMAIN, str(folder), languages=[language], fallback=True)


def _(message: str, /, **values: object) -> str:
    """Return `message` in the current language, with `{name}` fields filled from `values`.

    Wrap excerpts of the report in `isolate()` before passing them, never whole sentences.
    """
    language = current_language()
    translated = catalog(language).gettext(message)
    if language in RIGHT_TO_LEFT:
        # Before filling the fields, so a message placed inside another is not done twice.
        translated = _CODE_SPAN.sub(_isolated_span, translated)
    return translated.format(**values) if values else translated


def _isolated_span(match: re.Match[str]) -> str:
    return isolate(match.group())


def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str:
    """Return the form of a message for `count` (Arabic has six), with `{count}` filled."""
    language = current_language()
    translated = catalog(language).ngettext(singular, plural, count)
    if language in RIGHT_TO_LEFT:
        translated = _CODE_SPAN.sub(_isolated_span, translated)
    return translated.format(count=count, **values)


def N_(message: str) -> str:
    """Mark `message` for extraction only; it is translated where it is shown."""
    return message


def isolate(excerpt: object) -> str:
    """Return `excerpt` between FSI and PDI so it keeps its own direction in any sentence."""
    return f"{FSI}{excerpt}{PDI}"


def without_isolates(text: str) -> str:
    """Return `text` without the isolate marks (for comparisons and plain-text tools)."""
    return text.replace(FSI, "").replace(PDI, "")
