"""The ``cedata`` Domain: the validated data files of this build, and which page uses which.

This is the one place an extension reads data from (``DataDomain.of(env).get("settings")``):
the reference directives and roles, the release notes and feeds, and whatever reads data
next (values printed in prose, edition conditions, per-file translation catalogs).

Files are loaded in the main process at ``builder-inited``, before any page is read:
parallel readers are forked from it and find the data here, and the whole domain is
pickled with the environment, so an incremental build reuses a file whose content
(sha256) did not change instead of parsing it again. Which page uses which file is kept
per document: ``clear_doc`` forgets a page that is re-read or deleted and
``merge_domaindata`` takes what parallel readers collected, as in ``sphinx.ext.todo``.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from cloudempiere_docs.data import kinds as data_kinds
from cloudempiere_docs.data.kinds import DataFile, DataKind
from cloudempiere_docs.data.versioning import Version, parse_or_none
from cloudempiere_docs.diagnostics import report
from cloudempiere_docs.urls import version_slug


class DataDomain(Domain):
    """Data files of the manual as loaded for this build, and the pages using them."""

    name = "cedata"
    label = "Cloudempiere data"
    initial_data: dict[str, Any] = {
        "files": {},  # kind -> (key of the content it was loaded from, DataFile)
        "users": {},  # docname -> set of kinds the page uses
        "editions": (),  # versions of versions.toml (the editions a condition may name)
        "all_editions": False,  # a gettext build: every edition's text, not one edition's
    }
    data_version = 1

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

    @property
    def editions(self) -> tuple[Version, ...]:
        """The versions an edition condition may name: those of ``versions.toml``
        (empty when the build has no registry)."""
        return tuple(self.data.get("editions", ()))

    def path(self, kind: str) -> str:
        """Absolute path of the data file of ``kind`` in this build's source directory."""
        return path_of(self.env, data_kinds.KINDS[kind])

    def use(self, kind: str, docname: str | None = None) -> None:
        """Record that the page being read uses ``kind``: it is re-read when the file changes."""
        docname = docname or self.env.docname
        self.env.note_dependency(self.path(kind))
        self.users.setdefault(docname, set()).add(kind)

    def pages_using(self, kind: str) -> list[str]:
        return sorted(doc for doc, used in self.users.items() if kind in used)

    # -- per document --------------------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        self.users.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        # Files were loaded before the readers forked: theirs are the same as ours.
        for docname in docnames:
            if docname in otherdata["users"]:
                self.users[docname] = set(otherdata["users"][docname])

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
    """``builder-inited``: load the data files and report every problem of every file,
    each build, whichever pages happen to be re-read (until it is fixed)."""
    domain = DataDomain.of(app.env)
    domain.data["all_editions"] = app.builder.name == "gettext"
    domain.data["editions"] = registry_versions(app)
    report(problem for file in domain.load(enabled_kinds(app), app.config.cedocs_data_max_bytes) for problem in file.problems)


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
