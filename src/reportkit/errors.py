"""Exceptions that stop a run. Each carries the exit code the CLI returns for it."""

from __future__ import annotations


class ReportkitError(Exception):
    """Base of every error reportkit raises on purpose; `exit_code` is what the CLI returns."""

    exit_code = 1


class UsageError(ReportkitError):
    """The command was called wrongly: a missing path, an unknown format or kind."""

    exit_code = 2


class ContentError(ReportkitError):
    """A report has errors; `diagnostics` lists every one of them."""

    exit_code = 1

    def __init__(self, diagnostics):
        self.diagnostics = list(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else None
        summary = first.format() if first else "report has errors"
        more = len(self.diagnostics) - 1
        super().__init__(summary + (f" (and {more} more)" if more > 0 else ""))


class RenderError(ReportkitError):
    """Rendering could not finish: a missing font, library or resource."""

    exit_code = 3


class OutputError(ReportkitError):
    """reportkit cannot write where it was asked to: a read-only or full folder, a file where a
    folder should be, a port another program holds."""

    exit_code = 3
