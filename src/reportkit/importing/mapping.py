"""Draft → report data of one kind (plain dicts and lists, as a report file holds them).

The kind is guessed unless given; each of the draft's top-level headings starts a part, and
each part is mapped onto a place of that kind from the words of its heading, in Arabic or
English («دوافع» → drivers, «حدود ومآلات» → limits, «ختامًا» → conclusion, Scenarios →
scenarios, Recommendations → recommendations). Every such decision is a `Remark` (a guess), and
every required field the draft cannot fill gets a placeholder value and a `Remark` (a TODO),
both tied to the field they are about so the YAML writer can put them beside it. Nothing the
draft holds is dropped: content a kind has no place for joins the paragraphs of the nearest
part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reportkit.i18n import _, isolate
from reportkit.importing.draft import (
    Draft,
    DraftBlock,
    DraftHeading,
    DraftImage,
    DraftList,
    DraftNote,
    DraftParagraph,
    DraftTable,
)
from reportkit.importing.vocabulary import (
    CONCLUDING,
    SYNTHESIS,
    guess_kind,
    horizon_of,
    perspective_actor,
    place_of,
    starts_with_phrase,
)
from reportkit.models import REPORT_KINDS

Path_ = tuple[str | int, ...]
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")
_URL_ONLY = re.compile(r"^\s*<?(https?://[^\s>]+?)>?\s*\.?\s*$")
_LINK_ONLY = re.compile(r"^\s*\[(https?://[^\s\]]+)\]\((https?://[^\s)]+)\)\s*\.?\s*$")
_CALL = re.compile(r"\[\^([^\]\s]+)\]")
# `Name - role`, `Name — role`; in Arabic also `Name-role` (Arabic names carry no hyphen).
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")
_ARABIC_DASH = re.compile(r"(?<=[\u0600-\u06ff])\s*[-–—]\s*(?=[\u0600-\u06ff])")
KICKER_MAX_WORDS = 4
BRIEF_MAX_WORDS = 800


@dataclass
class Remark:
    """A guess the mapping made, or a TODO it left: about the field at `path`."""

    path: Path_
    message: str


@dataclass
class ExtractedImage:
    file: str  # relative to the report file, as the report names it
    data: bytes


@dataclass
class MappedReport:
    kind: str
    data: dict[str, Any]
    guesses: list[Remark] = field(default_factory=list)
    todos: list[Remark] = field(default_factory=list)
    images: list[ExtractedImage] = field(default_factory=list)


@dataclass
class Part:
    """A top-level heading of the draft (None for the text before the first) and what follows
    it up to the next one, deeper headings included."""

    heading: DraftHeading | None
    blocks: list[DraftBlock]

    @property
    def title(self) -> str | None:
        return self.heading.text if self.heading else None


def map_draft(draft: Draft, kind: str | None = None, image_folder: str = "images") -> MappedReport:
    """Return the report data of `kind` (guessed when None) that `draft` holds."""
    mapper = Mapper(draft, image_folder)
    return mapper.map(kind)


class Mapper:
    def __init__(self, draft: Draft, image_folder: str):
        self.draft = draft
        self.image_folder = image_folder
        self.result = MappedReport("", {})
        self.note_ids = _note_ids(draft.notes)
        self.placed_images: list[tuple[DraftImage, Path_]] = []
        # Where a kind has no list of images (estimate, policy paper, a brief's body), an
        # image becomes a paragraph naming the extracted file, where it stood.
        self.images_as_paragraphs = False

    # ----------------------------------------------------------------- remarks

    def guess(self, path: Path_, message: str) -> None:
        self.result.guesses.append(Remark(path, message))

    def todo(self, path: Path_, message: str) -> None:
        self.result.todos.append(Remark(path, message))

    # ----------------------------------------------------------------- the whole report

    def map(self, kind: str | None) -> MappedReport:
        parts = split_parts(self.draft.blocks)
        kind = kind or self.draft.kind
        if kind is None:
            kind, reason = guess_kind(parts, self.draft)
            self.guess(("kind",), _("`{kind}`, guessed: {reason}", kind=kind, reason=reason))
        self.result.kind = kind
        data: dict[str, Any] = {"kind": kind}
        self.result.data = data
        self.metadata(data, kind)
        build = {
            "analysis": self.analysis,
            "brief": self.brief,
            "estimate": self.estimate,
            "policy-paper": self.policy_paper,
        }[kind]
        build(data, parts)
        self.notes(data)
        return self.result

    def metadata(self, data: dict, kind: str) -> None:
        draft = self.draft
        data["language"] = draft.language or self.guessed_language()
        data["date"] = draft.date or ""
        if not draft.date:
            self.todo(("date",), _("the publication date, as YYYY-MM-DD"))
        data["authors"] = [self.author(index, name) for index, name in enumerate(draft.authors)]
        if not draft.authors and kind != "brief":
            self.todo(("authors",), _("at least one author: `- name: …`"))
        if draft.keywords:
            data["keywords"] = list(draft.keywords)
        if kind == "brief":
            return
        self.title(data)
        if draft.subtitle:
            data["subtitle"] = draft.subtitle
        if draft.summary:
            data["summary"] = self.text(draft.summary)

    def guessed_language(self) -> str:
        texts = [self.draft.title or ""] + [
            b.text for b in self.draft.blocks if isinstance(b, (DraftParagraph, DraftHeading))
        ]
        sample = " ".join(texts)
        arabic, latin = len(_ARABIC.findall(sample)), len(_LATIN.findall(sample))
        language = "ar" if arabic >= latin else "en"
        self.guess(
            ("language",),
            _("`{language}`, guessed from the script of the text", language=language),
        )
        return language

    def author(self, index: int, text: str) -> dict:
        parts = _SPACED_DASH.split(text, maxsplit=1)
        if len(parts) == 1:
            parts = _ARABIC_DASH.split(text, maxsplit=1)
        if len(parts) == 1:
            return {"name": text.strip()}
        name, role = (part.strip() for part in parts)
        self.guess(
            ("authors", index),
            _("`{text}` read as name and role", text=isolate(text)),
        )
        return {"name": name, "role": role}

    def title(self, data: dict) -> None:
        title = self.draft.title
        if not title:
            data["title"] = ""
            self.todo(("title",), _("the title"))
            return
        kicker, colon, rest = title.partition(": ")
        if colon and rest.strip() and len(kicker.split()) <= KICKER_MAX_WORDS:
            data["kicker"], data["title"] = kicker.strip(), rest.strip()
            self.guess(("kicker",), _("the words before the title's colon are its kicker"))
        else:
            data["title"] = title

    def notes(self, data: dict) -> None:
        notes, sources = [], []
        for note in self.draft.notes:
            note_id = self.note_ids[note.id]
            url = _only_url(note.text)
            if url:
                sources.append({"id": note_id, "url": url})
                self.guess(
                    ("sources", len(sources) - 1),
                    _("note {id} is only an address: a source", id=isolate(note.id)),
                )
            else:
                notes.append({"id": note_id, "text": self.text(note.text)})
                if not note.text.strip():
                    self.todo(("notes", len(notes) - 1, "text"), _("the note's text"))
        if sources:
            data["sources"] = sources
        if notes:
            data["notes"] = notes

    # ----------------------------------------------------------------- running text

    def text(self, markup: str) -> str:
        """Return inline markup with the draft's note calls renamed to the report's note ids."""
        return _CALL.sub(lambda m: f"[^{self.note_ids.get(m.group(1), m.group(1))}]", markup)

    def body(self, blocks: list[DraftBlock], path: Path_) -> list:
        """Return a body (paragraphs, lists, tables); headings in it become strong paragraphs."""
        items: list = []
        for block in blocks:
            item = self.item(block, (*path, len(items)))
            if item is not None:
                items.append(item)
        return items

    def item(self, block: DraftBlock, path: Path_) -> Any:
        if isinstance(block, DraftParagraph):
            return self.text(block.text) if block.text.strip() else None
        if isinstance(block, DraftList):
            key = "numbers" if block.numbered else "bullets"
            return {key: [self.text(item) for item in block.items if item.strip()]}
        if isinstance(block, DraftTable):
            return {"table": self.table(block, (*path, "table"))}
        if isinstance(block, DraftHeading):
            self.guess(
                path, _("the heading `{text}` kept as a strong line", text=isolate(block.text))
            )
            return f"**{block.text}**"
        return self.image_item(block, path)

    def image_item(self, image: DraftImage, path: Path_) -> Any:
        """Keep an image where the kind can place one; otherwise a paragraph saying so."""
        if not self.images_as_paragraphs:
            self.placed_images.append((image, path))
            return None
        file = self.extract(image)
        self.todo(
            path,
            _(
                "this kind has no place for images; {file} was extracted, and this paragraph "
                "stands for it",
                file=file,
            ),
        )
        return self.text(image.caption or image.alt or file)

    def table(self, table: DraftTable, path: Path_) -> dict:
        rows = [[self.text(cell) for cell in row] for row in table.rows]
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        header_rows = table.header_rows
        if header_rows < 1:
            header_rows = 1
            self.guess((*path, "header"), _("the table's first row read as its header"))
        header, body = rows[:header_rows], rows[header_rows:]
        if not body:
            body = [[""] * width]
            self.todo((*path, "rows"), _("the table's rows"))
        caption = table.caption or ""
        if not caption:
            self.todo((*path, "caption"), _("what the table shows (its caption)"))
        return {"caption": caption, "header": header, "rows": body}

    def paragraphs(self, blocks: list[DraftBlock], path: Path_) -> list:
        """Return a required body: at least one item (an empty paragraph and a TODO if none)."""
        items = self.body(blocks, path)
        if not items:
            items = [""]
            self.todo(path, _("at least one paragraph"))
        return items

    def headed_body(self, part: Part, path: Path_) -> list:
        """Return a part's body with its heading as a strong first line (for a place that has
        no heading of its own)."""
        blocks: list[DraftBlock] = list(part.blocks)
        if part.heading is not None:
            blocks.insert(0, part.heading)
        return self.body(blocks, path)

    def extract(self, image: DraftImage) -> str:
        number = len(self.result.images) + 1
        file = f"{self.image_folder}/figure-{number}{image.suffix.lower()}"
        self.result.images.append(ExtractedImage(file, image.data))
        return file

    def image_entry(self, image: DraftImage) -> dict:
        entry: dict[str, Any] = {"file": self.extract(image)}
        if image.caption:
            entry["caption"] = self.text(image.caption)
        if image.alt:
            entry["alt"] = image.alt
        return entry

    # ----------------------------------------------------------------- analysis

    def analysis(self, data: dict, parts: list[Part]) -> None:
        sections: list[dict] = []
        data["sections"] = sections
        parts = self.concluding_split(parts)
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
                if index == 0 and last.heading is None:
                    return parts
                return [
                    *parts[:-1],
                    Part(last.heading, last.blocks[:index]),
                    _Concluding(None, last.blocks[index:]),
                ]
        return parts

    def analysis_place(self, part: Part, index: int, count: int) -> str:
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
        first, subsections = _by_subheading(part.blocks)
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

    # ----------------------------------------------------------------- brief

    def brief(self, data: dict, parts: list[Part]) -> None:
        self.images_as_paragraphs = True
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

    # ----------------------------------------------------------------- estimate

    def estimate(self, data: dict, parts: list[Part]) -> None:
        self.images_as_paragraphs = True
        places = self.places(parts, "estimate", default="development")
        development = places.pop("development", [])
        if not development:
            development = [parts.pop(0)] if parts else []
        data["development"] = self.part(development, ("development",))
        if "background" in places:
            data["background"] = self.part(places.pop("background"), ("background",))
        if "actors" in places:
            data["actors"] = self.actors(places.pop("actors"))
        data["scenarios"] = self.scenarios(places.pop("scenarios", []))
        conclusion = self.part(places.pop("conclusion", []), ("conclusion",))
        data["conclusion"] = {**conclusion, "most_likely": ""}
        self.todo(("conclusion", "most_likely"), _("the id of the most likely scenario"))

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
            first, subsections = _by_subheading(part.blocks)
            for heading, blocks in subsections:
                path: Path_ = ("actors", len(actors))
                actors.append(
                    {
                        "name": heading.text,
                        "paragraphs": self.paragraphs(blocks, (*path, "paragraphs")),
                    }
                )
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
            first, subsections = _by_subheading(part.blocks)
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
            scenarios.append(
                {
                    "id": f"scenario-{index + 1}",
                    "name": name,
                    "likelihood": "",
                    "paragraphs": self.paragraphs(blocks, (*path, "paragraphs")),
                }
            )
            if not name:
                self.todo((*path, "name"), _("the scenario's name"))
            self.todo(
                (*path, "likelihood"),
                _("how likely: unlikely, possible, likely, very-likely, or 30-40%"),
            )
        return scenarios

    # ----------------------------------------------------------------- policy paper

    def policy_paper(self, data: dict, parts: list[Part]) -> None:
        self.images_as_paragraphs = True
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

    def paper_section(self, parts: list[Part], path: Path_, optional: bool = False) -> dict:
        part = parts[0]
        blocks = [
            b
            for p in parts
            for b in ([p.heading] if p is not part and p.heading else []) + p.blocks
        ]
        first, subsections = _by_subheading(blocks)
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

    def options(self, parts: list[Part]) -> list[dict]:
        units: list[tuple[str, list[DraftBlock]]] = []
        for part in parts:
            first, subsections = _by_subheading(part.blocks)
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
            first, subsections = _by_subheading(part.blocks)
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


class _Concluding(Part):
    """The closing paragraphs split off the last part (they start with «ختامًا» or the like)."""


# --------------------------------------------------------------------------- helpers


def split_parts(blocks: list[DraftBlock]) -> list[Part]:
    """Return the draft's parts: one per top-level heading, and the text before the first."""
    levels = [b.level for b in blocks if isinstance(b, DraftHeading)]
    top = min(levels, default=1)
    parts = [Part(None, [])]
    for block in blocks:
        if isinstance(block, DraftHeading) and block.level == top:
            parts.append(Part(block, []))
        else:
            parts[-1].blocks.append(block)
    return parts if parts[0].blocks else parts[1:]


