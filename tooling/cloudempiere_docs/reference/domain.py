"""The ``ce`` domain: which page documents which setting, window, form or tax.

Directives register the entries they render; roles and generated links are
``pending_xref`` nodes resolved against this data at write time. Everything is keyed by
document so ``clear_doc`` and ``merge_domaindata`` keep parallel and incremental builds
exact: a page that is deleted takes its entries with it, and pages referring to them are
rewritten so their references warn instead of pointing at a page that no longer exists.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from typing import Any, NamedTuple

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from cloudempiere_docs.diagnostics import did_you_mean, warn
from cloudempiere_docs.toolkit.directive import DataDirective
from cloudempiere_docs.toolkit.domain import DataDomain
from cloudempiere_docs.urls import version_slug

#: Object type -> (prefix of anchors, label in messages and index entries).
OBJECT_TYPES = {
    "setting": ("setting", "setting"),
    "window": ("window", "window"),
    "form": ("form", "form"),
    "tax": ("tax", "tax"),
    # Entries of the SLA tables; value roles link to them ({val}`priority/1/response/...`).
    "priority": ("sla-priority", "priority"),
    "tier": ("tier", "subscription tier"),
    "channel": ("support-channel", "support channel"),
}


def anchor(objtype: str, key: str) -> str:
    """Stable HTML id of an entry, e.g. ``setting-zk-paging-size``, ``sla-priority-1``
    (made from prefix and key together: ``make_id`` drops leading digits of a key)."""
    return nodes.make_id(f"{OBJECT_TYPES[objtype][0]}-{key}")


def normalize(objtype: str, key: str) -> str:
    """Window and form names are prose: match them case-insensitively."""
    key = " ".join(key.split())
    return key.casefold() if objtype in ("window", "form") else key


class Entry(NamedTuple):
    docname: str
    anchor: str
    title: str  # shown for a role without explicit text (window name, tax name)
    display: str  # the key as written in the data


class CeXRefRole(XRefRole):
    """``{setting}`KEY``` and friends; usable with or without the ``ce:`` prefix.

    Like every Sphinx cross-reference they take an explicit title, so a sentence can give
    the name in the form it needs (``{window}`oknom Konfigurátor systému <System
    Configurator>```, ``{setting}`nastavenie stránkovania <ZK_PAGING_SIZE>```); the target
    stays the key. A setting's title is text, not code like the key it replaces.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.name = "ce:" + self.name.rpartition(":")[2]
        return super().run()

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: Element, is_ref: bool
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        domain: CeDomain = env.get_domain("ce")  # type: ignore[assignment]
        domain.note_reference(env.docname, self.reftype, node["reftarget"])
        if node.get("refexplicit") and node.children and isinstance(node[0], nodes.literal):
            inner = node[0]
            node[0] = nodes.inline(inner.rawsource, inner.astext(), classes=inner["classes"])
        return [node], []


class CeDomain(Domain):
    """Entries of the reference data, per document."""

    name = "ce"
    label = "Cloudempiere reference"
    object_types = {name: ObjType(label, name) for name, (_prefix, label) in OBJECT_TYPES.items()}
    roles = {
        "setting": CeXRefRole(innernodeclass=nodes.literal),
        "window": CeXRefRole(innernodeclass=nodes.inline),
        "form": CeXRefRole(innernodeclass=nodes.inline),
        "tax": CeXRefRole(innernodeclass=nodes.inline),
    }
    initial_data: dict[str, Any] = {
        "objects": {},  # (objtype, normalized key) -> Entry
        "refs": {},  # docname -> set of (objtype, normalized key) it refers to
    }
    data_version = 1

    @property
    def objects(self) -> dict[tuple[str, str], Entry]:
        return self.data["objects"]

    @property
    def refs(self) -> dict[str, set[tuple[str, str]]]:
        return self.data["refs"]

    # -- collecting -------------------------------------------------------------------

    def note_entry(self, objtype: str, key: str, title: str, location: Any) -> str | None:
        """Register ``key`` as documented on the current page and return its anchor.

        Returns None when the entry is already registered, so the caller emits no second
        copy of the id (on this page) or of the entry (on another page, with a warning).
        """
        docname = self.env.docname
        norm = (objtype, normalize(objtype, key))
        other = self.objects.get(norm)
        if other is not None:
            if other.docname != docname:
                warn(
                    f"{objtype} {key!r} is already documented in {other.docname!r}; "
                    "add :no-index: to one of the two directives",
                    "ref",
                    location=location,
                )
            return None
        ident = anchor(objtype, key)
        self.objects[norm] = Entry(docname, ident, title, key)
        return ident

    def note_reference(self, docname: str, objtype: str, key: str) -> None:
        self.refs.setdefault(docname, set()).add((objtype, normalize(objtype, key)))

    def clear_doc(self, docname: str) -> None:
        for key, entry in list(self.objects.items()):
            if entry.docname == docname:
                del self.objects[key]
        self.refs.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key, entry in otherdata["objects"].items():
            if entry.docname not in docnames:
                continue
            mine = self.objects.get(key)
            if mine is not None and mine.docname != entry.docname:
                warn(
                    f"{key[0]} {entry.display!r} is documented in both {mine.docname!r} and {entry.docname!r}; "
                    "add :no-index: to one of the two directives",
                    "ref",
                    location=(entry.docname, None),
                )
                continue
            self.objects[key] = entry
        for docname, keys in otherdata["refs"].items():
            if docname in docnames:
                self.refs[docname] = set(keys)

    # -- resolving --------------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> Element | None:
        entry = self.objects.get((typ, normalize(typ, target)))
        if entry is None:
            return None
        if node.get("cedocs_optional") and entry.docname == fromdocname:
            return contnode  # a value printed next to its own entry needs no link
        if not node.get("refexplicit") and typ in ("window", "form", "tax"):
            contnode = contnode.__class__(entry.title, entry.title, classes=contnode["classes"])
        return make_refnode(builder, fromdocname, entry.docname, entry.anchor, contnode, entry.display)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, Element]]:
        results = []
        for typ in OBJECT_TYPES:
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"ce:{typ}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for (typ, _norm), entry in sorted(self.objects.items()):
            yield entry.display, entry.display, typ, entry.docname, entry.anchor, 1

    def did_you_mean(self, typ: str, target: str) -> str:
        """Close matches among the documented entries of ``typ``, for a message."""
        known = [e.display for (t, _), e in self.objects.items() if t == typ]
        return did_you_mean(target, known, lambda key: normalize(typ, key))


