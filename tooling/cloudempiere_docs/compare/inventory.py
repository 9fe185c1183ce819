"""Reference entries added and removed between two versions, from each build's
``objects.inv`` (Sphinx's inventory of every object the domains record: the settings,
windows, forms and taxes of the reference data, defects and releases, glossary terms).

A setting removed from the data is gone from the newer version's inventory, so it is
listed as removed whatever page showed it; the comparison of that page shows the entry
struck out. Sphinx's own reader (:meth:`sphinx.util.inventory.InventoryFile.load`, the
one intersphinx uses) reads the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sphinx.util.inventory import InventoryFile

#: The object types a reader looks for, in the order the summary lists them; the labels
#: are translated by the interface catalog (a test keeps them in it).
TYPES: dict[str, str] = {
    "ce:setting": "Settings",
    "ce:window": "Windows",
    "ce:form": "Forms",
    "ce:tax": "Taxes",
    "rel:release": "Releases",
    "rel:defect": "Defects",
    "std:term": "Glossary terms",
}


@dataclass(frozen=True)
class Entry:
    type: str  # e.g. ce:setting
    name: str
    uri: str  # page.html#anchor, relative to the version's root

    @property
    def docname(self) -> str:
        page = self.uri.split("#", 1)[0]
        return page[: -len(".html")] if page.endswith(".html") else page

    @property
    def anchor(self) -> str:
        return self.uri.split("#", 1)[1] if "#" in self.uri else ""


def load(html_dir: Path) -> dict[tuple[str, str], Entry]:
    """The entries of the types above in ``html_dir/objects.inv`` (none if it is missing
    or unreadable: the comparison of the pages still stands)."""
    path = html_dir / "objects.inv"
    try:
        with path.open("rb") as stream:
            inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    entries: dict[tuple[str, str], Entry] = {}
    for kind in TYPES:
        for name, item in inventory.get(kind, {}).items():
            uri = item.uri if hasattr(item, "uri") else item[2]  # a named tuple since Sphinx 8.2
            entries[(kind, name)] = Entry(kind, name, uri)
    return entries


@dataclass(frozen=True)
class EntryChanges:
    added: list[Entry]
    removed: list[Entry]

    def by_type(self, entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
        """``(type, entries)`` in the order of :data:`TYPES`, types without entries left out."""
        return [(kind, [e for e in entries if e.type == kind]) for kind in TYPES if any(e.type == kind for e in entries)]


def changes(old_dir: Path, new_dir: Path) -> EntryChanges:
    old, new = load(old_dir), load(new_dir)
    order = list(TYPES)

    def key(entry: Entry) -> tuple[int, str]:
        return (order.index(entry.type), entry.name.lower())

    return EntryChanges(
        added=sorted((new[k] for k in new.keys() - old.keys()), key=key),
        removed=sorted((old[k] for k in old.keys() - new.keys()), key=key),
    )
