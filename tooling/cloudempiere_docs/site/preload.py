"""Imported by the worker server before it forks the first job (workers.PRELOAD).

Besides the modules the workers list by name, every ``sphinx-build`` imports Sphinx's
built-in extensions (about ninety modules: builders, domains, writers it never uses here)
and babel's locale data for the build date (``sphinx.util.i18n.format_date``). Done
here once, each job's fork finds them loaded: about 0.1 s of every job, which in a site
of twenty versions is a good part of a version that reuses its neighbour's reading.
Importing has no effect on a build's output; the locale data is read-only.
"""

from __future__ import annotations

import importlib

from sphinx import application


#: What a job imported besides those (found by listing ``sys.modules`` after a job):
#: MyST's and furo's parts loaded at setup, furo's code styles, the date parser.
ALSO = (
    "myst_parser.sphinx_ext.directives", "myst_parser.sphinx_ext.mathjax", "myst_parser.sphinx_ext.myst_refs",
    "sphinx.ext.mathjax", "sphinx_basic_ng", "jinja2.ext", "docutils.languages.en", "xml.dom.minidom",
    "_strptime", "a11y_pygments.a11y_high_contrast_light.style", "a11y_pygments.a11y_high_contrast_dark.style",
    "a11y_pygments.a11y_light.style", "a11y_pygments.a11y_dark.style", "pygments.styles.native",
)  # fmt: skip


def _warm() -> None:
    names = (
        *application.builtin_extensions,
        *getattr(application, "_first_party_extensions", ()),
        *getattr(application, "_first_party_themes", ()),
        *ALSO,
    )
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:  # an optional one: the job reports it as Sphinx would
            pass
    from babel import Locale

    Locale.parse("en").date_formats  # noqa: B018 - loads the data Sphinx formats the build date with


_warm()
