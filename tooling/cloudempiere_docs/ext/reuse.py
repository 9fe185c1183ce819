"""Reuse what another version's build read: a page read once serves every version it is
the same in.

Versions of a manual share most pages. A job of the site pipeline may name the doctree
directory of a finished job of another version in the same language (the donor,
``-D cedocs_reuse_from=<doctrees>``); before Sphinx reads the pages, this extension takes
the donor's environment and, for every page whose reading would give the same result,
merges the page's entries (titles, tables of contents, dependencies, every Domain's
data: Sphinx's parallel-read merge) and copies its doctree instead of reading it. The
write phase is unchanged: every page is still resolved and written for its own version
(links, banners, switchers and everything else decided at write time).

A page is reused only when its reading is proven to give the same doctree:

- its source file, its catalog in the build's language and every file its reading
  recorded as a dependency (data files, their catalogs, included files, images) have
  the same bytes in both projects;
- it read no configuration value that differs between the two builds. Every build
  records, per page, which configuration values its reading looked at (the version,
  the release and the edition among them: a page printing a value of its edition, or
  an ``{edition}`` block, reads the edition); when the set of pages differs between the
  versions, reading the page list (a toctree, a listing) counts as such a value;
- the donor recorded what it read (a page read before this was recorded, or read by
  other code, is read again), and the page did not ask to be read on every build.

Nothing is trusted that the donor's build could not prove: a donor is only named when
its job passed strictly. The pipeline's tests build the real manual with and without
reuse and compare every published file.

The reuse relies on the shape of Sphinx's environment (the merge used by parallel
reading, the doctree files, the configuration object); on a Sphinx outside the range it
was written for, the build reads every page itself, with one line in its log.
"""

from __future__ import annotations

import json
import pickle
import time
from collections.abc import Callable, Hashable, Iterator, Set
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain

from cloudempiere_docs.ext import memory
from cloudempiere_docs.ext.upstream import Shape
from cloudempiere_docs.paths import digest

logger = logging.getLogger(__name__)

#: What a page reads that is not a configuration value: the set of pages of the build.
PAGE_LIST = "<pages>"
#: Written next to the doctrees: which pages were reused and why the others were not.
REPORT = "cedocs-reuse.json"

SHAPE = Shape(
    package="sphinx",
    versions=">=9.0,<9.1",
    functions={
        "BuildEnvironment.merge_info_from": lambda: BuildEnvironment.merge_info_from,
        "BuildEnvironment.clear_doc": lambda: BuildEnvironment.clear_doc,
        "BuildEnvironment.get_doctree": lambda: BuildEnvironment.get_doctree,
    },
    signatures={
        "BuildEnvironment.merge_info_from": "(self, docnames, other, app)",
        "BuildEnvironment.clear_doc": "(self, docname)",
        "BuildEnvironment.get_doctree": "(self, docname)",
    },
)


class ReuseDomain(Domain):
    """Per page, the configuration values its reading looked at (kept with the
    environment, so a finished job can serve as a donor for another version's)."""

    name = "cedocs-reuse"
    label = "Reuse between versions"
    initial_data: dict[str, Any] = {"reads": {}}  # docname -> sorted names
    data_version = 1

    @property
    def reads(self) -> dict[str, list[str]]:
        return self.data["reads"]

    def clear_doc(self, docname: str) -> None:
        self.reads.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["reads"]:
                self.reads[docname] = otherdata["reads"][docname]
        # (a page read in a parallel process brings a set: sorted at env-updated)


# -- recording what a page reads ---------------------------------------------------------

#: The recorder of the build being read (one build at a time per process: a worker runs
#: one sphinx-build after the other). A module global because the configuration object
#: is consulted everywhere and a lookup of our own on every access would cost more.
_RECORDER: _Recorder | None = None


class _Recorder:
    """Notes into the Domain of the environment, so that pages read in parallel
    processes bring what they read back with the rest of their data."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.env = env
        self.reads: dict[str, Any] = env.get_domain(ReuseDomain.name).data["reads"]

    def note(self, name: str) -> None:
        docname = self.env.current_document.docname
        if docname:
            read = self.reads.get(docname)
            if read is None:
                read = self.reads[docname] = set()
            read.add(name)


class _RecordingConfig(Config):
    """Sphinx's configuration, noting which values the page being read looks at."""

    def __getattribute__(self, name: str) -> Any:
        recorder = _RECORDER
        if recorder is not None and name[0] != "_":
            recorder.note(name)
        return object.__getattribute__(self, name)


