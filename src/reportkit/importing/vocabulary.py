"""The words that say what a heading or a paragraph is, in Arabic and English.

Matching is done on normalized words: Arabic without diacritics or tatweel, with one alef,
and without the prefixes و and ال (so «ومآلات» finds «مآلات» and «التوصيات» finds «توصيات»);
English lower-cased. A word matches a stem when it starts with it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reportkit.i18n import _
from reportkit.models.estimate import LIKELIHOOD_WORDS, percent_range

if TYPE_CHECKING:
    from reportkit.importing.draft import Draft
    from reportkit.importing.mapping import Part

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEFS = str.maketrans("أإآٱى", "ااااي")
_WORD = re.compile(r"\w+")

# Per report kind: place → stems of heading words, tried in this order (the first place with
# a matching word wins, so «حدود ومآلات» is limits, not the trajectory «مسار» might suggest).
PLACES: dict[str, dict[str, tuple[str, ...]]] = {
    "analysis": {
        "conclusion": ("خاتم", "ختام", "خلاص", "conclu", "closing", "final"),
        "limits": (
            "حدود",
            "مالات",
            "افاق",
            "مستقبل",
            "قيود",
            "سقف",
            "limit",
            "outlook",
            "prospect",
            "constraint",
            "future",
        ),
        "drivers": ("دوافع", "دافع", "محركات", "حوافز", "driver", "motiv", "incentive"),
        "trajectory": (
            "تطور",
            "مسار",
            "مراحل",
            "تاريخ",
            "خلفي",
            "trajector",
            "develop",
            "background",
            "history",
            "timeline",
            "evolution",
        ),
        "context": ("سياق", "مقدم", "تمهيد", "مدخل", "introduc", "context", "overview"),
    },
    "estimate": {
        "scenarios": ("سيناريو", "سيناريوهات", "احتمالات", "scenario"),
        "conclusion": ("خاتم", "ختام", "خلاص", "ترجيح", "ارجح", "conclu", "likely", "assessment"),
        "actors": ("مواقف", "موقف", "فاعل", "اطراف", "actor", "position", "stakeholder"),
        "background": ("خلفي", "سياق", "background", "context"),
        "development": ("تطور", "حدث", "جرى", "development", "event", "happened"),
    },
    "policy-paper": {
        "recommendations": ("توصي", "توصيات", "recommend"),
        "options": ("خيار", "خيارات", "بدائل", "بديل", "option", "alternative"),
        "key_findings": ("استنتاج", "نتائج", "finding", "takeaway"),
        "summary": ("ملخص", "summary", "abstract"),
        "conclusion": ("خاتم", "ختام", "خلاص", "conclu"),
        "background": ("خلفي", "سياق", "background", "context"),
    },
}
CONCLUDING = (
    "ختاما",
    "وختاما",
    "في الختام",
    "وفي الختام",
    "خلاصه القول",
    "in conclusion",
    "to conclude",
    "in closing",
)
SYNTHESIS = (
    "في المجمل",
    "اجمالا",
    "واجمالا",
    "خلاصه القول",
    "in sum",
    "overall",
    "taken together",
    "all in all",
)
HORIZONS = {
    "near-term": (
        "المدى القريب",
        "المدى القصير",
        "near term",
        "near-term",
        "short term",
        "short-term",
    ),
    "medium-term": ("المدى المتوسط", "medium term", "medium-term", "mid-term"),
    "long-term": ("المدى البعيد", "المدى الطويل", "long term", "long-term"),
}
# «(&) منظور الولايات المتحدة: …», "The US perspective: …", "Perspective of Belarus: …"
_ARABIC_PERSPECTIVE = re.compile(
    r"^\W{0,6}(?:منظور|موقف|رؤية|دوافع)\s+([^:：.،]{1,40}?)\s*(?:[:：]|$)"
)
_ENGLISH_PERSPECTIVE = re.compile(
    r"^\W{0,6}(?:(?:the\s+)?([^:.]{1,40}?)(?:'s|’s|'|’)?\s+(?:perspective|view|position)"
    r"|(?:perspective|view|position)\s+of\s+([^:.]{1,40}?))\s*(?::|$)",
    re.I,
)
# Words that say how likely a scenario is, most specific first (so «غير مرجح» is not «مرجح»).
LIKELIHOODS = (
    ("very-likely", ("مرجح جدا", "مرجح للغايه", "very likely", "highly likely")),
    ("unlikely", ("غير مرجح", "مستبعد", "unlikely", "improbable")),
    ("likely", ("مرجح", "likely", "probable")),
    ("possible", ("ممكن", "محتمل", "possible", "plausible")),
)
_PERCENT = re.compile(r"[0-9٠-٩]{1,3}\s*(?:[-–]\s*[0-9٠-٩]{1,3}\s*)?[%٪]")
BRIEF_MAX_WORDS = 800
BRIEF_MAX_PARAGRAPHS = 8


def normalized(text: str) -> str:
    """Return `text` lower-cased, Arabic without diacritics or tatweel and with one alef and ه
    for ة (so «ختامًا» is «ختاما» and «خلاصة» is «خلاصه»)."""
    return _DIACRITICS.sub("", text).translate(_ALEFS).replace("ة", "ه").lower()


def _words(text: str) -> set[str]:
    words: set[str] = set()
    for word in _WORD.findall(normalized(text)):
        words.add(word)
        for prefix in ("و", "ال", "وال", "لل", "بال", "فال"):
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                words.add(word[len(prefix) :])
    return words


def place_of(heading: str, kind: str) -> str | None:
    """Return the place of `kind` a heading's words name, or None."""
    words = _words(heading)
    for place, stems in PLACES.get(kind, {}).items():
        if any(word.startswith(stem) for stem in stems for word in words):
            return place
    return None


