"""The ``pdf`` builder: the edition as one print document, typeset by WeasyPrint.

Sphinx's single-page HTML builder assembles every page into one document; this builder
then makes that document a book before WeasyPrint lays it out (README, "Toolchain
choices": compared with rinohtype and sphinx-simplepdf):

- every id is prefixed with its page (``tax/index:setup-order``) and every reference
  rewritten to match. Pages reuse ids (``related-topics``, ``id1``), and Sphinx's
  single-page references (``#document-tax/index#setup-order``) name no element, so
  WeasyPrint found neither; now each internal link lands where it does on the site;
- the structure follows the manual's navigation: the pages of the root page's tables of
  contents become chapters (``h1``), the pages each page includes follow its sections one
  level below it, instead of nesting in whatever section held the table of contents, so
  PDF bookmarks, running heads, page breaks and the contents follow the manual's outline;
- links that leave the edition (the translation banner's link to the English page)
  become absolute URLs of the site;
- a cover (product, version, codename, release, date, language, the outdated or
  development notice) and a table of contents with page numbers come from the print
  theme (``themes/cedocs_print``), whose stylesheet sets page numbers, running heads,
  bookmarks levels and tables that wrap instead of clipping.

WeasyPrint's own warnings (an image it cannot decode, a link to a missing anchor) become
located ``cedocs.format`` warnings naming the page, so a strict build fails on them.
"""

from __future__ import annotations

import html
import logging as std_logging
import re
import time
from pathlib import Path
from typing import Any

from babel.dates import format_date
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.console import darkgreen
from sphinx.util.nodes import inline_all_toctrees

from cloudempiere_docs.diagnostics import warn
from cloudempiere_docs.formats import names
from cloudempiere_docs.formats.edition import Edition, absolute_links, edition
from cloudempiere_docs.locale_strings import _

logger = logging.getLogger(__name__)

THEME = "cedocs_print"
BOOK_TEMPLATE = "cedocs-book.html"
TOC_DEPTH = 2
_LOCAL = "cedocs_local"  # marks a refid that was already made page-specific
_ANCHOR = re.compile(r"#([^\s'\"]+)")
_IMAGE = re.compile(r"_images/([^'\"\s:]+)")


def repair_parents(node: nodes.Node) -> None:
    """``inline_all_toctrees`` hands each page's children to a ``start_of_file`` node
    without re-parenting them; the walks below need every ``parent`` right."""
    for child in getattr(node, "children", ()):
        child.parent = node
        repair_parents(child)


def _qualify(docname: str, ident: str) -> str:
    return f"{docname}:{ident}"


def qualify_ids(tree: nodes.Node, docname: str) -> None:
    """Prefix every id and local reference with the page it comes from (before the
    references between pages are resolved, so those can be told apart afterwards)."""
    if isinstance(tree, addnodes.start_of_file):
        docname = tree["docname"]
    if not isinstance(tree, nodes.Element):
        return
    if tree["ids"]:
        tree["ids"] = [_qualify(docname, i) for i in tree["ids"]]
    if "refid" in tree:
        tree["refid"] = _qualify(docname, tree["refid"])
        tree[_LOCAL] = True
    if tree.get("backrefs"):
        tree["backrefs"] = [_qualify(docname, i) for i in tree["backrefs"]]
    for child in tree.children:
        qualify_ids(child, docname)


def _page_of(node: nodes.Node, root: str) -> str:
    for ancestor in _ancestors(node):
        if isinstance(ancestor, addnodes.start_of_file):
            return ancestor["docname"]
    return root


def qualify_resolved(tree: nodes.Node, root: str) -> None:
    """References made by resolution: ``#document-page#id`` (another page) and bare
    ``refid`` become the qualified ids. A bare ``refid`` points into the page that holds
    the reference (MyST's links to a heading of the same page) or into the root page
    (Sphinx resolves everything from there, so a reference into the root page is local
    to it): whichever of the two has the id."""
    known = {i for node in tree.findall(nodes.Element) for i in node["ids"]}
    for ref in tree.findall(nodes.reference):
        if "refid" in ref and not ref.get(_LOCAL):
            here = _qualify(_page_of(ref, root), ref["refid"])
            ref["refid"] = here if here in known or _qualify(root, ref["refid"]) not in known else _qualify(root, ref["refid"])
        uri = ref.get("refuri", "")
        if uri.startswith("#document-"):
            page, _sep, anchor = uri[len("#document-"):].partition("#")
            if anchor:
                ref["refuri"] = "#" + _qualify(page, anchor)


