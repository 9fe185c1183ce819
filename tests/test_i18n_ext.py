"""The i18n extension: fast msgstr re-parse, coverage banner, safe translations, Slovak chrome."""

from __future__ import annotations

import gettext
import os
import re
import shutil
from pathlib import Path

import pytest

from cloudempiere_docs.ext import i18n as ext_i18n
from cloudempiere_docs.ext.i18n import _PLAIN_TEXT, BANNER_CLASS, OUTDATED_CLASS, english_href

SK = {"language": "sk"}


def real_warnings(app) -> list[str]:
    """Warnings of the build, without sphinx.testing's notes about a second app in a test."""
    return [w for w in app.warning.getvalue().splitlines() if "WARNING" in w and "already registered" not in w]


def html(app, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")


def article(page: str) -> str:
    match = re.search(r"<article.*?</article>", page, re.DOTALL)
    assert match, "no article element"
    return match.group(0)


# ---------------------------------------------------------------------- fast re-parse


def test_fast_and_stock_give_identical_html(make_app, rootdir: Path, tmp_path: Path) -> None:
    outputs = {}
    for fast in (True, False):
        srcdir = tmp_path / f"fast-{fast}"
        shutil.copytree(rootdir / "test-i18n", srcdir)
        app = make_app("html", srcdir=srcdir, confoverrides={**SK, "cedocs_fast_i18n": fast})
        app.build()
        assert real_warnings(app) == []
        outputs[fast] = {p.relative_to(app.outdir).as_posix(): p.read_bytes() for p in Path(app.outdir).rglob("*.html")}
    assert outputs[True].keys() == outputs[False].keys()
    assert len(outputs[True]) >= 5
    for name, body in outputs[True].items():
        assert body == outputs[False][name], f"{name} differs between the fast and the stock path"
    # The translation really happened (not two identical English builds).
    assert "Konfigurátor systému" in outputs[True]["full.html"].decode()
    # Messages parsed once (reused from Locale's first phase) or, where a parse draws a
    # serial number ({index}), twice as on the stock path: same index targets.
    extras = outputs[True]["extras.html"].decode()
    assert "platí pre každý riadok" in extras and extras.count("<strong>Daň</strong>") == 4
    assert 'id="index-4"' in extras, "English parse: 0, 1; Locale's first phase: 2, 3; second: 4, 5"


def test_translated_nodes_belong_to_their_page(make_app, rootdir: Path, tmp_path: Path) -> None:
    """A pickled Slovak page holds no document of its translated messages (whose
    settings would carry the whole build environment into every doctree)."""
    import pickle

    from docutils import nodes

    srcdir = tmp_path / "detached"
    shutil.copytree(rootdir / "test-i18n", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides=SK)
    app.build()
    assert real_warnings(app) == []
    doctree = pickle.loads((Path(app.doctreedir) / "full.doctree").read_bytes())
    foreign = [n for n in doctree.findall() if n.__dict__.get("_document") not in (None, doctree)]
    assert foreign == []
    assert any(isinstance(n, nodes.Text) and "Konfigurátor systému" in n for n in doctree.findall())


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Základná sadzba DPH je 23 %.", True),
        ("Systém: hodnota platí pre všetkých nájomcov.", True),
        ("1. položka", False),
        ("- položka", False),
        ("okno *Konfigurátor*", False),
        ("kľúč ZK_PAGING_SIZE", False),
        ("text {ref}`x`", False),
        ("koniec::", False),
        ("koniec ", False),
        ("dva\nriadky", False),
        ("skript <script>", False),
    ],
)
def test_plain_text_shortcut_only_takes_text_without_markup(text: str, plain: bool) -> None:
    assert bool(_PLAIN_TEXT.fullmatch(text)) is plain


# ---------------------------------------------------------------------------- banner


@pytest.mark.sphinx("html", testroot="i18n", srcdir="i18n-banner", confoverrides=SK)
def test_banner_on_partly_translated_pages_only(app) -> None:
    app.build()
    assert BANNER_CLASS not in html(app, "full")
    assert BANNER_CLASS not in html(app, "index")
    partial = article(html(app, "partial"))
    assert BANNER_CLASS in partial
    # partial.po holds a fuzzy entry: the English changed after translation, and says so
    assert OUTDATED_CLASS in partial
    assert "Preklad nie je aktuálny" in partial
    assert "Anglický originál tejto stránky sa po preklade zmenil." in partial
    assert "The reduced rates are 19 % and 5 %." in partial  # the current English, not the old 10 %
    assert "Znížená sadzba je 10 %." not in partial
    assert 'href="../../en/14/partial.html"' in partial
    # The banner sits right below the page title, before the first paragraph.
    assert partial.index("Daňové sadzby") < partial.index(BANNER_CLASS) < partial.index("23 %")
    nested = article(html(app, "nested/page"))
    assert 'href="../../../en/14/nested/page.html"' in nested
    # a message without translation (no fuzzy one): not translated yet
    assert "Časť tejto stránky ešte nie je preložená a zobrazuje sa v angličtine." in nested
    assert OUTDATED_CLASS not in nested
    # fuzzy entries are shown in English and do not count as translated
    domain = app.env.get_domain("cedocs-i18n")
    assert domain.progress["partial"] == (2, 3)
    assert domain.outdated == {"partial": 1}
    assert domain.progress["full"][0] == domain.progress["full"][1]


