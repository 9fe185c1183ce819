"""The one catalog of interface strings: our extensions, our templates and furo's.

Text that extensions generate *inside a page* (table headers of a reference directive,
"Default", "Level", ...) carries ``rawsource`` so the gettext builder extracts it into that
page's catalog. Everything else a reader sees that no page holds lives in one catalog,
``locale/<lang>/LC_MESSAGES/cedocs.po`` next to this module:

- labels our extensions add (the coverage banner, switchers, version banners);
- strings of our templates (``theme/templates``: search page, 404 page);
- furo's strings (furo ships no Slovak catalog: "Next", "On this page", ...) and the few
  Sphinx strings Sphinx's own Slovak catalog leaves untranslated.

Python code uses :data:`_` (``sphinx.locale.get_translation("cedocs")``); templates use
Jinja's ``_()``, which reads Sphinx's translator: :func:`register` adds this catalog to it
as a fallback (after the project's ``locale_dirs`` and Sphinx's own catalog, which stay
first for the strings they have). The ``.mo`` files are compiled with Sphinx's own
catalog compilation (:class:`sphinx.util.i18n.CatalogRepository`) when a build starts;
they are never committed. Usage::

    from cloudempiere_docs.locale_strings import _

    nodes.Text(_("Known issues"))   # a lazy proxy: str() it, or pass it to nodes.Text
"""

from __future__ import annotations

import gettext
import os
import shutil
import tempfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation, get_translator
from sphinx.util.i18n import CatalogInfo

CATALOG = "cedocs"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

#: ``_("text")``: the translation of ``text`` in the language of the current build.
_ = get_translation(CATALOG)


def catalog_path(language: str) -> Path:
    """The ``.po`` of ``language`` (it may not exist)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{CATALOG}.po"


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{CATALOG}.po"))


def _compile(locale_dir: Path, language: str) -> None:
    """Sphinx's compilation (:class:`~sphinx.util.i18n.CatalogInfo`, fuzzy left out) of
    an outdated ``.mo``, written under a temporary name and then moved into place:
    parallel builds start at the same time, and one must never read another's half-written
    file (Sphinx itself writes the ``.mo`` in place)."""
    catalog = CatalogInfo(str(locale_dir / language / "LC_MESSAGES"), CATALOG, "utf-8")
    if not Path(catalog.po_path).exists() or not catalog.is_outdated():
        return
    with tempfile.TemporaryDirectory(dir=Path(catalog.po_path).parent, prefix=".compile-") as tmp:
        shutil.copy2(catalog.po_path, Path(tmp) / catalog.po_file)
        staged = CatalogInfo(tmp, CATALOG, "utf-8")
        staged.write_mo(language)
        os.replace(staged.mo_path, catalog.mo_path)


def compiled_locale_dir(language: str) -> Path:
    """The directory holding this catalog compiled for ``language``.

    Next to the ``.po`` files when the package is writable (editable install), otherwise a
    per-user copy in the temporary directory (see :func:`_compile` for parallel builds).
    """
    if os.access(LOCALE_DIR / language / "LC_MESSAGES", os.W_OK):
        _compile(LOCALE_DIR, language)
        return LOCALE_DIR
    copy = Path(tempfile.gettempdir()) / f"cloudempiere_docs-{os.getuid()}" / "locale"
    source = catalog_path(language)
    target = copy / language / "LC_MESSAGES" / source.name
    if source.exists() and (not target.exists() or target.read_bytes() != source.read_bytes()):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".po.tmp")
        os.close(fd)
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    _compile(copy, language)
    return copy


def translations(language: str) -> gettext.NullTranslations:
    """The catalog for ``language`` outside a Sphinx build (e.g. the site's 404 page)."""
    if not catalog_path(language).exists():
        return gettext.NullTranslations()
    return gettext.translation(CATALOG, str(compiled_locale_dir(language)), [language], fallback=True)


def register(app: Sphinx) -> None:
    """Make the catalog available to the build: to Python code as ``cedocs`` and to
    templates through Sphinx's translator. Idempotent (several extensions call it)."""
    language = app.config.language or "en"
    if catalog_path(language).exists():
        app.add_message_catalog(CATALOG, str(compiled_locale_dir(language)))
    ours = get_translator(CATALOG)
    chain = app.translator
    while True:  # the translator object lives on between applications of one process
        if chain is ours:
            return
        following = getattr(chain, "_fallback", None)
        if following is None:
            break
        chain = following
    if isinstance(ours, gettext.GNUTranslations):
        app.translator.add_fallback(ours)
