"""Directives ``release-notes``, ``known-issues``, ``release-index``, ``defect-list`` and
``feed-list``."""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes

from cloudempiere_docs import urls
from cloudempiere_docs.data.releases import Catalog, Defect, id_key
from cloudempiere_docs.data.versioning import parse_or_none
from cloudempiere_docs.diagnostics import did_you_mean, warn
from cloudempiere_docs.releases.catalog import (
    catalog,
    fixed_later,
    is_visible,
    known_at,
    known_in_edition,
    ordered,
    ticket_url,
    visible_defects,
    visible_releases,
)
from cloudempiere_docs.releases.domain import ReleasesDomain
from cloudempiere_docs.data.texts import DataText
from cloudempiere_docs.toolkit import filter as filters
from cloudempiere_docs.toolkit.directive import DataDirective
from cloudempiere_docs.toolkit.nodes import DESCRIPTION, DETAILS, SUMMARY, facet

#: From how many known issues the list gets a filter box.
FILTER_FROM = 5

# Labels of generated text. They are set as rawsource, so the gettext builder extracts
# them into the page's catalog and a translated build shows (and feeds) the translation.
STATUS_LABELS = {"reported": "Reported", "confirmed": "Confirmed", "fixed": "Fixed", "wont_fix": "Won't fix"}
RELEASE_STATUS_LABELS = {"released": "Released", "planned": "Planned"}
#: Said of a known issue that only a later manual's release fixed (interface catalog).
LATER_FIX = "Fixed in {version}, a later version than this manual describes: upgrade to it, or use the workaround."


def defect_anchor(defect_id: str) -> str:
    """Stable HTML id of a defect entry: ``CLD-1652`` -> ``defect-cld-1652``."""
    return "defect-" + defect_id.lower()


