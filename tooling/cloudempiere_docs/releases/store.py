"""The release and defect data: loaded once per content of the files, and what a manual
version shows of it (its own releases and those of earlier versions)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from cloudempiere_docs import urls
from cloudempiere_docs.data.releases import (
    SEVERITY_ORDER,
    Catalog,
    Defect,
    Release,
    id_key,
    load_catalog,
    version_key,
)

_CACHE: dict[tuple[Any, ...], Catalog] = {}


def _data_paths(env: BuildEnvironment) -> tuple[Path, Path]:
    src = Path(env.srcdir)
    return src / env.config.cedocs_releases_data, src / env.config.cedocs_defects_data


def catalog(env: BuildEnvironment) -> Catalog:
    """The validated data, loaded once per content of the files (also in forked workers)."""
    paths = _data_paths(env)
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else (str(p),) for p in paths)
    if key not in _CACHE:
        _CACHE.clear()  # only the current files matter
        _CACHE[key] = load_catalog(*paths)
    return _CACHE[key]


def manual_number(config: Config) -> int | None:
    """The manual version being built as a number (``"13"`` -> 13); None shows everything."""
    match = re.match(r"[0-9]+", urls.version_slug(config) or "")
    return int(match.group()) if match else None


def is_visible(release: Release, config: Config) -> bool:
    """A manual shows the releases of its own version and of earlier versions."""
    current = manual_number(config)
    return current is None or int(release.manual) <= current


def visible_releases(cat: Catalog, config: Config) -> list[Release]:
    return sorted((r for r in cat.releases.values() if is_visible(r, config)), key=lambda r: r.key, reverse=True)


def visible_defects(cat: Catalog, config: Config) -> list[Defect]:
    shown = {r.version for r in visible_releases(cat, config)}
    return [d for d in cat.defects.values() if shown.intersection(d.affects)]


def known_at(cat: Catalog, release: Release) -> list[Defect]:
    """Confirmed defects present in ``release``: it is affected and was not yet fixed."""
    result = []
    for defect in cat.defects.values():
        if defect.confirmed is None or release.version not in defect.affects:
            continue
        if defect.fixed_in and version_key(defect.fixed_in) <= release.key:
            continue
        result.append(defect)
    return _ordered(result)


def _ordered(defects: Iterable[Defect]) -> list[Defect]:
    return sorted(defects, key=lambda d: (SEVERITY_ORDER[d.severity], id_key(d.id)))


def ticket_url(template: str, ticket: str) -> str:
    return template.replace("{id}", ticket)
