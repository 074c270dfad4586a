"""Editorial checks: sources nobody cites, timelines out of order, paragraphs and words too
long."""

from __future__ import annotations

from collections.abc import Iterator

from reportkit.checks import CheckInput, check
from reportkit.diagnostics import Problem
from reportkit.house_rules import DEFAULT_PARAGRAPH_WORDS
from reportkit.i18n import _, isolate
from reportkit.models.common import InlineText
from reportkit.rules import source_references

LONG_PARAGRAPH_WORDS = DEFAULT_PARAGRAPH_WORDS  # the house rules' `paragraph_words` wins
# About as many characters as a line of body text holds (A4, 12.5 pt): a longer word cannot
# fit on one, so the outputs break it wherever the line ends.
LONG_WORD_CHARACTERS = 60


@check("RK201")
def unused_sources(given: CheckInput) -> Iterator[Problem]:
    cited = {
        c.source_id
        for _, text in given.texts
        if isinstance(text, InlineText)
        for c in text.citations()
    }
    cited.update(source_id for _, source_id in source_references(given.report))
    for index, source in enumerate(given.report.sources):
        if source.id not in cited:
            yield Problem(
                ("sources", index, "id"),
                "RK201",
                _(
                    "source `{id}` is never cited; cite it with [^{id}] or remove it",
                    id=source.id,
                ),
            )


@check("RK202")
def timeline_order(given: CheckInput) -> Iterator[Problem]:
    for index, section in enumerate(getattr(given.report, "sections", ())):
        events = getattr(section, "timeline", ())
        for position in range(1, len(events)):
            earlier, later = events[position - 1].date, events[position].date
            if later < earlier:
                yield Problem(
                    ("sections", index, "timeline", position, "date"),
                    "RK202",
                    _(
                        "{later} comes after {earlier}; keep the timeline in date order",
                        later=later,
                        earlier=earlier,
                    ),
                )


@check("RK203")
def long_paragraphs(given: CheckInput) -> Iterator[Problem]:
    limit = given.rules.paragraph_words
    for path, text in given.plain_texts:
        words = len(text.split())
        if words > limit:
            yield Problem(
                path,
                "RK203",
                _(
                    "paragraph has {words} words (more than {limit}); consider splitting it",
                    words=words,
                    limit=limit,
                ),
            )


@check("RK217")
def long_words(given: CheckInput) -> Iterator[Problem]:
    for path, text in given.plain_texts:
        if len(text) <= LONG_WORD_CHARACTERS:
            continue
        word = max(text.split(), key=len, default="")
        if len(word) > LONG_WORD_CHARACTERS:
            yield Problem(
                path,
                "RK217",
                _(
                    "a word of {length} characters (`{word}…`) is longer than a line; "
                    "it will be broken wherever the line ends: add spaces or shorten it",
                    length=len(word),
                    word=isolate(word[:24]),
                ),
            )
