"""Translated manuals: fast re-parsing of msgstr, term references, a coverage banner.

Fast re-parse (two speed-ups, each checked against the upstream shape it relies on)
    Sphinx's ``Locale`` transform re-parses every translated message
    (``sphinx.transforms.i18n._publish_msgstr``). For each one myst-parser builds a new
    markdown-it parser with all its plugins (``create_md_parser``) and a renderer whose
    ``setup_render`` evaluates ``make_document()`` as an eager default argument: a
    throw-away document with fresh docutils default settings, i.e. a whole
    ``OptionParser``. Together that is most of the time of a Slovak build.

    *MyST* (:class:`FastMystParser`): one markdown-it parser per ``MdParserConfig``
    object (the build's global config; documents with their own front matter take the
    stock path) and, while it renders, ``make_document`` reuses the parser class' default
    settings instead of rebuilding them.

    *Sphinx* (:func:`_publish_msgstr`): a message that is plain text (no character any
    markdown-it or MyST rule reacts to) becomes the paragraph the parser would have
    built, without parsing.

    Each speed-up replaces a private upstream function, so :func:`setup` first checks
    that the function is there with the signature and in the version range it was
    written for (:data:`MYST_SHAPE`, :data:`SPHINX_SHAPE`); otherwise that speed-up stays
    off and the build takes the stock path, with one log line (information, not a
    warning: a strict build goes on). ``cedocs_fast_i18n = False`` selects the stock path
    on purpose (the benchmark's stock side; tests compare both, byte for byte).

Term references
    Sphinx 9 compares the targets of the references in a translation with the English
    ones (``i18n.inconsistent_references``). Its convention for glossary references is to
    translate the text and keep the English term as target: ``{term}`nájomcu <tenant>```
    for ``{term}`tenant```. Catalogs written for Sphinx 8 (those of released versions,
    pinned to commits) name the term as the Slovak glossary does: ``{term}`nájomcu
    <nájomca>```. Both identify the same glossary entry, because the glossary's own
    catalog translates the term ``tenant`` as ``nájomca`` and Sphinx registers that name
    for the entry. :func:`_name_terms_in_english` writes such a reference with the
    English target before Sphinx compares them, so the build accepts it; a target naming
    another entry, or no entry, still fails the strict build. (Upstream, Sphinx PR
    sphinx-doc/sphinx#14357 would compare glossary references by entry.)

Coverage banner
    After ``Locale`` has run, a page of a translated build whose messages are not all
    translated gets an admonition (class ``cedocs-i18n-coverage``) at the top, in the
    page's language, linking to the same page of the English manual. Two cases read
    differently: where the English of the page changed after it was translated (its
    catalog holds the old translation as a *fuzzy* entry, which the build leaves out),
    the banner says the translation is out of date and that the changed parts are shown in
    English (class ``cedocs-i18n-outdated``); otherwise, that part of the page is not
    translated yet. It is computed when the page is read; Sphinx makes every page depend
    on its compiled catalog, and this check on the ``.po`` itself, so editing one ``.po``
    re-reads exactly that page and the banner follows. Per-page numbers are kept in the
    ``cedocs-i18n`` domain and exposed to templates as ``cedocs_translation_progress``.

    Texts of data files shown on a page (translated in their own catalogs, see
    :mod:`cloudempiere_docs.toolkit.text`) count too: a page showing an untranslated
    defect gets the banner.

Catalog checks
    Before a translated build reads its pages, every catalog of its language (the pages'
    and the data files' catalogs in ``locale_dirs`` and the interface catalog) is checked
    as ``make test`` checks it (:func:`cloudempiere_docs.i18n.checks.check_catalog`:
    ``msgfmt -c``, roles, link targets, inline code and placeholders kept; for catalogs
    that have data catalogs also references after prepositions). Each problem is a
    ``cedocs.i18n`` warning at the catalog's file and line, so the strict build of every
    version refuses a broken translation. Results are kept per catalog (modification time
    and size) in the environment, so an unchanged catalog is not checked again, but its
    problems are reported again on every build until it is fixed.

Interface strings come from the one catalog of :mod:`cloudempiere_docs.locale_strings`.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor
import contextvars
import enum
import gettext
import logging as std_logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.frontend import Values, get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import new_document
from markdown_it import MarkdownIt
from myst_parser.config.main import MdParserConfig, TopmatterReadError, read_topmatter
from myst_parser.mdit_to_docutils import base as myst_base
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers import mdit as myst_mdit
from myst_parser.parsers.sphinx_ import MystParser
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import MessageCatalogBuilder
from sphinx.config import Config
from sphinx.domains import Domain
from sphinx.errors import ConfigError
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.transforms import i18n as sphinx_i18n
from sphinx.util import get_filetype, logging
from sphinx.util.logging import MemoryHandler
from sphinx.util.i18n import CatalogRepository, docname_to_domain
from sphinx.util import nodes as sphinx_nodes
from sphinx.util.nodes import extract_messages

from cloudempiere_docs import locale_strings
from cloudempiere_docs.diagnostics import warn
from cloudempiere_docs.i18n.catalogs import read_catalog
from cloudempiere_docs.i18n.checks import check_catalog, run_msgfmt
from cloudempiere_docs.i18n.inflection import Titles
from cloudempiere_docs.locale_strings import _
from cloudempiere_docs.ext.upstream import Shape
from cloudempiere_docs.urls import version_slug

logger = logging.getLogger(__name__)

#: The language the manual is written in; other languages are translations of it.
SOURCE_LANGUAGE = "en"
BANNER_CLASS = "cedocs-i18n-coverage"
OUTDATED_CLASS = "cedocs-i18n-outdated"

# ------------------------------------------------------------------------ upstream shapes


#: myst-parser functions replaced or called by the MyST speed-up.
MYST_SHAPE = Shape(
    package="myst-parser",
    versions=">=4.0,<6",
    functions={
        "myst_parser.mdit_to_docutils.base.make_document": lambda: myst_base.__dict__["make_document"],
        "myst_parser.parsers.mdit.create_md_parser": lambda: myst_mdit.create_md_parser,
        "myst_parser.mdit_to_docutils.sphinx_.SphinxRenderer.setup_render": lambda: SphinxRenderer.setup_render,
        "myst_parser.parsers.sphinx_.MystParser.parse": lambda: MystParser.parse,
    },
    signatures={
        "myst_parser.mdit_to_docutils.base.make_document": "(source_path='notset', parser_cls=<class 'docutils.parsers.rst.Parser'>)",
        "myst_parser.parsers.mdit.create_md_parser": "(config, renderer)",
        "myst_parser.mdit_to_docutils.sphinx_.SphinxRenderer.setup_render": "(self, options, env)",
        "myst_parser.parsers.sphinx_.MystParser.parse": "(self, inputstring, document)",
    },
    callers={"DocutilsRenderer.setup_render": (lambda: myst_base.DocutilsRenderer.setup_render, "make_document")},
)

#: Sphinx's function the plain-text shortcut stands in for.
SPHINX_SHAPE = Shape(
    package="sphinx",
    versions=">=9.0,<10",
    functions={"sphinx.transforms.i18n._publish_msgstr": lambda: _STOCK["publish"]},
    signatures={
        "sphinx.transforms.i18n._publish_msgstr": "(source, source_path, source_line, *, config, env, registry, settings)",
    },
    callers={"sphinx.transforms.i18n.Locale.apply": (lambda: sphinx_i18n.Locale.apply, "_publish_msgstr")},
)

#: Sphinx's method the term-reference adapter runs before.
TERMS_SHAPE = Shape(
    package="sphinx",
    versions=">=9.0,<10",
    functions={
        "sphinx.transforms.i18n._NodeUpdater.update_pending_xrefs": lambda: _STOCK["xrefs"],
        "sphinx.transforms.i18n._NodeUpdater": lambda: sphinx_i18n._NodeUpdater,
    },
    signatures={
        "sphinx.transforms.i18n._NodeUpdater.update_pending_xrefs": "(self)",
        "sphinx.transforms.i18n._NodeUpdater": "(node, patch, document, noqa)",
    },
    callers={"sphinx.transforms.i18n.Locale.apply": (lambda: sphinx_i18n.Locale.apply, "update_pending_xrefs")},
)

#: Sphinx's method the title-renaming shortcut wraps, and what it relies on: the method
#: finds the targets to rename with ``NodeMatcher(...).findall(self.document)``, which
#: calls ``document.findall``.
TITLES_SHAPE = Shape(
    package="sphinx",
    versions=">=9.0,<10",
    functions={
        "sphinx.transforms.i18n._NodeUpdater.update_title_mapping": lambda: _STOCK["titles"],
        "sphinx.util.nodes.NodeMatcher.findall": lambda: sphinx_nodes.NodeMatcher.findall,
    },
    signatures={
        "sphinx.transforms.i18n._NodeUpdater.update_title_mapping": "(self)",
        "sphinx.util.nodes.NodeMatcher.findall": "(self, node)",
    },
    callers={
        "sphinx.transforms.i18n.Locale.apply": (lambda: sphinx_i18n.Locale.apply, "update_title_mapping"),
        "sphinx.transforms.i18n._NodeUpdater.update_title_mapping": (lambda: _STOCK["titles"], "NodeMatcher"),
        "sphinx.util.nodes.NodeMatcher.findall": (lambda: sphinx_nodes.NodeMatcher.findall, "findall"),
    },
)

# --------------------------------------------------------------------------- fast parse


class _Mode(enum.Enum):
    STOCK = 0  # not inside a fast render
    RENDER = 1  # inside FastMystParser: default settings may be reused
    SETUP_RENDER = 2  # inside setup_render: the default document is discarded


_FAST_MODE: contextvars.ContextVar[_Mode] = contextvars.ContextVar("cedocs_fast_mode", default=_Mode.STOCK)
_PLACEHOLDER: nodes.document | None = None
_DEFAULT_SETTINGS: dict[type, Values] = {}
#: The stock functions this module stands in for, as found before ours replaced them.
_STOCK: dict[str, Any] = {}
_STOCK_MAKE_DOCUMENT: Callable[..., nodes.document] = myst_base.make_document


def _make_document(source_path: str = "notset", parser_cls: type = RSTParser) -> nodes.document:
    """``myst_parser``'s ``make_document``, cheap while :class:`FastMystParser` renders.

    Outside a fast render this is the stock function. Inside ``setup_render`` its result
    is an unused default (the real document is passed in the options), so a placeholder
    built once is returned; elsewhere (``eval-rst``) the settings are replaced right after,
    so a shallow copy of the default settings, built once per parser class, is enough.
    """
    mode = _FAST_MODE.get()
    if mode is _Mode.STOCK:
        return _STOCK_MAKE_DOCUMENT(source_path, parser_cls)
    if mode is _Mode.SETUP_RENDER:
        global _PLACEHOLDER
        if _PLACEHOLDER is None:
            _PLACEHOLDER = _STOCK_MAKE_DOCUMENT()
        return _PLACEHOLDER
    defaults = _DEFAULT_SETTINGS.get(parser_cls)
    if defaults is None:
        defaults = _DEFAULT_SETTINGS[parser_cls] = get_default_settings(parser_cls)
    return new_document(source_path, settings=defaults.copy())


class _FastRenderer(SphinxRenderer):
    """Marks ``setup_render`` so the throw-away default document is not built."""

    def setup_render(self, options: dict[str, Any], env: Any) -> None:
        if "document" not in options:  # never on our path; keep stock behaviour anyway
            return super().setup_render(options, env)
        token = _FAST_MODE.set(_Mode.SETUP_RENDER)
        try:
            super().setup_render(options, env)
        finally:
            _FAST_MODE.reset(token)
        return None


class _CachedParser:
    __slots__ = ("config", "md", "busy")

    def __init__(self, config: MdParserConfig) -> None:
        self.config = config  # held so its id() cannot be reused by another object
        self.md: MarkdownIt = myst_mdit.create_md_parser(config, _FastRenderer)
        self.busy = False


#: One markdown-it parser per MdParserConfig object (per process: forked workers copy it).
_PARSERS: dict[int, _CachedParser] = {}
_MAX_PARSERS = 8


@contextlib.contextmanager
def _markdown_parser(config: MdParserConfig) -> Iterator[MarkdownIt]:
    entry = _PARSERS.get(id(config))
    if entry is None or entry.config is not config:
        if len(_PARSERS) >= _MAX_PARSERS:  # configs of finished builds
            _PARSERS.clear()
        entry = _PARSERS[id(config)] = _CachedParser(config)
    if entry.busy:  # re-entered from a directive while rendering: use a private parser
        yield myst_mdit.create_md_parser(config, _FastRenderer)
        return
    entry.busy = True
    try:
        yield entry.md
    finally:
        entry.md.options.pop("document", None)  # do not keep the last doctree alive
        entry.busy = False


def _fast(document: nodes.document, speedup: str) -> bool:
    """Whether ``speedup`` ("myst" or "sphinx") runs for the build ``document`` belongs to."""
    env = getattr(document.settings, "env", None)
    # The replaced upstream functions are process-wide: a build of another application in
    # the same process that does not load this extension has no such setting: stock path.
    return bool(env is not None and getattr(env.config, "cedocs_fast_i18n", False) and _ACTIVE.get(speedup))


class FastMystParser(MystParser):
    """MyST's Sphinx parser reusing its markdown-it parser and docutils defaults."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        if not _fast(document, "myst"):
            return super().parse(inputstring, document)
        try:
            topmatter = read_topmatter(inputstring)
        except TopmatterReadError:
            topmatter = None  # reported by the renderer, as on the stock path
        if topmatter:  # a file-level configuration makes a new config object
            return super().parse(inputstring, document)
        config: MdParserConfig = document.settings.env.myst_config
        with _markdown_parser(config) as md:
            md.options["document"] = document
            token = _FAST_MODE.set(_Mode.RENDER)
            try:
                md.render(inputstring)
            finally:
                _FAST_MODE.reset(token)
        return None


