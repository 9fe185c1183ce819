"""The ``rel`` domain: which page documents which release, and where each defect is shown.

Roles ``{defect}`` and ``{release}`` are ``pending_xref`` nodes resolved against this data
at write time; everything is keyed by document so ``clear_doc`` and ``merge_domaindata``
keep parallel and incremental builds exact.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from cloudempiere_docs.data.versioning import parse_or_none
from cloudempiere_docs.diagnostics import did_you_mean, warn
from cloudempiere_docs.releases.catalog import catalog, ticket_url
from cloudempiere_docs.toolkit.domain import DataDomain

ENV_VERSION = 2


def release_key(text: str) -> str | None:
    """How the Domain keys a release: major.minor ("13.1"; "13" and "13.0" are 13.0);
    None for a text that is not a release number."""
    version = parse_or_none(text)
    if version is None:
        return None
    parts = list(version.release) + [0]
    if any(parts[2:]):
        return None
    return f"{parts[0]}.{parts[1]}"


class DefectRole(XRefRole):
    """``{defect}`CLD-1652``` links to the defect's entry, ``{release}`13.1``` to the notes
    of a release; unknown IDs are located warnings instead of broken links."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:  # registered bare as well: {defect} means {rel:defect}
            self.name = f"rel:{self.name}"
        return super().run()

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: nodes.Element, is_ref: bool
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        target = node["reftarget"]
        kind = "release" if node["reftype"] == "release" else "defect"
        data = DataDomain.of(env)
        data.use("releases" if kind == "release" else "defects")  # known or not depends on it
        file = data.file("releases" if kind == "release" else "defects")
        if file is not None and file.loaded is None:
            return [nodes.literal(target, target)], []  # broken: its own errors fail the build
        cat = catalog(env)
        if kind == "release":
            version = parse_or_none(target)
            if version is None or version not in cat.releases:
                known = [str(v) for v in cat.releases]
                warn(f"unknown release {target!r} (not in {env.config.cedocs_releases_data}){did_you_mean(target, known)}", "ref", node)
                return [nodes.literal(target, target)], []
        elif target not in cat.defects:
            warn(f"unknown defect {target!r} (not in {env.config.cedocs_defects_data}){did_you_mean(target, cat.defects)}", "ref", node)
            return [nodes.literal(target, target)], []
        return [node], []


class ReleasesDomain(Domain):
    """Which page documents which release, and where each defect is shown."""

    name = "rel"
    label = "Release notes"
    object_types: ClassVar[dict[str, ObjType]] = {
        "release": ObjType("release", "release"),
        "defect": ObjType("defect", "defect"),
    }
    roles: ClassVar[dict[str, Any]] = {"defect": DefectRole(), "release": DefectRole()}
    initial_data: ClassVar[dict[str, Any]] = {
        "releases": {},  # version -> [(docname, lineno)]
        "defects": {},  # id -> [(priority, docname, anchor)]
        "indexes": {},  # docname -> lineno of a release-index directive
    }
    data_version = ENV_VERSION

    # Where a role should take the reader, best first.
    FIXED, KNOWN, PLANNED, LISTED, KNOWN_AT_RELEASE = 0, 1, 2, 3, 4

    @property
    def releases(self) -> dict[str, list[tuple[str, int]]]:
        return self.data["releases"]

    @property
    def defects(self) -> dict[str, list[tuple[int, str, str]]]:
        return self.data["defects"]

    @property
    def indexes(self) -> dict[str, int]:
        return self.data["indexes"]

    def note_release(self, version: str, docname: str, lineno: int) -> None:
        self.releases.setdefault(release_key(version) or version, []).append((docname, lineno))

    def note_defect(self, defect_id: str, priority: int, docname: str, anchor: str) -> None:
        self.defects.setdefault(defect_id, []).append((priority, docname, anchor))

    def release_page(self, version: str) -> str | None:
        pages = sorted(self.releases.get(release_key(version) or version, ()))
        return pages[0][0] if pages else None

    def defect_target(self, defect_id: str) -> tuple[str, str] | None:
        entries = self.defects.get(defect_id)
        if not entries:
            return None
        _, docname, anchor = min(entries)
        return docname, anchor

    def index_page(self) -> str | None:
        return min(self.indexes) if self.indexes else None

    def clear_doc(self, docname: str) -> None:
        for store in (self.releases, self.defects):
            for key in list(store):
                store[key] = [e for e in store[key] if e[0 if store is self.releases else 1] != docname]
                if not store[key]:
                    del store[key]
        self.indexes.pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for key, entries in otherdata["releases"].items():
            self.releases.setdefault(key, []).extend(e for e in entries if e[0] in docnames)
        for key, entries in otherdata["defects"].items():
            self.defects.setdefault(key, []).extend(e for e in entries if e[1] in docnames)
        for docname, lineno in otherdata["indexes"].items():
            if docname in docnames:
                self.indexes[docname] = lineno

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        if typ == "release":
            page = self.release_page(target)
            if page and node.get("cedocs_optional") and page == fromdocname:
                return contnode  # a value printed on the notes page itself
            if page:
                return make_refnode(builder, fromdocname, page, "", contnode)
            # Known but without notes in this build (e.g. a later manual): plain text.
            return contnode if parse_or_none(target) in catalog(env).releases else None
        if typ == "defect":
            found = self.defect_target(target)
            if found:
                return make_refnode(builder, fromdocname, found[0], found[1], contnode)
            if target in catalog(env).defects:  # not shown on any page: the portal has it
                ref = nodes.reference("", "", internal=False, refuri=ticket_url(env.config.cedocs_ticket_url, target))
                ref += contnode
                return ref
        return None

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.Element]]:
        results = []
        for typ, store in (("defect", self.defects), ("release", self.releases)):
            if (release_key(target) if typ == "release" else target) in store:
                ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
                if ref is not None:
                    results.append((f"rel:{typ}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for version in self.releases:
            page = self.release_page(version)
            if page:
                yield version, f"Release {version}", "release", page, "", 1
        for defect_id in self.defects:
            found = self.defect_target(defect_id)
            if found:
                yield defect_id, defect_id, "defect", found[0], found[1], 1
