"""Load the reference data files once per build and report their problems once.

Files are read at ``builder-inited`` so every problem of every file is reported in one
build (and again in the next, until fixed), whichever pages happen to be re-read. The
parsed result is cached in the environment keyed by path, mtime and size: directives of
later (or forked parallel) reads reuse it instead of parsing the YAML again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from cloudempiere_docs.data.loader import DataFileError, DataProblem, Loaded, load_model
from cloudempiere_docs.data.settings import SettingsFile, check_settings
from cloudempiere_docs.data.sla import SlaFile, check_sla
from cloudempiere_docs.data.taxes import TaxesFile, check_taxes
from cloudempiere_docs.data.windows import WindowsFile, check_windows
from cloudempiere_docs.diagnostics import warn


@dataclass(frozen=True)
class DataKind:
    name: str
    config: str  # the config value holding the path, relative to the source directory
    default: str
    model: type
    check: Callable[[Loaded[Any]], list[DataProblem]]


KINDS: dict[str, DataKind] = {
    kind.name: kind
    for kind in (
        DataKind("settings", "cedocs_settings_file", "_data/settings.yaml", SettingsFile, check_settings),
        DataKind("windows", "cedocs_windows_file", "_data/windows.yaml", WindowsFile, check_windows),
        DataKind("taxes", "cedocs_taxes_file", "_data/taxes.yaml", TaxesFile, check_taxes),
        DataKind("sla", "cedocs_sla_file", "_data/sla.yaml", SlaFile, check_sla),
    )
}

_CACHE_ATTR = "cedocs_reference_data"


@dataclass
class Result:
    stamp: tuple[int, int]
    loaded: Loaded[Any] | None
    problems: list[DataProblem] = field(default_factory=list)


def path_of(env: BuildEnvironment, kind: str) -> str:
    """Absolute path of the data file of ``kind``."""
    _rel, absolute = env.relfn2path("/" + getattr(env.config, KINDS[kind].config).lstrip("/"))
    return str(absolute)


def load(env: BuildEnvironment, kind: str) -> Result | None:
    """The data of ``kind`` (cached), or None when the file does not exist."""
    path = path_of(env, kind)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cache: dict[str, Result] = env.__dict__.setdefault(_CACHE_ATTR, {})
    cached = cache.get(path)
    if cached is not None and cached.stamp == stamp:
        return cached
    spec = KINDS[kind]
    try:
        loaded = load_model(path, spec.model)
    except DataFileError as err:
        result = Result(stamp, None, list(err.problems))
    else:
        result = Result(stamp, loaded, spec.check(loaded))
    cache[path] = result
    return result


def report_problems(app: Sphinx) -> None:
    """``builder-inited``: validate every data file that exists and report all problems."""
    for kind in KINDS:
        result = load(app.env, kind)
        for problem in result.problems if result else ():
            message = f"{problem.field}: {problem.message}" if problem.field else problem.message
            warn(message, "data", location=problem.location)


def for_directive(directive: SphinxDirective, kind: str) -> Any | None:
    """The validated data of ``kind`` for a directive, recording the dependency.

    Returns None when the file is missing (reported here, at the directive) or invalid
    (already reported by :func:`report_problems`).
    """
    env = directive.env
    path = path_of(env, kind)
    env.note_dependency(path)
    result = load(env, kind)
    if result is None:
        warn(
            f"{directive.name}: data file {path} not found (config value {KINDS[kind].config})",
            "data",
            location=directive.get_location(),
        )
        return None
    return result.loaded.value if result.loaded else None


def cached_value(env: BuildEnvironment, kind: str) -> Any | None:
    """The data of ``kind`` if it loads, without reporting anything (for suggestions)."""
    result = load(env, kind)
    return result.loaded.value if result and result.loaded else None
