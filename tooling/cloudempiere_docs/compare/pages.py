"""Which page of the older version is which page of the newer one.

A page with the same name on both sides is the same page. A page that moved is known
from ``redirects.toml`` (old name -> new name): its old name exists only on the older
side and the name it was renamed to only on the newer one. Everything else was added or
removed; a removed page whose address now forwards to another page says so. Where a
renamed page lives follows the rules of the version switchers
(:mod:`cloudempiere_docs.counterparts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from cloudempiere_docs.counterparts import renamed_to

Kind = Literal["same", "renamed", "added", "removed"]


@dataclass(frozen=True)
class PageMatch:
    old: str | None  # the page in the older version
    new: str | None  # the page in the newer version
    forward: str | None = None  # a removed page: where its old address leads now

    @property
    def kind(self) -> Kind:
        if self.old and self.new:
            return "same" if self.old == self.new else "renamed"
        return "added" if self.new else "removed"

    @property
    def name(self) -> str:
        """Where the comparison lives: under the newer name, else the older."""
        return self.new or self.old or ""


def match_pages(old: Iterable[str], new: Iterable[str], redirects: Mapping[str, str]) -> list[PageMatch]:
    """Every page of both sides once, sorted by where its comparison lives. A page gone
    from the newer side is paired with the page it was renamed to, unless the older side
    has that page too or an earlier gone page took it."""
    old_set, new_set = set(old), set(new)
    gone = old_set - new_set
    renamed_from: dict[str, str] = {}
    for name in sorted(gone):
        target = renamed_to(name, new_set, redirects)
        if target is not None and target not in old_set and target not in renamed_from:
            renamed_from[target] = name
    matches = [PageMatch(name, name) for name in old_set & new_set]
    matches += [PageMatch(renamed_from.get(name), name) for name in new_set - old_set]
    for name in gone - set(renamed_from.values()):
        matches.append(PageMatch(name, None, renamed_to(name, new_set, redirects)))
    return sorted(matches, key=lambda m: m.name)
