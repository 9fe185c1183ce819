"""A small manual whose sidebar exercises the fast navigation: nested folders, captions,
a numbered and a hidden toctree, an external link, a page listed twice, an orphan."""

project = "Cloudempiere"
version = "14"
release = "14.0.dev"
extensions = ["myst_parser", "cloudempiere_docs.ext.navigation"]
source_suffix = {".md": "markdown"}
language = "en"
myst_heading_anchors = 3
html_theme = "furo"
exclude_patterns = ["_build"]
