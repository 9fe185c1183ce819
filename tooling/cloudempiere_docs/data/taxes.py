"""Schema of ``source/_data/taxes.yaml``: tax categories and tax rates (C_TaxCategory, C_Tax).

``since`` / ``removed_in`` are product versions: the version whose standard tax setup
first has a category or tax (or no longer has it); they give the "New in version" marks
of the tax scheme, not which rates the law knows (every edition lists every rate).

Rates are never edited in place: a new rate is a new record with its own ``valid_from``
(the way iDempiere picks the tax valid on the document date), and the old one gets a
``valid_to``. Category scope notes carry dates too, so a move of goods between rates
(foods high in sugar or salt, 2026) is data rather than prose.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated

from pydantic import Field

from cloudempiere_docs.data.common import Strict, Versioned
from cloudempiere_docs.data.loader import DataProblem, Loaded

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class Side(str, Enum):
    """C_Tax.SOPOType: which documents may use the tax."""

    BOTH = "both"
    SALES = "sales"
    PURCHASE = "purchase"


class ScopeNote(Strict):
    """What a category or rate covers, optionally only between two dates."""

    text: str = Field(min_length=1)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Category(Versioned):
    id: Id
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    commodity_code: str | None = None
    default: bool = False
    scope: list[ScopeNote] = []


class Tax(Versioned):
    id: Id
    name: str = Field(min_length=1)
    indicator: str = Field(min_length=1, max_length=10)
    rate: Decimal = Field(ge=-100, le=100)
    valid_from: dt.date
    valid_to: dt.date | None = None
    category: Id
    side: Side = Side.BOTH
    country: str = Field(default="SK", pattern=r"^[A-Z]{2}$")
    summary: bool = False
    parent: Id | None = None
    exempt: bool = False
    reverse_charge: bool = False
    legal_basis: str = Field(min_length=1)
    description: str = Field(min_length=1)
    scope: list[ScopeNote] = []

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def rate_text(self) -> str:
        return f"{self.rate.normalize():f} %"


class TaxesFile(Strict):
    categories: list[Category]
    taxes: list[Tax]


def _overlap(a: Tax, b: Tax) -> bool:
    a_end = a.valid_to or dt.date.max
    b_end = b.valid_to or dt.date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


def _sides(side: Side) -> set[Side]:
    return {Side.SALES, Side.PURCHASE} if side is Side.BOTH else {side}


def check_taxes(loaded: Loaded[TaxesFile]) -> list[DataProblem]:
    """Unique ids, known categories and parents, date order, no two rates at once."""
    data = loaded.value
    problems: list[DataProblem] = []
    categories: dict[str, int] = {}
    for index, category in enumerate(data.categories):
        if category.id in categories:
            problems.append(loaded.problem(("categories", index, "id"), f"duplicate category {category.id!r}"))
        categories.setdefault(category.id, index)
        for sindex, note in enumerate(category.scope):
            if note.valid_from and note.valid_to and note.valid_to < note.valid_from:
                problems.append(loaded.problem(("categories", index, "scope", sindex, "valid_to"), "must not be before valid_from"))
    for what, entries in (("categories", data.categories), ("taxes", data.taxes)):
        for index, entry in enumerate(entries):
            if entry.since is not None and entry.removed_in is not None and entry.removed_in <= entry.since:
                problems.append(loaded.problem((what, index, "removed_in"), f"must be later than since ({entry.since})"))
    if sum(c.default for c in data.categories) > 1:
        problems.append(loaded.problem(("categories",), "only one category may be the default"))

    taxes: dict[str, int] = {}
    for index, tax in enumerate(data.taxes):
        if tax.id in taxes:
            line = loaded.line_of(("taxes", taxes[tax.id]))
            problems.append(loaded.problem(("taxes", index, "id"), f"duplicate tax {tax.id!r} (first defined on line {line})"))
        taxes.setdefault(tax.id, index)
    by_id = {tax.id: tax for tax in data.taxes}

    for index, tax in enumerate(data.taxes):
        loc = ("taxes", index)
        if tax.category not in categories:
            known = ", ".join(sorted(categories))
            problems.append(loaded.problem((*loc, "category"), f"unknown category {tax.category!r} (known: {known})"))
        if tax.valid_to and tax.valid_to < tax.valid_from:
            problems.append(loaded.problem((*loc, "valid_to"), f"must not be before valid_from ({tax.valid_from})"))
        if tax.exempt and tax.rate != 0:
            problems.append(loaded.problem((*loc, "rate"), "an exempt tax must have rate 0"))
        if tax.parent is not None:
            parent = by_id.get(tax.parent)
            if parent is None:
                problems.append(loaded.problem((*loc, "parent"), f"unknown parent tax {tax.parent!r}"))
            elif not parent.summary:
                problems.append(loaded.problem((*loc, "parent"), f"parent tax {tax.parent!r} must be a summary tax"))
            if tax.summary:
                problems.append(loaded.problem((*loc, "summary"), "a summary tax cannot have a parent"))

    # Two top-level rates of one category valid on the same day for the same side and country
    # would make iDempiere's tax lookup ambiguous. Children apply together via their parent.
    top = [(i, t) for i, t in enumerate(data.taxes) if t.parent is None]
    for pos, (i, a) in enumerate(top):
        for j, b in top[pos + 1 :]:
            if (a.category, a.country) == (b.category, b.country) and _sides(a.side) & _sides(b.side) and _overlap(a, b):
                problems.append(
                    loaded.problem(
                        ("taxes", j, "valid_from"),
                        f"validity of {b.id!r} overlaps {a.id!r} (line {loaded.line_of(('taxes', i))}) "
                        f"in category {a.category!r}: end one rate before the next starts",
                    )
                )
    return problems
