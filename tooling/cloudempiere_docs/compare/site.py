"""Comparisons of the published versions, written when the site is assembled.

For each language and each pair of versions the site offers (:func:`version_pairs`),
``<lang>/compare/<older>-<newer>/`` holds the "What changed" page and one comparison per
page (see :mod:`cloudempiere_docs.compare.pair`); ``<lang>/compare/index.html`` lists
them. Every page of the manual links to its comparisons (the "Compare with version"
control, ``ext/compare.py``), with links made by :func:`comparison_path`, the one rule
both sides share. Each page is read once per language, however many pairs it is part of.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cloudempiere_docs.compare.pair import Side, TextCache, compare_sides
from cloudempiere_docs.compare.render import render, stylesheet, translator
from cloudempiere_docs.data.versioning import parse

if TYPE_CHECKING:
    from cloudempiere_docs.site.assemble import Part
    from cloudempiere_docs.site.registry import Registry, Version

COMPARE_DIR = "compare"
STYLESHEET = "compare.css"
#: Up to this many versions, every pair is compared; beyond, each version with its
#: neighbours, with the latest release and with the development version (the pairs a
#: reader upgrading or planning asks about), so the work grows linearly, not squarely.
ALL_PAIRS_UP_TO = 8


def version_pairs(names: Iterable[str], latest: str = "", development: str = "") -> list[tuple[str, str]]:
    """``(older, newer)`` pairs of version names to compare, oldest pairs first."""
    return list(_version_pairs(frozenset(names), latest, development))


@functools.lru_cache(maxsize=64)
def _version_pairs(names: frozenset[str], latest: str, development: str) -> tuple[tuple[str, str], ...]:
    # Asked by every page of a build (its "Compare with version" control): computed once.
    ordered = sorted(names, key=parse)
    if len(ordered) <= ALL_PAIRS_UP_TO:
        pairs = {(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]}
    else:
        pairs = set(zip(ordered, ordered[1:]))
        for hub in (latest, development):
            if hub in ordered:
                pairs |= {tuple(sorted((name, hub), key=parse)) for name in ordered if name != hub}  # type: ignore[misc]
    return tuple(sorted(pairs, key=lambda p: (parse(p[0]), parse(p[1]))))


def pair_slug(a: str, b: str) -> str:
    """The directory of a pair: older first (version names are digits and dots)."""
    older, newer = sorted((a, b), key=parse)
    return f"{older}-{newer}"


def comparison_path(language: str, version: str, other: str, page: str) -> str:
    """Where the comparison of ``page`` of ``version`` with ``other`` lives, relative to
    the site root. A page missing in ``other`` still has one (saying so), and a renamed
    page has one under each of its names, so this never leads to a missing file."""
    return f"{language}/{COMPARE_DIR}/{pair_slug(version, other)}/pages/{page}.html"


def summary_path(language: str, a: str, b: str) -> str:
    return f"{language}/{COMPARE_DIR}/{pair_slug(a, b)}/index.html"


def consecutive(pairs: Sequence[tuple[str, str]], names: Iterable[str]) -> list[tuple[str, str]]:
    ordered = sorted(set(names), key=parse)
    wanted = set(zip(ordered, ordered[1:]))
    return [p for p in pairs if p in wanted]


def version_label(version: Version, language: str) -> str:
    gettext = translator(language)
    if version.is_development:
        return gettext("%s (development)") % version.name
    if version.status == "latest":
        return gettext("%s (latest)") % version.name
    return version.name


#: The summary of a pair in machine-readable form, and what it was computed from.
SUMMARY = "pair.json"
_ENGINE = Path(__file__).resolve().parent
_THEME = _ENGINE.parent / "theme"


def engine_fingerprint() -> str:
    """What, besides the two sides, shapes a comparison: this package, the rules that
    pair renamed pages (counterparts.py), its templates, stylesheet and the interface
    catalogs."""
    files = sorted(
        [*_ENGINE.glob("*.py"), _ENGINE.parent / "counterparts.py", *(_THEME / "templates" / "cedocs").glob("compare-*.html"),
         *(_THEME / "assets").glob("*.css"), *(_ENGINE.parent / "locale").glob("*/LC_MESSAGES/*.po")]
    )  # fmt: skip
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _side_digest(side: Side) -> str:
    """The pages of a side and its inventory: what its comparisons are made of."""
    digest = hashlib.sha256()
    for name in sorted(side.docnames):
        digest.update(name.encode() + b"\0")
        try:
            digest.update((side.html / f"{name}.html").read_bytes())
        except OSError:
            digest.update(b"\1missing")
    try:
        digest.update((side.html / "objects.inv").read_bytes())
    except OSError:
        pass
    return digest.hexdigest()


@dataclass
class PairSummary:
    """What the hub lists of a pair (from a fresh comparison or a reused one)."""

    old: str
    new: str
    old_label: str
    new_label: str
    counts: dict[str, int]
    reused: bool = False


@dataclass
class SiteComparisons:
    pairs: list[PairSummary] = field(default_factory=list)
    compared: int = 0  # pairs compared this time (the others were reused)
    seconds: float = 0.0

    @property
    def reused(self) -> int:
        return sum(1 for p in self.pairs if p.reused)


#: Above this many pages to compare, the pairs are compared in parallel processes, one
#: group per core (spawned: the caller may run threads; a worker costs about half a
#: second to start).
PARALLEL_FROM = 600


def _reuse(previous: Path | None, relative: Path, out: Path, key: str) -> dict[str, object] | None:
    """Copy the comparison of the previous site when it was made from the same inputs."""
    if previous is None:
        return None
    old = previous / relative
    try:
        data = json.loads((old / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    shutil.copytree(old, out)
    return data


@dataclass(frozen=True)
class _Task:
    """A pair of one language to compare (its key: what it is made of)."""

    language: str
    old: Side
    new: Side
    out: Path
    key: str

    @property
    def pages(self) -> int:
        return len(self.old.docnames | self.new.docnames)


def _compare_language(tasks: list[_Task], redirects: dict[str, str]) -> dict[Path, dict[str, object]]:
    """Compare pairs of one language (each page read once); write each pair.json."""
    cache = TextCache()
    done: dict[Path, dict[str, object]] = {}
    for task in tasks:
        compared = compare_sides(
            task.old, task.new, task.out, task.language, redirects, cache=cache, stylesheet=f"../{STYLESHEET}", hub="../index.html"
        )
        data = {"key": task.key, **compared.as_json()}
        (task.out / SUMMARY).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        done[task.out] = data
    return done


def groups(tasks: list[_Task], count: int) -> list[list[_Task]]:
    """``tasks`` in at most ``count`` groups of about as many pages, each of one language
    (one group per language, the largest cut while there are cores left). A language's
    pairs are cut into runs of neighbouring pairs, which share the most pages: a page is
    read and compared once per group."""
    by_language: dict[str, list[_Task]] = {}
    for task in tasks:
        by_language.setdefault(task.language, []).append(task)
    out = list(by_language.values())
    while out and len(out) < count:
        largest = max(out, key=lambda group: sum(task.pages for task in group))
        if len(largest) < 2:
            break
        half, running, total = 0, 0, sum(task.pages for task in largest)
        while half < len(largest) - 1 and running + largest[half].pages <= total / 2:
            running += largest[half].pages
            half += 1
        half = max(half, 1)
        out.remove(largest)
        out += [largest[:half], largest[half:]]
    return out


def _run(tasks: list[_Task], redirects: dict[str, str]) -> dict[Path, dict[str, object]]:
    workers = (os.cpu_count() or 1) if sum(task.pages for task in tasks) >= PARALLEL_FROM else 1
    parts = groups(tasks, workers)
    if len(parts) < 2:
        done: dict[Path, dict[str, object]] = {}
        for group in parts:
            done |= _compare_language(group, redirects)
        return done
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=len(parts), mp_context=context) as pool:
        results = pool.map(_compare_language, parts, [redirects] * len(parts))
        return {path: data for result in results for path, data in result.items()}


def write_site_comparisons(
    site: Path, registry: Registry, parts: Sequence[Part], redirects: dict[str, str], previous: Path | None = None
) -> SiteComparisons:
    """Write every comparison of ``site`` (an assembled tree holding ``<lang>/<version>/``).

    ``previous``: the site published before; a pair whose two sides, labels, redirects
    and engine are unchanged is copied from it instead of being compared again. The
    others are compared in groups of one language, in parallel when there is much to
    compare.
    """
    started = time.perf_counter()
    result = SiteComparisons()
    by_key = {(p.language, p.version): p for p in parts}
    names = [v.name for v in registry.versions]
    pairs = version_pairs(names, registry.latest.name, registry.development.name)
    chained = consecutive(pairs, names)
    css = stylesheet()
    engine = engine_fingerprint()
    redirects = dict(redirects)
    summaries: dict[str, list[tuple[_Task, dict[str, object] | None]]] = {}
    todo: list[_Task] = []
    for language in registry.languages:
        root = site / language / COMPARE_DIR
        root.mkdir(parents=True, exist_ok=True)
        (root / STYLESHEET).write_text(css, encoding="utf-8")
        digests: dict[str, str] = {}
        for older, newer in pairs:
            old_part, new_part = by_key.get((language, older)), by_key.get((language, newer))
            if old_part is None or new_part is None:
                continue  # assemble refuses missing parts before this runs
            sides = []
            for name, part in ((older, old_part), (newer, new_part)):
                version = registry.get(name)
                sides.append(
                    Side(name, version_label(version, language), site / language / name, frozenset(part.docnames), f"../../{name}/")
                )
            for side in sides:
                if side.name not in digests:
                    digests[side.name] = _side_digest(side)
            key = hashlib.sha256(
                json.dumps(
                    [engine, language, [(s.name, s.label, digests[s.name]) for s in sides], sorted(redirects.items())]
                ).encode()
            ).hexdigest()
            task = _Task(language, sides[0], sides[1], root / pair_slug(older, newer), key)
            data = _reuse(previous, task.out.relative_to(site), task.out, key)
            if data is None:
                todo.append(task)
            summaries.setdefault(language, []).append((task, data))
    done = _run(todo, redirects)
    result.compared = len(todo)
    for language, entries in summaries.items():
        listed = []
        for task, data in entries:
            reused = data is not None
            data = data if data is not None else done[task.out]
            counts = data.get("counts") if isinstance(data.get("counts"), dict) else {}
            listed.append(PairSummary(task.old.name, task.new.name, task.old.label, task.new.label, dict(counts), reused))  # type: ignore[arg-type]
        (site / language / COMPARE_DIR / "index.html").write_text(
            render(
                "compare-hub.html",
                language,
                stylesheet=STYLESHEET,
                main=[p for p in listed if (p.old, p.new) in chained][::-1],
                others=[p for p in listed if (p.old, p.new) not in chained][::-1],
                slug=pair_slug,
            ),
            encoding="utf-8",
        )
        result.pairs += listed
    result.seconds = time.perf_counter() - started
    return result
