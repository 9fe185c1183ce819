"""Fast sidebar navigation for the furo theme, byte-identical to furo's own.

Furo renders the sidebar of every page from Sphinx's global toctree
(``toctree(collapse=False, titles_only=True, maxdepth=-1, includehidden=True)``), which
resolves and deep-copies the whole toctree of the site for each page, and then rewrites it
with BeautifulSoup. That is about half of an English build and grows with the square of
the number of pages.

Yet the trees of two pages in the same output folder differ only in what marks the current
page: the link of the page itself (``href="#"``, class ``current``), the ``current`` class
on the list items and lists above it, furo's ``checked`` checkbox on those items and furo's
``current-page`` class on the page's own item. So, per folder, this extension renders once
the *neutral* tree (Sphinx's global toctree for a docname of that folder that no toctree
lists, passed through furo's ``get_navigation_tree``), splits it into tags with parent
links, and per page re-serializes only the few tags on the path to the page's link.

A page no toctree lists (the root, an orphan, the generated index and search pages) has
no link in the tree and no ancestors: it gets the neutral tree as it is.
Whenever a page is not that simple case (listed more than once, links to anchors in it,
``tocdepth`` or ``only`` in the tocs of its toctree ancestors -- which Sphinx copies
differently for them -- another builder, a tag we could not read back exactly), the page
gets furo's own computation. ``cedocs_fast_navigation = False`` switches the extension off.

The replacement relies on furo's private ``_compute_navigation_tree`` (looked up by name
when each page renders) and on Sphinx's ``_get_local_toctree``: :data:`SHAPE` is checked
at setup, and where furo or Sphinx differ from what this was written and tested for, furo's
own function stays in place, with one log line (see :mod:`cloudempiere_docs.ext.upstream`).

Books (:mod:`cloudempiere_docs.books`, the writers' guide) are not in the customer table
of contents: their pages get the book's own tree instead (its root's toctrees, resolved
for the page and passed through furo's rendering), are marked ``nosearch`` for Sphinx's
search index, and their root is an orphan of the customer tree, so the strict build
accepts it without being listed.

Upstream, furo has an open pull request for the same cost, pradyunsg/furo#939 ("Create a
shadow DOM tree for faster (10x) navtree generation", open since 2026-07): it parses the
global tree once into a light tree of elements and, per page, re-renders only the parts
that mark the current page, much as this module does per folder. Once a furo release
has it, this module can go (the version range in :data:`SHAPE` then switches it off).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import furo
from docutils import nodes
from furo.navigation import get_navigation_tree
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging

from cloudempiere_docs import books
from cloudempiere_docs.ext.upstream import Shape

logger = logging.getLogger(__name__)

#: Furo's own computation, used for every page the fast path does not take.
_FURO_STOCK: Callable[[dict[str, Any]], str] = furo._compute_navigation_tree

#: What the fast path relies on: furo's function and its caller, the parts of Sphinx it
#: calls, in the versions it was tested with (byte-identical output, tests/test_navigation.py).
SHAPE = Shape(
    package="furo",
    versions=">=2025.7.19,<2026.1",
    functions={
        "furo._compute_navigation_tree": lambda: _FURO_STOCK,
        "furo.navigation.get_navigation_tree": lambda: get_navigation_tree,
        "StandaloneHTMLBuilder._get_local_toctree": lambda: StandaloneHTMLBuilder._get_local_toctree,
        "StandaloneHTMLBuilder.get_relative_uri": lambda: StandaloneHTMLBuilder.get_relative_uri,
    },
    signatures={
        "furo._compute_navigation_tree": "(context)",
        "furo.navigation.get_navigation_tree": "(toctree_html)",
        "StandaloneHTMLBuilder._get_local_toctree": "(self, docname, collapse=True, **kwargs)",
        "StandaloneHTMLBuilder.get_relative_uri": "(self, from_, to, typ=None)",
    },
    callers={"furo._html_page_context": (lambda: furo._html_page_context, "_compute_navigation_tree")},
)
#: Sphinx versions whose toctree code the fast path copies the marking of.
SPHINX_SHAPE = Shape(
    package="sphinx",
    versions=">=8.2,<10",
    functions={"sphinx.environment.adapters.toctree._toctree_add_classes": lambda: _toctree_add_classes()},
)


def _toctree_add_classes() -> Any:
    from sphinx.environment.adapters import toctree

    return toctree._toctree_add_classes

#: Whether the fast path is on for the build of this process (set at setup).
_ACTIVE = {"on": False}

#: Pages per path of this process ("fast" / "fallback"); tests read it.
STATS: Counter[str] = Counter()

#: Basename of the docname rendered as the neutral tree of a folder (listed by no toctree).
NEUTRAL_NAME = "__cedocs-navigation-neutral__"

_CONTEXT_KEY = "_cedocs_navigation_tree"
_CACHE_ATTR = "_cedocs_navigation_cache"

_SPLIT = re.compile(r"(<[^>]*>)")
# A tag as BeautifulSoup serializes it: attributes sorted, double-quoted, void ones "/>".
_TAG = re.compile(r'<([a-zA-Z][^\s/>]*)((?:\s[^\s=/>]+="[^"]*")*)(/?)>')
_ATTR = re.compile(r'\s([^\s=/>]+)="([^"]*)"')


# ---------------------------------------------------------------------------- folder trees


@dataclass
class _Tag:
    """A start tag of the neutral tree: name, attributes in order, void or not."""

    name: str
    attrs: dict[str, str]
    void: bool

    def render(self) -> str:
        attrs = "".join(f' {key}="{value}"' for key, value in sorted(self.attrs.items()))
        return f"<{self.name}{attrs}{'/' if self.void else ''}>"


@dataclass
class _FolderTree:
    """The neutral tree of one output folder, split into tokens with parent links."""

    tokens: list[str]
    tags: dict[int, _Tag]  # token index -> start tag
    parent: dict[int, int]  # start-tag token index -> enclosing start-tag index (-1: top)
    links: dict[str, list[int]]  # unescaped href -> token indices of its <a> tags
    checkbox: dict[int, int]  # <li> token index -> its furo checkbox <input> index


def _split(neutral: str) -> _FolderTree | None:
    """Tokenize furo's rendering of the neutral tree; None if anything is unexpected."""
    tokens = _SPLIT.split(neutral)
    tags: dict[int, _Tag] = {}
    parent: dict[int, int] = {}
    links: dict[str, list[int]] = {}
    checkbox: dict[int, int] = {}
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if not token.startswith("<"):
            continue
        if token.startswith("</"):
            if not stack or tags[stack[-1]].name != token[2:-1]:
                return None
            stack.pop()
            continue
        match = _TAG.fullmatch(token)
        if match is None:
            return None
        tag = _Tag(match[1], dict(_ATTR.findall(match[2])), bool(match[3]))
        if tag.render() != token:  # we could not write this tag back byte for byte
            return None
        classes = tag.attrs.get("class", "").split()
        if "current" in classes or "current-page" in classes or "checked" in tag.attrs:
            return None  # the "neutral" docname was marked current after all
        tags[index] = tag
        parent[index] = stack[-1] if stack else -1
        if tag.name == "a" and "href" in tag.attrs:
            links.setdefault(html.unescape(tag.attrs["href"]), []).append(index)
        if tag.name == "input" and "toctree-checkbox" in classes and parent[index] >= 0:
            checkbox.setdefault(parent[index], index)
        if not tag.void:
            stack.append(index)
    if stack:
        return None
    return _FolderTree(tokens, tags, parent, links, checkbox)


