"""Comparing versions of the manual: what changed on a page, and in the whole manual.

Used when the site is assembled (every page compared between the published versions,
``<lang>/compare/``) and by ``python -m cloudempiere_docs diff`` (a change compared with
its base, the pull-request preview). The comparison reads the rendered text of the built
pages, not their sources or markup, so it shows what readers see change, data-generated
reference pages and translations included.

Modules, in the order data flows through them:

- ``extract``: a built page's article as blocks (headings, paragraphs, list items,
  definitions, table rows with their cells, code);
- ``diff``: blocks added, removed and changed, and words inside changed blocks (difflib);
- ``pages``: which page of one side is which of the other (renames from redirects.toml);
- ``inventory``: reference entries (settings, windows, taxes ...) added and removed,
  from each build's ``objects.inv``;
- ``render``: comparison pages from the theme's templates (autoescaped);
- ``pair``: one pair of sides written out (a page per page, and the summary);
- ``site``: the pairs of versions of the published site and its "Compare" hub.
"""
