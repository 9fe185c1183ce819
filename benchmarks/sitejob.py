"""``python -m benchmarks.sitejob ROOT [--force] [--no-reuse]``: one pipeline run as JSON.

The benchmark runs the pipeline (``build_site``, as ``make site`` does) in a child process
so its time includes interpreter start-up, like the stock command it is compared with,
and so the memory of the whole process tree can be sampled. It prints the status of each
job so the runner can tell a no-op from a rebuild.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cloudempiere_docs.site.pipeline import build_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sitejob")
    parser.add_argument("root", type=Path)
    parser.add_argument("--force", action="store_true")
    parser.add_argument("-j", "--jobs", type=int, default=None)
    parser.add_argument("--no-reuse", action="store_true", help="read every page of every version")
    parser.add_argument("--check-content", action="store_true", help="decide the full way even when no file's metadata changed")
    args = parser.parse_args(argv)
    report = build_site(
        args.root.resolve(), workers=args.jobs, force=args.force, reuse=not args.no_reuse, quick=not args.check_content
    )
    jobs = [
        {
            "version": r.job.version.name, "language": r.job.language, "format": r.job.format,
            "status": r.status, "seconds": r.seconds,
        }  # fmt: skip
        for r in report.results
    ]
    print(json.dumps({"pages": report.pages, "seconds": report.seconds, "jobs": jobs, "unchanged": report.unchanged}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
