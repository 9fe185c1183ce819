"""Page titles rendered to HTML once per build instead of once per page that shows them.

For every page it writes, Sphinx's HTML builder renders the titles of the page itself,
of the previous and next pages and of every parent (``get_doc_context``), each through
``render_partial``, which sets up a docutils document, runs its transforms and a
translator for one title node: about six renderings of the same few dozen titles per page
(7 % of a job that reuses its donor's reading). The titles are the environment's own
nodes (``env.titles``, ``env.longtitles``), the same objects for every page of the build,
and a title made of text and inline markup renders the same for every page, so the
first rendering of each is kept and handed out again (a copy of its parts).

Only nodes that are one of the environment's titles and hold nothing but text and
inline markup are kept: an image in a title is rendered with a path relative to the page
being written, and fresh nodes (a page's own table of contents) are rendered each time.
The replacement relies on ``render_partial`` being looked up by name in
``get_doc_context`` with that signature (:data:`SHAPE`); otherwise Sphinx's own rendering
stays, with one line in the log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from cloudempiere_docs.ext.upstream import Shape

logger = logging.getLogger(__name__)

SHAPE = Shape(
    package="sphinx",
    versions=">=8.2,<10",
    functions={"StandaloneHTMLBuilder.render_partial": lambda: StandaloneHTMLBuilder.render_partial},
    signatures={"StandaloneHTMLBuilder.render_partial": "(self, node)"},
    callers={"StandaloneHTMLBuilder.get_doc_context": (lambda: StandaloneHTMLBuilder.get_doc_context, "render_partial")},
)

#: What a title may hold to render alike on every page (no URL, nothing per page).
PLAIN = (
    nodes.title, nodes.Text, nodes.emphasis, nodes.strong, nodes.literal, nodes.inline,
    nodes.subscript, nodes.superscript,
)  # fmt: skip

_ATTR = "_cedocs_partial_titles"


def plain(node: nodes.Node) -> bool:
    """Whether ``node`` holds only text and inline markup."""
    return all(type(n) in PLAIN for n in node.findall())


class TitleRenderer:
    """``render_partial`` of one builder, keeping the rendering of each plain title."""

    def __init__(self, builder: StandaloneHTMLBuilder, stock: Callable[[Any], dict[str, str]]) -> None:
        self.builder = builder
        self.stock = stock
        self.kept: dict[int, tuple[nodes.Node, dict[str, str]]] = {}  # id -> (node, parts)
        self._titles: set[int] | None = None
        self.hits = 0

    def titles(self) -> set[int]:
        if self._titles is None:  # the titles are known once the pages are read
            env = self.builder.env
            self._titles = {id(n) for n in env.titles.values()} | {id(n) for n in env.longtitles.values()}
        return self._titles

    def __call__(self, node: Any) -> dict[str, str]:
        if node is None:
            return self.stock(node)
        kept = self.kept.get(id(node))
        if kept is not None and kept[0] is node:
            self.hits += 1
            return dict(kept[1])
        parts = self.stock(node)
        if id(node) in self.titles() and plain(node):
            self.kept[id(node)] = (node, dict(parts))  # the node is held: its id stays its own
        return parts


def _builder_inited(app: Sphinx) -> None:
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or "render_partial" in vars(builder):
        return  # another builder, or someone replaced it already
    problem = SHAPE.problem()
    if problem is not None:
        logger.info("cedocs: page titles are rendered for every page: %s", problem)
        return
    renderer = TitleRenderer(builder, builder.render_partial)
    builder.render_partial = renderer  # type: ignore[method-assign]
    setattr(builder, _ATTR, renderer)


def _env_updated(app: Sphinx, env: Any) -> None:
    # Titles read in this build are new objects: forget what was kept of earlier ones.
    renderer = getattr(app.builder, _ATTR, None)
    if renderer is not None:
        renderer.kept.clear()
        renderer._titles = None


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _builder_inited)
    app.connect("env-updated", _env_updated)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
