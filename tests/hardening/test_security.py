"""Security basics: no code from input, size limits, no secrets, pinned dependencies, a safe Parquet reader.

No code runs from input files, input files have size limits, no secrets are in the repository,
dependencies are pinned, and the Parquet reader is one without the known code-execution hole.

(The app's default bind address, 127.0.0.1, is tested in tests/viz/test_server.py and, on the running
server, in tests/browser/test_load.py.)
"""

from __future__ import annotations

import ast
import pickle
import re
import subprocess
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from jwsim.calibration.targets import CalibrationError, load_targets
from jwsim.experiments.designs import MAX_DESIGN_BYTES, load_design
from jwsim.experiments.errors import ExperimentError
from jwsim.model.scenario import MAX_SCENARIO_BYTES, ScenarioError, load_scenario, parse_scenario

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("model", "experiments", "calibration", "viz", "data", "jwsim", "benchmarks")
# Modules that turn bytes into objects (and so can run code hidden in the bytes).
UNSAFE_MODULES = {
    "pickle",
    "cPickle",
    "dill",
    "cloudpickle",
    "jsonpickle",
    "marshal",
    "shelve",
    "yaml",
    "joblib",
}
UNSAFE_CALLS = {"eval", "exec", "compile", "__import__"}
# Reviewed exceptions: (file, name) -> why it is safe.
ALLOWED = {
    (
        "calibration/abc.py",
        "cloudpickle",
    ): "the ABC sampler ships its own simulate function to its own worker "
    "processes (bytes made in this process, never read from a file or from a user)",
}


def _sources() -> list[Path]:
    return [p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))]


def _unsafe_uses(source: str, rel: str) -> list[str]:
    tree = ast.parse(source, filename=rel)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                if name.split(".")[0] in UNSAFE_MODULES and (rel, name.split(".")[0]) not in ALLOWED:
                    found.append(f"{rel}:{node.lineno} imports {name}")
        elif isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            keywords = {k.arg: k.value for k in node.keywords}
            if isinstance(func, ast.Name) and name in UNSAFE_CALLS:
                found.append(f"{rel}:{node.lineno} calls {name}()")
            elif (
                name in {"system", "popen"}
                and isinstance(func, ast.Attribute)
                and getattr(func.value, "id", "") == "os"
            ):
                found.append(f"{rel}:{node.lineno} calls os.{name}()")
            elif name == "read_pickle":
                found.append(f"{rel}:{node.lineno} calls read_pickle()")
            elif "shell" in keywords and not (
                isinstance(keywords["shell"], ast.Constant) and not keywords["shell"].value
            ):
                found.append(f"{rel}:{node.lineno} runs a shell")
            elif "allow_pickle" in keywords and not (
                isinstance(keywords["allow_pickle"], ast.Constant) and not keywords["allow_pickle"].value
            ):
                found.append(f"{rel}:{node.lineno} allows pickles")
            elif name == "import_module" and node.args and not isinstance(node.args[0], ast.Constant):
                if (
                    rel != "jwsim/cli.py"
                ):  # cli.py: module names from its own COMMANDS table, never from input
                    found.append(f"{rel}:{node.lineno} imports a module named at run time")
    return found


