"""The project's Sphinx extensions, one module each.

``EXTENSIONS`` is the order conf.py loads them in; the pipeline's worker server preloads
the same list, so adding an extension here keeps both in step.
"""

EXTENSIONS = (
    "cloudempiere_docs.ext.security",
    "cloudempiere_docs.ext.reference",
    "cloudempiere_docs.ext.releases",
    "cloudempiere_docs.ext.i18n",
    "cloudempiere_docs.ext.site",
    "cloudempiere_docs.ext.navigation",
)
