"""Where a page of the published site lives.

The site is laid out as ``<base>/<language>/<version>/<docname>.html``; extensions use
these helpers for absolute links (feeds, canonical, hreflang) so they agree.
"""

from __future__ import annotations

from urllib.parse import quote

from sphinx.config import Config


def version_slug(config: Config) -> str:
    """The URL segment of the product version being built (set by the pipeline)."""
    return getattr(config, "cedocs_version", "") or config.version


def site_root(config: Config) -> str:
    base = config.html_baseurl or "/"
    return base if base.endswith("/") else base + "/"


def quote_docname(docname: str) -> str:
    """A docname as a URL path (spaces, brackets, non-ASCII letters percent-encoded)."""
    return quote(docname, safe="/")


def page_url(config: Config, docname: str, *, language: str | None = None, version: str | None = None) -> str:
    """Absolute URL of ``docname`` in ``language`` and ``version`` (defaults: the current build)."""
    lang = language or config.language or "en"
    slug = version or version_slug(config)
    return f"{site_root(config)}{lang}/{slug}/{docname}.html"


def published_slug(config: Config) -> str:
    """The segment readers should keep using for this build: ``latest`` for the latest
    release in the published site (the pipeline passes ``smv_latest_version``), else the
    version itself. Feeds use it, so a subscription follows the next release."""
    slug = version_slug(config)
    in_site = getattr(config, "cedocs_in_site", False)
    return "latest" if in_site and getattr(config, "smv_latest_version", None) == slug else slug


def canonical_url(config: Config, docname: str, *, status: str, latest_has_page: bool | None) -> str:
    """Where search engines and citations should point for ``docname`` of this build: the
    page under the ``latest`` alias (a URL that stays right across releases), unless this
    is the development version (or a build outside the site) or the page no longer
    exists in the latest release (``latest_has_page`` False; None: not known)."""
    if status in ("", "development") or latest_has_page is False:
        return page_url(config, docname)
    return page_url(config, docname, version="latest")
