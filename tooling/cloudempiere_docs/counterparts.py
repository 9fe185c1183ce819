"""Where a page lives in another version: the one set of rules.

A page keeps its docname from version to version unless it was renamed; renames are
``redirects.toml`` (old docname -> new docname). Two parts of the site ask where "this
page" is in another version, and both ask here:

- the version switchers and the outdated banner of every page (:func:`counterpart`, at
  build time in ``ext/site.py``; ``cedocs-switchers.js`` repeats the rules in the
  browser from the page map, ``site/pagemap.py``);
- the version comparisons, which pair the pages of two versions (``compare/pages.py``:
  :func:`renamed_to` for a page gone from the newer version).

Pure functions of docnames, no Sphinx and no site: the comparison workers import them
without the pipeline.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping


def resolve(moved: Mapping[str, str], name: str) -> str:
    """The page ``name`` ends up as, through every rename (a cycle stops); ``name`` if it
    was not renamed. ``redirects.toml`` refuses chains (a target that is itself renamed),
    so this is one step for the site's own renames."""
    seen = {name}
    while name in moved and moved[name] not in seen:
        name = moved[name]
        seen.add(name)
    return name


def renamed_to(name: str, pages: Collection[str], moved: Mapping[str, str]) -> str | None:
    """The page ``name`` was renamed to, if it is one of ``pages`` (another version's
    docnames); else None."""
    target = resolve(moved, name)
    return target if target != name and target in pages else None


def renamed_from(name: str, pages: Collection[str], moved: Mapping[str, str]) -> str | None:
    """The old name of ``name`` that ``pages`` still has (a version from before the
    rename), the first in sorted order; else None."""
    for old, target in sorted(moved.items()):
        if target == name and old in pages:
            return old
    return None


def counterpart(docname: str, pages: Iterable[str], moved: Mapping[str, str]) -> str | None:
    """``docname`` as it is called among ``pages`` (a version's docnames), or None.

    The same docname; else the page it was renamed to (forward); else the old name a
    version from before the rename still has (back). None: the version has no such page
    (the switcher offers its start page).
    """
    have = pages if isinstance(pages, (set, frozenset)) else set(pages)
    if docname in have:
        return docname
    return renamed_to(docname, have, moved) or renamed_from(docname, have, moved)


__all__ = ["counterpart", "renamed_from", "renamed_to", "resolve"]
