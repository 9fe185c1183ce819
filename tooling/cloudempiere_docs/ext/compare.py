"""The "Compare with version" control on every page of the published site.

Next to the version and language switchers (sidebar template ``cedocs/compare.html``),
a disclosure lists the other versions this page can be compared with and the "What
changed" page of this version against the one before. The comparisons are written when
the site is assembled (:mod:`cloudempiere_docs.compare.site`); the links come from the
same rule (:func:`~cloudempiere_docs.compare.site.comparison_path`), which holds for every
page of every version (a page missing in the other version gets a comparison that says
so), so the control needs no script and no check at view time. A plain ``sphinx-build``
preview (not in the site) shows no control.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from cloudempiere_docs.compare.site import comparison_path, summary_path, version_pairs
from cloudempiere_docs.locale_strings import _
from cloudempiere_docs.site.registry import Registry
from cloudempiere_docs.urls import version_slug


def _label(registry: Registry, name: str) -> str:
    status = registry.get(name).status
    if status == "development":
        return str(_("%s (development)")) % name
    if status == "latest":
        return str(_("%s (latest)")) % name
    return name


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    registry: Registry | None = getattr(app, "registry_data", None)
    context["cedocs_compare"] = None
    if registry is None or not getattr(app.config, "cedocs_in_site", False) or pagename not in app.env.all_docs:
        return
    current = version_slug(app.config)
    names = [v.name for v in registry.versions]
    if current not in names:
        return
    language = app.config.language or "en"
    pairs = version_pairs(names, registry.latest.name, registry.development.name)
    others = [b if a == current else a for a, b in pairs if current in (a, b)]
    if not others:
        return
    root = "../" * (pagename.count("/") + 2)
    order = {name: index for index, name in enumerate(names)}  # newest first, as the switcher
    links = [
        {"label": _label(registry, other), "href": root + comparison_path(language, current, other, pagename)}
        for other in sorted(others, key=order.__getitem__)
    ]
    # What changed since the version before this one (the oldest: until the next one).
    older = [name for name in names[order[current] + 1 :] if name in others]
    newer = [name for name in names[: order[current]] if name in others]
    pair = (older[0], current) if older else (current, newer[-1])
    summary = {
        "text": str(_("What changed between %(old)s and %(new)s")) % {"old": pair[0], "new": pair[1]},
        "href": root + summary_path(language, *pair),
    }
    context["cedocs_compare"] = {
        "label": str(_("Compare with version…")),
        "links": links,
        "summary": summary,
        "all": {"text": str(_("Compare versions")), "href": f"{root}{language}/compare/index.html"},
    }


def setup(app: Sphinx) -> dict[str, Any]:
    # ext/site.py loads this extension: it reads the registry and sets cedocs_in_site.
    app.connect("html-page-context", _page_context, priority=650)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
