"""`reportkit import` on the command line: exit codes, messages, and nothing written on errors.
The Word readers (ours.py, word.py) are written elsewhere: here they are stand-ins."""

from __future__ import annotations

import shutil
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, seed_file

from reportkit import cli as cli_module
from reportkit.i18n import without_isolates
from reportkit.importing import ours
from reportkit.importing.command import import_file
from reportkit.importing.draft import Draft, DraftHeading, DraftParagraph
from reportkit.source import read_source


def run_main(monkeypatch, capsys, *args) -> tuple[int, str]:
    """Run `reportkit ARGS` in-process through `main`, which maps errors to exit codes."""
    monkeypatch.setattr(sys, "argv", ["reportkit", *map(str, args)])
    with pytest.raises(SystemExit) as done:
        cli_module.main()
    captured = capsys.readouterr()
    return done.value.code, without_isolates(captured.out + captured.err)


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_import_writes_the_report_and_exits_0(tmp_path):
    draft = tmp_path / "seed.txt"
    shutil.copy(seed_file(), draft)
    result = CliRunner().invoke(cli_module.cli, ["import", str(draft)])
    assert result.exit_code == 0, result.output
    output = without_isolates(result.output)
    assert f"wrote {tmp_path / 'seed.yaml'} (analysis)" in output
    assert f"{tmp_path / 'seed.yaml'}:8:1: date: the publication date, as YYYY-MM-DD" in output
    assert (
        (tmp_path / "seed.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=")
    )


def test_out_chooses_the_report_file(tmp_path):
    draft = tmp_path / "seed.txt"
    shutil.copy(seed_file(), draft)
    out = tmp_path / "reports" / "belarus.yaml"
    result = CliRunner().invoke(cli_module.cli, ["import", str(draft), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert read_source(out).data["kind"] == "analysis"


def test_an_existing_report_is_not_overwritten_without_force(tmp_path, monkeypatch, capsys):
    draft = tmp_path / "seed.txt"
    shutil.copy(seed_file(), draft)
    out = tmp_path / "seed.yaml"
    out.write_text("kept\n", encoding="utf-8")
    code, output = run_main(monkeypatch, capsys, "import", draft)
    assert code == 2
    assert "seed.yaml already exists; choose another name with --out, or pass --force" in output
    assert out.read_text(encoding="utf-8") == "kept\n"
    code, output = run_main(monkeypatch, capsys, "import", draft, "--force")
    assert code == 0, output
    assert read_source(out).data["kind"] == "analysis"


def test_nothing_is_written_when_the_report_exists_even_images(tmp_path, monkeypatch, capsys):
    from PIL import Image

    Image.new("RGB", (4, 4)).save(tmp_path / "map.png")
    draft = tmp_path / "draft.md"
    draft.write_text("# T\n\nText.\n\n## Conclusion\n\n![Map](map.png)\n", encoding="utf-8")
    (tmp_path / "draft.yaml").write_text("kept\n", encoding="utf-8")
    before = files_in(tmp_path)
    code, _ = run_main(monkeypatch, capsys, "import", draft)
    assert code == 2
    assert files_in(tmp_path) == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("notes.odt", "reportkit imports .txt, .md, .markdown, .docx files"),
        ("old.doc", "save it as .docx, and import that"),
    ],
)
def test_unknown_suffixes_are_usage_errors(tmp_path, monkeypatch, capsys, name, message):
    draft = tmp_path / name
    draft.write_bytes(b"something")
    code, output = run_main(monkeypatch, capsys, "import", draft)
    assert code == 2
    assert message in output
    assert files_in(tmp_path) == {name}


@pytest.mark.parametrize("content", [b"", b"\n  \n\t\n"])
def test_an_empty_draft_exits_1_and_writes_nothing(tmp_path, monkeypatch, capsys, content):
    draft = tmp_path / "empty.txt"
    draft.write_bytes(content)
    code, output = run_main(monkeypatch, capsys, "import", draft)
    assert code == 1
    assert "empty.txt is empty; there is nothing to import" in output
    assert files_in(tmp_path) == {"empty.txt"}


