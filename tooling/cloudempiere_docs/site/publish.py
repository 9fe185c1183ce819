"""Atomic switch-over: ``build/site`` is a symlink flipped to a fully assembled tree.

A failed build never touches the published tree; readers of the old tree keep reading it
until the single ``rename`` of the link.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

KEEP = 2  # published generations kept on disk (the current one and the one before)


def staging_dir(target: Path) -> Path:
    """A fresh directory beside ``target`` to assemble the next generation into."""
    generations = target.parent / f".{target.name}-generations"
    generations.mkdir(parents=True, exist_ok=True)
    path = generations / time.strftime("%Y%m%d-%H%M%S")
    suffix = 0
    while path.exists():
        suffix += 1
        path = generations / f"{time.strftime('%Y%m%d-%H%M%S')}-{suffix}"
    return path


def publish(staged: Path, target: Path) -> None:
    """Point ``target`` at ``staged`` in one atomic rename, then prune old generations."""
    if target.exists() and not target.is_symlink():
        # A plain directory from elsewhere: move it aside once, keeping it intact.
        target.rename(target.with_name(f".{target.name}-previous-{int(time.time())}"))
    link = target.with_name(f".{target.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(staged, target.parent))
    os.replace(link, target)
    generations = sorted(p for p in staged.parent.iterdir() if p.is_dir())
    for old in generations[:-KEEP]:
        if old.resolve() != staged.resolve():
            shutil.rmtree(old, ignore_errors=True)


def discard(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)
