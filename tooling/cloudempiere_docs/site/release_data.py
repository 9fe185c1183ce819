"""The release data (``source/_data/releases.yaml``) as the one home of a version's
codename, date and release status, and what ``release cut`` records there.

The registry (``versions.toml``) says which versions the site publishes, built from which
commit, with which site status (latest, supported, outdated). What a release *is* (its
codename, its date, whether it is out) lives in the release data, which the release
notes, the known issues and the Atom feed are rendered from. So the registry takes a
released version's title and date from the release it documents (``release = "13.2"``:
release 13.2 of the working tree's release data), and the development version's from
its planned ``N.0`` release; versions.toml may not state them again (it may where there is
no release data: a project without the releases extension).

``release cut`` records the release in the data: status ``released`` with its date,
refusing while known issues are still estimated to be fixed in it (or moving them to a
later planned release, ``--defer-known-issues``). The edits are made line by line, so the
file keeps its comments and layout, and are validated by the data checks before they are
written.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cloudempiere_docs.data.loader import DataFileError, DataProblem, Loaded, load_model
from cloudempiere_docs.data.releases import DefectsFile, ReleasesFile, check_defects, check_releases
from cloudempiere_docs.data.versioning import parse

RELEASES = Path("source") / "_data" / "releases.yaml"
DEFECTS = Path("source") / "_data" / "defects.yaml"


class ReleaseDataError(Exception):
    """The release data cannot record the release; the message lists every reason."""


def load_releases(root: Path) -> Loaded[ReleasesFile] | None:
    """The working tree's release data, or None (no file, or broken: the build reports it)."""
    path = root / RELEASES
    if not path.is_file():
        return None
    try:
        loaded = load_model(path, ReleasesFile)
    except DataFileError:
        return None
    return None if check_releases(loaded) else loaded


@dataclass(frozen=True)
class Facts:
    """What the release data says of one version of the registry."""

    title: str
    date: dt.date | None


def registry_facts(
    registry_file: Loaded[Any], releases: Loaded[ReleasesFile]
) -> tuple[dict[str, Facts], list[DataProblem]]:
    """Title and date of each registry version from the release data, and the problems:
    a fact stated in versions.toml too, a published release that is missing or planned."""
    data = registry_file.value
    by_version = releases.value.by_version
    facts: dict[str, Facts] = {}
    problems: list[DataProblem] = []
    where = str(RELEASES)

    def line(version: Any) -> str:
        index = releases.value.releases.index(by_version[version])
        return f"{where}:{releases.line_of(('releases', index))}"

    dev = data.development
    planned = by_version.get(parse(f"{dev.name}.0"))
    if planned is not None:
        facts[dev.name] = Facts(planned.title, planned.when)
        for name, what, value, shown in (
            ("title", "codename", dev.title, planned.title), ("planned", "planned date", dev.planned, planned.when)
        ):  # fmt: skip
            if value not in ("", None):
                problems.append(
                    registry_file.problem(
                        ("development", name),
                        f"the {what} of {planned.version} is in the release data ({line(planned.version)}: {shown}):"
                        " state it only there",
                    )
                )
    for index, version in enumerate(data.version):
        release = by_version.get(parse(version.release))
        if release is None:
            problems.append(
                registry_file.problem(
                    ("version", index, "release"),
                    f"release {version.release} of version {version.name} is not in {where}: add it there (its notes)",
                )
            )
            continue
        if not release.released:
            problems.append(
                registry_file.problem(
                    ("version", index, "release"),
                    f"release {version.release} is still planned in the release data ({line(release.version)});"
                    " `release cut` records a release there",
                )
            )
            continue
        facts[version.name] = Facts(release.title, release.date)
        for name, what, value, shown in (
            ("title", "codename", version.title, release.title), ("date", "date", version.date, release.date)
        ):  # fmt: skip
            if value not in ("", None):
                problems.append(
                    registry_file.problem(
                        ("version", index, name),
                        f"the {what} of {release.version} is in the release data ({line(release.version)}: {shown}):"
                        " state it only there",
                    )
                )
    return facts, problems


# --------------------------------------------------------------------------- release cut


