"""Rules of the process code, checked on the source: every number in the registry, scaling in the recorder.

* A process file (``model/processes/*.py``) and the model's step code hold no bare number other than 0, 1
  and 2 or an array shape: every other number is a registered parameter (``model/params.py``), a named
  definition (ages, codes: ``model/population.py``) or a numerical guard (``model/numerics.py``). Numbers in
  docstrings and comments, and in declarations (``State``, ``Weekly``, ``Yearly``: ages, rates per 1,000),
  are allowed.
* No process multiplies by the population scale: recorded values are scaled by the recorder alone, from the
  declarations (a process may divide by the scale to turn youths into agents).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
PROCESS_FILES = sorted((ROOT / "model" / "processes").glob("*.py"))
ALLOWED = {0, 1, 2}
DECLARATIONS = {"State", "Weekly", "Yearly"}
# The model's step code: the weekly loop, the year change and the newcomers' start values.
MODEL_STEP_FUNCTIONS = {"step", "_new_year", "enter", "run", "last", "allocation_for_week"}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _exempt(tree: ast.AST) -> set[int]:
    """Constants inside declarations, tuples passed to a call (array shapes) and enumerations.

    An enumeration is ``A, B, C = range(3)``: named codes.
    """
    ids = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Tuple)
                and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "range"):
            ids.update(id(n) for n in ast.walk(node.value))
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in DECLARATIONS:
                ids.update(id(n) for n in ast.walk(node))
            for arg in node.args:
                if isinstance(arg, ast.Tuple):
                    ids.update(id(n) for n in arg.elts if isinstance(n, ast.Constant))
    return ids


def bare_numbers(source: str, functions: set[str] | None = None) -> list[tuple[int, object]]:
    """Return (line, value) of every bare number in ``source`` (only inside ``functions`` if given)."""
    tree = ast.parse(source)
    roots = [tree] if functions is None else [
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name in functions]
    skip = _docstrings(tree) | _exempt(tree)
    found = []
    for root in roots:
        for node in ast.walk(root):
            if (isinstance(node, ast.Constant) and type(node.value) in (int, float) and id(node) not in skip
                    and node.value not in ALLOWED):
                found.append((node.lineno, node.value))
    return found


def test_the_rule_finds_a_bare_number_and_allows_names_shapes_and_declarations():
    """The check itself: it flags a literal, and not 0/1/2, shapes, docstrings or declarations."""
    source = '''
"""Docstring with 0.35 in it."""
x = np.zeros((4, n))
A, B, C, D = range(4)
y = Weekly("a", "b", "c", "d", ages=(12, 17))
z = risk * 0.35
w = 1 - p["share"] + 2
'''
    assert bare_numbers(source) == [(6, 0.35)]


@pytest.mark.parametrize("path", PROCESS_FILES, ids=lambda p: p.name)
def test_process_files_hold_no_bare_numbers(path):
    """Every number in a process file is a registered parameter, a named definition or a numerical guard."""
    assert bare_numbers(path.read_text()) == [], path.name


def test_the_model_step_code_holds_no_bare_numbers():
    """The model's weekly loop, year change and newcomer code hold no bare numbers."""
    source = (ROOT / "model" / "model.py").read_text()
    assert bare_numbers(source, MODEL_STEP_FUNCTIONS) == []
    defined = {n.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)}
    assert MODEL_STEP_FUNCTIONS <= defined  # the rule checks functions that exist


def _multiplies_by_scale(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.Mult):
            operands = (node.left, node.right) if isinstance(node, ast.BinOp) else (node.target, node.value)
            if any(isinstance(o, ast.Attribute) and o.attr == "scale" for o in operands):
                lines.append(node.lineno)
    return lines


def test_no_process_multiplies_by_the_scale():
    """Only the recorder scales results: no ``x * model.scale`` in a process file."""
    assert _multiplies_by_scale("a = b * model.scale\nc = d / model.scale\n") == [1]  # the check works
    for path in PROCESS_FILES:
        assert _multiplies_by_scale(path.read_text()) == [], path.name
