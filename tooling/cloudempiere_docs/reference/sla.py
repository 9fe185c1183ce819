"""Directives for the support SLA and the subscriptions: priority matrix, targets per
priority and subscription tier, critical incidents, support hours, subscriptions table.

Values (durations, times, counts) are written by :mod:`cloudempiere_docs.formatting`
in the language of the build, exactly as the ``{val}`` role writes them in prose, so a
table and a sentence quoting it always agree. Data text (names, descriptions) is
translated once, in the catalog of the SLA data (:mod:`cloudempiere_docs.toolkit.text`);
labels of values (``Monthly``, ``Around the clock``) and the phrases around data text
("{name} impact") come from the interface catalog, shared with the role.
"""

from __future__ import annotations

from typing import Any

from babel.lists import format_list
from docutils import nodes
from docutils.parsers.rst import directives

from cloudempiere_docs import formatting
from cloudempiere_docs.data.sla import Channel, Level, Priority, SlaFile, Tier
from cloudempiere_docs.data.texts import DataText
from cloudempiere_docs.reference.domain import ReferenceDirective, anchor
from cloudempiere_docs.reference.values import target_text
from cloudempiere_docs.toolkit.directive import choices
from cloudempiere_docs.toolkit.text import Phrase

DASH = "\u2014"


class SlaMixin(ReferenceDirective):
    kind = "sla"

    @property
    def language(self) -> str:
        return self.config.language or "en"

    def priority_label(self, data: SlaFile, level: int) -> Phrase | str:
        name = next((p.name for p in data.priorities if p.level == level), None)
        if name is None:
            return str(level)
        return Phrase.plain("{level} {name}", level=str(level), name=self.text("priorities.name", name))

    def level_name(self, level: Level, heading: str) -> Phrase:
        """"High impact", "High urgency": the level's name (its own message, so it can
        agree with the noun in each language) in the interface string of its kind."""
        if heading == "Impact":
            return Phrase.of("{name} impact", name=self.text("impacts.name", level.name))
        return Phrase.of("{name} urgency", name=self.text("urgencies.name", level.name))

    def tier_name(self, tier: Tier) -> DataText:
        return self.text("tiers.name", tier.name)

    def request_label(self, data: SlaFile, priority: Priority) -> Phrase | str:
        """``1 Urgent`` / ``1 Naliehavá``: the request priority a support priority maps to,
        its name translated once in the SLA data's catalog."""
        request = data.request_priority(priority.request_priority)
        if request is None:  # reported by the data checks
            return priority.request_priority
        return Phrase.plain("{value} {name}", value=str(request.value), name=self.text("request_priorities.name", request.name))

    def label(self, message: str) -> nodes.paragraph:
        """A label of a value in the build's language (untranslated paragraph: it is
        translated already, in the interface catalog)."""
        return self.b.value(formatting.capital_first(formatting.label(message, self.language), self.language))

    def register(self, objtype: str, key: str, title: str) -> str:
        """Register an entry the ``{val}`` role links to; its anchor ("" if registered
        elsewhere already or with ``:no-index:``)."""
        if "no-index" in self.options:
            return ""
        return self.domain.note_entry(objtype, key, title, self.get_location()) or ""

    def tier_head(self, tier: Tier, register: bool) -> nodes.paragraph:
        """A column heading with a tier name; the first one of the manual is the
        tier's entry (an anchor value roles link to)."""
        para = self.b.para(self.tier_name(tier))
        ident = self.register("tier", tier.id, self.b.shown(self.tier_name(tier))) if register else ""
        if ident:
            para.insert(0, nodes.inline("", "", ids=[ident]))
        return para