#: A message MyST would turn into one paragraph holding exactly this text: letters,
#: digits, single-line, no character any markdown-it or MyST rule reacts to, starting
#: with a letter (no list, heading, table, fence, field list or indented code) and not
#: ending in white space (stripped) or a colon (``::`` starts a literal block).
_PLAIN_TEXT = re.compile(r"[^\W\d_](?:[^\W_]|[ \u00a0.,;:?!'\"()/%’‘“”„–—…-])*(?<![\s:])")
#: MyST extensions under which plain text still renders as itself (no typographer).
_PLAIN_SAFE_EXTENSIONS = frozenset({"colon_fence", "deflist", "fieldlist", "attrs_block", "tasklist"})


def _publish_msgstr(
    source: str, source_path: str, source_line: int, *, config: Config, env: Any, registry: Any, settings: Values
) -> nodes.Element:
    """Sphinx's ``_publish_msgstr``, skipping the parser for messages that are plain text,
    and parsing each message once where Sphinx parses it twice.

    Plain text: the stock function would parse the message into ``document[0]``, a
    paragraph holding one Text node; this builds the same nodes, with the same source
    and line.

    Once: ``Locale.apply`` publishes every translated message in its first phase (to
    rename translated section titles) and throws the result away for all but titles and
    glossary terms, then publishes the same message again in its second phase. The
    first result is kept (:class:`_Published`) and handed to the second request for the
    same text at the same place, as long as nobody has used it.
    """
    fast = getattr(config, "cedocs_fast_i18n", False) and _ACTIVE.get("sphinx")
    if not fast:
        return _STOCK["publish"](
            source, source_path, source_line, config=config, env=env, registry=registry, settings=settings
        )
    _PUBLISHED.enter(source_path)
    if _PLAIN_TEXT.fullmatch(source):
        myst_config = getattr(env, "myst_config", None)
        filetype = get_filetype(config.source_suffix, source_path)
        if (
            myst_config is not None
            and set(myst_config.enable_extensions) <= _PLAIN_SAFE_EXTENSIONS
            and issubclass(registry.get_source_parser(filetype), FastMystParser)
        ):
            where = f"{source_path}:{source_line}:<translated>"
            text = nodes.Text(source)
            text.source, text.line = where, 1
            paragraph = nodes.paragraph(source, "", text)
            paragraph.source, paragraph.line = where, 1
            return paragraph
    return _PUBLISHED.publish(source, source_path, source_line, config=config, env=env, registry=registry, settings=settings)


