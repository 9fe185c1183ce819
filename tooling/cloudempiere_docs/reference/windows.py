"""Directives for windows and forms: the whole reference or one entry."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives

from cloudempiere_docs.data.windows import Tab, Versioned, Window, WindowsFile
from cloudempiere_docs.reference.domain import ReferenceDirective
from cloudempiere_docs.toolkit.directive import choices
from cloudempiere_docs.toolkit.text import Phrase

WINDOW_TYPES = {
    "Maintain": "Maintain: master data you create and change.",
    "Transaction": "Transaction: documents that are completed, posted and reversed.",
    "Query only": "Query only: shows data, no changes.",
    "Single record": "Single record: one record per tenant or organization.",
}


class WindowsMixin(ReferenceDirective):
    kind = "windows"

    def shown(self, entry: Versioned) -> bool:
        """Whether the edition being built has this window, tab or field."""
        return entry.available_in(self.build_version)

    def marks(self, entry: Versioned) -> list[nodes.Node]:
        """New in / removed in, from the entry's ``since`` and ``removed_in``."""
        out: list[nodes.Node] = []
        if entry.since is not None:
            out.append(self.b.mark("added", entry.since))
        if entry.removed_in is not None:
            out.append(self.b.mark("removed", entry.removed_in))
        return out

    def window(self, window: Window, *, as_section: bool) -> list[nodes.Node]:
        """One window or form: a section in the reference, a rubric block elsewhere."""
        b = self.b
        label = "window" if window.kind == "window" else "form"
        name = self.text("windows.name", window.name)
        registered = None
        if "no-index" not in self.options:
            # Roles without a title show the name as this build shows it.
            registered = self.domain.note_entry(window.kind, window.name, b.shown(name), self.get_location())
        # Unregistered copies still need a unique id for their section and tabs.
        ident = registered or f"{label}-{nodes.make_id(window.name)}-{self.env.new_serialno('cedocs-window')}"
        if as_section:
            container: nodes.Element = b.section(name, ident)
        else:
            container = nodes.container(classes=["cedocs-window"])
            container += b.rubric(name, ids=[ident])
        if registered:
            entries = (Phrase.of("{name} (window)", name=name), Phrase.of("windows; {name}", name=name))
            if window.kind == "form":
                entries = (Phrase.of("{name} (form)", name=name), Phrase.of("forms; {name}", name=name))
            container += b.index(*(b.shown(entry) for entry in entries), anchor=ident)

        container += b.para(self.text("windows.description", window.description))
        if window.help:
            container += b.para(self.text("windows.help", window.help))
        container.extend(self.marks(window))
        facts: list[tuple[str, Any]] = []
        if window.kind == "window":
            facts += [("Window type", WINDOW_TYPES[window.type.value] if window.type else None), ("Window ID", b.literal(str(window.id)))]
        else:
            facts += [("Access level", window.access_level.value if window.access_level else None), ("Form ID", b.literal(str(window.id)))]
        facts.append(("Menu", self.text("windows.menu", window.menu) if window.menu else None))
        container += b.fields(facts)
        for tab in window.tabs:
            if self.shown(tab):
                container += self.tab(window, tab, ident, as_section=as_section)
        return [container]

    def tab(self, window: Window, tab: Tab, parent: str, *, as_section: bool) -> nodes.Element:
        b = self.b
        ident = f"{parent}-tab-{nodes.make_id(tab.name)}"
        name = self.text("windows.tabs.name", tab.name)
        title = Phrase.of("{name} tab", name=name)
        if as_section:
            container: nodes.Element = b.section(title, ident)
        else:
            container = nodes.container(classes=["cedocs-tab"])
            container += b.rubric(title, ids=[ident])
        container += b.para(self.text("windows.tabs.description", tab.description))
        if tab.help:
            container += b.para(self.text("windows.tabs.help", tab.help))
        container.extend(self.marks(tab))
        container += b.fields(
            [
                ("Table", b.literal(tab.table)),
                ("Tab level", b.literal(str(tab.level))),
                ("Read only", "Yes" if tab.read_only else None),
            ]
        )
        fields = [f for f in tab.fields if self.shown(f)]
        if fields:
            rows = []
            for field in fields:
                shown = None
                if field.display_logic:
                    shown = [b.para("Only when:"), nodes.paragraph("", "", b.literal(field.display_logic))]
                flags = ", ".join(f for f, on in (("Mandatory", field.mandatory), ("Read only", field.read_only)) if on)
                described: list[nodes.Node] = [b.para(self.text("windows.tabs.fields.description", field.description)), *self.marks(field)]
                rows.append(([self.text("windows.tabs.fields.name", field.name), described, flags or None, shown], []))
            container += b.table(
                ["Field", "Description", "Entry", "Displayed"],
                rows,
                widths=[22, 50, 13, 15],
                caption=Phrase.of("Fields of the {name} tab", name=name),
                classes=["cedocs-fields"],
            )
        return container


class WindowsReference(WindowsMixin):
    """``windows-reference``: every window and form, or only one kind."""

    option_spec = {
        "kind": lambda a: choices("window", "form")(a)[0],
        "no-index": directives.flag,
    }

    def render(self, data: WindowsFile) -> list[Any]:
        kind = self.options.get("kind")
        windows = [w for w in data.windows if kind in (None, w.kind) and self.shown(w)]
        order = sorted(windows, key=lambda w: (w.kind != "window", w.name.casefold()))
        return [node for w in order for node in self.window(w, as_section=True)]


class WindowEntry(WindowsMixin):
    """``window-entry Name`` / ``form-entry Name``: one window or form, not as a section."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"no-index": directives.flag}

    def render(self, data: WindowsFile) -> list[Any]:
        kind = self.name.partition("-")[0].rpartition(":")[2]
        name = " ".join(self.arguments[0].split())
        candidates = [w for w in data.windows if w.kind == kind]
        window = next((w for w in candidates if w.name.casefold() == name.casefold()), None)
        if window is None:
            self.unknown(kind, name, [w.name for w in candidates])
            return []
        if not self.shown(window):
            self.warn(f"{kind} {window.name!r} is not in edition {self.version}: put the directive in an {{edition}} block", "edition")
            return []
        return self.window(window, as_section=False)
