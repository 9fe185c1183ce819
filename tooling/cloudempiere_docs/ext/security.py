"""Security defaults that must hold for every build, whatever conf.py says.

Pages, data and translations are contributed through pull requests and catalogs, so the
build treats them as untrusted:

No markup injection
    MyST turns inline and block HTML into ``raw`` nodes verbatim, and docutils' ``raw``
    directive passes anything through: HTML syntax is parsed as text, ``raw`` and file
    insertion (``include``, ``literalinclude``, ``csv-table :file:/:url:``) are off.

Nothing from outside the source tree
    Sphinx copies every image and download a page names into ``_images/`` and
    ``_downloads/``, wherever the file is: ``![x](../../../../proc/self/environ)`` would
    publish the build's environment. An image or download (from a page, a data text or a
    re-parsed msgstr) that resolves outside ``source/`` after symbolic links is a located
    error (``cedocs.file``) and is dropped before Sphinx collects it. A symbolic link in
    ``source/`` or in a locale directory that points outside it stops the build before
    anything is read (Sphinx would read pages and catalogs through it and write compiled
    catalogs through a linked directory). Files no longer referenced leave the output
    with the next build (see :mod:`cloudempiere_docs.ext.incremental`).

Pages are text
    A NUL byte in a page is a located error (``cedocs.source``); markdown-it would
    silently turn it into U+FFFD.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError, SphinxError

from cloudempiere_docs.diagnostics import warn
from cloudempiere_docs.paths import escaping_symlinks, is_inside

_HTML_SYNTAX = ("html_block", "html_inline")
#: A language code as Sphinx and gettext use it (en, sk, pt_BR, sr@latin).
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*(@[A-Za-z]+)?$")


class UnsafeSourceTree(SphinxError):
    """A symbolic link leads out of the sources; reported before anything is read."""

    category = "Unsafe source tree"


def _enforce(app: Sphinx, config: Config) -> None:
    disabled = list(getattr(config, "myst_disable_syntax", []) or [])
    missing = [name for name in _HTML_SYNTAX if name not in disabled]
    if missing:
        warn(
            f"myst_disable_syntax must include {', '.join(missing)}; enabled by the security extension",
            "config",
        )
        config.myst_disable_syntax = disabled + missing
    # The language names directories (locale/<language>/, figure variants): no paths.
    if config.language and not _LANGUAGE.match(config.language):
        raise ConfigError(f"language must be a language code like 'sk' or 'pt_BR', got {config.language!r}")


def source_roots(app: Sphinx) -> list[Path]:
    """The trees a build reads: the source directory and the existing locale directories."""
    roots = [Path(app.srcdir)]
    for entry in app.config.locale_dirs or []:
        path = Path(app.srcdir, entry)
        if path.is_dir() and not is_inside(path, app.srcdir):
            roots.append(path)
    return roots


def _check_symlinks(app: Sphinx, config: Config) -> None:
    """Stop before Sphinx reads anything through a link that leaves the sources."""
    found = 0
    for root in source_roots(app):
        for link, target in escaping_symlinks(root):
            found += 1
            warn(
                f"symbolic link to {target!r} leads outside {root.name}/; "
                f"only files inside {root.name}/ can be used",
                "file",
                location=f"{link}:1",  # a link's one line is its target, as git stores it
            )
    if found:
        raise UnsafeSourceTree(
            f"{found} symbolic link(s) lead outside the sources (listed above); "
            "the build stops before reading anything through them"
        )


def _docutils_settings(app: Sphinx) -> None:
    # Read by the raw directive on every parse (sources and re-parsed msgstr alike).
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False


def _no_nul(app: Sphinx, docname: str, source: list[str]) -> None:
    text = source[0]
    index = text.find("\x00")
    if index < 0:
        return
    line = text.count("\n", 0, index) + 1
    warn(f"the page contains a NUL byte ({text.count(chr(0))} in all); a page must be text", "source", (docname, line))
    source[0] = text.replace("\x00", "")


def _outside(app: Sphinx, docname: str, reference: str) -> str | None:
    """Where ``reference`` (as written in ``docname``) resolves, if that is outside the
    source directory; None if it stays inside or is a URL Sphinx does not copy."""
    if not reference or reference.startswith("data:") or "://" in reference:
        return None
    # The same resolution Sphinx's collectors use (symbolic links resolved); for
    # ``image.*`` the candidates all live in the directory of the pattern.
    _, resolved = app.env.relfn2path(reference, docname)
    if reference.endswith(".*"):
        resolved = str(Path(resolved).parent)
    return None if is_inside(resolved, app.srcdir) else resolved


def _file_references(app: Sphinx, doctree: nodes.document) -> None:
    """Drop images and downloads that lead outside the source directory (before Sphinx's
    collectors, at priority 500, copy them into the output)."""
    docname = app.env.docname
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        resolved = _outside(app, docname, uri)
        if resolved is not None:
            warn(_message("image", uri, resolved), "file", location=image)
            image.parent.remove(image)
    for download in list(doctree.findall(addnodes.download_reference)):
        target = download.get("reftarget", "")
        resolved = _outside(app, docname, target)
        if resolved is not None:
            warn(_message("file", target, resolved), "file", location=download)
            download.replace_self(nodes.inline("", "", *download.children))


def _message(kind: str, reference: str, resolved: str) -> str:
    return (
        f"{kind} {reference!r} leads outside the source directory (to {resolved}); "
        "only files inside source/ can be published"
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _enforce, priority=900)
    app.connect("config-inited", _check_symlinks, priority=901)
    app.connect("builder-inited", _docutils_settings)
    app.connect("source-read", _no_nul)
    app.connect("doctree-read", _file_references, priority=400)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