class _Published:
    """Messages of the page being read, as published, until the second request for them.

    A kept result is handed out only if it is as a new parse would make it:

    - it is untouched (its parent is still the message's document; each child still
      has it as parent: ``update_leaves`` moves the children of a result it uses into
      the page);
    - its parse was free of side effects a second parse would repeat: it logged no
      warning (a second parse would log it again) and drew no serial number from the
      environment (``{index}``, numbered equations: a second parse would draw the next
      one). When either cannot be told, the result is not kept.

    Key: text, file and line (two table cells of one row with the same text share it:
    either result serves either cell). Everything is dropped when another page starts
    and when a page has been read.
    """

    def __init__(self) -> None:
        self.page: str | None = None
        self.kept: dict[tuple[str, int, str], list[nodes.Element]] = {}
        #: Whether a message published for the page holds a target with a ``refname``.
        self.refname_in_messages = False
        #: Whether the page held one when its first title was renamed (None: not looked).
        self.refname_in_page: bool | None = None

    def clear(self) -> None:
        self.page = None
        self.kept.clear()
        self.refname_in_messages = False
        self.refname_in_page = None

    def enter(self, page: str) -> None:
        if page != self.page:
            self.clear()
            self.page = page

    def publish(self, source: str, source_path: str, source_line: int, **kwargs: Any) -> nodes.Element:
        self.enter(source_path)
        key = (source_path, source_line, source)
        waiting = self.kept.get(key)
        while waiting:
            patch = waiting.pop()
            if _untouched(patch):
                return patch
        before = _side_effects(kwargs["env"])
        patch = _STOCK["publish"](source, source_path, source_line, **kwargs)
        if not self.refname_in_messages and _has_refname_target(patch):
            self.refname_in_messages = True
        if before is not None and _untouched(patch) and _side_effects(kwargs["env"]) == before:
            self.kept.setdefault(key, []).append(patch)
        return patch


