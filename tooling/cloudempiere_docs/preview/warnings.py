"""Warnings of a build log, and which of them a change brings.

Sphinx writes ``<file>:<line>: WARNING: <message>`` (or without a location). The same
problem in the base and in the change has different absolute paths (the base is built
from a materialized copy) and may move by a few lines, so warnings are compared by the
file relative to the project and the message; a warning is new when the change has more
of it than the base.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_LINE = re.compile(r"^(?:(?P<where>.+?): )?(?P<level>WARNING|ERROR|CRITICAL): (?P<message>.+)$")
_ESCAPES = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class BuildWarning:
    path: str  # relative to the project ("source/guide.md"), or "" without a location
    line: int | None
    level: str
    message: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.level, self.message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: " if self.path and self.line else (f"{self.path}: " if self.path else "")
        return f"{where}{self.level}: {self.message}"


def _relative(where: str, prefixes: Iterable[Path]) -> tuple[str, int | None]:
    path, line = where, None
    match = re.match(r"^(.*?):(\d+)$", where)
    if match:
        path, line = match.group(1), int(match.group(2))
    for prefix in prefixes:
        text = str(prefix).rstrip("/") + "/"
        if path.startswith(text):
            path = path[len(text) :]
            break
    return path, line


def parse(log: str, prefixes: Iterable[Path] = ()) -> list[BuildWarning]:
    """Every warning and error line of a Sphinx log, paths relative to the first of
    ``prefixes`` (project directories) that holds them."""
    found = []
    roots = [Path(p) for p in prefixes]
    for raw in log.splitlines():
        line = _ESCAPES.sub("", raw).rstrip()
        match = _LINE.match(line)
        if not match:
            continue
        path, number = _relative(match.group("where") or "", roots)
        found.append(BuildWarning(path, number, match.group("level"), match.group("message")))
    return found


def new_warnings(base: list[BuildWarning], head: list[BuildWarning]) -> list[BuildWarning]:
    """Warnings of ``head`` beyond those ``base`` has already (counted per file and message)."""
    left = Counter(w.key for w in base)
    new = []
    for warning in head:
        if left[warning.key]:
            left[warning.key] -= 1
        else:
            new.append(warning)
    return new
