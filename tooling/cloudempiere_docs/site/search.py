"""Search index of the assembled site (one per version x language)."""

from __future__ import annotations

from pathlib import Path

from cloudempiere_docs.site.registry import Registry


def index_site(site: Path, registry: Registry) -> None:
    """Index every ``<lang>/<version>/`` of ``site``; Sphinx's own index stays as fallback."""
