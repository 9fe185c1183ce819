"""Compiled page templates shared by the jobs of a site.

Every ``sphinx-build`` creates its own Jinja environment and compiles the theme's
templates (furo's and ours, about twenty) again before it writes its first page: about
0.1 s of every job, which in a site of twenty versions that share most of their pages is
a good part of what a version costs. Jinja's own bytecode cache
(``jinja2.FileSystemBytecodeCache``) keeps the compiled code under the pipeline's shared
cache (``cedocs_cache_dir``), so the first job compiles each template and the others load
it. Jinja keys each entry by template name and file, checks the source's checksum before
using it, and rejects entries of another Jinja or Python version; it writes entries
atomically, so jobs running side by side never read half of one.

What Jinja does not put in the key are the environment's own options that shape the
compiled code (delimiters, extensions, the gettext style, autoescaping, ``finalize``), so
the cache directory is named after them: two environments set up differently never
share an entry. Where they cannot be named (a callable ``autoescape`` or ``finalize``),
or outside the site pipeline (no shared cache), templates are compiled as usual. The
output is the same either way: the cache only skips compiling what it holds.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Folder of the cache inside ``cedocs_cache_dir``.
FOLDER = "jinja"

#: Environment options the code generator reads (jinja2.compiler, jinja2.lexer, ext.i18n).
_OPTIONS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
    "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
    "is_async", "newstyle_gettext",
)  # fmt: skip


def environment_key(environment: jinja2.Environment) -> str | None:
    """A name for what shapes an environment's compiled code; None when it cannot be
    named (then its templates are not cached)."""
    if environment.finalize is not None or not isinstance(environment.autoescape, bool):
        return None
    facts = {
        "jinja": jinja2.__version__,
        "class": f"{type(environment).__module__}.{type(environment).__qualname__}",
        "extensions": sorted(environment.extensions),
        "autoescape": environment.autoescape,
        **{name: getattr(environment, name, None) for name in _OPTIONS},
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True, default=repr).encode()).hexdigest()[:16]


def install(environment: jinja2.Environment, cache_dir: Path) -> Path | None:
    """Give ``environment`` the shared bytecode cache under ``cache_dir``; returns its
    directory, or None when the environment keeps compiling every template itself."""
    if environment.bytecode_cache is not None:
        return None  # someone else chose a cache
    key = environment_key(environment)
    if key is None:
        return None
    directory = cache_dir / FOLDER / key
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        logger.info("cedocs: templates are compiled for this build, no shared cache: %s", err)
        return None
    environment.bytecode_cache = FileSystemBytecodeCache(str(directory))
    return directory


def _builder_inited(app: Sphinx) -> None:
    cache_dir = getattr(app.config, "cedocs_cache_dir", "")
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if cache_dir and isinstance(environment, jinja2.Environment):
        install(environment, Path(cache_dir))


def setup(app: Sphinx) -> dict[str, Any]:
    if "cedocs_cache_dir" not in app.config:  # ext/site.py's, when it is loaded first
        app.add_config_value("cedocs_cache_dir", "", "", types=frozenset({str}))
    app.connect("builder-inited", _builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
