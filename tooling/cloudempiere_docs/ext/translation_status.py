"""The translation status of the manual, for readers: ``{translation-status}``.

Renders, from the catalogs themselves (the statistics of :mod:`cloudempiere_docs.i18n.stats`,
which ``make i18n-stats`` prints, so the page and the command agree):

- a matrix of every published version x language: the share of messages translated, and
  how many are out of date (the English changed after translation: fuzzy) or not
  translated yet; English is the original;
- for the version being built, the pages that are not fully translated, per translation
  language, linked, with the same numbers, so a reader of the Slovak edition knows which
  pages mix in English and why (each such page also says so in a banner, ext/i18n.py).

In the site each version's catalogs come from that version's sources (sphinx-multiversion's
``basedir``); a plain build shows the working tree only. The page is re-read when a
catalog of its own version changes (released versions are pinned to commits).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from cloudempiere_docs import languages
from cloudempiere_docs.i18n.catalogs import Project, catalogs
from cloudempiere_docs.i18n.stats import Coverage, coverage, total
from cloudempiere_docs.toolkit.nodes import NodeBuilder
from cloudempiere_docs.urls import version_slug

SOURCE_LANGUAGE = "en"


#: Set on the environment when the builder starts: which builder reads the pages.
_BUILDER_ATTR = "_cedocs_builder_name"


def _projects(directive: SphinxDirective) -> list[tuple[str, str, Path]]:
    """``(version, label, project root)`` of every version this build knows, newest first
    (sphinx-multiversion's metadata, in the registry's order); else the working tree."""
    env, config = directive.env, directive.config
    meta = getattr(config, "smv_metadata", None) or {}
    current = version_slug(config)
    out = [
        (name, name, Path(entry["basedir"]))
        for name, entry in meta.items()
        if isinstance(entry, dict) and entry.get("basedir")
    ]
    if not any(name == current for name, _label, _root in out):
        out.insert(0, (current, current, Path(env.srcdir).parent))
    return out


def _translation_languages(directive: SphinxDirective, project: Project) -> list[str]:
    """The published languages but the original (``versions.toml``, through ext/site.py)."""
    config = directive.config
    published = list(getattr(config, "cedocs_languages", None) or [])
    if published:
        return [code for code in published if code != SOURCE_LANGUAGE]
    return project.translation_languages()


def _percent(row: Coverage) -> str:
    value = row.percent
    shown = f"{value:.1f}" if 99.0 < value < 100.0 else f"{value:.0f}"
    return f"{shown} %"


class TranslationStatus(SphinxDirective):
    """``{translation-status}``: the version x language matrix and the pages of this
    version that are not fully translated."""

    has_content = False
    option_spec: dict[str, Any] = {}

    def run(self) -> list[nodes.Node]:
        b = NodeBuilder(self)
        cache = getattr(self.config, "cedocs_cache_dir", "")  # the site's jobs share counts
        shared = Path(cache) / "catalog-counts" if cache else None
        projects = _projects(self)
        current = version_slug(self.config)
        own = next(root for name, _label, root in projects if name == current)
        project = Project(own)
        targets = _translation_languages(self, project)
        for path in [*catalogs(project.templates, ".pot").values(), *(
            p for lang in targets for p in catalogs(project.catalog_dir(lang), ".po").values()
        )]:
            self.env.note_dependency(str(path))

        rows = []
        details: dict[str, list[Coverage]] = {}
        for name, label, root in projects:
            for lang in targets:
                pages = coverage(Project(root), lang, shared)
                overall = total(pages, lang)
                cells = [
                    b.fixed(nodes.Text(label)),
                    b.fixed(nodes.Text(languages.name(lang))),
                    b.fixed(nodes.strong(_percent(overall), _percent(overall))),
                    b.fixed(nodes.Text(str(overall.fuzzy))),
                    b.fixed(nodes.Text(str(overall.untranslated))),
                ]
                rows.append((cells, ()))
                if name == current:
                    details[lang] = [p for p in pages if p.translated < p.total]
        headers = ["Version", "Language", "Translated", "Out of date", "Not translated"]
        matrix = b.table(headers, rows, widths=[16, 24, 20, 20, 20], classes=["cedocs-translation-matrix"])
        out: list[nodes.Node] = [matrix]

        section = b.section("Pages not fully translated", "translation-status-pages")
        # The message catalog gets the text of both outcomes: what this page says must
        # not depend on how far the translation is when the templates are extracted.
        extracting = getattr(self.env, _BUILDER_ATTR, "") == "gettext"
        for lang in targets:
            pending = sorted(details.get(lang, []), key=lambda r: (r.percent, r.page))
            if not pending or extracting:
                section += b.para("Every page of this version is fully translated.")
            if not pending and not extracting:
                continue  # (the catalog also gets the table's headers, rows or not)
            page_rows = []
            for row in pending:
                if row.page in self.env.found_docs:
                    ref = addnodes.pending_xref(
                        "", refdomain="std", reftype="doc", reftarget="/" + row.page, refexplicit=False,
                        refdoc=self.env.docname, refwarn=True,
                    )  # fmt: skip
                    ref += nodes.inline(row.page, row.page)
                    page_cell: Any = b.fixed(ref)
                else:
                    page_cell = b.fixed(nodes.literal(row.page, row.page))
                numbers = (_percent(row), str(row.fuzzy), str(row.untranslated))
                page_rows.append(([page_cell, *(b.fixed(nodes.Text(n)) for n in numbers)], ()))
            section += b.table(
                ["Page", "Translated", "Out of date", "Not translated"],
                page_rows,
                widths=[46, 18, 18, 18],
                caption=languages.name(lang) if len(targets) > 1 else None,
                classes=["cedocs-translation-pages"],
            )
        out.append(section)
        return out


def _note_builder(app: Sphinx) -> None:
    setattr(app.env, _BUILDER_ATTR, app.builder.name)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("translation-status", TranslationStatus)
    app.connect("builder-inited", _note_builder)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
