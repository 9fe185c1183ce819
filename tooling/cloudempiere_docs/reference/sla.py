"""Directives for the support SLA: priority matrix, targets per priority, support hours."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from cloudempiere_docs.data.sla import Channel, Level, SlaFile
from cloudempiere_docs.data.texts import DataText
from cloudempiere_docs.reference.domain import ReferenceDirective
from cloudempiere_docs.toolkit.text import Phrase


class SlaMixin(ReferenceDirective):
    kind = "sla"

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


class SlaMatrix(SlaMixin):
    """``sla-matrix``: impact x urgency -> priority, with what the levels mean."""

    def render(self, data: SlaFile) -> list[Any]:
        b = self.b
        cells = {(c.impact, c.urgency): c.priority for c in data.matrix}
        rows = []
        for impact in data.impacts:
            row: list[Any] = [self.level_name(impact, "Impact")]
            for urgency in data.urgencies:
                level = cells.get((impact.id, urgency.id))
                row.append(self.priority_label(data, level) if level else None)
            rows.append((row, []))
        headers = ["Impact / urgency", *[self.level_name(u, "Urgency") for u in data.urgencies]]
        table = b.table(
            headers,
            rows,
            widths=[28, *[24] * len(data.urgencies)],
            caption="Priority from impact and urgency",
            classes=["cedocs-sla-matrix"],
            stub_columns=1,
        )
        out: list[Any] = [table]
        for heading, levels in (("Impact", data.impacts), ("Urgency", data.urgencies)):
            dl = nodes.definition_list(classes=["cedocs-sla-levels"])
            for level in levels:
                field = "impacts.description" if heading == "Impact" else "urgencies.description"
                term = nodes.term("", "", b.inline(self.level_name(level, heading)))
                dl += nodes.definition_list_item("", term, nodes.definition("", b.para(self.text(field, level.description))))
            out += [b.rubric(heading), dl]
        return out


class SlaTargets(SlaMixin):
    """``sla-targets``: first response and resolution target per priority."""

    def render(self, data: SlaFile) -> list[Any]:
        b = self.b
        rows = []
        for priority in sorted(data.priorities, key=lambda p: p.level):
            ident = f"sla-priority-{priority.level}"
            label = [b.para(self.priority_label(data, priority.level)), b.para(self.text("priorities.description", priority.description))]
            if priority.example:
                label.append(b.para(Phrase.of("Example: {text}", text=self.text("priorities.example", priority.example))))
            rows.append(
                (
                    [
                        label,
                        b.literal(priority.request_priority.label),
                        priority.response.text,
                        priority.resolution.text,
                        self.text("priorities.coverage", priority.coverage),
                    ],
                    [ident],
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


class SupportHours(SlaMixin):
    """``support-hours``: the support channels and when they are staffed."""

    def render(self, data: SlaFile) -> list[Any]:
        b = self.b
        rows = []
        for channel in data.channels:
            rows.append(
                (
                    [
                        [b.para(self.text("channels.name", channel.name)), b.para(self.text("channels.description", channel.description))],
                        self.availability(channel),
                        self.link(channel),
                    ],
                    [f"support-channel-{channel.id}"],
                )
            )
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

    def availability(self, channel: Channel) -> Phrase | DataText | str:
        if channel.around_the_clock or channel.hours is None:
            return "24 hours a day, 7 days a week"
        hours = channel.hours
        days = self.text("channels.hours.days", hours.days)
        if hours.start and hours.end:
            return Phrase.plain("{days}, {start}–{end}", days=days, start=hours.start, end=hours.end)
        return days

    @staticmethod
    def link(channel: Channel) -> nodes.Node | None:
        if not channel.url:
            return None
        # The URL passed SafeUrl validation (http, https or relative) when the file loaded.
        return nodes.reference(channel.url, channel.url, refuri=channel.url)
