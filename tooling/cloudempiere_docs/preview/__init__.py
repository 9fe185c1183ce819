"""What a change does to the manual, for writers (``make diff``) and reviewers (the
pull-request preview): the development version built from the working tree and from its
base, compared page by page in every language with the version comparison engine
(:mod:`cloudempiere_docs.compare`), with the warnings and the translation work the
change brings. ``sides`` builds, ``warnings`` and ``catalogs`` find what is new,
``report`` writes ``build/diff/``; ``commands`` is the ``diff`` sub-command.
"""
