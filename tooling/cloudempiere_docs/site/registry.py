"""The version registry (``versions.toml``): which product versions the site publishes.

Released versions are pinned to commits of main's history, so a fresh clone with no tags
or branches rebuilds them; the development version is the working tree.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

STATUSES = ("latest", "supported", "outdated")
#: Names of languages in their own language, for switchers and the root page.
LANGUAGE_NAMES = {"en": "English", "sk": "Slovenčina", "cs": "Čeština", "de": "Deutsch"}
_NAME = re.compile(r"^[0-9]+(\.[0-9]+)*$")
_COMMIT = re.compile(r"^[0-9a-f]{7,40}$")


class RegistryError(Exception):
    """``versions.toml`` is malformed; the message names the version and the field."""


@dataclass(frozen=True)
class Version:
    name: str  # URL segment and label, e.g. "13"
    release: str  # full release, e.g. "13.0"
    title: str  # codename shown next to the number
    status: str  # latest | supported | outdated | development
    date: dt.date | None
    commit: str | None  # None: the working tree
    tag: str | None = None

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


def _key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split("."))


def _field(entry: dict, key: str, where: str, kind: type, required: bool = True):
    if key not in entry:
        if required:
            raise RegistryError(f"{where}: missing field {key!r}")
        return None
    value = entry[key]
    if not isinstance(value, kind):
        raise RegistryError(
            f"{where}: field {key!r} must be {kind.__name__}, got {type(value).__name__} {value!r}"
        )
    return value


def load_registry(path: str | Path) -> Registry:
    """Read and check ``versions.toml``."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise RegistryError(f"{path}: {err}") from err
    site = data.get("site", {})
    languages = tuple(site.get("languages", ["en", "sk"]))
    versions: list[Version] = []
    dev = data.get("development")
    if not isinstance(dev, dict):
        raise RegistryError(f"{path}: missing [development] table")
    where = f"{path}: [development]"
    versions.append(
        Version(
            name=_check_name(_field(dev, "name", where, str), where),
            release=_field(dev, "release", where, str),
            title=_field(dev, "title", where, str, required=False) or "",
            status="development",
            date=_field(dev, "planned", where, dt.date, required=False),
            commit=None,
        )
    )
    seen = {versions[0].name: where}
    for index, entry in enumerate(data.get("version", [])):
        where = f"{path}: [[version]] #{index + 1}"
        name = _check_name(_field(entry, "name", where, str), where)
        where = f"{path}: version {name!r}"
        if name in seen:
            raise RegistryError(f"{where}: duplicate version (also {seen[name]})")
        seen[name] = where
        unknown = set(entry) - {"name", "release", "title", "status", "date", "commit", "tag"}
        if unknown:
            raise RegistryError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        status = _field(entry, "status", where, str)
        if status not in STATUSES:
            raise RegistryError(f"{where}: field 'status' must be one of {', '.join(STATUSES)}, got {status!r}")
        commit = _field(entry, "commit", where, str)
        if not _COMMIT.match(commit):
            raise RegistryError(f"{where}: field 'commit' must be a hexadecimal commit id, got {commit!r}")
        versions.append(
            Version(
                name=name,
                release=_field(entry, "release", where, str),
                title=_field(entry, "title", where, str, required=False) or "",
                status=status,
                date=_field(entry, "date", where, dt.date),
                commit=commit,
                tag=_field(entry, "tag", where, str, required=False),
            )
        )
    released = sorted(versions[1:], key=lambda v: _key(v.name), reverse=True)
    if released:
        latest = [v.name for v in released if v.status == "latest"]
        if latest != [released[0].name]:
            raise RegistryError(
                f"{path}: the newest released version ({released[0].name!r}) and only it must have"
                f" status 'latest'; found latest: {latest or 'none'}"
            )
        if _key(versions[0].name) <= _key(released[0].name):
            raise RegistryError(
                f"{path}: development version {versions[0].name!r} must be newer than {released[0].name!r}"
            )
    return Registry(
        path=path,
        versions=(versions[0], *released),
        languages=languages,
        default_language=site.get("default_language", languages[0]),
        base_url=site.get("base_url", "https://docs.cloudempiere.com/"),
    )


def _check_name(name: str, where: str) -> str:
    if not _NAME.match(name):
        raise RegistryError(f"{where}: field 'name' must look like 13 or 13.1, got {name!r}")
    return name


_HEADER = """\
# The product versions this site publishes. Edit with `python -m cloudempiere_docs release cut`.
#
# Released versions are pinned to a commit of main: their source/ and locale/ are taken
# from that commit; conf.py, extensions and templates from the working tree. A tag may be
# named for people, but the commit is what is built, so a fresh clone needs no tags.
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
        "",
        "[development]",
        f"name = {_toml_str(dev.name)}",
        f"release = {_toml_str(dev.release)}",
        f"title = {_toml_str(dev.title)}",
    ]
    if dev.date:
        lines.append(f"planned = {dev.date.isoformat()}")
    for version in registry.released:
        lines += [
            "",
            "[[version]]",
            f"name = {_toml_str(version.name)}",
            f"release = {_toml_str(version.release)}",
            f"title = {_toml_str(version.title)}",
            f"status = {_toml_str(version.status)}",
            f"date = {version.date.isoformat() if version.date else ''}",
            f"commit = {_toml_str(version.commit or '')}",
        ]
        if version.tag:
            lines.append(f"tag = {_toml_str(version.tag)}")
    return "\n".join(lines) + "\n"
