from pathlib import Path

from jwsim.model.params_doc import render

ROOT = Path(__file__).parents[2]


def test_parameter_doc_matches_the_registry():
    """The committed docs/parameters.md equals the document rendered from the registry."""
    assert (ROOT / "docs" / "parameters.md").read_text() == render() + "\n", (
        "docs/parameters.md is stale: run `python -m jwsim.model.params_doc > docs/parameters.md`")


def test_readme_starts_with_the_two_commands():
    """The README's first code block shows `make run` and `make test`."""
    text = (ROOT / "README.md").read_text()
    first_block = text.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_odd_names_every_process_in_the_step_order():
    """The ODD document names every process and every ODD element."""
    odd = (ROOT / "docs" / "ODD.md").read_text().lower()
    for word in ("calendar", "demography", "life events", "youth work", "factor dynamics", "jeugdhulp",
                 "nuisance", "crime", "school", "record"):
        assert word in odd, word
    for element in ("purpose", "entities, state variables", "process overview", "design concepts",
                    "initialization", "input data", "submodels"):
        assert element in odd, element
