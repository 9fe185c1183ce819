"""Node builders and the table helper of every data directive.

Generated text must be translatable: the gettext builder only extracts text elements that
have a ``source`` and a ``rawsource``, and the i18n transform replaces them by the parsed
msgstr. The text builders therefore set both and locate the node at the directive;
values that must never be translated (keys, numbers, dates, links) go into literals or
into paragraphs that are not messages themselves (:meth:`NodeBuilder.fixed`,
:meth:`NodeBuilder.value`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from cloudempiere_docs import formatting

#: What a table cell or a field body may be given: text (made translatable), a node, nodes.
Cell = str | nodes.Node | Sequence[nodes.Node] | None


def md_literal(value: str) -> str:
    """``value`` as MyST inline code, the way a writer would type it in a msgid."""
    fence = "``" if "`" in value else "`"
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


class NodeBuilder:
    """Node factories bound to one directive, so every message is located at it."""

    def __init__(self, directive: SphinxDirective) -> None:
        self.directive = directive

    @property
    def language(self) -> str:
        return self.directive.config.language or "en"

    def _locate(self, node: nodes.Node) -> nodes.Node:
        self.directive.set_source_info(node)
        return node

    # -- text -------------------------------------------------------------------------

    def para(self, text: str, *classes: str) -> nodes.paragraph:
        """A translatable paragraph."""
        return self._locate(nodes.paragraph(text, text, classes=list(classes)))

    def para_nodes(self, rawsource: str, *children: nodes.Node) -> nodes.paragraph:
        """A translatable paragraph with inline markup; ``rawsource`` is its MyST source."""
        return self._locate(nodes.paragraph(rawsource, "", *children))

    def fixed(self, *children: nodes.Node, classes: Iterable[str] = ()) -> nodes.paragraph:
        """A paragraph that is not a message itself (links, dates); its inlines may be."""
        para = nodes.paragraph("", "", *children, classes=list(classes))
        para["translatable"] = False
        return self._locate(para)

    @staticmethod
    def value(text: str) -> nodes.paragraph:
        """An untranslated paragraph of plain text (dates, numbers): no source, so gettext
        skips it and the HTML writer may render it compactly in a table cell."""
        return nodes.paragraph("", "", nodes.Text(text))

    def date(self, value: dt.date | None) -> nodes.paragraph:
        """A date as the language writes it (:mod:`cloudempiere_docs.formatting`)."""
        return self.fixed(nodes.Text(formatting.date(value, self.language) if value else ""))

    def template(self, message: str, **values: nodes.Node | str) -> list[nodes.Node]:
        """The interface string ``message`` in the build's language with its
        ``{placeholders}`` replaced by nodes (a literal, a date): generated sentences
        that contain a value are translated once, in the interface catalog, instead
        of once per value in every page catalog."""
        text = formatting.label(message, self.language)
        out: list[nodes.Node] = []
        for index, part in enumerate(re.split(r"\{(\w+)\}", text)):
            if index % 2 == 0:
                if part:
                    out.append(nodes.Text(part))
                continue
            value = values[part]
            out.append(nodes.Text(value) if isinstance(value, str) else value)
        return out

    def mark(self, kind: str, version: object, *body: nodes.Node) -> addnodes.versionmodified:
        """A "New in / Changed in / Removed in version N" mark computed from data, shown
        like Sphinx's own version directives (``kind``: added, changed, removed)."""
        label = {"added": "New in version {version}", "changed": "Changed in version {version}", "removed": "Removed in version {version}"}[kind]
        node = addnodes.versionmodified(type=f"version{kind}", version=str(version), translatable=False)
        para = nodes.paragraph("", "", translatable=False)
        para += nodes.inline("", "", *self.template(label, version=str(version)), classes=["versionmodified", kind])
        if body:
            para += nodes.Text(": ")
            para.extend(body)
        node += para
        return self._locate(node)

    def inline(self, text: str, *classes: str) -> nodes.inline:
        """Translatable inline text, for places a paragraph cannot go (terms, titles in a line)."""
        return self._locate(nodes.inline(text, text, classes=list(classes), translatable=True))

    @staticmethod
    def literal(text: str) -> nodes.literal:
        return nodes.literal(text, text)

    def title(self, text: str) -> nodes.title:
        return self._locate(nodes.title(text, text))

    def rubric(self, text: str, ids: Iterable[str] = ()) -> nodes.rubric:
        return self._locate(nodes.rubric(text, text, ids=list(ids)))

    # -- structure --------------------------------------------------------------------

    def section(self, title: str, anchor: str | None = None, classes: Iterable[str] = ()) -> nodes.section:
        """A section with a translatable title; with ``anchor`` as its id, else with an
        id made from the title (a target other pages can link to by name)."""
        section = nodes.section(classes=list(classes))
        if anchor:
            section["ids"].append(anchor)
            self._locate(section)
        section += self.title(title)
        if not anchor:
            section["names"].append(nodes.fully_normalize_name(title))
            self.directive.state.document.note_implicit_target(section, section)
        return section

    def index(self, *entries: str, anchor: str) -> addnodes.index:
        """General index entries (``single`` type) pointing at ``anchor``."""
        node = addnodes.index(entries=[("single", entry, anchor, "", None) for entry in entries])
        return self._locate(node)

    def field(self, name: str, body: Cell, key: str | None = None) -> nodes.field:
        """One field; ``key`` gives it the class ``cedocs-field-<key>`` (feeds read it)."""
        field = nodes.field(classes=[f"cedocs-field-{key}"] if key else [])
        field += self._locate(nodes.field_name(name, name))
        field += nodes.field_body("", *self._cell(body))
        return field

    def fields(self, items: Iterable[tuple[str, Cell]], classes: Iterable[str] = ()) -> nodes.field_list:
        """A field list; None values are left out."""
        field_list = nodes.field_list(classes=list(classes))
        for name, body in items:
            if body is not None:
                field_list += self.field(name, body)
        return field_list

    def bullets(self, items: Iterable[nodes.Node]) -> nodes.bullet_list:
        bullet_list = nodes.bullet_list()
        for item in items:
            bullet_list += nodes.list_item("", item)
        return bullet_list

    def xref(self, domain: str, objtype: str, target: str, content: nodes.Node) -> addnodes.pending_xref:
        """A reference to an entry of ``domain``, resolved when the page is written."""
        node = addnodes.pending_xref(
            "",
            content,
            refdomain=domain,
            reftype=objtype,
            reftarget=target,
            refexplicit=False,
            refwarn=True,
            refdoc=self.directive.env.docname,
        )
        return self._locate(node)

    # -- tables -----------------------------------------------------------------------

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[tuple[Sequence[Cell], Sequence[str]]],
        *,
        widths: Sequence[int] | None = None,
        caption: str | nodes.title | None = None,
        classes: Sequence[str] = (),
        stub_columns: int = 0,
    ) -> nodes.table:
        """A table with translatable headers; each row is ``(cells, ids)``. String cells
        become translatable paragraphs; every table has the class ``cedocs-table``."""
        table = nodes.table(classes=["cedocs-table", *classes])
        if isinstance(caption, nodes.title):
            table += caption  # made by the caller, e.g. with a value in it (not a message)
        elif caption:
            table += self.title(caption)
        group = nodes.tgroup(cols=len(headers))
        table += group
        for width in widths or [1] * len(headers):
            group += nodes.colspec(colwidth=width)
        if stub_columns:
            for colspec in group.findall(nodes.colspec):
                colspec["stub"] = stub_columns > 0
                stub_columns -= 1
        head = nodes.thead()
        head += self._row(headers, ())
        group += head
        body = nodes.tbody()
        for cells, ids in rows:
            body += self._row(cells, ids)
        group += body
        return table

    def _row(self, cells: Sequence[Cell], ids: Sequence[str]) -> nodes.row:
        row = nodes.row(ids=[i for i in ids if i])
        for cell in cells:
            row += nodes.entry("", *self._cell(cell))
        return row

    def _cell(self, content: Cell) -> list[nodes.Node]:
        if content is None or content == "":
            return []
        if isinstance(content, str):
            return [self.para(content)]
        if isinstance(content, nodes.Node):
            content = [content]
        out: list[nodes.Node] = []
        for node in content:
            # Inline nodes (literal, reference) need a paragraph to live in a cell.
            out.append(nodes.paragraph("", "", node) if isinstance(node, nodes.Inline) else node)
        return out
