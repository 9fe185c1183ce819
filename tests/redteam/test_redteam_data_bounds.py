"""Red team, issue 18.5: data files are bounded input.

A generated repository whose development version renders ``source/_data/settings.yaml``
is published; then the data file is replaced by an alias bomb, a deeply nested file and
a 20 MB file. Each build must exit non-zero with a located error, leave the published
site byte-identical and never publish the payload; the next good build recovers.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cloudempiere_docs.site.pipeline import build_site
from sitegen import git, make_repo

pytestmark = pytest.mark.site

MARKER = "CEDOCS-REDTEAM-18-5"
SETTINGS = Path(__file__).resolve().parent.parent / "roots" / "test-reference" / "_data" / "settings.yaml"


def cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cloudempiere_docs", *args, "--root", str(repo)], capture_output=True, text=True, cwd=repo
    )


def tree_digest(top: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in top.resolve().rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(top.resolve())).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    repo = tmp_path_factory.mktemp("redteam-data") / "repo"
    make_repo(repo)
    conf = repo / "conf.py"
    conf.write_text(conf.read_text().replace('"cloudempiere_docs.ext.site"]', '"cloudempiere_docs.ext.site", "cloudempiere_docs.reference"]'))
    assert "cloudempiere_docs.reference" in conf.read_text()
    (repo / "source" / "_data").mkdir()
    shutil.copy(SETTINGS, repo / "source" / "_data" / "settings.yaml")
    (repo / "source" / "settings.md").write_text("# Settings\n\n```{settings-reference}\n:group-by: none\n```\n")
    index = repo / "source" / "index.md"
    index.write_text(index.read_text().replace("einvoicing\n", "einvoicing\nsettings\n"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Settings reference from data")
    build_site(repo)
    site = repo / "build" / "site"
    assert "ZK_PAGING_SIZE" in (site / "en" / "14" / "settings.html").read_text(encoding="utf-8")
    return repo, site


def attack(published: tuple[Path, Path], payload: str) -> str:
    repo, site = published
    data = repo / "source" / "_data" / "settings.yaml"
    original = data.read_bytes()
    link, before = os.readlink(site), tree_digest(site)
    data.write_text(payload, encoding="utf-8")
    try:
        result = cli(repo, "site")
    finally:
        data.write_bytes(original)
    assert result.returncode == 1, result.stdout
    assert "nothing was published" in result.stderr
    assert os.readlink(site) == link and tree_digest(site) == before
    assert not [p for p in site.resolve().rglob("*.html") if MARKER.encode() in p.read_bytes()]
    return result.stderr


def test_alias_bomb(published) -> None:
    levels = [f"l0: &l0 ['{MARKER}', '{MARKER}', '{MARKER}', '{MARKER}', '{MARKER}', '{MARKER}', '{MARKER}', '{MARKER}', '{MARKER}']"]
    levels += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    stderr = attack(published, "settings:\n  - key: BOMB\n    description: *l9\n" + "\n".join(levels) + "\n")
    assert re.search(r"settings\.yaml:3: WARNING: YAML alias \*l9: anchors and aliases are not allowed in data files", stderr), stderr


def test_deep_nesting(published) -> None:
    stderr = attack(published, f"settings: {'[' * 5000}'{MARKER}'{']' * 5000}\n")
    # libyaml may stop at its own limit first; either way the file is refused, located
    assert re.search(r"settings\.yaml:1: WARNING: (nested more than 32 levels deep|invalid YAML: exceeded maximum nesting depth)", stderr), stderr


def test_twenty_megabytes(published) -> None:
    text = SETTINGS.read_text(encoding="utf-8")
    body = text.split("settings:\n", 1)[1]
    copies = []
    size = 0
    while size < 20 * 1024 * 1024:
        chunk = re.sub(r"- key: (\w+)", lambda m: f"- key: {m.group(1)}_{len(copies)}", body).replace(
            "description: ", f"description: {MARKER} ", 1
        )
        copies.append(chunk)
        size += len(chunk)
    stderr = attack(published, "settings:\n" + "".join(copies))
    assert re.search(r"settings\.yaml:1: WARNING: file is 2\d,\d{3},\d{3} bytes, larger than the limit of 1,048,576 bytes", stderr)


def test_next_good_build_recovers(published) -> None:
    repo, site = published
    result = cli(repo, "site")
    assert result.returncode == 0, result.stderr
    assert "ZK_PAGING_SIZE" in (site / "en" / "14" / "settings.html").read_text(encoding="utf-8")
