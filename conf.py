"""Sphinx configuration for the Cloudempiere user manual.

Kept thin on purpose: project facts and switches here, behaviour in the extensions of
``tooling/cloudempiere_docs``. The publishing pipeline builds every product version with
this working-tree file and passes the version's own facts with ``-D`` (see README).
"""

from pathlib import Path

from cloudempiere_docs.ext import EXTENSIONS
from cloudempiere_docs.site.registry import load_registry

_registry = load_registry(Path(__file__).parent / "versions.toml")

project = "Cloudempiere"
author = "Cloudempiere"
copyright = "2022-2026, Cloudempiere"
# The working tree is the development version; the pipeline overrides both per version.
version = _registry.development.name
release = _registry.development.release

extensions = ["myst_parser", *EXTENSIONS]  # EXTENSIONS loads sphinx-multiversion too

# sphinx-multiversion reads this without running extension setup: keep it explicit.
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_data", "_build", "Thumbs.db", ".DS_Store"]
nitpicky = True

language = "en"
locale_dirs = ["../locale/"]  # relative to source/, also inside an archived version
gettext_compact = False  # one catalog per page: per-page coverage and small diffs
gettext_uuid = False
gettext_location = True
gettext_additional_targets = ["index"]

# MyST: no raw HTML from sources or translations (msgstr is re-parsed as MyST too).
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_block"]
myst_disable_syntax = ["html_block", "html_inline"]
myst_heading_anchors = 3
myst_url_schemes = ["http", "https", "mailto"]

html_theme = "furo"
html_baseurl = "https://docs.cloudempiere.com/"
# html_last_updated_fmt: the footer date, set per language by cloudempiere_docs.ext.site
html_copy_source = False
html_show_sourcelink = False

# Reference data and release notes.
cedocs_registry = "versions.toml"
cedocs_ticket_url = "https://support.cloudempiere.com/browse/{id}"
cedocs_idempiere_ticket_url = "https://idempiere.atlassian.net/browse/{id}"
# Pages about a component advertise the component's defect feed (release-notes/subscribe);
# pages that show defects advertise the feeds of their components anyway.
cedocs_feed_pages = {
    "tax/*": ["Tax"],
    "tax/e-invoicing": ["Tax", "Integration"],
    "tasks/sales-order-to-invoice": ["Sales", "Invoicing"],
    "tasks/purchase-to-invoice": ["Purchasing", "Invoicing", "Inventory"],
    "tasks/credit-memos": ["Invoicing"],
    "tasks/reversing-documents": ["Invoicing", "Accounting"],
    "tasks/payments": ["Banking"],
    "tasks/payment-allocation": ["Banking", "Accounting"],
    "tasks/bank-statements": ["Banking"],
    "tasks/period-close": ["Accounting"],
    "getting-started/login": ["Security"],
    "getting-started/passwords-and-mfa": ["Security"],
    "getting-started/user-interface": ["Web UI"],
    "windows/*": ["Web UI"],
}

# Page chrome: pages linked from the foot of every page (when the build has them), besides
# the writers' guide, a book of its own (cloudempiere_docs.books: source/writers/).
cedocs_footer_pages = ["release-notes/subscribe", "introduction/translation-status"]
