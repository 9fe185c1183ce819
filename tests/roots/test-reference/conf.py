extensions = ["myst_parser", "cloudempiere_docs.reference"]
project = "Reference test"
version = "13"
release = "13.0"
exclude_patterns = ["_build", "_data"]
nitpicky = True
