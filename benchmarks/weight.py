"""Page weight: the bytes our site chrome adds to a stock furo page.

Measured on a page of the assembled site: the markup we add (switchers, downloads,
"Compare with version", version banner, "View as Markdown", search wrapper, footer links,
head tags and the tags loading our assets) is cut out of the page again
and the difference is taken raw and gzip-compressed; our assets are added at their file
size. What only the search page loads (our search script and Pagefind's runtime) is
reported apart, since other pages never fetch it; Pagefind's wasm is compressed already.
Index chunks and fragments loaded per query are not counted: they depend on the query.

    >>> weight = measure(Path("build/site/en/13"), "getting-started/login")
    >>> print(weight.table())
    >>> weight.as_json()   # {"every_page": {"raw": .., "gzip": ..}, "search_page": .., "parts": {..}}
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

#: Our markup in a built page, as the theme templates and ext/site.py write it.
HTML_PARTS: dict[str, re.Pattern[str]] = {
    "switchers": re.compile(r'<nav class="cedocs-switchers".*?</nav>\s*', re.S),
    "footer links": re.compile(r'<nav class="cedocs-footer-links".*?</nav>\s*', re.S),
    "banner": re.compile(r'<div class="cedocs-banner.*?</div>\s*', re.S),
    "search wrapper": re.compile(r"<div data-pagefind-body>\s*|\s*</div>(?=\s*</article>)", re.S),
    "downloads": re.compile(r'<nav class="cedocs-downloads".*?</nav>\s*', re.S),
    "page actions": re.compile(r'<div class="cedocs-page-actions".*?</div>\s*', re.S),
    "compare": re.compile(r'<details class="cedocs-compare".*?</details>\s*', re.S),
    "head tags": re.compile(
        r'<(?:link rel="alternate" hreflang|meta property="og:|meta name="(?:description|robots)"'
        r'|link rel="(?:icon|apple-touch-icon)")[^>]*>\s*|<script type="application/ld\+json">.*?</script>\s*',
        re.S,
    ),
    "asset tags": re.compile(r'<link[^>]*_static/cedocs[^>]*>\s*|<script[^>]*_static/cedocs[^>]*></script>\s*'),
}
#: Files every page loads: ours in _static/, with the page map the switchers and the
#: downloads read (the site icon is loaded once per site, not per page, and not counted).
EVERY_PAGE_ASSETS = (
    "_static/cedocs.css", "_static/cedocs-switchers.js", "_static/cedocs-pagemap.js",
    "_static/cedocs-formats.css", "_static/cedocs-formats.js",  # when the site publishes formats
)  # fmt: skip
#: Files only the search page loads, besides the language's files named in the entry.
SEARCH_PAGE_ASSETS = (
    "_static/cedocs-search.js", "cedocs-definitions.js", "pagefind/pagefind.js", "pagefind/pagefind-worker.js", "pagefind/pagefind-entry.json",
)  # fmt: skip
GZIP_LEVEL = 6  # what web servers commonly use


@dataclass(frozen=True)
class Size:
    raw: int
    gzip: int

    def __add__(self, other: Size) -> Size:
        return Size(self.raw + other.raw, self.gzip + other.gzip)


ZERO = Size(0, 0)


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def size_of(data: bytes) -> Size:
    return Size(len(data), compressed(data))


def _delta(full: str, stripped: str) -> Size:
    a, b = full.encode(), stripped.encode()
    return Size(len(a) - len(b), compressed(a) - compressed(b))


@dataclass(frozen=True)
class Weight:
    page: str
    html: Size  # our markup in the page, all parts together
    assets: Size  # our files every page loads
    search: Size  # loaded by the search page only
    parts: dict[str, Size] = field(default_factory=dict)  # each markup part and file alone

    @property
    def total(self) -> Size:
        """What every page of the site carries because of us."""
        return self.html + self.assets

    def table(self) -> str:
        rows = [f"{'added to ' + self.page:<34}{'bytes':>9}{'gzip':>9}"]
        rows += [f"  {name:<32}{s.raw:>9}{s.gzip:>9}" for name, s in self.parts.items()]
        rows.append(f"{'markup in the page':<34}{self.html.raw:>9}{self.html.gzip:>9}")
        rows.append(f"{'assets every page loads':<34}{self.assets.raw:>9}{self.assets.gzip:>9}")
        rows.append(f"{'total per page':<34}{self.total.raw:>9}{self.total.gzip:>9}")
        rows.append(f"{'search page only (on demand)':<34}{self.search.raw:>9}{self.search.gzip:>9}")
        return "\n".join(rows)

    def as_json(self) -> dict[str, object]:
        def pair(s: Size) -> dict[str, int]:
            return {"raw": s.raw, "gzip": s.gzip}

        return {
            "page": self.page,
            "every_page": pair(self.total),
            "markup": pair(self.html),
            "assets": pair(self.assets),
            "search_page": pair(self.search),
            "parts": {name: pair(s) for name, s in self.parts.items()},
        }


def _files(directory: Path, names: tuple[str, ...]) -> dict[str, Size]:
    found: dict[str, Size] = {}
    for name in names:
        path = directory / name
        if path.is_file():
            found[path.name] = size_of(path.read_bytes())
    return found


def _pagefind_language_files(directory: Path) -> tuple[str, ...]:
    """The metadata and wasm of the index languages (a version directory has one)."""
    entry = directory / "pagefind" / "pagefind-entry.json"
    if not entry.is_file():
        return ()
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    return tuple(
        name
        for lang in languages.values()
        for name in (f"pagefind/pagefind.{lang['hash']}.pf_meta", f"pagefind/wasm.{lang['wasm']}.pagefind")
    )


def measure(version_dir: Path, page: str = "index") -> Weight:
    """What our chrome adds to ``<version_dir>/<page>.html`` of a built site.

    ``version_dir`` is ``<site>/<lang>/<version>`` (or a job's html output: then the
    registry file and Pagefind bundle are simply not counted).
    """
    html = (version_dir / f"{page}.html").read_text(encoding="utf-8")
    parts: dict[str, Size] = {}
    stripped = html
    for name, pattern in HTML_PARTS.items():
        if pattern.search(html) is None:
            continue  # not on this page (footer links of a site without a writers' guide)
        parts[name] = _delta(html, pattern.sub("", html))
        stripped = pattern.sub("", stripped)
    every = _files(version_dir, EVERY_PAGE_ASSETS)
    search = _files(version_dir, SEARCH_PAGE_ASSETS + _pagefind_language_files(version_dir))
    parts.update(every)
    return Weight(
        page=f"{page}.html",
        html=_delta(html, stripped),
        assets=sum(every.values(), ZERO),
        search=sum(search.values(), ZERO),
        parts=parts,
    )
