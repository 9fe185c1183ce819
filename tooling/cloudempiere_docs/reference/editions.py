"""Edition-aware prose: text and pages that belong to some editions of the manual only.

One source tree writes the manual of every product version (see
:mod:`cloudempiere_docs.data.editions` for the conditions ``13``, ``from 13``,
``until 12``, ``from 12 until 13``):

- ``{edition} <condition>`` wraps a paragraph, a list item or whole sections (headings
  inside it become real sections). The HTML build of an edition keeps what applies and
  does not even parse the rest, so a role naming a setting of another version inside it
  is no error. An excluded list item leaves no empty bullet behind.
- ``editions: <condition>`` in a page's front matter keeps the page out of the other
  editions altogether: it is not read, not written, not in the navigation or the search
  index; toctree entries pointing at it are dropped, and a ``{doc}`` reference to it
  from text that is in the edition is a located ``cedocs.edition`` warning (a dangling
  link in that edition), which asks for an ``{edition}`` block around the reference.
- The gettext build (``make i18n``) takes every edition's text, so one catalog per page
  serves all editions.

Conditions are validated against ``versions.toml``: a version it does not list is a
located ``cedocs.edition`` warning where the condition is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.other import TocTree
from sphinx.environment import BuildEnvironment
from sphinx.project import Project
from sphinx.transforms import SphinxTransform
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import explicit_title_re, nested_parse_with_titles

from cloudempiere_docs.data import editions
from cloudempiere_docs.data.versioning import Version, parse_or_none
from cloudempiere_docs.diagnostics import warn
from cloudempiere_docs.toolkit.domain import DataDomain, registry_versions
from cloudempiere_docs.urls import version_slug

#: Where :func:`exclude_pages` keeps the pages it took out, for ``builder-inited``.
_OUTSIDE = "_cedocs_pages_outside_edition"


class edition_excluded(nodes.Invisible, nodes.Element):  # noqa: N801 (docutils node naming)
    """Where an ``{edition}`` block that does not apply was; removed after parsing."""


def _condition(directive: SphinxDirective, text: str) -> editions.Condition | None:
    known = DataDomain.of(directive.env).editions or None
    try:
        return editions.parse(text, known)
    except editions.ConditionError as err:
        warn(f"edition: {err}", "edition", location=directive.get_location())
        return None


class EditionDirective(SphinxDirective):
    """``{edition} from 13``: the content belongs to the editions the condition names."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        condition = _condition(self, self.arguments[0])
        domain = DataDomain.of(self.env)
        # The page depends on the editions the condition holds for, not on which is built.
        if condition is not None and not condition.applies(domain.edition_for(condition.applies)):
            marker = edition_excluded(condition=str(condition))
            self.set_source_info(marker)
            return [marker]
        if not self.content:
            warn("edition: give the text that belongs to these editions as the content", "edition", self.get_location())
            return []
        holder = nodes.Element()
        # Headings in the content become sections of the page, as if written outside.
        nested_parse_with_titles(self.state, self.content, holder, self.content_offset)
        return list(holder.children)


class RemoveExcluded(SphinxTransform):
    """Drop the markers of excluded blocks, and list items (and lists) left empty."""

    default_priority = 200  # after parsing; before Sphinx's toc and index collectors

    def apply(self, **kwargs: Any) -> None:
        for marker in list(self.document.findall(edition_excluded)):
            parent = marker.parent
            parent.remove(marker)
            while isinstance(parent, (nodes.list_item, nodes.bullet_list, nodes.enumerated_list)) and not parent.children:
                grand = parent.parent
                grand.remove(parent)
                parent = grand


class FrontMatterNotAMessage(SphinxTransform):
    """The ``editions:`` front matter is docinfo for Sphinx, and the translated build
    would count its name and condition as messages nobody translates (the page would
    get the "not fully translated" banner): they are no messages."""

    default_priority = 15  # before Locale (20)

    def apply(self, **kwargs: Any) -> None:
        # MyST renders front matter as a field list at the top of the document; docutils
        # turns it into docinfo only later (DocInfo, priority 340), after Locale.
        for holder in [c for c in self.document.children if isinstance(c, (nodes.field_list, nodes.docinfo))]:
            for field in holder.findall(nodes.field):
                if field.children and field[0].astext().strip() == editions.FRONT_MATTER_KEY:
                    for node in field.findall(nodes.TextElement):
                        node["translatable"] = False