class _RecordingEnvironment(BuildEnvironment):
    """Sphinx's environment, noting when the page being read looks at the page list."""

    @property
    def found_docs(self) -> set[str]:  # type: ignore[override]
        recorder = _RECORDER
        if recorder is not None:
            recorder.note(PAGE_LIST)
        return self.project.docnames


@contextmanager
def unrecorded() -> Iterator[None]:
    """Read without recording: for a caller that records a coarser fact itself
    (:func:`note_read`), e.g. "the edition is one of versions.toml" instead of which one."""
    global _RECORDER
    recorder, _RECORDER = _RECORDER, None
    try:
        yield
    finally:
        _RECORDER = recorder


def note_read(name: str) -> None:
    """Record that the page being read depends on ``name``: a fact of :data:`FACTS` or
    of a family registered with :func:`add_fact_family`."""
    if _RECORDER is not None:
        _RECORDER.note(name)


#: Facts a page may depend on besides configuration values: name -> how to tell it from
#: an environment (a live one, or a donor's as unpickled: its config and domaindata).
FACTS: dict[str, Callable[[Any], Hashable]] = {
    PAGE_LIST: lambda env: frozenset(env.project.docnames),
}


#: Families of facts, by the prefix of their names: how to tell a fact of the family
#: from an environment and the fact's name (``<edition among 13 14>``).
FAMILIES: dict[str, Callable[[Any, str], Hashable]] = {}


def add_fact_family(prefix: str, value_of: Callable[[Any, str], Hashable]) -> None:
    """Register facts named ``<prefix>...`` whose name says what to tell (see FAMILIES):
    two builds for which a fact differs do not share the pages that read it."""
    FAMILIES[prefix] = value_of


def _differs(name: str, env: Any, donor: Any) -> bool:
    """Whether the fact or configuration value ``name`` read by a page differs between
    our build and the donor's (a fact that cannot be told counts as differing)."""
    if not name.startswith("<") or name in FACTS:
        return False  # a configuration value or a fact of FACTS: compared up front
    family = next((f for prefix, f in FAMILIES.items() if name.startswith(prefix)), None)
    if family is None:
        return True  # a fact this build cannot tell
    try:
        return family(env, name) != family(donor, name)
    except Exception:
        return True


