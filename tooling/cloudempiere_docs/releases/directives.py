"""Directives ``release-notes``, ``known-issues``, ``release-index`` and ``defect-list``,
and the node builders they share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from cloudempiere_docs import urls
from cloudempiere_docs.data.releases import Catalog, Defect, id_key, version_key
from cloudempiere_docs.diagnostics import warn
from cloudempiere_docs.releases.domain import ReleasesDomain
from cloudempiere_docs.releases.store import (
    _data_paths,
    _ordered,
    catalog,
    is_visible,
    known_at,
    ticket_url,
    visible_defects,
    visible_releases,
)

# Labels of generated text. They are set as rawsource, so the gettext builder extracts
# them into the page's catalog and a translated build shows (and feeds) the translation.
STATUS_LABELS = {"reported": "Reported", "confirmed": "Confirmed", "fixed": "Fixed", "wont_fix": "Won't fix"}
RELEASE_STATUS_LABELS = {"released": "Released", "planned": "Planned"}


def defect_anchor(defect_id: str) -> str:
    """Stable HTML id of a defect entry: ``CLD-1652`` -> ``defect-cld-1652``."""
    return "defect-" + defect_id.lower()


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
