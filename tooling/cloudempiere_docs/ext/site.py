"""Per-page head and chrome of the published site.

Head, for search engines and link previews (every value escaped: Sphinx's Jinja sandbox
does not autoescape ``metatags``):

- canonical URL (the page in the latest version), hreflang alternates (with x-default);
- a meta description per page: the page's own (MyST front matter ``html_meta:
  description``, which Sphinx extracts and translates like any message) or else the
  opening text of the translated page; the same text as ``og:description``;
- Open Graph title, site, locale, image (the site icon);
- ``noindex`` on the development version and on the writers' book (see README, "Search
  engines"); outdated versions rely on the canonical URL;
- structured data: a ``BreadcrumbList`` (JSON-LD, escaped for a ``<script>`` element).

Chrome (``theme/templates``): the version and language switchers as real links to this
page's counterparts, computed at build time from sphinx-multiversion's per-version pages
and ``redirects.toml`` (:func:`cloudempiere_docs.counterparts.counterpart`), so they work
without JavaScript; ``cedocs-switchers.js`` then refines them from the page map the site
assembly writes (new versions, the ``latest`` alias, the anchor). Also the banner of
outdated and development versions and the footer links (writers' book, pages named in
``cedocs_footer_pages``).

The pipeline passes ``cedocs_version`` (URL segment of the product version) and
``cedocs_in_site`` with ``-D``; a plain ``sphinx-build`` preview leaves the switchers out.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.locale import _ as sphinx_

from cloudempiere_docs import books, formatting, languages, locale_strings
from cloudempiere_docs.locale_strings import _
from cloudempiere_docs.counterparts import counterpart
from cloudempiere_docs.site.redirects import Redirects, RedirectsError, load_redirects
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

#: Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160
#: Opening text shorter than this takes the next paragraph too.
DESCRIPTION_MIN = 80
#: Where the opening text of a page is not: notes, tables, lists, navigation, code.
_NOT_OPENING = (
    nodes.Admonition, nodes.topic, nodes.sidebar, nodes.table, nodes.list_item, nodes.field_list,
    nodes.definition_list, nodes.footnote, nodes.citation, nodes.literal_block, nodes.line_block,
    addnodes.toctree, addnodes.compact_paragraph, nodes.container, nodes.caption,
)  # fmt: skip
#: Titles of pages Sphinx generates, which set their title in the template only.
_GENERATED_TITLES = {"search": sphinx_("Search"), "genindex": sphinx_("Index")}
#: The site icon (source SVG, PNGs rendered from it; theme/static).
ICON_SVG = "cedocs-icon.svg"
ICON_PNG = "cedocs-icon-192.png"
TOUCH_ICON = "cedocs-touch-icon.png"


def _registry(app: Sphinx) -> Registry | None:
    path = app.config.cedocs_registry
    if not path:
        return None
    full = Path(app.confdir, path)
    try:
        return load_registry(full)
    except RegistryError as err:
        raise ConfigError(f"cedocs_registry: {err}") from err


def _redirects(app: Sphinx) -> Redirects:
    path = app.config.cedocs_redirects
    if not path:
        return Redirects()
    try:
        return load_redirects(Path(app.confdir, path))
    except RedirectsError as err:
        raise ConfigError(f"cedocs_redirects: {err}") from err


def _config_inited(app: Sphinx, config: Config) -> None:
    if config.html_last_updated_fmt is None:
        # The footer's date written as the manual writes dates in its language.
        config.html_last_updated_fmt = formatting.sphinx_date_format(config.language or "en")
    registry = _registry(app)
    app.registry_data = registry  # type: ignore[attr-defined]
    app.redirects_data = _redirects(app)  # type: ignore[attr-defined]
    if registry is not None:
        if not config.cedocs_languages:
            config.cedocs_languages = list(registry.languages)
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
    if app.config.cedocs_in_site:
        # Written by the site assembly into every tree (site/pagemap.py); before the
        # switcher script, which reads it (both deferred: they run in this order).
        app.add_js_file("cedocs-pagemap.js", loading_method="defer", priority=490)
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


def _segment(registry: Registry, name: str) -> str:
    """The URL segment readers use for a version: ``latest`` for the latest release."""
    return "latest" if registry.latest.name == name and not registry.get(name).is_development else name


def _version_pages(config: Config, name: str) -> set[str] | None:
    """The pages of version ``name`` (sphinx-multiversion's metadata), None if unknown."""
    meta = (getattr(config, "smv_metadata", None) or {}).get(name)
    docnames = meta.get("docnames") if isinstance(meta, dict) else None
    return set(docnames) if docnames is not None else None


# --------------------------------------------------------------------------- the head


def _html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.name not in WEB_BUILDERS:
        return
    config = app.config
    registry: Registry | None = getattr(app, "registry_data", None)
    slug = version_slug(config)
    language = config.language or "en"
    status = _status_of(registry, slug)
    book = books.book_of(pagename, config)
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
    if status == "development" or book:
        tags.append(_meta("meta", name="robots", content="noindex, follow"))
    title = html.unescape(_strip_tags(str(context.get("title") or _GENERATED_TITLES.get(pagename, config.project))))
    own = _own_description(doctree)
    description = own or describe(doctree) or _fallback_description(config, title, slug)
    if own is None:
        tags.append(_meta("meta", name="description", content=description))
    tags.append(_meta("meta", property="og:title", content=title))
    tags.append(_meta("meta", property="og:description", content=description))
    tags.append(_meta("meta", property="og:site_name", content=f"{config.project} {slug}"))
    tags.append(_meta("meta", property="og:type", content="website"))
    tags.append(_meta("meta", property="og:locale", content=languages.og_locale(language)))
    for lang in (registry.languages if registry else ()):
        if lang != language:
            tags.append(_meta("meta", property="og:locale:alternate", content=languages.og_locale(lang)))
    if config.html_baseurl:
        image = f"{site_root(config)}{language}/{slug}/_static/{ICON_PNG}"
        tags.append(_meta("meta", property="og:image", content=image))
    context["metatags"] = context.get("metatags", "") + "".join(tags)
    segment = "latest" if status == "latest" else None  # the addresses readers keep
    context["cedocs_structured_data"] = _breadcrumbs(app, pagename, title, segment)

    _drop_unused_styles(context, doctree)
    in_site = bool(config.cedocs_in_site and registry is not None)
    context["cedocs"] = {
        "in_site": in_site,
        "root": _root_prefix(pagename),
        "site": site_root(config) if registry is not None else "",
        "page": pagename,
        "version": slug,
        "segment": _segment(registry, slug) if registry and slug in {v.name for v in registry.versions} else slug,
        "language": language,
        "status": status,
        "latest": registry.latest.name if registry else "",
        "book": book,
        "book_title": _title_of(app, books.root_of(book), str(_("Writers' guide"))) if book else "",
        "versions": _version_links(app, registry, pagename, slug, language) if in_site else [],
        "languages": _language_links(app, registry, pagename, slug, language) if in_site else [],
        "footer": _footer_links(app, registry, pagename, language, context),
        "banner_href": _banner_href(app, registry, pagename, language) if in_site else "",
        "texts": _chrome_texts(),
    }
    context["cedocs_texts_json"] = json.dumps(context["cedocs"]["texts"], ensure_ascii=False)


def _drop_unused_styles(context: dict[str, Any], doctree: nodes.document | None) -> None:
    """No ``pygments.css`` (20 KB of render-blocking rules for highlighted code, light and
    dark) on a page that has no code block: most pages of the manual have none."""
    if doctree is None or next(doctree.findall(nodes.literal_block), None) is not None:
        return
    files = context.get("css_files")
    if isinstance(files, list):
        context["css_files"] = [css for css in files if str(getattr(css, "filename", css)).rsplit("/", 1)[-1] != "pygments.css"]


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


def _own_description(doctree: nodes.document | None) -> str | None:
    """The description the page sets itself (``html_meta`` front matter), translated."""
    if doctree is None:
        return None
    for node in doctree.findall(nodes.meta):
        if node.get("name") == "description" and node.get("content", "").strip():
            return " ".join(node["content"].split())
    return None


def _opening_paragraphs(doctree: nodes.document) -> Iterator[str]:
    for para in doctree.findall(nodes.paragraph):
        parent = para.parent
        skip = False
        while parent is not None:
            if isinstance(parent, _NOT_OPENING):
                skip = True
                break
            parent = parent.parent
        if not skip:
            text = " ".join(para.astext().split())
            if text:
                yield text


def describe(doctree: nodes.document | None, limit: int = DESCRIPTION_LENGTH) -> str:
    """The opening text of a page, cut at a word boundary to at most ``limit`` characters."""
    if doctree is None:
        return ""
    text = ""
    for para in _opening_paragraphs(doctree):
        text = f"{text} {para}".strip()
        if len(text) >= DESCRIPTION_MIN:
            break
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:–-") + "…"


def _fallback_description(config: Config, title: str, slug: str) -> str:
    """For generated pages (search, index) and pages without text of their own."""
    return str(_("%(title)s – %(project)s manual, version %(version)s.")) % {
        "title": title,
        "project": config.project,
        "version": slug,
    }


def _script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _breadcrumbs(app: Sphinx, pagename: str, title: str, segment: str | None) -> str:
    """schema.org ``BreadcrumbList`` of the page: start page, its parents, the page."""
    config, env = app.config, app.env
    if not config.html_baseurl or pagename not in env.all_docs:
        return ""
    chain = [pagename]
    relations = getattr(app.builder, "relations", None) or env.collect_relations()
    while True:
        parent = (relations.get(chain[-1]) or [None])[0]
        if not parent or parent in chain:
            break
        chain.append(parent)
    book = books.book_of(pagename, config)
    top = books.root_of(book) if book else config.root_doc
    if top not in chain:
        chain.append(top)
    chain.reverse()
    items = []
    for position, doc in enumerate(chain, 1):
        name = env.titles[doc].astext() if doc in env.titles else title
        items.append({"@type": "ListItem", "position": position, "name": name, "item": page_url(config, doc, version=segment)})
    data = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
    return _script_json(data)


# ------------------------------------------------------------------------- the chrome


def _version_label(name: str, status: str) -> str:
    if status == "development":
        return str(_("%s (development)")) % name
    if status == "latest":
        return str(_("%s (latest)")) % name
    return name


def _version_links(app: Sphinx, registry: Registry | None, pagename: str, slug: str, language: str) -> list[dict[str, Any]]:
    """One link per version: this page there (renamed or not), or that version's start page."""
    if registry is None:
        return []
    config = app.config
    root = _root_prefix(pagename)
    generated = pagename not in app.env.all_docs  # search, genindex: in every version
    moved = getattr(app, "redirects_data", {}) or {}
    links = []
    for version in registry.versions:
        pages = _version_pages(config, version.name)
        if version.name == slug or generated or pages is None:
            target: str | None = pagename
        else:
            target = counterpart(pagename, pages, moved)
        segment = _segment(registry, version.name)
        links.append(
            {
                "name": version.name,
                "segment": segment,
                "label": _version_label(version.name, version.status),
                "href": f"{root}{language}/{segment}/{target or config.root_doc}.html",
                "missing": target is None,
                "current": version.name == slug,
            }
        )
    return links


def _language_links(app: Sphinx, registry: Registry | None, pagename: str, slug: str, language: str) -> list[dict[str, Any]]:
    """One link per language: this page in the same version (every language has it)."""
    if registry is None:
        return []
    root = _root_prefix(pagename)
    segment = _segment(registry, slug)
    return [
        {
            "code": code,
            "name": languages.name(code),
            "href": f"{root}{code}/{segment}/{pagename}.html",
            "current": code == language,
        }
        for code in registry.languages
    ]


def _banner_href(app: Sphinx, registry: Registry | None, pagename: str, language: str) -> str:
    """The banner's link: this page in the latest release, or the latest start page."""
    if registry is None:
        return ""
    latest = registry.latest.name
    pages = _version_pages(app.config, latest)
    moved = getattr(app, "redirects_data", {}) or {}
    target = pagename if pages is None else counterpart(pagename, pages, moved)
    return f"{_root_prefix(pagename)}{language}/latest/{target or app.config.root_doc}.html"


def _footer_links(
    app: Sphinx, registry: Registry | None, pagename: str, language: str, context: dict[str, Any]
) -> list[dict[str, str]]:
    """Links every page shows in its footer: the writers' book (in the development
    version, where its current edition lives) and the pages of ``cedocs_footer_pages``."""
    config, env = app.config, app.env
    links = []
    for book in books.books(config):
        root_doc = books.root_of(book)
        dev_pages = _version_pages(config, registry.development.name) if registry is not None else None
        if registry is not None and config.cedocs_in_site and dev_pages is not None:
            if root_doc not in dev_pages:
                continue
            href = f"{_root_prefix(pagename)}{language}/{registry.development.name}/{root_doc}.html"
        elif root_doc in env.all_docs:
            href = context["pathto"](root_doc)
        else:
            continue
        title = _title_of(app, root_doc, str(_("Writers' guide")))
        links.append({"href": href, "title": title, "kind": "book"})
    for doc in config.cedocs_footer_pages:
        if doc in env.all_docs and doc != pagename:
            links.append({"href": context["pathto"](doc), "title": env.titles[doc].astext(), "kind": "page"})
    return links


def _title_of(app: Sphinx, docname: str, default: str) -> str:
    titles = app.env.titles
    return titles[docname].astext() if docname in titles else default


def _chrome_texts() -> dict[str, str]:
    """Strings the switcher script needs, in the page's language ({x} are filled in by JS)."""
    # str(): Sphinx 9's lazy translation proxies are no longer str (json.dumps needs str).
    texts = {
        "version": _("Version"),
        "language": _("Language"),
        "switchers": _("Version and language"),
        "latest": _("%s (latest)") % "{version}",
        "development": _("%s (development)") % "{version}",
        "start_page": _("start page"),
        "start_page_hint": _("This page is not in version {version}: the link opens its start page."),
        "outdated": _("You are reading the manual for version {version}, which is no longer supported."),
        "unreleased": _("You are reading the manual for version {version}, which is still in development."),
        "to_latest": _("Read the manual for the latest version, {latest}."),
        "more": _("More about this manual"),
    }
    return {key: str(value) for key, value in texts.items()}


def _check_config(app: Sphinx, config: Config) -> None:
    pages = config.cedocs_footer_pages
    if not isinstance(pages, (list, tuple)) or not all(isinstance(p, str) for p in pages):
        raise ConfigError(f"cedocs_footer_pages must be a list of docnames, got {pages!r}")
    names = config.cedocs_books
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) and re.fullmatch(r"[a-z][a-z0-9-]*", n) for n in names):
        raise ConfigError(f"cedocs_books must be a list of folder names such as 'writers', got {names!r}")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cedocs_version", "", "env", types=[str])
    app.add_config_value("cedocs_in_site", False, "html", types=[bool])
    if "cedocs_registry" not in app.config:  # the data toolkit may have added it (editions)
        app.add_config_value("cedocs_registry", "versions.toml", "env", types=[str])
    app.add_config_value("cedocs_redirects", "redirects.toml", "html", types=[str])
    app.add_config_value("cedocs_languages", [], "env", types=[list, tuple])  # default: versions.toml
    app.add_config_value("cedocs_books", list(books.DEFAULT_BOOKS), "env", types=[list, tuple])
    app.add_config_value("cedocs_footer_pages", [], "html", types=[list, tuple])
    # Where the pipeline keeps what its jobs compute alike (no effect on the output).
    if "cedocs_cache_dir" not in app.config:  # ext/template_cache.py may have added it
        app.add_config_value("cedocs_cache_dir", "", "", types=[str])
    locale_strings.register(app)
    app.connect("config-inited", _check_config, priority=790)
    app.setup_extension("cloudempiere_docs.ext.compare")  # its control is in the sidebar below
    # The pipeline may name another version's job to reuse pages from (-D cedocs_reuse_from).
    app.setup_extension("cloudempiere_docs.ext.reuse")
    # A large site's builds run two at a time: bound the doctrees each keeps in memory.
    app.setup_extension("cloudempiere_docs.ext.memory")
    app.setup_extension("cloudempiere_docs.ext.template_cache")  # compiled templates, shared by the jobs
    app.setup_extension("cloudempiere_docs.ext.partial_titles")  # each title rendered once per build
    app.connect("config-inited", _config_inited, priority=800)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _html_page_context, priority=600)  # after sphinx-multiversion
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
