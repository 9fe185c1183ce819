"""Building blocks of the ``cloudempiere_docs.ext.reference`` extension.

``store`` loads the data files once per build, ``domain`` remembers which page documents
which entry, ``build`` makes translatable docutils nodes, and one module per data file
(settings, windows, taxes, sla) holds its directives.
"""
