"""A filter box for long references (settings, known issues): progressive enhancement.

A directive that renders many entries wraps them in a container with the class
``cedocs-filter-scope`` and puts a :class:`filter_box` node first. Each entry carries the
class ``cedocs-entry``, and inside it the values it can be filtered by, each in an
element with the class ``cedocs-facet-<facet>`` (several values of one facet in elements
``cedocs-facet-value`` inside it, e.g. the affected versions of a defect). Groups of
entries (a section per module) carry ``cedocs-filter-group``.

In HTML the node is an empty, hidden placeholder naming the facets, with the labels of the
controls in the page's language (interface catalog). ``cedocs-filter.js`` (added only to
pages that have one) builds the controls from it: a text box and one list per facet, whose
choices are the values the entries show. Without JavaScript nothing of it is visible and
every entry is shown; in other builders (EPUB, PDF, text) the node renders nothing.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from cloudempiere_docs.locale_strings import _

SCRIPT = "cedocs-filter.js"
ENTRY = "cedocs-entry"
SCOPE = "cedocs-filter-scope"
GROUP = "cedocs-filter-group"


def facet_class(facet: str) -> str:
    return f"cedocs-facet-{facet}"


class filter_box(nodes.Invisible, nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """Placeholder of the filter controls; ``facets``: ``[(name, label key)]``. Invisible
    to docutils: writers that do not know it (the Markdown edition's) leave it out."""


def _labels() -> dict[str, str]:
    """The controls' texts, in the language of the build ({shown}, {total} filled by JS)."""
    texts = {
        "filter": _("Filter"),
        "all": _("All"),
        "count": _("{shown} of {total} shown"),
        "none": _("No entry matches the filter."),
        "reset": _("Show all"),
        "module": _("Module"),
        "level": _("Level"),
        "component": _("Component"),
        "severity": _("Severity"),
        "status": _("Status"),
        "version": _("Affected version"),
    }
    return {key: str(value) for key, value in texts.items()}


def make(facets: list[str]) -> filter_box:
    return filter_box("", facets=list(facets))


#: Builders whose pages are the website (as ext/site.py's WEB_BUILDERS): the EPUB and PDF
#: editions write HTML too, but have no script to build the controls (and XHTML no bare
#: ``hidden``).
_WEB = ("html", "dirhtml")


def visit_filter_html(self: Any, node: filter_box) -> None:
    if getattr(self.builder, "name", "") not in _WEB:
        raise nodes.SkipNode
    texts = json.dumps(_labels(), ensure_ascii=False)
    self.body.append(
        f'<div class="cedocs-filter" data-cedocs-filter="{self.attval(" ".join(node["facets"]))}"'
        f' data-cedocs-filter-texts="{self.attval(texts)}" hidden></div>\n'
    )
    raise nodes.SkipNode


def skip(self: Any, node: filter_box) -> None:
    raise nodes.SkipNode


def _add_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.name not in _WEB:
        return  # the EPUB and PDF editions: no script, and the box renders nothing there
    if doctree is not None and next(doctree.findall(filter_box), None) is not None:
        app.add_js_file(SCRIPT, loading_method="defer")  # this page only


def setup_filter(app: Sphinx) -> None:
    app.add_node(
        filter_box,
        html=(visit_filter_html, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.connect("html-page-context", _add_script)
