"""Small factories for docutils nodes the reference directives share.

Generated text must be translatable: the gettext builder only extracts text elements that
have a ``source`` and a ``rawsource``, and the i18n transform replaces them by the parsed
msgstr. ``Builder.text()`` therefore sets both; values that must never be translated
(keys, numbers, dates) go into literal nodes or paragraphs without a source.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

Cell = str | nodes.Node | Sequence[nodes.Node] | None


def md_literal(value: str) -> str:
    """``value`` as MyST inline code, the way a writer would type it in a msgid."""
    fence = "``" if "`" in value else "`"
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


class Builder:
    """Node factories bound to one directive, so every node is located at it."""

    def __init__(self, directive: SphinxDirective) -> None:
        self.directive = directive

    def _locate(self, node: nodes.Node) -> nodes.Node:
        self.directive.set_source_info(node)
        return node

    # -- text -------------------------------------------------------------------------

    def para(self, text: str) -> nodes.paragraph:
        """A translatable paragraph."""
        return self._locate(nodes.paragraph(text, text))

    def para_nodes(self, rawsource: str, *children: nodes.Node) -> nodes.paragraph:
        """A translatable paragraph with inline markup; ``rawsource`` is its MyST source."""
        return self._locate(nodes.paragraph(rawsource, "", *children))

    @staticmethod
    def value(text: str) -> nodes.paragraph:
        """An untranslated paragraph (dates, numbers); no source, so gettext skips it."""
        return nodes.paragraph("", "", nodes.Text(text))

    def inline(self, text: str) -> nodes.inline:
        """Translatable inline text, for places a paragraph cannot go (terms)."""
        return self._locate(nodes.inline(text, text, translatable=True))

    @staticmethod
    def literal(text: str) -> nodes.literal:
        return nodes.literal(text, text)

    def title(self, text: str) -> nodes.title:
        return self._locate(nodes.title(text, text))

    def rubric(self, text: str, ids: Iterable[str] = ()) -> nodes.rubric:
        return self._locate(nodes.rubric(text, text, ids=list(ids)))

    # -- structure --------------------------------------------------------------------

    def section(self, title: str, anchor: str) -> nodes.section:
        section = self._locate(nodes.section(ids=[anchor]))
        section += self.title(title)
        return section

    def index(self, *entries: str, anchor: str) -> addnodes.index:
        """General index entries (``single`` type) pointing at ``anchor``."""
        node = addnodes.index(entries=[("single", entry, anchor, "", None) for entry in entries])
        return self._locate(node)

    def fields(self, items: Iterable[tuple[str, Cell]]) -> nodes.field_list:
        """A field list; None values are left out."""
        field_list = nodes.field_list()
        for name, body in items:
            if body is None:
                continue
            field = nodes.field()
            field += self._locate(nodes.field_name(name, name))
            field += nodes.field_body("", *self._cell(body))
            field_list += field
        return field_list

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[tuple[Sequence[Cell], Sequence[str]]],
        *,
        widths: Sequence[int],
        caption: str | None = None,
        classes: Sequence[str] = (),
        stub_columns: int = 0,
    ) -> nodes.table:
        """A table; each row is ``(cells, ids)``. String cells become translatable."""
        table = nodes.table(classes=["cedocs-table", *classes])
        if caption:
            table += self.title(caption)
        group = nodes.tgroup(cols=len(headers))
        table += group
        for width in widths:
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
        row = nodes.row(ids=list(ids))
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

    def bullets(self, items: Iterable[nodes.Node]) -> nodes.bullet_list:
        bullet_list = nodes.bullet_list()
        for item in items:
            bullet_list += nodes.list_item("", item)
        return bullet_list

    def xref(self, objtype: str, target: str, content: nodes.Node) -> addnodes.pending_xref:
        """A reference to an entry of the ``ce`` domain, resolved at write time."""
        node = addnodes.pending_xref(
            "",
            content,
            refdomain="ce",
            reftype=objtype,
            reftarget=target,
            refexplicit=False,
            refwarn=True,
            refdoc=self.directive.env.docname,
        )
        self._locate(node)
        self.directive.env.get_domain("ce").note_reference(self.directive.env.docname, objtype, target)  # type: ignore[attr-defined]
        return node