def starts_with_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    start = normalized(text).lstrip(" («\"“'-–—•*")
    return any(start.startswith(normalized(phrase)) for phrase in phrases)


def horizon_of(text: str) -> str | None:
    """Return the horizon a paragraph names first (`near-term`…), or None."""
    plain = normalized(text)
    found = [
        (plain.find(phrase), horizon)
        for horizon, phrases in HORIZONS.items()
        for phrase in map(normalized, phrases)
        if phrase in plain
    ]
    return min(found)[1] if found else None


def likelihood_in(name: str, text: str = "") -> str | None:
    """Return the likelihood a scenario's name says (a word of the scale or a percentage), or
    a percentage its first paragraph gives; None when neither says."""
    for where in (name, text):
        percent = _PERCENT.search(where)
        if percent:
            return percent.group()
        if where is text:
            break
        words = f" {' '.join(_WORD.findall(normalized(where)))} "
        for likelihood, phrases in LIKELIHOODS:
            if any(f" {normalized(phrase)} " in words for phrase in phrases):
                return likelihood
    return None


def most_likely(likelihoods: list[str]) -> int | None:
    """Return the index of the one scenario more likely than every other, or None when they
    are not all rated the same way (words or percentages) or two share the top."""
    words = [LIKELIHOOD_WORDS.index(x) if x in LIKELIHOOD_WORDS else None for x in likelihoods]
    percents = [percent_range(x) for x in likelihoods]
    if all(rank is not None for rank in words):
        ranks = [float(rank) for rank in words if rank is not None]
    elif all(percents):
        ranks = [float(bounds[1]) for bounds in percents if bounds]
    else:
        return None
    top = max(ranks, default=None)
    return ranks.index(top) if top is not None and ranks.count(top) == 1 else None


def perspective_actor(text: str, heading: bool = False) -> str | None:
    """Return the actor a paragraph's opening words (`The US perspective:`) or a heading
    («منظور بيلاروسيا») names, or None."""
    for pattern in (_ARABIC_PERSPECTIVE, _ENGLISH_PERSPECTIVE):
        match = pattern.match(text.strip())
        if match and (heading or ":" in match.group(0) or "：" in match.group(0)):
            return next(group for group in match.groups() if group).strip()
    return None


def guess_kind(parts: list[Part], draft: Draft) -> tuple[str, str]:
    """Return the kind a draft reads as and why."""
    headings = [part.title for part in parts if part.title]
    for kind, place, reason in (
        ("estimate", "scenarios", _("a heading names scenarios")),
        ("policy-paper", "recommendations", _("a heading names recommendations")),
        ("policy-paper", "options", _("a heading names policy options")),
    ):
        if any(place_of(heading, kind) == place for heading in headings):
            return kind, reason
    paragraphs = [getattr(b, "text", "") for part in parts for b in part.blocks]
    words = sum(len(text.split()) for text in paragraphs)
    if not headings and len(paragraphs) <= BRIEF_MAX_PARAGRAPHS and words <= BRIEF_MAX_WORDS:
        return "brief", _("a short text without headings")
    return "analysis", _("a text with headings and no scenarios or recommendations")
