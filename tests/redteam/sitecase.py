"""Shared harness of the pipeline's red-team cases (import the fixtures you use).

A case takes a generated multi-version repository (tests/sitegen.py) with a published
site, plants a payload, runs the real command line, and checks the contract of
:func:`assert_refused`; :func:`assert_recovers` then proves the next good build works.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sitegen import git, make_repo


@dataclass
class Project:
    """A generated repository, a directory beside it that holds the outside world's
    files, and the secret the build machine's environment carries."""

    root: Path
    commits: dict[str, str]
    outside: Path
    secret: str = field(default_factory=lambda: f"REDTEAM-SECRET-{secrets.token_hex(8)}")
    marker: str = field(default_factory=lambda: f"REDTEAM-MARKER-{secrets.token_hex(8)}")

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def site(self) -> Path:
        return self.build / "site"

    def env(self) -> dict[str, str]:
        return {**os.environ, "CEDOCS_REDTEAM_TOKEN": self.secret}

    def cli(self, *args: str, timeout: float = 600, **kwargs: object) -> subprocess.CompletedProcess[str]:
        """``python -m cloudempiere_docs <args> --root <repo>``, with the secret in its environment."""
        command = [sys.executable, "-m", "cloudempiere_docs", *args]
        if args and args[0] != "serve":
            command += ["--root", str(self.root)]
        return subprocess.run(
            command, capture_output=True, text=True, cwd=self.root, env=self.env(), timeout=timeout, **kwargs
        )  # type: ignore[call-overload]

    def site_ok(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = self.cli("site", *args)
        assert result.returncode == 0, result.stderr
        return result

    def git(self, *args: str) -> str:
        return git(self.root, *args)

    def restore(self) -> None:
        """Back to the committed working tree (payloads planted in it are gone)."""
        self.git("checkout", "-q", "--", ".")
        self.git("clean", "-qfd", "--", "source", "locale")


def tree_digest(top: Path) -> dict[str, str]:
    """Every file and link under ``top`` (through ``top`` itself if it is a link)."""
    files = {}
    for dirpath, dirnames, filenames in os.walk(top):
        for name in filenames + [d for d in dirnames if Path(dirpath, d).is_symlink()]:
            path = Path(dirpath, name)
            rel = path.relative_to(top).as_posix()
            if path.is_symlink():
                files[rel] = "link:" + os.readlink(path)
            else:
                files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


@dataclass(frozen=True)
class Published:
    link: str
    files: dict[str, str]


def site_cli(repo: Path) -> subprocess.CompletedProcess[str]:
    """``python -m cloudempiere_docs site`` (what ``make site`` runs) on ``repo``."""
    return subprocess.run(
        [sys.executable, "-m", "cloudempiere_docs", "site", "--root", str(repo)], capture_output=True, text=True, cwd=repo
    )


def site_digest(site: Path) -> str:
    """One digest of :func:`tree_digest` of the published tree (through the ``site``
    link): equal means untouched."""
    return hashlib.sha256(repr(sorted(tree_digest(site.resolve()).items())).encode()).hexdigest()


def site_text(site: Path) -> str:
    """The text of every published page, to look for a payload."""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.resolve().rglob("*.html"))


def published(project: Project) -> Published:
    return Published(os.readlink(project.site), tree_digest(project.site))


def files_containing(top: Path, needles: list[str]) -> list[str]:
    """Files under ``top`` (links not followed) whose bytes contain any of ``needles``."""
    found = []
    raw = [n.encode() for n in needles]
    for dirpath, _dirnames, filenames in os.walk(top):
        for name in filenames:
            path = Path(dirpath, name)
            if path.is_symlink() or path.suffix == ".log":
                continue  # build logs name payloads' paths in the located errors
            data = path.read_bytes()
            if any(n in data for n in raw):
                found.append(str(path.relative_to(top)))
    return found


def assert_refused(
    project: Project,
    result: subprocess.CompletedProcess[str],
    before: Published,
    located: str,
    payloads: list[str] | None = None,
    published_note: bool = True,
) -> None:
    """The contract of a refused build: non-zero exit, a located error (``located`` is a
    regular expression, e.g. ``guide\\.md:5``), no traceback, the published site
    byte-identical, and no payload anywhere in the build directory."""
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert re.search(located, result.stderr), f"no located error /{located}/ in:\n{result.stderr}"
    if published_note:
        assert "nothing was published" in result.stderr, result.stderr
    assert published(project) == before, "the published site changed"
    leaked = files_containing(project.build, payloads or [project.secret, project.marker])
    assert not leaked, f"payload in the build output: {leaked}"


def assert_recovers(project: Project, payloads: list[str] | None = None) -> None:
    """With the payload gone, the next build passes and publishes no trace of it."""
    project.restore()
    project.site_ok()
    assert not files_containing(project.site, payloads or [project.secret, project.marker])


def make_project(base: Path) -> Project:
    root = base / "repo"
    commits = make_repo(root)
    (root / ".gitignore").write_text("/build/\n*.mo\n")
    git(root, "add", ".gitignore")
    git(root, "commit", "-qm", "ignore build output")
    outside = base / "outside"
    outside.mkdir()
    project = Project(root, commits, outside)
    (outside / "secret.txt").write_text(f"{project.marker}\n")
    (outside / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + project.marker.encode())
    (outside / "secret.md").write_text(f"# Secret\n\n{project.marker}\n")
    (outside / "secret.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "User guide"\nmsgstr "{project.marker}"\n'
    )
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """A generated repository with every version published once (module-wide)."""
    made = make_project(tmp_path_factory.mktemp("redteam"))
    made.site_ok()
    yield made


@pytest.fixture
def clean(project: Project) -> Iterator[Project]:
    """The module's project, restored to its committed state after the case."""
    try:
        yield project
    finally:
        project.restore()
