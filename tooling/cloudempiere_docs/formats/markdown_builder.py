"""The ``markdown`` builder: every page as ``<page>.md`` with front matter, plus the
edition's ``llms.txt`` and ``llms-full.txt`` (see llms.py).

The pages are published next to their HTML (``page.md`` beside ``page.html``), so links
between pages and to images (``_images/`` of the HTML build) stay relative; the one-file
edition resolves them against the page's address instead, since it has no location of
its own among the pages.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from cloudempiere_docs import urls
from cloudempiere_docs.formats import llms
from cloudempiere_docs.formats.edition import Edition, edition, notice_node
from cloudempiere_docs.formats.markdown import MarkdownWriter


@dataclass
class Page:
    docname: str
    title: str
    description: str
    url: str  # absolute address of the Markdown page
    full: str  # the page for llms-full.txt (absolute links, without its title)


def first_paragraph(doctree: nodes.Node) -> str:
    """The page's first paragraph of prose (not in an admonition, table or list)."""
    for para in doctree.findall(nodes.paragraph):
        if any(isinstance(a, (nodes.Admonition, nodes.table, nodes.list_item, nodes.definition_list, nodes.field_list, nodes.topic)) for a in _ancestors(para)):
            continue
        text = " ".join(para.astext().split())
        if text:
            return text
    return ""


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


class MarkdownBuilder(Builder):
    """Markdown pages with front matter, ``llms.txt`` and ``llms-full.txt``."""

    name = "markdown"
    format = "markdown"
    epilog = "The Markdown pages are in %(outdir)s."
    out_suffix = ".md"
    allow_parallel = False
    supported_image_types = ["image/svg+xml", "image/png", "image/gif", "image/jpeg", "image/webp"]
    supported_remote_images = True

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        super().__init__(app, env)
        # From the application Sphinx hands the builder: Builder.app is deprecated in Sphinx 9.
        self.edition: Edition = edition(app)

    def init(self) -> None:
        self.pages: dict[str, Page] = {}

    def get_outdated_docs(self) -> Iterator[str]:
        yield from sorted(self.env.found_docs)

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return urls.quote_docname(docname) + self.out_suffix

    def prepare_writing(self, docnames: set[str]) -> None:
        latest = self.edition.latest
        meta = (getattr(self.config, "smv_metadata", None) or {}).get(latest) or {}
        self.latest_pages: set[str] | None = set(meta["docnames"]) if "docnames" in meta else None

    def _image(self, docname: str) -> Any:
        def image(uri: str) -> str:
            if "://" in uri:
                return uri
            entry = self.env.images.get(uri) if hasattr(self.env.images, "get") else None
            if uri.startswith("_downloads/"):
                return relative_uri(self.get_target_uri(docname), uri)
            if entry is None:
                return uri
            return relative_uri(self.get_target_uri(docname), f"_images/{entry[1]}")

        return image

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        ed = self.edition
        self._add_notice(doctree)
        title = self.env.titles[docname].astext() if docname in self.env.titles else docname
        page_md = ed.page_url(docname, ".md")
        body = MarkdownWriter(docname, image=self._image(docname)).document(doctree)
        front = self.front_matter(docname, title)
        target = Path(self.outdir, docname + self.out_suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front + "\n" + body, encoding="utf-8")
        absolute = MarkdownWriter(
            docname,
            link=lambda uri: urljoin(page_md, uri),
            image=lambda uri: urljoin(page_md, self._image(docname)(uri)),
        ).document(doctree, skip_title=True)
        self.pages[docname] = Page(docname, title, first_paragraph(doctree), page_md, absolute)

    def _add_notice(self, doctree: nodes.document) -> None:
        notice = notice_node(self.edition)
        if notice is None:
            return
        section = next(iter(doctree.findall(nodes.section)), None)
        if section is not None and section.children and isinstance(section[0], nodes.title):
            section.insert(1, notice)
        else:
            doctree.insert(0, notice)

    def front_matter(self, docname: str, title: str) -> str:
        ed = self.edition
        has = None if self.latest_pages is None else docname in self.latest_pages
        data = {
            "title": title,
            "product": ed.project,
            "version": ed.version,
            "release": ed.release,
            "language": ed.language,
            "status": ed.status or "preview",
            "canonical_url": urls.canonical_url(self.config, docname, status=ed.status, latest_has_page=has),
            "markdown_url": ed.page_url(docname, ".md"),
        }
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
        return f"---\n{dumped}---\n"

    def finish(self) -> None:
        root = self.config.root_doc
        doctree = self.env.get_doctree(root)
        sections = self._sections(doctree)
        optional = list(self.config.cedocs_llms_optional)
        index = llms.Index(
            edition=self.edition,
            title=self.pages[root].title if root in self.pages else self.config.project,
            summary=self.pages[root].description if root in self.pages else "",
            sections=[],
            optional=[],
        )
        for caption, docnames in sections:
            entries = [self._entry(d) for d in docnames if d in self.pages]
            if optional and all(any(fnmatch.fnmatch(d, p) for p in optional) for d in docnames):
                index.optional.extend(entries)
            elif entries:
                index.sections.append((caption, entries))
        Path(self.outdir, llms.INDEX).write_text(llms.index_text(index), encoding="utf-8")
        ordered = [root, *(d for _caption, docs in sections for d in docs)]
        ordered += sorted(set(self.pages) - set(ordered))
        pages = [self.pages[d] for d in ordered if d in self.pages]
        Path(self.outdir, llms.FULL).write_text(llms.full_text(index, pages), encoding="utf-8")

    def _entry(self, docname: str) -> llms.Entry:
        page = self.pages[docname]
        return llms.Entry(page.title, page.url, page.description)

    def _sections(self, doctree: nodes.document) -> list[tuple[str, list[str]]]:
        """The root page's toctrees: (caption, every page under it in reading order)."""
        sections = []
        for toctree in doctree.findall(addnodes.toctree):
            docs: list[str] = []
            for _title, ref in toctree["entries"]:
                if ref in self.env.all_docs:
                    docs.extend(self._walk(ref, set()))
            caption = toctree.get("caption") or (self.env.titles[docs[0]].astext() if docs else "")
            if docs:
                sections.append((caption, docs))
        return sections

    def _walk(self, docname: str, seen: set[str]) -> list[str]:
        if docname in seen:
            return []
        seen.add(docname)
        out = [docname]
        for child in self.env.toctree_includes.get(docname, []):
            out.extend(self._walk(child, seen))
        return out

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return relative_uri(self.get_target_uri(from_), self.get_target_uri(to, typ))
