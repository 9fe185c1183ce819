"""Handlers that check the configuration and the collected pages (the data files
themselves are checked and reported by the toolkit)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from cloudempiere_docs.data.releases import Defect
from cloudempiere_docs.data.versioning import Version
from cloudempiere_docs.diagnostics import warn
from cloudempiere_docs.releases.domain import ReleasesDomain
from cloudempiere_docs.releases.catalog import catalog, is_visible


def check_config(app: Sphinx, config: Config) -> None:
    for name in ("cedocs_ticket_url", "cedocs_idempiere_ticket_url"):
        template = getattr(config, name)
        parts = urlsplit(template)
        if "{id}" not in template or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"{name} must be an absolute http(s) URL containing {{id}}, got {template!r}")
    if not re.fullmatch(r"[a-z0-9.-]+\.[a-z]+,[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", config.cedocs_feed_tag):
        raise ConfigError(f"cedocs_feed_tag must be an RFC 4151 tag authority like 'example.com,2024', got {config.cedocs_feed_tag!r}")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+\.atom", config.cedocs_feed_filename):
        raise ConfigError(f"cedocs_feed_filename must be a plain file name ending in .atom, got {config.cedocs_feed_filename!r}")


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    cat = catalog(env)
    if not cat.ok:
        return
    domain: ReleasesDomain = env.get_domain("rel")  # type: ignore[assignment]
    for version, pages in domain.releases.items():
        for docname, lineno in sorted(pages)[1:]:
            warn(f"release {version} is already documented in {sorted(pages)[0][0]}", "release", (docname, lineno))
    undocumented: dict[Version, list[Defect]] = {}
    for defect in cat.defects.values():
        release = cat.release(defect.fixed_in)
        if release and release.released and is_visible(release, env) and not domain.release_page(str(release.version)):
            undocumented.setdefault(release.version, []).append(defect)
    for version, defects in sorted(undocumented.items()):
        ids = ", ".join(d.id for d in defects)
        warn(
            f"{ids} fixed in {version}, but no page has a release-notes directive for {version}",
            "release",
            cat.fixed_in_location(defects[0].id),
        )
