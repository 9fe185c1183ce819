"""What every offline and machine-readable format says about the edition it holds.

An edition is one version x language of the manual. A PDF, an EPUB or a Markdown page
is read away from the site, so it has to say itself which product version and release it
describes, whether that version is outdated or still in development (the notice the web
pages show as a banner), and where the edition lives online. Links that leave the
edition (to another language or version of the site) become absolute URLs there, since a
relative one would point into nothing.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from sphinx.application import Sphinx

from cloudempiere_docs import languages, urls
from cloudempiere_docs.locale_strings import _
from cloudempiere_docs.site.registry import Registry

NOTICE_CLASS = "cedocs-edition-notice"


@dataclass(frozen=True)
class Edition:
    project: str
    version: str  # URL segment, e.g. "13"
    release: str  # e.g. "13.2"
    title: str  # codename, e.g. "Orion"
    status: str  # latest | supported | outdated | development | "" (outside the site)
    language: str
    date: dt.date | None  # release date, or the sources' date for the development version
    latest: str  # the latest release's version
    base_url: str  # the site's root URL, always ending in "/"

    @property
    def language_name(self) -> str:
        return languages.name(self.language)

    @property
    def tree_url(self) -> str:
        """The edition online: ``<base>/<lang>/<version>/``."""
        return f"{self.base_url}{self.language}/{self.version}/"

    def page_url(self, docname: str, suffix: str = ".html") -> str:
        return f"{self.tree_url}{urls.quote_docname(docname)}{suffix}"

    def latest_url(self) -> str:
        return f"{self.base_url}{self.language}/latest/index.html"

    def notice(self) -> str:
        """The outdated / development notice (empty for a supported release)."""
        if self.status == "outdated":
            text = _("You are reading the manual for version {version}, which is no longer supported.")
        elif self.status == "development":
            text = _("You are reading the manual for version {version}, which is still in development.")
        else:
            return ""
        return str(text).replace("{version}", self.version)

    def to_latest(self) -> str:
        return str(_("Read the manual for the latest version, {latest}.")).replace("{latest}", self.latest)


def edition(app: Sphinx) -> Edition:
    """The edition being built, from the registry the site extension loaded."""
    config = app.config
    registry: Registry | None = getattr(app, "registry_data", None)
    slug = urls.version_slug(config)
    status, title, date, latest = "", "", None, slug
    if registry is not None:
        latest = registry.latest.name
        try:
            version = registry.get(slug)
        except KeyError:
            version = None
        if version is not None:
            status, title, date = version.status, version.title, version.date
            if version.is_development:
                date = _sources_date(config, slug) or date
    return Edition(
        project=config.project,
        version=slug,
        release=str(config.release),
        title=title,
        status=status if getattr(config, "cedocs_in_site", False) else "",
        language=config.language or "en",
        date=date,
        latest=latest,
        base_url=urls.site_root(config),
    )


def _sources_date(config: object, slug: str) -> dt.date | None:
    """The date sphinx-multiversion's metadata gives the version (the last commit's):
    stable across rebuilds of the same sources, unlike the clock."""
    meta = (getattr(config, "smv_metadata", None) or {}).get(slug) or {}
    text = str(meta.get("creatordate") or "")[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def notice_node(ed: Edition) -> nodes.Element | None:
    """The notice as a docutils admonition (EPUB pages, Markdown pages), or None."""
    text = ed.notice()
    if not text:
        return None
    para = nodes.paragraph()
    para += nodes.Text(text + " ")
    para += nodes.reference("", ed.to_latest(), refuri=ed.latest_url(), internal=False)
    return nodes.admonition("", para, classes=[NOTICE_CLASS, "attention"])


def absolute_links(doctree: nodes.Node, docname: str | Callable[[nodes.Node], str], ed: Edition) -> int:
    """Make relative links that leave the edition (``../../en/14/page.html``, written for
    the site) absolute, and links to files of the site that are not pages (the feeds,
    ``feeds/tax.atom``: an offline edition holds only the pages); return how many were
    changed. Links to pages inside the edition stay. ``docname``: the page, or a function
    giving the page of a reference (one document holding all pages, as the PDF's)."""
    changed = 0
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri")
        if not uri or ref.get("internal") or urlsplit(uri).scheme or uri.startswith(("#", "/")):
            continue
        here = docname(ref) if callable(docname) else docname
        page = ed.page_url(here)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(here), urlsplit(uri).path))
        if target == ".." or target.startswith("../") or not target.endswith(".html"):
            ref["refuri"] = urljoin(page, uri)
            changed += 1
    return changed