def _start_recording(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs`` (first): record from now until the pages are read."""
    global _RECORDER
    if app.config.cedocs_reuse is False or type(app.config) is not Config or type(env) is not BuildEnvironment:
        return  # someone else swapped the classes: record nothing, reuse nothing
    _RECORDER = _Recorder(env)
    app.config.__class__ = _RecordingConfig
    env.__class__ = _RecordingEnvironment


def _stop_recording(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: plain classes again before the environment is pickled; what
    each page read in a stable order."""
    global _RECORDER
    _RECORDER = None
    if type(app.config) is _RecordingConfig:
        app.config.__class__ = Config
    if type(env) is _RecordingEnvironment:
        env.__class__ = BuildEnvironment
    reads = env.get_domain(ReuseDomain.name).data["reads"]
    for docname, names in list(reads.items()):
        if docname not in env.all_docs:
            del reads[docname]
        elif not isinstance(names, list):
            reads[docname] = sorted(names)


# -- reusing a donor's pages -------------------------------------------------------------


class Donor:
    """A finished build's environment and doctrees, seen from the build being made."""

    def __init__(self, doctrees: Path, env: BuildEnvironment) -> None:
        self.doctrees = doctrees
        self.env = env
        self.srcdir = Path(env.srcdir)

    @classmethod
    def load(cls, doctrees: Path) -> Donor:
        with open(doctrees / "environment.pickle", "rb") as f:
            env = pickle.load(f)
        if not isinstance(env, BuildEnvironment):
            raise TypeError(f"{doctrees / 'environment.pickle'} holds no build environment")
        return cls(doctrees, env)

    @property
    def reads(self) -> dict[str, list[str]]:
        return self.env.domaindata.get(ReuseDomain.name, {}).get("reads", {})


class _Files:
    """Digests of files, each read once, compared between the donor's and our project."""

    def __init__(self) -> None:
        self._digests: dict[str, str | None] = {}

    def digest(self, path: Path) -> str | None:
        key = str(path)
        if key not in self._digests:
            try:
                self._digests[key] = digest(path)
            except OSError:
                self._digests[key] = None  # missing: equal only to another missing file
        return self._digests[key]

    def same(self, ours: Path, theirs: Path) -> bool:
        return self.digest(ours) == self.digest(theirs)


def differing_values(config: Config, donor: Config) -> set[str]:
    """Names of the configuration values that differ between two builds (a value the
    donor could not pickle counts as differing)."""
    missing = object()
    ours = {item.name for item in config}
    changed = {
        item.name for item in config
        if item.name != "cedocs_reuse_from" and getattr(donor, item.name, missing) != item.value
    }  # fmt: skip
    return changed | ({item.name for item in donor} - ours)  # values only the donor had


def _mapped(path: str, donor_srcdir: str, srcdir: str) -> str:
    """A path of the donor's project as the same path of ours (other paths unchanged)."""
    if path == donor_srcdir or path.startswith(donor_srcdir.rstrip("/") + "/"):
        return srcdir + path[len(donor_srcdir) :]
    return path


def _catalogs(config: Config, srcdir: Path, docname: str) -> Iterator[Path]:
    """The catalogs a page's translation comes from, in ``srcdir``'s project: the
    ``.po`` file (Sphinx compiles the ``.mo`` from it before reading; the ``.mo`` also
    records when it was compiled), or the ``.mo`` where there is no ``.po``."""
    domain = docname_to_domain(docname, config.gettext_compact)
    for directory in config.locale_dirs:
        base = srcdir / directory / (config.language or "en") / "LC_MESSAGES" / domain
        po = base.with_suffix(".po")
        yield po if po.exists() else base.with_suffix(".mo")


def why_not(app: Sphinx, env: BuildEnvironment, donor: Donor, docname: str, differing: set[str], files: _Files) -> str | None:
    """Why ``docname`` must be read again, or None when the donor's reading is ours."""
    theirs = donor.env
    if docname not in theirs.all_docs:
        return "not in the donor's build"
    if docname in theirs.reread_always:
        return "read on every build"
    read = donor.reads.get(docname)
    if read is None:
        return "the donor did not record what it read"
    depends = differing.intersection(read) | {name for name in read if _differs(name, env, theirs)}
    if depends:
        return "reads " + ", ".join(sorted(depends))
    srcdir = Path(env.srcdir)
    ours = Path(env.doc2path(docname))
    if not files.same(ours, donor.srcdir / ours.relative_to(srcdir)):
        return "source differs"
    for catalog in _catalogs(app.config, srcdir, docname):
        if not files.same(catalog, donor.srcdir / catalog.relative_to(srcdir)):
            return f"catalog {catalog.name} differs"
    for dependency in sorted(map(str, theirs.dependencies.get(docname, ()))):
        mine = _mapped(dependency, str(donor.srcdir), str(srcdir))
        if not files.same(Path(mine), Path(dependency)):
            return f"{Path(mine).name} differs"
    return None


def _relocate(doctree: nodes.document, donor_srcdir: str, srcdir: str) -> None:
    """Name our source files where the donor's doctree names its own (warnings at write
    time point to the page of this version). Equal paths stay one object, as they were."""
    seen: dict[str, str] = {}

    def move(path: str) -> str:
        if path not in seen:
            seen[path] = _mapped(path, donor_srcdir, srcdir)
        return seen[path]

    for node in doctree.findall():
        if isinstance(node.source, str):
            node.source = move(node.source)
        if isinstance(node, nodes.Element) and isinstance(node.get("source"), str):
            node["source"] = move(node["source"])
    if isinstance(getattr(doctree.settings, "_source", None), str):
        doctree.settings._source = move(doctree.settings._source)


def reuse(app: Sphinx, env: BuildEnvironment, donor: Donor, docnames: list[str]) -> dict[str, Any]:
    """Merge every page of ``docnames`` that the donor read as we would; remove them
    from ``docnames`` (Sphinx reads the rest). Returns the report."""
    differing = differing_values(app.config, donor.env.config)
    for name, value_of in FACTS.items():
        try:
            if value_of(env) != value_of(donor.env):
                differing.add(name)
        except Exception:  # a donor without the data of a fact: nothing depending on it is shared
            differing.add(name)
    files = _Files()
    reasons = {doc: why_not(app, env, donor, doc, differing, files) for doc in docnames}
    reused = sorted(doc for doc, reason in reasons.items() if reason is None)
    if reused:
        for docname in reused:  # a page of an earlier state of this job: forget it first
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)
        env.merge_info_from(reused, donor.env, app)
        donor_srcdir, srcdir = str(donor.srcdir), str(env.srcdir)
        now = time.time_ns() // 1000  # as Sphinx stamps a page it reads
        for docname in reused:
            env.all_docs[docname] = now
            env.dependencies[docname] = {type(d)(_mapped(str(d), donor_srcdir, srcdir)) for d in env.dependencies.get(docname, ())}
            _copy_doctree(donor, env, docname, donor_srcdir, srcdir)
        docnames[:] = [doc for doc in docnames if reasons[doc] is not None]
    return {
        "donor": str(donor.doctrees),
        "differing": sorted(differing),
        "reused": reused,
        "read": {doc: reason for doc, reason in sorted(reasons.items()) if reason is not None},
    }


