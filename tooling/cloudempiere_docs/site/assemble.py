"""Assemble built parts into the published tree.

Layout: ``<lang>/<version>/`` per job, ``<lang>/latest/`` (a copy of the latest release),
``<lang>/index.html`` and ``index.html`` (send readers to their language), ``versions.json``
(for other tools), ``_static/cedocs-pagemap.js`` in every tree (the pages of every version
and language and the sizes of the downloads, read by the switchers and the downloads:
site/pagemap.py), ``404.html``, ``sitemap.xml`` with hreflang alternates, redirect pages
for pages that moved (``redirects.toml``), and ``<lang>/compare/``: every page compared
between versions (:mod:`cloudempiere_docs.compare`). The feed of the
latest release is ``<lang>/latest/releases.atom``: its self link says so (see urls.py).

Every path made from the registry or the redirect map is joined with
:func:`~cloudempiere_docs.paths.inside`, so no language code, version name or redirect key
writes outside the site; parts containing symbolic links are refused (a part may come
from another machine's build, and copying would follow the link).

Each tree also gets its offline and machine-readable editions (``downloads/``, Markdown
pages, ``llms.txt``; see formats.py), listed with their sizes in ``versions.json``, and
the site a root ``llms.txt``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from cloudempiere_docs import languages
from cloudempiere_docs.compare.site import write_site_comparisons
from cloudempiere_docs.paths import inside, symlinks
from cloudempiere_docs.site import formats, pagemap
from cloudempiere_docs.site.redirects import Redirects, check_targets
from cloudempiere_docs.site.registry import Registry
from cloudempiere_docs.theme import STATIC, render_not_found
from cloudempiere_docs.site.sources import docnames as discover_docnames

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: Sphinx's build bookkeeping (``.buildinfo``, ``.buildinfo.bak``): not for readers.
UNPUBLISHED = (".buildinfo", ".buildinfo.*")
XHTML_NS = "http://www.w3.org/1999/xhtml"


class AssembleError(Exception):
    """A part is missing or the redirect map is wrong."""


@dataclass(frozen=True)
class Part:
    """A built version x language: its HTML output, its list of pages and the output
    directories of its formats (format key -> directory)."""

    language: str
    version: str
    html: Path
    docnames: tuple[str, ...]
    formats: dict[str, Path] = field(default_factory=dict)


def part_docnames(html_dir: Path) -> tuple[str, ...]:
    """Pages of a built part, from the html files Sphinx wrote for documents (not the
    pages every build generates: search, index, the downloads page of the formats)."""
    from cloudempiere_docs.formats.names import DOWNLOADS_PAGE

    names = []
    for path in html_dir.rglob("*.html"):
        rel = path.relative_to(html_dir).as_posix()
        if rel.startswith(("_", "search.html", "genindex.html")) or "/_" in rel or rel == f"{DOWNLOADS_PAGE}.html":
            continue
        names.append(rel[: -len(".html")])
    return tuple(sorted(names))


def versions_json(registry: Registry) -> dict[str, object]:
    return {
        "latest": registry.latest.name,
        "default_language": registry.default_language,
        "languages": [{"code": c, "name": languages.name(c)} for c in registry.languages],
        "versions": [v.as_json() for v in registry.versions],
    }


def _relative(from_doc: str, to_doc: str) -> str:
    depth = from_doc.count("/")
    return "../" * depth + to_doc + ".html"


def _js(value: Any) -> str:
    """``value`` as a JavaScript literal that is safe inside a ``<script>`` element."""
    text = json.dumps(value)  # ASCII only: U+2028/2029 are escaped as well
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _redirect_page(target: str, title: str) -> str:
    url = _attr(target)
    return (
        "<!doctype html>\n<html><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title>"
        f"<link rel=\"canonical\" href=\"{url}\">"
        f"<meta http-equiv=\"refresh\" content=\"0; url={url}\">"
        "<meta name=\"robots\" content=\"noindex\"></head>"
        f"<body><p><a href=\"{url}\">{html.escape(title)}</a></p>"
        f"<script>location.replace({_js(target)} + location.hash)</script></body></html>\n"
    )


def _write_redirects(site: Path, part: Part, redirects: Redirects) -> int:
    count = 0
    pages = set(part.docnames)
    for old, new in redirects.items():
        if old in pages or new not in pages:
            continue  # the old page still exists here, or the new one does not
        target = inside(site, part.language, part.version, f"{old}.html", what=f"redirects.toml: [pages] {old!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_redirect_page(_relative(old, new), new), encoding="utf-8")
        count += 1
    return count


def _language_index(language: str, latest: str) -> str:
    return _redirect_page(f"{latest}/index.html", languages.name(language))


def _root_index(registry: Registry) -> str:
    links = "".join(
        f'<li><a href="{_attr(c)}/latest/index.html" lang="{_attr(c)}">{html.escape(languages.name(c))}</a></li>'
        for c in registry.languages
    )
    codes = _js(list(registry.languages))
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<title>Cloudempiere manual</title>"
        f"<script>(function(){{var l={codes},p=(navigator.languages||[navigator.language||'']);"
        "for(var i=0;i<p.length;i++){var c=String(p[i]).slice(0,2).toLowerCase();"
        "if(l.indexOf(c)>=0){location.replace(c+'/latest/index.html');return;}}"
        f"location.replace({_js(registry.default_language)}+'/latest/index.html');}})();</script>"
        f"<noscript><meta http-equiv=\"refresh\" content=\"0; url={_attr(registry.default_language)}/latest/index.html\"></noscript>"
        "</head><body><h1>Cloudempiere manual</h1>"
        f"<ul>{links}</ul></body></html>\n"
    )


def _not_found(registry: Registry) -> str:
    """From the theme's template and the interface catalog (cloudempiere_docs.theme);
    the template escapes the registry's values (language codes, base URL path)."""
    return render_not_found(registry.languages, registry.base_url)


