"""References that insert a title into a sentence: the title must fit the sentence.

A reference without a title of its own (``{doc}`settings```, ``{window}`System
Configurator```, ``{tax}`sk-standard-23```) shows the title of what it points to, and a
title is a name in the nominative: *Referenčný prehľad nastavení*, *Konfigurátor
systému*. After a preposition Slovak needs another case: "v {doc}`settings`" reads
"v Referenčný prehľad nastavení" where the sentence needs "v referenčnom prehľade
nastavení". A translator gives the reference its inflected text, keeping the target:
``v {doc}`referenčnom prehľade nastavení <settings>```, or writes the sentence so that the
name stays in the nominative (``v okne {window}`System Configurator```). A name printed
from data is such a title too: ``na {val}`channel/portal/name``` reads "na portál
podpory"; ``na {val}`portáli podpory <channel/portal/name>``` is right. Other values (a
date after *od*) are written for the language by the build and are not flagged.

:func:`problems` flags a reference without its own title right after a preposition of the
language (:data:`PREPOSITIONS`) and suggests the explicit form with the title the reader
would see now (:class:`Titles`). It runs in ``i18n check`` and in every translated build
of catalogs that have data catalogs (the current generation; catalogs pinned for a
released version are built as they were).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from babel.messages.catalog import Catalog

#: Prepositions after which a noun is not in the nominative, per language.
PREPOSITIONS: dict[str, tuple[str, ...]] = {
    "sk": (
        "bez", "cez", "do", "k", "ku", "kvôli", "medzi", "mimo", "na", "nad", "nado", "namiesto",
        "napriek", "o", "od", "odo", "okrem", "oproti", "po", "pod", "podo", "podľa", "počas",
        "pre", "pred", "predo", "pri", "proti", "s", "so", "u", "v", "vo", "voči", "vďaka",
        "z", "za", "zo", "spod", "spoza", "ponad", "popod", "popri", "pomedzi", "naprieč",
    ),
}  # fmt: skip

#: Roles whose text, when they have none of their own, is the title of their target.
#: ``val`` prints a value; only a name (``kind/key/name``) is a title that inflects.
TITLE_ROLES = ("doc", "ref", "window", "form", "tax", "val")

_ROLE = r"\{(?P<role>(?:[a-z]+:)?(?:" + "|".join(TITLE_ROLES) + r"))\}`(?P<content>[^`]*)`"
_EXPLICIT = re.compile(r"<[^<>]+>\s*$")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(language: str) -> re.Pattern[str] | None:
    words = PREPOSITIONS.get(language)
    if not words:
        return None
    if language not in _PATTERNS:
        alternatives = "|".join(sorted(words, key=len, reverse=True))
        _PATTERNS[language] = re.compile(rf"(?<![\w`])(?P<prep>{alternatives})\s+{_ROLE}", re.IGNORECASE)
    return _PATTERNS[language]


@dataclass
class Titles:
    """The titles a reference shows in a language, for concrete suggestions: pages'
    titles from their catalogs, names of windows, forms, taxes and of the other names a
    ``{val}`` prints from the data catalogs."""

    templates: Path | None = None  # locale/en
    catalogs: Path | None = None  # locale/<lang>/LC_MESSAGES
    source: Path | None = None
    language: str = ""  # for how a name prints in the middle of a sentence
    _cache: dict[str, dict[Any, str]] = field(default_factory=dict)

    @classmethod
    def of_project(cls, project: Any, language: str) -> Titles:
        return cls(project.templates, project.catalog_dir(language), project.source, language)

    def _catalog(self, domain: str) -> dict[Any, str]:
        if domain not in self._cache:
            from cloudempiere_docs.i18n.catalogs import read_catalog

            table: dict[Any, str] = {}
            path = self.catalogs / f"{domain}.po" if self.catalogs else None
            if path is not None and path.is_file():
                for message in read_catalog(path):
                    if message.id and isinstance(message.string, str) and message.string and not message.fuzzy:
                        table[(message.context, message.id)] = message.string
            self._cache[domain] = table
        return self._cache[domain]

    def page(self, domain: str) -> str | None:
        """The title of page ``domain`` (its first heading) as its catalog translates it."""
        if self.source is None:
            return None
        path = self.source / f"{domain}.md"
        if not path.is_file():
            return None
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _HEADING.match(line)
            if match:
                title = match.group(1).strip()
                return self._catalog(domain).get((None, title), title)
        return None

    def window(self, name: str) -> str | None:
        names = {msgid.casefold(): text for (context, msgid), text in self._catalog("_data/windows").items() if context == "windows.name"}
        return names.get(" ".join(name.split()).casefold())

    def tax(self, tax_id: str) -> str | None:
        if self.source is None or not (self.source / "_data" / "taxes.yaml").is_file():
            return None
        if "_taxes" not in self._cache:
            from cloudempiere_docs.data.kinds import KINDS, load

            loaded = load(KINDS["taxes"], self.source / "_data" / "taxes.yaml")
            self._cache["_taxes"] = {t.id: t.name for t in loaded.value.taxes} if loaded.value else {}
        name = self._cache["_taxes"].get(tax_id)
        return self._catalog("_data/taxes").get(("taxes.name", name), name) if name else None

    def _data(self, kind: str) -> Any:
        """The validated data file ``kind`` (None when it is missing or broken)."""
        key = f"_data:{kind}"
        if key not in self._cache:
            from cloudempiere_docs.data.kinds import KINDS, load

            path = self.source / KINDS[kind].default if self.source is not None else None
            self._cache[key] = load(KINDS[kind], path).value if path is not None and path.is_file() else None  # type: ignore[assignment]
        return self._cache[key]

    def value(self, path: str) -> str | None:
        """The name a ``{val}`kind/key/name``` prints today, in the middle of a sentence."""
        kind, _, rest = path.strip().partition("/")
        key = rest.rpartition("/")[0]
        if kind == "tax":
            return self.tax(key)
        where = _NAMES.get(kind)
        data = self._data(where[0]) if where else None
        if where is None or data is None:
            return None
        data_kind, entries, ident, field = where
        name = next((e.name for e in getattr(data, entries) if str(getattr(e, ident)) == key), None)
        if name is None:
            return None
        from cloudempiere_docs import formatting
        from cloudempiere_docs.data.texts import is_common_noun

        text = self._catalog(f"_data/{data_kind}").get((field, name), name)
        return formatting.small_first(text, self.language) if is_common_noun(data_kind, field) else text

    def of(self, role: str, target: str, domain: str) -> str | None:
        """The title a reference from the catalog ``domain`` shows today."""
        role = role.rpartition(":")[2]
        if role == "doc":
            return self.page(_resolve(domain, target))
        if role in ("window", "form"):
            return self.window(target)
        if role == "tax":
            return self.tax(target.strip())
        if role == "val":
            return self.value(target)
        return None


#: ``{val}`` kinds whose name is a text of a data file: (data file, list, key, field path).
_NAMES: dict[str, tuple[str, str, str, str]] = {
    "channel": ("sla", "channels", "id", "channels.name"),
    "tier": ("sla", "tiers", "id", "tiers.name"),
    "priority": ("sla", "priorities", "level", "priorities.name"),
    "category": ("taxes", "categories", "id", "categories.name"),
}


def _is_name(role: str, target: str) -> bool:
    """Whether a reference shows a title: every reference of :data:`TITLE_ROLES` but a
    value that is not a name (a date or a rate after *od* or *do* is right as it is)."""
    if role.rpartition(":")[2] != "val":
        return True
    from cloudempiere_docs.data.texts import TITLED_FIELDS

    parts = target.strip().split("/")
    return len(parts) == 3 and parts[2].partition("@")[0] in TITLED_FIELDS


def _resolve(domain: str, target: str) -> str:
    """The page a ``{doc}`` target names, from the page whose catalog it is in."""
    target = target.strip()
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for part in (PurePosixPath(domain).parent / target).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _msgstr_line(lines: list[str], lineno: int) -> int:
    for index in range(max(lineno - 1, 0), len(lines)):
        if lines[index].startswith("msgstr"):
            return index + 1
    return lineno


def _domain(shown: str) -> str:
    """``locale/sk/LC_MESSAGES/configuration/common-tasks.po`` -> ``configuration/common-tasks``."""
    path = shown.replace("\\", "/")
    marker = "/LC_MESSAGES/"
    return path.split(marker, 1)[1].rsplit(".", 1)[0] if marker in path else PurePosixPath(path).stem


def problems(catalog: Catalog, lines: list[str], shown: str, language: str, titles: Titles | None = None) -> list[Any]:
    """A located problem for each reference without a title of its own right after a
    preposition, in every confirmed translation of ``catalog``."""
    from cloudempiere_docs.i18n.checks import Problem

    pattern = _pattern(language)
    if pattern is None:
        return []
    domain = _domain(shown)
    out = []
    for message in catalog:
        string = message.string
        if not message.id or message.fuzzy or not isinstance(string, str) or not string:
            continue
        for match in pattern.finditer(string):
            content = match["content"]
            if _EXPLICIT.search(content):
                continue
            prep, role, target = match["prep"], match["role"], content.strip()
            if not _is_name(role, target):
                continue
            title = titles.of(role, target, domain) if titles is not None else None
            now = f" (now «{title}»)" if title else ""
            example = title[:1].lower() + title[1:] if title and role.rpartition(":")[2] == "doc" else (title or "…")
            out.append(
                Problem(
                    shown,
                    _msgstr_line(lines, message.lineno or 0),
                    f"{{{role}}}`{content}` right after the preposition {prep!r} shows its title in the"
                    f" nominative{now}: give the title in the case {prep!r} needs,"
                    f" {prep} {{{role}}}`<{example}, inflected> <{target}>`, or word the sentence so that"
                    " the title can stay as it is",
                )
            )
    return out
