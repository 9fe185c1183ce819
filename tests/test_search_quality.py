"""Search quality: readers' queries (tests/data/search-queries.toml) on the real manual.

Each query runs on the search page of the development version in its language, as a
reader would use it (headless chromium, the page's own script: the exact-match index of
definitions first, then Pagefind). Its reciprocal rank is 1/position of the first result
on the expected page (0 if not among the results shown); the mean over all queries (MRR)
is printed at the end of the run and recorded in the README. Definition queries (a
setting key, defect ID, window, form or tax name) must put that entry, with its anchor,
first.

Also usable on any built site, to compare: ``python tests/test_search_quality.py SITE``.
"""

from __future__ import annotations

import sys
import tomllib
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
QUERIES = REPO / "tests" / "data" / "search-queries.toml"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Query:
    language: str
    text: str
    expect: str  # docname, with "#anchor" for a definition
    kind: str

    @property
    def page(self) -> str:
        return self.expect.split("#", 1)[0]


@dataclass
class Outcome:
    query: Query
    results: list[str]  # docname[#anchor] of each result, in order
    rank: int | None  # position of the first result on the expected page

    @property
    def reciprocal(self) -> float:
        return 1.0 / self.rank if self.rank else 0.0

    @property
    def entry_first(self) -> bool:
        return bool(self.results) and self.results[0] == self.query.expect


def load_queries() -> list[Query]:
    data = tomllib.loads(QUERIES.read_text(encoding="utf-8"))
    return [Query(q["language"], q["text"], q["expect"], q["kind"]) for q in data["query"]]


def _docname(href: str, base: str) -> str:
    """``http://host/en/14/tax/vat-scheme.html#tax-x`` -> ``tax/vat-scheme#tax-x``."""
    parts = urllib.parse.urlsplit(href)
    path = parts.path[len(urllib.parse.urlsplit(base).path) :] if parts.path.startswith(urllib.parse.urlsplit(base).path) else parts.path
    doc = path.removesuffix(".html")
    return f"{doc}#{parts.fragment}" if parts.fragment else doc


def run_query(page: Any, base: str, query: Query) -> Outcome:
    page.goto(base + "search.html?q=" + urllib.parse.quote(query.text))
    page.wait_for_function(
        "() => { const s = document.getElementById('cedocs-search-status');"
        " const r = document.getElementById('search-results');"
        " return s && r && s.textContent !== '' && s.textContent !== r.dataset.textSearching; }",
        timeout=20000,
    )
    hrefs = page.locator("#search-results > ul > li > a").evaluate_all("els => els.map(e => e.href)")
    results = [_docname(h, base) for h in hrefs]
    rank = next((i for i, r in enumerate(results, 1) if r.split("#", 1)[0] == query.page), None)
    return Outcome(query, results, rank)


def evaluate(site_url: str, version: str, queries: list[Query], browser: Any) -> list[Outcome]:
    context = browser.new_context()
    page = context.new_page()
    try:
        return [run_query(page, f"{site_url}{q.language}/{version}/", q) for q in queries]
    finally:
        context.close()


def mrr(outcomes: list[Outcome]) -> float:
    return sum(o.reciprocal for o in outcomes) / len(outcomes) if outcomes else 0.0


def summary(outcomes: list[Outcome]) -> list[str]:
    lines = []
    for language in sorted({o.query.language for o in outcomes}):
        mine = [o for o in outcomes if o.query.language == language]
        definitions = [o for o in mine if o.query.kind == "definition"]
        lines.append(
            f"{language}: MRR {mrr(mine):.3f} over {len(mine)} queries;"
            f" definitions with their entry first: {sum(o.entry_first for o in definitions)}/{len(definitions)}"
        )
    lines.append(f"all: MRR {mrr(outcomes):.3f} over {len(outcomes)} queries")
    return lines


# --------------------------------------------------------------------------------- test


@pytest.fixture(scope="module")
def outcomes(real_site: Any, browser: Any) -> Iterator[list[Outcome]]:
    from cloudempiere_docs.site.registry import load_registry
    from served import Served

    served = Served(real_site.target.resolve())
    version = load_registry(REPO / "versions.toml").development.name
    try:
        yield evaluate(served.url(""), version, load_queries(), browser)
    finally:
        served.close()


def test_the_evaluation_covers_both_languages() -> None:
    queries = load_queries()
    assert len(queries) >= 30
    assert {q.language for q in queries} == {"en", "sk"}
    assert {q.kind for q in queries} == {"definition", "topic"}
    assert all(("#" in q.expect) == (q.kind == "definition") for q in queries)


def test_definitions_come_first_with_their_anchor(outcomes: list[Outcome], report: Any) -> None:
    for line in summary(outcomes):
        report("search quality (tests/data/search-queries.toml)", line)
    misses = [
        f"{o.query.language} {o.query.text!r}: expected {o.query.expect}, got {o.results[:3]}"
        for o in outcomes
        if o.query.kind == "definition" and not o.entry_first
    ]
    assert misses == []


def test_topics_find_their_page(outcomes: list[Outcome]) -> None:
    """Every topic query finds its page among the results; most of them first."""
    topics = [o for o in outcomes if o.query.kind == "topic"]
    missing = [f"{o.query.language} {o.query.text!r} -> {o.query.expect}: {o.results[:5]}" for o in topics if not o.rank]
    assert missing == []
    assert mrr(topics) >= 0.7, "\n".join(f"{o.query.text!r}: rank {o.rank}" for o in topics)


if __name__ == "__main__":  # python tests/test_search_quality.py SITE [VERSION]
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from served import Served

    site = Served(Path(sys.argv[1]).resolve())
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        found = evaluate(site.url(""), sys.argv[2] if len(sys.argv) > 2 else "14", load_queries(), chromium)
        chromium.close()
    site.close()
    for outcome in found:
        print(f"{outcome.query.language} {outcome.rank or '-':>2} {outcome.query.text!r:40} {outcome.results[:3]}")
    print("\n".join(summary(found)))
