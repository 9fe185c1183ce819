"""Edition conditions: which editions (product versions) of the manual a text belongs to.

One source tree holds the manual of every product version. A paragraph, list item or
section that applies only to some versions is wrapped in ``{edition}`` with a condition,
and a page that exists only in some versions says so in its front matter
(``editions: from 14``). The condition language is small on purpose:

==================  ===========================================
``13``              only the edition of version 13
``from 13``         13 and every later edition
``until 12``        12 and every earlier edition (inclusive)
``from 12 until 13``  12 and 13
==================  ===========================================

Versions are the names of ``versions.toml`` (``12``, ``13``, ``14``); a condition naming
any other version is an error, so a typo cannot silently hide text from every edition.
This module is pure Python: the Sphinx side (``reference.editions``) and the pipeline
(which pages a version has) use the same parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cloudempiere_docs.data.loader import DataFileError, parse_yaml
from cloudempiere_docs.data.versioning import Version, check_name

_WORD = re.compile(r"\s+")


class ConditionError(ValueError):
    """A condition that cannot be parsed or names an unknown version."""


@dataclass(frozen=True)
class Condition:
    """An inclusive range of editions; ``None`` ends are open."""

    text: str
    first: Version | None
    last: Version | None

    def applies(self, version: Version | None) -> bool:
        """Whether text under this condition is part of the edition ``version``
        (None: every edition, as in the gettext build that extracts all text)."""
        if version is None:
            return True
        if self.first is not None and version < self.first:
            return False
        return not (self.last is not None and version > self.last)

    def __str__(self) -> str:
        return self.text


def _version(word: str, known: Iterable[Version] | None) -> Version:
    try:
        version = Version(check_name(word))
    except ValueError:
        raise ConditionError(f"{word!r} is not a version such as '13'") from None
    if known is not None:
        known = sorted(set(known))
        if version not in known:
            names = ", ".join(str(v) for v in known)
            raise ConditionError(f"unknown version {word!r} (versions.toml has {names})")
    return version


def parse(text: str, known: Iterable[Version] | None = None) -> Condition:
    """Parse ``text`` (see the module docstring); with ``known``, every version it
    names must be one of them. Raises :class:`ConditionError` saying what is expected."""
    known = list(known) if known is not None else None
    words = _WORD.split(str(text).strip()) if str(text).strip() else []
    expected = "expected '13', 'from 13', 'until 12' or 'from 12 until 13'"
    first = last = None
    if len(words) == 1 and words[0] not in ("from", "until"):
        first = last = _version(words[0], known)
    elif len(words) == 2 and words[0] in ("from", "until"):
        if words[0] == "from":
            first = _version(words[1], known)
        else:
            last = _version(words[1], known)
    elif len(words) == 4 and words[0] == "from" and words[2] == "until":
        first, last = _version(words[1], known), _version(words[3], known)
        if last < first:
            raise ConditionError(f"{text!r} names no edition: {words[3]} is before {words[1]}")
    else:
        raise ConditionError(f"{expected}, got {text!r}")
    return Condition(" ".join(words), first, last)


# ------------------------------------------------------------------------------ pages

#: The front matter key of a page that belongs to some editions only.
FRONT_MATTER_KEY = "editions"
#: Front matter is a few lines; a page whose first block is larger is not read as one.
_MAX_FRONT_MATTER = 64 * 1024


@dataclass(frozen=True)
class PageCondition:
    """The ``editions`` of one page as written in its front matter."""

    path: Path
    line: int  # 1-based line of the key
    text: str


def page_condition(path: Path) -> PageCondition | None:
    """The ``editions:`` value of a MyST page's front matter (None: no such key).

    Read with the safe YAML loader from the ``---`` block at the top of the file, as
    MyST reads it; a page whose front matter is not valid YAML is left to MyST, which
    reports it when the page is read."""
    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(_MAX_FRONT_MATTER)
    except (OSError, UnicodeDecodeError):
        return None
    lines = head.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None
    try:  # the project's YAML reader: safe, no anchors or aliases, bounded depth
        matter, positions = parse_yaml(str(path), "\n".join(lines[1:end]))
    except DataFileError:
        return None
    if not isinstance(matter, dict) or FRONT_MATTER_KEY not in matter:
        return None
    line = 1 + (positions.get((FRONT_MATTER_KEY,)) or 1)  # after the opening ---
    value = matter[FRONT_MATTER_KEY]
    return PageCondition(path, line, "" if value is None else str(value))


def page_conditions(srcdir: Path, docnames: Iterable[str], suffix: str = ".md") -> dict[str, PageCondition]:
    """The pages among ``docnames`` that declare their editions."""
    found = {}
    for docname in docnames:
        condition = page_condition(srcdir / f"{docname}{suffix}")
        if condition is not None:
            found[docname] = condition
    return found


def pages_outside(
    srcdir: Path, docnames: Iterable[str], version: Version | None, known: Iterable[Version] | None = None
) -> set[str]:
    """The pages that are not part of the edition ``version``. A page whose condition
    is wrong stays in (the build reports the condition where it is written)."""
    outside = set()
    for docname, page in page_conditions(srcdir, docnames).items():
        try:
            condition = parse(page.text, known)
        except ConditionError:
            continue
        if not condition.applies(version):
            outside.add(docname)
    return outside
