"""The ``cedata`` Domain: the validated data files of this build, and which page uses which.

This is the one place an extension reads data from (``DataDomain.of(env).get("settings")``):
the reference directives and roles, the release notes and feeds, and whatever reads data
next (values printed in prose, edition conditions).

In a translated build the Domain also holds the catalog of each data file in the build's
language (:mod:`cloudempiere_docs.toolkit.catalogs`), read at the same moment and reused
the same way (its sha256), and counts per page how many data texts it shows and how
many of them are translated (for the coverage banner). Text from data reaches a page
through :mod:`cloudempiere_docs.toolkit.text` only.

Files are loaded in the main process at ``builder-inited``, before any page is read:
parallel readers are forked from it and find the data here, and the whole domain is
pickled with the environment, so an incremental build reuses a file whose content
(sha256) did not change instead of parsing it again. Which page uses which file is kept
per document: ``clear_doc`` forgets a page that is re-read or deleted and
``merge_domaindata`` takes what parallel readers collected, as in ``sphinx.ext.todo``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Set
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from cloudempiere_docs.data import kinds as data_kinds
from cloudempiere_docs.data.kinds import DataFile, DataKind
from cloudempiere_docs.data.texts import catalog_domain, occurrences
from cloudempiere_docs.data.versioning import Version, parse_or_none
from cloudempiere_docs.diagnostics import report, warn
from cloudempiere_docs.ext import reuse
from cloudempiere_docs.toolkit import catalogs as data_catalogs
from cloudempiere_docs.toolkit.catalogs import DataCatalog
from cloudempiere_docs.urls import version_slug


#: What a page knows of its edition when what it shows is the same for several editions
#: (see :meth:`DataDomain.edition_for`): ``<edition among 13 14>`` holds when the build's
#: edition is one of those versions of versions.toml.
EDITION_AMONG = "<edition among "


def edition_among(env: Any, name: str) -> bool:
    """The fact ``name`` (``<edition among 13 14>``) of a build: also of a donor's
    unpickled environment (only its configuration and Domain data are read)."""
    data = env.domaindata.get(DataDomain.name, {})
    if data.get("all_editions"):
        return False
    among = name[len(EDITION_AMONG) : -1].split()
    edition = parse_or_none(version_slug(env.config))
    return edition is not None and str(edition) in among


class DataDomain(Domain):
    """Data files of the manual as loaded for this build, and the pages using them."""

    name = "cedata"
    label = "Cloudempiere data"
    initial_data: dict[str, Any] = {
        "files": {},  # kind -> (key of the content it was loaded from, DataFile)
        "users": {},  # docname -> set of kinds the page uses
        "catalogs": {},  # kind -> DataCatalog of the build's language
        "mode": "source",  # how data text is translated: see toolkit.text.MODES
        "texts": {},  # docname -> [translated, total] data texts the page shows
        "editions": (),  # versions of versions.toml (the editions a condition may name)
        "all_editions": False,  # a gettext build: every edition's text, not one edition's
    }
    data_version = 2

    @classmethod
    def of(cls, env: BuildEnvironment) -> DataDomain:
        return env.get_domain(cls.name)  # type: ignore[return-value]

    @property
    def files(self) -> dict[str, tuple[tuple[str | None, ...], DataFile]]:
        return self.data["files"]

    @property
    def users(self) -> dict[str, set[str]]:
        return self.data["users"]

    # -- reading -------------------------------------------------------------------------

    def file(self, kind: str) -> DataFile | None:
        """The data file of ``kind`` as loaded (None: it does not exist or is not used)."""
        entry = self.files.get(kind)
        return entry[1] if entry else None

    def get(self, kind: str) -> Any | None:
        """The validated content of ``kind`` (None: missing or broken; reported already)."""
        entry = self.file(kind)
        return entry.value if entry else None

    @property
    def version(self) -> Version | None:
        """The edition being built: the product version whose facts pages state. None
        shows every edition: the gettext build (it extracts the text of all editions
        into one catalog) and a preview under a name that is not a version."""
        if self.data.get("all_editions"):
            return None
        return parse_or_none(version_slug(self.env.config))

    def edition_for(self, probe: Callable[[Version | None], Hashable]) -> Version | None:
        """The edition to compute a value with, where ``probe(edition)`` is everything
        the value depends on. When the build's edition is one of versions.toml, the page
        depends only on which editions give the same ``probe`` (recorded as that fact for
        ext/reuse.py: versions in that class share the page's reading), not on which one
        is built; otherwise on the edition itself."""
        editions = self.editions
        with reuse.unrecorded():
            edition = self.version
        if edition is None or edition not in editions:
            return self.version  # recorded: the page depends on the edition
        value = probe(edition)
        among = " ".join(sorted(str(e) for e in editions if probe(e) == value))
        reuse.note_read(f"{EDITION_AMONG}{among}>")
        return edition

    def enabled(self, kind: str) -> bool:
        """Whether this build uses the data file ``kind`` (an extension registered it)."""
        return data_kinds.KINDS[kind].config in self.env.config

    @property
    def editions(self) -> tuple[Version, ...]:
        """The versions an edition condition may name: those of ``versions.toml``
        (empty when the build has no registry)."""
        return tuple(self.data.get("editions", ()))

    def path(self, kind: str) -> str:
        """Absolute path of the data file of ``kind`` in this build's source directory
        (asked for every data text a page shows: computed once per build)."""
        paths = self.__dict__.setdefault("_paths", {})
        if kind not in paths:
            paths[kind] = path_of(self.env, data_kinds.KINDS[kind])
        return paths[kind]

    def use(self, kind: str, docname: str | None = None) -> None:
        """Record that the page being read uses ``kind``: it is re-read when the file, or
        its catalog in the build's language, changes."""
        docname = docname or self.env.docname
        self.env.note_dependency(self.path(kind))
        catalog = self.catalogs.get(kind)
        if catalog is not None:
            self.env.note_dependency(catalog.path)
        self.users.setdefault(docname, set()).add(kind)

    def pages_using(self, kind: str) -> list[str]:
        return sorted(doc for doc, used in self.users.items() if kind in used)

    # -- catalogs of the data files ------------------------------------------------------

    @property
    def catalogs(self) -> dict[str, DataCatalog]:
        return self.data.setdefault("catalogs", {})

    @property
    def mode(self) -> str:
        return self.data.get("mode", "source")

    def catalog(self, kind: str) -> DataCatalog | None:
        return self.catalogs.get(kind)

    def note_text(self, translated: bool, docname: str | None = None) -> None:
        """Count one data text shown on the page being read (for the coverage banner)."""
        counts = self.data.setdefault("texts", {}).setdefault(docname or self.env.docname, [0, 0])
        counts[0] += int(translated)
        counts[1] += 1

    def texts_shown(self, docname: str) -> tuple[int, int]:
        """``(translated, total)`` data texts the page shows."""
        translated, total = self.data.setdefault("texts", {}).get(docname, (0, 0))
        return translated, total

    # -- per document --------------------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        self.users.pop(docname, None)
        self.data.setdefault("texts", {}).pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        # Files and catalogs were loaded before the readers forked: theirs are ours.
        texts = self.data.setdefault("texts", {})
        for docname in docnames:
            if docname in otherdata["users"]:
                self.users[docname] = set(otherdata["users"][docname])
            if docname in otherdata.get("texts", {}):
                texts[docname] = list(otherdata["texts"][docname])

    def resolve_any_xref(self, *args: Any) -> list[Any]:
        return []

    # -- loading -------------------------------------------------------------------------

    #: Kinds whose content changed since the environment was saved (set by :meth:`load`).
    changed: frozenset[str] = frozenset()

    def load(self, kinds: Iterable[DataKind], max_bytes: int) -> list[DataFile]:
        """Load every file of ``kinds`` that exists (dependencies first), reusing what
        is already loaded from the same content; return the files, for reporting."""
        loaded: list[DataFile] = []
        changed: set[str] = set()
        for kind in kinds:
            path = path_of(self.env, kind)
            key = (data_kinds.fingerprint(path, max_bytes), *(self._key_of(name) for name in kind.requires), str(max_bytes))
            if key[0] is None:
                if self.files.pop(kind.name, None) is not None:
                    changed.add(kind.name)
                continue
            cached = self.files.get(kind.name)
            if cached is None or cached[0] != key or cached[1].path != path:
                if cached is not None:
                    changed.add(kind.name)
                deps = {name: dep.loaded for name in kind.requires if (dep := self.file(name)) is not None}
                self.files[kind.name] = (key, data_kinds.load(kind, path, deps, max_bytes=max_bytes))
            loaded.append(self.files[kind.name][1])
        self.changed = frozenset(changed)
        return loaded

    def load_catalogs(self, kinds: Iterable[DataKind], language: str, mode: str) -> None:
        """Read the catalog of every loaded data file in ``language`` (``mode`` "catalogs"),
        reusing one whose content did not change; a changed, new or deleted catalog
        marks its data file changed, so the pages showing it are read again."""
        changed = set(self.changed)
        previous = self.catalogs
        current: dict[str, DataCatalog] = {}
        if mode == "catalogs":
            for kind in kinds:
                file = self.file(kind.name)
                path = self.catalog_path(kind)
                if file is None or path is None:
                    continue
                cached = previous.get(kind.name)
                digest = data_catalogs.digest(path)
                if cached is not None and (cached.path, cached.digest, cached.data_digest) == (str(path), digest, file.digest):
                    current[kind.name] = cached
                    continue
                texts = occurrences(kind.name, file.loaded) if file.loaded is not None else None
                current[kind.name] = data_catalogs.read(kind.name, path, texts, shown_path(self.env, file.path), file.digest)
        for kind in set(previous) | set(current):
            old, new = previous.get(kind), current.get(kind)
            if (old.digest if old else None) != (new.digest if new else None) or self.data.get("mode") != mode:
                changed.add(kind)
        self.data["catalogs"] = current
        self.data["mode"] = mode
        self.changed = frozenset(changed)

    def catalog_path(self, kind: DataKind) -> Path | None:
        config = self.env.config
        return data_catalogs.catalog_path(
            self.env.srcdir, list(config.locale_dirs), config.language or "en", getattr(config, kind.config)
        )

    def _key_of(self, kind: str) -> str | None:
        entry = self.files.get(kind)
        return None if entry is None else "/".join(str(part) for part in entry[0])


def path_of(env: BuildEnvironment, kind: DataKind) -> str:
    """Absolute path of the data file of ``kind`` (its configuration value is relative
    to the source directory)."""
    _rel, absolute = env.relfn2path("/" + getattr(env.config, kind.config).lstrip("/"))
    return str(Path(absolute))


def enabled_kinds(app: Sphinx) -> list[DataKind]:
    """The data files of the extensions in use: those whose configuration value is
    registered, dependencies first (``KINDS`` is in that order)."""
    return [kind for kind in data_kinds.KINDS.values() if kind.config in app.config]


def load_and_report(app: Sphinx) -> None:
    """``builder-inited``: load the data files and their catalogs; report every problem
    of every file and catalog, each build, whichever pages happen to be re-read (until it
    is fixed)."""
    domain = DataDomain.of(app.env)
    domain.data["all_editions"] = app.builder.name == "gettext"
    domain.data["editions"] = registry_versions(app)
    kinds = enabled_kinds(app)
    report(problem for file in domain.load(kinds, app.config.cedocs_data_max_bytes) for problem in file.problems)
    mode = translation_mode(app, domain, kinds)
    domain.load_catalogs(kinds, app.config.language or "en", mode)
    for path, line, message in data_catalogs.problems_of(domain.catalogs):
        # "path:1" for the whole file: Sphinx reads a location without a line as a docname.
        warn(message, "i18n", location=f"{shown_path(app.env, path)}:{line or 1}")
    if mode != "source":
        for path, data_path in orphan_catalogs(app, kinds):
            warn(
                f"catalog of a data file that does not exist ({data_path}): delete it, or rename it"
                " along with its data file and run `make i18n`",
                "i18n",
                location=f"{shown_path(app.env, str(path))}:1",
            )


def translation_mode(app: Sphinx, domain: DataDomain, kinds: list[DataKind]) -> str:
    """How this build translates data text (see :data:`cloudempiere_docs.toolkit.text.MODES`):
    ``source`` in the source language and in the gettext build, ``catalogs`` when the
    language has a catalog of at least one data file, else ``pages``: catalogs written
    before data catalogs existed (a released version's) translate data text per page."""
    language = app.config.language or "en"
    if language == "en" or app.builder.name == "gettext":
        return "source"
    if any(domain.catalog_path(kind) is not None for kind in kinds if domain.file(kind.name) is not None):
        return "catalogs"
    return "pages"


def orphan_catalogs(app: Sphinx, kinds: list[DataKind]) -> list[tuple[Path, str]]:
    """Catalogs in the folders of the data catalogs that belong to no data file of this
    build, with the data file they would translate."""
    config = app.config
    language = config.language or "en"
    domains = {catalog_domain(getattr(config, kind.config)): kind for kind in kinds}
    present = {d for d, kind in domains.items() if DataDomain.of(app.env).file(kind.name) is not None}
    folders = {d.rpartition("/")[0] for d in domains}
    found = []
    for directory in config.locale_dirs:
        base = Path(app.srcdir, directory, language, "LC_MESSAGES")
        for folder in sorted(folders):
            where = base / folder if folder else base
            if not folder or not where.is_dir():
                continue  # data files at the top of the source folder: pages' catalogs are there
            for path in sorted(where.glob("*.po")):
                domain = f"{folder}/{path.stem}"
                if domain not in present:
                    data = getattr(config, domains[domain].config) if domain in domains else f"{domain}.yaml"
                    found.append((path, shown_path(app.env, str(Path(app.srcdir, data)))))
    return found


def shown_path(env: BuildEnvironment, path: str) -> str:
    """A path as writers see it: relative to the project (the source folder's parent)."""
    try:
        return Path(path).resolve().relative_to(Path(env.srcdir).resolve().parent).as_posix()
    except ValueError:
        return str(path)


def pages_of_changed_files(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """``env-get-outdated``: the pages using a data file whose content changed. Sphinx
    already re-reads them when the file is newer than the page; this also catches a
    changed file with an older time stamp (a checkout, an archive of an old version)."""
    domain = DataDomain.of(env)
    return [doc for kind in sorted(domain.changed) for doc in domain.pages_using(kind) if doc not in removed]


def registry_versions(app: Sphinx) -> tuple[Version, ...]:
    """The versions of the registry named by ``cedocs_registry`` (relative to the
    configuration directory), oldest first; none without a registry. A broken registry
    is reported by ``ext.site`` when it loads it; here it only means no versions."""
    from cloudempiere_docs.site.registry import RegistryError, load_registry

    name = getattr(app.config, "cedocs_registry", "")
    path = Path(app.confdir, name) if name else None
    if path is None or not path.is_file():
        return ()
    try:
        registry = load_registry(path)
    except RegistryError:
        return ()
    return tuple(sorted(v.number for v in registry.versions))
