"""Release notes linked to defects, and their Atom feed.

The support terms promise that a customer whose reported defect was confirmed learns when
it is fixed and in which (estimated) version. This extension renders that promise from
``_data/releases.yaml`` and ``_data/defects.yaml``:

- ``{release-notes} 13.1``: highlights, new features, fixed defects by component and the
  known issues of one release (planned releases show their planned fixes);
- ``{known-issues}``: every confirmed defect not yet fixed, with estimated fix and workaround;
- ``{release-index}``: the releases of this manual version and earlier;
- ``{defect-list}``: a table of all defects (optionally filtered by status);
- roles ``{defect}`CLD-1652``` and ``{release}`13.1``` link to the entry / notes page.

Which page documents which release and where each defect entry is lives in the ``rel``
Domain (parallel and incremental safe). At ``build-finished`` the HTML builder writes
``releases.atom`` (RFC 4287, generated with feedgen) from the data and the translated
doctrees, so a Slovak build produces a Slovak feed; every page advertises it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from docutils import nodes
from docutils.parsers.rst import directives
from feedgen.feed import FeedGenerator
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.roles import XRefRole
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from cloudempiere_docs import urls
from cloudempiere_docs.data.releases import (
    SEVERITY_ORDER,
    Catalog,
    Defect,
    Release,
    id_key,
    load_catalog,
    version_key,
)
from cloudempiere_docs.diagnostics import warn

ENV_VERSION = 1

# Labels of generated text. They are set as rawsource, so the gettext builder extracts
# them into the page's catalog and a translated build shows (and feeds) the translation.
STATUS_LABELS = {"reported": "Reported", "confirmed": "Confirmed", "fixed": "Fixed", "wont_fix": "Won't fix"}
RELEASE_STATUS_LABELS = {"released": "Released", "planned": "Planned"}


def defect_anchor(defect_id: str) -> str:
    """Stable HTML id of a defect entry: ``CLD-1652`` -> ``defect-cld-1652``."""
    return "defect-" + defect_id.lower()


# -- data ------------------------------------------------------------------------------

_CACHE: dict[tuple[Any, ...], Catalog] = {}


def _data_paths(env: BuildEnvironment) -> tuple[Path, Path]:
    src = Path(env.srcdir)
    return src / env.config.cedocs_releases_data, src / env.config.cedocs_defects_data


def catalog(env: BuildEnvironment) -> Catalog:
    """The validated data, loaded once per content of the files (also in forked workers)."""
    paths = _data_paths(env)
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else (str(p),) for p in paths)
    if key not in _CACHE:
        _CACHE.clear()  # only the current files matter
        _CACHE[key] = load_catalog(*paths)
    return _CACHE[key]


def manual_number(config: Config) -> int | None:
    """The manual version being built as a number (``"13"`` -> 13); None shows everything."""
    match = re.match(r"[0-9]+", urls.version_slug(config) or "")
    return int(match.group()) if match else None


def is_visible(release: Release, config: Config) -> bool:
    """A manual shows the releases of its own version and of earlier versions."""
    current = manual_number(config)
    return current is None or int(release.manual) <= current


def visible_releases(cat: Catalog, config: Config) -> list[Release]:
    return sorted((r for r in cat.releases.values() if is_visible(r, config)), key=lambda r: r.key, reverse=True)


def visible_defects(cat: Catalog, config: Config) -> list[Defect]:
    shown = {r.version for r in visible_releases(cat, config)}
    return [d for d in cat.defects.values() if shown.intersection(d.affects)]


def known_at(cat: Catalog, release: Release) -> list[Defect]:
    """Confirmed defects present in ``release``: it is affected and was not yet fixed."""
    result = []
    for defect in cat.defects.values():
        if defect.confirmed is None or release.version not in defect.affects:
            continue
        if defect.fixed_in and version_key(defect.fixed_in) <= release.key:
            continue
        result.append(defect)
    return _ordered(result)


def _ordered(defects: Iterable[Defect]) -> list[Defect]:
    return sorted(defects, key=lambda d: (SEVERITY_ORDER[d.severity], id_key(d.id)))


def ticket_url(template: str, ticket: str) -> str:
    return template.replace("{id}", ticket)


# -- domain ----------------------------------------------------------------------------


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
        known = catalog(env).releases if node["reftype"] == "release" else catalog(env).defects
        if target not in known:
            kind = "release" if node["reftype"] == "release" else "defect"
            warn(f"unknown {kind} {target!r} (not in {env.config.cedocs_releases_data if kind == 'release' else env.config.cedocs_defects_data})", "ref", node)
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
        self.releases.setdefault(version, []).append((docname, lineno))

    def note_defect(self, defect_id: str, priority: int, docname: str, anchor: str) -> None:
        self.defects.setdefault(defect_id, []).append((priority, docname, anchor))

    def release_page(self, version: str) -> str | None:
        pages = sorted(self.releases.get(version, ()))
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
            if page:
                return make_refnode(builder, fromdocname, page, "", contnode)
            # Known but without notes in this build (e.g. a later manual): plain text.
            return contnode if target in catalog(env).releases else None
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
            if target in store:
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


# -- directives ------------------------------------------------------------------------


class _DataDirective(SphinxDirective):
    """Shared node builders: every generated string is translatable and located."""

    @property
    def domain(self) -> ReleasesDomain:
        return self.env.get_domain("rel")  # type: ignore[return-value]

    def data(self) -> Catalog:
        for path in _data_paths(self.env):
            self.env.note_dependency(str(path))
        return catalog(self.env)

    def text(self, text: str, *classes: str) -> nodes.paragraph:
        para = nodes.paragraph(text, text, classes=list(classes))
        self.set_source_info(para)
        return para

    def inline(self, text: str, *classes: str) -> nodes.inline:
        node = nodes.inline(text, text, classes=list(classes))
        node["translatable"] = True  # inline nodes are messages only when marked
        self.set_source_info(node)
        return node

    def fixed(self, *children: nodes.Node, classes: Iterable[str] = ()) -> nodes.paragraph:
        """A paragraph that is not a message itself (links, dates); its inlines may be."""
        para = nodes.paragraph("", "", *children, classes=list(classes))
        para["translatable"] = False
        self.set_source_info(para)
        return para

    def section(self, title: str, *classes: str) -> nodes.section:
        section = nodes.section(classes=list(classes))
        heading = nodes.title(title, title)
        self.set_source_info(heading)
        section += heading
        section["names"].append(nodes.fully_normalize_name(title))
        self.state.document.note_implicit_target(section, section)
        return section

    def field(self, name: str, body: nodes.Node | Iterable[nodes.Node], key: str) -> nodes.field:
        label = nodes.field_name(name, name)
        self.set_source_info(label)
        content = nodes.field_body()
        content += body if isinstance(body, nodes.Node) else list(body)
        return nodes.field("", label, content, classes=[f"cedocs-field-{key}"])

    def release_ref(self, version: str) -> addnodes.pending_xref:
        ref = addnodes.pending_xref(
            version, refdomain="rel", reftype="release", reftarget=version, refdoc=self.env.docname, refexplicit=False
        )
        ref += nodes.inline(version, version, classes=["cedocs-release-ref"])
        return ref

    def date(self, value: dt.date | None) -> nodes.paragraph:
        return self.fixed(nodes.Text(value.isoformat() if value else ""))

    def defect_entry(self, defect: Defect, priority: int) -> nodes.container:
        """One defect: ID linked to the portal ticket, title, description and facts."""
        box = nodes.container(classes=["cedocs-defect", f"cedocs-severity-{defect.severity}"])
        anchor = defect_anchor(defect.id)
        document = self.state.document
        if anchor not in document.ids:  # first entry of a defect on a page carries the id
            box["ids"].append(anchor)
            document.ids[anchor] = box
            self.domain.note_defect(defect.id, priority, self.env.docname, anchor)
        config = self.config
        ticket = nodes.reference(defect.id, defect.id, refuri=ticket_url(config.cedocs_ticket_url, defect.id))
        box += self.fixed(
            nodes.strong("", "", ticket), nodes.Text(" "), self.inline(defect.title, "cedocs-defect-title"),
            classes=["cedocs-defect-head"],
        )
        box += self.text(defect.description, "cedocs-defect-description")
        facts = nodes.field_list(classes=["cedocs-defect-facts"])
        facts += self.field("Component", self.text(defect.component), "component")
        facts += self.field("Severity", self.text(defect.severity.capitalize()), "severity")
        facts += self.field("Status", self.text(STATUS_LABELS[defect.status]), "status")
        affects = self.fixed()
        for index, version in enumerate(sorted(defect.affects, key=version_key)):
            if index:
                affects += nodes.Text(", ")
            affects += self.release_ref(version)
        facts += self.field("Affected versions", affects, "affects")
        if defect.fixed_in:
            facts += self.field("Fixed in", self.fixed(self.release_ref(defect.fixed_in)), "fixed-in")
        if defect.estimated_fix:
            facts += self.field("Estimated fix version", self.fixed(self.release_ref(defect.estimated_fix)), "estimated-fix")
        facts += self.field("Reported", self.date(defect.reported), "reported")
        if defect.confirmed:
            facts += self.field("Confirmed", self.date(defect.confirmed), "confirmed")
        if defect.upstream:
            upstream = nodes.reference(
                defect.upstream, defect.upstream, refuri=ticket_url(config.cedocs_idempiere_ticket_url, defect.upstream)
            )
            facts += self.field("iDempiere ticket", self.fixed(upstream), "upstream")
        if defect.workaround:
            facts += self.field("Workaround", self.text(defect.workaround), "workaround")
        if defect.reason:
            facts += self.field("Reason", self.text(defect.reason), "reason")
        box += facts
        return box

    def by_component(self, defects: list[Defect], priority: int) -> list[nodes.Node]:
        groups: dict[str, list[Defect]] = {}
        for defect in _ordered(defects):
            groups.setdefault(defect.component, []).append(defect)
        result: list[nodes.Node] = []
        for component in sorted(groups):
            section = self.section(component, "cedocs-component")
            section.extend(self.defect_entry(d, priority) for d in groups[component])
            result.append(section)
        return result


class ReleaseNotesDirective(_DataDirective):
    """``{release-notes} 13.1``: the notes of one release."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        cat = self.data()
        version = self.arguments[0]
        release = cat.releases.get(version)
        if release is None:
            if cat.ok:
                warn(f"unknown release {version!r} (known: {', '.join(cat.releases)})", "release", self.get_location())
            return []
        if not is_visible(release, self.config):
            warn(
                f"release {version} belongs to manual {release.manual}, not shown in manual {urls.version_slug(self.config)}",
                "release",
                self.get_location(),
            )
            return []
        self.domain.note_release(version, self.env.docname, self.lineno)
        out: list[nodes.Node] = []

        facts = nodes.field_list(classes=["cedocs-release-facts"])
        facts += self.field("Status", self.text(RELEASE_STATUS_LABELS[release.status]), "status")
        facts += self.field("Release date" if release.released else "Planned date", self.date(release.when), "date")
        facts += self.field("Codename", self.fixed(nodes.Text(release.title)), "codename")
        facts += self.field("Based on iDempiere", self.fixed(nodes.Text(release.idempiere)), "idempiere")
        out.append(facts)

        highlights = self.section("Highlights", "cedocs-highlights")
        items = nodes.bullet_list()
        for text in release.highlights:
            items += nodes.list_item("", self.text(text, "cedocs-highlight"))
        highlights += items
        out.append(highlights)

        if release.features:
            features = self.section("New features", "cedocs-features")
            terms = nodes.definition_list()
            for feature in release.features:
                term = nodes.term(feature.title, feature.title)
                self.set_source_info(term)
                body = nodes.definition("", self.text(feature.description))
                extra = nodes.field_list()
                if feature.settings:
                    keys = self.fixed()
                    for index, key in enumerate(feature.settings):
                        if index:
                            keys += nodes.Text(", ")
                        keys += nodes.literal(key, key)
                    extra += self.field("Settings", keys, "settings")
                if feature.windows:
                    extra += self.field("Windows", self.text(", ".join(feature.windows)), "windows")
                if len(extra):
                    body += extra
                terms += nodes.definition_list_item("", term, body)
            features += terms
            out.append(features)

        if release.released:
            fixed = [d for d in cat.defects.values() if d.fixed_in == version]
            section = self.section("Fixed defects", "cedocs-fixed")
            empty = "No defects were fixed in this release."
        else:
            fixed = [d for d in cat.defects.values() if d.estimated_fix == version]
            section = self.section("Planned fixes", "cedocs-fixed")
            empty = "No fixes are planned for this release yet."
        priority = ReleasesDomain.FIXED if release.released else ReleasesDomain.PLANNED
        section.extend(self.by_component(fixed, priority) if fixed else [self.text(empty)])
        out.append(section)

        if release.released:
            known = known_at(cat, release)
            section = self.section("Known issues", "cedocs-known")
            if known:
                section.extend(self.defect_entry(d, ReleasesDomain.KNOWN_AT_RELEASE) for d in known)
            else:
                section += self.text("No known issues.")
            out.append(section)
        return out


