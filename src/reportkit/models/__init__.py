"""Report models. `REPORT_KINDS` is the one place a report kind is registered."""

from __future__ import annotations

from reportkit.models.analysis import AnalysisReport
from reportkit.models.brief import Brief
from reportkit.models.common import ReportBase
from reportkit.models.estimate import EstimateReport
from reportkit.models.policy_paper import PolicyPaper

# kind name (the YAML's `kind:`) -> model. To add a kind: write its model, add it here, add
# its templates (see the README, "Adding a report kind").
REPORT_KINDS: dict[str, type[ReportBase]] = {
    "analysis": AnalysisReport,
    "brief": Brief,
    "policy-paper": PolicyPaper,
    "estimate": EstimateReport,
}

Report = AnalysisReport | Brief | PolicyPaper

__all__ = ["REPORT_KINDS", "AnalysisReport", "Brief", "PolicyPaper", "Report", "ReportBase"]
