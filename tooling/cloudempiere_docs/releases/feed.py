"""The Atom feed of the releases (RFC 4287, generated with feedgen).

At ``build-finished`` the HTML builder writes it from the data and the translated
doctrees, so a Slovak build produces a Slovak feed; every page advertises it.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from docutils import nodes
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from cloudempiere_docs import urls
from cloudempiere_docs.data.versioning import parse_or_none
from cloudempiere_docs.releases.catalog import catalog, is_visible, visible_defects, visible_releases
from cloudempiere_docs.releases.domain import ReleasesDomain


def feed_url(config: Config) -> str:
    """Absolute URL of this build's feed: ``<base>/<lang>/<version>/releases.atom``, with
    ``latest`` as the version for the latest release so subscriptions follow new releases."""
    return f"{urls.site_root(config)}{config.language or 'en'}/{urls.published_slug(config)}/{config.cedocs_feed_filename}"


def feed_title(env: BuildEnvironment) -> str:
    """``<project> <version> – <title of the release index page>`` (translated page title)."""
    domain: ReleasesDomain = env.get_domain("rel")  # type: ignore[assignment]
    index = domain.index_page()
    title = env.titles[index].astext() if index and index in env.titles else "Release notes"
    return f"{env.config.project} {urls.version_slug(env.config)} – {title}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)


class _Doctrees:
    """Translated doctrees of the pages the feed quotes (read once each)."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.env = env
        self.cache: dict[str, nodes.document] = {}

    def get(self, docname: str) -> nodes.document:
        if docname not in self.cache:
            self.cache[docname] = self.env.get_doctree(docname)
        return self.cache[docname]

    def element(self, docname: str, anchor: str) -> nodes.Element | None:
        return self.get(docname).ids.get(anchor)


def _by_class(node: nodes.Element, cls: str) -> list[nodes.Element]:
    return [n for n in node.findall(nodes.Element) if cls in n.get("classes", ())]


def _field(entry: nodes.Element, key: str) -> tuple[str, str] | None:
    for field in _by_class(entry, f"cedocs-field-{key}"):
        return field[0].astext(), field[1].astext()
    return None


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def build_feed(app: Sphinx) -> FeedGenerator | None:
    """The Atom feed of this build, or None when no released release has notes."""
    env, config = app.env, app.config
    cat = catalog(env)
    domain: ReleasesDomain = env.get_domain("rel")  # type: ignore[assignment]
    tag = config.cedocs_feed_tag
    trees = _Doctrees(env)
    entries: list[dict[str, Any]] = []

    for release in visible_releases(cat, env):
        page = domain.release_page(str(release.version))
        if not release.released or not page or release.date is None:
            continue
        tree = trees.get(page)
        # "Release date: 16. 12. 2024." as the page writes it (formatting.py), then the highlights.
        dated = _field(tree, "date")
        lead = [_sentence(f"{dated[0]}: {dated[1]}")] if dated else []
        summary = " ".join([*lead, *(p.astext() for p in _by_class(tree, "cedocs-highlight"))])
        title = env.titles[page].astext() if page in env.titles else release.version
        entries.append(
            {
                "id": f"tag:{tag}:release/{release.version}",
                "title": title,
                "updated": release.date,
                "link": urls.page_url(config, page, version=urls.published_slug(config)),
                "summary": summary,
                "category": None,
            }
        )

    for defect in visible_defects(cat, env):
        found = domain.defect_target(defect.id)
        if not found or defect.confirmed is None:
            continue
        entry = trees.element(*found)
        if entry is None:
            continue
        # The head is "<ID> <title>"; the translated title replaces the title inline.
        heads = _by_class(entry, "cedocs-defect-head")
        text = heads[0].astext().removeprefix(defect.id).strip() if heads else defect.title
        title = f"{defect.id}: {text}"
        descriptions = _by_class(entry, "cedocs-defect-description")
        description = descriptions[0].astext() if descriptions else defect.description
        link = urls.page_url(config, found[0], version=urls.published_slug(config)) + "#" + found[1]
        component = _field(entry, "component")
        category = component[1] if component else defect.component
        events = [("confirmed", defect.confirmed, ["estimated-fix", "workaround", "reason"])]
        fix = cat.release(defect.fixed_in)
        if fix and fix.released and fix.date and is_visible(fix, env):
            events.append(("fixed", fix.date, ["fixed-in"]))
        for event, day, keys in events:
            label = _field(entry, event if event == "confirmed" else "fixed-in")
            facts = [_sentence(f"{name}: {value}") for name, value in filter(None, (_field(entry, k) for k in keys))]
            status = f" ({label[0]}: {label[1]})" if label else ""
            entries.append(
                {
                    "id": f"tag:{tag}:defect/{defect.id}/{event}",
                    "title": title + status,
                    "updated": day,
                    "link": link,
                    "summary": " ".join([_sentence(description), *facts]),
                    "category": category,
                }
            )

    if not any(e["id"].startswith(f"tag:{tag}:release/") for e in entries):
        return None
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)

    feed = FeedGenerator()
    language = config.language or "en"
    feed.id(f"tag:{tag}:releases/{language}/{urls.published_slug(config)}")
    feed.title(feed_title(env))
    feed.author({"name": config.author or "Cloudempiere"})
    feed.link(href=feed_url(config), rel="self", type="application/atom+xml")
    index = domain.index_page()
    if index:
        feed.link(href=urls.page_url(config, index, version=urls.published_slug(config)), rel="alternate", type="text/html")
    feed.language(language)
    feed.updated(_midnight(max(e["updated"] for e in entries)))
    for data in entries:
        item = feed.add_entry(order="append")
        item.id(data["id"])
        item.title(data["title"])
        item.updated(_midnight(data["updated"]))
        item.link(href=data["link"], rel="alternate", type="text/html")
        item.summary(data["summary"])
        if data["category"]:
            item.category(term=data["category"])
    return feed


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    if getattr(app, "_fail_on_warnings", False) and getattr(app, "_warncount", 0):
        return  # a failed -W build publishes nothing new
    feed = build_feed(app)
    if feed is not None:
        feed.atom_file(str(Path(app.outdir) / app.config.cedocs_feed_filename), pretty=True)


def advertise_feed(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``<link rel="alternate">`` to the feed in every page's head (escaped: the Jinja
    sandbox does not autoescape ``metatags``)."""
    if app.builder.name != "html":
        return
    domain: ReleasesDomain = app.env.get_domain("rel")  # type: ignore[assignment]
    cat = catalog(app.env)
    if not any(
        (r := cat.release(parse_or_none(v))) and r.released and is_visible(r, app.env) for v in domain.releases
    ):
        return
    href = context["pathto"](app.config.cedocs_feed_filename, 1)
    link = (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{html.escape(feed_title(app.env))}" href="{html.escape(href)}" />'
    )
    context["metatags"] = context.get("metatags", "") + "\n" + link
