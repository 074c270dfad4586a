"""The `analysis` kind from a draft: the text before the first heading is the context, each
heading names its section kind («دوافع» → drivers, «حدود ومآلات» → limits, Conclusion), and
inside a section the paragraphs' opening words say more: an actor's perspective in drivers,
a term (near, medium) in limits, a concluding phrase («ختامًا») for the conclusion."""

from __future__ import annotations

from typing import Any

from reportkit.i18n import _, isolate
from reportkit.importing.draft import DraftBlock, DraftHeading, DraftParagraph
from reportkit.importing.mapping import Mapper, Part, Path_, by_subheading
from reportkit.importing.vocabulary import (
    CONCLUDING,
    SYNTHESIS,
    horizon_of,
    perspective_actor,
    place_of,
    starts_with_phrase,
)


class AnalysisMapper(Mapper):
    images_as_paragraphs = False  # an analysis places images in its sections

    def content(self, data: dict, parts: list[Part]) -> None:
        sections: list[dict] = []
        data["sections"] = sections
        parts = self.with_required(self.concluding_split(parts))
        for index, part in enumerate(parts):
            place = self.analysis_place(part, index, len(parts))
            path: Path_ = ("sections", len(sections))
            section = self.analysis_section(place, part, path, _used_ids(sections))
            sections.append(section)
        self.analysis_images(data, sections)

    def concluding_split(self, parts: list[Part]) -> list[Part]:
        """Split a closing paragraph starting «ختامًا» / "In conclusion" off the last part."""
        if not parts:
            return [Part(None, [])]
        last = parts[-1]
        if last.title and place_of(last.title, "analysis") == "conclusion":
            return parts
        for index, block in enumerate(last.blocks):
            if isinstance(block, DraftParagraph) and starts_with_phrase(block.text, CONCLUDING):
                if index == 0:  # the whole part concludes
                    return [*parts[:-1], _Concluding(last.heading, last.blocks)]
                return [
                    *parts[:-1],
                    Part(last.heading, last.blocks[:index]),
                    _Concluding(None, last.blocks[index:]),
                ]
        return parts

    def with_required(self, parts: list[Part]) -> list[Part]:
        """Add an empty context first and an empty conclusion last where the house rules
        require them and no part of the draft is one."""
        count = len(parts)
        places = [self.place_quietly(part, index, count) for index, part in enumerate(parts)]
        if "context" in self.required_sections and "context" not in places:
            parts = [_Missing(None, []), *parts]
        if "conclusion" in self.required_sections and "conclusion" not in places:
            parts = [*parts, _Missing(None, [])]
        return parts

    def place_quietly(self, part: Part, index: int, count: int) -> str:
        """Return the place `analysis_place` will give, without recording a guess."""
        if isinstance(part, _Concluding):
            return "conclusion"
        if part.heading is None:
            return "context" if index == 0 else "analysis"
        place = place_of(part.heading.text, "analysis")
        if (place == "context" and index != 0) or (place == "conclusion" and index != count - 1):
            return "analysis"
        return place or "analysis"

    def analysis_place(self, part: Part, index: int, count: int) -> str:
        if isinstance(part, _Missing):
            return "context" if index == 0 else "conclusion"
        if isinstance(part, _Concluding):
            self.guess(
                ("sections", index, "kind"),
                _("a conclusion: the paragraph starts with a concluding phrase"),
            )
            return "conclusion"
        if part.heading is None:
            if index == 0:
                self.guess(
                    ("sections", index, "kind"),
                    _("the text before the first heading is the context"),
                )
                return "context"
            return "analysis"
        place = place_of(part.heading.text, "analysis")
        if (place == "context" and index != 0) or (place == "conclusion" and index != count - 1):
            place = None
        if place is None:
            return "section" if _has_subheadings(part) else "analysis"
        self.guess(
            ("sections", index, "kind"),
            _(
                "`{kind}` from the heading `{heading}`",
                kind=place,
                heading=isolate(part.heading.text),
            ),
        )
        return place

    def analysis_section(self, place: str, part: Part, path: Path_, used: set[str]) -> dict:
        section: dict[str, Any] = {"kind": place, "id": _new_id(place, used)}
        if isinstance(part, _Missing):
            self.todo(
                (*path, "paragraphs"),
                _("the draft has no `{kind}`, which the house rules require: write it", kind=place),
            )
            return {**section, "paragraphs": [""]}
        if part.heading is not None:
            section["heading"] = part.heading.text
        elif place not in ("context", "conclusion"):
            section["heading"] = ""
            self.todo((*path, "heading"), _("a heading for this section"))
        builder = {
            "drivers": self.drivers,
            "limits": self.limits,
            "section": self.plain_section,
        }.get(place)
        if builder is not None:
            builder(section, part, path)
        else:
            section["paragraphs"] = self.paragraphs(part.blocks, (*path, "paragraphs"))
        return section

    def plain_section(self, section: dict, part: Part, path: Path_) -> None:
        first, subsections = by_subheading(part.blocks)
        section["paragraphs"] = self.paragraphs(first, (*path, "paragraphs"))
        section["subsections"] = [
            {
                "heading": heading.text,
                "paragraphs": self.paragraphs(blocks, (*path, "subsections", i, "paragraphs")),
            }
            for i, (heading, blocks) in enumerate(subsections)
        ]

    def drivers(self, section: dict, part: Part, path: Path_) -> None:
        intro: list[DraftBlock] = []
        perspectives: list[tuple[str, list[DraftBlock]]] = []
        synthesis: list[DraftBlock] = []
        for block in part.blocks:
            actor = _perspective_start(block)
            if actor is not None:
                perspectives.append((actor, [] if isinstance(block, DraftHeading) else [block]))
            elif (
                perspectives
                and isinstance(block, DraftParagraph)
                and (synthesis or starts_with_phrase(block.text, SYNTHESIS))
            ):
                synthesis.append(block)
            elif perspectives and not synthesis:
                perspectives[-1][1].append(block)
            else:
                (synthesis if perspectives else intro).append(block)
        ppath: Path_ = (*path, "perspectives")
        if not perspectives:
            perspectives = [("", intro)]
            intro = []
            self.todo(
                (*ppath, 0, "actor"),
                _(
                    "the actor of this perspective; split the paragraphs into one perspective per actor"
                ),
            )
        else:
            self.guess(ppath, _("perspectives from the paragraphs naming an actor's perspective"))
        if intro:
            section["intro"] = self.body(intro, (*path, "intro"))
        section["perspectives"] = [
            {"actor": actor, "paragraphs": self.paragraphs(blocks, (*ppath, i, "paragraphs"))}
            for i, (actor, blocks) in enumerate(perspectives)
        ]
        if synthesis:
            section["synthesis"] = self.body(synthesis, (*path, "synthesis"))

    def limits(self, section: dict, part: Part, path: Path_) -> None:
        intro: list[DraftBlock] = []
        outlooks: list[tuple[str, list[DraftBlock]]] = []
        constraints: list[DraftBlock] = []
        pending: list[DraftBlock] = []
        for block in part.blocks:
            horizon = (
                horizon_of(block.text)
                if isinstance(block, (DraftParagraph, DraftHeading))
                else None
            )
            if horizon is None:
                pending.append(block)
                continue
            if not outlooks:
                intro, pending = pending, []
            else:
                outlooks[-1][1].extend(pending)
                pending = []
            if outlooks and outlooks[-1][0] == horizon:
                outlooks[-1][1].append(block)
            else:
                outlooks.append((horizon, [block]))
        opath: Path_ = (*path, "outlooks")
        if outlooks:
            constraints = pending
            self.guess(opath, _("outlooks from the paragraphs naming a term (near, medium, long)"))
        else:
            outlooks = [("", pending)]
            self.todo((*opath, 0, "horizon"), _("the horizon: near-term, medium-term or long-term"))
        if intro:
            section["paragraphs"] = self.body(intro, (*path, "paragraphs"))
        section["outlooks"] = [
            {"horizon": horizon, "paragraphs": self.paragraphs(blocks, (*opath, i, "paragraphs"))}
            for i, (horizon, blocks) in enumerate(outlooks)
        ]
        if constraints:
            section["constraints"] = self.body(constraints, (*path, "constraints"))
            self.guess(
                (*path, "constraints"), _("the paragraphs after the outlooks read as constraints")
            )

    def analysis_images(self, data: dict, sections: list[dict]) -> None:
        images = []
        for image, path in self.placed_images:
            section = (
                sections[path[1]] if len(path) > 1 and isinstance(path[1], int) else sections[0]
            )
            images.append({**self.image_entry(image), "section": section["id"]})
        self.placed_images.clear()
        if images:
            data["images"] = images


class _Missing(Part):
    """A section the house rules require and the draft lacks: written empty, with a TODO."""


class _Concluding(Part):
    """The closing paragraphs split off the last part (they start with «ختامًا» or the like)."""


def _has_subheadings(part: Part) -> bool:
    return any(isinstance(b, DraftHeading) for b in part.blocks)


def _perspective_start(block: DraftBlock) -> str | None:
    if isinstance(block, DraftHeading):
        return perspective_actor(block.text, heading=True)
    if isinstance(block, DraftParagraph):
        return perspective_actor(block.text)
    return None


def _used_ids(sections: list[dict]) -> set[str]:
    return {section["id"] for section in sections}


def _new_id(kind: str, used: set[str]) -> str:
    if kind not in used:
        return kind
    number = 2
    while f"{kind}-{number}" in used:
        number += 1
    return f"{kind}-{number}"
