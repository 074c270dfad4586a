"""The `estimate` kind (تقدير موقف): a situation assessment of one development.

It reads in a fixed order: the development being assessed, its background, the actors'
positions, two or more scenarios (each with its likelihood, the conditions that would bring it
about and the indicators to watch) and a conclusion naming the most likely scenario.

Rules beyond the schema (checked by `structure_problems`): scenario ids are unique, and the
conclusion's `most_likely` names one of them. A likelihood is a word of `LIKELIHOOD_WORDS` or a
percentage range (`30-40%`, low first, at most 100), checked where it is written.
Whether `background` and `actors` are required is a house rule (house_rules.py); both are
optional by default.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, WithJsonSchema

from reportkit.diagnostics import Problem, repeated_ids
from reportkit.i18n import _, isolate
from reportkit.models.blocks import Body
from reportkit.models.common import (
    PaperBase,
    PlainText,
    RichText,
    Slug,
    StrictModel,
    described,
)

# The word scale, least likely first; each word is a label of render/text.py.
LIKELIHOOD_WORDS = ("unlikely", "possible", "likely", "very-likely")
_TO_LATIN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
# `30-40%` or `35%`, in Western or Arabic-Indic digits, with a hyphen or an en dash.
PERCENT = re.compile(r"^\s*(\d{1,3})\s*(?:[-–]\s*(\d{1,3})\s*)?[%٪]\s*$")
_PERCENT_PATTERN = r"^\s*[0-9٠-٩]{1,3}\s*([-–]\s*[0-9٠-٩]{1,3}\s*)?[%٪]\s*$"


def percent_range(text: str) -> tuple[int, int] | None:
    """Return (low, high) of a percentage likelihood (`35%` is (35, 35)), None for a word."""
    match = PERCENT.match(text.translate(_TO_LATIN))
    if match is None:
        return None
    low = int(match.group(1))
    return low, int(match.group(2) or low)


def _likelihood(value: Any) -> str:
    """A word of the scale, or a range of percentages whose low end comes first."""
    if isinstance(value, str) and value.strip() in LIKELIHOOD_WORDS:
        return value.strip()
    bounds = percent_range(value) if isinstance(value, str) else None
    if bounds is None:
        raise ValueError(
            _(
                "a likelihood is one of {words}, or a range of percentages such as `30-40%`",
                words=", ".join(f"`{w}`" for w in LIKELIHOOD_WORDS),
            )
        )
    low, high = bounds
    if high > 100:
        raise ValueError(_("a percentage is at most 100, found {found}%", found=high))
    if low > high:
        raise ValueError(
            _(
                "the range goes down; write the lower number first: `{low}-{high}%`",
                low=high,
                high=low,
            )
        )
    return value.strip()


Likelihood = Annotated[
    str,
    PlainValidator(_likelihood),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": list(LIKELIHOOD_WORDS)},
                {"type": "string", "pattern": _PERCENT_PATTERN},
            ],
            "description": "unlikely, possible, likely, very-likely, or a range such as 30-40% · "
            "مستبعد، ممكن، مرجّح، مرجّح جدًا، أو نطاق نسبة مئوية مثل 30-40%",
        }
    ),
]


class Part(StrictModel):
    heading: PlainText | None = described(
        "Heading; a default heading otherwise", "العنوان؛ وإلا فعنوان افتراضي", default=None
    )
    paragraphs: Body = described("Paragraphs, lists and tables", "الفقرات والقوائم والجداول")


class ActorPosition(StrictModel):
    name: PlainText = described("The actor, e.g. a state", "الفاعل، مثل دولة")
    heading: PlainText | None = described(
        "Heading; 'Position of <name>' otherwise", "العنوان؛ وإلا «موقف <الفاعل>»", default=None
    )
    paragraphs: Body = described("The actor's position", "موقف الفاعل")


class Scenario(StrictModel):
    id: Slug = described(
        "Id the conclusion's most_likely names", "المعرّف الذي يشير إليه most_likely في الخاتمة"
    )
    name: PlainText = described("Name of the scenario", "اسم السيناريو")
    likelihood: Likelihood = described(
        "How likely: a word of the scale or a range of percentages",
        "درجة الترجيح: كلمة من السلّم أو نطاق نسبة مئوية",
    )
    paragraphs: Body = described("What the scenario is", "وصف السيناريو")
    conditions: list[RichText] = described(
        "Conditions that would bring it about", "الشروط التي تفضي إليه", default_factory=list
    )
    indicators: list[RichText] = described(
        "Indicators to watch", "المؤشرات التي تجب مراقبتها", default_factory=list
    )


class Conclusion(Part):
    most_likely: Slug = described("Id of the most likely scenario", "معرّف السيناريو الأرجح")


class EstimateReport(PaperBase):
    """A situation assessment: a development, positions, scenarios and the most likely one."""

    kind: Literal["estimate"]
    development: Part = described("The development being assessed", "التطور موضوع التقدير")
    background: Part | None = described(
        "Background of the development", "خلفية التطور", default=None
    )
    actors: list[ActorPosition] = described(
        "The actors' positions", "مواقف الفاعلين", default_factory=list
    )
    scenarios: Annotated[list[Scenario], Field(min_length=2)] = described(
        "Scenarios (at least two)", "السيناريوهات (اثنان على الأقل)"
    )
    conclusion: Conclusion = described(
        "Which scenario is most likely, and why", "السيناريو الأرجح ولماذا"
    )

    def headed_parts(self) -> int:
        """Return how many parts have a heading (all do: a default one where none is given)."""
        return 3 + (self.background is not None) + bool(self.actors)

    def scenario(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def structure_problems(self) -> Iterator[Problem]:
        yield from repeated_ids(
            ((("scenarios", index, "id"), s.id) for index, s in enumerate(self.scenarios)),
            lambda id, first: _(
                "scenario id `{id}` is already used by scenarios[{index}]", id=id, index=first
            ),
        )
        ids = [scenario.id for scenario in self.scenarios]
        if self.conclusion.most_likely not in ids:
            yield Problem(
                ("conclusion", "most_likely"),
                "RK113",
                _(
                    "no scenario has id `{id}` (known ids: {known})",
                    id=isolate(self.conclusion.most_likely),
                    known=", ".join(f"`{i}`" for i in ids),
                ),
            )
