"""Release notes linked to defects, and their Atom feed.

The support terms promise that a customer whose reported defect was confirmed learns when
it is fixed and in which (estimated) version. This extension renders that promise from
``_data/releases.yaml`` and ``_data/defects.yaml``:

- ``{release-notes} 13.1``: highlights, new features, fixed defects by component and the
  known issues of one release (planned releases show their planned fixes);
- ``{known-issues}``: every confirmed defect not yet fixed, with estimated fix and workaround;
- ``{release-index}``: the releases of this manual version and earlier;
- ``{defect-list}``: a table of all defects (optionally filtered by status);
- roles ``{defect}`CLD-1652``` and ``{release}`13.1``` link to the entry / notes page.

Which page documents which release and where each defect entry is lives in the ``rel``
Domain (parallel and incremental safe). At ``build-finished`` the HTML builder writes
``releases.atom`` (RFC 4287, generated with feedgen) from the data and the translated
doctrees, so a Slovak build produces a Slovak feed; every page advertises it.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from cloudempiere_docs.releases.checks import _check_config, _check_consistency, _report_data
from cloudempiere_docs.releases.directives import (
    RELEASE_STATUS_LABELS,
    STATUS_LABELS,
    DefectListDirective,
    KnownIssuesDirective,
    ReleaseIndexDirective,
    ReleaseNotesDirective,
    defect_anchor,
)
from cloudempiere_docs.releases.domain import ENV_VERSION, DefectRole, ReleasesDomain
from cloudempiere_docs.releases.feed import _advertise_feed, _write_feed, build_feed, feed_title, feed_url
from cloudempiere_docs.releases.store import (
    catalog,
    is_visible,
    known_at,
    manual_number,
    ticket_url,
    visible_defects,
    visible_releases,
)

# The public names stay importable from here, where they used to be defined.
__all__ = [
    "ENV_VERSION",
    "RELEASE_STATUS_LABELS",
    "STATUS_LABELS",
    "DefectListDirective",
    "DefectRole",
    "KnownIssuesDirective",
    "ReleaseIndexDirective",
    "ReleaseNotesDirective",
    "ReleasesDomain",
    "build_feed",
    "catalog",
    "defect_anchor",
    "feed_title",
    "feed_url",
    "is_visible",
    "known_at",
    "manual_number",
    "setup",
    "ticket_url",
    "visible_defects",
    "visible_releases",
]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cedocs_ticket_url", "https://support.cloudempiere.com/browse/{id}", "env", types=[str])
    if "cedocs_idempiere_ticket_url" not in app.config:  # may be registered by the reference extension
        app.add_config_value("cedocs_idempiere_ticket_url", "https://idempiere.atlassian.net/browse/{id}", "env", types=[str])
    app.add_config_value("cedocs_releases_data", "_data/releases.yaml", "env", types=[str])
    app.add_config_value("cedocs_defects_data", "_data/defects.yaml", "env", types=[str])
    app.add_config_value("cedocs_feed_filename", "releases.atom", "html", types=[str])
    app.add_config_value("cedocs_feed_tag", "docs.cloudempiere.com,2024", "html", types=[str])

    app.add_domain(ReleasesDomain)
    app.add_role("defect", DefectRole())
    app.add_role("release", DefectRole())
    app.add_directive("release-notes", ReleaseNotesDirective)
    app.add_directive("known-issues", KnownIssuesDirective)
    app.add_directive("release-index", ReleaseIndexDirective)
    app.add_directive("defect-list", DefectListDirective)

    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _report_data)
    app.connect("env-check-consistency", _check_consistency)
    app.connect("html-page-context", _advertise_feed)
    app.connect("build-finished", _write_feed)
    return {
        "version": "1",
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
