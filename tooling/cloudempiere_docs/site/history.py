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
    # The first line reads like the one sources.resolve_commit gives for one version (one
    # command to run); the other missing versions follow, so none is found one at a time.
    lines = [f"version {v.name}: commit {v.commit} is unknown in this repository" for v in absent]
    if _shallow(root):
        first = (
            f"{lines[0]}: this clone is shallow (its history is cut off); fetch the full history with"
            " `git fetch --unshallow` (in GitHub Actions: check out with fetch-depth: 0) and run the build again"
        )
        raise SourceError("\n  ".join([first, *(f"also: {line}" for line in lines[1:])]))
    raise SourceError(
        "\n".join(
            f"{line}: fetch it with `git fetch origin {v.commit}`, or correct the commit of version {v.name} in versions.toml"
            for line, v in zip(lines, absent)
        )
    )
