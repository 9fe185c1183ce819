"""Directives for configuration settings: the reference, one entry, and what changed."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives

from cloudempiere_docs.data.settings import Level, Setting, SettingsFile, SettingType, parse_level
from cloudempiere_docs.data import versioning
from cloudempiere_docs.reference.domain import ReferenceDirective
from cloudempiere_docs.toolkit import filter as filters
from cloudempiere_docs.toolkit.directive import choices, text_list
from cloudempiere_docs.toolkit.nodes import DESCRIPTION, DETAILS, SUMMARY, facet
from cloudempiere_docs.toolkit.text import Phrase

#: From how many settings a reference gets a filter box.
FILTER_FROM = 8

TYPES = {
    SettingType.STRING: "Text",
    SettingType.INTEGER: "Whole number",
    SettingType.DECIMAL: "Decimal number",
    SettingType.BOOLEAN: "Yes/No (Y or N)",
    SettingType.ENUM: "One of the allowed values",
    SettingType.URL: "URL",
    SettingType.LIST: "Comma-separated list",
}

TAKES_EFFECT = {
    # A saved change resets the cache (PO.saveFinish); a new record does not (CCache.newRecord).
    "cache-reset": "A changed value applies at once; a value added in a new record applies after Cache Reset or a restart of the server.",
    "next-login": "At the next login of each user.",
    "restart": "After the application server restarts.",
    "immediately": "Immediately: the value is read every time it is used.",
}


def _level_option(argument: str | None) -> list[str]:
    levels = []
    for value in text_list(argument):
        parsed = parse_level(value)
        if parsed not in {level.value for level in Level}:
            raise ValueError(f"{value!r} is not a level (System, Tenant, Organization or S, C, O)")
        levels.append(parsed)
    return levels


def _slug(version: str) -> str:
    """``"13.1"`` -> ``"13-1"`` (docutils' make_id would drop the leading digits)."""
    return version.replace(".", "-")


class SettingsMixin(ReferenceDirective):
    kind = "settings"

    def available(self, data: SettingsFile) -> list[Setting]:
        return [s for s in data.settings if s.available_in(self.build_version)]

    def entry(self, setting: Setting) -> nodes.container:
        """One setting at a glance: the key, a summary row (default, type, level, available since),
        the description and its marks, then the details (allowed values, module, when a
        change takes effect, note). A container of its own (class ``cedocs-entry``), so the
        filter box can show or hide it; its level and module are its filter facets."""
        b = self.b
        no_index = "no-index" in self.options
        term = nodes.term("", "")
        ident = None if no_index else self.domain.note_entry("setting", setting.key, setting.key, self.get_location())
        if ident:
            term["ids"].append(ident)
            term += b.index(setting.key, f"configuration settings; {setting.key}", anchor=ident)
        term += b.literal(setting.key)

        values = None
        if setting.values:
            values = b.bullets(
                b.para_parts(b.literal(v.value), ": ", self.text("settings.values.description", v.description))
                for v in setting.values
            )
        summary = b.fields(
            [
                ("Default", self._default(setting)),
                ("Type", TYPES[setting.type]),
                # The level as the application labels it, from the interface catalog (as
                # {val}`setting/KEY/level` says it): the Slovak "Klient", not the glossary's
                # "nájomca" for the tenant.
                ("Level", b.para(Phrase.of(setting.level.value))),
                ("Available since", b.fixed(nodes.Text(str(setting.since)))),
            ],
            classes=[SUMMARY],
        )
        facet(summary, "Level", "level")
        details = b.fields(
            [
                ("Allowed values", values),
                ("Module", self.text("settings.module", setting.module)),
                ("Takes effect", TAKES_EFFECT[setting.takes_effect]),
                ("Note", self.text("settings.note", setting.note) if setting.note else None),
            ],
            classes=[DETAILS],
        )
        facet(details, "Module", "module")
        definition = nodes.definition()
        definition += summary
        definition += b.para(self.text("settings.description", setting.description), DESCRIPTION)
        definition.extend(self.marks(setting))
        definition += details
        item = nodes.definition_list_item("", term, definition)
        box = nodes.container(classes=[filters.ENTRY, "cedocs-setting"])
        box += nodes.definition_list("", item, classes=["cedocs-settings"])
        return box

    def baseline(self) -> versioning.Version | None:
        """The version every documented setting goes back to: no "new in" mark for it."""
        data = self.data_domain.get("settings")
        return min((s.since for s in data.settings), default=None) if data else None

    def marks(self, setting: Setting) -> list[nodes.Node]:
        """New in / changed in / removed in, from ``since``, ``default_history`` and
        ``removed_in``, as far as the edition being built knows them."""
        b = self.b
        current = self.build_version
        out: list[nodes.Node] = []
        baseline = self.baseline()
        if baseline is not None and setting.since > baseline:
            out.append(b.mark("added", setting.since))
        for change in setting.default_history:
            if current is None or change.version <= current:
                out.append(b.mark("changed", change.version, *b.template("the default was {value} before", value=b.literal(change.previous))))
        if setting.removed_in is not None:
            out.append(b.mark("removed", setting.removed_in))
        return out

    def _default(self, setting: Setting) -> list[nodes.Node]:
        b = self.b
        value = setting.default_in(self.build_version)
        return [nodes.paragraph("", "", b.literal(value)) if value else b.para("Empty")]

    def entries(self, settings: list[Setting]) -> nodes.container:
        box = nodes.container(classes=["cedocs-setting-list"])
        for setting in sorted(settings, key=lambda s: s.key.casefold()):
            box += self.entry(setting)
        return box


class SettingsReference(SettingsMixin):
    """``settings-reference``: all settings of this version, filtered and grouped."""

    option_spec = {
        "level": _level_option,
        "module": text_list,
        "group-by": lambda a: choices("module", "level", "none")(a)[0],
        "no-index": directives.flag,
    }

    def render(self, data: SettingsFile) -> list[Any]:
        settings = self.available(data)
        modules = {s.module.casefold(): s.module for s in data.settings}
        wanted_modules = set()
        for name in self.options.get("module", []):
            if name.casefold() not in modules:
                self.unknown("module", name, sorted(set(modules.values())))
            wanted_modules.add(name.casefold())
        if wanted_modules:
            settings = [s for s in settings if s.module.casefold() in wanted_modules]
        if "level" in self.options:
            settings = [s for s in settings if s.level.value in self.options["level"]]
        if not settings:
            return [self.b.para("No settings match this selection in this version.")]

        group_by = self.options.get("group-by", "module")
        # A long reference gets a filter box (by key or words, module and level).
        head = [filters.make(["module", "level"])] if len(settings) >= FILTER_FROM else []
        if group_by == "none":
            return [*head, self.entries(settings)]
        groups: dict[str, list[Setting]] = defaultdict(list)
        for setting in settings:
            groups[setting.module if group_by == "module" else setting.level.value].append(setting)
        order = sorted(groups, key=str.casefold) if group_by == "module" else [lvl.value for lvl in Level if lvl.value in groups]
        sections = []
        for name in order:
            title = self.text("settings.module", name) if group_by == "module" else name
            section = self.b.section(title, f"settings-{group_by}-{nodes.make_id(name)}", classes=[filters.GROUP])
            section += self.entries(groups[name])
            sections.append(section)
        return [*head, *sections]


class SettingEntry(SettingsMixin):
    """``setting-entry KEY``: one setting, e.g. in a how-to page."""

    required_arguments = 1
    option_spec = {"no-index": directives.flag}

    def render(self, data: SettingsFile) -> list[Any]:
        key = self.arguments[0]
        setting = next((s for s in data.settings if s.key == key), None)
        if setting is None:
            self.unknown("setting", key, [s.key for s in data.settings])
            return []
        if not setting.available_in(self.build_version):
            self.warn(f"setting {key!r} is not available in version {self.version}", "ref")
            return []
        return [self.entry(setting)]


class SettingsChanges(SettingsMixin):
    """``settings-changes``: settings added, removed or with a new default in a version."""

    option_spec = {"version": directives.unchanged_required}

    def render(self, data: SettingsFile) -> list[Any]:
        if "version" in self.options:
            versions = [self.options["version"]]
        elif self.build_version is None and self.data_domain.editions:
            # Every edition (the gettext build): each edition's page shows its own changes.
            versions = [str(v) for v in self.data_domain.editions]
        else:
            versions = [self.version]
        return [node for version in versions for node in self.changes(data, version)]

    def changes(self, data: SettingsFile, version: str) -> list[Any]:
        b = self.b
        key = versioning.parse_or_none(version)
        if key is None:
            self.warn(f"version {version!r} is not a product version such as '13'", "config")
            return []

        def same(other: versioning.Version | None) -> bool:
            return other is not None and other == key

        added = sorted((s for s in data.settings if same(s.since)), key=lambda s: s.key.casefold())
        removed = sorted((s for s in data.settings if same(s.removed_in)), key=lambda s: s.key.casefold())
        changed = [
            (s, change) for s in sorted(data.settings, key=lambda s: s.key.casefold()) for change in s.default_history if same(change.version)
        ]
        previous = versioning.previous(key)
        if previous:
            intro = b.template("Version {version} compared with version {previous}.", version=version, previous=str(previous))
        else:
            intro = b.template("Version {version}", version=version)
        out: list[Any] = [b.fixed(*intro)]
        link = key == self.build_version  # entries of other versions are not on this manual's pages

        def key_cell(setting: Setting) -> nodes.Node:
            literal = b.literal(setting.key)
            return self.xref("setting", setting.key, literal) if link and setting.available_in(key) else literal

        section = b.section("New settings", f"settings-added-{_slug(version)}")
        if added:
            section += b.table(
                ["Setting", "Module", "Default", "Description"],
                (([key_cell(s), self.text("settings.module", s.module), b.literal(s.default_in(key)), self.text("settings.description", s.description)], []) for s in added),
                widths=[25, 15, 15, 45],
            )
        else:
            section += b.para("No settings were added in this version.")
        out.append(section)

        section = b.section("Removed settings", f"settings-removed-{_slug(version)}")
        if removed:
            section += b.table(
                ["Setting", "Module", "Description"],
                (([b.literal(s.key), self.text("settings.module", s.module), self.text("settings.description", s.description)], []) for s in removed),
                widths=[25, 15, 60],
            )
        else:
            section += b.para("No settings were removed in this version.")
        out.append(section)

        section = b.section("Changed defaults", f"settings-defaults-{_slug(version)}")
        if changed:
            section += b.table(
                ["Setting", "Previous default", "New default"],
                (([key_cell(s), b.literal(c.previous), b.literal(s.default_in(key))], []) for s, c in changed),
                widths=[40, 30, 30],
            )
        else:
            section += b.para("No defaults changed in this version.")
        out.append(section)
        return out
