"""Where the catalogs of a project live, and how they are extracted and updated.

Layout (relative to the project root, the folder holding ``conf.py``)::

    source/                       the English pages; source/_data/*.yaml the data files
    locale/en/<page>.pot          templates extracted from source/ (committed)
    locale/en/_data/<file>.pot    templates of the data files' texts (same extraction)
    locale/<lang>/LC_MESSAGES/<page>.po          translations (committed; .mo never)
    locale/<lang>/LC_MESSAGES/_data/<file>.po    data text, translated once per file

Templates are written without ``POT-Creation-Date`` and with locations relative to the
project root, so re-extracting unchanged pages gives byte-identical files.

One toolchain: sphinx-intl updates the catalogs (babel underneath: its ``load_po`` is
the one way catalogs are read here, :func:`read_catalog`); Sphinx compiles them when a
build starts (``.mo`` next to the ``.po``). Interface strings (theme, furo, extension
labels) are not page text: they live in the package's one catalog
(:mod:`cloudempiere_docs.locale_strings`), so the ``sphinx`` template the gettext builder
extracts from templates is not written into ``locale/en``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from sphinx_intl import catalog as intl

from cloudempiere_docs.i18n.memory import Memory, fill, prune

TEMPLATE_LANGUAGE = "en"
#: What the gettext builder extracts from templates (interface strings, not a page).
SPHINX_DOMAIN = "sphinx"
SOURCE_SUFFIXES = (".md", ".rst")
DATA_SUFFIXES = (".yaml", ".yml")
#: Where the data files of a project live (their catalogs are ``<lang>/LC_MESSAGES/_data/``).
DATA_FOLDER = "_data"
PO_WIDTH = 76  # sphinx-intl's default, so files look the same whichever tool wrote them

_CREATION_DATE = re.compile(r'^"POT-Creation-Date: [^"]*\\n"\n', re.MULTILINE)
_FLAGS_LINE = re.compile(r"^#,(.*)\n", re.MULTILINE)
_FORMAT_FLAGS = frozenset({"python-format", "python-brace-format"})


class I18nError(Exception):
    """A catalog operation failed; the message says what to do."""


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def locale(self) -> Path:
        return self.root / "locale"

    @property
    def templates(self) -> Path:
        return self.locale / TEMPLATE_LANGUAGE

    def rel(self, path: Path) -> str:
        """``path`` as shown to writers: relative to the project root when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def catalog_dir(self, language: str) -> Path:
        return self.locale / language / "LC_MESSAGES"

    def source_of(self, domain: str) -> Path | None:
        """The page a catalog domain belongs to (``gettext_compact = False``)."""
        for suffix in SOURCE_SUFFIXES:
            candidate = self.source / f"{domain}{suffix}"
            if candidate.is_file():
                return candidate
        return None

    def data_file_of(self, domain: str) -> Path | None:
        """The data file a catalog domain belongs to (``_data/settings`` ->
        ``source/_data/settings.yaml``), or None."""
        for suffix in DATA_SUFFIXES:
            candidate = self.source / f"{domain}{suffix}"
            if candidate.is_file():
                return candidate
        return None

    def is_data_domain(self, domain: str) -> bool:
        """Whether ``domain`` is in a folder of data files (``_data/...``)."""
        folder = (self.source / domain).parent
        return folder != self.source and (folder.name == DATA_FOLDER or any(folder.glob("*.y*ml")))

    def registry_languages(self) -> tuple[list[str], str, int | None]:
        """``[site] languages``, the default language and the line they are set on."""
        path = self.root / "versions.toml"
        if not path.is_file():
            found = sorted(p.name for p in self.locale.iterdir() if p.is_dir() and not p.name.startswith("."))
            return (found or [TEMPLATE_LANGUAGE]), TEMPLATE_LANGUAGE, None
        text = path.read_text(encoding="utf-8")
        site = tomllib.loads(text).get("site", {})
        line = next((n for n, l in enumerate(text.splitlines(), 1) if re.match(r"\s*languages\s*=", l)), None)
        languages = [str(code) for code in site.get("languages", ["en", "sk"])]
        return languages, str(site.get("default_language", languages[0])), line

    def translation_languages(self) -> list[str]:
        languages, default, _line = self.registry_languages()
        return [code for code in languages if code != default]


