"""The site as the CI workflow builds it (plan -> build-part on separate runners -> assemble)
is the site `make site` builds, byte for byte; and a job's cache key is the same on every
runner."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cloudempiere_docs.site.pipeline import build_site
from sitegen import make_repo

pytestmark = pytest.mark.site


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cloudempiere_docs", *args, "--root", str(repo)], capture_output=True, text=True, cwd=repo
    )


def tree_differences(left: Path, right: Path) -> list[str]:
    """Files that are missing on one side or differ in content (symbolic links followed)."""
    problems = []
    comparison = filecmp.dircmp(left, right)
    problems += [f"only in make site: {left / name}" for name in comparison.left_only]
    problems += [f"only in CI: {right / name}" for name in comparison.right_only]
    for name in comparison.common_files:
        if (left / name).read_bytes() != (right / name).read_bytes():
            problems.append(f"differs: {(left / name).relative_to(left.parents[0])}")
    for name in comparison.common_dirs:
        problems += tree_differences(left / name, right / name)
    return problems


def test_ci_jobs_assemble_the_site_make_site_builds(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    local = build_site(repo).target.resolve()  # what `make site` publishes

    plan = cli(repo, "plan")
    assert plan.returncode == 0, plan.stderr
    matrix = json.loads(plan.stdout)["include"]
    # Two runners, as two CI jobs would have: fresh clones (their own build/ caches),
    # each building its share of the matrix into its own artifact directory.
    runners = []
    for name in ("runner-a", "runner-b"):
        clone = tmp_path / name
        subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
        runners.append(clone)
    artifacts = []
    for index, job in enumerate(matrix):
        runner = runners[index % 2]
        version, language, fmt = job["version"], job["language"], job["format"]
        key = cli(runner, "fingerprint", "--version", version, "--language", language, "--format", fmt)
        jobdir = repo / "build" / "cache" / "jobs" / language / version
        recorded = json.loads((jobdir / ("" if fmt == "html" else fmt) / "fingerprint.json").read_text())
        assert key.stdout.strip() == recorded["fingerprint"], f"{version} ({language}, {fmt}): the cache key differs between machines"
        artifact = tmp_path / f"part-{language}-{version}-{fmt}"
        result = cli(runner, "build-part", "--version", version, "--language", language, "--format", fmt, "--out", str(artifact))
        assert result.returncode == 0, result.stderr
        artifacts.append(artifact)
    # download-artifact with merge-multiple: every artifact's tree into one directory
    parts = tmp_path / "parts"
    for artifact in artifacts:
        shutil.copytree(artifact, parts, dirs_exist_ok=True)
    assembled = cli(runners[0], "assemble", "--parts", str(parts), "--out", str(tmp_path / "_site"))
    assert assembled.returncode == 0, assembled.stderr
    assert tree_differences(local, (tmp_path / "_site").resolve()) == []


def test_a_failed_part_names_its_version_and_language(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make_repo(repo)
    (repo / "source" / "guide.md").write_text("# Guide\n\nSee {doc}`nowhere`.\n")
    result = cli(repo, "build-part", "--version", "14", "--language", "sk", "--out", str(tmp_path / "parts"))
    assert result.returncode == 1
    assert "version 14 (sk) failed to build" in result.stderr and "guide.md:3" in result.stderr
    assert not (tmp_path / "parts" / "sk" / "14").exists()


def test_a_shallow_clone_names_every_missing_version_and_the_fix(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    commits = make_repo(repo)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    for command in (["build-part", "--version", "14", "--language", "en", "--out", str(tmp_path / "p")], ["site"]):
        result = cli(shallow, *command)
        assert result.returncode == 1, result.stdout
        message = result.stderr
        assert f"version 13: commit {commits['13']} is unknown" in message and f"version 12: commit {commits['12']} is unknown" in message
        assert "`git fetch --unshallow`" in message and "fetch-depth: 0" in message
        assert "Traceback" not in message
    subprocess.run(["git", "fetch", "-q", "--unshallow"], cwd=shallow, check=True)
    fixed = cli(shallow, "build-part", "--version", "13", "--language", "en", "--out", str(tmp_path / "p"))
    assert fixed.returncode == 0, fixed.stderr


def test_the_matrix_cost_projection_adds_up() -> None:
    """benchmarks/ci_jobs.py's arithmetic on known numbers (the README's table comes from it)."""
    from benchmarks.ci_jobs import RUNNER_OVERHEAD, makespan, projection

    assert makespan([3, 3, 3, 1, 1], 2) == 6 and makespan([5], 10) == 5 and makespan([], 3) == 0
    job = {"fingerprint": {"cpu": 1.0}, "hit": {"cpu": 1.0}}
    times = {
        "jobs": [{**job, "language": "en", "cold": {"cpu": 10.0}, "incremental": {"cpu": 2.0}}, {**job, "language": "sk", "cold": {"cpu": 20.0}}],
        "venv": {"fresh": {"wall": 30.0}, "cached": {"wall": 5.0}}, "plan": {"cpu": 1.0}, "parts": 2, "pages_per_part": 10,
        "assemble": {"cpu": 3.0, "compare_seconds": 1.0, "compare_seconds_per_page": 0.01},
    }  # fmt: skip
    result = projection(times, versions=2, languages=2, formats=1, runners=[1, 4])
    overhead = sum(RUNNER_OVERHEAD.values())
    assert result["jobs"] == 4 + 3 and result["cache_hit_rate_after_edit"] == 0.5
    assert result["job_seconds"]["release, source language"] == round(30 + overhead + 1 + 10)
    assert result["job_seconds"]["cache hit"] == round(5 + overhead + 1 + 1)
    one, four = result["wall_seconds"]
    assert one["release"] > four["release"] > 0 and one["edit"] < one["tooling"] < one["release"]