_PUBLISHED = _Published()


def _has_refname_target(root: nodes.Node) -> bool:
    return any("refname" in target for target in root.findall(nodes.target))


class _NoTargetsToRename:
    """The page as ``update_title_mapping`` sees it when no target can be renamed: its
    search for targets finds none; everything else is the page's."""

    __slots__ = ("_page",)

    def __init__(self, page: nodes.document) -> None:
        self._page = page

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)

    def findall(self, *args: Any, **kwargs: Any) -> Iterator[nodes.Node]:
        return iter(())


def _update_title_mapping(self: Any) -> bool:
    """Sphinx's ``_NodeUpdater.update_title_mapping``, without its search of the whole
    page when it cannot find anything.

    When a translated section title changes the section's name, Sphinx renames every
    target of the page whose ``refname`` is the old name, searching the whole page, once
    per title: a fifth of the Slovak overhead on long pages. Only targets that already
    have a ``refname`` can match, and only the page as parsed and the translated
    messages put targets into it; so when neither holds one (the page is looked at once,
    each message as it is published), the search is skipped and the rest of the method
    runs as it is. Otherwise the stock method runs.
    """
    document = self.document
    state = _PUBLISHED
    if not (_ACTIVE.get("titles") and _fast(document, "sphinx")) or state.page != document.get("source"):
        return _STOCK["titles"](self)
    if state.refname_in_page is None:
        state.refname_in_page = _has_refname_target(document)
    if state.refname_in_page or state.refname_in_messages:
        return _STOCK["titles"](self)
    self.document = _NoTargetsToRename(document)
    try:
        return _STOCK["titles"](self)
    finally:
        self.document = document


