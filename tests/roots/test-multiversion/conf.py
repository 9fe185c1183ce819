"""sphinx-multiversion through cloudempiere_docs.ext.multiversion (sub-build path)."""

project = "Multiversion"
version = "working-tree"
release = "working-tree"
extensions = ["cloudempiere_docs.ext.multiversion"]
html_theme = "basic"
exclude_patterns = ["_build"]
