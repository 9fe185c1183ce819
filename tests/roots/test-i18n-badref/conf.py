"""A translation that drops a reference of its English message."""

project = "Cloudempiere"
version = "14"
extensions = ["myst_parser", "cloudempiere_docs.ext.security", "cloudempiere_docs.ext.i18n"]
source_suffix = {".md": "markdown"}
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
myst_disable_syntax = ["html_block", "html_inline"]
exclude_patterns = ["_build"]