class _ReleasesDirective(DataDirective):
    """A directive over both files; what it shows depends on the manual being built."""

    @property
    def domain(self) -> ReleasesDomain:
        return self.env.get_domain("rel")  # type: ignore[return-value]

    def run(self) -> list[nodes.Node]:
        self.data("releases")
        self.data("defects")
        return self.render(catalog(self.env))

    def render(self, cat: Catalog) -> list[nodes.Node]:
        raise NotImplementedError

    def defect_text(self, name: str, value: str) -> DataText:
        """A text of a defect (``title``, ``description``, ...) from ``defects.yaml``."""
        return self.text(f"defects.{name}", value, "defects")

    def release_ref(self, version: object) -> addnodes.pending_xref:
        text = str(version)
        ref = addnodes.pending_xref(
            text, refdomain="rel", reftype="release", reftarget=text, refdoc=self.env.docname, refexplicit=False
        )
        ref += nodes.inline(text, text, classes=["cedocs-release-ref"])
        return ref

    def defect_entry(self, defect: Defect, priority: int) -> nodes.container:
        """One defect at a glance: ID linked to the portal ticket and title, a summary row
        (status, component, severity, affected versions, estimated fix or fixed in), the
        description, then the details (dates, upstream ticket, workaround, reason). Its
        component, severity, status and affected versions are filter facets."""
        box = nodes.container(classes=["cedocs-defect", filters.ENTRY, f"cedocs-severity-{defect.severity}"])
        anchor = defect_anchor(defect.id)
        document = self.state.document
        if anchor not in document.ids:  # first entry of a defect on a page carries the id
            box["ids"].append(anchor)
            document.ids[anchor] = box
            self.domain.note_defect(defect.id, priority, self.env.docname, anchor)
        config = self.config
        ticket = nodes.reference(defect.id, defect.id, refuri=ticket_url(config.cedocs_ticket_url, defect.id))
        b = self.b
        box += b.fixed(
            nodes.strong("", "", ticket), nodes.Text(" "), b.inline(self.defect_text("title", defect.title), "cedocs-defect-title"),
            classes=["cedocs-defect-head"],
        )
        summary = nodes.field_list(classes=["cedocs-defect-facts", SUMMARY])
        summary += b.field("Status", b.para(STATUS_LABELS[defect.status]), "status")
        summary += b.field("Component", b.para(self.defect_text("component", defect.component)), "component")
        summary += b.field("Severity", b.para(defect.severity.capitalize()), "severity")
        affects = b.fixed()
        for index, version in enumerate(sorted(defect.affects)):
            if index:
                affects += nodes.Text(", ")
            affects += self.release_ref(version)
        summary += b.field("Affected versions", affects, "affects")
        if defect.fixed_in:
            summary += b.field("Fixed in", b.fixed(self.release_ref(defect.fixed_in)), "fixed-in")
        if defect.estimated_fix:
            summary += b.field("Estimated fix version", b.fixed(self.release_ref(defect.estimated_fix)), "estimated-fix")
        for name, facet_name in (("Status", "status"), ("Component", "component"), ("Severity", "severity"), ("Affected versions", "version")):
            facet(summary, name, facet_name)
        box += summary
        box += b.para(self.defect_text("description", defect.description), "cedocs-defect-description", DESCRIPTION)
        details = nodes.field_list(classes=["cedocs-defect-facts", DETAILS])
        details += b.field("Reported", b.date(defect.reported), "reported")
        if defect.confirmed:
            details += b.field("Confirmed", b.date(defect.confirmed), "confirmed")
        if defect.upstream:
            upstream = nodes.reference(
                defect.upstream, defect.upstream, refuri=ticket_url(config.cedocs_idempiere_ticket_url, defect.upstream)
            )
            details += b.field("iDempiere ticket", b.fixed(upstream), "upstream")
        if defect.workaround:
            details += b.field("Workaround", b.para(self.defect_text("workaround", defect.workaround)), "workaround")
        if defect.reason:
            details += b.field("Reason", b.para(self.defect_text("reason", defect.reason)), "reason")
        box += details
        return box

    def by_component(self, defects: list[Defect], priority: int) -> list[nodes.Node]:
        groups: dict[str, list[Defect]] = {}
        for defect in ordered(defects):
            groups.setdefault(defect.component, []).append(defect)
        result: list[nodes.Node] = []
        for component in sorted(groups):
            section = self.b.section(self.defect_text("component", component), classes=["cedocs-component"])
            section.extend(self.defect_entry(d, priority) for d in groups[component])
            result.append(section)
        return result


