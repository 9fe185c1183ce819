"""The fast sidebar navigation gives the same HTML as furo's own, byte for byte."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

from cloudempiere_docs.ext import navigation

REPO = Path(__file__).resolve().parent.parent


def real_warnings(log: StringIO) -> list[str]:
    """Warnings of a build, without the notes about a second app in the same process."""
    return [w for w in log.getvalue().splitlines() if "WARNING" in w and "already registered" not in w]


def html_files(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in Path(outdir).rglob("*.html")}


def sidebar(page: bytes) -> str:
    match = re.search(r'<div class="sidebar-tree">.*?</div>', page.decode(), re.DOTALL)
    assert match, "no sidebar tree"
    return match.group(0)


def assert_identical(fast: dict[str, bytes], stock: dict[str, bytes]) -> None:
    assert fast.keys() == stock.keys()
    for name, body in fast.items():
        assert body == stock[name], f"{name} differs between the fast and the stock navigation"


@pytest.mark.parametrize("parallel", [0, 2])
def test_fast_and_stock_give_identical_html(make_app, rootdir: Path, tmp_path: Path, parallel: int) -> None:
    outputs = {}
    for fast in (True, False):
        srcdir = tmp_path / f"fast-{fast}"
        shutil.copytree(rootdir / "test-navigation", srcdir)
        navigation.STATS.clear()
        app = make_app("html", srcdir=srcdir, parallel=parallel, confoverrides={"cedocs_fast_navigation": fast})
        app.build()
        assert real_warnings(app.warning) == []
        outputs[fast] = html_files(app.outdir)
        if not fast:
            assert navigation.STATS == {}
        elif not parallel:  # parallel writers count in their own processes
            # Every page but the one listed twice: the pages listed once, and the root,
            # the orphan and the generated genindex and search pages (listed nowhere).
            assert navigation.STATS == {"fast": 12, "fallback": 1}
    assert len(outputs[True]) == 13
    assert_identical(outputs[True], outputs[False])


@pytest.mark.sphinx("html", testroot="navigation")
def test_current_page_marks(app) -> None:
    app.build()
    nav = sidebar((Path(app.outdir) / "sales/invoices/entering.html").read_bytes())
    assert '<li class="toctree-l1 current has-children"><a class="reference internal" href="../index.html">' in nav
    assert '<li class="toctree-l3 current current-page"><a class="current reference internal" href="#">' in nav
    assert nav.count("checked=") == 2
    assert nav.count('<ul class="current">') == 3
    # The other folders' pages stay unmarked and keep their own relative links.
    assert '<a class="reference internal" href="reversing.html">' in nav
    assert '<a class="reference internal" href="../../admin/tenants.html">' in nav
    assert 'href="../../legal.html"' in nav  # the hidden toctree is in the sidebar


@pytest.mark.sphinx("html", testroot="navigation")
def test_unusual_pages_fall_back_and_unlisted_ones_get_the_neutral_tree(app) -> None:
    app.build()
    builder = app.builder
    assert navigation._fast_navigation(builder, "sales/orders") is not None
    assert navigation._fast_navigation(builder, "admin/tenants") is None  # listed twice
    # Listed nowhere: the folder's neutral tree, nothing marked.
    neutral = "".join(navigation._folder_tree(builder, navigation._cache(builder), "").tokens)  # type: ignore[union-attr]
    assert navigation._fast_navigation(builder, "orphan") == neutral
    assert navigation._fast_navigation(builder, "index") == neutral  # the root is not listed
    assert "current" not in neutral


@pytest.mark.sphinx("html", testroot="navigation")
def test_folder_trees_rebased_from_the_root_are_sphinx_own(app) -> None:
    """Each folder's neutral tree is derived from the root's (one toctree resolution per
    build); it is the tree Sphinx and furo give for that folder, URL entry included."""
    app.build()
    builder = app.builder
    cache = navigation._BuildCache.of(builder.env)
    folders = sorted({doc.rpartition("/")[0] for doc in builder.env.all_docs} - {""})
    assert folders == ["admin", "sales", "sales/invoices"]
    root = navigation._folder_tree(builder, cache, "")
    assert root is not None and 'href="https://www.idempiere.org"' in "".join(root.tokens)
    for folder in folders:
        rebased = navigation._rebased(builder, cache, folder)
        computed = navigation._neutral_tree(builder, f"{folder}/{navigation.NEUTRAL_NAME}")
        assert rebased is not None and computed is not None
        assert "".join(rebased.tokens) == "".join(computed.tokens), folder
    sub = "".join(navigation._rebased(builder, cache, "sales/invoices").tokens)  # type: ignore[union-attr]
    assert 'href="../../admin/tenants.html"' in sub and 'href="https://www.idempiere.org"' in sub


@pytest.mark.sphinx("html", testroot="navigation")
def test_a_tree_with_a_link_it_cannot_rebase_is_computed_per_folder(app) -> None:
    app.build()
    builder = app.builder
    cache = navigation._BuildCache.of(builder.env)
    root = navigation._folder_tree(builder, cache, "")
    assert root is not None
    # An image in a title would hold a path relative to the folder: not rebased.
    index = next(i for i, tag in root.tags.items() if tag.name == "a")
    root.tags[index] = navigation._Tag("a", {**root.tags[index].attrs, "src": "_images/x.png"}, False)
    assert navigation._rebased(builder, cache, "sales") is None
    cache.folders.pop("sales", None)
    tree = navigation._folder_tree(builder, cache, "sales")  # computed by Sphinx instead
    assert tree is not None and 'href="../admin/tenants.html"' in "".join(tree.tokens)


def test_bad_switch_is_a_config_error(make_app, rootdir: Path, tmp_path: Path) -> None:
    shutil.copytree(rootdir / "test-navigation", tmp_path / "src")
    with pytest.raises(ConfigError, match="cedocs_fast_navigation must be True or False"):
        make_app("html", srcdir=tmp_path / "src", confoverrides={"cedocs_fast_navigation": 2})


def test_real_manual_fast_and_stock_identical(tmp_path: Path) -> None:
    outputs = {}
    for fast in (True, False):
        navigation.STATS.clear()
        warnings = StringIO()
        out = tmp_path / f"fast-{fast}"
        app = Sphinx(  # English, like the strict check of the working tree
            REPO / "source",
            REPO,
            out / "html",
            out / "doctrees",
            "html",
            confoverrides={"cedocs_fast_navigation": fast},
            status=None,
            warning=warnings,
            freshenv=True,
        )
        app.build()
        assert real_warnings(warnings) == []
        outputs[fast] = html_files(app.outdir)
        if fast:
            assert navigation.STATS["fast"] > 0.9 * len(outputs[fast])
    assert len(outputs[True]) > 20
    assert_identical(outputs[True], outputs[False])


# --------------------------------------------------------------------- upstream checks


def _build_navigation(make_app, rootdir: Path, srcdir: Path) -> tuple[dict[str, bytes], str, list[str]]:
    shutil.copytree(rootdir / "test-navigation", srcdir)
    navigation.STATS.clear()
    app = make_app("html", srcdir=srcdir)
    app.build()
    return html_files(app.outdir), app.status.getvalue(), real_warnings(app.warning)


@pytest.mark.parametrize(
    ("fake", "reason"),
    [
        ({"versions": ">=2099.1"}, "outside the versions it was written for"),
        ({"signatures": {**navigation.SHAPE.signatures, "furo._compute_navigation_tree": "(context, builder)"}},
         "changed its signature"),
        ({"functions": {**navigation.SHAPE.functions, "furo.navigation.get_navigation_tree": lambda: None}},
         "no longer exists"),
        ({"callers": {"furo._html_page_context": (lambda: navigation.furo._html_page_context, "_navigation_tree")}},
         "no longer calls"),
    ],
    ids=["version", "signature", "missing", "caller"],
)
def test_unknown_furo_falls_back_to_furo_with_one_log_line(
    make_app, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: dict, reason: str
) -> None:
    fast, _status, _warnings = _build_navigation(make_app, rootdir, tmp_path / "fast")
    assert navigation.STATS["fast"] > 0
    from dataclasses import replace

    monkeypatch.setattr(navigation, "SHAPE", replace(navigation.SHAPE, **fake))
    fallback, status, warnings = _build_navigation(make_app, rootdir, tmp_path / "fallback")
    assert navigation.STATS == {}, "furo computed every sidebar itself"
    assert warnings == [], "information, not a warning: a strict build goes on"
    notes = [line for line in status.splitlines() if "fast sidebar navigation off" in line]
    assert len(notes) == 1 and reason in notes[0], status
    assert_identical(fast, fallback)
