"""The formats extension on a small project: Markdown pages, llms.txt, PDF and EPUB.

Markdown output is read back with markdown-it-py (CommonMark + GFM tables): text from
pages must stay text (no HTML token, no link it did not have), tables must be tables.
The PDF and EPUB of the small project are checked with the real tools (poppler,
pypdf, epubcheck); the real manual's editions are checked in test_manual.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docutils import nodes
from markdown_it import MarkdownIt
from sphinx.testing.util import SphinxTestApp

from cloudempiere_docs.data.registry import ALL_FORMATS
from cloudempiere_docs.formats import names
from cloudempiere_docs.formats.llms import shorten
from cloudempiere_docs.formats.markdown import MarkdownWriter, _escape_line_start, code_span, escape

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def tokens(text: str) -> list:
    flat = []
    for token in parser().parse(text):
        flat.append(token)
        flat.extend(token.children or [])
    return flat


def body(markdown: str) -> str:
    """A page without its front matter (which a Markdown parser would read as text)."""
    assert markdown.startswith("---\n"), "front matter first"
    return markdown.split("\n---\n", 1)[1]


def test_format_table_matches_the_registry_schema() -> None:
    assert names.KEYS == ALL_FORMATS
    assert names.key_of("cloudempiere-manual-13-en-html.zip") == "htmlzip"
    assert names.key_of("cloudempiere-manual-13-en.pdf") == "pdf"
    assert names.key_of("llms-full.txt") == "markdown"
    assert names.key_of("notes.txt") is None
    assert names.file_name("Cloudempiere ERP", "13", "sk", "epub") == "cloudempiere-erp-manual-13-sk.epub"


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "a | b", "&amp; &#65;", "*x* _y_ `z` [l](u) ![i](s)", "# h", "1. x", "- y", "> q", "\\", "~~s~~"],
)
def test_escaped_text_renders_as_itself(text: str) -> None:
    """A paragraph of page text, whatever it holds, renders as exactly that text."""
    from html import unescape

    rendered = MarkdownIt("commonmark").enable("strikethrough").render(_escape_line_start(escape(text))).strip()
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    inner = rendered[3:-4]
    assert "<" not in inner, f"markup from text: {rendered}"
    assert unescape(inner) == text


def test_code_span_fences_longer_than_its_backticks() -> None:
    assert code_span("a`b") == "``a`b``"
    assert code_span("`x`") == "`` `x` ``"


def _markdown_and_log(doc: nodes.document) -> tuple[str, str]:
    """The Markdown of ``doc`` and what the writer logged meanwhile."""
    import io
    import logging

    from sphinx.util import logging as sphinx_logging

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = sphinx_logging.getLogger("cloudempiere_docs")
    logger.logger.addHandler(handler)
    try:
        return MarkdownWriter("page").document(doc), stream.getvalue()
    finally:
        logger.logger.removeHandler(handler)


def test_unknown_node_is_a_located_warning() -> None:
    class gadget(nodes.Element):  # noqa: N801 (a docutils node class)
        pass

    doc = nodes.document(None, None)
    node = gadget()
    node.source, node.line = "page.md", 7
    node += nodes.paragraph("", "inside")
    doc += node
    out, log = _markdown_and_log(doc)
    assert "inside" in out, "the text is kept"
    assert "no Markdown for a 'gadget' element" in log


def test_filter_box_is_left_out_without_a_warning() -> None:
    """The filter box of long references is built by a script of the web pages; other
    writers leave it out (it is an invisible node), with no warning."""
    from cloudempiere_docs.toolkit.filter import make

    doc = nodes.document(None, None)
    doc += make(["module", "level"])
    doc += nodes.paragraph("", "after")
    assert MarkdownWriter("page").document(doc) == "after\n"


def test_list_in_a_table_cell_is_one_line_without_a_warning() -> None:
    """A cell holding a list (the SLA tables list their tiers this way) is flattened into
    its row as "first; second", each item's paragraphs joined, with no warning."""
    doc = nodes.document(None, None)
    table, tgroup = nodes.table(), nodes.tgroup(cols=2)
    tgroup += [nodes.colspec(colwidth=1), nodes.colspec(colwidth=1)]
    body, row = nodes.tbody(), nodes.row()
    listed = nodes.bullet_list()
    listed += [nodes.list_item("", nodes.paragraph("", "Standard"), nodes.paragraph("", "8x5")), nodes.list_item("", nodes.paragraph("", "Strategic"))]
    row += [nodes.entry("", nodes.paragraph("", "Priority 1")), nodes.entry("", listed)]
    body += row
    tgroup += body
    table += tgroup
    doc += table
    out, log = _markdown_and_log(doc)
    assert "| Priority 1 | Standard 8x5; Strategic |" in out, out
    assert log == ""


def _app(builder: str, src: Path) -> SphinxTestApp:
    return SphinxTestApp(builder, srcdir=src, confoverrides={"language": "sk"})


