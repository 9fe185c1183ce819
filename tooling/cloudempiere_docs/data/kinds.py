"""The data files of the manual: where each lives, its schema and its checks.

One table for every file under ``source/_data``: the Sphinx side (``toolkit``) loads
each file an extension uses through :func:`load`, and tests and tools use the same
entries. A check that needs another file (defects name releases) lists it in
``requires`` and gets it, loaded, as an extra argument (None when it is broken).
"""

from __future__ import annotations

import hashlib
import os

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cloudempiere_docs.data.loader import MAX_BYTES, DataFileError, DataProblem, Loaded, load_model
from cloudempiere_docs.data.releases import DefectsFile, ReleasesFile, check_defects, check_releases
from cloudempiere_docs.data.settings import SettingsFile, check_settings
from cloudempiere_docs.data.sla import SlaFile, check_sla
from cloudempiere_docs.data.taxes import TaxesFile, check_taxes
from cloudempiere_docs.data.windows import WindowsFile, check_windows


@dataclass(frozen=True)
class DataKind:
    name: str
    config: str  # the Sphinx configuration value holding the path, relative to the source directory
    default: str
    model: type
    check: Callable[..., list[DataProblem]]
    requires: tuple[str, ...] = field(default=())


KINDS: dict[str, DataKind] = {
    kind.name: kind
    for kind in (
        DataKind("settings", "cedocs_settings_file", "_data/settings.yaml", SettingsFile, check_settings),
        DataKind("windows", "cedocs_windows_file", "_data/windows.yaml", WindowsFile, check_windows),
        DataKind("taxes", "cedocs_taxes_file", "_data/taxes.yaml", TaxesFile, check_taxes),
        DataKind("sla", "cedocs_sla_file", "_data/sla.yaml", SlaFile, check_sla),
        DataKind("releases", "cedocs_releases_data", "_data/releases.yaml", ReleasesFile, check_releases),
        DataKind("defects", "cedocs_defects_data", "_data/defects.yaml", DefectsFile, check_defects, ("releases",)),
    )
}


@dataclass
class DataFile:
    """One data file as loaded: the validated value (None when it is broken) and every
    problem found, schema and checks alike."""

    kind: str
    path: str
    digest: str  # sha256 of the bytes read; "" when the file could not be read
    loaded: Loaded[Any] | None
    problems: list[DataProblem]

    @property
    def value(self) -> Any | None:
        return self.loaded.value if self.loaded is not None else None


def fingerprint(path: str | Path, max_bytes: int = MAX_BYTES) -> str | None:
    """What identifies the content of ``path``: its sha256 (None when it does not exist).
    A file over the size limit is not read at all; its size stands for it."""
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            return f"size:{size}"
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read(max_bytes + 1)).hexdigest()
    except FileNotFoundError:
        return None
    except OSError as err:  # unreadable: load() reports it
        return f"error:{err.errno}"


def load(kind: DataKind, path: str | Path, loaded_deps: Mapping[str, Loaded[Any] | None] = {}, *, max_bytes: int = MAX_BYTES) -> DataFile:
    """Load, validate and check one data file; never raises for bad content."""
    try:
        loaded = load_model(path, kind.model, max_bytes=max_bytes)
    except DataFileError as err:
        return DataFile(kind.name, str(path), "", None, list(err.problems))
    problems = kind.check(loaded, *(loaded_deps.get(name) for name in kind.requires))
    return DataFile(kind.name, str(path), loaded.digest, loaded, problems)