def _mark_current(tree: _FolderTree, link: int) -> str | None:
    """The tree with ``link`` as the current page, as Sphinx and furo would mark it."""
    anchor = tree.tags[link]
    classes = anchor.attrs.get("class", "").split()
    if classes[-2:] != ["reference", "internal"] or tree.tags[tree.parent[link]].name != "li":
        return None
    # Sphinx's own link to the page it renders is "" (written as "#"); docutils puts the
    # node's classes ("current") before the translator's "reference internal".
    marked = " ".join([*classes[:-2], "current", *classes[-2:]])
    changed: dict[int, _Tag] = {link: _Tag("a", {**anchor.attrs, "class": marked, "href": "#"}, False)}
    # Sphinx's _toctree_add_classes appends "current" to every ancestor of the reference;
    # furo then appends "has-children" (items with a sub-list) and checks their checkbox.
    own_item = True
    ancestor = tree.parent[link]
    while ancestor >= 0:
        tag = tree.tags[ancestor]
        if tag.name not in {"li", "ul"}:
            return None
        classes = tag.attrs.get("class", "").split()
        if tag.name == "li":
            if ancestor in tree.checkbox:
                if classes[-1:] != ["has-children"]:
                    return None
                classes = [*classes[:-1], "current", "has-children"]
                box = tree.tags[tree.checkbox[ancestor]]
                changed[tree.checkbox[ancestor]] = _Tag(box.name, {**box.attrs, "checked": ""}, box.void)
            else:
                classes = [*classes, "current"]
            if own_item:  # furo's "current-page": the last (deepest) current item
                classes.append("current-page")
                own_item = False
        else:
            classes.append("current")
        changed[ancestor] = _Tag(tag.name, {**tag.attrs, "class": " ".join(classes)}, tag.void)
        ancestor = tree.parent[ancestor]
    tokens = list(tree.tokens)
    for index, tag in changed.items():
        tokens[index] = tag.render()
    return "".join(tokens)


