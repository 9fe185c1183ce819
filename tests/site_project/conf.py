# A small multi-version project for the pipeline tests (the real conf.py, minus data).
from pathlib import Path

from cloudempiere_docs.site.registry import load_registry

_registry = load_registry(Path(__file__).parent / "versions.toml")
project = "Cloudempiere"
version = _registry.development.name
release = _registry.development.release
# One line ending in ext.site: red-team tests add extensions by replacing '"...ext.site"]'.
extensions = ["myst_parser", "cloudempiere_docs.ext.multiversion", "cloudempiere_docs.ext.security", "cloudempiere_docs.ext.incremental", "cloudempiere_docs.formats", "cloudempiere_docs.ext.site"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_data"]
nitpicky = True
language = "en"
locale_dirs = ["../locale/"]
gettext_compact = False
myst_disable_syntax = ["html_block", "html_inline"]
html_theme = "furo"
html_copy_source = False
html_baseurl = "https://docs.example.test/"
cedocs_registry = "versions.toml"
