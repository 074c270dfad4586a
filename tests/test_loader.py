"""The loader reports every problem at once, each with the exact file, line, column and field."""

from __future__ import annotations

import pytest
from conftest import BAD

from reportkit.errors import ContentError
from reportkit.i18n import without_isolates
from reportkit.loader import check_report, load_report
from reportkit.source import MAX_FILE_BYTES

# file -> every diagnostic it must produce, formatted, in order.
BAD_BANK = {
    "broken-yaml.yaml": [
        "3:16: invalid YAML: line 3: YAML reads the `: ` after عنوان as the start of a new field; "
        "write the whole text as a block: `headline: >-`, then the text on the next line, "
        "indented two more spaces [RK002]",
    ],
    "wrong-type.yaml": [
        "6:1: body: `body` is a list: put each item on its own line under `body:`, indented, "
        "starting with `- ` (a dash and a space) [RK103]",
    ],
    "unknown-field.yaml": [
        "1:1: missing required field `headline` [RK101]",
        "3:1: headlin: unknown field `headlin`; did you mean `headline`? [RK102]",
    ],
    "duplicate-key.yaml": [
        "6:1: headline: duplicate key `headline` (first defined on line 3); keep one [RK003]",
    ],
    "bad-date.yaml": [
        "4:1: date: `2025-13-05` is not a day of the calendar (month 1–12, and a day the month "
        "has); write the date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-11-20 or ٢٠٢٥-١١-٢٠) [RK103]",
    ],
    "dangling-citation.yaml": [
        "7:5: body[0]: no source has id `reuters`; define it under `sources:` (known: treasury) [RK111]",
    ],
    "control-character.yaml": [
        "3:16: control character U+0001 cannot appear in a report; delete it [RK005]",
    ],
    "bidi-override.yaml": [
        "3:17: invisible bidi control U+202E (RIGHT-TO-LEFT OVERRIDE) can silently reorder text; "
        "delete it (reportkit sets direction itself) [RK006]",
    ],
    "line-separator.yaml": [
        "5:21: line separator U+2028 cannot appear in a report; replace it with a space "
        "(or start a new paragraph as a new `- ` item of the list) [RK009]",
        "7:15: paragraph separator U+2029 cannot appear in a report; start the new paragraph "
        "as a new `- ` item of the list instead [RK009]",
    ],
    "empty.yaml": [
        "1:1: the file is empty; a report starts with `kind: analysis` or `kind: brief` [RK004]",
    ],
    "not-utf8.yaml": [
        "2:8: the file is not UTF-8 (byte 0xd3); save it as UTF-8 in your editor [RK001]",
    ],
    "not-utf8-after-arabic.yaml": [  # the column counts characters, not bytes (111)
        "2:61: the file is not UTF-8 (byte 0xff); save it as UTF-8 in your editor [RK001]",
    ],
    "binary-tag.yaml": [
        "3:11: headline: YAML tag `!!binary` cannot be used in a report; remove it and write "
        "the value as plain text [RK008]",
    ],
    "unknown-tag.yaml": [
        "2:8: label: YAML tag `!include` cannot be used in a report; remove it and write "
        "the value as plain text [RK008]",
    ],
    "unsafe-link.yaml": [
        "7:5: body[0]: link `javascript:alert(document.cookie)` could run code or read files "
        "in a reader's browser; link to an https:// address instead [RK117]",
        "8:5: body[1]: link `file:///etc/passwd` could run code or read files in a reader's "
        "browser; link to an https:// address instead [RK117]",
        "8:5: body[1]: link `data:text/html,x` could run code or read files in a reader's "
        "browser; link to an https:// address instead [RK117]",
    ],
    "unknown-kind.yaml": [
        "1:1: kind: unknown report kind `memo`; use one of `analysis`, `brief`, `policy-paper`, `estimate` [RK104]",
    ],
    "unknown-section-kind.yaml": [
        "17:1: sections: an analysis usually has a `limits` section; add one, or make it "
        "optional in the house rules (reportkit.yaml) [RK204]",
        "56:5: sections[3].kind: unknown section kind `limts`; use one of `context`, `trajectory`, "
        "`drivers`, `analysis`, `section`, `limits`, `conclusion` [RK104]",
    ],
    "missing-sections.yaml": [
        "6:1: sections: an analysis usually has a `limits` section; add one, or make it "
        "optional in the house rules (reportkit.yaml) [RK204]",
        "11:5: sections[1].kind: the `context` section must come first [RK110]",
        "16:5: sections[2].perspectives: needs at least 2 item(s), found 1 [RK103]",
        "21:5: sections[3].heading: `heading` is empty: write its value after `heading: ` on the "
        "same line (or as a block, `heading: >-`, with the text on the next line), or delete the "
        "line if it is optional [RK103]",
    ],
}


