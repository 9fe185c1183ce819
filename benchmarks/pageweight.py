"""What our site additions add to a stock furo page: HTML delta and extra assets.

Compares one page as the pipeline publishes it with the same page built by a plain
``sphinx-build`` with only ``myst_parser`` (stock furo, none of our extensions). Assets
are the stylesheets and scripts the published page links to that the stock page does
not, read from the published site; sizes raw and gzip-compressed (level 6, as web
servers commonly use).
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

_ASSET = re.compile(r"""<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc)="([^"?#]+)""")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def assets(page_html: str) -> set[str]:
    """Relative URLs of the stylesheets and scripts a page loads."""
    return {url for url in _ASSET.findall(page_html) if "://" not in url}


def page_weight(ours: Path, stock: Path) -> dict[str, object]:
    """Bytes added by our additions to the stock page ``stock``, shown by ``ours``."""
    ours_bytes, stock_bytes = ours.read_bytes(), stock.read_bytes()
    extra = sorted(assets(ours_bytes.decode()) - assets(stock_bytes.decode()))
    files = {}
    for url in extra:
        path = (ours.parent / url).resolve()
        if path.is_file():
            data = path.read_bytes()
            files[Path(url).name] = {"raw": len(data), "gzip": gz(data)}
    html = {"raw": len(ours_bytes) - len(stock_bytes), "gzip": gz(ours_bytes) - gz(stock_bytes)}
    return {
        "page": ours.name,
        "html_delta": html,
        "assets": files,
        "total": {
            "raw": html["raw"] + sum(f["raw"] for f in files.values()),
            "gzip": html["gzip"] + sum(f["gzip"] for f in files.values()),
        },
        "stock_page": {"raw": len(stock_bytes), "gzip": gz(stock_bytes)},
    }
