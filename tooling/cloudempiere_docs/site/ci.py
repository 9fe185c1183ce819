"""What a CI engine needs beyond ``plan``, ``build-part`` and ``assemble``.

``python -m cloudempiere_docs fingerprint --version 13 --language sk`` prints the input
fingerprint of one build job: the same value the pipeline records in the job's
``fingerprint.json`` and compares to skip a job (sources or commit, tooling, conf.py,
locked runtime, the registry's versions, the latest version's pages, options). A CI
matrix job keys its cache with it, so a job whose inputs did not change restores its
whole output and ``build-part`` skips the build; a changed job restores the previous
state of the same version and language (a partial key) and builds incrementally.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cloudempiere_docs.site import sources
from cloudempiere_docs.site.build import BuildError, Workspace, any_job_fingerprint, metadata, tooling_fingerprint
from cloudempiere_docs.site.plan import HTML, PlanError, plan
from cloudempiere_docs.site.registry import RegistryError, load_registry


def fingerprint(root: Path, version: str, language: str, build: Path | None = None, fmt: str = HTML) -> str:
    """The input fingerprint of the ``version`` x ``language`` (x ``fmt``) job of the
    project at ``root``."""
    registry = load_registry(root / "versions.toml")
    (job,) = plan(registry, [version], [language], [fmt])
    ws = Workspace(root=root, build=build or root / "build", registry=registry)
    return any_job_fingerprint(ws, job, tooling_fingerprint(root), metadata(ws, language))


def cmd_fingerprint(args: argparse.Namespace) -> int:
    try:
        print(fingerprint(Path(args.root).resolve(), args.version, args.language, fmt=args.format))
    except (RegistryError, PlanError, sources.SourceError, BuildError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fingerprint", help="print the input fingerprint of one build job (a CI cache key)")
    p.add_argument("--root", default=".", help="the project (default: current directory)")
    p.add_argument("--version", required=True)
    p.add_argument("--language", required=True)
    p.add_argument("--format", default=HTML, help="the job's format (default: html, the web pages)")
    p.set_defaults(func=cmd_fingerprint)
