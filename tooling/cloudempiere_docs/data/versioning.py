"""Product version strings ("12", "13", "14.1") and their numeric order.

Manual versions are compared as numbers so "9" sorts before "13"; a version that is not
numeric (a branch name while previewing) disables version filtering instead of guessing.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

_VERSION = re.compile(r"^\d+(\.\d+)*$")


def _to_text(value: Any) -> Any:
    # YAML reads `since: 13` as an int and `since: 13.1` as a float; both mean the string.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _check(value: str) -> str:
    if not _VERSION.match(value):
        raise ValueError(f"must be a product version such as '13' or '13.1', got {value!r}")
    return value


#: A product version as written in data files.
Version = Annotated[str, BeforeValidator(_to_text), AfterValidator(_check)]


def version_key(version: str) -> tuple[int, ...] | None:
    """``"13.1"`` -> ``(13, 1)``; ``None`` when ``version`` is not numeric."""
    if not _VERSION.match(version or ""):
        return None
    parts = [int(p) for p in version.split(".")]
    while len(parts) > 1 and parts[-1] == 0:  # "13.0" == "13"
        parts.pop()
    return tuple(parts)


def previous_version(version: str) -> str | None:
    """The product version released before ``version`` ("13" -> "12")."""
    key = version_key(version)
    if key is None or key == (0,):
        return None
    if len(key) == 1:
        return str(key[0] - 1)
    return ".".join(str(p) for p in (*key[:-1], key[-1] - 1))
