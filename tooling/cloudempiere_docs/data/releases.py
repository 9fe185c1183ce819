"""Schemas and consistency rules for ``releases.yaml`` and ``defects.yaml``.

The support terms promise that a confirmed defect is announced together with the
(estimated) version that fixes it. The rules below keep that promise checkable: each status
requires exactly the fields that describe it, and the dates must tell a possible story
(reported <= confirmed <= release date of the fix).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Literal, get_args

from pydantic import Field

from cloudempiere_docs.data.common import Strict
from cloudempiere_docs.data.loader import DataProblem, Loaded
from cloudempiere_docs.data.versioning import ReleaseNumber, Version

DefectId = Annotated[str, Field(pattern=r"^CLD-[0-9]+$")]
UpstreamId = Annotated[str, Field(pattern=r"^IDEMPIERE-[0-9]+$")]
SettingKey = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
Text = Annotated[str, Field(min_length=1)]

Component = Literal[
    "Sales",
    "Purchasing",
    "Invoicing",
    "Tax",
    "Accounting",
    "Banking",
    "Inventory",
    "Reporting",
    "Integration",
    "Web UI",
    "Security",
]
COMPONENTS: tuple[str, ...] = get_args(Component)
Severity = Literal["critical", "major", "minor", "trivial"]
SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2, "trivial": 3}
Status = Literal["reported", "confirmed", "fixed", "wont_fix"]


def id_key(defect_id: str) -> int:
    return int(defect_id.split("-", 1)[1])


class Feature(Strict):
    title: Text
    description: Text
    settings: tuple[SettingKey, ...] = ()  # System Configurator keys the feature introduces or uses
    windows: tuple[Text, ...] = ()  # windows and forms where the feature is visible


class Release(Strict):
    version: ReleaseNumber
    status: Literal["released", "planned"]
    date: dt.date | None = None  # release date (released)
    planned_date: dt.date | None = None  # target date (planned)
    title: Text  # codename shown with the number
    idempiere: Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)?$")]  # iDempiere version it is based on
    highlights: tuple[Text, ...] = Field(min_length=1)
    features: tuple[Feature, ...] = ()

    @property
    def manual(self) -> Version:
        """The manual version this release belongs to: the major part (``13.1`` -> ``13``)."""
        return Version(str(self.version.major))

    @property
    def released(self) -> bool:
        return self.status == "released"

    @property
    def when(self) -> dt.date | None:
        return self.date if self.released else self.planned_date


class ReleasesFile(Strict):
    releases: tuple[Release, ...] = Field(min_length=1)

    @cached_property
    def by_version(self) -> dict[Version, Release]:
        """Each release once (the first of duplicates, which the checks report)."""
        result: dict[Version, Release] = {}
        for release in self.releases:
            result.setdefault(release.version, release)
        return result


class Defect(Strict):
    id: DefectId
    title: Text
    description: Text
    component: Component
    severity: Severity
    affects: tuple[ReleaseNumber, ...] = Field(min_length=1)
    status: Status
    reported: dt.date
    confirmed: dt.date | None = None
    fixed_in: ReleaseNumber | None = None
    estimated_fix: ReleaseNumber | None = None
    upstream: UpstreamId | None = None
    workaround: Text | None = None
    reason: Text | None = None  # why it will not be fixed (wont_fix)


class DefectsFile(Strict):
    defects: tuple[Defect, ...] = ()

    @cached_property
    def index_of(self) -> dict[str, int]:
        """Position of each defect id (the first of duplicates, which the checks report)."""
        result: dict[str, int] = {}
        for index, defect in enumerate(self.defects):
            result.setdefault(defect.id, index)
        return result

    @cached_property
    def by_id(self) -> dict[str, Defect]:
        return {defect_id: self.defects[index] for defect_id, index in self.index_of.items()}


#: Per status: fields that must be set, and fields that must not be set.
_STATUS_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "reported": ((), ("confirmed", "fixed_in", "estimated_fix", "reason")),
    "confirmed": (("confirmed", "estimated_fix"), ("fixed_in", "reason")),
    "fixed": (("confirmed", "fixed_in"), ("estimated_fix", "reason")),
    "wont_fix": (("reason",), ("fixed_in", "estimated_fix")),
}



def check_releases(loaded: Loaded[ReleasesFile]) -> list[DataProblem]:
    """Unique versions, the fields of each status, dates that grow with the version."""
    problems: list[DataProblem] = []
    first = loaded.value.by_version
    for index, release in enumerate(loaded.value.releases):
        loc: tuple[str | int, ...] = ("releases", index)
        if first[release.version] is not release:
            problems.append(loaded.problem((*loc, "version"), f"duplicate release {release.version}"))
            continue
        if release.released and (release.date is None or release.planned_date is not None):
            problems.append(loaded.problem((*loc, "date"), "a released release needs 'date' and no 'planned_date'"))
        if not release.released and (release.planned_date is None or release.date is not None):
            problems.append(loaded.problem((*loc, "planned_date"), "a planned release needs 'planned_date' and no 'date'"))
    # A planned release cannot come before a released one of a lower number, and so on:
    # dates must grow with the version number.
    ordered = sorted(first.values(), key=lambda r: r.version)
    for before, after in zip(ordered, ordered[1:]):
        if before.when and after.when and after.when < before.when:
            index = loaded.value.releases.index(after)
            problems.append(
                loaded.problem(
                    ("releases", index, "date" if after.released else "planned_date"),
                    f"{after.version} is dated {after.when} before {before.version} ({before.when})",
                )
            )
    return problems


def _known(releases: Iterable[Version]) -> str:
    return ", ".join(str(v) for v in releases)


def check_defects(loaded: Loaded[DefectsFile], releases: Loaded[ReleasesFile] | None) -> list[DataProblem]:
    """The fields of each status, possible dates, and releases that exist and fit
    (skipped without a valid ``releases.yaml``: every version would look unknown)."""
    problems: list[DataProblem] = []
    known = releases.value.by_version if releases is not None else None
    for index, defect in enumerate(loaded.value.defects):
        loc: tuple[str | int, ...] = ("defects", index)

        def problem(name: str, message: str) -> None:
            problems.append(loaded.problem((*loc, name), f"{defect.id}: {message}"))

        first = loaded.value.index_of[defect.id]
        if first != index:
            problem("id", f"duplicate defect id (first defined on line {loaded.line_of(('defects', first))})")
            continue
        required, forbidden = _STATUS_FIELDS[defect.status]
        for name in required:
            if getattr(defect, name) is None:
                problem(name, f"status {defect.status!r} requires {name!r}")
        for name in forbidden:
            if getattr(defect, name) is not None:
                problem(name, f"status {defect.status!r} must not have {name!r}")

        if defect.confirmed and defect.confirmed < defect.reported:
            problem("confirmed", f"confirmed {defect.confirmed} before it was reported ({defect.reported})")
        if known is None:
            continue
        for position, version in enumerate(defect.affects):
            affected = known.get(version)
            if affected is None:
                problems.append(loaded.problem((*loc, "affects", position), f"{defect.id}: unknown release {version}"))
            elif not affected.released:
                problems.append(
                    loaded.problem(
                        (*loc, "affects", position), f"{defect.id}: {version} is planned; only released versions can be affected"
                    )
                )
        if defect.fixed_in:
            fix = known.get(defect.fixed_in)
            if fix is None:
                problem("fixed_in", f"unknown release {defect.fixed_in} (known: {_known(known)})")
            elif not fix.released:
                problem("fixed_in", f"{fix.version} is not released yet; use status 'confirmed' with estimated_fix")
            else:
                assert fix.date is not None
                if fix.date < defect.reported:
                    problem("fixed_in", f"{fix.version} was released on {fix.date}, before the defect was reported ({defect.reported})")
                elif defect.confirmed and fix.date < defect.confirmed:
                    problem("fixed_in", f"{fix.version} was released on {fix.date}, before the defect was confirmed ({defect.confirmed})")
                later = [v for v in defect.affects if v >= fix.version]
                if later:
                    problem("affects", f"lists {_known(later)}, not older than the fix release {fix.version}")
        if defect.estimated_fix:
            estimate = known.get(defect.estimated_fix)
            if estimate is None:
                problem("estimated_fix", f"unknown release {defect.estimated_fix} (known: {_known(known)})")
            elif estimate.released:
                problem(
                    "estimated_fix",
                    f"{estimate.version} was released on {estimate.date} without the fix: set 'fixed_in' "
                    "or move the estimate to a planned release",
                )
    return problems


@dataclass(frozen=True)
class Catalog:
    """Releases and defects of the manual, as loaded (either may be missing or broken)."""

    releases_file: Loaded[ReleasesFile] | None
    defects_file: Loaded[DefectsFile] | None

    @property
    def ok(self) -> bool:
        """Both files loaded; checks that need both are skipped otherwise."""
        return self.releases_file is not None and self.defects_file is not None

    @property
    def releases(self) -> Mapping[Version, Release]:
        return self.releases_file.value.by_version if self.releases_file else {}

    @property
    def defects(self) -> Mapping[str, Defect]:
        return self.defects_file.value.by_id if self.defects_file else {}

    def release(self, version: Version | None) -> Release | None:
        return self.releases.get(version) if version else None

    def fixed_in_location(self, defect_id: str) -> str | None:
        """Where a defect's ``fixed_in`` is written, for located consistency warnings."""
        if self.defects_file is None or defect_id not in self.defects_file.value.index_of:
            return None
        index = self.defects_file.value.index_of[defect_id]
        return self.defects_file.problem(("defects", index, "fixed_in"), "").location
