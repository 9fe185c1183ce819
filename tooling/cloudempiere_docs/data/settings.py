"""Schema of ``source/_data/settings.yaml``: System Configurator keys (AD_SysConfig).

Values are stored as text in AD_SysConfig, so defaults and allowed values are strings here
too; YAML numbers are accepted and turned into text, YAML booleans are refused because
``yes``/``no`` would silently become ``True``/``False`` instead of ``Y``/``N``.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from cloudempiere_docs.data.common import Strict
from cloudempiere_docs.data.loader import DataProblem, Loaded
from cloudempiere_docs.data.versioning import ProductVersion, Version


def _value_text(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("write Y/N values in quotes ('Y'); YAML reads yes/no/true/false as booleans")
    if isinstance(value, (int, float)):
        return str(value)
    return value


#: A value as stored in AD_SysConfig.Value.
SysConfigValue = Annotated[str, BeforeValidator(_value_text)]


class Level(str, Enum):
    """AD_SysConfig.ConfigurationLevel: where a value may be set."""

    SYSTEM = "System"
    TENANT = "Tenant"
    ORGANIZATION = "Organization"

    @property
    def code(self) -> str:
        return {"System": "S", "Tenant": "C", "Organization": "O"}[self.value]


_LEVEL_ALIASES = {"s": "System", "c": "Tenant", "client": "Tenant", "o": "Organization"}


def parse_level(value: Any) -> Any:
    """Accept the codes S/C/O and names (any case); the data file uses the names."""
    if isinstance(value, str):
        text = value.strip()
        text = _LEVEL_ALIASES.get(text.lower(), text)
        for level in Level:
            if level.value.lower() == text.lower():
                return level.value
    return value


class SettingType(str, Enum):
    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"  # Y / N
    ENUM = "enum"  # one of `values`
    URL = "url"
    LIST = "list"  # comma-separated values


class AllowedValue(Strict):
    value: SysConfigValue
    description: str = Field(min_length=1)


class DefaultChange(Strict):
    """The default changed in ``version``; before it, it was ``previous``."""

    version: ProductVersion
    previous: SysConfigValue


class Setting(Strict):
    key: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    module: str = Field(min_length=1)
    level: Annotated[Level, BeforeValidator(parse_level)]
    type: SettingType
    default: SysConfigValue
    values: list[AllowedValue] = []
    description: str = Field(min_length=20)
    since: ProductVersion
    removed_in: ProductVersion | None = None
    default_history: list[DefaultChange] = []
    # When a changed value takes effect; AD_SysConfig values are cached on the server.
    takes_effect: Literal["cache-reset", "next-login", "restart", "immediately"] = "cache-reset"
    note: str | None = None

    def default_in(self, version: Version | None) -> str:
        """The default as shipped in ``version`` (None: the current default)."""
        if version is None:
            return self.default
        for change in sorted(self.default_history, key=lambda c: c.version):
            if version < change.version:
                return change.previous
        return self.default

    def shown_in(self, version: Version | None) -> tuple[bool, str]:
        """What the manual of ``version`` says of the setting: listed or not, its default."""
        return self.available_in(version), self.default_in(version)

    def available_in(self, version: Version | None) -> bool:
        """Whether the manual of ``version`` lists the setting (None: every version)."""
        if version is None:
            return True
        if version < self.since:
            return False
        return not (self.removed_in and version >= self.removed_in)


class SettingsFile(Strict):
    settings: list[Setting]


_INTEGER = re.compile(r"^-?\d+$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def _value_problem(setting: Setting, value: str) -> str | None:
    """Why ``value`` is not valid for ``setting`` (None when it is)."""
    kind = setting.type
    if kind is SettingType.INTEGER and not _INTEGER.match(value):
        return f"expected an integer, got {value!r}"
    if kind is SettingType.DECIMAL and not _DECIMAL.match(value):
        return f"expected a decimal number, got {value!r}"
    if kind is SettingType.BOOLEAN and value not in ("Y", "N"):
        return f"expected 'Y' or 'N', got {value!r}"
    if kind is SettingType.ENUM:
        allowed = [v.value for v in setting.values]
        if value not in allowed:
            return f"expected one of {', '.join(allowed)}, got {value!r}"
    return None


def check_settings(loaded: Loaded[SettingsFile]) -> list[DataProblem]:
    """Rules pydantic cannot see: uniqueness, defaults against types, version order."""
    problems: list[DataProblem] = []
    first: dict[str, int] = {}
    for index, setting in enumerate(loaded.value.settings):
        loc = ("settings", index)
        if setting.key in first:
            line = loaded.line_of(("settings", first[setting.key]))
            problems.append(loaded.problem((*loc, "key"), f"duplicate setting {setting.key!r} (first defined on line {line})"))
        else:
            first[setting.key] = index
        if setting.type is SettingType.ENUM and not setting.values:
            problems.append(loaded.problem((*loc, "values"), "an enum setting needs its allowed values"))
        if setting.values and setting.type is not SettingType.ENUM:
            problems.append(loaded.problem((*loc, "values"), f"allowed values are only for type enum, not {setting.type.value}"))
        seen_values: set[str] = set()
        for vindex, allowed in enumerate(setting.values):
            if allowed.value in seen_values:
                problems.append(loaded.problem((*loc, "values", vindex, "value"), f"duplicate allowed value {allowed.value!r}"))
            seen_values.add(allowed.value)
        if reason := _value_problem(setting, setting.default):
            problems.append(loaded.problem((*loc, "default"), reason))
        since = setting.since
        if setting.removed_in and setting.removed_in <= since:
            problems.append(
                loaded.problem((*loc, "removed_in"), f"must be later than since ({setting.since}), got {str(setting.removed_in)!r}")
            )
        previous_change = since
        for hindex, change in enumerate(setting.default_history):
            hloc = (*loc, "default_history", hindex)
            changed = change.version
            if changed <= previous_change:
                problems.append(
                    loaded.problem((*hloc, "version"), "must be later than since and the previous change, oldest first")
                )
            if setting.removed_in and changed >= setting.removed_in:
                problems.append(loaded.problem((*hloc, "version"), f"must be earlier than removed_in ({setting.removed_in})"))
            if reason := _value_problem(setting, change.previous):
                problems.append(loaded.problem((*hloc, "previous"), reason))
            previous_change = changed
    return problems
