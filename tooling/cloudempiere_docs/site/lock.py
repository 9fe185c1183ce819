"""One build at a time per build directory.

Two builds sharing ``build/`` would rebuild the same job directories and caches under
each other's feet. Every command that writes there holds an exclusive ``flock`` on
``<directory>/.lock`` for its whole run; a second one stops at once with a message naming
the holder (pid, command, start time) instead of waiting or corrupting anything.

The kernel drops a ``flock`` when its holder dies, however it dies (crash, SIGKILL,
reboot), so a lock left by a dead process is never in the way: the next build takes it
over and overwrites the holder details. The lock is re-entrant within one process
(``build_site`` and the ``build_all`` it calls may both ask for it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".lock"

_held: dict[str, tuple[int, int]] = {}  # real path -> (fd, depth) held by this process


class BuildLockedError(Exception):
    """Another live process holds the build directory."""


def _holder(fd: int, patience: float = 2.0) -> str:
    """Who holds the lock, as it recorded itself (it writes right after taking the lock,
    so give it a moment)."""
    deadline = time.monotonic() + patience
    while True:
        try:
            info = json.loads(os.pread(fd, 65536, 0).decode("utf-8"))
            return f"pid {info['pid']} on {info['host']} (`{info['command']}`, started {info['started']})"
        except (OSError, ValueError, KeyError, TypeError):
            if time.monotonic() > deadline:
                return "a process that did not record itself"
            time.sleep(0.05)


@contextlib.contextmanager
def build_lock(directory: Path, command: str | None = None) -> Iterator[Path]:
    """Hold ``directory``'s lock for the duration of the block (creating the directory)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOCK_NAME
    key = os.path.realpath(path)
    if key in _held:
        fd, depth = _held[key]
        _held[key] = (fd, depth + 1)
        try:
            yield path
        finally:
            fd, depth = _held[key]
            _held[key] = (fd, depth - 1)
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLockedError(
                f"{directory} is in use by another build: {_holder(fd)}; wait for it to finish"
                " (or stop that process) and run again"
            ) from None
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": command or " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
            "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        _held[key] = (fd, 1)
        try:
            yield path
        finally:
            del _held[key]
            os.ftruncate(fd, 0)  # nobody holds it now; flock is released on close
    finally:
        os.close(fd)
