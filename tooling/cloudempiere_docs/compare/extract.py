"""The text of a built page as a list of blocks: what a reader reads, not the HTML source.

A comparison of two versions of a page must not show differences that readers cannot
see (a changed class, a new script, a renumbered id), and must show every difference
they can. So the article of each page is reduced to its blocks, in reading order:
headings, paragraphs, list items, definition terms and descriptions, table rows (one
block per row, one text per cell), captions and code blocks. Each block keeps the id of
the nearest element that has one, so a comparison can link to the place in the page.

Only the article is read: the element marked ``data-pagefind-body`` (what the search
indexes, see ``theme/templates/page.html``), else ``<article role="main">``, else
``<main>``. Inside it, what the search leaves out is left out here too (heading
permalinks, the translation banner). The parser is the standard library's streaming
``html.parser``: every page of every version and language is read at each assembly, and
building a tree (BeautifulSoup) costs several times as much for nothing we need.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Elements whose text is one block (unless they hold other blocks: then each part is).
BLOCKS = HEADINGS | frozenset({"p", "li", "dt", "dd", "pre", "caption", "figcaption", "blockquote", "tr"})
CELLS = frozenset({"td", "th"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
SKIP = frozenset({"script", "style", "template", "noscript", "svg", "button", "select"})
#: Classes whose elements are chrome inside the article, never content: what the search
#: index leaves out (``site.search.EXCLUDE``, a test keeps them in step) and our controls.
EXCLUDED_CLASSES = frozenset({"headerlink", "cedocs-i18n-coverage", "cedocs-compare", "cedocs-banner"})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a page: ``kind`` is the element (``h2``, ``p``, ``li``, ``tr`` ...),
    ``cells`` its text (one per table cell; one for every other kind)."""

    kind: str
    cells: tuple[str, ...]
    anchor: str = ""  # id of the nearest element with an id (for links into the page)
    header: bool = False  # a table row of header cells

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        """What must be equal for two blocks to read the same."""
        return (self.kind, self.cells)

    @property
    def text(self) -> str:
        return " | ".join(self.cells)


#: Why a page cannot be read, as the comparison pages say it (msgids of the interface
#: catalog).
NOT_BUILT = "the page was not built"
UNREADABLE = "the page cannot be read"
NO_ARTICLE = "the page has no article text"
ERRORS = (NOT_BUILT, UNREADABLE, NO_ARTICLE)


@dataclass
class PageText:
    """The blocks of one page, or why it could not be read (``error``)."""

    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    error: str = ""  # one of ERRORS (English; the comparison pages translate it)

    @property
    def ok(self) -> bool:
        return not self.error


