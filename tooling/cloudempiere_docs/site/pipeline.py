"""``make site``: registry -> plan -> build -> assemble -> publish, as plain functions."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from cloudempiere_docs.site import search
from cloudempiere_docs.site.assemble import Part, assemble, part_docnames
from cloudempiere_docs.site.build import JobResult, Workspace, build_all
from cloudempiere_docs.site.plan import HTML, plan
from cloudempiere_docs.site.lock import build_lock
from cloudempiere_docs.site.publish import discard, publish, publish_lock, staging_dir
from cloudempiere_docs.site.redirects import load_redirects
from cloudempiere_docs.site.registry import load_registry


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
) -> SiteReport:
    """Build every version x language of the project at ``root`` and publish ``target``
    (default ``build/site``; job caches live in ``build_dir``, default ``build/``).

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
        results = build_all(ws, plan(registry), workers=workers, force=force)
        parts = parts_of(results)
        staged = staging_dir(target)
        try:
            counts = assemble(registry, parts, staged, redirects, previous=target if target.is_dir() else None)
            search.index_site(staged, registry)
            publish(staged, target)
        except BaseException:
            discard(staged)
            raise
    return SiteReport(target, results, counts["pages"], counts["redirects"], time.perf_counter() - started)
