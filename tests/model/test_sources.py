"""Readable sources: every evidence code the registry cites has a citation and a row in docs/evidence.md."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from jwsim.model.params import REGISTRY
from jwsim.model.sources import (
    CITATIONS,
    UnknownEvidenceCode,
    citation,
    evidence_codes,
    readable_source,
)

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = (ROOT / "docs" / "evidence.md").read_text(encoding="utf-8")


def _row_ids() -> set[str]:
    """Return the IDs the evidence table defines: first cells of rows, section J, the K and L items."""
    ids = {match.group(1) for match in re.finditer(r"^\| ([A-Z][\w.-]*) \|", EVIDENCE, re.MULTILINE)}
    if re.search(r"^## J\. ", EVIDENCE, re.MULTILINE):
        ids.add("J")
    gaps = EVIDENCE[EVIDENCE.index("## K.") : EVIDENCE.index("## L.")]
    ids |= {f"K{n}" for n in re.findall(r"^(\d+)\. ", gaps, re.MULTILINE)}
    ids |= {f"L{n}" for n in re.findall(r"^- \*\*L(\d+)\.\*\*", EVIDENCE, re.MULTILINE)}
    return ids


def _target_evidence() -> list[str]:
    targets = tomllib.loads((ROOT / "calibration" / "targets.toml").read_text(encoding="utf-8"))
    return [str(t["evidence"]) for t in targets["target"]]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_code_the_registry_cites_resolves(name):
    """Each code in a parameter's source has a citation in both languages, shown with the code."""
    source = REGISTRY[name].source
    for code in evidence_codes(source):
        assert code in CITATIONS, f"{name}: {code} has no citation in model/sources.py"
        for lang in ("nl", "en"):
            assert f"{citation(code, lang)} [{code}]" in readable_source(source, lang)


def test_the_calibration_targets_codes_resolve():
    """The calibration targets cite the same table; their codes resolve too."""
    codes = [code for text in _target_evidence() for code in evidence_codes(text)]
    assert len(codes) > 20
    missing = sorted({code for code in codes if code not in CITATIONS})
    assert not missing, f"calibration target codes without a citation: {missing}"


def test_every_citation_is_a_row_of_the_shipped_evidence_table():
    """A citation stands for a row of docs/evidence.md, so a reader can look up the full source there."""
    rows = _row_ids()
    assert {"P8-INF", "I5.1", "B1-N2", "G-N1", "J"} <= rows
    assert not sorted(set(CITATIONS) - rows)


def test_the_evidence_table_points_nowhere_outside_the_repository():
    """docs/evidence.md keeps its public addresses but names no folder outside the repository."""
    assert "../shared" not in EVIDENCE and "shared/" not in EVIDENCE and "seed" not in EVIDENCE
    assert "longreads.cbs.nl/jeugdmonitor-2024/jeugdzorg" in EVIDENCE  # a public source address, kept
    assert "\u2011" not in EVIDENCE  # IDs use the plain hyphen the registry uses, so a search finds them


def test_codes_are_found_in_the_forms_the_registry_writes_them():
    """Ranges expand, several codes separate, J alone is section J but the J of J&V is not a code."""
    assert evidence_codes("I2.1-I2.3: mentoring") == ["I2.1", "I2.2", "I2.3"]
    assert evidence_codes("I5.1/I5.2: outreach (wide prior, J)") == ["I5.1", "I5.2", "J"]
    codes = evidence_codes("P8-INF2: Tabel 1 / B3.6-INF / F-N1 and B1-N2")
    assert codes == ["P8-INF2", "B3.6-INF", "F-N1", "B1-N2"]
    assert evidence_codes("growth into crime of J&V youths (Nota §3)") == []
    assert evidence_codes("C1: girls 39.8% vs boys 21.5%") == ["C1"]


def test_readable_sources_in_dutch_name_no_bare_code():
    """The Dutch text shows each code only in brackets after its citation, and the kind in Dutch."""
    assert readable_source("I5.1: outreach evidence inconclusive; small prior (J)", "nl") == (
        "Filges e.a. 2022, Campbell-review outreach (onbeslist) [I5.1]; "
        "afgeleide aanname voor de effectgrootte (evidence-tabel, §J) [J]"
    )
    assert readable_source("assumption", "nl") == "aanname zonder gepubliceerde bron"
    calibrated = "calibrated (see docs/calibration.md); was 1.5; assumption"
    assert readable_source(calibrated, "nl") == "gekalibreerd"
    for param in REGISTRY.values():
        text = readable_source(param.source, "nl")
        unbracketed = re.sub(r"\[[^\]]*\]", "", text)
        assert not evidence_codes(unbracketed), (param.name, text)
        assert "assumption" not in text and "calibrated" not in text


def test_an_unknown_code_is_a_clear_error():
    """A new code without a citation fails with a message naming it and the module to add it to."""
    with pytest.raises(UnknownEvidenceCode, match="'Z9'.*model/sources.py"):
        citation("Z9", "nl")
