"""The `brief`, `estimate` and `policy-paper` kinds from a draft: each top-level heading
names the part it belongs to (Scenarios, «التوصيات», Background…); a part no heading names
joins the one before it; subheadings inside a part are its items (a scenario, an option,
the addressee of recommendations)."""

from __future__ import annotations

from typing import Any

from reportkit.i18n import _, isolate
from reportkit.importing.draft import DraftBlock, DraftImage, DraftList, DraftParagraph
from reportkit.importing.mapping import Mapper, Part, Path_, by_subheading
from reportkit.importing.vocabulary import likelihood_in, most_likely, perspective_actor, place_of


class BriefMapper(Mapper):
    def content(self, data: dict, parts: list[Part]) -> None:
        data["label"] = ""
        self.todo(("label",), _("the brief's label, e.g. International politics"))
        data["headline"] = self.draft.title or ""
        if not self.draft.title:
            self.todo(("headline",), _("the headline"))
        if self.draft.subtitle:
            data["standfirst"] = self.draft.subtitle
        blocks: list[DraftBlock] = []
        for part in parts:
            blocks += [part.heading] if part.heading else []
            blocks += part.blocks
        images = [b for b in blocks if isinstance(b, DraftImage)]
        if images:
            data["image"] = self.image_entry(images[0])
            blocks = [b for b in blocks if b is not images[0]]
        lead_at = next((i for i, b in enumerate(blocks) if isinstance(b, DraftParagraph)), None)
        if lead_at is None:
            data["lead"] = ""
            self.todo(("lead",), _("the lead paragraph"))
        else:
            data["lead"] = self.text(blocks.pop(lead_at).text)  # type: ignore[union-attr]
            self.guess(("lead",), _("the first paragraph is the lead"))
        body = self.body(blocks, ("body",))
        if body:
            data["body"] = body


class PaperMapper(Mapper):
    """What the estimate and the policy paper share: parts found by their headings."""

    def places(self, parts: list[Part], kind: str, default: str) -> dict[str, list[Part]]:
        """Return the parts by place; a part no place fits joins the one before it."""
        places: dict[str, list[Part]] = {}
        current = default
        for part in parts:
            place = place_of(part.title, kind) if part.title else None
            if place is not None:
                self.guess(
                    (place,),
                    _(
                        "`{place}` from the heading `{heading}`",
                        place=place,
                        heading=isolate(part.title),
                    ),
                )
                current = place
            places.setdefault(current, []).append(part)
        return places

    def part(self, parts: list[Part], path: Path_) -> dict:
        """Return a Part-like mapping (heading, paragraphs) from one or more draft parts."""
        out: dict[str, Any] = {}
        if parts and parts[0].heading is not None:
            out["heading"] = parts[0].heading.text
        blocks: list[DraftBlock] = list(parts[0].blocks) if parts else []
        for extra in parts[1:]:
            blocks += ([extra.heading] if extra.heading else []) + extra.blocks
        out["paragraphs"] = self.paragraphs(blocks, (*path, "paragraphs"))
        return out

    def actors(self, parts: list[Part]) -> list[dict]:
        actors: list[dict] = []
        for part in parts:
            first, subsections = by_subheading(part.blocks)
            for heading, blocks in subsections:
                path: Path_ = ("actors", len(actors))
                name = perspective_actor(heading.text, heading=True) or heading.text
                actor: dict[str, Any] = {"name": name, "heading": heading.text}
                if name == heading.text:
                    del actor["heading"]
                actor["paragraphs"] = self.paragraphs(blocks, (*path, "paragraphs"))
                actors.append(actor)
            if first:
                path = ("actors", len(actors))
                actors.append(
                    {"name": "", "paragraphs": self.paragraphs(first, (*path, "paragraphs"))}
                )
                self.todo((*path, "name"), _("the actor whose position this is"))
        return actors

    def scenarios(self, parts: list[Part]) -> list[dict]:
        scenarios: list[dict] = []
        units: list[tuple[str, list[DraftBlock]]] = []
        for part in parts:
            first, subsections = by_subheading(part.blocks)
            if subsections:
                units += [(h.text, b) for h, b in subsections]
                if first:
                    units[0] = (units[0][0], first + units[0][1])
            else:
                units.append((part.title or "", part.blocks))
        while len(units) < 2:
            units.append(("", []))
        for index, (name, blocks) in enumerate(units):
            path: Path_ = ("scenarios", index)
            opening = next((b.text for b in blocks if isinstance(b, DraftParagraph)), "")
            likelihood = likelihood_in(name, opening)
            scenarios.append(
                {
                    "id": f"scenario-{index + 1}",
                    "name": name,
                    "likelihood": likelihood or "",
                    "paragraphs": self.paragraphs(blocks, (*path, "paragraphs")),
                }
            )
            if not name:
                self.todo((*path, "name"), _("the scenario's name"))
            if likelihood:
                self.guess((*path, "likelihood"), _("from the scenario's own words"))
            else:
                self.todo(
                    (*path, "likelihood"),
                    _("how likely: unlikely, possible, likely, very-likely, or 30-40%"),
                )
        return scenarios

    def paper_section(self, parts: list[Part], path: Path_, optional: bool = False) -> dict:
        part = parts[0]
        blocks = [
            b
            for p in parts
            for b in ([p.heading] if p is not part and p.heading else []) + p.blocks
        ]
        first, subsections = by_subheading(blocks)
        out: dict[str, Any] = {}
        if part.heading is not None:
            out["heading"] = part.heading.text
        elif not optional:
            out["heading"] = ""
            self.todo((*path, "heading"), _("a heading for this section"))
        out["paragraphs"] = self.paragraphs(first, (*path, "paragraphs"))
        if subsections:
            out["subsections"] = [
                {
                    "heading": h.text,
                    "paragraphs": self.paragraphs(b, (*path, "subsections", i, "paragraphs")),
                }
                for i, (h, b) in enumerate(subsections)
            ]
        return out


