"""Comparing versions of a page: the engine on its own (extraction, diff, page matching,
pair directories) with real bad inputs. The site-level comparisons are tested in
test_compare_site.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cloudempiere_docs.compare import extract as extract_mod
from cloudempiere_docs.compare.diff import PageDiff, diff_blocks, word_diff
from cloudempiere_docs.compare.extract import Block, extract, extract_text
from cloudempiere_docs.compare.inventory import TYPES
from cloudempiere_docs.compare.pages import match_pages
from cloudempiere_docs.compare.pair import Side, TextCache, compare_sides
from cloudempiere_docs.compare.render import layout
from cloudempiere_docs.compare.site import comparison_path, pair_slug, version_pairs
from cloudempiere_docs.counterparts import resolve
from cloudempiere_docs.locale_strings import catalog_path
from cloudempiere_docs.site.search import EXCLUDE

PAGE = """<!doctype html><html><head><title>Tax rates - Cloudempiere 13</title></head><body>
<nav><ul><li>Sidebar entry that is not content</li></ul></nav>
<article role="main"><div class="cedocs-banner">You are reading an old version</div>
<div data-pagefind-body><section id="tax-rates">
<h1>Tax rates<a class="headerlink" href="#tax-rates">¶</a></h1>
<p>The standard rate is <strong>23 %</strong>.</p>
<div class="cedocs-i18n-coverage"><p>Translation in progress</p></div>
<ul><li><p>First step</p></li><li>Second step<ul><li>nested</li></ul></li></ul>
<table><thead><tr><th>Tax</th><th>Rate</th></tr></thead>
<tbody><tr><td>Standard</td><td>23 %</td></tr><tr><td>Reduced</td><td><p>5 %</p></td></tr></tbody></table>
<dl><dt id="setting-zk-paging-size">ZK_PAGING_SIZE</dt><dd><p>Rows per page.</p></dd></dl>
<pre>line one
  line two</pre>
