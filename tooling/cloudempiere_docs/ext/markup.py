"""Valid, accessible HTML from Sphinx and furo (what the Nu HTML checker and axe ask for).

Unique ids
    furo wraps every table (and display math) in a ``div.table-wrapper`` so wide tables
    scroll instead of widening the page, and copies *all* attributes of the table onto
    the wrapper, its ids included: every table with an id (a caption, a generated table of
    the reference) appears twice in the page with the same id. :class:`UniqueIds` runs
    right after furo's wrapping and leaves the id on the table alone. It then checks the
    whole page: any id used twice is a located ``cedocs.site`` warning, so a strict build
    fails before the Nu checker would.

Tables on a phone
    A table that is wider than a phone scrolls sideways. To show it as one card per row
    instead (``cedocs.css``, narrow screens only), every body cell names its column:
    the HTML translator gives each ``<td>`` a ``data-label`` with the text of its
    column's header (``attr()`` in CSS shows it). Tables without a header row are left
    alone.

Toctree captions
    Sphinx writes the caption of a toctree as ``<p class="caption" role="heading">``
    without ``aria-level``, which ARIA requires for that role (sphinx-doc/sphinx#14030).
    :func:`_translator_with_caption_levels` derives the builder's HTML translator so the
    caption gets the level below its section's heading (``aria-level`` 2 at the top of a
    page and in the sidebar, which Sphinx renders through the same translator). If a
    future Sphinx writes the attribute itself, or writes the caption differently, the
    translator leaves its output alone.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from cloudempiere_docs.diagnostics import warn

#: Classes of furo's wrappers (furo.WrapTableAndMathInAContainerTransform).
WRAPPERS = frozenset({"table-wrapper", "math-wrapper"})


class UniqueIds(SphinxPostTransform):
    """Ids of furo's wrappers left to what they wrap; then no id may be used twice."""

    formats = ("html",)
    default_priority = 510  # furo wraps at 500

    def run(self, **kwargs: Any) -> None:
        for wrapper in self.document.findall(nodes.container):
            if WRAPPERS & set(wrapper["classes"]) and wrapper.children and isinstance(wrapper[0], nodes.Element):
                inner = set(wrapper[0]["ids"])
                wrapper["ids"] = [ident for ident in wrapper["ids"] if ident not in inner]
        seen: Counter[str] = Counter()
        for node in self.document.findall(nodes.Element):
            for ident in node.get("ids", ()):
                seen[ident] += 1
                if seen[ident] == 2:
                    warn(f"the id {ident!r} is used more than once on this page (HTML ids must be unique)", "site", location=node)


def caption_level(node: nodes.Element) -> int:
    """``aria-level`` of a toctree caption: one below the section it sits in, at least 2
    (the page title is the level-1 heading), at most 6."""
    depth = 0
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            depth += 1
        parent = parent.parent
    return max(2, min(6, depth + 1))


def _visit_title(self: Any, node: nodes.title) -> None:
    start = len(self.body)
    self._cedocs_visit_title(node)
    parent = node.parent
    if not (isinstance(parent, addnodes.compact_paragraph) and parent.get("toctree")) or len(self.body) <= start:
        return
    tag = self.body[start]
    if tag.startswith("<p ") and 'role="heading"' in tag and "aria-level" not in tag:
        self.body[start] = f'<p aria-level="{caption_level(parent)}" ' + tag[len("<p ") :]


def column_labels(tgroup: nodes.Element) -> dict[int, str]:
    """Column index -> text of the header cell above it (first header row)."""
    head = next((child for child in tgroup.children if isinstance(child, nodes.thead)), None)
    if head is None or not head.children:
        return {}
    labels: dict[int, str] = {}
    column = 0
    for entry in head[0].children:
        text = " ".join(entry.astext().split())
        for offset in range(entry.get("morecols", 0) + 1):
            labels[column + offset] = text
        column += entry.get("morecols", 0) + 1
    return labels


def _visit_entry(self: Any, node: nodes.entry) -> None:
    row = node.parent
    column = getattr(row, "column", 0)
    start = len(self.body)
    self._cedocs_visit_entry(node)
    body = row.parent
    if not isinstance(body, nodes.tbody) or len(self.body) <= start:
        return
    tgroup = body.parent
    cache = self.__dict__.setdefault("_cedocs_labels", {})
    labels = cache.get(id(tgroup))
    if labels is None:
        labels = cache[id(tgroup)] = column_labels(tgroup)
    label = labels.get(column)
    tag = self.body[start]
    if label and tag.startswith("<td") and "data-label" not in tag:
        self.body[start] = f'<td data-label="{self.attval(label)}"' + tag[len("<td") :]


def _translator_with_caption_levels(app: Sphinx) -> None:
    builder = app.builder
    if builder.format != "html" or not hasattr(builder, "get_translator_class"):
        return
    base = builder.get_translator_class()
    if base is None or getattr(base, "_cedocs_caption_levels", False) or not hasattr(base, "visit_title"):
        return
    if not hasattr(base, "visit_entry") or not hasattr(base, "attval"):
        return
    derived = type(
        base.__name__,
        (base,),
        {
            "_cedocs_caption_levels": True,
            "_cedocs_visit_title": base.visit_title,
            "visit_title": _visit_title,
            "_cedocs_visit_entry": base.visit_entry,
            "visit_entry": _visit_entry,
            "__doc__": f"{base.__doc__ or base.__name__}\n\nWith aria-level on toctree captions and data-label on table cells (cloudempiere_docs.ext.markup).",
            "__module__": __name__,
        },
    )
    app.set_translator(builder.name, derived, override=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(UniqueIds)
    app.connect("builder-inited", _translator_with_caption_levels)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
