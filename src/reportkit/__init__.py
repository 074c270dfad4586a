"""reportkit: structured policy reports in YAML, published as right-to-left PDF and DOCX.

The Python API is as small as the CLI:

    import reportkit
    report = reportkit.load("reports/belarus-us-rapprochement.yaml")   # or ContentError
    result = reportkit.validate("reports/belarus-us-rapprochement.yaml")
    for diagnostic in result.diagnostics:
        print(diagnostic.format())
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load", "validate"]


def load(path):
    """Return the report at `path` as a model; raise ContentError listing every error."""
    from reportkit.loader import load_report

    return load_report(path)


def validate(path, display_name: str | None = None):
    """Return a LoadResult: the report (None when it has errors) and every diagnostic."""
    from reportkit.loader import check_report

    return check_report(path, display_name)
