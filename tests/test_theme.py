"""Template folders override the built-in theme key by key and file by file."""

from __future__ import annotations

import re

import pytest

from reportkit.errors import UsageError
from reportkit.theme import BUILTIN_TEMPLATES, TemplateSet


def test_builtin_theme_is_complete():
    theme = TemplateSet().theme
    assert theme.page.size == "A4" and theme.fonts.arabic == "Amiri"
    assert (BUILTIN_TEMPLATES / "theme.yaml").is_file()


def test_override_changes_only_the_keys_it_names(tmp_path):
    (tmp_path / "theme.yaml").write_text(
        "colors:\n  accent: '#003366'\npage:\n  size: Letter\n", encoding="utf-8"
    )
    templates = TemplateSet(tmp_path)
    assert templates.theme.colors.accent == "#003366"
    assert templates.theme.page.size == "Letter"
    assert templates.theme.colors.text == TemplateSet().theme.colors.text
    assert templates.find("theme.yaml") == tmp_path / "theme.yaml"


def test_files_are_found_in_override_order(tmp_path):
    (tmp_path / "extra.css").write_text("p{}", encoding="utf-8")
    templates = TemplateSet(tmp_path)
    assert templates.find("extra.css") == tmp_path / "extra.css"
    assert templates.find("theme.yaml") == BUILTIN_TEMPLATES / "theme.yaml"
    with pytest.raises(UsageError, match=re.escape("no template file missing.css")):
        templates.find("missing.css")


def test_bad_theme_values_are_usage_errors(tmp_path):
    (tmp_path / "theme.yaml").write_text("page:\n  size: A5\n", encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape("theme: page.size")):
        TemplateSet(tmp_path)
    with pytest.raises(UsageError, match="does not exist"):
        TemplateSet(tmp_path / "nowhere")
