# Markdown, llms.txt and the other offline builders on a small project.
project = "Cloudempiere"
author = "Cloudempiere"
copyright = "2026, Cloudempiere"
version = "14"
release = "14.0.dev"
extensions = ["myst_parser", "cloudempiere_docs.ext.security", "cloudempiere_docs.formats"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_disable_syntax = ["html_block", "html_inline"]
myst_heading_anchors = 3
html_baseurl = "https://docs.example.test/"
cedocs_llms_optional = ["notes"]
