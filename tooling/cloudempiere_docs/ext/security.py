"""Security defaults that must hold for every build, whatever conf.py says.

MyST turns inline and block HTML into ``raw`` nodes verbatim, and docutils' ``raw``
directive passes anything through. Sources and translations are contributed by many
people, so neither may inject markup: HTML syntax is parsed as text and ``raw`` is off.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from cloudempiere_docs.diagnostics import warn

_HTML_SYNTAX = ("html_block", "html_inline")


def _enforce(app: Sphinx, config: Config) -> None:
    disabled = list(getattr(config, "myst_disable_syntax", []) or [])
    missing = [name for name in _HTML_SYNTAX if name not in disabled]
    if missing:
        warn(
            f"myst_disable_syntax must include {', '.join(missing)}; enabled by the security extension",
            "config",
        )
        config.myst_disable_syntax = disabled + missing


def _docutils_settings(app: Sphinx) -> None:
    # Read by the raw directive on every parse (sources and re-parsed msgstr alike).
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _enforce, priority=900)
    app.connect("builder-inited", _docutils_settings)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
