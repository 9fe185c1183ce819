"""The Atom feeds (RFC 4287, generated with feedgen): releases, and defects per component.

At ``build-finished`` the HTML builder writes them from the data and the translated
doctrees, so a Slovak build produces Slovak feeds:

- ``releases.atom``: every release, every confirmed and every fixed defect; every page
  advertises it;
- ``feeds/<component>.atom``, one per component of the data (Tax, Accounting, ...): the
  confirmed and fixed defects of that component. A component without defects gets a valid
  feed without entries (subscribers learn of its first defect); the ``{feed-list}`` page
  says so. Pages advertise the feeds of the components whose defects they show, and of
  those ``cedocs_feed_pages`` (conf.py) assigns to them (``{"tax/*": ["Tax"]}``).

Entry ids are stable across rebuilds (``tag:`` URIs from the data), and a defect's entries
have the same id in the releases feed and in its component's feed.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import html
import re
import weakref
from pathlib import Path
from typing import Any

from docutils import nodes
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.environment import BuildEnvironment

from cloudempiere_docs import urls
from cloudempiere_docs.data.releases import COMPONENTS
from cloudempiere_docs.data.texts import DataText
from cloudempiere_docs.data.versioning import parse_or_none
from cloudempiere_docs.diagnostics import did_you_mean
from cloudempiere_docs.locale_strings import _
from cloudempiere_docs.releases.catalog import catalog, is_visible, visible_defects, visible_releases
from cloudempiere_docs.releases.domain import ReleasesDomain
from cloudempiere_docs.toolkit.text import shown

#: Folder of the component feeds inside a version x language tree.
FEEDS_DIR = "feeds"


def feed_url(config: Config) -> str:
    """Absolute URL of this build's feed: ``<base>/<lang>/<version>/releases.atom``, with
    ``latest`` as the version for the latest release so subscriptions follow new releases."""
    return f"{urls.site_root(config)}{config.language or 'en'}/{urls.published_slug(config)}/{config.cedocs_feed_filename}"


def component_slug(component: str) -> str:
    """``Web UI`` -> ``web-ui``: the file name of a component's feed."""
    return re.sub(r"[^a-z0-9]+", "-", component.casefold()).strip("-")


def component_feed_path(component: str) -> str:
    """The component's feed, relative to the root of a version x language tree."""
    return f"{FEEDS_DIR}/{component_slug(component)}.atom"


def component_feed_url(config: Config, component: str) -> str:
    return f"{urls.site_root(config)}{config.language or 'en'}/{urls.published_slug(config)}/{component_feed_path(component)}"


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


#: The doctree reader of each build's write phase (not part of the environment).
_TREES: weakref.WeakKeyDictionary[BuildEnvironment, _Doctrees] = weakref.WeakKeyDictionary()


def _by_class(node: nodes.Element, cls: str) -> list[nodes.Element]:
    return [n for n in node.findall(nodes.Element) if cls in n.get("classes", ())]


def _field(entry: nodes.Element, key: str) -> tuple[str, str] | None:
    for field in _by_class(entry, f"cedocs-field-{key}"):
        return field[0].astext(), field[1].astext()
    return None


def _text(env: BuildEnvironment, name: str, value: str) -> str:
    """A text of a defect in the build's language, from the catalog of defects.yaml."""
    return shown(env, DataText("defects", f"defects.{name}", value))


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _release_entries(app: Sphinx, trees: _Doctrees) -> list[dict[str, Any]]:
    env, config = app.env, app.config
    cat = catalog(env)
    domain: ReleasesDomain = env.get_domain("rel")  # type: ignore[assignment]
    tag = config.cedocs_feed_tag
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
    return entries