def find_project(start: Path | None = None) -> Project:
    """The nearest folder at or above ``start`` holding ``conf.py`` and ``source/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "conf.py").is_file() and (folder / "source").is_dir():
            return Project(folder)
    raise I18nError(f"no project found at or above {here} (a folder with conf.py and source/)")


def read_catalog(path: str | Path, *, strict: bool = False) -> Catalog:
    """A ``.po``/``.pot`` as sphinx-intl reads it (babel); ``strict`` raises on the first
    line babel cannot parse instead of skipping it."""
    return intl.load_po(str(path), abort_invalid=strict)


def domain_of(path: Path, base: Path) -> str:
    return path.relative_to(base).with_suffix("").as_posix()


def catalogs(base: Path, suffix: str) -> dict[str, Path]:
    """``{domain: path}`` of the ``.pot``/``.po`` files below ``base``."""
    if not base.is_dir():
        return {}
    return {domain_of(p, base): p for p in sorted(base.rglob(f"*{suffix}"))}


# ----------------------------------------------------------------------------- extract


def _normalise_template(text: str, outdir: Path, root: Path) -> str:
    """Drop the volatile header and make ``#:`` locations relative to the project root."""
    text = _CREATION_DATE.sub("", text)
    out = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#: "):
            parts = []
            for token in line[3:].split():
                path, sep, lineno = token.rpartition(":")
                if not sep:
                    path, lineno = token, ""
                absolute = os.path.normpath(outdir / path)
                shown = Path(os.path.relpath(absolute, root)).as_posix()
                parts.append(f"{shown}:{lineno}" if lineno else shown)
            line = "#: " + " ".join(parts) + "\n"
        out.append(line)
    return "".join(out)


def extract(project: Project, outdir: Path, doctreedir: Path) -> dict[str, str]:
    """Run the gettext builder over ``source/``; return ``{domain: normalised .pot text}``.

    The gettext builder keeps its own doctree directory: it cannot share the HTML
    builder's environment. The environment is always fresh (``-E``): pages generated
    from data or by extension code change without their source file changing. It runs
    in a subprocess so the caller's Sphinx state (and a test's) is untouched.
    """
    command = [
        sys.executable, "-m", "sphinx", "-q", "-E", "-b", "gettext",
        "-c", str(project.root), "-d", str(doctreedir), str(project.source), str(outdir),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=project.root, capture_output=True, text=True)
    if result.returncode:
        raise I18nError(f"gettext build failed:\n{result.stderr or result.stdout}")
    if result.stderr.strip():
        print(result.stderr.rstrip(), file=sys.stderr)
    return {
        domain: _normalise_template(path.read_text(encoding="utf-8"), outdir, project.root)
        for domain, path in catalogs(outdir, ".pot").items()
    }


def page_templates(fresh: dict[str, str]) -> dict[str, str]:
    """The templates of pages: everything extracted but the interface strings."""
    return {domain: text for domain, text in fresh.items() if domain != SPHINX_DOMAIN}


def extract_to_temp(project: Project) -> dict[str, str]:
    with tempfile.TemporaryDirectory(prefix="cedocs-gettext-") as tmp:
        return extract(project, Path(tmp) / "pot", Path(tmp) / "doctrees")


# ------------------------------------------------------------------------------ update


@dataclass
class UpdateReport:
    templates_written: list[str]
    templates_removed: list[str]
    catalogs_created: list[str]
    catalogs_updated: list[str]


