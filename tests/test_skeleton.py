"""`reportkit new`: prose is written as block scalars, so a `: ` or a quote never breaks it."""

from __future__ import annotations

import pytest
import yaml

from reportkit.loader import check_report
from reportkit.models.common import InlineText, walk_text

HEADINGS = {"headline", "standfirst", "title", "heading", "kicker", "subtitle", "summary"}


def node_at(root: yaml.Node, path: tuple) -> yaml.Node:
    node = root
    for part in path:
        if isinstance(node, yaml.SequenceNode):
            node = node.value[part]
        else:
            node = next(value for key, value in node.value if key.value == part)
    return node


@pytest.mark.parametrize("kind", ["analysis", "brief", "estimate"])
def test_every_prose_field_is_a_block(kind, skeleton, write_report):
    text = skeleton(kind)
    report = check_report(write_report(text)).report
    assert report is not None
    root = yaml.compose(text)
    prose = [
        path
        for path, value in walk_text(report)
        if isinstance(value, InlineText) or (path and path[-1] in HEADINGS)
    ]
    assert len(prose) > 5
    assert [p for p in prose if node_at(root, p).style != ">"] == []


def test_a_colon_in_a_skeleton_paragraph_stays_text(skeleton, write_report):
    text = skeleton("brief").replace("    فقرة من متن الخبر.", "    وقال مضيفا: «كل شيء»")
    report = check_report(write_report(text)).report
    assert report is not None and str(report.body[0]) == "وقال مضيفا: «كل شيء»"
