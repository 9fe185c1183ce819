"""The project's Sphinx extensions.

``EXTENSIONS`` is the order conf.py loads them in; the pipeline's worker server preloads
the same list, so adding an extension here keeps both in step. ``reference`` and
``releases`` are packages of their own (built on the shared data toolkit); the others
are one module each in this package.
"""

EXTENSIONS = (
    "cloudempiere_docs.ext.multiversion",  # sphinx-multiversion, adapted to Sphinx 9
    "cloudempiere_docs.ext.security",
    "cloudempiere_docs.reference",
    "cloudempiere_docs.releases",
    "cloudempiere_docs.ext.i18n",
    "cloudempiere_docs.ext.translation_status",
    "cloudempiere_docs.ext.site",
    "cloudempiere_docs.ext.markup",
    "cloudempiere_docs.ext.definitions",
    "cloudempiere_docs.ext.compare",  # the "Compare with version" control (also loaded by site)
    "cloudempiere_docs.ext.navigation",
    "cloudempiere_docs.ext.incremental",
    "cloudempiere_docs.formats",  # PDF, EPUB, HTML zip, Markdown and llms.txt; downloads
    "cloudempiere_docs.ext.reuse",  # pages read once for every version they are the same in
    "cloudempiere_docs.ext.memory",  # read doctrees kept in memory until written: bounded
    "cloudempiere_docs.ext.template_cache",  # templates compiled once for the jobs of a site
    "cloudempiere_docs.ext.partial_titles",  # page titles rendered once per build
)
