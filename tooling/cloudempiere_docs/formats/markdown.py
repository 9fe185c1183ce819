"""Resolved doctrees as CommonMark with GitHub's tables and footnotes.

Why our own writer and not sphinx-markdown-builder (README, "Toolchain choices"): its
text escaping covers ``\\ * ` _`` only, so ``<script>`` in page text (shown as text on
the site) became raw HTML in Markdown, and a ``|`` in a cell split the row; admonitions
came out as English ``#### NOTE`` headings in Slovak pages; it writes raw HTML itself
(``<a id>``, ``<br/>``) and skips nodes it does not know without a trace.

Here every node either has a rendering or is a located ``cedocs.format`` warning (a
strict build fails, naming the page); text is escaped so that nothing a page says can
become Markdown or HTML syntax; the output holds no HTML at all. Blocks are rendered
recursively into lists of lines, which makes nesting (lists in admonitions in lists)
a matter of prefixing lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import admonitionlabels

from cloudempiere_docs.diagnostics import warn

#: Link schemes kept in Markdown (anything else keeps its text and loses the link).
SAFE_SCHEMES = ("http", "https", "mailto")

_INLINE_SPECIAL = re.compile(r"([\\`*\[\]<>~])")
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")
_SPACES = re.compile(r"\s+")

Lines = list[str]


def escape(text: str) -> str:
    """Plain text as Markdown that renders as exactly that text (no markup, no HTML)."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub(r"\\&", text)
    return text


def _escape_line_start(line: str) -> str:
    """A paragraph line that would start a heading, quote, list or rule if left alone."""
    match = _LINE_START.match(line)
    if not match:
        return line
    indent, token = match.groups()
    if token.isdigit():
        return f"{indent}{token}\\{line[match.end():]}"
    return f"{indent}\\{line[len(indent):]}"