def favicon_ico(png: bytes) -> bytes:
    """``/favicon.ico`` for clients that ask the site root rather than reading the pages'
    icon links (the root and redirect pages have none): the theme's 32 px PNG in an ICO
    container (PNG entries are valid ICO images since Windows Vista)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssembleError("the site icon is not a PNG file")
    width, height = struct.unpack(">II", png[16:24])
    entry = struct.pack("<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(png), 6 + 16)
    return struct.pack("<HHH", 0, 1, 1) + entry + png


_NOINDEX = re.compile(r'<meta name="robots" content="[^"]*\bnoindex\b')


def _noindex(page: Path) -> bool:
    """Whether a built page carries ``<meta name="robots" content="noindex ...">`` (ext/site.py)."""
    try:
        text = page.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    head = text[: text.find("</head>")] if "</head>" in text else text
    return _NOINDEX.search(head) is not None


def _sitemap(registry: Registry, parts: list[Part]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    base = registry.base_url if registry.base_url.endswith("/") else registry.base_url + "/"
    latest = registry.latest.name
    by_key = {(p.language, p.version): p for p in parts}
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for version in registry.versions:
        for language in registry.languages:
            part = by_key.get((language, version.name))
            if part is None:
                continue
            latest_pages = set(by_key[(language, latest)].docnames) if (language, latest) in by_key else set()
            for doc in part.docnames:
                # Only canonical URLs: released pages live under latest/ unless gone from it.
                if not version.is_development and version.name != latest and doc in latest_pages:
                    continue
                if _noindex(part.html / f"{doc}.html"):
                    continue  # the page asks not to be indexed (development version, writers' book)
                segment = "latest" if version.name == latest else version.name
                url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
                ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = f"{base}{language}/{segment}/{doc}.html"
                for other in registry.languages:
                    if (other, version.name) in by_key and doc in by_key[(other, version.name)].docnames:
                        ET.SubElement(
                            url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=other,
                            href=f"{base}{other}/{segment}/{doc}.html",
                        )  # fmt: skip
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


def _copy_parts(copies: list[tuple[Path, Path]]) -> None:
    """Copy each built part into its place, on every core: copying thousands of small
    files is the kernel's work (creating each file), which threads do side by side, and
    the builds are over when the site is assembled."""
    def copy(pair: tuple[Path, Path]) -> None:
        shutil.copytree(pair[0], pair[1], ignore=shutil.ignore_patterns(*UNPUBLISHED))

    with ThreadPoolExecutor(max_workers=min(len(copies), os.cpu_count() or 1) or 1) as pool:
        list(pool.map(copy, copies))  # the first error is raised here


def assemble(
    registry: Registry, parts: list[Part], dest: Path, redirects: Redirects, previous: Path | None = None
) -> dict[str, int]:
    """Write the complete site into ``dest`` (which must not exist yet). ``previous``,
    the site published before, lends the version comparisons that did not change."""
    expected = {(lang, v.name) for v in registry.versions for lang in registry.languages}
    missing = expected - {(p.language, p.version) for p in parts}
    if missing:
        raise AssembleError("missing parts: " + ", ".join(f"{v} ({lang})" for lang, v in sorted(missing)))
    for language in registry.languages:
        problems = check_targets(redirects, {p.version: p.docnames for p in parts if p.language == language})
        if problems:
            raise AssembleError("\n".join(str(p) for p in problems))
    for part in parts:
        links = list(symlinks(part.html))
        for where in part.formats.values():  # format outputs come from build machines too
            links += list(symlinks(where)) if not where.is_symlink() else [where]
        if part.html.is_symlink() or links:
            raise AssembleError(
                f"part {part.version} ({part.language}): {(links or [part.html])[0]} is a symbolic link;"
                " a built part must hold plain files only"
            )
    missing_formats = formats.check_parts(registry, parts)
    if missing_formats:
        raise AssembleError("missing formats:\n" + "\n".join(missing_formats))
    dest.mkdir(parents=True)
    counts = {"pages": 0, "redirects": 0}
    latest = registry.latest.name
    wheres = [inside(dest, part.language, part.version, what=f"part {part.version!r} ({part.language!r})") for part in parts]
    _copy_parts([(part.html, where) for part, where in zip(parts, wheres)])
    for part, where in zip(parts, wheres):
        formats.install(part, where)
        counts["pages"] += len(part.docnames)
        counts["redirects"] += _write_redirects(dest, part, redirects)
    for language in registry.languages:
        home = inside(dest, language, what=f"language {language!r} in versions.toml")
        shutil.copytree(inside(home, latest), home / "latest")
        (home / "index.html").write_text(_language_index(language, "latest"), encoding="utf-8")
    listing = versions_json(registry)
    formats.add_downloads(listing, dest, registry)
    try:  # after the latest alias and the downloads exist: every tree gets its own copy
        pages = {(p.language, p.version): p.docnames for p in parts}
        pagemap.write(registry, dest, pages, redirects, sizes=formats.download_sizes(listing))
    except pagemap.PageMapError as err:
        raise AssembleError(str(err)) from None
    (dest / "index.html").write_text(_root_index(registry), encoding="utf-8")
    (dest / "404.html").write_text(_not_found(registry), encoding="utf-8")
    (dest / "favicon.ico").write_bytes(favicon_ico((STATIC / "cedocs-icon-32.png").read_bytes()))
    (dest / "versions.json").write_text(json.dumps(listing, indent=2, ensure_ascii=False) + "\n")
    formats.write_site_files(registry, dest)
    (dest / "sitemap.xml").write_bytes(_sitemap(registry, parts))
    (dest / "robots.txt").write_text(f"User-agent: *\nSitemap: {registry.base_url.rstrip('/')}/sitemap.xml\n")
    compared = write_site_comparisons(dest, registry, parts, redirects, previous)
    counts["comparisons"] = len(compared.pairs)
    return counts


def parts_from_dir(registry: Registry, parts_dir: Path) -> list[Part]:
    """Parts laid out as ``<parts_dir>/<lang>/<version>/`` (e.g. CI job artifacts)."""
    parts = []
    for version in registry.versions:
        for language in registry.languages:
            html_dir = inside(parts_dir, language, version.name, what=f"version {version.name!r} ({language!r})")
            if (html_dir / "index.html").exists():
                found = formats.format_dirs(parts_dir, language, version.name, registry.formats)
                parts.append(Part(language, version.name, html_dir, part_docnames(html_dir), found))
    return parts


__all__ = ["AssembleError", "Part", "assemble", "discover_docnames", "parts_from_dir", "versions_json"]
