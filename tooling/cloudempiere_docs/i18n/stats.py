"""Translation coverage per page and language (``make i18n-stats``).

A message counts as translated only when its msgstr is filled and it is not fuzzy: Sphinx
leaves fuzzy entries out of the compiled catalog, so readers see English there. (That is
why this is not ``sphinx-intl stat``, which counts a fuzzy message with a msgstr as
translated too; the catalogs are read and classified with sphinx-intl's functions.)
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from sphinx_intl import catalog as intl

from cloudempiere_docs.i18n.catalogs import Project, catalogs, read_catalog
from cloudempiere_docs.paths import atomic_write, digest

#: Where the required coverage is configured (``--min-coverage`` overrides it).
CONFIG_TABLE = "tool.cloudempiere_docs"
CONFIG_KEY = "i18n-min-coverage"


@dataclass(frozen=True)
class Coverage:
    page: str
    language: str
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def count(catalog: Catalog, page: str, language: str) -> Coverage:
    """Obsolete messages are not in the catalog's iteration; a plural message counts as
    translated when every form is."""
    fuzzy = len(intl.fuzzy_entries(catalog))
    filled = [m for m in intl.translated_entries(catalog) if not m.fuzzy]
    translated = len([m for m in filled if _complete(m.string)])
    untranslated = len([m for m in intl.untranslated_entries(catalog) if not m.fuzzy]) + len(filled) - translated
    return Coverage(page, language, translated, fuzzy, untranslated)


def _complete(string: str | tuple[str, ...]) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def coverage(project: Project, language: str, shared: Path | None = None) -> list[Coverage]:
    """One row per page template; a page without a catalog is all untranslated.
    ``shared``: a folder where the counts are kept for other processes too (the site's
    jobs each show the coverage of every version), one small file per catalog content."""
    rows = []
    for page, pot_path in catalogs(project.templates, ".pot").items():
        po_path = project.catalog_dir(language) / f"{page}.po"
        if po_path.exists():
            translated, fuzzy, untranslated = _counts(po_path, shared)
            rows.append(Coverage(page, language, translated, fuzzy, untranslated))
        else:
            rows.append(Coverage(page, language, 0, 0, _messages(pot_path, shared)))
    return rows


#: Counts per catalog file as it is on disk (path, size, modification time): a build
#: that shows several versions' coverage reads a catalog two versions share only once.
_COUNTS: dict[tuple[str, int, int], tuple[int, int, int]] = {}


def _stat_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return (str(path.resolve()), stat.st_size, stat.st_mtime_ns)


def _counts(po_path: Path, shared: Path | None) -> tuple[int, int, int]:
    key = _stat_key(po_path)
    if key not in _COUNTS:
        _COUNTS[key] = _shared(po_path, "po", shared, lambda: _count_file(po_path))
    return _COUNTS[key]


def _count_file(po_path: Path) -> tuple[int, int, int]:
    row = count(read_catalog(po_path), "", "")
    return (row.translated, row.fuzzy, row.untranslated)


def _shared(path: Path, kind: str, shared: Path | None, compute: Callable[[], tuple[int, int, int]]) -> tuple[int, int, int]:
    """``compute()``, kept in ``shared`` (if any) under the digest of the file's content."""
    if shared is None:
        return compute()
    entry = shared / f"{kind}-{digest(path)}.json"
    try:
        value = json.loads(entry.read_text(encoding="utf-8"))
        if isinstance(value, list) and len(value) == 3 and all(isinstance(v, int) for v in value):
            return (value[0], value[1], value[2])
    except (OSError, ValueError):
        pass  # not there yet, or damaged: computed again
    result = compute()
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(entry, json.dumps(list(result)))
    except OSError:
        pass  # a read-only cache only costs time
    return result


def _messages(pot_path: Path, shared: Path | None) -> int:
    key = _stat_key(pot_path)
    if key not in _COUNTS:
        _COUNTS[key] = _shared(pot_path, "pot", shared, lambda: (0, 0, len([m for m in read_catalog(pot_path) if m.id])))
    return _COUNTS[key][2]


def total(rows: list[Coverage], language: str) -> Coverage:
    return Coverage(
        "total",
        language,
        sum(r.translated for r in rows),
        sum(r.fuzzy for r in rows),
        sum(r.untranslated for r in rows),
    )


def configured_minimum(project: Project) -> float | None:
    path = project.root / "pyproject.toml"
    if not path.is_file():
        return None
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    for key in CONFIG_TABLE.split("."):
        table = table.get(key, {})
    value = table.get(CONFIG_KEY)
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 100:
        raise ValueError(f"pyproject.toml [{CONFIG_TABLE}] {CONFIG_KEY} must be a number from 0 to 100, got {value!r}")
    return float(value)


def format_table(rows: list[Coverage]) -> str:
    width = max([len("page"), *(len(r.page) for r in rows)])
    lines = [f"{'page':<{width}}  lang  translated  fuzzy  untranslated  coverage"]
    for r in rows:
        lines.append(
            f"{r.page:<{width}}  {r.language:<4}  {r.translated:>10}  {r.fuzzy:>5}  {r.untranslated:>12}  {r.percent:>7.1f}%"
        )
    return "\n".join(lines)


def report(project: Project, minimum: float | None) -> tuple[str, list[str]]:
    """The table for every translation language, and one message per language below
    ``minimum``."""
    blocks, failures = [], []
    for language in project.translation_languages():
        rows = coverage(project, language)
        overall = total(rows, language)
        blocks.append(format_table([*rows, overall]))
        if minimum is not None and overall.percent < minimum:
            failures.append(
                f"{language}: {overall.percent:.1f} % of {overall.total} messages translated"
                f" ({overall.fuzzy} fuzzy), below the required {minimum:g} %"
            )
    return "\n\n".join(blocks), failures

