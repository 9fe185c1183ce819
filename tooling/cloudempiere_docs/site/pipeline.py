"""``make site``: registry -> plan -> build -> assemble -> publish, as plain functions."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cloudempiere_docs.paths import atomic_write, tree_stats
from cloudempiere_docs.site.build import JobResult, Workspace, build_all, read_stamp
from cloudempiere_docs.site.plan import HTML, plan
from cloudempiere_docs.site.lock import build_lock
from cloudempiere_docs.site.publish import discard, publish, publish_lock, staging_dir
from cloudempiere_docs.site.redirects import load_redirects
from cloudempiere_docs.site.registry import load_registry

if TYPE_CHECKING:
    from cloudempiere_docs.site.assemble import Part

#: What the last publication was made of (in the build directory's cache).
SITE_STAMP = "site.json"


@dataclass
class SiteReport:
    target: Path
    results: list[JobResult]
    pages: int
    redirects: int
    seconds: float

    def table(self) -> str:
        rows = [f"{'version':<10}{'language':<10}{'format':<10}{'result':<9}{'seconds':>8}"]
        for r in self.results:
            rows.append(f"{r.job.version.name:<10}{r.job.language:<10}{r.job.format:<10}{r.status:<9}{r.seconds:>8.1f}")
        return "\n".join(rows)


def parts_of(results: list[JobResult]) -> list[Part]:
    """The built parts: each version x language's HTML with the outputs of its formats."""
    from cloudempiere_docs.site.assemble import Part, part_docnames

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
) -> SiteReport:
    """Build every version x language of the project at ``root`` and publish ``target``
    (default ``build/site``; job caches live in ``build_dir``, default ``build/``).
    ``reuse``: read a page once for the versions it is the same in (ext/reuse.py).

    Raises BuildError/AssembleError/RegistryError/SourceError/UnsafePathError/
    BuildLockedError or OSError; ``target`` is then untouched. One build at a time per
    build directory and per published target (see lock.py).
    """
    started = time.perf_counter()
    registry = load_registry(root / "versions.toml")
    redirects = load_redirects(root / "redirects.toml")
    build_dir = build_dir or root / "build"
    target = target or build_dir / "site"
    with build_lock(build_dir), publish_lock(target):
        ws = Workspace(root=root, build=build_dir, registry=registry)
        results = build_all(ws, plan(registry), workers=workers, force=force, reuse=reuse)
        key = site_key(ws, root, target, results)
        stamp = ws.cache / SITE_STAMP
        published = already_published(stamp, key, target)
        if published is not None:
            return SiteReport(target, results, published["pages"], published["redirects"], time.perf_counter() - started)
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
        if key is not None:
            record = {"key": key, "generation": str(staged.resolve()), "tree": tree_stats(staged), **counts}
            atomic_write(stamp, json.dumps(record))
    return SiteReport(target, results, counts["pages"], counts["redirects"], time.perf_counter() - started)


def site_key(ws: Workspace, root: Path, target: Path, results: list[JobResult]) -> str | None:
    """What an assembled site is made of: the registry, the redirects, the target, and
    every job's recorded state (its fingerprint, which covers the tooling and sources,
    and the digest of every file it left; a job built in this run has just recorded
    its new state). None when a job has no recorded state."""
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
    if key is None:
        return None
    record = read_stamp(stamp)
    if record.get("key") != key or not target.is_symlink():
        return None
    generation = Path(str(record.get("generation")))
    if target.resolve() != generation or not generation.is_dir() or record.get("tree") != tree_stats(generation):
        return None
    return record
