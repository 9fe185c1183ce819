"""The releases extension: release notes linked to defects, and their Atom feed.
Listed in conf.py as ``cloudempiere_docs.releases``.

The support terms promise that a customer whose reported defect was confirmed learns when
it is fixed and in which (estimated) version. This extension renders that promise from
``_data/releases.yaml`` and ``_data/defects.yaml``:

- ``{release-notes} 13.1``: highlights, new features, fixed defects by component and the
  known issues of one release (planned releases show their planned fixes);
- ``{known-issues}``: every confirmed defect not yet fixed, with estimated fix and workaround;
- ``{release-index}``: the releases of this manual version and earlier;
- ``{defect-list}``: a table of all defects (optionally filtered by status);
- ``{feed-list}``: the feeds, one per component (Tax, Accounting, ...), with counts;
- roles ``{defect}`CLD-1652``` and ``{release}`13.1``` link to the entry / notes page.

The data files are loaded and checked by the toolkit (the ``cedata`` Domain). Which page
documents which release and where each defect entry is lives in the ``rel`` Domain
(parallel and incremental safe). At ``build-finished`` the HTML builder writes
``releases.atom`` and one feed per component, ``feeds/<component>.atom`` (RFC 4287,
generated with feedgen) from the data and the translated doctrees, so a Slovak build
produces Slovak feeds; every page advertises the releases feed, pages about a component
its feed.

Modules: ``catalog`` (what a manual version shows of the data), ``domain`` (the ``rel``
Domain and roles), ``directives``, ``checks`` (configuration, pages against the data)
and ``feed``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from cloudempiere_docs import toolkit
from cloudempiere_docs.releases.checks import check_config, check_consistency
from cloudempiere_docs.releases.directives import (
    DefectListDirective,
    FeedListDirective,
    KnownIssuesDirective,
    ReleaseIndexDirective,
    ReleaseNotesDirective,
)
from cloudempiere_docs.releases.domain import ENV_VERSION, DefectRole, ReleasesDomain
from cloudempiere_docs.releases.feed import advertise_feed, check_feed_pages, write_feed


def setup(app: Sphinx) -> dict[str, Any]:
    toolkit.add_data_files(app, "releases", "defects")
    app.add_config_value("cedocs_ticket_url", "https://support.cloudempiere.com/browse/{id}", "env", types=[str])
    app.add_config_value("cedocs_idempiere_ticket_url", "https://idempiere.atlassian.net/browse/{id}", "env", types=[str])
    app.add_config_value("cedocs_feed_filename", "releases.atom", "html", types=[str])
    app.add_config_value("cedocs_feed_tag", "docs.cloudempiere.com,2024", "html", types=[str])
    app.add_config_value("cedocs_feed_pages", {}, "html", types=[dict])

    app.add_domain(ReleasesDomain)
    app.add_role("defect", DefectRole())
    app.add_role("release", DefectRole())
    app.add_directive("release-notes", ReleaseNotesDirective)
    app.add_directive("known-issues", KnownIssuesDirective)
    app.add_directive("release-index", ReleaseIndexDirective)
    app.add_directive("defect-list", DefectListDirective)
    app.add_directive("feed-list", FeedListDirective)

    app.connect("config-inited", check_config)
    app.connect("config-inited", check_feed_pages)
    app.connect("env-check-consistency", check_consistency)
    app.connect("html-page-context", advertise_feed)
    app.connect("build-finished", write_feed)
    return {
        "version": "1",
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