class SlaMatrix(SlaMixin):
    """``sla-matrix``: impact x urgency -> priority, and what the levels mean, in the
    order ``:show:`` lists them: ``matrix`` (the table), ``levels`` (both kinds of level as
    definitions, for a page that quotes them), ``impact`` and ``urgency`` (one table each:
    level, meaning, examples, for the page that explains them). Default: ``matrix, levels``."""

    option_spec = {"show": choices("matrix", "levels", "impact", "urgency")}

    def render(self, data: SlaFile) -> list[Any]:
        out: list[Any] = []
        for part in self.options.get("show", ["matrix", "levels"]):
            if part == "matrix":
                out.append(self.matrix(data))
            elif part == "levels":
                out += self.levels(data)
            else:
                out.append(self.level_table(part, data.impacts if part == "impact" else data.urgencies))
        return out

    def matrix(self, data: SlaFile) -> nodes.table:
        cells = {(c.impact, c.urgency): c.priority for c in data.matrix}
        rows = []
        for impact in data.impacts:
            row: list[Any] = [self.level_name(impact, "Impact")]
            for urgency in data.urgencies:
                level = cells.get((impact.id, urgency.id))
                row.append(self.priority_label(data, level) if level else None)
            rows.append((row, []))
        headers = ["Impact / urgency", *[self.level_name(u, "Urgency") for u in data.urgencies]]
        return self.b.table(
            headers,
            rows,
            widths=[28, *[24] * len(data.urgencies)],
            caption="Priority from impact and urgency",
            classes=["cedocs-sla-matrix"],
            stub_columns=1,
        )

    def examples(self, field: str, level: Level) -> nodes.bullet_list | None:
        """The level's examples, one item each (``None`` without examples)."""
        if not level.examples:
            return None
        return self.b.bullets(self.b.para(self.text(field, example)) for example in level.examples)

    def levels(self, data: SlaFile) -> list[Any]:
        b = self.b
        out: list[Any] = []
        for heading, levels in (("Impact", data.impacts), ("Urgency", data.urgencies)):
            field = "impacts" if heading == "Impact" else "urgencies"
            dl = nodes.definition_list(classes=["cedocs-sla-levels"])
            for level in levels:
                term = nodes.term("", "", b.inline(self.level_name(level, heading)))
                definition = nodes.definition("", b.para(self.text(f"{field}.description", level.description)))
                dl += nodes.definition_list_item("", term, definition)
            out += [b.rubric(heading), dl]
        return out

    def level_table(self, part: str, levels: list[Level]) -> nodes.table:
        """The impact (or urgency) levels: the level's own name (it agrees with the column's
        noun in each language: *Vysoký* dopad, *Vysoká* naliehavosť), what it means, and
        examples."""
        field = "impacts" if part == "impact" else "urgencies"
        with_examples = any(level.examples for level in levels)
        rows = []
        for level in levels:
            cells: list[Any] = [self.text(f"{field}.name", level.name), self.text(f"{field}.description", level.description)]
            if with_examples:
                cells.append(self.examples(f"{field}.examples", level))
            rows.append((cells, []))
        heads = ["Impact" if part == "impact" else "Urgency", "Meaning", *(["Examples"] if with_examples else [])]
        return self.b.table(
            heads,
            rows,
            widths=[16, 42, 42] if with_examples else [20, 80],
            classes=[f"cedocs-sla-{part}"],
            stub_columns=1,
        )


TARGET_PARTS = ("response", "resolution", "critical")