<script>document.write("not text")</script>
</section></div></article>
<footer><p>Footer text</p></footer></body></html>"""


def blocks(markup: str) -> list[tuple[str, tuple[str, ...]]]:
    return [b.key for b in extract_text(markup).blocks]


def test_extract_reads_the_article_blocks_in_reading_order() -> None:
    text = extract_text(PAGE)
    assert text.ok and text.title == "Tax rates"
    assert [b.key for b in text.blocks] == [
        ("h1", ("Tax rates",)),
        ("p", ("The standard rate is 23 %.",)),
        ("li", ("First step",)),
        ("li", ("Second step",)),
        ("li", ("nested",)),
        ("tr", ("Tax", "Rate")),
        ("tr", ("Standard", "23 %")),
        ("tr", ("Reduced", "5 %")),
        ("dt", ("ZK_PAGING_SIZE",)),
        ("dd", ("Rows per page.",)),
        ("pre", ("line one\n  line two",)),
    ]
    header, row = text.blocks[5], text.blocks[6]
    assert header.header and not row.header
    assert text.blocks[8].anchor == "setting-zk-paging-size" and text.blocks[0].anchor == "tax-rates"


def test_extract_leaves_out_what_search_leaves_out() -> None:
    excluded = {selector.lstrip(".") for selector in EXCLUDE}
    assert excluded <= extract_mod.EXCLUDED_CLASSES, "keep the comparison and the search index in step"


def test_extract_falls_back_to_article_and_main() -> None:
    assert blocks("<html><body><main><p>In main</p></main><p>outside</p></body></html>") == [("p", ("In main",))]
    assert blocks('<body><main><p>m</p><article role="main"><h2>A</h2></article></main></body>') == [("h2", ("A",))]


def test_a_page_without_an_article_or_unreadable_says_why(tmp_path: Path) -> None:
    assert extract_text("<html><body><p>just a redirect</p></body></html>").error == extract_mod.NO_ARTICLE
    assert extract(tmp_path / "missing.html").error == extract_mod.NOT_BUILT
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"\xff\xfe<p>not utf-8")
    assert extract(bad).error == extract_mod.UNREADABLE
    assert all(error in extract_mod.ERRORS for error in (extract_mod.NO_ARTICLE, extract_mod.NOT_BUILT))


def test_word_diff_marks_words() -> None:
    spans = word_diff("The default is 50 rows.", "The default is 100 rows.")
    assert [(s.op, s.text) for s in spans] == [("same", "The default is "), ("del", "50"), ("add", "100"), ("same", " rows.")]


def test_diff_pairs_changed_blocks_and_cells() -> None:
    old = [Block("h1", ("Rates",)), Block("tr", ("Standard", "20 %")), Block("p", ("Gone paragraph about old things.",))]
    new = [Block("h1", ("Rates",)), Block("tr", ("Standard", "23 %")), Block("p", ("A wholly new text here.",)), Block("p", ("Another.",))]
    diff = diff_blocks(old, new)
    assert [i.status for i in diff.items] == ["same", "changed", "removed", "added", "added"]
    row = diff.items[1]
    assert [(s.op, s.text) for s in row.cells[0]] == [("same", "Standard")]
    assert [(s.op, s.text) for s in row.cells[1]] == [("del", "20"), ("add", "23"), ("same", " %")]
    assert (diff.added, diff.removed, diff.changed) == (2, 1, 1)


def test_diff_of_equal_pages_has_no_changes() -> None:
    same = [Block("p", ("a",)), Block("p", ("b",))]
    assert not diff_blocks(same, list(same)).has_changes


def test_a_table_that_gains_a_column_is_compared_cell_by_cell() -> None:
    diff = diff_blocks([Block("tr", ("VAT", "20 %"))], [Block("tr", ("VAT", "23 %", "2025-01-01"))])
    (item,) = diff.items
    assert item.status == "changed" and len(item.cells) == 3
    assert [(s.op, s.text) for s in item.cells[2]] == [("add", "2025-01-01")]


def test_layout_folds_long_unchanged_runs_but_keeps_headings() -> None:
    old = [Block("h1", ("T",), "t")] + [Block("p", (f"para {i}",)) for i in range(20)] + [Block("h2", ("Sub",), "sub")]
    new = old[:-1] + [Block("p", ("new paragraph",)), old[-1]]
    shown = layout(diff_blocks(old, new))
    types = [g.type for g in shown.groups]
    assert "fold" in types and shown.groups[0].items[0].item.kind == "h1"
    fold = next(g for g in shown.groups if g.type == "fold")
    assert fold.size == 20 - 2 * 2
    assert shown.changes == ["change-1"] and shown.ids == {"t": "t", "sub": "sub"}


def test_pages_match_through_redirect_chains() -> None:
    redirects = {"support": "telephone", "telephone": "support/telephone", "gone": "index", "loop-a": "loop-b", "loop-b": "loop-a"}
    assert resolve(redirects, "support") == "support/telephone"
    assert resolve(redirects, "loop-a") == "loop-b"
    matches = {m.name: m for m in match_pages({"index", "support", "gone", "old"}, {"index", "support/telephone", "new"}, redirects)}
    assert matches["support/telephone"].kind == "renamed" and matches["support/telephone"].old == "support"
    assert matches["gone"].kind == "removed" and matches["gone"].forward == "index"
    assert matches["old"].kind == "removed" and matches["old"].forward is None
    assert matches["new"].kind == "added" and matches["index"].kind == "same"


def test_version_pairs_grow_linearly_beyond_a_few_versions() -> None:
    assert version_pairs(["14", "13", "12"]) == [("12", "13"), ("12", "14"), ("13", "14")]
    many = [str(n) for n in range(1, 21)]
    pairs = version_pairs(many, latest="19", development="20")
    assert len(pairs) < 3 * len(many)
    assert ("1", "2") in pairs and ("1", "19") in pairs and ("1", "20") in pairs and ("1", "3") not in pairs
    assert pair_slug("13", "12") == "12-13" == pair_slug("12", "13")
    assert comparison_path("sk", "13", "12", "tax/rates") == "sk/compare/12-13/pages/tax/rates.html"


def test_every_message_of_the_comparison_is_in_each_catalog() -> None:
    """The engine's strings reach readers through the interface catalog; templates are
    checked by `i18n check`, these are passed as values."""
    messages = set(TYPES.values()) | set(extract_mod.ERRORS) | {
        "Compare with version…", "Compare versions", "What changed between %(old)s and %(new)s",
    }  # fmt: skip
    catalog = catalog_path("sk").read_text(encoding="utf-8")
    for message in messages:
        assert f'msgid "{message}"' in catalog, message


# ------------------------------------------------------------------ a pair of built sides


def page(title: str, body: str) -> str:
    return f'<!doctype html><html><head><title>{title}</title></head><body><article role="main"><div data-pagefind-body><h1>{title}</h1>{body}</div></article></body></html>'


def write(root: Path, name: str, text: str) -> None:
    path = root / f"{name}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def inventory(root: Path, entries: list[tuple[str, str, str]]) -> None:
    """A Sphinx inventory (objects.inv) with ``(type, name, uri)`` entries."""
    import zlib

    head = "# Sphinx inventory version 2\n# Project: T\n# Version: 1\n# The remainder of this file is compressed using zlib.\n"
    body = "".join(f"{name} {kind} 1 {uri} -\n" for kind, name, uri in entries)
    (root / "objects.inv").write_bytes(head.encode() + zlib.compress(body.encode()))


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Side, Side, Path]:
    old, new = tmp_path / "site" / "12", tmp_path / "site" / "13"
    write(old, "index", page("Start", "<p>Welcome.</p>"))
    write(new, "index", page("Start", "<p>Welcome.</p>"))
    write(old, "settings", page("Settings", '<dl><dt id="setting-old">ALogin_ShowOneRole</dt><dd><p>Shows roles.</p></dd>'
                                 '<dt id="setting-size">ZK_PAGING_SIZE</dt><dd><p>Default 50</p></dd></dl>'))  # fmt: skip
    write(new, "settings", page("Settings", '<dl><dt id="setting-size">ZK_PAGING_SIZE</dt><dd><p>Default 100</p></dd></dl>'))
    write(old, "support", page("Support", "<p>Call us.</p>"))
    write(new, "help/support", page("Support", "<p>Call us on business days.</p>"))
    write(old, "legacy", page("Legacy", "<p>Old client.</p>"))
    write(new, "einvoicing", page("E-invoicing", '<p>Peppol <code>&lt;script&gt;alert(1)&lt;/script&gt;</code></p>'))
    write(new, "broken", "<html><body>no article here</body></html>")
    write(old, "broken", page("Broken", "<p>Was fine.</p>"))
    inventory(old, [("ce:setting", "ALogin_ShowOneRole", "settings.html#setting-old"), ("ce:setting", "ZK_PAGING_SIZE", "settings.html#setting-size")])
    inventory(new, [("ce:setting", "ZK_PAGING_SIZE", "settings.html#setting-size"), ("ce:tax", "sk-hfss-23", "einvoicing.html#tax")])
    docs_old = frozenset({"index", "settings", "support", "legacy", "broken"})
    docs_new = frozenset({"index", "settings", "help/support", "einvoicing", "broken"})
    out = tmp_path / "site" / "compare" / "12-13"
    return Side("12", "12", old, docs_old, "../../12/"), Side("13", "13 (latest)", new, docs_new, "../../13/"), out


def test_pair_directory_lists_and_compares_every_page(pair: tuple[Side, Side, Path]) -> None:
    old, new, out = pair
    result = compare_sides(old, new, out, "en", {"support": "help/support"}, stylesheet="../compare.css")
    kinds = {p.match.name: p.kind for p in result.pages}
    assert kinds == {
        "index": "same", "settings": "changed", "help/support": "renamed", "legacy": "removed",
        "einvoicing": "added", "broken": "failed",
    }  # fmt: skip
    assert [e.name for e in result.entries.removed] == ["ALogin_ShowOneRole"]
    assert [e.name for e in result.entries.added] == ["sk-hfss-23"]
    summary = (out / "index.html").read_text()
    assert "What changed between 12 and 13 (latest)" in summary
    # the removed setting links to its place in the comparison, where it is struck out
    link = re.search(r'<a href="(pages/settings\.html#[^"]+)">ALogin_ShowOneRole</a>', summary)
    assert link, summary
    compared = (out / "pages" / "settings.html").read_text()
    anchor = link.group(1).split("#")[1]
    assert re.search(rf'<div class="cmp-removed" id="{anchor}" data-kind="dt"><span class="cmp-sr">Removed: </span><del>ALogin_ShowOneRole</del></div>', compared)
    assert "<del>50</del><ins>100</ins>" in compared
    # every page of both sides has a comparison; the older name of a moved page forwards
    for name in old.docnames | new.docnames:
        assert (out / "pages" / f"{name}.html").exists(), name
    assert 'url=help/support.html' in (out / "pages" / "support.html").read_text()
    moved = (out / "pages" / "help" / "support.html").read_text()
    assert 'href="../../../../12/support.html"' in moved and 'href="../../../../13/help/support.html"' in moved
    assert "This page moved: in version 12 it is support.html." in moved


def test_missing_and_unreadable_pages_get_a_clear_message(pair: tuple[Side, Side, Path]) -> None:
    old, new, out = pair
    compare_sides(old, new, out, "en", {})
    broken = (out / "pages" / "broken.html").read_text()
    assert 'role="alert"' in broken and "Version 13 (latest): the page has no article text." in broken
    assert "This page does not exist in version 12: all its text is new in version 13 (latest)." in (out / "pages" / "einvoicing.html").read_text()
    assert "This page does not exist in version 13 (latest): all its text was removed." in (out / "pages" / "legacy.html").read_text()
    assert "Pages that cannot be compared" in (out / "index.html").read_text()


def test_page_text_is_escaped(pair: tuple[Side, Side, Path]) -> None:
    old, new, out = pair
    compare_sides(old, new, out, "en", {})
    added = (out / "pages" / "einvoicing.html").read_text()
    assert "<script>" not in added and "&lt;script&gt;alert(1)&lt;/script&gt;" in added


def test_pair_in_slovak(pair: tuple[Side, Side, Path]) -> None:
    old, new, out = pair
    result = compare_sides(old, new, out, "sk", {"support": "help/support"})
    summary = (out / "index.html").read_text()
    assert '<html lang="sk">' in summary and "Čo sa zmenilo medzi verziami 12 a 13 (latest)" in summary
    assert "Odstránené vo verzii" in summary and "<h4>Nastavenia</h4>" in summary
    assert "Verzia 13 (latest): stránka nemá text článku." in (out / "pages" / "broken.html").read_text()
    data = result.as_json()
    assert json.dumps(data) and data["counts"]["failed"] == 1


def test_an_article_shared_by_versions_is_parsed_once(monkeypatch):
    """Versions share most pages: the same article in another page's chrome is not
    parsed again, and gives the same blocks; a page whose article goes on past its first
    ``</article>`` (an article inside it) is parsed whole and not kept."""
    article = '<article role="main" data-pagefind-body><h1>Title</h1><p>Same text.</p></article>'
    page = "<html><head><title>{v}</title></head><body><nav>{v}</nav>" + article + "<footer>{v}</footer></body></html>"
    extract_mod._ARTICLES.clear()
    parses = []
    real = extract_mod._Extractor.feed
    monkeypatch.setattr(extract_mod._Extractor, "feed", lambda self, data: (parses.append(1), real(self, data))[1])
    first, second = extract_text(page.format(v="13")), extract_text(page.format(v="12"))
    assert first.blocks == second.blocks and [b.cells for b in first.blocks] == [("Title",), ("Same text.",)]
    assert len(parses) == 1
    nested = ('<html><body><article role="main" data-pagefind-body><h1>T</h1><article><p>inner</p></article>'
              "<p>after the inner article</p></article></body></html>")  # fmt: skip
    once, again = extract_text(nested), extract_text(nested)
    assert [b.cells for b in once.blocks] == [b.cells for b in again.blocks]
    assert ("after the inner article",) in [b.cells for b in once.blocks]
    assert len(parses) == 3  # parsed both times: the hashed markup ended at the inner article


def test_the_same_two_texts_are_compared_once(pair: tuple[Side, Side, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Versions share most pages, so most pairs compare texts already compared for
    another pair: the diff and its layout are worked out once (by what the two texts
    are), and the pages written are the same as when each pair is compared alone."""
    from cloudempiere_docs.compare import pair as pair_mod

    old, new, out = pair
    calls: list[int] = []
    real = pair_mod.diff_blocks
    monkeypatch.setattr(pair_mod, "diff_blocks", lambda a, b: (calls.append(1), real(a, b))[1])
    alone = compare_sides(old, new, out.parent / "alone", "en", {"support": "help/support"})
    first = len(calls)
    cache = TextCache()
    compare_sides(old, new, out.parent / "one", "en", {"support": "help/support"}, cache=cache)
    compare_sides(old, new, out.parent / "two", "en", {"support": "help/support"}, cache=cache)
    assert len(calls) == 2 * first and first == 3  # index, settings, support; not broken (unreadable)
    files = {p.relative_to(out.parent / "alone") for p in (out.parent / "alone").rglob("*") if p.is_file()}
    for name in ("one", "two"):
        assert {p.relative_to(out.parent / name) for p in (out.parent / name).rglob("*") if p.is_file()} == files
        for rel in files:
            assert (out.parent / name / rel).read_bytes() == (out.parent / "alone" / rel).read_bytes(), rel
    assert alone.counts() == {"changed": 1, "added": 1, "removed": 1, "renamed": 1, "failed": 1, "same": 1}


def test_pairs_of_one_language_are_cut_into_runs_for_the_cores() -> None:
    from cloudempiere_docs.compare.site import _Task, groups

    def task(language: str, old: str, new: str, pages: int) -> _Task:
        docs = frozenset(f"p{i}" for i in range(pages))
        side = lambda name: Side(name, name, Path(name), docs, f"../../{name}/")  # noqa: E731
        return _Task(language, side(old), side(new), Path(f"{language}/{old}-{new}"), "")

    one = [task("en", str(v), str(v + 1), 10) for v in range(12, 20)]
    assert groups([], 2) == []
    assert groups(one, 1) == [one]
    halves = groups(one, 2)
    assert halves == [one[:4], one[4:]]  # neighbouring pairs together, as many pages each
    both = one + [task("sk", "12", "13", 10)]
    assert groups(both, 2) == [one, both[-1:]]  # a group per language first
    assert groups([one[0]], 4) == [[one[0]]]  # one pair is not cut