def code_span(text: str) -> str:
    """``text`` as an inline code span, with a fence longer than any backtick run in it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or text.startswith(" ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _link_destination(url: str) -> str:
    if re.search(r"[\s<>()]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def _prefix(lines: Lines, first: str, rest: str) -> Lines:
    out = []
    for index, line in enumerate(lines):
        lead = first if index == 0 else rest
        out.append((lead + line) if line else lead.rstrip())
    return out


def _join_blocks(blocks: Iterable[Lines]) -> Lines:
    out: Lines = []
    for block in blocks:
        if not block:
            continue
        if out:
            out.append("")
        out.extend(block)
    return out


class MarkdownWriter:
    """Renders one resolved doctree. ``link`` maps a reference's target as the builder
    made it (``../tax/index.md#vat``) to what the output should say (relative for a
    page, absolute for llms-full.txt); ``image`` does the same for image files."""

    def __init__(
        self,
        docname: str,
        *,
        link: Callable[[str], str] = lambda uri: uri,
        image: Callable[[str], str] = lambda uri: uri,
        top_level: int = 1,
    ) -> None:
        self.docname = docname
        self.link = link
        self.image = image
        self.top_level = top_level
        self.footnotes: Lines = []

    # ------------------------------------------------------------------ entry points

    def document(self, doctree: nodes.Node, skip_title: bool = False) -> str:
        """The whole page (``skip_title``: without its first heading)."""
        self.skip_title = skip_title
        lines = self.blocks(doctree.children, level=self.top_level)
        if self.footnotes:
            lines = _join_blocks([lines, self.footnotes])
        return "\n".join(lines).strip("\n") + "\n"

    def problem(self, node: nodes.Node, what: str) -> None:
        location = node if getattr(node, "source", None) or getattr(node, "line", None) else self.docname
        warn(f"markdown: {what}", "format", location=location)

    # ------------------------------------------------------------------ blocks

    def blocks(self, children: Iterable[nodes.Node], level: int) -> Lines:
        return _join_blocks(self.block(child, level) for child in children)

    def block(self, node: nodes.Node, level: int) -> Lines:
        handler = getattr(self, f"block_{type(node).__name__}", None)
        if handler is not None:
            return handler(node, level)
        if isinstance(node, nodes.Admonition):
            return self.admonition(node, level)
        if isinstance(node, (nodes.Invisible, nodes.system_message)):
            return []
        if isinstance(node, (nodes.Inline, nodes.Text)):
            text = self.inline(node)
            return [_escape_line_start(text)] if text else []
        self.problem(node, f"no Markdown for a {type(node).__name__!r} element; its text is kept as a paragraph")
        return self.blocks(node.children, level) if isinstance(node, nodes.Element) else []

    # Containers whose children are blocks of the same level.
    def _children(self, node: nodes.Element, level: int) -> Lines:
        return self.blocks(node.children, level)

    block_compound = block_container = block_glossary = _children
    block_start_of_file = block_only = _children

    def block_document(self, node: nodes.Element, level: int) -> Lines:
        return self.blocks(node.children, level)

    def block_section(self, node: nodes.Element, level: int) -> Lines:
        out: list[Lines] = []
        for child in node.children:
            if isinstance(child, nodes.title):
                if getattr(self, "skip_title", False):
                    self.skip_title = False
                    continue
                hashes = "#" * min(level, 6)
                text = self.inline(child).replace("\n", " ").rstrip("#").rstrip() or "\u00a0"
                out.append([f"{hashes} {text}"])
            else:
                out.append(self.block(child, level + 1 if isinstance(child, nodes.section) else level))
        return _join_blocks(out)

    def block_title(self, node: nodes.Element, level: int) -> Lines:
        # A title outside a section: a toctree caption, a topic or sidebar title.
        text = self.inline(node)
        return [f"**{text}**"] if text else []

    block_rubric = block_caption = block_title

    def block_subtitle(self, node: nodes.Element, level: int) -> Lines:
        return [f"*{self.inline(node)}*"]

    def block_paragraph(self, node: nodes.Element, level: int) -> Lines:
        text = self.inline(node)
        return [_escape_line_start(text)] if text else []

    def block_compact_paragraph(self, node: nodes.Element, level: int) -> Lines:
        # A resolved toctree is a compact paragraph holding its caption and a list.
        if any(not isinstance(c, (nodes.Inline, nodes.Text)) for c in node.children):
            return self.blocks(node.children, level)
        return self.block_paragraph(node, level)

    def block_literal_block(self, node: nodes.Element, level: int) -> Lines:
        text = node.astext()
        longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
        fence = "`" * (longest + 1)
        language = node.get("language", "")
        language = language if re.fullmatch(r"[A-Za-z0-9_+.-]*", language or "") and language not in ("default", "none") else ""
        return [f"{fence}{language}", *text.split("\n"), fence]

    block_doctest_block = block_literal_block

    def block_math_block(self, node: nodes.Element, level: int) -> Lines:
        return ["$$", *node.astext().split("\n"), "$$"]

    def block_line_block(self, node: nodes.Element, level: int) -> Lines:
        lines = [self.inline(line) for line in node.findall(nodes.line)]
        return [_escape_line_start(line) + ("\\" if i < len(lines) - 1 else "") for i, line in enumerate(lines)]

    def block_transition(self, node: nodes.Element, level: int) -> Lines:
        return ["* * *"]

    def block_bullet_list(self, node: nodes.Element, level: int) -> Lines:
        items = []
        for item in node.children:
            body = self.blocks(item.children, level) or [""]
            items.append(_prefix(body, "- ", "  "))
        return self._list(items, node)

    def block_enumerated_list(self, node: nodes.Element, level: int) -> Lines:
        start = int(node.get("start", 1))
        items = []
        for number, item in enumerate(node.children, start):
            marker = f"{number}. "
            body = self.blocks(item.children, level) or [""]
            items.append(_prefix(body, marker, " " * len(marker)))
        return self._list(items, node)

    @staticmethod
    def _list(items: list[Lines], node: nodes.Element) -> Lines:
        # A tight list when every item is one line, as most lists in the manual are.
        if all(len(item) == 1 for item in items):
            return [item[0] for item in items]
        return _join_blocks(items)

    def block_definition_list(self, node: nodes.Element, level: int) -> Lines:
        entries = []
        for item in node.children:
            terms = [self.inline(t) for t in item.children if isinstance(t, nodes.term)]
            classifiers = [self.inline(c) for c in item.children if isinstance(c, nodes.classifier)]
            definition = next((c for c in item.children if isinstance(c, nodes.definition)), None)
            head = " / ".join(t for t in terms if t) + "".join(f" ({c})" for c in classifiers)
            body = self.blocks(definition.children, level) if definition is not None else []
            entries.append([_escape_line_start(head), *(_prefix(body, ": ", "  ") if body else [])])
        return _join_blocks(entries)

    def block_field_list(self, node: nodes.Element, level: int) -> Lines:
        items = []
        for field in node.children:
            name = self.inline(field[0])
            body = self.blocks(field[1].children, level)
            if len(body) == 1:
                items.append([f"- **{name}:** {body[0]}"])
            else:
                items.append(_prefix([f"**{name}:**", *([""] + body if body else [])], "- ", "  "))
        return self._list(items, node)

    block_docinfo = block_field_list

    def block_option_list(self, node: nodes.Element, level: int) -> Lines:
        items = []
        for item in node.children:
            options = ", ".join(code_span(o.astext()) for o in item.findall(nodes.option))
            desc = next(item.findall(nodes.description), None)
            body = self.blocks(desc.children, level) if desc is not None else []
            items.append(_prefix([options, *body] if len(body) != 1 else [f"{options}: {body[0]}"], "- ", "  "))
        return self._list(items, node)

    def block_block_quote(self, node: nodes.Element, level: int) -> Lines:
        return _prefix(self.blocks(node.children, level), "> ", "> ")

    def block_attribution(self, node: nodes.Element, level: int) -> Lines:
        return [f"— {self.inline(node)}"]

    def admonition(self, node: nodes.Element, level: int) -> Lines:
        title_node = next((c for c in node.children if isinstance(c, nodes.title)), None)
        if title_node is not None:
            label = self.inline(title_node)
        else:
            label = escape(str(admonitionlabels.get(type(node).__name__, type(node).__name__.title())))
        body = self.blocks([c for c in node.children if c is not title_node], level)
        return _prefix([f"**{label}**", *([""] + body if body else [])], "> ", "> ")

    block_seealso = admonition

    def block_topic(self, node: nodes.Element, level: int) -> Lines:
        if "contents" in node.get("classes", ()):
            return []  # a local table of contents: Markdown readers build their own
        return self.admonition(node, level)

    block_sidebar = block_topic

    def block_versionmodified(self, node: nodes.Element, level: int) -> Lines:
        return self.blocks(node.children, level)

    def block_centered(self, node: nodes.Element, level: int) -> Lines:
        return [f"**{self.inline(node)}**"]

    def block_hlist(self, node: nodes.Element, level: int) -> Lines:
        items = [self.blocks(item.children, level) for col in node.children for item in col.findall(nodes.list_item)]
        return self._list([_prefix(i or [""], "- ", "  ") for i in items], node)

    def block_figure(self, node: nodes.Element, level: int) -> Lines:
        return self.blocks(node.children, level)

    def block_legend(self, node: nodes.Element, level: int) -> Lines:
        return self.blocks(node.children, level)

    def block_image(self, node: nodes.Element, level: int) -> Lines:
        return [self.inline(node)]

    def block_footnote(self, node: nodes.Element, level: int) -> Lines:
        label = self._note_label(node)
        body = self.blocks([c for c in node.children if not isinstance(c, nodes.label)], level) or [""]
        if self.footnotes:
            self.footnotes.append("")
        self.footnotes.extend(_prefix(body, f"[^{label}]: ", "    "))
        return []

    block_citation = block_footnote

    @staticmethod
    def _note_label(node: nodes.Element) -> str:
        label = next((c.astext() for c in node.children if isinstance(c, nodes.label)), "")
        return re.sub(r"[^A-Za-z0-9_-]", "", label or (node.get("ids") or ["note"])[0]) or "note"

    def block_table(self, node: nodes.Element, level: int) -> Lines:
        title = next((c for c in node.children if isinstance(c, nodes.title)), None)
        group = next(node.findall(nodes.tgroup), None)
        if group is None:
            return []
        width = int(group.get("cols", 0)) or max((len(r.children) for r in group.findall(nodes.row)), default=0)
        head_rows = [r for h in group.findall(nodes.thead) for r in h.children]
        body_rows = [r for b in group.findall(nodes.tbody) for r in b.children]
        grid = self._grid(head_rows + body_rows, width)
        header, rows = (grid[: len(head_rows)], grid[len(head_rows):]) if head_rows else ([grid[0]] if grid else [], grid[1:])
        if len(header) > 1:  # several header rows: Markdown has one, the others become rows
            rows = header[1:] + rows
        lines = [self._row(header[0] if header else [""] * width), "|" + "|".join(" --- " for _ in range(width)) + "|"]
        lines += [self._row(row) for row in rows]
        out = [f"**{self.inline(title)}**", ""] if title is not None else []
        return out + lines

    def _grid(self, rows: list[nodes.Element], width: int) -> list[list[str]]:
        """Rows as lists of cell texts; spanned cells repeat nothing and stay empty."""
        grid: list[list[str]] = []
        pending: dict[int, int] = {}  # column -> rows still covered by a rowspan
        for row in rows:
            cells: list[str] = []
            entries = iter(row.children)
            column = 0
            while column < width:
                if pending.get(column):
                    pending[column] -= 1
                    cells.append("")
                    column += 1
                    continue
                entry = next(entries, None)
                if entry is None:
                    cells.append("")
                    column += 1
                    continue
                cells.append(self._cell(entry))
                for extra in range(int(entry.get("morecols", 0))):
                    cells.append("")
                if entry.get("morerows"):
                    for c in range(column, column + 1 + int(entry.get("morecols", 0))):
                        pending[c] = int(entry["morerows"])
                column += 1 + int(entry.get("morecols", 0))
            grid.append(cells[:width])
        return grid

    def _cell(self, entry: nodes.Element) -> str:
        """A cell's blocks on one line: paragraphs joined by spaces, list items by "; "."""
        parts = []
        for child in entry.children:
            if isinstance(child, (nodes.bullet_list, nodes.enumerated_list)):
                # An item is a container of blocks (a paragraph, a nested list): flatten those.
                items = (" ".join(self._flat(block) for block in item.children) for item in child.children)
                parts.append("; ".join(i for i in items if i))
            else:
                parts.append(self._flat(child))
        return " ".join(p for p in parts if p)

    def _flat(self, node: nodes.Node) -> str:
        lines = self.block(node, 6)
        return _SPACES.sub(" ", " ".join(line.strip() for line in lines if line.strip()))

    @staticmethod
    def _row(cells: list[str]) -> str:
        # Every pipe, also one in a code span, must be escaped inside a table row (GFM).
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    # toctrees are resolved into lists by the builder; a pending one is left out.
    def block_toctree(self, node: nodes.Element, level: int) -> Lines:
        return []

    def block_desc(self, node: nodes.Element, level: int) -> Lines:
        out = []
        for child in node.children:
            if isinstance(child, addnodes.desc_signature):
                out.append([f"**{code_span(child.astext())}**"])
            elif isinstance(child, addnodes.desc_content):
                out.append(self.blocks(child.children, level))
        return _join_blocks(out)

    def block_meta(self, node: nodes.Element, level: int) -> Lines:
        return []

    def block_raw(self, node: nodes.Element, level: int) -> Lines:
        self.problem(node, "raw markup is not published (the security extension forbids it)")
        return []

    def block_problematic(self, node: nodes.Element, level: int) -> Lines:
        self.problem(node, f"unresolved markup {node.astext()!r}")
        return [escape(node.astext())]

    # ------------------------------------------------------------------ inline

    def inline(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return escape(_SPACES.sub(" ", node.astext()))
        handler = getattr(self, f"inline_{type(node).__name__}", None)
        if handler is not None:
            return handler(node)
        if isinstance(node, (nodes.Invisible, nodes.system_message)):
            return ""
        if not isinstance(node, nodes.Inline) and not isinstance(node, nodes.TextElement):
            self.problem(node, f"no inline Markdown for a {type(node).__name__!r} element; its text is kept")
        return self.inlines(node)

    def inlines(self, node: nodes.Node) -> str:
        text = "".join(self.inline(child) for child in node.children)
        return text.strip() if isinstance(node, (nodes.paragraph, nodes.title, nodes.term)) else text

    def _wrap(self, node: nodes.Node, mark: str) -> str:
        inner = self.inlines(node)
        stripped = inner.strip()
        if not stripped:
            return inner
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()):]
        return f"{lead}{mark}{stripped}{mark}{trail}"

    def inline_emphasis(self, node: nodes.Element) -> str:
        return self._wrap(node, "*")

    inline_title_reference = inline_emphasis

    def inline_strong(self, node: nodes.Element) -> str:
        return self._wrap(node, "**")

    def inline_literal(self, node: nodes.Element) -> str:
        return code_span(_SPACES.sub(" ", node.astext()))

    def inline_math(self, node: nodes.Element) -> str:
        return code_span(node.astext())

    def inline_reference(self, node: nodes.Element) -> str:
        text = self.inlines(node).strip() or escape(node.get("refuri", ""))
        if "refid" in node:
            target = "#" + node["refid"]
        else:
            target = node.get("refuri", "")
        if not target:
            return text
        scheme = urlsplit(target).scheme
        if scheme and scheme not in SAFE_SCHEMES:
            self.problem(node, f"link to {target!r} dropped: only {', '.join(SAFE_SCHEMES)} and relative links are published")
            return text
        return f"[{text}]({_link_destination(self.link(target))})"

    def inline_download_reference(self, node: nodes.Element) -> str:
        text = self.inlines(node).strip()
        if node.get("filename"):
            return f"[{text}]({_link_destination(self.image('_downloads/' + node['filename']))})"
        return self.inline_reference(node) if node.get("refuri") else text

    def inline_pending_xref(self, node: nodes.Element) -> str:
        return self.inlines(node)

    def inline_footnote_reference(self, node: nodes.Element) -> str:
        label = re.sub(r"[^A-Za-z0-9_-]", "", node.astext()) or "note"
        return f"[^{label}]"

    inline_citation_reference = inline_footnote_reference

    def inline_image(self, node: nodes.Element) -> str:
        alt = escape(node.get("alt", ""))
        uri = node.get("uri", "")
        scheme = urlsplit(uri).scheme
        if scheme and scheme not in SAFE_SCHEMES:
            self.problem(node, f"image {uri!r} dropped: not an http(s) or relative address")
            return alt
        return f"![{alt}]({_link_destination(self.image(uri))})"

    def inline_abbreviation(self, node: nodes.Element) -> str:
        text = self.inlines(node)
        return f"{text} ({escape(node['explanation'])})" if node.get("explanation") else text

    def inline_raw(self, node: nodes.Element) -> str:
        self.problem(node, "raw markup is not published (the security extension forbids it)")
        return ""

    def inline_problematic(self, node: nodes.Element) -> str:
        self.problem(node, f"unresolved markup {node.astext()!r}")
        return escape(node.astext())

    def inline_generated(self, node: nodes.Element) -> str:
        return self.inlines(node)

    def inline_line(self, node: nodes.Element) -> str:
        return self.inlines(node)

    # Inline-level nodes that carry their text only.
    def inline_inline(self, node: nodes.Element) -> str:
        return self.inlines(node)

    inline_literal_strong = inline_strong
    inline_literal_emphasis = inline_emphasis

    def inline_subscript(self, node: nodes.Element) -> str:
        return self.inlines(node)

    inline_superscript = inline_subscript
