"""viz/fetch_assets.sh fetches exactly the front-end packages the installed solara asks its CDN for."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
from pathlib import Path

import solara
from solara.server import settings

from jwsim.viz.server import project_root

SCRIPT = project_root() / "viz" / "fetch_assets.sh"
# '{{cdn}}/<package>@<version>/' in templates, 'getCdn()}/<package>@<version>/' in .vue and .py files; a
# version written as a template variable (${version}) belongs to components jwsim does not use: no match.
CDN_REFERENCE = re.compile(r"(?:\{\{ ?cdn ?\}\}|getCdn\(\)\})/((?:@[\w.-]+/)?[\w.-]+@[\w.-]+)/")
VUE3_ONLY = {"@widgetti/solara-vuetify3-app"}  # the page loads it only with ipyvue >= 3


def _script_list() -> list[str]:
    result = subprocess.run(["bash", str(SCRIPT), "--list"], capture_output=True, text=True, check=True)
    return result.stdout.split()


def _solara_references() -> set[str]:
    package_dir = Path(solara.__file__).parent
    found: set[str] = set()
    for path in package_dir.rglob("*"):
        if (
            path.suffix not in {".j2", ".vue", ".py", ".html"}
            or "website" in path.relative_to(package_dir).parts
        ):
            continue
        found |= set(CDN_REFERENCE.findall(path.read_text(errors="replace")))
    found.add(
        settings.assets.fontawesome_path.strip("/").split("/")[0]
    )  # '{{cdn}}{{assets.fontawesome_path}}'
    return {ref for ref in found if ref.rsplit("@", 1)[0] not in VUE3_ONLY}


def test_vue2_widgets_are_installed():
    """The Vue 2 widgets are installed, so the Vue 3 app bundle is not needed."""
    assert int(importlib.metadata.version("ipyvue").split(".")[0]) < 3
    assert int(importlib.metadata.version("ipyvuetify").split(".")[0]) < 3


def test_script_fetches_exactly_what_solara_references():
    """The script's list equals the package@version paths the installed solara asks for."""
    listed = _script_list()
    assert len(listed) == len(set(listed))
    assert set(listed) == _solara_references(), (
        f"solara {solara.__version__} asks for other front-end files: update PACKAGES in {SCRIPT}"
    )


def test_complete_folder_is_left_alone(tmp_path):
    """A second run over a complete folder changes nothing and needs no network."""
    dest = tmp_path / "assets"
    dest.mkdir()
    (dest / ".complete").write_text("".join(f"{spec} x\n" for spec in _script_list()))
    (dest / "keep.txt").write_text("untouched")
    result = subprocess.run(["bash", str(SCRIPT), str(dest)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "already complete" in result.stdout
    assert (dest / "keep.txt").read_text() == "untouched"
    assert not list(tmp_path.glob(".solara-assets.tmp.*"))


def test_usage_error_without_folder():
    """Without a folder the script says how to call it."""
    result = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "usage" in result.stderr