class _Open:
    """An open element of the article: its tag, and whether it is a block or is skipped."""

    __slots__ = ("tag", "block", "skip", "anchor", "kind")

    def __init__(self, tag: str, block: bool, skip: bool, anchor: str | None, kind: str = "") -> None:
        self.tag, self.block, self.skip, self.anchor, self.kind = tag, block, skip, anchor, kind or tag


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth_in_body = 0  # > 0 while inside the article's container
        self.container = ""  # which container was found
        self.stack: list[_Open] = []
        self.buffers: list[list[str]] = []  # text of each open block (innermost last)
        self.anchors: list[str] = []
        self.block_anchor: list[str] = []
        self.skipping = 0
        self.row: list[str] | None = None  # cells of the open table row
        self.row_header = True
        self.cell: list[str] | None = None
        self.in_thead = 0
        self.pre = 0
        self.blocks: list[Block] = []
        self.title_parts: list[str] = []
        self.in_title = False
        self.fallback: list[tuple[str, str]] = []

    # -- where the article is ------------------------------------------------------------
    def _is_container(self, tag: str, attrs: dict[str, str | None]) -> str:
        if "data-pagefind-body" in attrs:
            return "pagefind"
        if tag == "article" and attrs.get("role") == "main":
            return "article"
        if tag == "main":
            return "main"
        return ""

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        if tag == "title" and not self.depth_in_body:
            self.in_title = True
        container = self._is_container(tag, attrs)
        # The most specific container wins (search body > article > main): a better one
        # inside a worse one starts the page again.
        if container and (not self.container or _RANK[container] > _RANK[self.container]):
            self.container = container
            self._reset()
            self.depth_in_body = 1
            self.stack = [_Open(tag, False, False, attrs.get("id"))]
            return
        if not self.depth_in_body:
            return
        if tag in VOID:
            self._void(tag, attrs)
            return
        classes = set((attrs.get("class") or "").split())
        skip = tag in SKIP or bool(classes & EXCLUDED_CLASSES)
        anchor = attrs.get("id")
        self.depth_in_body += 1
        if self.skipping or skip:
            self.skipping += 1
            self.stack.append(_Open(tag, False, True, None))
            return
        if anchor:
            self.anchors.append(anchor)
        if tag == "thead":
            self.in_thead += 1
        block, kind = False, tag
        if self.row is not None:
            if tag in CELLS:
                self.cell = []
                if tag == "td" and not self.in_thead:
                    self.row_header = False
            else:
                self._text(" ")
        elif tag == "tr":
            self._flush_parent()
            self.row, self.row_header = [], True
            self.block_anchor.append(self._anchor())
            block = True
        elif tag in BLOCKS:
            self._flush_parent()
            if tag == "p":  # a paragraph of a list item or description reads as one
                outer = next((item.tag for item in reversed(self.stack) if item.block), "")
                kind = outer if outer in _CARRIERS else tag
            self.buffers.append([])
            self.block_anchor.append(self._anchor())
            if tag == "pre":
                self.pre += 1
            block = True
        self.stack.append(_Open(tag, block, False, anchor, kind))

    def _void(self, tag: str, attrs: dict[str, str | None]) -> None:
        if self.skipping:
            return
        if tag == "br":
            self._text("\n" if self.pre else " ")
        elif tag == "img" and attrs.get("alt"):
            self._text(f" [{attrs['alt']}] ")

    def handle_startendtag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        if self.depth_in_body and tag in VOID:
            self._void(tag, dict(attrs_list))
        elif self.depth_in_body:
            self.handle_starttag(tag, attrs_list)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if not self.depth_in_body or tag in VOID:
            return
        # Close up to the matching open element (HTML may leave some implied).
        if not any(item.tag == tag for item in self.stack):
            return
        while self.stack:
            item = self.stack.pop()
            self.depth_in_body -= 1
            self._close(item)
            if item.tag == tag:
                break
        if not self.stack and self.container == "pagefind":
            raise _Done  # nothing after the search body is content

    def _close(self, item: _Open) -> None:
        if item.skip:
            self.skipping -= 1
            return
        if item.anchor and self.anchors and self.anchors[-1] == item.anchor:
            self.anchors.pop()
        if item.tag == "thead":
            self.in_thead -= 1
        if self.row is not None and item.tag in CELLS and self.cell is not None:
            self.row.append(_normal("".join(self.cell)))
            self.cell = None
            return
        if not item.block:
            return
        anchor = self.block_anchor.pop()
        if item.tag == "tr":
            cells = tuple(self.row or ())
            self.row = None
            if any(cells):
                self.blocks.append(Block("tr", cells, anchor, self.row_header))
            return
        text = "".join(self.buffers.pop())
        if item.tag == "pre":
            self.pre -= 1
            text = text.strip("\n")
        else:
            text = _normal(text)
        if text:
            self.blocks.append(Block(item.kind, (text,), anchor))

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if self.depth_in_body and not self.skipping:
            self._text(data)

    # -- helpers -------------------------------------------------------------------------
    def _reset(self) -> None:
        self.blocks, self.buffers, self.anchors, self.block_anchor = [], [], [], []
        self.skipping = self.in_thead = self.pre = 0
        self.row = self.cell = None

    def _text(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.row is not None:
            return  # between cells: whitespace of the markup
        elif self.buffers:
            self.buffers[-1].append(data)
        elif data.strip():
            # Text outside any block (a bare div): keep it, as a paragraph of its own.
            self.buffers.append([data])
            self.block_anchor.append(self._anchor())
            self._emit_loose()

    def _emit_loose(self) -> None:
        text = _normal("".join(self.buffers.pop()))
        anchor = self.block_anchor.pop()
        if text:
            self.blocks.append(Block("p", (text,), anchor))

    def _flush_parent(self) -> None:
        """A block starts inside another: the text the outer block has so far is a block
        of its own (``<li>Text<ul>...`` reads as the item's text, then the sub-list)."""
        if not self.buffers:
            return
        outer = next(item for item in reversed(self.stack) if item.block)
        text = "".join(self.buffers[-1])
        text = text.strip("\n") if outer.tag == "pre" else _normal(text)
        self.buffers[-1] = []
        if text:
            self.blocks.append(Block(outer.kind, (text,), self.block_anchor[-1]))

    def _anchor(self) -> str:
        return self.anchors[-1] if self.anchors else ""


_RANK = {"main": 1, "article": 2, "pagefind": 3}
#: Blocks whose paragraphs take their kind (an item of a list reads as a list item).
_CARRIERS = frozenset({"li", "dd", "blockquote"})


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _Done(Exception):
    """The article is read: the rest of the page is chrome."""


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


#: What the parser found in an article, by the markup it read: versions share most pages
#: and a page's article is the same in each (its chrome differs), so it is parsed once.
_ARTICLES: dict[str, tuple[str, list[Block], list[str]]] = {}
_ARTICLES_LIMIT = 20_000


def extract_text(markup: str) -> PageText:
    """The blocks of the article of ``markup`` (a whole HTML page)."""
    # Parse from the article on: the head and furo's sidebar (the whole table of
    # contents, on every page) are most of the markup and none of the content.
    marker = markup.find("data-pagefind-body")
    start = max(markup.rfind("<", 0, marker) if marker > 0 else 0, 0)
    container, blocks, title_parts = _parse_article(markup, start)
    match = _TITLE.search(markup, 0, start) if start > 0 else None
    head_title = html.unescape(match.group(1)) if match else "".join(title_parts)
    title = next((b.cells[0] for b in blocks if b.kind == "h1"), "") or _normal(head_title)
    if not container:
        return PageText(title, [], NO_ARTICLE)  # no data-pagefind-body, <article role=main> or <main>
    return PageText(title, list(blocks))


def _parse_article(markup: str, start: int) -> tuple[str, list[Block], list[str]]:
    """Parse ``markup`` from ``start`` until the article ends. The result is kept under
    the digest of the markup up to the first ``</article>`` when the parser stopped
    before it (the same markup read up to there gives the same result)."""
    end = markup.find("</article>", start)
    key = hashlib.sha256(markup[start : end + len("</article>")].encode()).hexdigest() if end >= 0 else None
    if key is not None and key in _ARTICLES:
        return _ARTICLES[key]
    parser = _Extractor()
    done = False
    try:
        parser.feed(markup[start:])
        parser.close()
    except _Done:
        done = True
    found = (parser.container, parser.blocks, parser.title_parts)
    if key is not None and done and _consumed(markup, start, parser) <= end + len("</article>"):
        if len(_ARTICLES) >= _ARTICLES_LIMIT:
            _ARTICLES.clear()
        _ARTICLES[key] = found
    return found


def _consumed(markup: str, start: int, parser: HTMLParser) -> int:
    """Offset in ``markup`` of the tag the parser stopped at (the end of the article)."""
    line, column = parser.getpos()
    offset = start
    for _ in range(line - 1):
        offset = markup.index("\n", offset) + 1
    return offset + column


def extract(path: Path) -> PageText:
    """The blocks of the built page at ``path``; a page that cannot be read says why."""
    try:
        markup = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return PageText(error=NOT_BUILT)
    except (OSError, UnicodeDecodeError):
        return PageText(error=UNREADABLE)
    return extract_text(markup)
