"""A small manual with a Slovak catalog: full, partial, nested and unsafe translations."""

import shutil
from pathlib import Path

import cloudempiere_docs

project = "Cloudempiere"
version = "14"
release = "14.0.dev"
extensions = ["myst_parser", "cloudempiere_docs.ext.security", "cloudempiere_docs.ext.i18n"]
source_suffix = {".md": "markdown"}
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_block"]
myst_disable_syntax = ["html_block", "html_inline"]
myst_heading_anchors = 3
html_theme = "furo"
exclude_patterns = ["_build"]

# The project's interface catalog, so the Slovak chrome is tested with the real strings
# (this file runs in sphinx.testing's copy of the root, before translations load).
_here = Path(__file__).resolve().parent
_repo_catalog = Path(cloudempiere_docs.__file__).resolve().parents[2] / "locale/sk/LC_MESSAGES/sphinx.po"
if _repo_catalog.is_file():
    shutil.copy(_repo_catalog, _here / "locale/sk/LC_MESSAGES/sphinx.po")
