"""Node builders and the table helper of every data directive.

Three kinds of text reach a page through these builders (:data:`~.text.Item`):

- *page text* (``str``): labels the directive itself writes ("Default", "Fixed
  defects"). It must be translatable: the gettext builder only extracts text elements
  that have a ``source`` and a ``rawsource``, and the i18n transform replaces them by the
  parsed msgstr. The builders therefore set both and locate the node at the directive.
- *data text* (:class:`~cloudempiere_docs.data.texts.DataText`): a text of a data file,
  translated once in the data file's catalog by :mod:`cloudempiere_docs.toolkit.text`.
  Its node has no ``source``, so it is not a message of the page (it is shown in the
  build's language already); only where a language has no data catalogs at all (a
  released version's catalogs) is it built as page text, as those catalogs expect.
- a *phrase* (:class:`~.text.Phrase`): an interface string around data texts.

Values that must never be translated (keys, numbers, dates, links) go into literals or
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
from cloudempiere_docs.data.texts import DataText
from cloudempiere_docs.toolkit import text as data_text
from cloudempiere_docs.toolkit.text import Item, Phrase

#: Classes of a reference entry's parts (a setting, a defect): the summary row of its main
#: facts, its description and the details below (theme/static/cedocs.css lays them out).
SUMMARY = "cedocs-summary"
DESCRIPTION = "cedocs-description"
DETAILS = "cedocs-details"

#: What a table cell or a field body may be given: text (page text made translatable, a
#: data text, a phrase), a node, nodes.
Cell = str | DataText | Phrase | nodes.Node | Sequence[nodes.Node] | None


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

    @property
    def env(self):  # noqa: ANN201 - BuildEnvironment
        return self.directive.env

    def shown(self, item: Item) -> str:
        """``item`` as this build shows it (data text translated from its catalog)."""
        return data_text.shown(self.env, item)

    def starting(self, item: Item) -> str:
        """``item`` as this build shows it at the start of a block (a table cell, a
        paragraph, a term, a title): with a capital first letter. A data text is
        translated once, for every place it is shown; the Slovak business days
        (``pondelok až piatok ...``) are written small for the middle of a sentence,
        and a cell of their own starts with the capital (:func:`formatting.capital_first`)."""
        return formatting.capital_first(self.shown(item), self.language)

    def _text(self, cls: type[nodes.TextElement], item: Item, classes: Iterable[str] = (), **attributes: object) -> nodes.TextElement:
        """A node of class ``cls`` holding ``item``: a page message for page text (and for
        data text in ``pages`` mode), else the text as shown, which is no message. A
        block (anything but an inline, which may sit in the middle of a line) starts
        with a capital letter."""
        if isinstance(item, str) or data_text.mode(self.env) == "pages":
            if not isinstance(item, str):
                data_text.shown(self.env, item)  # records that the page uses the data file
            text = data_text.english(item)
            return self._locate(cls(text, text, classes=list(classes), **attributes))
        text = self.shown(item) if issubclass(cls, nodes.Inline) else self.starting(item)
        return data_text.not_a_message(cls("", text, classes=list(classes)))  # type: ignore[return-value]

    def para(self, text: Item, *classes: str) -> nodes.paragraph:
        """A paragraph: translatable page text, or a data text or phrase in the build's language."""
        return self._text(nodes.paragraph, text, classes)

    def para_nodes(self, rawsource: str, *children: nodes.Node) -> nodes.paragraph:
        """A translatable paragraph with inline markup; ``rawsource`` is its MyST source."""
        return self._locate(nodes.paragraph(rawsource, "", *children))

    def para_parts(self, *parts: nodes.Node | str | DataText, classes: Iterable[str] = ()) -> nodes.paragraph:
        """A paragraph of inline nodes, fixed strings and data texts (``` `Y`: Enabled```).

        In ``pages`` mode it is one page message whose source is the MyST text of its
        parts (literals as inline code), as before data catalogs; otherwise it is no
        message and its data texts are shown translated."""
        if data_text.mode(self.env) == "pages":
            source = "".join(
                md_literal(p.astext()) if isinstance(p, nodes.literal) else data_text.english(p) if isinstance(p, (str, DataText)) else p.astext()
                for p in parts
            )
            children = [nodes.Text(self.shown(p) if isinstance(p, DataText) else p) if isinstance(p, (str, DataText)) else p for p in parts]
            return self._locate(nodes.paragraph(source, "", *children, classes=list(classes)))
        children = [
            nodes.Text(self.starting(p) if index == 0 else self.shown(p)) if isinstance(p, (str, DataText)) else p for index, p in enumerate(parts)
        ]
        return data_text.not_a_message(nodes.paragraph("", "", *children, classes=list(classes)))

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

    def inline(self, text: Item, *classes: str) -> nodes.inline:
        """Inline text, for places a paragraph cannot go (terms, titles in a line);
        translatable page text, or a data text or phrase in the build's language."""
        return self._text(nodes.inline, text, classes, translatable=True)  # type: ignore[return-value]

    def term(self, text: Item) -> nodes.term:
        """The term of a definition list item."""
        return self._text(nodes.term, text)  # type: ignore[return-value]

    @staticmethod
    def literal(text: str) -> nodes.literal:
        return nodes.literal(text, text)

    def title(self, text: Item) -> nodes.title:
        return self._text(nodes.title, text)  # type: ignore[return-value]

    def rubric(self, text: Item, ids: Iterable[str] = ()) -> nodes.rubric:
        return self._text(nodes.rubric, text, ids=list(ids))  # type: ignore[return-value]

    # -- structure --------------------------------------------------------------------

    def section(self, title: Item, anchor: str | None = None, classes: Iterable[str] = ()) -> nodes.section:
        """A section with a title; with ``anchor`` as its id, else with an id made from
        the English title (a target other pages can link to by name, in every language)."""
        section = nodes.section(classes=list(classes))
        if anchor:
            section["ids"].append(anchor)
            self._locate(section)
        section += self.title(title)
        if not anchor:
            section["names"].append(nodes.fully_normalize_name(data_text.english(title)))
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
        caption: Item | nodes.title | None = None,
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
        if isinstance(content, (str, DataText, Phrase)):
            return [self.para(content)]
        if isinstance(content, nodes.Node):
            content = [content]
        out: list[nodes.Node] = []
        for node in content:
            # Inline nodes (literal, reference) need a paragraph to live in a cell.
            out.append(nodes.paragraph("", "", node) if isinstance(node, nodes.Inline) else node)
        return out


def facet(field_list: nodes.field_list, name: str, facet_name: str) -> None:
    """Mark the body of the field ``name`` as the value of a filter facet
    (``cedocs-facet-<facet>``, read by the filter box: :mod:`cloudempiere_docs.toolkit.filter`)."""
    for field in field_list.children:
        if isinstance(field, nodes.field) and field[0].astext() == name:
            field[1]["classes"].append(f"cedocs-facet-{facet_name}")