class ReleaseNotesDirective(_ReleasesDirective):
    """``{release-notes} 13.1``: the notes of one release."""

    required_arguments = 1
    has_content = False

    def render(self, cat: Catalog) -> list[nodes.Node]:
        b = self.b
        version = self.arguments[0]
        release = cat.release(parse_or_none(version))
        if release is None:
            if cat.ok:
                known = [str(v) for v in cat.releases]
                hint = did_you_mean(version, known) or f" (known: {', '.join(known)})"
                warn(f"unknown release {version!r}{hint}", "release", self.get_location())
            return []
        if not is_visible(release, self.env):
            warn(
                f"release {version} belongs to manual {release.manual}, not shown in manual {urls.version_slug(self.config)}",
                "release",
                self.get_location(),
            )
            return []
        self.domain.note_release(str(release.version), self.env.docname, self.lineno)
        out: list[nodes.Node] = []

        facts = nodes.field_list(classes=["cedocs-release-facts"])
        facts += b.field("Status", b.para(RELEASE_STATUS_LABELS[release.status]), "status")
        facts += b.field("Release date" if release.released else "Planned date", b.date(release.when), "date")
        facts += b.field("Codename", b.fixed(nodes.Text(release.title)), "codename")
        facts += b.field("Based on iDempiere", b.fixed(nodes.Text(release.idempiere)), "idempiere")
        out.append(facts)

        highlights = b.section("Highlights", classes=["cedocs-highlights"])
        items = nodes.bullet_list()
        for text in release.highlights:
            items += nodes.list_item("", b.para(self.text("releases.highlights", text, "releases"), "cedocs-highlight"))
        highlights += items
        out.append(highlights)

        if release.features:
            features = b.section("New features", classes=["cedocs-features"])
            terms = nodes.definition_list()
            for feature in release.features:
                term = b.term(self.text("releases.features.title", feature.title, "releases"))
                body = nodes.definition("", b.para(self.text("releases.features.description", feature.description, "releases")))
                extra = nodes.field_list()
                if feature.settings:
                    keys = b.fixed()
                    for index, key in enumerate(feature.settings):
                        if index:
                            keys += nodes.Text(", ")
                        keys += nodes.literal(key, key)
                    extra += b.field("Settings", keys, "settings")
                if feature.windows:
                    # Window names are translated once, in the catalog of the windows data.
                    names = [self.text("windows.name", name, "windows") for name in feature.windows]
                    parts = [part for index, name in enumerate(names) for part in ((", ", name) if index else (name,))]
                    extra += b.field("Windows", b.para_parts(*parts), "windows")
                if len(extra):
                    body += extra
                terms += nodes.definition_list_item("", term, body)
            features += terms
            out.append(features)

        if release.released:
            fixed = [d for d in cat.defects.values() if d.fixed_in == release.version]
            section = b.section("Fixed defects", classes=["cedocs-fixed"])
            empty = "No defects were fixed in this release."
        else:
            fixed = [d for d in cat.defects.values() if d.estimated_fix == release.version]
            section = b.section("Planned fixes", classes=["cedocs-fixed"])
            empty = "No fixes are planned for this release yet."
        priority = ReleasesDomain.FIXED if release.released else ReleasesDomain.PLANNED
        section.extend(self.by_component(fixed, priority) if fixed else [b.para(empty)])
        out.append(section)

        if release.released:
            known = known_at(cat, release)
            section = b.section("Known issues", classes=["cedocs-known"])
            if known:
                section.extend(self.defect_entry(d, ReleasesDomain.KNOWN_AT_RELEASE) for d in known)
            else:
                section += b.para("No known issues.")
            out.append(section)
        return out


class KnownIssuesDirective(_ReleasesDirective):
    """``{known-issues}``: confirmed defects not fixed yet, with estimated fix version, and
    defects of this edition's releases fixed only in a later edition's release (a reader of
    the version 12 manual still has them)."""

    has_content = False

    def render(self, cat: Catalog) -> list[nodes.Node]:
        known = known_in_edition(cat, self.env)
        if not known:
            return [self.b.para("There are no known issues.")]
        container = nodes.container(classes=["cedocs-known-issues", filters.SCOPE])
        if len(known) >= FILTER_FROM:  # a long list gets a filter box
            container += filters.make(["component", "severity", "version"])
        for defect in known:
            entry = self.defect_entry(defect, ReleasesDomain.KNOWN)
            if fixed_later(defect, cat, self.env) and defect.fixed_in is not None:
                # An interface string: the gettext build shows no such entry to extract.
                # After the heading and the summary row (status, ..., fixed in).
                note = self.b.template(LATER_FIX, version=self.release_ref(defect.fixed_in))
                entry.insert(2, self.b.fixed(*note, classes=["cedocs-defect-later-fix"]))
            container += entry
        return [container]


class ReleaseIndexDirective(_ReleasesDirective):
    """``{release-index}``: releases of this manual version and earlier, newest first."""

    has_content = False

    def render(self, cat: Catalog) -> list[nodes.Node]:
        b = self.b
        self.domain.indexes[self.env.docname] = self.lineno
        headers = ["Version", "Codename", "Based on iDempiere", "Status", "Date"]
        rows = []
        for release in visible_releases(cat, self.env):
            cells = [
                b.fixed(self.release_ref(release.version)),
                b.fixed(nodes.Text(release.title)),
                b.fixed(nodes.Text(release.idempiere)),
                b.para(RELEASE_STATUS_LABELS[release.status]),
                b.date(release.when),
            ]
            rows.append((cells, ()))
        return [b.table(headers, rows, classes=["cedocs-release-index"])]


