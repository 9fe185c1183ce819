"""Command line: ``python -m cloudempiere_docs <command>`` (see ``--help``).

Each area registers its own sub-commands (``register(subparsers)``) so this file stays a
dispatcher: site/release (publishing), CI helpers (``fingerprint``), i18n (catalogs),
preview (``diff``). Benchmarks are run with
``python -m benchmarks`` from the repository root (``make bench``).
"""

from __future__ import annotations

import argparse
import importlib
import sys

_COMMAND_MODULES = (
    "cloudempiere_docs.site.commands",
    "cloudempiere_docs.i18n.commands",
    "cloudempiere_docs.site.ci",
    "cloudempiere_docs.preview.commands",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cloudempiere_docs", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
