"""``make site``: registry -> plan -> build -> assemble -> publish, as plain functions."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cloudempiere_docs.paths import atomic_write, tree_stats
from cloudempiere_docs.site import noop
from cloudempiere_docs.site.lock import build_lock
from cloudempiere_docs.site.publish import discard, publish, publish_lock, staging_dir

# The registry, the builds and the assembly are imported once the site is known to need
# more than the metadata check of noop.py: they bring pydantic, YAML and Sphinx.
if TYPE_CHECKING:
    from cloudempiere_docs.site.assemble import Part
    from cloudempiere_docs.site.build import JobResult, Workspace

#: What the last publication was made of (in the build directory's cache).
SITE_STAMP = "site.json"


@dataclass
class SiteReport:
    target: Path
    results: list[JobResult]
    pages: int
    redirects: int
    seconds: float
    #: Told current from file metadata (noop.py): no job was looked at, ``results`` is empty.
    unchanged: bool = False

    def table(self) -> str:
        rows = [f"{'version':<10}{'language':<10}{'format':<10}{'result':<9}{'seconds':>8}"]
        for r in self.results:
            rows.append(f"{r.job.version.name:<10}{r.job.language:<10}{r.job.format:<10}{r.status:<9}{r.seconds:>8.1f}")
        return "\n".join(rows)


def parts_of(results: list[JobResult]) -> list[Part]:
    """The built parts: each version x language's HTML with the outputs of its formats."""
    from cloudempiere_docs.site.assemble import Part, part_docnames
    from cloudempiere_docs.site.plan import HTML

    html = [r for r in results if r.job.format == HTML]
    outputs: dict[tuple[str, str], dict[str, Path]] = {}
    for r in results:
        if r.job.format != HTML:
            outputs.setdefault((r.job.language, r.job.version.name), {})[r.job.format] = r.outdir
    return [
        Part(r.job.language, r.job.version.name, r.outdir, part_docnames(r.outdir), outputs.get((r.job.language, r.job.version.name), {}))
        for r in html
    ]


def build_site(
    root: Path,
    target: Path | None = None,
    workers: int | None = None,
    force: bool = False,
    build_dir: Path | None = None,
    reuse: bool = True,
    quick: bool = True,
) -> SiteReport:
    """Build every version x language of the project at ``root`` and publish ``target``
    (default ``build/site``; job caches live in ``build_dir``, default ``build/``).
    ``reuse``: read a page once for the versions it is the same in (ext/reuse.py).
    ``quick``: when no file the last run depended on changed (noop.py), report the
    published site as current without looking at the jobs (``force`` never does).

    Raises BuildError/AssembleError/RegistryError/SourceError/UnsafePathError/
    BuildLockedError or OSError; ``target`` is then untouched. One build at a time per
    build directory and per published target (see lock.py).
    """
    started = time.perf_counter()
    build_dir = build_dir or root / "build"
    target = target or build_dir / "site"
    with build_lock(build_dir), publish_lock(target):
        before = noop.snapshot(root, build_dir, target)
        known = noop.current(build_dir, before) if quick and not force else None
        if known is not None:
            return SiteReport(target, [], int(known["pages"]), int(known["redirects"]), time.perf_counter() - started, unchanged=True)  # type: ignore[call-overload]
        noop.forget(build_dir)
        results, counts, recorded = _build_and_publish(root, target, build_dir, workers, force, reuse)
        if recorded:
            noop.record(build_dir, before, noop.snapshot(root, build_dir, target), counts["pages"], counts["redirects"])
    return SiteReport(target, results, counts["pages"], counts["redirects"], time.perf_counter() - started)


def _build_and_publish(
    root: Path, target: Path, build_dir: Path, workers: int | None, force: bool, reuse: bool
) -> tuple[list[JobResult], dict[str, int], bool]:
    """Build what changed and publish a new generation unless the published one is
    what this run would assemble: the jobs' results, the site's counts (``pages``,
    ``redirects``) and whether the published state was recorded (not when a job left
    no stamp)."""
    from cloudempiere_docs.site.build import Workspace, build_all
    from cloudempiere_docs.site.plan import plan
    from cloudempiere_docs.site.redirects import load_redirects
    from cloudempiere_docs.site.registry import load_registry

    registry = load_registry(root / "versions.toml")
    redirects = load_redirects(root / "redirects.toml")
    ws = Workspace(root=root, build=build_dir, registry=registry)
    results = build_all(ws, plan(registry), workers=workers, force=force, reuse=reuse)
    key = site_key(ws, root, target, results)
    stamp = ws.cache / SITE_STAMP
    published = already_published(stamp, key, target)
    if published is not None:
        return results, {"pages": int(published["pages"]), "redirects": int(published["redirects"])}, True  # type: ignore[call-overload]
    from cloudempiere_docs.site import search
    from cloudempiere_docs.site.assemble import assemble

    parts = parts_of(results)
    staged = staging_dir(target)
    stamp.unlink(missing_ok=True)  # until the new generation is published
    try:
        counts = assemble(registry, parts, staged, redirects, previous=target if target.is_dir() else None)
        search.index_site(staged, registry)
        publish(staged, target)
    except BaseException:
        discard(staged)
        raise
    if key is None:
        return results, counts, False
    record = {"key": key, "generation": str(staged.resolve()), "tree": tree_stats(staged), **counts}
    atomic_write(stamp, json.dumps(record))
    return results, counts, True


def site_key(ws: Workspace, root: Path, target: Path, results: list[JobResult]) -> str | None:
    """What an assembled site is made of: the registry, the redirects, the target, and
    every job's recorded state (its fingerprint, which covers the tooling and sources,
    and the digest of every file it left; a job built in this run has just recorded
    its new state). None when a job has no recorded state."""
    from cloudempiere_docs.site.build import read_stamp

    if any(r.status not in ("skipped", "built") for r in results):
        return None
    jobs = {}
    for r in results:
        stamp = read_stamp(ws.jobdir(r.job) / "fingerprint.json")
        if not stamp:
            return None
        jobs[r.job.key] = {k: v for k, v in stamp.items() if not k.endswith("_stats")}
    parts = {
        "registry": (root / "versions.toml").read_text(encoding="utf-8"),
        "redirects": (root / "redirects.toml").read_text(encoding="utf-8") if (root / "redirects.toml").exists() else None,
        "target": str(target.absolute()),
        "jobs": jobs,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def already_published(stamp: Path, key: str | None, target: Path) -> dict[str, object] | None:
    """The record of the published generation when it is what this run would assemble
    (same key) and nobody changed it since (every file's size and time as recorded);
    otherwise None and the site is assembled again."""
    from cloudempiere_docs.site.build import read_stamp

    if key is None:
        return None
    record = read_stamp(stamp)
    if record.get("key") != key or not target.is_symlink():
        return None
    generation = Path(str(record.get("generation")))
    if target.resolve() != generation or not generation.is_dir() or record.get("tree") != tree_stats(generation):
        return None
    return record
