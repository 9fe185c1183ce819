"""sphinx-multiversion on Sphinx 9: its extension and CLI with ``Config.read()`` adapted.

sphinx-multiversion 0.2.4 (its last release) calls ``Config.read(confdir, overrides)``
in its CLI and ``Config.read(confdir)`` in its extension (``config-inited``: it re-reads
conf.py to restore ``today``). Sphinx 9 made ``overrides`` and ``tags`` keyword-only and
required (Sphinx PR 13633), so the CLI fails with ``Config.read() takes 2 positional
arguments but 3 were given`` and every sub-build with ``missing 2 required keyword-only
arguments``. The upstream fix (sphinx-contrib/multiversion#202, for issue #201) is not
released; the README compares this layer with the maintained forks.

The layer changes nothing in Sphinx or globally: it gives sphinx-multiversion's two
modules their own view of ``sphinx.config`` whose ``Config.read`` accepts the old
positional call and passes keywords on. It checks what it adapts first:

* sphinx-multiversion is the release whose calls it adapts (0.2.4); another release is
  used as it is (one log line), since it may have its own fix;
* ``Config.read`` has Sphinx 9's shape ``(confdir, *, overrides, tags)``; on Sphinx 8's
  positional shape nothing needs adapting; any other shape is an error that names it,
  instead of a ``TypeError`` deep inside a sub-build;
* both modules still import ``sphinx.config`` as ``sphinx_config``.

Use it instead of ``sphinx_multiversion`` in ``extensions`` (it loads that extension),
and ``python -m cloudempiere_docs.ext.multiversion SOURCE OUT -c CONFDIR ...`` instead of
``python -m sphinx_multiversion`` (same arguments; its sub-builds load this extension
through conf.py).
"""

from __future__ import annotations

import importlib
import inspect
import multiprocessing
import sys
import types
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import sphinx.config
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.tags import Tags

logger = logging.getLogger(__name__)

#: The sphinx-multiversion release whose positional ``Config.read`` calls are adapted.
ADAPTED_RELEASE = "0.2.4"
#: sphinx-multiversion's modules that call ``sphinx_config.Config.read``.
CALLERS = ("sphinx_multiversion.main", "sphinx_multiversion.sphinx")


class CompatError(ExtensionError):
    """The installed Sphinx or sphinx-multiversion has a shape this layer does not know."""


def read_shape() -> str:
    """``"keywords"`` (Sphinx 9), ``"positional"`` (Sphinx 8) or a description of another."""
    params = list(inspect.signature(sphinx.config.Config.read).parameters.values())
    names = [(p.name, p.kind) for p in params]
    keyword = inspect.Parameter.KEYWORD_ONLY
    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD
    if names == [("confdir", positional), ("overrides", keyword), ("tags", keyword)]:
        return "keywords"
    if names[:2] == [("confdir", positional), ("overrides", positional)]:
        return "positional"
    return f"Config.read{inspect.signature(sphinx.config.Config.read)}"


class _CompatConfig(sphinx.config.Config):
    """``Config`` whose ``read`` also takes sphinx-multiversion's positional call."""

    @classmethod
    def read(  # type: ignore[override]
        cls, confdir: Any, overrides: dict[str, Any] | None = None, tags: Tags | None = None
    ) -> sphinx.config.Config:
        # Sphinx's own class, not this one: the result is pickled to the CLI's parent.
        return sphinx.config.Config.read(confdir, overrides=dict(overrides or {}), tags=tags or Tags())


class _ConfigModule(types.ModuleType):
    """``sphinx.config`` as sphinx-multiversion's modules see it: everything forwarded,
    except ``Config``."""

    Config = _CompatConfig

    def __getattr__(self, name: str) -> Any:
        return getattr(sphinx.config, name)


_VIEW = _ConfigModule("sphinx.config", "sphinx.config for sphinx-multiversion 0.2.4 on Sphinx 9")


def installed_release() -> str | None:
    try:
        return version("sphinx-multiversion")
    except PackageNotFoundError:
        return None


def install() -> str:
    """Adapt sphinx-multiversion's modules if needed; returns what was done.

    ``"adapted"``, ``"not needed"`` (Sphinx 8) or ``"other release"``; raises
    :class:`CompatError` where the shapes are not the ones this layer knows.
    """
    release = installed_release()
    if release != ADAPTED_RELEASE:
        return "other release"
    shape = read_shape()
    if shape == "positional":
        return "not needed"
    if shape != "keywords":
        raise CompatError(
            f"sphinx-multiversion {release} calls Config.read(confdir, overrides) positionally,"
            f" and this Sphinx has {shape}, which cloudempiere_docs.ext.multiversion does not"
            " know how to adapt"
        )
    for name in CALLERS:
        module = importlib.import_module(name)
        current = getattr(module, "sphinx_config", None)
        if current is _VIEW:
            continue
        if current is not sphinx.config:
            raise CompatError(
                f"{name} (sphinx-multiversion {release}) no longer imports sphinx.config as"
                " sphinx_config; cloudempiere_docs.ext.multiversion cannot adapt it"
            )
        module.sphinx_config = _VIEW  # type: ignore[attr-defined]
    return "adapted"


def setup(app: Sphinx) -> dict[str, Any]:
    outcome = install()
    if outcome == "other release":
        logger.info(
            "cloudempiere_docs.ext.multiversion: sphinx-multiversion %s is not %s, whose"
            " Config.read() calls this layer adapts; it is used as it is",
            installed_release(),
            ADAPTED_RELEASE,
        )
    app.setup_extension("sphinx_multiversion")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    """sphinx-multiversion's CLI with the layer installed (same arguments)."""
    install()
    # The CLI reads conf.py in a child process that must inherit the adapted modules.
    multiprocessing.set_start_method("fork", force=True)
    cli = importlib.import_module("sphinx_multiversion.main")  # the package exports main() too
    return int(cli.main(argv if argv is not None else sys.argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