# ---------------------------------------------------------------------------- per build


@dataclass
class _BuildCache:
    """What one build shares between its pages (each parallel writer has its own copy)."""

    parent_doc: dict[str, str]
    irregular: set[str]  # docs whose toc Sphinx copies differently for toctree ancestors
    folders: dict[str, _FolderTree | None] = field(default_factory=dict)

    @classmethod
    def of(cls, env: BuildEnvironment) -> _BuildCache:
        parent_doc: dict[str, str] = {}
        for doc, children in env.toctree_includes.items():
            parent_doc |= dict.fromkeys(children, doc)
        irregular = {doc for doc, meta in env.metadata.items() if "tocdepth" in meta}
        irregular |= {doc for doc, toc in env.tocs.items() if next(toc.findall(addnodes.only), None)}
        return cls(parent_doc, irregular)

    def toctree_ancestors(self, docname: str) -> list[str]:
        """Same walk as sphinx.environment.adapters.toctree._get_toctree_ancestors."""
        ancestors: list[str] = []
        doc = docname
        while doc in self.parent_doc and doc not in ancestors:
            ancestors.append(doc)
            doc = self.parent_doc[doc]
        return ancestors


def _cache(builder: StandaloneHTMLBuilder) -> _BuildCache:
    cache = getattr(builder, _CACHE_ATTR, None)
    if cache is None:
        cache = _BuildCache.of(builder.env)
        setattr(builder, _CACHE_ATTR, cache)
    return cache


def _folder_tree(builder: StandaloneHTMLBuilder, cache: _BuildCache, folder: str) -> _FolderTree | None:
    if folder not in cache.folders:
        neutral = posixpath.join(folder, NEUTRAL_NAME)
        tree = None
        if neutral not in builder.env.all_docs:
            tree = _rebased(builder, cache, folder) if folder else None
            if tree is None:
                tree = _neutral_tree(builder, neutral)
        cache.folders[folder] = tree
    return cache.folders[folder]


