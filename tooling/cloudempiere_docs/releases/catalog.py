"""The release and defect data of a build, and what a manual version shows of it: its own
releases and those of earlier versions, with their defects."""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.environment import BuildEnvironment

from cloudempiere_docs.data.releases import SEVERITY_ORDER, Catalog, Defect, Release, id_key
from cloudempiere_docs.data.versioning import Version
from cloudempiere_docs.toolkit.domain import DataDomain


def catalog(env: BuildEnvironment) -> Catalog:
    """Both files as loaded for this build (from the ``cedata`` Domain)."""
    data = DataDomain.of(env)
    releases, defects = data.file("releases"), data.file("defects")
    return Catalog(releases.loaded if releases else None, defects.loaded if defects else None)


def _manual_of(edition: Version | None) -> Version | None:
    """An edition as a manual of its own (``13``); None shows everything (the gettext
    build, which extracts the text of every edition). A release belongs to the manual
    of its major version, so only that part counts."""
    return Version(str(edition.major)) if edition is not None else None


def _visible(release: Release, current: Version | None) -> bool:
    return current is None or release.manual <= current


def is_visible(release: Release, env: BuildEnvironment) -> bool:
    """A manual shows the releases of its own version and of earlier versions (a page
    depends only on the editions that show the release alike)."""
    edition = DataDomain.of(env).edition_for(lambda e: _visible(release, _manual_of(e)))
    return _visible(release, _manual_of(edition))


def visible_releases(cat: Catalog, env: BuildEnvironment) -> list[Release]:
    return sorted((r for r in cat.releases.values() if is_visible(r, env)), key=lambda r: r.version, reverse=True)


def visible_defects(cat: Catalog, env: BuildEnvironment) -> list[Defect]:
    shown = {r.version for r in visible_releases(cat, env)}
    return [d for d in cat.defects.values() if shown.intersection(d.affects)]


def fixed_later(defect: Defect, cat: Catalog, env: BuildEnvironment) -> bool:
    """A defect fixed only in a release of a later manual than the one being built: for
    the readers of this edition it is still a known issue (the gettext build, which shows
    every manual, has none)."""
    if defect.status != "fixed" or defect.fixed_in is None:
        return False
    release = cat.releases.get(defect.fixed_in)
    fixed_manual = release.manual if release is not None else Version(str(defect.fixed_in.major))

    def later(edition: Version | None) -> bool:
        current = _manual_of(edition)
        return current is not None and fixed_manual > current

    return later(DataDomain.of(env).edition_for(later))


def known_in_edition(cat: Catalog, env: BuildEnvironment) -> list[Defect]:
    """The known issues of the manual being built: confirmed defects of its releases, and
    defects of its releases that only a later manual's release fixed."""
    return ordered(d for d in visible_defects(cat, env) if d.status == "confirmed" or fixed_later(d, cat, env))


def known_at(cat: Catalog, release: Release) -> list[Defect]:
    """Confirmed defects present in ``release``: it is affected and was not yet fixed."""
    result = []
    for defect in cat.defects.values():
        if defect.confirmed is None or release.version not in defect.affects:
            continue
        if defect.fixed_in and defect.fixed_in <= release.version:
            continue
        result.append(defect)
    return ordered(result)


def ordered(defects: Iterable[Defect]) -> list[Defect]:
    """Most severe first, then by number."""
    return sorted(defects, key=lambda d: (SEVERITY_ORDER[d.severity], id_key(d.id)))


def ticket_url(template: str, ticket: str) -> str:
    return template.replace("{id}", ticket)
