"""The docs speak of the project alone: no internal jargon, nothing that points outside the repository.

A reader of the documentation, a shipped file or ``--help`` has no use for "issue 3's API", for the design
notes the project was built from, or for a ``../shared`` folder that is not part of the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jwsim.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", ".cache", ".git", "results", "build", "tests", "__pycache__", "jwsim.egg-info"}
JARGON = {
    "an issue number": re.compile(r"\bissues? #?\d", re.IGNORECASE),
    "a path outside the repository": re.compile(r"\.\./shared|\bshared/(?:seed|data|research)\b"),
    "the internal design notes": re.compile(r"\bDESIGN(?:\.md)?\s*§|\bCONVENTIONS\b|\bPLATFORM\.md\b"),
}
LINK = re.compile(r"\[[^\]]*\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _files() -> list[Path]:
    suffixes = {".md", ".py", ".toml", ".cff", ".txt", ".cfg"}
    return sorted(
        p
        for p in ROOT.rglob("*")
        if p.is_file() and p.suffix in suffixes and not SKIP & set(p.relative_to(ROOT).parts)
    )


def _help_texts() -> dict[str, str]:
    parser = build_parser()
    out = {"jwsim --help": parser.format_help()}
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")  # noqa: SLF001
    out.update({f"jwsim {name} --help": p.format_help() for name, p in sub.choices.items()})
    return out


def test_the_scan_covers_docs_code_and_shipped_files():
    """The files checked include the docs, the README, the changelog, the code and the shipped TOML files."""
    names = {str(p.relative_to(ROOT)) for p in _files()}
    assert {"README.md", "CHANGELOG.md", "docs/ODD.md", "docs/parameters.md", "docs/evidence.md",
            "model/results.py", "calibration/targets.toml", "scenarios/designs/full-city-lhs.toml"} <= names


@pytest.mark.parametrize("kind", sorted(JARGON))
def test_no_internal_jargon_in_docs_code_or_help(kind):
    """No issue numbers, ../shared paths or design-note references in docs, sources, shipped files, help."""
    pattern = JARGON[kind]
    found = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()[:80]}"
        for p in _files()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    found += [f"{name}: {m.group(0)}" for name, text in _help_texts().items() for m in pattern.finditer(text)]
    assert not found, f"{kind}:\n" + "\n".join(found)


def test_every_relative_link_in_the_docs_resolves_inside_the_repository():
    """Markdown links in README and docs/ lead to files of the repository (parameters.md to evidence.md)."""
    broken = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        for target in LINK.findall(doc.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target):
                continue  # http(s), mailto: outside by design
            path = (doc.parent / target).resolve()
            if not path.exists() or ROOT.resolve() not in path.parents:
                broken.append(f"{doc.relative_to(ROOT)}: {target}")
    assert not broken, broken
    assert "(evidence.md)" in (ROOT / "docs" / "parameters.md").read_text(encoding="utf-8")
