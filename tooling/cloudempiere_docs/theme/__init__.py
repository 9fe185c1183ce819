"""Templates and static files added to furo (``templates/``, ``static/``), and the pages
the site pipeline renders from them outside a Sphinx build (the 404 page, the version
comparisons of :mod:`cloudempiere_docs.compare` with their stylesheet in ``assets/``)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from cloudempiere_docs import locale_strings

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The environment of the pages rendered outside Sphinx (404, comparisons).
    Autoescape on: registry values and page text go into them."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render_not_found(languages: Iterable[str], base_url: str) -> str:
    """``404.html`` of the site: one section per language, translated from the interface
    catalog (a language without a catalog gets the English text)."""
    prefix = urlsplit(base_url).path or "/"
    if not prefix.endswith("/"):
        prefix += "/"
    sections = [{"code": code, "gettext": locale_strings.translations(code).gettext} for code in languages]
    return environment().get_template("cedocs/404.html").render(sections=sections, prefix=prefix)
