"""``python -m cloudempiere_docs i18n <action>``: the translators' workflow.

update   extract templates into locale/en and update every language's catalogs (make i18n)
stats    coverage per page and language; --min-coverage fails below a threshold (make i18n-stats)
check    catalog syntax, templates in sync, orphans, kept markup, language codes (CI)

Catalogs are compiled by Sphinx when a build starts; every translated build also checks
the syntax and kept markup of its catalogs (a broken catalog fails the strict build).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cloudempiere_docs.i18n import catalogs, checks, stats


def _project(args: argparse.Namespace) -> catalogs.Project:
    return catalogs.find_project(args.root)


def _update(args: argparse.Namespace) -> int:
    project = _project(args)
    report = catalogs.update(project)
    for label, paths in (
        ("template written", report.templates_written),
        ("template removed", report.templates_removed),
        ("catalog created", report.catalogs_created),
        ("catalog updated", report.catalogs_updated),
    ):
        for path in paths:
            print(f"{label}: {path}")
    if not any(vars(report).values()):
        print("catalogs already up to date")
    return 0


def _stats(args: argparse.Namespace) -> int:
    project = _project(args)
    try:
        minimum = args.min_coverage if args.min_coverage is not None else stats.configured_minimum(project)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    table, failures = stats.report(project, minimum)
    print("Fuzzy messages are shown in English, so they count as not translated.\n")
    print(table)
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _check(args: argparse.Namespace) -> int:
    project = _project(args)
    problems = checks.run_checks(project, sync=not args.no_sync)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"i18n check: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("i18n check: catalogs OK")
    return 0


def _run(func):
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except catalogs.I18nError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1

    return wrapped


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``i18n`` command and its actions."""
    parser = sub.add_parser("i18n", help="translation catalogs", description=__doc__,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: found from the current one)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("update", help="extract templates and update catalogs").set_defaults(func=_run(_update))
    stats_parser = actions.add_parser("stats", help="translation coverage per page")
    stats_parser.add_argument(
        "--min-coverage", type=float, default=None, metavar="PERCENT",
        help=f"fail below this coverage (default: pyproject.toml [{stats.CONFIG_TABLE}] {stats.CONFIG_KEY})",
    )  # fmt: skip
    stats_parser.set_defaults(func=_run(_stats))
    check_parser = actions.add_parser("check", help="check every catalog")
    check_parser.add_argument("--no-sync", action="store_true", help="skip re-extracting templates (faster)")
    check_parser.set_defaults(func=_run(_check))