class DefectListDirective(_ReleasesDirective):
    """``{defect-list}``: all defects of the shown versions; ``:status:`` filters."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"status": directives.unchanged}

    def render(self, cat: Catalog) -> list[nodes.Node]:
        b = self.b
        wanted = {s.strip() for s in self.options.get("status", "").split(",") if s.strip()}
        unknown = wanted - set(STATUS_LABELS)
        if unknown:
            warn(f"unknown status {', '.join(sorted(unknown))} (expected: {', '.join(STATUS_LABELS)})", "release", self.get_location())
        defects = [d for d in visible_defects(cat, self.env) if not wanted or d.status in wanted]
        defects.sort(key=lambda d: id_key(d.id))
        headers = ["Defect", "Title", "Component", "Severity", "Status", "Version"]
        rows = []
        for defect in defects:
            anchor = defect_anchor(defect.id)
            if anchor in self.state.document.ids:
                anchor = ""  # shown on this page already: that entry carries the id
            else:
                self.domain.note_defect(defect.id, ReleasesDomain.LISTED, self.env.docname, anchor)
            version = defect.fixed_in or defect.estimated_fix
            ticket = nodes.reference(defect.id, defect.id, refuri=ticket_url(self.config.cedocs_ticket_url, defect.id))
            cells = [
                b.fixed(ticket),
                b.para(self.defect_text("title", defect.title)),
                b.para(self.defect_text("component", defect.component)),
                b.para(defect.severity.capitalize()),
                b.para(STATUS_LABELS[defect.status]),
                b.fixed(self.release_ref(version)) if version else b.fixed(),
            ]
            rows.append((cells, (anchor,)))
        table = b.table(headers, rows, classes=["cedocs-defect-list"])
        for row in table.findall(nodes.row):
            for anchor in row["ids"]:
                self.state.document.ids[anchor] = table
        return [table]


class FeedListDirective(_ReleasesDirective):
    """``{feed-list}``: the feeds of this manual, one row per component with its known and
    fixed defects; each row's id (``feed-tax``) is the feed's home page."""

    has_content = False

    def render(self, cat: Catalog) -> list[nodes.Node]:
        from cloudempiere_docs.releases.feed import COMPONENTS, component_feed_path, feed_anchor

        b = self.b
        self.domain.feeds[self.env.docname] = self.lineno
        up = "../" * self.env.docname.count("/")
        defects = [d for d in visible_defects(cat, self.env) if d.confirmed is not None]
        headers = ["Component", "Known issues", "Fixed defects", "Feed"]
        rows = []
        # A component's name is a data text where the defect data names it (translated once,
        # in the catalog of defects.yaml, as the feeds and defect entries show it); a
        # component no defect has yet is only named here, as text of this page.
        in_data = {d.component for d in cat.defects.values()}
        for component in COMPONENTS:
            mine = [d for d in defects if d.component == component]
            known = sum(1 for d in mine if d.status == "confirmed")
            fixed = sum(1 for d in mine if d.status == "fixed")
            link = nodes.reference("", "", refuri=up + component_feed_path(component), classes=["cedocs-feed-link"])
            link += nodes.inline(component_feed_path(component).rsplit("/", 1)[-1], component_feed_path(component).rsplit("/", 1)[-1])
            if mine:
                counts = [b.fixed(nodes.Text(str(known))), b.fixed(nodes.Text(str(fixed)))]
            else:
                counts = [b.para("None so far"), b.para("None so far")]
            name = self.defect_text("component", component) if component in in_data else component
            cells = [b.para(name, "cedocs-feed-component"), *counts, b.fixed(link)]
            rows.append((cells, (feed_anchor(component),)))
        table = b.table(headers, rows, widths=[30, 20, 20, 30], classes=["cedocs-feed-list"])
        for row in table.findall(nodes.row):
            for anchor in row["ids"]:
                self.state.document.ids[anchor] = row
        return [table]
