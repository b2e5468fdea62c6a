"""The install scripts the Makefile runs before the suite: valid shell, idempotent, and here."""

from __future__ import annotations

import subprocess

import pytest

from tests.deploy.conftest import DEPLOY

SCRIPTS = sorted((DEPLOY / "tools").glob("*.sh"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_is_valid_bash_and_stops_on_errors(script):
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    assert "set -euo pipefail" in script.read_text()


@pytest.mark.parametrize("name", ["ensure-prometheus.sh", "ensure-kubectl.sh"])
def test_ensure_script_is_a_quiet_no_op_once_the_tool_is_there(name, promtool):
    done = subprocess.run(["bash", str(DEPLOY / "tools" / name)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