@pytest.mark.sphinx("html", testroot="i18n", srcdir="i18n-parallel", confoverrides=SK, parallel=2)
def test_banner_and_progress_in_parallel_build(app) -> None:
    app.build()
    progress = app.env.get_domain("cedocs-i18n").progress
    assert set(progress) == {"index", "full", "partial", "nested/page", "unsafe", "extras"}
    assert BANNER_CLASS in html(app, "nested/page")
    assert BANNER_CLASS not in html(app, "full")


@pytest.mark.sphinx("html", testroot="i18n", srcdir="i18n-english")
def test_no_banner_in_the_english_build(app) -> None:
    app.build()
    assert BANNER_CLASS not in html(app, "partial")


def test_banner_follows_an_edited_catalog(make_app, rootdir: Path, tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-i18n", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides=SK)
    app.build()
    assert BANNER_CLASS in html(app, "partial")

    po = srcdir / "locale/sk/LC_MESSAGES/partial.po"
    text = po.read_text(encoding="utf-8").replace("#, fuzzy\n", "").replace(
        '"Znížená sadzba je 10 %."', '"Znížené sadzby sú 19 % a 5 %."'
    )
    po.write_text(text, encoding="utf-8")
    later = po.stat().st_mtime + 5
    os.utime(po, (later, later))

    # Python's gettext caches loaded catalogs per process; a new sphinx-build has none.
    gettext._translations.clear()
    read: list[str] = []
    app2 = make_app("html", srcdir=srcdir, confoverrides=SK)
    app2.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    app2.build()
    assert read == ["partial"]  # editing one catalog re-reads exactly its page
    assert BANNER_CLASS not in html(app2, "partial")
    assert app2.env.get_domain("cedocs-i18n").outdated == {}
    assert "Znížené sadzby sú 19 % a 5 %." in html(app2, "partial")


def test_english_href_counts_folders() -> None:
    assert english_href("index.html", "13") == "../../en/13/index.html"
    assert english_href("tax/rates/vat.html", "13") == "../../../../en/13/tax/rates/vat.html"
    assert english_href("tax/", "13") == "../../../en/13/tax/"  # dirhtml


# ---------------------------------------------------------------------------- safety


@pytest.mark.parametrize("fast", [True, False])
def test_script_in_msgstr_is_escaped_text(make_app, rootdir: Path, tmp_path: Path, fast: bool) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-i18n", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={**SK, "cedocs_fast_i18n": fast})
    app.build()
    page = html(app, "unsafe")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_translation_breaking_a_reference_fails_strict_build(make_app, rootdir: Path, tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-i18n-badref", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides=SK)
    app.build()
    warnings = app.warning.getvalue()
    assert "references in translated message" in warnings
    assert "[i18n.inconsistent_references]" in warnings
    assert "index.md" in warnings  # located at the page

    # What `sphinx-build -W` does: the build finishes, then fails with status 1.
    strict = make_app("html", srcdir=srcdir, confoverrides=SK, freshenv=True, warningiserror=True)
    strict.build()
    assert strict.statuscode == 1


# ---------------------------------------------------------------------- Slovak chrome


@pytest.mark.sphinx("html", testroot="i18n", srcdir="i18n-chrome", confoverrides=SK, freshenv=True)
def test_furo_and_sphinx_strings_are_slovak(app) -> None:
    app.build()
    page = html(app, "full")
    for slovak in ("Preskočiť na obsah", "Späť na začiatok", "Na tejto stránke", "Ďalšia", "Predchádzajúca",
                   "Odkaz na tento nadpis", "Hľadať"):
        assert slovak in page, slovak
    for english in (">Skip to content<", ">Back to top<", ">On this page<", ">Next<", ">Previous<"):
        assert english not in page.replace("\n", "").replace("  ", ""), english


@pytest.mark.sphinx("html", testroot="i18n", srcdir="i18n-badconf", confoverrides={**SK, "cedocs_fast_i18n": "yes"})
def test_fast_switch_must_be_boolean(app_params, make_app) -> None:
    from sphinx.errors import ConfigError

    args, kwargs = app_params
    with pytest.raises(ConfigError, match="cedocs_fast_i18n"):
        make_app(*args, **kwargs)


# --------------------------------------------------------------------- upstream checks


def _sk_build(make_app, rootdir: Path, srcdir: Path, **overrides) -> tuple[dict[str, bytes], str, list[str]]:
    shutil.copytree(rootdir / "test-i18n", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={**SK, **overrides})
    app.build()
    pages = {p.relative_to(app.outdir).as_posix(): p.read_bytes() for p in Path(app.outdir).rglob("*.html")}
    return pages, app.status.getvalue(), real_warnings(app)


@pytest.mark.parametrize(
    ("shape", "fake", "reason"),
    [
        ("MYST_SHAPE", {"versions": ">=99"}, "myst-parser"),
        ("MYST_SHAPE", {"signatures": {**ext_i18n.MYST_SHAPE.signatures,
                                       "myst_parser.parsers.mdit.create_md_parser": "(config)"}}, "changed its signature"),
        ("SPHINX_SHAPE", {"versions": "<9"}, "outside the versions"),
        ("SPHINX_SHAPE", {"functions": {"sphinx.transforms.i18n._publish_msgstr": lambda: None}}, "no longer exists"),
        ("SPHINX_SHAPE", {"callers": {"Locale.apply": (lambda: ext_i18n.sphinx_i18n.Locale.apply, "publish_msgstr")}},
         "no longer calls"),
        ("TITLES_SHAPE", {"callers": {"NodeMatcher.findall": (lambda: ext_i18n.sphinx_nodes.NodeMatcher.findall,
                                                               "traverse")}}, "no longer calls"),
    ],
    ids=["myst-version", "myst-signature", "sphinx-version", "sphinx-missing", "sphinx-caller", "titles-caller"],
)
def test_unknown_upstream_falls_back_to_the_stock_path(
    make_app, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str, fake: dict, reason: str
) -> None:
    """A speed-up whose upstream shape is not there stays off (one log line, no warning)
    and the build takes the stock path: same HTML, byte for byte."""
    from dataclasses import replace

    fast, status, warnings = _sk_build(make_app, rootdir, tmp_path / "fast")
    assert warnings == [] and "stock path used instead" not in status
    monkeypatch.setattr(ext_i18n, shape, replace(getattr(ext_i18n, shape), **fake))
    fallback, status, warnings = _sk_build(make_app, rootdir, tmp_path / "fallback")
    assert warnings == []
    notes = [line for line in status.splitlines() if "stock path used instead" in line]
    assert len(notes) == 1 and reason in notes[0], status
    off = {"MYST_SHAPE": "myst", "SPHINX_SHAPE": "sphinx", "TITLES_SHAPE": "titles"}[shape]
    assert ext_i18n._ACTIVE[off] is False and all(v for k, v in ext_i18n._ACTIVE.items() if k != off)
    assert fast.keys() == fallback.keys()
    for name, body in fast.items():
        assert body == fallback[name], f"{name} differs between the fast path and the fallback"


def test_shapes_of_the_installed_packages_are_known() -> None:
    """The pinned myst-parser and Sphinx have the shape the speed-ups were written for
    (otherwise the speed-ups silently stay off: update them, then the ranges)."""
    assert ext_i18n.check_shapes() == {"myst": None, "sphinx": None, "terms": None, "titles": None}


# ------------------------------------------------------------------ term references


def _terms_build(make_app, rootdir: Path, srcdir: Path, edit: tuple[str, str] | None = None):
    shutil.copytree(rootdir / "test-i18n-terms", srcdir)
    if edit:
        po = srcdir / "locale/sk/LC_MESSAGES/index.po"
        po.write_text(po.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    app = make_app("html", srcdir=srcdir, confoverrides=SK)
    app.build()
    return app


def test_term_references_naming_the_translated_glossary_term_resolve(make_app, rootdir: Path, tmp_path: Path) -> None:
    """Sphinx 8 catalogs name the Slovak term ({term}`nájomcu <nájomca>`), Sphinx 9's
    convention the English one ({term}`nájomcu <tenant>`): both link the same entry."""
    app = _terms_build(make_app, rootdir, tmp_path / "terms")
    assert real_warnings(app) == []
    page = html(app, "index")
    assert page.count('href="glossary.html#term-Tenant"') == 2, page
    assert page.count('href="glossary.html#term-Role"') == 1
    assert "nájomca" in page and "Slovník pojmov" in html(app, "glossary")


def test_term_reference_to_another_entry_still_fails(make_app, rootdir: Path, tmp_path: Path) -> None:
    app = _terms_build(make_app, rootdir, tmp_path / "wrong", edit=("{term}`nájomca <tenant>`", "{term}`nájomca <rola>`"))
    found = real_warnings(app)
    assert len(found) == 1 and "inconsistent term references" in found[0] and "i18n.inconsistent_references" in found[0]


def test_without_the_term_adapter_sphinx_rejects_slovak_targets(
    make_app, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why the adapter exists: on Sphinx 9 alone the Sphinx 8 form fails a strict build."""
    from dataclasses import replace

    monkeypatch.setattr(ext_i18n, "TERMS_SHAPE", replace(ext_i18n.TERMS_SHAPE, versions=">=99"))
    app = _terms_build(make_app, rootdir, tmp_path / "off")
    assert any("English targets for translated term references off" in line for line in app.status.getvalue().splitlines())
    found = real_warnings(app)
    assert found and all("inconsistent term references" in w for w in found), found
