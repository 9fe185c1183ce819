extensions = ["myst_parser", "cloudempiere_docs.ext.security"]
source_suffix = {".md": "markdown"}
myst_disable_syntax = ["html_block", "html_inline"]
