"""Schemas and consistency rules for ``releases.yaml`` and ``defects.yaml``.

The support terms promise that a confirmed defect is announced together with the
(estimated) version that fixes it. The rules below keep that promise checkable: each status
requires exactly the fields that describe it, and the dates must tell a possible story
(reported <= confirmed <= release date of the fix).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import Field

from .common import Strict
from .loader import DataFileError, DataProblem, Loaded, load_model

ReleaseVersion = Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+$")]
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


def version_key(version: str) -> tuple[int, ...]:
    """``"13.1"`` -> ``(13, 1)``: versions compare numerically, not as text."""
    return tuple(int(part) for part in version.split("."))


def id_key(defect_id: str) -> int:
    return int(defect_id.split("-", 1)[1])


class Feature(Strict):
    title: Text
    description: Text
    settings: tuple[SettingKey, ...] = ()  # System Configurator keys the feature introduces or uses
    windows: tuple[Text, ...] = ()  # windows and forms where the feature is visible


class Release(Strict):
    version: ReleaseVersion
    status: Literal["released", "planned"]
    date: dt.date | None = None  # release date (released)
    planned_date: dt.date | None = None  # target date (planned)
    title: Text  # codename shown with the number
    idempiere: Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)?$")]  # iDempiere version it is based on
    highlights: tuple[Text, ...] = Field(min_length=1)
    features: tuple[Feature, ...] = ()

    @property
    def manual(self) -> str:
        """The manual version this release belongs to: the major part (``"13.1"`` -> ``"13"``)."""
        return self.version.split(".")[0]

    @property
    def key(self) -> tuple[int, ...]:
        return version_key(self.version)

    @property
    def released(self) -> bool:
        return self.status == "released"

    @property
    def when(self) -> dt.date | None:
        return self.date if self.released else self.planned_date


class ReleasesFile(Strict):
    releases: tuple[Release, ...] = Field(min_length=1)


class Defect(Strict):
    id: DefectId
    title: Text
    description: Text
    component: Component
    severity: Severity
    affects: tuple[ReleaseVersion, ...] = Field(min_length=1)
    status: Status
    reported: dt.date
    confirmed: dt.date | None = None
    fixed_in: ReleaseVersion | None = None
    estimated_fix: ReleaseVersion | None = None
    upstream: UpstreamId | None = None
    workaround: Text | None = None
    reason: Text | None = None  # why it will not be fixed (wont_fix)


class DefectsFile(Strict):
    defects: tuple[Defect, ...] = ()


#: Per status: fields that must be set, and fields that must not be set.
_STATUS_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "reported": ((), ("confirmed", "fixed_in", "estimated_fix", "reason")),
    "confirmed": (("confirmed", "estimated_fix"), ("fixed_in", "reason")),
    "fixed": (("confirmed", "fixed_in"), ("estimated_fix", "reason")),
    "wont_fix": (("reason",), ("fixed_in", "estimated_fix")),
}


@dataclass
class Catalog:
    """Releases and defects of the manual, validated together."""

    releases: dict[str, Release] = field(default_factory=dict)
    defects: dict[str, Defect] = field(default_factory=dict)
    problems: list[DataProblem] = field(default_factory=list)
    #: Where each defect's ``fixed_in`` is written, for located consistency warnings.
    fixed_in_location: dict[str, str] = field(default_factory=dict)
    ok: bool = True  # False: a file failed to load; dependent checks are skipped

    def release(self, version: str | None) -> Release | None:
        return self.releases.get(version) if version else None


def load_catalog(releases_path: str | Path, defects_path: str | Path) -> Catalog:
    """Load both files and check them against each other; never raises for bad content."""
    catalog = Catalog()
    loaded_releases = _load(releases_path, ReleasesFile, catalog)
    loaded_defects = _load(defects_path, DefectsFile, catalog)
    if loaded_releases is not None:
        _check_releases(loaded_releases, catalog)
    if loaded_defects is not None:
        _check_defects(loaded_defects, catalog)
    return catalog


def _load(path: str | Path, model: type[Strict], catalog: Catalog) -> Loaded[Strict] | None:
    try:
        return load_model(path, model)
    except DataFileError as err:
        catalog.problems.extend(err.problems)
        catalog.ok = False
        return None


def _check_releases(loaded: Loaded[ReleasesFile], catalog: Catalog) -> None:
    for index, release in enumerate(loaded.value.releases):
        loc: tuple[str | int, ...] = ("releases", index)
        if release.version in catalog.releases:
            catalog.problems.append(loaded.problem((*loc, "version"), f"duplicate release {release.version}"))
            continue
        if release.released and (release.date is None or release.planned_date is not None):
            catalog.problems.append(
                loaded.problem((*loc, "date"), "a released release needs 'date' and no 'planned_date'")
            )
        if not release.released and (release.planned_date is None or release.date is not None):
            catalog.problems.append(
                loaded.problem((*loc, "planned_date"), "a planned release needs 'planned_date' and no 'date'")
            )
        catalog.releases[release.version] = release
    # A planned release cannot come before a released one of a lower number, and so on:
    # dates must grow with the version number.
    ordered = sorted(catalog.releases.values(), key=lambda r: r.key)
    for before, after in zip(ordered, ordered[1:]):
        if before.when and after.when and after.when < before.when:
            index = loaded.value.releases.index(after)
            catalog.problems.append(
                loaded.problem(
                    ("releases", index, "date" if after.released else "planned_date"),
                    f"{after.version} is dated {after.when} before {before.version} ({before.when})",
                )
            )


def _check_defects(loaded: Loaded[DefectsFile], catalog: Catalog) -> None:
    releases = catalog.releases
    check_versions = catalog.ok  # without releases.yaml every version would look unknown
    for index, defect in enumerate(loaded.value.defects):
        loc: tuple[str | int, ...] = ("defects", index)

        def problem(name: str, message: str) -> None:
            catalog.problems.append(loaded.problem((*loc, name), f"{defect.id}: {message}"))

        if defect.id in catalog.defects:
            first = loaded.line_of(("defects", list(catalog.defects).index(defect.id)))
            problem("id", f"duplicate defect id (first defined on line {first})")
            continue
        catalog.defects[defect.id] = defect
        if defect.fixed_in:
            catalog.fixed_in_location[defect.id] = loaded.problem((*loc, "fixed_in"), "").location

        required, forbidden = _STATUS_FIELDS[defect.status]
        for name in required:
            if getattr(defect, name) is None:
                problem(name, f"status {defect.status!r} requires {name!r}")
        for name in forbidden:
            if getattr(defect, name) is not None:
                problem(name, f"status {defect.status!r} must not have {name!r}")

        if defect.confirmed and defect.confirmed < defect.reported:
            problem("confirmed", f"confirmed {defect.confirmed} before it was reported ({defect.reported})")
        if not check_versions:
            continue
        for position, version in enumerate(defect.affects):
            affected = releases.get(version)
            if affected is None:
                catalog.problems.append(
                    loaded.problem((*loc, "affects", position), f"{defect.id}: unknown release {version}")
                )
            elif not affected.released:
                catalog.problems.append(
                    loaded.problem(
                        (*loc, "affects", position), f"{defect.id}: {version} is planned; only released versions can be affected"
                    )
                )
        if defect.fixed_in:
            fix = releases.get(defect.fixed_in)
            if fix is None:
                problem("fixed_in", f"unknown release {defect.fixed_in} (known: {', '.join(releases)})")
            elif not fix.released:
                problem("fixed_in", f"{fix.version} is not released yet; use status 'confirmed' with estimated_fix")
            else:
                assert fix.date is not None
                if fix.date < defect.reported:
                    problem("fixed_in", f"{fix.version} was released on {fix.date}, before the defect was reported ({defect.reported})")
                elif defect.confirmed and fix.date < defect.confirmed:
                    problem("fixed_in", f"{fix.version} was released on {fix.date}, before the defect was confirmed ({defect.confirmed})")
                later = [v for v in defect.affects if version_key(v) >= fix.key]
                if later:
                    problem("affects", f"lists {', '.join(later)}, not older than the fix release {fix.version}")
        if defect.estimated_fix:
            estimate = releases.get(defect.estimated_fix)
            if estimate is None:
                problem("estimated_fix", f"unknown release {defect.estimated_fix} (known: {', '.join(releases)})")
            elif estimate.released:
                problem(
                    "estimated_fix",
                    f"{estimate.version} was released on {estimate.date} without the fix: set 'fixed_in' "
                    "or move the estimate to a planned release",
                )
