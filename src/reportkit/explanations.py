"""`reportkit explain RKnnn`: each diagnostic code at length, with a wrong and a right example.

Like `rustc --explain`. The texts are English msgids translated through the gettext catalogs;
the examples are report YAML and read the same in every language. Every code of
`diagnostics.CODES` must have an entry here whose summary is the table's one-line help
(tests/test_i18n.py walks the table), so a new code cannot ship without its explanation.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportkit.diagnostics import CODES
from reportkit.errors import UsageError
from reportkit.i18n import N_, _


@dataclass(frozen=True)
class Explanation:
    summary: str  # the code table's one-line help, word for word
    details: str
    wrong: str  # report YAML that triggers the code
    right: str  # the same report, corrected


EXPLANATIONS: dict[str, Explanation] = {
    "RK001": Explanation(
        N_("The file cannot be read or is not UTF-8 text."),
        N_(
            "reportkit reads reports as UTF-8 text. A file saved by an old editor in "
            "Windows-1256 or ISO-8859-6 shows this error at the first byte that is not UTF-8. "
            "Open the file in your editor and save it again with the encoding UTF-8."
        ),
        "# saved as Windows-1256\nheadline: \\xd3\\xed\\xc7\\xd3\\xc9",
        "# saved as UTF-8\nheadline: سياسة",
    ),
    "RK002": Explanation(
        N_("The file is not valid YAML."),
        N_(
            "YAML uses indentation and the signs `- ` and `: ` for structure. The message says "
            "which line breaks it: a tab instead of spaces, a line indented differently from the "
            "lines at its level, a missing space after `-` or `:`, a quote that is never closed, "
            "or a `: ` inside a sentence. Write any text that contains `: ` or starts with a "
            "quote as a block: `>-` after the key, then the text on the next line, indented."
        ),
        "lead: وقال الوزير: «لن نتراجع»",
        "lead: >-\n  وقال الوزير: «لن نتراجع»",
    ),
    "RK003": Explanation(
        N_("A key appears twice in the same mapping."),
        N_(
            "A field may appear once at each level. When a key is written twice, YAML would "
            "silently keep only the second value, so reportkit refuses the file. Keep one of "
            "the two lines (merge their content if both matter)."
        ),
        "headline: عنوان أول\nheadline: عنوان ثان",
        "headline: عنوان أول",
    ),
    "RK004": Explanation(
        N_("The file is empty or its top level is not a mapping."),
        N_(
            "A report is a set of fields (`key: value` lines) starting at the left margin, the "
            "first of which says its kind. An empty file, or one that starts with a list, is "
            "not a report. Start from `reportkit new brief FILE`."
        ),
        "- عنوان الخبر",
        "kind: brief\nheadline: عنوان الخبر",
    ),
    "RK005": Explanation(
        N_("A control character that XML cannot carry."),
        N_(
            "Invisible control characters (often pasted from PDFs or old word processors) "
            "cannot be written into DOCX or HTML. The message gives the line and column: "
            "delete the character there (retype the word if you cannot see it)."
        ),
        'headline: "عنوان\\x01 الخبر"',
        "headline: عنوان الخبر",
    ),
    "RK006": Explanation(
        N_("A bidi embedding, override or isolate character."),
        N_(
            "Characters such as U+202E (RIGHT-TO-LEFT OVERRIDE) reorder text invisibly, so "
            "what a reader sees differs from what is written. reportkit sets the direction of "
            "Arabic and Latin text itself: delete these characters."
        ),
        'headline: "عنوان \\u202eABC"',
        "headline: عنوان ABC",
    ),
    "RK007": Explanation(
        N_("The file is larger than a report can be."),
        N_(
            "A report may be at most 4 MiB, nest at most 64 levels and expand to at most "
            "200,000 values through YAML aliases. Keep images in their own files (the report "
            "names them with `file:`) and avoid alias tricks."
        ),
        "image:\n  file: data:image/png;base64,iVBORw0KGgo…  # megabytes of text",
        "image:\n  file: images/map.png",
    ),
    "RK008": Explanation(
        N_("A YAML tag (`!!binary`, `!name`) that reports cannot use."),
        N_(
            "A word starting with `!` or `!!` before a value is a YAML tag: it asks the reader "
            "to build a special kind of value, and reportkit would otherwise take only the text "
            "after it, silently. Remove the tag and write the value as plain text; put text "
            "that starts with `!` in quotes."
        ),
        "headline: !!binary 2LnZhtmI2KfZhg==",
        "headline: عنوان الخبر",
    ),
    "RK009": Explanation(
        N_("A Unicode line or paragraph separator (U+2028, U+2029)."),
        N_(
            "Word processors and page-layout programs paste these invisible characters where "
            "a line or a paragraph ended. Editors do not show them as line ends, YAML does, "
            "and the outputs cannot lay them out. At the line and column the message gives, "
            "replace a line separator with a space, and turn text after a paragraph "
            "separator into a new `- ` item of the list."
        ),
        'body:\n  - "الفقرة الأولى.\\u2029الفقرة الثانية."',
        "body:\n  - الفقرة الأولى.\n  - الفقرة الثانية.",
    ),
    "RK101": Explanation(
        N_("A required field is missing."),
        N_(
            "Each report kind has fields it cannot do without (a brief needs `headline`, "
            "`date` and `lead`, for example). Add the field the message names, at the level "
            "the message's path shows. `reportkit new` writes a file with every field."
        ),
        "kind: brief\ndate: 2025-11-20\nlead: الفقرة الافتتاحية.",
        "kind: brief\nheadline: عنوان الخبر\ndate: 2025-11-20\nlead: الفقرة الافتتاحية.",
    ),
    "RK102": Explanation(
        N_("A field the report format does not have (often a typo)."),
        N_(
            "A field name is misspelled, or a line is indented under the wrong parent. Field "
            "names are English words and must be written exactly; the message suggests the "
            "closest known name when there is one."
        ),
        "headlin: عنوان الخبر",
        "headline: عنوان الخبر",
    ),
    "RK103": Explanation(
        N_("A value has the wrong type or is out of range."),
        N_(
            "The value is not of the kind the field expects: a list where text belongs or text "
            "where a list belongs, an empty text, a badly written date or id. A sentence with "
            "`: ` inside a list item is read as a field: write it as a block (`- >-`, then the "
            "text on the next line). Dates are YYYY, YYYY-MM or YYYY-MM-DD."
        ),
        "body:\n  - وقال مضيفا: «كل شيء على ما يرام»",
        "body:\n  - >-\n    وقال مضيفا: «كل شيء على ما يرام»",
    ),
    "RK104": Explanation(
        N_("The report or section kind is not one reportkit knows."),
        N_(
            "`kind` names what a report or a section is, from a fixed list: reports are "
            "`analysis`, `brief`, `policy-paper` or `estimate`; sections are `context`, "
            "`trajectory`, `drivers`, `analysis`, `section`, `limits` and `conclusion`. The "
            "message lists the accepted names."
        ),
        "kind: memo",
        "kind: brief",
    ),
    "RK110": Explanation(
        N_("The sections break a rule of the report kind."),
        N_(
            "An analysis has at most one `context` section, first, at most one `conclusion`, "
            "last, and one outlook per horizon; by default it needs a `context` and a "
            "`conclusion`, and a project's house rules (reportkit.yaml) may require more "
            "section kinds. Add, move or merge sections as the message says."
        ),
        "sections:\n  - kind: conclusion\n    paragraphs: [خاتمة.]\n  - kind: context\n"
        "    paragraphs: [سياق.]",
        "sections:\n  - kind: context\n    paragraphs: [سياق.]\n  - kind: conclusion\n"
        "    paragraphs: [خاتمة.]",
    ),
    "RK111": Explanation(
        N_("A citation names a source that is not defined."),
        N_(
            "A citation `[^id]` or a `source:` field must name the `id` of an entry under "
            "`sources:`. Fix the id's spelling, or add the source."
        ),
        "lead: قال الوزير.[^reuters]\nsources:\n  - id: treasury\n    title: بيان الخزانة",
        "lead: قال الوزير.[^treasury]\nsources:\n  - id: treasury\n    title: بيان الخزانة",
    ),
    "RK112": Explanation(
        N_("Two sources, notes or sections share an id."),
        N_(
            "Ids are how citations and placed items find a source, a note or a section, so "
            "each id must be unique in the report: a note cannot have a source's id either. "
            "Rename one of the two."
        ),
        "sources:\n  - id: un\n    title: تقرير أول\n  - id: un\n    title: تقرير ثان",
        "sources:\n  - id: un-2024\n    title: تقرير أول\n  - id: un-2025\n    title: تقرير ثان",
    ),
    "RK113": Explanation(
        N_("An item is placed in a section id that does not exist."),
        N_(
            "Quotes, figures and images name the section they stand in with `section:`, which "
            "must be the `id` of one of the report's sections. Give that section the id, or "
            "use an id the message lists. An estimate's `most_likely` names one of its "
            "scenarios the same way, by the scenario's `id`."
        ),
        "figures:\n  - value: 1200\n    label: معتقل\n    section: nowhere",
        "figures:\n  - value: 1200\n    label: معتقل\n    section: context",
    ),
    "RK114": Explanation(
        N_("An image file does not exist."),
        N_(
            "An image's `file` is a path relative to the report file. Check the name (letter "
            "case counts) and that the image was copied next to the report."
        ),
        "image:\n  file: images/Map.PNG",
        "image:\n  file: images/map.png",
    ),
    "RK115": Explanation(
        N_("An image path leaves the report's folder."),
        N_(
            "For safety an image must live in the report's folder or below it. Copy the image "
            "next to the report and name it from there."
        ),
        "image:\n  file: ../../Downloads/map.png",
        "image:\n  file: images/map.png",
    ),
    "RK116": Explanation(
        N_("An image file is damaged, too large, not the format its name says, or an unsafe SVG."),
        N_(
            "An image must open as the format its name says (PNG, JPEG, GIF, WebP, BMP, TIFF or "
            "SVG), be whole and have at most the pixel limit. An SVG may have no DOCTYPE and "
            "refer to nothing outside itself (images, fonts, stylesheets, scripts). Export the "
            "image again in the right format, or rename it to match what it is."
        ),
        "image:\n  file: images/map.png  # a JPEG saved with a .png name",
        "image:\n  file: images/map.jpg",
    ),
    "RK117": Explanation(
        N_("A link to a `javascript:`, `data:`, `file:` or `vbscript:` address."),
        N_(
            "Such a link could run code or read files on the reader's computer when the report "
            "is opened in a browser. Link to a web page (https://) or an e-mail address "
            "(mailto:) instead."
        ),
        "lead: انظر [التقرير](javascript:alert(1)).",
        "lead: انظر [التقرير](https://example.org/report).",
    ),
    "RK120": Explanation(
        N_("A table row or `align` list does not have one entry per column."),
        N_(
            "A table has as many columns as its first header row has cells. Every other row, "
            "in the header or the body, needs that many cells, and an `align` list one entry "
            "per column. Write `~` for an empty cell, so that the cells after it stay in their "
            "columns."
        ),
        "table:\n  caption: السكان\n  header:\n    - [البلد, 2020, 2024]\n  rows:\n"
        "    - [الأردن, 10.9]",
        "table:\n  caption: السكان\n  header:\n    - [البلد, 2020, 2024]\n  rows:\n"
        "    - [الأردن, 10.9, ~]",
    ),
    "RK121": Explanation(
        N_("A table is too wide for the page."),
        N_(
            "A table cell breaks its text between words, never inside a word, so each column "
            "is at least as wide as its longest word or number. reportkit estimates that width "
            "(0.55 em per character at the table's type size, plus the cell's padding) and adds "
            "the columns up; when the sum exceeds the width of the page's text, the table would "
            "run off the page. Split it into two tables with fewer columns, or shorten the "
            "longest words (abbreviate a heading and explain it in the table's `note`)."
        ),
        "table:\n  caption: المؤشرات\n  header:\n"
        "    - [المؤشر, الإنفاق_العسكري_بالدولار_الأمريكي_الثابت, 2020, 2021, 2022, 2023]",
        "table:\n  caption: المؤشرات\n  header:\n    - [المؤشر, الإنفاق*, 2020, 2021, 2022, 2023]\n"
        '  note: "* الإنفاق العسكري بالدولار الأمريكي الثابت."',
    ),
    "RK201": Explanation(
        N_("A source is defined but never cited."),
        N_(
            "Every source listed under `sources:` should be cited somewhere with `[^id]` or a "
            "`source:` field. Cite it where it supports the text, or remove it."
        ),
        "lead: قال الوزير.\nsources:\n  - id: treasury\n    title: بيان الخزانة",
        "lead: قال الوزير.[^treasury]\nsources:\n  - id: treasury\n    title: بيان الخزانة",
    ),
    "RK202": Explanation(
        N_("Timeline events are not in chronological order."),
        N_(
            "A timeline is read from the earliest event to the latest. Move the event the "
            "message names to its place in date order."
        ),
        "timeline:\n  - date: 2020\n    text: حدث لاحق.\n  - date: 2019-06\n    text: حدث سابق.",
        "timeline:\n  - date: 2019-06\n    text: حدث سابق.\n  - date: 2020\n    text: حدث لاحق.",
    ),
    "RK203": Explanation(
        N_("A paragraph is very long; consider splitting it."),
        N_(
            "A paragraph of more than 250 words is hard to read on a page and on a screen. "
            "Split it where the argument turns. A project sets its own limit with "
            "`paragraph_words` in its house rules (reportkit.yaml)."
        ),
        "paragraphs:\n  - فقرة من ثلاثمئة كلمة …",
        "paragraphs:\n  - الجزء الأول من الفكرة …\n  - الجزء الثاني منها …",
    ),
    "RK204": Explanation(
        N_("A section kind the house rules recommend is missing."),
        N_(
            "Analyses usually trace the `trajectory`, weigh the `drivers` and set out the "
            "`limits` of what can happen next. A piece may do without one, so its absence is "
            "advice, not an error. Add the section, or mark it `optional` (or `required`) for "
            "the whole project under `sections:` in its house rules file, reportkit.yaml."
        ),
        "sections:\n  - kind: context\n    paragraphs: [سياق.]\n  - kind: conclusion\n"
        "    paragraphs: [خاتمة.]",
        "# reportkit.yaml\nanalysis:\n  sections:\n    trajectory: optional\n"
        "    drivers: optional\n    limits: optional",
    ),
    "RK210": Explanation(
        N_("Latin , ; ? inside Arabic text where ، ؛ ؟ belong."),
        N_(
            "Arabic text takes the Arabic comma, semicolon and question mark; the Latin ones "
            "look wrong and break differently. Replace them."
        ),
        "lead: قال الوزير, ثم غادر.",
        "lead: قال الوزير، ثم غادر.",
    ),
    "RK211": Explanation(
        N_("Straight quotes around Arabic text where «» is usual."),
        N_("Arabic typography quotes with guillemets «…». Replace the straight quotes."),
        'lead: وصف الخطة بأنها "فاشلة".',
        "lead: وصف الخطة بأنها «فاشلة».",
    ),
    "RK212": Explanation(
        N_("One number mixes Western and Arabic-Indic digits."),
        N_(
            "A number written with both digit systems (often from copying) is unreadable. "
            "Write it in one system; the report's `digits` setting converts all numbers for "
            "the outputs anyway."
        ),
        "lead: بلغ العدد 12٣٤ شخصا.",
        "lead: بلغ العدد 1234 شخصا.",
    ),
    "RK213": Explanation(
        N_("A bracket or quotation mark is not closed or not opened."),
        N_(
            "Brackets and quotation marks come in pairs: ( ), [ ], « », “ ”. Add the missing "
            "half, or remove the stray one."
        ),
        "lead: قال «لن نتراجع.",
        "lead: قال «لن نتراجع».",
    ),
    "RK214": Explanation(
        N_("Tatweel (ـ) used where it cannot join or as decoration."),
        N_(
            "Tatweel stretches a joining letter; justification already does this in print. "
            "Delete repeated tatweel, and tatweel after letters that do not join forward."
        ),
        "lead: قـــــال الوزير.",
        "lead: قال الوزير.",
    ),
    "RK215": Explanation(
        N_("A character the report's fonts cannot draw."),
        N_(
            "The fonts of the theme have no glyph for this character, so the PDF would show "
            "an empty box. Replace the character, or use a template whose fonts have it."
        ),
        "lead: النتيجة ✔ مقبولة.",
        "lead: النتيجة مقبولة.",
    ),
    "RK216": Explanation(
        N_("The conjunction و is separated from the word it joins."),
        N_(
            "The conjunction و is written attached to the next word (والوزير, not و الوزير). "
            "Delete the space after it."
        ),
        "lead: قال الرئيس و الوزير.",
        "lead: قال الرئيس والوزير.",
    ),
    "RK217": Explanation(
        N_("A word longer than a line; the outputs break it where the line ends."),
        N_(
            "A run of characters without spaces (a long address, a number pasted without "
            "separators, letters typed without spaces) does not fit on a line, so the outputs "
            "break it wherever the line ends. Add spaces, shorten it, or make an address a link."
        ),
        "lead: انظرواhttps://example.org/reports/2025/annual/full-text-with-appendices",
        "lead: انظروا [التقرير السنوي](https://example.org/reports/2025/annual).",
    ),
    "RK301": Explanation(
        N_("WeasyPrint reported a problem while typesetting the PDF (CSS it ignores, a font)."),
        N_(
            "WeasyPrint, which typesets the PDF, ignored part of a template's CSS (a property "
            "it does not know, a value it cannot read) or could not use a font a stylesheet "
            "names; the PDF is built without it. The message repeats WeasyPrint's words. Fix "
            "the template's CSS or font file; `reportkit build --strict` fails on it."
        ),
        "/* brand/print.css */\nh1 { text-wrap: balance; }",
        "/* brand/print.css */\nh1 { text-align: start; }",
    ),
    "RK302": Explanation(
        N_("A footnote's text is not on the page of its call."),
        N_(
            "reportkit keeps each footnote on the page of its number, but a footnote that "
            "does not fit in the space left on that page (a very long source title, or a "
            "margin on `@footnote` in a custom template) goes to a later page, away from its "
            "number. Shorten the note or the paragraph before it."
        ),
        "sources:\n  - id: un-2025\n    title: تقرير … (ثلاث صفحات من العنوان)",
        "sources:\n  - id: un-2025\n    title: تقرير المقرر الخاص حول بيلاروسيا",
    ),
    "RK303": Explanation(
        N_("A line of the PDF runs past the edge of its column."),
        N_(
            "After layout, a line of the PDF is wider than the column it stands in: a word "
            "with no place to break (a long name, an address, a number without separators) "
            "runs into the margin or off the page. Add a space or shorten the word; in a "
            "custom template, widen the column or keep `overflow-wrap: break-word`."
        ),
        "headline: نتائج_المراجعة_الاستراتيجية_لسياسات_العقوبات_الأوروبية",
        "headline: نتائج المراجعة الاستراتيجية لسياسات العقوبات الأوروبية",
    ),
    "RK304": Explanation(
        N_("A correction reportkit makes to WeasyPrint is off (WeasyPrint's code changed)."),
        N_(
            "reportkit corrects WeasyPrint 70 as it runs (footnotes on their call's page, "
            "text that copies correctly, contents page numbers, the tags screen readers "
            "follow in an accessible PDF, speed). Each correction "
            "first checks that WeasyPrint's code is the one it was written for; when it is "
            "not (another WeasyPrint version), the correction is off and every PDF build "
            "says so. Install the WeasyPrint version reportkit supports; `reportkit doctor` "
            "shows which corrections are active."
        ),
        "pip install 'weasyprint==71.*'",
        "pip install 'weasyprint==70.*'",
    ),
}


def explain(code: str) -> str:
    """Return the long explanation of `code` in the current language."""
    code = code.strip().upper()
    if code not in CODES or code not in EXPLANATIONS:
        raise UsageError(
            _("unknown code `{code}`; the codes are {codes}", code=code, codes=", ".join(CODES))
        )
    severity, name, _help = CODES[code]
    entry = EXPLANATIONS[code]
    label = _("error") if severity.value == "error" else _("warning")
    return "\n".join(
        [
            f"{code} {name} ({label}): {_(entry.summary)}",
            "",
            _(entry.details),
            "",
            _("Wrong:"),
            _indented(entry.wrong),
            "",
            _("Right:"),
            _indented(entry.right),
            "",
        ]
    )


def _indented(example: str) -> str:
    return "\n".join("    " + line for line in example.split("\n"))