def _defect_entries(app: Sphinx, trees: _Doctrees, component: str | None = None) -> list[dict[str, Any]]:
    """Entries for confirmed and fixed defects (of ``component`` only, if given)."""
    env, config = app.env, app.config
    cat = catalog(env)
    domain: ReleasesDomain = env.get_domain("rel")  # type: ignore[assignment]
    tag = config.cedocs_feed_tag
    entries: list[dict[str, Any]] = []
    for defect in visible_defects(cat, env):
        if component is not None and defect.component != component:
            continue
        found = domain.defect_target(defect.id)
        if not found or defect.confirmed is None:
            continue
        entry = trees.element(*found)
        if entry is None:
            continue
        # The head is "<ID> <title>"; the translated title replaces the title inline.
        heads = _by_class(entry, "cedocs-defect-head")
        # A defect only listed in a table has no entry to quote: its texts come from the
        # data catalog, as on the pages (toolkit.text), never in English in a Slovak feed.
        text = heads[0].astext().removeprefix(defect.id).strip() if heads else _text(env, "title", defect.title)
        title = f"{defect.id}: {text}"
        descriptions = _by_class(entry, "cedocs-defect-description")
        description = descriptions[0].astext() if descriptions else _text(env, "description", defect.description)
        link = urls.page_url(config, found[0], version=urls.published_slug(config)) + "#" + found[1]
        field = _field(entry, "component")  # not "component": the parameter filters by it
        category = field[1] if field else _text(env, "component", defect.component)
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
    return entries