def write_templates(project: Project, fresh: dict[str, str]) -> tuple[list[str], list[str]]:
    """Make ``locale/en`` hold exactly ``fresh``; only changed files are written."""
    written, removed = [], []
    for domain, text in fresh.items():
        path = project.templates / f"{domain}.pot"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(project.rel(path))
    for domain, path in catalogs(project.templates, ".pot").items():
        if domain not in fresh:
            if project.data_file_of(domain) is not None:
                # The data file exists but wrote no template: it is broken (the gettext
                # build reported where). Keep the template until it is fixed.
                print(f"kept {project.rel(path)}: its data file could not be read", file=sys.stderr)
                continue
            path.unlink()
            removed.append(project.rel(path))
    for folder in sorted(project.templates.rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return written, removed


def _drop_format_flag(match: re.Match[str]) -> str:
    flags = [f.strip() for f in match.group(1).split(",") if f.strip() not in _FORMAT_FLAGS]
    return f"#, {', '.join(flags)}\n" if flags else ""


def normalise_catalog(path: Path, *, page: bool) -> bool:
    """Drop ``POT-Creation-Date``; in page catalogs also the format flags babel guesses
    (``23 % on`` looks like ``%o`` to it, ``{ref}`` like a brace field): page text is never
    a format string, and a wrong flag makes ``msgfmt -c`` reject a correct translation."""
    text = path.read_text(encoding="utf-8")
    cleaned = _CREATION_DATE.sub("", text)
    if page:
        cleaned = _FLAGS_LINE.sub(_drop_format_flag, cleaned)
    if cleaned != text:
        path.write_text(cleaned, encoding="utf-8")
    return cleaned != text


def update_catalogs(project: Project, languages: list[str]) -> tuple[list[str], list[str]]:
    """sphinx-intl's update: new messages added, changed ones fuzzy, removed ones kept
    as obsolete (``#~``) so a translation can be reused when the text comes back. Then
    the language's translation memory (:mod:`~cloudempiere_docs.i18n.memory`) proposes a
    translation (fuzzy) for every message still without one that is translated
    elsewhere, and drops obsolete entries it holds elsewhere. Only changed files are written."""
    created, updated = [], []
    templates = catalogs(project.templates, ".pot")
    for language in languages:
        work: dict[Path, tuple[Catalog, bool]] = {}  # path -> (catalog, existed)
        before: dict[Path, object] = {}
        previous: list[Catalog] = []
        for domain, pot_path in templates.items():
            po_path = project.catalog_dir(language) / f"{domain}.po"
            template = read_catalog(pot_path)
            if po_path.exists():
                catalog = read_catalog(po_path)
                before[po_path] = _content(catalog)
                # The memory also learns from the catalog as it was: babel's update uses a
                # removed message to propose a translation for a new one and then forgets it.
                previous.append(read_catalog(po_path))
                intl.update_with_fuzzy(catalog, template)
                work[po_path] = (catalog, True)
            else:
                template.locale = language
                work[po_path] = (template, False)
        sources = [catalog for catalog, _existed in work.values()]
        sources += [read_catalog(p) for p in _other_catalogs(project, language, set(work))]
        memory = Memory.of(sources, earlier=previous)
        for po_path, (catalog, existed) in work.items():
            fill(catalog, memory)
            prune(catalog, memory)
            if not existed or _content(catalog) != before[po_path]:
                intl.dump_po(str(po_path), catalog, width=PO_WIDTH, ignore_obsolete=False)
                (updated if existed else created).append(project.rel(po_path))
    for language in languages:
        for domain, po_path in catalogs(project.catalog_dir(language), ".po").items():
            if normalise_catalog(po_path, page=True) and project.rel(po_path) not in created:
                if project.rel(po_path) not in updated:
                    updated.append(project.rel(po_path))
    return created, updated


def _other_catalogs(project: Project, language: str, known: set[Path]) -> list[Path]:
    """Catalogs of ``language`` without a template (orphans, kept until deleted) and the
    interface catalog: more translations for the memory."""
    from cloudempiere_docs.locale_strings import catalog_path

    found = [p for p in catalogs(project.catalog_dir(language), ".po").values() if p not in known]
    interface = catalog_path(language)
    return [*found, interface] if interface.exists() else found


def _content(catalog: Catalog) -> tuple[object, ...]:
    """What a catalog says, not how it is laid out: a file is written only when this
    changes, so catalogs nobody touched keep their line wrapping (no churn for translators)."""

    def entry(message) -> tuple[object, ...]:
        flags = frozenset(message.flags - _FORMAT_FLAGS)
        return (message.context, message.id, message.string, flags)

    return (
        tuple(entry(m) for m in catalog if m.id),
        tuple(sorted((entry(m) for m in catalog.obsolete.values()), key=repr)),
    )


def update(project: Project) -> UpdateReport:
    """``make i18n``: extract templates into ``locale/en``, then update every language."""
    build = project.root / "build" / "i18n"
    shutil.rmtree(build / "pot", ignore_errors=True)
    fresh = page_templates(extract(project, build / "pot", build / "doctrees"))
    written, removed = write_templates(project, fresh)
    created, updated = update_catalogs(project, project.translation_languages())
    return UpdateReport(written, removed, created, updated)
