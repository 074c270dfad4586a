"""Messages in Arabic and English: the catalogs are complete, compiled, and chosen per run."""

from __future__ import annotations

import gettext
import io
import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from conftest import BAD

from reportkit import i18n
from reportkit.cli import cli
from reportkit.diagnostics import CODES
from reportkit.explanations import EXPLANATIONS, explain
from reportkit.loader import check_report

LOCALE = Path(i18n.__file__).parent / "locale"
ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def po_catalog(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "reportkit.po").open("rb") as file:
        return read_po(file, locale=language)


def is_translated(message) -> bool:
    strings = message.string if message.pluralizable else (message.string,)
    return all(strings) and not message.fuzzy


def marked_messages() -> set[str]:
    """Return every message the code marks with _() or N_(), as pybabel extract finds them."""
    source = Path(i18n.__file__).parent
    return {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(str(source))
    }


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_catalog_translates_every_marked_message(language):
    catalog = po_catalog(language)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if is_translated(m)}
    missing = marked_messages() - translated
    assert not missing, f"run `make messages` and translate in {language}: {sorted(missing)}"


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_catalog_has_no_fuzzy_or_untranslated_entry(language):
    catalog = po_catalog(language)
    assert not catalog.fuzzy
    assert [m.id for m in catalog if m.id and not is_translated(m)] == []


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_shipped_mo_is_the_compiled_po(language):
    compiled = io.BytesIO()
    write_mo(compiled, po_catalog(language))
    compiled.seek(0)
    fresh = gettext.GNUTranslations(compiled)
    with (LOCALE / language / "LC_MESSAGES" / "reportkit.mo").open("rb") as file:
        shipped = gettext.GNUTranslations(file)
    assert shipped._catalog == fresh._catalog  # type: ignore[attr-defined]


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_both_languages_and_an_explanation(code, monkeypatch):
    entry = EXPLANATIONS.get(code)
    assert entry is not None, f"add {code} to explanations.EXPLANATIONS"
    assert entry.summary == CODES[code][2]
    arabic = po_catalog("ar")
    for text in (entry.summary, entry.details):
        assert arabic.get(text) is not None and arabic.get(text).string
    monkeypatch.setenv("REPORTKIT_LANG", "ar")
    assert arabic.get(entry.details).string in i18n.without_isolates(explain(code))
    monkeypatch.setenv("REPORTKIT_LANG", "en")
    assert entry.details in explain(code)


def test_explain_shows_a_wrong_and_a_right_example():
    result = CliRunner().invoke(cli, ["--lang", "ar", "explain", "rk103"])
    assert result.exit_code == 0
    assert "الخطأ:" in result.output and "الصواب:" in result.output
    assert "    body:\n      - >-\n        وقال مضيفا" in result.output
    result = CliRunner().invoke(cli, ["--lang", "en", "explain", "RK103"])
    assert "Wrong:" in result.output and "Right:" in result.output


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({}, "en"),
        ({"LANG": "ar_EG.UTF-8"}, "ar"),
        ({"LANG": "ar_EG.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "ar_SA.UTF-8"}, "ar"),
        ({"LC_ALL": "ar_SA.UTF-8", "REPORTKIT_LANG": "en"}, "en"),
        ({"LANG": "C.UTF-8", "REPORTKIT_LANG": "ar"}, "ar"),
    ],
)
def test_language_comes_from_the_environment(environment, language):
    assert i18n.language_from_environment(environment) == language


def validate_json(*args: str) -> dict:
    result = CliRunner().invoke(cli, [*args, "validate", "--format", "json", str(BAD)])
    return json.loads(result.output)


def test_only_the_message_text_changes_with_the_language():
    english, arabic = validate_json("--lang", "en"), validate_json("--lang", "ar")
    strip = lambda log: [{**d, "message": None} for d in log["diagnostics"]]  # noqa: E731
    assert strip(english) == strip(arabic)
    assert {k: v for k, v in english.items() if k != "diagnostics"} == {
        k: v for k, v in arabic.items() if k != "diagnostics"
    }
    pairs = zip(english["diagnostics"], arabic["diagnostics"], strict=True)
    assert all(e["message"] != a["message"] for e, a in pairs)


def test_report_excerpts_and_code_are_isolated(monkeypatch):
    [english] = check_report(BAD / "unknown-kind.yaml").diagnostics
    assert "`\u2068memo\u2069`" in english.message
    monkeypatch.setenv("REPORTKIT_LANG", "ar")
    [arabic] = check_report(BAD / "unknown-kind.yaml").diagnostics
    # The code span is isolated as a whole (its backticks stay with it), the excerpt inside too.
    assert "\u2068`\u2068memo\u2069`\u2069" in arabic.message
    assert arabic.message.startswith("نوع التقرير")


def test_text_output_in_arabic_counts_with_arabic_plurals():
    result = CliRunner().invoke(cli, ["--lang", "ar", "validate", str(BAD / "duplicate-key.yaml")])
    lines = result.output.splitlines()
    assert lines[0].endswith("[RK003] (خطأ)")
    assert lines[-1] == "فُحص تقرير واحد: خطأ واحد، لا تنبيهات"
    assert result.exit_code == 1


def outside_isolates(text: str) -> str:
    """Return `text` without its isolated excerpts (report text, which may be Arabic anyway)."""
    return re.sub("\u2068[^\u2068\u2069]*\u2069", "", text)


def test_every_message_met_in_the_banks_is_written_in_arabic(monkeypatch):
    """A message composed without _() stays English: this catches it for every bank file."""
    monkeypatch.setenv("REPORTKIT_LANG", "ar")
    files = [*BAD.glob("*.yaml"), *(BAD.parent / "mistakes").glob("*.yaml")]
    english = [
        f"{path.name}: {d.message}"
        for path in files
        if path.name != "index.yaml"
        for d in check_report(path).diagnostics
        if not ARABIC_LETTER.search(outside_isolates(d.message))
    ]
    assert english == []