def _by_subheading(
    blocks: list[DraftBlock],
) -> tuple[list[DraftBlock], list[tuple[DraftHeading, list[DraftBlock]]]]:
    first: list[DraftBlock] = []
    groups: list[tuple[DraftHeading, list[DraftBlock]]] = []
    top = min((b.level for b in blocks if isinstance(b, DraftHeading)), default=0)
    for block in blocks:
        if isinstance(block, DraftHeading) and block.level == top:
            groups.append((block, []))
        else:
            (groups[-1][1] if groups else first).append(block)
    return first, groups


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


def _note_ids(notes: list[DraftNote]) -> dict[str, str]:
    """Return each note's id in the report: its own when it is a valid id, else `note-N`."""
    ids: dict[str, str] = {}
    for index, note in enumerate(notes, start=1):
        candidate = re.sub(r"[^a-z0-9_-]+", "-", note.id.lower()).strip("-")
        if not SLUG.match(candidate) or candidate in ids.values():
            candidate = f"note-{index}"
        ids[note.id] = candidate[:64]
    return ids


def _only_url(text: str) -> str | None:
    match = _URL_ONLY.match(text)
    if match:
        return match.group(1)
    link = _LINK_ONLY.match(text)
    return link.group(2) if link and link.group(1) == link.group(2) else None


def _at(data: Any, path: Path_) -> Any:
    for key in path:
        data = data[key]
    return data


__all__ = ["REPORT_KINDS", "ExtractedImage", "MappedReport", "Remark", "map_draft"]
