"""The one loader of the project's data files: YAML data and the TOML registries.

Every problem is reported as ``file:line: field: message``. PyYAML's ``safe_load`` and
:mod:`tomllib` forget where values came from (and PyYAML silently keeps the last of two
duplicate keys), so we keep a *line map* next to each value: the line of every mapping
key and sequence item, keyed by its path, so that a pydantic error location such as
``("settings", 3, "level")`` maps back to a line.

Inputs are bounded before they are trusted: a file over the size limit is refused
without being parsed, YAML anchors and aliases (the "billion laughs" expansion) are
refused where they are written, and so is nesting deeper than any data file needs.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import TypeAdapter, ValidationError

from cloudempiere_docs.data.tomllines import toml_lines

Loc = tuple[str | int, ...]
T = TypeVar("T")

#: Default size limit of one data file. The largest real file is about 25 KB; a file
#: of one MiB renders pages that already take Sphinx about half a minute, and a file
#: of tens of MB would take minutes and gigabytes. Projects can raise it with the
#: ``cedocs_data_max_bytes`` configuration value.
MAX_BYTES = 1024 * 1024
#: Deepest nesting of mappings and sequences a data file may use.
MAX_DEPTH = 32

# libyaml parses about eight times faster than PyYAML's pure-Python parser; both build
# the same nodes, so fall back to the pure one where PyYAML was built without libyaml.
_YamlLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class DataProblem:
    """One located problem in a data file."""

    path: str
    line: int | None
    field: str
    message: str

    @property
    def location(self) -> str:
        """A location string for Sphinx's logger: ``path:line``, and ``path:1`` for a
        problem of the whole file (Sphinx reads a location without a colon as a docname)."""
        return f"{self.path}:{self.line or 1}"

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place}: {where}{self.message}"


class DataFileError(Exception):
    """A data file could not be used; ``problems`` lists every reason found."""

    def __init__(self, problems: list[DataProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def format_loc(loc: Loc) -> str:
    """``("settings", 3, "level")`` -> ``settings[3].level``; keys that are not plain
    names are quoted: ``pages."support/telephone"``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        name = part if part.replace("_", "a").replace("-", "a").isalnum() else f'"{part}"'
        out += f".{name}" if out else name
    return out


@dataclass
class Loaded(Generic[T]):
    """A validated value with the line map of the file it came from."""

    path: str
    value: T
    lines: dict[Loc, int] = field(default_factory=dict)
    digest: str = ""  # sha256 of the file's bytes

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


