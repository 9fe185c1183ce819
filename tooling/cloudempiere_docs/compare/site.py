"""Comparisons of the published versions, written when the site is assembled.

For each language and each pair of versions the site offers (:func:`version_pairs`),
``<lang>/compare/<older>-<newer>/`` holds the "What changed" page and one comparison per
page (see :mod:`cloudempiere_docs.compare.pair`); ``<lang>/compare/index.html`` lists
them. Every page of the manual links to its comparisons (the "Compare with version"
control, ``ext/compare.py``), with links made by :func:`comparison_path`, the one rule
both sides share. Each page is read once per language, however many pairs it is part of.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cloudempiere_docs.compare.pair import PairResult, Side, TextCache, compare_sides
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
    ordered = sorted(set(names), key=parse)
    if len(ordered) <= ALL_PAIRS_UP_TO:
        pairs = {(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]}
    else:
        pairs = set(zip(ordered, ordered[1:]))
        for hub in (latest, development):
            if hub in ordered:
                pairs |= {tuple(sorted((name, hub), key=parse)) for name in ordered if name != hub}  # type: ignore[misc]
    return sorted(pairs, key=lambda p: (parse(p[0]), parse(p[1])))


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
    """What, besides the two sides, shapes a comparison: this package, its templates,
    stylesheet and the interface catalogs."""
    files = sorted(
        [*_ENGINE.glob("*.py"), *(_THEME / "templates" / "cedocs").glob("compare-*.html"), *(_THEME / "assets").glob("*.css"),
         *(_ENGINE.parent / "locale").glob("*/LC_MESSAGES/*.po")]
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
    results: list[PairResult] = field(default_factory=list)  # the pairs compared this time
    seconds: float = 0.0

    @property
    def reused(self) -> int:
        return sum(1 for p in self.pairs if p.reused)


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


def write_site_comparisons(
    site: Path, registry: Registry, parts: Sequence[Part], redirects: dict[str, str], previous: Path | None = None
) -> SiteComparisons:
    """Write every comparison of ``site`` (an assembled tree holding ``<lang>/<version>/``).

    ``previous``: the site published before; a pair whose two sides, labels, redirects
    and engine are unchanged is copied from it instead of being compared again.
    """
    started = time.perf_counter()
    result = SiteComparisons()
    by_key = {(p.language, p.version): p for p in parts}
    names = [v.name for v in registry.versions]
    pairs = version_pairs(names, registry.latest.name, registry.development.name)
    chained = consecutive(pairs, names)
    css = stylesheet()
    engine = engine_fingerprint()
    for language in registry.languages:
        root = site / language / COMPARE_DIR
        root.mkdir(parents=True, exist_ok=True)
        (root / STYLESHEET).write_text(css, encoding="utf-8")
        cache = TextCache()
        digests: dict[str, str] = {}
        summaries: list[PairSummary] = []
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
            slug = pair_slug(older, newer)
            out = root / slug
            data = _reuse(previous, out.relative_to(site), out, key)
            if data is None:
                compared = compare_sides(
                    sides[0], sides[1], out, language, redirects, cache=cache, stylesheet=f"../{STYLESHEET}", hub="../index.html"
                )
                data = {"key": key, **compared.as_json()}
                (out / SUMMARY).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
                result.results.append(compared)
                reused = False
            else:
                reused = True
            counts = data.get("counts") if isinstance(data.get("counts"), dict) else {}
            summaries.append(PairSummary(older, newer, sides[0].label, sides[1].label, dict(counts), reused))  # type: ignore[arg-type]
        (root / "index.html").write_text(
            render(
                "compare-hub.html",
                language,
                stylesheet=STYLESHEET,
                main=[p for p in summaries if (p.old, p.new) in chained][::-1],
                others=[p for p in summaries if (p.old, p.new) not in chained][::-1],
                slug=pair_slug,
            ),
            encoding="utf-8",
        )
        result.pairs += summaries
    result.seconds = time.perf_counter() - started
    return result
