"""``llms.txt`` and ``llms-full.txt`` of an edition, after the llms.txt proposal.

``llms.txt``: an H1 with the manual's name, a blockquote with its summary (the root
page's first paragraph, in the edition's language), a few facts (version, release,
language, status, where the one-file edition and the other editions are), then one H2
section per chapter of the root page's table of contents, each a list of
``[title](url.md): description`` links to the Markdown pages; chapters named in
``cedocs_llms_optional`` go into the proposal's ``## Optional`` section. The proposal
does not cover multilingual or versioned sites: each edition has its own file, and the
site's root ``llms.txt`` (written by the pipeline) points to them.

Every value comes from pages or the registry and is escaped as Markdown text; URLs are
built from the registry's checked base URL and percent-encoded page names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cloudempiere_docs.formats.markdown import escape
from cloudempiere_docs.formats.names import FULL_TEXT, INDEX_TEXT
from cloudempiere_docs.locale_strings import _

if TYPE_CHECKING:
    from cloudempiere_docs.formats.edition import Edition
    from cloudempiere_docs.formats.markdown_builder import Page

INDEX = INDEX_TEXT
FULL = FULL_TEXT
#: The proposal's name for links a reader with little context can skip (not translated).
OPTIONAL = "Optional"
DESCRIPTION_LIMIT = 200


@dataclass
class Entry:
    title: str
    url: str
    description: str


@dataclass
class Index:
    edition: Edition
    title: str
    summary: str
    sections: list[tuple[str, list[Entry]]] = field(default_factory=list)
    optional: list[Entry] = field(default_factory=list)


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """The first sentence of ``text``, cut at a word before ``limit`` characters."""
    text = " ".join(text.split())
    for end in (". ", "? ", "! "):
        cut = text.find(end)
        if 0 < cut < limit:
            return text[: cut + 1]
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _link(text: str, url: str) -> str:
    return f"[{escape(text)}]({url})"


def heading(index: Index) -> str:
    return f"{index.title} {index.edition.release}"


def facts(index: Index) -> list[str]:
    ed = index.edition
    version = f"{ed.version} ({ed.title})" if ed.title else ed.version
    date = f", {ed.date.isoformat()}" if ed.date else ""
    lines = [
        f"- {escape(str(_('Version')))}: {escape(version)}; {escape(str(_('Release')))}: {escape(ed.release)}{escape(date)}",
        f"- {escape(str(_('Language')))}: {escape(ed.language_name)} ({escape(ed.language)})",
    ]
    notice = ed.notice()
    if notice:
        lines.append(f"- {escape(notice)} {_link(ed.to_latest(), ed.base_url + ed.language + '/latest/' + INDEX)}")
    lines.append(
        "- "
        + escape(str(_("Every page is also published as Markdown, with front matter; the whole manual in one file:")))
        + " "
        + _link(FULL, ed.tree_url + FULL)
    )
    lines.append(
        "- " + escape(str(_("Other versions and languages:"))) + " " + _link(INDEX, ed.base_url + INDEX)
    )
    return lines


def _entries(entries: list[Entry]) -> list[str]:
    lines = []
    for entry in entries:
        description = shorten(entry.description)
        tail = f": {escape(description)}" if description else ""
        lines.append(f"- {_link(entry.title, entry.url)}{tail}")
    return lines


def index_text(index: Index) -> str:
    out = [f"# {escape(heading(index))}", ""]
    if index.summary:
        out += [f"> {escape(index.summary)}", ""]
    out += facts(index)
    for caption, entries in index.sections:
        out += ["", f"## {escape(caption)}", "", *_entries(entries)]
    if index.optional:
        out += ["", f"## {OPTIONAL}", "", *_entries(index.optional)]
    return "\n".join(out) + "\n"


def full_text(index: Index, pages: list[Page]) -> str:
    """Every page in reading order, each under its title with its address."""
    out = [f"# {escape(heading(index))}", ""]
    if index.summary:
        out += [f"> {escape(index.summary)}", ""]
    out += facts(index)
    for page in pages:
        out += ["", f"# {escape(page.title)}", "", f"{escape(str(_('Source')))}: <{page.url}>", "", page.full.rstrip()]
    return "\n".join(out) + "\n"