def _generator(feed_id: str, title: str, self_url: str, alternate: str | None, language: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    if alternate:
        feed.link(href=alternate, rel="alternate", type="text/html")
    feed.language(language)
    return feed


def _add_entries(feed: FeedGenerator, entries: list[dict[str, Any]]) -> None:
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    for data in entries:
        item = feed.add_entry(order="append")
        item.id(data["id"])
        item.title(data["title"])
        item.updated(_midnight(data["updated"]))
        item.link(href=data["link"], rel="alternate", type="text/html")
        item.summary(data["summary"])
        if data["category"]:
            item.category(term=data["category"])


def build_feed(app: Sphinx) -> FeedGenerator | None:
    """The Atom feed of this build, or None when no released release has notes."""
    env, config = app.env, app.config
    domain: ReleasesDomain = env.get_domain("rel")  # type: ignore[assignment]
    trees = _Doctrees(env)
    releases = _release_entries(app, trees)
    if not releases:
        return None
    entries = releases + _defect_entries(app, trees)
    language = config.language or "en"
    index = domain.index_page()
    alternate = urls.page_url(config, index, version=urls.published_slug(config)) if index else None
    feed = _generator(
        f"tag:{config.cedocs_feed_tag}:releases/{language}/{urls.published_slug(config)}",
        feed_title(env), feed_url(config), alternate, language,
    )  # fmt: skip
    feed.author({"name": config.author or "Cloudempiere"})
    feed.updated(_midnight(max(e["updated"] for e in entries)))
    _add_entries(feed, entries)
    return feed


def component_name(app: Sphinx, trees: _Doctrees, component: str) -> str:
    """The component's name as this build's feed list page shows it (translated)."""
    domain: ReleasesDomain = app.env.get_domain("rel")  # type: ignore[assignment]
    page = domain.feed_page()
    row = trees.element(page, feed_anchor(component)) if page else None
    names = _by_class(row, "cedocs-feed-component") if row is not None else []
    return names[0].astext() if names else _text(app.env, "component", component)


def feed_anchor(component: str) -> str:
    """Id of a component's row on the feed list page."""
    return f"feed-{component_slug(component)}"


def build_component_feeds(app: Sphinx) -> dict[str, FeedGenerator]:
    """One feed per component of the data, an empty one for a component without defects;
    none at all while the build shows no released release (then there is no feed)."""
    env, config = app.env, app.config
    trees = _Doctrees(env)
    releases = _release_entries(app, trees)
    if not releases:
        return {}
    domain: ReleasesDomain = env.get_domain("rel")  # type: ignore[assignment]
    latest_release = max(e["updated"] for e in releases)
    language = config.language or "en"
    slug = urls.published_slug(config)
    page = domain.feed_page()
    feeds = {}
    for component in COMPONENTS:
        entries = _defect_entries(app, trees, component)
        name = component_name(app, trees, component)
        alternate = urls.page_url(config, page, version=slug) + "#" + feed_anchor(component) if page else None
        title = f"{config.project} {urls.version_slug(config)} – " + str(_("%s: known and fixed defects")) % name
        feed = _generator(
            f"tag:{config.cedocs_feed_tag}:defects/{component_slug(component)}/{language}/{slug}",
            title, component_feed_url(config, component), alternate, language,
        )  # fmt: skip
        feed.author({"name": config.author or "Cloudempiere"})
        # Without entries, the feed was last updated with the latest release it covers.
        feed.updated(_midnight(max([latest_release, *(e["updated"] for e in entries)])))
        _add_entries(feed, entries)
        feeds[component] = feed
    return feeds


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    if getattr(app, "_fail_on_warnings", False) and getattr(app, "_warncount", 0):
        return  # a failed -W build publishes nothing new
    feed = build_feed(app)
    if feed is not None:
        feed.atom_file(str(Path(app.outdir) / app.config.cedocs_feed_filename), pretty=True)
    for component, component_feed in build_component_feeds(app).items():
        path = Path(app.outdir) / component_feed_path(component)
        path.parent.mkdir(parents=True, exist_ok=True)
        component_feed.atom_file(str(path), pretty=True)


def page_components(app: Sphinx, pagename: str) -> list[str]:
    """Components whose feed a page advertises: those of the defects it shows, those
    ``cedocs_feed_pages`` (conf.py) assigns to it, and all of them on the feed list page."""
    env = app.env
    domain: ReleasesDomain = env.get_domain("rel")  # type: ignore[assignment]
    if pagename == domain.feed_page():
        return list(COMPONENTS)
    cat = catalog(env)
    found = {
        cat.defects[defect_id].component
        for defect_id, entries in domain.defects.items()
        if defect_id in cat.defects and any(docname == pagename for _priority, docname, _anchor in entries)
    }
    for pattern, components in app.config.cedocs_feed_pages.items():
        if fnmatch.fnmatchcase(pagename, pattern):
            found.update(components)
    return [c for c in COMPONENTS if c in found]


def check_feed_pages(app: Sphinx, config: Config) -> None:
    """``cedocs_feed_pages``: docname patterns -> components of the defect data."""
    value = config.cedocs_feed_pages
    if not isinstance(value, dict):
        raise ConfigError(f"cedocs_feed_pages must map docname patterns to lists of components, got {value!r}")
    for pattern, components in value.items():
        if not isinstance(pattern, str) or not isinstance(components, (list, tuple)):
            raise ConfigError(f"cedocs_feed_pages[{pattern!r}] must be a list of components, got {components!r}")
        for name in components:
            if name not in COMPONENTS:
                raise ConfigError(
                    f"cedocs_feed_pages[{pattern!r}]: unknown component {name!r}{did_you_mean(str(name), COMPONENTS)}"
                    f" (known: {', '.join(COMPONENTS)})"
                )


def _has_feeds(app: Sphinx) -> bool:
    domain: ReleasesDomain = app.env.get_domain("rel")  # type: ignore[assignment]
    cat = catalog(app.env)
    return any(
        (r := cat.release(parse_or_none(v))) and r.released and is_visible(r, app.env) for v in domain.releases
    )


def _link(title: str, href: str) -> str:
    return f'<link rel="alternate" type="application/atom+xml" title="{html.escape(title)}" href="{html.escape(href)}" />'


def advertise_feed(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``<link rel="alternate">`` to the releases feed in every page's head, and to the
    feeds of the page's components (escaped: the Jinja sandbox does not autoescape
    ``metatags``)."""
    if app.builder.name != "html" or not _has_feeds(app):
        return
    links = [_link(feed_title(app.env), context["pathto"](app.config.cedocs_feed_filename, 1))]
    components = page_components(app, pagename) if pagename in app.env.all_docs else []
    if components:
        trees = _TREES.get(app.env)
        if trees is None:  # one reader of the feed list page's doctree for all pages
            trees = _TREES[app.env] = _Doctrees(app.env)
        prefix = f"{app.config.project} {urls.version_slug(app.config)} – "
        for component in components:
            title = prefix + str(_("%s: known and fixed defects")) % component_name(app, trees, component)
            links.append(_link(title, context["pathto"](component_feed_path(component), 1)))
    context["metatags"] = context.get("metatags", "") + "".join("\n" + link for link in links)
