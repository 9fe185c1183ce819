# Three editions of one source tree (versions.toml: 12, 13, 14 in development): value
# roles, edition blocks and pages, the fact check. Tests build it as 12, 13 and 14.
project = "Single source"
version = "14"
release = "14.0.dev"
extensions = ["myst_parser", "cloudempiere_docs.reference", "cloudempiere_docs.releases", "cloudempiere_docs.ext.i18n"]
exclude_patterns = ["_build", "_data"]
nitpicky = True
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
myst_enable_extensions = ["colon_fence", "deflist"]
myst_disable_syntax = ["html_block", "html_inline"]
cedocs_registry = "versions.toml"
