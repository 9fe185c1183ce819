"""One English text, one translation: the consistency check of a language's catalogs.

Every live, confirmed translation of every catalog of a language (pages, data files and
the interface catalog) is compared by message: a text with two different translations is
listed with the places of each, so that a reader meets one Slovak wording for one
English one, whichever page, table or feed shows it.

What is not a second translation:

- a message *context* makes two messages (``msgctxt``: the data catalogs give every text
  its field path, so the impact ``High`` and the urgency ``High`` may differ);
- a difference in the case of the first letter only (a glossary names its terms in lower
  case, a heading starts with a capital);
- a message kept in English (the English column of the terminology table).

A real homonym in *page* catalogs cannot get a ``msgctxt``: Sphinx looks a page message up
by its text alone. Its translator marks the entry that differs with a translator comment
``# homonym: <what it is here>`` (kept by ``make i18n``), which this check accepts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from cloudempiere_docs.i18n.catalogs import Project, read_catalog

#: A translator comment declaring a page homonym (``# homonym: the tender type Check``).
HOMONYM = re.compile(r"^\s*homonym\s*:", re.IGNORECASE)

Place = tuple[str, int | None]


def _fold(text: str) -> str:
    return text[:1].casefold() + text[1:]


def variants(project: Project, language: str, paths: Iterable[Path]) -> dict[tuple[str | None, str], dict[str, list[tuple[str, Place]]]]:
    """``{(context, English): {folded translation: [(translation, (path, line))]}}``."""
    found: dict[tuple[str | None, str], dict[str, list[tuple[str, Place]]]] = {}
    for path in paths:
        catalog = read_catalog(path)
        shown = project.rel(path)
        for message in catalog:
            msgid, string = message.id, message.string
            if not msgid or not isinstance(msgid, str) or message.fuzzy or not isinstance(string, str) or not string:
                continue
            if string == msgid or any(HOMONYM.match(comment) for comment in message.user_comments):
                continue
            groups = found.setdefault((message.context, msgid), {})
            groups.setdefault(_fold(string), []).append((string, (shown, message.lineno)))
    return found


def _where(places: list[tuple[str, Place]]) -> str:
    shown = [f"{path}:{line}" if line else path for _string, (path, line) in places[:3]]
    more = f" and {len(places) - 3} more" if len(places) > 3 else ""
    return ", ".join(shown) + more


def problems(project: Project, paths: list[Path]):  # noqa: ANN201 - list[checks.Problem]
    """One problem per English text with more than one translation in a language."""
    from cloudempiere_docs.i18n.checks import Problem
    from cloudempiere_docs.locale_strings import catalog_path

    out = []
    for language in project.translation_languages():
        base = project.catalog_dir(language)
        mine = [p for p in paths if p.is_relative_to(base) or p == catalog_path(language)]
        for (context, msgid), groups in sorted(variants(project, language, mine).items(), key=lambda kv: (kv[0][1], kv[0][0] or "")):
            if len(groups) < 2:
                continue
            ordered = sorted(groups.values(), key=lambda places: (-len(places), places[0][0]))
            listed = "; ".join(f"{places[0][0]!r} ({_where(places)})" for places in ordered)
            label = f"{msgid!r}" + (f" (msgctxt {context!r})" if context else "")
            path, line = ordered[-1][0][1]  # at the least used translation: the likely one to change
            out.append(
                Problem(
                    path,
                    line,
                    f"{label} has {len(groups)} translations in {language}: {listed}; use one, or, for a real"
                    " homonym, give it a msgctxt (data catalogs) or mark the differing page entry"
                    " with the translator comment '# homonym: <what it is here>'",
                )
            )
    return out
