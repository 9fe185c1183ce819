"""Whether a ``site`` run would change nothing, told from file metadata alone.

A run that finds nothing to do still reads and validates the registry and the release
data, materializes and checks every version's sources, hashes the working tree and the
tooling, and compares every job's files with its stamp: about 0.4 s, half of it imports
(pydantic, YAML, Sphinx). After a run that left the site published, this module records
the size and modification time of every file that run's outcome depends on; the next run
compares them first and, when none changed, reports the published site as current
without importing any of that.

Covered: the inputs of every job (``versions.toml``, ``redirects.toml``, ``conf.py``, the
runtime lock, the tooling package, the working tree's ``source/`` and ``locale/``, the
commit checked out, the interpreter, the build and target paths), the build state (the
materialized versions, every job's directory with its stamp, the site stamp) and the
published site (the link and every file of its generation). Files the builds derive
inside the inputs (compiled catalogs, byte code) are left out, as the job fingerprints
leave them out. Anything else makes the run take the full path, which decides from
content, as before, and records the new state.

Two races are closed. The record is written only when the inputs were the same at the
start and at the end of the run (an edit made while it ran is seen by the next one); and
not when an input was written shortly before the run started, because a file system
stamps modification times in ticks (up to 2 s on some), and a second write within the
same tick that keeps the size would not show (git calls these entries "racily clean").
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cloudempiere_docs.paths import PACKAGE_DIR, atomic_write, derived, tree_stats

#: The record, in the build directory's cache next to the site stamp.
RECORD = "noop.json"
#: Inputs written less than this before a run started make it record nothing.
SETTLE_NS = 2_000_000_000
#: Single files among the inputs, relative to the project.
INPUT_FILES = ("versions.toml", "redirects.toml", "conf.py", "requirements/runtime.txt")
#: Trees among the inputs, relative to the project (the tooling package is added).
INPUT_TREES = ("source", "locale")


def _file_stat(path: Path) -> list[int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _head(root: Path) -> str | None:
    """The commit checked out (the development version's date and the released
    versions' history depend on it); None outside a git checkout."""
    try:
        result = subprocess.run(("git", "rev-parse", "HEAD"), cwd=root, capture_output=True, text=True)
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


@dataclass(frozen=True)
class Snapshot:
    inputs: str  # digest of every input's size and modification time
    state: str  # digest of the build state and the published site
    newest_input_ns: int  # the latest modification time among the inputs
    taken_ns: int  # when the snapshot was taken (wall clock, as file times are)
    files: int  # how many files it looked at


def snapshot(root: Path, build_dir: Path, target: Path) -> Snapshot:
    """The metadata of every file a ``site`` run's outcome depends on."""
    taken = time.time_ns()
    newest, files = 0, 0
    inputs = hashlib.sha256()
    state = hashlib.sha256()

    def add(digest: hashlib._Hash, name: str, value: object) -> None:
        digest.update(name.encode() + b"\0" + json.dumps(value, sort_keys=True).encode() + b"\0")

    for name in INPUT_FILES:
        stat = _file_stat(root / name)
        newest = max(newest, stat[1] if stat else 0)
        files += 1
        add(inputs, name, stat)
    for name, top in [*((n, root / n) for n in INPUT_TREES), ("<tooling>", PACKAGE_DIR)]:
        stats = {rel: value for rel, value in tree_stats(top).items() if not derived(rel)}
        newest = max([newest, *(mtime for _, mtime in stats.values())])
        files += len(stats)
        add(inputs, name, stats)
    add(inputs, "<head>", _head(root))
    add(inputs, "<python>", [sys.executable, sys.version])
    add(inputs, "<paths>", [str(build_dir.absolute()), str(target.absolute())])

    cache = build_dir / "cache"
    for name, top in (("src", cache / "src"), ("jobs", cache / "jobs"), ("site", target)):
        stats = tree_stats(top)
        files += len(stats)
        add(state, name, stats)
    add(state, "site.json", _file_stat(cache / "site.json"))
    add(state, "<link>", os.readlink(target) if target.is_symlink() else None)
    return Snapshot(inputs.hexdigest(), state.hexdigest(), newest, taken, files)


def _path(build_dir: Path) -> Path:
    return build_dir / "cache" / RECORD


def current(build_dir: Path, now: Snapshot) -> dict[str, object] | None:
    """What the last run recorded of the published site (``pages``, ``redirects``) when
    nothing it depended on changed since; None otherwise."""
    try:
        record = json.loads(_path(build_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("inputs") != now.inputs or record.get("state") != now.state:
        return None
    return record


def forget(build_dir: Path) -> None:
    """Drop the record: a run is about to decide (and maybe change things) the full way."""
    _path(build_dir).unlink(missing_ok=True)


def record(build_dir: Path, before: Snapshot, after: Snapshot, pages: int, redirects: int) -> bool:
    """Record ``after`` for the next run, unless an input changed during the run or had
    been written too shortly before it to be told apart by its time. Whether it did."""
    if before.inputs != after.inputs or before.newest_input_ns >= before.taken_ns - SETTLE_NS:
        return False
    data = {"inputs": after.inputs, "state": after.state, "pages": pages, "redirects": redirects, "files": after.files}
    atomic_write(_path(build_dir), json.dumps(data))
    return True
