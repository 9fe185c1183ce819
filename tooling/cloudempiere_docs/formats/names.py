"""The offline and machine-readable formats of a manual, and what their files are called.

One table for the Sphinx side (builders, page chrome) and the pipeline (jobs, downloads,
``versions.json``): a format's key is what ``versions.toml`` ``[site] formats``, the build
plan and ``versions.json`` say; its file lives in ``<lang>/<version>/downloads/``, except
the Markdown edition, whose pages sit next to the HTML pages and whose one-file form is
``<lang>/<version>/llms-full.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    key: str  # in versions.toml, the plan and versions.json
    label: str  # what readers see (file types: the same in every language)
    builder: str  # the Sphinx builder that makes it
    suffix: str  # of the download file
    media_type: str


FORMATS: tuple[Format, ...] = (
    Format("pdf", "PDF", "pdf", ".pdf", "application/pdf"),
    Format("epub", "EPUB", "epub", ".epub", "application/epub+zip"),
    Format("htmlzip", "HTML (zip)", "htmlzip", "-html.zip", "application/zip"),
    Format("markdown", "Markdown", "markdown", ".txt", "text/markdown"),
)
#: The keys, in this order, are what versions.toml accepts (data/registry.py holds the
#: schema; tests/test_formats.py checks that both agree).
KEYS: tuple[str, ...] = tuple(f.key for f in FORMATS)
BY_KEY = {f.key: f for f in FORMATS}

#: Where downloads live inside a version x language tree.
DOWNLOADS_DIR = "downloads"
#: The Markdown edition in one file, and its index (the llms.txt proposal).
FULL_TEXT = "llms-full.txt"
INDEX_TEXT = "llms.txt"
#: The page listing every download of every version and language (in each tree).
DOWNLOADS_PAGE = "downloads"


def slug(text: str) -> str:
    """``Cloudempiere`` -> ``cloudempiere``: ASCII letters, digits and hyphens only."""
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return value or "manual"


def file_name(project: str, version: str, language: str, key: str) -> str:
    """``cloudempiere-manual-13-en.pdf``: project, version and language are in the name,
    so downloads of different editions never overwrite each other on a reader's disk."""
    if key == "markdown":
        return FULL_TEXT
    return f"{slug(project)}-manual-{version}-{language}{BY_KEY[key].suffix}"


def site_path(project: str, version: str, language: str, key: str) -> str:
    """Path of a format's file inside the tree of its version and language."""
    name = file_name(project, version, language, key)
    return name if key == "markdown" else f"{DOWNLOADS_DIR}/{name}"


def key_of(filename: str) -> str | None:
    """The format a published file belongs to, by its name (None: not a download)."""
    if filename == FULL_TEXT:
        return "markdown"
    for fmt in sorted(FORMATS, key=lambda f: -len(f.suffix)):  # "-html.zip" before ".zip"
        if fmt.key != "markdown" and filename.endswith(fmt.suffix):
            return fmt.key
    return None