class KnownIssuesDirective(_DataDirective):
    """``{known-issues}``: confirmed defects not fixed yet, with estimated fix version."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        cat = self.data()
        confirmed = [d for d in visible_defects(cat, self.config) if d.status == "confirmed"]
        if not confirmed:
            return [self.text("There are no known issues.")]
        container = nodes.container(classes=["cedocs-known-issues"])
        container.extend(self.defect_entry(d, ReleasesDomain.KNOWN) for d in _ordered(confirmed))
        return [container]


class ReleaseIndexDirective(_DataDirective):
    """``{release-index}``: releases of this manual version and earlier, newest first."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        cat = self.data()
        self.domain.indexes[self.env.docname] = self.lineno
        headers = ["Version", "Codename", "Based on iDempiere", "Status", "Date"]
        rows = []
        for release in visible_releases(cat, self.config):
            rows.append(
                [
                    self.fixed(self.release_ref(release.version)),
                    self.fixed(nodes.Text(release.title)),
                    self.fixed(nodes.Text(release.idempiere)),
                    self.text(RELEASE_STATUS_LABELS[release.status]),
                    self.date(release.when),
                ]
            )
        return [self.table(headers, rows, "cedocs-release-index")]

    def table(self, headers: list[str], rows: list[list[nodes.Node]], cls: str, ids: list[str] | None = None) -> nodes.table:
        table = nodes.table(classes=[cls])
        group = nodes.tgroup(cols=len(headers))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _ in headers)
        head = nodes.thead()
        head += nodes.row("", *(nodes.entry("", self.text(h)) for h in headers))
        group += head
        body = nodes.tbody()
        for index, cells in enumerate(rows):
            row = nodes.row("", *(nodes.entry("", cell) for cell in cells))
            if ids and ids[index]:
                row["ids"].append(ids[index])
            body += row
        group += body
        return table


