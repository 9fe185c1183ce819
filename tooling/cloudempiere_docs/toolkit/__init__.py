"""The data toolkit shared by the ``reference`` and ``releases`` extensions.

- :mod:`~cloudempiere_docs.toolkit.domain`: the ``cedata`` Domain, the one loader and cache
  of the data files of a build (parallel and incremental safe);
- :mod:`~cloudempiere_docs.toolkit.directive`: the base directive of every data directive;
- :mod:`~cloudempiere_docs.toolkit.nodes`: the node builders and the table helper, making
  generated text translatable (``rawsource``) and located;
- :mod:`~cloudempiere_docs.toolkit.text`: the one way data text reaches a page, translated
  once in the catalog of its data file (:mod:`~cloudempiere_docs.toolkit.catalogs`, whose
  templates the gettext build writes next to the pages' templates);
- :mod:`~cloudempiere_docs.toolkit.filter`: the filter box of long references.

Problems are reported through :mod:`cloudempiere_docs.diagnostics` (one reporter, one
"did you mean" helper). An extension that renders data calls :func:`add_data_files` in
its ``setup()``; this module is set up as an extension of its own by that call.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

import os
from pathlib import Path

from cloudempiere_docs.data.kinds import KINDS
from cloudempiere_docs.data.loader import MAX_BYTES
from cloudempiere_docs.data.texts import catalog_domain, occurrences
from cloudempiere_docs.toolkit import catalogs
from cloudempiere_docs.ext import reuse
from cloudempiere_docs.toolkit.domain import (
    EDITION_AMONG,
    DataDomain,
    edition_among,
    enabled_kinds,
    load_and_report,
    pages_of_changed_files,
)
from cloudempiere_docs.toolkit.filter import setup_filter

__all__ = ["DataDomain", "add_data_files", "setup"]


def add_data_files(app: Sphinx, *names: str) -> None:
    """Make the data files ``names`` (see ``data.kinds.KINDS``) part of every build:
    their path becomes a configuration value, and they are loaded and checked."""
    app.setup_extension("cloudempiere_docs.toolkit")
    for name in names:
        kind = KINDS[name]
        for required in kind.requires:
            add_data_files(app, required)
        if kind.config not in app.config:
            app.add_config_value(kind.config, kind.default, "env", types=frozenset({str}))


def check_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: data paths must be YAML files inside the source directory."""
    for kind in enabled_kinds(app):
        value = getattr(config, kind.config)
        path = PurePosixPath(value.replace("\\", "/"))
        if not value or path.is_absolute() or ".." in path.parts:
            raise ConfigError(f"{kind.config} must be a path relative to the source directory, got {value!r}")
        if path.suffix not in (".yaml", ".yml"):
            raise ConfigError(f"{kind.config} must name a .yaml or .yml file, got {value!r}")
    limit = config.cedocs_data_max_bytes
    if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
        raise ConfigError(f"cedocs_data_max_bytes must be a positive number of bytes, got {limit!r}")


def write_data_templates(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` of the gettext build: the template of each data file, next to
    the pages' templates (``_data/settings.pot``), so ``make i18n`` extracts, updates and
    checks data catalogs like page catalogs. Locations are relative to the output folder,
    as the gettext builder writes them."""
    if exception is not None or app.builder.name != "gettext":
        return
    domain = DataDomain.of(app.env)
    for kind in enabled_kinds(app):
        file = domain.file(kind.name)
        if file is None or file.loaded is None:
            continue  # missing or broken: reported, and no template is better than a wrong one
        relative = getattr(app.config, kind.config)
        location = Path(os.path.relpath(file.path, app.outdir)).as_posix()
        template = catalogs.template(app.config.project, app.config.version, relative, occurrences(kind.name, file.loaded), location)
        catalogs.write_template(template, Path(app.outdir, f"{catalog_domain(relative)}.pot"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cedocs_data_max_bytes", MAX_BYTES, "env", types=frozenset({int}))
    if "cedocs_registry" not in app.config:  # the versions edition conditions may name
        app.add_config_value("cedocs_registry", "versions.toml", "env", types=frozenset({str}))
    app.add_domain(DataDomain)
    reuse.add_fact_family(EDITION_AMONG, edition_among)
    setup_filter(app)
    app.connect("config-inited", check_config)
    app.connect("builder-inited", load_and_report)
    app.connect("env-get-outdated", pages_of_changed_files)
    app.connect("build-finished", write_data_templates)
    return {"version": "1", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
