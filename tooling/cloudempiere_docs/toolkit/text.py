"""Text that comes from a data file, in the language of the build: the one way in.

A name, a description, a legal basis, a defect's workaround: whatever text of
``source/_data/*.yaml`` a page shows is a :class:`~cloudempiere_docs.data.texts.DataText`
(data file, field path, English text) and reaches the page through this module, whether a
reference directive puts it in a table, a value role prints it in a sentence or a role
shows a window's name. It is translated here and nowhere else, once per language, from
the catalog of its data file (``locale/<lang>/LC_MESSAGES/_data/<file>.po``), so a defect
reads the same on its release page, on the known-issues page and in the Atom feed (which
quotes the pages).

How data text is translated depends on the build (:data:`MODES`, decided once per build
by the ``cedata`` Domain):

``source``
    The source language, and the gettext build. The text is shown as written and is *not*
    a message of the page (no ``source``, so Sphinx's gettext builder and ``Locale``
    transform skip it): its one message is in the data file's template.
``catalogs``
    A translated build whose language has data catalogs: the text is shown translated
    (English where its catalog has no translation yet), still not a page message, and the
    page counts it for its coverage banner.
``pages``
    A translated build whose language has no data catalog at all: catalogs written before
    data catalogs existed (those of a released version, built from its commit) translate
    data text in each page's catalog. Nodes are built exactly as then: translatable, with
    the English text as their source, so those versions keep their translations.

Text that a directive builds *around* a data text ("System Configurator tab", "Fields of
the System Configurator tab", "High impact") is a :class:`Phrase`: an interface string
with named placeholders, translated once in the interface catalog
(:mod:`cloudempiere_docs.locale_strings`: ``"{name} tab"`` is ``"Záložka {name}"``), with
the data text translated on its own. So no translator ever joins words, and the data
text keeps one translation, with a message context where one English word is two things
(the impact ``High``, *Vysoký*, and the urgency ``High``, *Vysoká*).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.locale import init as init_locale
from sphinx.util.i18n import docname_to_domain

from cloudempiere_docs import formatting, locale_strings
from cloudempiere_docs.data.texts import DataText, occurrences
from cloudempiere_docs.toolkit.domain import DataDomain

__all__ = ["MODES", "DataText", "Item", "Phrase", "data_para", "data_text", "english", "shown", "translate"]

MODES = ("source", "catalogs", "pages")


@dataclass(frozen=True)
class Phrase:
    """An interface string around data texts or values: ``Phrase.of("{name} tab",
    name=DataText(...))``. Values that are plain strings (numbers, dates already
    formatted, keys) are put in as they are."""

    message: str
    values: tuple[tuple[str, Union[str, DataText, "Phrase"]], ...]
    #: False for a frame with no words to translate ("{text} ({period})").
    interface: bool = True

    @classmethod
    def of(cls, message: str, /, **values: str | DataText | Phrase) -> Phrase:
        return cls(message, tuple(values.items()))

    @classmethod
    def plain(cls, message: str, /, **values: str | DataText | Phrase) -> Phrase:
        """Values joined by punctuation only: the frame is not an interface string."""
        return cls(message, tuple(values.items()), interface=False)


#: What a page may show: page text (``str``, a message of the page), a data text, a phrase.
Item = Union[str, DataText, Phrase]


def english(item: Item) -> str:
    """The text as the source language shows it."""
    if isinstance(item, DataText):
        return item.text
    if isinstance(item, Phrase):
        return item.message.format(**{name: english(value) for name, value in item.values})
    return item


def mode(env: BuildEnvironment) -> str:
    return DataDomain.of(env).mode


def translate(env: BuildEnvironment, item: DataText) -> tuple[str, bool]:
    """``(text in the build's language, whether a translation was found)``.

    The one place data text is translated: from the data file's catalog, looked up by
    field path and English text; the page being read is made to depend on that catalog.
    Outside ``catalogs`` mode the text stays as written (see :data:`MODES`).
    """
    domain = DataDomain.of(env)
    if not domain.enabled(item.kind):  # e.g. window names in release notes, without the reference data
        return item.text, domain.mode == "source"
    if env.docname:
        domain.use(item.kind)
    if domain.mode != "catalogs":
        return item.text, domain.mode == "source"
    catalog = domain.catalog(item.kind)
    found = catalog.translations.get((item.field, item.text)) if catalog is not None else None
    if env.docname:
        domain.note_text(found is not None)
    return (found, True) if found is not None else (item.text, False)


def shown(env: BuildEnvironment, item: Item) -> str:
    """``item`` in the build's language: data texts from their catalogs, phrases from the
    interface catalog, page text as it is (Sphinx translates page messages itself)."""
    if isinstance(item, DataText):
        return translate(env, item)[0]
    if isinstance(item, Phrase):
        values = {name: shown(env, value) for name, value in item.values}
        # In pages mode the phrase is part of a page message (see MODES): English here.
        translated = item.interface and mode(env) == "catalogs"
        message = str(locale_strings._(item.message)) if translated else item.message
        return message.format(**values)
    return item


# ---------------------------------------------------------------------- not a message

def not_a_message(node: nodes.Element) -> nodes.Element:
    """Tell Sphinx's i18n that ``node`` is no message of its page: the gettext builder
    does not extract it and the ``Locale`` transform leaves it alone (its text is in the
    build's language already).

    Leaving the node without a ``source`` is not enough: docutils gives a node appended
    to the document the current source, and Sphinx gives titles and rubrics their
    parent's. An inline node so marked is unwrapped by Sphinx when the page is written
    (``RemoveTranslatableInline``), exactly as the translatable inline of page text was.
    The writers ignore the attribute: pages are byte for byte what they were.
    """
    node["translatable"] = False
    return node


# ------------------------------------------------------------------- data text in prose


def data_text(
    env: BuildEnvironment,
    kind: str,
    text: str,
    *,
    field: str | None = None,
    location: Any = None,
    classes: tuple[str, ...] = (),
) -> nodes.inline:
    """An inline node with the data text ``text`` (of the data file ``kind``, field path
    ``field``) in the build's language, e.g. for a value role inside a sentence. Pass the
    field: without it, it is the first field path of ``kind`` that holds ``text``.

    In ``pages`` mode the text is looked up in the catalog of the page being read: Sphinx
    cannot translate an inline node inside a paragraph that was itself translated."""
    item = _item(env, kind, field, text)
    if mode(env) == "pages":
        DataDomain.of(env).use(kind)
        value = _page_translation(env, text)
    else:
        value = shown(env, item)
    # An inline node without a "translatable" attribute is never a message (and keeps its class).
    return nodes.inline(value, value, classes=["cedocs-data-text", *classes])


def data_para(
    env: BuildEnvironment,
    kind: str,
    text: str,
    *,
    field: str | None = None,
    location: Any = None,
    classes: tuple[str, ...] = (),
) -> nodes.paragraph:
    """A paragraph of the data text ``text`` in the build's language (``field`` as for
    :func:`data_text`)."""
    item = _item(env, kind, field, text)
    if mode(env) == "pages":  # a page message, as the catalogs of that version expect
        DataDomain.of(env).use(kind)
        node = nodes.paragraph(text, text, classes=list(classes))
        node.source, node.line = _where(location, env)
        return node
    value = formatting.capital_first(shown(env, item), env.config.language or "en")  # a paragraph starts a sentence
    return not_a_message(nodes.paragraph("", value, classes=list(classes)))


def _item(env: BuildEnvironment, kind: str, field: str | None, text: str) -> DataText | str:
    """The data text to show; a text no text field of ``kind`` holds stays as it is."""
    if field is not None:
        return DataText(kind, field, text)
    file = DataDomain.of(env).file(kind) if DataDomain.of(env).enabled(kind) else None
    if file is None or file.loaded is None:
        return text
    key = (kind, file.digest)
    if key not in _FIELD_OF:
        if len(_FIELD_OF) > 32:
            _FIELD_OF.clear()
        fields: dict[str, str] = {}
        for occurrence in occurrences(kind, file.loaded):
            fields.setdefault(occurrence.text, occurrence.field)
        _FIELD_OF[key] = fields
    found = _FIELD_OF[key].get(text)
    return DataText(kind, found, text) if found is not None else text


#: (data file, sha256) -> {text: the first field path holding it}
_FIELD_OF: dict[tuple[str, str], dict[str, str]] = {}


def _page_translation(env: BuildEnvironment, text: str) -> str:
    """``text`` from the catalog of the page being read (``pages`` mode)."""
    language = env.config.language
    if not language or not env.docname:
        return text
    domain = docname_to_domain(env.docname, env.config.gettext_compact)
    dirs = [str(Path(env.srcdir, directory)) for directory in env.config.locale_dirs]
    catalog, has_catalog = init_locale(dirs, language, domain)
    return (catalog.gettext(text) or text) if has_catalog else text


def _where(location: Any, env: BuildEnvironment) -> tuple[str | None, int | None]:
    if isinstance(location, nodes.Node):
        return location.source, location.line
    if isinstance(location, tuple) and len(location) == 2:
        return location[0], location[1]
    return (str(env.doc2path(env.docname)) if env.docname else None), None