def _copy_doctree(donor: Donor, env: BuildEnvironment, docname: str, donor_srcdir: str, srcdir: str) -> None:
    with open(donor.doctrees / f"{docname}.doctree", "rb") as f:
        doctree = pickle.load(f)
    _relocate(doctree, donor_srcdir, srcdir)
    target = Path(env.doctreedir) / f"{docname}.doctree"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as f:
        pickle.dump(doctree, f, pickle.HIGHEST_PROTOCOL)
    # Sphinx keeps each doctree it reads for the write phase (Builder.write_doctree) instead
    # of reading its pickle back; a reused page is kept the same way (it is the object just
    # pickled, as for a page read), within the bound ext/memory.py sets on that cache.
    # Without that private cache, or over the bound, the page is read back.
    written = getattr(env, "_write_doc_doctree_cache", None)
    limit = memory.limit_of(env.config)
    if isinstance(written, dict) and (limit is None or len(written) < limit):
        written[docname] = doctree


def _reuse_donor(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs`` (last): take what the donor read, if one is named."""
    (Path(env.doctreedir) / REPORT).unlink(missing_ok=True)  # a report says what this build did
    source = app.config.cedocs_reuse_from
    if not source or not docnames:
        return
    problem = SHAPE.problem()
    if problem is not None:
        logger.info("cedocs: every page is read, none reused from another version: %s", problem)
        return
    try:
        donor = Donor.load(Path(source))
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError) as err:
        # A donor is an optimisation: without one, the pages are read as usual.
        logger.info("cedocs: every page is read, the donor %s cannot be used: %s", source, err)
        return
    started = time.perf_counter()
    report = reuse(app, env, donor, docnames)
    report["seconds"] = round(time.perf_counter() - started, 3)
    (Path(env.doctreedir) / REPORT).write_text(json.dumps(report, indent=1), encoding="utf-8")
    logger.info("cedocs: %d page(s) reused from %s, %d read", len(report["reused"]), source, len(docnames))


def reused_pages(doctrees: Path) -> list[str]:
    """The pages the last build in ``doctrees`` reused (empty without a report)."""
    try:
        return list(json.loads((doctrees / REPORT).read_text(encoding="utf-8"))["reused"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def setup(app: Sphinx) -> dict[str, Any]:
    # Where the donor's doctrees are; no effect on the output (rebuild ""), so a job that
    # names a donor and its format jobs, which name none, share one environment.
    app.add_config_value("cedocs_reuse_from", "", "", types=frozenset({str}))
    app.add_config_value("cedocs_reuse", True, "", types=frozenset({bool}))
    app.add_domain(ReuseDomain)
    app.connect("env-before-read-docs", _start_recording, priority=100)
    app.connect("env-before-read-docs", _reuse_donor, priority=900)
    app.connect("env-updated", _stop_recording, priority=100)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}

