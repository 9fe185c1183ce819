"""A book inside the manual build: the writers' guide (cloudempiere_docs.books and
ext/navigation.py): built strictly with the manual, but with its own navigation, out of
the customer navigation and search, linked from every page's footer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def html(app, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")


def sidebar(page: str) -> str:
    return page[page.index('<div class="sidebar-sticky">') : page.index("</aside>")]


@pytest.mark.sphinx("html", testroot="books")
def test_book_has_its_own_navigation_and_stays_out_of_the_customer_manual(app) -> None:
    app.build()
    assert app.warning.getvalue() == ""  # the book root needs no customer toctree (strict)
    book = sidebar(html(app, "writers/writing"))
    assert "cedocs-book-tree" in book and "Writers’ guide" in book
    assert re.search(r'<a class="current reference internal" href="#">Writing pages</a>', book)
    assert "User guide" not in book  # the customer tree is not the book's
    assert 'href="../index.html">Back to the manual' in book
    customer = sidebar(html(app, "guide"))
    assert "writers/" not in customer and "Writing pages" not in customer
    # Search engines, Pagefind and Sphinx's own index leave the book out.
    page = html(app, "writers/writing")
    assert '<meta name="robots" content="noindex, follow">' in page
    assert "data-pagefind-body" not in page and "data-pagefind-body" in html(app, "guide")
    index = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert "zygomorph" not in index and "orthographi" not in index
    assert "password" in index
    # Every page links to the book from its footer.
    footer = html(app, "guide")
    footer = footer[footer.index('<nav class="cedocs-footer-links"') :]
    assert '<a href="writers/index.html" class="cedocs-footer-book">Writers’ guide</a>' in footer
