"""Comparison pages as HTML: the theme's Jinja templates (autoescaped), the interface
catalog for their text, and the layout of a comparison (tables, lists, folded runs of
unchanged text).

Everything that comes from a page (its text, titles, ids) reaches the HTML through
Jinja's autoescaping: no markup is built from strings here.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cloudempiere_docs import locale_strings
from markupsafe import Markup, escape

from cloudempiere_docs.compare.diff import Item, PageDiff, Span
from cloudempiere_docs.theme import environment

STYLESHEET = Path(__file__).resolve().parent.parent / "theme" / "assets" / "cedocs-compare.css"
#: Unchanged blocks shown around each change; longer unchanged runs are folded.
CONTEXT = 2
FOLD_AT = 2 * CONTEXT + 3
#: Consecutive blocks of these kinds share one element. Terms and descriptions are shown
#: as a list of divs, not a <dl>: a fold may split a term from its description, and a
#: <dl> must hold whole term/description groups.
_GROUPED = {"tr": "table", "li": "list", "dt": "dl", "dd": "dl"}


@dataclass
class Shown:
    """An item as the template shows it: with the id it carries (if any), and each cell's
    text with ``<ins>``/``<del>`` marks (escaped here: a template macro per span costs
    more than the rest of the comparison)."""

    item: Item
    element_id: str = ""

    @property
    def cells(self) -> list[Markup]:
        return [marked(cell) for cell in self.item.cells]


_OPEN = {"add": Markup("<ins>"), "del": Markup("<del>")}
_CLOSE = {"add": Markup("</ins>"), "del": Markup("</del>")}


def marked(cell: tuple[Span, ...]) -> Markup:
    """The spans of one cell as HTML; all text escaped."""
    out = []
    for span in cell:
        text = escape(span.text)
        out.append(_OPEN[span.op] + text + _CLOSE[span.op] if span.op in _OPEN else text)
    return Markup("").join(out)


@dataclass
class Group:
    """Consecutive items that form one element: a table, a list, a definition list, a
    fold of unchanged text (``children``) or a single block."""

    type: str  # table | list | dl | block | fold
    items: list[Shown] = field(default_factory=list)
    children: list[Group] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Blocks in the group, folded ones included."""
        return len(self.items) + sum(child.size for child in self.children)


@dataclass
class Layout:
    groups: list[Group]
    changes: list[str]  # element ids of the changes, in order
    ids: dict[str, str]  # page anchor -> element id on the comparison page


def _group(shown: Sequence[Shown]) -> list[Group]:
    groups: list[Group] = []
    for entry in shown:
        kind = _GROUPED.get(entry.item.kind, "block")
        if kind != "block" and groups and groups[-1].type == kind:
            groups[-1].items.append(entry)
        else:
            groups.append(Group(kind, [entry]))
    return groups


def layout(diff: PageDiff) -> Layout:
    """Ids, then groups, with long runs of unchanged non-heading blocks folded."""
    used: set[str] = set()
    changes: list[str] = []
    ids: dict[str, str] = {}
    shown: list[Shown] = []
    for item in diff.items:
        element_id = ""
        if item.anchor and item.anchor not in used:
            element_id = item.anchor  # the page's own fragment works here too
        elif item.status != "same":
            element_id = f"change-{len(changes) + 1}"
        if element_id:
            used.add(element_id)
        if item.anchor and item.anchor not in ids and element_id:
            ids[item.anchor] = element_id
        if item.status != "same":
            changes.append(element_id)
        shown.append(Shown(item, element_id))
    groups: list[Group] = []
    run: list[Shown] = []

    def flush() -> None:
        if len(run) >= FOLD_AT and diff.has_changes:
            head, middle, tail = run[:CONTEXT], run[CONTEXT:-CONTEXT], run[-CONTEXT:]
            groups.extend(_group(head))
            groups.append(Group("fold", children=_group(middle)))
            groups.extend(_group(tail))
        else:
            groups.extend(_group(run))
        run.clear()

    for entry in shown:
        if entry.item.status == "same" and entry.item.kind not in ("h1", "h2", "h3", "h4", "h5", "h6"):
            run.append(entry)
            continue
        flush()
        groups.extend(_group([entry]))
    flush()
    return Layout(_merge(groups), changes, ids)


def _merge(groups: list[Group]) -> list[Group]:
    """Join neighbouring groups of one type (a list split only by the flush above)."""
    merged: list[Group] = []
    for group in groups:
        if merged and group.type in ("table", "list", "dl") and merged[-1].type == group.type:
            merged[-1].items.extend(group.items)
        else:
            merged.append(group)
    return merged


def translator(language: str) -> Callable[[str], str]:
    """``_`` for templates: the interface catalog of ``language`` (English without one)."""
    translations: gettext.NullTranslations = locale_strings.translations(language)
    return translations.gettext


def render(template: str, language: str, **context: Any) -> str:
    """``cedocs/<template>`` in ``language``. ``_("literal")`` marks a template string for
    the catalog check; ``tr(value)`` translates a value that is a msgid of the catalog
    (a reason, a type label), which the extractor must not see as a message."""
    gettext = translator(language)
    return environment().get_template(f"cedocs/{template}").render(lang=language, _=gettext, tr=gettext, **context)


def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")
