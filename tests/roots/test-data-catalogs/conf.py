# Data catalogs: texts of data files translated once, in locale/sk/LC_MESSAGES/_data/.
project = "Cloudempiere"
author = "Cloudempiere"
version = "13"
release = "13.1"
extensions = ["myst_parser", "cloudempiere_docs.reference", "cloudempiere_docs.releases", "cloudempiere_docs.ext.i18n"]
exclude_patterns = ["_build", "_data", "locale"]
nitpicky = True
html_baseurl = "https://docs.cloudempiere.com/"
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
myst_disable_syntax = ["html_block", "html_inline"]
cedocs_ticket_url = "https://support.cloudempiere.com/browse/{id}"
cedocs_idempiere_ticket_url = "https://idempiere.atlassian.net/browse/{id}"
