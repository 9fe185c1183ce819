extensions = ["myst_parser", "cloudempiere_docs.reference"]
project = "Reference bad data test"
version = "13"
exclude_patterns = ["_build", "_data"]
nitpicky = True