class ReferenceDirective(DataDirective):
    """A directive rendering reference entries: it registers them in the ``ce`` Domain."""

    @property
    def domain(self) -> CeDomain:
        return self.env.get_domain("ce")  # type: ignore[return-value]

    def xref(self, objtype: str, target: str, content: nodes.Node) -> pending_xref:
        """A link to where an entry is documented, remembered so the page is rewritten
        when the entry appears, moves or vanishes."""
        self.domain.note_reference(self.env.docname, objtype, target)
        return self.b.xref("ce", objtype, target, content)


def _not_in_this_version(env: BuildEnvironment, typ: str, target: str) -> str:
    """Why a setting that exists in the data is not documented in this manual version."""
    if typ != "setting":
        return ""
    data = DataDomain.of(env)
    settings = data.get("settings")
    version = version_slug(env.config)
    for setting in settings.settings if settings else ():
        if setting.key == target and not setting.available_in(data.version):
            if setting.removed_in:
                return f" (removed in version {setting.removed_in}; this manual is version {version})"
            return f" (added in version {setting.since}; this manual is version {version})"
    return ""


#: The data file behind each role.
_DATA_OF_ROLE = {"setting": "settings", "window": "windows", "form": "windows", "tax": "taxes"}


def missing_reference(app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element) -> Element | None:
    """Report an unresolved ``ce`` reference once, located, with close matches."""
    if node.get("refdomain") != "ce":
        return None
    if node.get("cedocs_optional"):
        return contnode  # a value whose entry no page of this edition shows: just the value
    typ, target = node["reftype"], node["reftarget"]
    file = DataDomain.of(env).file(_DATA_OF_ROLE[typ]) if typ in _DATA_OF_ROLE else None
    if file is not None and file.loaded is None:
        return contnode  # the data file is broken: its located errors already fail the build
    domain: CeDomain = env.get_domain("ce")  # type: ignore[assignment]
    message = f"unknown {typ} {target!r}: no page of this manual documents it"
    message += _not_in_this_version(env, typ, target)
    message += domain.did_you_mean(typ, target)
    warn(message, "ref", location=node)
    return contnode  # shown as text; our warning replaces Sphinx's generic one


_SNAPSHOT = "cedocs_reference_snapshot"


def snapshot_entries(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """``env-get-outdated``: remember the entries before pages are purged and re-read."""
    domain: CeDomain = env.get_domain("ce")  # type: ignore[assignment]
    env.__dict__[_SNAPSHOT] = dict(domain.objects)
    return []


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: pages whose references point at entries that appeared, moved or
    vanished. References resolve at write time, so rewriting them is enough; they are
    not re-read, and a page that uses a data file is re-read only through its dependency.
    """
    before: dict[tuple[str, str], Entry] | None = env.__dict__.pop(_SNAPSHOT, None)
    if before is None:
        return []
    domain: CeDomain = env.get_domain("ce")  # type: ignore[assignment]
    now = domain.objects
    moved = {key for key in before.keys() | now.keys() if before.get(key) != now.get(key)}
    return sorted(doc for doc, keys in domain.refs.items() if keys & moved and doc in env.all_docs)