@dataclass(frozen=True)
class ReleaseRecord:
    """The release data with a release recorded: the new text of each changed file."""

    release: str  # "14.0"
    title: str
    date: dt.date
    texts: dict[Path, str]  # path relative to the project -> new text
    deferred: tuple[str, ...] = ()  # defects moved to a later release


def _edit_line(lines: list[str], number: int | None, pattern: str, replace: Callable[[re.Match[str]], str], where: str) -> None:
    if number is None or not 0 < number <= len(lines):
        raise ReleaseDataError(f"{where}: not found")
    match = re.match(pattern, lines[number - 1])
    if match is None:
        raise ReleaseDataError(
            f"{where}:{number}: expected a line like {pattern!r}, found {lines[number - 1].strip()!r}; edit it by hand"
        )
    lines[number - 1] = replace(match)


def record_release(
    root: Path, name: str, date: dt.date, title: str = "", defer_to: str | None = None
) -> ReleaseRecord | None:
    """Release ``<name>.0`` recorded in the working tree's release data (None when the
    project has none). Raises :class:`ReleaseDataError` naming each problem."""
    path = root / RELEASES
    if not path.is_file():
        return None
    try:
        releases = load_model(path, ReleasesFile)
    except DataFileError as err:
        raise ReleaseDataError(f"the release data has errors; fix them first:\n{err}") from None
    number = parse(f"{name}.0")
    release = releases.value.by_version.get(number)
    if release is None:
        raise ReleaseDataError(
            f"{RELEASES}: release {number} is not in the release data: add it (status planned, its highlights) first"
        )
    index = releases.value.releases.index(release)
    line = releases.line_of(("releases", index))
    if title and title != release.title:
        raise ReleaseDataError(
            f"{RELEASES}:{line}: the codename of {number} is {release.title!r} in the release data, not {title!r};"
            " change it there (or leave out --title)"
        )
    if release.released:
        if release.date != date:
            raise ReleaseDataError(f"{RELEASES}:{line}: {number} is already released on {release.date}, not {date}")
        return ReleaseRecord(str(number), release.title, date, {})
    problems: list[str] = []
    texts: dict[Path, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    _edit_line(lines, releases.line_of(("releases", index, "status")), r"^(\s*status:\s*)planned(\s*(#.*)?\n?)$",
               lambda m: f"{m.group(1)}released{m.group(2)}", str(RELEASES))  # fmt: skip
    _edit_line(lines, releases.line_of(("releases", index, "planned_date")), r"^(\s*)planned_date:\s*\S+(\s*(#.*)?\n?)$",
               lambda m: f"{m.group(1)}date: {date.isoformat()}{m.group(2)}", str(RELEASES))  # fmt: skip
    texts[RELEASES] = "".join(lines)

    deferred: list[str] = []
    defects_path = root / DEFECTS
    if defects_path.is_file():
        try:
            defects = load_model(defects_path, DefectsFile)
        except DataFileError as err:
            raise ReleaseDataError(f"the defect data has errors; fix them first:\n{err}") from None
        open_ones = [
            (i, d) for i, d in enumerate(defects.value.defects) if d.status == "confirmed" and d.estimated_fix == number
        ]
        if open_ones and defer_to is None:
            listed = "\n".join(
                f"  {DEFECTS}:{defects.line_of(('defects', i, 'estimated_fix'))}: {d.id} {d.title} ({d.severity})"
                for i, d in open_ones
            )
            problems.append(
                f"{len(open_ones)} known issue(s) are still estimated to be fixed in {number}:\n{listed}\n"
                f"Mark each one fixed (status fixed, fixed_in \"{number}\") if {number} fixes it, or move them to a later"
                " planned release with --defer-known-issues RELEASE."
            )
        elif open_ones:
            target = parse(defer_to or "")
            later = releases.value.by_version.get(target)
            if later is None or later.released or target <= number:
                problems.append(
                    f"--defer-known-issues {defer_to}: must be a planned release after {number} in {RELEASES}"
                )
            else:
                defect_lines = defects_path.read_text(encoding="utf-8").splitlines(keepends=True)
                for i, defect in open_ones:
                    _edit_line(
                        defect_lines, defects.line_of(("defects", i, "estimated_fix")),
                        r"^(\s*estimated_fix:\s*)(\"|')?[0-9.]+(\"|')?(\s*(#.*)?\n?)$",
                        lambda m: f'{m.group(1)}"{target}"{m.group(4)}', str(DEFECTS),
                    )  # fmt: skip
                    deferred.append(defect.id)
                texts[DEFECTS] = "".join(defect_lines)
    if problems:
        raise ReleaseDataError("\n".join(problems))
    _validate(root, texts)
    return ReleaseRecord(str(number), release.title, date, texts, tuple(deferred))


def _validate(root: Path, texts: dict[Path, str]) -> None:
    """The edited files pass the data checks (as the build would run them)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for rel in (RELEASES, DEFECTS):
            target = Path(tmp) / rel.name
            if rel in texts:
                target.write_text(texts[rel], encoding="utf-8")
            elif (root / rel).is_file():
                target.write_bytes((root / rel).read_bytes())
            else:
                continue
            paths[rel] = target
        try:
            releases = load_model(paths[RELEASES], ReleasesFile)
            problems = check_releases(releases)
            if DEFECTS in paths:
                problems += check_defects(load_model(paths[DEFECTS], DefectsFile), releases)
        except DataFileError as err:
            problems = list(err.problems)
    if problems:
        shown = "\n".join(f"  {p.field}: {p.message}" for p in problems)
        raise ReleaseDataError(f"recording the release would leave the data invalid:\n{shown}")


# ------------------------------------------------------------------------ the commit


def _git(root: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> str:
    import os

    result = subprocess.run(
        ("git", *args), cwd=root, capture_output=True, text=True, input=stdin, env={**os.environ, **(env or {})}
    )
    if result.returncode != 0:
        raise ReleaseDataError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def commit_record(root: Path, record: ReleaseRecord, parent: str) -> str:
    """A commit on top of ``parent`` holding the recorded release data (HEAD, the index
    and the working tree untouched: :func:`adopt` moves to it once the version built)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git(root, "read-tree", parent, env=env)
        for rel, text in record.texts.items():
            blob = _git(root, "hash-object", "-w", "--stdin", stdin=text)
            mode = "100644"
            _git(root, "update-index", "--add", "--cacheinfo", f"{mode},{blob},{rel.as_posix()}", env=env)
        tree = _git(root, "write-tree", env=env)
    message = f"Release {record.release} ({record.title}) on {record.date.isoformat()}: the release data"
    if record.deferred:
        message += f"\n\nKnown issues moved to a later release: {', '.join(record.deferred)}."
    return _git(root, "commit-tree", tree, "-p", parent, "-m", message)


def adopt(root: Path, record: ReleaseRecord, commit: str, parent: str) -> None:
    """Move the current branch from ``parent`` to ``commit`` and bring the data files of
    the index and the working tree along (other uncommitted changes stay as they are)."""
    _git(root, "update-ref", "-m", f"release cut: {record.release}", "HEAD", commit, parent)
    if record.texts:
        _git(root, "checkout", commit, "--", *(rel.as_posix() for rel in record.texts))


def working_tree_clean(root: Path) -> None:
    """The data files the cut rewrites must have no uncommitted changes: the recorded
    release is committed on top of HEAD, and would carry them unreviewed."""
    paths = [rel.as_posix() for rel in (RELEASES, DEFECTS) if (root / rel).exists()]
    status = _git(root, "status", "--porcelain", "--", *paths) if paths else ""
    if status:
        raise ReleaseDataError(f"commit or discard your changes to the release data first:\n{status}")


def data_at(root: Path, commit: str, into: Path) -> Path:
    """The release and defect data of ``commit`` in ``into`` (laid out as a project)."""
    for rel in (RELEASES, DEFECTS):
        try:
            text = _git(root, "show", f"{commit}:{rel.as_posix()}")
        except ReleaseDataError:
            continue
        (into / rel).parent.mkdir(parents=True, exist_ok=True)
        (into / rel).write_text(text + "\n", encoding="utf-8")
    return into

