"""Compare two built sides (two versions of the site, or a change and its base) in one
language: one comparison page per page, and a summary of what changed.

Layout of a pair directory ``out/``::

    index.html               what changed: pages added, removed, renamed, changed;
                             reference entries added and removed
    pages/<docname>.html     the page compared (its newer name; a renamed page's older
                             name forwards there)

Links to the pages themselves are relative (``Side.url``), so a pair directory works on
a web server, as files, and inside a downloaded preview.
"""

from __future__ import annotations

import hashlib
import posixpath
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from cloudempiere_docs.compare import inventory
from cloudempiere_docs.compare.diff import PageDiff, diff_blocks, one_side
from cloudempiere_docs.compare.extract import PageText, extract
from cloudempiere_docs.compare.pages import PageMatch, match_pages
from cloudempiere_docs.compare.render import Layout, layout, render


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a built version of the manual in one language."""

    name: str  # "12", "base"
    label: str  # what readers see: "12", "13 (latest)", "main (1a2b3c4)"
    html: Path  # the built pages
    docnames: frozenset[str]
    url: str  # the built pages, relative to the pair directory (ends with "/")


class TextCache:
    """Each page is read once, however many pairs it is part of; and each comparison is
    worked out once for the same two texts (a page that is the same in many versions
    appears in many pairs: 54 pairs of 57 pages on a site of 20 versions)."""

    def __init__(self) -> None:
        self._texts: dict[Path, PageText] = {}
        #: The digest of each text read (by identity: the texts live as long as this cache).
        self._digests: dict[int, str] = {}
        #: The comparison (diff and layout) of two texts, by their digests: a pure
        #: function of the blocks (kind, cells, anchor, header), which the digest covers.
        self.comparisons: dict[tuple[str, str], tuple[PageDiff, Layout]] = {}
        #: The marked text of a comparison by what it compares (language, both texts):
        #: a page that is the same in many versions is laid out once.
        self.bodies: dict[tuple[str, str, str], Markup] = {}

    def get(self, path: Path) -> PageText:
        if path not in self._texts:
            self._texts[path] = extract(path)
        return self._texts[path]

    def digest(self, text: PageText | None) -> str:
        """What a text's blocks are ("" for a missing side), computed once per text."""
        if text is None:
            return ""
        known = self._digests.get(id(text))
        if known is None:
            known = self._digests[id(text)] = hashlib.sha256(repr(text.blocks).encode()).hexdigest()
        return known


def _body(cache: TextCache, language: str, shown: Layout, before: PageText | None, after: PageText | None) -> Markup:
    """The marked text of a comparison page (autoescaped by its template), laid out once
    for the same two texts in one language."""
    key = (language, cache.digest(before), cache.digest(after))
    if key not in cache.bodies:
        cache.bodies[key] = Markup(render("compare-body.html", language, layout=shown))
    return cache.bodies[key]


@dataclass
class PageResult:
    match: PageMatch
    title: str
    old_title: str = ""
    added: int = 0
    removed: int = 0
    changed: int = 0
    problems: tuple[tuple[str, str], ...] = ()  # (version label, why) for each unreadable side

    @property
    def error(self) -> str:
        """Why this page could not be compared, in English (for reports and logs)."""
        return "; ".join(f"version {side}: {why}" for side, why in self.problems)

    @property
    def kind(self) -> str:
        """same (unchanged) | changed | renamed | added | removed | failed"""
        if self.problems:
            return "failed"
        if self.match.kind == "same":
            return "changed" if (self.added or self.removed or self.changed) else "same"
        return self.match.kind

    @property
    def href(self) -> str:
        return f"pages/{self.match.name}.html"

    def as_json(self) -> dict[str, Any]:
        return {
            "page": self.match.name,
            "old": self.match.old,
            "new": self.match.new,
            "kind": self.kind,
            "title": self.title,
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "error": self.error or None,
            "comparison": self.href,
        }


@dataclass
class PairResult:
    language: str
    old: Side
    new: Side
    pages: list[PageResult] = field(default_factory=list)
    entries: inventory.EntryChanges = field(default_factory=lambda: inventory.EntryChanges([], []))
    seconds: float = 0.0

    def of(self, kind: str) -> list[PageResult]:
        return [p for p in self.pages if p.kind == kind]

    @property
    def has_changes(self) -> bool:
        return any(p.kind != "same" for p in self.pages) or bool(self.entries.added or self.entries.removed)

    def counts(self) -> dict[str, int]:
        return {kind: len(self.of(kind)) for kind in ("changed", "added", "removed", "renamed", "failed", "same")}

    def as_json(self) -> dict[str, Any]:
        def entry(e: inventory.Entry) -> dict[str, str]:
            return {"type": e.type, "name": e.name, "page": e.docname, "anchor": e.anchor}

        return {
            "language": self.language,
            "old": self.old.name,
            "new": self.new.name,
            "counts": self.counts(),
            "pages": [p.as_json() for p in self.pages if p.kind != "same"],
            "entries": {
                "added": [entry(e) for e in self.entries.added],
                "removed": [entry(e) for e in self.entries.removed],
            },
        }


