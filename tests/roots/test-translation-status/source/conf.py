"""A project laid out like the manual (source/, locale/en templates, locale/sk catalogs)
for the translation status page: one page translated, one out of date, one untranslated."""

project = "Cloudempiere"
version = "14"
release = "14.0.dev"
extensions = ["myst_parser", "cloudempiere_docs.ext.i18n", "cloudempiere_docs.ext.translation_status"]
source_suffix = {".md": "markdown"}
language = "en"
locale_dirs = ["../locale/"]
gettext_compact = False
myst_disable_syntax = ["html_block", "html_inline"]
html_theme = "furo"
exclude_patterns = ["_build"]
nitpicky = True
cedocs_languages = ["en", "sk"]
