"""``release repin``: released versions built from a newer commit of main that holds every
edition's text (single-sourced), keeping their own release, status and date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cloudempiere_docs.site.pipeline import build_site
from cloudempiere_docs.site.registry import load_registry
from sitegen import git, make_repo

pytestmark = pytest.mark.site

GUIDE = """# Guide

Every edition says this.

```{edition} until 12
In version 12 the grid shows 50 rows per page.
```

```{edition} from 13
From version 13 on the grid shows 100 rows per page.
```
"""


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cloudempiere_docs", *args, "--root", str(repo)], capture_output=True, text=True
    )


def front_matter(path: Path, condition: str) -> None:
    path.write_text(f"---\neditions: {condition}\n---\n\n{path.read_text()}")


@pytest.fixture()
def single_sourced(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The generated repository, then one commit that single-sources all editions:
    edition blocks in a page, pages of later editions marked in their front matter."""
    repo = tmp_path / "repo"
    pinned = make_repo(repo)
    conf = repo / "conf.py"
    conf.write_text(conf.read_text().replace('"cloudempiere_docs.ext.site"]', '"cloudempiere_docs.ext.site", "cloudempiere_docs.reference"]'))
    (repo / "source" / "guide.md").write_text(GUIDE)
    front_matter(repo / "source" / "whats-new.md", "from 13")
    front_matter(repo / "source" / "einvoicing.md", "from 14")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Single-source every edition")
    return repo, pinned


def test_repin_moves_released_versions_to_the_single_sourced_commit(single_sourced, tmp_path):
    repo, pinned = single_sourced
    head = git(repo, "rev-parse", "HEAD")
    before = load_registry(repo / "versions.toml")
    result = cli(repo, "release", "repin", "12", "13")
    assert result.returncode == 0, result.stderr
    assert "Version 12 (12.0, outdated) is built from commit" in result.stdout
    after = load_registry(repo / "versions.toml")
    for name in ("12", "13"):
        old, new = before.get(name), after.get(name)
        assert new.commit == head and old.commit == pinned[name]
        assert (new.release, new.status, new.date, new.title) == (old.release, old.status, old.date, old.title)
    assert after.development == before.development

    built = build_site(repo, target=tmp_path / "site", build_dir=tmp_path / "build")
    site = tmp_path / "site"
    assert built is not None
    guide12 = (site / "en" / "12" / "guide.html").read_text(encoding="utf-8")
    guide13 = (site / "en" / "13" / "guide.html").read_text(encoding="utf-8")
    assert "50 rows" in guide12 and "100 rows" not in guide12
    assert "100 rows" in guide13 and "50 rows" not in guide13
    # Pages of later editions exist only there; the renamed page still answers in 12.
    assert not (site / "en" / "12" / "whats-new.html").exists() and (site / "en" / "13" / "whats-new.html").exists()
    assert not (site / "en" / "13" / "einvoicing.html").exists() and (site / "en" / "14" / "einvoicing.html").exists()
    assert "telephone-support.html" in (site / "en" / "12" / "support.html").read_text(encoding="utf-8")


def test_repin_refuses_content_that_does_not_build(single_sourced):
    repo, _ = single_sourced
    guide = repo / "source" / "guide.md"
    guide.write_text(guide.read_text() + "\n```{edition} from 15\nA version versions.toml does not have.\n```\n")
    git(repo, "commit", "-qam", "A condition naming an unknown version")
    before = (repo / "versions.toml").read_text()
    result = cli(repo, "release", "repin", "12")
    assert result.returncode == 1
    assert "guide.md:" in result.stderr and "unknown version '15'" in result.stderr
    assert "versions.toml is unchanged" in result.stderr
    assert (repo / "versions.toml").read_text() == before


def test_repin_refuses_unknown_versions_and_foreign_commits(single_sourced):
    repo, pinned = single_sourced
    result = cli(repo, "release", "repin", "11")
    assert result.returncode == 1 and "not a released version: 11 (released: 13, 12)" in result.stderr
    result = cli(repo, "release", "repin", "13", "--commit", pinned["12"])
    assert result.returncode == 1 and "does not descend from its current commit" in result.stderr
