# A project that forgot to disable MyST's HTML syntax: the extension enforces it.
extensions = ["myst_parser", "cloudempiere_docs.ext.security"]
source_suffix = {".md": "markdown"}