def link_missing_pages(tree: nodes.Node, root: str, ed: Edition) -> int:
    """A link to a page that is not in the book (``#document-page``: a page outside the
    table of contents, such as the writers' guide, a book of its own) goes to that page on
    the online site instead of to an anchor that does not exist. Returns how many."""
    held = {root} | {node["docname"] for node in tree.findall(addnodes.start_of_file)}
    changed = 0
    for ref in tree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if not uri.startswith("#document-"):
            continue
        page, _sep, anchor = uri[len("#document-"):].partition("#")
        if page not in held:
            ref["refuri"] = ed.page_url(page) + (f"#{anchor}" if anchor else "")
            ref["internal"] = False
            changed += 1
    return changed


def _direct_includes(node: nodes.Element) -> list[addnodes.start_of_file]:
    """Pages included by ``node``'s page itself (not by the pages it includes)."""
    found = []
    for child in node.children:
        if isinstance(child, addnodes.start_of_file):
            found.append(child)
        elif isinstance(child, nodes.Element):
            found.extend(_direct_includes(child))
    return found


def _detach(node: nodes.Element) -> None:
    """Remove ``node``; then the wrappers it leaves empty and sections left with only
    a title ("Chapter contents" above a table of contents), whose ids move up."""
    parent = node.parent
    parent.remove(node)
    while parent is not None and parent.parent is not None:
        emptied = isinstance(parent, nodes.compound) and not parent.children
        bare = isinstance(parent, nodes.section) and all(isinstance(c, nodes.title) for c in parent.children)
        if not (emptied or bare):
            break
        grand = parent.parent
        grand.remove(parent)
        if bare and isinstance(grand, nodes.Element):
            grand["ids"] = [*grand["ids"], *parent["ids"]]
        parent = grand


def hoist_pages(tree: nodes.document) -> list[addnodes.start_of_file]:
    """Give the book the structure of the manual's navigation: the pages the root page
    includes become chapters at the top level, and the pages every page includes follow
    its own sections inside its top section (one level below it), instead of nesting in
    whatever section held the table of contents."""
    chapters = _direct_includes(tree)
    for chapter in chapters:
        _detach(chapter)
        tree.append(chapter)

    def nest(page: addnodes.start_of_file) -> None:
        section = next((c for c in page.children if isinstance(c, nodes.section)), None)
        if section is None:
            return
        for included in _direct_includes(page):
            _detach(included)
            section.append(included)
            nest(included)

    for chapter in chapters:
        nest(chapter)
    return chapters


def _ancestors(node: nodes.Node):  # type: ignore[no-untyped-def]
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _sections(node: nodes.Element) -> list[nodes.section]:
    """Sections directly under ``node`` (through pages and wrappers, not sections)."""
    found = []
    for child in node.children:
        if isinstance(child, nodes.section):
            found.append(child)
        elif isinstance(child, nodes.Element) and not isinstance(child, (nodes.table, nodes.Admonition)):
            found.extend(_sections(child))
    return found


def _anchor(section: nodes.section) -> str:
    parent = section.parent
    if isinstance(parent, addnodes.start_of_file) and parent.index(section) == 0:
        return f"document-{parent['docname']}"
    return section["ids"][0] if section["ids"] else ""


def toc_html(tree: nodes.document, depth: int = TOC_DEPTH) -> str:
    """The table of contents: chapters and their sections, linked by id (the print
    stylesheet adds leaders and page numbers with ``target-counter()``)."""

    def level(node: nodes.Element, current: int) -> str:
        items = []
        for section in _sections(node):
            title = section.next_node(nodes.title)
            anchor = _anchor(section)
            if title is None or not anchor:
                continue
            inner = level(section, current + 1) if current < depth else ""
            items.append(
                f'<li><a href="#{html.escape(anchor, quote=True)}">{html.escape(title.astext())}</a>{inner}</li>'
            )
        return f'<ol class="toc-{current}">{"".join(items)}</ol>' if items else ""

    return level(tree, 1)


