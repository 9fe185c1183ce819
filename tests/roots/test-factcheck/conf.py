# The fact check on real bad prose (bad.md, in English and Slovak) and on correct prose
# that must pass (good.md). Tests build it as edition 12.
project = "Single source"
version = "14"
release = "14.0.dev"
extensions = ["myst_parser", "cloudempiere_docs.reference", "cloudempiere_docs.releases"]
exclude_patterns = ["_build", "_data"]
nitpicky = True
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
myst_enable_extensions = ["colon_fence", "deflist"]
myst_disable_syntax = ["html_block", "html_inline"]
cedocs_registry = "versions.toml"
