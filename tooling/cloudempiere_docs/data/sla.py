"""Schema of ``source/_data/sla.yaml``: support priorities, targets and hours.

Priority follows ITIL: impact x urgency -> priority 1 (critical) to 5 (planning). Each
priority maps to the priority of an iDempiere Request (R_Request.Priority), so what the
portal shows matches this page.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, Field

from cloudempiere_docs.data.common import SafeUrl, Strict
from cloudempiere_docs.data.loader import DataProblem, Loaded

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _time(value: str) -> str:
    if not _TIME.match(value):
        raise ValueError(f"expected a time HH:MM (24-hour clock), got {value!r}")
    return value


Time = Annotated[str, AfterValidator(_time)]


class RequestPriority(str, Enum):
    """R_Request.Priority; the value stored in the database is the digit."""

    URGENT = "urgent"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    MINOR = "minor"

    @property
    def code(self) -> int:
        return {"urgent": 1, "high": 3, "medium": 5, "low": 7, "minor": 9}[self.value]

    @property
    def label(self) -> str:
        return f"{self.code} {self.value.capitalize()}"


class Unit(str, Enum):
    MINUTES = "minutes"
    HOURS = "hours"  # clock hours, counted around the clock
    BUSINESS_HOURS = "business hours"
    BUSINESS_DAYS = "business days"
    NEXT_RELEASE = "next release"


class Target(Strict):
    amount: int | None = Field(default=None, gt=0)
    unit: Unit

    @property
    def text(self) -> str:
        if self.unit is Unit.NEXT_RELEASE:
            return "With the next release"
        unit = self.unit.value
        if self.amount == 1:
            unit = {"minutes": "minute", "hours": "hour", "business hours": "business hour", "business days": "business day"}[unit]
        return f"{self.amount} {unit}"


class Level(Strict):
    id: Id
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)


class Priority(Strict):
    level: int = Field(ge=1, le=5)
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    example: str | None = None
    request_priority: RequestPriority
    response: Target
    resolution: Target
    coverage: str = Field(min_length=1)  # when the clock runs, e.g. around the clock


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
    hours: Hours | None = None


class SlaFile(Strict):
    timezone: str = Field(min_length=1)
    timezone_note: str = Field(min_length=1)
    impacts: list[Level]
    urgencies: list[Level]
    matrix: list[Cell]
    priorities: list[Priority]
    channels: list[Channel]


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
    seen_levels: set[int] = set()
    for index, priority in enumerate(data.priorities):
        if priority.level in seen_levels:
            problems.append(loaded.problem(("priorities", index, "level"), f"duplicate priority {priority.level}"))
        seen_levels.add(priority.level)
        for name in ("response", "resolution"):
            target: Target = getattr(priority, name)
            if (target.amount is None) != (target.unit is Unit.NEXT_RELEASE):
                problems.append(loaded.problem(("priorities", index, name, "amount"), "give an amount, except for 'next release'"))
    channel_ids: set[str] = set()
    for index, channel in enumerate(data.channels):
        loc = ("channels", index)
        if channel.id in channel_ids:
            problems.append(loaded.problem((*loc, "id"), f"duplicate channel {channel.id!r}"))
        channel_ids.add(channel.id)
        if channel.around_the_clock == (channel.hours is not None):
            problems.append(loaded.problem(loc, "set either around_the_clock: true or hours"))
        hours = channel.hours
        if hours and (hours.start is None) != (hours.end is None):
            problems.append(loaded.problem((*loc, "hours"), "give both start and end, or neither"))
        if hours and hours.start and hours.end and hours.end <= hours.start:
            problems.append(loaded.problem((*loc, "hours", "end"), f"must be after start ({hours.start})"))
    return problems