def _untouched(patch: nodes.Node) -> bool:
    return (
        isinstance(patch, nodes.Element)
        and (patch.parent is None or isinstance(patch.parent, nodes.document))  # the message's own
        and all(child.parent is patch for child in patch.children)
    )


def _side_effects(env: Any) -> tuple[int, tuple[tuple[str, int], ...]] | None:
    """Warnings buffered so far and serial numbers drawn so far on this page, or None
    when either cannot be told (then a result is not kept)."""
    serials = getattr(getattr(env, "current_document", None), "_serial_numbers", None)
    if not isinstance(serials, dict):
        return None
    buffers = [h for h in std_logging.getLogger("sphinx").handlers if isinstance(h, MemoryHandler)]
    if not buffers:  # warnings go straight out: they cannot be counted
        return None
    return sum(len(h.buffer) for h in buffers), tuple(sorted(serials.items()))


# ----------------------------------------------------------- message documents, detached


def _detach_message_documents(app: Sphinx, doctree: nodes.document) -> None:
    """Let the nodes of translated messages belong to the page, not to their message.

    Sphinx parses each translated message into a document of its own and moves the
    nodes into the page; docutils sets the new parent of the top node only, so every
    node below it keeps its ``document`` pointing at the message's document, whose
    settings hold the whole build environment. Pickled with the page, that is the
    environment again for every message: Slovak doctrees were 7x the English ones and
    a third of the Slovak overhead went to pickling, unpickling and hashing them. Run
    last before the doctree is pickled (``doctree-read``); a node without its own
    document finds the page's through its parent, as every English node does. Nothing
    rendered reads a message's document (proved by byte-identical sites).
    """
    _PUBLISHED.clear()
    if (app.config.language or SOURCE_LANGUAGE) == SOURCE_LANGUAGE:
        return  # nothing was translated
    for node in doctree.findall():
        owner = node.__dict__.get("_document")
        if owner is not None and owner is not doctree:
            node._document = None


# ------------------------------------------------------------------------ term references


def _term_targets(root: nodes.Element) -> list[addnodes.pending_xref]:
    return [
        xref
        for xref in root.findall(addnodes.pending_xref)
        if (xref.get("refdomain"), xref.get("reftype")) == ("std", "term")
    ]


_TERM_NAMES: dict[tuple[Any, ...], dict[str, set[str]]] = {}


def term_names(env: Any) -> dict[str, set[str]]:
    """``{english (lower case): {names in the build language (lower case)}}`` from every
    compiled catalog of the build language: the names the translated glossary gives its
    terms (a glossary term is a message of its own in the glossary's catalog)."""
    config = env.config
    repo = CatalogRepository(env.srcdir, config.locale_dirs, config.language, config.source_encoding)
    catalogs = sorted(Path(c.mo_path) for c in repo.catalogs)
    key = tuple((str(p), p.stat().st_mtime_ns) for p in catalogs if p.exists())
    if key not in _TERM_NAMES:
        names: dict[str, set[str]] = {}
        for path, _mtime in key:
            with open(path, "rb") as handle:
                translations = gettext.GNUTranslations(handle)
            for msgid, msgstr in getattr(translations, "_catalog", {}).items():
                if isinstance(msgid, str) and msgid and msgstr and "\n" not in msgid:
                    names.setdefault(msgid.lower(), set()).add(msgstr.lower())
        _TERM_NAMES.clear()  # one build at a time per process
        _TERM_NAMES[key] = names
    return _TERM_NAMES[key]


def _name_terms_in_english(node: nodes.Element, patch: nodes.Element, document: nodes.document) -> None:
    """Give term references of a translation the English target they stand for.

    A translated reference keeps its target when it is one of the English message's
    (letter case aside); otherwise, if the translated glossary names exactly one of the
    English targets so, it gets that target. Anything else is left for Sphinx to report.
    """
    english = [xref["reftarget"] for xref in _term_targets(node)]
    translated = _term_targets(patch)
    if not english or not translated:
        return
    unmatched = list(english)
    pending = []
    for xref in translated:
        target = xref.get("reftarget", "")
        same = next((e for e in unmatched if e.lower() == target.lower()), None)
        if same is None:
            pending.append(xref)
            continue
        unmatched.remove(same)
        xref["reftarget"] = same
    if not pending:
        return
    names = term_names(document.settings.env)
    for xref in pending:
        target = xref["reftarget"].lower()
        candidates = [e for e in unmatched if target in names.get(e.lower(), ())]
        if len(set(candidates)) == 1:
            unmatched.remove(candidates[0])
            xref["reftarget"] = candidates[0]