def _neutral_tree(builder: StandaloneHTMLBuilder, neutral: str) -> _FolderTree | None:
    """Sphinx's global toctree for the unlisted docname ``neutral``, as furo renders it."""
    rendered = builder._get_local_toctree(neutral, collapse=False, titles_only=True, maxdepth=-1, includehidden=True)
    return _split(get_navigation_tree(rendered)) if rendered else None


#: Attributes that would hold a URL relative to the folder (an image in a title, say).
_URL_ATTRS = frozenset({"src", "srcset", "action", "formaction", "data", "poster", "cite", "background", "xlink:href"})


def _rebased(builder: StandaloneHTMLBuilder, cache: _BuildCache, folder: str) -> _FolderTree | None:
    """The neutral tree of ``folder`` from the site root's, or None (then it is computed).

    Sphinx resolves the global toctree the same way for every unlisted docname: the
    trees of two folders differ only in the links to pages, each
    ``relative_uri(<the docname's page>, <the target's page>) + <anchor>``; links to
    URLs (``url_re``) stay as written. At the root, ``relative_uri`` returns the target's
    page itself, so each page link of another folder is that same function applied to the
    root's link. Resolving the whole toctree (a deep copy of every page's table of
    contents) is then done once per build instead of once per folder. Any tag this rule
    does not cover (a link that is not a page link or a URL, an escaped character, a URL
    attribute other than a link's) means the folder's tree is computed as before.
    """
    from sphinx.environment.adapters.toctree import url_re
    from sphinx.util.osutil import relative_uri

    root = _folder_tree(builder, cache, "")
    if root is None:
        return None
    base = builder.get_target_uri(posixpath.join(folder, NEUTRAL_NAME))
    tokens = list(root.tokens)
    for index, tag in root.tags.items():
        if _URL_ATTRS.intersection(tag.attrs):
            return None
        href = tag.attrs.get("href")
        if href is None:
            continue
        if tag.name != "a":
            if not href.startswith("#"):  # furo's icons: <use href="#svg-...">
                return None
            continue
        if url_re.match(href):
            continue  # a URL entry of a toctree: Sphinx leaves it as written
        path, hash_, anchor = href.partition("#")
        if not path or any(c in href for c in "&<>\"") or "reference" not in tag.attrs.get("class", "").split():
            return None
        tokens[index] = _Tag(tag.name, {**tag.attrs, "href": relative_uri(base, path) + hash_ + anchor}, tag.void).render()
    return _split("".join(tokens))


def _fast_navigation(builder: StandaloneHTMLBuilder, pagename: str) -> str | None:
    """The page's sidebar tree from its folder's neutral tree; None: not the simple case."""
    cache = _cache(builder)
    if cache.irregular.intersection(cache.toctree_ancestors(pagename)):
        return None
    folder = posixpath.dirname(pagename)
    tree = _folder_tree(builder, cache, folder)
    if tree is None:
        return None
    href = builder.get_relative_uri(posixpath.join(folder, NEUTRAL_NAME), pagename)
    links = tree.links.get(href, [])
    if any(other.startswith(f"{href}#") for other in tree.links):
        return None
    if not links and not cache.toctree_ancestors(pagename):
        # No toctree lists the page (the root, an orphan, the generated index and search
        # pages): Sphinx resolves its tree as the neutral docname's (no ancestors) and no
        # link in it is the page, so nothing is marked: the folder's tree as it is.
        return "".join(tree.tokens)
    if len(links) != 1:
        return None
    return _mark_current(tree, links[0])


# ---------------------------------------------------------------------------- books


def book_navigation(builder: StandaloneHTMLBuilder, pagename: str, book: str) -> str:
    """The sidebar tree of a page of ``book``: its root's toctrees, as furo renders trees."""
    from sphinx.environment.adapters.toctree import TocTree

    env = builder.env
    root = books.root_of(book)
    if root not in env.all_docs:
        return ""
    resolved = [
        TocTree(env).resolve(
            pagename, builder, node, prune=True, maxdepth=0, titles_only=True, collapse=False, includehidden=True
        )
        for node in env.get_doctree(root).findall(addnodes.toctree)
    ]
    trees = [tree for tree in resolved if tree is not None]
    if not trees:
        return ""
    tree = trees[0]
    for other in trees[1:]:
        tree.extend(other.children)
    return get_navigation_tree(builder.render_partial(tree)["fragment"])


