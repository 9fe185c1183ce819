extensions = ["myst_parser", "cloudempiere_docs.reference"]
project = "Reference i18n test"
version = "13"
exclude_patterns = ["_build", "_data", "locale"]
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
nitpicky = True