class DefectListDirective(ReleaseIndexDirective):
    """``{defect-list}``: all defects of the shown versions; ``:status:`` filters."""

    option_spec: ClassVar[dict[str, Any]] = {"status": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        cat = self.data()
        wanted = {s.strip() for s in self.options.get("status", "").split(",") if s.strip()}
        unknown = wanted - set(STATUS_LABELS)
        if unknown:
            warn(f"unknown status {', '.join(sorted(unknown))} (expected: {', '.join(STATUS_LABELS)})", "release", self.get_location())
        defects = [d for d in visible_defects(cat, self.config) if not wanted or d.status in wanted]
        defects.sort(key=lambda d: id_key(d.id))
        headers = ["Defect", "Title", "Component", "Severity", "Status", "Version"]
        rows, ids = [], []
        for defect in defects:
            anchor = defect_anchor(defect.id)
            if anchor in self.state.document.ids:
                ids.append("")
            else:
                ids.append(anchor)
                self.domain.note_defect(defect.id, ReleasesDomain.LISTED, self.env.docname, anchor)
            version = defect.fixed_in or defect.estimated_fix
            ticket = nodes.reference(defect.id, defect.id, refuri=ticket_url(self.config.cedocs_ticket_url, defect.id))
            rows.append(
                [
                    self.fixed(ticket),
                    self.text(defect.title),
                    self.text(defect.component),
                    self.text(defect.severity.capitalize()),
                    self.text(STATUS_LABELS[defect.status]),
                    self.fixed(self.release_ref(version)) if version else self.fixed(),
                ]
            )
        table = self.table(headers, rows, "cedocs-defect-list", ids)
        for anchor in filter(None, ids):
            self.state.document.ids[anchor] = table
        return [table]


# -- handlers --------------------------------------------------------------------------


def _check_config(app: Sphinx, config: Config) -> None:
    for name in ("cedocs_ticket_url", "cedocs_idempiere_ticket_url"):
        template = getattr(config, name)
        parts = urlsplit(template)
        if "{id}" not in template or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"{name} must be an absolute http(s) URL containing {{id}}, got {template!r}")
    if not re.fullmatch(r"[a-z0-9.-]+\.[a-z]+,[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", config.cedocs_feed_tag):
        raise ConfigError(f"cedocs_feed_tag must be an RFC 4151 tag authority like 'example.com,2024', got {config.cedocs_feed_tag!r}")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+\.atom", config.cedocs_feed_filename):
        raise ConfigError(f"cedocs_feed_filename must be a plain file name ending in .atom, got {config.cedocs_feed_filename!r}")