def _book_metadata(app: Sphinx, doctree: nodes.document) -> None:
    """Book pages stay out of Sphinx's search index; a book's root needs no customer toctree."""
    docname = app.env.docname
    book = books.book_of(docname, app.config)
    if book is None:
        return
    metadata = app.env.metadata[docname]
    metadata.setdefault("nosearch", True)
    if docname == books.root_of(book):
        metadata.setdefault("orphan", True)


def _book_tree(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """After furo's handler: a book page's sidebar is the book's tree."""
    book = books.book_of(pagename, app.config)
    if book is not None and isinstance(app.builder, StandaloneHTMLBuilder) and "furo_navigation_tree" in context:
        context["furo_navigation_tree"] = context.pop("_cedocs_book_tree", None) or book_navigation(app.builder, pagename, book)


# ---------------------------------------------------------------------------- handlers


def _compute_navigation_tree(context: dict[str, Any]) -> str:
    """Stands in for furo's function of that name (looked up when each page renders)."""
    fast = context.pop(_CONTEXT_KEY, None)
    if fast is not None:
        result = fast()
        if result is not None:
            STATS["fast"] += 1
            return result
        STATS["fallback"] += 1
    return _FURO_STOCK(context)


def _check_config(app: Sphinx, config: Config) -> None:
    if not isinstance(config.cedocs_fast_navigation, bool):
        raise ConfigError(f"cedocs_fast_navigation must be True or False, got {config.cedocs_fast_navigation!r}")


def _reset_cache(app: Sphinx, env: BuildEnvironment) -> None:
    # The toctree may have changed since the last build of this application.
    if app.builder is not None and hasattr(app.builder, _CACHE_ATTR):
        delattr(app.builder, _CACHE_ATTR)


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    builder = app.builder
    book = books.book_of(pagename, app.config)
    if book is not None and isinstance(builder, StandaloneHTMLBuilder):
        # The book's tree, for furo (through the fast path) and for _book_tree after it.
        tree = context["_cedocs_book_tree"] = book_navigation(builder, pagename, book)
        if app.config.cedocs_fast_navigation and _ACTIVE["on"]:
            context[_CONTEXT_KEY] = lambda: tree
        return
    if (
        app.config.cedocs_fast_navigation
        and _ACTIVE["on"]
        and "toctree" in context
        and type(builder) is StandaloneHTMLBuilder
        and builder.name == "html"
    ):
        # Computed only if furo asks for the tree, right after this handler.
        context[_CONTEXT_KEY] = partial(_fast_navigation, builder, pagename)


def check_shape() -> str | None:
    """Why the fast path cannot be used with the installed furo and Sphinx, or None."""
    return SHAPE.problem() or SPHINX_SHAPE.problem()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cedocs_fast_navigation", True, "", types=frozenset({bool}))
    problem = check_shape()
    _ACTIVE["on"] = problem is None
    if problem is not None:
        logger.info("cedocs: fast sidebar navigation off, furo computes every sidebar: %s", problem)
    elif furo._compute_navigation_tree is not _compute_navigation_tree:
        furo._compute_navigation_tree = _compute_navigation_tree
    app.connect("config-inited", _check_config)
    app.connect("env-updated", _reset_cache)
    app.connect("html-page-context", _page_context, priority=400)  # before furo's (500)
    app.connect("html-page-context", _book_tree, priority=550)  # after furo's
    app.connect("doctree-read", _book_metadata, priority=600)  # after Sphinx's metadata collector
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