class EstimateMapper(PaperMapper):
    def content(self, data: dict, parts: list[Part]) -> None:
        places = self.places(parts, "estimate", default="development")
        data["development"] = self.part(places.pop("development", []), ("development",))
        if "background" in places:
            data["background"] = self.part(places.pop("background"), ("background",))
        if "actors" in places:
            data["actors"] = self.actors(places.pop("actors"))
        data["scenarios"] = self.scenarios(places.pop("scenarios", []))
        conclusion = self.part(places.pop("conclusion", []), ("conclusion",))
        scenarios = data["scenarios"]
        top = most_likely([scenario["likelihood"] for scenario in scenarios])
        data["conclusion"] = {
            **conclusion,
            "most_likely": scenarios[top]["id"] if top is not None else "",
        }
        if top is None:
            self.todo(("conclusion", "most_likely"), _("the id of the most likely scenario"))
        else:
            self.guess(("conclusion", "most_likely"), _("the scenario rated most likely"))


class PolicyPaperMapper(PaperMapper):
    def content(self, data: dict, parts: list[Part]) -> None:
        places = self.places(parts, "policy-paper", default="analysis")
        if "summary" in places and "summary" not in data:
            texts = [
                b.text
                for p in places.pop("summary")
                for b in p.blocks
                if isinstance(b, DraftParagraph)
            ]
            data["summary"] = self.text(" ".join(texts))
        if "summary" not in data:
            data["summary"] = ""
            self.todo(("summary",), _("the executive summary"))
        if "key_findings" in places:
            data["key_findings"] = self.findings(places.pop("key_findings"))
        if "background" in places:
            data["background"] = self.paper_section(
                places.pop("background"), ("background",), optional=True
            )
        analysis = places.pop("analysis", [])
        data["analysis"] = [
            self.paper_section([part], ("analysis", index)) for index, part in enumerate(analysis)
        ]
        if "options" in places:
            data["options"] = self.options(places.pop("options"))
        data["recommendations"] = self.recommendations(places.pop("recommendations", []))
        conclusion = places.pop("conclusion", [])
        blocks = [b for p in conclusion for b in p.blocks]
        data["conclusion"] = self.paragraphs(blocks, ("conclusion",))

    def findings(self, parts: list[Part]) -> list[str]:
        items: list[str] = []
        for block in (b for p in parts for b in p.blocks):
            if isinstance(block, DraftList):
                items += [self.text(item) for item in block.items]
            elif isinstance(block, DraftParagraph):
                items.append(self.text(block.text))
        return items or [""]

    def options(self, parts: list[Part]) -> list[dict]:
        units: list[tuple[str, list[DraftBlock]]] = []
        for part in parts:
            first, subsections = by_subheading(part.blocks)
            units += [(h.text, b) for h, b in subsections] or [("", first)]
        options = []
        for index, (name, blocks) in enumerate(units):
            path: Path_ = ("options", index)
            description = [
                i for i in self.body(blocks, (*path, "description")) if isinstance(i, str)
            ]
            lists = [i for i in self.body(blocks, ()) if not isinstance(i, str)]
            description += [" ".join(next(iter(i.values()))) for i in lists if "table" not in i]
            options.append(
                {"name": name, "description": description or [""], "pros": [""], "cons": [""]}
            )
            self.todo((*path, "pros"), _("the option's advantages and drawbacks (pros, cons)"))
            if not name:
                self.todo((*path, "name"), _("the option's short name"))
        return options

    def recommendations(self, parts: list[Part]) -> list[dict]:
        out: list[dict] = []
        for part in parts:
            first, subsections = by_subheading(part.blocks)
            for addressee, blocks in [(None, first), *((h.text, b) for h, b in subsections)]:
                for text in self.recommendation_texts(blocks):
                    out.append({"addressee": addressee or "", "text": text})
                    if not addressee:
                        self.todo(
                            ("recommendations", len(out) - 1, "addressee"),
                            _("who should act on this recommendation"),
                        )
        if not out:
            out = [{"addressee": "", "text": ""}]
            self.todo(("recommendations",), _("the recommendations, each with its addressee"))
        return out

    def recommendation_texts(self, blocks: list[DraftBlock]) -> list[str]:
        texts: list[str] = []
        for block in blocks:
            if isinstance(block, DraftList):
                texts += [self.text(item) for item in block.items]
            elif isinstance(block, DraftParagraph):
                texts.append(self.text(block.text))
        return texts
