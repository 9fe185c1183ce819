"""Sub-command ``diff``: the report of a change against its base (``make diff``)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from cloudempiere_docs.paths import UnsafePathError, describe_oserror
from cloudempiere_docs.preview.report import write_report
from cloudempiere_docs.preview.sides import BaseError, build_sides, resolve_base
from cloudempiere_docs.site import sources
from cloudempiere_docs.site.lock import BuildLockedError, build_lock
from cloudempiere_docs.site.plan import PlanError
from cloudempiere_docs.site.redirects import RedirectsError, load_redirects
from cloudempiere_docs.site.registry import RegistryError, load_registry

ERRORS = (BaseError, RegistryError, RedirectsError, sources.SourceError, PlanError, UnsafePathError, BuildLockedError, OSError)


def cmd_diff(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    out = Path(args.out).resolve() if args.out else root / "build" / "diff"
    started = time.perf_counter()
    try:
        registry = load_registry(root / "versions.toml")
        redirects = load_redirects(root / "redirects.toml")
        unknown = set(args.language or ()) - set(registry.languages)
        if unknown:
            raise PlanError(f"unknown language(s): {', '.join(sorted(unknown))}; published: {', '.join(registry.languages)}")
        ref, commit = resolve_base(root, args.base)
        with build_lock(root / "build", command="diff"):  # it builds into make site's job caches
            base, head = build_sides(root, registry, commit, args.language or None)
            report = write_report(out, base, head, ref, base.project, head.project, dict(redirects))
    except ERRORS as err:
        message = describe_oserror(err) if isinstance(err, OSError) and not isinstance(err, BlockingIOError) else str(err)
        print(f"error: {message}", file=sys.stderr)
        return 1
    print(f"Compared with {ref} at {commit[:12]} (merge base), development version {registry.development.name}:\n")
    print(report.table())
    print(f"\nReport: {out / 'index.html'} (comment text: {out / 'report.md'}), {time.perf_counter() - started:.1f} s")
    if head.failed:
        print("error: the strict build of the working tree fails; the new warnings are in the report.", file=sys.stderr)
        return 1
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "diff",
        help="compare the working tree with its base: report and page comparisons in build/diff/",
        description="Build the development version of the working tree and of the merge base of HEAD and "
        "--base in every language, and write what changed (pages, warnings, translation work) to build/diff/.",
    )
    p.add_argument("--root", default=".", help="the project (default: current directory)")
    p.add_argument("--base", default=None, help="the ref to compare with (default: main, else origin/main)")
    p.add_argument("--language", action="append", help="only this language (repeatable)")
    p.add_argument("--out", help="write the report here instead of build/diff")
    p.set_defaults(func=cmd_diff)
