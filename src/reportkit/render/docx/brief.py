"""The `brief` kind as a Word document: a one-page news item with its sources."""

from __future__ import annotations

from reportkit.models.brief import Brief
from reportkit.render.docx.document import DocxBuilder


class BriefBuilder(DocxBuilder):
    """A news brief: label, headline, standfirst, image, lead, body, quotes, sources."""

    report: Brief

    def build(self) -> bytes:
        report = self.report
        # No cover: the head of the first page, in the sizes of the PDF's (theme.yaml).
        self.add_logo()
        self.paragraph("Label", report.label)
        self.paragraph("Headline", report.headline)
        if report.standfirst:
            self.paragraph("Standfirst", report.standfirst)
        dateline = [report.publisher, self.localizer.date(report.date)]
        self.paragraph("Dateline", " · ".join(part for part in dateline if part))
        self.add_header_and_footer()
        if report.image:
            self.add_image(report.image)
        self.paragraph("Lead", report.lead)
        self.paragraphs(report.body)
        for quote in report.quotes:
            self.add_quote(quote)
        self.add_sources()
        self.set_properties(report.label, report.standfirst)
        return self.save()
