"""Compiled templates kept between runs (render/template_cache.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import BRIEF_SAMPLE

from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.html import _environment_for, page_html
from reportkit.render.template_cache import cache_folder, template_cache
from reportkit.theme import TemplateSet


@pytest.fixture
def next_run(monkeypatch, tmp_path):
    """Return a function that renders the brief's page as a new process would: templates
    loaded afresh, compiled templates kept in this test's own cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    report = load_report(BRIEF_SAMPLE)

    def render(templates: TemplateSet | None = None) -> str:
        _environment_for.cache_clear()
        return page_html(RenderJob(report, BRIEF_SAMPLE, templates or TemplateSet()), "print").html

    yield render
    _environment_for.cache_clear()


def kept_folder() -> Path:
    folder = cache_folder()
    assert folder is not None
    return folder


def test_a_later_run_reads_the_compiled_templates(next_run, monkeypatch):
    first = next_run()
    assert list(kept_folder().glob("*.cache")), "no compiled template was kept"

    def no_compiling(*args, **kwargs):
        raise AssertionError("a kept template was compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert next_run() == first


def test_an_edited_template_is_compiled_again(next_run, tmp_path):
    (tmp_path / "blocks").mkdir()
    quote = tmp_path / "blocks" / "quote.html"
    quote.write_text('<div class="first-quote">{{ inline(block.content) }}</div>', "utf-8")
    assert 'class="first-quote"' in next_run(TemplateSet(tmp_path))
    quote.write_text('<div class="later-quote">{{ inline(block.content) }}</div>', "utf-8")
    page = next_run(TemplateSet(tmp_path))
    assert 'class="later-quote"' in page and 'class="first-quote"' not in page


def test_an_unusable_cache_folder_only_means_compiling(next_run, monkeypatch, tmp_path):
    expected = next_run()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert template_cache() is None
    assert next_run() == expected


def test_a_cache_folder_removed_during_a_run_only_means_compiling(next_run, monkeypatch):
    expected = next_run()
    shutil.rmtree(kept_folder())
    # The folder exists when the environment is made, and is gone when templates are kept.
    made = _environment_for.__wrapped__

    def remove_after_making(*args):
        environment = made(*args)
        shutil.rmtree(kept_folder())
        return environment

    monkeypatch.setattr("reportkit.render.html._environment_for", remove_after_making)
    assert next_run() == expected
    assert not kept_folder().exists()


def test_the_folder_is_named_by_the_versions_that_compile(monkeypatch, tmp_path):
    import jinja2

    import reportkit

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    name = kept_folder().name
    assert jinja2.__version__ in name and reportkit.__version__ in name
    assert kept_folder().parent == tmp_path / "reportkit"


def test_a_relative_cache_home_is_ignored_and_no_home_means_no_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert kept_folder().parent == tmp_path / ".cache" / "reportkit"

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert cache_folder() is None and template_cache() is None


@pytest.mark.skipif(os.geteuid() != 0, reason="giving the folder to another user needs root")
def test_a_folder_of_another_user_is_not_used(next_run, monkeypatch):
    expected = next_run()
    os.chown(kept_folder(), os.getuid() + 4242, -1)
    assert template_cache() is None
    assert next_run() == expected
