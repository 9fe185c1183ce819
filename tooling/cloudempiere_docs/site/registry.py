"""The version registry (``versions.toml``): which product versions the site publishes.

Released versions are pinned to commits of main's history, so a fresh clone with no tags
or branches rebuilds them; the development version is the working tree. The file is read
by the data loader and validated by the schema in :mod:`cloudempiere_docs.data.registry`;
this module is what the pipeline works with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from cloudempiere_docs.data import versioning
from cloudempiere_docs.data.loader import DataFileError, DataProblem, load_model
from cloudempiere_docs.data.registry import ALL_FORMATS, RegistryFile, check_registry
from cloudempiere_docs.site.release_data import Facts, load_releases, registry_facts

#: A registry is a small hand-written file; anything larger is not one.
MAX_BYTES = 256 * 1024


class RegistryError(DataFileError):
    """``versions.toml`` is wrong: each problem located as ``file:line: field: message``."""

    def __init__(self, problems: list[DataProblem] | str) -> None:
        if isinstance(problems, str):
            problems = [DataProblem("versions.toml", None, "", problems)]
        super().__init__(problems)

    def __str__(self) -> str:
        # A message of our own (release cut) names no file position: print just it.
        return "\n".join(p.message if p.line is None and p.path == "versions.toml" else str(p) for p in self.problems)


@dataclass(frozen=True)
class Version:
    """A published version of the manual (an entry of the registry)."""

    name: str  # URL segment and label, e.g. "13"
    release: str  # full release, e.g. "13.0"
    title: str  # codename shown next to the number
    status: str  # latest | supported | outdated | development
    date: dt.date | None
    commit: str | None  # None: the working tree
    tag: str | None = None
    #: title and date come from the release data (versions.toml does not state them)
    from_data: bool = field(default=False, compare=False)

    @property
    def number(self) -> versioning.Version:
        """The name as a version, for comparisons ("13" == "13.0" < "14")."""
        return versioning.parse(self.name)

    @property
    def is_development(self) -> bool:
        return self.status == "development"

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "release": self.release,
            "title": self.title,
            "status": self.status,
            "date": self.date.isoformat() if self.date else None,
        }


@dataclass(frozen=True)
class Registry:
    path: Path
    versions: tuple[Version, ...]  # newest first, development first of all
    languages: tuple[str, ...] = ("en", "sk")
    default_language: str = "en"
    base_url: str = "https://docs.cloudempiere.com/"
    extra: dict[str, object] = field(default_factory=dict)
    #: Offline and machine-readable editions built for every version x language.
    formats: tuple[str, ...] = ALL_FORMATS

    @property
    def development(self) -> Version:
        return next(v for v in self.versions if v.is_development)

    @property
    def released(self) -> tuple[Version, ...]:
        return tuple(v for v in self.versions if not v.is_development)

    @property
    def latest(self) -> Version:
        """The latest release, or the development version while nothing is released."""
        return next((v for v in self.versions if v.status == "latest"), self.development)

    def get(self, name: str) -> Version:
        for version in self.versions:
            if version.name == name:
                return version
        raise KeyError(name)


def load_registry(path: str | Path) -> Registry:
    """Read and check ``versions.toml``; :class:`RegistryError` lists every problem."""
    path = Path(path)
    try:
        loaded = load_model(path, RegistryFile, max_bytes=MAX_BYTES)
    except DataFileError as err:
        raise RegistryError(err.problems) from None
    problems = check_registry(loaded)
    facts: dict[str, Facts] = {}
    if not problems:
        releases = load_releases(path.parent)  # the one home of codenames and dates
        if releases is not None:
            facts, problems = registry_facts(loaded, releases)
    if problems:
        raise RegistryError(problems)
    data = loaded.value

    def fact(name: str, title: str, date: dt.date | None) -> tuple[str, dt.date | None, bool]:
        found = facts.get(name)
        return (found.title, found.date, True) if found else (title, date, False)

    dev = data.development
    title, date, from_data = fact(dev.name, dev.title, dev.planned)
    development = Version(dev.name, dev.release, title, "development", date, None, None, from_data)
    released = []
    for v in data.version:
        title, date, from_data = fact(v.name, v.title, v.date)
        released.append(Version(v.name, v.release, title, v.status, date, v.commit, v.tag, from_data))
    released.sort(key=lambda v: v.number, reverse=True)
    return Registry(
        path=path,
        versions=(development, *released),
        languages=data.site.languages,
        default_language=data.site.default_language or data.site.languages[0],
        base_url=data.site.base_url,
        formats=tuple(data.site.formats),
    )


_HEADER = """\
# The product versions this site publishes. Edit with `python -m cloudempiere_docs release cut`.
#
# Released versions are pinned to a commit of main: their source/ and locale/ are taken
# from that commit; conf.py, extensions and templates from the working tree. A tag may be
# named for people, but the commit is what is built, so a fresh clone needs no tags.
# Codenames and dates are in the release data (source/_data/releases.yaml), not here.
"""


def _toml_str(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def dump_registry(registry: Registry) -> str:
    """``versions.toml`` text for ``registry`` (round-trips through :func:`load_registry`)."""
    dev = registry.development
    lines = [
        _HEADER,
        "[site]",
        f"languages = [{', '.join(_toml_str(lang) for lang in registry.languages)}]",
        f"default_language = {_toml_str(registry.default_language)}",
        f"base_url = {_toml_str(registry.base_url)}",
        *([f"formats = [{', '.join(_toml_str(f) for f in registry.formats)}]"] if registry.formats != ALL_FORMATS else []),
        "",
        "[development]",
        f"name = {_toml_str(dev.name)}",
        f"release = {_toml_str(dev.release)}",
    ]
    if not dev.from_data:  # else the release data holds them
        if dev.title:
            lines.append(f"title = {_toml_str(dev.title)}")
        if dev.date:
            lines.append(f"planned = {dev.date.isoformat()}")
    for version in registry.released:
        lines += [
            "",
            "[[version]]",
            f"name = {_toml_str(version.name)}",
            f"release = {_toml_str(version.release)}",
        ]
        if not version.from_data:
            if version.title:
                lines.append(f"title = {_toml_str(version.title)}")
        lines.append(f"status = {_toml_str(version.status)}")
        if not version.from_data and version.date:
            lines.append(f"date = {version.date.isoformat()}")
        lines += [f"commit = {_toml_str(version.commit or '')}"]
        if version.tag:
            lines.append(f"tag = {_toml_str(version.tag)}")
    return "\n".join(lines) + "\n"
