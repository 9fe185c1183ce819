"""Read YAML safely and validate it, reporting every problem as ``file:line: field: message``.

PyYAML's ``safe_load`` forgets where values came from and silently keeps the last of two
duplicate keys. We compose the document with the same safe loader, build plain Python
values ourselves and remember the line of every mapping key and sequence item, so a
pydantic error location such as ``("settings", 3, "level")`` maps back to a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import TypeAdapter, ValidationError

Loc = tuple[str | int, ...]
T = TypeVar("T")


@dataclass(frozen=True)
class DataProblem:
    """One located problem in a data file."""

    path: str
    line: int | None
    field: str
    message: str

    @property
    def location(self) -> str:
        """A location string for Sphinx's logger (``path:line``)."""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.location}: {where}{self.message}"


class DataFileError(Exception):
    """A data file could not be used; ``problems`` lists every reason found."""

    def __init__(self, problems: list[DataProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def format_loc(loc: Loc) -> str:
    """``("settings", 3, "level")`` -> ``settings[3].level``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class Loaded(Generic[T]):
    """A validated value with the line map of the file it came from."""

    path: str
    value: T
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc`` or of its nearest enclosing item."""
        return line_of(self.lines, loc)

    def problem(self, loc: Loc, message: str) -> DataProblem:
        return DataProblem(self.path, self.line_of(loc), format_loc(loc), message)


def line_of(lines: dict[Loc, int], loc: Loc) -> int | None:
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return None


def load_yaml(path: str | Path) -> tuple[Any, dict[Loc, int]]:
    """Parse ``path`` with PyYAML's safe loader; return the value and its line map.

    Raises :class:`DataFileError` for malformed YAML and duplicate keys.
    """
    path = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DataFileError([DataProblem(path, None, "", f"cannot read file: {err}")]) from err
    loader = yaml.SafeLoader(text)
    lines: dict[Loc, int] = {}
    problems: list[DataProblem] = []
    try:
        node = loader.get_single_node()
        value = None if node is None else _build(loader, node, (), lines, problems, path)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise DataFileError(
            [DataProblem(path, line, "", f"invalid YAML: {err.problem or err.context}")]
        ) from err
    finally:
        loader.dispose()
    if problems:
        raise DataFileError(problems)
    return value, lines


def _build(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    loc: Loc,
    lines: dict[Loc, int],
    problems: list[DataProblem],
    path: str,
) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if isinstance(key, (list, dict)):
                problems.append(DataProblem(path, line, format_loc(loc), "a key must be a scalar"))
                continue
            if key in first_line:
                problems.append(
                    DataProblem(
                        path,
                        line,
                        format_loc((*loc, key)),
                        f"duplicate key {key!r} (first defined on line {first_line[key]})",
                    )
                )
                continue
            first_line[key] = line
            lines[(*loc, key)] = line
            result[key] = _build(loader, value_node, (*loc, key), lines, problems, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = item.start_mark.line + 1
            items.append(_build(loader, item, (*loc, index), lines, problems, path))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as err:  # e.g. a date like 2024-13-45 (not a MarkedYAMLError)
        problems.append(DataProblem(path, node.start_mark.line + 1, format_loc(loc), f"invalid value {node.value!r}: {err}"))
        return node.value


def _describe(error: dict[str, Any]) -> str:
    message = error["msg"]
    value = error.get("input")
    if error["type"] != "missing" and isinstance(value, (str, int, float, bool)):
        if repr(value) not in message:
            message += f" (got {value!r})"
    return message


def load_model(path: str | Path, model: Any, context: dict[str, Any] | None = None) -> Loaded[Any]:
    """Load ``path`` and validate it as ``model`` (a pydantic model, type or TypeAdapter).

    Raises :class:`DataFileError` carrying every validation problem, each with its line.
    """
    path = str(path)
    value, lines = load_yaml(path)
    adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
    try:
        validated = adapter.validate_python(value, context=context)
    except ValidationError as err:
        problems = [
            DataProblem(path, line_of(lines, tuple(e["loc"])), format_loc(tuple(e["loc"])), _describe(e))
            for e in err.errors()
        ]
        raise DataFileError(problems) from err
    return Loaded(path, validated, lines)