def test_a_draft_that_is_not_utf8_exits_1_and_writes_nothing(tmp_path, monkeypatch, capsys):
    draft = tmp_path / "latin1.txt"
    draft.write_bytes("Titre\n\nCafé crème.\n".encode("latin-1"))
    code, output = run_main(monkeypatch, capsys, "import", draft)
    assert code == 1
    assert "is not UTF-8 text (byte 0xe9)" in output
    assert files_in(tmp_path) == {"latin1.txt"}


def test_an_unknown_kind_is_a_usage_error(tmp_path, monkeypatch, capsys):
    draft = tmp_path / "seed.txt"
    shutil.copy(seed_file(), draft)
    code, output = run_main(monkeypatch, capsys, "import", draft, "--kind", "memo")
    assert code == 2
    assert "unknown report kind `memo`" in output
    assert files_in(tmp_path) == {"seed.txt"}


def test_messages_are_translated(tmp_path):
    draft = tmp_path / "seed.txt"
    shutil.copy(seed_file(), draft)
    result = CliRunner().invoke(cli_module.cli, ["--lang", "ar", "import", str(draft)])
    assert result.exit_code == 0
    assert "كُتب" in result.output or "كتب" in result.output
    assert "wrote" not in result.output


# --------------------------------------------------------------------------- Word files


def test_a_docx_build_wrote_gives_its_report_back(tmp_path, monkeypatch):
    report = read_source(DATA / "estimate-en.yaml").data
    monkeypatch.setattr(ours, "is_ours", lambda path: True)
    monkeypatch.setattr(ours, "report_data", lambda path: report)
    monkeypatch.setattr(ours, "embedded_images", lambda path: {})
    draft = tmp_path / "built.docx"
    draft.write_bytes(b"PK stand-in")
    result = import_file(draft)
    assert not result.has_errors
    assert read_source(result.out).data == report
    assert result.guesses == [] and result.todos == [] and result.diagnostics == []


def test_another_docx_goes_through_the_word_reader(tmp_path, monkeypatch):
    draft_file = tmp_path / "draft.docx"
    draft_file.write_bytes(b"PK stand-in")
    read = []

    def read_word(path: Path) -> Draft:
        read.append(path)
        return Draft(
            source=path,
            format="docx",
            title="A Word draft",
            blocks=[
                DraftParagraph("Opening."),
                DraftHeading(1, "Conclusion"),
                DraftParagraph("The end."),
            ],
            warnings=["a pending tracked insertion was left out"],
        )

    monkeypatch.setattr(ours, "is_ours", lambda path: False)
    monkeypatch.setitem(
        sys.modules, "reportkit.importing.word", types.SimpleNamespace(read_word=read_word)
    )
    result = import_file(draft_file)
    assert read == [draft_file]
    data = read_source(result.out).data
    assert [s["kind"] for s in data["sections"]] == ["context", "conclusion"]
    assert "warning: a pending tracked insertion was left out" in result.lines()
    assert result.lines()[0] == f"wrote \u2068{tmp_path / 'draft.yaml'}\u2069 (analysis)"


def test_the_draft_itself_is_never_the_report_file(tmp_path, monkeypatch, capsys):
    draft = tmp_path / "seed.txt"
    shutil.copy(seed_file(), draft)
    code, output = run_main(monkeypatch, capsys, "import", draft, "--out", draft, "--force")
    assert code == 2
    assert "--out names the draft itself" in output
    assert draft.read_bytes() == seed_file().read_bytes()


def test_a_failed_write_removes_the_images_it_wrote(tmp_path, monkeypatch):
    from PIL import Image

    from reportkit.errors import OutputError
    from reportkit.importing import command

    Image.new("RGB", (4, 4)).save(tmp_path / "map.png")
    draft = tmp_path / "draft.md"
    draft.write_text("# T\n\nText.\n\n## Conclusion\n\n![Map](map.png)\n", encoding="utf-8")
    written = []

    def disk_full_at_the_report(path: Path, data: bytes) -> None:
        if path.suffix == ".yaml":
            raise OSError(28, "No space left on device")
        written.append(path)
        path.write_bytes(data)

    monkeypatch.setattr(command, "write_atomically", disk_full_at_the_report)
    before = files_in(tmp_path)
    with pytest.raises(OutputError, match="cannot write"):
        import_file(draft)
    assert written == [tmp_path / "draft-images" / "figure-1.png"]
    assert files_in(tmp_path) == before
