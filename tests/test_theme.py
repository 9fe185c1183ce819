"""The site's 404 page: rendered from the theme's template with the interface catalog."""

from __future__ import annotations

from cloudempiere_docs.theme import render_not_found


def test_each_language_gets_its_section_from_the_catalog() -> None:
    page = render_not_found(["en", "sk"], "https://docs.example.test/manual")
    assert '<section lang="en"><h1>Page not found</h1>' in page
    assert '<section lang="sk"><h1>Stránka sa nenašla</h1>' in page
    assert 'href="/manual/sk/latest/index.html">Prejsť na najnovšiu slovenskú príručku</a>' in page


def test_a_language_without_a_catalog_reads_english() -> None:
    page = render_not_found(["de"], "https://docs.example.test/")
    assert '<section lang="de"><h1>Page not found</h1>' in page and 'href="/de/latest/index.html"' in page


def test_values_from_the_registry_are_escaped() -> None:
    page = render_not_found(['en"><script>alert(1)</script>'], 'https://docs.example.test/a"b<c>/')
    assert "<script>" not in page
    assert "&lt;script&gt;" in page and "&#34;" in page
