"""``release cut`` and ``release repin``: record a new product version, or move released
versions to a newer commit of main, after proving they build strictly.

The version is pinned to a commit of main (default ``HEAD``). It is built in every
language into a scratch directory with the same strict options as the site; only then is
``versions.toml`` rewritten: the new version becomes latest, the previous latest becomes
supported (or outdated), and the development version moves on.

The name comes from the command line: it must be a version name (``14``, ``14.1``)
before it is used anywhere, and the new registry must load back before the build
starts. ``versions.toml`` is replaced atomically, under the build directory's lock.

Where the project has release data (``source/_data/releases.yaml``, the one home of a
release's status, date and codename; see release_data.py), the cut records the release
there first: ``<name>.0`` becomes released on ``--date``, in a commit on top of HEAD that
is the one pinned and built (so the manual of the new version says it is released and
its Atom feed announces it); it refuses while known issues are still estimated to be
fixed in that release (``--defer-known-issues`` moves them to a later planned release).
The branch moves to that commit only once the version built.

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
from cloudempiere_docs.site import release_data, sources
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
    defer_known_issues: str | None = None,
) -> Registry:
    """Cut release ``name`` at ``commit``; return the new registry (already written)."""
    try:  # the name becomes a path segment of the site: check it before anything else
        number = versioning.parse(name)
    except ValueError as err:
        raise RegistryError(f"version name {err}") from None
    with build_lock(root / "build", command=f"release cut {name}"):
        return _cut(root, name, number, date, commit, title, previous_status, next_planned, defer_known_issues)


def _cut(
    root: Path,
    name: str,
    number: versioning.Version,
    date: dt.date,
    commit: str,
    title: str,
    previous_status: str,
    next_planned: dt.date | None,
    defer_known_issues: str | None,
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
    try:
        recorded = _record_release(root, name, date, title, sha, defer_known_issues, next_planned)
    except release_data.ReleaseDataError as err:
        raise RegistryError(f"release cut {name}: {err}") from None
    has_data = recorded is not None
    record, pinned = recorded if recorded else (None, sha)
    new = dataclasses.replace(
        probe, commit=pinned, title=record.title if record else (title or registry.development.title), from_data=has_data
    )
    released = [new] + [
        dataclasses.replace(v, status=previous_status) if v.status == "latest" else v for v in registry.released
    ]
    dev = registry.development
    if dev.number <= number:
        nxt = _next_name(name)
        dev = dataclasses.replace(
            dev, name=nxt, release=f"{nxt}.0.dev", title="" if has_data else "in development", date=next_planned,
            from_data=False,
        )  # fmt: skip
    candidate = dataclasses.replace(registry, versions=(dev, *released))
    text = dump_registry(candidate)
    load_registry_text_check(path, text, record.texts if record else {})

    # Prove the new version builds strictly in every language before recording it.
    scratch = Path(tempfile.mkdtemp(prefix="release-cut-"))
    try:
        ws = Workspace(root=root, build=scratch, registry=candidate)
        jobs = [job for job in plan(candidate) if job.version.name == name]
        build_all(ws, jobs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if record is not None and record.texts:
        release_data.adopt(root, record, pinned, sha)  # the branch moves to the recorded release
    atomic_write(path, text)
    return load_registry(path)


def _record_release(
    root: Path, name: str, date: dt.date, title: str, sha: str, defer: str | None, next_planned: dt.date | None
) -> tuple[release_data.ReleaseRecord, str] | None:
    """Record the release in the release data (None: the project has none); return the
    record and the commit to pin (a new commit on HEAD when the data had to change)."""
    if not (root / release_data.RELEASES).is_file():
        return None
    if next_planned is not None:
        nxt = _next_name(name)
        raise release_data.ReleaseDataError(
            f"--next-planned: the planned date of {nxt}.0 belongs in {release_data.RELEASES} (add the release there)"
        )
    head = sources.git(root, "rev-parse", "HEAD")
    if sha == head:
        release_data.working_tree_clean(root)
        record = release_data.record_release(root, name, date, title, defer)
    else:  # an older commit is pinned as it is: its data must record the release already
        with tempfile.TemporaryDirectory() as tmp:
            record = release_data.record_release(release_data.data_at(root, sha, Path(tmp)), name, date, title, defer)
        if record is not None and record.texts:
            raise release_data.ReleaseDataError(
                f"the release data of commit {sha[:12]} says {name}.0 is not released yet: cut from HEAD, which records"
                " the release in the data, or record it in a commit of its own first"
            )
    if record is None:
        return None
    if not record.texts:
        return record, sha
    return record, release_data.commit_record(root, record, head)


def load_registry_text_check(path: Path, text: str, data: dict[Path, str] | None = None) -> None:
    """Refuse to write a registry that would not load back, checked against the release
    data it will be read with (the project's, with ``data``: the files the cut records)."""
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / path.name
        probe.write_text(text, encoding="utf-8")
        for rel in (release_data.RELEASES, release_data.DEFECTS):
            source = path.parent / rel
            if rel in (data or {}) or source.is_file():
                (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
                (Path(tmp) / rel).write_text((data or {}).get(rel) or source.read_text(encoding="utf-8"), encoding="utf-8")
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
