"""The real manual builds strictly: every registered version in every language, with
every offline and machine-readable edition checked by the real tools (poppler, pypdf,
epubcheck, markdown-it-py)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from cloudempiere_docs.site.registry import load_registry

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parent.parent


def test_every_version_and_language_builds_without_warnings(real_site) -> None:
    registry = load_registry(REPO / "versions.toml")
    built = {(r.job.version.name, r.job.language) for r in real_site.results}
    assert built == {(v.name, lang) for v in registry.versions for lang in registry.languages}
    for result in real_site.results:
        # -W turns any warning into a failure; the log must not even mention one.
        assert "WARNING" not in result.log, f"{result.job.key}:\n{result.log}"


def test_manual_is_substantial_in_both_languages(real_site) -> None:
    site = real_site.target
    dev = load_registry(REPO / "versions.toml").development.name
    pages = [p for p in (site / "en" / dev).rglob("*.html") if "_static" not in p.parts]
    assert len(pages) >= 30
    sk_index = (site / "sk" / dev / "index.html").read_text(encoding="utf-8")
    assert 'lang="sk"' in sk_index and "príručk" in sk_index.lower()


def test_versions_json_matches_registry(real_site) -> None:
    registry = load_registry(REPO / "versions.toml")
    data = json.loads((real_site.target / "versions.json").read_text())
    assert [v["name"] for v in data["versions"]] == [v.name for v in registry.versions]
    assert data["latest"] == registry.latest.name


def test_feeds_per_language_and_version(real_site) -> None:
    import feedparser

    registry = load_registry(REPO / "versions.toml")
    base = registry.base_url
    for lang in registry.languages:
        latest = feedparser.parse((real_site.target / lang / "latest" / "releases.atom").read_bytes())
        assert latest.bozo == 0 and latest.entries
        self_links = [l.href for l in latest.feed.links if l.rel == "self"]
        # subscribers to the latest feed follow the next release
        assert self_links == [f"{base}{lang}/latest/releases.atom"]
        for version in registry.released:
            if version.name == registry.latest.name:
                continue
            old = feedparser.parse((real_site.target / lang / version.name / "releases.atom").read_bytes())
            assert [l.href for l in old.feed.links if l.rel == "self"] == [f"{base}{lang}/{version.name}/releases.atom"]
    sk = feedparser.parse((real_site.target / "sk" / "latest" / "releases.atom").read_bytes())
    assert "Poznámky k vydaniu" in sk.feed.title


def test_slovak_development_manual_shows_no_english_data_text(real_site) -> None:
    """Every data text is routed through its data catalog: where the catalog translates a
    text, its English never shows on a Slovak page (tables, roles, index) or in the feed."""
    import html
    import re

    from babel.messages.pofile import read_po

    dev = load_registry(REPO / "versions.toml").development.name
    root = real_site.target / "sk" / dev
    shown = {}
    # The writers' terminology names English terms next to their Slovak ones on purpose
    # (the invoice windows' iDempiere 11 names, for example).
    quoting = {"writers/terminology.html"}
    for path in [*root.rglob("*.html"), root / "releases.atom"]:
        if "_static" in path.parts or not path.exists() or path.relative_to(root).as_posix() in quoting:
            continue
        text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
        shown[path.relative_to(root).as_posix()] = re.sub(r"\s+", " ", text)
    leaks = []
    for po in sorted((REPO / "locale" / "sk" / "LC_MESSAGES" / "_data").glob("*.po")):
        for message in read_po(po.open("rb")):
            # Long texts only: a short name may be quoted in English by the prose on purpose.
            if message.id and message.string and message.string != message.id and len(message.id) > 30:
                leaks += [(po.stem, message.id, page) for page, text in shown.items() if message.id in text]
    assert leaks == []
    known = shown["release-notes/known-issues.html"]
    assert "Automatické ukladanie pri prepnutí záložky uloží neúplný záznam" in known


# ------------------------------------------------------------------- offline and machine-readable editions

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")


def _downloads(real_site) -> dict[tuple[str, str], dict[str, Path]]:
    registry = load_registry(REPO / "versions.toml")
    site = real_site.target
    found = {}
    for version in registry.versions:
        for lang in registry.languages:
            tree = site / lang / version.name
            found[(version.name, lang)] = {d.suffix: d for d in (tree / "downloads").iterdir()}
    return found


def test_every_edition_has_its_downloads_listed_in_versions_json(real_site) -> None:
    data = json.loads((real_site.target / "versions.json").read_text())
    for version in data["versions"]:
        for lang, downloads in version["downloads"].items():
            assert [d["format"] for d in downloads] == ["pdf", "epub", "htmlzip", "markdown"], (version["name"], lang)
            for d in downloads:
                path = real_site.target / d["url"]
                assert path.is_file() and path.stat().st_size == d["size"], d


def test_pdfs_embed_their_fonts_and_keep_slovak_text(real_site) -> None:
    from pypdf import PdfReader

    for (version, lang), files in _downloads(real_site).items():
        pdf = files[".pdf"]
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert fonts and all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts), f"{pdf.name}: {fonts}"
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/Lang"] == lang
        assert len(reader.outline) > 10, "bookmarks of the chapters"
        if lang == "sk":
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            assert "Daň z pridanej hodnoty" in text or "daň z pridanej hodnoty" in text
            assert "Obsah" in text


def test_outdated_and_development_pdfs_say_so(real_site) -> None:
    registry = load_registry(REPO / "versions.toml")
    files = _downloads(real_site)
    for version in registry.versions:
        pdf = files[(version.name, "en")][".pdf"]
        first = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert f"Version {version.name}" in first and version.release in first
        if version.status == "outdated":
            assert "no longer supported" in first
        if version.status == "development":
            assert "still in development" in first


def test_epubs_pass_epubcheck(real_site) -> None:
    import concurrent.futures

    if not EPUBCHECK.exists():
        pytest.skip("epubcheck is missing: run `make check-deps`")
    epubs = [files[".epub"] for files in _downloads(real_site).values()]

    def check(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["java", "-jar", str(EPUBCHECK), "-q", str(path)], capture_output=True, text=True)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for path, result in zip(epubs, pool.map(check, epubs)):
            assert result.returncode == 0 and not result.stdout.strip(), f"{path.name}:\n{result.stdout}{result.stderr}"


def test_every_markdown_page_parses_with_front_matter(real_site) -> None:
    import yaml
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    pages = [p for p in real_site.target.rglob("*.md") if "latest" not in p.parts]
    html = [p for p in real_site.target.glob("*/*/**/*.html") if "latest" not in p.parts and "_static" not in p.parts]
    assert len(pages) > 250 and len(pages) < len(html), "a page for every document (not for search, index, redirects)"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        _, front, rest = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        assert {"title", "version", "release", "language", "canonical_url"} <= set(meta), page
        assert meta["canonical_url"].startswith("https://docs.cloudempiere.com/")
        tokens = [t for tok in parser.parse(rest) for t in [tok, *(tok.children or [])]]
        assert not [t for t in tokens if t.type in ("html_block", "html_inline")], f"HTML in {page}"
        assert (page.with_suffix(".html")).exists(), f"{page} has its HTML page beside it"
    reference = (real_site.target / "en" / "13" / "windows" / "reference.md").read_text(encoding="utf-8")
    assert "| Field | Description |" in reference and "<table" not in reference


def test_every_llms_txt_link_resolves_to_a_published_file(real_site) -> None:
    import re

    base = load_registry(REPO / "versions.toml").base_url
    indexes = [real_site.target / "llms.txt", *real_site.target.glob("*/*/llms.txt")]
    assert len(indexes) == 1 + 2 * 4  # the root, 3 versions + latest in 2 languages
    for index in indexes:
        links = re.findall(r"\]\((https?://[^)\s]+)\)", index.read_text(encoding="utf-8"))
        assert links, index
        for link in links:
            assert link.startswith(base), link
            assert (real_site.target / link[len(base):]).is_file(), f"{index}: {link}"
    root = (real_site.target / "llms.txt").read_text(encoding="utf-8")
    assert "## Latest version" in root and f"{base}sk/latest/llms.txt" in root
