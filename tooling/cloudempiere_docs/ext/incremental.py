"""Incremental builds produce the same output as full ones.

Sphinx rewrites a page when its own source, or a file it depends on, changed. But a page
also shows other pages: furo's sidebar lists the title of every page of the manual,
toctrees list titles (and section titles, down to their depth), ``{doc}`` and ``{ref}``
links without text show the target's title, and the previous/next links show the
neighbours' titles. After one title changed, Sphinx rewrote only that page, and the
manual's other pages kept the old title until a full build.

Navigation
    Before reading (``env-get-outdated``) this extension takes, for every page, a digest
    of what other pages can show of it: its title, its table of contents (section titles
    and anchors), the pages its toctrees include, its labels and its metadata
    (``tocdepth``, ``orphan``). After reading (``env-get-updated``) it compares: if any
    differs, or a page was added or removed, every page is written again, because the
    sidebar of every page shows the whole tree. Pages are only written, not re-read:
    links and toctrees are resolved at write time from the environment, which is up to
    date. An edit that changes no title or heading (the usual case) costs nothing extra.

Search index
    Sphinx's ``searchindex.js`` loses the index entries (glossary terms, ``index``
    directives) of every page an incremental build does not write (Sphinx issue
    sphinx-doc/sphinx#12599, open): they are kept with the doctrees
    (``cedocs-index-entries.json``) and given back to the indexer before it writes the
    index, in the order a full build feeds them. It also keeps words whose pages are all
    gone, as empty lists: those are dropped. This uses the indexer's private
    ``_index_entries``, ``_titles``, ``_mapping`` and ``_title_mapping``; if one is
    missing or of another shape, the stock behaviour stays.

Stale files
    After an HTML build, files that no page uses any more leave the output: images in
    ``_images/`` and files in ``_downloads/`` (Sphinx only ever adds to them), and pages
    whose source is gone (Sphinx never deletes an output page). Pages are removed by a
    record of the pages written, kept with the doctrees (``cedocs-outputs.json``), so
    only files this extension knows Sphinx wrote for a page are ever deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Set
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from cloudempiere_docs.paths import UnsafePathError, atomic_write, inside

logger = logging.getLogger(__name__)

_SNAPSHOT = "_cedocs_navigation_snapshot"
OUTPUTS = "cedocs-outputs.json"
INDEX_ENTRIES = "cedocs-index-entries.json"


# ------------------------------------------------------------------------------ navigation


def _shown_metadata(metadata: dict[str, Any]) -> tuple[object, ...]:
    """The metadata that changes other pages: ``tocdepth`` (how toctrees show the page)
    and MyST's heading slugs (anchor and title of ``[](page.md#slug)`` links) without the
    line numbers they carry; not word counts, which change with every edit."""
    slugs = metadata.get("myst_slugs") or {}
    return (
        metadata.get("tocdepth"),
        sorted((slug, tuple(value)[1:]) for slug, value in slugs.items()) if isinstance(slugs, dict) else repr(slugs),
    )


def navigation_state(env: BuildEnvironment) -> dict[str, str]:
    """A digest per page of everything other pages may show of it."""
    labels: dict[str, list[object]] = {}
    std = env.get_domain("std")
    for name, (docname, labelid, sectname) in getattr(std, "labels", {}).items():
        labels.setdefault(docname, []).append((name, labelid, sectname))
    for name, (docname, labelid) in getattr(std, "anonlabels", {}).items():
        labels.setdefault(docname, []).append((name, labelid))
    state = {}
    for docname in env.all_docs:
        parts = [
            env.titles[docname].pformat() if docname in env.titles else "",
            env.longtitles[docname].pformat() if docname in env.longtitles else "",
            env.tocs[docname].pformat() if docname in env.tocs else "",
            repr(env.toctree_includes.get(docname, [])),
            repr(_shown_metadata(env.metadata.get(docname, {}))),
            repr(sorted(labels.get(docname, []), key=repr)),
        ]
        state[docname] = hashlib.sha256("\0".join(parts).encode()).hexdigest()
    return state


def _snapshot(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]) -> list[str]:
    """``env-get-outdated``: remember the navigation before pages are purged and re-read."""
    env.__dict__[_SNAPSHOT] = navigation_state(env)
    return []


def _pages_to_write(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """``env-get-updated``: every page, when what pages show of each other changed."""
    before: dict[str, str] | None = env.__dict__.pop(_SNAPSHOT, None)  # never pickled
    if before is None:
        return []
    if navigation_state(env) == before:
        return []
    return sorted(env.found_docs)


# ---------------------------------------------------------------------------- search index


def _indexer_state(app: Sphinx) -> dict[str, dict[str, Any]] | None:
    """The indexer's (private) tables this module repairs, if it has them all as dicts:
    entries and titles per page, pages per word and per title word."""
    indexer = getattr(app.builder, "indexer", None)
    names = ("_index_entries", "_titles", "_mapping", "_title_mapping")
    state = {name: getattr(indexer, name, None) for name in names}
    return state if all(isinstance(table, dict) for table in state.values()) else None  # type: ignore[misc]


def _restore_index_entries(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages`` (before the index is written): the entries of the pages not
    written in this build, from the previous build's record, all in page order; no word
    without pages."""
    state = _indexer_state(app)
    if state is None:
        return []
    entries, titles = state["_index_entries"], state["_titles"]
    for words in (state["_mapping"], state["_title_mapping"]):
        for word in [word for word, pages in words.items() if not pages]:
            del words[word]  # its pages are gone; a full build never lists it
    saved = _read_json(Path(app.doctreedir) / INDEX_ENTRIES, dict)
    merged = {}
    for docname in sorted(set(entries) | set(saved)):
        if docname not in app.env.all_docs or docname not in titles:
            continue  # gone, or not in the index (its entries would have no page)
        if docname in entries:
            merged[docname] = entries[docname]
        elif isinstance(saved[docname], list):
            merged[docname] = [tuple(entry) for entry in saved[docname]]
    entries.clear()
    entries.update(merged)  # in place: the environment shares this dict with the indexer
    return []