def read_bounded(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``, refusing a file larger than ``max_bytes`` before reading it."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise DataFileError([DataProblem(name, None, "", _too_large(size, max_bytes))])
            data = handle.read(max_bytes + 1)  # the file may grow while we read it
    except OSError as err:
        raise DataFileError([DataProblem(name, None, "", f"cannot read file: {err.strerror or err}")]) from err
    if len(data) > max_bytes:
        raise DataFileError([DataProblem(name, None, "", _too_large(len(data), max_bytes))])
    return data


def _too_large(size: int, limit: int) -> str:
    return (
        f"file is {size:,} bytes, larger than the limit of {limit:,} bytes for a data file"
        " (split it, or raise cedocs_data_max_bytes in conf.py)"
    )


def _decode(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DataFileError([DataProblem(path, line, "", f"not UTF-8 text: {err.reason}")]) from err


# -- YAML --------------------------------------------------------------------------------


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that data files may not use."""


def _check_events(text: str) -> None:
    """Refuse anchors, aliases and deep nesting before any node is built."""
    depth = 0
    for event in yaml.parse(text, Loader=_YamlLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            kind = f"alias *{event.anchor}" if isinstance(event, yaml.AliasEvent) else f"anchor &{event.anchor}"
            raise _Refused(
                problem=f"YAML {kind}: anchors and aliases are not allowed in data files; write the value out",
                problem_mark=event.start_mark,
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(
                    problem=f"nested more than {MAX_DEPTH} levels deep; data files do not need that",
                    problem_mark=event.start_mark,
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def parse_yaml(path: str, text: str) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML ``text`` safely; return the value and its line map.

    Raises :class:`DataFileError` for malformed YAML, duplicate keys, anchors and aliases.
    """
    lines: dict[Loc, int] = {}
    problems: list[DataProblem] = []
    loader = None
    try:
        _check_events(text)
        loader = _YamlLoader(text)
        node = loader.get_single_node()
        value = None if node is None else _build(loader, node, (), lines, problems, path)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        message = err.problem if isinstance(err, _Refused) else f"invalid YAML: {err.problem or err.context}"
        raise DataFileError([DataProblem(path, line, "", message)]) from err
    except yaml.YAMLError as err:  # e.g. a reader error on a control character
        raise DataFileError([DataProblem(path, None, "", f"invalid YAML: {err}")]) from err
    finally:
        if loader is not None:
            loader.dispose()
    if problems:
        raise DataFileError(problems)
    return value, lines


def load_yaml(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[Any, dict[Loc, int]]:
    """Read and parse the YAML file ``path`` (see :func:`parse_yaml`)."""
    path = str(path)
    return parse_yaml(path, _decode(path, read_bounded(path, max_bytes)))


def _build(
    loader: Any,
    node: yaml.Node,
    loc: Loc,
    lines: dict[Loc, int],
    problems: list[DataProblem],
    path: str,
) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves YAML merge keys (<<) of inline mappings
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(DataProblem(path, line, format_loc(loc), "a key must be a scalar"))
                continue
            key = _scalar(loader, key_node, loc, problems, path)
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
    return _scalar(loader, node, loc, problems, path)


def _scalar(loader: Any, node: yaml.Node, loc: Loc, problems: list[DataProblem], path: str) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as err:  # e.g. a date like 2024-13-45 (not a MarkedYAMLError)
        problems.append(DataProblem(path, node.start_mark.line + 1, format_loc(loc), f"invalid value {node.value!r}: {err}"))
        return node.value


# -- TOML --------------------------------------------------------------------------------


def parse_toml(path: str, text: str) -> tuple[Any, dict[Loc, int]]:
    """Parse TOML ``text``; return the value and its line map."""
    try:
        value = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        # tomllib puts "(at line N, column M)" into the message; keep the line apart.
        message = str(err)
        line = getattr(err, "lineno", None)
        if line is None and "(at line " in message:
            message, _, where = message.rpartition(" (at line ")
            line = int(where.split(",")[0].rstrip(")"))
        raise DataFileError([DataProblem(path, line, "", f"invalid TOML: {message}")]) from err
    return value, toml_lines(text)


# -- validation --------------------------------------------------------------------------


def _describe(error: dict[str, Any]) -> str:
    message = error["msg"]
    value = error.get("input")
    if error["type"] == "extra_forbidden":
        return "unknown field"
    if error["type"] != "missing" and isinstance(value, (str, int, float, bool)):
        if repr(value) not in message:
            message += f" (got {value!r})"
    return message


def validate(path: str, value: Any, lines: dict[Loc, int], model: Any, context: dict[str, Any] | None = None) -> Any:
    """``value`` validated as ``model``; every problem located through ``lines``."""
    adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
    try:
        return adapter.validate_python(value, context=context)
    except ValidationError as err:
        problems = []
        for error in err.errors():
            loc = tuple(part for part in error["loc"] if part != "[key]")  # a dict key's own error
            problems.append(DataProblem(path, line_of(lines, loc), format_loc(loc), _describe(error)))
        raise DataFileError(problems) from err


def load_model(
    path: str | Path, model: Any, context: dict[str, Any] | None = None, *, max_bytes: int = MAX_BYTES
) -> Loaded[Any]:
    """Load ``path`` (``.toml`` as TOML, anything else as YAML) and validate it as
    ``model`` (a pydantic model, type or TypeAdapter).

    Raises :class:`DataFileError` carrying every problem, each with its line.
    """
    path = str(path)
    data = read_bounded(path, max_bytes)
    text = _decode(path, data)
    parse = parse_toml if path.endswith(".toml") else parse_yaml
    value, lines = parse(path, text)
    validated = validate(path, value, lines, model, context)
    return Loaded(path, validated, lines, hashlib.sha256(data).hexdigest())
