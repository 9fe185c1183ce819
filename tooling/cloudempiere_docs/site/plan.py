"""One build job per version x language, and the job matrix for CI engines."""

from __future__ import annotations

from dataclasses import dataclass

from cloudempiere_docs.site.registry import Registry, Version


class PlanError(Exception):
    """The user asked for a version or language the registry does not publish."""


@dataclass(frozen=True)
class Job:
    version: Version
    language: str

    @property
    def key(self) -> str:
        """Path of the job's output inside the site: ``<language>/<version>``."""
        return f"{self.language}/{self.version.name}"

    def as_json(self) -> dict[str, str | None]:
        return {
            "version": self.version.name,
            "language": self.language,
            "commit": self.version.commit,  # None: the working tree
            "status": self.version.status,
            "output": self.key,
        }


def plan(registry: Registry, versions: list[str] | None = None, languages: list[str] | None = None) -> list[Job]:
    """Jobs for the selected versions and languages (all by default), newest first.

    Raises :class:`PlanError` naming what is unknown and what is published.
    """
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
    return [Job(v, lang) for v in chosen for lang in langs]


def matrix(jobs: list[Job]) -> dict[str, list[dict[str, str | None]]]:
    """The build matrix in the ``{"include": [...]}`` shape CI engines expand into jobs."""
    return {"include": [job.as_json() for job in jobs]}