def test_no_code_runs_from_input():
    """No eval/exec, no pickle/YAML/marshal of files, no shell, no pickled numpy arrays in jwsim's code."""
    sources = _sources()
    assert len(sources) > 50  # the scan sees the code
    problems = [
        p
        for path in sources
        for p in _unsafe_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not problems, "\n".join(problems)


def test_the_scan_finds_what_it_looks_for():
    """The scanner flags each pattern (so an empty result above means something)."""
    bad = (
        "import pickle\nimport yaml\nimport subprocess, os\nimport numpy as np\nimport importlib\n"
        "eval('1')\nsubprocess.run('ls', shell=True)\nos.system('ls')\nnp.load('x', allow_pickle=True)\n"
        "importlib.import_module(name)\nimport cloudpickle\n"
    )
    assert len(_unsafe_uses(bad, "viz/probe.py")) == 8
    assert len(_unsafe_uses("import cloudpickle\n", "calibration/abc.py")) == 0  # the reviewed exception


class _Payload:
    """Unpickling this object would create a file: proof that a loader ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


PAYLOADS = {
    "pickle": lambda marker: pickle.dumps(_Payload(marker)),
    "yaml object": lambda marker: f"!!python/object/apply:pathlib.Path.touch [{marker}]\n".encode(),
    "toml with yaml tag": lambda marker: (
        f"name = \"!!python/object/apply:os.system ['touch {marker}']\"\n".encode()
    ),
}


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_files_that_would_run_code_in_an_unsafe_loader_are_only_data(kind, tmp_path):
    """A pickle or YAML payload as a scenario, upload, design or targets file runs nothing."""
    marker = tmp_path / "code-ran"
    data = PAYLOADS[kind](marker)
    path = tmp_path / "payload.toml"
    path.write_bytes(data)
    for load, error in (
        (lambda: parse_scenario(data, "upload.toml"), ScenarioError),
        (lambda: load_scenario(path), ScenarioError),
        (lambda: load_design(path), ExperimentError),
        (lambda: load_targets(path), CalibrationError),
    ):
        with pytest.raises(error):
            load()
    assert not marker.exists()


def test_input_files_have_size_limits(tmp_path):
    """Scenario (and app upload) and design files over 64 KiB are refused before parsing."""
    assert MAX_SCENARIO_BYTES == MAX_DESIGN_BYTES == 64 * 1024
    big = b"# " + b"x" * MAX_SCENARIO_BYTES
    with pytest.raises(ScenarioError, match="larger than 64 KiB"):
        parse_scenario(big, "upload.toml")
    (tmp_path / "big.toml").write_bytes(big)
    with pytest.raises(ExperimentError, match="larger than 64 KiB"):
        load_design(tmp_path / "big.toml")


# Built from parts so that this file does not match its own patterns.
SECRET_PATTERNS = {
    "private key": re.compile("-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP )?" + "PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)" + r"[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_" + r"[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[baprs]-" + r"[A-Za-z0-9-]{10,}"),
    "PyPI token": re.compile(r"\bpypi-" + r"[A-Za-z0-9_-]{50,}"),
    "assigned password or key": re.compile(
        r"(?i)\b(?:password|passwd|secret|api[_-]?key|access[_-]?token)\s*[:=]\s*['\"][^'\"\s]{8,}['\"]"
    ),
}
SECRET_FILES = re.compile(r"(^|/)(\.env|id_rsa|id_ed25519|.*\.pem|.*\.p12|.*\.key|\.netrc|\.pypirc)$")


def test_no_secrets_in_the_repository():
    """No tracked file is a key file or holds a token, a private key or an assigned password."""
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(files) > 100
    found = [f for f in files if SECRET_FILES.search(f)]
    for name in files:
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore")
        found += [f"{name}: {kind}" for kind, pattern in SECRET_PATTERNS.items() if pattern.search(text)]
    assert not found, found


def _names(requirements: list[str]) -> set[str]:
    return {
        re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].strip().lower().replace("_", "-") for r in requirements
    }


def test_every_dependency_is_pinned_in_constraints():
    """Every package pyproject asks for (with every extra) has an exact ``==`` pin in constraints.txt."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = _names(
        project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    )
    lines = [ln.split("#")[0].strip() for ln in (ROOT / "constraints.txt").read_text().splitlines()]
    pinned = _names([ln for ln in lines if "==" in ln])
    assert wanted - {"jwsim"} <= pinned, f"not pinned: {sorted(wanted - pinned)}"


def test_parquet_reader_has_no_known_code_execution_hole():
    """Require pyarrow >= 14.0.1: CVE-2023-47248 let a crafted Parquet file run code (jwsim reads results)."""
    installed = tuple(int(x) for x in re.findall(r"\d+", version("pyarrow"))[:3])
    assert installed >= (14, 0, 1), version("pyarrow")
    pins = re.findall(r"^pyarrow==([\d.]+)", (ROOT / "constraints.txt").read_text(), flags=re.M)
    assert pins and all(tuple(int(x) for x in p.split(".")[:3]) >= (14, 0, 1) for p in pins), pins