def _report_data(app: Sphinx) -> None:
    """Report every data problem once per build, in the main process."""
    for problem in catalog(app.env).problems:
        warn(f"{problem.field}: {problem.message}" if problem.field else problem.message, "data", problem.location)


def _check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    cat = catalog(env)
    if not cat.ok:
        return
    domain: ReleasesDomain = env.get_domain("rel")  # type: ignore[assignment]
    for version, pages in domain.releases.items():
        for docname, lineno in sorted(pages)[1:]:
            warn(f"release {version} is already documented in {sorted(pages)[0][0]}", "release", (docname, lineno))
    undocumented: dict[str, list[Defect]] = {}
    for defect in cat.defects.values():
        release = cat.release(defect.fixed_in)
        if release and release.released and is_visible(release, env.config) and not domain.release_page(release.version):
            undocumented.setdefault(release.version, []).append(defect)
    for version, defects in sorted(undocumented.items()):
        ids = ", ".join(d.id for d in defects)
        warn(
            f"{ids} fixed in {version}, but no page has a release-notes directive for {version}",
            "release",
            cat.fixed_in_location[defects[0].id],
        )


# -- feed ------------------------------------------------------------------------------


def feed_url(config: Config) -> str:
    """Absolute URL of this build's feed: ``<base>/<lang>/<version>/releases.atom``, with
    ``latest`` as the version for the latest release so subscriptions follow new releases."""
    return f"{urls.site_root(config)}{config.language or 'en'}/{urls.published_slug(config)}/{config.cedocs_feed_filename}"


