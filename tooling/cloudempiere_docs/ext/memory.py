"""How many read doctrees a build keeps in memory until it writes them.

Sphinx 9 keeps every doctree it reads in memory (``env._write_doc_doctree_cache``, filled
by ``Builder.write_doctree``) until the write phase takes it, so it need not unpickle it
again. The doctree is pickled to the doctree directory all the same. The in-memory
copy is a large object graph (about 100 KB per page of the benchmark corpus, against 23 KB
pickled), so a build's peak memory grows with its pages: at 800 pages that cache is about
100 MB of each build's 290 MB, and the pipeline runs two builds at once.

``cedocs_doctrees_in_memory`` (default :data:`DEFAULT_LIMIT`) bounds it: once that many
doctrees wait in memory, the others are only pickled and the write phase reads them
back from their files, as Sphinx 8 did for every page and Sphinx 9 does on incremental
builds (about 0.6 ms of unpickling per page). The bytes read back for writing are not
kept either (Sphinx's ``get_doctree`` keeps every pickle it read, for readers that ask
again). The output is the same either way: the doctree written is the one pickled.
``0`` keeps none; a negative value keeps all (Sphinx's own behaviour).

It relies on the shape of Sphinx's builder and environment (private names); on a Sphinx
outside the range it was written for, every doctree stays in memory, with one line in
the log.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from cloudempiere_docs.ext.upstream import Shape

logger = logging.getLogger(__name__)

#: Doctrees kept in memory per build: the real manual (about 60 pages per build) keeps
#: all of them, a large site keeps about 10 MB of them.
DEFAULT_LIMIT = 100

#: Sphinx's own functions, once replaced (the shape is checked on them, not the wrappers).
_STOCK: dict[str, Any] = {}


def _write_doctree_of_sphinx() -> Any:
    return _STOCK.get("write_doctree", Builder.write_doctree)


def _get_and_resolve_of_sphinx() -> Any:
    return _STOCK.get("get_and_resolve_doctree", BuildEnvironment.get_and_resolve_doctree)


SHAPE = Shape(
    package="sphinx",
    versions=">=9.0,<9.1",
    functions={
        "Builder.write_doctree": _write_doctree_of_sphinx,
        "BuildEnvironment.get_and_resolve_doctree": _get_and_resolve_of_sphinx,
        "BuildEnvironment.get_doctree": lambda: BuildEnvironment.get_doctree,
    },
    signatures={
        "Builder.write_doctree": "(self, docname, doctree, *, _cache=True)",
        # the doctree, when given, comes by keyword (the wrapper looks there)
        "BuildEnvironment.get_and_resolve_doctree": (
            "(self, docname, builder, *, tags=Ellipsis, doctree=None, prune_toctrees=True, includehidden=False)"
        ),
        "BuildEnvironment.get_doctree": "(self, docname)",
    },
    callers={
        "Builder.write_doctree": (_write_doctree_of_sphinx, "_write_doc_doctree_cache"),
        "BuildEnvironment.get_and_resolve_doctree": (_get_and_resolve_of_sphinx, "_write_doc_doctree_cache"),
        "BuildEnvironment.get_doctree": (lambda: BuildEnvironment.get_doctree, "_pickled_doctree_cache"),
    },
)


def limit_of(config: Any) -> int | None:
    """The bound of the build whose configuration this is; None: Sphinx's own behaviour
    (a project without this extension, or a negative value)."""
    value = getattr(config, "cedocs_doctrees_in_memory", None)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        return None
    return value


def _write_doctree(self: Builder, docname: str, doctree: nodes.document, *, _cache: bool = True) -> None:
    limit = limit_of(self.config) if _cache else None
    if limit is not None and len(self.env._write_doc_doctree_cache) >= limit:
        _cache = False
    _STOCK["write_doctree"](self, docname, doctree, _cache=_cache)


def _get_and_resolve_doctree(self: BuildEnvironment, docname: str, builder: Builder, *args: Any, **kwargs: Any) -> nodes.document:
    # A doctree the write phase reads back from its file is written once: its bytes need
    # not stay in the environment (a later reader reads the file again).
    forget = (
        limit_of(self.config) is not None
        and kwargs.get("doctree") is None
        and docname not in self._write_doc_doctree_cache
        and docname not in self._pickled_doctree_cache
    )
    try:
        return _STOCK["get_and_resolve_doctree"](self, docname, builder, *args, **kwargs)
    finally:
        if forget:
            self._pickled_doctree_cache.pop(docname, None)


def install() -> str | None:
    """Put the bounded cache in place (once per process); the reason it cannot be, or None."""
    if _STOCK:
        return None
    problem = SHAPE.problem()
    if problem is not None:
        return problem
    _STOCK["write_doctree"] = Builder.write_doctree
    _STOCK["get_and_resolve_doctree"] = BuildEnvironment.get_and_resolve_doctree
    Builder.write_doctree = _write_doctree  # type: ignore[method-assign]
    BuildEnvironment.get_and_resolve_doctree = _get_and_resolve_doctree  # type: ignore[method-assign]
    return None


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cedocs_doctrees_in_memory", DEFAULT_LIMIT, "", types=frozenset({int}))
    problem = install()
    if problem is not None:
        logger.info("cedocs: every read doctree stays in memory until written: %s", problem)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