# ------------------------------------------------------------------------------ pages


def _edition(config: Config) -> Version | None:
    return parse_or_none(version_slug(config))


def exclude_pages(app: Sphinx, config: Config) -> None:
    """``config-inited``: pages whose front matter names other editions are excluded
    from this build (before Sphinx discovers its documents). Done here, where the
    configuration is still being settled, so that an incremental build sees the same
    ``exclude_patterns`` each time; the gettext build puts them back (builder-inited)."""
    version = _edition(config)
    known = registry_versions(app) or None
    project = Project(app.srcdir, config.source_suffix)
    docnames = project.discover(config.exclude_patterns, config.include_patterns)
    outside: dict[str, str] = {}
    problems: list[tuple[str, int, str]] = []
    for docname in sorted(docnames):
        path = Path(project.doc2path(docname, absolute=True))
        page = editions.page_condition(path)
        if page is None:
            continue
        try:
            condition = editions.parse(page.text, known)
        except editions.ConditionError as err:
            problems.append((str(path), page.line, f"{editions.FRONT_MATTER_KEY}: {err}"))
            continue
        if not condition.applies(version):
            outside[docname] = str(condition)
    patterns = [str(project.doc2path(d, absolute=False)) for d in sorted(outside)]
    setattr(app, _OUTSIDE, (outside, problems, patterns))
    if patterns:
        config.exclude_patterns = [*config.exclude_patterns, *patterns]


def record_pages(app: Sphinx) -> None:
    """``builder-inited``: report wrong page conditions; keep which pages are outside
    this edition in the ``cedata`` Domain (toctrees and references ask it)."""
    outside, problems, patterns = getattr(app, _OUTSIDE, ({}, [], []))
    for path, line, message in problems:
        warn(message, "edition", location=f"{path}:{line}")  # a file, not a docname
    domain = DataDomain.of(app.env)
    if app.builder.name == "gettext" and outside:
        # Every edition's text goes into the catalogs: read the excluded pages too (the
        # builder finds the documents again when it starts reading).
        app.config.exclude_patterns = [p for p in app.config.exclude_patterns if p not in patterns]
        outside = {}
    domain.data["pages_outside"] = dict(outside)


def pages_outside(env: BuildEnvironment) -> dict[str, str]:
    """docname -> condition of the pages that are not part of this edition."""
    return DataDomain.of(env).data.get("pages_outside", {})


class EditionTocTree(TocTree):
    """Sphinx's toctree, leaving out the pages of other editions (no warning: the page
    says in its front matter which editions it belongs to)."""

    def parse_content(self, toctree: addnodes.toctree) -> None:
        outside = pages_outside(self.env)
        if outside:
            suffixes = tuple(self.config.source_suffix)
            kept = []
            for index, entry in enumerate(self.content.data):
                explicit = explicit_title_re.match(entry)
                ref = (explicit.group(2) if explicit else entry).strip()
                for suffix in suffixes:
                    ref = ref.removesuffix(suffix)
                if not (ref and docname_join(self.env.docname, ref) in outside):
                    kept.append(index)
            self.content.data[:] = [self.content.data[i] for i in kept]
            self.content.items[:] = [self.content.items[i] for i in kept]
        super().parse_content(toctree)


def missing_page(app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element) -> nodes.Element | None:
    """``missing-reference``: a ``{doc}`` to a page of other editions is a dangling link
    in this edition; say why, where, and what to do."""
    if node.get("refdomain") != "std" or node.get("reftype") != "doc":
        return None
    target = docname_join(node.get("refdoc", env.docname or ""), node["reftarget"])
    outside = pages_outside(env)
    if target not in outside:
        return None
    warn(
        f"reference to page {target!r}, which is only in editions {outside[target]!r}, not in edition "
        f"{version_slug(env.config)}: put the reference in an {{edition}} block with that condition",
        "edition",
        location=node,
    )
    return contnode


def setup(app: Sphinx) -> None:
    app.add_node(edition_excluded)
    app.add_directive("edition", EditionDirective)
    app.add_directive("toctree", EditionTocTree, override=True)
    app.add_transform(RemoveExcluded)
    app.add_transform(FrontMatterNotAMessage)
    # After Sphinx merges the source suffixes of the extensions (MyST's .md) at 800.
    app.connect("config-inited", exclude_pages, priority=900)
    app.connect("builder-inited", record_pages)
    app.connect("missing-reference", missing_page)
