"""Schema of ``source/_data/sla.yaml``: support priorities, subscriptions, targets, hours.

Priority follows ITIL: impact x urgency -> priority 1 (critical) to 5 (planning). Each
priority maps to a value of the Priority list of an iDempiere Request (R_Request.Priority,
``request_priorities``: the value stored and its name), so what the portal shows matches
the SLA page and the priorities page, which both print the list from here.

The subscription tiers (Foundation, Professional, Strategic) decide how deep the support
goes: the first response and resolution target of each priority, when priority-1
incidents are worked on and through which channels, named contacts, service reviews.
Targets in minutes or hours run around the clock; targets in business hours or business
days run only within the business hours, so the units say when the clock runs and a
tier that works on priority 1 around the clock must give its priority-1 targets in clock
time (checked below).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from cloudempiere_docs.data.common import SafeUrl, Strict
from cloudempiere_docs.data.loader import DataProblem, Loaded

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _time(value: str) -> str:
    if not _TIME.match(value):
        raise ValueError(f"expected a time HH:MM (24-hour clock), got {value!r}")
    return value


Time = Annotated[str, AfterValidator(_time)]


class RequestPriority(Strict):
    """A value of the Priority list of a request (R_Request.Priority): the value stored in
    the database and its name, as the support portal and the Request window show it. Its
    name is a text of the data, translated once (``request_priorities.name``)."""

    id: Id
    value: int = Field(ge=1, le=9)  # R_Request.Priority is one character
    name: str = Field(min_length=1)

    @property
    def label(self) -> str:
        """``1 Urgent``: the English label (pages show the name translated)."""
        return f"{self.value} {self.name}"


#: The Priority list of iDempiere's Request, for an SLA file without the key
#: ``request_priorities``: the base of a ``make diff`` older than the change that made
#: the list data, and test roots that do not care about it. The manual's own file states
#: the list (a test checks it), and so do the commits versions 12 and 13 are pinned to.
#: Remove this fallback when no ``make diff`` base older than that change is in use.
LEGACY_REQUEST_PRIORITIES = (
    {"id": "urgent", "value": 1, "name": "Urgent"},
    {"id": "high", "value": 3, "name": "High"},
    {"id": "medium", "value": 5, "name": "Medium"},
    {"id": "low", "value": 7, "name": "Low"},
    {"id": "minor", "value": 9, "name": "Minor"},
)


class Unit(str, Enum):
    MINUTES = "minutes"  # clock time: counted around the clock
    HOURS = "hours"  # clock hours, counted around the clock
    BUSINESS_HOURS = "business hours"  # counted only within the business hours
    BUSINESS_DAYS = "business days"
    NEXT_RELEASE = "next release"

    @property
    def around_the_clock(self) -> bool:
        return self in (Unit.MINUTES, Unit.HOURS)


_TARGET_TEXT = re.compile(r"^\s*(?:(?P<amount>\d+)\s+)?(?P<unit>[a-z][a-z ]*?)\s*$")
_SINGULAR = {"minute": "minutes", "hour": "hours", "business hour": "business hours", "business day": "business days"}


def _target(value: Any) -> Any:
    """``"30 minutes"``, ``"1 business day"``, ``"next release"``: the short form of a
    target; the long form ``{amount: 30, unit: minutes}`` is accepted as well."""
    if not isinstance(value, str):
        return value
    match = _TARGET_TEXT.match(value)
    if not match:
        raise ValueError(f"expected a target such as '30 minutes', '4 business hours' or 'next release', got {value!r}")
    unit = _SINGULAR.get(match["unit"], match["unit"])
    return {"amount": int(match["amount"]) if match["amount"] else None, "unit": unit}


class Target(Strict):
    amount: int | None = Field(default=None, gt=0)
    unit: Unit

    @property
    def text(self) -> str:
        """English text of the target (the formatting module writes it per language)."""
        if self.unit is Unit.NEXT_RELEASE:
            return "With the next release"
        unit = self.unit.value
        if self.amount == 1:
            unit = {"minutes": "minute", "hours": "hour", "business hours": "business hour", "business days": "business day"}[unit]
        return f"{self.amount} {unit}"


TargetValue = Annotated[Target, BeforeValidator(_target)]


class Level(Strict):
    """An impact or urgency level: what it means, and examples of issues at that level."""

    id: Id
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    examples: list[Annotated[str, Field(min_length=1)]] = []


class Targets(Strict):
    """First response and resolution of one priority for one subscription tier."""

    response: TargetValue
    resolution: TargetValue


class Priority(Strict):
    level: int = Field(ge=1, le=5)
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    example: str | None = None
    request_priority: Id  # the id of an entry of request_priorities
    # Per subscription tier (tier id -> targets). A priority whose targets are the same
    # for every tier may give them once as response/resolution instead.
    targets: dict[Id, Targets] = {}
    response: TargetValue | None = None
    resolution: TargetValue | None = None
    coverage: str | None = None  # files without tiers: when the clock runs, as text

    def targets_for(self, tier: str | None) -> Targets | None:
        """The targets of this priority for ``tier`` (None: the targets shared by every tier)."""
        if tier is not None and tier in self.targets:
            return self.targets[tier]
        if self.response is not None and self.resolution is not None:
            return Targets(response=self.response, resolution=self.resolution)
        return None


class Cell(Strict):
    impact: Id
    urgency: Id
    priority: int = Field(ge=1, le=5)


class Hours(Strict):
    days: str = Field(min_length=1)
    start: Time | None = None
    end: Time | None = None


class Channel(Strict):
    id: Id
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    url: SafeUrl | None = None
    around_the_clock: bool = False
    # The channel's own hours, or "business": staffed during the business hours.
    hours: Hours | Literal["business"] | None = None
    tiers: list[Id] = []  # only these subscription tiers may use it (empty: every tier)
    priorities: list[int] = []  # only for these priorities (empty: every priority)


Reviews = Literal["none", "quarterly", "monthly"]


class Tier(Strict):
    """A product subscription: how deep the support services go."""

    id: Id
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    named_contacts: int | Literal["unlimited"]
    reviews: Reviews = "none"  # service review meetings
    consultant: bool = False  # a dedicated consultant for the customer's roadmap
    # When priority-1 incidents are worked on, and through which channels they are taken.
    p1_hours: Literal["business hours", "around the clock"]
    p1_channels: list[Id] = Field(min_length=1)


class Service(Strict):
    """A service of the subscriptions table; included in every tier unless ``tiers``."""

    id: Id
    name: str = Field(min_length=1)
    tiers: list[Id] = []


class SlaFile(Strict):
    timezone: str = Field(min_length=1)
    timezone_note: str = Field(min_length=1)
    business_hours: Hours | None = None
    impacts: list[Level]
    urgencies: list[Level]
    matrix: list[Cell]
    request_priorities: list[RequestPriority] = []
    priorities: list[Priority]
    channels: list[Channel]
    tiers: list[Tier] = []
    services: list[Service] = []

    @model_validator(mode="before")
    @classmethod
    def _legacy_request_priorities(cls, data: Any) -> Any:
        """A file without ``request_priorities`` gets iDempiere's list, which its
        priorities name by id (see :data:`LEGACY_REQUEST_PRIORITIES` for which files)."""
        if isinstance(data, dict) and "request_priorities" not in data:
            data = {**data, "request_priorities": list(LEGACY_REQUEST_PRIORITIES)}
        return data

    def request_priority(self, request_id: str) -> RequestPriority | None:
        return next((r for r in self.request_priorities if r.id == request_id), None)

    def tier(self, tier_id: str) -> Tier | None:
        return next((t for t in self.tiers if t.id == tier_id), None)

    def priority(self, level: int) -> Priority | None:
        return next((p for p in self.priorities if p.level == level), None)

    def channel(self, channel_id: str) -> Channel | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def hours_of(self, channel: Channel) -> Hours | None:
        """A channel's staffed hours (None: around the clock)."""
        if channel.hours == "business":
            return self.business_hours
        return channel.hours if isinstance(channel.hours, Hours) else None


