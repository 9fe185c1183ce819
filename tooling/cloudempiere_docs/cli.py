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


#: Which module registers each command. ``python -m cloudempiere_docs site`` imports only
#: the site commands (the others bring the catalog tools and the preview's comparison
#: engine: about half a second of a no-op build); anything else, ``--help`` included,
#: imports every module. tests/test_site.py checks this table against the modules.
COMMAND_OWNERS = {
    **dict.fromkeys(("site", "plan", "build-part", "assemble", "release", "serve"), "cloudempiere_docs.site.commands"),
    "i18n": "cloudempiere_docs.i18n.commands",
    "fingerprint": "cloudempiere_docs.site.ci",
    "diff": "cloudempiere_docs.preview.commands",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or only of the module that owns ``command``."""
    parser = argparse.ArgumentParser(prog="python -m cloudempiere_docs", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    owner = COMMAND_OWNERS.get(command or "")
    for name in [owner] if owner else _COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
