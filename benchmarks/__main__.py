"""``python -m benchmarks`` (``make bench``): benchmark our pipeline against the stock path.

Run from the repository root (``python -m`` puts it on the import path); the benchmarks
are not part of the installable package."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.corpus import CorpusSpec
from benchmarks.measure import CommandFailed
from benchmarks.runner import Options, run_benchmark, run_sweep, save, table

#: --quick: a smoke test of every scenario in well under a minute.
QUICK = {"pages": 5, "words": 150, "runs": 1, "long_pages": 3, "drift_versions": 4, "drift_pages": 5}
DEFAULTS = {"pages": 50, "words": 600, "runs": 3, "long_pages": 60, "drift_versions": 20, "drift_pages": 50}
#: A sweep's stock cold build per size stops after this many seconds (reported as "more than").
SWEEP_STOCK_CAP = 900.0
#: Words per page of the long-page corpus.
LONG_WORDS = 1400


def _sizes(value: str) -> list[int]:
    try:
        sizes = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected page counts like 50,200,800, got {value!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"expected positive page counts like 50,200,800, got {value!r}")
    return sizes


def _count(minimum: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = minimum - 1
        if number < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {minimum}, got {value!r}")
        return number

    return parse


def cmd_bench(args: argparse.Namespace) -> int:
    base = QUICK if args.quick else DEFAULTS
    sweep_runs = 1 if args.sweep else None  # a sweep repeats slow builds: one run per size unless asked
    runs = args.runs or sweep_runs or base["runs"]
    spec = CorpusSpec(pages=args.pages or base["pages"], words=args.words or base["words"], versions=args.versions)
    long_pages = base["long_pages"] if args.long_pages is None else args.long_pages
    long_spec = None
    if long_pages and not args.sweep:
        long_spec = CorpusSpec(pages=long_pages, words=LONG_WORDS, versions=args.versions, layout="long")
    drift_versions = base["drift_versions"] if args.drift_versions is None else args.drift_versions
    drift_spec = None
    if drift_versions and not args.sweep:
        drift_spec = CorpusSpec(
            pages=args.drift_pages or base["drift_pages"],
            words=args.words or base["words"],
            versions=drift_versions,
            languages=("en",),
            layout="drift",
        )
    if args.drift_only and (drift_spec is None or args.sweep):
        print("error: --drift-only needs the drift corpus (--drift-versions > 0) and no --sweep", file=sys.stderr)
        return 2
    if args.real_only and (args.sweep or args.drift_only):
        print("error: --real-only measures the real manual alone (no --sweep, no --drift-only)", file=sys.stderr)
        return 2
    # The repository's own manual: by default in a full run (not --quick, --sweep or
    # --drift-only), from the repository the benchmarks are run in.
    real_wanted = args.real_only or (args.real_manual if args.real_manual is not None else not (args.quick or args.drift_only))
    real = Path.cwd() if real_wanted and not args.sweep else None
    if real is not None and not (real / "versions.toml").is_file():
        print(f"error: {real} has no versions.toml: run the benchmarks from the repository root", file=sys.stderr)
        return 2
    if args.real_only:
        drift_spec = None
    opts = Options(
        spec=spec,
        long_spec=long_spec,
        drift_spec=drift_spec,
        main=not (args.drift_only or args.real_only),
        real=real,
        runs=runs,
        out=Path(args.out),
        workdir=Path(args.workdir) if args.workdir else None,
        keep=args.keep,
        workers=args.jobs,
        stock_cap=args.stock_cap if args.stock_cap is not None else (SWEEP_STOCK_CAP if args.sweep else None),
    )
    try:
        report = run_sweep(opts, args.sweep) if args.sweep else run_benchmark(opts)
    except CommandFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    path = save(report, opts.out)
    print(table(report))
    print(f"\nResults: {path} (also {path.parent / ('sweep-latest.json' if args.sweep else 'latest.json')})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Generate a synthetic manual (a multi-version git repository, fully translated"
        " into Slovak) and measure cold, no-op and one-page builds, SK/EN, peak memory and page weight"
        " of our pipeline against the stock path; then a manual of many versions in one language that"
        " differ in a few pages each (the drift corpus): its cold site against one version of it."
        " Prints a table; writes JSON into --out.",
    )
    p.add_argument("--pages", type=int, help=f"content pages per version (default {DEFAULTS['pages']})")
    p.add_argument("--words", type=int, help=f"words per page (default {DEFAULTS['words']})")
    p.add_argument("--versions", type=int, default=3, help="versions, the last in development (default 3)")
    p.add_argument("--runs", type=int, help=f"repetitions; medians are reported (default {DEFAULTS['runs']})")
    p.add_argument(
        "--long-pages", type=int, metavar="N",
        help=f"pages of the second corpus, of about {LONG_WORDS:,} words each (default {DEFAULTS['long_pages']}; 0: skip it)",
    )  # fmt: skip
    p.add_argument(
        "--drift-versions", type=_count(0), metavar="N",
        help="versions of the drift corpus: one language, each version changing 5 %% of the pages of the one before"
        f" (default {DEFAULTS['drift_versions']}; --quick {QUICK['drift_versions']}; 0: skip it)",
    )  # fmt: skip
    p.add_argument(
        "--drift-pages", type=_count(1), metavar="N",
        help=f"content pages of the drift corpus (default {DEFAULTS['drift_pages']}; --quick {QUICK['drift_pages']})",
    )
    p.add_argument("--drift-only", action="store_true", help="measure the drift corpus only")
    p.add_argument(
        "--real-manual", action=argparse.BooleanOptionalAction, default=None,
        help="measure this repository's manual too (a clone of HEAD, web pages only; default: in a full run)",
    )  # fmt: skip
    p.add_argument("--real-only", action="store_true", help="measure the real manual only")
    p.add_argument(
        "--quick", action="store_true", help="smoke test: tiny corpora (5 short pages; drift: 4 versions x 5 pages), one run"
    )
    p.add_argument("--sweep", type=_sizes, metavar="N,N,...", help="cold builds only, per corpus size in pages")
    p.add_argument(
        "--stock-cap", type=float, metavar="SECONDS",
        help=f"stop a stock cold build after SECONDS and report it as more than that (default: {SWEEP_STOCK_CAP:.0f} in a sweep, none otherwise)",
    )  # fmt: skip
    p.add_argument("-j", "--jobs", type=int, help="parallel builds of our pipeline (default: all cores)")
    p.add_argument("--out", default="build/bench", help="where results go (default build/bench)")
    p.add_argument("--workdir", help="where corpora are generated (default <out>/work)")
    p.add_argument("--keep", action="store_true", help="keep the generated corpora")
    p.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
