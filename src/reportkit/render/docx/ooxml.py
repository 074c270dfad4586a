"""Small named helpers over WordprocessingML for right-to-left (Arabic-first) documents.

Built on python-docx and lxml: python-docx gives the document, its parts and proxies, and this
module adds what it lacks — children inserted in the schema's order (Word rejects misplaced
elements that LibreOffice forgives), direction on sections, paragraphs, runs and tables, runs
split by script. Styles are written by `styles.py`, fields, footnotes and the table of
contents by `fields.py`, reproducible saving in `package.py`.

Conventions:
- Tags are written with the ``w:`` prefix (``"w:bidi"``); attribute keyword arguments are local
  names in the ``w:`` namespace (``val="true"`` → ``w:val``).
- Any function taking a "paragraph", "run", "table" or "section" accepts either the
  python-docx proxy object or its underlying lxml element.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from reportkit.render.bidi import split_script_runs

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSMAP = {"w": W_NS, "r": R_NS}


# ---------------------------------------------------------------------------------------------
# 1. Schema-ordered children
# ---------------------------------------------------------------------------------------------

# Child order of w:pPr (CT_PPrBase + CT_PPr tail), copied from wml.rnc. Style and default
# paragraph properties (CT_PPrGeneral) use a prefix of the same list.
_PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
# Child order of w:rPr (EG_RPrBase, preceded by the paragraph-mark revision marks of
# CT_ParaRPr). wml.rnc writes EG_RPrBase as an interleave, so jing will not catch a wrong
# order here, but Word writes and expects this sequence (the XSD's order).
_RPR_ORDER = (
    "ins del moveFrom moveTo "
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath "
    "rPrChange"
)
_SECTPR_ORDER = (
    "headerReference footerReference "
    "footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType cols "
    "formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings "
    "sectPrChange"
)
_TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription tblPrChange"
)
# CT_TrPrBase is a repeatable choice (any order is valid); this is the order Word writes.
_TRPR_ORDER = (
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden ins del trPrChange"
)
_SETTINGS_ORDER = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime "
    "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
    "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
    "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
    "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate "
    "linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView "
    "trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection "
    "autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation "
    "consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength "
    "clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting "
    "bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
    "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
    "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin "
    "drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData "
    "noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars "
    "noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema "
    "saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml "
    "saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace "
    "updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids m:mathPr "
    "attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
    "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
    "sl:schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
)
# w:footnotePr inside settings (CT_FtnDocProps) and inside sectPr (CT_FtnProps).
_FOOTNOTEPR_ORDER = "pos numFmt numStart numRestart footnote"
_DOCDEFAULTS_ORDER = "rPrDefault pPrDefault"
_STYLE_ORDER = (
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
    "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr "
    "tblStylePr"
)
# w:styles itself: docDefaults and latentStyles come before the styles.
_STYLES_ORDER = "docDefaults latentStyles style"

_EXTRA_NS = {
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
}


def clark(tag: str) -> str:
    """Return the Clark name ({ns}local) of a prefixed or unprefixed (w:) tag."""
    prefix, _, local = tag.rpartition(":")
    if not prefix:
        prefix = "w"
    namespace = {**NSMAP, **_EXTRA_NS}[prefix]
    return f"{{{namespace}}}{local}"


def _order(spec: str) -> tuple[str, ...]:
    """Return a space-separated child list as a tuple of Clark names."""
    return tuple(clark(tag) for tag in spec.split())


# One ordered child list per parent. The rPr/pPr lists serve every place those elements
# occur (paragraphs, runs, styles, rPrDefault/pPrDefault), as the shorter content models are
# prefixes or subsets of the same sequence.
CHILD_ORDER: dict[str, tuple[str, ...]] = {
    clark("pPr"): _order(_PPR_ORDER),
    clark("rPr"): _order(_RPR_ORDER),
    clark("sectPr"): _order(_SECTPR_ORDER),
    clark("tblPr"): _order(_TBLPR_ORDER),
    clark("trPr"): _order(_TRPR_ORDER),
    clark("settings"): _order(_SETTINGS_ORDER),
    clark("footnotePr"): _order(_FOOTNOTEPR_ORDER),
    clark("docDefaults"): _order(_DOCDEFAULTS_ORDER),
    clark("rPrDefault"): _order("rPr"),
    clark("pPrDefault"): _order("pPr"),
    clark("style"): _order(_STYLE_ORDER),
    clark("styles"): _order(_STYLES_ORDER),
}


def element_of(obj):
    """Return the lxml element behind a python-docx proxy (or `obj` itself)."""
    for attr in ("_p", "_r", "_tbl", "_sectPr", "_element", "element"):
        inner = getattr(obj, attr, None)
        if inner is not None and isinstance(inner, etree._Element):
            return inner
    return obj


def set_w_attrs(el, attrs: dict) -> None:
    """Set keyword attributes as w:-namespaced attributes (None values are skipped)."""
    for name, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        el.set(clark(name), str(value))


def insert_ordered(parent, child) -> None:
    """Insert `child` before the first existing sibling that the schema puts after it."""
    order = CHILD_ORDER.get(parent.tag)
    if order is None or child.tag not in order:
        parent.append(child)
        return
    later = set(order[order.index(child.tag) + 1 :])
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(child)
            return
    parent.append(child)


def get_or_add_child(parent, tag: str):
    """Return the first `tag` child of `parent`, inserting an empty one in schema order."""
    parent = element_of(parent)
    found = parent.find(clark(tag))
    if found is not None:
        return found
    child = OxmlElement(_qtag(tag))
    insert_ordered(parent, child)
    return child


def set_child(parent, tag: str, **attrs):
    """Replace (or insert in schema order) the `tag` child of `parent`; return the new child.

    Any existing `tag` child is removed with its content, so use `get_or_add_child` for
    containers such as w:pPr whose children must survive.
    """
    parent = element_of(parent)
    child = OxmlElement(_qtag(tag))
    set_w_attrs(child, attrs)
    old = parent.find(clark(tag))
    if old is not None:
        old.addprevious(child)
        parent.remove(old)
    else:
        insert_ordered(parent, child)
    return child


def remove_child(parent, tag: str) -> None:
    """Remove every `tag` child of `parent`."""
    parent = element_of(parent)
    for old in parent.findall(clark(tag)):
        parent.remove(old)


def w_element(tag: str, **attrs):
    """Return a new element `tag` with w: attributes."""
    el = OxmlElement(_qtag(tag))
    set_w_attrs(el, attrs)
    return el


def _qtag(tag: str) -> str:
    """Return `tag` with an explicit prefix, as OxmlElement expects."""
    return tag if ":" in tag else "w:" + tag


# ---------------------------------------------------------------------------------------------
# 2. Direction
# ---------------------------------------------------------------------------------------------


def _get_or_add_first(owner, tag: str):
    """Return the `tag` child (a properties element), creating it as the first child."""
    element = element_of(owner)
    properties = element.find(qn(tag))
    if properties is None:
        properties = OxmlElement(tag)
        element.insert(0, properties)
    return properties


def get_or_add_ppr(paragraph):
    """Return the w:pPr of a paragraph, creating it if missing."""
    return _get_or_add_first(paragraph, "w:pPr")


def get_or_add_rpr(run):
    """Return the w:rPr of a run, creating it if missing."""
    return _get_or_add_first(run, "w:rPr")


def set_paragraph_rtl(paragraph, rtl: bool = True) -> None:
    """Make a paragraph right-to-left (w:bidi), or explicitly left-to-right (w:bidi w:val=0).

    An explicit "0" is written for LTR because paragraphs otherwise inherit w:bidi from the
    document defaults (`styles.apply_defaults`).
    """
    if rtl:
        set_child(get_or_add_ppr(paragraph), "w:bidi")
    else:
        set_child(get_or_add_ppr(paragraph), "w:bidi", val="0")


def set_run_rtl(
    run,
    *,
    cs_font: str | None = None,
    size_pt: float | None = None,
    bold: bool = False,
    italic: bool = False,
    lang: str = "ar-SA",
) -> None:
    """Mark a run as right-to-left complex-script text with its cs font, size and style.

    LibreOffice formats Arabic only through the complex-script properties (rFonts/@cs,
    szCs, bCs, iCs), ignoring w:b, w:sz and rFonts/@ascii for it; w:hint="cs" tells Word
    to use the cs slot for neutral characters in the run too. Without `cs_font` the run
    takes the complex-script font of its style.
    """
    rpr = get_or_add_rpr(run)
    fonts = get_or_add_child(rpr, "w:rFonts")
    set_w_attrs(fonts, {"cs": cs_font, "hint": "cs"})
    _set_weight_and_size(rpr, bold, size_pt)
    if italic:
        set_child(rpr, "w:i")
        set_child(rpr, "w:iCs")
    set_child(rpr, "w:rtl")
    set_child(rpr, "w:lang", bidi=lang)


def set_run_ltr(
    run,
    *,
    latin_font: str | None = None,
    size_pt: float | None = None,
    bold: bool = False,
    italic: bool = False,
) -> None:
    """Format a Latin/neutral run: ascii/hAnsi font, sz, b, i and no w:rtl.

    szCs/bCs are set too so that digits or punctuation LibreOffice assigns to the complex
    script (weak characters take the script of their neighbours) keep the same look.
    """
    rpr = get_or_add_rpr(run)
    if latin_font:
        fonts = get_or_add_child(rpr, "w:rFonts")
        set_w_attrs(fonts, {"ascii": latin_font, "hAnsi": latin_font})
    _set_weight_and_size(rpr, bold, size_pt)
    if italic:
        set_child(rpr, "w:i")
    remove_child(rpr, "w:rtl")


def _set_weight_and_size(rpr, bold: bool, size_pt: float | None) -> None:
    """Set bold and size for both the Latin and the complex-script properties."""
    if bold:
        set_child(rpr, "w:b")
        set_child(rpr, "w:bCs")
    if size_pt:
        half_points = round(size_pt * 2)
        set_child(rpr, "w:sz", val=half_points)
        set_child(rpr, "w:szCs", val=half_points)


def set_section_rtl(section, gutter: bool = True) -> None:
    """Make a section right-to-left (w:bidi) and, optionally, put the gutter on the right."""
    sect = element_of(section)
    set_child(sect, "w:bidi")
    if gutter:
        set_child(sect, "w:rtlGutter")


def set_table_rows(table, header_rows: int) -> None:
    """Repeat the first `header_rows` rows at the top of every page (w:tblHeader) and keep
    every row whole on one page (w:cantSplit)."""
    tbl = element_of(table)
    for index, row in enumerate(tbl.findall(qn("w:tr"))):
        trpr = _get_or_add_trpr(row)
        set_child(trpr, "w:cantSplit")
        if index < header_rows:
            set_child(trpr, "w:tblHeader")


def _get_or_add_trpr(row):
    trpr = row.find(qn("w:trPr"))
    if trpr is None:
        trpr = OxmlElement("w:trPr")
        # trPr follows an optional tblPrEx and precedes the cells.
        anchor = row.find(qn("w:tblPrEx"))
        if anchor is not None:
            anchor.addnext(trpr)
        else:
            row.insert(0, trpr)
    return trpr


def set_table_rtl(table, header_rows: int = 1) -> None:
    """Make a table RTL: bidiVisual, 100 % width, repeated header rows, bidi cell paragraphs.

    Word mirrors columns only with w:bidiVisual (LibreOffice mirrors from the section). Table
    w:jc is read physically, so a full-width table (pct 5000 = 100 %) avoids the question of
    which side it hugs.
    """
    tbl = element_of(table)
    tblpr = tbl.find(qn("w:tblPr"))
    set_child(tblpr, "w:bidiVisual")
    set_child(tblpr, "w:tblW", w=5000, type="pct")
    for row in tbl.findall(qn("w:tr"))[:header_rows]:
        set_child(_get_or_add_trpr(row), "w:tblHeader")
    for p in tbl.iter(qn("w:p")):
        set_paragraph_rtl(p)


# ---------------------------------------------------------------------------------------------
# 3. Script runs (the split itself is reportkit.render.bidi.split_script_runs)
# ---------------------------------------------------------------------------------------------


def make_run(
    text: str,
    *,
    rtl: bool,
    cs_font: str | None = None,
    latin_font: str | None = None,
    size_pt: float | None = None,
    bold: bool = False,
    italic: bool = False,
    lang: str = "ar-SA",
    style: str | None = None,
):
    """Return a new w:r holding `text`, formatted as an RTL (Arabic) or LTR (Latin) run."""
    r = OxmlElement("w:r")
    if style:
        set_child(get_or_add_rpr(r), "w:rStyle", val=style)
    if rtl:
        set_run_rtl(r, cs_font=cs_font, size_pt=size_pt, bold=bold, italic=italic, lang=lang)
    else:
        set_run_ltr(r, latin_font=latin_font, size_pt=size_pt, bold=bold, italic=italic)
    if len(r) and not len(r[0]):
        r.remove(r[0])  # drop an empty rPr
    t = OxmlElement("w:t")
    t.text = text
    if text != text.strip():
        # Word and LibreOffice drop leading/trailing spaces without xml:space="preserve".
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def script_runs(text: str, paragraph_rtl: bool = True) -> list[tuple[str, bool]]:
    """Return (text, rtl) pieces of `text` for a paragraph of the given direction.

    `split_script_runs` decides it, by the Unicode Bidirectional Algorithm.
    """
    return [(run.text, run.rtl) for run in split_script_runs(text, paragraph_rtl)]


def add_script_runs(container, text: str, *, paragraph_rtl: bool = True, **fmt) -> list:
    """Append `text` to a paragraph (or w:hyperlink) as script runs; return the new w:r.

    Keyword arguments are those of `make_run` except `rtl`.
    """
    parent = element_of(container)
    runs = [make_run(piece, rtl=rtl, **fmt) for piece, rtl in script_runs(text, paragraph_rtl)]
    for r in runs:
        parent.append(r)
    return runs
