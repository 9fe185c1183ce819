"""Source trees of the versions: the working tree, or a commit of main's history.

A released version's ``source/`` and ``locale/`` come from its commit (via
sphinx-multiversion's ``git archive`` helper); conf.py, extensions and templates come from
the working tree, as with sphinx-multiversion. Materialized trees are cached by commit,
with a manifest of every file: a cached tree that no longer matches it (a truncated or
edited file, a file added or removed) is thrown away and materialized again, never built.

Every tree, cached or not, is checked for symbolic links that point out of ``source/``
or ``locale/`` before anything is built from it (a commit can carry such a link as easily
as the working tree).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from sphinx.project import Project
from sphinx_multiversion import git as smv_git

from cloudempiere_docs.data import editions
from cloudempiere_docs.data.versioning import parse_or_none
from cloudempiere_docs.paths import atomic_write, escaping_symlinks, inside, tree_digests
from cloudempiere_docs.site.registry import Version

SOURCE_PARTS = ("source", "locale")
SOURCE_SUFFIX = {".md": "markdown"}
EXCLUDE = ["_data", "_build", "**/.*"]
MANIFEST = ".complete"
#: Written into a materialized tree by the builds themselves (compiled catalogs).
DERIVED_SUFFIXES = (".mo",)


class SourceError(Exception):
    """A version's sources cannot be had; the message names the version and the cause."""


def git(root: Path, *args: str) -> str:
    result = subprocess.run(("git", *args), cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, ("git", *args), result.stdout, result.stderr)
    return result.stdout.strip()


def _is_shallow(root: Path) -> bool:
    try:
        return git(root, "rev-parse", "--is-shallow-repository") == "true"
    except (subprocess.CalledProcessError, OSError):
        return False


def resolve_commit(root: Path, version: Version) -> str:
    """The full id of ``version.commit``, checked to be a commit of this repository."""
    assert version.commit is not None
    try:
        sha = git(root, "rev-parse", "--verify", "--quiet", f"{version.commit}^{{commit}}")
    except subprocess.CalledProcessError:
        if _is_shallow(root):
            hint = (
                "this clone is shallow (its history is cut off); fetch the full history with"
                " `git fetch --unshallow` and run the build again"
            )
        else:
            hint = (
                f"fetch it with `git fetch origin {version.commit}`, or correct the commit of"
                f" version {version.name} in versions.toml"
            )
        raise SourceError(
            f"version {version.name}: commit {version.commit} is unknown in this repository: {hint}"
        ) from None
    return sha


def _manifest(top: Path) -> dict[str, str]:
    return tree_digests(top, skip=lambda rel: rel == MANIFEST or rel.endswith(DERIVED_SUFFIXES))


def _cached(target: Path, sha: str) -> bool:
    """Whether ``target`` holds exactly what was materialized for ``sha``."""
    try:
        recorded = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        return recorded["commit"] == sha and recorded["files"] == _manifest(target)
    except (OSError, ValueError, KeyError, TypeError):
        return False


def materialize(root: Path, version: Version, cache: Path, fresh: bool = False) -> Path:
    """The project directory holding ``source/`` and ``locale/`` of ``version``
    (``fresh``: from the commit again, whatever the cache holds)."""
    if version.commit is None:
        return root
    sha = resolve_commit(root, version)
    target = inside(cache, sha[:16], what=f"version {version.name}: commit")
    if not fresh and _cached(target, sha):
        return target
    tmp = inside(cache, f".{sha[:16]}.tmp", what=f"version {version.name}: commit")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    ref = smv_git.GitRef(version.name, sha, "heads", False, sha, None)
    listed = git(root, "ls-tree", "--name-only", sha).splitlines()
    if "source" not in listed:
        raise SourceError(f"version {version.name}: commit {sha[:12]} has no source/ directory")
    for part in SOURCE_PARTS:
        if part in listed:
            smv_git.copy_tree(str(root), None, str(tmp), ref, part)
    atomic_write(tmp / MANIFEST, json.dumps({"commit": sha, "files": _manifest(tmp)}, indent=0))
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


def check_tree(project: Path, version: Version) -> None:
    """Refuse a tree with symbolic links that lead out of its ``source/`` or ``locale/``."""
    problems = []
    for part in SOURCE_PARTS:
        top = project / part
        if top.is_symlink():
            problems.append(f"{top}: {part}/ itself is a symbolic link (to {os.readlink(top)!r})")
            continue
        if top.is_dir():
            problems += [
                f"{link}: symbolic link to {target!r} leads outside {part}/" for link, target in escaping_symlinks(top)
            ]
    if problems:
        origin = f"commit {version.commit}" if version.commit else "the working tree"
        raise SourceError(
            f"version {version.name} ({origin}): only files inside source/ and locale/ can be used:\n  "
            + "\n  ".join(problems)
        )


def docnames(srcdir: Path, edition: str | None = None) -> list[str]:
    """The pages of a source tree, as Sphinx discovers them; with ``edition`` (a
    version name), without the pages whose front matter keeps them out of it
    (``editions: from 14``), as the build of that edition leaves them out."""
    found = sorted(Project(str(srcdir), SOURCE_SUFFIX).discover(EXCLUDE))
    if edition is None:
        return found
    outside = editions.pages_outside(srcdir, found, parse_or_none(edition))
    return [doc for doc in found if doc not in outside]
