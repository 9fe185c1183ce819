"""``release cut`` and ``release repin``: record a new product version, or move released
versions to a newer commit of main, after proving they build strictly.

The version is pinned to a commit of main (default ``HEAD``). It is built in every
language into a scratch directory with the same strict options as the site; only then is
``versions.toml`` rewritten: the new version becomes latest, the previous latest becomes
supported (or outdated), and the development version moves on.

The name comes from the command line: it must be a version name (``14``, ``14.1``)
before it is used anywhere, and the new registry must load back before the build
starts. ``versions.toml`` is replaced atomically, under the build directory's lock.

With single-sourced editions (``{edition}`` blocks and ``editions:`` pages), one commit
of main holds the manual of every version; a correction of a released version's text
reaches its readers when the version is re-pinned to a commit that has it
(``release repin 12 13``), keeping its own version, release, status and date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import tempfile
from pathlib import Path

from cloudempiere_docs.data import versioning
from cloudempiere_docs.paths import atomic_write
from cloudempiere_docs.site import sources
from cloudempiere_docs.site.build import Workspace, build_all
from cloudempiere_docs.site.lock import build_lock
from cloudempiere_docs.site.plan import plan
from cloudempiere_docs.site.registry import Registry, RegistryError, Version, dump_registry, load_registry


def _next_name(name: str) -> str:
    return str(versioning.parse(name).major + 1)


def cut(
    root: Path,
    name: str,
    date: dt.date,
    commit: str = "HEAD",
    title: str = "",
    previous_status: str = "supported",
    next_planned: dt.date | None = None,
) -> Registry:
    """Cut release ``name`` at ``commit``; return the new registry (already written)."""
    try:  # the name becomes a path segment of the site: check it before anything else
        number = versioning.parse(name)
    except ValueError as err:
        raise RegistryError(f"version name {err}") from None
    with build_lock(root / "build", command=f"release cut {name}"):
        return _cut(root, name, number, date, commit, title, previous_status, next_planned)


def _cut(
    root: Path,
    name: str,
    number: versioning.Version,
    date: dt.date,
    commit: str,
    title: str,
    previous_status: str,
    next_planned: dt.date | None,
) -> Registry:
    path = root / "versions.toml"
    registry = load_registry(path)
    if previous_status not in ("supported", "outdated"):
        raise RegistryError(f"previous status must be supported or outdated, got {previous_status!r}")
    if any(v.number == number for v in registry.released):
        raise RegistryError(f"{path}: version {name!r} is already released")
    if registry.released and number <= registry.latest.number:
        raise RegistryError(f"version {name!r} must be newer than the latest release {registry.latest.name!r}")
    probe = Version(name, f"{name}.0", title, "latest", date, commit)
    sha = sources.resolve_commit(root, probe)
    try:
        sources.git(root, "merge-base", "--is-ancestor", sha, "HEAD")
    except Exception:
        raise RegistryError(f"version {name}: commit {sha[:12]} is not in the history of HEAD") from None
    new = dataclasses.replace(probe, commit=sha, title=title or registry.development.title)
    released = [new] + [
        dataclasses.replace(v, status=previous_status) if v.status == "latest" else v for v in registry.released
    ]
    dev = registry.development
    if dev.number <= number:
        nxt = _next_name(name)
        dev = dataclasses.replace(dev, name=nxt, release=f"{nxt}.0.dev", title="in development", date=next_planned)
    candidate = dataclasses.replace(registry, versions=(dev, *released))
    text = dump_registry(candidate)
    load_registry_text_check(path, text)

    # Prove the new version builds strictly in every language before recording it.
    scratch = Path(tempfile.mkdtemp(prefix="release-cut-"))
    try:
        ws = Workspace(root=root, build=scratch, registry=candidate)
        jobs = [job for job in plan(candidate) if job.version.name == name]
        build_all(ws, jobs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    atomic_write(path, text)
    return candidate


def load_registry_text_check(path: Path, text: str) -> None:
    """Refuse to write a registry that would not load back."""
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / path.name
        probe.write_text(text, encoding="utf-8")
        load_registry(probe)


def repin(root: Path, names: list[str], commit: str = "HEAD") -> Registry:
    """Re-pin released versions ``names`` to ``commit`` (a commit of main that holds
    their corrected, single-sourced content); return the new registry (already written).

    Each version keeps its own release, status, title and date: only the commit from
    which its ``source/`` and ``locale/`` are taken changes. The versions are built
    strictly in every language from that commit first, as their edition (page and
    block conditions, data of their version); ``versions.toml`` is rewritten only when
    all of them build, atomically, under the build directory's lock (as ``cut``).
    """
    with build_lock(root / "build", command=f"release repin {' '.join(names) or 'all'}"):
        return _repin(root, list(names), commit)


def _repin(root: Path, names: list[str], commit: str) -> Registry:
    path = root / "versions.toml"
    registry = load_registry(path)
    if not names:
        names = [v.name for v in registry.released]
    released = {v.name: v for v in registry.released}
    unknown = [n for n in names if n not in released]
    if unknown:
        known = ", ".join(released) or "none"
        raise RegistryError(f"{path}: not a released version: {', '.join(unknown)} (released: {known})")
    probe = dataclasses.replace(released[names[0]], commit=commit)
    sha = sources.resolve_commit(root, probe)
    try:
        sources.git(root, "merge-base", "--is-ancestor", sha, "HEAD")
    except Exception:
        raise RegistryError(f"commit {sha[:12]} is not in the history of HEAD") from None
    for name in names:
        older = sources.resolve_commit(root, released[name])
        if older != sha:
            try:
                sources.git(root, "merge-base", "--is-ancestor", older, sha)
            except Exception:
                raise RegistryError(
                    f"version {name}: commit {sha[:12]} does not descend from its current commit {older[:12]}; "
                    "re-pin only forward on main"
                ) from None
    versions = tuple(dataclasses.replace(v, commit=sha) if v.name in names else v for v in registry.versions)
    candidate = dataclasses.replace(registry, versions=versions)

    scratch = Path(tempfile.mkdtemp(prefix="release-repin-"))
    try:
        ws = Workspace(root=root, build=scratch, registry=candidate)
        jobs = [job for job in plan(candidate) if job.version.name in names]
        build_all(ws, jobs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    text = dump_registry(candidate)
    load_registry_text_check(path, text)
    atomic_write(path, text)
    return candidate
