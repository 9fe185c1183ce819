"""The ``epub`` builder: Sphinx's EPUB 3 builder with what an edition must say.

Sphinx's builder does the work; this subclass (registered under the same name) adds
what epubcheck and readers need from us: ``lang``/``xml:lang`` on every page, the
edition's title ("<root page title> <release>"), description, identifier (the edition's
address) and a stable modification date (the release's, not the clock's), the outdated
or development notice at the top of every page, and absolute links where a page links
out of the edition. The site's web chrome (switchers, Open Graph, hreflang; HTML ``<meta>``
that is not XHTML) stays out: ``ext/site.py`` adds it for the web builders only.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from cloudempiere_docs.formats import names
from cloudempiere_docs.formats.edition import Edition, absolute_links, edition, notice_node
from cloudempiere_docs.formats.markdown_builder import first_paragraph
from cloudempiere_docs.theme import STATIC


class EpubBuilder(Epub3Builder):
    """EPUB 3 of one edition (``sphinx-build -b epub``)."""

    name = "epub"

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        super().__init__(app, env)
        # From the application Sphinx hands the builder: Builder.app is deprecated in Sphinx 9.
        self.edition: Edition = edition(app)

    def init(self) -> None:
        super().init()
        lang = html.escape(self.config.epub_language or "en", quote=True)
        self.html_tag = (
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
            f' lang="{lang}" xml:lang="{lang}">'
        )

    def get_refnodes(self, doctree: Any, result: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The navigation (toc.ncx and nav.xhtml) in reading order: a page that includes
        other pages is listed without its own sections, which Sphinx lists after the
        sub-pages (epubcheck: NAV-011, out of reading order); levels closed up."""
        found = super().get_refnodes(doctree, result)
        if not isinstance(doctree, nodes.document):
            return found  # a recursive call of Sphinx's: the whole tree is handled below
        parents = {doc for doc, children in self.env.toctree_includes.items() if children}
        suffix = self.out_suffix
        kept = []
        for item in found:
            page, _sep, anchor = item["refuri"].partition("#")
            if anchor and page.endswith(suffix) and page[: -len(suffix)] in parents:
                continue
            kept.append(dict(item))
        previous = 0
        for item in kept:
            item["level"] = min(item["level"], previous + 1)
            previous = item["level"]
        return kept

    def toc_metadata(self, level: int, navpoints: list[Any]) -> dict[str, Any]:
        # toc.ncx's dtb:uid must be the book's identifier (Sphinx puts the id's name).
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = html.escape(self.config.epub_identifier)
        return metadata

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        ed, root = self.edition, self.config.root_doc
        if root in self.env.titles:
            metadata["title"] = html.escape(f"{self.env.titles[root].astext()} {ed.release}")
            summary = first_paragraph(self.env.get_doctree(root))
            if summary:
                metadata["description"] = html.escape(summary)
        if ed.date:
            metadata["date"] = html.escape(f"{ed.date.isoformat()}T00:00:00Z")
        return metadata


def configure(app: Sphinx, config: Config) -> None:
    """EPUB settings derived from the project, unless conf.py sets them. Only values that
    do not shape the doctrees are touched, so every builder shares one environment."""
    raw = config._raw_config  # type: ignore[attr-defined]
    language = config.language or "en"
    slug = str(getattr(config, "cedocs_version", "") or config.version)
    base = config.html_baseurl or "https://example.invalid/"
    defaults = {
        "epub_basename": names.file_name(config.project, slug, language, "epub")[: -len(".epub")],
        "epub_identifier": f"{base.rstrip('/')}/{language}/{slug}/",
        "epub_scheme": "URL",
        "epub_author": config.author or config.project,
        "epub_publisher": config.author or config.project,
        "epub_contributor": config.author or config.project,
        "epub_copyright": config.copyright or config.author or config.project,
        "epub_description": config.project,
        "epub_show_urls": "no",  # readers follow links; printed URLs only clutter the text
        "epub_css_files": [],  # the web theme's files are not part of the book
        # ... nor are the files of our web chrome that Sphinx copies into every build's
        # _static (styles, scripts, icons): no book page uses them, and epubcheck rejects
        # CSS it cannot parse (the phone tables' :has() selectors).
        "epub_exclude_files": [f"_static/{path.name}" for path in sorted(STATIC.iterdir()) if path.is_file()],
    }
    for name, value in defaults.items():
        if name not in raw:
            config[name] = value


def prepare_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The notice on top of every page; links out of the edition made absolute."""
    if app.builder.name != EpubBuilder.name:
        return
    ed = edition(app)
    absolute_links(doctree, docname, ed)
    notice = notice_node(ed)
    if notice is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, notice)
    else:
        doctree.insert(0, notice)
