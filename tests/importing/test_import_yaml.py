"""The YAML the import writes reads back as exactly the data, whatever the text holds."""

from __future__ import annotations

import unicodedata

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reportkit.importing.yaml_writer import report_yaml
from reportkit.source import SourceFile, parse_source

TRICKY = [
    "A sentence: with a colon, which a plain scalar cannot hold",
    "key: value",
    "ends with a colon:",
    "# starts like a comment",
    "a # inside, after a space",
    "'single quoted'",
    '"double quoted"',
    "it's “curly” and «guillemets»",
    "- starts like a list item",
    "* starts like an alias or emphasis",
    "[starts] like a flow sequence",
    "{starts: like a mapping}",
    "& anchor",
    "! tag",
    "| literal",
    "> folded",
    "% directive",
    "@ reserved",
    "` backtick",
    "?question",
    "yes",
    "no",
    "null",
    "~",
    "2025",
    "3.14",
    "0x1F",
    "1e3",
    "2025-11-20",
    "  leading spaces",
    "trailing spaces  ",
    "two  spaces  inside",
    "a line\nbreak kept",
    "a line\n\nand a blank line",
    "\ttab first",
    "tab\tinside",
    "شهدت العلاقات الأمريكية–البيلاروسية: دورات متعاقبة # ليست تعليقًا",
    "\u200fعلامة اتجاه من اليمين\u200f",
    "left\u200emark",
    "zero\u200bwidth",
    "نص مع تشكيل: ختامًا، يتبيّن",
    "very long " * 60 + "end",
    "word" * 80,
    "backslash \\ and \\n not a newline",
    "a bell \x07 and an escape \x1b",
    "line\u2028separator",
    "bidi \u202e override",
    "bom \ufeff inside",
    "emoji 🙂 outside the BMP",
    "ends with a backslash \\",
    "...",
    "---",
    "--- a document marker first",
]


def read_back(text: str):
    source = parse_source(text.encode("utf-8"), SourceFile("x.yaml"))
    return source.data


def report_with(value: str) -> dict:
    return {
        "kind": "analysis",
        "language": "ar",
        "title": value,
        "keywords": [value, "plain"],
        "authors": [{"name": value, "role": value}],
        "sections": [
            {
                "kind": "analysis",
                "heading": value,
                "paragraphs": [
                    value,
                    {"bullets": [value, value]},
                    {"table": {"caption": value, "header": [[value, "b"]], "rows": [["1", value]]}},
                ],
            }
        ],
        "notes": [{"id": "n1", "text": value}],
    }


def test_every_tricky_string_reads_back_exactly():
    for value in TRICKY:
        data = report_with(value)
        text = report_yaml("analysis", data, {}, ["yaml-language-server: $schema=x.json"])
        assert read_back(text) == data, (value, text)
        if "\u2028" not in value:  # PyYAML's own reader breaks lines there; reportkit's refuses
            assert yaml.safe_load(text)["sections"][0]["paragraphs"][0] == value


def test_prose_is_written_as_block_scalars():
    sentence = "A sentence: with a colon, long enough to be prose rather than a short name."
    text = report_yaml("analysis", report_with(sentence), {}, [])
    lines = text.splitlines()
    heading = lines.index("    heading: >-")
    assert lines[heading + 1].strip() == sentence
    assert "      - >-" in lines
    assert "a line\n" not in text


def test_long_prose_with_double_spaces_is_still_folded_where_single_spaces_are():
    sentence = "Two  spaces  stay inside a line; " + "the folding breaks at single spaces " * 5
    text = report_yaml("analysis", report_with(sentence.strip()), {}, [])
    lines = text.splitlines()
    start = lines.index("      - >-") + 1
    assert lines[start].strip().startswith("Two  spaces  stay")
    assert all(len(line) <= 96 for line in lines[start : start + 3])
    assert not any(line.strip().startswith('"Two') for line in lines)


def test_a_line_break_is_kept_in_a_literal_block():
    text = report_yaml("analysis", report_with("first line\nsecond line"), {}, [])
    assert "      - |-\n        first line\n        second line" in text


def test_fields_follow_the_schema_order_kind_first_notes_last():
    data = {
        "notes": [{"text": "t", "id": "n"}],
        "sections": [{"paragraphs": ["p"], "heading": "h", "kind": "analysis"}],
        "title": "T",
        "date": "2025-01-01",
        "language": "en",
        "kind": "analysis",
    }
    lines = report_yaml("analysis", data, {}, []).splitlines()
    keys = [line.split(":")[0] for line in lines if line and not line.startswith(" ")]
    assert keys == ["kind", "language", "date", "title", "sections", "notes"]
    assert lines[lines.index("sections:") + 1] == "  - kind: analysis"
    assert lines[lines.index("notes:") + 1] == "  - id: n"


def test_comments_stand_above_their_field():
    data = {"kind": "analysis", "date": "", "sections": [{"kind": "context", "paragraphs": ["p"]}]}
    comments = {("date",): ["TODO: the date"], ("sections", 0, "kind"): ["guess: \u2068x\u2069"]}
    text = report_yaml("analysis", data, comments, ["head"])
    assert text.splitlines()[:6] == [
        "# head",
        "kind: analysis",
        "# TODO: the date",
        'date: ""',
        "sections:",
        "  # guess: x",
    ]


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=200))
def test_any_text_reads_back_as_reportkit_reads_it(value):
    data = report_with(value)
    text = report_yaml("analysis", data, {}, [])
    expected = report_with(unicodedata.normalize("NFC", value))
    assert read_back(text) == expected


def test_a_short_value_that_would_read_as_a_number_is_quoted_on_its_line():
    data = report_with("p")
    data["notes"] = [{"id": "1", "text": "yes"}]
    text = report_yaml("analysis", data, {}, [])
    assert '  - id: "1"\n    text: "yes"\n' in text
    assert read_back(text) == data