def _update_pending_xrefs(self: Any) -> None:
    """Sphinx's ``_NodeUpdater.update_pending_xrefs`` after :func:`_name_terms_in_english`."""
    env = getattr(self.document.settings, "env", None)
    if env is not None and _ACTIVE.get("terms"):
        _name_terms_in_english(self.node, self.patch, self.document)
    return _STOCK["xrefs"](self)


# ------------------------------------------------------------------------ install, check

#: Which replacements are on for the build of this process (set by the latest setup:
#: Sphinx runs one application at a time in a process; parallel readers fork from it).
_ACTIVE: dict[str, bool] = {}


def _install_replacements() -> None:
    """Keep the stock functions and put ours in their place (once per process)."""
    stock = _STOCK
    current = getattr(sphinx_i18n, "_publish_msgstr", None)
    if current is not _publish_msgstr:
        stock["publish"] = current
    updater = getattr(sphinx_i18n, "_NodeUpdater", None)
    current = getattr(updater, "update_pending_xrefs", None)
    if updater is not None and current is not _update_pending_xrefs:
        stock["xrefs"] = current
    current = getattr(updater, "update_title_mapping", None)
    if updater is not None and current is not _update_title_mapping:
        stock["titles"] = current
    global _STOCK_MAKE_DOCUMENT
    if myst_base.__dict__.get("make_document") is not _make_document:
        _STOCK_MAKE_DOCUMENT = myst_base.__dict__.get("make_document")  # type: ignore[assignment]


def check_shapes() -> dict[str, str | None]:
    """``{speed-up or adapter: why it is off, or None}`` for the installed packages."""
    _install_replacements()
    return {
        "myst": MYST_SHAPE.problem(),
        "sphinx": SPHINX_SHAPE.problem(),
        "terms": TERMS_SHAPE.problem(),
        "titles": TITLES_SHAPE.problem(),
    }


_WHAT = {
    "myst": "fast MyST re-parse of translations",
    "sphinx": "plain-text shortcut for translations",
    "terms": "English targets for translated term references",
    "titles": "title renaming without searching pages that have no targets to rename",
}


def _activate(app: Sphinx) -> None:
    problems = check_shapes()
    active = {name: problem is None for name, problem in problems.items()}
    _ACTIVE.clear()
    _ACTIVE.update(active)
    for name, problem in problems.items():
        if problem is not None:
            logger.info("cedocs: %s off, stock path used instead: %s", _WHAT[name], problem)
    if active["myst"] and myst_base.__dict__.get("make_document") is not _make_document:
        myst_base.make_document = _make_document  # a no-op outside a fast render
    if active["sphinx"] and sphinx_i18n._publish_msgstr is not _publish_msgstr:
        sphinx_i18n._publish_msgstr = _publish_msgstr  # type: ignore[assignment]
    if active["titles"] and sphinx_i18n._NodeUpdater.update_title_mapping is not _update_title_mapping:
        sphinx_i18n._NodeUpdater.update_title_mapping = _update_title_mapping  # type: ignore[method-assign]
    if active["terms"] and sphinx_i18n._NodeUpdater.update_pending_xrefs is not _update_pending_xrefs:
        sphinx_i18n._NodeUpdater.update_pending_xrefs = _update_pending_xrefs  # type: ignore[method-assign]


# ------------------------------------------------------------------------------ domain


