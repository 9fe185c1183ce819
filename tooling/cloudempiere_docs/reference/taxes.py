"""Directives for tax schemes: rates valid on a date, their history, the categories."""

from __future__ import annotations

import datetime as dt
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives

from cloudempiere_docs import formatting
from cloudempiere_docs.data.taxes import Category, ScopeNote, Side, Tax, TaxesFile
from cloudempiere_docs.data.texts import DataText
from cloudempiere_docs.reference.domain import ReferenceDirective
from cloudempiere_docs.toolkit.directive import choices, text_list
from cloudempiere_docs.toolkit.text import Phrase

SIDES = {Side.BOTH: "Sales and purchases", Side.SALES: "Sales", Side.PURCHASE: "Purchases"}
PARTS = ("rates", "history", "categories")


def _date(argument: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat((argument or "").strip())
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {argument!r}") from None


def _period(note: ScopeNote | Tax, language: str) -> str | None:
    """When a rate or a scope note applies, as the language writes it."""
    return formatting.period(note.valid_from, note.valid_to, language) or None


class TaxesMixin(ReferenceDirective):
    kind = "taxes"

    def ident(self, tax: Tax) -> str:
        """Register the tax on its first row in this directive; later rows get no id."""
        if tax.id in self.emitted or "no-index" in self.options:
            return ""
        self.emitted.add(tax.id)
        # Roles without a title show the name as this build shows it.
        return self.domain.note_entry("tax", tax.id, self.b.shown(self.tax_name(tax)), self.get_location()) or ""

    def tax_name(self, tax: Tax) -> DataText:
        return self.text("taxes.name", tax.name)

    def tax_cell(self, tax: Tax, data: TaxesFile, ident: str, *, describe: bool = False) -> list[nodes.Node]:
        b = self.b
        cell: list[nodes.Node] = []
        cell.append(b.para(self.tax_name(tax)))
        if describe:
            cell.append(b.para(self.text("taxes.description", tax.description)))
        key = nodes.paragraph("", "", b.literal(tax.id))
        if ident:  # not in the translatable name: a translation replaces its children
            entries = (
                Phrase.of("{name} ({country} tax)", name=self.tax_name(tax), country=tax.country),
                Phrase.of("VAT rates; {name}", name=self.tax_name(tax)),
            )
            key.insert(0, b.index(*(b.shown(e) for e in entries), anchor=ident))
        cell.append(key)
        parent = next((t for t in data.taxes if t.id == tax.parent), None)
        if parent:
            cell.append(b.para(Phrase.of("Part of {name}", name=self.tax_name(parent))))
        cell.extend(self.marks(tax))
        return cell

    def marks(self, entry: Tax | Category) -> list[nodes.Node]:
        """The product version whose standard setup added (or dropped) the entry."""
        out: list[nodes.Node] = []
        if entry.since is not None:
            out.append(self.b.mark("added", entry.since))
        if entry.removed_in is not None:
            out.append(self.b.mark("removed", entry.removed_in))
        return out

    def flags(self, tax: Tax) -> str | None:
        flags = [label for label, on in (("Summary tax", tax.summary), ("Exempt", tax.exempt), ("Reverse charge", tax.reverse_charge)) if on]
        return ", ".join(flags) or None

    def scope(
        self, notes: list[ScopeNote], day: dt.date | None, field: str, since: dt.date | None = None
    ) -> list[nodes.Node]:
        """What the notes say is covered on ``day`` (or now); ``field`` names the data text for
        its catalog. ``since``: the first day of the rate the notes are shown for; a note that
        began before it needs no date there (a category's note from 2025 next to its rate from
        2026 would read as a contradiction)."""
        b = self.b
        out: list[nodes.Node] = []
        for note in notes:
            if day is None and note.valid_to is not None:
                continue  # "in force" lists only what is not yet ended
            if day is not None and not note.valid_on(day):
                continue
            period = _period(note, b.language)
            if since is not None and note.valid_from is not None and note.valid_from <= since:
                period = None
            text = self.text(field, note.text)
            if period and day is None:
                # The note is a data text, its period a value written per language. The
                # inline comes last: Sphinx moves translatable inlines to the end.
                out.append(b.fixed(nodes.Text(f"{formatting.capital_first(period, b.language)}: "), b.inline(text)))
            else:
                out.append(b.para(text))
        return out

    def rate(self, tax: Tax) -> nodes.paragraph:
        return self.b.value(formatting.percent(tax.rate, self.b.language))

    def category_name(self, data: TaxesFile, category_id: str) -> DataText | str:
        name = next((c.name for c in data.categories if c.id == category_id), None)
        return self.text("categories.name", name) if name is not None else category_id


class TaxScheme(TaxesMixin):
    """``tax-scheme``: rates in force (or valid on ``:date:``), history, categories."""

    option_spec = {
        "date": _date,
        "category": text_list,
        "side": lambda a: choices("sales", "purchase")(a)[0],
        "show": choices(*PARTS),
        "no-index": directives.flag,
    }

    def render(self, data: TaxesFile) -> list[Any]:
        self.emitted: set[str] = set()
        taxes = list(data.taxes)
        known = {c.id for c in data.categories}
        for category in self.options.get("category", []):
            if category not in known:
                self.unknown("tax category", category, sorted(known))
        if "category" in self.options:
            taxes = [t for t in taxes if t.category in self.options["category"]]
        if "side" in self.options:
            side = Side(self.options["side"])
            taxes = [t for t in taxes if t.side in (side, Side.BOTH)]
        parts = self.options.get("show", list(PARTS))
        # The history carries the ids when shown: it is the one table listing every tax.
        order = ["history", *[p for p in parts if p != "history"]] if "history" in parts else parts
        rendered = {part: getattr(self, part)(data, taxes) for part in order}
        return [node for part in parts for node in rendered[part]]

    def rates(self, data: TaxesFile, taxes: list[Tax]) -> list[nodes.Node]:
        b = self.b
        day = self.options.get("date")
        # Children of a summary tax apply through it; the history lists them.
        taxes = [t for t in taxes if t.parent is None]
        if day is None:
            chosen = [t for t in taxes if t.valid_to is None]
            caption = "Rates in force"
        else:
            chosen = [t for t in taxes if t.valid_on(day)]
            text = formatting.label("Rates valid on {date}", b.language).format(date=formatting.date(day, b.language))
            # A value in it: translated in the interface catalog, not a page message.
            caption = nodes.title(text, text, translatable=False)
        if not chosen:
            return [b.para("No tax rate is valid on this date.")]
        rows = []
        order = {c.id: i for i, c in enumerate(data.categories)}
        for tax in sorted(chosen, key=lambda t: (order.get(t.category, len(order)), -t.rate, t.valid_from)):
            ident = self.ident(tax)
            applies = self.scope(tax.scope, day, "taxes.scope.text") or self.scope(
                self._category(data, tax).scope, day, "categories.scope.text", since=tax.valid_from
            )
            rows.append(
                (
                    [
                        self.tax_cell(tax, data, ident),
                        self.rate(tax),
                        b.literal(tax.indicator),
                        applies,
                        b.date(tax.valid_from),
                        SIDES[tax.side],
                    ],
                    [ident] if ident else [],
                )
            )
        return [
            b.table(
                ["Tax", "Rate", "Indicator", "Applies to", "Valid from", "Documents"],
                rows,
                widths=[20, 8, 9, 38, 12, 13],
                caption=caption,
                classes=["cedocs-tax-rates"],
            )
        ]

    def history(self, data: TaxesFile, taxes: list[Tax]) -> list[nodes.Node]:
        b = self.b
        rows = []
        order = {c.id: i for i, c in enumerate(data.categories)}
        for tax in sorted(taxes, key=lambda t: (order.get(t.category, len(order)), t.valid_from, t.parent or "", -t.rate)):
            ident = self.ident(tax)
            rows.append(
                (
                    [
                        self.tax_cell(tax, data, ident, describe=True),
                        self.rate(tax),
                        b.date(tax.valid_from),
                        b.date(tax.valid_to) if tax.valid_to else None,
                        self.category_name(data, tax.category),
                        self.flags(tax),
                        self.text("taxes.legal_basis", tax.legal_basis),
                    ],
                    [ident] if ident else [],
                )
            )
        return [
            b.table(
                ["Tax", "Rate", "Valid from", "Valid to", "Category", "Kind", "Legal basis"],
                rows,
                widths=[22, 8, 12, 12, 16, 12, 18],
                caption="History of rates",
                classes=["cedocs-tax-history"],
            )
        ]

    def categories(self, data: TaxesFile, taxes: list[Tax]) -> list[nodes.Node]:
        b = self.b
        used = {t.category for t in taxes}
        dl = nodes.definition_list(classes=["cedocs-tax-categories"])
        for category in data.categories:
            if category.id not in used and "category" in self.options:
                continue
            term = nodes.term("", "", ids=[f"taxcat-{nodes.make_id(category.id)}"])
            name = self.text("categories.name", category.name)
            term += b.index(b.shown(Phrase.of("{name} (tax category)", name=name)), anchor=term["ids"][0])
            term += b.inline(name)
            definition = nodes.definition()
            definition += b.para(self.text("categories.description", category.description))
            definition.extend(self.marks(category))
            definition += b.fields(
                [
                    ("Scope", self.scope(category.scope, None, "categories.scope.text") or None),
                    ("Commodity code", b.literal(category.commodity_code) if category.commodity_code else None),
                    ("Default", "Yes: new products get this category" if category.default else None),
                    ("Rates", self._rates_of(data, category)),
                ]
            )
            dl += nodes.definition_list_item("", term, definition)
        return [dl]

    def _rates_of(self, data: TaxesFile, category: Category) -> list[nodes.Node] | None:
        b = self.b
        items = []
        for tax in sorted((t for t in data.taxes if t.category == category.id), key=lambda t: t.valid_from):
            period = _period(tax, b.language) or ""
            name = b.shown(self.tax_name(tax))
            items.append(nodes.paragraph("", "", self.xref("tax", tax.id, nodes.inline(name, name)), nodes.Text(f" ({period})")))
        return [b.bullets(items)] if items else None

    @staticmethod
    def _category(data: TaxesFile, tax: Tax) -> Category:
        return next(c for c in data.categories if c.id == tax.category)


class TaxEntry(TaxesMixin):
    """``tax-entry ID``: one tax rate with its facts."""

    required_arguments = 1
    option_spec = {"no-index": directives.flag}

    def render(self, data: TaxesFile) -> list[Any]:
        self.emitted = set()
        b = self.b
        tax = next((t for t in data.taxes if t.id == self.arguments[0]), None)
        if tax is None:
            self.unknown("tax", self.arguments[0], [t.id for t in data.taxes])
            return []
        ident = self.ident(tax)
        term = nodes.term("", "", ids=[ident] if ident else [])
        if ident:
            term += b.index(b.shown(Phrase.of("{name} ({country} tax)", name=self.tax_name(tax), country=tax.country)), anchor=ident)
        term += b.inline(self.tax_name(tax))
        definition = nodes.definition()
        definition += b.para(self.text("taxes.description", tax.description))
        definition.extend(self.marks(tax))
        definition += b.fields(
            [
                ("Rate", self.rate(tax)),
                ("Indicator", b.literal(tax.indicator)),
                ("Valid", b.value(_period(tax, b.language) or "")),
                ("Category", self.category_name(data, tax.category)),
                ("Documents", SIDES[tax.side]),
                ("Kind", self.flags(tax)),
                ("Applies to", self.scope(tax.scope, None, "taxes.scope.text") or None),
                ("Legal basis", self.text("taxes.legal_basis", tax.legal_basis)),
            ]
        )
        return [nodes.definition_list("", nodes.definition_list_item("", term, definition))]
