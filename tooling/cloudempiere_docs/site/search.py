"""Search index of the assembled site: one Pagefind bundle per version x language.

Each ``<lang>/<version>/`` directory gets its own bundle in ``<lang>/<version>/pagefind/``,
so the search page of a version only ever finds pages of that version and language (the
search page loads the bundle relative to itself). Pagefind reads ``<html lang>`` and
indexes only ``data-pagefind-body`` (the article, see ``theme/templates/page.html``):
the sidebar, switchers, version banner and redirect pages stay out. It folds diacritics,
which Sphinx's index does not do for Slovak. ``<lang>/latest/`` is a copy of the latest
release, so it gets a copy of that release's bundle. Sphinx's ``searchindex.js`` stays in
every directory as the fallback of the search page. The pipeline indexes each part as soon
as its build passes, once the build's worker has exited (see build._index_part);
:func:`index_site` fills in parts without a bundle.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cloudempiere_docs.paths import inside
from cloudempiere_docs.site.assemble import AssembleError
from cloudempiere_docs.site.registry import Registry

BUNDLE = "pagefind"
LATEST = "latest"
#: Inside the article but not content: heading permalinks and the translation banner.
EXCLUDE = (".headerlink", ".cedocs-i18n-coverage")
_INDEXED = re.compile(r"Indexed (\d+) pages?")


class SearchIndexError(AssembleError):
    """Pagefind failed or found nothing to index in a version directory."""


@dataclass(frozen=True)
class Indexed:
    directory: Path
    pages: int


def pagefind_binary() -> Path:
    try:
        import pagefind_bin
    except ImportError as err:
        raise SearchIndexError("the search indexer is not installed: pip install 'pagefind[bin]'") from err
    return Path(pagefind_bin.get_executable())


def index_directory(directory: Path, binary: Path | None = None) -> Indexed:
    """Write ``directory/pagefind/`` for the pages under ``directory``; return the page count."""
    shutil.rmtree(directory / BUNDLE, ignore_errors=True)
    command = [
        str(binary or pagefind_binary()),
        "--site", str(directory),
        "--output-subdir", BUNDLE,
        "--exclude-selectors", ", ".join(EXCLUDE),
        "--keep-index-url",  # the site is also browsed as plain files without index resolution
    ]  # fmt: skip
    proc = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    log = (proc.stdout + proc.stderr).strip()
    match = _INDEXED.search(log)
    if proc.returncode != 0 or match is None:
        raise SearchIndexError(f"{directory}: search indexing failed:\n{log}")
    pages = int(match.group(1))
    if pages == 0:
        raise SearchIndexError(f"{directory}: no page has data-pagefind-body; is the site theme in use?\n{log}")
    return Indexed(directory, pages)


def has_bundle(directory: Path) -> bool:
    return (directory / BUNDLE / "pagefind-entry.json").exists()


def index_site(site: Path, registry: Registry, workers: int | None = None) -> list[Indexed]:
    """Index every ``<lang>/<version>/`` of ``site`` that has no bundle yet (the pipeline
    indexes each part right after it builds); Sphinx's own index stays as fallback."""
    parts = [
        inside(site, lang, v.name, what=f"version {v.name!r} ({lang!r})")
        for lang in registry.languages
        for v in registry.versions
    ]
    directories = [part for part in parts if not has_bundle(part)]
    binary = pagefind_binary()
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        done = list(pool.map(lambda d: index_directory(d, binary), directories))
    for lang in registry.languages:
        alias = inside(site, lang, LATEST, what=f"language {lang!r}")
        if alias.is_dir():
            shutil.rmtree(alias / BUNDLE, ignore_errors=True)
            shutil.copytree(site / lang / registry.latest.name / BUNDLE, alias / BUNDLE)
    return done