class I18nDomain(Domain):
    """Per-page translation progress of the current build: ``{docname: (translated, total)}``."""

    name = "cedocs-i18n"
    label = "Translation progress"
    #: progress: {docname: (translated, total)}; outdated: {docname: messages shown in
    #: English because their translation is fuzzy}; checked: {catalog path: (stamp, problems)}
    initial_data: dict[str, Any] = {"progress": {}, "outdated": {}, "checked": {}}
    #: The builder's page addresses (``get_target_uri``), for the banner's link to the
    #: English page; None in the gettext build (no banner, no coverage). Set when the
    #: builder is ready (``builder-inited``, which hands extensions the application):
    #: transforms have no public way to the builder in Sphinx 9 (``SphinxTransform.app``
    #: is deprecated). Not domain data: it is of this build only, never pickled.
    target_uri: Callable[[str], str] | None = None

    @property
    def progress(self) -> dict[str, tuple[int, int]]:
        return self.data.setdefault("progress", {})

    @property
    def outdated(self) -> dict[str, int]:
        return self.data.setdefault("outdated", {})

    def clear_doc(self, docname: str) -> None:
        self.progress.pop(docname, None)
        self.outdated.pop(docname, None)

    def merge_domaindata(self, docnames: list[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["progress"]:
                self.progress[docname] = otherdata["progress"][docname]
            if docname in otherdata.get("outdated", {}):
                self.outdated[docname] = otherdata["outdated"][docname]


# ------------------------------------------------------------------------------ banner


def _builder_inited(app: Sphinx) -> None:
    domain: I18nDomain = app.env.get_domain(I18nDomain.name)  # type: ignore[assignment]
    domain.target_uri = None if isinstance(app.builder, MessageCatalogBuilder) else app.builder.get_target_uri


def english_href(builder_uri: str, version: str) -> str:
    """Relative link from ``<lang>/<version>/<uri>`` to ``en/<version>/<uri>``."""
    depth = builder_uri.count("/") + 2  # the page's folders, then version and language
    return "../" * depth + f"{SOURCE_LANGUAGE}/{version}/{builder_uri}"


def coverage_banner(href: str, outdated: bool = False) -> nodes.admonition:
    """The banner in the current build language (no rawsource: it is not page text);
    ``outdated``: the English changed after the page was translated."""
    if outdated:
        title = str(_("Translation out of date"))
        text = str(
            _(
                "The English original of this page changed after it was translated. Until the"
                " translation is updated, the changed parts are shown in English."
            )
        )
        link = str(_("Read the current English page"))
    else:
        title = str(_("Translation in progress"))
        text = str(_("Part of this page is not translated yet and is shown in English."))
        link = str(_("Read this page in English"))
    paragraph = nodes.paragraph()
    paragraph += nodes.Text(text + " ")
    paragraph += nodes.reference("", link, refuri=href, internal=False)
    classes = [BANNER_CLASS, OUTDATED_CLASS] if outdated else [BANNER_CLASS]
    return nodes.admonition("", nodes.title(title, title), paragraph, classes=classes)


class TranslationCoverage(SphinxTransform):
    """Record how much of the page is translated; add the banner below 100 %."""

    default_priority = 26  # after Locale (20) and TranslationProgressTotaliser (25)

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language or SOURCE_LANGUAGE
        domain: I18nDomain = self.env.get_domain(I18nDomain.name)  # type: ignore[assignment]
        target_uri = domain.target_uri
        if language == SOURCE_LANGUAGE or target_uri is None:
            return
        progress = self.document.get("translation_progress")
        if progress is not None and progress["total"]:
            translated, total = progress["translated"], progress["total"]
            if translated < total:
                translated += self._identical_translations()
        else:  # no catalog for this page: Locale marked nothing, every message is English
            translated, total = 0, sum(1 for _node in extract_messages(self.document))
        data = self.env.domains.get("cedata")
        if data is not None:  # texts of data files shown here, translated in their own catalogs
            shown_translated, shown_total = data.texts_shown(self.env.docname)
            translated, total = translated + shown_translated, total + shown_total
        domain.progress[self.env.docname] = (translated, total)
        outdated = self._outdated_messages() if translated < total else 0
        if outdated:
            domain.outdated[self.env.docname] = outdated
        else:
            domain.outdated.pop(self.env.docname, None)
        if translated >= total or not self.config.cedocs_i18n_banner:
            return
        uri = target_uri(self.env.docname)
        banner = coverage_banner(english_href(uri, version_slug(self.config)), outdated=bool(outdated))
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is not None and section.children and isinstance(section[0], nodes.title):
            section.insert(1, banner)
        else:
            self.document.insert(0, banner)

    def _catalog_paths(self) -> list[Path]:
        textdomain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        return [
            path
            for d in self.config.locale_dirs
            if (path := Path(self.env.srcdir, d, self.config.language, "LC_MESSAGES", f"{textdomain}.po")).is_file()
        ]

    def _outdated_messages(self) -> int:
        """Messages of the page shown in English because their translation is fuzzy: the
        English changed after they were translated (``make i18n`` marks them so)."""
        fuzzy: set[str] = set()
        for path in self._catalog_paths():
            self.env.note_dependency(str(path))
            try:
                catalog = read_catalog(path)
            except Exception:  # noqa: BLE001 - a broken catalog is reported by the checks
                continue
            fuzzy.update(m.id for m in catalog if m.id and m.fuzzy and isinstance(m.id, str))
        if not fuzzy:
            return 0
        return sum(1 for node, msg in extract_messages(self.document) if node.get("translated") is False and msg in fuzzy)

    def _identical_translations(self) -> int:
        """Nodes Sphinx counts as untranslated although nothing is left to translate.

        A translator may keep a message as it is (a product name, "SLA", a link), and a
        toctree without a caption carries the ``translated`` flag with no message at all;
        neither should put the banner on a fully translated page.
        """
        textdomain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [str(Path(self.env.srcdir, d)) for d in self.config.locale_dirs]
        catalog, has_catalog = init_locale(dirs, self.config.language, textdomain)
        merged: dict[str, str] = {}
        while has_catalog and catalog is not None:
            merged = {**getattr(catalog, "_catalog", {}), **merged}
            catalog = getattr(catalog, "_fallback", None)
        translations = set(merged.values())
        count = sum(  # the caption is already replaced by its translation here
            1
            for node in self.document.findall(addnodes.toctree)
            if node.get("translated") is False and (not node.get("caption") or node["caption"] in translations)
        )
        count += sum(
            1
            for node, msg in extract_messages(self.document)
            if node.get("translated") is False and merged.get(msg) == msg
        )
        return count


# ---------------------------------------------------------------------------- handlers


def _catalogs_of_build(app: Sphinx, env: Any) -> list[Path]:
    config = app.config
    repo = CatalogRepository(env.srcdir, config.locale_dirs, config.language, config.source_encoding)
    paths = sorted(Path(catalog.po_path) for catalog in repo.catalogs)
    interface = locale_strings.catalog_path(config.language)
    return [*paths, interface] if interface.exists() else paths


def _shown(path: Path, srcdir: Path) -> str:
    """A catalog's path as writers see it: relative to the project (source/'s parent)."""
    try:
        return path.relative_to(srcdir.parent).as_posix()
    except ValueError:
        return str(path)


def _check_catalogs(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """Every catalog of a translated build: syntax and kept markup, located warnings."""
    language = app.config.language or SOURCE_LANGUAGE
    if language == SOURCE_LANGUAGE or isinstance(app.builder, MessageCatalogBuilder):
        return
    domain: I18nDomain = env.get_domain(I18nDomain.name)  # type: ignore[assignment]
    checked: dict[str, Any] = domain.data.setdefault("checked", {})
    srcdir = Path(env.srcdir).resolve()
    # Catalogs with data catalogs are the current generation: they are also held to the
    # inflection of references. Those of a released version (no data catalogs, built from
    # its commit as they were) cannot change and are only checked for what breaks a page.
    data = env.domains.get("cedata")
    current = data is not None and data.mode == "catalogs"
    titles = _titles(env, language) if current else None
    paths = _catalogs_of_build(app, env)
    stamps = {}
    for path in paths:
        stat = path.stat()
        stamps[path] = (stat.st_mtime_ns, stat.st_size)
    stale = [
        path for path in paths
        if (entry := checked.get(str(path))) is None or tuple(entry[0]) != stamps[path] or entry[2] != current
    ]  # fmt: skip
    # msgfmt runs for the stale catalogs in threads that wait for its processes, while
    # this thread reads and checks the catalogs one after the other: one msgfmt after
    # the other spent most of its time starting processes (a cold Slovak build checks
    # every catalog).
    with ThreadPoolExecutor(max_workers=max(1, min(4, len(stale)))) as pool:
        msgfmt_runs = {path: pool.submit(run_msgfmt, path, path.parent) for path in stale}
        for path in paths:
            shown = _shown(path.resolve(), srcdir)
            if path in msgfmt_runs:
                found = check_catalog(
                    path, shown, path.parent, language=language if current else None, titles=titles,
                    msgfmt_result=msgfmt_runs[path].result(),
                )  # fmt: skip
                checked[str(path)] = (stamps[path], [(p.line, p.message) for p in found], current)
            entry = checked[str(path)]
            for line, message in entry[1]:
                # "path:1" for the whole file: Sphinx reads a location without a line as a docname.
                warn(message, "i18n", location=f"{shown}:{line or 1}")


def _titles(env: Any, language: str) -> Titles:
    """Where the titles a reference shows come from, for the inflection suggestions."""
    config = env.config
    base = next((Path(env.srcdir, d) for d in config.locale_dirs if Path(env.srcdir, d, language).is_dir()), None)
    if base is None:
        return Titles(source=Path(env.srcdir), language=language)
    return Titles(base / SOURCE_LANGUAGE, base / language / "LC_MESSAGES", Path(env.srcdir), language)


def _check_config(app: Sphinx, config: Config) -> None:
    for name in ("cedocs_fast_i18n", "cedocs_i18n_banner"):
        if not isinstance(config[name], bool):
            raise ConfigError(f"{name} must be True or False, got {config[name]!r}")


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    domain: I18nDomain = app.env.get_domain(I18nDomain.name)  # type: ignore[assignment]
    translated, total = domain.progress.get(pagename, (0, 0))
    outdated = domain.outdated.get(pagename, 0)
    context["cedocs_translation_progress"] = {"translated": translated, "total": total, "outdated": outdated}


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.add_config_value("cedocs_fast_i18n", True, "", types=frozenset({bool}))
    app.add_config_value("cedocs_i18n_banner", True, "env", types=frozenset({bool}))
    app.add_source_parser(FastMystParser, override=True)
    _activate(app)
    app.add_domain(I18nDomain)
    app.add_transform(TranslationCoverage)
    app.connect("builder-inited", _builder_inited)
    locale_strings.register(app)
    app.connect("config-inited", _check_config)
    app.connect("env-before-read-docs", _check_catalogs)
    app.connect("doctree-read", _detach_message_documents, priority=900)
    app.connect("html-page-context", _page_context)
    return {"version": "3", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
