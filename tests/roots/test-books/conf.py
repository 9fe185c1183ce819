"""A manual with a book of its own (writers/): its own sidebar, out of search and navigation."""

project = "Cloudempiere"
version = "14"
release = "14.0.dev"
extensions = [
    "myst_parser",
    "cloudempiere_docs.ext.site",
    "cloudempiere_docs.ext.markup",
    "cloudempiere_docs.ext.navigation",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
nitpicky = True
html_theme = "furo"
html_baseurl = "https://docs.example.test/"
cedocs_registry = ""
cedocs_redirects = ""
