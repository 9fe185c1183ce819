"""The catalogs of the data files: one per data file and language, read once per build.

``locale/<lang>/LC_MESSAGES/_data/settings.po`` translates the texts of
``source/_data/settings.yaml`` (:mod:`cloudempiere_docs.data.texts`); its template
``locale/en/_data/settings.pot`` is written by the gettext build (:func:`write_templates`,
run by ``make i18n``) next to the templates of the pages.

A translated build reads the catalog of each data file it loads (babel, as everything
reading catalogs in this project), keeps what it needs with the environment and checks
what only a data catalog can get wrong; the syntax and kept markup of every catalog,
data catalogs included, are checked by :mod:`cloudempiere_docs.ext.i18n`:

- a *stale* entry: a live message the data file no longer has (its text changed or went
  away and ``make i18n`` was not run): the page shows English there;
- a catalog of a data file that does not exist (renamed or deleted data).

Fuzzy entries are not used, as Sphinx leaves them out of compiled page catalogs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from sphinx_intl import catalog as intl

from cloudempiere_docs.data.texts import Occurrence, catalog_domain

#: ``(msgctxt, msgid)`` of a data text: its field path and its English text.
Key = tuple[str, str]


@dataclass
class DataCatalog:
    """The catalog of one data file in one language, as a build uses it."""

    kind: str
    path: str  # absolute path of the .po
    digest: str  # sha256 of its bytes
    data_digest: str  # sha256 of the data file it was checked against
    translations: dict[Key, str] = field(default_factory=dict)
    #: (line, message) of each problem found; reported on every build until fixed.
    problems: list[tuple[int | None, str]] = field(default_factory=list)


def catalog_path(srcdir: str | Path, locale_dirs: list[str], language: str, data_path: str) -> Path | None:
    """The ``.po`` of the data file ``data_path`` (relative to the source directory) in
    the first locale directory that has one; None when none has."""
    domain = catalog_domain(data_path)
    for directory in locale_dirs:
        candidate = Path(srcdir, directory, language, "LC_MESSAGES", f"{domain}.po")
        if candidate.is_file():
            return candidate
    return None


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read(kind: str, path: Path, texts: list[Occurrence] | None, data_shown: str, data_digest: str = "") -> DataCatalog:
    """Read the catalog of ``kind`` at ``path``; ``texts`` are the texts of its data file
    (to find stale entries; None when the data file is broken and reported already),
    ``data_shown`` the data file's path as writers see it."""
    catalog = DataCatalog(kind, str(path), digest(path), data_digest)
    try:
        messages = intl.load_po(str(path), abort_invalid=True)
    except Exception:  # noqa: BLE001 - located by the catalog syntax check (ext.i18n)
        return catalog
    wanted = {(o.field, o.text) for o in texts or ()}
    for message in messages:
        if not message.id or not isinstance(message.id, str):
            continue
        key = (message.context or "", message.id)
        if texts is not None and key not in wanted:
            where = f"the field {message.context}" if message.context else "a message without context (msgctxt)"
            catalog.problems.append(
                (
                    message.lineno,
                    f"stale entry: no text of {data_shown} reads so in {where};"
                    " the data changed without `make i18n` (run it: the entry becomes fuzzy or obsolete)",
                )
            )
            continue
        if message.string and not message.fuzzy and isinstance(message.string, str):
            catalog.translations[key] = message.string
    return catalog


# ---------------------------------------------------------------------------- templates


def template(project: str, version: str, data_file: str, texts: list[Occurrence], location: str) -> Catalog:
    """The template of one data file: each text once per field path, with every place
    it is written (``location`` is the data file's path as the template shows it)."""
    catalog = Catalog(project=project, version=version, charset="utf-8", fuzzy=False)
    catalog.header_comment = (
        f"# Texts of {data_file}, translated once for every page and feed that shows them.\n"
        "# The message context (msgctxt) is the field the text comes from."
    )
    for occurrence in texts:
        catalog.add(occurrence.text, context=occurrence.field, locations=[(location, occurrence.line or 0)])
    for message in catalog:
        # Babel guesses format strings ("20 % rate" looks like "% r"); data text never is
        # one, and a wrong flag would make msgfmt -c reject a correct translation.
        message.flags -= {"python-format", "python-brace-format"}
    return catalog


def write_template(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=76, sort_output=False, sort_by_file=False, omit_header=False)


def problems_of(catalogs: dict[str, Any]) -> list[tuple[str, int | None, str]]:
    """``(path, line, message)`` of every problem of the loaded catalogs."""
    return [(c.path, line, message) for c in catalogs.values() for line, message in c.problems]
