"""Product versions: the one version type of the project.

Every version number, in data files ("since: 13"), in ``versions.toml`` (name "13",
release "13.2") and in the manual being built, is a :class:`packaging.version.Version`,
so all of them compare the same way: numerically ("9" < "13"), and with trailing zeros
ignored, deliberately: "13" and "13.0" are the same version (a setting ``since: 13``
is in the manual of release 13.0, and ``{release}`13``` finds release 13.0).

We accept only digits and dots where a version is written: packaging would also take
"v13", "13.post1" or "13+local", and a version name is also a path segment of the site
(``en/13/``), which must never be able to leave it.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from packaging.version import Version
from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

__all__ = [
    "ProductVersion",
    "ReleaseNumber",
    "Version",
    "check_name",
    "check_release",
    "parse",
    "parse_or_none",
    "previous",
]

#: A version name: "13" or "13.1" (at most four parts of up to six digits).
NAME = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6}){0,3}")
#: A full release of a registry entry: a name, optionally with a pre-release or
#: development suffix ("13.2", "14.0.dev", "14.0rc1").
RELEASE = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6}){0,3}(\.?(dev|a|b|rc)[0-9]{0,6})?")
#: A release in ``releases.yaml``: major.minor ("13.1").
RELEASE_NUMBER = re.compile(r"[0-9]{1,6}\.[0-9]{1,6}")


def _text(value: Any) -> Any:
    # YAML reads `since: 13` as an int and `since: 13.1` as a float; both mean the text.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Version):
        return str(value)
    return value


def check_name(value: Any) -> str:
    """``value`` as a version name, or ValueError saying what a name looks like."""
    text = _text(value)
    if not isinstance(text, str) or not NAME.fullmatch(text):
        raise ValueError(f"must be a product version such as '13' or '13.1', got {value!r}")
    return text


def check_release(value: Any) -> str:
    """``value`` as a full release ("13.2", "14.0.dev"), or ValueError."""
    text = _text(value)
    if not isinstance(text, str) or not RELEASE.fullmatch(text):
        raise ValueError(f"must be a release such as '13.2' or '14.0.dev', got {value!r}")
    return text


def parse(value: Any) -> Version:
    """A version name as a :class:`Version`; ValueError for anything else."""
    if isinstance(value, Version):
        return value
    return Version(check_name(value))


def parse_or_none(value: Any) -> Version | None:
    """Like :func:`parse`, but None for a text that is no version name (a preview
    built under a branch name shows everything instead of guessing)."""
    try:
        return parse(value)
    except ValueError:
        return None


def _release_number(value: Any) -> Version:
    text = _text(value)
    if not isinstance(text, str) or not RELEASE_NUMBER.fullmatch(text):
        raise ValueError(f"must be a release number such as '13.1', got {value!r}")
    return Version(text)


def previous(version: Version) -> Version | None:
    """The version released before ``version`` ("13" -> "12", "13.1" -> "13.0")."""
    parts = list(version.release)
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    if parts == [0]:
        return None
    parts[-1] -= 1
    return Version(".".join(str(p) for p in parts))


_AS_TEXT = PlainSerializer(str, return_type=str)
_SCHEMA = WithJsonSchema({"type": "string"})

#: A product version in a data file ("13", "13.1"); YAML numbers are read as their text.
ProductVersion = Annotated[Version, PlainValidator(parse), _AS_TEXT, _SCHEMA]
#: A release in releases.yaml / defects.yaml: major.minor ("13.1").
ReleaseNumber = Annotated[Version, PlainValidator(_release_number), _AS_TEXT, _SCHEMA]
