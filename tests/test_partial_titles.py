"""Page titles rendered once per build (ext/partial_titles.py): the same pages as Sphinx's
own rendering, titles with anything but text and inline markup rendered every time."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from docutils import nodes

from cloudempiere_docs.ext import partial_titles

EXTENSIONS = ["myst_parser", "cloudempiere_docs.ext.navigation"]


def html_files(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in Path(outdir).rglob("*.html")}


def _build(make_app, rootdir: Path, srcdir: Path, extensions: list[str]):  # type: ignore[no-untyped-def]
    shutil.copytree(rootdir / "test-navigation", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"extensions": extensions})
    app.build()
    return app


def test_pages_are_the_same_and_titles_are_rendered_once(make_app, rootdir: Path, tmp_path: Path) -> None:
    stock = _build(make_app, rootdir, tmp_path / "stock", EXTENSIONS)
    kept = _build(make_app, rootdir, tmp_path / "kept", [*EXTENSIONS, "cloudempiere_docs.ext.partial_titles"])
    assert "render_partial" not in vars(stock.builder)
    renderer = kept.builder.render_partial
    assert isinstance(renderer, partial_titles.TitleRenderer)
    # Previous, next, parents and the page's own title: most renderings are kept ones.
    assert renderer.hits > len(kept.env.all_docs)
    assert renderer.kept and all(id(node) in renderer.titles() for node, _ in renderer.kept.values())
    ours, theirs = html_files(kept.outdir), html_files(stock.outdir)
    assert ours.keys() == theirs.keys() and len(ours) > 10
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_only_plain_titles_of_the_environment_are_kept(make_app, rootdir: Path, tmp_path: Path) -> None:
    app = _build(make_app, rootdir, tmp_path / "src", [*EXTENSIONS, "cloudempiere_docs.ext.partial_titles"])
    renderer = app.builder.render_partial
    title = nodes.title("", "", nodes.Text("Entering "), nodes.literal("", "C_Invoice"))
    assert partial_titles.plain(title)
    pictured = nodes.title("", "", nodes.Text("Logo "), nodes.image(uri="logo.png"))
    assert not partial_titles.plain(pictured)
    renderer.kept.clear()
    assert "<code" in renderer(title)["title"]  # a fresh node, not one of the environment's
    assert renderer.kept == {}
    docname = "sales/orders"
    env_title = app.env.titles[docname]
    first = renderer(env_title)
    first["title"] = "changed by a caller"
    assert renderer(env_title)["title"] != "changed by a caller"  # each caller gets a copy
    assert id(env_title) in renderer.kept


def test_outside_the_sphinx_it_was_written_for_titles_render_as_usual(
    make_app, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(partial_titles, "SHAPE", replace(partial_titles.SHAPE, versions="<1"))
    app = _build(make_app, rootdir, tmp_path / "src", [*EXTENSIONS, "cloudempiere_docs.ext.partial_titles"])
    assert "render_partial" not in vars(app.builder)
