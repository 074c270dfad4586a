"""Script runs as the DOCX layer uses them: the split (render/bidi.py), digits, run properties."""

from reportkit.render import bidi
from reportkit.render.docx import ooxml


def runs(text):
    return [tuple(r) for r in bidi.split_script_runs(text)]


def test_latin_name_and_numbers_inside_arabic():
    assert runs("كتب Belavia Airlines في 2025 مبلغ 1200 دولار.") == [
        ("كتب ", True),
        ("Belavia Airlines", False),
        (" في ", True),
        ("2025", False),
        (" مبلغ ", True),
        ("1200", False),
        (" دولار.", True),
    ]


def test_neutrals_between_latin_letters_stay_latin():
    assert runs("(Belavia Airlines)") == [("(", True), ("Belavia Airlines", False), (")", True)]


def test_digits_after_latin_join_the_latin_run():
    assert runs("رحلة Belavia 2025 اليوم") == [
        ("رحلة ", True),
        ("Belavia 2025", False),
        (" اليوم", True),
    ]


def test_number_separators_stay_in_the_number_a_percent_sign_after_arabic_does_not():
    # After Arabic letters the digits are Arabic numbers (UBA W2): "," and "." between two of
    # them join the number (W4), "%" does not (W5 is for European numbers) and is Arabic, so
    # Word, LibreOffice and the PDF all show it on the number's left.
    assert runs("سعر 1,200.50 ريال و 40%") == [
        ("سعر ", True),
        ("1,200.50", False),
        (" ريال و ", True),
        ("40", False),
        ("%", True),
    ]
    assert runs("40% من الرحلات") == [("40%", False), (" من الرحلات", True)]


def test_marks_stay_with_their_letter():
    assert runs("عقداً") == [("عقداً", True)]


def test_arabic_indic_digits_count_as_arabic():
    text = "عام ٢٠٢٥"
    assert runs(text) == [(text, True)]


def test_empty_and_pure_latin():
    assert runs("") == []
    assert runs("Belavia Airlines") == [("Belavia Airlines", False)]


def test_signed_numbers_get_marks_only_in_arabic_context():
    assert bidi.protect_signed_numbers("بنسبة -55% فقط") == "بنسبة \u200e-55%\u200f فقط"
    assert bidi.protect_signed_numbers("Belavia -5% growth") == "Belavia -5% growth"
    assert bidi.protect_signed_numbers("2025-2026") == "2025-2026"


def test_make_run_properties():
    from docx.oxml.ns import qn

    r = ooxml.make_run(" نص ", rtl=True, cs_font="Amiri", size_pt=11, bold=True)
    rpr = r.find(qn("w:rPr"))
    assert [c.tag.split("}")[1] for c in rpr] == ["rFonts", "b", "bCs", "sz", "szCs", "rtl", "lang"]
    assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "Amiri"
    assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "22"
    assert r.find(qn("w:t")).get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    latin = ooxml.make_run("Belavia", rtl=False, latin_font="Liberation Serif")
    assert latin.find("w:rPr/w:rtl", ooxml.NSMAP) is None


def test_english_paragraph_marks_only_the_arabic_words_and_the_number_inside_them_rtl():
    from docx.oxml import OxmlElement

    paragraph = OxmlElement("w:p")
    text = "Quoted (in Minsk): «عام 2025 كان صعبا», he said."
    ooxml.add_script_runs(paragraph, text, paragraph_rtl=False)
    runs = [
        (r.find("w:t", ooxml.NSMAP).text, r.find("w:rPr/w:rtl", ooxml.NSMAP) is not None)
        for r in paragraph.iterfind("w:r", ooxml.NSMAP)
    ]
    # The number sits inside the Arabic words (UBA level 2 inside level 1): cutting it into a
    # Latin run would swap the Arabic words around it.
    assert runs == [
        ("Quoted (in Minsk): «", False),
        ("عام 2025 كان صعبا", True),
        ("», he said.", False),
    ]
