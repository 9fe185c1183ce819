"""Before building: are the commits of the released versions in this clone?

A released version is built from its commit (versions.toml), so a clone without that
history cannot build it. CI engines check out one commit by default (a shallow clone):
instead of failing on the first version with a git error, every missing commit is named
at once with the command that fetches them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from cloudempiere_docs.site.registry import Registry, Version
from cloudempiere_docs.site.sources import SourceError, git


def _known(root: Path, commit: str) -> bool:
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}")
    except subprocess.CalledProcessError:
        return False
    return True


def _shallow(root: Path) -> bool:
    try:
        return git(root, "rev-parse", "--is-shallow-repository") == "true"
    except (subprocess.CalledProcessError, OSError):
        return False


def missing(root: Path, registry: Registry) -> list[Version]:
    """Released versions whose commit is not in the repository at ``root``."""
    return [v for v in registry.released if v.commit and not _known(root, v.commit)]


def check_history(root: Path, registry: Registry) -> None:
    """Raise :class:`SourceError` naming every version whose commit is missing, and how
    to get them."""
    try:
        absent = missing(root, registry)
    except OSError as err:  # no git at all
        raise SourceError(f"git is needed to build released versions from their commits: {err}") from None
    if not absent:
        return
    lines = [f"version {v.name}: commit {v.commit} is unknown in this repository" for v in absent]
    if _shallow(root):
        raise SourceError(
            "this clone is shallow (its history is cut off), and released versions are built from their commits:\n  "
            + "\n  ".join(lines)
            + "\nFetch the full history with `git fetch --unshallow` (in GitHub Actions: check out with"
            " `fetch-depth: 0`) and build again."
        )
    raise SourceError(
        "\n".join(
            f"{line}: fetch it with `git fetch origin {v.commit}`, or correct the commit of version {v.name} in versions.toml"
            for line, v in zip(lines, absent)
        )
    )
