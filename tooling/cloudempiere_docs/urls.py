"""Where a page of the published site lives.

The site is laid out as ``<base>/<language>/<version>/<docname>.html``; extensions use
these helpers for absolute links (feeds, canonical, hreflang) so they agree.
"""

from __future__ import annotations

from sphinx.config import Config


def version_slug(config: Config) -> str:
    """The URL segment of the product version being built (set by the pipeline)."""
    return getattr(config, "cedocs_version", "") or config.version


def site_root(config: Config) -> str:
    base = config.html_baseurl or "/"
    return base if base.endswith("/") else base + "/"


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
