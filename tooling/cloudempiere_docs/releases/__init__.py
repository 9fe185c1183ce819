"""Building blocks of the ``cloudempiere_docs.ext.releases`` extension.

``store`` loads ``releases.yaml`` and ``defects.yaml`` once per content of the files and
decides what a manual version shows, ``domain`` remembers which page documents which
release and where each defect is, ``directives`` render the notes, known issues, release
index and defect list, ``checks`` validate the configuration and the collected pages, and
``feed`` writes and advertises the Atom feed.
"""
