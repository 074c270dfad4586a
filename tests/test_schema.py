"""The JSON Schemas editors use agree with the models and with the sample reports."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from conftest import BAD, REPORTS

from reportkit.models import REPORT_KINDS
from reportkit.schema import build_schema


@pytest.mark.parametrize("path", sorted(REPORTS.glob("*.yaml")), ids=lambda p: p.name)
def test_samples_validate_against_the_json_schema(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))  # dates as the editor sees them: strings
    jsonschema.validate(data, build_schema(data["kind"]))


def test_schema_rejects_a_typo_like_the_loader():
    data = yaml.safe_load((BAD / "unknown-field.yaml").read_text(encoding="utf-8"))
    data["date"] = str(data["date"])
    with pytest.raises(jsonschema.ValidationError, match="headlin"):
        jsonschema.validate(data, build_schema("brief"))


def test_descriptions_are_bilingual():
    schema = build_schema("analysis")
    title = schema["properties"]["title"]["description"]
    assert title == "Title · العنوان"
    assert set(REPORT_KINDS) == {"analysis", "brief", "policy-paper", "estimate"}
