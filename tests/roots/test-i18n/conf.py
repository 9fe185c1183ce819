"""A small manual with a Slovak catalog: full, partial, nested and unsafe translations."""

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