def _save_index_entries(app: Sphinx) -> None:
    state = _indexer_state(app)
    if state is not None:
        atomic_write(Path(app.doctreedir) / INDEX_ENTRIES, json.dumps(state["_index_entries"], indent=0))


# ----------------------------------------------------------------------------- stale files


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _prune_images(top: Path, keep: set[str]) -> None:
    """Sphinx puts every image flat into ``_images/``; subfolders belong to others
    (``sphinx.ext.imgmath`` writes ``_images/math/``) and are left alone."""
    if top.is_dir():
        for path in top.iterdir():
            if path.name not in keep and (path.is_file() or path.is_symlink()):
                _remove(path)


def _prune_downloads(top: Path, keep: set[str]) -> None:
    """``_downloads/<digest>/<name>``: files not in ``keep``, then empty folders."""
    if not top.is_dir():
        return
    for dirpath, _dirnames, filenames in os.walk(top, topdown=False):
        for name in filenames:
            path = Path(dirpath, name)
            if path.relative_to(top).as_posix() not in keep:
                _remove(path)
        if Path(dirpath) != top and not os.listdir(dirpath):
            os.rmdir(dirpath)


def _page_outputs(app: Sphinx) -> list[str]:
    outdir = Path(app.outdir)
    pages = []
    for docname in app.env.found_docs:
        path = Path(app.builder.get_outfilename(docname))
        if path.is_relative_to(outdir):
            pages.append(path.relative_to(outdir).as_posix())
    return sorted(pages)


def _read_json(path: Path, kind: type) -> Any:
    """A record kept with the doctrees; empty when missing (first build) or damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return kind()
    return data if isinstance(data, kind) else kind()


def _prune(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: remove the files of the output that no page uses any more;
    keep the records the next build needs."""
    builder = app.builder
    if exception is not None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    env = app.env
    outdir = Path(app.outdir)
    # Sphinx 8.2 keeps image names as str and download paths as Path: compare as text.
    _prune_images(outdir / builder.imagedir, {os.fspath(unique) for _docs, unique in env.images.values()})
    _prune_downloads(outdir / "_downloads", {Path(dest).as_posix() for _docs, dest in env.dlfiles.values()})
    record = Path(app.doctreedir) / OUTPUTS
    current = _page_outputs(app)
    previous = {item for item in _read_json(record, list) if isinstance(item, str)}
    for stale in sorted(previous - set(current)):
        try:
            _remove(inside(outdir, stale, what=f"{record}: page"))
        except UnsafePathError as err:  # a tampered record: never delete outside the output
            logger.warning(str(err))
    atomic_write(record, json.dumps(current, indent=0))
    _save_index_entries(app)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-get-outdated", _snapshot)
    app.connect("env-get-updated", _pages_to_write)
    app.connect("html-collect-pages", _restore_index_entries)
    app.connect("build-finished", _prune)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