class SlaTargets(SlaMixin):
    """``sla-targets``: first response and resolution per priority and subscription tier
    (``:tier:`` one tier only; ``:show: response,resolution,critical``)."""

    option_spec = {
        "tier": directives.unchanged_required,
        "show": choices(*TARGET_PARTS),
        "no-index": directives.flag,
    }

    def render(self, data: SlaFile) -> list[Any]:
        if not data.tiers:
            return self.single(data)
        tiers = data.tiers
        if "tier" in self.options:
            tier = data.tier(self.options["tier"].strip())
            if tier is None:
                self.unknown("subscription tier", self.options["tier"], [t.id for t in data.tiers])
                return []
            tiers = [tier]
        parts = self.options.get("show", list(TARGET_PARTS))
        out: list[Any] = []
        if len(tiers) == 1 and ("response" in parts or "resolution" in parts):
            out.append(self.one_tier(data, tiers[0], [p for p in parts if p != "critical"]))
        else:
            for part in ("response", "resolution"):
                if part in parts:
                    out.append(self.by_tier(data, tiers, part, first=not out))
        if "critical" in parts:
            out.append(self.critical(data, tiers))
        return out

    def priority_cell(self, data: SlaFile, priority: Priority, describe: bool) -> list[nodes.Node]:
        b = self.b
        cell: list[nodes.Node] = [b.para(self.priority_label(data, priority.level))]
        if describe:
            cell.append(b.para(self.text("priorities.description", priority.description)))
            if priority.example:
                cell.append(b.para(Phrase.of("Example: {text}", text=self.text("priorities.example", priority.example))))
        return cell

    def target(self, priority: Priority, tier: str | None, part: str) -> nodes.Node:
        targets = priority.targets_for(tier)
        if targets is None:
            return self.b.value(DASH)
        return self.b.value(formatting.capital_first(target_text(getattr(targets, part), self.language), self.language))

    def row_ids(self, priority: Priority, first: bool) -> list[str]:
        if not first:
            return []
        ident = self.register("priority", str(priority.level), self.priority_label_text(priority))
        return [ident] if ident else []

    def priority_label_text(self, priority: Priority) -> str:
        """``1 Critical`` as this build shows it (roles without a title show it)."""
        return self.b.shown(Phrase.plain("{level} {name}", level=str(priority.level), name=self.text("priorities.name", priority.name)))

    def by_tier(self, data: SlaFile, tiers: list[Tier], part: str, first: bool) -> nodes.table:
        b = self.b
        rows = []
        for priority in sorted(data.priorities, key=lambda p: p.level):
            cells: list[Any] = [self.priority_cell(data, priority, describe=first)]
            cells += [self.target(priority, t.id, part) for t in tiers]
            if first:
                cells.append(b.para(self.request_label(data, priority)))
            rows.append((cells, self.row_ids(priority, first)))
        # Tiers have their entry in the subscriptions table; priorities have theirs here.
        heads: list[Any] = ["Priority", *[self.tier_head(t, register=False) for t in tiers]]
        if first:
            heads.append("Request priority")
        caption = "First response" if part == "response" else "Resolution"
        widths = [34, *[16] * len(tiers)] + ([14] if first else [])
        return b.table(heads, rows, widths=widths, caption=caption, classes=[f"cedocs-sla-{part}"], stub_columns=1)

    def one_tier(self, data: SlaFile, tier: Tier, parts: list[str]) -> nodes.table:
        b = self.b
        rows = []
        for priority in sorted(data.priorities, key=lambda p: p.level):
            cells: list[Any] = [self.priority_cell(data, priority, describe=False)]
            cells += [self.target(priority, tier.id, part) for part in parts]
            rows.append((cells, []))
        heads = ["Priority", *["First response" if p == "response" else "Resolution" for p in parts]]
        return b.table(heads, rows, caption=self.tier_name(tier), classes=["cedocs-sla-tier"], stub_columns=1)

    def critical(self, data: SlaFile, tiers: list[Tier]) -> nodes.table:
        """Priority 1 by tier: when it is worked on, and through which channels."""
        b = self.b
        rows = []
        for tier in tiers:
            channels = [c for cid in tier.p1_channels if (c := data.channel(cid)) is not None]
            rows.append(
                (
                    [
                        b.para(self.tier_name(tier)),
                        self.label("during business hours" if tier.p1_hours == "business hours" else "around the clock"),
                        b.bullets(b.para(self.text("channels.name", c.name)) for c in channels),
                    ],
                    [],
                )
            )
        return b.table(
            ["Subscription", "Priority 1 handled", "Channels for priority 1"],
            rows,
            widths=[25, 30, 45],
            caption="Critical incidents (priority 1)",
            classes=["cedocs-sla-critical"],
            stub_columns=1,
        )

    def single(self, data: SlaFile) -> list[Any]:
        """A file without tiers: one target per priority for every customer."""
        b = self.b
        rows = []
        for priority in sorted(data.priorities, key=lambda p: p.level):
            targets = priority.targets_for(None)
            rows.append(
                (
                    [
                        self.priority_cell(data, priority, describe=True),
                        b.para(self.request_label(data, priority)),
                        self.target(priority, None, "response") if targets else None,
                        self.target(priority, None, "resolution") if targets else None,
                        self.text("priorities.coverage", priority.coverage) if priority.coverage else None,
                    ],
                    self.row_ids(priority, True),
                )
            )
        return [
            b.table(
                ["Priority", "Request priority", "First response", "Resolution target", "Clock runs"],
                rows,
                widths=[40, 14, 14, 14, 18],
                caption="Response and resolution targets",
                classes=["cedocs-sla-targets"],
            )
        ]


class RequestPriorities(SlaMixin):
    """``request-priorities``: the Priority of an iDempiere Request (R_Request) for each
    support priority, with the value stored in the database (the list and its names are
    the SLA data's ``request_priorities``, shown by the SLA tables too)."""

    def render(self, data: SlaFile) -> list[Any]:
        b = self.b
        rows = []
        for priority in sorted(data.priorities, key=lambda p: p.level):
            request = data.request_priority(priority.request_priority)
            if request is None:  # reported by the data checks
                continue
            rows.append(
                (
                    [
                        self.text("request_priorities.name", request.name),
                        b.fixed(b.literal(str(request.value))),
                        self.priority_label(data, priority.level),
                    ],
                    [],
                )
            )
        return [
            b.table(
                ["Request priority", "Value", "Support priority"],
                rows,
                widths=[35, 20, 45],
                classes=["cedocs-request-priorities"],
            )
        ]


