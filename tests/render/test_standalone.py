"""Every resource a template names stays inside the allowed folders, in every output format."""

from __future__ import annotations

import base64

import pytest
from click.testing import CliRunner
from conftest import BRIEF_SAMPLE, write_png

from reportkit.cli import cli
from reportkit.errors import RenderError, UsageError
from reportkit.i18n import without_isolates
from reportkit.loader import load_report
from reportkit.render import RenderJob
from reportkit.render.html import render_standalone_html
from reportkit.render.standalone import refuse_outside_loads
from reportkit.theme import TemplateSet


def standalone_page(template_dir) -> str:
    job = RenderJob(load_report(BRIEF_SAMPLE), BRIEF_SAMPLE, TemplateSet(template_dir))
    return render_standalone_html(job).decode("utf-8")


def with_screen_css(folder, extra: str):
    folder.mkdir(exist_ok=True)
    default_css = TemplateSet().find("screen.css").read_text(encoding="utf-8")
    (folder / "screen.css").write_text(extra + "\n" + default_css, encoding="utf-8")
    return folder


@pytest.mark.parametrize("logo", ["/etc/passwd", "../outside.png"])
def test_a_logo_outside_the_template_folder_is_refused(tmp_path, logo):
    brand = tmp_path / "brand"
    brand.mkdir()
    write_png(tmp_path / "outside.png")
    (brand / "theme.yaml").write_text(f"logo: {logo}\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"theme: logo: .* is outside the template folder"):
        TemplateSet(brand)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_no_format_is_built_with_an_outside_logo(tmp_path, fmt):
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "theme.yaml").write_text("logo: /etc/passwd\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["build", str(BRIEF_SAMPLE), "--format", fmt, "--out", str(out), "--template", str(brand)],
    )
    assert isinstance(result.exception, UsageError)  # main() prints it and exits with 2
    assert "is outside the template folder" in str(result.exception)
    assert not list(out.glob(f"*.{fmt}"))


def test_a_logo_that_is_not_an_image_is_refused(tmp_path):
    (tmp_path / "logo.png").write_text("not a picture", encoding="utf-8")
    (tmp_path / "theme.yaml").write_text("logo: logo.png\n", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        TemplateSet(tmp_path)
    assert "theme: logo: `logo.png` is not a PNG image" in without_isolates(str(refused.value))


def test_the_web_page_inlines_what_its_css_names(tmp_path):
    brand = with_screen_css(tmp_path / "brand", "")
    write_png(brand / "paper.png")
    (brand / "extra.css").write_text("body { background: url(paper.png) }", encoding="utf-8")
    css = f'@import url("{(brand / "extra.css").as_uri()}") screen;'
    page = standalone_page(with_screen_css(brand, css))
    png = base64.b64encode((brand / "paper.png").read_bytes()).decode("ascii")
    assert f'url("data:image/png;base64,{png}")' in page
    assert "@import" not in page and "@media screen {" in page
    assert "paper.png" not in page and "extra.css" not in page


@pytest.mark.parametrize(
    "css, message",
    [
        ("@import url(http://example.com/track.css);", "is not a local file"),
        ("@import 'https://example.com/a.css';", "is not a local file"),
        ("body { background: url(https://example.com/pixel.gif) }", "is not a local file"),
        ("@font-face { font-family: X; src: url(file:///etc/hostname) }", "is outside"),
        ("body { background: url(../../../../../etc/hostname) }", "is outside"),
        ("body { background: url(missing.png) }", "does not exist"),
    ],
)
def test_the_web_page_refuses_remote_outside_and_missing_css_resources(tmp_path, css, message):
    with pytest.raises(RenderError, match=message):
        standalone_page(with_screen_css(tmp_path / "brand", css))


def test_a_template_element_that_loads_something_is_refused(tmp_path):
    refuse_outside_loads('<img src="data:image/png;base64,AA=="><a href="https://x.org">x</a>')
    for html in (
        '<script src="https://example.com/x.js"></script>',
        '<link rel="stylesheet" href="/etc/style.css">',
        '<div style="background: url(http://example.com/x.png)"></div>',
        "<style>@import 'x.css';</style>",
    ):
        with pytest.raises(RenderError, match="the page must stand alone"):
            refuse_outside_loads(html)
