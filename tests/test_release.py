"""A release is one step: `release cut` records the release in the release data (the one
home of status, date and codename), refuses known issues still estimated for it, and the
new manual and its feed announce it. On a generated repository with release data."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from cloudempiere_docs.site.registry import RegistryError, dump_registry, load_registry
from sitegen import git, make_release_repo, release_registry_text

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parent.parent


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cloudempiere_docs", *args, "--root", str(repo)], capture_output=True, text=True, cwd=repo
    )


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("release") / "origin"
    make_release_repo(path)
    return path


@pytest.fixture
def clone(origin: Path, tmp_path: Path) -> Path:
    path = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(path)], check=True)
    return path


def load_registry_text(project: Path, text: str):
    path = project / "versions-probe.toml"
    path.write_text(text)
    try:
        return load_registry(path)
    finally:
        path.unlink()


def state(repo: Path) -> tuple[str, str, str]:
    """HEAD, the registry and every uncommitted change (build/ aside: the cut's lock and
    scratch live there)."""
    status = git(repo, "status", "--porcelain", "--", ".", ":(exclude)build")
    return git(repo, "rev-parse", "HEAD"), (repo / "versions.toml").read_text(), status


def test_registry_takes_codename_and_date_from_the_release_data(origin: Path) -> None:
    registry = load_registry(origin / "versions.toml")
    facts = {v.name: (v.title, v.date and v.date.isoformat(), v.from_data) for v in registry.versions}
    assert facts == {"14": ("Orion", "2026-12-14", True), "13": ("Orion", "2026-03-16", True), "12": ("Kudos", "2024-12-16", True)}
    dump = dump_registry(registry)
    assert not re.search(r"^(title|date|planned) =", dump, re.M), "nothing of the data is written back"
    assert load_registry_text(origin, dump).versions == registry.versions


def test_the_real_registry_states_no_fact_of_the_release_data() -> None:
    registry = load_registry(REPO / "versions.toml")
    assert all(v.from_data and v.title for v in registry.versions), "codenames come from source/_data/releases.yaml"
    assert dump_registry(registry) == (REPO / "versions.toml").read_text()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('release = "13.0"\n', 'release = "13.0"\ntitle = "Nova"\n'),
         r"versions\.toml:13: version\[0\]\.title: the codename of 13\.0 is in the release data "
         r"\(source/_data/releases\.yaml:\d+: Orion\): state it only there"),
        (lambda t: t.replace('status = "outdated"\n', 'status = "outdated"\ndate = 2024-12-17\n'),
         r"version\[1\]\.date: the date of 12\.0 is in the release data \(source/_data/releases\.yaml:\d+: 2024-12-16\)"),
        (lambda t: t.replace('release = "14.0.dev"\n', 'release = "14.0.dev"\nplanned = 2026-12-01\n'),
         r"development\.planned: the planned date of 14\.0 is in the release data"),
        (lambda t: t.replace('release = "13.0"', 'release = "13.1"'),
         r"version\[0\]\.release: release 13\.1 of version 13 is not in source/_data/releases\.yaml"),
    ],
)  # fmt: skip
def test_registry_and_release_data_cannot_diverge(clone: Path, edit, message: str) -> None:
    path = clone / "versions.toml"
    path.write_text(edit(path.read_text()))
    with pytest.raises(RegistryError, match=message):
        load_registry(path)


def test_a_released_version_whose_release_is_planned_is_refused(clone: Path) -> None:
    data = clone / "source" / "_data" / "releases.yaml"
    data.write_text(data.read_text().replace("status: released\n    date: 2026-03-16", "status: planned\n    planned_date: 2026-03-16"))
    with pytest.raises(RegistryError, match=r"release 13\.0 is still planned in the release data \(source/_data/releases\.yaml:\d+\)"):
        load_registry(clone / "versions.toml")


def test_cut_refuses_known_issues_still_estimated_for_the_release(clone: Path) -> None:
    before = state(clone)
    result = cli(clone, "release", "cut", "14", "--date", "2026-12-14")
    assert result.returncode == 1
    assert "1 known issue(s) are still estimated to be fixed in 14.0" in result.stderr
    assert re.search(r"source/_data/defects\.yaml:\d+: CLD-1701 Peppol export rejects credit memos \(major\)", result.stderr)
    assert "--defer-known-issues" in result.stderr and "Traceback" not in result.stderr
    assert state(clone) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "Nova"], "the codename of 14.0 is 'Orion' in the release data, not 'Nova'"),
        (["--defer-known-issues", "13.0"], "--defer-known-issues 13.0: must be a planned release after 14.0"),
        (["--defer-known-issues", "14.1", "--next-planned", "2027-06-01"], "the planned date of 15.0 belongs in source/_data/releases.yaml"),
        (["--defer-known-issues", "14.1", "--commit", "HEAD~1"], "says 14.0 is not released yet: cut from HEAD"),
    ],
)  # fmt: skip
def test_cut_refuses_what_would_make_the_facts_diverge(clone: Path, args: list[str], message: str) -> None:
    before = state(clone)
    result = cli(clone, "release", "cut", "14", "--date", "2026-12-14", *args)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert state(clone) == before


def test_cut_refuses_uncommitted_release_data(clone: Path) -> None:
    data = clone / "source" / "_data" / "releases.yaml"
    data.write_text(data.read_text() + "# a note\n")
    result = cli(clone, "release", "cut", "14", "--date", "2026-12-14", "--defer-known-issues", "14.1")
    assert result.returncode == 1 and "commit or discard your changes to the release data first" in result.stderr


def test_a_release_is_one_step(clone: Path) -> None:
    head = git(clone, "rev-parse", "HEAD")
    result = cli(clone, "release", "cut", "14", "--date", "2026-12-14", "--defer-known-issues", "14.1")
    assert result.returncode == 0, result.stderr
    # the release data is recorded in a commit on top of HEAD: the one pinned and built
    pinned = git(clone, "rev-parse", "HEAD")
    assert git(clone, "rev-parse", "HEAD~1") == head
    assert git(clone, "status", "--porcelain", "--", "source") == ""
    released = git(clone, "show", "HEAD:source/_data/releases.yaml")
    assert '- version: "14.0"\n    status: released\n    date: 2026-12-14\n    title: Orion' in released
    assert 'estimated_fix: "14.1"' in git(clone, "show", "HEAD:source/_data/defects.yaml")
    registry = load_registry(clone / "versions.toml")
    new = registry.get("14")
    assert (new.status, new.commit, new.title, new.date.isoformat()) == ("latest", pinned, "Orion", "2026-12-14")
    assert [(v.name, v.status) for v in registry.versions] == [("15", "development"), ("14", "latest"), ("13", "supported"), ("12", "outdated")]
    assert "title" not in (clone / "versions.toml").read_text(), "the codename stays in one place"

    built = cli(clone, "site")
    assert built.returncode == 0, built.stderr
    site = clone / "build" / "site"
    for language, released_on in (("en", "14\xa0December\xa02026"), ("sk", "14.\xa012.\xa02026")):
        notes = (site / language / "14" / "release-notes" / "14.0.html").read_text()
        assert "planned" not in notes.lower() and "Released</p>" in notes and released_on in notes
        feed = feedparser.parse((site / language / "latest" / "releases.atom").read_bytes())
        assert feed.bozo == 0
        assert "tag:docs.cloudempiere.com,2024:release/14.0" in [entry.id for entry in feed.entries]
    assert "Orion" in (site / "versions.json").read_text()


def test_cut_is_unchanged_for_a_project_without_release_data(tmp_path: Path) -> None:
    """The generated repository of the pipeline tests has no release data: --title is the codename."""
    from sitegen import make_repo

    repo = tmp_path / "repo"
    make_repo(repo)
    assert not (repo / "source" / "_data" / "releases.yaml").exists()
    (repo / "versions.toml").write_text((repo / "versions.toml").read_text())
    registry = load_registry(repo / "versions.toml")
    assert registry.get("13").title == "Orion" and not registry.get("13").from_data
    assert release_registry_text("a" * 7, "b" * 7).count("title") == 0
