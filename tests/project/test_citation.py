"""Citable: LICENSE holds the licence pyproject.toml names, CITATION.cff is valid CFF 1.2.0, one version.

``cff-1.2.0.schema.json`` is the Citation File Format's own JSON schema for version 1.2.0 (tag 1.2.0 of
github.com/citation-file-format/citation-file-format, CC BY 4.0), shipped here so the check runs offline;
``cffconvert --validate`` checks against the same schema.
"""

from __future__ import annotations

import json
import tomllib
from importlib.metadata import version
from pathlib import Path

import jsonschema
import pytest
import yaml

import jwsim
from jwsim.experiments.provenance import package_versions

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((Path(__file__).parent / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))


def _cff() -> dict:
    """CITATION.cff as JSON data (YAML dates become text, as the schema expects)."""
    doc = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    return json.loads(json.dumps(doc, default=str))


def _errors(doc: dict) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(doc)]


def test_citation_cff_is_valid_cff_1_2_0():
    """CITATION.cff passes the CFF 1.2.0 schema (and the schema does refuse a broken file)."""
    doc = _cff()
    assert doc["cff-version"] == "1.2.0" and SCHEMA["$id"].endswith("/1.2.0/schema.json")
    assert _errors(doc) == []
    broken = {k: v for k, v in doc.items() if k != "authors"}
    assert any("authors" in e for e in _errors(broken))
    assert _errors({**doc, "version": 1.0, "license": "EUPL"})  # not a text, not an SPDX licence


def test_one_version_everywhere():
    """jwsim.__version__ is the one version: pyproject reads it; metadata, CITATION and manifests agree."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "jwsim.__version__"}
    assert _cff()["version"] == jwsim.__version__ == version("jwsim") == package_versions()["jwsim"]


def test_the_licence_file_is_the_licence_pyproject_names():
    """LICENSE is the full EUPL 1.2 text (every article, the appendix); CITATION.cff names it too."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == {"text": "EUPL-1.2"} and _cff()["license"] == "EUPL-1.2"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    articles = ["Definitions", "Scope of the rights granted by the Licence",
                "Communication of the Source Code",
                "Limitations on copyright", "Obligations of the Licensee", "Chain of Authorship",
                "Disclaimer of Warranty", "Disclaimer of Liability", "Additional agreements",
                "Acceptance of the Licence", "Information to the public", "Termination of the Licence",
                "Miscellaneous", "Jurisdiction", "Applicable Law"]
    for number, title in enumerate(articles, start=1):
        assert f"\n{number}. {title}\n" in text, title
    assert "\nAppendix\n" in text and text.rstrip().endswith("production of a\nnew EUPL version.")


@pytest.mark.parametrize("name", ["README.md", "CHANGELOG.md"])
def test_readme_and_changelog_say_how_to_cite_and_the_licence(name):
    """The README names the licence and the citation file; the CHANGELOG records them."""
    text = (ROOT / name).read_text(encoding="utf-8")
    assert "CITATION.cff" in text and "EUPL" in text
