"""The `analysis` kind as a Word document: cover, contents, typed sections, sources."""

from __future__ import annotations

from reportkit.models.analysis import (
    AnalysisReport,
    Context,
    Drivers,
    Limits,
    Perspective,
    Trajectory,
)
from reportkit.render.docx.document import DocxBuilder
from reportkit.render.text import contents_page_wanted


class AnalysisBuilder(DocxBuilder):
    """An analysis: cover, contents, typed sections with their placed items, sources."""

    report: AnalysisReport

    def build(self) -> bytes:
        report = self.report
        self.add_cover(report.kicker, report.title, report.subtitle)
        if report.summary:
            self.paragraph("Summary", report.summary)
        self.add_header_and_footer()
        placeholder = self.add_contents() if contents_page_wanted(report) else None
        if placeholder is None:
            self.page_break()  # the body starts after the cover, as with a contents page
        for section in report.sections:
            self.add_section(section)
            self.add_placed_items(section.id)
        self.add_sources()
        if placeholder is not None:
            self.fill_contents(placeholder)
        self.set_properties(report.topic, report.summary.plain if report.summary else None)
        return self.save()

    def add_section(self, section) -> None:
        if getattr(section, "heading", None):
            self.heading(section.heading)
        if isinstance(section, Context):
            self.add_context(section)
        elif isinstance(section, Trajectory):
            self.add_trajectory(section)
        elif isinstance(section, Drivers):
            self.add_drivers(section)
        elif isinstance(section, Limits):
            self.add_limits(section)
        else:
            self.paragraphs(section.paragraphs)

    def add_context(self, section: Context) -> None:
        self.paragraphs(section.paragraphs)
        if section.factors:
            if section.factors.lead:
                self.paragraph("BodyText", section.factors.lead)
            self.paragraphs(section.factors.items, "ListBullet")

    def add_trajectory(self, section: Trajectory) -> None:
        self.paragraphs(section.paragraphs)
        if section.timeline:
            self.paragraph("TableCaption", self.localizer.label("timeline"))
            rows = [(self.localizer.date(event.date), event.text) for event in section.timeline]
            self.add_table((self.localizer.label("date"), self.localizer.label("event")), rows)

    def add_drivers(self, section: Drivers) -> None:
        self.paragraphs(section.intro)
        for perspective in section.perspectives:
            self.add_perspective(perspective)
        if section.synthesis:
            self.heading(self.localizer.label("synthesis"), 2)
            self.paragraphs(section.synthesis)

    def add_perspective(self, perspective: Perspective) -> None:
        label = self.localizer.label
        self.heading(perspective.heading or label("perspective", actor=perspective.actor), 2)
        if perspective.dimensions:
            separator = "، " if self.rtl else ", "
            self.paragraph("Dimensions", separator.join(label(d) for d in perspective.dimensions))
        self.paragraphs(perspective.paragraphs)

    def add_limits(self, section: Limits) -> None:
        self.paragraphs(section.paragraphs)
        for outlook in section.outlooks:
            self.heading(outlook.heading or self.localizer.label(outlook.horizon), 2)
            self.paragraphs(outlook.paragraphs)
        if section.constraints:
            self.heading(self.localizer.label("constraints"), 2)
            self.paragraphs(section.constraints)

    def add_placed_items(self, section_id: str | None) -> None:
        """Pull-quotes, key figures and images placed in this section, after its text."""
        if section_id is None:
            return
        for quote in (q for q in self.report.quotes if q.section == section_id):
            self.add_quote(quote)
        for figure in (f for f in self.report.figures if f.section == section_id):
            self.add_figure(figure)
        for image in (i for i in self.report.images if i.section == section_id):
            self.add_image(image)
