"""Which texts of each data file a reader sees, and where each one is written.

A data file holds keys, numbers and dates, which are never translated, and texts (a
setting's description, a window's name, a defect's workaround), which are translated
once, in the catalog of that data file (``locale/<lang>/LC_MESSAGES/_data/<file>.po``).
:data:`TEXT_FIELDS` names those texts per data file by their *field path*: the path of
keys from the top of the file with list positions left out (``windows.tabs.fields.name``
is the name of any field of any tab of any window).

The field path is also the message context (``msgctxt``) of the text in its catalog, so
one English word that is two things gets two translations: the impact ``High`` (*Vysoký
dopad*) and the urgency ``High`` (*Vysoká naliehavosť*) agree with different Slovak
nouns. The same text in the same kind of field is one message, however many entries
repeat it (the field ``Name`` of forty tabs is translated once).

Pure Python: the gettext build writes the data templates from here, the reference and
releases directives look their texts up by the same field paths, and tests check that
every path names a text field of the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from cloudempiere_docs.data.loader import Loaded, Loc

#: data file -> field paths of the texts a reader sees (in the order of the file).
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "settings": (
        "settings.module",
        "settings.description",
        "settings.values.description",
        "settings.note",
    ),
    "windows": (
        "windows.name",
        "windows.menu",
        "windows.description",
        "windows.help",
        "windows.tabs.name",
        "windows.tabs.description",
        "windows.tabs.help",
        "windows.tabs.fields.name",
        "windows.tabs.fields.description",
    ),
    "taxes": (
        "categories.name",
        "categories.description",
        "categories.scope.text",
        "taxes.name",
        "taxes.legal_basis",
        "taxes.description",
        "taxes.scope.text",
    ),
    "sla": (
        "timezone_note",
        "business_hours.days",
        "impacts.name",
        "impacts.description",
        "impacts.examples",
        "urgencies.name",
        "urgencies.description",
        "urgencies.examples",
        "request_priorities.name",
        "priorities.name",
        "priorities.description",
        "priorities.example",
        "priorities.coverage",
        "channels.name",
        "channels.description",
        "channels.hours.days",
        "tiers.name",
        "services.name",
    ),
    "releases": (
        "releases.highlights",
        "releases.features.title",
        "releases.features.description",
    ),
    "defects": (
        "defects.title",
        "defects.description",
        "defects.component",
        "defects.workaround",
        "defects.reason",
    ),
}

#: data file -> field paths whose texts are common nouns, not names: the data writes them
#: with a capital, as a table cell that starts with them shows them (the channel *Support
#: portal*, *Portál podpory*), and a sentence that prints them in its middle writes them
#: small ("report it in the support portal", :func:`formatting.small_first`). Opt-in:
#: every other text keeps its first letter, above all proper names (the subscription
#: tiers *Strategic*, *Foundation*; windows, taxes, product names such as *iDempiere*).
COMMON_NOUNS: dict[str, frozenset[str]] = {
    "sla": frozenset({"channels.name"}),
}


#: ``{val}`` fields that may be given a title in a sentence (``{val}`portáli podpory
#: <channel/portal/name>```): names, which a language may need to inflect. The role
#: (reference/values.py) and the catalogs' inflection check (i18n/inflection.py) both
#: follow it.
TITLED_FIELDS = frozenset({"name"})


def is_common_noun(kind: str, field: str) -> bool:
    """Whether the texts of ``field`` (a field path of the data file ``kind``) are common
    nouns, written small in the middle of a sentence (see :data:`COMMON_NOUNS`)."""
    return field in COMMON_NOUNS.get(kind, ())


@dataclass(frozen=True)
class DataText:
    """One text of a data file as a page shows it: ``field`` is its field path (the
    message context), ``text`` the English text of the data file."""

    kind: str
    field: str
    text: str

    def __post_init__(self) -> None:
        if self.field not in TEXT_FIELDS.get(self.kind, ()):
            # A programming error: a directive shows a field the catalogs do not extract.
            raise ValueError(f"{self.field!r} is not a text field of the {self.kind} data (see data.texts.TEXT_FIELDS)")


@dataclass(frozen=True)
class Occurrence:
    """Where a text of a data file is written: its field path, text and location."""

    field: str
    text: str
    loc: Loc
    line: int | None


def occurrences(kind: str, loaded: Loaded[Any]) -> list[Occurrence]:
    """Every text of ``TEXT_FIELDS[kind]`` in the validated file, in the order of the file."""
    found: list[tuple[int, Occurrence]] = []
    for order, field in enumerate(TEXT_FIELDS.get(kind, ())):
        for loc, text in _walk(loaded.value, tuple(field.split(".")), ()):
            if isinstance(text, str) and text:
                found.append((order, Occurrence(field, text, loc, loaded.line_of(loc))))
    # By line, then as TEXT_FIELDS lists them (a name before its description on one line).
    found.sort(key=lambda item: (item[1].line or 0, item[0], item[1].loc))
    return [occurrence for _order, occurrence in found]


def _walk(value: Any, parts: tuple[str, ...], loc: Loc) -> Iterator[tuple[Loc, Any]]:
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, parts, (*loc, index))
        return
    if not parts:
        yield loc, value
        return
    if value is None:
        return
    name = parts[0]
    child = value.get(name) if isinstance(value, dict) else getattr(value, name, None)
    if child is not None:
        yield from _walk(child, parts[1:], (*loc, name))


def catalog_domain(path: str) -> str:
    """The catalog (gettext domain) of the data file at ``path`` (relative to the source
    directory): ``_data/settings.yaml`` -> ``_data/settings``, like a page's catalog."""
    return PurePosixPath(path.replace("\\", "/").lstrip("/")).with_suffix("").as_posix()
