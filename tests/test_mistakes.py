"""The mistake bank: for each authoring mistake, the message in each language says the fix.

tests/data/mistakes/ holds one report per mistake and index.yaml the diagnostic each must give
(code, line, column) with a phrase the English and the Arabic message must contain.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportkit.i18n import without_isolates
from reportkit.loader import check_report

MISTAKES = Path(__file__).resolve().parent / "data" / "mistakes"
INDEX = yaml.safe_load((MISTAKES / "index.yaml").read_text(encoding="utf-8"))


def test_bank_has_an_entry_for_every_file():
    assert sorted(p.stem for p in MISTAKES.glob("*.yaml") if p.name != "index.yaml") == sorted(
        INDEX
    )
    assert len(INDEX) >= 30


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", sorted(INDEX))
def test_message_points_at_the_line_and_says_the_fix(name, language, monkeypatch):
    monkeypatch.setenv("REPORTKIT_LANG", language)
    expected = INDEX[name]
    diagnostics = check_report(MISTAKES / f"{name}.yaml").diagnostics
    found = {(d.code, d.line, d.column): without_isolates(d.message) for d in diagnostics}
    where = (expected["code"], expected["line"], expected["column"])
    assert where in found, f"{name}: got {sorted(found)}"
    assert expected[language] in found[where]


@pytest.mark.parametrize("name", sorted(INDEX))
def test_no_message_is_the_parsers_wording_alone(name):
    """libyaml's words may appear only inside a plain-language explanation, never alone."""
    for diagnostic in check_report(MISTAKES / f"{name}.yaml").diagnostics:
        message = diagnostic.message
        for words in ("did not find expected", "mapping values are not allowed", "while scanning"):
            assert words not in message
        assert "input should be" not in message.lower()
