"""Schema of ``source/_data/windows.yaml``: windows and forms of the data dictionary.

A window (AD_Window) has a type and tabs with fields; a form (AD_Form) is a custom screen
with an access level and no tabs. Both live in one list so the file reads like the menu.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from cloudempiere_docs.data.common import Strict, Versioned
from cloudempiere_docs.data.loader import DataProblem, Loaded


class WindowType(str, Enum):
    """AD_Window.WindowType."""

    MAINTAIN = "Maintain"
    TRANSACTION = "Transaction"
    QUERY_ONLY = "Query only"
    SINGLE_RECORD = "Single record"


class AccessLevel(str, Enum):
    """AD_Form.AccessLevel, named as the application's list shows it (X_AD_Form: "Client
    only", "Client+Organization", "System+Client"), so the reference and the prose use the
    labels users see in the Form and Role windows."""

    ORGANIZATION = "Organization"
    CLIENT = "Client only"
    CLIENT_ORGANIZATION = "Client+Organization"
    SYSTEM = "System only"
    SYSTEM_CLIENT = "System+Client"
    ALL = "All"


_WINDOW_CODES = {"M": "Maintain", "T": "Transaction", "Q": "Query only", "S": "Single record"}
_ACCESS_CODES = {
    "1": "Organization",
    "2": "Client only",
    "3": "Client+Organization",
    "4": "System only",
    "6": "System+Client",
    "7": "All",
    # The names the data used before it followed the application; released versions are
    # built from commits whose windows.yaml still has them.
    "Tenant only": "Client only",
    "Tenant+Organization": "Client+Organization",
    "System+Tenant": "System+Client",
}


def _code(table: dict[str, str]) -> Any:
    def parse(value: Any) -> Any:
        return table.get(str(value).strip(), value) if isinstance(value, (str, int)) else value

    return BeforeValidator(parse)


class Field_(Versioned):
    """AD_Field: what the user sees in a tab."""

    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    mandatory: bool = False
    read_only: bool = False
    display_logic: str | None = None  # iDempiere syntax, e.g. @IsSummary@='N'
    group: str | None = None


class Tab(Versioned):
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    help: str | None = None
    level: int = Field(ge=0, le=5)
    table: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    read_only: bool = False
    fields: list[Field_] = []


class Window(Versioned):
    name: str = Field(min_length=1)
    id: int = Field(gt=0)
    kind: Literal["window", "form"]
    type: Annotated[WindowType, _code(_WINDOW_CODES)] | None = None
    access_level: Annotated[AccessLevel, _code(_ACCESS_CODES)] | None = None
    menu: str | None = None  # where the menu shows it
    description: str = Field(min_length=1)
    help: str | None = None
    tabs: list[Tab] = []


class WindowsFile(Strict):
    windows: list[Window]


def check_windows(loaded: Loaded[WindowsFile]) -> list[DataProblem]:
    """Kind-specific fields, unique names and ids per kind, unique tab and field names."""
    problems: list[DataProblem] = []
    for loc, entry in _versioned(loaded.value):
        if entry.since is not None and entry.removed_in is not None and entry.removed_in <= entry.since:
            problems.append(loaded.problem((*loc, "removed_in"), f"must be later than since ({entry.since}), got {str(entry.removed_in)!r}"))
    names: dict[tuple[str, str], int] = {}
    ids: dict[tuple[str, int], int] = {}
    for index, window in enumerate(loaded.value.windows):
        loc = ("windows", index)
        if window.kind == "window":
            if window.type is None:
                problems.append(loaded.problem((*loc, "type"), "a window needs its type (Maintain, Transaction, Query only, Single record)"))
            if window.access_level is not None:
                problems.append(loaded.problem((*loc, "access_level"), "only forms have an access level; windows take it from their tables"))
            if not window.tabs:
                problems.append(loaded.problem((*loc, "tabs"), "a window needs at least one tab"))
        else:
            if window.access_level is None:
                problems.append(loaded.problem((*loc, "access_level"), "a form needs its access level"))
            if window.type is not None:
                problems.append(loaded.problem((*loc, "type"), "only windows have a window type"))
            if window.tabs:
                problems.append(loaded.problem((*loc, "tabs"), "forms have no tabs"))
        name_key = (window.kind, window.name.casefold())
        if name_key in names:
            line = loaded.line_of(("windows", names[name_key]))
            problems.append(loaded.problem((*loc, "name"), f"duplicate {window.kind} name {window.name!r} (first defined on line {line})"))
        else:
            names[name_key] = index
        id_key = (window.kind, window.id)
        if id_key in ids:
            line = loaded.line_of(("windows", ids[id_key]))
            problems.append(loaded.problem((*loc, "id"), f"duplicate {window.kind} id {window.id} (first defined on line {line})"))
        else:
            ids[id_key] = index
        tab_names: set[str] = set()
        for tindex, tab in enumerate(window.tabs):
            tloc = (*loc, "tabs", tindex)
            if tab.name.casefold() in tab_names:
                problems.append(loaded.problem((*tloc, "name"), f"duplicate tab {tab.name!r}"))
            tab_names.add(tab.name.casefold())
            if tindex == 0 and tab.level != 0:
                problems.append(loaded.problem((*tloc, "level"), "the first tab must be on level 0"))
            field_names: set[str] = set()
            for findex, field in enumerate(tab.fields):
                if field.name.casefold() in field_names:
                    problems.append(loaded.problem((*tloc, "fields", findex, "name"), f"duplicate field {field.name!r}"))
                field_names.add(field.name.casefold())
    return problems


def _versioned(data: WindowsFile) -> list[tuple[tuple[str | int, ...], Versioned]]:
    found: list[tuple[tuple[str | int, ...], Versioned]] = []
    for w, window in enumerate(data.windows):
        found.append((("windows", w), window))
        for t, tab in enumerate(window.tabs):
            found.append((("windows", w, "tabs", t), tab))
            for f, field in enumerate(tab.fields):
                found.append((("windows", w, "tabs", t, "fields", f), field))
    return found