def check_sla(loaded: Loaded[SlaFile]) -> list[DataProblem]:
    """A complete matrix over known levels, one record per priority, consistent hours."""
    data = loaded.value
    problems: list[DataProblem] = []
    impacts = {level.id for level in data.impacts}
    urgencies = {level.id for level in data.urgencies}
    levels = {p.level for p in data.priorities}
    seen: dict[tuple[str, str], int] = {}
    for index, cell in enumerate(data.matrix):
        loc = ("matrix", index)
        if cell.impact not in impacts:
            problems.append(loaded.problem((*loc, "impact"), f"unknown impact {cell.impact!r} (known: {', '.join(sorted(impacts))})"))
        if cell.urgency not in urgencies:
            problems.append(loaded.problem((*loc, "urgency"), f"unknown urgency {cell.urgency!r} (known: {', '.join(sorted(urgencies))})"))
        if cell.priority not in levels:
            problems.append(loaded.problem((*loc, "priority"), f"priority {cell.priority} is not defined under priorities"))
        if (cell.impact, cell.urgency) in seen:
            problems.append(loaded.problem(loc, f"impact {cell.impact!r} and urgency {cell.urgency!r} are already mapped"))
        seen.setdefault((cell.impact, cell.urgency), index)
    for impact in data.impacts:
        for urgency in data.urgencies:
            if (impact.id, urgency.id) not in seen:
                problems.append(loaded.problem(("matrix",), f"no priority for impact {impact.id!r} and urgency {urgency.id!r}"))
    tiers = [t.id for t in data.tiers]
    tier_ids = set(tiers)
    channel_ids = [c.id for c in data.channels]

    def known(what: str, value: str, among: list[str]) -> str:
        return f"unknown {what} {value!r} (known: {', '.join(among) or 'none'})"

    request_ids: set[str] = set()
    request_values: set[int] = set()
    for index, request in enumerate(data.request_priorities):
        loc = ("request_priorities", index)
        if request.id in request_ids:
            problems.append(loaded.problem((*loc, "id"), f"duplicate request priority {request.id!r}"))
        if request.value in request_values:
            problems.append(loaded.problem((*loc, "value"), f"duplicate request priority value {request.value}"))
        request_ids.add(request.id)
        request_values.add(request.value)
    requests = list(dict.fromkeys(r.id for r in data.request_priorities))

    # A more urgent support priority never maps to a less urgent request value: the portal
    # sorts and filters tickets by the value, so the two orders must agree.
    by_level = sorted(enumerate(data.priorities), key=lambda item: item[1].level)
    previous: tuple[int, RequestPriority] | None = None
    for index, priority in by_level:
        request = data.request_priority(priority.request_priority)
        if request is None:
            continue
        if previous is not None and request.value < previous[1].value:
            problems.append(
                loaded.problem(
                    ("priorities", index, "request_priority"),
                    f"priority {priority.level} maps to request priority {request.label}, more urgent than"
                    f" {previous[1].label} of priority {previous[0]}: a lower support priority needs an equal or"
                    " higher request value",
                )
            )
        previous = (priority.level, request)

    seen_levels: set[int] = set()
    for index, priority in enumerate(data.priorities):
        loc = ("priorities", index)
        if priority.level in seen_levels:
            problems.append(loaded.problem((*loc, "level"), f"duplicate priority {priority.level}"))
        seen_levels.add(priority.level)
        if priority.request_priority not in request_ids:
            problems.append(loaded.problem((*loc, "request_priority"), known("request priority", priority.request_priority, requests)))
        if (priority.response is None) != (priority.resolution is None):
            problems.append(loaded.problem(loc, "give both response and resolution, or neither"))
        for tier_id in priority.targets:
            if tier_id not in tier_ids:
                problems.append(loaded.problem((*loc, "targets", tier_id), known("subscription tier", tier_id, tiers)))
        if data.tiers:
            missing = [t for t in tiers if priority.targets_for(t) is None]
            if missing:
                problems.append(
                    loaded.problem((*loc, "targets"), f"no targets for {', '.join(missing)}: give them per tier, or response and resolution for every tier")
                )
        elif priority.response is None:
            problems.append(loaded.problem(loc, "give response and resolution (or define tiers and targets per tier)"))
        places: list[tuple[tuple[str | int, ...], Target]] = []
        for name in ("response", "resolution"):
            if getattr(priority, name) is not None:
                places.append(((*loc, name), getattr(priority, name)))
            for tier_id, targets in priority.targets.items():
                places.append(((*loc, "targets", tier_id, name), getattr(targets, name)))
        for where, target in places:
            if (target.amount is None) != (target.unit is Unit.NEXT_RELEASE):
                problems.append(loaded.problem((*where, "amount"), "give an amount, except for 'next release'"))
        if priority.level == 1:
            for tier in data.tiers:
                targets = priority.targets_for(tier.id)
                if targets is None:
                    continue
                clock = tier.p1_hours == "around the clock"
                for name in ("response", "resolution"):
                    target = getattr(targets, name)
                    if target.unit is not Unit.NEXT_RELEASE and target.unit.around_the_clock != clock:
                        wanted = "minutes or hours (clock time)" if clock else "business hours or business days"
                        where = (*loc, "targets", tier.id, name) if tier.id in priority.targets else (*loc, name)
                        problems.append(
                            loaded.problem(where, f"tier {tier.id!r} handles priority 1 {tier.p1_hours}: give this target in {wanted}")
                        )

    seen_channels: set[str] = set()
    for index, channel in enumerate(data.channels):
        loc = ("channels", index)
        if channel.id in seen_channels:
            problems.append(loaded.problem((*loc, "id"), f"duplicate channel {channel.id!r}"))
        seen_channels.add(channel.id)
        if channel.around_the_clock == (channel.hours is not None):
            problems.append(loaded.problem(loc, "set either around_the_clock: true or hours"))
        hours = channel.hours
        if hours == "business" and data.business_hours is None:
            problems.append(loaded.problem((*loc, "hours"), "'business' needs business_hours at the top of the file"))
        if isinstance(hours, Hours):
            problems += _hours_problems(loaded, (*loc, "hours"), hours)
        for position, tier_id in enumerate(channel.tiers):
            if tier_id not in tier_ids:
                problems.append(loaded.problem((*loc, "tiers", position), known("subscription tier", tier_id, tiers)))
        for position, level in enumerate(channel.priorities):
            if level not in levels:
                problems.append(loaded.problem((*loc, "priorities", position), f"priority {level} is not defined under priorities"))
    if data.business_hours is not None:
        problems += _hours_problems(loaded, ("business_hours",), data.business_hours)
        if data.business_hours.start is None:
            problems.append(loaded.problem(("business_hours",), "give start and end of the business hours"))
    elif data.tiers:
        problems.append(loaded.problem(("tiers",), "business targets need business_hours at the top of the file"))

    seen_tiers: set[str] = set()
    for index, tier in enumerate(data.tiers):
        loc = ("tiers", index)
        if tier.id in seen_tiers:
            problems.append(loaded.problem((*loc, "id"), f"duplicate tier {tier.id!r}"))
        seen_tiers.add(tier.id)
        if isinstance(tier.named_contacts, int) and tier.named_contacts < 1:
            problems.append(loaded.problem((*loc, "named_contacts"), "must be at least 1, or 'unlimited'"))
        for position, channel_id in enumerate(tier.p1_channels):
            channel = data.channel(channel_id)
            if channel is None:
                problems.append(loaded.problem((*loc, "p1_channels", position), known("channel", channel_id, channel_ids)))
            elif channel.tiers and tier.id not in channel.tiers:
                problems.append(
                    loaded.problem((*loc, "p1_channels", position), f"channel {channel_id!r} is only for {', '.join(channel.tiers)}")
                )
            elif channel.priorities and 1 not in channel.priorities:
                problems.append(loaded.problem((*loc, "p1_channels", position), f"channel {channel_id!r} does not take priority 1"))
        if tier.p1_hours == "around the clock" and not any(
            (c := data.channel(cid)) is not None and c.around_the_clock for cid in tier.p1_channels
        ):
            problems.append(loaded.problem((*loc, "p1_channels"), "priority 1 around the clock needs a channel open around the clock"))
    seen_services: set[str] = set()
    for index, service in enumerate(data.services):
        loc = ("services", index)
        if service.id in seen_services:
            problems.append(loaded.problem((*loc, "id"), f"duplicate service {service.id!r}"))
        seen_services.add(service.id)
        for position, tier_id in enumerate(service.tiers):
            if tier_id not in tier_ids:
                problems.append(loaded.problem((*loc, "tiers", position), known("subscription tier", tier_id, tiers)))
    return problems


def _hours_problems(loaded: Loaded[SlaFile], loc: tuple[str | int, ...], hours: Hours) -> list[DataProblem]:
    problems = []
    if (hours.start is None) != (hours.end is None):
        problems.append(loaded.problem(loc, "give both start and end, or neither"))
    if hours.start and hours.end and hours.end <= hours.start:
        problems.append(loaded.problem((*loc, "end"), f"must be after start ({hours.start})"))
    return problems
