"""The README documents every diagnostic code exactly as the code defines it."""

import re

from conftest import ROOT

from reportkit.diagnostics import CODES


def test_readme_lists_every_code_with_its_severity_and_name():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (RK\d{3}) \| (error|warning) \| `([a-z-]+)` \|", readme, re.M)
    assert rows == [(code, severity.value, name) for code, (severity, name, _) in CODES.items()]
