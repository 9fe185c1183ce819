"""Translation status for readers: the version x language page and the out-of-date banner
(cloudempiere_docs.ext.translation_status, cloudempiere_docs.ext.i18n)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).parent / "roots" / "test-translation-status"
SK = {"language": "sk"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy: builds compile .mo files next to the catalogs."""
    shutil.copytree(ROOT, tmp_path / "project")
    return tmp_path / "project"


def text_of(app, docname: str) -> str:
    page = (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")
    page = page[page.index("<article") : page.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_matrix_and_pages_in_english(make_app, project: Path) -> None:
    app = make_app("html", srcdir=project / "source")
    app.build()
    assert app.warning.getvalue() == ""
    text = text_of(app, "status")
    # 6 messages: 3 translated (the titles of index, status and changed), 1 out of date
    # (fuzzy), 2 not translated (the page without a catalog)
    assert re.search(r"Version Language Translated Out of date Not translated 14 Slovenčina 50 % 1 2", text), text
    pages = text[text.index("Pages not fully translated") :]
    # worst first, linked by title
    assert re.search(r"E-invoicing 0 % 0 2 Tax rates 50 % 1 0", pages), pages
    assert "Every page of this version is fully translated." not in pages
    page = (Path(app.outdir) / "status.html").read_text(encoding="utf-8")
    assert 'href="new.html"' in page and 'href="changed.html"' in page


def test_outdated_banner_in_slovak(make_app, project: Path) -> None:
    app = make_app("html", srcdir=project / "source", confoverrides=SK)
    app.build()
    assert app.warning.getvalue() == ""
    changed = text_of(app, "changed")
    assert "Preklad nie je aktuálny" in changed and "The reduced rates are 19 % and 5 %." in changed
    new = text_of(app, "new")
    assert "Preklad sa pripravuje" in new and "Preklad nie je aktuálny" not in new
    assert "Preklad" not in text_of(app, "index")


def test_status_follows_the_catalogs(make_app, project: Path) -> None:
    po = project / "locale/sk/LC_MESSAGES/changed.po"
    po.write_text(po.read_text(encoding="utf-8").replace("#, fuzzy\n", "").replace("10 %", "19 % a 5 %"), encoding="utf-8")
    (project / "locale/sk/LC_MESSAGES/new.po").write_text(
        po.read_text(encoding="utf-8").split("\n\nmsgid \"Tax rates\"")[0]
        + '\n\nmsgid "E-invoicing"\nmsgstr "Elektronická fakturácia"\n\nmsgid "Mandatory from 1 January 2027."\nmsgstr "Povinná od 1. januára 2027."\n',
        encoding="utf-8",
    )
    app = make_app("html", srcdir=project / "source")
    app.build()
    text = text_of(app, "status")
    assert "Slovenčina 100 % 0 0" in text
    assert "Every page of this version is fully translated." in text


def test_gettext_gets_the_text_of_both_outcomes(make_app, project: Path) -> None:
    """The templates must not depend on how far the translation is."""
    app = make_app("gettext", srcdir=project / "source")
    app.build()
    pot = (Path(app.outdir) / "status.pot").read_text(encoding="utf-8")
    for message in ("Every page of this version is fully translated.", "Pages not fully translated", "Out of date"):
        assert f'msgid "{message}"' in pot


def test_the_banner_and_coverage_use_no_api_sphinx_deprecates(make_app, project: Path) -> None:
    """The coverage transform reaches the builder's page addresses without
    ``SphinxTransform.app`` (deprecated in Sphinx 9, removed in 11): the banner of a
    Slovak page links to the English page, the gettext build counts nothing, and no
    deprecation warning comes from our package (pyproject.toml also makes one an error)."""
    import warnings

    from sphinx.deprecation import RemovedInSphinx10Warning, RemovedInSphinx11Warning

    package = str(Path(__file__).resolve().parent.parent / "tooling")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = make_app("html", srcdir=project / "source", confoverrides=SK)
        app.build()
        make_app("gettext", srcdir=project / "source", builddir=project / "_build_gettext").build()
    ours = [
        f"{w.filename}:{w.lineno}: {w.message}"
        for w in caught
        if issubclass(w.category, (RemovedInSphinx10Warning, RemovedInSphinx11Warning)) and w.filename.startswith(package)
    ]
    assert ours == []
    page = (Path(app.outdir) / "new.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="reference external" href="\.\./\.\./en/[^/"]+/new\.html">', page), page
