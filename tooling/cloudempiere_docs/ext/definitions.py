"""The definitions index of the search page: reference entries found by their exact name.

Pagefind ranks pages by their words, so a setting key such as ``ZK_PAGING_SIZE`` finds
every page that mentions it and the reference entry is not first. Sphinx's own search
answers such queries from the objects of its Domains first; this is the same for our
search page: at ``build-finished`` the HTML builder writes ``cedocs-definitions.js``
(next to ``searchindex.js``) with every entry of the ``ce`` Domain (settings, windows,
forms, taxes) and every defect of the ``rel`` Domain: the names it is found by (the key
or name in the data and the title as this build shows it, i.e. translated), its kind, the
page and anchor, and the opening of its description, all from the translated doctrees.
``cedocs-search.js`` matches the query against these names (case, diacritics, ``_`` and
punctuation ignored; keys and IDs also by a prefix of four characters or more) and lists
the matching entries, with their anchor, before Pagefind's pages.

It is a script assigning ``window.cedocsDefinitions``, so it also works from the file
system. Entries on pages of a book (the writers' guide) are left out, as the book is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from cloudempiere_docs import books
from cloudempiere_docs.locale_strings import _
from cloudempiere_docs.toolkit.nodes import DESCRIPTION

FILENAME = "cedocs-definitions.js"
GLOBAL = "cedocsDefinitions"
#: Longest summary shown under an entry in the results.
SUMMARY_LENGTH = 180
#: Kinds whose names are identifiers (matched by prefix too).
IDENTIFIERS = frozenset({"setting", "defect"})


def _kind_labels() -> dict[str, str]:
    return {
        "setting": str(_("Setting")),
        "window": str(_("Window")),
        "form": str(_("Form")),
        "tax": str(_("Tax")),
        "defect": str(_("Defect")),
    }


class _Doctrees:
    """Translated doctrees, each with its elements by id (directives set the ids of the
    entries they build on the nodes; ``document.ids`` does not list them all)."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.env = env
        self.cache: dict[str, dict[str, nodes.Element]] = {}

    def element(self, docname: str, anchor: str) -> nodes.Element | None:
        if docname not in self.cache:
            by_id: dict[str, nodes.Element] = {}
            try:
                doctree = self.env.get_doctree(docname)
            except OSError:  # a page without doctree has no entries to show
                doctree = None
            for node in doctree.findall(nodes.Element) if doctree is not None else ():
                for ident in node.get("ids", ()):
                    by_id.setdefault(ident, node)
            self.cache[docname] = by_id
        return self.cache[docname].get(anchor)


def _text(node: nodes.Node) -> str:
    return " ".join(node.astext().split())


def _cut(text: str, limit: int = SUMMARY_LENGTH) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def _title_and_summary(element: nodes.Element | None, fallback: str, kind: str) -> tuple[str, str]:
    """The entry's title and the first paragraph of its description, as the page shows them."""
    if element is None:
        return fallback, ""
    if isinstance(element, nodes.term):  # settings: term + definition (its description)
        item = element.parent
        definition = next((c for c in item.children if isinstance(c, nodes.definition)), None)
        paragraphs = list(definition.findall(nodes.paragraph)) if definition else []
        described = [p for p in paragraphs if DESCRIPTION in p.get("classes", ())]
        paragraph = (described or paragraphs or [None])[0]
        return _text(element) or fallback, _cut(_text(paragraph)) if paragraph else ""
    if isinstance(element, nodes.row):  # a table row: taxes (name first), defect list (ID, title)
        cells = [next(iter(entry.findall(nodes.paragraph)), None) for entry in element.findall(nodes.entry)]
        name = cells[1 if kind == "defect" else 0] if len(cells) > 1 else None
        return (_text(name) if name is not None else fallback), ""
    heads = [n for n in element.findall(nodes.Element) if "cedocs-defect-head" in n.get("classes", ())]
    if heads:  # defects: the head is "<ID> <title>"
        description = [n for n in element.findall(nodes.paragraph) if "cedocs-defect-description" in n.get("classes", ())]
        title = _text(heads[0]).removeprefix(fallback).strip()
        return title or fallback, _cut(_text(description[0])) if description else ""
    title = next((c for c in element.children if isinstance(c, (nodes.title, nodes.rubric))), None)
    paragraph = next(
        (p for p in element.findall(nodes.paragraph) if not isinstance(p.parent, (nodes.title, nodes.rubric))), None
    )
    return (_text(title) if title is not None else fallback), (_cut(_text(paragraph)) if paragraph else "")


def _domain(env: BuildEnvironment, name: str) -> Any:
    try:
        return env.get_domain(name)
    except ExtensionError:  # the extension is not loaded in this build
        return None


def collect(app: Sphinx) -> list[dict[str, Any]]:
    """The entries of this build, in a stable order."""
    env = app.env
    trees = _Doctrees(env)
    labels = _kind_labels()
    entries: list[dict[str, Any]] = []

    def add(kind: str, keys: list[str], docname: str, anchor: str, fallback: str) -> None:
        if books.book_of(docname, app.config) or docname not in env.all_docs:
            return
        title, summary = _title_and_summary(trees.element(docname, anchor), fallback, kind)
        names = list(dict.fromkeys(n for n in [*keys, title] if n))
        if kind == "defect" and title != fallback:
            title = f"{fallback}: {title}"
        uri = app.builder.get_target_uri(docname) + (f"#{anchor}" if anchor else "")
        entries.append({"names": names, "title": title, "kind": labels[kind], "type": kind, "url": uri, "summary": summary})

    ce = _domain(env, "ce")
    if ce is not None:
        for (kind, _norm), entry in sorted(ce.data.get("objects", {}).items()):
            if kind in labels:
                add(kind, [entry.display], entry.docname, entry.anchor, entry.title)
    rel = _domain(env, "rel")
    if rel is not None:
        for defect_id in sorted(rel.data.get("defects", {})):
            found = rel.defect_target(defect_id)
            if found:
                add("defect", [defect_id], found[0], found[1], defect_id)
    return entries


def script(entries: list[dict[str, Any]]) -> str:
    text = json.dumps({"entries": entries, "identifiers": sorted(IDENTIFIERS)}, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        "/* Reference entries by name, for the search page (cloudempiere_docs.ext.definitions). */\n"
        f"window.{GLOBAL} = {text};\n"
    )


def write_definitions(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name not in ("html", "dirhtml"):
        return
    Path(app.outdir, FILENAME).write_text(script(collect(app)), encoding="utf-8")


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The search page loads the index (only when this extension writes one)."""
    if pagename == "search":
        context["cedocs_definitions"] = FILENAME


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", write_definitions)
    app.connect("html-page-context", _page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
