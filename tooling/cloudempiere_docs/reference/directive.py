"""Base class and option helpers of the reference directives."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from sphinx.util.docutils import SphinxDirective

from cloudempiere_docs.diagnostics import warn
from cloudempiere_docs.reference import store
from cloudempiere_docs.reference.build import Builder
from cloudempiere_docs.reference.domain import CeDomain
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
    """A directive that renders entries of one data file (``kind``)."""

    kind: ClassVar[str]

    def run(self) -> list[Any]:
        data = store.for_directive(self, self.kind)
        if data is None:
            return []
        self.b = Builder(self)
        return self.render(data)

    def render(self, data: Any) -> list[Any]:
        raise NotImplementedError

    @property
    def version(self) -> str:
        """The manual version being built."""
        return version_slug(self.config)

    @property
    def domain(self) -> CeDomain:
        return self.env.get_domain("ce")  # type: ignore[return-value]

    def warn(self, message: str, subtype: str = "data") -> None:
        warn(f"{self.name}: {message}", subtype, location=self.get_location())

    def unknown(self, what: str, value: str, known: Iterable[str]) -> None:
        """Warn about an unknown key in an argument or option, with close matches."""
        import difflib

        known = list(known)
        close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        self.warn(f"unknown {what} {value!r}{hint}", "ref")
