"""The page map: which pages exist in which version and language, renames included.

The version and language switchers of every page need to know where "this page" lives in
another version: the same docname, the page it was renamed to (``redirects.toml``), the
page it was renamed from (reading the new name in a version that still has the old one),
or none (the switcher then offers that version's start page). The rules live in
:mod:`cloudempiere_docs.counterparts` (the version comparisons pair pages by them too)
and run twice:

- at build time (:func:`~cloudempiere_docs.counterparts.counterpart`, from
  sphinx-multiversion's per-version docnames),
  so every page carries real links to its counterparts, which readers without JavaScript
  follow as they are;
- at view time in ``cedocs-switchers.js``, from the map :func:`write` puts into every
  ``<lang>/<version>/_static/cedocs-pagemap.js`` when the site is assembled. It is a
  script that assigns ``window.cedocsPageMap`` rather than JSON, so the switchers also work
  when the site is opened from the file system (no ``fetch`` of ``file://`` URLs), and each
  tree carries its own copy. With it the script learns about versions released after the
  page was built and keeps the ``latest`` alias and the anchor of the page being read. It
  also carries the sizes of the downloads (``cedocs-formats.js`` shows them).

The offline HTML archive packs one version x language tree, before the site is assembled:
it carries :func:`standalone_script` instead, a map that says the tree stands alone, and
the switchers then send links that leave the tree to the online site.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from cloudempiere_docs import languages
from cloudempiere_docs.paths import inside
from cloudempiere_docs.site.registry import Registry

#: Where the map lives inside each ``<lang>/<version>/`` tree.
FILENAME = "_static/cedocs-pagemap.js"
#: The global the script assigns (read by ``cedocs-switchers.js``).
GLOBAL = "cedocsPageMap"


class PageMapError(Exception):
    """The map would point a reader at a page that does not exist."""


def page_map(
    registry: Registry,
    pages: Mapping[tuple[str, str], Iterable[str]],
    moved: Mapping[str, str],
    sizes: Mapping[str, int] | None = None,
) -> dict[str, object]:
    """The map of a site: ``pages`` holds the docnames of each ``(language, version)``;
    ``sizes`` the size of each download (``<lang>/<version>/<format>``: bytes)."""
    by_version: dict[str, dict[str, list[str]]] = {}
    for (language, version), docs in sorted(pages.items()):
        by_version.setdefault(version, {})[language] = sorted(docs)
    return {
        "latest": registry.latest.name,
        "development": registry.development.name,
        "languages": [{"code": code, "name": languages.name(code)} for code in registry.languages],
        "versions": [v.as_json() for v in registry.versions],
        # Languages of a version usually share their pages: list them once per version
        # then, and per language only where they differ (keeps every page's map small).
        "pages": {version: _compact(langs) for version, langs in by_version.items()},
        "moved": dict(sorted(moved.items())),
        "sizes": dict(sorted((sizes or {}).items())),
    }


def _compact(langs: dict[str, list[str]]) -> object:
    lists = list(langs.values())
    return lists[0] if all(docs == lists[0] for docs in lists) else langs


def check(registry: Registry, site: Path, data: Mapping[str, object]) -> list[str]:
    """Every page the map names exists as a file of the assembled ``site``."""
    problems = []
    pages: Mapping[str, object] = data["pages"]  # type: ignore[assignment]
    for version, entry in pages.items():
        per_language = entry if isinstance(entry, dict) else {lang: entry for lang in registry.languages}
        for language, docs in per_language.items():
            for doc in docs:
                if not inside(site, language, version, f"{doc}.html", what="page map").is_file():
                    problems.append(
                        f"page map: {language}/{version}/{doc}.html is listed but does not exist in the site"
                    )
    return problems


_SITE_COMMENT = (
    "Pages of every version and language of this site, for the version and language switchers"
    " (written when the site is assembled: cloudempiere_docs.site.pagemap)."
)


def script(data: Mapping[str, object], comment: str = _SITE_COMMENT) -> str:
    """``data`` as a script assigning the global; safe inside any HTML context."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"/* {comment} */\nwindow.{GLOBAL} = {text};\n"


def standalone_script() -> str:
    """The page map of a tree on its own (the offline HTML archive): no other version or
    language is next to it; ``cedocs-switchers.js`` points links that leave the tree at
    the online site (``data-cedocs-site``)."""
    comment = "This copy holds one version in one language: the switchers link to the others online."
    return script({"standalone": True}, comment)


def write(
    registry: Registry,
    site: Path,
    pages: Mapping[tuple[str, str], Iterable[str]],
    moved: Mapping[str, str],
    sizes: Mapping[str, int] | None = None,
) -> int:
    """Write the map into every ``<lang>/<version>/`` tree of ``site`` that exists (the
    ``latest`` alias is a copy of the latest version and gets it too). Returns the number
    of files written; raises :class:`PageMapError` if the map names a missing page."""
    data = page_map(registry, pages, moved, sizes)
    problems = check(registry, site, data)
    if problems:
        raise PageMapError("\n".join(problems))
    text = script(data)
    count = 0
    for language in registry.languages:
        for segment in [*(v.name for v in registry.versions), "latest"]:
            tree = inside(site, language, segment, what=f"language {language!r} or version {segment!r}")
            if tree.is_dir():
                target = inside(tree, *FILENAME.split("/"), what="page map")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                count += 1
    return count
