"""Where a page lives in another version (cloudempiere_docs.counterparts): one set of
rules for the version switchers (ext/site.py, the page map) and the version comparisons
(compare/pages.py), checked on the repository's own redirects.toml and pages."""

from __future__ import annotations

from pathlib import Path

from cloudempiere_docs.compare.pages import match_pages
from cloudempiere_docs.counterparts import counterpart, renamed_from, renamed_to, resolve
from cloudempiere_docs.site.redirects import load_redirects

REPO = Path(__file__).resolve().parent.parent


def real() -> tuple[dict[str, str], set[str]]:
    """redirects.toml and the docnames of the working tree's source."""
    moved = dict(load_redirects(REPO / "redirects.toml"))
    source = REPO / "source"
    pages = {p.relative_to(source).with_suffix("").as_posix() for p in source.rglob("*.md") if "_data" not in p.parts}
    return moved, pages


def test_the_real_renames_both_ways() -> None:
    moved, pages = real()
    assert moved["support/telephone"] == "support/telephone-support"
    assert "support/telephone-support" in pages and "support/telephone" not in pages
    # Version 12 still had the old name: from today's page there, and back.
    twelve = (pages - {"support/telephone-support"}) | {"support/telephone"}
    assert counterpart("support/telephone-support", twelve, moved) == "support/telephone"
    assert counterpart("support/telephone", pages, moved) == "support/telephone-support"
    assert counterpart("index", twelve, moved) == "index"
    assert counterpart("no/such/page", pages, moved) is None
    # Every rename of redirects.toml leads to a page of the working tree.
    for old, new in moved.items():
        assert renamed_to(old, pages, moved) == new == resolve(moved, old)
        assert renamed_from(new, {old}, moved) == old


def test_switchers_and_comparisons_agree_on_the_real_renames() -> None:
    """The comparison of 12 with today pairs exactly what the switcher of each page
    links to."""
    moved, pages = real()
    twelve = (pages - {"support/telephone-support"}) | {"support/telephone"}
    matches = match_pages(twelve, pages, moved)
    assert {m.name for m in matches} == pages
    for match in matches:
        assert match.old is not None and match.new is not None
        assert counterpart(match.old, pages, moved) == match.new
        assert counterpart(match.new, twelve, moved) == match.old
    telephone = next(m for m in matches if m.new == "support/telephone-support")
    assert telephone.kind == "renamed" and telephone.old == "support/telephone"


def test_a_version_without_the_page_or_its_names() -> None:
    moved, pages = real()
    without = pages - {"support/telephone-support"}
    assert counterpart("support/telephone-support", without, moved) is None
    assert counterpart("support/telephone", without, moved) is None
    removed = next(m for m in match_pages(pages, without, moved) if m.old == "support/telephone-support")
    assert removed.kind == "removed" and removed.forward is None