class SupportHours(SlaMixin):
    """``support-hours``: the support channels, when they are staffed and for whom."""

    option_spec = {"no-index": directives.flag}

    def render(self, data: SlaFile) -> list[Any]:
        b = self.b
        rows = []
        for channel in data.channels:
            name = self.text("channels.name", channel.name)
            ident = self.register("channel", channel.id, b.shown(name)) or f"support-channel-{channel.id}"
            about: list[nodes.Node] = [b.para(name), b.para(self.text("channels.description", channel.description))]
            rows.append(([about, self.availability(data, channel), self.link(channel)], [ident]))
        table = b.table(
            ["Channel", "Available", "Address"],
            rows,
            widths=[50, 25, 25],
            caption="Support channels and hours",
            classes=["cedocs-support-hours"],
        )
        note = Phrase.of(
            "Times are given in the {timezone} time zone: {note}",
            timezone=data.timezone,
            note=self.text("timezone_note", data.timezone_note),
        )
        return [table, b.para(note)]

    def availability(self, data: SlaFile, channel: Channel) -> list[nodes.Node]:
        b = self.b
        out: list[nodes.Node] = []
        hours = data.hours_of(channel)
        if channel.around_the_clock or hours is None:
            out.append(self.label("around the clock"))
        else:
            field = "channels.hours.days" if hours is channel.hours else "business_hours.days"
            out.append(b.para(self.text(field, hours.days)))
            if hours.start and hours.end:
                out.append(b.value(formatting.time_range(hours.start, hours.end, self.language)))
        names = [b.shown(self.tier_name(t)) for tid in channel.tiers if (t := data.tier(tid)) is not None]
        if names:
            listed = format_list(names, style="or", locale=self.language)
            out.append(b.para(Phrase.of("Only with the {names} subscription", names=listed)))
        if channel.priorities:
            out.append(b.para(Phrase.of("Only for priority {levels}", levels=", ".join(str(p) for p in channel.priorities))))
        return out

    @staticmethod
    def link(channel: Channel) -> nodes.Node | None:
        if not channel.url:
            return None
        # The URL passed SafeUrl validation (http, https or relative) when the file loaded.
        return nodes.reference(channel.url, channel.url, refuri=channel.url)


class Subscriptions(SlaMixin):
    """``subscriptions``: what each subscription tier includes, from the SLA data: the
    services of every tier, named contacts, first response to priorities 1 and 2,
    priority 1 outside business hours, service reviews and a dedicated consultant."""

    option_spec = {"no-index": directives.flag}

    def render(self, data: SlaFile) -> list[Any]:
        b = self.b
        if not data.tiers:
            self.warn(f"the SLA data ({self.config.cedocs_sla_file}) defines no subscription tiers")
            return []
        tiers = data.tiers
        rows: list[tuple[list[Any], list[str]]] = []
        for service in data.services:
            rows.append(([self.text("services.name", service.name), *[self.included(not service.tiers or t.id in service.tiers) for t in tiers]], []))
        contacts = [
            self.label("unlimited") if t.named_contacts == "unlimited" else b.value(formatting.number(t.named_contacts, self.language))
            for t in tiers
        ]
        rows.append((["Named contacts who may report to support", *contacts], []))
        for level in (1, 2):
            priority = data.priority(level)
            if priority is None:
                continue
            cells = [self.target_cell(priority, t.id) for t in tiers]
            label = Phrase.of("First response to priority {level} ({name})", level=str(level), name=self.text("priorities.name", priority.name))
            rows.append(([label, *cells], []))
        rows.append((["Priority 1 handled outside business hours", *[self.included(t.p1_hours == "around the clock") for t in tiers]], []))
        rows.append((["Service review meetings", *[self.label(t.reviews) if t.reviews != "none" else b.value(DASH) for t in tiers]], []))
        rows.append((["Dedicated consultant for your roadmap", *[self.included(t.consultant) for t in tiers]], []))
        heads = ["Service", *[self.tier_head(t, register=True) for t in tiers]]
        return [
            b.table(
                heads,
                rows,
                widths=[40, *[20] * len(tiers)],
                caption="Services by subscription",
                classes=["cedocs-subscriptions"],
                stub_columns=1,
            )
        ]

    def included(self, yes: bool) -> nodes.Node:
        return self.label("included") if yes else self.b.value(DASH)

    def target_cell(self, priority: Priority, tier: str) -> nodes.Node:
        targets = priority.targets_for(tier)
        if targets is None:
            return self.b.value(DASH)
        return self.b.value(target_text(targets.response, self.language))


__all__ = ["RequestPriorities", "SlaMatrix", "SlaTargets", "Subscriptions", "SupportHours", "anchor"]