@pytest.mark.parametrize("name", sorted(BAD_BANK))
def test_bad_input_gives_exact_diagnostics(name):
    path = BAD / name
    result = check_report(path, display_name=name)
    assert result.report is None
    formatted = [without_isolates(d.format()) for d in result.diagnostics]
    assert formatted == [f"{name}:{line}" for line in BAD_BANK[name]]
    # A missing recommended section is advice (RK204), reported along with the errors.
    assert all(d.is_error or d.code == "RK204" for d in result.diagnostics)


def test_bank_covers_every_file():
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(BAD_BANK)


def test_huge_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"kind: brief\nbody:\n" + b"  - x\n" * (MAX_FILE_BYTES // 6 + 1))
    [diagnostic] = check_report(path).diagnostics
    assert diagnostic.code == "RK007"
    assert "a report may be at most 4 MiB" in diagnostic.message


def test_alias_bomb_is_refused(write_report):
    lines = ["kind: brief", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 7):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(
            f"{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, "
            f"*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]"
        )
    [diagnostic] = check_report(write_report("\n".join(lines) + "\n")).diagnostics
    assert diagnostic.code == "RK007"


def test_escaped_control_and_bidi_characters_are_caught(skeleton, write_report):
    text = skeleton("brief").replace(
        "headline: >-\n  عنوان الخبر", 'headline: "عنوان\\u0007 الخبر \\u2066x\\u2069"'
    )
    codes = [(d.code, d.line) for d in check_report(write_report(text)).diagnostics]
    assert ("RK005", 10) in codes and ("RK006", 10) in codes


def test_escaped_line_and_paragraph_separators_are_caught(skeleton, write_report):
    """A \\u2028 escape in a quoted value reaches the text (and stopped the PDF's line breaker)."""
    text = skeleton("brief").replace(
        "headline: >-\n  عنوان الخبر", 'headline: "عنوان\\u2028الخبر\\u2029"'
    )
    diagnostics = check_report(write_report(text)).diagnostics
    found = [(d.code, d.line, d.message.split(" cannot")[0]) for d in diagnostics]
    assert found == [
        ("RK009", 10, "line separator U+2028"),
        ("RK009", 10, "paragraph separator U+2029"),
    ]


def test_text_is_nfc_normalized(skeleton, write_report):
    decomposed = "ا\u0654"  # alef + combining hamza above: NFC composes it to أ
    text = skeleton("brief").replace("  عنوان الخبر", f"  {decomposed}خبار")
    report = load_report(write_report(text))
    assert report.headline == "\u0623خبار"


def test_load_report_raises_with_every_error():
    with pytest.raises(ContentError) as raised:
        load_report(BAD / "missing-sections.yaml")
    assert len(raised.value.diagnostics) == 3  # the missing `limits` is a warning
    assert "(and 2 more)" in str(raised.value)


def test_missing_image_and_path_outside_the_report_folder(skeleton, write_report, tmp_path):
    text = skeleton("brief").replace(
        "lead:", "image:\n  file: missing.png\n  caption: صورة\nlead:", 1
    )
    [missing] = [d for d in check_report(write_report(text)).diagnostics if d.is_error]
    assert (missing.code, missing.path) == ("RK114", "image.file")
    (tmp_path.parent / "outside.png").write_bytes(b"png")
    text = text.replace("missing.png", "../outside.png")
    [outside] = [d for d in check_report(write_report(text)).diagnostics if d.is_error]
    assert outside.code == "RK115" and "outside the report's folder" in outside.message


def test_placed_items_need_an_existing_section(skeleton, write_report):
    text = skeleton("analysis") + (
        "figures:\n  - value: 1200\n    label: معتقل\n    section: nowhere\n"
    )
    [error] = [d for d in check_report(write_report(text)).diagnostics if d.is_error]
    assert error.code == "RK113" and error.path == "figures[0].section"
    message = without_isolates(error.message)
    assert "`nowhere`" in message and "`context`" in message


def test_duplicate_ids_and_unsafe_links(skeleton, write_report):
    text = skeleton("analysis").replace("    id: drivers", "    id: trajectory")
    text = text.replace("خلاصة الدوافع.", "خلاصة [الدوافع](ftp://example.org/x).")
    errors = {d.code: d for d in check_report(write_report(text)).diagnostics if d.is_error}
    assert errors["RK112"].path == "sections[2].id"
    assert errors["RK103"].path == "sections[2].synthesis[0]"


def test_repeated_outlook_horizon(skeleton, write_report):
    text = skeleton("analysis").replace("horizon: medium-term", "horizon: near-term")
    [error] = [d for d in check_report(write_report(text)).diagnostics if d.is_error]
    assert error.code == "RK110" and error.path == "sections[3].outlooks[1].horizon"
