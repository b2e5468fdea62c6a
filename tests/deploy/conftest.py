"""Fixtures for the deploy checks: the manifests as `kubectl kustomize` builds them, and the tools.

Nothing here is skipped when a tool is missing: a check that silently does not run proves
nothing. `deploy/tools/ensure-prometheus.sh` installs promtool; kubectl is on the machine (see
shared/DESIGN.md, Known facts), else `deploy/tools/ensure-kubectl.sh` installs one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
OVERLAYS = ("dev", "prod")


def tool(name: str, hint: str) -> str:
    """``name`` on PATH or beside this interpreter (where ensure-kubectl.sh may put kubectl)."""
    path = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if path is None:
        pytest.fail(f"{name} is not installed: {hint}")
    return path


def kustomize(folder: Path) -> list[dict]:
    """The objects `kubectl kustomize` builds from ``folder`` (offline)."""
    kubectl = tool("kubectl", "kubectl 1.27+ (kustomize 5) is needed to build deploy/; "
                              "run deploy/tools/ensure-kubectl.sh")
    done = subprocess.run([kubectl, "kustomize", str(folder)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, f"kubectl kustomize {folder} failed:\n{done.stderr}"
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


_BUILDS: dict[str, list[dict]] = {}


def build(name: str) -> list[dict]:
    """``base`` or an overlay's name, built once per session."""
    if name not in _BUILDS:
        folder = DEPLOY / "base" if name == "base" else DEPLOY / "overlays" / name
        _BUILDS[name] = kustomize(folder)
    return _BUILDS[name]


def of_kind(objects: list[dict], kind: str) -> list[dict]:
    return [o for o in objects if o["kind"] == kind]


def by_name(objects: list[dict], kind: str) -> dict[str, dict]:
    return {o["metadata"]["name"]: o for o in of_kind(objects, kind)}


@pytest.fixture(scope="session")
def promtool() -> str:
    return tool("promtool", "run deploy/tools/ensure-prometheus.sh (Debian's prometheus package)")
