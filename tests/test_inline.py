"""Inline markup parses once into the nodes both renderers consume."""

from reportkit.inline import Citation, Emphasis, Link, Strong, Text, parse_inline, plain_text


def test_plain_text_needs_no_parser():
    assert parse_inline("نص عادي 2025") == (Text("نص عادي 2025"),)


def test_markup_and_citations():
    nodes = parse_inline(
        "قال *بوضوح* إن **الاتفاق** [قريب](https://example.org) وفق المصدر.[^reuters]"
    )
    assert nodes == (
        Text("قال "),
        Emphasis((Text("بوضوح"),)),
        Text(" إن "),
        Strong((Text("الاتفاق"),)),
        Text(" "),
        Link("https://example.org", (Text("قريب"),)),
        Text(" وفق المصدر."),
        Citation("reuters"),
    )
    assert plain_text(nodes) == "قال بوضوح إن الاتفاق قريب وفق المصدر."


def test_html_stays_text():
    assert parse_inline("<b>Belavia</b> [x]") == (Text("<b>Belavia</b> [x]"),)


def test_brackets_that_are_not_citations_stay_text():
    assert plain_text(parse_inline("القائمة [^ غير صحيحة] و[1]")) == "القائمة [^ غير صحيحة] و[1]"