def _up(docname: str) -> str:
    """From ``pages/<docname>.html`` back to the pair directory."""
    return "../" * (docname.count("/") + 1)


def _read(side: Side, name: str | None, cache: TextCache) -> PageText | None:
    if name is None:
        return None
    return cache.get(side.html / f"{name}.html")


def _forward_page(target: str) -> str:
    """A comparison under a page's older name forwards to the one under its newer name."""
    return render("compare-forward.html", "en", target=target)


def compare_page(
    old_side: Side, new_side: Side, old: PageText | None, new: PageText | None
) -> tuple[PageDiff | None, tuple[tuple[str, str], ...]]:
    """The comparison of one page, or why there is none: ``(version label, reason)``
    for each side that could not be read."""
    problems = tuple(
        (side.label, text.error) for side, text in ((old_side, old), (new_side, new)) if text is not None and not text.ok
    )
    if problems:
        return None, problems
    if old is not None and new is not None:
        return diff_blocks(old.blocks, new.blocks), ()
    if new is not None:
        return one_side(new.blocks, "added"), ()
    assert old is not None
    return one_side(old.blocks, "removed"), ()


def _compared(
    cache: TextCache, old_side: Side, new_side: Side, old: PageText | None, new: PageText | None
) -> tuple[PageDiff | None, Layout | None, tuple[tuple[str, str], ...]]:
    """:func:`compare_page` and its layout, worked out once for the same two texts (the
    cached objects are only read from then on: by the templates and the summary)."""
    if (old is None or old.ok) and (new is None or new.ok):
        key = (cache.digest(old), cache.digest(new))
        known = cache.comparisons.get(key)
        if known is None:
            diff, _ = compare_page(old_side, new_side, old, new)
            assert diff is not None  # both sides readable
            known = cache.comparisons[key] = (diff, layout(diff))
        return known[0], known[1], ()
    diff, problems = compare_page(old_side, new_side, old, new)
    return diff, (layout(diff) if diff is not None else None), problems


def compare_sides(
    old: Side,
    new: Side,
    out: Path,
    language: str,
    redirects: dict[str, str],
    *,
    cache: TextCache | None = None,
    stylesheet: str = "../compare.css",
    hub: str | None = None,
    heading: str = "",
) -> PairResult:
    """Write the comparison of ``old`` and ``new`` into ``out`` (paths relative to it:
    ``stylesheet``, ``hub`` the page listing every comparison, if any)."""
    started = time.perf_counter()
    cache = cache or TextCache()
    result = PairResult(language, old, new, entries=inventory.changes(old.html, new.html))
    entry_ids: dict[tuple[str, str], str] = {}
    pages_dir = out / "pages"
    for match in match_pages(old.docnames, new.docnames, redirects):
        before, after = _read(old, match.old, cache), _read(new, match.new, cache)
        diff, shown, problems = _compared(cache, old, new, before, after)
        title = (after.title if after and after.title else "") or (before.title if before else "") or match.name
        page = PageResult(match, title, before.title if before else "", problems=problems)
        up = _up(match.name)
        context: dict[str, Any] = {
            "page": page,
            "old": old,
            "new": new,
            "old_href": f"{up}{old.url}{match.old}.html" if match.old else "",
            "new_href": f"{up}{new.url}{match.new}.html" if match.new else "",
            "summary_href": f"{up}index.html",
            "pages_href": f"{up}pages/",
            "hub_href": f"{up}{hub}" if hub else "",
            "stylesheet": f"{up}{stylesheet}",
            "heading": heading,
            "layout": None,
        }
        if diff is not None:
            page.added, page.removed, page.changed = diff.added, diff.removed, diff.changed
            context["layout"] = shown
            context["body"] = _body(cache, language, shown, before, after)
            for anchor, element in shown.ids.items():
                entry_ids.setdefault((match.name, anchor), element)
            if match.old:
                for anchor, element in shown.ids.items():
                    entry_ids.setdefault((match.old, anchor), element)
        target = pages_dir / f"{match.name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render("compare-page.html", language, **context), encoding="utf-8")
        if match.kind == "renamed" and match.old:
            alias = pages_dir / f"{match.old}.html"
            alias.parent.mkdir(parents=True, exist_ok=True)
            here = posixpath.dirname(f"pages/{match.old}.html")
            alias.write_text(_forward_page(posixpath.relpath(f"pages/{match.name}.html", here)), encoding="utf-8")
        result.pages.append(page)
    by_page = {p.match.old: p for p in result.pages if p.match.old} | {p.match.new: p for p in result.pages if p.match.new}

    def entry_link(entry: inventory.Entry) -> str:
        page = by_page.get(entry.docname)
        if page is None:
            return ""
        element = entry_ids.get((entry.docname, entry.anchor), "")
        return page.href + (f"#{element}" if element else "")

    (out / "index.html").write_text(
        render(
            "compare-summary.html",
            language,
            result=result,
            old=old,
            new=new,
            entry_link=entry_link,
            type_labels=inventory.TYPES,
            stylesheet=stylesheet,
            hub_href=hub or "",
            heading=heading,
        ),
        encoding="utf-8",
    )
    result.seconds = time.perf_counter() - started
    return result
