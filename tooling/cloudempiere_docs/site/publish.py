"""Atomic switch-over: ``build/site`` is a symlink flipped to a fully assembled tree.

A failed build never touches the published tree; readers of the old tree keep reading it
until the single ``rename`` of the link. :func:`publish` either raises before that rename
(nothing published) or returns after it (pruning old generations is best effort).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

from cloudempiere_docs.site.lock import build_lock

KEEP = 2  # published generations kept on disk (the current one and the one before)


def generations_dir(target: Path) -> Path:
    return target.parent / f".{target.name}-generations"


def publish_lock(target: Path) -> contextlib.AbstractContextManager[Path]:
    """One publisher at a time per published target (see lock.py)."""
    return build_lock(generations_dir(target))


def staging_dir(target: Path) -> Path:
    """A fresh directory beside ``target`` to assemble the next generation into."""
    generations = generations_dir(target)
    generations.mkdir(parents=True, exist_ok=True)
    path = generations / time.strftime("%Y%m%d-%H%M%S")
    suffix = 0
    while path.exists():
        suffix += 1
        path = generations / f"{time.strftime('%Y%m%d-%H%M%S')}-{suffix}"
    return path


def publish(staged: Path, target: Path) -> None:
    """Point ``target`` at ``staged`` in one atomic rename, then prune old generations."""
    aside = None
    if target.exists() and not target.is_symlink():
        # A plain directory from elsewhere: move it aside once, keeping it intact.
        aside = target.with_name(f".{target.name}-previous-{int(time.time())}")
        target.rename(aside)
    link = target.with_name(f".{target.name}.link-{os.getpid()}")
    try:
        link.unlink(missing_ok=True)
        link.symlink_to(os.path.relpath(staged, target.parent))
        os.replace(link, target)
    except BaseException:
        with contextlib.suppress(OSError):
            link.unlink(missing_ok=True)
            if aside is not None:
                aside.rename(target)
        raise
    try:
        generations = sorted(p for p in staged.parent.iterdir() if p.is_dir() and not p.is_symlink())
    except OSError:
        return  # published; old generations stay until the next build prunes them
    for old in generations[:-KEEP]:
        if old.resolve() != staged.resolve():
            shutil.rmtree(old, ignore_errors=True)


def discard(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)
