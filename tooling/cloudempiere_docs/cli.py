"""Command line: ``python -m cloudempiere_docs <command>`` (see ``--help``)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cloudempiere_docs", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("site", help="build and publish every version x language into build/site")
    args = parser.parse_args(argv)
    parser.error(f"{args.command}: not implemented yet")
    return 2


if __name__ == "__main__":
    sys.exit(main())
