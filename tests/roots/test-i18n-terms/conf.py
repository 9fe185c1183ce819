"""A glossary translated into Slovak and pages referring to its terms (tests of term
references in translations under Sphinx 9)."""

project = "Cloudempiere"
extensions = ["myst_parser", "cloudempiere_docs.ext.i18n"]
source_suffix = {".md": "markdown"}
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
nitpicky = True
html_theme = "basic"
exclude_patterns = ["_build"]
