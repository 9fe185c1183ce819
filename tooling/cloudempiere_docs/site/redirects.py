"""``redirects.toml``: pages that moved, and where the site keeps their old address.

``[pages]`` maps an old docname to a new one. In every version x language where the old
page does not exist, the site gets a small page at the old address forwarding to the new
one (written by ``assemble``). Keys and targets are docnames (schema in
:mod:`cloudempiere_docs.data.registry`), so a redirect can never be written outside its
version's folder, and every target must exist where its redirect applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from cloudempiere_docs.data.loader import DataFileError, DataProblem, Loaded, load_model
from cloudempiere_docs.data.registry import RedirectsFile, check_redirects
from cloudempiere_docs.data.versioning import parse

MAX_BYTES = 256 * 1024


class RedirectsError(DataFileError):
    """``redirects.toml`` is wrong: each problem located as ``file:line: field: message``."""


class Redirects(dict[str, str]):
    """Old docname -> new docname, remembering where each entry is written."""

    def __init__(self, pages: Mapping[str, str] = {}, source: Loaded[RedirectsFile] | None = None) -> None:
        super().__init__(pages)
        self.source = source

    def problem(self, old: str, message: str) -> DataProblem:
        if self.source is None:
            return DataProblem("redirects.toml", None, f'pages."{old}"', message)
        return self.source.problem(("pages", old), message)


def load_redirects(path: Path) -> Redirects:
    """Read and check ``redirects.toml`` (no file: no redirects)."""
    if not path.exists():
        return Redirects()
    try:
        loaded = load_model(path, RedirectsFile, max_bytes=MAX_BYTES)
    except DataFileError as err:
        raise RedirectsError(err.problems) from None
    problems = check_redirects(loaded)
    if problems:
        raise RedirectsError(problems)
    return Redirects(loaded.value.pages, loaded)


def check_targets(redirects: Redirects, pages: Mapping[str, Iterable[str]]) -> list[DataProblem]:
    """Every target must exist where its redirect applies.

    ``pages`` maps each built version's name to its docnames. A redirect applies in a
    version that lacks the old page, from the first version that has either page on: a
    page added in 13 and renamed in 14 needs no redirect in 12, which had neither.
    """
    problems: list[DataProblem] = []
    order = sorted(pages, key=parse)  # oldest first
    have = {name: set(docs) for name, docs in pages.items()}
    for old, new in redirects.items():
        started = False
        missing: list[str] = []
        for name in order:
            started = started or old in have[name] or new in have[name]
            if started and old not in have[name] and new not in have[name]:
                missing.append(name)
        if not started:
            problems.append(redirects.problem(old, f"neither {old!r} nor its target {new!r} is a page of any version"))
        elif missing:
            problems.append(
                redirects.problem(
                    old,
                    f"target {new!r} does not exist in version {', '.join(missing)}, where {old!r} is gone too:"
                    " point the redirect at a page that exists there",
                )
            )
    return problems
