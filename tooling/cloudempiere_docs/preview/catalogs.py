"""Translation messages a change leaves to translators: new fuzzy or untranslated ones.

For each page template (``locale/en/<page>.pot``) and each translation language, every
message is translated, fuzzy (its English changed: readers see English) or untranslated
(no translation, or missing from the catalog because ``make i18n`` was not run). A
message is new work when the change has it fuzzy or untranslated and the base did not
(in the same state). Catalogs are read with the project's one reader
(:func:`cloudempiere_docs.i18n.catalogs.read_catalog`, babel underneath).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cloudempiere_docs.i18n.catalogs import TEMPLATE_LANGUAGE, catalogs, read_catalog

State = Literal["fuzzy", "untranslated"]


@dataclass(frozen=True)
class MessageToDo:
    page: str
    message: str
    state: State


def _complete(string: object) -> bool:
    return all(string) if isinstance(string, (tuple, list)) else bool(string)


def states(project: Path, language: str) -> dict[tuple[str, str], State]:
    """``(page, msgid) -> state`` of every message that is not translated."""
    result: dict[tuple[str, str], State] = {}
    templates = project / "locale" / TEMPLATE_LANGUAGE
    if not templates.is_dir():
        return result
    for page, pot_path in catalogs(templates, ".pot").items():
        try:
            template = read_catalog(pot_path)
        except Exception:  # a broken template is reported by the catalog checks
            continue
        po_path = project / "locale" / language / "LC_MESSAGES" / f"{page}.po"
        try:
            catalog = read_catalog(po_path) if po_path.exists() else None
        except Exception:
            catalog = None
        for message in template:
            if not message.id:
                continue
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            entry = catalog.get(message.id, context=message.context) if catalog is not None else None
            if entry is None or not _complete(entry.string):
                result[(page, msgid)] = "untranslated"
            elif entry.fuzzy:
                result[(page, msgid)] = "fuzzy"
    return result


def new_work(base: Path, head: Path, language: str) -> list[MessageToDo]:
    """Messages of ``head`` that are fuzzy or untranslated and were not so in ``base``."""
    before, after = states(base, language), states(head, language)
    return [
        MessageToDo(page, msgid, state)
        for (page, msgid), state in sorted(after.items())
        if before.get((page, msgid)) != state
    ]
