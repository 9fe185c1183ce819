"""The ``htmlzip`` builder: an edition's web pages as one zip to read offline.

It packages what other builds made (nothing is rendered again): the HTML build's
directory and the Markdown pages, given as ``cedocs_htmlzip_sources``. The archive holds
one folder named like the file, so unpacking it never spills files, and opening
``index.html`` from the file system works: links are relative, and the pages' scripts
notice ``file:`` and point the downloads and search at what works there, and the archive
carries a page map of its own that says it stands alone (site/pagemap.py: the page map
of the site, written when the site is assembled, comes later and is never packed), so
the switchers send readers to the other versions and languages on the online site
(theme/static). Left out: the Pagefind bundle (browsers refuse to load it from files;
the search page uses Sphinx's own index instead), the one-file Markdown edition and
Sphinx's bookkeeping. Entries are sorted and dated with the edition's date, so the same
input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from cloudempiere_docs.formats import names
from cloudempiere_docs.formats.edition import Edition, edition
from cloudempiere_docs.site import pagemap

#: Not for offline readers: the search bundle, Sphinx's build state, llms-full.txt, feeds
#: are kept (an offline reader's feed reader can still subscribe to the online URL).
EXCLUDED_DIRS = ("pagefind", "_sources", names.DOWNLOADS_DIR)
EXCLUDED_FILES = (".buildinfo", ".buildinfo.bak", names.FULL_TEXT)


def entries(sources: list[Path]) -> Iterator[tuple[str, Path]]:
    """(archive path, file) of every file to pack; later sources win on equal paths."""
    chosen: dict[str, Path] = {}
    for top in sources:
        for path in sorted(top.rglob("*")):
            rel = path.relative_to(top)
            if path.is_symlink() or not path.is_file():
                continue
            if rel.parts[0] in EXCLUDED_DIRS or rel.name in EXCLUDED_FILES:
                continue
            chosen[rel.as_posix()] = path
    yield from sorted(chosen.items())


def write_zip(target: Path, folder: str, sources: list[Path], date: dt.date | None, extra: dict[str, bytes] | None = None) -> int:
    """Pack ``sources`` (and ``extra``: archive path -> content, which wins over a file of
    the same path) into ``target``; returns the number of entries."""
    stamp = (date or dt.date(1980, 1, 1)).timetuple()[:6]
    count = 0
    tmp = target.with_name(target.name + ".tmp")
    added = dict(extra or {})
    contents = {rel: path for rel, path in entries(sources) if rel not in added}
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for rel in sorted({*contents, *added}):
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = added[rel] if rel in added else contents[rel].read_bytes()
            archive.writestr(info, data, compresslevel=9)
            count += 1
    tmp.replace(target)
    return count


class HtmlZipBuilder(Builder):
    """Packs an edition's HTML (and Markdown) build into ``<name>-html.zip``."""

    name = "htmlzip"
    format = "htmlzip"
    epilog = "The offline HTML archive is in %(outdir)s."

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        super().__init__(app, env)
        # From the application Sphinx hands the builder: Builder.app is deprecated in Sphinx 9.
        self.edition: Edition = edition(app)

    def init(self) -> None:
        self.sources = [Path(p) for p in self.config.cedocs_htmlzip_sources]
        if not self.sources or not all((p / "index.html").is_file() or p.is_dir() for p in self.sources):
            raise ConfigError(
                "cedocs_htmlzip_sources must name the HTML build directory to pack (and optionally the"
                f" Markdown one), got {self.config.cedocs_htmlzip_sources!r}"
            )
        if not (self.sources[0] / "index.html").is_file():
            raise ConfigError(f"cedocs_htmlzip_sources: {self.sources[0]} holds no index.html: build the HTML first")

    def get_outdated_docs(self) -> list[str]:
        return []  # no page is written: the pages come from the HTML build

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname + ".html"

    def prepare_writing(self, docnames: set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: object) -> None:
        pass

    def finish(self) -> None:
        ed = self.edition
        name = names.file_name(ed.project, ed.version, ed.language, "htmlzip")
        target = Path(self.outdir, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        # The archive's own page map: its pages link to other versions and languages online.
        extra = {pagemap.FILENAME: pagemap.standalone_script().encode("utf-8")}
        write_zip(target, name[: -len(".zip")], self.sources, ed.date, extra)
