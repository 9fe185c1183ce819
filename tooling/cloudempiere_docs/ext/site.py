"""Per-page head and chrome of the published site.

Adds, to every HTML page: the version and language switchers, the banner for outdated and
development versions, the canonical URL (the page in the latest version), hreflang
alternates across languages (with x-default) and Open Graph tags. The switchers and
banner read ``versions.json`` when the page is viewed, so an old build learns about a
newer release without being rebuilt; what is rendered at build time is the fallback.

The pipeline passes ``cedocs_version`` (URL segment of the product version) and
``cedocs_in_site`` with ``-D``; a plain ``sphinx-build`` preview leaves the switchers out.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from cloudempiere_docs import languages, locale_strings
from cloudempiere_docs.locale_strings import _
from cloudempiere_docs.site.registry import Registry, RegistryError, load_registry
from cloudempiere_docs.urls import canonical_url, page_url, site_root, version_slug

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"

_TAG = re.compile(r"<[^>]*>")

_DEFAULT_SIDEBARS = [
    "sidebar/brand.html",
    "cedocs/switchers.html",
    "cedocs/downloads.html",
    "cedocs/compare.html",
    "sidebar/search.html",
    "sidebar/scroll-start.html",
    "sidebar/navigation.html",
    "sidebar/scroll-end.html",
]


def _registry(app: Sphinx) -> Registry | None:
    path = app.config.cedocs_registry
    if not path:
        return None
    full = Path(app.confdir, path)
    try:
        return load_registry(full)
    except RegistryError as err:
        raise ConfigError(f"cedocs_registry: {err}") from err


def _config_inited(app: Sphinx, config: Config) -> None:
    registry = _registry(app)
    app.registry_data = registry  # type: ignore[attr-defined]
    if registry is not None:
        if not config.cedocs_version:
            config.cedocs_version = str(config.version)
        known = {v.name for v in registry.versions}
        if config.cedocs_in_site and config.cedocs_version not in known:
            raise ConfigError(
                f"cedocs_version {config.cedocs_version!r} is not in {config.cedocs_registry}"
                f" (known: {', '.join(sorted(known))})"
            )
        if config.language not in registry.languages:
            raise ConfigError(
                f"language {config.language!r} is not published; versions.toml [site] languages"
                f" = {list(registry.languages)}"
            )
    # The title carries this build's own version, also for old versions built with
    # today's conf.py (sphinx-multiversion restores version/release before this runs).
    if "html_title" not in config._raw_config:  # type: ignore[attr-defined]
        config.html_title = f"{config.project} {config.version}"
    if "html_sidebars" not in config._raw_config:  # type: ignore[attr-defined]
        config.html_sidebars = {"**": list(_DEFAULT_SIDEBARS)}
    config.templates_path = [str(THEME_DIR / "templates"), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(THEME_DIR / "static")]


#: Builders whose pages are the website; the offline editions (EPUB, PDF: formats/) get
#: none of its chrome (switchers, Open Graph, hreflang, canonical).
WEB_BUILDERS = ("html", "dirhtml")


def _builder_inited(app: Sphinx) -> None:
    if app.builder.name not in WEB_BUILDERS:
        return
    app.add_css_file("cedocs.css")
    app.add_js_file("cedocs-switchers.js", loading_method="defer")


def _root_prefix(pagename: str) -> str:
    """Relative path from a page to the site root (``<lang>/<version>/<page>``)."""
    return "../" * (pagename.count("/") + 2)


def _meta(tag: str, **attrs: str) -> str:
    rendered = " ".join(f'{name.replace("_", "-")}="{html.escape(value)}"' for name, value in attrs.items())
    return f"<{tag} {rendered}>\n"


def _status_of(registry: Registry | None, name: str) -> str:
    if registry is None:
        return ""
    try:
        return registry.get(name).status
    except KeyError:
        return ""


def _html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.name not in WEB_BUILDERS:
        return
    config = app.config
    registry: Registry | None = getattr(app, "registry_data", None)
    slug = version_slug(config)
    language = config.language or "en"
    tags: list[str] = []
    if registry is not None and config.html_baseurl:
        context["pageurl"] = _canonical(config, registry, pagename, slug, context)
        for lang in registry.languages:
            tags.append(_meta("link", rel="alternate", hreflang=lang, href=page_url(config, pagename, language=lang)))
        tags.append(
            _meta(
                "link",
                rel="alternate",
                hreflang="x-default",
                href=page_url(config, pagename, language=registry.default_language),
            )
        )
        tags.append(_meta("meta", property="og:url", content=page_url(config, pagename)))
    title = context.get("title") or config.project
    tags.append(_meta("meta", property="og:title", content=html.unescape(_strip_tags(str(title)))))
    tags.append(_meta("meta", property="og:site_name", content=f"{config.project} {slug}"))
    tags.append(_meta("meta", property="og:type", content="website"))
    tags.append(_meta("meta", property="og:locale", content=languages.og_locale(language)))
    for lang in (registry.languages if registry else ()):
        if lang != language:
            tags.append(_meta("meta", property="og:locale:alternate", content=languages.og_locale(lang)))
    context["metatags"] = context.get("metatags", "") + "".join(tags)

    status = _status_of(registry, slug)
    context["cedocs"] = {
        "in_site": bool(config.cedocs_in_site and registry is not None),
        "root": _root_prefix(pagename),
        "site": site_root(config) if registry is not None else "",
        "page": pagename,
        "version": slug,
        "language": language,
        "status": status,
        "latest": registry.latest.name if registry else "",
        "versions": [
            {"name": v.name, "label": _version_label(v.name, v.status)} for v in (registry.versions if registry else ())
        ],
        "languages": [
            {"code": lang, "name": languages.name(lang)} for lang in (registry.languages if registry else ())
        ],
        "texts": _chrome_texts(),
    }
    context["cedocs_texts_json"] = json.dumps(context["cedocs"]["texts"], ensure_ascii=False)


def _canonical(config: Config, registry: Registry, pagename: str, slug: str, context: dict[str, Any]) -> str:
    """The page under the ``latest`` alias (a URL that stays right across releases),
    unless this is the development version or the page no longer exists in the latest."""
    vhasdoc = context.get("vhasdoc")  # from sphinx-multiversion's metadata, when built in the site
    latest = registry.latest.name
    known = vhasdoc is not None and latest in (config.smv_metadata or {})
    return canonical_url(
        config, pagename, status=_status_of(registry, slug), latest_has_page=bool(vhasdoc(latest)) if known else None
    )


def _strip_tags(value: str) -> str:
    return _TAG.sub("", value)


def _version_label(name: str, status: str) -> str:
    if status == "development":
        return str(_("%s (development)")) % name
    if status == "latest":
        return str(_("%s (latest)")) % name
    return name


def _chrome_texts() -> dict[str, str]:
    """Strings the switcher script needs, in the page's language ({x} are filled in by JS)."""
    # str(): Sphinx 9's lazy translation proxies are no longer str (json.dumps needs str).
    texts = {
        "version": _("Version"),
        "language": _("Language"),
        "latest": _("%s (latest)") % "{version}",
        "development": _("%s (development)") % "{version}",
        "outdated": _("You are reading the manual for version {version}, which is no longer supported."),
        "unreleased": _("You are reading the manual for version {version}, which is still in development."),
        "to_latest": _("Read the manual for the latest version, {latest}."),
    }
    return {key: str(value) for key, value in texts.items()}


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cedocs_version", "", "env", types=[str])
    app.add_config_value("cedocs_in_site", False, "html", types=[bool])
    if "cedocs_registry" not in app.config:  # the data toolkit may have added it (editions)
        app.add_config_value("cedocs_registry", "versions.toml", "env", types=[str])
    locale_strings.register(app)
    app.setup_extension("cloudempiere_docs.ext.compare")  # its control is in the sidebar below
    app.connect("config-inited", _config_inited, priority=800)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _html_page_context, priority=600)  # after sphinx-multiversion
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