def feed_title(env: BuildEnvironment) -> str:
    """``<project> <version> – <title of the release index page>`` (translated page title)."""
    domain: ReleasesDomain = env.get_domain("rel")  # type: ignore[assignment]
    index = domain.index_page()
    title = env.titles[index].astext() if index and index in env.titles else "Release notes"
    return f"{env.config.project} {urls.version_slug(env.config)} – {title}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)


class _Doctrees:
    """Translated doctrees of the pages the feed quotes (read once each)."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.env = env
        self.cache: dict[str, nodes.document] = {}

    def get(self, docname: str) -> nodes.document:
        if docname not in self.cache:
            self.cache[docname] = self.env.get_doctree(docname)
        return self.cache[docname]

    def element(self, docname: str, anchor: str) -> nodes.Element | None:
        return self.get(docname).ids.get(anchor)


def _by_class(node: nodes.Element, cls: str) -> list[nodes.Element]:
    return [n for n in node.findall(nodes.Element) if cls in n.get("classes", ())]


def _field(entry: nodes.Element, key: str) -> tuple[str, str] | None:
    for field in _by_class(entry, f"cedocs-field-{key}"):
        return field[0].astext(), field[1].astext()
    return None


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def build_feed(app: Sphinx) -> FeedGenerator | None:
    """The Atom feed of this build, or None when no released release has notes."""
    env, config = app.env, app.config
    cat = catalog(env)
    domain: ReleasesDomain = env.get_domain("rel")  # type: ignore[assignment]
    tag = config.cedocs_feed_tag
    trees = _Doctrees(env)
    entries: list[dict[str, Any]] = []

    for release in visible_releases(cat, config):
        page = domain.release_page(release.version)
        if not release.released or not page or release.date is None:
            continue
        tree = trees.get(page)
        summary = " ".join(p.astext() for p in _by_class(tree, "cedocs-highlight"))
        title = env.titles[page].astext() if page in env.titles else release.version
        entries.append(
            {
                "id": f"tag:{tag}:release/{release.version}",
                "title": title,
                "updated": release.date,
                "link": urls.page_url(config, page, version=urls.published_slug(config)),
                "summary": summary,
                "category": None,
            }
        )

    for defect in visible_defects(cat, config):
        found = domain.defect_target(defect.id)
        if not found or defect.confirmed is None:
            continue
        entry = trees.element(*found)
        if entry is None:
            continue
        # The head is "<ID> <title>"; the translated title replaces the title inline.
        heads = _by_class(entry, "cedocs-defect-head")
        text = heads[0].astext().removeprefix(defect.id).strip() if heads else defect.title
        title = f"{defect.id}: {text}"
        descriptions = _by_class(entry, "cedocs-defect-description")
        description = descriptions[0].astext() if descriptions else defect.description
        link = urls.page_url(config, found[0], version=urls.published_slug(config)) + "#" + found[1]
        component = _field(entry, "component")
        category = component[1] if component else defect.component
        events = [("confirmed", defect.confirmed, ["estimated-fix", "workaround", "reason"])]
        fix = cat.release(defect.fixed_in)
        if fix and fix.released and fix.date and is_visible(fix, config):
            events.append(("fixed", fix.date, ["fixed-in"]))
        for event, day, keys in events:
            label = _field(entry, event if event == "confirmed" else "fixed-in")
            facts = [_sentence(f"{name}: {value}") for name, value in filter(None, (_field(entry, k) for k in keys))]
            status = f" ({label[0]}: {label[1]})" if label else ""
            entries.append(
                {
                    "id": f"tag:{tag}:defect/{defect.id}/{event}",
                    "title": title + status,
                    "updated": day,
                    "link": link,
                    "summary": " ".join([_sentence(description), *facts]),
                    "category": category,
                }
            )

    if not any(e["id"].startswith(f"tag:{tag}:release/") for e in entries):
        return None
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)

    feed = FeedGenerator()
    language = config.language or "en"
    feed.id(f"tag:{tag}:releases/{language}/{urls.published_slug(config)}")
    feed.title(feed_title(env))
    feed.author({"name": config.author or "Cloudempiere"})
    feed.link(href=feed_url(config), rel="self", type="application/atom+xml")
    index = domain.index_page()
    if index:
        feed.link(href=urls.page_url(config, index, version=urls.published_slug(config)), rel="alternate", type="text/html")
    feed.language(language)
    feed.updated(_midnight(max(e["updated"] for e in entries)))
    for data in entries:
        item = feed.add_entry(order="append")
        item.id(data["id"])
        item.title(data["title"])
        item.updated(_midnight(data["updated"]))
        item.link(href=data["link"], rel="alternate", type="text/html")
        item.summary(data["summary"])
        if data["category"]:
            item.category(term=data["category"])
    return feed


def _write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    if getattr(app, "_fail_on_warnings", False) and getattr(app, "_warncount", 0):
        return  # a failed -W build publishes nothing new
    feed = build_feed(app)
    if feed is not None:
        feed.atom_file(str(Path(app.outdir) / app.config.cedocs_feed_filename), pretty=True)


def _advertise_feed(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``<link rel="alternate">`` to the feed in every page's head (escaped: the Jinja
    sandbox does not autoescape ``metatags``)."""
    if app.builder.name != "html":
        return
    domain: ReleasesDomain = app.env.get_domain("rel")  # type: ignore[assignment]
    cat = catalog(app.env)
    if not any(
        (r := cat.release(v)) and r.released and is_visible(r, app.config) for v in domain.releases
    ):
        return
    href = context["pathto"](app.config.cedocs_feed_filename, 1)
    link = (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{html.escape(feed_title(app.env))}" href="{html.escape(href)}" />'
    )
    context["metatags"] = context.get("metatags", "") + "\n" + link


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cedocs_ticket_url", "https://support.cloudempiere.com/browse/{id}", "env", types=[str])
    if "cedocs_idempiere_ticket_url" not in app.config:  # may be registered by the reference extension
        app.add_config_value("cedocs_idempiere_ticket_url", "https://idempiere.atlassian.net/browse/{id}", "env", types=[str])
    app.add_config_value("cedocs_releases_data", "_data/releases.yaml", "env", types=[str])
    app.add_config_value("cedocs_defects_data", "_data/defects.yaml", "env", types=[str])
    app.add_config_value("cedocs_feed_filename", "releases.atom", "html", types=[str])
    app.add_config_value("cedocs_feed_tag", "docs.cloudempiere.com,2024", "html", types=[str])

    app.add_domain(ReleasesDomain)
    app.add_role("defect", DefectRole())
    app.add_role("release", DefectRole())
    app.add_directive("release-notes", ReleaseNotesDirective)
    app.add_directive("known-issues", KnownIssuesDirective)
    app.add_directive("release-index", ReleaseIndexDirective)
    app.add_directive("defect-list", DefectListDirective)

    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _report_data)
    app.connect("env-check-consistency", _check_consistency)
    app.connect("html-page-context", _advertise_feed)
    app.connect("build-finished", _write_feed)
    return {
        "version": "1",
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
