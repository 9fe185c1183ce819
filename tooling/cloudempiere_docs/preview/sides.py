"""The two sides of a change: the working tree and its base commit, each built as the
development version in every language, with the site's pipeline.

The base is the merge base of ``HEAD`` and the base ref (as a pull request shows its
changes), materialized from git like a released version (``source/`` and ``locale/`` of
that commit; conf.py, extensions and templates from the working tree, so the comparison
shows what the change does to the text, not what tooling changes do to old text). Both
builds are strict; a failing build is still compared (Sphinx writes every page with
``--keep-going``) and its warnings are reported.
"""

from __future__ import annotations

import dataclasses
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cloudempiere_docs.site import sources
from cloudempiere_docs.site.build import BuildError, JobResult, Workspace, build_all
from cloudempiere_docs.site.plan import Job
from cloudempiere_docs.site.registry import Registry

#: Where the base's builds are kept between runs (a base commit builds once).
BASE_BUILD = Path("build") / "diff-base"


class BaseError(Exception):
    """The base cannot be had: an unknown ref, a shallow clone, not a git checkout."""


@dataclass
class SideBuild:
    """One side built in every language: ``results[language]``; ``failed`` when the
    strict build did not pass (its pages are still there)."""

    name: str  # head | base
    commit: str | None  # None: the working tree
    project: Path  # where its source/ and locale/ are
    results: dict[str, JobResult]
    failed: bool

    def html(self, language: str) -> Path:
        return self.results[language].outdir


def resolve_base(root: Path, ref: str | None) -> tuple[str, str]:
    """``(ref shown, commit)``: the merge base of HEAD and ``ref`` (default: ``main``,
    else ``origin/main``)."""
    candidates = [ref] if ref else ["main", "origin/main"]
    for candidate in candidates:
        try:
            tip = sources.git(root, "rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}")
        except subprocess.CalledProcessError:
            continue
        except OSError as err:
            raise BaseError(f"git is not available: {err}") from None
        try:
            return candidate, sources.git(root, "merge-base", "HEAD", tip)
        except subprocess.CalledProcessError:
            shallow = _shallow(root)
            raise BaseError(
                f"{candidate} and HEAD have no common history here"
                + ("; this clone is shallow: run `git fetch --unshallow` (in CI: `fetch-depth: 0`)" if shallow else "")
            ) from None
    tried = " or ".join(candidates)
    hint = " (this clone is shallow: run `git fetch --unshallow`, in CI `fetch-depth: 0`)" if _shallow(root) else ""
    raise BaseError(f"no base to compare with: {tried} is not a commit here{hint}; pass --base REF")


def _shallow(root: Path) -> bool:
    try:
        return sources.git(root, "rev-parse", "--is-shallow-repository") == "true"
    except (subprocess.CalledProcessError, OSError):
        return False


def _build(ws: Workspace, jobs: list[Job]) -> tuple[dict[str, JobResult], bool]:
    """Build ``jobs``; on failure, the results as the failed builds left them."""
    try:
        results = build_all(ws, jobs)
        return {r.job.language: r for r in results}, False
    except BuildError:
        out: dict[str, JobResult] = {}
        for job in jobs:
            jobdir = ws.jobdir(job)
            log = jobdir / "build.log"
            text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            out[job.language] = JobResult(job, jobdir / "html", "failed", 0.0, text)
        return out, True


def build_sides(root: Path, registry: Registry, base_commit: str, languages: list[str] | None = None) -> tuple[SideBuild, SideBuild]:
    """Build the development version of the working tree and of ``base_commit``."""
    dev = registry.development
    langs = list(languages or registry.languages)
    head_ws = Workspace(root=root, build=root / "build", registry=registry)
    head_jobs = [Job(dev, lang) for lang in langs]
    head_results, head_failed = _build(head_ws, head_jobs)
    base_dev = dataclasses.replace(dev, commit=base_commit)
    base_registry = dataclasses.replace(registry, versions=tuple(base_dev if v is dev else v for v in registry.versions))
    base_ws = Workspace(root=root, build=root / BASE_BUILD, registry=base_registry)
    base_jobs = [Job(base_dev, lang) for lang in langs]
    base_results, base_failed = _build(base_ws, base_jobs)
    return (
        SideBuild("base", base_commit, base_ws.project_of(Job(base_dev, "")), base_results, base_failed),
        SideBuild("head", None, root, head_results, head_failed),
    )
