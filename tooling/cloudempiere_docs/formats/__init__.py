"""Offline and machine-readable editions: PDF, EPUB, HTML zip, Markdown and llms.txt.

Builders (each reads the environment the HTML build left, see the README's pipeline):

- ``pdf`` (pdf.py): Sphinx's single-page HTML made a book, typeset by WeasyPrint;
- ``epub`` (epub.py): Sphinx's EPUB 3 builder with the edition's metadata and notice;
- ``markdown`` (markdown_builder.py, markdown.py, llms.py): every page as Markdown with
  front matter, ``llms.txt`` and ``llms-full.txt``;
- ``htmlzip`` (htmlzip.py): the HTML build (and Markdown pages) packed for offline reading.

For the web pages of the site, this extension adds what readers see of the formats:
the edition's downloads next to the switchers, "View as Markdown" with a copy button on
every page, and the downloads page listing every version and language. Which formats a
site publishes is ``versions.toml`` ``[site] formats``; the pipeline passes them to each
build as ``cedocs_formats`` (a plain ``sphinx-build`` shows no downloads).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from cloudempiere_docs import languages, locale_strings
from cloudempiere_docs.ext.site import WEB_BUILDERS
from cloudempiere_docs.formats import epub, names
from cloudempiere_docs.formats.edition import edition
from cloudempiere_docs.formats.epub import EpubBuilder
from cloudempiere_docs.formats.htmlzip import HtmlZipBuilder
from cloudempiere_docs.formats.markdown_builder import MarkdownBuilder
from cloudempiere_docs.formats.pdf import THEME, PdfBuilder
from cloudempiere_docs.locale_strings import _
from cloudempiere_docs.site.registry import Registry

THEME_DIR = Path(__file__).resolve().parent / "themes" / THEME


def is_web(app: Sphinx) -> bool:
    return app.builder is not None and app.builder.name in WEB_BUILDERS


def _check_config(app: Sphinx, config: Config) -> None:
    value = config.cedocs_formats
    if isinstance(value, str):  # from -D: "pdf,epub"
        value = value.split(",")
    value = [part.strip() for part in value if part.strip()]  # -D cedocs_formats= gives [""]
    config.cedocs_formats = value
    unknown = [key for key in value if key not in names.KEYS]
    if unknown:
        raise ConfigError(f"cedocs_formats: unknown format(s) {', '.join(map(repr, unknown))}; known: {', '.join(names.KEYS)}")
    sources = config.cedocs_htmlzip_sources
    if isinstance(sources, str):
        config.cedocs_htmlzip_sources = [part for part in sources.split(",") if part]


def _downloads(app: Sphinx, language: str, version: str, prefix: str) -> list[dict[str, str]]:
    """The edition's downloads as links from a page (``prefix``: to the site's root)."""
    project = app.config.project
    base = edition(app).base_url
    out = []
    for key in app.config.cedocs_formats:
        fmt = names.BY_KEY[key]
        path = f"{language}/{version}/{names.site_path(project, version, language, key)}"
        out.append(
            {
                "key": key,
                "label": fmt.label,
                "type": fmt.media_type,
                "href": prefix + path,
                "online": base + path,
                "name": names.file_name(project, version, language, key),
                "id": f"{language}/{version}/{key}",
            }
        )
    return out


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if not is_web(app) or not getattr(app.config, "cedocs_in_site", False) or not app.config.cedocs_formats:
        return
    ed = edition(app)
    to_root = "../" * (pagename.count("/") + 2)  # <lang>/<version>/<page>: up to the site's root
    to_tree = "../" * pagename.count("/")
    markdown = ""
    if "markdown" in app.config.cedocs_formats and pagename in app.env.all_docs:
        markdown = pagename.rsplit("/", 1)[-1] + ".md"
    context["cedocs_formats"] = {
        "downloads": _downloads(app, ed.language, ed.version, to_root),
        "downloads_page": to_tree + names.DOWNLOADS_PAGE + ".html",
        "downloads_page_online": ed.page_url(names.DOWNLOADS_PAGE),
        "markdown": markdown,
        "texts_json": json.dumps(
            {
                "copied": str(_("Copied")),
                "failed": str(_("Could not copy. Open the Markdown page and copy it from there.")),
            },
            ensure_ascii=False,
        ),
    }


def _downloads_page(app: Sphinx) -> Any:
    """``downloads.html`` of the edition: every version and language with its files."""
    if not is_web(app) or not getattr(app.config, "cedocs_in_site", False) or not app.config.cedocs_formats:
        return
    if names.DOWNLOADS_PAGE in app.env.all_docs:
        raise ConfigError(f"a page named {names.DOWNLOADS_PAGE!r} collides with the downloads page of the site")
    registry: Registry | None = getattr(app, "registry_data", None)
    if registry is None:
        return
    own = app.config.language or "en"
    ordered = [own, *(lang for lang in registry.languages if lang != own)]
    sections = []
    for lang in ordered:
        rows = []
        for version in registry.versions:
            label = version.name + (f" ({version.title})" if version.title else "")
            status = {
                "latest": str(_("%s (latest)")) % version.release,
                "development": str(_("%s (development)")) % version.release,
            }.get(version.status, version.release)
            rows.append({"label": label, "status": status, "downloads": _downloads(app, lang, version.name, "../../")})
        sections.append({"code": lang, "name": languages.name(lang), "rows": rows})
    context = {
        "title": str(_("Downloads")),
        "cedocs_downloads_page": {
            "sections": sections,
            "formats": [names.BY_KEY[k].label for k in app.config.cedocs_formats],
        },
    }
    yield names.DOWNLOADS_PAGE, context, "cedocs/downloads-page.html"


def _builder_inited(app: Sphinx) -> None:
    if is_web(app) and getattr(app.config, "cedocs_in_site", False) and app.config.cedocs_formats:
        app.add_css_file("cedocs-formats.css")
        app.add_js_file("cedocs-formats.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.builders.epub3")
    app.setup_extension("sphinx.builders.singlehtml")
    app.add_builder(EpubBuilder, override=True)
    app.add_builder(PdfBuilder)
    app.add_builder(MarkdownBuilder)
    app.add_builder(HtmlZipBuilder)
    app.add_html_theme(THEME, str(THEME_DIR))
    # Which formats the site publishes for this edition (pages link their downloads).
    app.add_config_value("cedocs_formats", [], "html", types=frozenset({list, tuple, str}))
    # Pages (fnmatch patterns of docnames) whose chapters go to llms.txt's "Optional".
    app.add_config_value("cedocs_llms_optional", [], "", types=frozenset({list, tuple}))
    # The htmlzip builder's input: the HTML build directory, then the Markdown one.
    app.add_config_value("cedocs_htmlzip_sources", [], "", types=frozenset({list, tuple, str}))
    locale_strings.register(app)
    app.connect("config-inited", _check_config)
    app.connect("config-inited", epub.configure)
    app.connect("builder-inited", _builder_inited)
    app.connect("doctree-resolved", epub.prepare_page)
    app.connect("html-page-context", _page_context, priority=650)
    app.connect("html-collect-pages", _downloads_page)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}


__all__ = ["WEB_BUILDERS", "is_web", "setup"]
