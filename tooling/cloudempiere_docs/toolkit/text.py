"""Text that comes from a data file, in the language of the build: the one way in.

A name, a description, a legal basis: whatever text of ``source/_data/*.yaml`` a page
shows goes through :func:`data_text` (inline, e.g. printed by a value role in a
sentence) or :func:`data_para` (a paragraph of a directive), so that where its
translation comes from is decided here and nowhere else.

Today a data text is translated in the catalog of the page that shows it:

- the gettext build marks it translatable with its source, so it is extracted into the
  page's template like any generated text;
- a paragraph (:func:`data_para`) is translated by Sphinx's ``Locale`` transform;
- an inline text is looked up in the page's catalog when it is created: Sphinx cannot
  translate an inline node on its own inside a paragraph that was itself translated
  (it would move the text to the end of the paragraph), so a value role inside a
  translated sentence gets its text already translated.

Per-file data catalogs (``locale/<lang>/LC_MESSAGES/_data/<kind>.po``) plug in here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.locale import init as init_locale
from sphinx.util.i18n import docname_to_domain

from cloudempiere_docs.toolkit.domain import DataDomain


def _translate(env: BuildEnvironment, text: str) -> str:
    """``text`` in the language of the build, from the catalog of the page being read."""
    language = env.config.language
    if not language or language == "en" or not env.docname:
        return text
    domain = docname_to_domain(env.docname, env.config.gettext_compact)
    dirs = [str(Path(env.srcdir, directory)) for directory in env.config.locale_dirs]
    catalog, has_catalog = init_locale(dirs, language, domain)
    if not has_catalog:
        return text
    translated = catalog.gettext(text)
    return translated or text


def data_text(env: BuildEnvironment, kind: str, text: str, *, location: Any = None, classes: tuple[str, ...] = ()) -> nodes.inline:
    """An inline node with ``text`` of the data file ``kind`` in the build's language.

    ``location`` (a node or ``(source, line)``) is where the gettext build says the
    message comes from."""
    DataDomain.of(env).use(kind)
    if DataDomain.of(env).data.get("all_editions"):  # the gettext build: extract it
        node = nodes.inline(text, text, classes=["cedocs-data-text", *classes], translatable=True)
        source, line = _where(location, env)
        node.source, node.line = source, line
        return node
    shown = _translate(env, text)
    return nodes.inline(shown, shown, classes=["cedocs-data-text", *classes])


def data_para(env: BuildEnvironment, kind: str, text: str, *, location: Any = None, classes: tuple[str, ...] = ()) -> nodes.paragraph:
    """A paragraph of ``text`` of the data file ``kind``, translated with the page."""
    DataDomain.of(env).use(kind)
    node = nodes.paragraph(text, text, classes=list(classes))
    node.source, node.line = _where(location, env)
    return node


def _where(location: Any, env: BuildEnvironment) -> tuple[str | None, int | None]:
    if isinstance(location, nodes.Node):
        return location.source, location.line
    if isinstance(location, tuple) and len(location) == 2:
        return location[0], location[1]
    return env.doc2path(env.docname) if env.docname else None, None
