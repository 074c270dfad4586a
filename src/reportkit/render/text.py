"""Words and numbers the resolver prints: labels, localized dates and numbers, digit policy."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from reportkit.models.common import DigitPolicy, Language, PartialDate, ReportBase

_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_TO_LATIN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

LABELS: dict[str, dict[str, str]] = {
    "ar": {
        "contents": "المحتويات",
        "sources": "المصادر",
        "timeline": "محطات زمنية",
        "perspective": "منظور {actor}",
        "synthesis": "خلاصة",
        "constraints": "القيود البنيوية",
        "near-term": "على المدى القريب",
        "medium-term": "على المدى المتوسط",
        "long-term": "على المدى البعيد",
        "geopolitical": "جيوسياسي",
        "security": "أمني",
        "economic": "اقتصادي",
        "political": "سياسي",
        "military": "عسكري",
        "diplomatic": "دبلوماسي",
        "humanitarian": "إنساني",
        "energy": "الطاقة",
        "summary": "ملخص",
        "credit": "المصدر",
        "ibid": "المصدر نفسه",
        "notes": "الهوامش",
        "skip_to_content": "انتقل إلى المحتوى",
        "key_findings": "أبرز الاستنتاجات",
        "background": "خلفية",
        "policy_options": "خيارات السياسات",
        "pros": "المزايا",
        "cons": "المآخذ",
        "recommendations": "التوصيات",
        "time_frame": "الإطار الزمني",
        "priority": "الأولوية",
        "high": "عالية",
        "medium": "متوسطة",
        "low": "منخفضة",
        "conclusion": "خاتمة",
        "development": "التطور",
        "actors": "مواقف الفاعلين",
        "actor_position": "موقف {actor}",
        "scenarios": "السيناريوهات",
        "likelihood": "درجة الترجيح",
        "unlikely": "مستبعد",
        "possible": "ممكن",
        "likely": "مرجّح",
        "very-likely": "مرجّح جدًا",
        "conditions": "شروط تحققه",
        "indicators": "مؤشرات ينبغي رصدها",
        "assessment": "التقدير",
        "most_likely": "السيناريو الأرجح",
    },
    "en": {
        "contents": "Contents",
        "sources": "Sources",
        "timeline": "Timeline",
        "perspective": "The {actor} perspective",
        "synthesis": "Synthesis",
        "constraints": "Structural constraints",
        "near-term": "Near term",
        "medium-term": "Medium term",
        "long-term": "Long term",
        "geopolitical": "Geopolitical",
        "security": "Security",
        "economic": "Economic",
        "political": "Political",
        "military": "Military",
        "diplomatic": "Diplomatic",
        "humanitarian": "Humanitarian",
        "energy": "Energy",
        "summary": "Summary",
        "credit": "Credit",
        "ibid": "Ibid",
        "notes": "Notes",
        "skip_to_content": "Skip to the content",
        "key_findings": "Key findings",
        "background": "Background",
        "policy_options": "Policy options",
        "pros": "Advantages",
        "cons": "Drawbacks",
        "recommendations": "Recommendations",
        "time_frame": "Time frame",
        "priority": "Priority",
        "high": "high",
        "medium": "medium",
        "low": "low",
        "conclusion": "Conclusion",
        "development": "The development",
        "actors": "The actors' positions",
        "actor_position": "The position of {actor}",
        "scenarios": "Scenarios",
        "likelihood": "Likelihood",
        "unlikely": "Unlikely",
        "possible": "Possible",
        "likely": "Likely",
        "very-likely": "Very likely",
        "conditions": "Conditions",
        "indicators": "Indicators to watch",
        "assessment": "Assessment",
        "most_likely": "Most likely scenario",
    },
}

# `toc: auto` gives a contents page from this many headed sections on. Every analysis has
# three headed sections (trajectory, drivers, limits): a report with only those is a short
# piece whose headings a reader finds by turning a page or two, and a contents page would
# cost it a page to list three lines. A fourth heading (a headed context or conclusion, an
# extra section) marks a report long enough to be navigated.
CONTENTS_MIN_HEADINGS = 4

# Babel patterns for each date precision.
_DATE_PATTERNS = {"day": "d MMMM y", "month": "MMMM y", "year": "y"}


class Localizer:
    """Everything language- and digit-dependent a renderer writes for one report."""

    def __init__(
        self, language: Language, digits: DigitPolicy, labels: dict[str, str] | None = None
    ):
        self.language = language
        self.digits = digits
        self.labels = labels or {}  # the house rules' overrides of LABELS

    @classmethod
    def for_report(
        cls,
        report: ReportBase,
        theme_digits: DigitPolicy | None = None,
        labels: dict[str, str] | None = None,
    ) -> Localizer:
        """The report's own `digits` wins when it sets one; else the theme's; else Latin."""
        digits = (
            report.digits if "digits" in report.model_fields_set else theme_digits or report.digits
        )
        return cls(report.language, digits, labels)

    @property
    def separator(self) -> str:
        """Return the comma that joins parts of a phrase: "، " in Arabic, ", " in English."""
        return "، " if self.language == "ar" else ", "

    def label(self, key: str, **values: str) -> str:
        return self.labels.get(key, LABELS[self.language][key]).format(**values)

    def digits_of(self, text: str) -> str:
        """Return `text` with its digits written in the report's digit system."""
        if self.digits == "arabic-indic":
            return text.translate(_TO_ARABIC_INDIC)
        return text.translate(_TO_LATIN)

    def date(self, value: dt.date | PartialDate) -> str:
        if isinstance(value, PartialDate):
            precision = value.precision
            value = dt.date(value.year, value.month or 1, value.day or 1)
        else:
            precision = "day"
        text = babel_format_date(value, _DATE_PATTERNS[precision], locale=self.language)
        return self.digits_of(text)

    def numeral(self, text: str) -> str:
        """Return a number written as text ("1,250.5", "-3", "12%") in the report's digits,
        with the Arabic separators (٬ ٫) that go with Arabic-Indic digits."""
        if self.digits == "arabic-indic":
            text = text.replace(",", "٬").replace(".", "٫")
        else:
            text = text.replace("٬", ",").replace("٫", ".")
        return self.digits_of(text)

    def number(self, value: int | float) -> str:
        text = format_decimal(value, locale=self.language)
        if self.digits == "arabic-indic":  # Arabic separators go with Arabic-Indic digits
            text = text.replace(",", "٬").replace(".", "٫")
        return self.digits_of(text)


def contents_page_wanted(report: ReportBase) -> bool:
    """Return whether the outputs give the report a contents page (its `toc` setting)."""
    policy = getattr(report, "toc", "never")  # kinds without the field have no contents
    if policy != "auto":
        return policy == "always"
    sections = getattr(report, "sections", ())
    headed = sum(1 for section in sections if getattr(section, "heading", None))
    if hasattr(report, "headed_parts"):  # a kind of fixed parts (estimate) counts them
        headed = report.headed_parts()
    return headed >= CONTENTS_MIN_HEADINGS
