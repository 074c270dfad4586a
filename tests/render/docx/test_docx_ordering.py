"""Child-order lists agree with wml.rnc, and set_child inserts/replaces in that order."""

import re

import ooxml_validation
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportkit.render.docx import ooxml

RNC = (ooxml_validation.SCHEMA_DIR / "wml.rnc").read_text(encoding="utf-8")


def rnc_children(*names):
    """Return the element names of the rnc definitions `names`, in order."""
    tags = []
    for name in names:
        body = re.search(rf"^{name} =\n(.*?)(?=^\S)", RNC, re.S | re.M).group(1)
        tags += re.findall(r"element (\w+)", body)
    return tags


def local(order):
    return [tag.split("}")[1] for tag in order]


@pytest.mark.parametrize(
    "parent,definitions",
    [
        ("pPr", ["w_CT_PPrBase", "w_CT_PPr"]),
        ("sectPr", ["w_EG_SectPrContents"]),
        ("tblPr", ["w_CT_TblPrBase", "w_CT_TblPr"]),
        ("settings", ["w_CT_Settings"]),
        ("style", ["w_CT_Style"]),
        ("rPr", ["w_EG_ParaRPrTrackChanges", "w_EG_RPrBase", "w_EG_RPrContent"]),
        ("docDefaults", ["w_CT_DocDefaults"]),
    ],
)
def test_order_lists_follow_wml_rnc(parent, definitions):
    expected = [t for t in rnc_children(*definitions) if t not in ("pPrChange",)]
    ours = [t for t in local(ooxml.CHILD_ORDER[qn("w:" + parent)]) if t not in ("pPrChange",)]
    # sectPr's header/footer references and sectPrChange come from w_CT_SectPr
    ours = [t for t in ours if t not in ("headerReference", "footerReference", "sectPrChange")]
    ours = [t for t in ours if t != "m:mathPr" and t != "mathPr" and t != "schemaLibrary"]
    assert ours == expected


def test_set_child_inserts_before_first_later_sibling():
    ppr = OxmlElement("w:pPr")
    ooxml.set_child(ppr, "w:jc", val="both")
    ooxml.set_child(ppr, "w:pStyle", val="Normal")
    ooxml.set_child(ppr, "w:spacing", after=0)
    ooxml.set_child(ppr, "w:bidi")
    assert [c.tag.split("}")[1] for c in ppr] == ["pStyle", "bidi", "spacing", "jc"]


def test_set_child_replaces_in_place():
    ppr = OxmlElement("w:pPr")
    ooxml.set_child(ppr, "w:bidi")
    ooxml.set_child(ppr, "w:jc", val="both")
    ooxml.set_child(ppr, "w:bidi", val="0")
    assert [c.tag.split("}")[1] for c in ppr] == ["bidi", "jc"]
    assert ppr[0].get(qn("w:val")) == "0"


def test_sectpr_bidi_goes_before_docgrid():
    sect = OxmlElement("w:sectPr")
    for tag in ("w:pgSz", "w:pgMar", "w:cols", "w:docGrid"):
        ooxml.set_child(sect, tag)
    ooxml.set_section_rtl(sect)
    assert [c.tag.split("}")[1] for c in sect] == [
        "pgSz",
        "pgMar",
        "cols",
        "bidi",
        "rtlGutter",
        "docGrid",
    ]
