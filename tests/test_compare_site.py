"""Comparing versions in the published site: every page links to its comparisons, the
"What changed" pages per language, reuse of unchanged comparisons, and the real manual's
data changes (a setting removed from the data shows as removed)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cloudempiere_docs.compare.site import write_site_comparisons
from cloudempiere_docs.site.assemble import Part, part_docnames
from cloudempiere_docs.site.pipeline import build_site
from cloudempiere_docs.site.registry import load_registry
from sitegen import git, make_repo

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parent.parent
_HREF = re.compile(r'<details class="cedocs-compare">(.*?)</details>', re.S)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("compare") / "repo"
    make_repo(path)
    return path


@pytest.fixture(scope="module")
def site(repo: Path) -> Path:
    build_site(repo)
    return repo / "build" / "site"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def control_links(page: Path) -> list[str]:
    match = _HREF.search(read(page))
    assert match, f"{page} has no compare control"
    return re.findall(r'href="([^"]+)"', match.group(1))


def test_every_page_links_to_comparisons_that_exist(site: Path) -> None:
    checked = 0
    for language in ("en", "sk"):
        for version in ("12", "13", "14", "latest"):
            for page in (site / language / version).rglob("*.html"):
                rel = page.relative_to(site / language / version).as_posix()
                if rel.startswith(("_", "search", "genindex", "downloads")) or "http-equiv" in read(page):
                    continue  # Sphinx's own pages, the downloads page and redirect pages have no comparison
                links = control_links(page)
                assert len(links) == 2 + 2, (page, links)  # two other versions, the summary, all comparisons
                for href in links:
                    target = (page.parent / urlsplit(href).path).resolve()
                    assert target.is_file(), f"{page}: {href}"
                checked += 1
    assert checked > 20


def test_control_lists_the_other_versions_newest_first(site: Path) -> None:
    links = control_links(site / "sk" / "13" / "guide.html")
    assert links[:2] == ["../../sk/compare/13-14/pages/guide.html", "../../sk/compare/12-13/pages/guide.html"]
    assert links[2] == "../../sk/compare/12-13/index.html"
    assert "What changed between 12 and 13" in read(site / "en" / "13" / "guide.html")
    # the oldest version links to what changed in the next one
    assert control_links(site / "en" / "12" / "guide.html")[2] == "../../en/compare/12-13/index.html"


def test_what_changed_pages_per_language(site: Path) -> None:
    en = read(site / "en" / "compare" / "12-13" / "index.html")
    assert "<h1>What changed between 12 and 13 (latest)</h1>" in en
    assert re.search(r'<a href="pages/telephone-support.html">[^<]+</a> <span class="cmp-note">\(moved from support.html\)', en)
    assert 'href="pages/whats-new.html"' in en  # new in 13
    sk = read(site / "sk" / "compare" / "13-14" / "index.html")
    assert '<html lang="sk">' in sk and "Čo sa zmenilo medzi verziami 13 (najnovšia) a 14 (vo vývoji)" in sk
    assert 'href="pages/einvoicing.html"' in sk
    hub = read(site / "en" / "compare" / "index.html")
    assert hub.index("13-14/index.html") < hub.index("12-13/index.html") < hub.index("12-14/index.html")
    data = json.loads(read(site / "en" / "compare" / "12-13" / "pair.json"))
    assert data["counts"]["renamed"] == 1 and data["counts"]["added"] == 1


def test_a_page_missing_in_the_other_version_says_so(site: Path) -> None:
    page = read(site / "en" / "compare" / "13-14" / "pages" / "einvoicing.html")
    assert "This page does not exist in version 13 (latest): all its text is new in version 14 (development)." in page
    assert "<script" not in page, "comparison pages need no script"
    old = read(site / "en" / "compare" / "12-14" / "pages" / "support.html")
    assert "url=telephone-support.html" in old  # the older name of a moved page forwards


def test_comparison_pages_stay_out_of_search_and_sitemap(site: Path) -> None:
    assert "/compare/" not in read(site / "sitemap.xml")
    assert '<meta name="robots" content="noindex">' in read(site / "en" / "compare" / "12-13" / "pages" / "guide.html")
    assert not (site / "en" / "compare" / "pagefind").exists()


def test_unchanged_comparisons_are_reused_and_an_edit_recompares_its_pairs(repo: Path, site: Path) -> None:
    registry = load_registry(repo / "versions.toml")
    target = site.resolve()
    parts = [Part(lang, v.name, target / lang / v.name, part_docnames(target / lang / v.name)) for lang in registry.languages for v in registry.versions]
    parts = [Part(p.language, p.version, p.html, tuple(d for d in p.docnames if d != "support" or p.version == "12")) for p in parts]
    fresh = target.parent / "reuse-check"
    shutil.rmtree(fresh, ignore_errors=True)
    for part in parts:
        shutil.copytree(part.html, fresh / part.language / part.version)
    moved = [Part(p.language, p.version, fresh / p.language / p.version, p.docnames) for p in parts]
    again = write_site_comparisons(fresh, registry, moved, {"support": "telephone-support"}, previous=target)
    assert again.reused == len(again.pairs) == 6 and again.compared == 0
    assert read(fresh / "en" / "compare" / "12-13" / "index.html") == read(site / "en" / "compare" / "12-13" / "index.html")
    shutil.rmtree(fresh)
    guide = repo / "source" / "guide.md"
    guide.write_text(read(guide) + "\nAsk your administrator for the tenant prefix.\n")
    try:
        build_site(repo)
        page = read(site / "en" / "compare" / "13-14" / "pages" / "guide.html")
        assert "<ins>Ask your administrator for the tenant prefix.</ins>" in page
        assert "Ask your administrator" not in read(site / "en" / "compare" / "12-13" / "pages" / "guide.html")
    finally:
        git(repo, "checkout", "--", "source/guide.md")


def test_languages_compared_in_parallel_write_the_same_pages(site: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cloudempiere_docs.compare import site as compare_site

    registry = load_registry(repo / "versions.toml")
    target = site.resolve()
    out = {}
    for threshold in (10**9, 0):  # serial, then one process per language
        monkeypatch.setattr(compare_site, "PARALLEL_FROM", threshold)
        fresh = target.parent / f"parallel-{threshold}"
        shutil.rmtree(fresh, ignore_errors=True)
        parts = []
        for part_dir in sorted((repo / "build" / "cache" / "jobs").glob("*/*/html")):
            language, version = part_dir.parent.parent.name, part_dir.parent.name
            shutil.copytree(part_dir, fresh / language / version, ignore=shutil.ignore_patterns(".buildinfo"))
            parts.append(Part(language, version, fresh / language / version, part_docnames(part_dir)))
        made = write_site_comparisons(fresh, registry, parts, {"support": "telephone-support"})
        assert made.compared == 6
        out[threshold] = {p.relative_to(fresh).as_posix(): p.read_bytes() for p in (fresh).rglob("*") if "compare" in p.parts and p.is_file()}
        shutil.rmtree(fresh)
    assert out[0] == out[10**9] and len(out[0]) > 40


# --------------------------------------------------------------------- the real manual


def test_real_manual_shows_data_removed_between_versions(real_site) -> None:
    site = real_site.target
    registry = load_registry(REPO / "versions.toml")
    names = [v.name for v in registry.versions]
    if not {"12", "13"} <= set(names):
        pytest.skip("the registry no longer publishes 12 and 13")
    for language in registry.languages:
        summary = read(site / language / "compare" / "12-13" / "index.html")
        # ALogin_ShowOneRole was removed from the data in 13 (settings.yaml removed_in)
        link = re.search(r'<a href="(pages/[^"#]+#[^"]+)">ALogin_ShowOneRole</a>', summary)
        assert link, f"{language}: the removed setting is listed"
        page, anchor = link.group(1).split("#")
        compared = read(site / language / "compare" / "12-13" / page)
        assert re.search(rf'id="{re.escape(anchor)}" data-kind="dt"><span class="cmp-sr">[^<]+</span><del>ALogin_ShowOneRole</del>', compared)
    # ZK_PAGING_SIZE's default changed from 50 to 100
    settings = read(site / "en" / "compare" / "12-13" / "pages" / "configuration" / "settings.html")
    assert "<del>50</del><ins>100</ins>" in settings
