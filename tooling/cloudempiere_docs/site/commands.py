"""Sub-commands of ``python -m cloudempiere_docs`` for this area."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this area's sub-commands; each sets ``func`` to a callable(args) -> exit code."""
