"""Packaging metadata: one version, an SPDX licence with its file, typing marker, direct imports."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata, resources

from click.testing import CliRunner
from conftest import ROOT

import reportkit
from reportkit.cli import cli

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def declared(name: str) -> bool:
    return any(re.match(rf"{name}\b", requirement) for requirement in PROJECT["dependencies"])


def test_the_version_is_written_once_in_the_package():
    assert "version" not in PROJECT and "version" in PROJECT["dynamic"]
    assert metadata.version("reportkit") == reportkit.__version__
    result = CliRunner().invoke(cli, ["--version"])
    assert result.output == f"reportkit, version {reportkit.__version__}\n"


def test_the_licence_is_an_spdx_expression_with_its_file():
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 reportkit contributors\n")


def test_the_package_says_it_is_typed():
    assert (resources.files("reportkit") / "py.typed").is_file()


def test_what_the_weasyprint_layer_imports_is_a_dependency():
    layer = ROOT / "src" / "reportkit" / "render" / "weasyprint_fixes"
    imported = set()
    for path in layer.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    libraries = imported - set(sys.stdlib_module_names) - {"reportkit", "__future__"}
    assert libraries == {"pydyf", "weasyprint"}
    assert all(declared(name) for name in libraries)


def build_packages_of_the_install_script() -> set[str]:
    script = (ROOT / "scripts" / "install-system-packages.sh").read_text(encoding="utf-8")
    listing = re.search(r"^build_packages=\((.*?)^\)", script, re.S | re.M)
    assert listing, "scripts/install-system-packages.sh has no build_packages list"
    return {word for line in listing.group(1).splitlines() for word in line.split("#")[0].split()}


def test_the_example_workflow_installs_what_building_needs():
    workflow = (ROOT / "examples" / "github" / "reports.yml").read_text(encoding="utf-8")
    command = re.search(
        r"apt-get install -y --no-install-recommends (.*?)\n\s*(?:- |\Z)", workflow, re.S
    )
    assert command, "the example workflow installs no Debian packages"
    packages = set(command.group(1).replace("\\", " ").split())
    assert packages == build_packages_of_the_install_script() != set()
    assert "pip install .\n" in workflow
