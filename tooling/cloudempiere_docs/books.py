"""Books inside a manual build: folders of pages that are not customer content.

The writers' guide (``source/writers/``: writing, translations, publishing, terminology)
is built, translated and checked with the manual, strictly, but it is a book of its own:
its root page ``writers/index`` is not in the customer table of contents, its pages get
the book's own sidebar (``ext/navigation.py``), stay out of the customer search index
(Sphinx's and Pagefind's) and out of the downloads, carry ``noindex``, and every page of
the manual links to it from its footer. ``cedocs_books`` (conf.py) names the folders that
are books; each folder's ``index`` is the book's root.

Everything that must tell customer content from a book asks :func:`book_of`.
"""

from __future__ import annotations

from typing import Any

#: The default of ``cedocs_books``: folder -> nothing else yet (a list, for the config).
DEFAULT_BOOKS = ("writers",)


def books(config: Any) -> tuple[str, ...]:
    return tuple(getattr(config, "cedocs_books", DEFAULT_BOOKS) or ())


def book_of(docname: str, config: Any) -> str | None:
    """The book ``docname`` belongs to, or None for customer content."""
    head = docname.split("/", 1)[0]
    return head if "/" in docname and head in books(config) else None


def root_of(book: str) -> str:
    """The root page of a book."""
    return f"{book}/index"


def is_customer_page(docname: str, config: Any) -> bool:
    return book_of(docname, config) is None
