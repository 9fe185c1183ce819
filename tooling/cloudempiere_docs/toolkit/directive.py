"""The base class of every directive that renders data, and its option converters."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from cloudempiere_docs.data.kinds import KINDS
from cloudempiere_docs.data.texts import DataText
from cloudempiere_docs.data.versioning import Version
from cloudempiere_docs.diagnostics import did_you_mean, warn
from cloudempiere_docs.toolkit.domain import DataDomain
from cloudempiere_docs.toolkit.nodes import NodeBuilder
from cloudempiere_docs.urls import version_slug


def choices(*allowed: str) -> Callable[[str | None], list[str]]:
    """Option converter: a comma-separated subset of ``allowed`` (case-insensitive)."""

    def convert(argument: str | None) -> list[str]:
        values = [v.strip() for v in (argument or "").split(",") if v.strip()]
        if not values:
            raise ValueError(f"give one or more of: {', '.join(allowed)}")
        lowered = {a.lower(): a for a in allowed}
        out = []
        for value in values:
            if value.lower() not in lowered:
                raise ValueError(f"{value!r} is not one of: {', '.join(allowed)}")
            out.append(lowered[value.lower()])
        return out

    return convert


def text_list(argument: str | None) -> list[str]:
    values = [v.strip() for v in (argument or "").split(",") if v.strip()]
    if not values:
        raise ValueError("give one or more comma-separated values")
    return values


class DataDirective(SphinxDirective):
    """A directive that renders entries of data files.

    Subclasses name the file they render in ``kind`` and implement :meth:`render`, which
    gets its validated content; nothing is rendered when the file is missing (warned
    here, at the directive) or broken (its problems are reported once per build).
    Directives that combine files override :meth:`run` and call :meth:`data` per file.
    """

    kind: ClassVar[str]
    b: NodeBuilder

    def run(self) -> list[nodes.Node]:
        content = self.data(self.kind)
        if content is None:
            return []
        return self.render(content)

    def render(self, data: Any) -> list[nodes.Node]:
        raise NotImplementedError

    def data(self, kind: str) -> Any | None:
        """The validated content of ``kind``; this page is re-read when the file changes."""
        self.b = NodeBuilder(self)
        domain = self.data_domain
        domain.use(kind)
        file = domain.file(kind)
        if file is None:
            warn(
                f"{self.name}: data file {domain.path(kind)} not found (config value {KINDS[kind].config})",
                "data",
                location=self.get_location(),
            )
            return None
        return file.value

    def text(self, field: str, value: str, kind: str | None = None) -> DataText:
        """The text ``value`` of the field path ``field`` of the data file ``kind`` (this
        directive's by default): shown translated from that file's catalog."""
        return DataText(kind or self.kind, field, value)

    @property
    def data_domain(self) -> DataDomain:
        return DataDomain.of(self.env)

    @property
    def version(self) -> str:
        """The manual version being built, as its URL segment ("13")."""
        return version_slug(self.config)

    @property
    def build_version(self) -> Version | None:
        """The manual version being built as a version (None: show every version)."""
        return self.data_domain.version

    def warn(self, message: str, subtype: str = "data") -> None:
        warn(f"{self.name}: {message}", subtype, location=self.get_location())

    def unknown(self, what: str, value: str, known: Iterable[str]) -> None:
        """Warn about an unknown key in an argument or option, with close matches."""
        self.warn(f"unknown {what} {value!r}{did_you_mean(value, known)}", "ref")
