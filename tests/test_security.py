"""No raw HTML from sources reaches the output (translations: see test_i18n)."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="security")
def test_script_in_source_is_escaped_or_refused(app: SphinxTestApp) -> None:
    app.build()
    index = (app.outdir / "index.html").read_text()
    assert "<script>alert" not in index
    # shown as text (with typographic quotes), never as markup
    assert "<p>Inline markup &lt;script&gt;alert(“inline”)&lt;/script&gt; stays text.</p>" in index
    assert "<p>&lt;script&gt;alert(“block”)&lt;/script&gt;</p>" in index
    assert "<div onclick" not in index and "&lt;div onclick" in index
    raw = (app.outdir / "raw.html").read_text()
    assert 'alert("raw")' not in raw
    warnings = app.warning.getvalue()
    assert "raw.md:3" in warnings and '"raw" directive disabled' in warnings


@pytest.mark.sphinx("html", testroot="security-lenient")
def test_html_syntax_is_disabled_even_if_conf_forgets(app: SphinxTestApp) -> None:
    app.build()
    assert "<script>alert" not in (app.outdir / "index.html").read_text()
    assert "myst_disable_syntax must include html_block, html_inline" in app.warning.getvalue()