class PdfBuilder(SingleFileHTMLBuilder):
    """One PDF per edition, from Sphinx's single-page HTML and WeasyPrint."""

    name = "pdf"
    epilog = "The PDF is in %(outdir)s."
    add_permalinks = False  # no pilcrows in headings, bookmarks and running heads
    search = False
    copysource = False
    supported_image_types = ["image/svg+xml", "image/png", "image/gif", "image/jpeg"]

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        super().__init__(app, env)
        # From the application Sphinx hands the builder: Builder.app is deprecated in Sphinx 9.
        self.edition: Edition = edition(app)

    def init(self) -> None:
        super().init()

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        return THEME, {}

    def assemble_doctree(self) -> nodes.document:
        root = self.config.root_doc
        tree = self.env.get_doctree(root)
        logger.info(darkgreen(root))
        tree = inline_all_toctrees(self, set(), root, tree, darkgreen, [root])
        tree["docname"] = root
        repair_parents(tree)
        qualify_ids(tree, root)
        self.env.resolve_references(tree, root, self)
        link_missing_pages(tree, root, self.edition)
        qualify_resolved(tree, root)
        absolute_links(tree, lambda ref: _page_of(ref, root), self.edition)
        hoist_pages(tree)
        self.toc = toc_html(tree)
        return tree

    def handle_page(
        self,
        pagename: str,
        addctx: dict[str, Any],
        templatename: str = "page.html",
        **kwargs: Any,
    ) -> None:
        if templatename == "page.html":
            templatename = BOOK_TEMPLATE
        super().handle_page(pagename, addctx, templatename, **kwargs)

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        ctx = super().get_doc_context(docname, body, metatags)
        ctx["toc"] = self.toc
        ctx["book"] = self.book()
        return ctx

    def book(self) -> dict[str, str]:
        """What the cover and the PDF's metadata say (plain text; the template escapes)."""
        ed = self.edition
        root_title = self.env.titles[self.config.root_doc].astext()
        date = format_date(ed.date, format="long", locale=ed.language) if ed.date else ""
        version = str(_("Version")) + f" {ed.version}"
        return {
            "product": ed.project,
            "title": root_title,
            "version": f"{version} ({ed.title})" if ed.title else version,
            "release": f"{ed.release}" + (f" · {date}" if date else ""),
            "language": ed.language_name,
            "notice": ed.notice(),
            "to_latest": ed.to_latest() if ed.notice() else "",
            "latest_url": ed.latest_url() if ed.notice() else "",
            "url": ed.tree_url,
            "edition": f"{ed.project} {ed.release} · {ed.language_name}",
            "document_title": f"{root_title} {ed.release}",
            "author": self.config.author,
            "date": ed.date.isoformat() if ed.date else "",
            "contents": str(_("Contents")),
            "generator": "Sphinx, WeasyPrint",
        }

    def finish(self) -> None:
        self.copy_image_files()
        self.copy_static_files()
        self.render_pdf()

    def pdf_path(self) -> Path:
        ed = self.edition
        return Path(self.outdir, names.file_name(ed.project, ed.version, ed.language, "pdf"))

    def render_pdf(self) -> None:
        from weasyprint import HTML
        from weasyprint.logger import LOGGER

        source = Path(self.outdir, self.config.root_doc + self.out_suffix)
        target = self.pdf_path()
        records = _Collector()
        LOGGER.addHandler(records)
        started = time.perf_counter()
        try:
            HTML(filename=str(source), base_url=str(source)).write_pdf(str(target), pdf_tags=True)
        finally:
            LOGGER.removeHandler(records)
        for record in records.records:
            self._report(record.getMessage())
        logger.info("pdf: %s (%.1f s)", target.name, time.perf_counter() - started)

    def _report(self, message: str) -> None:
        """A WeasyPrint problem as a warning at the page it concerns."""
        docname = None
        image = _IMAGE.search(message)
        if image:
            docname = next(
                (sorted(docs)[0] for docs, unique in self.env.images.values() if unique == image.group(1)), None
            )
        anchor = _ANCHOR.search(message)
        if docname is None and anchor:
            ident = anchor.group(1)
            page = ident[len("document-"):] if ident.startswith("document-") else ident.partition(":")[0]
            docname = page if page in self.env.all_docs else None
        warn(f"pdf: {message}", "format", location=docname or self.config.root_doc)


class _Collector(std_logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=std_logging.WARNING)
        self.records: list[std_logging.LogRecord] = []

    def emit(self, record: std_logging.LogRecord) -> None:
        self.records.append(record)
