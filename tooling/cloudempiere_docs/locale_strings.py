"""Translatable labels of our extensions (the ``cedocs`` message catalog).

Text that extensions generate *inside a page* (table headers of a reference directive,
"Default", "Level", ...) should carry ``rawsource`` so the gettext builder extracts it into
that page's catalog. This catalog is for the few strings an extension adds that belong to
no page: the translation-coverage banner and labels shared by every page. Usage::

    from cloudempiere_docs.locale_strings import _

    nodes.Text(_("Known issues"))   # a lazy proxy: str() it, or pass it to nodes.Text

Translations live in ``locale/<lang>/LC_MESSAGES/cedocs.po`` next to this module; the
``.mo`` files are compiled when a build starts (they are never committed).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.locale import get_translation

CATALOG = "cedocs"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

#: ``_("text")``: the translation of ``text`` in the language of the current build.
_ = get_translation(CATALOG)


def _compile_into(source_dir: Path, target_dir: Path) -> None:
    for po_path in source_dir.glob(f"*/LC_MESSAGES/{CATALOG}.po"):
        mo_path = target_dir / po_path.relative_to(source_dir).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        # Write to a temporary name first: parallel builds may compile at the same time.
        fd, tmp = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        os.replace(tmp, mo_path)


def compiled_locale_dir() -> Path:
    """Compile missing or stale ``.mo`` files and return the directory to load them from.

    Next to the ``.po`` files when the package is writable (editable install), otherwise
    in a per-user temporary directory.
    """
    try:
        _compile_into(LOCALE_DIR, LOCALE_DIR)
        return LOCALE_DIR
    except OSError:
        fallback = Path(tempfile.gettempdir()) / f"cloudempiere_docs-locale-{os.getuid()}"
        _compile_into(LOCALE_DIR, fallback)
        return fallback
