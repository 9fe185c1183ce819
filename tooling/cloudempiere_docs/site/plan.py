"""Build jobs: one per version x language x format, and the job matrix for CI engines.

The ``html`` job of a version x language builds its web pages (and leaves the doctrees
that the other formats of the same version x language read instead of the sources);
every format of ``versions.toml`` ``[site] formats`` is a job of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from cloudempiere_docs.site.registry import Registry, Version


class PlanError(Exception):
    """The user asked for a version or language the registry does not publish."""


HTML = "html"
#: What a format job needs before it can run (the HTML build's doctrees; the zip also
#: packs the Markdown pages).
NEEDS: dict[str, tuple[str, ...]] = {"pdf": (HTML,), "epub": (HTML,), "markdown": (HTML,), "htmlzip": (HTML, "markdown")}
#: Where format outputs go in a parts directory (CI artifacts): ``_formats/<lang>/<version>/<format>``.
FORMATS_DIR = "_formats"


@dataclass(frozen=True)
class Job:
    version: Version
    language: str
    format: str = HTML

    @property
    def key(self) -> str:
        """Path of the job's output inside a parts directory: ``<language>/<version>``
        for the web pages, ``_formats/<language>/<version>/<format>`` for a format."""
        if self.format == HTML:
            return f"{self.language}/{self.version.name}"
        return f"{FORMATS_DIR}/{self.language}/{self.version.name}/{self.format}"

    @property
    def label(self) -> str:
        """How messages name the job: ``version 14 (sk)``, ``version 14 (sk), pdf``."""
        base = f"version {self.version.name} ({self.language})"
        return base if self.format == HTML else f"{base}, {self.format}"

    def needs(self) -> list[Job]:
        return [Job(self.version, self.language, f) for f in NEEDS.get(self.format, ())]

    def as_json(self) -> dict[str, str | None]:
        return {
            "version": self.version.name,
            "language": self.language,
            "format": self.format,
            "commit": self.version.commit,  # None: the working tree
            "status": self.version.status,
            "output": self.key,
        }


def plan(
    registry: Registry,
    versions: list[str] | None = None,
    languages: list[str] | None = None,
    formats: list[str] | None = None,
) -> list[Job]:
    """Jobs for the selected versions, languages and formats (all by default, ``html``
    being the web pages): the web pages of every version x language first, newest
    first, then the formats.

    Raises :class:`PlanError` naming what is unknown and what is published.
    """
    published = [HTML, *registry.formats]
    chosen_formats = list(formats or published)
    odd = set(chosen_formats) - set(published)
    if odd:
        raise PlanError(f"unknown format(s): {', '.join(sorted(odd))}; published: {', '.join(published)}")
    chosen = [v for v in registry.versions if versions is None or v.name in versions]
    unknown = set(versions or ()) - {v.name for v in chosen}
    if unknown:
        raise PlanError(
            f"unknown version(s): {', '.join(sorted(unknown))}; published: {', '.join(v.name for v in registry.versions)}"
        )
    langs = list(languages or registry.languages)
    bad = set(langs) - set(registry.languages)
    if bad:
        raise PlanError(f"unknown language(s): {', '.join(sorted(bad))}; published: {', '.join(registry.languages)}")
    return [Job(v, lang, fmt) for fmt in published if fmt in chosen_formats for v in chosen for lang in langs]


def matrix(jobs: list[Job]) -> dict[str, list[dict[str, str | None]]]:
    """The build matrix in the ``{"include": [...]}`` shape CI engines expand into jobs."""
    return {"include": [job.as_json() for job in jobs]}
