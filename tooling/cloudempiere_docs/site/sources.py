"""Source trees of the versions: the working tree, or a commit of main's history.

A released version's ``source/`` and ``locale/`` come from its commit (via
sphinx-multiversion's ``git archive`` helper); conf.py, extensions and templates come from
the working tree, as with sphinx-multiversion. Materialized trees are cached by commit.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sphinx.project import Project
from sphinx_multiversion import git as smv_git

from cloudempiere_docs.site.registry import Version

SOURCE_PARTS = ("source", "locale")
SOURCE_SUFFIX = {".md": "markdown"}
EXCLUDE = ["_data", "_build", "**/.*"]


class SourceError(Exception):
    """A version's sources cannot be had; the message names the version and the cause."""


def git(root: Path, *args: str) -> str:
    result = subprocess.run(("git", *args), cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, ("git", *args), result.stdout, result.stderr)
    return result.stdout.strip()


def resolve_commit(root: Path, version: Version) -> str:
    """The full id of ``version.commit``, checked to be a commit of this repository."""
    assert version.commit is not None
    try:
        sha = git(root, "rev-parse", "--verify", "--quiet", f"{version.commit}^{{commit}}")
    except subprocess.CalledProcessError:
        shallow = (root / ".git" / "shallow").exists()
        hint = " (this clone is shallow: fetch the full history)" if shallow else ""
        raise SourceError(
            f"version {version.name}: commit {version.commit} is unknown in this repository{hint}"
        ) from None
    return sha


def materialize(root: Path, version: Version, cache: Path) -> Path:
    """The project directory holding ``source/`` and ``locale/`` of ``version``."""
    if version.commit is None:
        return root
    sha = resolve_commit(root, version)
    target = cache / sha[:16]
    if (target / ".complete").exists():
        return target
    tmp = cache / f".{sha[:16]}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    ref = smv_git.GitRef(version.name, sha, "heads", False, sha, None)
    listed = git(root, "ls-tree", "--name-only", sha).splitlines()
    if "source" not in listed:
        raise SourceError(f"version {version.name}: commit {sha[:12]} has no source/ directory")
    for part in SOURCE_PARTS:
        if part in listed:
            smv_git.copy_tree(str(root), None, str(tmp), ref, part)
    (tmp / ".complete").write_text(sha + "\n")
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


def docnames(srcdir: Path) -> list[str]:
    """The pages of a source tree, as Sphinx discovers them."""
    return sorted(Project(str(srcdir), SOURCE_SUFFIX).discover(EXCLUDE))