def problems(app: SphinxTestApp) -> list[str]:
    """Warnings of a build, without the notes of several applications in one process."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line and "already registered" not in line]


@pytest.fixture(scope="module")
def markdown_build(rootdir, tmp_path_factory):  # type: ignore[no-untyped-def]
    src = tmp_path_factory.mktemp("formats") / "src"
    shutil.copytree(rootdir / "test-formats", src)
    app = _app("markdown", src)
    app.build()
    yield app
    app.cleanup()


def test_markdown_pages_keep_text_as_text(markdown_build) -> None:  # type: ignore[no-untyped-def]
    out = Path(markdown_build.outdir)
    assert not problems(markdown_build)
    page = (out / "index.md").read_text(encoding="utf-8")
    text = body(page)
    found = tokens(text)
    assert not [t for t in found if t.type in ("html_block", "html_inline")], "no HTML in Markdown"
    rendered = parser().render(text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "&lt;img src=x onerror=alert(2)&gt;" in rendered
    assert "an &amp; entity" in rendered, "the entity MyST decoded stays a plain ampersand"
    assert "*stars*" in rendered and "snake_case_name" in rendered and "<em>under</em>" in rendered
    assert "# not a heading" in rendered and "1. not a list" in rendered
    links = [t.attrGet("href") for t in found if t.type == "link_open"]
    assert "notes.md#details" in links
    assert "https://example.test/a(b)" in links
    assert not [h for h in links if h and h.startswith("javascript:")]


def test_markdown_tables_admonitions_code_and_slovak(markdown_build) -> None:  # type: ignore[no-untyped-def]
    text = body((Path(markdown_build.outdir) / "index.md").read_text(encoding="utf-8"))
    rendered = parser().render(text)
    assert rendered.count("<table>") == 1
    assert "<code>A|B</code>" in rendered and "x | y" in rendered, "pipes stay in their cell"
    assert rendered.count("<tr>") == 4, "header + 3 rows: no row was split by a pipe"
    assert "<blockquote>\n<p><strong>Poznámka</strong></p>" in rendered, "admonition label in the page's language"
    assert "ľščťžýáíé" in text and "Daň z pridanej hodnoty" in text
    assert '<code class="language-python">print(&quot;```&quot;)' in rendered, "a fence longer than the code's"
    assert "[^1]" in text and "[^1]: The footnote text." in text


def test_front_matter(markdown_build) -> None:  # type: ignore[no-untyped-def]
    page = (Path(markdown_build.outdir) / "notes.md").read_text(encoding="utf-8")
    front = yaml.safe_load(page.split("---\n")[1])
    assert front == {
        "title": "Release notes",
        "product": "Cloudempiere",
        "version": "14",
        "release": "14.0.dev",
        "language": "sk",
        "status": "preview",
        "canonical_url": "https://docs.example.test/sk/14/notes.html",
        "markdown_url": "https://docs.example.test/sk/14/notes.md",
    }


def test_llms_txt_follows_the_proposal(markdown_build) -> None:  # type: ignore[no-untyped-def]
    out = Path(markdown_build.outdir)
    text = (out / "llms.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Skúšobná príručka 14.0.dev"
    assert lines[2].startswith("> Daň z pridanej hodnoty (DPH) applies to every invoice.")
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## Optional"], "notes.md is listed as optional (cedocs_llms_optional)"
    assert "- [Release notes](https://docs.example.test/sk/14/notes.md): Notes are optional reading for an assistant." in lines
    full = (out / "llms-full.txt").read_text(encoding="utf-8")
    assert "# Release notes" in full and "<https://docs.example.test/sk/14/notes.md>" in full
    assert "(https://docs.example.test/sk/14/notes.md#details)" in full, "links made absolute in the one-file edition"
    assert not [t for t in tokens(full) if t.type in ("html_block", "html_inline")]


def test_shorten_takes_the_first_sentence() -> None:
    assert shorten("One. Two.") == "One."
    assert shorten("word " * 80).endswith("…")


@pytest.fixture(scope="module")
def offline_builds(rootdir, tmp_path_factory):  # type: ignore[no-untyped-def]
    """PDF and EPUB of the small project in Slovak, sharing one environment."""
    src = tmp_path_factory.mktemp("formats-offline") / "src"
    shutil.copytree(rootdir / "test-formats", src)
    built = {}
    for builder in ("pdf", "epub"):
        app = _app(builder, src)
        app.build()
        assert not problems(app)
        built[builder] = Path(app.outdir)
        app.cleanup()
    return built


def test_pdf_fonts_text_outline_links_metadata(offline_builds) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    pdf = offline_builds["pdf"] / "cloudempiere-manual-14-sk.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts), "every font embedded, as a subset"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Daň z pridanej hodnoty" in text and "ľščťžýáíé" in text
    reader = PdfReader(pdf)
    assert reader.metadata.title == "Skúšobná príručka 14.0.dev"
    assert reader.trailer["/Root"]["/Lang"] == "sk"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Skúšobná príručka" in titles and "Release notes" in titles
    internal = [
        a.get_object() for page in reader.pages for a in page.get("/Annots", []) if a.get_object().get("/Dest") is not None
    ]
    assert internal, "internal links are PDF destinations"
    uris = {a.get_object()["/A"].get("/URI") for page in reader.pages for a in page.get("/Annots", []) if "/A" in a.get_object()}
    assert "https://docs.example.test/sk/14/apart.html" in uris, "a page outside the book is linked online"
    assert "Obsah" in text, "the table of contents in the edition's language"


def test_epub_passes_epubcheck(offline_builds) -> None:  # type: ignore[no-untyped-def]
    if not EPUBCHECK.exists():
        pytest.skip("epubcheck is missing: run `make check-deps`")
    (epub,) = offline_builds["epub"].glob("*.epub")
    result = subprocess.run(["java", "-jar", str(EPUBCHECK), str(epub)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected." in result.stdout + result.stderr
