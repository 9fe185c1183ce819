"""Cloudempiere manuals: Sphinx extensions and the multi-version publishing pipeline.

``conf.py`` lists the extensions of :mod:`cloudempiere_docs.ext`; the pipeline lives in
:mod:`cloudempiere_docs.site` and is driven by ``python -m cloudempiere_docs``.
"""

__version__ = "0.1.0"
