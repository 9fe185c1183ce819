"""Sub-commands: site, plan, build-part, assemble, release cut, release repin, serve."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path

from cloudempiere_docs.paths import UnsafePathError, describe_oserror, inside
from cloudempiere_docs.site.lock import BuildLockedError, build_lock
from cloudempiere_docs.site.publish import discard, publish, publish_lock, staging_dir

# Everything else is imported where it is used: a ``site`` run that finds the published
# site current (site/noop.py) needs none of it, and the registry, the builds and the
# assembly bring pydantic, YAML and Sphinx (most of a no-op's time).


def errors() -> tuple[type[BaseException], ...]:
    """Bad input and conditions of the machine: reported in one message, never a
    traceback. (A function: ``except`` evaluates it only when something is raised.)"""
    from cloudempiere_docs.site import sources
    from cloudempiere_docs.site.assemble import AssembleError
    from cloudempiere_docs.site.build import BuildError
    from cloudempiere_docs.site.plan import PlanError
    from cloudempiere_docs.site.redirects import RedirectsError
    from cloudempiere_docs.site.registry import RegistryError

    return (
        BuildError, AssembleError, RegistryError, RedirectsError, sources.SourceError, PlanError,
        UnsafePathError, BuildLockedError, OSError,
    )  # fmt: skip


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def _message(err: BaseException) -> str:
    if isinstance(err, OSError) and not isinstance(err, BlockingIOError):
        return describe_oserror(err)
    return str(err)


def _fail(err: BaseException, what: str) -> int:
    print(f"error: {_message(err)}", file=sys.stderr)
    print(f"{what}: nothing was published; the previous site is untouched.", file=sys.stderr)
    return 1


def cmd_site(args: argparse.Namespace) -> int:
    from cloudempiere_docs.site.pipeline import build_site

    root = _root(args)
    try:
        out = Path(os.path.abspath(args.out)) if args.out else None
        report = build_site(root, out, args.jobs, args.force, reuse=not args.no_reuse, quick=not args.check_content)
    except errors() as err:
        return _fail(err, "site")
    if report.unchanged:
        print("Nothing changed since the site was published (inputs, job caches and published files as recorded).")
        print(f"\n{report.pages} pages, {report.redirects} redirects, checked in {report.seconds:.2f} s")
    else:
        print(report.table())
        print(f"\n{report.pages} pages, {report.redirects} redirects, {report.seconds:.1f} s")
    print(f"Site published in {report.target}/ (index.html picks the reader's language).")
    print("Open it with `make serve`, then http://localhost:8000/ (switchers and search need http).")
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    from cloudempiere_docs.site.plan import matrix, plan
    from cloudempiere_docs.site.registry import load_registry

    try:
        registry = load_registry(_root(args) / "versions.toml")
        jobs = plan(registry, args.version or None, args.language or None, args.format or None)
    except errors() as err:
        print(f"error: {_message(err)}", file=sys.stderr)
        return 1
    print(json.dumps(matrix(jobs), indent=2))
    return 0


def cmd_build_part(args: argparse.Namespace) -> int:
    """Build one version x language x format (a CI matrix job) into ``--out/<output>``:
    ``<lang>/<version>`` for the web pages, ``_formats/<lang>/<version>/<format>`` for
    a format (whose job builds the web pages it needs first, in the job cache)."""
    from cloudempiere_docs.site.build import Workspace, build_all
    from cloudempiere_docs.site.plan import plan
    from cloudempiere_docs.site.registry import load_registry

    root = _root(args)
    try:
        registry = load_registry(root / "versions.toml")
        (job,) = plan(registry, [args.version], [args.language], [args.format])
        dest = inside(Path(args.out).resolve(), *job.key.split("/"), what="build-part --language/--version/--format")
        with build_lock(root / "build"):
            ws = Workspace(root=root, build=root / "build", registry=registry)
            results = build_all(ws, [job])
            result = next(r for r in results if r.job.key == job.key)
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(result.outdir, dest)
    except errors() as err:
        return _fail(err, "build-part")
    print(f"{job.label}: {result.status} -> {dest}")
    return 0


def cmd_assemble(args: argparse.Namespace) -> int:
    """Assemble parts built elsewhere (``<parts>/<lang>/<version>/``) and publish them."""
    from cloudempiere_docs.site import search
    from cloudempiere_docs.site.assemble import assemble, parts_from_dir
    from cloudempiere_docs.site.redirects import load_redirects
    from cloudempiere_docs.site.registry import load_registry

    root = _root(args)
    target = Path(os.path.abspath(args.out))  # a published site is a symlink: keep it
    try:
        registry = load_registry(root / "versions.toml")
        parts = parts_from_dir(registry, Path(args.parts).resolve())
        with publish_lock(target):
            staged = staging_dir(target)
            try:
                previous = target if target.is_dir() else None
                assemble(registry, parts, staged, load_redirects(root / "redirects.toml"), previous=previous)
                search.index_site(staged, registry)
                publish(staged, target)
            except BaseException:
                discard(staged)
                raise
    except errors() as err:
        return _fail(err, "assemble")
    print(f"Site assembled from {len(parts)} parts and published in {target}/")
    return 0


def cmd_release_cut(args: argparse.Namespace) -> int:
    from cloudempiere_docs.site import release

    root = _root(args)
    try:
        new = release.cut(
            root, args.name, args.date, args.commit, args.title, args.previous_status, args.next_planned,
            args.defer_known_issues,
        )  # fmt: skip
    except errors() as err:
        print(f"error: {_message(err)}", file=sys.stderr)
        print("release cut: versions.toml is unchanged.", file=sys.stderr)
        return 1
    latest = new.latest
    title = f" {latest.title}" if latest.title else ""
    print(f"Recorded version {latest.name}{title} ({latest.release}) at commit {latest.commit[:12]} as latest;")
    if latest.from_data:
        print(f"the release data records {latest.release} as released on {latest.date} (that commit is on your branch now).")
    print(f"Development continues as {new.development.name}. Commit versions.toml and push (the site is published from main).")
    return 0


def cmd_release_repin(args: argparse.Namespace) -> int:
    from cloudempiere_docs.site import release

    root = _root(args)
    try:
        new = release.repin(root, args.names, args.commit)
    except errors() as err:
        print(f"error: {err}", file=sys.stderr)
        print("release repin: versions.toml is unchanged.", file=sys.stderr)
        return 1
    moved = [v for v in new.released if not args.names or v.name in args.names]
    for version in moved:
        print(f"Version {version.name} ({version.release}, {version.status}) is built from commit {version.commit[:12]}.")
    print("Commit versions.toml, then run `make site`.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from cloudempiere_docs.site.serve import serve

    directory = Path(os.path.abspath(args.dir))  # not resolved: follow the symlink a rebuild flips
    if not (directory / "index.html").exists():
        print(f"error: {directory} has no site yet; run `make site` first", file=sys.stderr)
        return 1
    serve(directory, args.port)
    return 0


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-12-14, got {value!r}") from None


def register(sub: argparse._SubParsersAction) -> None:
    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--root", default=".", help="the project (default: current directory)")
        return p

    p = common(sub.add_parser("site", help="build every version x language and publish build/site atomically"))
    p.add_argument("--out", help="publish here instead of build/site")
    p.add_argument("-j", "--jobs", type=int, default=None, help="parallel builds (default: all cores)")
    p.add_argument("--force", action="store_true", help="rebuild every job from scratch")
    p.add_argument(
        "--no-reuse", action="store_true",
        help="read every page of every version (by default a page the same in another version is read once)",
    )  # fmt: skip
    p.add_argument(
        "--check-content", action="store_true",
        help="compare every job with its recorded state even when no file's size or time changed since the last run",
    )  # fmt: skip
    p.set_defaults(func=cmd_site)

    p = common(sub.add_parser("plan", help="print the build matrix (one job per version x language) as JSON"))
    p.add_argument("--version", action="append", help="only this version (repeatable)")
    p.add_argument("--language", action="append", help="only this language (repeatable)")
    p.add_argument("--format", action="append", help="only this format: html (the web pages) or one of versions.toml's formats (repeatable)")
    p.set_defaults(func=cmd_plan)

    p = common(sub.add_parser("build-part", help="build one version x language x format into OUT/<output of the plan>"))
    p.add_argument("--version", required=True)
    p.add_argument("--language", required=True)
    p.add_argument("--format", default="html", help="html (default: the web pages) or a format of versions.toml")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_build_part)

    p = common(sub.add_parser("assemble", help="assemble parts built separately and publish them"))
    p.add_argument("--parts", required=True, help="directory with <lang>/<version>/ parts")
    p.add_argument("--out", required=True, help="the site to publish (a symlink switched atomically)")
    p.set_defaults(func=cmd_assemble)

    rel = sub.add_parser("release", help="release management")
    rsub = rel.add_subparsers(dest="release_command", required=True)
    p = common(rsub.add_parser("cut", help="record a new version in versions.toml after a strict build"))
    p.add_argument("name", help="the new version, e.g. 14")
    p.add_argument("--date", type=_date, required=True, help="release date, e.g. 2026-12-14")
    p.add_argument("--commit", default="HEAD", help="commit of main to publish (default: HEAD)")
    p.add_argument("--title", default="", help="codename (a project with release data takes it from there)")
    p.add_argument("--previous-status", default="supported", choices=["supported", "outdated"])
    p.add_argument("--next-planned", type=_date, default=None, help="planned date of the next version (without release data)")
    p.add_argument(
        "--defer-known-issues", metavar="RELEASE", default=None,
        help="move known issues still estimated for this release to RELEASE (a later planned release)",
    )  # fmt: skip
    p.set_defaults(func=cmd_release_cut)
    p = common(rsub.add_parser("repin", help="build released versions from a newer commit of main (corrected content)"))
    p.add_argument("names", nargs="*", help="the released versions to move (default: all)")
    p.add_argument("--commit", default="HEAD", help="commit of main holding their content (default: HEAD)")
    p.set_defaults(func=cmd_release_repin)

    p = sub.add_parser("serve", help="serve build/site on localhost with the 404 page")
    p.add_argument("--dir", default="build/site")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
